// Runs a fixed scenario of Storage calls through the official @supabase/storage-js with a
// capturing fetch, and prints the requests it makes as JSON (one array): method, path, query,
// content-type, body. supabase-core/tests/storage_oracle.rs runs the same calls through the
// Rust client and compares. Nothing is sent over the network; every call gets a 200 answer.
//
//   node tools/node/storage-oracle.mjs

import { StorageClient } from '@supabase/storage-js'

const BASE = 'http://oracle.invalid/storage/v1'
const requests = []

async function capture (input, init = {}) {
  const url = new URL(typeof input === 'string' ? input : input.url)
  const headers = new Headers(init.headers || {})
  let body = null
  if (typeof init.body === 'string') body = JSON.parse(init.body)
  requests.push({
    method: (init.method || 'GET').toUpperCase(),
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    contentType: headers.get('content-type'),
    body
  })
  return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
}

const storage = new StorageClient(BASE, { apikey: 'k', authorization: 'Bearer k' }, capture)

// list_v2 and purge_cache
const b = storage.from('b')
await b.listV2({ prefix: 'a/', limit: 2, with_delimiter: true, sortBy: { column: 'updated_at', order: 'desc' } })
await b.listV2({ cursor: 'c1' })
await b.purgeCache('dir/my file;1(a).png')
await b.purgeCache('a.png', { transformations: true })

// vectors
const vectors = storage.vectors
await vectors.createBucket('emb')
await vectors.getBucket('emb')
await vectors.listBuckets({ prefix: 'e', maxResults: 5, nextToken: 't' })
const bucket = vectors.from('emb')
await bucket.createIndex({
  indexName: 'docs',
  dataType: 'float32',
  dimension: 3,
  distanceMetric: 'cosine',
  metadataConfiguration: { nonFilterableMetadataKeys: ['body'] }
})
await bucket.getIndex('docs')
await bucket.listIndexes({ prefix: 'd', maxResults: 2 })
const index = bucket.index('docs')
await index.putVectors({ vectors: [{ key: 'a', data: { float32: [1, 0.5, 0] }, metadata: { lang: 'en', year: 2024 } }] })
await index.getVectors({ keys: ['a', 'b'], returnData: true, returnMetadata: true })
await index.listVectors({ maxResults: 10, returnMetadata: true, segmentCount: 2, segmentIndex: 1 })
await index.queryVectors({
  queryVector: { float32: [1, 0.5, 0] },
  topK: 3,
  filter: { lang: 'en' },
  returnDistance: true,
  returnMetadata: true
})
await index.deleteVectors({ keys: ['a'] })
await bucket.deleteIndex('docs')
await vectors.deleteBucket('emb')

// analytics
const analytics = storage.analytics
await analytics.createBucket('events')
await analytics.listBuckets({ limit: 10, offset: 5, sortColumn: 'created_at', sortOrder: 'desc', search: 'ev' })
await analytics.deleteBucket('events')

console.log(JSON.stringify(requests))

// A TUS 1.0 server for supabase-core's resumable upload tests and benchmark: the real
// @tus/server with @tus/file-store (the TUS library Supabase Storage runs), configured the way
// Storage configures it (src/http/routes/tus in supabase/storage):
//   - the endpoint is /storage/v1/upload/resumable;
//   - requests need `apikey` and `Authorization: Bearer <key>` (Storage's auth runs first);
//   - Upload-Metadata must name bucketName and objectName (valid as Storage's isValidKey /
//     isValidBucketName); contentType, cacheControl and metadata (JSON) are optional, and no
//     other key is taken (strict: a wrong client must not pass); cacheControl of digits becomes
//     `max-age=N`, anything else `no-cache`;
//   - the upload id is `tenant/bucket/object/version`; the URL carries it base64url-encoded,
//     without the tenant;
//   - `x-upsert: true` is needed on POST and on every PATCH when the object already exists
//     (Storage checks the right to write on each request), else 409.
// Files go to the directory given as first argument (nested by bucket and key, so `.`/`..`
// segments are refused here, which Storage's S3 store would not need to). Finished uploads
// are listed at GET /__test/objects, requests at GET /__test/log. With TUS_HASH=0 nothing is
// hashed (benchmark). Prints `listening <port>` when ready.
//
//   node tools/node/tus-server.mjs <directory> <api key>

import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

import { FileStore } from '@tus/file-store'
import { Server } from '@tus/server'

const [directory, apiKey] = process.argv.slice(2)
if (!directory || !apiKey) {
  console.error('usage: tus-server.mjs <directory> <api key>')
  process.exit(2)
}
const hashing = process.env.TUS_HASH !== '0'
const TUS_PATH = '/storage/v1/upload/resumable'
const TENANT = 'tenant'
const VALID_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/
const VALID_BUCKET = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/
const METADATA_KEYS = ['bucketName', 'objectName', 'contentType', 'cacheControl', 'metadata']

/** `bucket/key` -> what was stored. */
const objects = new Map()
const requestLog = []

const fail = (status, message) => ({ status_code: status, body: message })

function parseId (id) {
  const [tenant, bucket, ...rest] = id.split('/')
  const version = rest.pop()
  return { tenant, bucket, objectName: rest.join('/'), version }
}

function mustExistOrUpsert (req, bucket, objectName) {
  if (objects.has(`${bucket}/${objectName}`) && req.headers.get('x-upsert') !== 'true') {
    throw fail(409, 'The resource already exists')
  }
}

async function sha256 (file) {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk)
  return hash.digest('hex')
}

const tus = new Server({
  path: TUS_PATH,
  datastore: new FileStore({ directory }),
  disableTerminationForFinishedUploads: true,
  namingFunction (req, metadata) {
    if (!metadata) throw fail(400, 'Metadata required')
    const bucket = metadata.bucketName || ''
    const objectName = metadata.objectName || ''
    if (!bucket || bucket.length > 100 || !VALID_BUCKET.test(bucket)) {
      throw fail(400, 'Bucket name invalid')
    }
    if (!objectName || !VALID_KEY.test(objectName)) throw fail(400, `Invalid key: ${objectName}`)
    if (objectName.split('/').some((s) => s === '.' || s === '..' || s === '')) {
      throw fail(400, `this test server cannot store the key ${objectName}`)
    }
    const id = `${TENANT}/${bucket}/${objectName}/${crypto.randomUUID()}`
    fs.mkdirSync(path.dirname(path.join(directory, id)), { recursive: true })
    return id
  },
  generateUrl (req, { proto, host, path: base, id }) {
    const withoutTenant = id.split('/').slice(1).join('/')
    return `${proto}://${host}${base}/${Buffer.from(withoutTenant, 'utf-8').toString('base64url')}`
  },
  getFileIdFromRequest (req) {
    const match = /([^/]+)\/?$/.exec(new URL(req.url).pathname)
    if (!match || TUS_PATH.includes(match[1])) return undefined
    return `${TENANT}/${Buffer.from(match[1], 'base64url').toString('utf-8')}`
  },
  async onUploadCreate (req, upload) {
    const metadata = { ...(upload.metadata || {}) }
    for (const key of Object.keys(metadata)) {
      if (!METADATA_KEYS.includes(key)) throw fail(400, `unexpected Upload-Metadata key ${key}`)
    }
    if (metadata.metadata) {
      try {
        JSON.parse(metadata.metadata)
      } catch {
        throw fail(400, 'metadata is not JSON')
      }
    }
    const xUpsert = req.headers.get('x-upsert')
    if (xUpsert !== null && xUpsert !== 'true' && xUpsert !== 'false') {
      throw fail(400, `x-upsert must be true or false, got ${xUpsert}`)
    }
    const { bucket, objectName } = parseId(upload.id)
    mustExistOrUpsert(req, bucket, objectName)
    metadata.cacheControl = /^-?\d+$/.test(metadata.cacheControl || '')
      ? `max-age=${metadata.cacheControl}`
      : 'no-cache'
    return { metadata }
  },
  async onIncomingRequest (req, id) {
    if (req.method === 'PATCH') {
      const { bucket, objectName } = parseId(id)
      mustExistOrUpsert(req, bucket, objectName)
    }
  },
  async onUploadFinish (req, upload) {
    const { bucket, objectName } = parseId(upload.id)
    const file = path.join(directory, upload.id)
    objects.set(`${bucket}/${objectName}`, {
      bucket,
      objectName,
      size: upload.size,
      sha256: hashing ? await sha256(file) : '',
      contentType: upload.metadata.contentType ?? null,
      cacheControl: upload.metadata.cacheControl ?? null,
      metadata: upload.metadata.metadata ? JSON.parse(upload.metadata.metadata) : null,
      uploadId: upload.id
    })
    if (!hashing) fs.rmSync(file, { force: true })
    return {}
  }
})

const LOGGED = ['tus-resumable', 'upload-offset', 'upload-length', 'upload-metadata', 'x-upsert',
  'content-type', 'content-length', 'authorization', 'apikey']

const server = http.createServer((req, res) => {
  if (req.url === '/__test/objects') {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify([...objects.values()]))
    return
  }
  if (req.url === '/__test/log') {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(requestLog))
    return
  }
  const headers = {}
  for (const name of LOGGED) if (req.headers[name] !== undefined) headers[name] = req.headers[name]
  requestLog.push({ method: req.method, url: req.url, headers })
  if (!req.url.startsWith(TUS_PATH)) {
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ statusCode: '404', error: 'Not Found', message: 'Route not found' }))
    return
  }
  if (req.method !== 'OPTIONS') {
    if (req.headers.apikey !== apiKey) {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'Invalid API key' }))
      return
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      res.writeHead(403, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ statusCode: '403', code: 'InvalidJWT', error: 'Unauthorized', message: 'invalid signature' }))
      return
    }
  }
  tus.handle(req, res)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`)
})

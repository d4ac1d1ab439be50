// Runs the official @supabase/auth-js (2.112.2) on a list of steps with a capturing `fetch`
// and prints the requests it would send, for supabase-core/tests/auth_oracle.rs to compare
// with the requests our client sent to the GoTrue fake for the same steps.
//
//   node tools/node/auth-oracle.mjs < {url, anonKey, serviceKey, session, steps: [{op, args}]}
//   -> [{method, path, query: [[k, v]...], headers: {...}, body}]
//
// `session` is stored before the first step, so user calls carry its access token. Ops are
// auth-js paths (`admin.oauth.createClient`, `passkey.update`, `mfa.challenge`, ...); `args`
// are passed as given, except that a `credential_response` inside `webauthn` is wrapped in an
// object whose `toJSON()` returns it (what a browser credential does).
import { GoTrueClient } from '@supabase/auth-js'

const HEADERS = ['apikey', 'authorization', 'content-type', 'x-supabase-api-version']

let input = ''
for await (const chunk of process.stdin) input += chunk
const { url, anonKey, serviceKey, session, steps } = JSON.parse(input)

const captured = []
async function capture(target, init = {}) {
  const headers = new Headers(init.headers)
  const picked = {}
  for (const h of HEADERS) {
    const v = headers.get(h)
    if (v !== null) picked[h] = v
  }
  const u = new URL(target)
  captured.push({
    method: init.method ?? 'GET',
    path: u.pathname,
    query: [...u.searchParams.entries()],
    headers: picked,
    body: init.body === undefined || init.body === null ? null : JSON.parse(init.body),
  })
  const empty = init.method === 'DELETE'
  return new Response(empty ? null : '{}', {
    status: empty ? 204 : 200,
    headers: { 'content-type': 'application/json' },
  })
}

function memoryStorage(initial) {
  const items = new Map(Object.entries(initial))
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => items.set(k, v),
    removeItem: (k) => items.delete(k),
  }
}

const storageKey = 'sb-oracle-auth-token'
const common = {
  url,
  storageKey,
  autoRefreshToken: false,
  persistSession: true,
  detectSessionInUrl: false,
  fetch: capture,
  experimental: { passkey: true },
}
const user = new GoTrueClient({
  ...common,
  headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
  storage: memoryStorage(session ? { [storageKey]: JSON.stringify(session) } : {}),
})
const admin = new GoTrueClient({
  ...common,
  storageKey: 'sb-oracle-admin',
  headers: { apikey: serviceKey, Authorization: `Bearer ${serviceKey}` },
  storage: memoryStorage({}),
})

function wrapCredentials(args) {
  return args.map((a) => {
    if (a && typeof a === 'object' && a.webauthn && a.webauthn.credential_response) {
      const json = a.webauthn.credential_response
      return { ...a, webauthn: { ...a.webauthn, credential_response: { toJSON: () => json } } }
    }
    return a
  })
}

const urls = []
for (const { op, args } of steps) {
  const [root, ...rest] = op.split('.')
  let target = root === 'admin' ? admin.admin : user
  if (root !== 'admin') rest.unshift(root)
  const method = rest.pop()
  for (const p of rest) target = target[p]
  const result = await target[method](...wrapCredentials(args))
  if (result && result.error) {
    console.error(`${op}: ${result.error.message}`)
    process.exit(1)
  }
  if (op === 'signInWithOAuth') urls.push(result.data.url)
}
console.log(JSON.stringify({ requests: captured, urls }))

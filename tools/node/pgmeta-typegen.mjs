// Runs postgres-meta's TypeScript typegen (the `PG_META_GENERATE_TYPES=typescript` mode of its
// server, exactly as the Supabase CLI's `gen types typescript --db-url` runs it) on a database
// and prints what it typed as JSON, for supabase-codegen/tests/pgmeta.rs:
//
//   node tools/node/pgmeta-typegen.mjs <postgres-url> <schema,schema,...> [--ts-out FILE]
//
// Output: {"typegen_ms": N, "schemas": {<schema>: {"Tables": {...}, "Views": {...},
// "Functions": {...}, "Enums": {...}, "CompositeTypes": {...}}}}, each type as a small tree:
// {"object": {<key>: {"optional": bool, "type": T}}} | {"union": [T]} | {"array": T} |
// {"tuple": [T]} | {"string": "..."} | {"raw": "number"}.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const [url, schemas, flag, tsOut] = process.argv.slice(2)
if (!url || !schemas) {
  console.error('usage: pgmeta-typegen.mjs <postgres-url> <schemas> [--ts-out FILE]')
  process.exit(2)
}
const server = join(
  dirname(fileURLToPath(import.meta.url)),
  'node_modules/@supabase/postgres-meta/dist/server/server.js',
)
const started = process.hrtime.bigint()
const run = spawnSync(process.execPath, [server], {
  env: {
    ...process.env,
    PG_META_GENERATE_TYPES: 'typescript',
    PG_META_DB_URL: url,
    PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: schemas,
    PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
  },
  encoding: 'utf8',
  maxBuffer: 1 << 30,
})
const typegenMs = Number(process.hrtime.bigint() - started) / 1e6
if (run.status !== 0) {
  console.error(`postgres-meta typegen failed (${run.status}):\n${run.stderr}`)
  process.exit(1)
}
const ts = run.stdout
if (flag === '--ts-out' && tsOut) writeFileSync(tsOut, ts)

// A parser for the TypeScript type literals the typegen prints.
let pos = 0
const src = ts.slice(ts.indexOf('export type Database ='))
const fail = (what) => {
  throw new Error(`${what} at ${pos}: ${JSON.stringify(src.slice(pos, pos + 60))}`)
}
const skip = () => {
  while (pos < src.length && /[\s;,]/.test(src[pos])) pos++
}
const peek = () => (skip(), src[pos])

function parseUnion() {
  const types = []
  if (peek() === '|') pos++
  types.push(parsePostfix())
  while (peek() === '|') {
    pos++
    types.push(parsePostfix())
  }
  return types.length === 1 ? types[0] : { union: types }
}

function parsePostfix() {
  let t = parsePrimary()
  while (src.startsWith('[]', pos)) {
    pos += 2
    t = { array: t }
  }
  return t
}

function parsePrimary() {
  const c = peek()
  if (c === '{') return parseObject()
  if (c === '[') {
    pos++
    const items = []
    while (peek() !== ']') items.push(parseUnion())
    pos++
    return { tuple: items }
  }
  if (c === '"') {
    const end = src.indexOf('"', pos + 1)
    const value = src.slice(pos + 1, end)
    pos = end + 1
    return { string: value }
  }
  // A name, possibly with generic arguments and index accesses: Database["public"]["Enums"]["x"].
  const start = pos
  let depth = 0
  while (pos < src.length) {
    const ch = src[pos]
    if (ch === '<' || ch === '[') {
      if (ch === '[' && src[pos + 1] === ']' && depth === 0) break
      depth++
    } else if (ch === '>' || ch === ']') {
      if (depth === 0) break
      depth--
    } else if (depth === 0 && /[\s;,|}]/.test(ch)) break
    pos++
  }
  if (pos === start) fail('expected a type')
  return { raw: src.slice(start, pos) }
}

function parseObject() {
  pos++ // {
  const members = {}
  while (peek() !== '}') {
    let key
    if (src[pos] === '[') {
      const end = src.indexOf(']', pos)
      key = src.slice(pos, end + 1)
      pos = end + 1
    } else if (src[pos] === '"') {
      const end = src.indexOf('"', pos + 1)
      key = src.slice(pos + 1, end)
      pos = end + 1
    } else {
      const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(pos))
      if (!m) fail('expected a key')
      key = m[0]
      pos += key.length
    }
    let optional = false
    if (src[pos] === '?') {
      optional = true
      pos++
    }
    if (src[pos] !== ':') fail('expected :')
    pos++
    members[key] = { optional, type: parseUnion() }
  }
  pos++ // }
  return { object: members }
}

pos = src.indexOf('{')
const database = parseObject().object
const out = { typegen_ms: typegenMs, schemas: {} }
for (const [name, member] of Object.entries(database)) {
  if (name.startsWith('__')) continue
  const sections = {}
  for (const [section, value] of Object.entries(member.type.object)) {
    sections[section] = value.type.object ?? {}
    // `[_ in never]: never` is an empty section.
    for (const key of Object.keys(sections[section])) if (key.startsWith('[')) delete sections[section][key]
  }
  out.schemas[name] = sections
}
console.log(JSON.stringify(out))

// The decode half of supabase-core's realtime benchmark (supabase-core/benches/realtime_broadcast.rs):
// realtime-js 2.112.2's own Serializer decodes pre-encoded vsn 2.0.0 binary kind-4 frames, each an
// ArrayBuffer as a WebSocket hands it over, and the decoded message is handed to a callback.
//
//   node realtime-decode-bench.mjs <frames file> <rounds>
//
// The file holds the frames, each preceded by its length (u32 little-endian). One warm-up pass,
// then <rounds> timed passes; prints {"count":N,"ms":[...]} (ms per pass).

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const Serializer = require('@supabase/realtime-js/dist/main/lib/serializer.js').default

const [path, roundsArg] = process.argv.slice(2)
const file = readFileSync(path)
const frames = []
for (let at = 0; at < file.length; ) {
  const len = file.readUInt32LE(at)
  at += 4
  // A fresh ArrayBuffer per frame, as `ws` with binaryType 'arraybuffer' delivers it.
  frames.push(file.buffer.slice(file.byteOffset + at, file.byteOffset + at + len))
  at += len
}

const serializer = new Serializer()
let seen = 0
let last = null
const onMessage = (msg) => {
  seen += 1
  last = msg
}
const pass = () => {
  for (const frame of frames) serializer.decode(frame, onMessage)
}

pass()
const ms = []
for (let r = 0; r < Number(roundsArg || 3); r++) {
  const start = process.hrtime.bigint()
  pass()
  ms.push(Number(process.hrtime.bigint() - start) / 1e6)
}
if (last === null || last.payload.payload.seq !== frames.length - 1) {
  throw new Error('the last frame did not decode')
}
process.stdout.write(JSON.stringify({ count: frames.length, ms, seen }))

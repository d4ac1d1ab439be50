// Drives the official @supabase/realtime-js (2.112.2, with `ws` as the WebSocket) through a
// fixed scenario against the fake Phoenix server of supabase-core's tests, so the Rust test can
// compare the frames both clients send (supabase-core/tests/realtime_oracle.rs).
//
//   node realtime-oracle.mjs <endpoint ws://host:port/realtime/v1> <vsn 1.0.0|2.0.0> scenario
//   node realtime-oracle.mjs <endpoint> <vsn> reconnect
//   node realtime-oracle.mjs <endpoint> 2.0.0 bench <count>
//
// `reconnect` joins two channels and waits for each to be SUBSCRIBED twice (the test drops the
// connection after the first joins), then broadcasts once and removes all channels.
//   node realtime-oracle.mjs - - filters      < [{op, column, value, operator?}, ...]
//   node realtime-oracle.mjs - - transforms   < [{columns, record}, ...]
//
// `filters` prints the filter string realtime-js's builder makes for each case; `transforms`
// prints realtime-js's `convertChangeData(columns, record)` for each case (both as JSON).
// `scenario` prints one line per step; `bench` prints {"count":N,"ms":T} for N broadcasts
// decoded (the fake floods them when it receives the `__flood` broadcast).

import { createRequire } from 'node:module'
import { RealtimeClient, postgresChangesFilter } from '@supabase/realtime-js'
import WebSocket from 'ws'

const require = createRequire(import.meta.url)

const [endpoint, vsn, mode, countArg] = process.argv.slice(2)
if (!endpoint || !vsn || !mode) {
  console.error('usage: realtime-oracle.mjs <endpoint> <vsn> scenario|bench [count]')
  process.exit(2)
}

const fail = (msg) => {
  console.error(msg)
  process.exit(1)
}
setTimeout(() => fail('oracle timed out'), 20000).unref()

async function readStdin() {
  let text = ''
  for await (const chunk of process.stdin) text += chunk
  return JSON.parse(text)
}

if (mode === 'filters') {
  const out = (await readStdin()).map(({ op, column, value, operator }) => {
    const b = postgresChangesFilter()
    return op === 'not' ? b.not(column, operator, value).build() : b[op](column, value).build()
  })
  console.log(JSON.stringify(out))
  process.exit(0)
}
if (mode === 'transforms') {
  const { convertChangeData } = require('@supabase/realtime-js/dist/main/lib/transformers.js')
  console.log(JSON.stringify((await readStdin()).map(({ columns, record }) => convertChangeData(columns, record))))
  process.exit(0)
}

const client = new RealtimeClient(endpoint, {
  params: { apikey: 'anon-key' },
  transport: WebSocket,
  vsn,
})

const subscribed = (channel) =>
  new Promise((resolve, reject) =>
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve(status)
      else reject(new Error(`${channel.topic}: ${status} ${err ?? ''}`))
    })
  )

async function scenario() {
  await client.setAuth('user-token-1')
  const room1 = client.channel('room1', {
    config: { broadcast: { ack: true, self: true, replication_ready: true }, presence: { key: 'alice', enabled: false }, private: false },
  })
  room1.on('broadcast', { event: 'cursor' }, () => {})
  room1.on('presence', { event: 'sync' }, () => {})
  room1.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos', filter: 'id=eq.1' }, () => {})
  console.log('room1', await subscribed(room1))

  const room2 = client.channel('room2', {
    config: { broadcast: { ack: false, self: false, replay: { since: 1700000000000, limit: 5 } }, presence: { key: '', enabled: false }, private: true },
  })
  room2.on('broadcast', { event: '*' }, () => {})
  console.log('room2', await subscribed(room2))

  console.log('send acked', await room1.send({ type: 'broadcast', event: 'cursor', payload: { x: 1, y: 2 } }))
  console.log('send', await room2.send({ type: 'broadcast', event: 'note', payload: { text: 'héllo', n: [1, 2] } }))
  console.log('track', await room1.track({ user: 'alice', online_at: '2024-01-01T00:00:00Z' }))

  const statuses = []
  const beat = new Promise((resolve) =>
    client.onHeartbeat((status, latency) => {
      statuses.push(status === 'ok' ? `ok(${typeof latency})` : status)
      if (status === 'ok') resolve(status)
    })
  )
  client.sendHeartbeat()
  console.log('heartbeat', await beat)
  console.log('heartbeat statuses', statuses.join(','))

  await client.setAuth('user-token-2')
  console.log('untrack', await room1.untrack())
  console.log('unsubscribe room2', await room2.unsubscribe())
  console.log('remove all', JSON.stringify(await client.removeAllChannels()))
}

async function reconnect() {
  const twice = (channel) =>
    new Promise((resolve) => {
      let joins = 0
      channel.subscribe((status) => {
        console.log(channel.topic, status)
        if (status === 'SUBSCRIBED' && ++joins === 2) resolve()
      })
    })
  const r1 = client.channel('r1')
  r1.on('broadcast', { event: 'm' }, () => {})
  const r2 = client.channel('r2', { config: { broadcast: { ack: true, self: false }, presence: { key: '', enabled: false } } })
  r2.on('broadcast', { event: 'm' }, () => {})
  await Promise.all([twice(r1), twice(r2)])
  console.log('send', await r2.send({ type: 'broadcast', event: 'm', payload: { after: 'reconnect' } }))
  console.log('remove all', JSON.stringify(await client.removeAllChannels()))
}

async function bench() {
  const count = Number(countArg)
  const channel = client.channel('bench')
  let received = 0
  let start = 0
  const done = new Promise((resolve) => {
    channel.on('broadcast', { event: 'tick' }, (msg) => {
      if (typeof msg.payload.seq !== 'number') fail('bad tick')
      received += 1
      if (received === count) resolve()
    })
  })
  await subscribed(channel)
  start = performance.now()
  await channel.send({ type: 'broadcast', event: '__flood', payload: { count } })
  await done
  const ms = performance.now() - start
  console.log(JSON.stringify({ count, ms }))
  await client.removeAllChannels()
}

try {
  if (mode === 'scenario') await scenario()
  else if (mode === 'reconnect') await reconnect()
  else if (mode === 'bench') await bench()
  else fail(`unknown mode ${mode}`)
  process.exit(0)
} catch (e) {
  fail(String(e?.stack ?? e))
}

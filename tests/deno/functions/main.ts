// Test Edge Functions for supabase-core/tests/functions.rs, served by one real Deno process.
//
//   deno run --no-config --no-lock --no-remote --no-npm --allow-net=127.0.0.1 main.ts <port>
//
// Port 0 picks a free port; the first line on stdout is `listening <port>`.
// `/functions/v1/<name>[/<rest>]` is routed to the handler named by the first path segment, as
// the Supabase edge runtime does. `/health` answers `ok` once the server is up.

const PREFIX = "/functions/v1/";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const json = (value: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(value), {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
  });

// Streams of the `sse` function waiting for `sse-release?id=<id>` before their later events.
const waiting = new Map<string, () => void>();

type Handler = (req: Request, url: URL) => Response | Promise<Response>;

const handlers: Record<string, Handler> = {
  // The function `supabase functions new hello-world` starts from; scripts/demo calls it.
  async "hello-world"(req) {
    const { name } = await req.json();
    return json({ message: `Hello ${name}!` });
  },
  // Everything the function received, so tests can assert what went over the wire.
  async echo(req, url) {
    const bytes = new Uint8Array(await req.arrayBuffer());
    const headers: Record<string, string> = {};
    req.headers.forEach((value, name) => (headers[name] = value));
    return json({
      method: req.method,
      path: url.pathname,
      query: [...url.searchParams.entries()],
      headers,
      has_authorization: req.headers.has("authorization"),
      body: new TextDecoder().decode(bytes),
      body_bytes: [...bytes],
    });
  },

  text: () =>
    new Response("hello from text", {
      headers: { "content-type": "text/plain; charset=utf-8" },
    }),

  binary: () =>
    new Response(Uint8Array.from({ length: 256 }, (_, i) => i), {
      headers: { "content-type": "application/octet-stream" },
    }),

  // `?ct=<content-type>` (absent: no Content-Type at all) and `?body=<text>`.
  typed(_req, url) {
    const body = new TextEncoder().encode(url.searchParams.get("body") ?? "");
    const headers = new Headers();
    const ct = url.searchParams.get("ct");
    if (ct !== null) headers.set("content-type", ct);
    return new Response(body, { headers });
  },

  empty: () => new Response(null, { status: 204 }),

  // Event 0 at once; events 1 and 2 only after `sse-release?id=<id>` was called, so a client
  // that waits for the whole body before handing out the first chunk never sees event 0.
  sse(_req, url) {
    const id = url.searchParams.get("id") ?? "default";
    const released = new Promise<void>((resolve) => waiting.set(id, resolve));
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('data: {"n":0}\n\n'));
        await released;
        for (const n of [1, 2]) {
          await sleep(50);
          controller.enqueue(encoder.encode(`data: {"n":${n}}\n\n`));
        }
        controller.close();
      },
    });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  },

  "sse-release"(_req, url) {
    const id = url.searchParams.get("id") ?? "default";
    const release = waiting.get(id);
    waiting.delete(id);
    release?.();
    return json({ released: release !== undefined });
  },

  teapot: () =>
    json({ error: "I'm a teapot", code: "teapot" }, {
      status: 418,
      headers: { "x-teapot": "short and stout" },
    }),

  // `x-relay-error: true` with `?status=` (default 200): a relay error whatever the status.
  relay(_req, url) {
    const status = Number(url.searchParams.get("status") ?? "200");
    return json({ message: "relay failed" }, {
      status,
      headers: { "x-relay-error": "true" },
    });
  },

  async slow(_req, url) {
    await sleep(Number(url.searchParams.get("ms") ?? "3000"));
    return new Response("too late");
  },
};

const port = Number(Deno.args[0] ?? "0");

Deno.serve({
  hostname: "127.0.0.1",
  port,
  onListen: ({ port }) => console.log(`listening ${port}`),
}, async (req) => {
  const url = new URL(req.url);
  if (url.pathname === "/health") return new Response("ok");
  const name = url.pathname.startsWith(PREFIX)
    ? url.pathname.slice(PREFIX.length).split("/")[0]
    : "";
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  if (!handler) {
    return json({ error: "no such function", path: url.pathname }, { status: 404 });
  }
  return await handler(req, url);
});

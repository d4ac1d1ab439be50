// Runs builder chains on the official @supabase/postgrest-js with a capturing fetch and prints
// the requests it would send, as JSON, for tests/tests/oracle.rs to compare with ours.
//
//   node tools/node/oracle.mjs <corpus.json>      -> [{name, method, path, query, headers, body}]
//   node tools/node/oracle.mjs --bench [N] [R]    -> "postgrest-js: <ns> ns/query" (best of R rounds of N/R)
//
// Corpus chains use our Rust method names (the op list is in tests/tests/oracle.rs); this file maps them
// onto postgrest-js calls, folding the option ops that follow an action into its options.
import { readFileSync } from "node:fs";
import { PostgrestClient } from "@supabase/postgrest-js";

const BASE = "http://127.0.0.1:9/rest/v1";
const HEADERS = ["prefer", "accept", "accept-profile", "content-profile", "content-type"];

let captured = null;
async function capture(url, init) {
  const headers = new Headers(init.headers);
  const picked = {};
  for (const h of HEADERS) {
    const v = headers.get(h);
    if (v !== null) picked[h] = v;
  }
  const u = new URL(url);
  captured = {
    method: init.method,
    path: u.pathname,
    query: [...u.searchParams.entries()],
    headers: picked,
    body: init.body === undefined || init.body === null ? null : JSON.parse(init.body),
  };
  return new Response(init.method === "HEAD" ? null : "[]", {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}

const ACTION_OPTIONS = new Set(["count", "head", "get", "default_to_null", "on_conflict", "ignore_duplicates"]);

// The raw PostgREST value a JS `.not(col, op, value)` needs for the filter that follows not_().
function negated(op) {
  const [name, col, ...args] = op;
  const v = args[0];
  const arr = (xs) => `{${xs.join(",")}}`;
  const simple = {
    eq: "eq", neq: "neq", gt: "gt", gte: "gte", lt: "lt", lte: "lte", like: "like", ilike: "ilike",
    regex_match: "match", regex_imatch: "imatch", is_distinct: "isdistinct",
    range_gt: "sr", range_gte: "nxl", range_lt: "sl", range_lte: "nxr", range_adjacent: "adj",
  };
  if (name in simple) return [col, simple[name], v];
  if (name === "is_") return [col, "is", v];
  if (name === "in_") {
    const items = [...new Set(v)].map((s) => (typeof s === "string" && /[,()]/.test(s) ? `"${s}"` : `${s}`));
    return [col, "in", `(${items.join(",")})`];
  }
  if (["like_all_of", "like_any_of", "ilike_all_of", "ilike_any_of"].includes(name)) {
    const base = name.startsWith("ilike") ? "ilike" : "like";
    return [col, `${base}(${name.includes("all") ? "all" : "any"})`, arr(v)];
  }
  if (["contains", "contained_by", "overlaps"].includes(name)) {
    const o = { contains: "cs", contained_by: "cd", overlaps: "ov" }[name];
    const val = typeof v === "string" ? v : Array.isArray(v) ? arr(v) : JSON.stringify(v);
    return [col, o, val];
  }
  if (name === "text_search") {
    const opts = args[1] || {};
    const t = { plain: "pl", phrase: "ph", websearch: "w" }[opts.type] || "";
    return [col, `${t}fts${opts.config === undefined ? "" : `(${opts.config})`}`, v];
  }
  if (name === "filter") return [col, args[0], args[1]];
  throw new Error(`not_ before ${name} has no JS form`);
}

function run(chain) {
  const client = new PostgrestClient(BASE, { headers: {}, schema: "public", fetch: capture });
  let i = 0;
  const ops = chain;
  let b;
  // Entry.
  const first = ops[i++];
  if (first[0] === "rpc") {
    const [, fn, args] = first;
    const opts = {};
    while (i < ops.length && ACTION_OPTIONS.has(ops[i][0])) {
      const [n, a] = ops[i++];
      if (n === "count") opts.count = a;
      else if (n === "head") opts.head = true;
      else if (n === "get") opts.get = true;
      else throw new Error(`${n} is not an rpc option`);
    }
    b = client.rpc(fn, args ?? {}, opts);
  } else if (first[0] === "from") {
    let target = client;
    if (i < ops.length && ops[i][0] === "schema") target = client.schema(ops[i++][1]);
    const q = target.from(first[1]);
    const [action, ...aargs] = ops[i++];
    const opts = {};
    while (i < ops.length && ACTION_OPTIONS.has(ops[i][0])) {
      const [n, a] = ops[i++];
      if (n === "count") opts.count = a;
      else if (n === "head") opts.head = true;
      else if (n === "default_to_null") opts.defaultToNull = a;
      else if (n === "on_conflict") opts.onConflict = a;
      else if (n === "ignore_duplicates") opts.ignoreDuplicates = a;
      else throw new Error(`${n} is not a ${action} option`);
    }
    if (action === "select") b = q.select(aargs[0], opts);
    else if (action === "insert") b = q.insert(aargs[0], opts);
    else if (action === "upsert") b = q.upsert(aargs[0], opts);
    else if (action === "update") b = q.update(aargs[0], opts);
    else if (action === "delete") b = q.delete(opts);
    else throw new Error(`unknown action ${action}`);
  } else {
    throw new Error(`a chain starts with from or rpc, not ${first[0]}`);
  }
  // Filters and modifiers.
  while (i < ops.length) {
    const op = ops[i++];
    const [name, ...a] = op;
    switch (name) {
      case "not_": {
        const next = ops[i++];
        if (next[0] === "or_") {
          b.url.searchParams.append("not.or", `(${next[1]})`);
        } else {
          const [c, o, v] = negated(next);
          b = b.not(c, o, v);
        }
        break;
      }
      case "eq": case "neq": case "gt": case "gte": case "lt": case "lte": case "like": case "ilike":
        b = b[name](a[0], a[1]); break;
      case "regex_match": b = b.regexMatch(a[0], a[1]); break;
      case "regex_imatch": b = b.regexIMatch(a[0], a[1]); break;
      case "like_all_of": b = b.likeAllOf(a[0], a[1]); break;
      case "like_any_of": b = b.likeAnyOf(a[0], a[1]); break;
      case "ilike_all_of": b = b.ilikeAllOf(a[0], a[1]); break;
      case "ilike_any_of": b = b.ilikeAnyOf(a[0], a[1]); break;
      case "is_": b = b.is(a[0], a[1]); break;
      case "is_distinct": b = b.isDistinct(a[0], a[1]); break;
      case "in_": b = b.in(a[0], a[1]); break;
      case "not_in": b = b.notIn(a[0], a[1]); break;
      case "contains": b = b.contains(a[0], a[1]); break;
      case "contained_by": b = b.containedBy(a[0], a[1]); break;
      case "overlaps": b = b.overlaps(a[0], a[1]); break;
      case "range_gt": b = b.rangeGt(a[0], a[1]); break;
      case "range_gte": b = b.rangeGte(a[0], a[1]); break;
      case "range_lt": b = b.rangeLt(a[0], a[1]); break;
      case "range_lte": b = b.rangeLte(a[0], a[1]); break;
      case "range_adjacent": b = b.rangeAdjacent(a[0], a[1]); break;
      case "text_search": b = b.textSearch(a[0], a[1], a[2] || {}); break;
      case "match_": b = b.match(a[0]); break;
      case "or_": b = b.or(a[0]); break;
      case "or_referenced": b = b.or(a[1], { referencedTable: a[0] }); break;
      case "filter": b = b.filter(a[0], a[1], a[2]); break;
      case "order": {
        const o = a[1] || {};
        b = b.order(a[0], { ascending: o.ascending ?? true, nullsFirst: o.nulls_first, referencedTable: o.referenced_table });
        break;
      }
      case "limit": b = b.limit(a[0]); break;
      case "limit_referenced": b = b.limit(a[1], { referencedTable: a[0] }); break;
      case "range": b = b.range(a[0], a[1]); break;
      case "range_referenced": b = b.range(a[1], a[2], { referencedTable: a[0] }); break;
      case "single": b = b.single(); break;
      case "maybe_single": b = b.maybeSingle(); break;
      case "csv": b = b.csv(); break;
      case "geojson": b = b.geojson(); break;
      case "explain": b = b.explain(a[0] || {}); break;
      case "strip_nulls": b = b.stripNulls(); break;
      case "rollback": b = b.rollback(); break;
      case "max_affected": b = b.maxAffected(a[0]); break;
      case "select": b = b.select(a[0]); break;
      case "header": b = b.setHeader(a[0], a[1]); break;
      default: throw new Error(`unknown op ${name}`);
    }
  }
  return b;
}

async function corpus(path) {
  const chains = JSON.parse(readFileSync(path, "utf8"));
  const out = [];
  for (const { name, chain } of chains) {
    captured = null;
    try {
      await run(chain);
      if (captured === null) throw new Error("postgrest-js sent no request");
      out.push({ name, ...captured });
    } catch (e) {
      out.push({ name, error: String(e && e.message ? e.message : e) });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

// Builds the benchmark chain and encodes it the way PostgrestBuilder.then() does right before
// calling fetch (profile header, header object, URL text), without sending anything.
function bench(n, rounds) {
  const client = new PostgrestClient(BASE, { headers: {}, schema: "public", fetch: capture });
  const once = () => {
    const b = client
      .from("countries")
      .select("id,name,population")
      .eq("continent", "Europe")
      .gt("population", 1000000)
      .lt("population", 100000000)
      .ilike("name", "%land%")
      .in("code", ["FR", "DE", "NL"])
      .not("founded", "is", null)
      .order("name", { ascending: true });
    b.headers.set("Accept-Profile", b.schema);
    const headers = {};
    b.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const url = b.url.toString();
    return url.length + Object.keys(headers).length;
  };
  let sink = 0;
  for (let k = 0; k < 20000; k++) sink += once();
  // The best of `rounds` rounds of n / rounds calls (the machine is shared), as the Rust side does.
  const perRound = Math.max(1, Math.floor(n / rounds));
  let ns = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < perRound; k++) sink += once();
    ns = Math.min(ns, Number(process.hrtime.bigint() - start) / perRound);
  }
  if (sink === 42) console.log("");
  console.error(`node ${process.version}, best of ${rounds} rounds of ${perRound} iterations after warmup`);
  console.log(`postgrest-js: ${ns.toFixed(0)} ns/query`);
}

if (process.argv[2] === "--bench") bench(Number(process.argv[3] || 200000), Number(process.argv[4] || 1));
else await corpus(process.argv[2]);

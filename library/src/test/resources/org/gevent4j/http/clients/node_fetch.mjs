// Node's fetch (undici) against 127.0.0.1:PORT: prints one JSON object per exchange
// (name, status, headers with lower-cased names, body). A fetch that throws exits 1.
// usage: node node_fetch.mjs PORT
const base = `http://127.0.0.1:${process.argv[2]}`;
const signal = AbortSignal.timeout(10000);

async function report(name, res) {
  const body = await res.text();
  const headers = {};
  for (const [k, v] of res.headers) headers[k] = v;
  console.log(JSON.stringify({ name, status: res.status, headers, body }));
}

try {
  await report('get', await fetch(`${base}/`, { signal }));
  await report('head', await fetch(`${base}/`, { method: 'HEAD', signal }));
  await report('post', await fetch(`${base}/echo`, { method: 'POST', body: 'node says hi '.repeat(1000), signal }));
  // a streamed request body: sent chunked
  const enc = new TextEncoder();
  const stream = new ReadableStream({
    start(c) {
      c.enqueue(enc.encode('part-1,'));
      c.enqueue(enc.encode('part-2,'.repeat(3000)));
      c.enqueue(enc.encode('end'));
      c.close();
    },
  });
  await report('post-stream', await fetch(`${base}/echo`, { method: 'POST', body: stream, duplex: 'half', signal }));
  await report('get-chunked', await fetch(`${base}/chunked`, { signal }));
  await report('nocontent', await fetch(`${base}/nocontent`, { signal }));
  await report('missing', await fetch(`${base}/missing`, { signal }));
  // ten at once: undici opens several keep-alive connections
  const all = await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/`, { signal }).then((r) => r.text())));
  console.log(JSON.stringify({ name: 'parallel', bodies: all }));
} catch (e) {
  console.error('fetch failed:', e, e.cause);
  process.exit(1);
}

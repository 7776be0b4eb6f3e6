// The `ws` npm package (8.23.0, from .ci/node) as a client of the echo server.
// Usage: NODE_PATH=.ci/node/node_modules node node_ws_client.cjs ws://127.0.0.1:PORT/echo deflate|plain
// Prints "ok NAME detail" per check; exits 1 at the first mismatch ("FAIL NAME why").
'use strict';
const WebSocket = require('ws');
const crypto = require('crypto');

const [url, mode] = process.argv.slice(2);
const MIB16 = 16 * 1024 * 1024;
const ws = new WebSocket(url, { perMessageDeflate: mode === 'deflate', maxPayload: 64 * 1024 * 1024 });
const fail = (name, why) => { console.log(`FAIL ${name} ${why}`); process.exit(1); };
setTimeout(() => fail('timeout', 'did not finish in 100 s'), 100000).unref();

const queue = [];
let waiter = null;
ws.on('message', (data, isBinary) => {
  const m = { data: Buffer.isBuffer(data) ? data : Buffer.concat(data), isBinary };
  if (waiter) { const w = waiter; waiter = null; w(m); } else queue.push(m);
});
const next = () => new Promise((resolve) => { if (queue.length) resolve(queue.shift()); else waiter = resolve; });
const sendP = (data, opts) => new Promise((resolve, reject) => ws.send(data, opts, (e) => (e ? reject(e) : resolve())));

async function echo(name, data, binary, fragmentSize) {
  if (!fragmentSize) {
    await sendP(data, { binary });
  } else {
    for (let i = 0; i < data.length; i += fragmentSize) {
      await sendP(data.subarray(i, i + fragmentSize), { binary, fin: i + fragmentSize >= data.length });
    }
  }
  const m = await next();
  if (m.isBinary !== binary || !m.data.equals(data)) fail(name, `echo differs: ${m.data.length} bytes, binary=${m.isBinary}`);
  console.log(`ok ${name} ${data.length}`);
}

ws.on('error', (e) => fail('error', e.message));
ws.on('open', async () => {
  const ext = ws.extensions;
  if ((mode === 'deflate') !== ext.includes('permessage-deflate')) fail('negotiate', `mode ${mode}, extensions '${ext}'`);
  console.log(`ok negotiate '${ext}'`);
  const unit = Buffer.from('κόσμε-node-ws-');
  const text = Buffer.alloc(MIB16, '.');
  for (let i = 0; i + unit.length <= MIB16; i += unit.length) unit.copy(text, i);
  await echo('text-16MiB', text, false, 0);
  await echo('binary-16MiB', crypto.randomBytes(MIB16), true, 0);
  await echo('binary-1-byte-fragments', crypto.randomBytes(2048), true, 1);
  await echo('text-1-byte-fragments', Buffer.from('ab€ü😀'.repeat(200)), false, 1);
  ws.ping(Buffer.from('are you there'));
  ws.once('pong', (p) => {
    if (p.toString() !== 'are you there') fail('ping-pong', `pong payload '${p}'`);
    console.log('ok ping-pong');
    ws.close(1000, 'bye');
  });
});
ws.on('close', (code) => {
  if (code !== 1000) fail('close', `code ${code}`);
  console.log(`ok close ${code}`);
  process.exit(0);
});

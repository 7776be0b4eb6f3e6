// The `ws` npm package's echo server: the conformance suite's reference server (ws passes Autobahn)
// and a peer in the L5 benchmark. Usage: node ws_echo.cjs PORT [--no-deflate]
// --skip-utf8-validation makes it a faulty server (text is echoed unchecked): the harness's own test
// uses it to show that the suite does catch a server that breaks RFC 6455.
// Needs NODE_PATH=<repo>/.ci/node/node_modules (installed by .ci/clients.sh). Prints "listening PORT".
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const deflate = !process.argv.includes('--no-deflate');
const skipUTF8Validation = process.argv.includes('--skip-utf8-validation');
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  path: '/echo',
  // Offer permessage-deflate as WebSocketEcho does; compress every message so the 12/13 cases
  // exercise both directions (ws's default threshold would leave small messages plain).
  perMessageDeflate: deflate ? { threshold: 0 } : false,
  maxPayload: 64 * 1024 * 1024,
  // ws >= 8.19 fails a message of more than 16384 fragments with 1008; Autobahn's 9.3.1/9.4.1
  // send 65536 fragments of 64 bytes, so the reference server lifts that guard.
  maxFragments: 0,
  skipUTF8Validation,
});
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});
wss.on('listening', () => console.log('listening ' + wss.address().port));
process.on('SIGTERM', () => process.exit(0));

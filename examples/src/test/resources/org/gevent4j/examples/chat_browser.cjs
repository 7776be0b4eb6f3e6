// Drives ChatRoom's page in headless Chromium (Debian's /usr/bin/chromium) through playwright-core:
// two pages join as alice and bob, exchange lines, and page 1 is saved as a screenshot.
// Usage: NODE_PATH=<repo>/.ci/node/node_modules node chat_browser.cjs PORT SCREENSHOT.png USER_DATA_DIR
// Prints one JSON object per line ({"check": ..., ...}); exits 1 on the first failure.
'use strict';
const { chromium } = require('playwright-core');

const [port, shot, userDataDir] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}/`;
const say = (o) => console.log(JSON.stringify(o));
const fail = (check, why) => { say({ check, ok: false, why: String(why) }); process.exit(1); };
setTimeout(() => fail('timeout', 'browser test did not finish in 90 s'), 90000).unref();

(async () => {
  // A fresh profile and the flags that keep Chromium off the network (this machine has none).
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 900, height: 600 },
  });
  try {
    const alice = await context.newPage();
    const bob = await context.newPage();
    const frames = [];
    alice.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(f.payload)));
    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) {
      const resp = await page.goto(base + '?name=' + name);
      if (!resp || resp.status() !== 200) fail('page', `GET / answered ${resp && resp.status()}`);
      await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('connected'), null, { timeout: 20000 });
      const status = await page.textContent('#status');
      say({ check: 'connected', name, status });
      if (!status.includes('permessage-deflate')) fail('deflate', `${name}: status '${status}' has no permessage-deflate`);
    }
    const expectLine = async (page, line) => {
      await page.waitForFunction((l) => [...document.querySelectorAll('#log li')].some((li) => li.textContent === l), line, { timeout: 20000 });
    };
    await expectLine(alice, '* bob joined (2 here)');

    await alice.fill('#msg', 'hello from alice');
    await alice.click('#send');
    await expectLine(bob, 'alice: hello from alice');
    await expectLine(alice, 'alice: hello from alice');
    say({ check: 'alice-to-bob', ok: true });

    const unicode = 'κόσμε 😀 ' + 'x'.repeat(3000); // long enough to be worth compressing
    await bob.fill('#msg', unicode);
    await bob.press('#msg', 'Enter');
    await expectLine(alice, 'bob: ' + unicode);
    say({ check: 'bob-to-alice', ok: true, length: unicode.length });

    const log = await alice.$$eval('#log li', (lis) => lis.map((li) => li.textContent));
    say({ check: 'log', lines: log.map((l) => (l.length > 60 ? l.slice(0, 60) + '…' : l)) });
    await alice.screenshot({ path: shot, fullPage: true });
    say({ check: 'screenshot', path: shot, framesSeen: frames.length });

    await bob.close();
    await expectLine(alice, '* bob left');
    say({ check: 'left', ok: true });
  } finally {
    await context.close();
  }
  process.exit(0);
})().catch((e) => fail('error', e && e.stack || e));

// measure.mjs — times the dashboard in headless chromium (see bench/web/run.sh): a fresh browser
// context each run (no cache), median of 7.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.env.HS_ROOT, 'build/webnpm/node_modules/noop.js'));
const { chromium } = require('playwright-core');
const URL = process.env.HS_URL;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [];
const first = [];
const again = [];
const floor = [];
for (let i = 0; i < 7; i++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${URL}/`);
  await page.waitForSelector('#app[data-ready="1"] input[name="user"]');
  cold.push(Date.now() - t0);
  await page.fill('input[name="user"]', process.env.HS_USER);
  await page.fill('input[name="password"]', process.env.HS_PW);
  const t1 = Date.now();
  await page.click('button[type="submit"]');
  await page.waitForSelector('#app[data-ready="1"][data-page="programmes"] .chart canvas');
  first.push(Date.now() - t1);
  await page.evaluate(() => { location.hash = '#/check'; });
  await page.waitForSelector('#app[data-ready="1"][data-page="check"]');
  const t2 = Date.now();
  await page.evaluate(() => { location.hash = '#/programmes'; });
  await page.waitForSelector('#app[data-ready="1"][data-page="programmes"] .chart canvas');
  again.push(Date.now() - t2);
  const icon = await page.$eval('link[rel="icon"]', (l) => l.href);
  await context.close();
  const c2 = await browser.newContext();
  const p2 = await c2.newPage();
  const t3 = Date.now();
  await p2.goto(icon);
  floor.push(Date.now() - t3);
  await c2.close();
}
await browser.close();
console.log(`cold load of / to the login form interactive: median ${median(cold)} ms (runs: ${cold.join(', ')}; bound 1000 ms)`);
console.log(`peer: a cold load of the 223-byte favicon from the same server: median ${median(floor)} ms (runs: ${floor.join(', ')}): the browser's own floor`);
console.log(`the programmes page (budget bars, charts) rendered when logged in: median ${median(again)} ms (runs: ${again.join(', ')})`);
console.log(`login to the officer's programmes page drawn: median ${median(first)} ms (runs: ${first.join(', ')}; includes the Argon2id password check)`);

// dashboard.mjs — the dashboard in a real browser: playwright-core driving Debian's chromium,
// headless, against a real `huoshui serve` on the fresh book tests/browser/book.sh made. Each role
// logs in (keyboard only) and does its main flow; every page is shot in each language (and at 390
// px) into build/screenshots/, checked by axe-core (no serious or critical violation), and any
// console error not provoked on purpose fails. Prints PASS/FAIL lines (tests/run.sh counts them).
// env: HS_URL, HS_PW, HS_FIRM, HS_OTHER, HS_ROOT (repository), CHROMIUM (default /usr/bin/chromium)
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = process.env.HS_ROOT;
const require = createRequire(join(root, 'build/webnpm/node_modules/noop.js'));
const { chromium } = require('playwright-core');
const axeModule = require('@axe-core/playwright');
const AxeBuilder = axeModule.default || axeModule.AxeBuilder || axeModule;

const URL = process.env.HS_URL;
const PW = process.env.HS_PW;
const FIRM = process.env.HS_FIRM;
const OTHER = process.env.HS_OTHER;
const SHOTS = join(root, 'build/screenshots');
const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
mkdirSync(SHOTS, { recursive: true });

let failures = 0;
const pass = (what) => console.log(`PASS ${what}`);
const fail = (what, why) => {
  failures++;
  console.log(`FAIL ${what}: ${String(why).replace(/\s+/g, ' ').slice(0, 400)}`);
};
const check = (what, ok, why) => (ok ? pass(what) : fail(what, why));
const checkEq = (what, want, got) => check(what, want === got, `want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});

// One browser context per role: console errors collected; `allow` lists the ones a step provokes.
async function open(role) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors = [];
  const allowed = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = `${m.text()} ${m.location() ? m.location().url : ''}`;
    const i = allowed.findIndex((re) => re.test(text));
    if (i >= 0) allowed.splice(i, 1);
    else errors.push(text);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { role, context, page, errors, allow: (re) => allowed.push(re) };
}

const ready = (page) => page.waitForSelector('#app[data-ready="1"]', { timeout: 15000 });

// Logs in with the keyboard alone: Tab into the form, type, Enter.
async function login(s, user, lang = 'zh-Hans') {
  await s.page.goto(`${URL}/?lang=${lang}`);
  await ready(s.page);
  await s.page.focus('input[name="user"]');
  await s.page.keyboard.type(user);
  await s.page.keyboard.press('Tab');
  await s.page.keyboard.type(PW);
  await s.page.keyboard.press('Enter');
  await s.page.waitForFunction(() => {
    const app = document.querySelector('#app[data-ready="1"]');
    return app !== null && app.dataset.page !== 'login';
  }, null, { timeout: 15000 });
}

async function go(s, hash) {
  await s.page.evaluate((h) => {
    if (location.hash === h) return; // no hashchange: the page stays as it is
    document.getElementById('app').removeAttribute('data-ready');
    location.hash = h;
  }, hash);
  await ready(s.page);
}

// Follows a link on the page to another page: the next render is waited for, not the one shown.
async function follow(page, selector) {
  await page.evaluate(() => document.getElementById('app').removeAttribute('data-ready'));
  await page.click(selector);
  await ready(page);
}

async function setLang(s, lang) {
  await s.page.selectOption('header select', lang);
  await ready(s.page);
}

async function axe(s, what) {
  const r = await new AxeBuilder({ page: s.page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(`axe: ${what}: no serious or critical violation`, bad.length === 0,
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`).join('; '));
}

// The page shown now in every language: screenshot NAME-LANG, <html lang>, no missing message,
// axe; with `narrow`, at 390 px too (the page does not overflow sideways). Leaves it in zh-Hans.
async function shootAll(s, name, narrow = true) {
  for (const lang of LANGS) {
    await setLang(s, lang);
    checkEq(`${s.role} ${name} ${lang}: <html lang>`, lang, await s.page.evaluate(() => document.documentElement.lang));
    const missing = await s.page.evaluate(() => document.body.innerText.includes('⟦'));
    check(`${s.role} ${name} ${lang}: no missing message`, !missing, 'a ⟦key⟧ is shown');
    await s.page.screenshot({ path: join(SHOTS, `${s.role}-${name}-${lang}.png`), fullPage: true });
    await axe(s, `${s.role} ${name} ${lang}`);
  }
  await setLang(s, 'zh-Hans');
  if (!narrow) return;
  await s.page.setViewportSize({ width: 390, height: 844 });
  await ready(s.page);
  await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(`${s.role} ${name} at 390 px: no sideways scrolling`, overflow <= 1, `${overflow}px too wide`);
  await s.page.screenshot({ path: join(SHOTS, `${s.role}-${name}-390px.png`), fullPage: true });
  await s.page.setViewportSize({ width: 1366, height: 768 });
}

// Every page of the role's nav in every language (shootAll).
async function tour(s) {
  const pages = await s.page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')));
  if (process.env.HS_NO_TOUR) return; // iterating on the flows only
  for (const href of pages) {
    await go(s, href);
    await shootAll(s, href.replace('#/', ''));
  }
}

function noConsoleErrors(s) {
  check(`${s.role}: no console error`, s.errors.length === 0, s.errors.join(' | '));
  s.errors.length = 0;
}

const paidFen = (s, budget) => s.page.$eval(`.budget[data-budget="${budget}"]`, (el) => Number(el.dataset.paidFen));
const texts = (s, sel) => s.page.$$eval(sel, (els) => els.map((e) => e.textContent.trim()));
// The cells of column `n` (1-based) of the first table.
const column = (s, n) => texts(s, `table tbody tr td:nth-child(${n})`);

async function step(what, fn) {
  try {
    await fn();
  } catch (e) {
    fail(what, e.stack || e.message);
  }
}

// ---- the login page itself: labels, languages, axe ----
await step('login page', async () => {
  const s = await open('anonymous');
  for (const lang of LANGS) {
    await s.page.goto(`${URL}/?lang=${lang}`);
    await ready(s.page);
    checkEq(`login ${lang}: <html lang>`, lang, await s.page.evaluate(() => document.documentElement.lang));
    await s.page.screenshot({ path: join(SHOTS, `login-${lang}.png`) });
    await axe(s, `login ${lang}`);
  }
  await s.page.goto(`${URL}/`);
  await ready(s.page);
  checkEq('the language chosen last is remembered (no ?lang=)', 'en', await s.page.evaluate(() => document.documentElement.lang));
  await s.page.selectOption('header select', 'zh-Hans');
  await ready(s.page);
  checkEq('the switch changes the language', 'zh-Hans', await s.page.evaluate(() => document.documentElement.lang));
  await s.page.click('button[type="submit"]');
  check('an empty login is refused beside the fields, nothing sent', (await texts(s, '.field-error')).filter(Boolean).length === 2, 'no field errors');
  noConsoleErrors(s);
  await s.context.close();
});

// ---- officer: budget bars, the queue, award and pay ----
const officer = await open('officer');
let paidBefore = 0;
await step('officer flow', async () => {
  await login(officer, 'olivia');
  checkEq('officer lands on programmes', 'programmes', await officer.page.$eval('#app', (e) => e.dataset.page));
  paidBefore = await paidFen(officer, 'compute-voucher');
  check('the budget bar shows appropriated 3270万', (await officer.page.$eval('.budget[data-budget="compute-voucher"]', (e) => e.textContent)).includes('3,270.00万'), 'no 3,270.00万');
  await officer.page.waitForSelector('.chart canvas', { timeout: 10000 }).catch(() => null); // drawn after layout
  check('a chart is drawn', (await officer.page.$$('.chart canvas')).length > 0, 'no canvas');
  checkEq('a multi-year programme shows what is left to release', '80000000000',
    await officer.page.$eval('.programme[data-programme="sichuan-ai"] .multi-year', (e) => e.dataset.unreleasedFen).catch(() => 'none'));
  check('and says released in words', (await officer.page.$eval('.programme[data-programme="sichuan-ai"] .multi-year', (e) => e.textContent).catch(() => '')).includes('4.00亿'), 'no 4.00亿');
  const csv = await officer.page.$eval('.programme[data-programme="chengdu-2024"] .exports a', (a) => a.href);
  const r = await officer.context.request.get(csv);
  check('the csv export downloads', r.status() === 200 && /text\/csv/.test(r.headers()['content-type'] || ''), `${r.status()} ${r.headers()['content-type']}`);
  const x = await officer.context.request.get(csv.replace('format=csv', 'format=xlsx'));
  check('the xlsx export downloads', x.status() === 200 && (await x.body()).subarray(0, 2).toString() === 'PK', `${x.status()}`);
  await go(officer, '#/applications/applied');
  check('the queue lists applied fv-1', (await column(officer, 1)).includes('fv-1'), await column(officer, 1));
  await follow(officer.page, 'a[href="#/application/fv-1"]');
  check('the explanation is a clause tree with parameters', (await officer.page.$$('.tree .kind-param')).length > 0 && (await officer.page.$$('.tree .kind-rule')).length > 0, 'no params/rules');
  await officer.page.fill('input[name="pay_by"]', '2024-13-01');
  check('a bad date is flagged as you type', (await texts(officer, '.field-error')).some(Boolean), 'no error shown');
  await officer.page.fill('input[name="pay_by"]', '2024-12-31');
  await officer.page.click('form:has(input[name="pay_by"]) button[type="submit"]');
  await officer.page.waitForSelector('input[name="amount"]');
  check('awarded: pay is offered', true);
  await officer.page.fill('form:has(input[name="amount"]):not(:has(textarea)) input[name="amount"]', '50万');
  await officer.page.click('form:has(input[name="amount"]):not(:has(textarea)) button[type="submit"]');
  await officer.page.waitForFunction(() => document.querySelector('.paid')?.textContent.includes('50.00万'), null, { timeout: 10000 });
  pass('an instalment below the threshold is paid at once (50.00万)');
  await officer.page.click('form:has(input[name="amount"]):not(:has(textarea)) button[type="submit"]');
  await officer.page.waitForSelector('.msg-ok', { timeout: 10000 });
  const pending = await officer.page.$eval('.msg-ok', (e) => e.textContent);
  check('the rest (200万, above 100万) waits for a reviewer', /A-\d+/.test(pending), pending);
  officer.approval = (/A-\d+/.exec(pending) || [''])[0];
  await go(officer, '#/approvals/pending');
  check('the officer is not offered approve', (await officer.page.$$(`[data-approval="${officer.approval}"] button.primary`)).length === 0, 'approve offered');
  noConsoleErrors(officer);
});

// ---- officer: an interest-subsidy period paid from the dashboard (贴息) ----
await step('officer pays an interest-subsidy period', async () => {
  await go(officer, '#/interest');
  check('the interest page offers the scheme and its accrue form', (await officer.page.$$('input[name="period"]')).length === 1, 'no period field');
  await officer.page.fill('input[name="period"]', '2024-05');
  await officer.page.click('form:has(input[name="period"]) button[type="submit"]');
  await officer.page.waitForSelector('.interest-total', { timeout: 10000 });
  // L4: 300万 x 31 days x 1.5% (3.1% capped) / 365 = 3,821.92; L1 and L3 are behind schedule
  checkEq('May 2024 paid, to the fen', '382192', await officer.page.$eval('.interest-total', (e) => e.dataset.totalFen));
  check('the rows name the loans', (await column(officer, 1)).includes('L1') && (await column(officer, 1)).includes('L4'), await column(officer, 1));
  check('a row says which clause refused it', (await column(officer, 9)).some((c) => c.includes('按期还本付息')), await column(officer, 9));
  await go(officer, '#/guarantors');
  checkEq('the guarantor page shows its capital', '1000000000', await officer.page.$eval('.guarantor', (e) => e.dataset.capitalFen));
  noConsoleErrors(officer);
});

await step('officer cannot approve (API)', async () => {
  const api = await browser.newContext();
  const r = await api.request.post(`${URL}/api/v1/session`, { data: { user: 'olivia', password: PW } });
  const csrf = (await r.json()).csrf_token;
  const a = await api.request.post(`${URL}/api/v1/approvals/${officer.approval}/approve`, { data: {}, headers: { 'X-CSRF-Token': csrf } });
  checkEq('the officer approving its own payment: 403', 403, a.status());
  await api.close();
});

// ---- reviewer approves what the officer made ----
await step('reviewer flow', async () => {
  const s = await open('reviewer');
  await login(s, 'rita');
  checkEq('reviewer lands on approvals', 'approvals', await s.page.$eval('#app', (e) => e.dataset.page));
  const row = `[data-approval="${officer.approval}"]`;
  check('the pending approval shows maker and amount', (await s.page.$eval(`tr:has(${row})`, (e) => e.textContent)).includes('olivia') &&
    (await s.page.$eval(`tr:has(${row})`, (e) => e.textContent)).includes('200.00万'), await s.page.$eval(`tr:has(${row})`, (e) => e.textContent));
  check('the approval links to the explanation of its amount', (await s.page.$(`tr:has(${row}) a[href="#/application/fv-1"]`)) !== null, 'no link');
  await s.page.fill(`${row} input[name="reason"]`, '复核通过');
  await s.page.click(`${row} button.primary`);
  await s.page.waitForSelector('.msg-ok', { timeout: 10000 });
  pass('the reviewer approves');
  await go(officer, '#/application/fv-1');
  check('the officer sees the award fully paid (250.00万)', (await officer.page.$eval('.paid', (e) => e.textContent)).includes('250.00万'), await officer.page.$eval('.paid', (e) => e.textContent));
  await tour(s);
  noConsoleErrors(s);
  await s.context.close();
});

// ---- provider redeems; the officer's bar moves by exactly what was paid ----
await step('provider flow', async () => {
  const s = await open('provider');
  await login(s, 'pat');
  checkEq('provider lands on redeem', 'redeem', await s.page.$eval('#app', (e) => e.dataset.page));
  await s.page.fill('input[name="voucher"]', 'cv-1');
  await s.page.fill('input[name="bill_id"]', 'B-WEB-1');
  await s.page.fill('input[name="bill"]', '12x');
  check('a bad amount is flagged as you type', (await s.page.$eval('input[name="bill"]', (e) => e.getAttribute('aria-invalid'))) === 'true', 'not flagged');
  await s.page.fill('input[name="bill"]', '0');
  s.allow(/status of 4\d\d/);
  await s.page.click('form button[type="submit"]');
  await s.page.waitForFunction(() => /\(4\d\d\)/.test(document.querySelector('input[name="bill"] ~ .field-error')?.textContent || ''), null, { timeout: 10000 });
  pass("the server's field error shows beside the field");
  await s.page.fill('input[name="bill"]', '100万');
  await s.page.click('form button[type="submit"]');
  await s.page.waitForSelector('.quote-paid', { timeout: 10000 });
  const quoted = await s.page.$eval('.quote-paid', (e) => Number(e.dataset.paidFen));
  checkEq('the quote is the policy share (30% of 100万 = 30万)', 30000000, quoted);
  await go(officer, '#/programmes');
  checkEq('a quote moves nothing', paidBefore, await paidFen(officer, 'compute-voucher'));
  await s.page.click('.quote button.primary');
  await s.page.waitForSelector('.redeemed', { timeout: 10000 });
  const paid = await s.page.$eval('.redeemed', (e) => Number(e.dataset.paidFen));
  checkEq('the redemption pays what was quoted', quoted, paid);
  const spentBefore = await officer.page.$eval('.programme[data-programme="chengdu-2024"] .spending', (e) => Number(e.dataset.spentFen)).catch(() => 0);
  await go(officer, '#/check');
  await go(officer, '#/programmes');
  checkEq("the officer's budget bar moves by exactly the amount paid", paidBefore + paid, await paidFen(officer, 'compute-voucher'));
  checkEq('... and the spending by month by the same', spentBefore + paid,
    await officer.page.$eval('.programme[data-programme="chengdu-2024"] .spending', (e) => Number(e.dataset.spentFen)).catch(() => -1));
  await go(s, '#/redemptions');
  check('the redemption is listed', (await column(s, 3)).includes('B-WEB-1'), await column(s, 3));
  await tour(s);
  noConsoleErrors(s);
  await s.context.close();
});

await step('officer tour', async () => {
  await tour(officer);
  noConsoleErrors(officer);
  await officer.context.close();
});

// ---- bank: loans, disburse, overdue ----
await step('bank flow', async () => {
  const s = await open('bank');
  await login(s, 'bella');
  checkEq('bank lands on loans', 'loans', await s.page.$eval('#app', (e) => e.dataset.page));
  const ids = await column(s, 1);
  check('its three loans are listed', ['L1', 'L2', 'L3'].every((l) => ids.includes(l)), ids);
  await go(s, '#/overdue');
  check('L2 is not disbursed within 5 working days', (await column(s, 1)).includes('L2'), await column(s, 1));
  await go(s, '#/loan/L2');
  await s.page.click('.actions button.primary');
  await s.page.waitForFunction(() => document.body.innerText.includes('L2') && !document.querySelector('.actions button.primary') || document.querySelector('.actions button.primary')?.textContent !== '放款', null, { timeout: 10000 });
  check('L2 disbursed: the schedule is shown', (await s.page.$$('table tbody tr')).length >= 12, 'no schedule');
  await go(s, '#/pools');
  const poolText = await s.page.$eval('main', (e) => e.textContent);
  check('the bank sees the pool it lends under (GET /pools), with its balance', poolText.includes('JS') && poolText.includes('4,000.00万'), poolText.slice(0, 200));
  checkEq('... and only its own bank row', 'BOC-WX', (await column(s, 1)).join(','));
  // the defaulted L3: claim the pool's share of the loss, then record a recovery
  const poolBefore = await s.page.evaluate(async () => (await (await fetch('/api/v1/pools', { credentials: 'same-origin' })).json()).items[0].balance_fen);
  await go(s, '#/loan/L3');
  check('a defaulted loan offers a claim on the pool, not repay', (await s.page.$$('.actions button[data-verb="claims"]')).length === 1 && (await s.page.$$('.actions button[data-verb="repay"]')).length === 0, 'no claim button');
  await s.page.click('.actions button[data-verb="claims"]');
  await s.page.waitForSelector('.loan-claim', { timeout: 10000 });
  const paidFen = await s.page.$eval('.loan-claim', (e) => Number(e.dataset.paidFen));
  check('the claim is shown with its rule and what the pool paid', paidFen > 0, String(paidFen));
  check('... and offered no more', (await s.page.$$('.actions button[data-verb="claims"]')).length === 0, 'claim offered twice');
  const poolAfter = await s.page.evaluate(async () => (await (await fetch('/api/v1/pools', { credentials: 'same-origin' })).json()).items[0].balance_fen);
  checkEq('the pool\'s balance fell by exactly what it paid', poolBefore - paidFen, poolAfter);
  await s.page.fill('input[name="amount"]', '10万');
  await s.page.click('form.form button[type="submit"]');
  await s.page.waitForFunction(() => !document.querySelector('form.form[aria-busy]'), null, { timeout: 10000 });
  await ready(s.page);
  check('a recovery is recorded on the loan', (await s.page.$eval('main', (e) => e.textContent)).includes('100,000.00') || (await s.page.$eval('main', (e) => e.textContent)).includes('10.00万'), 'no recovery shown');
  await shootAll(s, 'loan-defaulted');
  await go(s, '#/loan/L1');
  check('a disbursed loan offers repay and a default', (await s.page.$$('.actions button[data-verb="repay"]')).length === 1 && (await s.page.$$('.actions button[data-verb="default"]')).length === 1, 'no default button');
  await tour(s);
  noConsoleErrors(s);
  await s.context.close();
});

// ---- enterprise: only itself; another firm's URL is the API's 403 ----
await step('enterprise flow', async () => {
  const s = await open('enterprise');
  await login(s, 'ed');
  checkEq('enterprise lands on its firm', 'firm', await s.page.$eval('#app', (e) => e.dataset.page));
  check('its own record is shown', (await s.page.$eval('main', (e) => e.textContent)).includes(FIRM), 'no USCC');
  await go(s, '#/applications');
  const firms = await column(s, 3);
  check('its applications only', firms.length > 0 && firms.every((f) => f.includes(FIRM)), firms);
  await go(s, '#/vouchers');
  const vf = await column(s, 3);
  check('its vouchers only', vf.length > 0 && vf.every((f) => f === FIRM), vf);
  await go(s, '#/loans');
  const lf = await column(s, 4);
  check('its loans only', lf.length > 0 && lf.every((f) => f === FIRM), lf);
  s.allow(/status of 403/);
  await go(s, `#/firm/${OTHER}`);
  checkEq("another firm's URL: the API's 403 is shown", '403', await s.page.$eval('.denied', (e) => e.dataset.status));
  await go(s, `#/firm/${FIRM}`);
  // the matcher: every policy in force, eligible or not, how much and why not
  await go(s, '#/matcher');
  const policies = await s.page.$$eval('.match', (els) => els.map((e) => e.dataset.policy));
  check('the matcher lists the policies in force', policies.length >= 5 && policies.includes('chengdu.first_version_software'), policies);
  check('... for its own firm', (await s.page.$eval('main h2', (e) => e.textContent)).includes(FIRM), 'no USCC in the heading');
  const failed = await texts(s, '.match[data-policy="chengdu.core_algorithm"] .failed li');
  check('... and why not: the failed rule with its clause and line', failed.length > 0 && failed.every((f) => /clause: .+ /.test(f) && /\d/.test(f)), failed);
  check('apply is offered on a subsidy, not on a voucher',
    (await s.page.$$('.match[data-policy="chengdu.first_version_software"] .actions button')).length === 1 &&
    (await s.page.$$('.match[data-policy="chengdu.compute_voucher"] .actions button')).length === 0, 'wrong apply buttons');
  const fv = '.match[data-policy="chengdu.first_version_software"]';
  await s.page.focus(`${fv} .actions button`);
  await s.page.keyboard.press('Enter');
  await s.page.waitForSelector(`${fv} input[name="in.role"]`);
  check('the apply form asks for the input the matcher named missing (role), focused',
    await s.page.evaluate(() => document.activeElement && document.activeElement.name === 'product'), 'focus elsewhere');
  await s.page.fill(`${fv} input[name="product"]`, 'sw-web');
  await s.page.fill(`${fv} input[name="in.role"]`, 'user');
  s.allow(/status of 4\d\d/);
  await s.page.click(`${fv} button[type="submit"]`);
  await s.page.waitForSelector(`${fv} input[name="in.software_price"]`, { timeout: 10000 });
  checkEq('the next input the server names (software_price) is asked for, the others kept', 'user', await s.page.inputValue(`${fv} input[name="in.role"]`));
  await s.page.fill(`${fv} input[name="in.software_price"]`, '100万');
  await s.page.fill(`${fv} input[name="in.role"]`, 'boss');
  s.allow(/status of 4\d\d/);
  await s.page.click(`${fv} button[type="submit"]`);
  await s.page.waitForFunction((sel) => /\(4\d\d\).*role/.test(document.querySelector(`${sel} input[name="in.role"] ~ .field-error`)?.textContent || ''), fv, { timeout: 10000 });
  pass("the server's error on an input shows beside that field");
  await s.page.fill(`${fv} input[name="in.role"]`, 'user');
  await s.page.click(`${fv} button[type="submit"]`);
  await s.page.waitForSelector(`${fv} .decision`, { timeout: 10000 });
  const app = await s.page.$eval(`${fv} .decision`, (e) => ({ id: e.dataset.application, eligible: e.dataset.eligible, text: e.textContent }));
  check('applied: the decision (eligible, 30% of 100万 = 30.00万)', app.eligible === '1' && app.text.includes('30.00万'), JSON.stringify(app).slice(0, 300));
  check('... with its explanation as the clause tree', (await s.page.$$(`${fv} .decision .tree .kind-rule`)).length > 0, 'no rules');
  check('... every kind of clause-tree row has its message', !(await s.page.evaluate(() => document.body.innerText.includes('⟦'))), 'a ⟦key⟧ is shown');
  await s.page.screenshot({ path: join(SHOTS, 'enterprise-matcher-applied-zh-Hans.png'), fullPage: true });
  await axe(s, 'enterprise matcher after applying');
  await go(s, '#/applications');
  check('the application then appears in its list', (await column(s, 1)).includes(app.id), `${app.id} not in ${await column(s, 1)}`);
  s.allow(/status of 403/);
  await go(s, `#/matcher/${OTHER}`);
  checkEq("another firm's matches by URL: the API's 403 is shown", '403', await s.page.$eval('.denied', (e) => e.dataset.status));
  await go(s, `#/matcher/${FIRM}`);
  await tour(s);
  noConsoleErrors(s);
  await s.context.close();
});

// ---- auditor: check, chain, log with filters ----
await step('auditor flow', async () => {
  const s = await open('auditor');
  await login(s, 'audrey');
  checkEq('auditor lands on check', 'check', await s.page.$eval('#app', (e) => e.dataset.page));
  const ok = await s.page.$('[data-ok]');
  if (!ok) fail('check passes on the book', `no result: ${await s.page.$eval('main', (e) => e.innerText)}`);
  else checkEq('check passes on the book', '1', await ok.evaluate((e) => e.dataset.ok));
  await go(s, '#/audit');
  check('the log has entries', (await column(s, 1)).length > 0, 'empty');
  await s.page.fill('input[name="actor"]', 'rita');
  await s.page.press('input[name="actor"]', 'Enter');
  await s.page.waitForFunction(() => [...document.querySelectorAll('table tbody tr td:nth-child(3)')].every((td) => td.textContent === 'rita'), null, { timeout: 10000 });
  const actors = await column(s, 3);
  check('filtered by actor: only rita', actors.length > 0 && actors.every((a) => a === 'rita'), actors);
  check('each entry links to the money it moved', (await s.page.$$('table tbody a[href^="#/movement/"]')).length === actors.length, 'no links');
  // from an audit entry to its transfers to the application's clause tree
  const paid = await s.page.evaluate(async () => {
    const r = await fetch('/api/v1/accounts/budget%2Fchengdu-2024%2Ffirst-version-software/history?limit=1000', { credentials: 'same-origin' });
    const rows = (await r.json()).items;
    const t = rows.find((x) => x.code === 'subsidy.pay' && x.audit_seq);
    return t ? { seq: t.audit_seq, id: t.id, app: t.ref.app } : null;
  });
  if (!paid) fail('a paid subsidy in the book', 'no subsidy.pay transfer with an audit seq');
  else {
    await go(s, `#/movement/${paid.seq}`);
    checkEq('the movement page of the payment\'s audit entry opens', 'movement', await s.page.$eval('#app', (e) => e.dataset.page));
    check('... listing the payment among the transfers it committed', (await column(s, 1)).includes(paid.id), await column(s, 1));
    checkEq('... its cause: the application it paid', paid.app, await s.page.$eval(`a.cause[data-app="${paid.app}"]`, (e) => e.dataset.app));
    await shootAll(s, 'movement');
    await follow(s.page, `a.cause[data-app="${paid.app}"]`);
    checkEq('... which opens on the application', 'application', await s.page.$eval('#app', (e) => e.dataset.page));
    check('... and its clause tree (why this amount)', (await s.page.$$('.tree .kind-rule')).length > 0, 'no clause tree');
  }
  // R&D reserves and first units (issue 14): the figures the CLI paid, explained
  await go(s, '#/rd-reserves');
  await follow(s.page, 'a[href^="#/rd-reserve/"]');
  checkEq('the R&D reserve: 10% of the 300万 filed increase', '30000000', await s.page.$eval('.rd-reserve', (e) => e.dataset.amountFen));
  check('... its filed history listed', (await column(s, 1)).join(' ') === '2023 2024', await column(s, 1));
  check('... and its decision a clause tree', (await s.page.$$('.tree .kind-rule')).length === 4, 'not four rules');
  await shootAll(s, 'rd-reserve');
  await go(s, '#/first-units');
  await follow(s.page, 'a[href="#/first-unit/U1"]');
  checkEq('the first unit: 80% of a 3% premium, 120万', '120000000', await s.page.$eval('.first-unit', (e) => e.dataset.subsidyFen));
  check('... its claim listed', (await column(s, 1)).includes('C1'), await column(s, 1));
  await shootAll(s, 'first-unit');
  await tour(s);
  noConsoleErrors(s);
  await s.context.close();
});

// ---- analyst: totals by sector, targets, a projection ----
await step('analyst flow', async () => {
  const s = await open('analyst');
  await login(s, 'ann');
  checkEq('analyst lands on totals', 'totals', await s.page.$eval('#app', (e) => e.dataset.page));
  check('totals by sector has rows', (await column(s, 1)).includes('total'), await column(s, 1));
  await go(s, '#/targets');
  checkEq('targets: the firms target of chengdu-2024 is listed', 'firms', (await column(s, 2)).join(','));
  checkEq('... red (40 of 260 firms)', 'red', await s.page.$eval('.rag', (e) => e.dataset.rag));
  const before = await s.page.$eval('.probability[data-target="firms"]', (e) => e.textContent);
  check('... no probability before any projection', !before.includes('%'), before);
  const csv = await s.page.$eval('.exports a[download$=".csv"]', (a) => a.href);
  const r = await s.context.request.get(csv);
  check('the targets csv downloads', r.status() === 200 && /text\/csv/.test(r.headers()['content-type'] || '') && (await r.text()).includes('firms'), `${r.status()} ${r.headers()['content-type']}`);
  const x = await s.context.request.get(await s.page.$eval('.exports a[download$=".xlsx"]', (a) => a.href));
  check('the targets xlsx downloads', x.status() === 200 && (await x.body()).subarray(0, 2).toString() === 'PK', `${x.status()}`);
  await go(s, '#/venture-day/sz-2024-07');
  checkEq('venture day: the analyst sees all four matches', '4', await s.page.$eval('.vd-outcome', (e) => e.dataset.matches).catch(() => 'none'));
  checkEq('... and the invested amount of the linked deal (5000万)', '5000000000', await s.page.$eval('.vd-outcome', (e) => e.dataset.investedFen).catch(() => 'none'));
  check('... each fit with its clauses', (await s.page.$eval('.vd-matches', (e) => e.textContent)).includes('(+50)'), 'no clause');
  await go(s, '#/projection');
  await s.page.fill('input[name="years"]', '31');
  check('years out of range is flagged as you type', (await texts(s, 'input[name="years"] ~ .field-error')).some(Boolean), 'no error');
  await s.page.fill('input[name="years"]', '3');
  await s.page.fill('input[name="paths"]', '150');
  await s.page.click('.set .actions button');
  await s.page.fill('input[name="set"]', 'model.nope=1');
  s.allow(/status of 4\d\d/);
  await s.page.click('form button[type="submit"]');
  await s.page.waitForFunction(() => /\(4\d\d\).*nope/.test(document.querySelector('.set > .field-error')?.textContent || ''), null, { timeout: 10000 });
  pass("a what-if the model does not have: the server's error beside the what-if rows");
  await s.page.fill('input[name="set"]', 'chengdu.first_version_software.share=40%');
  let release;
  const held = new Promise((res) => { release = res; });
  await s.page.route('**/api/v1/projections', async (route) => { await held; await route.continue(); });
  await s.page.click('form button[type="submit"]');
  await s.page.waitForSelector('.running progress', { timeout: 5000 });
  check('while it runs: a progress bar, the button disabled', await s.page.$eval('form button[type="submit"]', (b) => b.disabled), 'enabled');
  release();
  await s.page.waitForSelector('.projection-result .chart canvas', { timeout: 30000 });
  await s.page.unroute('**/api/v1/projections');
  checkEq('the projection ran the paths asked for', '150', await s.page.$eval('.projection-result', (e) => e.dataset.paths));
  const metrics = await s.page.$$eval('.projection-result .chart', (els) => els.map((e) => e.dataset.metric));
  check('fan charts of the main metrics are drawn', metrics.includes('budget_used') && metrics.includes('firms_alive'), metrics);
  const prob = await s.page.$eval('.projection-result .probability[data-target="firms"]', (e) => e.textContent);
  check("the targets' probabilities are shown", /%$/.test(prob), prob);
  await s.page.screenshot({ path: join(SHOTS, 'analyst-projection-result-zh-Hans.png'), fullPage: true });
  await axe(s, 'analyst projection result');
  await go(s, '#/targets');
  check('the targets report now has the stored probability', /%$/.test(await s.page.$eval('.probability[data-target="firms"]', (e) => e.textContent)), 'no probability');
  await tour(s);
  noConsoleErrors(s);
  await s.context.close();
});

// ---- fund manager: the group tree, a fund's J-curve, recording a call ----
await step('fund manager flow', async () => {
  const s = await open('fund_manager');
  const keys = [];
  s.page.on('request', (q) => {
    if (q.method() === 'POST' && /\/api\/v1\/funds\/[^/]+\/events$/.test(q.url())) keys.push(q.headers()['idempotency-key']);
  });
  await login(s, 'frank');
  checkEq('fund manager lands on the fund group', 'funds', await s.page.$eval('#app', (e) => e.dataset.page));
  await go(s, '#/venture-day/sz-2024-07');
  checkEq('venture day: the fund manager sees its fund\'s two matches only', '2', await s.page.$eval('.vd-matches', (e) => e.dataset.count).catch(() => 'none'));
  checkEq('... and no outcome report', 0, (await s.page.$$('.vd-outcome')).length);
  await go(s, '#/funds');
  const subs = await s.page.$$eval('li[data-fund="anhui-ai"] > ul > li[data-fund]', (els) => els.map((e) => e.dataset.fund));
  checkEq('the tree: mother anhui-ai -> its two sub-funds', 'ah-sub-1,ah-sub-2', subs.join(','));
  const deals = await texts(s, 'li[data-fund="ah-sub-1"] > .card table tbody td:first-child');
  checkEq('... -> the sub-fund\'s deals', 'ah-sub-1-d1,ah-sub-1-d2', deals.sort().join(','));
  const sub1 = await s.page.$eval('li[data-fund="ah-sub-1"] > .card', (e) => e.textContent);
  check('per fund: IRR 16.42%, TVPI 1.40x, DPI 0.15x, leverage 5.00x', ['16.42%', '1.40x', '0.15x', '5.00x'].every((v) => sub1.includes(v)), sub1.slice(0, 400));
  checkEq('... and 返投: 8,000.00万 local of 1亿 required is short', '0', await s.page.$eval('li[data-fund="ah-sub-1"] > .card .reinvest', (e) => e.dataset.compliant));
  const calledBefore = await s.page.$eval('li[data-fund="ah-sub-1"] > .card .fund-called', (e) => Number(e.dataset.calledFen));
  checkEq('... called 2亿', 20000000000, calledBefore);
  await follow(s.page, 'li[data-fund="ah-sub-1"] > .card h3 a');
  checkEq('the fund page opens', 'fund', await s.page.$eval('#app', (e) => e.dataset.page));
  await s.page.waitForSelector('.chart canvas', { timeout: 10000 }).catch(() => null); // drawn after layout
  check('a J-curve is drawn', (await s.page.$$('.chart canvas')).length === 1, 'no canvas');
  check('... with the projection by year beside it', (await s.page.$$('table tbody tr')).length >= 3, 'no projection rows');
  checkEq("a sub-fund's cash account is the mother's manager's to read too (its scope covers the sub-funds): the dated J-curve, nothing to excuse",
    'history 0', `${await s.page.$eval('.chart', (e) => e.dataset.actual)} ${(await s.page.$$('main .msg-info')).length}`);
  check('... from the start through its calls to today', Number(await s.page.$eval('.chart', (e) => e.dataset.actualPoints)) >= 3, 'fewer than 3 points');
  s.allow(/status of 4\d\d/);
  await s.page.fill('input[name="amount"]', '9亿');
  await s.page.click('form button[type="submit"]');
  await s.page.waitForFunction(() => /\(4\d\d\)/.test(document.querySelector('input[name="amount"] ~ .field-error')?.textContent || ''), null, { timeout: 10000 });
  pass("a call above the uncalled: the server's error beside the amount");
  checkEq('... nothing called', calledBefore, await s.page.$eval('.fund-figures .fund-called', (e) => Number(e.dataset.calledFen)));
  await s.page.fill('input[name="amount"]', '5000万');
  await s.page.fill('input[name="date"]', '2024-06-30');
  await s.page.click('form button[type="submit"]');
  await s.page.waitForSelector('main > .msg-ok', { timeout: 10000 });
  checkEq("the fund's called figure moves by the amount (5000万)", calledBefore + 5000000000, await s.page.$eval('.fund-figures .fund-called', (e) => Number(e.dataset.calledFen)));
  check('each submit had its own Idempotency-Key', keys.length === 2 && keys.every(Boolean) && keys[0] !== keys[1], JSON.stringify(keys));
  await shootAll(s, 'fund');
  await go(s, '#/fund/anhui-ai');
  const mother = await s.page.$eval('.chart', (e) => `${e.dataset.actual} ${e.dataset.actualPoints} ${e.dataset.actualNet}`);
  checkEq("the mother's J-curve is its dated flows: the start, its 3亿 call, today (its calls into sub-funds are not its LPs' flows)", 'history 3 -300000000', mother);
  await shootAll(s, 'fund-mother', false);
  await go(s, '#/funds');
  checkEq('... and in the tree', calledBefore + 5000000000, await s.page.$eval('li[data-fund="ah-sub-1"] > .card .fund-called', (e) => Number(e.dataset.calledFen)));
  await tour(s);
  noConsoleErrors(s);
  await s.context.close();
});

await browser.close();
process.exit(failures ? 1 : 0);

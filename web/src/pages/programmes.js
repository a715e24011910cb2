// pages/programmes.js — officers, reviewers, auditors: every programme in scope with a budget bar
// per budget (appropriated, reserved, paid, remaining), a chart of the budgets, the programme's
// spending by month (every budget's payments, from its account history: subsidies paid, vouchers
// settled, pools funded — not reservations, not what closing returns), and the csv/xlsx report
// downloads. Analysts: programme totals by sector or
// city or district (GET /reports/programmes/ID?by=).
import { apiUrl, get, getAll as allPages } from '../api.js';
import { h, replace, track, uid } from '../dom.js';
import { money } from '../format.js';
import { getLang, t } from '../i18n.js';
import { chart } from '../chart.js';
import { budgetBar, section, table } from '../ui.js';

const title = (p) => (getLang() === 'en' ? p.title_en || p.programme : p.title_zh || p.programme);
const yuan = (fen) => Number(fen) / 100; // chart axes only (display; never used for money sums)

function budgetsChart(p) {
  const names = p.budgets.map((b) => b.budget);
  const serie = (key) => ({ name: t(`budget.${key}`), type: 'bar', stack: 'b', data: p.budgets.map((b) => yuan(b[`${key}_fen`])) });
  return chart(t('chart.budgets', { p: title(p) }), {
    legend: { top: 0 },
    grid: { left: 90, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: names },
    series: [serie('paid'), serie('reserved'), serie('remaining')],
  });
}

// What left the programme's budgets each month (YYYY-MM -> fen): posted debits and posted
// reservations, not reservations still open or voided, not the remainder a close returns.
async function spendingByMonth(p) {
  const byMonth = new Map();
  for (const b of p.budgets) {
    const rows = await allPages(`/accounts/${encodeURIComponent(b.account)}/history`);
    for (const r of rows) {
      if (r.side !== 'debit' || (r.kind !== 'posted' && r.kind !== 'post_pending') || r.code === 'programme.close') continue;
      const m = r.date.slice(0, 7);
      byMonth.set(m, (byMonth.get(m) || 0n) + BigInt(r.amount_fen));
    }
  }
  return byMonth;
}

function spendingChart(p, byMonth) {
  const months = [...byMonth.keys()].sort();
  if (months.length === 0) return h('p', {}, t('chart.no_spending'));
  let run = 0n;
  const cumulative = months.map((m) => Number((run += byMonth.get(m))) / 100);
  const box = chart(t('chart.spending', { p: title(p) }), {
    legend: { top: 0 },
    grid: { left: 90, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value' },
    series: [
      { name: t('chart.paid_month'), type: 'bar', data: months.map((m) => Number(byMonth.get(m)) / 100) },
      { name: t('chart.paid_total'), type: 'line', data: cumulative },
    ],
  });
  box.classList.add('spending');
  box.setAttribute('data-spent-fen', String(run));
  box.setAttribute('data-months', String(months.length));
  return box;
}

function exports(id) {
  const link = (fmt) => h('a', { href: apiUrl(`/reports/programmes/${encodeURIComponent(id)}`, { format: fmt }), download: `${id}.${fmt}` }, t(`export.${fmt}`));
  return h('p', { class: 'exports' }, t('export.label'), ' ', link('csv'), ' ', link('xlsx'));
}

/* A multi-year appropriation released year by year (programme release): what is pledged, released
 * and left; nothing for an open-ended one. */
function multiYear(p) {
  const a = p.multi_year_appropriation;
  if (!a) return null;
  return h('p', { class: 'multi-year', 'data-unreleased-fen': String(a.unreleased_fen) },
    `${t('programme.multi_year')} ${money(a.pledged_fen)} · ${t('programme.released')} ${money(a.released_fen)} · ${t('programme.unreleased')} ${money(a.unreleased_fen)} · ${t('programme.unbudgeted')} ${money(a.unbudgeted_fen)}`);
}

export async function programmesPage(ctx) {
  replace(ctx.main, h('h1', {}, t('page.programmes')), h('p', { class: 'progress' }, t('form.loading')));
  const programmes = await allPages('/programmes');
  /* the budgets' account histories: officers and auditors may read them (reviewers may not) */
  const reads = ctx.who.role === 'officer' || ctx.who.role === 'auditor';
  const spent = reads ? await Promise.all(programmes.map((p) => spendingByMonth(p))) : programmes.map(() => null);
  replace(ctx.main, h('h1', {}, t('page.programmes')),
    programmes.length === 0 ? h('p', {}, t('table.empty')) : null,
    programmes.map((p, i) => h('section', { class: 'card programme', 'data-programme': p.programme },
      h('h2', {}, `${title(p)} `, h('code', {}, p.programme), p.closed ? ` · ${t('programme.closed')}` : ''),
      multiYear(p),
      h('p', {}, `${t('budget.appropriated')} ${money(p.appropriated_fen)} · ${t('budget.reserved')} ${money(p.reserved_fen)} · ${t('budget.paid')} ${money(p.paid_fen)} · ${t('budget.remaining')} ${money(p.remaining_fen)}`),
      p.budgets.map((b) => budgetBar(b.budget, b)),
      h('div', { class: 'charts' }, budgetsChart(p), spent[i] ? spendingChart(p, spent[i]) : null),
      exports(p.programme))));
}

export async function totalsPage(ctx) {
  const programmes = await allPages('/programmes');
  const pid = uid('prog');
  const bid = uid('by');
  const progSel = h('select', { id: pid }, programmes.map((p) => h('option', { value: p.programme }, `${title(p)} (${p.programme})`)));
  const bySel = h('select', { id: bid }, ['sector', 'city', 'district', 'budget'].map((b) => h('option', { value: b }, t(`by.${b}`))));
  const out = h('div', { 'aria-live': 'polite' });
  const show = async () => {
    replace(out, h('p', { class: 'progress' }, t('form.loading')));
    const r = await get(`/reports/programmes/${encodeURIComponent(progSel.value)}`, { by: bySel.value });
    const rows = r.rows || [];
    const body = rows.filter((x) => x.group !== 'total');
    replace(out,
      table([
        { key: 'group', label: t(`by.${bySel.value}`) },
        { key: 'firms', label: t('totals.firms') },
        { key: 'paid_fen', label: t('budget.paid'), money: true },
        { key: 'reserved_fen', label: t('budget.reserved'), money: true },
        { key: 'returned_fen', label: t('totals.returned'), money: true },
      ], rows, r.title || ''),
      body.length ? chart(t('chart.totals'), {
        legend: { top: 0 },
        grid: { left: 90, right: 20, top: 30, bottom: 60 },
        xAxis: { type: 'category', data: body.map((x) => x.group), axisLabel: { rotate: 30 } },
        yAxis: { type: 'value' },
        series: [
          { name: t('budget.paid'), type: 'bar', data: body.map((x) => Number(x.paid_fen) / 100) },
          { name: t('budget.reserved'), type: 'bar', data: body.map((x) => Number(x.reserved_fen) / 100) },
        ],
      }) : null);
  };
  progSel.addEventListener('change', () => track(show()));
  bySel.addEventListener('change', () => track(show()));
  replace(ctx.main, h('h1', {}, t('page.totals')),
    section(t('totals.choose'),
      h('div', { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: pid }, t('totals.programme')), progSel),
        h('div', { class: 'field' }, h('label', { for: bid }, t('totals.by')), bySel)),
      out));
  if (programmes.length) await show();
  else replace(out, h('p', {}, t('table.empty')));
}

// pages/funds.js — fund managers (and auditors, analysts: the same read routes): the fund group as
// a tree, mother -> sub-funds -> deals (GET /funds; each fund's GET /funds/ID for its deals and
// each root's GET /funds/ID/report for the group's totals), with commitments, calls, NAV, IRR,
// TVPI, DPI, 返投 (reinvestment) compliance and leverage per fund; and one fund: its figures, LPs
// and deals, a J-curve of its actual cumulative net cash flow (the dated calls and distributions
// in the history of its cash account) beside the Takahashi–Alexander projection (GET /funds/ID/projection), and for a
// manager recording a call (POST /funds/ID/events, a fresh Idempotency-Key per submit).
import { api, get, getAll, newIdempotencyKey } from '../api.js';
import { h, replace } from '../dom.js';
import { money, multiple, percent, yuanToFen } from '../format.js';
import { t } from '../i18n.js';
import { chart } from '../chart.js';
import { facts, form, message, section, table } from '../ui.js';

const enc = encodeURIComponent;

// 返投: the fund's reinvestment duty (required, local, shortfall) and whether it is met.
function reinvest(f) {
  const r = f.reinvestment;
  if (!r || !Number(r.required_fen)) return h('span', { class: 'reinvest' }, t('fund.reinvest_none'));
  const ok = BigInt(r.shortfall_fen) <= 0n;
  return h('span', { class: `reinvest ${ok ? 'pass' : 'fail'}`, 'data-compliant': ok ? '1' : '0' },
    `${ok ? t('fund.compliant') : t('fund.short', { amount: money(r.shortfall_fen) })} · ${t('fund.local_of', { local: money(r.local_fen), required: money(r.required_fen) })}`);
}

// The figures of one fund as [label, value] pairs (used in the tree and on the fund's page).
function figures(f) {
  return [
    [t('fund.size'), money(f.size_fen)],
    [t('fund.committed'), money(f.committed_fen)],
    [t('fund.called'), h('span', { class: 'fund-called', 'data-called-fen': f.called_fen }, money(f.called_fen))],
    [t('fund.uncalled'), money(f.uncalled_fen)],
    [t('fund.distributed'), money(f.distributed_fen)],
    [t('fund.nav'), money(f.nav_fen)],
    [t('fund.irr'), percent(f.irr)],
    [t('fund.tvpi'), multiple(f.tvpi && f.tvpi.value)],
    [t('fund.dpi'), multiple(f.dpi && f.dpi.value)],
    [t('fund.reinvest'), reinvest(f)],
    [t('fund.leverage'), multiple(f.leverage)],
  ];
}

function dealsTable(deals, caption) {
  return table([
    { key: 'deal', label: t('fund.deal') },
    { key: 'firm', label: t('app.firm') },
    { key: 'sector', label: t('firm.sector') },
    { key: 'city', label: t('firm.city') },
    { key: 'date', label: t('col.date') },
    { key: 'status', label: t('app.status') },
    { key: 'cost_fen', label: t('fund.cost'), money: true },
    { key: 'value_fen', label: t('fund.value'), money: true },
  ], deals, caption);
}

function node(f, kids, shows) {
  const deals = shows.get(f.fund) && shows.get(f.fund).deals_list;
  return h('li', { class: 'fund-node', 'data-fund': f.fund },
    h('article', { class: 'card' },
      h('h3', {}, h('a', { href: `#/fund/${enc(f.fund)}` }, f.name && f.name !== f.fund ? `${f.name} (${f.fund})` : f.fund),
        ' ', h('span', { class: 'muted' }, `${t('fund.vintage')} ${f.vintage || '—'}`)),
      h('dl', { class: 'figs' }, figures(f).map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
      deals && deals.length ? dealsTable(deals, t('fund.deals_of', { fund: f.fund })) : null),
    kids.length ? h('ul', { class: 'fundtree' }, kids) : null);
}

export async function fundsPage(ctx) {
  replace(ctx.main, h('h1', {}, t('page.funds')), h('p', { class: 'progress' }, t('form.loading')));
  const funds = await getAll('/funds');
  const ids = new Set(funds.map((f) => f.fund));
  const roots = funds.filter((f) => !f.parent || !ids.has(f.parent));
  const shows = new Map();
  await Promise.all(funds.map(async (f) => shows.set(f.fund, await get(`/funds/${enc(f.fund)}`))));
  const reports = new Map();
  await Promise.all(roots.map(async (f) => reports.set(f.fund, await get(`/funds/${enc(f.fund)}/report`, { by: 'sector' }))));
  const children = (id) => funds.filter((f) => f.parent === id).sort((a, b) => a.fund.localeCompare(b.fund));
  const build = (f) => node(f, children(f.fund).map(build), shows);
  replace(ctx.main, h('h1', {}, t('page.funds')),
    h('p', {}, t('funds.intro')),
    funds.length === 0 ? h('p', {}, t('table.empty')) : null,
    roots.map((root) => {
      const r = reports.get(root.fund);
      return h('section', { class: 'card group', 'data-group': root.fund },
        h('h2', {}, t('funds.group', { fund: root.name || root.fund })),
        facts([
          [t('funds.funds_count'), r.funds_count],
          [t('funds.size_total'), money(r.size_total_fen)],
          [t('funds.external_committed'), money(r.external_committed_fen)],
          [t('funds.external_called'), money(r.external_called_fen)],
          [t('fund.nav'), money(r.nav_fen)],
          [t('fund.irr'), percent(r.irr)],
          [t('fund.tvpi'), multiple(r.tvpi && r.tvpi.value)],
          [t('fund.dpi'), multiple(r.dpi && r.dpi.value)],
          [t('funds.leverage_group'), r.leverage ? multiple(r.leverage.size_over_government) : '—'],
          [t('fund.reinvest'), r.reinvestment ? reinvest({ reinvestment: r.reinvestment }) : '—'],
        ]),
        h('ul', { class: 'fundtree top', 'aria-label': t('funds.tree', { fund: root.fund }) }, build(root)));
    }));
}

const yearsBetween = (a, b) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / (365.25 * 86400000);
const net = (f) => Number(BigInt(f.distributed_fen) - BigInt(f.called_fen)) / 100; // chart only
const fundYear = (f, date) => Number(Math.max(0, yearsBetween(f.vintage, date)).toFixed(3));

// Whether the API lets this user read the fund's own accounts (fund/ID/...): auditors all, a
// fund manager those of every fund it may open (its scope fund:ID covers the fund and the
// sub-funds under it, accounts included), analysts none.
function readsAccounts(ctx) {
  return ctx.who.role === 'auditor' || ctx.who.role === 'fund_manager';
}

// The actual J-curve: [fund year, the LPs' cumulative net cash flow in yuan] after each call into
// the fund and each distribution out of it, dated, from the history of its cash account
// (GET /accounts/fund/ID/cash/history), ending at `asOf`; null when the user may not read it.
async function actualCurve(ctx, f, asOf) {
  if (!f.vintage || !readsAccounts(ctx)) return null;
  const rows = await getAll(`/accounts/${enc(`fund/${f.fund}/cash`)}/history`);
  const own = `fund/${f.fund}/cash`;
  let cum = 0n;
  const points = [[0, 0]];
  for (const r of rows) {
    if (!r.ref || r.ref.fund !== f.fund) continue; // the fund acting as an LP of a sub-fund
    if (r.code === 'fund.call' && r.credit === own) cum -= BigInt(r.amount_fen);
    else if (r.code === 'fund.distribute' && r.debit === own) cum += BigInt(r.amount_fen);
    else continue;
    points.push([fundYear(f, r.date), Number(cum) / 100]);
  }
  points.push([fundYear(f, asOf), Number(cum) / 100]);
  return points;
}

function jcurve(f, dated, proj) {
  const actual = dated || [[0, 0], [fundYear(f, f.asOf), net(f)]];
  const projected = (proj.years || []).map((y) => [y.year, y.cumulative_net]);
  if (actual.length && projected.length) projected.unshift(actual[actual.length - 1]);
  const box = chart(t('chart.jcurve', { fund: f.fund }), {
    legend: { top: 0 },
    grid: { left: 90, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: t('chart.fund_year'), nameLocation: 'middle', nameGap: 25, min: 0 },
    yAxis: { type: 'value' },
    series: [
      { name: t('chart.actual'), type: 'line', data: actual, symbolSize: 6, step: dated ? 'end' : false },
      { name: t('chart.projected'), type: 'line', data: projected, lineStyle: { type: 'dashed' }, symbolSize: 4 },
    ],
  });
  box.setAttribute('data-actual', dated ? 'history' : 'today');
  box.setAttribute('data-actual-points', actual.length);
  box.setAttribute('data-actual-net', actual[actual.length - 1][1]);
  return box;
}

function callForm(ctx, f) {
  return form({
    legend: t('fund.record_call'), submit: t('fund.record_call'),
    fields: [
      { name: 'amount', label: t('fund.call_amount'), required: true, kind: 'money', help: t('fund.call_help', { uncalled: money(f.uncalled_fen) }) },
      { name: 'date', label: t('col.date'), kind: 'date', placeholder: 'YYYY-MM-DD', help: t('fund.date_help') },
    ],
    onSubmit: async (v) => {
      const body = { kind: 'call', amount: v.amount };
      if (v.date) body.date = v.date;
      const r = await api('POST', `/funds/${enc(f.fund)}/events`, { body, idem: newIdempotencyKey() });
      const paid = (r.data.flows || []).reduce((s, x) => s + BigInt(x.amount_fen), 0n);
      await fundPage(ctx, f.fund, t('fund.called_done', { amount: money(paid), event: r.data.event }));
      return null;
    },
  }).el;
}

export async function fundPage(ctx, id, done) {
  replace(ctx.main, h('h1', {}, `${t('page.fund')} ${id}`), h('p', { class: 'progress' }, t('form.loading')));
  const [f, report, proj] = await Promise.all([
    get(`/funds/${enc(id)}`), get(`/funds/${enc(id)}/report`), get(`/funds/${enc(id)}/projection`)]);
  f.asOf = report.as_of;
  const actual = await actualCurve(ctx, f, report.as_of);
  const projRows = (proj.years || []).map((y) => ({
    year: y.year,
    contribution: yuanToFen(y.contribution),
    distribution: yuanToFen(y.distribution),
    nav: yuanToFen(y.nav),
    net: yuanToFen(y.net_cash_flow),
    cumulative: yuanToFen(y.cumulative_net),
  }));
  replace(ctx.main,
    h('h1', {}, `${t('page.fund')} ${f.name && f.name !== f.fund ? `${f.name} (${f.fund})` : f.fund}`),
    h('p', {}, h('a', { href: '#/funds' }, t('fund.back'))),
    done ? message('ok', done) : null,
    section(t('fund.figures'), h('div', { class: 'fund-figures', 'data-fund': f.fund }, facts([
      [t('fund.parent'), f.parent || '—'],
      [t('fund.gp'), f.gp],
      [t('fund.vintage'), f.vintage],
      ...figures(f),
    ]))),
    section(t('fund.jcurve'),
      h('p', {}, t('fund.jcurve_intro')),
      actual ? null : message('info', t('fund.flows_hidden')),
      jcurve(f, actual, proj),
      facts([
        [t('fund.trough'), proj.trough_year ? `${t('chart.fund_year')} ${proj.trough_year}: ${money(yuanToFen(proj.trough_value))}` : '—'],
        [t('fund.breakeven'), proj.breakeven_year ? `${t('chart.fund_year')} ${proj.breakeven_year}` : t('fund.no_breakeven')],
      ]),
      table([
        { key: 'year', label: t('chart.fund_year') },
        { key: 'contribution', label: t('fund.contribution'), money: true },
        { key: 'distribution', label: t('fund.distribution'), money: true },
        { key: 'nav', label: t('fund.nav'), money: true },
        { key: 'net', label: t('fund.net'), money: true },
        { key: 'cumulative', label: t('fund.cumulative'), money: true },
      ], projRows, t('fund.projection_table'))),
    ctx.who.role === 'fund_manager' ? section(t('fund.record_call'), callForm(ctx, f)) : null,
    f.lps ? section(t('fund.lps'), table([
      { key: 'lp', label: t('fund.lp') },
      { key: 'type', label: t('fund.lp_type') },
      { key: 'committed_fen', label: t('fund.committed'), money: true },
      { key: 'called_fen', label: t('fund.called'), money: true },
      { key: 'uncalled_fen', label: t('fund.uncalled'), money: true },
      { key: 'distributed_fen', label: t('fund.distributed'), money: true },
    ], f.lps, t('fund.lps'))) : null,
    f.deals_list ? section(t('fund.deals'), dealsTable(f.deals_list, t('fund.deals_of', { fund: f.fund }))) : null);
}

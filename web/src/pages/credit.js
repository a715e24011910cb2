// pages/credit.js — bank credit with the risk-compensation pool: loans (GET /loans, paged), one
// loan with its schedule, repayments and claim (GET /loans/ID) and the bank's next step (disburse
// an approved loan, repay the next instalment or declare a default, claim the pool's share of a
// defaulted loan's loss, record a recovery), approvals not disbursed within 5 working days
// (GET /credit/overdue), and the pools with their balance and leverage (GET /pools: an
// officer's programmes', the pools a bank lends under with its own row, all for auditors/analysts).
import { api, get, newIdempotencyKey } from '../api.js';
import { h, replace } from '../dom.js';
import { money } from '../format.js';
import { t } from '../i18n.js';
import { errorText, facts, form, message, pagedTable, section, statusText, table } from '../ui.js';

export async function loansPage(ctx) {
  const columns = [
    { key: 'id', label: t('loan.id'), render: (l) => h('a', { href: `#/loan/${encodeURIComponent(l.id)}` }, l.id) },
    { key: 'bank', label: t('loan.bank') },
    { key: 'product', label: t('loan.product') },
    { key: 'firm', label: t('app.firm') },
    { key: 'status', label: t('app.status'), render: (l) => statusText(l.status) },
    { key: 'amount_fen', label: t('approval.amount'), money: true },
    { key: 'outstanding_fen', label: t('loan.outstanding'), money: true },
    { key: 'approved', label: t('loan.approved') },
    { key: 'disbursed', label: t('loan.disbursed') },
  ];
  replace(ctx.main, h('h1', {}, t('page.loans')),
    pagedTable(columns, t('page.loans'), async (cursor) => {
      const page = await get('/loans', { cursor, limit: 50 });
      return { items: page.items, next: page.next_cursor };
    }));
}

function bankActions(ctx, l) {
  if (ctx.who.role !== 'bank') return null;
  const out = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const act = (verb, label, cls = 'primary') => {
    const idem = newIdempotencyKey();
    const b = h('button', { type: 'button', class: cls, 'data-verb': verb, on: { click: async () => {
      b.disabled = true;
      replace(out, h('span', { class: 'progress' }, t('form.working')));
      try {
        await api('POST', `/loans/${encodeURIComponent(l.id)}/${verb}`, { body: {}, idem });
        await loanPage(ctx, l.id);
      } catch (e) {
        replace(out, message('error', errorText(e)));
        b.disabled = false;
      }
    } } }, label);
    return b;
  };
  const buttons = [];
  if (l.status === 'approved') buttons.push(act('disburse', t('loan.disburse')));
  if (l.status === 'disbursed') buttons.push(act('repay', t('loan.repay')), act('default', t('loan.declare_default'), 'danger'));
  if (l.status === 'defaulted' && !l.claim) buttons.push(act('claims', t('loan.claim_action')));
  const recover = l.status === 'defaulted' ? form({
    legend: t('loan.recover'), submit: t('loan.recover'),
    fields: [{ name: 'amount', label: t('loan.recover_amount'), required: true, kind: 'money' }],
    onSubmit: async (v) => {
      await api('POST', `/loans/${encodeURIComponent(l.id)}/recover`, { body: { amount: v.amount }, idem: newIdempotencyKey() });
      await loanPage(ctx, l.id);
      return null;
    },
  }).el : null;
  if (!buttons.length && !recover) return null;
  return section(t('action.title'), buttons.length ? h('div', { class: 'actions' }, buttons) : null, out, recover);
}

// The pool's compensation of a defaulted loan: the rule that applied, its share, what it came to
// and what the pool paid.
function claimSection(l) {
  if (!l.claim) return null;
  const c = l.claim;
  return section(t('loan.claim'), h('div', { class: 'loan-claim', 'data-paid-fen': c.paid_fen }, facts([
    [t('col.date'), c.date], [t('loan.pool'), c.pool], [t('loan.claim_rule'), c.rule],
    [t('loan.claim_share'), `${(c.share_bp / 100).toFixed(2)}%`],
    [t('loan.claim_entitled'), money(c.entitled_fen)], [t('loan.claim_paid'), money(c.paid_fen)],
  ])));
}

export async function loanPage(ctx, id) {
  const l = await get(`/loans/${encodeURIComponent(id)}`);
  replace(ctx.main, h('h1', {}, `${t('page.loan')} ${l.id}`),
    h('p', {}, h('a', { href: '#/loans' }, t('loan.back'))),
    section(t('app.summary'), facts([
      [t('app.status'), statusText(l.status)],
      [t('loan.bank'), l.bank], [t('loan.product'), l.product], [t('app.firm'), l.firm], [t('loan.pool'), l.pool],
      [t('approval.amount'), money(l.amount_fen)], [t('loan.rate'), `${(l.rate_bp / 100).toFixed(2)}%`],
      [t('loan.term'), t('loan.months', { n: l.term_months })],
      [t('loan.approved'), l.approved], [t('loan.disbursed'), l.disbursed || ''], [t('loan.defaulted'), l.defaulted || ''],
      [t('loan.outstanding'), money(l.outstanding_fen)], [t('loan.principal_repaid'), money(l.principal_repaid_fen)],
      [t('loan.interest_paid'), money(l.interest_paid_fen)], [t('loan.written_off'), money(l.written_off_fen)],
      [t('loan.recovered'), money(l.recovered_fen)],
    ])),
    claimSection(l),
    bankActions(ctx, l),
    l.schedule ? section(t('loan.schedule'), table([
      { key: 'number', label: '#' }, { key: 'date', label: t('col.date') },
      { key: 'principal_fen', label: t('loan.principal'), money: true },
      { key: 'interest_fen', label: t('loan.interest'), money: true },
      { key: 'outstanding_after_fen', label: t('loan.outstanding_after'), money: true },
    ], l.schedule, t('loan.schedule'))) : null);
}

export async function overduePage(ctx) {
  const columns = [
    { key: 'loan', label: t('loan.id') },
    { key: 'bank', label: t('loan.bank') },
    { key: 'firm', label: t('app.firm') },
    { key: 'amount_fen', label: t('approval.amount'), money: true },
    { key: 'approved', label: t('loan.approved') },
    { key: 'deadline', label: t('overdue.deadline') },
    { key: 'workdays', label: t('overdue.workdays') },
    { key: 'state', label: t('app.status'), render: (o) => statusText(o.state) },
  ];
  replace(ctx.main, h('h1', {}, t('page.overdue')), h('p', {}, t('overdue.intro')),
    pagedTable(columns, t('page.overdue'), async (cursor) => {
      const page = await get('/credit/overdue', { cursor, limit: 50, workdays: 5 });
      return { items: page.items, next: page.next_cursor };
    }));
}

export async function poolsPage(ctx) {
  const pools = [];
  let cursor = null;
  do {
    const page = await get('/pools', { cursor, limit: 200 });
    pools.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  replace(ctx.main, h('h1', {}, t('page.pools')),
    pools.length === 0 ? h('p', {}, t('table.empty')) : null,
    pools.map((p) => section(`${t('loan.pool')} ${p.pool} (${p.programme})`,
      facts([
        [t('pool.balance'), h('strong', {}, money(p.balance_fen))],
        [t('pool.funded'), money(p.funded_fen)],
        [t('pool.reconciled'), p.reconciled ? t('yes') : t('no')],
        [t('pool.leverage'), `${p.leverage} (${t('pool.required')} ${p.required_multiple}: ${p.meets_required ? t('yes') : t('no')})`],
        [t('pool.capacity'), money(p.capacity_fen)],
        [t('pool.loans'), `${p.loans} · ${t('loan.outstanding')} ${money(p.outstanding_fen)}`],
        [t('pool.defaults'), `${p.defaults} · ${t('loan.written_off')} ${money(p.written_off_fen)}`],
        [t('pool.claims'), `${p.claims} · ${money(p.claims_paid_fen)}`],
      ]),
      table([
        { key: 'bank', label: t('loan.bank') }, { key: 'loans', label: t('pool.loans') },
        { key: 'outstanding_fen', label: t('loan.outstanding'), money: true },
        { key: 'written_off_fen', label: t('loan.written_off'), money: true },
        { key: 'claims_paid_fen', label: t('pool.claims_paid'), money: true },
        { key: 'recovered_fen', label: t('loan.recovered'), money: true },
      ], p.banks || [], t('pool.banks')))));
}

// pages/interest.js — interest subsidies (贴息): the schemes the caller may see with the periods each
// has paid (GET /interest-subsidies, /interest-subsidies/ID), an officer paying the next period
// (POST /interest-subsidies/ID/accrue, once per period, all or nothing), and one period's rows per
// loan — days counted, principal-days, the loan's rate and the subsidy's, the clause that decided
// (GET /interest-subsidies/ID/periods/P: a bank sees its banks' rows, an enterprise its firm's).
import { api, get, getAll, newIdempotencyKey } from '../api.js';
import { h, replace } from '../dom.js';
import { money } from '../format.js';
import { t } from '../i18n.js';
import { facts, form, section, table } from '../ui.js';

const pct = (bp) => `${(bp / 100).toFixed(2)}%`;
const periodHref = (scheme, period) => `#/interest-period/${encodeURIComponent(scheme)}/${encodeURIComponent(period)}`;

function accrueForm(ctx, s) {
  if (ctx.who.role !== 'officer') return null;
  return form({
    legend: t('interest.accrue'), submit: t('interest.accrue'),
    fields: [{ name: 'period', label: t('interest.period'), required: true, placeholder: '2024Q2 / 2024-05' }],
    onSubmit: async (v) => {
      const r = await api('POST', `/interest-subsidies/${encodeURIComponent(s.id)}/accrue`,
        { body: { period: v.period.trim() }, idem: newIdempotencyKey() });
      ctx.go(periodHref(s.id, r.data.period));
      return null;
    },
  }).el;
}

export async function interestPage(ctx) {
  const schemes = await getAll('/interest-subsidies');
  const details = await Promise.all(schemes.map((s) => get(`/interest-subsidies/${encodeURIComponent(s.id)}`)));
  replace(ctx.main, h('h1', {}, t('page.interest')), h('p', {}, t('interest.intro')),
    details.length === 0 ? h('p', {}, t('table.empty')) : null,
    details.map((s) => section(`${t('interest.scheme')} ${s.id}`,
      facts([
        [t('app.policy'), s.policy.label], [t('interest.programme'), s.programme],
        [t('interest.budget'), s.budget],
        [t('interest.payee'), s.payee === 'bank' ? t('interest.payee_bank') : t('interest.payee_firm')],
      ]),
      table([
        { key: 'period', label: t('interest.period'), render: (p) => h('a', { href: periodHref(s.id, p.period) }, p.period) },
        { key: 'paid_on', label: t('interest.paid_on') },
        { key: 'loans', label: t('interest.loans') },
        { key: 'paid', label: t('interest.paid_loans') },
        { key: 'total_fen', label: t('interest.total'), money: true },
      ], s.periods || [], t('interest.periods')),
      accrueForm(ctx, s))));
}

export async function interestPeriodPage(ctx, arg) {
  const [scheme, period] = arg.split('/');
  const r = await get(`/interest-subsidies/${encodeURIComponent(scheme)}/periods/${encodeURIComponent(period)}`);
  replace(ctx.main, h('h1', {}, `${t('interest.scheme')} ${r.scheme} · ${r.period}`),
    h('p', {}, h('a', { href: '#/interest' }, t('interest.back'))),
    section(t('app.summary'), h('div', { class: 'interest-total', 'data-total-fen': r.total_fen }, facts([
      [t('interest.days_range'), `${r.first} – ${r.last}`], [t('interest.paid_on'), r.paid_on],
      [t('interest.loans'), r.loans], [t('interest.paid_loans'), r.paid],
      [t('interest.total'), h('strong', {}, money(r.total_fen))],
    ]))),
    section(t('interest.rows'), table([
      { key: 'loan', label: t('loan.id') },
      { key: 'firm', label: t('app.firm') },
      { key: 'bank', label: t('loan.bank') },
      { key: 'days', label: t('interest.days') },
      { key: 'principal_days_fen', label: t('interest.principal_days'), render: (a) => money(a.principal_days_fen) },
      { key: 'loan_rate_bp', label: t('loan.rate'), render: (a) => pct(a.loan_rate_bp) },
      { key: 'rate_bp', label: t('interest.rate'), render: (a) => pct(a.rate_bp) },
      { key: 'amount_fen', label: t('interest.amount'), money: true },
      { key: 'clause', label: t('interest.clause'), render: (a) => (a.note ? `${a.clause}; ${a.note}` : a.clause) },
    ], r.rows || [], t('interest.rows'))));
}

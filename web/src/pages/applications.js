// pages/applications.js — the subsidy application queue (GET /subsidies, filtered by status,
// paged by the server) and one application: its figures, "why this amount" as the clause tree
// of the policy with the parameter values in force that day (GET /subsidies/ID), and for an
// officer the next steps its status allows: award, pay, reject, claw back.
import { api, get, newIdempotencyKey } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { money, isoDate } from '../format.js';
import { t } from '../i18n.js';
import { facts, form, message, pagedTable, section, statusText } from '../ui.js';

const STATUSES = ['', 'applied', 'awarded', 'paid', 'rejected', 'clawed_back', 'expired'];

export async function applicationsPage(ctx, arg) {
  const status = arg || '';
  const sid = uid('status');
  const sel = h('select', { id: sid, on: { change: () => ctx.go(`#/applications/${sel.value}`) } },
    STATUSES.map((s) => h('option', { value: s, selected: s === status }, s ? statusText(s) : t('filter.all'))));
  const columns = [
    { key: 'id', label: t('app.id'), render: (r) => h('a', { href: `#/application/${encodeURIComponent(r.id)}` }, r.id) },
    { key: 'programme', label: t('app.programme') },
    { key: 'firm', label: t('app.firm'), render: (r) => (r.inputs && r.inputs.name ? `${r.inputs.name} (${r.firm})` : r.firm) },
    { key: 'applied', label: t('app.applied') },
    { key: 'decided_fen', label: t('app.decided'), money: true },
    { key: 'paid_fen', label: t('budget.paid'), money: true },
    { key: 'status', label: t('app.status'), render: (r) => statusText(r.status) },
  ];
  const list = pagedTable(columns, t('page.applications'), async (cursor) => {
    const page = await get('/subsidies', { status, cursor, limit: 50 });
    return { items: page.items, next: page.next_cursor };
  });
  replace(ctx.main, h('h1', {}, t('page.applications')),
    h('div', { class: 'field inline' }, h('label', { for: sid }, t('app.status')), sel), list);
}

// The explanation rows (depth 0 and their depth 1 values) as nested lists.
export function clauseTree(rows) {
  const top = [];
  for (const r of rows || []) {
    if (r.depth > 0 && top.length) top[top.length - 1].children.push({ ...r, children: [] });
    else top.push({ ...r, children: [] });
  }
  const item = (r) => h('li', { class: `clause kind-${r.kind}${r.passed === false && r.kind === 'rule' ? ' failed' : ''}` },
    h('span', { class: 'kind' }, t(`explain.${r.kind}`)), ' ',
    h('strong', {}, r.label), r.value !== undefined ? [' = ', h('span', { class: 'value' }, r.value)] : null,
    r.note ? [' ', h('span', { class: 'note' }, `(${r.note})`)] : null,
    r.passed !== undefined && (r.kind === 'rule' || r.kind === 'amount') ? [' ', h('span', { class: r.passed ? 'pass' : 'fail' }, r.passed ? t('explain.passed') : t('explain.failed'))] : null,
    r.line ? h('span', { class: 'line' }, ` ${t('explain.line', { n: r.line })}`) : null,
    r.children.length ? h('ul', {}, r.children.map(item)) : null);
  return h('ul', { class: 'tree', 'aria-label': t('explain.title') }, top.map(item));
}

function answer(r, done) {
  if (r.status === 202 && r.data && r.data.pending_approval)
    return t('action.pending', { id: r.data.pending_approval.id });
  return done;
}

function actions(ctx, s) {
  if (ctx.who.role !== 'officer') return null;
  const path = `/subsidies/${encodeURIComponent(s.id)}`;
  const reload = () => applicationPage(ctx, s.id);
  const forms = [];
  if (s.status === 'applied' && s.eligible)
    forms.push(form({
      legend: t('action.award'), submit: t('action.award'),
      fields: [{ name: 'pay_by', label: t('action.pay_by'), kind: 'date', placeholder: 'YYYY-MM-DD' }],
      onSubmit: async (v) => {
        await api('POST', `${path}/award`, { body: v.pay_by ? { pay_by: v.pay_by } : {} });
        await reload();
        return null;
      },
    }));
  if (s.status === 'awarded') {
    const idem = newIdempotencyKey();
    forms.push(form({
      legend: t('action.pay'), submit: t('action.pay'),
      fields: [{ name: 'amount', label: t('action.amount_optional'), kind: 'money', help: t('action.pay_help') }],
      onSubmit: async (v) => {
        const r = await api('POST', `${path}/pay`, { body: v.amount ? { amount: v.amount } : {}, idem });
        const msg = answer(r, t('action.paid'));
        if (r.status !== 202) await reload();
        return msg;
      },
    }));
  }
  if (s.status === 'applied' || s.status === 'awarded')
    forms.push(form({
      legend: t('action.reject'), submit: t('action.reject'), danger: true,
      fields: [{ name: 'reason', label: t('action.reason'), required: true, type: 'textarea' }],
      onSubmit: async (v) => {
        await api('POST', `${path}/reject`, { body: { reason: v.reason } });
        await reload();
        return null;
      },
    }));
  if (s.status === 'paid' || (s.paid_fen > 0 && s.status !== 'clawed_back')) {
    const idem = newIdempotencyKey();
    forms.push(form({
      legend: t('action.clawback'), submit: t('action.clawback'), danger: true,
      fields: [
        { name: 'amount', label: t('action.amount_optional'), kind: 'money' },
        { name: 'reason', label: t('action.reason'), required: true, type: 'textarea' },
      ],
      onSubmit: async (v) => {
        const body = { reason: v.reason };
        if (v.amount) body.amount = v.amount;
        await api('POST', `${path}/clawback`, { body, idem });
        await reload();
        return null;
      },
    }));
  }
  return forms.length ? section(t('action.title'), h('div', { class: 'forms' }, forms.map((f) => f.el))) : null;
}

export async function applicationPage(ctx, id) {
  const s = await get(`/subsidies/${encodeURIComponent(id)}`);
  replace(ctx.main,
    h('h1', {}, `${t('page.application')} ${s.id}`),
    h('p', {}, h('a', { href: '#/applications' }, t('app.back'))),
    section(t('app.summary'), facts([
      [t('app.status'), statusText(s.status)],
      [t('app.programme'), s.programme],
      [t('app.firm'), s.inputs && s.inputs.name ? `${s.inputs.name} (${s.firm})` : s.firm],
      [t('app.policy'), s.policy],
      [t('app.applied'), isoDate(s.applied)],
      [t('app.eligible'), s.eligible ? t('yes') : `${t('no')} ${s.reason || ''}`],
      [t('app.decided'), money(s.decided_fen)],
      [t('app.awarded'), money(s.award_fen)],
      [t('budget.paid'), h('span', { class: 'paid' }, money(s.paid_fen))],
      [t('app.clawed_back'), money(s.clawed_back_fen)],
      s.pay_by ? [t('action.pay_by'), s.pay_by] : null,
      s.policy_unchanged === false ? [t('app.policy_changed'), t('yes')] : null,
    ])),
    section(t('explain.title'), h('p', {}, t('explain.intro')), clauseTree(s.explanation)),
    actions(ctx, s) || (ctx.who.role === 'officer' ? message('info', t('action.none')) : null));
}

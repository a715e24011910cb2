// pages/audit.js — the auditor's view: `check` over the whole book (GET /check) with the audit
// chain, the audit log (GET /audit) filtered by actor and object, a page at a time (after = the
// previous page's next_after), and each entry's money movements (GET /audit/entries/SEQ): the
// transfers its transaction committed, each with its cause — the application, loan or programme
// its refs name, the application opening on its clause tree.
import { get } from '../api.js';
import { h, replace, track, uid } from '../dom.js';
import { isoDate, money } from '../format.js';
import { t } from '../i18n.js';
import { errorText, facts, message, section, table } from '../ui.js';

export async function checkPage(ctx) {
  replace(ctx.main, h('h1', {}, t('page.check')), h('p', { class: 'progress' }, t('check.running')));
  const r = await get('/check');
  const pairs = Object.entries(r).filter(([k]) => k !== 'ok').map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  replace(ctx.main, h('h1', {}, t('page.check')),
    section(t('check.result'),
      h('p', { class: r.ok ? 'check-ok' : 'check-bad', 'data-ok': r.ok ? '1' : '0' }, r.ok ? t('check.ok') : t('check.bad')),
      facts(pairs)));
}

export async function auditPage(ctx) {
  const aid = uid('actor');
  const oid = uid('object');
  const actor = h('input', { id: aid, name: 'actor', type: 'text', autocomplete: 'off' });
  const object = h('input', { id: oid, name: 'object', type: 'text', autocomplete: 'off' });
  const out = h('div', { 'aria-live': 'polite' });
  const stack = [];
  const show = async (after) => {
    out.setAttribute('aria-busy', 'true');
    try {
      const page = await get('/audit', { actor: actor.value.trim(), object: object.value.trim(), after, limit: 50 });
      const rows = page.entries || [];
      replace(out,
        table([
          { key: 'seq', label: t('audit.seq'), render: (e) => h('a', { href: `#/movement/${e.seq}`, title: t('movement.open') }, String(e.seq)) },
          { key: 'time', label: t('audit.time'), render: (e) => isoDate(e.time) },
          { key: 'actor', label: t('audit.actor') },
          { key: 'action', label: t('audit.action') },
          { key: 'object', label: t('audit.object') },
          { key: 'result', label: t('audit.result') },
          { key: 'hash', label: t('audit.hash'), render: (e) => h('code', {}, e.hash.slice(0, 16)) },
        ], rows, t('page.audit')),
        h('div', { class: 'pager' },
          h('button', { type: 'button', disabled: stack.length === 0, on: { click: () => track(show(stack.pop())) } }, t('table.prev')),
          h('span', {}, t('table.page', { n: stack.length + 1 })),
          h('button', { type: 'button', disabled: !page.next_after || rows.length < 50, on: { click: () => { stack.push(after); track(show(page.next_after)); } } }, t('table.next'))));
    } catch (e) {
      replace(out, message('error', errorText(e)));
    } finally {
      out.removeAttribute('aria-busy');
    }
  };
  const filters = h('form', { class: 'row', 'aria-label': t('audit.filters'), on: { submit: (ev) => { ev.preventDefault(); stack.length = 0; track(show(0)); } } },
    h('div', { class: 'field' }, h('label', { for: aid }, t('audit.actor')), actor),
    h('div', { class: 'field' }, h('label', { for: oid }, t('audit.object')), object),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('audit.filter'))));
  let chain = null;
  try {
    const c = await get('/check');
    chain = section(t('audit.chain'), h('p', { class: c.ok ? 'check-ok' : 'check-bad' }, c.ok ? t('audit.chain_ok') : t('audit.chain_bad')),
      facts(Object.entries(c).filter(([k]) => /audit|chain/.test(k)).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])));
  } catch (e) {
    chain = message('error', errorText(e));
  }
  replace(ctx.main, h('h1', {}, t('page.audit')), chain, section(t('audit.log'), filters, out));
  await show(0);
}

// What a transfer's refs say caused it: a link to the application (its clause tree) or loan, else
// the refs as text.
function cause(r) {
  const ref = r.ref || {};
  if (ref.app) return h('a', { href: `#/application/${encodeURIComponent(ref.app)}`, class: 'cause', 'data-app': ref.app }, t('movement.application', { id: ref.app }));
  if (ref.loan) return h('a', { href: `#/loan/${encodeURIComponent(ref.loan)}`, class: 'cause' }, t('movement.loan', { id: ref.loan }));
  const pairs = Object.entries(ref).map(([k, v]) => `${k}: ${v}`);
  return pairs.length ? pairs.join(', ') : '—';
}

export async function movementPage(ctx, seq) {
  const d = await get(`/audit/entries/${encodeURIComponent(seq)}`);
  const e = d.entry;
  replace(ctx.main,
    h('h1', {}, t('movement.title', { seq: e.seq })),
    h('p', {}, h('a', { href: '#/audit' }, t('movement.back'))),
    section(t('movement.entry'), facts([
      [t('audit.time'), isoDate(e.time)], [t('audit.actor'), e.actor], [t('audit.action'), e.action],
      [t('audit.object'), e.object || '—'], [t('audit.result'), e.result], [t('audit.hash'), h('code', {}, e.hash)],
    ])),
    section(t('movement.transfers'),
      d.transfers.length === 0 ? message('info', t('movement.none')) : null,
      table([
        { key: 'id', label: t('col.transfer') },
        { key: 'debit', label: t('col.from') },
        { key: 'credit', label: t('col.to') },
        { key: 'amount_fen', label: t('movement.amount'), money: true },
        { key: 'date', label: t('col.date') },
        { key: 'code', label: t('col.code') },
        { key: 'ref', label: t('movement.cause'), render: cause },
      ], d.transfers, t('movement.transfers'))));
}

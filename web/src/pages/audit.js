// pages/audit.js — the auditor's view: `check` over the whole book (GET /check) with the audit
// chain, and the audit log (GET /audit) filtered by actor and object, a page at a time
// (after = the previous page's next_after).
import { get } from '../api.js';
import { h, replace, track, uid } from '../dom.js';
import { isoDate } from '../format.js';
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
          { key: 'seq', label: t('audit.seq') },
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

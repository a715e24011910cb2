// pages/approvals.js — maker-checker (四眼原则): approvals by state (GET /approvals), each with
// its action, amount, maker and the stored request; a reviewer approves or rejects a pending one
// with a reason, an officer may withdraw (reject) its own. The maker's own approval is refused by
// the API (409 maker_checker), and shown as refused.
import { api, get, newIdempotencyKey } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { errorText, message, pagedTable } from '../ui.js';

function requestText(req) {
  return Object.entries(req || {}).filter(([k]) => k !== 'amount_fen').map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}

function decide(ctx, a) {
  if (a.state !== 'pending') return a.checker ? `${a.checker}${a.reason ? `: ${a.reason}` : ''}` : '';
  const rid = uid('reason');
  const reason = h('input', { id: rid, type: 'text', name: 'reason', autocomplete: 'off' });
  const out = h('span', { class: 'decide-status', 'aria-live': 'polite' });
  const idem = newIdempotencyKey(); // approving moves money: a retry must not execute twice
  const go = async (verb, btn) => {
    if (verb === 'reject' && !reason.value.trim()) {
      replace(out, message('error', t('approval.reason_needed')));
      reason.focus();
      return;
    }
    btn.disabled = true;
    replace(out, h('span', { class: 'progress' }, t('form.working')));
    try {
      await api('POST', `/approvals/${encodeURIComponent(a.id)}/${verb}`, {
        body: reason.value.trim() ? { reason: reason.value.trim() } : {},
        idem: verb === 'approve' ? idem : undefined,
      });
      await approvalsPage(ctx, 'pending');
      const done = message('ok', t(verb === 'approve' ? 'approval.approved' : 'approval.rejected', { id: a.id }));
      ctx.main.insertBefore(done, ctx.main.children[1] || null);
    } catch (e) {
      replace(out, message('error', errorText(e)));
      btn.disabled = false;
    }
  };
  const buttons = [];
  if (ctx.who.role === 'reviewer') {
    const b = h('button', { type: 'button', class: 'primary', on: { click: () => go('approve', b) } }, t('approval.approve'));
    buttons.push(b);
  }
  if (ctx.who.role === 'reviewer' || (ctx.who.role === 'officer' && a.maker === ctx.who.user)) {
    const b = h('button', { type: 'button', class: 'danger', on: { click: () => go('reject', b) } }, t('approval.reject'));
    buttons.push(b);
  }
  if (!buttons.length) return t('approval.waiting');
  return h('div', { class: 'decide', 'data-approval': a.id },
    h('label', { for: rid }, t('action.reason')), reason, buttons, out);
}

export async function approvalsPage(ctx, arg) {
  const state = arg || 'pending';
  const sid = uid('state');
  const sel = h('select', { id: sid, on: { change: () => ctx.go(`#/approvals/${sel.value}`) } },
    ['pending', 'executed', 'rejected'].map((s) => h('option', { value: s, selected: s === state }, t(`approval.state.${s}`))));
  const columns = [
    { key: 'id', label: t('approval.id') },
    { key: 'programme', label: t('app.programme') },
    { key: 'action', label: t('approval.action'), render: (a) => [h('strong', {}, a.action), h('br'), h('small', {}, requestText(a.request)),
      a.request && a.request.application
        ? [h('br'), h('a', { href: `#/application/${encodeURIComponent(a.request.application)}` }, t('approval.why'))] : null] },
    { key: 'amount_fen', label: t('approval.amount'), money: true },
    { key: 'maker', label: t('approval.maker') },
    { key: 'created', label: t('approval.created') },
    { key: 'decide', label: t('approval.decision'), render: (a) => decide(ctx, a) },
  ];
  replace(ctx.main, h('h1', {}, t('page.approvals')),
    h('div', { class: 'field inline' }, h('label', { for: sid }, t('approval.state')), sel),
    pagedTable(columns, t('page.approvals'), async (cursor) => {
      const page = await get('/approvals', { state, cursor, limit: 50 });
      return { items: page.items, next: page.next_cursor };
    }));
}

// pages/vouchers.js — compute vouchers (算力券): the list the caller may see (GET /vouchers), and
// for a provider: redeem a bill on a voucher, first quoted (dry_run: what the policy pays, nothing
// stored), then confirmed with one Idempotency-Key (a retry cannot pay twice); its redemptions
// and whether each is settled (GET /providers/ID/redemptions).
import { api, get, newIdempotencyKey } from '../api.js';
import { h, replace } from '../dom.js';
import { money } from '../format.js';
import { t } from '../i18n.js';
import { errorText, facts, form, message, pagedTable, section, statusText } from '../ui.js';
import { scopeIds } from './index.js';

export async function vouchersPage(ctx) {
  const columns = [
    { key: 'id', label: t('voucher.id') },
    { key: 'programme', label: t('app.programme') },
    { key: 'firm', label: t('app.firm') },
    { key: 'status', label: t('app.status'), render: (v) => statusText(v.status) },
    { key: 'face_fen', label: t('voucher.face'), money: true },
    { key: 'redeemed_fen', label: t('voucher.redeemed'), money: true },
    { key: 'remaining_fen', label: t('budget.remaining'), money: true },
    { key: 'issued', label: t('voucher.issued') },
    { key: 'expires', label: t('voucher.expires') },
  ];
  replace(ctx.main, h('h1', {}, t('page.vouchers')),
    pagedTable(columns, t('page.vouchers'), async (cursor) => {
      const page = await get('/vouchers', { cursor, limit: 50 });
      return { items: page.items, next: page.next_cursor };
    }));
}

export async function redeemPage(ctx) {
  const providers = scopeIds(ctx.who, 'provider');
  const provider = providers[0];
  const quoteBox = h('div', { class: 'quote', 'aria-live': 'polite' });
  let pending = null; // {voucher, body, idem}: the quote the user may confirm
  const confirm = async (btn) => {
    btn.disabled = true;
    replace(btn.parentNode.querySelector('.confirm-status'), h('span', { class: 'progress' }, t('form.working')));
    try {
      const r = await api('POST', `/vouchers/${encodeURIComponent(pending.voucher)}/redeem`, { body: pending.body, idem: pending.idem });
      replace(quoteBox, message('ok', t('redeem.done', { paid: money(r.data.paid_fen), voucher: r.data.voucher, bill: r.data.bill_id, remaining: money(r.data.remaining_fen) })),
        h('p', { class: 'redeemed', 'data-paid-fen': r.data.paid_fen }, `${t('redeem.paid')}: ${money(r.data.paid_fen)}`));
      pending = null;
    } catch (e) {
      replace(btn.parentNode.querySelector('.confirm-status'), message('error', errorText(e)));
      btn.disabled = false;
    }
  };
  const f = form({
    legend: t('redeem.title'), submit: t('redeem.quote'),
    fields: [
      { name: 'voucher', label: t('voucher.id'), required: true },
      { name: 'bill_id', label: t('redeem.bill_id'), required: true },
      { name: 'bill', label: t('redeem.bill'), required: true, kind: 'money', help: t('redeem.bill_help') },
    ],
    onSubmit: async (v) => {
      const body = { provider, bill_id: v.bill_id, bill: v.bill };
      const r = await api('POST', `/vouchers/${encodeURIComponent(v.voucher)}/redeem`, { body: { ...body, dry_run: true }, idem: newIdempotencyKey() });
      pending = { voucher: v.voucher, body, idem: newIdempotencyKey() };
      const btn = h('button', { type: 'button', class: 'primary', on: { click: () => confirm(btn) } }, t('redeem.confirm'));
      replace(quoteBox, section(t('redeem.quote_title'),
        facts([
          [t('voucher.id'), r.data.voucher],
          [t('redeem.bill_id'), r.data.bill_id],
          [t('redeem.bill'), v.bill],
          [t('redeem.pays'), h('strong', { class: 'quote-paid', 'data-paid-fen': r.data.paid_fen }, money(r.data.paid_fen))],
          [t('redeem.remaining_after'), money(r.data.remaining_fen)],
        ]),
        h('div', { class: 'actions' }, btn, h('span', { class: 'confirm-status', 'aria-live': 'polite' }))));
      btn.focus();
      return null;
    },
  });
  replace(ctx.main, h('h1', {}, t('page.redeem')),
    h('p', {}, t('redeem.intro', { provider: provider || '—' })), f.el, quoteBox);
}

export async function redemptionsPage(ctx) {
  const provider = scopeIds(ctx.who, 'provider')[0];
  const columns = [
    { key: 'date', label: t('col.date') },
    { key: 'voucher', label: t('voucher.id') },
    { key: 'bill_id', label: t('redeem.bill_id') },
    { key: 'programme', label: t('app.programme') },
    { key: 'bill_fen', label: t('redeem.bill'), money: true },
    { key: 'paid_fen', label: t('redeem.paid'), money: true },
    { key: 'settled', label: t('redeem.settled'), render: (r) => (r.settled ? t('yes') : t('no')) },
  ];
  replace(ctx.main, h('h1', {}, t('page.redemptions')),
    pagedTable(columns, t('page.redemptions'), async (cursor) => {
      const page = await get(`/providers/${encodeURIComponent(provider)}/redemptions`, { cursor, limit: 50 });
      return { items: page.items, next: page.next_cursor };
    }));
}

// pages/firm.js — a firm's registry record (GET /firms/USCC) and its whole statement, every
// transfer naming it (GET /reports/firms/USCC, with csv/xlsx downloads). An enterprise opens its
// own firm; a URL naming another firm gets the API's 403, shown as such.
import { apiUrl, get } from '../api.js';
import { h, replace } from '../dom.js';
import { money, isoDate } from '../format.js';
import { t } from '../i18n.js';
import { errorText, facts, form, message, section, table } from '../ui.js';
import { scopeIds } from './index.js';

const STATEMENT_ROLES = ['officer', 'enterprise', 'auditor'];

function lookup(ctx, uscc) {
  return form({
    label: t('firm.lookup'), submit: t('firm.lookup'),
    fields: [{ name: 'uscc', label: t('firm.uscc'), required: true, value: uscc || '', help: t('firm.uscc_help') }],
    onSubmit: async (v) => {
      ctx.go(`#/firm/${encodeURIComponent(v.uscc.toUpperCase())}`);
      return null;
    },
  }).el;
}

export async function firmPage(ctx, arg) {
  const own = scopeIds(ctx.who, 'firm');
  const uscc = arg || (ctx.who.role === 'enterprise' ? own[0] : '');
  const head = [h('h1', {}, t('page.firm')), ctx.who.role === 'enterprise' ? null : lookup(ctx, uscc)];
  if (!uscc) {
    replace(ctx.main, head);
    return;
  }
  replace(ctx.main, head, h('p', { class: 'progress' }, t('form.loading')));
  let f;
  try {
    f = await get(`/firms/${encodeURIComponent(uscc)}`);
  } catch (e) {
    replace(ctx.main, head, h('div', { class: 'denied', 'data-status': e.status }, message('error', errorText(e))));
    return;
  }
  const record = section(`${f.name} (${f.uscc})`, facts([
    [t('firm.city'), [f.city, f.district].filter(Boolean).join(' ')],
    [t('firm.division'), f.division ? `${f.division.name} ${f.division.code}` : ''],
    [t('firm.sector'), f.sector],
    [t('firm.stage'), f.stage],
    [t('firm.founded'), isoDate(f.founded)],
    [t('firm.employees'), f.employees],
    [t('firm.revenue'), money(f.revenue_fen)],
    [t('firm.rd_spend'), money(f.rd_spend_fen)],
    [t('firm.ip'), `${f.patents} / ${f.software_copyrights} / ${f.trademarks}`],
    [t('firm.flags'), ['high_tech', 'zjtx', 'national_lab', 'national_engineering_center', 'unicorn'].filter((k) => f[k]).map((k) => t(`firm.flag.${k}`)).join(', ') || t('no')],
    [t('firm.version'), `${f.version} · ${isoDate(f.updated_at)}`],
  ]), f.products && f.products.length ? table([
    { key: 'id', label: t('firm.product') }, { key: 'name', label: t('firm.product_name') }], f.products, t('firm.products')) : null);
  const parts = [head, record];
  if (STATEMENT_ROLES.includes(ctx.who.role)) {
    const st = await get(`/reports/firms/${encodeURIComponent(uscc)}`);
    const link = (fmt) => h('a', { href: apiUrl(`/reports/firms/${encodeURIComponent(uscc)}`, { format: fmt }), download: `${uscc}.${fmt}` }, t(`export.${fmt}`));
    parts.push(section(t('firm.statement'),
      h('p', { class: 'exports' }, t('export.label'), ' ', link('csv'), ' ', link('xlsx')),
      table([
        { key: 'date', label: t('col.date') },
        { key: 'instrument', label: t('col.instrument') },
        { key: 'code', label: t('col.code') },
        { key: 'transfer', label: t('col.transfer') },
        { key: 'from', label: t('col.from') },
        { key: 'to', label: t('col.to') },
        { key: 'status', label: t('app.status') },
        { key: 'amount_fen', label: t('approval.amount'), money: true },
        { key: 'policy', label: t('app.policy') },
      ], st.rows || [], st.title || t('firm.statement'))));
  }
  replace(ctx.main, parts);
}

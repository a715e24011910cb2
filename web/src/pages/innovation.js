// pages/innovation.js — the two innovation instruments of issue 14. R&D reserves (研发准备金): the
// reserves the caller may see (GET /rd-reserves: an officer its programmes', an enterprise its
// own), each opening to its decision clause by clause (GET /rd-reserves/FIRM/YEAR) with the firm's
// filed R&D history (GET /rd-filings?firm=) and, for an officer, paying it once
// (POST /rd-reserves/FIRM/YEAR/pay). First units (首台套): the insured units (GET /first-units: an
// enterprise those it made or bought), each opening to its premium subsidy explained, its claims
// (GET /first-units/ID) and, for an officer, paying the subsidy once (POST /first-units/ID/subsidise).
import { api, get, getAll, newIdempotencyKey } from '../api.js';
import { h, replace } from '../dom.js';
import { money } from '../format.js';
import { t } from '../i18n.js';
import { facts, form, section, table } from '../ui.js';
import { clauseTree } from './applications.js';

const reserveHref = (r) => `#/rd-reserve/${encodeURIComponent(r.firm)}/${r.year}`;
const unitHref = (u) => `#/first-unit/${encodeURIComponent(u.id)}`;

// An officer's one button that moves money, with a fresh Idempotency-Key per submission; the page
// is drawn again from the API afterwards (`redraw`).
function payForm(ctx, label, path, redraw) {
  if (ctx.who.role !== 'officer') return null;
  return form({
    legend: label, submit: label, fields: [],
    onSubmit: async () => {
      await api('POST', path, { body: {}, idem: newIdempotencyKey() });
      await redraw();
      return null;
    },
  }).el;
}

export async function rdReservesPage(ctx) {
  const all = await getAll('/rd-reserves');
  replace(ctx.main, h('h1', {}, t('page.rdreserve')), h('p', {}, t('rdreserve.intro')),
    table([
      { key: 'firm', label: t('app.firm'), render: (r) => h('a', { href: reserveHref(r) }, r.firm) },
      { key: 'year', label: t('rdreserve.year') },
      { key: 'status', label: t('app.status'), render: (r) => t(`rdreserve.status_${r.status}`) },
      { key: 'reserve_fen', label: t('rdreserve.reserve'), money: true },
      { key: 'amount_fen', label: t('rdreserve.amount'), money: true },
      { key: 'paid_on', label: t('rdreserve.paid_on') },
      { key: 'policy', label: t('app.policy'), render: (r) => r.policy.label },
    ], all, t('page.rdreserve')));
}

export async function rdReservePage(ctx, arg) {
  const [firm, year] = arg.split('/');
  const path = `/rd-reserves/${encodeURIComponent(firm)}/${encodeURIComponent(year)}`;
  const [r, filings] = await Promise.all([get(path), getAll('/rd-filings', { firm })]);
  const paid = r.status === 'paid';
  replace(ctx.main, h('h1', {}, `${t('page.rdreserve')} ${r.firm} · ${r.year}`),
    h('p', {}, h('a', { href: '#/rd-reserves' }, t('rdreserve.back'))),
    section(t('app.summary'), h('div', { class: 'rd-reserve', 'data-amount-fen': r.amount_fen }, facts([
      [t('app.status'), t(`rdreserve.status_${r.status}`)], [t('app.policy'), r.policy.label],
      [t('rdreserve.reserve'), money(r.reserve_fen)],
      [t('rdreserve.increase'), paid ? money(r.increase_fen) : '—'],
      [t('rdreserve.amount'), h('strong', {}, money(r.amount_fen))],
      [t('rdreserve.paid_on'), r.paid_on || '—'], [t('rdreserve.clause'), r.clause || '—'],
    ]))),
    section(t('rdreserve.filings'), table([
      { key: 'tax_year', label: t('rdreserve.year') },
      { key: 'rd_expense_fen', label: t('rdreserve.rd_expense'), money: true },
      { key: 'filed', label: t('rdreserve.filed') },
      { key: 'source', label: t('rdreserve.source') },
    ], filings, t('rdreserve.filings'))),
    section(paid ? t('explain.title') : t('rdreserve.preview'), clauseTree(r.explanation)),
    paid ? null : payForm(ctx, t('rdreserve.pay'), `${path}/pay`, () => rdReservePage(ctx, arg)));
}

export async function firstUnitsPage(ctx) {
  const all = await getAll('/first-units');
  replace(ctx.main, h('h1', {}, t('page.firstunit')), h('p', {}, t('firstunit.intro')),
    table([
      { key: 'id', label: t('firstunit.unit'), render: (u) => h('a', { href: unitHref(u) }, u.id) },
      { key: 'item', label: t('firstunit.item') },
      { key: 'maker', label: t('firstunit.maker') },
      { key: 'buyer', label: t('firstunit.buyer') },
      { key: 'price_fen', label: t('firstunit.price'), money: true },
      { key: 'premium_fen', label: t('firstunit.premium'), money: true },
      { key: 'subsidy_fen', label: t('firstunit.subsidy'), money: true },
      { key: 'claims', label: t('firstunit.claims') },
    ], all, t('page.firstunit')));
}

export async function firstUnitPage(ctx, arg) {
  const path = `/first-units/${encodeURIComponent(arg)}`;
  const u = await get(path);
  const paid = u.status === 'subsidised';
  replace(ctx.main, h('h1', {}, `${t('page.firstunit')} ${u.id}`),
    h('p', {}, h('a', { href: '#/first-units' }, t('firstunit.back'))),
    section(t('app.summary'), h('div', { class: 'first-unit', 'data-subsidy-fen': u.subsidy_fen }, facts([
      [t('firstunit.item'), u.item], [t('firstunit.maker'), u.maker], [t('firstunit.buyer'), u.buyer],
      [t('firstunit.price'), money(u.price_fen)],
      [t('firstunit.cover'), `${u.insurer} · ${u.cover.from} – ${u.cover.to} · ${t(`firstunit.insured_${u.insured}`)}`],
      [t('firstunit.premium'), money(u.premium_fen)],
      [t('firstunit.subsidy'), h('strong', {}, money(u.subsidy_fen))],
      [t('rdreserve.paid_on'), u.paid_on || '—'], [t('app.policy'), u.policy.label],
    ]))),
    section(t('firstunit.claims'), table([
      { key: 'id', label: t('firstunit.claim') },
      { key: 'date', label: t('firstunit.date') },
      { key: 'failure', label: t('firstunit.failure'), render: (c) => t(`firstunit.failure_${c.failure}`) },
      { key: 'loss_fen', label: t('firstunit.loss'), money: true },
      { key: 'insurer_paid_fen', label: t('firstunit.insurer_paid'), money: true },
      { key: 'topup_fen', label: t('firstunit.topup'), money: true },
    ], u.claim_rows || [], t('firstunit.claims'))),
    section(paid ? t('explain.title') : t('rdreserve.preview'), clauseTree(u.explanation)),
    paid ? null : payForm(ctx, t('firstunit.subsidise'), `${path}/subsidise`, () => firstUnitPage(ctx, arg)));
}

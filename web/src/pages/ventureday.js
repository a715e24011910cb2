// pages/ventureday.js — venture days (创投日): the events (GET /venture-days), and one event's
// ranked matches with the clauses behind each fit (GET /venture-days/ID/matches: an enterprise
// sees its own firm's, a fund manager its funds' interests') and its outcome figures per session
// (GET /venture-days/ID/report: officers, auditors and analysts).
import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { money } from '../format.js';
import { t } from '../i18n.js';
import { section, table } from '../ui.js';

const dayHref = (id) => `#/venture-day/${encodeURIComponent(id)}`;
const READS_REPORT = ['officer', 'auditor', 'analyst'];

export async function ventureDaysPage(ctx) {
  const events = await get('/venture-days');
  replace(ctx.main, h('h1', {}, t('page.venture_days')), h('p', {}, t('vd.intro')),
    table([
      { key: 'date', label: t('vd.date') },
      { key: 'id', label: t('vd.event'), render: (e) => h('a', { href: dayHref(e.id) }, e.id) },
      { key: 'city', label: t('vd.city') },
      { key: 'title', label: t('vd.title') },
    ], events || [], t('page.venture_days')));
}

function outcomeRows(r) {
  const rows = (r.sessions || []).map((s) => ({ ...s, label: s.session || t('vd.main_session') }));
  rows.push({ ...r.outcome, label: t('vd.all_sessions') });
  return rows;
}

export async function ventureDayPage(ctx, id) {
  const [matches, report] = await Promise.all([
    get(`/venture-days/${encodeURIComponent(id)}/matches`),
    READS_REPORT.includes(ctx.who.role) ? get(`/venture-days/${encodeURIComponent(id)}/report`) : null,
  ]);
  const outcome = report ? section(t('vd.outcome'),
    h('div', { class: 'vd-outcome', 'data-invested-fen': String(report.outcome.invested_fen), 'data-matches': String(report.outcome.matches) },
      table([
        { key: 'label', label: t('vd.session') },
        { key: 'roadshows', label: t('vd.roadshows') },
        { key: 'interests', label: t('vd.interests') },
        { key: 'matches', label: t('vd.matches') },
        { key: 'met', label: t('vd.met') },
        { key: 'term_sheets', label: t('vd.term_sheets') },
        { key: 'invested', label: t('vd.invested') },
        { key: 'sought_fen', label: t('vd.sought'), money: true },
        { key: 'invested_fen', label: t('vd.invested_amount'), money: true },
      ], outcomeRows(report), t('vd.outcome')))) : null;
  replace(ctx.main, h('h1', {}, `${t('vd.event')} ${id}`),
    h('p', {}, h('a', { href: '#/venture-days' }, t('vd.back'))),
    section(t('vd.matches'), h('div', { class: 'vd-matches', 'data-count': String((matches || []).length) },
      table([
        { key: 'rank', label: t('vd.rank') },
        { key: 'fit', label: t('vd.fit') },
        { key: 'firm', label: t('app.firm') },
        { key: 'session', label: t('vd.session'), render: (m) => m.session || t('vd.main_session') },
        { key: 'seeking_fen', label: t('vd.sought'), render: (m) => money(m.seeking_fen) },
        { key: 'investor', label: t('vd.investor') },
        { key: 'explain', label: t('vd.why') },
      ], matches || [], t('vd.matches')))),
    outcome);
}

// pages/notices.js — 公示: every award under public notice or past it (GET /public/notices).
import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { pagedTable } from '../ui.js';

export async function noticesPage(ctx) {
  const columns = [
    { key: 'id', label: t('notice.id') },
    { key: 'firm_name', label: t('notice.firm') },
    { key: 'amount_fen', label: t('approval.amount'), money: true },
    { key: 'policy', label: t('app.policy') },
    { key: 'clause', label: t('notice.clause') },
    { key: 'published', label: t('notice.published') },
    { key: 'objection_deadline', label: t('notice.deadline') },
    { key: 'under_notice', label: t('app.status'), render: (n) => (n.under_notice ? t('notice.open') : t('notice.over')) },
  ];
  replace(ctx.main, h('h1', {}, t('page.notices')), h('p', {}, t('notice.intro')),
    pagedTable(columns, t('page.notices'), async (cursor) => {
      const page = await get('/public/notices', { cursor, limit: 50 });
      return { items: page.items, next: page.next_cursor };
    }));
}

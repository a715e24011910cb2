// pages/home.js — the page of a role with nothing to do in the dashboard (admins: user
// administration stays in the CLI).
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

export async function homePage(ctx) {
  replace(ctx.main, h('h1', {}, t('page.home')), h('p', {}, t(`home.${ctx.who.role}`)));
}

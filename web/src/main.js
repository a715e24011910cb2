// main.js — the dashboard's shell: login, the nav of the logged-in role, the language switch, and
// a hash router (#/PAGE/ARG) over the pages in pages/. The CSRF token lives in memory only, so a
// reload asks for the password again.
import { api, setCsrf, loggedIn } from './api.js';
import { h, idle, replace, uid } from './dom.js';
import { LANGS, getLang, initLang, setLang, t } from './i18n.js';
import { errorText, form, message } from './ui.js';
import { PAGES, navFor } from './pages/index.js';

const app = document.getElementById('app');
let who = null; // {user, role, scopes}

function langSwitch() {
  const id = uid('lang');
  const sel = h('select', { id, on: { change: () => { setLang(sel.value); render(); } } },
    LANGS.map((l) => h('option', { value: l, selected: l === getLang() }, t(`lang.${l}`))));
  return h('div', { class: 'lang' }, h('label', { for: id }, t('lang.label')), sel);
}

function header(nav) {
  return h('header', { class: 'top' },
    h('a', { class: 'skip', href: '#main' }, t('nav.skip')),
    h('span', { class: 'brand' }, t('app.title')),
    nav,
    h('div', { class: 'who' },
      who ? [h('span', { class: 'user' }, `${who.user} · ${t(`role.${who.role}`)}`),
        h('button', { type: 'button', on: { click: logout } }, t('nav.logout'))] : null,
      langSwitch()));
}

function loginPage() {
  const f = form({
    label: t('login.title'),
    submit: t('login.submit'),
    fields: [
      { name: 'user', label: t('login.user'), required: true, autocomplete: 'username' },
      { name: 'password', label: t('login.password'), type: 'password', required: true, autocomplete: 'current-password' },
    ],
    onSubmit: async (v) => {
      const r = await api('POST', '/session', { body: { user: v.user, password: v.password } });
      setCsrf(r.data.csrf_token);
      const me = await api('GET', '/session');
      who = me.data;
      const first = navFor(who.role)[0];
      const target = first ? `#/${first}` : '#/home';
      if (location.hash === target) render();
      else location.hash = target; // hashchange renders it
      return null;
    },
  });
  replace(app, header(null),
    h('main', { id: 'main', class: 'login', tabindex: -1 },
      h('h1', {}, t('login.title')), h('p', {}, t('login.intro')), f.el));
}

async function logout() {
  try {
    await api('DELETE', '/session');
  } catch {
    /* the session may already be over: logged out either way */
  }
  setCsrf(null);
  who = null;
  if (location.hash === '#/login') render();
  else location.hash = '#/login';
}

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  return { page: parts[0] || '', arg: parts.slice(1).map(decodeURIComponent).join('/') };
}

let renders = 0; // a newer render makes an older one's late results moot

async function render() {
  const mine = ++renders;
  app.removeAttribute('data-ready');
  document.title = t('app.title');
  if (!loggedIn() || !who) {
    loginPage();
    app.setAttribute('data-page', 'login');
    app.setAttribute('data-ready', '1');
    return;
  }
  const { page, arg } = route();
  const allowed = navFor(who.role);
  const name = PAGES[page] && PAGES[page].roles.includes(who.role) ? page : allowed[0] || 'home';
  const nav = h('nav', { 'aria-label': t('nav.label') },
    h('ul', {}, allowed.filter((p) => !PAGES[p].hidden).map((p) =>
      h('li', {}, h('a', { href: `#/${p}`, 'aria-current': p === name ? 'page' : null }, t(PAGES[p].title))))));
  const main = h('main', { id: 'main', tabindex: -1 });
  replace(app, header(nav), main);
  const ctx = { who, main, go: (hash) => { location.hash = hash; } };
  try {
    await PAGES[name].render(ctx, arg);
  } catch (e) {
    replace(main, h('h1', {}, t(PAGES[name].title)), message('error', errorText(e)));
  }
  await idle();
  if (mine !== renders) return; // another render replaced this page meanwhile
  app.setAttribute('data-page', name);
  app.setAttribute('data-ready', '1');
}

window.addEventListener('hashchange', () => render());
initLang();
render();

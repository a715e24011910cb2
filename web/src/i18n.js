// i18n.js — the message catalogues (web/i18n/*.json, bundled) and the language shown: zh-Hans by
// default, ?lang= in the URL first, else the one remembered in localStorage; <html lang> always
// names the language shown. Every string on a page comes from t(key).
import zhHans from '../i18n/zh-Hans.json';
import zhHant from '../i18n/zh-Hant.json';
import en from '../i18n/en.json';

export const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
const catalogues = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };
const STORE_KEY = 'huoshui.lang';
let lang = 'zh-Hans';

function remembered() {
  try {
    return localStorage.getItem(STORE_KEY);
  } catch {
    return null;
  }
}

// Picks the language from ?lang=, localStorage or the default, and applies it.
export function initLang() {
  const asked = new URLSearchParams(location.search).get('lang');
  setLang(LANGS.includes(asked) ? asked : LANGS.includes(remembered()) ? remembered() : 'zh-Hans');
}

// Shows `l` from now on: remembered, <html lang> set, ?lang= in the URL kept in step.
export function setLang(l) {
  if (!LANGS.includes(l)) throw new Error(`unknown language ${l}`);
  lang = l;
  document.documentElement.lang = l;
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    /* private mode: the choice lasts for this page */
  }
  const url = new URL(location.href);
  if (url.searchParams.has('lang') && url.searchParams.get('lang') !== l) {
    url.searchParams.set('lang', l);
    history.replaceState(null, '', url);
  }
  document.title = t('app.title');
}

export function getLang() {
  return lang;
}

// The message `key` in the language shown, {name} placeholders filled from vars. A key missing
// from the catalogue shows as ⟦key⟧ (the catalogue test fails on it before it ships).
export function t(key, vars) {
  const s = catalogues[lang][key];
  if (s === undefined) return `⟦${key}⟧`;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

// Whether the catalogue has `key` (for optional labels such as statuses from the server).
export function has(key) {
  return catalogues[lang][key] !== undefined;
}

// check-catalogue.mjs — the message catalogue test: web/i18n/{zh-Hans,zh-Hant,en}.json have the
// same keys, every value is a non-empty string with the same {placeholders} in each language, and
// every key the source names literally (t('key'), title: 'key') is in the catalogue. Prints one
// PASS/FAIL line per check; exits 1 on a failure. usage: node web/check-catalogue.mjs [I18N_DIR]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const langs = ['zh-Hans', 'zh-Hant', 'en'];
const i18nDir = process.argv[2] || join(here, 'i18n'); // another directory: to prove the test fails
const cats = Object.fromEntries(langs.map((l) => [l, JSON.parse(readFileSync(join(i18nDir, `${l}.json`), 'utf8'))]));
let failed = 0;
const check = (what, problems) => {
  if (problems.length === 0) console.log(`PASS ${what}`);
  else {
    failed++;
    console.log(`FAIL ${what}: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (+${problems.length - 10} more)` : ''}`);
  }
};
const all = new Set(langs.flatMap((l) => Object.keys(cats[l])));
for (const l of langs)
  check(`catalogue ${l} has every key`, [...all].filter((k) => !(k in cats[l])).map((k) => `missing ${k}`));
for (const l of langs)
  check(`catalogue ${l}: every value a non-empty string`, Object.entries(cats[l]).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k));
const holes = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
check('catalogue placeholders agree across languages', [...all].filter((k) => new Set(langs.map((l) => holes(cats[l][k]))).size > 1));
const files = [];
const walk = (d) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (n.endsWith('.js')) files.push(p);
  }
};
walk(join(here, 'src'));
const used = new Set();
for (const f of files)
  for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([\w.-]+)'|title: '([\w.-]+)'/g)) used.add(m[1] || m[2]);
check(`every key the source names (${used.size}) is in the catalogue`, [...used].filter((k) => !all.has(k)).map((k) => `unknown ${k}`));
const zhDiffer = [...all].filter((k) => cats['zh-Hans'][k] !== cats.en[k]);
check('the Chinese catalogue is not the English one', zhDiffer.length > all.size / 2 ? [] : ['zh-Hans mostly equals en']);
process.exit(failed ? 1 : 0);

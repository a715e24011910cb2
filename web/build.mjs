// build.mjs — builds the dashboard into OUT (default build/web): web/src/main.js bundled and
// minified by esbuild (ECharts tree-shaken: only echarts/core and the parts src/chart.js
// registers), web/style.css, the favicon, each named NAME-HASH.EXT by the SHA-256 of its bytes,
// an index.html naming them, and a gzip (level 9) beside every file. Prints the sizes.
// usage: node web/build.mjs [OUT]
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const npm = join(root, 'build/webnpm/node_modules');
const out = resolve(process.argv[2] || join(root, 'build/web'));
const require = createRequire(join(npm, 'noop.js'));
let esbuild;
try {
  esbuild = require('esbuild');
} catch (e) {
  console.error(`web: esbuild is not installed in ${npm} (scripts/deps.sh installs it): ${e.message}`);
  process.exit(2);
}

const hashed = (name, ext, bytes) =>
  `${name}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${ext}`;

async function bundle(entry, loader) {
  const r = await esbuild.build({
    entryPoints: [join(here, entry)],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: ['es2020'],
    legalComments: 'none',
    nodePaths: [npm],
    loader,
    logLevel: 'error',
  });
  return Buffer.from(r.outputFiles[0].contents);
}

const js = await bundle('src/main.js', { '.json': 'json' });
const css = await bundle('style.css', {});
const icon = readFileSync(join(here, 'favicon.svg'));
const files = {
  js: hashed('app', 'js', js),
  css: hashed('app', 'css', css),
  icon: hashed('favicon', 'svg', icon),
};
const template = readFileSync(join(here, 'index.html'), 'utf8');
const html = template.replace(/\{\{(js|css|icon)\}\}/g, (_, k) => files[k]);
if (/\{\{/.test(html)) {
  console.error('web: index.html has an unknown {{placeholder}}');
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const written = { [files.js]: js, [files.css]: css, [files.icon]: icon, 'index.html': Buffer.from(html) };
for (const [name, bytes] of Object.entries(written)) {
  writeFileSync(join(out, name), bytes);
  writeFileSync(join(out, name + '.gz'), gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
}
const size = (n) => readFileSync(join(out, n)).length;
for (const n of readdirSync(out).filter((n) => !n.endsWith('.gz')).sort())
  console.log(`  web     ${n} ${size(n)} bytes, ${size(n + '.gz')} gzip`);

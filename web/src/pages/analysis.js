// pages/analysis.js — programme design for analysts (and officers: the same routes): the targets
// report (GET /reports/targets: value, actual, progress, red/amber/green, growth still needed, the
// last projection's probability; csv/xlsx downloads) and the Monte Carlo projection
// (POST /projections: programme, years, paths, seed, what-if POLICY.PARAM=VALUE or
// model.NAME=VALUE rows; a run shows its progress, then a fan chart P10/P50/P90 per metric and the
// targets' probabilities).
import { ApiError, api, apiUrl, get, getAll } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { money, multiple, percent, yuanToFen } from '../format.js';
import { getLang, has, t } from '../i18n.js';
import { chart } from '../chart.js';
import { errorText, facts, field, message, section, table } from '../ui.js';

const label = (key, fallback) => (has(key) ? t(key) : fallback);

function ragBadge(rag) {
  if (!rag) return '—';
  return h('span', { class: `rag rag-${rag}`, 'data-rag': rag }, label(`rag.${rag}`, rag));
}

const probability = (p) => (p === null || p === undefined ? t('targets.no_projection') : percent(p, 1));

export async function targetsPage(ctx) {
  replace(ctx.main, h('h1', {}, t('page.targets')), h('p', { class: 'progress' }, t('form.loading')));
  const rows = await get('/reports/targets');
  const link = (fmt) => h('a', { href: apiUrl('/reports/targets', { format: fmt }), download: `targets.${fmt}` }, t(`export.${fmt}`));
  replace(ctx.main, h('h1', {}, t('page.targets')),
    h('p', {}, t('targets.intro')),
    h('p', { class: 'exports' }, t('export.label'), ' ', link('csv'), ' ', link('xlsx')),
    table([
      { key: 'programme', label: t('app.programme') },
      { key: 'id', label: t('targets.id') },
      { key: 'indicator', label: t('targets.indicator') },
      { key: 'value', label: t('targets.value'), render: (r) => (r.unit === 'fen' ? money(r.value) : String(r.value)) },
      { key: 'actual', label: t('targets.actual'), render: (r) => (r.actual === null || r.actual === undefined ? '—' : r.unit === 'fen' ? money(r.actual) : String(r.actual)) },
      { key: 'progress', label: t('targets.progress'), render: (r) => percent(r.progress, 1) },
      { key: 'rag', label: t('targets.rag'), render: (r) => ragBadge(r.met ? 'green' : r.rag) },
      { key: 'needed_growth', label: t('targets.needed_growth'), render: (r) => (r.met ? t('targets.met') : percent(r.needed_growth, 1)) },
      { key: 'probability', label: t('targets.probability'), render: (r) => h('span', { class: 'probability', 'data-target': r.id }, probability(r.probability)) },
      { key: 'deadline', label: t('targets.deadline') },
    ], rows, t('page.targets')));
}

// The metrics of a projection year: money in yuan (model output), counts, multiples.
const MONEY = ['budget_used', 'budget_left', 'voucher_demand', 'pool_balance', 'claims_paid', 'loans_outstanding', 'fund_nav', 'social_capital'];
const MULTIPLES = ['fund_tvpi', 'fund_dpi'];
const fmtMetric = (k, v) => (v === null || v === undefined ? '—' : MONEY.includes(k) ? money(yuanToFen(v)) : MULTIPLES.includes(k) ? multiple(v) : Number(v).toFixed(1));

function fanChart(key, years) {
  const x = years.map((y) => y.date);
  const q = (p) => years.map((y) => y[key][p]);
  const band = years.map((y) => y[key].p90 - y[key].p10);
  const name = label(`metric.${key}`, key);
  const last = years[years.length - 1][key];
  const box = chart(t('chart.fan', { metric: name, p10: fmtMetric(key, last.p10), p50: fmtMetric(key, last.p50), p90: fmtMetric(key, last.p90) }), {
    title: { text: name, left: 0, top: 0, textStyle: { fontSize: 13 } },
    legend: { top: 20, left: 0 },
    grid: { left: 80, right: 36, top: 56, bottom: 30 },
    xAxis: { type: 'category', data: x, boundaryGap: false },
    yAxis: { type: 'value', scale: true },
    series: [
      { name: 'P10', type: 'line', stack: 'band', data: q('p10'), symbolSize: 4 },
      { name: t('chart.band'), type: 'line', stack: 'band', data: band, lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { opacity: 0.2 } },
      { name: 'P50', type: 'line', data: q('p50'), symbolSize: 5, lineStyle: { width: 3 } },
      { name: 'P90', type: 'line', data: q('p90'), symbolSize: 4 },
    ],
  });
  box.setAttribute('data-metric', key);
  return box;
}

function result(r) {
  const years = r.years_data || [];
  const metrics = years.length ? Object.keys(years[0]).filter((k) => years[0][k] && typeof years[0][k] === 'object' && 'p50' in years[0][k]) : [];
  const moving = metrics.filter((k) => years.some((y) => y[k].p10 !== 0 || y[k].p90 !== 0));
  const last = years[years.length - 1];
  return h('div', { class: 'projection-result', 'data-paths': r.paths, 'data-years': r.years },
    section(t('projection.result', { programme: r.programme }),
      facts([
        [t('projection.on'), r.on],
        [t('projection.paths'), r.paths],
        [t('projection.seed'), r.seed],
        [t('projection.years'), r.years],
        [t('projection.start'), Object.entries(r.start || {}).map(([k, v]) => `${label(`start.${k}`, k)} ${v}`).join(' · ')],
        [t('projection.pool_depletion'), r.pool_depletion ? percent(r.pool_depletion.share, 1) : '—'],
      ])),
    section(t('projection.targets'), table([
      { key: 'id', label: t('targets.id') },
      { key: 'indicator', label: t('targets.indicator') },
      { key: 'value', label: t('targets.value') },
      { key: 'deadline', label: t('targets.deadline') },
      { key: 'probability', label: t('targets.probability'), render: (x) => h('span', { class: 'probability', 'data-target': x.id }, probability(x.probability)) },
    ], r.targets || [], t('projection.targets'))),
    section(t('projection.fan'),
      h('p', {}, t('projection.fan_intro')),
      moving.length ? h('div', { class: 'charts' }, moving.map((k) => fanChart(k, years))) : h('p', {}, t('projection.flat')),
      last ? table([
        { key: 'metric', label: t('projection.metric') },
        { key: 'p10', label: 'P10' },
        { key: 'p50', label: 'P50' },
        { key: 'p90', label: 'P90' },
      ], metrics.map((k) => ({ metric: label(`metric.${k}`, k), p10: fmtMetric(k, last[k].p10), p50: fmtMetric(k, last[k].p50), p90: fmtMetric(k, last[k].p90) })),
      t('projection.last_year', { date: last.date })) : null));
}

// An integer field in [min, max] (empty: the server's default when `optional`).
function intField(name, text, min, max, value, optional) {
  const f = field({ name, label: text, type: 'number', value: String(value), help: t('projection.range', { min, max }), required: !optional });
  f.input.setAttribute('min', min);
  f.input.setAttribute('max', max);
  f.input.setAttribute('inputmode', 'numeric');
  const base = f.validate;
  f.validate = () => {
    if (!base()) return false;
    const v = f.value();
    if (v === '') return true;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      f.setError(t('projection.bad_int', { min, max }));
      return false;
    }
    return true;
  };
  f.input.addEventListener('input', f.validate);
  return f;
}

const SET_ROW = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+=\S.*$/;

export async function projectionPage(ctx) {
  const programmes = await getAll('/programmes');
  const pid = uid('programme');
  const progSel = h('select', { id: pid, name: 'programme' }, programmes.map((p) =>
    h('option', { value: p.programme }, `${getLang() === 'en' ? p.title_en || p.programme : p.title_zh || p.programme} (${p.programme})`)));
  const years = intField('years', t('projection.years'), 1, 30, 5);
  const paths = intField('paths', t('projection.paths'), 1, 20000, 1000);
  const seed = intField('seed', t('projection.seed'), 0, 2147483647, 1);
  const storeId = uid('store');
  const store = h('input', { id: storeId, name: 'store', type: 'checkbox', checked: true });
  const rows = [];
  const rowsBox = h('div', { class: 'set-rows' });
  const setErrId = uid('set-err');
  const setErr = h('span', { id: setErrId, class: 'field-error', role: 'alert' });
  const addRow = (value) => {
    const f = field({ name: 'set', label: t('projection.set_row', { n: rows.length + 1 }), placeholder: 'chengdu.first_version_software.share=40%', value: value || '' });
    f.input.setAttribute('aria-describedby', `${f.input.getAttribute('aria-describedby')} ${setErrId}`);
    const base = f.validate;
    f.validate = () => {
      if (!base()) return false;
      if (f.value() && !SET_ROW.test(f.value())) {
        f.setError(t('projection.bad_set'));
        return false;
      }
      return true;
    };
    f.input.addEventListener('input', f.validate);
    const remove = h('button', { type: 'button', on: { click: () => { rows.splice(rows.indexOf(row), 1); row.el.remove(); renumber(); addBtn.focus(); } } }, t('projection.remove_row'));
    const row = { f, el: h('div', { class: 'set-row' }, f.el, remove), remove };
    rows.push(row);
    rowsBox.appendChild(row.el);
    return row;
  };
  const renumber = () => rows.forEach((r, i) => {
    r.f.el.querySelector('label').textContent = t('projection.set_row', { n: i + 1 });
    r.remove.setAttribute('aria-label', `${t('projection.remove_row')} ${i + 1}`);
  });
  const addBtn = h('button', { type: 'button', on: { click: () => { const r = addRow(); renumber(); r.f.input.focus(); } } }, t('projection.add_row'));
  const run = h('button', { type: 'submit', class: 'primary' }, t('projection.run'));
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const out = h('div', { class: 'projection-out' });
  const fields = () => [years, paths, seed, ...rows.map((r) => r.f)];
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': t('projection.title') },
    h('h3', {}, t('projection.title')),
    h('div', { class: 'field' }, h('label', { for: pid }, t('totals.programme')), progSel),
    h('div', { class: 'row' }, years.el, paths.el, seed.el),
    h('div', { class: 'field check' }, store, h('label', { for: storeId }, t('projection.store'))),
    h('fieldset', { class: 'set' }, h('legend', {}, t('projection.set')), h('p', { class: 'help' }, t('projection.set_help')), rowsBox, setErr, h('div', { class: 'actions' }, addBtn)),
    h('div', { class: 'actions' }, run), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(setErr);
    let ok = true;
    for (const f of fields()) ok = f.validate() && ok;
    if (!ok) {
      const bad = fields().find((f) => f.input.getAttribute('aria-invalid') === 'true');
      if (bad) bad.input.focus();
      return;
    }
    const body = { programme: progSel.value, store: store.checked };
    for (const f of [years, paths, seed]) if (f.value() !== '') body[f.name] = Number(f.value());
    const set = rows.map((r) => r.f.value()).filter(Boolean);
    if (set.length) body.set = set;
    run.disabled = true;
    form.setAttribute('aria-busy', 'true');
    out.setAttribute('aria-busy', 'true');
    replace(status, h('div', { class: 'running' },
      h('progress', { 'aria-label': t('projection.running_label') }),
      ' ', h('span', { class: 'progress' }, t('projection.running', { paths: body.paths || 10000, years: body.years || 10 }))));
    const started = performance.now();
    try {
      const r = await api('POST', '/projections', { body });
      replace(status, message('ok', t('projection.done', { seconds: ((performance.now() - started) / 1000).toFixed(1) })));
      replace(out, result(r.data));
    } catch (e) {
      const target = e instanceof ApiError && e.field ? { years, paths, seed }[e.field] : null;
      if (target) {
        target.setError(errorText(e));
        target.input.focus();
        replace(status);
      } else if (e instanceof ApiError && e.field === 'set') {
        replace(setErr, errorText(e));
        (rows[0] ? rows[0].f.input : addBtn).focus();
        replace(status);
      } else {
        replace(status, message('error', errorText(e)));
      }
    } finally {
      run.disabled = false;
      form.removeAttribute('aria-busy');
      out.removeAttribute('aria-busy');
    }
  });
  replace(ctx.main, h('h1', {}, t('page.projection')), h('p', {}, t('projection.intro')),
    programmes.length ? form : h('p', {}, t('table.empty')), out);
}

// ui.js — the widgets every page shares: labelled fields that validate as you type and show the
// server's field error beside the field, forms that show progress while the request runs,
// server-paginated tables, budget bars, and messages. Everything is a real <button>, <a>, <input>
// or <select>, so the keyboard alone works.
import { ApiError } from './api.js';
import { h, replace, track, uid } from './dom.js';
import { money, looksLikeDate, looksLikeMoney } from './format.js';
import { t, has } from './i18n.js';

// A labelled input. spec: {name, label, type, value, required, kind: 'money'|'date'|'text',
// help}. Returns {el, input, setError(msg), validate() -> bool, value()}.
export function field(spec) {
  const id = uid(`f-${spec.name}`);
  const errId = `${id}-err`;
  const input =
    spec.type === 'select'
      ? h('select', { id, name: spec.name, 'aria-describedby': errId },
          (spec.options || []).map(([v, label]) => h('option', { value: v }, label)))
      : spec.type === 'textarea'
      ? h('textarea', { id, name: spec.name, rows: 2, 'aria-describedby': errId, required: !!spec.required })
      : h('input', {
          id,
          name: spec.name,
          type: spec.type || 'text',
          autocomplete: spec.autocomplete || 'off',
          inputmode: spec.kind === 'money' ? 'decimal' : null,
          placeholder: spec.placeholder || null,
          required: !!spec.required,
          'aria-describedby': errId,
        });
  if (spec.value !== undefined) input.value = spec.value;
  const err = h('span', { id: errId, class: 'field-error', role: 'alert' });
  const setError = (msg) => {
    replace(err, msg || '');
    if (msg) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  const validate = () => {
    const v = input.value.trim();
    if (!v) {
      setError(spec.required ? t('form.required') : '');
      return !spec.required;
    }
    if (spec.kind === 'money' && !looksLikeMoney(v)) {
      setError(t('form.bad_money'));
      return false;
    }
    if (spec.kind === 'date' && !looksLikeDate(v)) {
      setError(t('form.bad_date'));
      return false;
    }
    setError('');
    return true;
  };
  input.addEventListener('input', validate);
  const el = h('div', { class: 'field' }, h('label', { for: id }, spec.label), input,
    spec.help ? h('span', { class: 'help' }, spec.help) : null, err);
  return { el, input, name: spec.name, setError, validate, value: () => input.value.trim() };
}

// A message box: kind 'ok' | 'error' | 'info'.
export function message(kind, text) {
  return h('p', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

// The text for an API error: its code's catalogue entry when there is one, then the server's
// message (which names the field), and the HTTP status.
export function errorText(e) {
  if (!(e instanceof ApiError)) return String(e && e.message ? e.message : e);
  const key = `error.${e.code}`;
  const head = has(key) ? t(key) : e.code;
  return `${head} (${e.status}): ${e.message}`;
}

// A form of fields with one submit button. submit(values) runs while the button shows progress;
// an ApiError naming a field is shown beside it, any other error above the button. Returns
// {el, fields, status}.
export function form(spec) {
  const fields = spec.fields.map(field);
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: spec.danger ? 'danger' : 'primary' }, spec.submit);
  const el = h('form', { class: 'form', novalidate: true, 'aria-label': spec.label || spec.submit },
    spec.legend ? h('h3', {}, spec.legend) : null, fields.map((f) => f.el), h('div', { class: 'actions' }, button), status);
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(status);
    let ok = true;
    for (const f of fields) ok = f.validate() && ok;
    if (!ok) {
      const bad = fields.find((f) => f.input.getAttribute('aria-invalid') === 'true');
      if (bad) bad.input.focus();
      return;
    }
    const values = Object.fromEntries(fields.map((f) => [f.name, f.value()]));
    button.disabled = true;
    el.setAttribute('aria-busy', 'true');
    replace(status, h('span', { class: 'progress' }, t('form.working')));
    try {
      const result = await spec.onSubmit(values);
      replace(status, result ? message('ok', result) : '');
    } catch (e) {
      const f = e instanceof ApiError && e.field ? fields.find((x) => x.name === e.field) : null;
      if (f) {
        f.setError(errorText(e));
        f.input.focus();
        replace(status);
      } else {
        replace(status, message('error', errorText(e)));
      }
    } finally {
      button.disabled = false;
      el.removeAttribute('aria-busy');
    }
  });
  return { el, fields, status };
}

// A table from rows and columns [{key, label, money, render(row)}], in a focusable scrolling
// region (keyboard users can scroll it).
export function table(columns, rows, caption) {
  const cell = (c, r) => (c.render ? c.render(r) : c.money ? money(r[c.key]) : r[c.key] === null || r[c.key] === undefined ? '' : String(r[c.key]));
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.money ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, t('table.empty')))
        : rows.map((r) => h('tr', {}, columns.map((c) => h('td', { class: c.money ? 'num' : null }, cell(c, r))))))));
}

// A table paged by the server: load(cursor) -> {items, next} (next null on the last page). Shows
// the page's rows, "first page" and "next page" buttons, and progress while a page loads.
export function pagedTable(columns, caption, load) {
  const box = h('div', { class: 'paged' });
  const stack = [];
  let current = null;
  const show = async (cursor) => {
    box.setAttribute('aria-busy', 'true');
    const prev = box.querySelector('.table-wrap');
    if (!prev) replace(box, h('p', { class: 'progress' }, t('form.loading')));
    try {
      const page = await load(cursor);
      current = cursor;
      const nav = h('div', { class: 'pager' },
        h('button', { type: 'button', disabled: stack.length === 0, on: { click: () => track(show(stack.pop() ?? null)) } }, t('table.prev')),
        h('span', {}, t('table.page', { n: stack.length + 1 })),
        h('button', { type: 'button', disabled: !page.next, on: { click: () => { stack.push(current); track(show(page.next)); } } }, t('table.next')));
      replace(box, table(columns, page.items, caption), nav);
    } catch (e) {
      replace(box, message('error', errorText(e)));
    } finally {
      box.removeAttribute('aria-busy');
    }
  };
  track(show(null));
  return box;
}

// A budget's bar: appropriated split into paid, reserved and remaining (widths by share), with
// the four figures written out. The figures are also data-*-fen attributes (the tests read them).
export function budgetBar(label, b) {
  const total = Number(b.appropriated_fen) || 1;
  const seg = (cls, fen) => {
    const s = h('span', { class: `seg ${cls}` });
    s.style.width = `${Math.max(0, (100 * Number(fen)) / total).toFixed(2)}%`;
    return s;
  };
  const legend = [
    ['paid', b.paid_fen],
    ['reserved', b.reserved_fen],
    ['remaining', b.remaining_fen],
  ];
  return h('div', {
      class: 'budget',
      'data-budget': label,
      'data-appropriated-fen': b.appropriated_fen,
      'data-reserved-fen': b.reserved_fen,
      'data-paid-fen': b.paid_fen,
      'data-remaining-fen': b.remaining_fen,
    },
    h('div', { class: 'budget-head' }, h('strong', {}, label), ' ', h('span', {}, `${t('budget.appropriated')} ${money(b.appropriated_fen)}`)),
    h('div', { class: 'bar', role: 'img', 'aria-label': legend.map(([k, v]) => `${t(`budget.${k}`)} ${money(v)}`).join(', ') },
      seg('paid', b.paid_fen), seg('reserved', b.reserved_fen), seg('remaining', b.remaining_fen)),
    h('ul', { class: 'legend' }, legend.map(([k, v]) => h('li', { class: `key-${k}` }, h('span', { class: 'swatch' }), `${t(`budget.${k}`)}: `, h('span', { class: `fig-${k}` }, money(v))))));
}

// A status word from the server, translated when the catalogue knows it.
export function statusText(s) {
  const key = `status.${s}`;
  return has(key) ? t(key) : String(s);
}

// A section with a heading.
export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

// A definition list of [label, value] pairs.
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter((p) => p).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null || v === undefined ? '' : v)]));
}

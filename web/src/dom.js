// dom.js — building the page without innerHTML (the CSP forbids inline script and style; text is
// always set as text, so no server string can become markup).

// h('button', {class: 'x', on: {click: f}}, 'text', child...) -> an element. Attributes are set with
// setAttribute (never "style": use el.style, which the CSP allows); null/false attributes are
// skipped, true sets an empty attribute; children may be strings, numbers, nodes, arrays or null.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'on') {
      for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    } else if (k === 'style') {
      throw new Error('dom.h: set el.style, not a style attribute');
    } else if (k === 'value') {
      el.value = v;
    } else if (v !== null && v !== undefined && v !== false) {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces every child of el by `children`.
export function replace(el, ...children) {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
  return el;
}

let ids = 0;
// A fresh element id (for label/for and aria-describedby pairs).
export function uid(prefix) {
  ids += 1;
  return `${prefix || 'id'}-${ids}`;
}

const inflight = new Set();
// Registers work a page started after its render returned (a table page loading); idle() waits
// for all of it, so the shell marks the page ready only once everything on it has loaded.
export function track(promise) {
  inflight.add(promise);
  promise.finally(() => inflight.delete(promise)).catch(() => {});
  return promise;
}

export async function idle() {
  while (inflight.size) await Promise.allSettled([...inflight]);
}

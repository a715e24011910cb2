// api.js — the only way the dashboard talks to the server: /api/v1/ with the session cookie, the
// session's CSRF token (kept in memory only) as X-CSRF-Token on every write, and an
// Idempotency-Key on the writes that move money. Errors become ApiError with the API's code,
// field and message.

let csrf = null;

export class ApiError extends Error {
  constructor(status, error) {
    super((error && error.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (error && error.code) || 'http_error';
    this.field = (error && error.field) || null;
  }
}

// Remembers the CSRF token of the session just opened (null: logged out).
export function setCsrf(token) {
  csrf = token;
}

export function loggedIn() {
  return csrf !== null;
}

// A fresh Idempotency-Key for one user action (a retry of the same action reuses it).
export function newIdempotencyKey() {
  return `web-${crypto.randomUUID()}`;
}

// Builds /api/v1/PATH?query (values undefined, null or '' are left out).
export function apiUrl(path, query) {
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [k, v] of Object.entries(query || {}))
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  return url.pathname + url.search;
}

// method, path under /api/v1, {query, body, idem} -> {status, data}; throws ApiError.
export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  if (opts.idem) headers['Idempotency-Key'] = opts.idem;
  let resp;
  try {
    resp = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: e.message });
  }
  const text = await resp.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!resp.ok) throw new ApiError(resp.status, data && data.error);
  return { status: resp.status, data };
}

export const get = (path, query) => api('GET', path, { query }).then((r) => r.data);

// Every item of a paged list (GET PATH?limit=200&cursor=... until next_cursor is null).
export async function getAll(path, query) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(path, { ...query, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

// pages/matcher.js — the policy matcher (GET /firms/USCC/matches): every policy in force decided
// for the firm's registry record, eligible or not, for how much, and why not (each failed rule
// with its clause and line). An enterprise sees its own firm only (scope firm:USCC; a URL naming
// another firm gets the API's 403, shown as such). For a subsidy policy an enterprise or officer
// may apply (POST /subsidies): the form asks for the inputs the registry does not give (the ones
// the matcher names as missing, and any further one the server names), then shows the decision
// and its explanation as the clause tree of the application page.
import { ApiError, api, get } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { money } from '../format.js';
import { getLang, has, t } from '../i18n.js';
import { errorText, facts, form, message, section, statusText } from '../ui.js';
import { clauseTree } from './applications.js';
import { scopeIds } from './index.js';

const APPLY_ROLES = ['enterprise', 'officer'];
const MISSING = /input '([A-Za-z_][A-Za-z0-9_]*)' is not given/;
const NAMED = /input '([A-Za-z_][A-Za-z0-9_]*)'/;

const title = (m) => (getLang() === 'en' ? m.title_en || m.policy : m.title_zh || m.policy);

function decision(s) {
  return h('div', { class: 'decision', 'data-application': s.id, 'data-eligible': s.eligible ? '1' : '0' },
    message(s.eligible ? 'ok' : 'info', s.eligible ? t('apply.done_eligible', { amount: money(s.decided_fen) }) : t('apply.done_not_eligible', { reason: s.reason || '' })),
    facts([
      [t('app.id'), h('a', { href: `#/application/${encodeURIComponent(s.id)}` }, s.id)],
      [t('app.status'), statusText(s.status)],
      [t('app.programme'), s.programme],
      [t('app.policy'), s.policy],
      [t('app.decided'), money(s.decided_fen)],
    ]),
    h('h3', {}, t('explain.title')), clauseTree(s.explanation));
}

// The apply form of match `m` for `firm`, asking for `inputs` (names), prefilled from `values`.
function applyForm(box, m, firm, inputs, values, note) {
  const f = form({
    legend: t('apply.title', { policy: title(m) }), submit: t('apply.submit'),
    fields: [
      { name: 'product', label: t('apply.product'), value: values.product || '', help: t('apply.product_help') },
      ...inputs.map((name) => ({ name: `in.${name}`, label: t('apply.input', { name }), required: true, value: values[`in.${name}`] || '' })),
    ],
    onSubmit: async (v) => {
      const body = { policy: m.policy, firm };
      if (v.product) body.product = v.product;
      const given = Object.fromEntries(inputs.map((n) => [n, v[`in.${n}`]]));
      if (inputs.length) body.inputs = given;
      let r;
      try {
        r = await api('POST', '/subsidies', { body });
      } catch (e) {
        const missing = e instanceof ApiError && e.code === 'invalid_input' && MISSING.exec(e.message);
        if (missing && !inputs.includes(missing[1])) {
          applyForm(box, m, firm, [...inputs, missing[1]], v, t('apply.needs', { name: missing[1] }));
          return null;
        }
        const named = e instanceof ApiError && e.code === 'invalid_input' && !e.field && NAMED.exec(e.message);
        if (named && inputs.includes(named[1])) throw new ApiError(e.status, { code: e.code, message: e.message, field: `in.${named[1]}` });
        throw e;
      }
      replace(box, decision(r.data));
      box.querySelector('a').focus();
      return null;
    },
  });
  replace(box, note ? message('info', note) : null, f.el);
  const first = note ? f.fields[f.fields.length - 1] : f.fields[0];
  first.input.focus();
}

function matchCard(ctx, m, firm) {
  const box = h('div', { class: 'apply-box', id: uid('apply'), 'aria-live': 'polite' });
  const canApply = APPLY_ROLES.includes(ctx.who.role) && m.instrument === 'subsidy';
  const missing = MISSING.exec(m.reason || '');
  const open = h('button', {
      type: 'button', class: 'primary', 'aria-expanded': 'false', 'aria-controls': box.id,
      on: {
        click: () => {
          open.setAttribute('aria-expanded', 'true');
          applyForm(box, m, firm, missing ? [missing[1]] : [], {});
        },
      },
    }, t('apply.open'));
  return h('li', { class: `card match ${m.eligible ? 'eligible' : 'not-eligible'}`, 'data-policy': m.policy, 'data-eligible': m.eligible ? '1' : '0' },
    h('h3', {}, `${title(m)} `, h('code', {}, m.label)),
    h('p', {},
      h('span', { class: m.eligible ? 'pass' : 'fail' }, m.eligible ? t('match.eligible') : t('match.not_eligible')),
      ' · ', `${t('match.instrument')}: ${(has(`instrument.${m.instrument}`) ? t(`instrument.${m.instrument}`) : m.instrument)}`,
      m.eligible ? [' · ', h('strong', { class: 'match-amount', 'data-amount-fen': m.amount_fen }, money(m.amount_fen))] : null),
    !m.eligible && m.reason ? h('p', { class: 'why' }, `${t('match.why_not')}: ${m.reason}`) : null,
    m.failed && m.failed.length ? h('ul', { class: 'failed', 'aria-label': t('match.failed') },
      m.failed.map((r) => h('li', {}, h('strong', {}, r.rule), ' — ', h('span', { class: 'note' }, r.clause), ' ', h('span', { class: 'line' }, t('explain.line', { n: r.line }))))) : null,
    canApply ? h('div', { class: 'actions' }, open) : null,
    box);
}

export async function matcherPage(ctx, arg) {
  const own = scopeIds(ctx.who, 'firm');
  const uscc = arg || (ctx.who.role === 'enterprise' ? own[0] : '');
  const head = [h('h1', {}, t('page.matcher')), h('p', {}, t('match.intro'))];
  if (ctx.who.role !== 'enterprise') {
    head.push(form({
      label: t('firm.lookup'), submit: t('match.lookup'),
      fields: [{ name: 'uscc', label: t('firm.uscc'), required: true, value: uscc || '', help: t('firm.uscc_help') }],
      onSubmit: async (v) => {
        ctx.go(`#/matcher/${encodeURIComponent(v.uscc.toUpperCase())}`);
        return null;
      },
    }).el);
  }
  if (!uscc) {
    replace(ctx.main, head);
    return;
  }
  replace(ctx.main, head, h('p', { class: 'progress' }, t('form.loading')));
  let r;
  try {
    r = await get(`/firms/${encodeURIComponent(uscc)}/matches`);
  } catch (e) {
    replace(ctx.main, head, h('div', { class: 'denied', 'data-status': e.status }, message('error', errorText(e))));
    return;
  }
  const eligible = r.matches.filter((m) => m.eligible);
  const sid = uid('matches');
  replace(ctx.main, head,
    section(`${r.name} (${r.firm})`,
      h('p', { id: sid }, t('match.summary', { on: r.on, n: r.matches.length, eligible: eligible.length })),
      h('ul', { class: 'matches', 'aria-labelledby': sid }, r.matches.map((m) => matchCard(ctx, m, r.firm)))));
}

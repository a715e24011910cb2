// pages/guarantee.js — financing guarantees (融资担保): each guarantee institution the caller may
// see (GET /guarantors: an officer those capitalised from its programmes) with its capital, the
// balance it guarantees (在保余额), its leverage (放大倍数) against the policy's limit, the fees the
// firms paid and the programme's fee subsidy (降费), and what it compensated (代偿) with the share
// the national fund and the re-guarantor bore.
import { getAll } from '../api.js';
import { h, replace } from '../dom.js';
import { money } from '../format.js';
import { t } from '../i18n.js';
import { facts, section } from '../ui.js';

export async function guarantorsPage(ctx) {
  const all = await getAll('/guarantors');
  replace(ctx.main, h('h1', {}, t('page.guarantors')), h('p', {}, t('guarantee.intro')),
    all.length === 0 ? h('p', {}, t('table.empty')) : null,
    all.map((g) => section(`${g.name} (${g.id})`, h('div', { class: 'guarantor', 'data-capital-fen': g.capital_fen }, facts([
      [t('guarantee.capital'), h('strong', {}, money(g.capital_fen))],
      [t('guarantee.contributed'), `${money(g.contributed_fen)} · ${g.programme}/${g.budget}`],
      [t('guarantee.reguarantor'), g.reguarantor],
      [t('guarantee.in_force'), `${money(g.in_force_fen)} · ${t('guarantee.count', { n: g.guarantees })}`],
      [t('guarantee.leverage'), g.leverage],
      [t('guarantee.fees'), money(g.fees_fen)],
      [t('guarantee.fee_subsidy'), money(g.fee_subsidy_fen)],
      [t('guarantee.compensated'), `${money(g.compensated_fen)} · ${t('guarantee.reguaranteed')} ${money(g.reguaranteed_fen)}`],
      [t('guarantee.recovered'), money(g.recovered_fen)],
    ])))));
}

// pages/index.js — every page of the dashboard: which roles may open it (the same roles the API
// grants for the routes it calls, so a role is never offered what the API refuses it) and its
// title key. A page for a route the API does not have yet is not listed.
import { programmesPage, totalsPage } from './programmes.js';
import { applicationsPage, applicationPage } from './applications.js';
import { approvalsPage } from './approvals.js';
import { noticesPage } from './notices.js';
import { firmPage } from './firm.js';
import { redeemPage, redemptionsPage, vouchersPage } from './vouchers.js';
import { loansPage, loanPage, overduePage, poolsPage } from './credit.js';
import { checkPage, auditPage, movementPage } from './audit.js';
import { homePage } from './home.js';
import { fundsPage, fundPage } from './funds.js';
import { matcherPage } from './matcher.js';
import { targetsPage, projectionPage } from './analysis.js';
import { interestPage, interestPeriodPage } from './interest.js';
import { ventureDayPage, ventureDaysPage } from './ventureday.js';
import { guarantorsPage } from './guarantee.js';
import { firstUnitPage, firstUnitsPage, rdReservePage, rdReservesPage } from './innovation.js';

export const PAGES = {
  programmes: { roles: ['officer', 'reviewer', 'auditor'], title: 'page.programmes', render: programmesPage },
  totals: { roles: ['analyst'], title: 'page.totals', render: totalsPage },
  applications: { roles: ['officer', 'reviewer', 'enterprise', 'auditor'], title: 'page.applications', render: applicationsPage },
  application: { roles: ['officer', 'reviewer', 'enterprise', 'auditor'], title: 'page.application', render: applicationPage, hidden: true },
  approvals: { roles: ['reviewer', 'officer', 'auditor'], title: 'page.approvals', render: approvalsPage },
  notices: { roles: ['officer', 'reviewer', 'auditor', 'enterprise', 'analyst'], title: 'page.notices', render: noticesPage },
  firm: { roles: ['officer', 'reviewer', 'bank', 'enterprise', 'auditor'], title: 'page.firm', render: firmPage },
  vouchers: { roles: ['officer', 'reviewer', 'enterprise', 'auditor'], title: 'page.vouchers', render: vouchersPage },
  redeem: { roles: ['provider'], title: 'page.redeem', render: redeemPage },
  redemptions: { roles: ['provider'], title: 'page.redemptions', render: redemptionsPage },
  loans: { roles: ['bank', 'enterprise', 'auditor'], title: 'page.loans', render: loansPage },
  loan: { roles: ['bank', 'enterprise', 'auditor'], title: 'page.loan', render: loanPage, hidden: true },
  overdue: { roles: ['bank', 'auditor'], title: 'page.overdue', render: overduePage },
  pools: { roles: ['officer', 'auditor', 'bank', 'analyst'], title: 'page.pools', render: poolsPage },
  check: { roles: ['auditor', 'officer', 'analyst'], title: 'page.check', render: checkPage },
  audit: { roles: ['auditor'], title: 'page.audit', render: auditPage },
  movement: { roles: ['auditor'], title: 'page.movement', render: movementPage, hidden: true },
  funds: { roles: ['fund_manager', 'auditor', 'analyst'], title: 'page.funds', render: fundsPage },
  fund: { roles: ['fund_manager', 'auditor', 'analyst'], title: 'page.fund', render: fundPage, hidden: true },
  matcher: { roles: ['officer', 'reviewer', 'enterprise', 'auditor'], title: 'page.matcher', render: matcherPage },
  targets: { roles: ['officer', 'reviewer', 'auditor', 'analyst'], title: 'page.targets', render: targetsPage },
  projection: { roles: ['officer', 'analyst'], title: 'page.projection', render: projectionPage },
  interest: { roles: ['officer', 'auditor', 'analyst', 'bank', 'enterprise'], title: 'page.interest', render: interestPage },
  'interest-period': { roles: ['officer', 'auditor', 'analyst', 'bank', 'enterprise'], title: 'page.interest', render: interestPeriodPage, hidden: true },
  guarantors: { roles: ['officer', 'auditor', 'analyst'], title: 'page.guarantors', render: guarantorsPage },
  'venture-days': { roles: ['officer', 'auditor', 'analyst', 'enterprise', 'fund_manager'], title: 'page.venture_days', render: ventureDaysPage },
  'venture-day': { roles: ['officer', 'auditor', 'analyst', 'enterprise', 'fund_manager'], title: 'page.venture_days', render: ventureDayPage, hidden: true },
  'rd-reserves': { roles: ['officer', 'auditor', 'analyst', 'enterprise'], title: 'page.rdreserve', render: rdReservesPage },
  'rd-reserve': { roles: ['officer', 'auditor', 'analyst', 'enterprise'], title: 'page.rdreserve', render: rdReservePage, hidden: true },
  'first-units': { roles: ['officer', 'auditor', 'analyst', 'enterprise'], title: 'page.firstunit', render: firstUnitsPage },
  'first-unit': { roles: ['officer', 'auditor', 'analyst', 'enterprise'], title: 'page.firstunit', render: firstUnitPage, hidden: true },
  home: { roles: ['admin'], title: 'page.home', render: homePage },
};

// The pages of a role's nav, first page first.
const ORDER = {
  officer: ['programmes', 'applications', 'approvals', 'vouchers', 'pools', 'interest', 'guarantors', 'rd-reserves', 'first-units', 'venture-days', 'notices', 'firm', 'check'],
  reviewer: ['approvals', 'applications', 'programmes', 'vouchers', 'notices', 'firm'],
  provider: ['redeem', 'redemptions'],
  bank: ['loans', 'overdue', 'pools', 'interest', 'firm'],
  enterprise: ['firm', 'matcher', 'applications', 'vouchers', 'loans', 'interest', 'rd-reserves', 'first-units', 'venture-days', 'notices'],
  auditor: ['check', 'audit', 'programmes', 'applications', 'approvals', 'vouchers', 'loans', 'overdue', 'pools', 'interest', 'guarantors', 'rd-reserves', 'first-units', 'venture-days', 'firm', 'notices'],
  analyst: ['totals', 'targets', 'projection', 'pools', 'interest', 'guarantors', 'rd-reserves', 'first-units', 'venture-days', 'check', 'notices'],
  fund_manager: ['funds', 'venture-days'],
  admin: ['home'],
};

export function navFor(role) {
  return (ORDER[role] || []).filter((p) => PAGES[p] && PAGES[p].roles.includes(role));
}

// The ids a principal holds of one scope kind ("firm", "provider", "programme", "bank").
export function scopeIds(who, kind) {
  return (who.scopes || []).filter((s) => s.startsWith(`${kind}:`)).map((s) => s.slice(kind.length + 1));
}

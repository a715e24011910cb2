/* migrations.c — every module's tables in the book, created or brought up to date when the
 * book is opened (never on a request path). Each module's steps are versioned on their own in
 * module_versions; a book holding a newer version of any module is refused at open.
 *
 * The DDL of a module lives here, with its dialect, so that nothing outside src/store/ knows
 * SQLite; a PostgreSQL backend carries its own migrations with the same version numbers. */
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdio.h>

#define FIRM_COL_DEFS                                                                              \
    "uscc TEXT NOT NULL, name TEXT NOT NULL, city TEXT NOT NULL, district TEXT NOT NULL, "         \
    "sector TEXT NOT NULL, stage TEXT NOT NULL, founded INTEGER, employees INTEGER, "              \
    "revenue_fen INTEGER, rd_spend_fen INTEGER, patents INTEGER, trademarks INTEGER, "             \
    "software_copyrights INTEGER, high_tech INTEGER NOT NULL, zjtx INTEGER NOT NULL, "             \
    "national_lab INTEGER NOT NULL, national_engineering_center INTEGER NOT NULL, "                \
    "unicorn INTEGER NOT NULL, version INTEGER NOT NULL"

static const store_migration credit_steps[] = {
    {1,
     "CREATE TABLE credit_products (id TEXT PRIMARY KEY, bank TEXT NOT NULL, name TEXT NOT NULL,"
     " rate_bp INTEGER NOT NULL, term_months INTEGER NOT NULL, period_months INTEGER NOT NULL,"
     " ceiling_fen INTEGER NOT NULL, unsecured INTEGER NOT NULL, repayment TEXT NOT NULL,"
     " pool TEXT NOT NULL DEFAULT '', created_date INTEGER NOT NULL);"
     "CREATE TABLE credit_pools (id TEXT PRIMARY KEY, programme TEXT NOT NULL, budget TEXT NOT "
     "NULL,"
     " base_share_bp INTEGER NOT NULL, high_unsecured_min_bp INTEGER NOT NULL,"
     " high_unsecured_share_bp INTEGER NOT NULL, first_loan_share_bp INTEGER NOT NULL,"
     " cap_per_loan_fen INTEGER NOT NULL, cap_per_bank_year_fen INTEGER NOT NULL,"
     " required_multiple_x100 INTEGER NOT NULL, created_date INTEGER NOT NULL);"
     "CREATE TABLE credit_pool_fundings (id TEXT PRIMARY KEY, pool TEXT NOT NULL,"
     " date INTEGER NOT NULL, amount_fen INTEGER NOT NULL);"
     "CREATE TABLE credit_loans (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
     " product TEXT NOT NULL, bank TEXT NOT NULL, firm TEXT NOT NULL, pool TEXT NOT NULL,"
     " amount_fen INTEGER NOT NULL, rate_bp INTEGER NOT NULL, term_months INTEGER NOT NULL,"
     " period_months INTEGER NOT NULL, repayment TEXT NOT NULL, unsecured_bp INTEGER NOT NULL,"
     " first_loan INTEGER NOT NULL, approved_date INTEGER NOT NULL, status TEXT NOT NULL,"
     " disbursed_date INTEGER, defaulted_date INTEGER,"
     " principal_repaid_fen INTEGER NOT NULL DEFAULT 0, interest_paid_fen INTEGER NOT NULL DEFAULT "
     "0,"
     " interest_paid_to INTEGER, repayments INTEGER NOT NULL DEFAULT 0,"
     " written_off_fen INTEGER NOT NULL DEFAULT 0, recovered_fen INTEGER NOT NULL DEFAULT 0,"
     " recovered_before_claim_fen INTEGER NOT NULL DEFAULT 0,"
     " returned_to_pool_fen INTEGER NOT NULL DEFAULT 0, recoveries INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX credit_loans_pool ON credit_loans(pool);"
     "CREATE INDEX credit_loans_firm ON credit_loans(firm);"
     "CREATE TABLE credit_events (id TEXT PRIMARY KEY, loan TEXT NOT NULL, kind TEXT NOT NULL,"
     " date INTEGER NOT NULL, amount_fen INTEGER NOT NULL, principal_fen INTEGER NOT NULL,"
     " interest_fen INTEGER NOT NULL, pool_fen INTEGER NOT NULL);"
     "CREATE TABLE credit_claims (loan TEXT PRIMARY KEY, pool TEXT NOT NULL, bank TEXT NOT NULL,"
     " date INTEGER NOT NULL, year INTEGER NOT NULL, base_fen INTEGER NOT NULL,"
     " share_bp INTEGER NOT NULL, rule TEXT NOT NULL, entitled_fen INTEGER NOT NULL,"
     " capped_fen INTEGER NOT NULL, paid_fen INTEGER NOT NULL, shortfall_fen INTEGER NOT NULL);",
     NULL},
    /* v2: the accounts credit created before accounts had owners become credit's own (pools,
     * loans and the banks' accounts; firm cash stays free), so that a plain transfer can't move
     * them on old books either */
    {2,
     "UPDATE accounts SET owner = 'credit' WHERE owner = '' AND name IN ("
     " SELECT 'pool/' || id FROM credit_pools"
     " UNION SELECT 'loan/' || id FROM credit_loans"
     " UNION SELECT 'bank/' || bank || '/lending' FROM credit_products"
     " UNION SELECT 'bank/' || bank || '/interest' FROM credit_products"
     " UNION SELECT 'bank/' || bank || '/losses' FROM credit_products);",
     NULL},
};

static const store_migration subsidy_steps[] = {
    {1,
     "CREATE TABLE subsidy_applications ("
     " id TEXT PRIMARY KEY, programme TEXT NOT NULL, budget TEXT NOT NULL,"
     " policy_path TEXT NOT NULL, policy_id TEXT NOT NULL, policy_label TEXT NOT NULL,"
     " policy_sha256 TEXT NOT NULL, firm TEXT NOT NULL, product TEXT NOT NULL DEFAULT '',"
     " applied_date INTEGER NOT NULL, inputs TEXT NOT NULL, eligible INTEGER NOT NULL,"
     " decided_fen INTEGER NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL,"
     " award_fen INTEGER NOT NULL DEFAULT 0, paid_fen INTEGER NOT NULL DEFAULT 0,"
     " clawed_fen INTEGER NOT NULL DEFAULT 0, reservation_seq INTEGER NOT NULL DEFAULT 0,"
     " clawback_count INTEGER NOT NULL DEFAULT 0, award_date INTEGER NOT NULL DEFAULT 0,"
     " award_year INTEGER NOT NULL DEFAULT 0, pay_by INTEGER NOT NULL DEFAULT 0,"
     " note TEXT NOT NULL DEFAULT '',"
     " CHECK (paid_fen <= award_fen AND clawed_fen <= paid_fen));"
     "CREATE INDEX subsidy_by_policy_firm ON subsidy_applications(policy_id, firm);"
     "CREATE INDEX subsidy_by_programme ON subsidy_applications(programme);",
     NULL},
};

static const store_migration voucher_steps[] = {
    {1,
     "CREATE TABLE voucher_providers (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
     " city TEXT NOT NULL DEFAULT '', registered_date INTEGER NOT NULL);"
     "CREATE TABLE vouchers (id TEXT PRIMARY KEY, programme TEXT NOT NULL, budget TEXT NOT NULL,"
     " policy_path TEXT NOT NULL, policy_id TEXT NOT NULL, policy_label TEXT NOT NULL,"
     " policy_sha256 TEXT NOT NULL, firm TEXT NOT NULL, inputs TEXT NOT NULL,"
     " face_fen INTEGER NOT NULL CHECK (face_fen > 0),"
     " redeemed_fen INTEGER NOT NULL DEFAULT 0 CHECK (redeemed_fen <= face_fen),"
     " issued_date INTEGER NOT NULL, issued_year INTEGER NOT NULL,"
     " expires_date INTEGER NOT NULL, status TEXT NOT NULL,"
     " reservation_seq INTEGER NOT NULL DEFAULT 1);"
     "CREATE INDEX vouchers_by_firm ON vouchers(policy_id, firm);"
     "CREATE TABLE voucher_redemptions (voucher TEXT NOT NULL REFERENCES vouchers(id),"
     " provider TEXT NOT NULL, bill_id TEXT NOT NULL, bill_fen INTEGER NOT NULL,"
     " paid_fen INTEGER NOT NULL, date INTEGER NOT NULL, seq INTEGER NOT NULL,"
     " settled INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (provider, bill_id));",
     NULL},
    /* the product a voucher is for (limits `per product`); '' when none was given */
    {2,
     "ALTER TABLE vouchers ADD COLUMN product TEXT NOT NULL DEFAULT '';"
     "CREATE INDEX voucher_redemptions_unsettled ON voucher_redemptions(settled, provider);",
     NULL},
};

/* the text of every policy used for a decision, under its SHA-256, with its first use */
static const store_migration policy_steps[] = {
    {1,
     "CREATE TABLE policy_texts (sha256 TEXT PRIMARY KEY, policy_id TEXT NOT NULL,"
     " version TEXT NOT NULL, path TEXT NOT NULL, first_used INTEGER NOT NULL,"
     " first_used_by TEXT NOT NULL, first_subject TEXT NOT NULL, stored_ns INTEGER NOT NULL,"
     " text BLOB NOT NULL);"
     "CREATE INDEX policy_texts_by_id ON policy_texts(policy_id, first_used);",
     NULL},
};

static const store_migration programme_steps[] = {
    {1,
     "CREATE TABLE programmes (id TEXT PRIMARY KEY, title_zh TEXT NOT NULL DEFAULT '',"
     " title_en TEXT NOT NULL DEFAULT '', created_date INTEGER NOT NULL,"
     " closed_date INTEGER);",
     NULL},
    /* v2: a programme's appropriation and budgets belong to the module "programme" (books made
     * before accounts had owners hold them free); accounts made with `account create` stay free */
    {2,
     "UPDATE accounts SET owner = 'programme' WHERE owner = '' AND ("
     " (kind = 'appropriation' AND name IN (SELECT 'appropriation/' || id FROM programmes))"
     " OR (kind = 'budget' AND EXISTS (SELECT 1 FROM programmes p WHERE"
     "  substr(accounts.name, 1, length(p.id) + 8) = 'budget/' || p.id || '/'"
     "  AND EXISTS (SELECT 1 FROM transfers t WHERE t.credit_id = accounts.id"
     "   AND t.code = 'programme.fund'))));",
     NULL},
};

static const store_migration fund_steps[] = {
    {1,
     "CREATE TABLE fund_funds (id TEXT PRIMARY KEY, name TEXT NOT NULL, grp TEXT NOT NULL,"
     " parent TEXT NOT NULL, gp TEXT NOT NULL, region TEXT NOT NULL, size_fen INTEGER NOT NULL,"
     " first_phase_fen INTEGER NOT NULL, vintage INTEGER NOT NULL, invest_years INTEGER NOT NULL,"
     " exit_years INTEGER NOT NULL, extension_years INTEGER NOT NULL, fee_basis INTEGER NOT NULL,"
     " fee_bp INTEGER NOT NULL, fee_exit_bp INTEGER NOT NULL, hurdle_bp INTEGER NOT NULL,"
     " carry_bp INTEGER NOT NULL, catch_up_bp INTEGER NOT NULL, waterfall INTEGER NOT NULL,"
     " concession_bp INTEGER NOT NULL, concession_gp_bp INTEGER NOT NULL,"
     " reinvest_bp INTEGER NOT NULL, gov_cap_bp INTEGER NOT NULL, parent_cap_bp INTEGER NOT NULL);"
     "CREATE INDEX fund_funds_grp ON fund_funds(grp);"
     "CREATE INDEX fund_funds_parent ON fund_funds(parent);"
     "CREATE TABLE fund_lps (fund TEXT NOT NULL, lp TEXT NOT NULL, type INTEGER NOT NULL,"
     " account TEXT NOT NULL, phase INTEGER NOT NULL, defaulted INTEGER NOT NULL DEFAULT 0,"
     " PRIMARY KEY (fund, lp));"
     "CREATE TABLE fund_events (id TEXT PRIMARY KEY, fund TEXT NOT NULL, kind TEXT NOT NULL,"
     " date INTEGER NOT NULL, body TEXT NOT NULL);"
     "CREATE INDEX fund_events_fund ON fund_events(fund, date);"
     "CREATE TABLE fund_flows (event TEXT NOT NULL, fund TEXT NOT NULL, lp TEXT, deal TEXT,"
     " kind TEXT NOT NULL, date INTEGER NOT NULL, amount_fen INTEGER NOT NULL,"
     " phase INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX fund_flows_fund ON fund_flows(fund, date);"
     "CREATE INDEX fund_flows_lp ON fund_flows(lp, kind);"
     "CREATE TABLE fund_deals (fund TEXT NOT NULL, deal TEXT NOT NULL, firm TEXT NOT NULL,"
     " sector TEXT NOT NULL, stage TEXT NOT NULL, city TEXT NOT NULL, region TEXT NOT NULL,"
     " share_bp INTEGER NOT NULL, date INTEGER NOT NULL, cost_fen INTEGER NOT NULL,"
     " value_fen INTEGER NOT NULL, held_fen INTEGER NOT NULL, realised_fen INTEGER NOT NULL,"
     " status INTEGER NOT NULL,"
     " closed_date INTEGER NOT NULL DEFAULT 0, distributed_fen INTEGER NOT NULL DEFAULT 0,"
     " PRIMARY KEY (fund, deal));"
     "CREATE TABLE fund_marks (fund TEXT NOT NULL, deal TEXT NOT NULL, date INTEGER NOT NULL,"
     " value_fen INTEGER NOT NULL, event TEXT NOT NULL);",
     NULL},
    /* covering indexes for the reports: figures per fund and LP without touching table rows */
    {2,
     "DROP INDEX fund_flows_fund;"
     "CREATE INDEX fund_flows_lp_kind ON fund_flows(fund, lp, kind, amount_fen);"
     "CREATE INDEX fund_flows_kind_date ON fund_flows(fund, kind, date, lp, amount_fen);"
     "CREATE INDEX fund_deals_figures ON fund_deals(fund, status, cost_fen, held_fen,"
     " value_fen, realised_fen, region, city, sector, stage);",
     NULL},
    /* the accounts the module made before accounts had owners become its own: fund/..., gp/...
     * and the default lp/LP/cash accounts it created for LPs */
    {3,
     "UPDATE accounts SET owner = 'fund' WHERE owner = '' AND (substr(name, 1, 5) = 'fund/'"
     " OR substr(name, 1, 3) = 'gp/' OR (substr(name, 1, 3) = 'lp/' AND kind = 'lp' AND"
     " name IN (SELECT account FROM fund_lps)));",
     NULL},
    /* the flows of a fund as an LP of others, covered: sub-fund positions in reports */
    {4,
     "DROP INDEX IF EXISTS fund_flows_lp;"
     "CREATE INDEX IF NOT EXISTS fund_flows_lp_cover ON fund_flows(lp, kind, fund, date, "
     "amount_fen);",
     NULL},
    /* derived running totals of fund_flows, kept in the same transaction as every event (see
     * fund_repo_event_insert) and verified by fund check: per (fund, kind, lp; '' none) the sum and
     * number of flows, and per (fund, kind, date) the sum of the calls and distributions (the
     * dated flows of the IRRs); (re)built from the flows recorded so far, so the step can run
     * again on a book whose version was set back */
    {5,
     "CREATE TABLE IF NOT EXISTS fund_flow_totals (fund TEXT NOT NULL, kind TEXT NOT NULL,"
     " lp TEXT NOT NULL, amount_fen INTEGER NOT NULL, flows INTEGER NOT NULL,"
     " PRIMARY KEY (fund, kind, lp)) WITHOUT ROWID;"
     "DELETE FROM fund_flow_totals;"
     "INSERT INTO fund_flow_totals (fund, kind, lp, amount_fen, flows) SELECT fund, kind,"
     " COALESCE(lp, ''), SUM(amount_fen), COUNT(*) FROM fund_flows GROUP BY fund, kind,"
     " COALESCE(lp, '');"
     "CREATE TABLE IF NOT EXISTS fund_flow_days (fund TEXT NOT NULL, kind TEXT NOT NULL,"
     " date INTEGER NOT NULL, amount_fen INTEGER NOT NULL, PRIMARY KEY (fund, kind, date))"
     " WITHOUT ROWID;"
     "DELETE FROM fund_flow_days;"
     "INSERT INTO fund_flow_days (fund, kind, date, amount_fen) SELECT fund, kind, date,"
     " SUM(amount_fen) FROM fund_flows WHERE kind IN ('call', 'distribute') GROUP BY fund,"
     " kind, date;",
     NULL},
    /* derived per-place totals of fund_deals (per fund, region and city: deals, held deals and
     * the sums of cost, cost held, value and realised), kept by triggers in the transaction of
     * every deal write and verified by fund check; (re)built from the deals as they stand */
    {6,
     "CREATE TABLE IF NOT EXISTS fund_deal_totals (fund TEXT NOT NULL, region TEXT NOT NULL,"
     " city TEXT NOT NULL, deals INTEGER NOT NULL, held INTEGER NOT NULL, cost_fen INTEGER NOT"
     " NULL, held_fen INTEGER NOT NULL, value_fen INTEGER NOT NULL, realised_fen INTEGER NOT"
     " NULL, PRIMARY KEY (fund, region, city)) WITHOUT ROWID;"
     "DELETE FROM fund_deal_totals;"
     "INSERT INTO fund_deal_totals SELECT fund, region, city, COUNT(*), SUM(CASE WHEN status"
     " = 0 THEN 1 ELSE 0 END),"
     " SUM(cost_fen), SUM(held_fen), SUM(value_fen), SUM(realised_fen) FROM fund_deals GROUP BY"
     " fund, region, city;"
     "DROP TRIGGER IF EXISTS fund_deal_totals_insert;"
     "CREATE TRIGGER fund_deal_totals_insert AFTER INSERT ON fund_deals BEGIN"
     " INSERT INTO fund_deal_totals VALUES (NEW.fund, NEW.region, NEW.city, 1, NEW.status = 0,"
     " NEW.cost_fen, NEW.held_fen, NEW.value_fen, NEW.realised_fen) ON CONFLICT (fund, region,"
     " city) DO UPDATE SET deals = deals + 1, held = held + excluded.held, cost_fen = cost_fen +"
     " excluded.cost_fen, held_fen = held_fen + excluded.held_fen, value_fen = value_fen +"
     " excluded.value_fen, realised_fen = realised_fen + excluded.realised_fen; END;"
     "DROP TRIGGER IF EXISTS fund_deal_totals_delete;"
     "CREATE TRIGGER fund_deal_totals_delete AFTER DELETE ON fund_deals BEGIN"
     " UPDATE fund_deal_totals SET deals = deals - 1, held = held - (OLD.status = 0), cost_fen"
     " = cost_fen - OLD.cost_fen, held_fen = held_fen - OLD.held_fen, value_fen = value_fen -"
     " OLD.value_fen, realised_fen = realised_fen - OLD.realised_fen WHERE fund = OLD.fund AND"
     " region = OLD.region AND city = OLD.city;"
     " DELETE FROM fund_deal_totals WHERE fund = OLD.fund AND region = OLD.region AND city ="
     " OLD.city AND deals = 0; END;"
     /* a deal rewritten in its place (marks, exits): one UPDATE of the differences */
     "DROP TRIGGER IF EXISTS fund_deal_totals_update;"
     "CREATE TRIGGER fund_deal_totals_update AFTER UPDATE ON fund_deals WHEN OLD.fund ="
     " NEW.fund AND OLD.region = NEW.region AND OLD.city = NEW.city BEGIN"
     " UPDATE fund_deal_totals SET held = held + (NEW.status = 0) - (OLD.status = 0), cost_fen"
     " = cost_fen + (NEW.cost_fen - OLD.cost_fen), held_fen = held_fen + (NEW.held_fen -"
     " OLD.held_fen), value_fen = value_fen + (NEW.value_fen - OLD.value_fen), realised_fen ="
     " realised_fen + (NEW.realised_fen - OLD.realised_fen) WHERE fund = NEW.fund AND region ="
     " NEW.region AND city = NEW.city; END;"
     /* ... or moved to another place: out of the old one, into the new */
     "DROP TRIGGER IF EXISTS fund_deal_totals_move;"
     "CREATE TRIGGER fund_deal_totals_move AFTER UPDATE ON fund_deals WHEN OLD.fund IS NOT"
     " NEW.fund OR OLD.region IS NOT NEW.region OR OLD.city IS NOT NEW.city BEGIN"
     " UPDATE fund_deal_totals SET deals = deals - 1, held = held - (OLD.status = 0), cost_fen"
     " = cost_fen - OLD.cost_fen, held_fen = held_fen - OLD.held_fen, value_fen = value_fen -"
     " OLD.value_fen, realised_fen = realised_fen - OLD.realised_fen WHERE fund = OLD.fund AND"
     " region = OLD.region AND city = OLD.city;"
     " DELETE FROM fund_deal_totals WHERE fund = OLD.fund AND region = OLD.region AND city ="
     " OLD.city AND deals = 0;"
     " INSERT INTO fund_deal_totals VALUES (NEW.fund, NEW.region, NEW.city, 1, NEW.status = 0,"
     " NEW.cost_fen, NEW.held_fen, NEW.value_fen, NEW.realised_fen) ON CONFLICT (fund, region,"
     " city) DO UPDATE SET deals = deals + 1, held = held + excluded.held, cost_fen = cost_fen +"
     " excluded.cost_fen, held_fen = held_fen + excluded.held_fen, value_fen = value_fen +"
     " excluded.value_fen, realised_fen = realised_fen + excluded.realised_fen; END;",
     /* PostgreSQL: one trigger function; a rewritten deal leaves its old place and enters its
      * new one (the same totals as SQLite's in-place update) */
     "CREATE TABLE IF NOT EXISTS fund_deal_totals (fund TEXT NOT NULL, region TEXT NOT NULL,"
     " city TEXT NOT NULL, deals INTEGER NOT NULL, held INTEGER NOT NULL, cost_fen INTEGER NOT"
     " NULL, held_fen INTEGER NOT NULL, value_fen INTEGER NOT NULL, realised_fen INTEGER NOT"
     " NULL, PRIMARY KEY (fund, region, city));"
     "DELETE FROM fund_deal_totals;"
     "INSERT INTO fund_deal_totals SELECT fund, region, city, COUNT(*), SUM(CASE WHEN status = 0"
     " THEN 1 ELSE 0 END), SUM(cost_fen), SUM(held_fen), SUM(value_fen), SUM(realised_fen) FROM"
     " fund_deals GROUP BY fund, region, city;"
     "CREATE OR REPLACE FUNCTION fund_deal_totals_keep() RETURNS trigger LANGUAGE plpgsql AS $$"
     " BEGIN"
     " IF TG_OP IN ('DELETE', 'UPDATE') THEN"
     " UPDATE fund_deal_totals SET deals = deals - 1, held = held - (CASE WHEN OLD.status = 0"
     " THEN 1 ELSE 0 END), cost_fen = cost_fen - OLD.cost_fen, held_fen = held_fen -"
     " OLD.held_fen, value_fen = value_fen - OLD.value_fen, realised_fen = realised_fen -"
     " OLD.realised_fen WHERE fund = OLD.fund AND region = OLD.region AND city = OLD.city;"
     " DELETE FROM fund_deal_totals WHERE fund = OLD.fund AND region = OLD.region AND city ="
     " OLD.city AND deals = 0;"
     " END IF;"
     " IF TG_OP IN ('INSERT', 'UPDATE') THEN"
     " INSERT INTO fund_deal_totals AS t VALUES (NEW.fund, NEW.region, NEW.city, 1, CASE WHEN"
     " NEW.status = 0 THEN 1 ELSE 0 END, NEW.cost_fen, NEW.held_fen, NEW.value_fen,"
     " NEW.realised_fen) ON CONFLICT (fund, region, city) DO UPDATE SET deals = t.deals + 1,"
     " held = t.held + excluded.held, cost_fen = t.cost_fen + excluded.cost_fen, held_fen ="
     " t.held_fen + excluded.held_fen, value_fen = t.value_fen + excluded.value_fen,"
     " realised_fen = t.realised_fen + excluded.realised_fen;"
     " END IF;"
     " RETURN NULL;"
     " END $$;"
     "DROP TRIGGER IF EXISTS fund_deal_totals_keep ON fund_deals;"
     "CREATE TRIGGER fund_deal_totals_keep AFTER INSERT OR UPDATE OR DELETE ON fund_deals FOR"
     " EACH ROW EXECUTE FUNCTION fund_deal_totals_keep();"},
};

static const store_migration registry_steps[] = {
    {1,
     "CREATE TABLE firms(" FIRM_COL_DEFS
     ", updated_at TEXT NOT NULL, PRIMARY KEY(uscc)) WITHOUT ROWID;"
     "CREATE INDEX firms_city ON firms(city);"
     "CREATE INDEX firms_sector ON firms(sector);"
     "CREATE TABLE firm_history(" FIRM_COL_DEFS ", valid_from TEXT NOT NULL, "
     "replaced_at TEXT NOT NULL, PRIMARY KEY(uscc, version)) WITHOUT ROWID;"
     "CREATE TABLE firm_products(uscc TEXT NOT NULL REFERENCES firms(uscc), "
     "product_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, price_fen INTEGER, "
     "date INTEGER, updated_at TEXT NOT NULL, PRIMARY KEY(uscc, product_id)) WITHOUT ROWID;",
     NULL},
};

static const store_migration approval_steps[] = {
    /* v1: maker-checker: a programme's threshold (no row: no maker-checker) and its approvals */
    {1,
     "CREATE TABLE approval_thresholds (programme TEXT PRIMARY KEY,"
     " threshold_fen INTEGER NOT NULL CHECK (threshold_fen >= 0));"
     "CREATE TABLE approvals (seq INTEGER PRIMARY KEY, programme TEXT NOT NULL,"
     " action TEXT NOT NULL, request TEXT NOT NULL, amount_fen INTEGER NOT NULL,"
     " maker TEXT NOT NULL, created_date INTEGER NOT NULL, state TEXT NOT NULL,"
     " checker TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',"
     " decided_date INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX approvals_by_programme ON approvals(programme, state);",
     NULL},
};

static const store_migration notice_steps[] = {
    /* v1: 公示: one notice per award under a policy with `notice N working days`, and objections */
    {1,
     "CREATE TABLE notices (seq INTEGER PRIMARY KEY, application TEXT NOT NULL UNIQUE,"
     " programme TEXT NOT NULL, firm TEXT NOT NULL, firm_name TEXT NOT NULL,"
     " amount_fen INTEGER NOT NULL, policy_id TEXT NOT NULL, policy_label TEXT NOT NULL,"
     " clause TEXT NOT NULL, working_days INTEGER NOT NULL, published_date INTEGER NOT NULL,"
     " deadline INTEGER NOT NULL);"
     "CREATE TABLE notice_objections (seq INTEGER PRIMARY KEY, notice INTEGER NOT NULL,"
     " filer TEXT NOT NULL, reason TEXT NOT NULL, filed_date INTEGER NOT NULL,"
     " state TEXT NOT NULL, officer TEXT NOT NULL DEFAULT '', decision TEXT NOT NULL DEFAULT"
     " '', decided_date INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX notice_objections_by_notice ON notice_objections(notice);",
     NULL},
};

/* the HTTP API's idempotency records (store/idempotency_repo.h) */
static const store_migration server_steps[] = {
    {1,
     "CREATE TABLE idempotency_keys(\"user\" TEXT NOT NULL, key TEXT NOT NULL,"
     " request_sha256 TEXT NOT NULL, response_code INTEGER NOT NULL,"
     " response_body BLOB NOT NULL, created_ns INTEGER NOT NULL,"
     " PRIMARY KEY(\"user\", key)) WITHOUT ROWID;",
     NULL},
};

/* users, their scopes, sessions and bearer tokens (stored as BLAKE2b-256 digests only) and recent
 * login failures (see auth/auth_repo.h) */
static const store_migration auth_steps[] = {
    {1,
     "CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, pwhash TEXT NOT NULL,"
     " created_ns INTEGER NOT NULL, disabled_ns INTEGER NOT NULL DEFAULT 0);"
     "CREATE TABLE user_scopes (\"user\" TEXT NOT NULL REFERENCES users(name), kind TEXT NOT NULL,"
     " id TEXT NOT NULL, PRIMARY KEY (\"user\", kind, id));"
     "CREATE TABLE sessions (digest BLOB PRIMARY KEY, \"user\" TEXT NOT NULL,"
     " created_ns INTEGER NOT NULL, last_used_ns INTEGER NOT NULL, address TEXT NOT NULL);"
     "CREATE INDEX sessions_by_user ON sessions(\"user\");"
     "CREATE INDEX sessions_by_last_use ON sessions(last_used_ns);"
     "CREATE TABLE tokens (digest BLOB PRIMARY KEY, \"user\" TEXT NOT NULL, label TEXT NOT NULL,"
     " created_ns INTEGER NOT NULL, expires_date INTEGER, revoked_ns INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX tokens_by_user ON tokens(\"user\");"
     "CREATE INDEX tokens_by_label ON tokens(label);"
     "CREATE TABLE login_failures (\"user\" TEXT NOT NULL, address TEXT NOT NULL,"
     " at_ns INTEGER NOT NULL);"
     "CREATE INDEX login_failures_by_user ON login_failures(\"user\", at_ns);"
     "CREATE INDEX login_failures_by_address ON login_failures(address, at_ns);"
     "CREATE INDEX login_failures_by_time ON login_failures(at_ns);",
     NULL},
};

/* The audit chain (store/audit_log.h): one entry per committed state change, hash-chained; the
 * transfers each entry committed; the last transfer sequence before the chain began (old books). */
static const store_migration audit_steps[] = {
    {1,
     "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL,"
     " actor TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL,"
     " body_sha256 TEXT NOT NULL, result TEXT NOT NULL, prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL);"
     "CREATE INDEX audit_log_actor ON audit_log(actor);"
     "CREATE INDEX audit_log_object ON audit_log(object);"
     "CREATE TABLE audit_transfers (audit_seq INTEGER PRIMARY KEY,"
     " first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL);"
     "CREATE INDEX audit_transfers_last ON audit_transfers(last_seq);"
     "CREATE TABLE audit_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
     "INSERT INTO audit_meta(key, value)"
     " SELECT 'transfers_before', COALESCE(max(seq), 0) FROM transfers;",
     NULL},
    /* v2: each entry carries the range of transfers its transaction wrote (first > last: none;
     * last = every transfer covered so far), so a commit writes one audit row instead of an entry,
     * a link row and three index entries; listing by actor or object scans the chain in seq order.
     */
    {2,
     "ALTER TABLE audit_log ADD COLUMN first_transfer_seq INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE audit_log ADD COLUMN last_transfer_seq INTEGER NOT NULL DEFAULT 0;"
     "UPDATE audit_log SET last_transfer_seq = COALESCE((SELECT t.last_seq FROM audit_transfers t"
     " WHERE t.audit_seq <= audit_log.seq ORDER BY t.audit_seq DESC LIMIT 1),"
     " (SELECT value FROM audit_meta WHERE key = 'transfers_before'), 0);"
     "UPDATE audit_log SET first_transfer_seq = COALESCE((SELECT t.first_seq FROM"
     " audit_transfers t WHERE t.audit_seq = audit_log.seq), last_transfer_seq + 1);"
     "DROP TABLE audit_transfers;"
     "DROP INDEX audit_log_actor;"
     "DROP INDEX audit_log_object;",
     NULL},
};

/* programme design (instrument/target_repo.h): targets, imported actuals (statistics bureaux'
 * figures) and the share of paths of the last projection run that reached each target */
static const store_migration target_steps[] = {
    {1,
     "CREATE TABLE targets (programme TEXT NOT NULL, id TEXT NOT NULL,"
     " indicator TEXT NOT NULL, value INTEGER NOT NULL CHECK (value > 0),"
     " deadline INTEGER NOT NULL, base_year INTEGER NOT NULL, base_value INTEGER NOT NULL,"
     " filter TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (programme, id));"
     "CREATE TABLE target_actuals (programme TEXT NOT NULL, target TEXT NOT NULL,"
     " date INTEGER NOT NULL, value INTEGER NOT NULL, source TEXT NOT NULL,"
     " PRIMARY KEY (programme, target, date));"
     "CREATE TABLE target_probabilities (programme TEXT NOT NULL, target TEXT NOT NULL,"
     " probability REAL NOT NULL, paths INTEGER NOT NULL, seed INTEGER NOT NULL,"
     " run_on INTEGER NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (programme, target));",
     NULL},
    /* no floating point in the schema: a probability is kept as the paths that reached the target
     * (hits of paths, exact), the REAL column it was dropped */
    {2,
     "ALTER TABLE target_probabilities ADD COLUMN hits INTEGER NOT NULL DEFAULT 0;"
     "UPDATE target_probabilities SET hits = CAST(ROUND(probability * paths) AS INTEGER);"
     "ALTER TABLE target_probabilities DROP COLUMN probability;",
     NULL},
};

/* interest subsidies (instrument/interest_repo.h): schemes, the periods each has paid (one run per
 * period, so a period is paid once), and one accrual per loan and period */
static const store_migration interest_steps[] = {
    {1,
     "CREATE TABLE interest_schemes (id TEXT PRIMARY KEY, programme TEXT NOT NULL,"
     " budget TEXT NOT NULL, policy_path TEXT NOT NULL, policy_id TEXT NOT NULL,"
     " policy_label TEXT NOT NULL, policy_sha256 TEXT NOT NULL, payee TEXT NOT NULL,"
     " created_date INTEGER NOT NULL);"
     "CREATE TABLE interest_runs (scheme TEXT NOT NULL, period TEXT NOT NULL,"
     " first_day INTEGER NOT NULL, last_day INTEGER NOT NULL, run_date INTEGER NOT NULL,"
     " loans INTEGER NOT NULL, paid INTEGER NOT NULL, total_fen INTEGER NOT NULL,"
     " PRIMARY KEY (scheme, period));"
     "CREATE TABLE interest_accruals (scheme TEXT NOT NULL, period TEXT NOT NULL,"
     " loan TEXT NOT NULL, seq INTEGER NOT NULL, firm TEXT NOT NULL, bank TEXT NOT NULL,"
     " product TEXT NOT NULL, policy_id TEXT NOT NULL, year INTEGER NOT NULL,"
     " from_day INTEGER NOT NULL, to_day INTEGER NOT NULL, days INTEGER NOT NULL,"
     " principal_days_fen INTEGER NOT NULL, loan_rate_bp INTEGER NOT NULL,"
     " rate_bp INTEGER NOT NULL, eligible INTEGER NOT NULL, computed_fen INTEGER NOT NULL,"
     " amount_fen INTEGER NOT NULL, clause TEXT NOT NULL, note TEXT NOT NULL,"
     " payee_account TEXT NOT NULL, transfer_id TEXT NOT NULL, inputs TEXT NOT NULL,"
     " PRIMARY KEY (scheme, period, loan));"
     "CREATE INDEX interest_accruals_policy ON interest_accruals(policy_id, firm, year);",
     NULL},
};

/* financing guarantees (instrument/guarantee_repo.h): guarantee institutions, the guarantees on
 * credit loans (fees, the risk shares, the loss split, recoveries), and recoveries by client id */
static const store_migration guarantee_steps[] = {
    {1,
     "CREATE TABLE guarantee_guarantors (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
     " reguarantor TEXT NOT NULL, programme TEXT NOT NULL, budget TEXT NOT NULL,"
     " contributed_fen INTEGER NOT NULL, created_date INTEGER NOT NULL);"
     "CREATE TABLE guarantee_loans (loan TEXT PRIMARY KEY, guarantor TEXT NOT NULL,"
     " reguarantor TEXT NOT NULL, firm TEXT NOT NULL, bank TEXT NOT NULL,"
     " programme TEXT NOT NULL, budget TEXT NOT NULL, policy_path TEXT NOT NULL,"
     " policy_id TEXT NOT NULL, policy_label TEXT NOT NULL, policy_sha256 TEXT NOT NULL,"
     " signed_date INTEGER NOT NULL, principal_fen INTEGER NOT NULL,"
     " term_days INTEGER NOT NULL, fee_rate_bp INTEGER NOT NULL,"
     " subsidy_rate_bp INTEGER NOT NULL, fee_fen INTEGER NOT NULL,"
     " subsidy_fen INTEGER NOT NULL, firm_fee_fen INTEGER NOT NULL,"
     " share_national_bp INTEGER NOT NULL, share_provincial_bp INTEGER NOT NULL,"
     " share_bank_bp INTEGER NOT NULL, share_guarantor_bp INTEGER NOT NULL,"
     " status TEXT NOT NULL, compensated_date INTEGER NOT NULL, loss_fen INTEGER NOT NULL,"
     " borne_national_fen INTEGER NOT NULL, borne_provincial_fen INTEGER NOT NULL,"
     " borne_bank_fen INTEGER NOT NULL, borne_guarantor_fen INTEGER NOT NULL,"
     " recovered_fen INTEGER NOT NULL, rec_national_fen INTEGER NOT NULL,"
     " rec_provincial_fen INTEGER NOT NULL, rec_bank_fen INTEGER NOT NULL,"
     " rec_guarantor_fen INTEGER NOT NULL, recoveries INTEGER NOT NULL, clause TEXT NOT NULL);"
     "CREATE INDEX guarantee_loans_guarantor ON guarantee_loans(guarantor);"
     "CREATE TABLE guarantee_recoveries (id TEXT PRIMARY KEY, loan TEXT NOT NULL,"
     " date INTEGER NOT NULL, amount_fen INTEGER NOT NULL);",
     NULL},
};

/* venture-day matchmaking (instrument/ventureday_repo.h): events, roadshows, interests, follow-ups
 */
static const store_migration ventureday_steps[] = {
    {1,
     "CREATE TABLE vd_events (id TEXT PRIMARY KEY, title TEXT NOT NULL, city TEXT NOT NULL,"
     " date INTEGER NOT NULL);"
     "CREATE TABLE vd_roadshows (event TEXT NOT NULL, firm TEXT NOT NULL, session TEXT NOT NULL,"
     " sector TEXT NOT NULL, stage TEXT NOT NULL, seeking_fen INTEGER NOT NULL,"
     " PRIMARY KEY (event, firm));"
     "CREATE TABLE vd_interests (event TEXT NOT NULL, investor TEXT NOT NULL,"
     " session TEXT NOT NULL, fund TEXT NOT NULL, sectors TEXT NOT NULL, stages TEXT NOT NULL,"
     " ticket_min_fen INTEGER NOT NULL, ticket_max_fen INTEGER NOT NULL,"
     " PRIMARY KEY (event, investor));"
     "CREATE TABLE vd_followups (seq INTEGER PRIMARY KEY, event TEXT NOT NULL,"
     " firm TEXT NOT NULL, investor TEXT NOT NULL, status TEXT NOT NULL, date INTEGER NOT NULL,"
     " note TEXT NOT NULL, fund TEXT NOT NULL, deal TEXT NOT NULL);"
     "CREATE INDEX vd_followups_pair ON vd_followups(event, firm, investor, seq);",
     NULL},
};

/* R&D reserves and first units (instrument/rdreserve_repo.h, first_unit_repo.h): the filed R&D
 * figures per firm and tax year, the reserves per firm and year with their payment; the first-unit
 * catalogue, the insured units with their premium subsidy, and their claims */
static const store_migration innovation_steps[] = {
    {1,
     "CREATE TABLE rdreserve_filings (firm TEXT NOT NULL, tax_year INTEGER NOT NULL,"
     " rd_expense_fen INTEGER NOT NULL, filed_date INTEGER NOT NULL, source TEXT NOT NULL,"
     " recorded_date INTEGER NOT NULL, PRIMARY KEY (firm, tax_year));"
     "CREATE TABLE rdreserves (firm TEXT NOT NULL, year INTEGER NOT NULL,"
     " programme TEXT NOT NULL, budget TEXT NOT NULL, policy_path TEXT NOT NULL,"
     " policy_id TEXT NOT NULL, policy_label TEXT NOT NULL, policy_sha256 TEXT NOT NULL,"
     " reserve_fen INTEGER NOT NULL, registered_date INTEGER NOT NULL, status TEXT NOT NULL,"
     " rd_fen INTEGER NOT NULL, prior_rd_fen INTEGER NOT NULL, computed_fen INTEGER NOT NULL,"
     " amount_fen INTEGER NOT NULL, paid_date INTEGER NOT NULL, clause TEXT NOT NULL,"
     " note TEXT NOT NULL, payee_account TEXT NOT NULL, transfer_id TEXT NOT NULL,"
     " inputs TEXT NOT NULL, PRIMARY KEY (firm, year));"
     "CREATE INDEX rdreserves_policy ON rdreserves(policy_id, firm, year);"
     "CREATE TABLE first_unit_items (item TEXT PRIMARY KEY, name TEXT NOT NULL,"
     " category TEXT NOT NULL, edition TEXT NOT NULL, added_date INTEGER NOT NULL);"
     "CREATE TABLE first_units (id TEXT PRIMARY KEY, item TEXT NOT NULL, maker TEXT NOT NULL,"
     " buyer TEXT NOT NULL, price_fen INTEGER NOT NULL, unit_no INTEGER NOT NULL,"
     " insured TEXT NOT NULL, insurer TEXT NOT NULL, premium_fen INTEGER NOT NULL,"
     " cover_from INTEGER NOT NULL, cover_years INTEGER NOT NULL, cover_to INTEGER NOT NULL,"
     " programme TEXT NOT NULL, budget TEXT NOT NULL, policy_path TEXT NOT NULL,"
     " policy_id TEXT NOT NULL, policy_label TEXT NOT NULL, policy_sha256 TEXT NOT NULL,"
     " registered_date INTEGER NOT NULL, status TEXT NOT NULL, computed_fen INTEGER NOT NULL,"
     " subsidy_fen INTEGER NOT NULL, subsidy_date INTEGER NOT NULL,"
     " payee_account TEXT NOT NULL, transfer_id TEXT NOT NULL, clause TEXT NOT NULL,"
     " inputs TEXT NOT NULL, claims INTEGER NOT NULL, insurer_paid_fen INTEGER NOT NULL,"
     " topup_fen INTEGER NOT NULL);"
     "CREATE INDEX first_units_maker ON first_units(maker);"
     "CREATE INDEX first_units_buyer ON first_units(buyer);"
     "CREATE TABLE first_unit_claims (id TEXT PRIMARY KEY, unit TEXT NOT NULL,"
     " seq INTEGER NOT NULL, date INTEGER NOT NULL, failure TEXT NOT NULL,"
     " loss_fen INTEGER NOT NULL, insurer_paid_fen INTEGER NOT NULL,"
     " topup_fen INTEGER NOT NULL, payee_account TEXT NOT NULL, transfer_id TEXT NOT NULL,"
     " clause TEXT NOT NULL, inputs TEXT NOT NULL);"
     "CREATE INDEX first_unit_claims_unit ON first_unit_claims(unit, seq);",
     NULL},
};

typedef struct {
    const char *module;
    const store_migration *steps;
    size_t n;
} module_schema;

#define MODULE(name, steps)                                                                        \
    { name, steps, sizeof steps / sizeof steps[0] }

static const module_schema modules[] = {
    MODULE("registry", registry_steps),     MODULE("programme", programme_steps),
    MODULE("subsidy", subsidy_steps),       MODULE("voucher", voucher_steps),
    MODULE("credit", credit_steps),         MODULE("fund", fund_steps),
    MODULE("policy", policy_steps),         MODULE("approval", approval_steps),
    MODULE("notice", notice_steps),         MODULE("auth", auth_steps),
    MODULE("audit", audit_steps),           MODULE("server", server_steps),
    MODULE("target", target_steps),         MODULE("interest", interest_steps),
    MODULE("guarantee", guarantee_steps),   MODULE("ventureday", ventureday_steps),
    MODULE("innovation", innovation_steps),
};

hs_status store_migrate_modules(hs_store *s, hs_error *err) {
    assert(s != NULL);
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
        assert(modules[i].n > 0);
        hs_status st =
            store_migrate_module(s, modules[i].module, modules[i].steps, modules[i].n, err);
        if (st != HS_OK)
            return st;
    }
    return HS_OK;
}

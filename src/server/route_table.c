/* route_table.c — the API's routes (see routes.h). Add a route here and it is routed, documented
 * in /api/v1/openapi.json and covered by the role × route matrix test (tests/e2e/server.sh). */
#include "server/h_guarantee.h"
#include "server/h_interest.h"
#include "server/h_ventureday.h"
#include "server/h_first_unit.h"
#include "server/h_rdreserve.h"
#include "server/handlers.h"
#include "server/routes.h"

#define R(role) ROLE_BIT(HS_ROLE_##role)

/* Who may read accounts: each within its scope (route_account_visible). */
#define ACCOUNT_READERS                                                                            \
    (R(OFFICER) | R(FUND_MANAGER) | R(BANK) | R(PROVIDER) | R(ENTERPRISE) | R(AUDITOR))

#define ACCOUNT_SCHEMA                                                                             \
    "{\"type\":\"object\",\"required\":[\"account\",\"kind\",\"balance_fen\"],\"properties\":{"    \
    "\"account\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},"                            \
    "\"limit\":{\"type\":\"string\"},\"debits_posted_fen\":{\"type\":\"integer\"},"                \
    "\"credits_posted_fen\":{\"type\":\"integer\"},\"debits_pending_fen\":{\"type\":\"integer\"}," \
    "\"credits_pending_fen\":{\"type\":\"integer\"},\"balance_fen\":{\"type\":\"integer\"}}}"

#define TRANSFER_FIELDS                                                                            \
    "\"id\":{\"type\":\"string\",\"maxLength\":63},\"debit\":{\"type\":\"string\"},"               \
    "\"credit\":{\"type\":\"string\"},"                                                            \
    "\"amount\":{\"type\":[\"string\",\"integer\"],\"description\":\"any money form: 1,000.00, "   \
    "500万, ¥12.5\"},\"amount_fen\":{\"type\":\"integer\"},\"pending\":{\"type\":\"boolean\"},"  \
    "\"timeout\":{\"type\":\"integer\"},\"post\":{\"type\":\"string\"},"                           \
    "\"void\":{\"type\":\"string\"},\"linked\":{\"type\":\"boolean\"},"                            \
    "\"code\":{\"type\":\"string\"},\"date\":{\"type\":\"string\",\"format\":\"date\"},"           \
    "\"ref\":{\"type\":\"object\"}"

#define TRANSFER_IN                                                                                \
    "{\"type\":\"object\",\"required\":[\"id\"],\"additionalProperties\":false,"                   \
    "\"properties\":{" TRANSFER_FIELDS "}}"

#define TRANSFERS_REQUEST                                                                          \
    "{\"oneOf\":[" TRANSFER_IN ",{\"type\":\"object\",\"required\":[\"transfers\"],"               \
    "\"additionalProperties\":false,\"properties\":{\"transfers\":{\"type\":\"array\","            \
    "\"minItems\":1,\"items\":" TRANSFER_IN "}}}]}"

#define TRANSFER_OUT                                                                               \
    "{\"type\":\"object\",\"required\":[\"id\",\"result\"],\"properties\":{\"id\":{\"type\":"      \
    "\"string\"},\"result\":{\"type\":\"string\",\"enum\":[\"ok\",\"exists\"]},"                   \
    "\"debit\":{\"type\":\"string\"},\"credit\":{\"type\":\"string\"},"                            \
    "\"amount_fen\":{\"type\":\"integer\"}}}"

#define TRANSFERS_RESPONSE                                                                         \
    "{\"oneOf\":[" TRANSFER_OUT ",{\"type\":\"object\",\"required\":[\"transfers\"],"              \
    "\"properties\":{\"transfers\":{\"type\":\"array\",\"items\":" TRANSFER_OUT "}}}]}"

#define CHECK_SCHEMA                                                                               \
    "{\"type\":\"object\",\"required\":[\"ok\"],\"properties\":{\"ok\":{\"type\":\"boolean\"},"    \
    "\"accounts\":{\"type\":\"integer\"},\"transfers\":{\"type\":\"integer\"},"                    \
    "\"violation\":{\"type\":\"string\"}}}"

/* Who may read policies: the public rules, to every role that applies or reviews them. */
#define POLICY_READERS (R(ANALYST) | R(OFFICER) | R(REVIEWER) | R(AUDITOR) | R(ENTERPRISE))

#define POLICY_VERSION_SCHEMA                                                                      \
    "{\"type\":\"object\",\"required\":[\"policy\",\"version\",\"label\",\"sha256\"],"             \
    "\"properties\":{\"policy\":{\"type\":\"string\"},\"version\":{\"type\":\"string\"},"          \
    "\"label\":{\"type\":\"string\"},\"sha256\":{\"type\":\"string\"},\"path\":{\"type\":"         \
    "\"string\"},\"first_used\":{\"type\":\"string\",\"format\":\"date\"},"                        \
    "\"first_used_by\":{\"type\":\"string\"},\"first_subject\":{\"type\":\"string\"},"             \
    "\"bytes\":{\"type\":\"integer\"}}}"

#define OBJECT_SCHEMA "{\"type\":\"object\"}"

#define ROWS_SCHEMA                                                                                \
    "{\"type\":\"object\",\"required\":[\"title\",\"rows\"],\"properties\":{\"title\":{\"type\":"  \
    "\"string\"},\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"

#define PAGE_OF(items)                                                                             \
    "{\"type\":\"object\",\"required\":[\"items\",\"next_cursor\"],\"properties\":{\"items\":"     \
    "{\"type\":\"array\",\"items\":" items "},\"next_cursor\":{\"type\":[\"string\",\"null\"]}}}"

#define SESSION_REQUEST                                                                            \
    "{\"type\":\"object\",\"required\":[\"user\",\"password\"],\"additionalProperties\":false,"    \
    "\"properties\":{\"user\":{\"type\":\"string\"},\"password\":{\"type\":\"string\","            \
    "\"format\":\"password\"}}}"

#define SESSION_RESPONSE                                                                           \
    "{\"type\":\"object\",\"required\":[\"user\",\"role\",\"csrf_token\"],\"properties\":{"        \
    "\"user\":{\"type\":\"string\"},\"role\":{\"type\":\"string\"},\"csrf_token\":{\"type\":"      \
    "\"string\"}}}"

#define WHOAMI_SCHEMA                                                                              \
    "{\"type\":\"object\",\"required\":[\"user\",\"role\",\"scopes\"],\"properties\":{"            \
    "\"user\":{\"type\":\"string\"},\"role\":{\"type\":\"string\"},\"scopes\":{\"type\":"          \
    "\"array\",\"items\":{\"type\":\"string\"}},\"via\":{\"type\":\"string\"}}}"

#define APPROVAL_SCHEMA                                                                            \
    "{\"type\":\"object\",\"required\":[\"id\",\"programme\",\"action\",\"amount_fen\","           \
    "\"maker\",\"state\"],\"properties\":{\"id\":{\"type\":\"string\"},\"programme\":{\"type\":"   \
    "\"string\"},\"action\":{\"type\":\"string\"},\"request\":{\"type\":\"object\"},"              \
    "\"amount_fen\":{\"type\":\"integer\"},\"maker\":{\"type\":\"string\"},\"created\":{\"type\":" \
    "\"string\"},\"state\":{\"type\":\"string\",\"enum\":[\"pending\",\"executed\","               \
    "\"rejected\"]},\"checker\":{\"type\":[\"string\",\"null\"]},\"reason\":{\"type\":"            \
    "[\"string\",\"null\"]},\"decided\":{\"type\":[\"string\",\"null\"]}}}"

#define REASON_REQUEST(req)                                                                        \
    "{\"type\":\"object\"," req "\"additionalProperties\":false,\"properties\":{\"reason\":"       \
    "{\"type\":\"string\",\"minLength\":1,\"maxLength\":511}}}"

#define NOTICE_SCHEMA                                                                              \
    "{\"type\":\"object\",\"required\":[\"id\",\"firm_name\",\"amount_fen\",\"policy\","           \
    "\"objection_deadline\",\"under_notice\"],\"properties\":{\"id\":{\"type\":\"string\"},"       \
    "\"firm_name\":{\"type\":\"string\"},\"amount_fen\":{\"type\":\"integer\"},\"policy\":"        \
    "{\"type\":\"string\"},\"policy_version\":{\"type\":\"string\"},\"clause\":{\"type\":"         \
    "\"string\"},\"published\":{\"type\":\"string\",\"format\":\"date\"},"                         \
    "\"objection_deadline\":{\"type\":\"string\",\"format\":\"date\"},\"under_notice\":"           \
    "{\"type\":\"boolean\"}}}"

#define OBJECTION_SCHEMA                                                                           \
    "{\"type\":\"object\",\"required\":[\"id\",\"notice\",\"reason\",\"state\"],\"properties\":{"  \
    "\"id\":{\"type\":\"string\"},\"notice\":{\"type\":\"string\"},\"reason\":{\"type\":"          \
    "\"string\"},\"filed\":{\"type\":\"string\"},\"state\":{\"type\":\"string\",\"enum\":"         \
    "[\"open\",\"upheld\",\"dismissed\"]},\"officer\":{\"type\":[\"string\",\"null\"]},"           \
    "\"decision\":{\"type\":[\"string\",\"null\"]},\"decided\":{\"type\":[\"string\",\"null\"]}}}"

#define AUDIT_PAGE_SCHEMA                                                                          \
    "{\"type\":\"object\",\"required\":[\"entries\",\"next_after\"],\"properties\":{\"entries\":"  \
    "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"seq\",\"actor\","          \
    "\"action\",\"hash\"],\"properties\":{\"seq\":{\"type\":\"integer\"},\"time_ns\":{\"type\":"   \
    "\"integer\"},\"time\":{\"type\":\"string\"},\"actor\":{\"type\":\"string\"},\"action\":"      \
    "{\"type\":\"string\"},\"object\":{\"type\":\"string\"},\"body_sha256\":{\"type\":"            \
    "\"string\"},\"result\":{\"type\":\"string\"},\"prev_hash\":{\"type\":\"string\"},\"hash\":"   \
    "{\"type\":\"string\"}}}},\"next_after\":{\"type\":\"integer\",\"description\":\"the cursor: " \
    "pass it as after= for the next page; 0 when this page is the last\"}}}"

const server_route server_routes[] = {
    {.method = "GET",
     .path = "/api/v1/openapi.json",
     .handler = h_openapi,
     .public_route = true,
     .operation_id = "getOpenapi",
     .summary = "This document: every route of the API (OpenAPI 3.1)",
     .response_schema = "{\"type\":\"object\"}",
     .success_status = 200,
     .example_path = "/api/v1/openapi.json",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/session",
     .handler = h_session_login,
     .public_route = true,
     .body_json = true,
     .body_has_secret = true,
     .operation_id = "login",
     .summary = "Log in with a password: the huoshui_session cookie and the session's CSRF token "
                "(send it as X-CSRF-Token on every state-changing request)",
     .request_schema = SESSION_REQUEST,
     .response_schema = SESSION_RESPONSE,
     .success_status = 200,
     .example_path = "/api/v1/session",
     /* the matrix test creates this user (a wrong password per role would trip the rate limit) */
     .example_body = "{\"user\":\"matrix-probe\",\"password\":\"matrix-probe-password\"}",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/session",
     .handler = h_session_get,
     .roles = ROLES_ALL,
     .operation_id = "whoami",
     .summary = "Who the caller is: user, role, scopes",
     .response_schema = WHOAMI_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/session",
     .example_status = 200},
    {.method = "DELETE",
     .path = "/api/v1/session",
     .handler = h_session_logout,
     .roles = ROLES_ALL,
     .operation_id = "logout",
     .summary = "Log out: ends the cookie's session (400 no_session for a bearer token)",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"logged_out\":{\"type\":"
                        "\"boolean\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/session",
     .example_status = 400},
    {.method = "GET",
     .path = "/api/v1/users",
     .handler = h_user_list,
     .roles = R(ADMIN) | R(AUDITOR),
     .operation_id = "listUsers",
     .summary = "The users of the book by name (huoshui user list --json: role, scopes, disabled; "
                "never a hash), a page at a time; admins and auditors",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/users?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/users",
     .handler = h_user_add,
     .roles = R(ADMIN),
     .body_json = true,
     .body_has_secret = true,
     .operation_id = "addUser",
     .summary = "Add a user (huoshui user add): the password hashed with Argon2id, never stored, "
                "logged or audited in clear (the audit entry hashes the body without it); admins "
                "only; 201 with the user",
     .request_schema = "{\"type\":\"object\",\"required\":[\"user\",\"role\",\"password\"],"
                       "\"additionalProperties\":false,\"properties\":{\"user\":{\"type\":"
                       "\"string\",\"maxLength\":63},\"role\":{\"type\":\"string\",\"enum\":["
                       "\"admin\",\"officer\",\"reviewer\",\"fund_manager\",\"bank\",\"provider\","
                       "\"enterprise\",\"auditor\",\"analyst\"]},\"scopes\":{\"type\":\"array\","
                       "\"maxItems\":32,\"items\":{\"type\":\"string\"}},\"password\":{\"type\":"
                       "\"string\",\"maxLength\":256}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/users",
     .example_body = "{\"user\":\"Not A Name\",\"role\":\"officer\",\"password\":\"x\"}",
     .example_status = 422},
    {.method = "POST",
     .path = "/api/v1/users/{name}/disable",
     .handler = h_user_disable,
     .roles = R(ADMIN),
     .operation_id = "disableUser",
     .summary = "Disable a user (huoshui user disable): its sessions end and its tokens are "
                "revoked in the same transaction; idempotent; admins only",
     .response_schema = "{\"type\":\"object\",\"required\":[\"user\",\"was_disabled\","
                        "\"sessions_ended\",\"tokens_revoked\"],\"properties\":{\"user\":{\"type\":"
                        "\"string\"},\"was_disabled\":{\"type\":\"boolean\"},\"sessions_ended\":{"
                        "\"type\":\"integer\"},\"tokens_revoked\":{\"type\":\"integer\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/users/no-such-user/disable",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/tokens",
     .handler = h_token_list,
     .roles = R(ADMIN) | R(AUDITOR),
     .operation_id = "listTokens",
     .summary = "Bearer tokens (huoshui token list --json: label, user, expiry, revoked; never the "
                "token or its digest), of ?user= or everyone's, a page at a time; admins and "
                "auditors",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/tokens?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/tokens",
     .handler = h_token_create,
     .roles = R(ADMIN),
     .body_json = true,
     .operation_id = "createToken",
     .summary = "A bearer token for a machine client (huoshui token create): shown in this answer "
                "only (Cache-Control: no-store), stored as its digest; valid through expires if "
                "given; admins only; 201",
     .request_schema = "{\"type\":\"object\",\"required\":[\"user\"],\"additionalProperties\":"
                       "false,\"properties\":{\"user\":{\"type\":\"string\"},\"expires\":{"
                       "\"type\":\"string\",\"format\":\"date\"}}}",
     .response_schema = "{\"type\":\"object\",\"required\":[\"user\",\"token\",\"expires\"],"
                        "\"properties\":{\"user\":{\"type\":\"string\"},\"token\":{\"type\":"
                        "\"string\"},\"expires\":{\"type\":[\"string\",\"null\"]}}}",
     .success_status = 201,
     .example_path = "/api/v1/tokens",
     .example_body = "{\"user\":\"no-such-user\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/tokens/{label}/revoke",
     .handler = h_token_revoke,
     .roles = R(ADMIN),
     .operation_id = "revokeToken",
     .summary = "Revoke a bearer token by its label (hs_ + 8 characters, as token list shows it): "
                "from the commit on it authenticates no more; admins only",
     .response_schema = "{\"type\":\"object\",\"required\":[\"label\",\"user\",\"was_revoked\"],"
                        "\"properties\":{\"label\":{\"type\":\"string\"},\"user\":{\"type\":"
                        "\"string\"},\"was_revoked\":{\"type\":\"boolean\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/tokens/hs_00000000/revoke",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/check",
     .handler = h_check,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST),
     .operation_id = "checkBook",
     .summary = "Verify every invariant of the book (huoshui check)",
     .response_schema = CHECK_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/check",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/accounts",
     .handler = h_account_list,
     .roles = ACCOUNT_READERS,
     .operation_id = "listAccounts",
     .summary = "The accounts the caller may read, in name order; cursor pagination (limit, "
                "cursor), optional prefix",
     .response_schema = PAGE_OF(ACCOUNT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/accounts?limit=2",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/accounts/{name}",
     .handler = h_account_get,
     .roles = ACCOUNT_READERS,
     .scope = SCOPE_RULE_ACCOUNT,
     .scope_param = "name",
     .operation_id = "getAccount",
     .summary = "One account's balances: one element of `huoshui balance NAME --json` (the name "
                "percent-encoded: budget%2Fchengdu-2024%2Fvouchers)",
     .response_schema = ACCOUNT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/accounts/approp",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/accounts/{name}/history",
     .handler = h_account_history,
     .roles = ACCOUNT_READERS,
     .scope = SCOPE_RULE_ACCOUNT,
     .scope_param = "name",
     .operation_id = "getAccountHistory",
     .summary = "Every transfer touching an account in value-date order with the running posted "
                "balance and the audit entry that committed it: the rows of `huoshui history NAME "
                "--json`, a page at a time (?limit=, ?cursor=)",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/accounts/approp/history?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/accounts",
     .handler = h_account_create,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "createAccount",
     .summary = "Create a free account, one no module owns (huoshui account create): 201, or 200 "
                "with created:false when it exists with the same kind and limit; 403 for a name in "
                "a module's namespace (budget/, pool/, loan/, fund/, ...); officers",
     .request_schema = "{\"type\":\"object\",\"required\":[\"name\",\"kind\"],"
                       "\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":"
                       "\"string\"},\"kind\":{\"type\":\"string\"},\"limit\":{\"type\":\"string\","
                       "\"enum\":[\"debits-le-credits\",\"credits-le-debits\",\"none\"]}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/accounts",
     .example_body = "{\"name\":\"budget/matrix/x\",\"kind\":\"budget\"}",
     .example_status = 403},
    {.method = "POST",
     .path = "/api/v1/transfers",
     .handler = h_transfers_post,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "postTransfers",
     .summary = "One transfer (the fields of a JSON Lines batch line) or {\"transfers\":[...]} "
                "applied wholly or not at all, on accounts no module owns",
     .request_schema = TRANSFERS_REQUEST,
     .response_schema = TRANSFERS_RESPONSE,
     .success_status = 200,
     .example_path = "/api/v1/transfers",
     .example_body = "{\"id\":\"matrix-1\",\"debit\":\"approp\",\"credit\":\"spare\","
                     "\"amount\":\"1.00\"}",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/programmes/{id}",
     .handler = h_programme_get,
     .roles = R(OFFICER) | R(REVIEWER) | R(AUDITOR) | R(ANALYST),
     .scope = SCOPE_RULE_PROGRAMME,
     .scope_param = "id",
     .operation_id = "getProgramme",
     .summary = "A programme with every budget's appropriated, reserved, paid and remaining "
                "figures (huoshui programme show)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/programmes/chengdu-2024",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/subsidies",
     .handler = h_subsidy_list,
     .roles = R(OFFICER) | R(REVIEWER) | R(ENTERPRISE) | R(AUDITOR),
     .operation_id = "listSubsidies",
     .summary = "The subsidy applications the caller may see (officers and reviewers: their "
                "programmes'; an enterprise: its own), filtered by programme, firm, status",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/subsidies?limit=5",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/subsidies/{id}",
     .handler = h_subsidy_get,
     .roles = R(OFFICER) | R(REVIEWER) | R(ENTERPRISE) | R(AUDITOR),
     .operation_id = "getSubsidy",
     .summary = "One subsidy application with the explanation of its decision, re-run from the "
                "policy text stored in the book (huoshui subsidy show)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/subsidies/no-such-application",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/firms/{uscc}",
     .handler = h_firm_get,
     .roles = R(OFFICER) | R(REVIEWER) | R(ENTERPRISE) | R(AUDITOR) | R(BANK),
     .scope = SCOPE_RULE_FIRM,
     .scope_param = "uscc",
     .operation_id = "getFirm",
     .summary = "A firm's registry record (统一社会信用代码), its products and superseded "
                "versions (huoshui firm show); an enterprise sees only its own",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/firms/91510107MA6CM4R26W",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/reports/firms/{uscc}",
     .handler = h_report_firm,
     .roles = R(OFFICER) | R(ENTERPRISE) | R(AUDITOR),
     .scope = SCOPE_RULE_FIRM,
     .scope_param = "uscc",
     .operation_id = "reportFirm",
     .summary = "A firm's statement: every transfer naming it, oldest first (huoshui report firm); "
                "?format=json (default), csv or xlsx for a download",
     .response_schema = ROWS_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/reports/firms/91510107MA6CM4R26W",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/reports/targets",
     .handler = h_report_targets,
     .roles = R(ANALYST) | R(OFFICER) | R(REVIEWER) | R(AUDITOR),
     .operation_id = "reportTargets",
     .summary = "Programme targets (huoshui report targets --json: value, actual, progress, growth "
                "still needed, red/amber/green, the last projection's probability) of ?programme= "
                "or all, as of ?on= (default today); ?format=json, csv or xlsx; analysts and "
                "auditors every programme's, officers and reviewers their programmes'",
     .response_schema = "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"id\","
                        "\"indicator\",\"value\",\"actual\",\"progress\",\"deadline\"]}}",
     .success_status = 200,
     .example_path = "/api/v1/reports/targets",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/projections",
     .handler = h_projection_run,
     .roles = R(ANALYST) | R(OFFICER),
     .body_json = true,
     .operation_id = "runProjection",
     .summary = "Monte Carlo projection of a programme from the live book (huoshui project run "
                "--json; with compare:true project compare --json on common random numbers): "
                "years 1..30 (10), paths 1..20000 (10000), seed (1), on (today), set "
                "[\"POLICY.PARAM=VALUE\" | \"model.NAME=VALUE\"]; a run stores its targets' "
                "probabilities unless store:false; analysts any programme, officers theirs",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"programme\"],\"additionalProperties\":"
         "false,\"properties\":{\"programme\":{\"type\":\"string\"},\"years\":{"
         "\"type\":\"integer\",\"minimum\":1,\"maximum\":30},\"paths\":{\"type\":"
         "\"integer\",\"minimum\":1,\"maximum\":20000},\"seed\":{\"type\":"
         "\"integer\",\"minimum\":0},\"on\":{\"type\":\"string\",\"format\":\"date\"},"
         "\"set\":{\"type\":\"array\",\"maxItems\":32,\"items\":{\"type\":"
         "\"string\"}},\"compare\":{\"type\":\"boolean\"},\"store\":{\"type\":"
         "\"boolean\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/projections",
     .example_body = "{\"programme\":\"chengdu-2024\",\"paths\":0}",
     .example_status = 422},
    {.method = "GET",
     .path = "/api/v1/reports/programmes/{id}",
     .handler = h_report_programme,
     .roles = R(OFFICER) | R(REVIEWER) | R(AUDITOR) | R(ANALYST),
     .scope = SCOPE_RULE_PROGRAMME,
     .scope_param = "id",
     .operation_id = "reportProgramme",
     .summary = "A programme's status grouped ?by=budget (default), sector, district, city or firm "
                "(not for analysts); ?format=json, csv or xlsx",
     .response_schema = ROWS_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/reports/programmes/chengdu-2024",
     .example_status = 400},
    {.method = "GET",
     .path = "/api/v1/vouchers/{id}",
     .handler = h_voucher_get,
     .roles = R(OFFICER) | R(REVIEWER) | R(ENTERPRISE) | R(AUDITOR),
     .operation_id = "getVoucher",
     .summary = "A compute voucher (算力券) with its redemptions (huoshui voucher show)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/vouchers/no-such-voucher",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/loans/{id}",
     .handler = h_loan_get,
     .roles = R(BANK) | R(ENTERPRISE) | R(AUDITOR),
     .operation_id = "getLoan",
     .summary = "A loan with its schedule, repayments and pool claim (huoshui credit loan show): "
                "its bank, its firm, auditors",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/loans/no-such-loan",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/credit/products",
     .handler = h_credit_products,
     .roles = R(OFFICER) | R(BANK) | R(ENTERPRISE) | R(AUDITOR) | R(ANALYST),
     .operation_id = "listCreditProducts",
     .summary = "The banks' credit products (rate, term, ceiling, pool), in id order; cursor "
                "pagination",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/credit/products?limit=10",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/pools/{id}",
     .handler = h_pool_get,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(BANK),
     .operation_id = "getPool",
     .summary = "A risk-compensation pool (风险补偿资金池) per bank, reconciled with the ledger "
                "(huoshui credit pool show): auditors and analysts; an officer holding its "
                "programme; a bank lending under it sees only its own bank's row",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/pools/no-such-pool",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/approvals",
     .handler = h_approval_list,
     .roles = R(REVIEWER) | R(OFFICER) | R(AUDITOR),
     .operation_id = "listApprovals",
     .summary =
         "Maker-checker (四眼原则): the approvals the caller may see (reviewers and officers: "
         "their programmes'), filtered by programme and state (pending, executed, rejected), "
         "in id order; cursor pagination (huoshui approval list)",
     .response_schema = PAGE_OF(APPROVAL_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/approvals?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/approvals/{id}/approve",
     .handler = h_approval_approve,
     .roles = R(REVIEWER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "approveApproval",
     .summary = "Approve a pending action and execute it now (the ledger moves on approval only): "
                "a reviewer in the programme's scope other than the maker (409 "
                "maker_cannot_approve); an optional reason; Idempotency-Key required",
     .request_schema = REASON_REQUEST(""),
     .response_schema = APPROVAL_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/approvals/A-999999/approve",
     .example_body = "{\"reason\":\"matrix\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/approvals/{id}/reject",
     .handler = h_approval_reject,
     .roles = R(REVIEWER) | R(OFFICER),
     .body_json = true,
     .operation_id = "rejectApproval",
     .summary = "Reject a pending action with a reason: a reviewer in the programme's scope, or "
                "its maker withdrawing it; nothing moves",
     .request_schema = REASON_REQUEST("\"required\":[\"reason\"],"),
     .response_schema = APPROVAL_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/approvals/A-999999/reject",
     .example_body = "{\"reason\":\"matrix\"}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/public/notices",
     .handler = h_notice_list,
     .public_route = true,
     .operation_id = "listPublicNotices",
     .summary = "公示 (no login): every award under notice or past it, public fields only (firm "
                "name, amount, policy and clause, objection deadline); cursor pagination",
     .response_schema = PAGE_OF(NOTICE_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/public/notices",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/public/notices/{id}/objections",
     .handler = h_notice_object,
     .public_route = true,
     .body_json = true,
     .operation_id = "objectToNotice",
     .summary = "File an objection to a notice until its deadline (no login: an anonymous filer "
                "is recorded as public:<client address>; a bearer-token caller as its user); the "
                "reason at most 511 bytes",
     .request_schema = REASON_REQUEST("\"required\":[\"reason\"],"),
     .response_schema = OBJECTION_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/public/notices/N-999999/objections",
     .example_body = "{\"reason\":\"matrix\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/objections/{id}/uphold",
     .handler = h_objection_uphold,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "upholdObjection",
     .summary = "Uphold an open objection (the award stays unpaid): an officer in the "
                "programme's scope, with a reason",
     .request_schema = REASON_REQUEST("\"required\":[\"reason\"],"),
     .response_schema = OBJECTION_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/objections/O-999999/uphold",
     .example_body = "{\"reason\":\"matrix\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/objections/{id}/dismiss",
     .handler = h_objection_dismiss,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "dismissObjection",
     .summary = "Dismiss an open objection: an officer in the programme's scope, with a reason",
     .request_schema = REASON_REQUEST("\"required\":[\"reason\"],"),
     .response_schema = OBJECTION_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/objections/O-999999/dismiss",
     .example_body = "{\"reason\":\"matrix\"}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/audit",
     .handler = h_audit_log,
     .roles = R(AUDITOR),
     .operation_id = "auditLog",
     .summary = "The audit chain, filtered by actor and object, a page at a time: after= the "
                "previous page's next_after (0: none further), limit 1..1000 (huoshui audit log)",
     .response_schema = AUDIT_PAGE_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/audit?limit=5",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/audit/entries/{seq}",
     .handler = h_audit_entry,
     .roles = R(AUDITOR),
     .operation_id = "auditEntry",
     .summary =
         "One audit entry with the money it moved (huoshui audit show SEQ --json): the entry "
         "and the transfers its transaction committed, in the order applied, each with its "
         "code and refs (the application, voucher or loan whose decision says the clause); "
         "auditors",
     .response_schema =
         "{\"type\":\"object\",\"required\":[\"entry\",\"transfers\"],\"properties\":"
         "{\"entry\":{\"type\":\"object\"},\"transfers\":{\"type\":\"array\","
         "\"items\":{\"type\":\"object\"}}}}",
     .success_status = 200,
     .example_path = "/api/v1/audit/entries/999999",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/audit/verify",
     .handler = h_audit_verify,
     .roles = R(AUDITOR),
     .operation_id = "auditVerify",
     .summary = "Recompute the audit chain (huoshui audit verify --json): ok, entries and the head "
                "hash, and when an entry was edited, deleted, inserted or reordered ok false with "
                "the first broken sequence and why; auditors",
     .response_schema = "{\"type\":\"object\",\"required\":[\"ok\",\"entries\",\"head_hash\"],"
                        "\"properties\":{\"ok\":{\"type\":\"boolean\"},\"entries\":{\"type\":"
                        "\"integer\"},\"head_hash\":{\"type\":\"string\"},\"broken_seq\":{\"type\":"
                        "\"integer\"},\"why\":{\"type\":\"string\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/audit/verify",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/subsidies/{id}/award",
     .handler = h_subsidy_award,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "awardSubsidy",
     .summary = "Award an eligible application, reserving its amount on the budget, dated today, "
                "optionally payable until pay_by (huoshui subsidy award): an officer in the "
                "programme's scope",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                       "\"pay_by\":{\"type\":\"string\",\"format\":\"date\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/subsidies/no-such-application/award",
     .example_body = "{}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/subsidies/{id}/pay",
     .handler = h_subsidy_pay,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "paySubsidy",
     .summary = "Pay an award (the instalment due, or amount): an officer in the programme's "
                "scope; Idempotency-Key required; at or above the programme's approval threshold "
                "202 with the pending approval, nothing moving until a reviewer approves "
                "(huoshui subsidy pay)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                       "\"amount\":{\"type\":\"string\",\"description\":\"any money form: 250万, "
                       "1,000.00\"},\"amount_fen\":{\"type\":\"integer\",\"minimum\":1}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/subsidies/no-such-application/pay",
     .example_body = "{}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/subsidies/{id}/reject",
     .handler = h_subsidy_reject,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "rejectSubsidy",
     .summary = "Reject an application with a reason, releasing what its award held (huoshui "
                "subsidy reject): an officer in the programme's scope",
     .request_schema = REASON_REQUEST("\"required\":[\"reason\"],"),
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/subsidies/no-such-application/reject",
     .example_body = "{\"reason\":\"matrix\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/programmes/{id}/fund",
     .handler = h_programme_fund,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "fundProgramme",
     .summary = "Fund a budget of the programme from its appropriation (huoshui programme fund): "
                "an officer holding the programme's scope (checked by the handler); "
                "Idempotency-Key required; at or above the approval threshold 202 with the "
                "pending approval; else the programme's status",
     .request_schema = "{\"type\":\"object\",\"required\":[\"budget\"],\"additionalProperties\":"
                       "false,\"properties\":{\"budget\":{\"type\":\"string\"},\"amount\":"
                       "{\"type\":\"string\"},\"amount_fen\":{\"type\":\"integer\",\"minimum\":1},"
                       "\"transfer_id\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/programmes/chengdu-2024/fund",
     .example_body = "{\"budget\":\"vouchers\",\"amount\":\"1.00\"}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/venture-days",
     .handler = h_vd_list,
     .roles = R(OFFICER) | R(REVIEWER) | R(FUND_MANAGER) | R(BANK) | R(PROVIDER) | R(ENTERPRISE) |
              R(AUDITOR) | R(ANALYST),
     .operation_id = "listVentureDays",
     .summary = "Every venture-day event (huoshui ventureday event list), in date order",
     .response_schema = "{\"type\":\"array\",\"items\":" OBJECT_SCHEMA "}",
     .success_status = 200,
     .example_path = "/api/v1/venture-days",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/venture-days",
     .handler = h_vd_create,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "createVentureDay",
     .summary = "Create a venture-day event (huoshui ventureday event create): officers; the same "
                "again 201 unchanged, another date, city or title 422",
     .request_schema = "{\"type\":\"object\",\"required\":[\"id\",\"date\",\"city\"],"
                       "\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":"
                       "\"string\",\"maxLength\":64},\"date\":{\"type\":\"string\",\"format\":"
                       "\"date\"},\"city\":{\"type\":\"string\"},\"title\":{\"type\":"
                       "\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/venture-days",
     .example_body = "{\"id\":\"sz-x\",\"date\":\"not a date\",\"city\":\"深圳\"}",
     .example_status = 422},
    {.method = "POST",
     .path = "/api/v1/venture-days/{id}/roadshows",
     .handler = h_vd_roadshow,
     .roles = R(OFFICER) | R(ENTERPRISE),
     .body_json = true,
     .operation_id = "addRoadshow",
     .summary = "Register (or replace, until the event's day) a firm's roadshow (huoshui "
                "ventureday roadshow): an enterprise for its own firm, or an officer",
     .request_schema = "{\"type\":\"object\",\"required\":[\"firm\",\"sector\",\"stage\"],"
                       "\"additionalProperties\":false,\"properties\":{\"firm\":{\"type\":"
                       "\"string\"},\"sector\":{\"type\":\"string\"},\"stage\":{\"type\":"
                       "\"string\"},\"seeking\":{\"type\":\"string\"},\"seeking_fen\":"
                       "{\"type\":\"integer\",\"minimum\":1},\"session\":{\"type\":"
                       "\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/venture-days/no-such-day/roadshows",
     .example_body = "{\"firm\":\"91510107MA6CM4R26W\",\"sector\":\"nlp\",\"stage\":"
                     "\"early\",\"seeking\":\"500万\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/venture-days/{id}/interests",
     .handler = h_vd_interest,
     .roles = R(OFFICER) | R(FUND_MANAGER),
     .body_json = true,
     .operation_id = "addInterest",
     .summary = "Register (or replace, until the event's day) an investor's interest (huoshui "
                "ventureday interest): a fund manager for a fund it holds, named in fund; or an "
                "officer",
     .request_schema = "{\"type\":\"object\",\"required\":[\"investor\",\"sectors\"],"
                       "\"additionalProperties\":false,\"properties\":{\"investor\":{\"type\":"
                       "\"string\"},\"sectors\":{\"type\":\"string\"},\"stages\":{\"type\":"
                       "\"string\"},\"ticket_min\":{\"type\":\"string\"},\"ticket_min_fen\":"
                       "{\"type\":\"integer\"},\"ticket_max\":{\"type\":\"string\"},"
                       "\"ticket_max_fen\":{\"type\":\"integer\"},\"session\":{\"type\":"
                       "\"string\"},\"fund\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/venture-days/no-such-day/interests",
     .example_body = "{\"investor\":\"vc\",\"sectors\":\"nlp\",\"ticket_min\":\"1\","
                     "\"ticket_max\":\"2\",\"fund\":\"f1\"}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/venture-days/{id}/matches",
     .handler = h_vd_matches,
     .roles = R(OFFICER) | R(FUND_MANAGER) | R(ENTERPRISE) | R(AUDITOR) | R(ANALYST),
     .operation_id = "ventureDayMatches",
     .summary = "The event's firm-investor pairs ranked by fit with their clauses (huoshui "
                "ventureday match); ?session=, ?firm=, ?investor= filter; an enterprise sees its "
                "own firm's, a fund manager its funds' interests'",
     .response_schema = "{\"type\":\"array\",\"items\":" OBJECT_SCHEMA "}",
     .success_status = 200,
     .example_path = "/api/v1/venture-days/no-such-day/matches",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/venture-days/{id}/followups",
     .handler = h_vd_followup,
     .roles = R(OFFICER) | R(FUND_MANAGER),
     .body_json = true,
     .operation_id = "addFollowup",
     .summary = "Record what came of a match (huoshui ventureday followup): met, diligence, "
                "term-sheet, invested (with the fund module's fund and deal), declined; forward "
                "only; an officer, or a fund manager for its fund's interest",
     .request_schema = "{\"type\":\"object\",\"required\":[\"firm\",\"investor\",\"status\"],"
                       "\"additionalProperties\":false,\"properties\":{\"firm\":{\"type\":"
                       "\"string\"},\"investor\":{\"type\":\"string\"},\"status\":{\"enum\":"
                       "[\"met\",\"diligence\",\"term-sheet\",\"invested\",\"declined\"]},"
                       "\"date\":{\"type\":\"string\",\"format\":\"date\"},\"note\":"
                       "{\"type\":\"string\"},\"fund\":{\"type\":\"string\"},\"deal\":"
                       "{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/venture-days/no-such-day/followups",
     .example_body = "{\"firm\":\"a\",\"investor\":\"b\",\"status\":\"met\"}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/venture-days/{id}/report",
     .handler = h_vd_report,
     .roles = R(OFFICER) | R(REVIEWER) | R(AUDITOR) | R(ANALYST),
     .operation_id = "ventureDayReport",
     .summary = "The event's outcome figures, whole and per session (huoshui ventureday report)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/venture-days/no-such-day/report",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/programmes/{id}/release",
     .handler = h_programme_release,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "releaseProgramme",
     .summary = "Release part of the programme's multi-year appropriation into its appropriation "
                "(huoshui programme release): an officer holding the programme's scope (checked by "
                "the handler); Idempotency-Key required; beyond what is left to release 422 "
                "exceeds_credits; at or above the approval threshold 202 with the pending "
                "approval; else the programme's status",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":"
                       "{\"amount\":{\"type\":\"string\"},\"amount_fen\":{\"type\":\"integer\","
                       "\"minimum\":1},\"transfer_id\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/programmes/chengdu-2024/release",
     .example_body = "{\"amount\":\"4亿\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/subsidies/{id}/clawback",
     .handler = h_subsidy_clawback,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "clawbackSubsidy",
     .summary = "Claw back a paid subsidy (all of it, or amount) with a reason (huoshui subsidy "
                "clawback): an officer in the programme's scope; Idempotency-Key required",
     .request_schema = "{\"type\":\"object\",\"required\":[\"reason\"],\"additionalProperties\":"
                       "false,\"properties\":{\"reason\":{\"type\":\"string\",\"minLength\":1},"
                       "\"amount\":{\"type\":\"string\"},\"amount_fen\":{\"type\":\"integer\","
                       "\"minimum\":1}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/subsidies/no-such-application/clawback",
     .example_body = "{\"reason\":\"matrix\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/subsidies",
     .handler = h_subsidy_apply,
     .roles = R(OFFICER) | R(ENTERPRISE),
     .body_json = true,
     .operation_id = "applySubsidy",
     .summary = "Apply for a subsidy under a policy named by id (optionally @VERSION; never a "
                "path), dated today by the server (huoshui subsidy apply): an enterprise for its "
                "own firm, an officer for a firm of a programme it holds. The inputs come from the "
                "firm's registry record with the typed `inputs` over it. id defaults to "
                "<uscc>.<8 hex of the policy and product>.<YYYYMMDD>, so a retried request gets "
                "the same application, never a second (its id with other inputs: 409). 201 with "
                "the decision and its explanation (subsidy show --json), eligible or not",
     .request_schema = "{\"type\":\"object\",\"required\":[\"policy\",\"firm\"],"
                       "\"additionalProperties\":false,\"properties\":{\"policy\":{\"type\":"
                       "\"string\"},\"firm\":{\"type\":\"string\",\"pattern\":\"^[0-9A-Z]{18}$\"},"
                       "\"id\":{\"type\":\"string\",\"maxLength\":40},\"product\":{\"type\":"
                       "\"string\"},\"inputs\":{\"type\":\"object\",\"maxProperties\":64,"
                       "\"additionalProperties\":{\"type\":\"string\",\"maxLength\":256}}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/subsidies",
     .example_body = "{\"policy\":\"no.such_policy\",\"firm\":\"914403001922038216\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/subsidies/match",
     .handler = h_subsidy_match,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "matchSubsidies",
     .summary = "免申即享: apply for every registry firm under a policy named by id, today, with "
                "the typed `facts` over each record, and with award:true award everyone eligible "
                "(reserving on the budget; refusals at award counted, not failing the rest) "
                "(huoshui subsidy match): an officer of the policy's programme",
     .request_schema = "{\"type\":\"object\",\"required\":[\"policy\"],\"additionalProperties\":"
                       "false,\"properties\":{\"policy\":{\"type\":\"string\"},\"facts\":{\"type\":"
                       "\"object\",\"maxProperties\":64,\"additionalProperties\":{\"type\":"
                       "\"string\",\"maxLength\":256}},\"award\":{\"type\":\"boolean\"},\"pay_by\":"
                       "{\"type\":\"string\",\"format\":\"date\"},\"prefix\":{\"type\":\"string\","
                       "\"maxLength\":16}}}",
     .response_schema =
         "{\"type\":\"object\",\"required\":[\"firms\",\"eligible\",\"awarded\","
         "\"refused\",\"awarded_fen\",\"applications\",\"programme\"],\"properties\":"
         "{\"firms\":{\"type\":\"integer\"},\"eligible\":{\"type\":\"integer\"},"
         "\"awarded\":{\"type\":\"integer\"},\"refused\":{\"type\":\"integer\"},"
         "\"awarded_fen\":{\"type\":\"integer\"},\"programme\":{\"type\":\"string\"},"
         "\"applications\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}",
     .success_status = 200,
     .example_path = "/api/v1/subsidies/match",
     .example_body = "{\"policy\":\"no.such_policy\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/subsidies/expire",
     .handler = h_subsidy_expire,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "expireSubsidies",
     .summary = "Void the awards of a programme not paid by their pay-by date, as of today, "
                "releasing what they held (huoshui subsidy expire --programme): an officer of the "
                "programme",
     .request_schema = "{\"type\":\"object\",\"required\":[\"programme\"],\"additionalProperties\":"
                       "false,\"properties\":{\"programme\":{\"type\":\"string\"}}}",
     .response_schema = "{\"type\":\"object\",\"required\":[\"programme\",\"expired\"],"
                        "\"properties\":{\"programme\":{\"type\":\"string\"},\"expired\":{\"type\":"
                        "\"integer\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/subsidies/expire",
     .example_body = "{\"programme\":\"\"}",
     .example_status = 422},
    /* ---- programme and voucher routes ---- */
    {.method = "GET",
     .path = "/api/v1/programmes",
     .handler = h_programme_list,
     .roles = R(OFFICER) | R(REVIEWER) | R(AUDITOR) | R(ANALYST),
     .operation_id = "listProgrammes",
     .summary = "The programmes the caller may see (officers and reviewers: those in their "
                "scope; auditors and analysts: all), each as huoshui programme show --json, in id "
                "order; ?limit= and ?cursor=",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/programmes?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/programmes",
     .handler = h_programme_create,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "createProgramme",
     .summary = "Create a programme (huoshui programme create): an officer holding scope "
                "programme:ID for the new id (403 otherwise); approval_threshold (any money form; "
                "0 = every payment) turns on maker-checker; appropriation (any money form) makes "
                "the appropriation multi-year, released with /release; 201 with the programme's "
                "status",
     .request_schema = "{\"type\":\"object\",\"required\":[\"id\"],\"additionalProperties\":false,"
                       "\"properties\":{\"id\":{\"type\":\"string\",\"maxLength\":63},"
                       "\"title_zh\":{\"type\":\"string\"},\"title_en\":{\"type\":\"string\"},"
                       "\"approval_threshold\":{\"type\":\"string\"},"
                       "\"approval_threshold_fen\":{\"type\":\"integer\",\"minimum\":0},"
                       "\"appropriation\":{\"type\":\"string\"},"
                       "\"appropriation_fen\":{\"type\":\"integer\",\"minimum\":1}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/programmes",
     .example_body = "{\"id\":\"chengdu-2024\",\"approval_threshold\":\"not money\"}",
     .example_status = 422},
    {.method = "POST",
     .path = "/api/v1/programmes/{id}/close",
     .handler = h_programme_close,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .operation_id = "closeProgramme",
     .summary = "Close a programme today (huoshui programme close): every budget's unreserved "
                "remainder returns to the appropriation and later funding is refused; an officer "
                "in the programme's scope (checked by the handler); Idempotency-Key required",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/programmes/chengdu-2024/close",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/vouchers",
     .handler = h_voucher_list,
     .roles = R(OFFICER) | R(REVIEWER) | R(PROVIDER) | R(ENTERPRISE) | R(AUDITOR),
     .operation_id = "listVouchers",
     .summary = "The compute vouchers the caller may see, each as huoshui voucher show --json "
                "(officers and reviewers: their programmes'; an enterprise: its own; a provider: "
                "those presented to it, with its own redemptions only; auditors: all); ?status= "
                "issued, exhausted or expired; ?limit= and ?cursor=",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/vouchers?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/vouchers/{id}/redeem",
     .handler = h_voucher_redeem,
     .roles = R(PROVIDER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "redeemVoucher",
     .summary = "Redeem a bill on a compute voucher (huoshui voucher redeem): a provider holding "
                "scope provider:ID for the body's provider; pays the policy's share of the bill, "
                "never more than is left; Idempotency-Key required; \"dry_run\": true answers the "
                "same body (with dry_run) and writes nothing: a quote",
     .request_schema = "{\"type\":\"object\",\"required\":[\"provider\",\"bill_id\"],"
                       "\"additionalProperties\":false,\"properties\":{\"provider\":{\"type\":"
                       "\"string\"},\"bill_id\":{\"type\":\"string\",\"maxLength\":127},\"bill\":"
                       "{\"type\":\"string\"},\"bill_fen\":{\"type\":\"integer\",\"minimum\":1},"
                       "\"inputs\":{\"type\":\"object\",\"maxProperties\":32},\"dry_run\":"
                       "{\"type\":\"boolean\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/vouchers/no-such-voucher/redeem",
     .example_body = "{\"provider\":\"p1\",\"bill_id\":\"matrix\",\"bill\":\"1.00\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/vouchers",
     .handler = h_voucher_issue,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "issueVoucher",
     .summary = "Issue a compute voucher (算力券) to a firm under a policy named by id, today, "
                "reserving its face value (default: the policy's firm_cap) on the budget (huoshui "
                "voucher issue): an officer of the policy's programme; Idempotency-Key required; "
                "201 with the voucher (voucher show --json)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"id\",\"policy\",\"firm\",\"expires\"],"
                       "\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"string\","
                       "\"maxLength\":40},\"policy\":{\"type\":\"string\"},\"firm\":{\"type\":"
                       "\"string\",\"pattern\":\"^[0-9A-Z]{18}$\"},\"face\":{\"type\":\"string\","
                       "\"description\":\"any money form: 50万\"},\"face_fen\":{\"type\":"
                       "\"integer\",\"minimum\":1},\"expires\":{\"type\":\"string\",\"format\":"
                       "\"date\"},\"inputs\":{\"type\":\"object\",\"maxProperties\":32,"
                       "\"additionalProperties\":{\"type\":\"string\",\"maxLength\":256}}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/vouchers",
     .example_body = "{\"id\":\"matrix\",\"policy\":\"no.such_policy\",\"firm\":"
                     "\"914403001922038216\",\"expires\":\"2025-12-31\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/vouchers/expire",
     .handler = h_voucher_expire,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "expireVouchers",
     .summary = "Release what is left on a programme's vouchers past their expiry date, as of "
                "today (huoshui voucher expire --programme): an officer of the programme",
     .request_schema = "{\"type\":\"object\",\"required\":[\"programme\"],\"additionalProperties\":"
                       "false,\"properties\":{\"programme\":{\"type\":\"string\"}}}",
     .response_schema = "{\"type\":\"object\",\"required\":[\"programme\",\"expired\","
                        "\"released_fen\"],\"properties\":{\"programme\":{\"type\":\"string\"},"
                        "\"expired\":{\"type\":\"integer\"},\"released_fen\":{\"type\":"
                        "\"integer\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/vouchers/expire",
     .example_body = "{\"programme\":\"\"}",
     .example_status = 422},
    {.method = "POST",
     .path = "/api/v1/vouchers/settle",
     .handler = h_voucher_settle,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "settleVouchers",
     .summary = "Pay providers what a programme's redemptions owe them (huoshui voucher settle), "
                "one provider's if given: an officer in the programme's scope; Idempotency-Key "
                "required; 202 with the pending approvals when the programme's approval threshold "
                "holds payments back",
     .request_schema = "{\"type\":\"object\",\"required\":[\"programme\"],\"additionalProperties\":"
                       "false,\"properties\":{\"programme\":{\"type\":\"string\"},\"provider\":"
                       "{\"type\":\"string\"}}}",
     .response_schema = "{\"type\":\"object\",\"required\":[\"programme\",\"settled_fen\","
                        "\"providers\",\"pending\"],\"properties\":{\"programme\":{\"type\":"
                        "\"string\"},\"provider\":{\"type\":[\"string\",\"null\"]},\"settled_fen\":"
                        "{\"type\":\"integer\"},\"providers\":{\"type\":\"integer\"},\"pending\":"
                        "{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}",
     .success_status = 200,
     .example_path = "/api/v1/vouchers/settle",
     .example_body = "{\"programme\":\"chengdu-2024\",\"provider\":\"\"}",
     .example_status = 422},
    {.method = "GET",
     .path = "/api/v1/providers",
     .handler = h_provider_list,
     .roles = R(OFFICER) | R(REVIEWER) | R(PROVIDER) | R(ENTERPRISE) | R(AUDITOR),
     .operation_id = "listProviders",
     .summary = "The registered compute providers (huoshui voucher provider list), in id order; "
                "?limit= and ?cursor=",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/providers?limit=5",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/providers/{id}/redemptions",
     .handler = h_provider_redemptions,
     .roles = R(OFFICER) | R(PROVIDER) | R(AUDITOR),
     .operation_id = "listProviderRedemptions",
     .summary = "The bills redeemed at a provider and whether each is settled: the provider "
                "itself (scope provider:ID, checked by the handler), officers (their programmes' "
                "vouchers), auditors; ?limit= and ?cursor=",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/providers/p1/redemptions",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/providers",
     .handler = h_provider_add,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "addProvider",
     .summary = "Register a compute provider (huoshui voucher provider add): an officer; 201 "
                "with the provider",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"id\",\"name\"],"
         "\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"string\","
         "\"maxLength\":40},\"name\":{\"type\":\"string\",\"maxLength\":127},\"city\":"
         "{\"type\":\"string\",\"maxLength\":63}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/providers",
     .example_body = "{\"id\":\"matrix-provider\"}",
     .example_status = 422},
    /* ---- credit routes ---- */
    {.method = "GET",
     .path = "/api/v1/pools",
     .handler = h_pool_list,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(BANK),
     .operation_id = "listPools",
     .summary = "The risk-compensation pools the caller may see, in id order, a page at a time "
                "(huoshui credit pool list --json): auditors and analysts all; an officer its "
                "programmes'; a bank those it lends under, with its own bank's row only",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/pools?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/credit/products",
     .handler = h_credit_product_create,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "createCreditProduct",
     .summary = "Create a bank's credit product (huoshui credit product create): officers; the "
                "same terms again is a no-op",
     .request_schema = "{\"type\":\"object\",\"required\":[\"bank\",\"name\",\"rate\",\"term_"
                       "months\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":"
                       "\"string\"},\"bank\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"
                       "\"rate\":{\"type\":\"string\"},\"term_months\":{\"type\":\"integer\"},"
                       "\"period_months\":{\"type\":\"integer\"},\"ceiling\":{\"type\":\"string\"},"
                       "\"ceiling_fen\":{\"type\":\"integer\"},\"unsecured\":{\"type\":\"boolean\"}"
                       ",\"repayment\":{\"type\":\"string\"},\"pool\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/credit/products",
     .example_body = "{}",
     .example_status = 422},
    {.method = "GET",
     .path = "/api/v1/loans",
     .handler = h_loan_list,
     .roles = R(BANK) | R(ENTERPRISE) | R(AUDITOR),
     .operation_id = "listLoans",
     .summary =
         "The loans the caller may see (auditors all, a bank its bank's, an enterprise its "
         "firm's), filtered by pool= and state=, a page at a time (huoshui credit loan list)",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/loans",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/loans",
     .handler = h_loan_create,
     .roles = R(BANK),
     .body_json = true,
     .operation_id = "createLoan",
     .summary =
         "Approve a loan under a product of the caller's own bank (huoshui credit loan create)",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"id\",\"product\",\"firm\"],\"additionalProperties\":"
         "false,\"properties\":{\"id\":{\"type\":\"string\"},\"product\":{\"type\":\"string\"},"
         "\"firm\":{\"type\":\"string\"},\"amount\":{\"type\":\"string\"},\"amount_fen\":{\"type\":"
         "\"integer\"},\"approved\":{\"type\":\"string\",\"format\":\"date\"},\"pool\":{\"type\":"
         "\"string\"},\"unsecured_share\":{\"type\":\"string\"},\"first_loan\":{\"type\":"
         "\"boolean\"},\"rate\":{\"type\":\"string\"},\"term_months\":{\"type\":\"integer\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/loans",
     .example_body = "{\"id\":\"L-x\",\"product\":\"no-such-product\",\"firm\":"
                     "\"91510107MA6CM4R26W\",\"amount\":\"1\"}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/loans/{id}/disburse",
     .handler = h_loan_disburse,
     .roles = R(BANK),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "disburseLoan",
     .summary = "Disburse an approved loan from the bank's lending account to the firm (the loan's "
                "bank; Idempotency-Key; huoshui credit loan disburse)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/loans/no-such-loan/disburse",
     .example_body = "{}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/loans/{id}/repay",
     .handler = h_loan_repay,
     .roles = R(BANK),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "repayLoan",
     .summary = "Repay a loan (no amount: the next instalment) from the firm's cash (the loan's "
                "bank; Idempotency-Key; huoshui credit repay)",
     .request_schema =
         "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"amount\":{\"type\":"
         "\"string\"},\"amount_fen\":{\"type\":\"integer\"},\"id\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/loans/no-such-loan/repay",
     .example_body = "{}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/loans/{id}/default",
     .handler = h_loan_default,
     .roles = R(BANK),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "defaultLoan",
     .summary = "Declare a loan in default, writing off its principal (the loan's bank; "
                "Idempotency-Key; huoshui credit default)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/loans/no-such-loan/default",
     .example_body = "{}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/loans/{id}/recover",
     .handler = h_loan_recover,
     .roles = R(BANK),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "recoverLoan",
     .summary = "Record a recovery on a defaulted loan, the pool's share returning pro rata (the "
                "loan's bank; Idempotency-Key; huoshui credit recover)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                       "\"amount\":{\"type\":\"string\"},\"amount_fen\":{\"type\":\"integer\"},"
                       "\"id\":{\"type\":\"string\"},\"from\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/loans/no-such-loan/recover",
     .example_body = "{}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/loans/{id}/claims",
     .handler = h_loan_claim,
     .roles = R(BANK),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "claimOnPool",
     .summary = "The bank's claim on the risk-compensation pool for a defaulted loan "
                "(Idempotency-Key; the pool's refusals 409 with their codes; huoshui credit claim)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                       "\"pool\":{\"type\":\"string\"},\"partial\":{\"type\":\"boolean\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/loans/no-such-loan/claims",
     .example_body = "{}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/credit/overdue",
     .handler = h_loan_overdue,
     .roles = R(BANK) | R(AUDITOR),
     .operation_id = "listOverdueApprovals",
     .summary = "Loans not disbursed within N Chinese working days of approval (?workdays=5, "
                "?on=DATE), those of the caller's banks (auditors all), a page at a time "
                "(huoshui credit loan overdue-approvals)",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/credit/overdue?workdays=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/pools",
     .handler = h_pool_create,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "createPool",
     .summary = "Create a risk-compensation pool funded from a programme's budget: an officer in "
                "the programme's scope (huoshui credit pool create)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"id\",\"programme\",\"budget\"],"
                       "\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":"
                       "\"string\",\"maxLength\":32},\"programme\":{\"type\":\"string\"},"
                       "\"budget\":{\"type\":\"string\"},\"multiple\":{\"type\":\"string\"},"
                       "\"share\":{\"type\":\"string\"},\"unsecured_min\":{\"type\":"
                       "\"string\"},\"share_unsecured\":{\"type\":\"string\"},"
                       "\"share_first_loan\":{\"type\":\"string\"},\"cap_per_loan\":{"
                       "\"type\":\"string\"},\"cap_per_loan_fen\":{\"type\":\"integer\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/pools",
     .example_body = "{}",
     .example_status = 422},
    {.method = "POST",
     .path = "/api/v1/pools/{id}/fund",
     .handler = h_pool_fund,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "fundPool",
     .summary = "Fund a pool from its programme's budget: an officer in the programme's scope; "
                "Idempotency-Key required; at or above the approval threshold 202 with the "
                "pending approval (huoshui credit pool fund)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                       "\"amount\":{\"type\":\"string\"},\"amount_fen\":{\"type\":"
                       "\"integer\",\"minimum\":1},\"transfer_id\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/pools/no-such-pool/fund",
     .example_body = "{\"amount\":\"1\"}",
     .example_status = 404},
/* ---- fund and registry routes ---- */
/* Who reads funds: auditors and analysts all (analysts without LP and deal rows), a fund manager
 * those it holds (h_funds.c decides the scope: fund:ID covers the fund's sub-funds). */
#define FUND_READERS (R(FUND_MANAGER) | R(AUDITOR) | R(ANALYST))
#define FUND_FIGURES_SCHEMA                                                                        \
    "{\"type\":\"object\",\"required\":[\"fund\",\"size_fen\",\"committed_fen\",\"nav_fen\"],"     \
    "\"properties\":{\"fund\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"parent\":"    \
    "{\"type\":\"string\"},\"size_fen\":{\"type\":\"integer\"},\"committed_fen\":{\"type\":"       \
    "\"integer\"},\"nav_fen\":{\"type\":\"integer\"},\"irr\":{\"type\":[\"number\",\"null\"]},"    \
    "\"lps\":{\"type\":\"array\"},\"deals_list\":{\"type\":\"array\"}}}"
#define FUND_EVENT_FIELDS                                                                          \
    "\"kind\":{\"type\":\"string\",\"enum\":[\"commit\",\"call\",\"default\",\"invest\","          \
    "\"mark\",\"fee\",\"exit\",\"distribute\",\"writeoff\"]},\"fund\":{\"type\":\"string\"},"      \
    "\"id\":{\"type\":\"string\"},\"date\":{\"type\":\"string\",\"format\":\"date\"},"             \
    "\"lp\":{\"type\":\"string\"},\"type\":{\"type\":\"string\"},\"amount\":{\"type\":"            \
    "\"string\"},\"from\":{\"type\":\"string\"},\"phase\":{\"type\":[\"integer\",\"string\"]},"    \
    "\"default\":{\"type\":\"string\"},\"deal\":{\"type\":\"string\"},\"firm\":{\"type\":"         \
    "\"string\"},\"sector\":{\"type\":\"string\"},\"stage\":{\"type\":\"string\"},\"city\":"       \
    "{\"type\":\"string\"},\"region\":{\"type\":\"string\"},\"share\":{\"type\":\"string\"},"      \
    "\"value\":{\"type\":\"string\"},\"days\":{\"type\":[\"integer\",\"string\"]},"                \
    "\"proceeds\":{\"type\":\"string\"},\"cost\":{\"type\":\"string\"}"
#define FUND_EVENT_IN                                                                              \
    "{\"type\":\"object\",\"required\":[\"kind\"],\"additionalProperties\":false,"                 \
    "\"properties\":{" FUND_EVENT_FIELDS "}}"
    {.method = "GET",
     .path = "/api/v1/funds",
     .handler = h_fund_list,
     .roles = FUND_READERS,
     .operation_id = "listFunds",
     .summary = "The funds the caller may see, each as fund show --json without lps and "
                "deals_list (as of today), in id order; cursor pagination (limit, cursor). A fund "
                "manager's scope fund:ID covers the fund's sub-funds",
     .response_schema = PAGE_OF(FUND_FIGURES_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/funds?limit=2",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/funds",
     .handler = h_fund_create,
     .roles = R(FUND_MANAGER),
     .body_json = true,
     .operation_id = "createFund",
     .summary = "Create a fund (huoshui fund create): 201, or 200 result exists for the same "
                "terms again, 422 state_conflict for other terms; a fund manager holding fund:ID "
                "or the mother fund (parent)",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"id\",\"size\",\"gp\"],\"additionalProperties\":"
         "false,\"properties\":{\"id\":{\"type\":\"string\"},\"size\":{\"type\":\"string\"},"
         "\"gp\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"group\":{\"type\":"
         "\"string\"},\"parent\":{\"type\":\"string\"},\"first_phase\":{\"type\":\"string\"},"
         "\"vintage\":{\"type\":\"string\",\"format\":\"date\"},\"invest_years\":{\"type\":"
         "[\"integer\",\"string\"]},\"exit_years\":{\"type\":[\"integer\",\"string\"]},"
         "\"extension_years\":{\"type\":[\"integer\",\"string\"]},\"fee_basis\":{\"type\":"
         "\"string\",\"enum\":[\"committed\",\"paid-in\",\"invested\"]},\"fee\":{\"type\":"
         "\"string\"},\"fee_exit\":{\"type\":\"string\"},\"hurdle\":{\"type\":\"string\"},"
         "\"carry\":{\"type\":\"string\"},\"catch_up\":{\"type\":\"string\"},\"waterfall\":"
         "{\"type\":\"string\",\"enum\":[\"european\",\"american\"]},\"concession\":{\"type\":"
         "\"string\"},\"concession_to_gp\":{\"type\":\"string\"},\"reinvest\":{\"type\":"
         "\"string\"},\"region\":{\"type\":\"string\"},\"gov_cap\":{\"type\":\"string\"},"
         "\"parent_cap\":{\"type\":\"string\"}}}",
     .response_schema = "{\"type\":\"object\",\"required\":[\"fund\",\"result\",\"size_fen\"],"
                        "\"properties\":{\"fund\":{\"type\":\"string\"},\"result\":{\"type\":"
                        "\"string\",\"enum\":[\"created\",\"exists\"]},\"size_fen\":{\"type\":"
                        "\"integer\"}}}",
     .success_status = 201,
     .example_path = "/api/v1/funds",
     /* refused before anything is stored (the matrix must not create funds) */
     .example_body = "{\"id\":\"f1\",\"size\":\"lots\",\"gp\":\"gp-1\"}",
     .example_status = 422},
    {.method = "GET",
     .path = "/api/v1/funds/{id}",
     .handler = h_fund_get,
     .roles = FUND_READERS,
     .operation_id = "getFund",
     .summary = "A fund's figures, LPs and deals as of ?as_of= (huoshui fund show --json); "
                "analysts without lps and deals_list",
     .response_schema = FUND_FIGURES_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/funds/f1",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/funds/{id}/events",
     .handler = h_fund_events,
     .roles = R(FUND_MANAGER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "postFundEvents",
     .summary = "One fund event (the fields of a `fund events --batch` line; fund defaults to the "
                "path's and must equal it), answered as fund KIND --json, or {\"events\":[...]} "
                "in one transaction, all or nothing; Idempotency-Key required; a refused event "
                "409 with the CLI's code, nothing stored",
     .request_schema =
         "{\"oneOf\":[" FUND_EVENT_IN ",{\"type\":\"object\",\"required\":"
         "[\"events\"],\"additionalProperties\":false,\"properties\":{\"events\":"
         "{\"type\":\"array\",\"minItems\":1,\"maxItems\":10000,\"items\":" FUND_EVENT_IN "}}}]}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/funds/f1/events",
     .example_body = "{\"kind\":\"call\",\"amount\":\"1\"}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/funds/{id}/report",
     .handler = h_fund_report,
     .roles = FUND_READERS,
     .operation_id = "reportFund",
     .summary = "The report of a fund tree or group (huoshui fund report --json): NAV, IRR, "
                "TVPI, DPI, RVPI, 返投, leverage, every fund's figures; ?as_of=, ?by=sector|stage|"
                "city for the look-through exposure; a fund manager must hold every fund in it",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/funds/f1/report",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/funds/{id}/check",
     .handler = h_fund_check,
     .roles = FUND_READERS,
     .operation_id = "checkFund",
     .summary = "The fund tables of the fund's tree against the ledger (huoshui fund check "
                "--json); 200 whether or not ok",
     .response_schema = "{\"type\":\"object\",\"required\":[\"ok\",\"funds\",\"checks\"],"
                        "\"properties\":{\"ok\":{\"type\":\"boolean\"},\"funds\":{\"type\":"
                        "\"integer\"},\"checks\":{\"type\":\"integer\"},\"first_violation\":"
                        "{\"type\":[\"string\",\"null\"]}}}",
     .success_status = 200,
     .example_path = "/api/v1/funds/f1/check",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/funds/{id}/projection",
     .handler = h_fund_projection,
     .roles = FUND_READERS,
     .operation_id = "projectFund",
     .summary = "The Takahashi–Alexander projection of the fund from its state (huoshui fund "
                "project FUND --json): ?rc=0.25,0.33,0.5&growth=&bow=&life=&yield=&horizon= as "
                "the CLI's flags (numbers or percentages)",
     .response_schema = "{\"type\":\"object\",\"required\":[\"commitment\",\"years\"],"
                        "\"properties\":{\"commitment\":{\"type\":\"number\"},\"first_year\":"
                        "{\"type\":\"integer\"},\"years\":{\"type\":\"array\"},\"trough_year\":"
                        "{\"type\":\"integer\"},\"trough_value\":{\"type\":\"number\"},"
                        "\"breakeven_year\":{\"type\":[\"integer\",\"null\"]}}}",
     .success_status = 200,
     .example_path = "/api/v1/funds/f1/projection",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/firms",
     .handler = h_firm_list,
     .roles = R(OFFICER) | R(REVIEWER) | R(AUDITOR) | R(ENTERPRISE),
     .operation_id = "listFirms",
     .summary = "The registry's firms (huoshui firm list --json items) in credit-code order; "
                "?sector=, ?stage=, ?city= (every name of its division), ?status=high_tech,zjtx,"
                "... (recognitions all held), cursor pagination (limit, cursor); an enterprise "
                "sees only its own firm, analysts none (firm-level records)",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/firms?limit=2",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/firms/import",
     .handler = h_firm_import,
     .roles = R(OFFICER),
     .operation_id = "importFirms",
     .summary = "huoshui firm import of the body (Content-Type: text/csv), all or nothing: the "
                "summary, or 422 naming the first bad row's field with problems: every bad row "
                "as body.csv:LINE: field 'F': why; officers only",
     .response_schema = "{\"type\":\"object\",\"required\":[\"rows\",\"inserted\",\"updated\","
                        "\"unchanged\"],\"properties\":{\"file\":{\"type\":\"string\"},\"rows\":"
                        "{\"type\":\"integer\"},\"inserted\":{\"type\":\"integer\"},\"updated\":"
                        "{\"type\":\"integer\"},\"unchanged\":{\"type\":\"integer\"},"
                        "\"rejected\":{\"type\":\"integer\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/firms/import",
     /* no body, no text/csv: refused before anything is read */
     .example_status = 400},
    {.method = "POST",
     .path = "/api/v1/firms/import-products",
     .handler = h_product_import,
     .roles = R(OFFICER),
     .operation_id = "importFirmProducts",
     .summary = "huoshui firm import-products of the body (Content-Type: text/csv: uscc, "
                "product_id, kind, name, price, date), all or nothing: the summary, or 422 with "
                "every bad row as problems; officers only",
     .response_schema = "{\"type\":\"object\",\"required\":[\"rows\",\"inserted\",\"updated\","
                        "\"unchanged\"],\"properties\":{\"file\":{\"type\":\"string\"},\"rows\":"
                        "{\"type\":\"integer\"},\"inserted\":{\"type\":\"integer\"},\"updated\":"
                        "{\"type\":\"integer\"},\"unchanged\":{\"type\":\"integer\"},"
                        "\"rejected\":{\"type\":\"integer\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/firms/import-products",
     .example_status = 400},
    {.method = "POST",
     .path = "/api/v1/firms/check",
     .handler = h_firm_check,
     .roles = ROLES_ALL,
     .body_json = true,
     .operation_id = "checkCreditCodes",
     .summary = "Validate 统一社会信用代码 (huoshui firm check): the GB 32100 check character and "
                "the GB/T 2260 division of characters 3-8; 1 to 1000 codes; reads nothing stored",
     .request_schema = "{\"type\":\"object\",\"required\":[\"uscc\"],\"additionalProperties\":"
                       "false,\"properties\":{\"uscc\":{\"type\":\"array\",\"minItems\":1,"
                       "\"maxItems\":1000,\"items\":{\"type\":\"string\",\"maxLength\":64}}}}",
     .response_schema =
         "{\"type\":\"object\",\"required\":[\"results\",\"divisions_checked\"],"
         "\"properties\":{\"results\":{\"type\":\"array\",\"items\":{\"type\":"
         "\"object\",\"required\":[\"uscc\",\"valid\",\"error\"],\"properties\":"
         "{\"uscc\":{\"type\":\"string\"},\"valid\":{\"type\":\"boolean\"},"
         "\"error\":{\"type\":\"string\"}}}},\"divisions_checked\":{\"type\":\"boolean\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/firms/check",
     .example_body = "{\"uscc\":[\"914403001922038216\"]}",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/firms/{uscc}/products",
     .handler = h_firm_products,
     .roles = R(OFFICER) | R(REVIEWER) | R(ENTERPRISE) | R(AUDITOR) | R(BANK),
     .scope = SCOPE_RULE_FIRM,
     .scope_param = "uscc",
     .operation_id = "listFirmProducts",
     .summary = "A firm's products (those huoshui firm show lists) in product-id order, a page at "
                "a time; an enterprise sees only its own firm's",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/firms/91510107MA6CM4R20A/products", /* a firm no test user holds */
     .example_status = 404},
/* ---- policy, matcher and report download routes ---- */
/* (policy test, eval, explain and the matcher: src/server/h_policy_eval.c) */
#define POLICY_EVALUATORS (R(OFFICER) | R(REVIEWER) | R(AUDITOR) | R(ANALYST))
#define REFORM_SIDE_SCHEMA                                                                         \
    "{\"type\":\"object\",\"required\":[\"eligible\",\"total_fen\"],\"properties\":{"              \
    "\"eligible\":{\"type\":\"integer\"},\"total_fen\":{\"type\":\"integer\"},\"total\":"          \
    "{\"type\":\"string\"},\"errors\":{\"type\":\"integer\"}}}"
#define NAME_VALUES_SCHEMA                                                                         \
    "{\"type\":\"object\",\"maxProperties\":64,\"additionalProperties\":{\"type\":[\"string\","    \
    "\"integer\",\"boolean\"],\"maxLength\":256}}"
#define EVAL_ROW_SCHEMA                                                                            \
    "{\"type\":\"object\",\"required\":[\"uscc\",\"eligible\",\"amount\",\"amount_fen\","          \
    "\"reason\"],\"properties\":{\"uscc\":{\"type\":\"string\"},\"eligible\":{\"type\":"           \
    "\"boolean\"},\"amount\":{\"type\":\"string\"},\"amount_fen\":{\"type\":\"integer\"},"         \
    "\"reason\":{\"type\":\"string\"},\"error\":{\"type\":\"boolean\"}}}"
#define MATCH_SCHEMA                                                                               \
    "{\"type\":\"object\",\"required\":[\"policy\",\"version\",\"label\",\"instrument\","          \
    "\"eligible\",\"amount\",\"amount_fen\",\"reason\",\"failed\"],\"properties\":{\"policy\":"    \
    "{\"type\":\"string\"},\"version\":{\"type\":\"string\"},\"label\":{\"type\":\"string\"},"     \
    "\"title_zh\":{\"type\":\"string\"},\"title_en\":{\"type\":\"string\"},\"instrument\":"        \
    "{\"type\":\"string\"},\"eligible\":{\"type\":\"boolean\"},\"amount\":{\"type\":\"string\"},"  \
    "\"amount_fen\":{\"type\":\"integer\"},\"reason\":{\"type\":\"string\"},\"failed\":{\"type\":" \
    "\"array\",\"items\":{\"type\":\"object\",\"required\":[\"rule\",\"clause\",\"line\"],"        \
    "\"properties\":{\"rule\":{\"type\":\"string\"},\"clause\":{\"type\":\"string\"},\"line\":"    \
    "{\"type\":\"integer\"}}}}}}"
    {.method = "POST",
     .path = "/api/v1/policies/{id}/test",
     .handler = h_policy_test,
     .roles = POLICY_READERS,
     .body_json = true,
     .operation_id = "testPolicy",
     .summary = "Run the test cases written in a policy ({id}: a policy id, optionally @VERSION, "
                "resolved to a shipped file or a stored version): passed, failed and each case "
                "(huoshui policy test); nothing is stored",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{}}",
     .response_schema =
         "{\"type\":\"object\",\"required\":[\"policy\",\"version\",\"passed\",\"failed\","
         "\"results\"],\"properties\":{\"policy\":{\"type\":\"string\"},\"version\":{\"type\":"
         "\"string\"},\"passed\":{\"type\":\"integer\"},\"failed\":{\"type\":\"integer\"},"
         "\"results\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"test\","
         "\"passed\"],\"properties\":{\"test\":{\"type\":\"string\"},\"passed\":{\"type\":"
         "\"boolean\"},\"why\":{\"type\":\"string\"}}}}}}",
     .success_status = 200,
     .example_path = "/api/v1/policies/chengdu.national_platform/test",
     .example_body = "{}",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/policies/{id}/eval",
     .handler = h_policy_eval,
     .roles = POLICY_EVALUATORS,
     .body_json = true,
     .operation_id = "evalPolicy",
     .summary = "Decide firms under a policy on a date (huoshui policy eval --json): the given "
                "firms ({uscc, NAME: VALUE}, at most 10,000) or, without firms, every registry "
                "firm; params: what-if parameter values; stats: the totals only {firms, eligible, "
                "errors, total}. Analysts get the registry's firms only as totals (stats true; "
                "403 forbidden otherwise); nothing is stored",
     .request_schema = "{\"type\":\"object\",\"required\":[\"on\"],\"additionalProperties\":false,"
                       "\"properties\":{\"on\":{\"type\":\"string\",\"format\":\"date\"},"
                       "\"firms\":{\"type\":\"array\",\"maxItems\":10000,\"items\":"
                       "{\"type\":\"object\",\"required\":[\"uscc\"]}},\"params\":"
                       "" NAME_VALUES_SCHEMA ",\"stats\":{\"type\":\"boolean\"}}}",
     .response_schema =
         "{\"type\":\"object\",\"properties\":{\"policy\":{\"type\":\"string\"},\"version\":"
         "{\"type\":\"string\"},\"on\":{\"type\":\"string\",\"format\":\"date\"},\"firms\":"
         "{\"type\":[\"array\",\"integer\"],\"items\":" EVAL_ROW_SCHEMA "},\"eligible\":"
         "{\"type\":\"integer\"},\"errors\":{\"type\":\"integer\"},\"total\":{\"type\":"
         "\"string\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/policies/chengdu.national_platform/eval",
     .example_body = "{\"on\":\"2024-06-01\",\"firms\":[{\"uscc\":\"91510107MA6CM4R26W\","
                     "\"sector\":\"nlp\"}]}",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/policies/{id}/explain",
     .handler = h_policy_explain,
     .roles = POLICY_READERS,
     .body_json = true,
     .operation_id = "explainPolicy",
     .summary = "Explain one firm's decision down to the clause (huoshui policy explain --json): "
                "inputs typed over the firm's registry record (without inputs: the record "
                "alone, 404 if the registry lacks it); params: what-if values. An enterprise "
                "only a firm it holds; an analyst only with inputs (the registry is not read)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"on\",\"firm\"],"
                       "\"additionalProperties\":false,\"properties\":{\"on\":{\"type\":"
                       "\"string\",\"format\":\"date\"},\"firm\":{\"type\":\"string\","
                       "\"maxLength\":64},\"inputs\":" NAME_VALUES_SCHEMA ",\"params\":"
                       "" NAME_VALUES_SCHEMA "}}",
     .response_schema =
         "{\"type\":\"object\",\"required\":[\"uscc\",\"on\",\"eligible\",\"amount_fen\","
         "\"items\"],\"properties\":{\"uscc\":{\"type\":\"string\"},\"on\":{\"type\":\"string\","
         "\"format\":\"date\"},\"eligible\":{\"type\":\"boolean\"},\"amount\":{\"type\":"
         "\"string\"},\"amount_fen\":{\"type\":\"integer\"},\"reason\":{\"type\":\"string\"},"
         "\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}",
     .success_status = 200,
     .example_path = "/api/v1/policies/chengdu.national_platform/explain",
     .example_body = "{\"on\":\"2024-06-01\",\"firm\":\"91510107MA6CM4R26W\",\"inputs\":"
                     "{\"sector\":\"nlp\"}}",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/policies/{id}/reform",
     .handler = h_policy_reform,
     .roles = R(ANALYST) | R(ADMIN),
     .body_json = true,
     .operation_id = "reformPolicy",
     .summary = "A reform and its cost (huoshui policy reform --json): the firms decided on `on` "
                "under the policy as written and under the reform (set: parameter values on "
                "every date; rule_off: rules switched off; from: the reform applies from that "
                "day), compared: eligible counts and totals in fen, by sector and city, every "
                "firm that gains or loses, the programme budget's remaining before and after. "
                "The firms: registry true, or firms_csv (registry CSV format plus the policy's "
                "own columns, at most 512 KiB). Nothing is stored",
     .request_schema = "{\"type\":\"object\",\"required\":[\"on\"],\"additionalProperties\":false,"
                       "\"properties\":{\"on\":{\"type\":\"string\",\"format\":\"date\"},\"from\":"
                       "{\"type\":\"string\",\"format\":\"date\"},\"set\":" NAME_VALUES_SCHEMA ","
                       "\"rule_off\":{\"type\":\"array\",\"maxItems\":32,\"items\":{\"type\":"
                       "\"string\"}},\"registry\":{\"type\":\"boolean\"},\"firms_csv\":{\"type\":"
                       "\"string\",\"maxLength\":524288}}}",
     .response_schema =
         "{\"type\":\"object\",\"required\":[\"baseline\",\"reform\",\"delta_fen\","
         "\"by_sector\",\"by_city\",\"gainers\",\"losers\"],\"properties\":{\"policy\":"
         "{\"type\":\"string\"},\"on\":{\"type\":\"string\",\"format\":\"date\"},"
         "\"baseline\":" REFORM_SIDE_SCHEMA ",\"reform\":" REFORM_SIDE_SCHEMA ","
         "\"delta_fen\":{\"type\":\"integer\"},\"by_sector\":{\"type\":\"array\"},"
         "\"by_city\":{\"type\":\"array\"},\"gainers\":{\"type\":\"array\"},"
         "\"losers\":{\"type\":\"array\"},\"budget\":{\"type\":\"object\"}}}",
     .success_status = 200,
     .example_path = "/api/v1/policies/tax.rd_super_deduction/reform",
     .example_body = "{\"on\":\"2024-06-01\",\"set\":{\"super_deduction\":\"120%\"},"
                     "\"firms_csv\":\"uscc,name,city,sector,rd_spend,taxable_income\\n"
                     "91510107MA6CM4R26W,x,成都,nlp,100万,500万\\n\"}",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/firms/{uscc}/matches",
     .handler = h_firm_matches,
     .roles = R(OFFICER) | R(REVIEWER) | R(AUDITOR) | R(ENTERPRISE),
     .scope = SCOPE_RULE_FIRM,
     .scope_param = "uscc",
     .operation_id = "matchFirm",
     .summary = "The matcher (huoshui firm match --json): every shipped policy in force on ?on= "
                "(default today; the highest version of each) decided for the firm's registry "
                "record, eligible first, then by amount, then label, each with why not (the "
                "failing rules, clauses and lines); 404 for a firm the registry lacks; an "
                "enterprise only its own firm",
     .response_schema = "{\"type\":\"object\",\"required\":[\"firm\",\"name\",\"on\","
                        "\"matches\"],\"properties\":{\"firm\":{\"type\":\"string\"},\"name\":"
                        "{\"type\":\"string\"},\"on\":{\"type\":\"string\",\"format\":\"date\"},"
                        "\"matches\":{\"type\":\"array\",\"items\":" MATCH_SCHEMA "}}}",
     .success_status = 200,
     .example_path = "/api/v1/firms/91510107MA6CM4R20A/matches", /* a firm no test user holds */
     .example_status = 404},
/* (schemas of this block, defined here so the block stays in one place) */
#define SHIPPED_POLICY_SCHEMA                                                                      \
    "{\"type\":\"object\",\"required\":[\"id\",\"version\",\"label\",\"instrument\","              \
    "\"valid_from\",\"valid_to\"],\"properties\":{\"id\":{\"type\":\"string\"},\"version\":"       \
    "{\"type\":\"string\"},\"label\":{\"type\":\"string\"},\"title_zh\":{\"type\":\"string\"},"    \
    "\"title_en\":{\"type\":\"string\"},\"instrument\":{\"type\":\"string\"},\"valid_from\":"      \
    "{\"type\":\"string\",\"format\":\"date\"},\"valid_to\":{\"type\":[\"string\",\"null\"]},"     \
    "\"origin\":{\"type\":\"string\"},\"file\":{\"type\":\"string\"}}}"
    {.method = "GET",
     .path = "/api/v1/policies/shipped",
     .handler = h_policy_shipped,
     .roles = POLICY_READERS,
     .operation_id = "listShippedPolicies",
     .summary = "The policies shipped with huoshui (policies/*.policy under the data dir), named "
                "by id and version, never by file: id, version, label ID@VERSION, titles, "
                "instrument, valid_from, valid_to (null: open-ended); by label, cursor pagination",
     .response_schema = PAGE_OF(SHIPPED_POLICY_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/policies/shipped?limit=5",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/policies",
     .handler = h_policy_list,
     .roles = POLICY_READERS,
     .operation_id = "listPolicies",
     .summary = "The policy versions the book holds, by label policy@version, a page at a time "
                "(huoshui policy history --json); analysts and enterprises see them without "
                "first_used_by and first_subject",
     .response_schema = PAGE_OF(POLICY_VERSION_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/policies?limit=5",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/policies/{id}",
     .handler = h_policy_get,
     .roles = POLICY_READERS,
     .operation_id = "getPolicy",
     .summary = "The stored versions of one policy (huoshui policy history ID --json); 404 when "
                "the book holds none",
     .response_schema = "{\"type\":\"object\",\"required\":[\"policy\",\"versions\"],"
                        "\"properties\":{\"policy\":{\"type\":\"string\"},\"versions\":"
                        "{\"type\":\"array\",\"items\":" POLICY_VERSION_SCHEMA "}}}",
     .success_status = 200,
     .example_path = "/api/v1/policies/no-such-policy",
     .example_status = 404},
    /* ---- interest subsidies (贴息, issue 14) ---- */
    {.method = "GET",
     .path = "/api/v1/interest-subsidies",
     .handler = h_interest_list,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(BANK) | R(ENTERPRISE),
     .operation_id = "listInterestSubsidies",
     .summary = "The interest-subsidy schemes the caller may see, in id order, a page at a time "
                "(huoshui interest scheme list --json): an officer its programmes'",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/interest-subsidies?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/interest-subsidies",
     .handler = h_interest_create,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "createInterestSubsidy",
     .summary = "Create an interest-subsidy scheme under a shipped policy (instrument credit): an "
                "officer in the policy's programme (huoshui interest scheme add)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"id\",\"policy\"],"
                       "\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":"
                       "\"string\",\"maxLength\":32},\"policy\":{\"type\":\"string\"},"
                       "\"pay_to\":{\"type\":\"string\",\"enum\":[\"firm\",\"bank\"]}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/interest-subsidies",
     .example_body = "{}",
     .example_status = 422},
    {.method = "GET",
     .path = "/api/v1/interest-subsidies/{id}",
     .handler = h_interest_get,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(BANK) | R(ENTERPRISE),
     .operation_id = "getInterestSubsidy",
     .summary = "A scheme with the periods it has paid (huoshui interest scheme show --json)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/interest-subsidies/no-such-scheme",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/interest-subsidies/{id}/accrue",
     .handler = h_interest_accrue,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "accrueInterestSubsidy",
     .summary = "Pay one period (YYYY-MM or YYYYQN) of a scheme, once: an officer in the "
                "programme; Idempotency-Key; refused 409 (period_open, exceeds_credits) with "
                "nothing paid (huoshui interest accrue)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"period\"],"
                       "\"additionalProperties\":false,\"properties\":{\"period\":{"
                       "\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/interest-subsidies/no-such-scheme/accrue",
     .example_body = "{\"period\":\"2024-05\"}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/interest-subsidies/{id}/periods/{period}",
     .handler = h_interest_period,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(BANK) | R(ENTERPRISE),
     .operation_id = "getInterestSubsidyPeriod",
     .summary = "A paid period with its rows per loan (a bank its banks', an enterprise its "
                "firm's) (huoshui interest show --json)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/interest-subsidies/no-such-scheme/periods/2024-05",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/interest-subsidies/{id}/periods/{period}/loans/{loan}",
     .handler = h_interest_explain,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(BANK) | R(ENTERPRISE),
     .operation_id = "explainInterestSubsidy",
     .summary = "One loan's subsidy in a period with the policy's explanation: days, "
                "principal-days, rates, clause (huoshui interest explain --json)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/interest-subsidies/no-such-scheme/periods/2024-05/loans/L1",
     .example_status = 404},
    /* ---- enterprise R&D reserves (研发准备金, issue 14) ---- */
    {.method = "GET",
     .path = "/api/v1/rd-reserves",
     .handler = h_rdreserve_list,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(ENTERPRISE),
     .operation_id = "listRdReserves",
     .summary = "The R&D reserves the caller may see (?firm=, ?year=), by firm and year, a page "
                "at a time (huoshui rdreserve list --json): an officer its programmes', an "
                "enterprise its own",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/rd-reserves?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/rd-reserves",
     .handler = h_rdreserve_create,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "createRdReserve",
     .summary = "Register a registry firm's R&D reserve for a year under a shipped policy "
                "(instrument subsidy): an officer in the policy's programme (huoshui rdreserve "
                "register)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"firm\",\"year\",\"policy\"],"
                       "\"additionalProperties\":false,\"properties\":{\"firm\":{\"type\":"
                       "\"string\"},\"year\":{\"type\":\"integer\"},\"policy\":{\"type\":"
                       "\"string\"},\"reserve\":{\"type\":\"string\"},\"reserve_fen\":{"
                       "\"type\":\"integer\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/rd-reserves",
     .example_body = "{}",
     .example_status = 422},
    {.method = "GET",
     .path = "/api/v1/rd-reserves/{firm}/{year}",
     .handler = h_rdreserve_get,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(ENTERPRISE),
     .operation_id = "getRdReserve",
     .summary = "A reserve with the policy's explanation, clause by clause: as paid, or as it "
                "would be decided today (huoshui rdreserve show --explain --json)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/rd-reserves/91440300MA5FXXXX0X/2024",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/rd-reserves/{firm}/{year}/pay",
     .handler = h_rdreserve_pay,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "payRdReserve",
     .summary = "Pay a reserve once from the policy's budget: an officer in the programme; "
                "Idempotency-Key; refused 409 (not_eligible, year_open, exceeds_credits) with "
                "nothing paid (huoshui rdreserve pay)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/rd-reserves/91440300MA5FXXXX0X/2024/pay",
     .example_body = "{}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/rd-filings",
     .handler = h_rdfiling_list,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(ENTERPRISE),
     .operation_id = "listRdFilings",
     .summary = "The filed R&D super-deduction figures per firm and tax year (?firm=), a page at "
                "a time (huoshui rdreserve filing list --json): an enterprise its own",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/rd-filings?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/rd-filings",
     .handler = h_rdfiling_add,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "addRdFilings",
     .summary = "Record filed R&D figures, all or none (huoshui rdreserve filing import): an "
                "officer; a bad item 422 naming filings[i].field; another figure for a filed "
                "year 409 filing_exists",
     .request_schema = "{\"type\":\"object\",\"required\":[\"filings\"],"
                       "\"additionalProperties\":false,\"properties\":{\"filings\":{\"type\":"
                       "\"array\",\"items\":{\"type\":\"object\"}}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/rd-filings",
     .example_body = "{}",
     .example_status = 422},
    /* ---- first units of major equipment (首台套, issue 14) ---- */
    {.method = "GET",
     .path = "/api/v1/first-units",
     .handler = h_first_unit_list,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(ENTERPRISE),
     .operation_id = "listFirstUnits",
     .summary = "The insured first units the caller may see (?firm= maker or buyer), in id order, "
                "a page at a time (huoshui first-unit list --json): an officer its programmes', "
                "an enterprise those it made or bought",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/first-units?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/first-units",
     .handler = h_first_unit_create,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "createFirstUnit",
     .summary = "Register an insured first unit under a shipped policy (instrument subsidy): an "
                "officer in the policy's programme (huoshui first-unit register)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"id\",\"item\",\"maker\",\"buyer\""
                       ",\"price\",\"unit_no\",\"insured\",\"insurer\",\"premium\",\"from\",\""
                       "years\",\"policy\"],\"additionalProperties\":false,\"properties\":{\"i"
                       "d\":{\"type\":\"string\"},\"item\":{\"type\":\"string\"},\"maker\":{\""
                       "type\":\"string\"},\"buyer\":{\"type\":\"string\"},\"price\":{\"type\""
                       ":\"string\"},\"unit_no\":{\"type\":\"integer\"},\"insured\":{\"type\":"
                       "\"string\",\"enum\":[\"maker\",\"buyer\"]},\"insurer\":{\"type\":\"str"
                       "ing\"},\"premium\":{\"type\":\"string\"},\"from\":{\"type\":\"string\""
                       "},\"years\":{\"type\":\"integer\"},\"policy\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/first-units",
     .example_body = "{}",
     .example_status = 422},
    {.method = "GET",
     .path = "/api/v1/first-units/{id}",
     .handler = h_first_unit_get,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(ENTERPRISE),
     .operation_id = "getFirstUnit",
     .summary = "A first unit with its claims and the premium subsidy's explanation, clause by "
                "clause (huoshui first-unit show --explain --json)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/first-units/no-such-unit",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/first-units/{id}/subsidise",
     .handler = h_first_unit_subsidise,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "subsidiseFirstUnit",
     .summary = "Pay a unit's premium subsidy once: an officer in the programme; "
                "Idempotency-Key; refused 409 (not_eligible, exceeds_credits) with nothing paid "
                "(huoshui first-unit subsidise)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/first-units/no-such-unit/subsidise",
     .example_body = "{}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/first-units/{id}/claims",
     .handler = h_first_unit_claim,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "claimFirstUnit",
     .summary = "Record a claim on a failure (the insurer's payment) and pay any agency top-up "
                "the policy gives: an officer in the programme; Idempotency-Key; a failure that "
                "does not qualify 409 not_eligible (huoshui first-unit claim)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"id\",\"date\",\"failure\",\"loss\""
                       ",\"insurer_paid\"],\"additionalProperties\":false,\"properties\":{\"id"
                       "\":{\"type\":\"string\"},\"date\":{\"type\":\"string\"},\"failure\":{\""
                       "type\":\"string\",\"enum\":[\"quality\",\"liability\",\"other\"]},\"lo"
                       "ss\":{\"type\":\"string\"},\"insurer_paid\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/first-units/no-such-unit/claims",
     .example_body = "{\"id\":\"c1\",\"date\":\"2025-06-01\",\"failure\":\"quality\","
                     "\"loss\":\"1万\",\"insurer_paid\":\"0\"}",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/first-unit-catalogue",
     .handler = h_first_unit_catalogue_list,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(ENTERPRISE),
     .operation_id = "listFirstUnitCatalogue",
     .summary = "The first-unit catalogue (首台（套）重大技术装备推广应用指导目录) in item order "
                "(huoshui first-unit catalogue list --json)",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/first-unit-catalogue?limit=5",
     .example_status = 200},
    {.method = "POST",
     .path = "/api/v1/first-unit-catalogue",
     .handler = h_first_unit_catalogue_add,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "addFirstUnitCatalogueItem",
     .summary = "Add an item to the first-unit catalogue: an officer (huoshui first-unit "
                "catalogue add)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"item\",\"name\"],"
                       "\"additionalProperties\":false,\"properties\":{\"item\":{\"type\":"
                       "\"string\"},\"name\":{\"type\":\"string\"},\"category\":{\"type\":"
                       "\"string\"},\"edition\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/first-unit-catalogue",
     .example_body = "{}",
     .example_status = 422},
    /* ---- financing guarantees (融资担保, issue 14) ---- */
    {.method = "GET",
     .path = "/api/v1/guarantors",
     .handler = h_guarantor_list,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST),
     .operation_id = "listGuarantors",
     .summary = "The guarantee institutions' reports (capital, in-force balance, leverage, fees, "
                "compensation), a page at a time (huoshui guarantee institution list --json): an "
                "officer those capitalised from its programmes",
     .response_schema = PAGE_OF(OBJECT_SCHEMA),
     .success_status = 200,
     .example_path = "/api/v1/guarantors?limit=5",
     .example_status = 200},
    {.method = "GET",
     .path = "/api/v1/guarantors/{id}",
     .handler = h_guarantor_get,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST),
     .operation_id = "getGuarantor",
     .summary = "One guarantor's report with its leverage (放大倍数) (huoshui guarantee "
                "institution show --json)",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/guarantors/no-such-guarantor",
     .example_status = 404},
    {.method = "GET",
     .path = "/api/v1/guarantees/{loan}",
     .handler = h_guarantee_get,
     .roles = R(OFFICER) | R(AUDITOR) | R(ANALYST) | R(BANK) | R(ENTERPRISE),
     .operation_id = "getGuarantee",
     .summary = "The guarantee on a loan: fee and 降费 subsidy, risk shares, the loss split and "
                "recoveries (huoshui guarantee show --json): the loan's bank, its firm",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/guarantees/no-such-loan",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/guarantees",
     .handler = h_guarantee_sign,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "signGuarantee",
     .summary = "Sign a guarantee on a credit loan under a shipped policy, charging the fee and "
                "its subsidy: an officer in the policy's programme (huoshui guarantee sign)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"loan\",\"guarantor\","
                       "\"policy\",\"fee_rate\"],\"additionalProperties\":false,"
                       "\"properties\":{\"loan\":{\"type\":\"string\"},\"guarantor\":{"
                       "\"type\":\"string\"},\"policy\":{\"type\":\"string\"},"
                       "\"fee_rate\":{\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/guarantees",
     .example_body = "{}",
     .example_status = 422},
    {.method = "POST",
     .path = "/api/v1/guarantees/{loan}/compensate",
     .handler = h_guarantee_compensate,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "compensateGuarantee",
     .summary = "Compensate (代偿) a defaulted guaranteed loan, the loss shared by the policy's "
                "shares: an officer in the programme; Idempotency-Key; refusals 409, nothing "
                "moved (huoshui guarantee compensate)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/guarantees/no-such-loan/compensate",
     .example_body = "{}",
     .example_status = 404},
    {.method = "POST",
     .path = "/api/v1/guarantors",
     .handler = h_guarantor_capital,
     .roles = R(OFFICER),
     .body_json = true,
     .operation_id = "capitaliseGuarantor",
     .summary = "Create a guarantee institution or add to its capital from a programme budget: an "
                "officer in the programme (huoshui guarantee institution add)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"id\",\"name\",\"reguarantor\","
                       "\"programme\",\"budget\"],\"additionalProperties\":false,"
                       "\"properties\":{\"id\":{\"type\":\"string\",\"maxLength\":32},"
                       "\"name\":{\"type\":\"string\"},\"reguarantor\":{\"type\":"
                       "\"string\"},\"programme\":{\"type\":\"string\"},\"budget\":{"
                       "\"type\":\"string\"},\"capital\":{\"type\":\"string\"},"
                       "\"capital_fen\":{\"type\":\"integer\"},\"transfer_id\":{\"type\":"
                       "\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 201,
     .example_path = "/api/v1/guarantors",
     .example_body = "{}",
     .example_status = 422},
    {.method = "POST",
     .path = "/api/v1/guarantees/{loan}/recover",
     .handler = h_guarantee_recover,
     .roles = R(OFFICER),
     .idempotent_post = true,
     .body_json = true,
     .operation_id = "recoverGuarantee",
     .summary = "Record a recovery on a compensated loan, shared pro rata among the national "
                "fund, the re-guarantor, the bank and the guarantor: an officer in the programme; "
                "Idempotency-Key (huoshui guarantee recover)",
     .request_schema = "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                       "\"amount\":{\"type\":\"string\"},\"amount_fen\":{\"type\":"
                       "\"integer\",\"minimum\":1},\"id\":{\"type\":\"string\"},\"from\":{"
                       "\"type\":\"string\"}}}",
     .response_schema = OBJECT_SCHEMA,
     .success_status = 200,
     .example_path = "/api/v1/guarantees/no-such-loan/recover",
     .example_body = "{\"amount\":\"1\"}",
     .example_status = 404},
    {.method = NULL},
};

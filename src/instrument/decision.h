/* decision.h — what every policy-driven instrument (subsidy, voucher) shares, so the copies cannot
 * drift: a policy loaded for an instrument (its text kept, with the SHA-256 of that text, so a
 * decision stays traceable to the exact rules and can be re-run from the book alone), the decision
 * record's identity fields, the serialisation of its inputs, the policy's limits checked against
 * what the book already holds in each scope, and the reservation-sequence transfer ids r<k>.
 *
 * Inputs travel as a JSON object of name -> text (the same text a CSV cell would hold); names that
 * are not inputs of the policy are ignored when deciding, so a whole registry record can be
 * passed; inputs a person typed (--input) are checked with instrument_inputs_known first.
 *
 * Nothing here runs SQL: the stored policy texts sit behind policy_repo.h, what each instrument has
 * used under a limit behind its own repository (subsidy_repo.h, voucher_repo.h). */
#ifndef HS_INSTRUMENT_DECISION_H
#define HS_INSTRUMENT_DECISION_H

#include <jansson.h>

#include "base/error.h"
#include "ledger/account.h"
#include "ledger/transfer.h"
#include "policy/policy.h"
#include "store/book.h"
#include "store/store.h"

#define INSTRUMENT_INPUTS_MAX 2048 /* bytes of the inputs JSON text, including NUL */

typedef struct {
    hs_policy *policy;
    char path[512];                /* where the text was first read from (messages, views) */
    char sha256[65];               /* hex digest of the text's bytes */
    char programme[64];            /* from the budget path budget/<programme>/<name> */
    char budget[ACCOUNT_NAME_MAX]; /* the budget account the policy draws on */
    char label[128];               /* "<policy id>@<version>" */
    char *text;                    /* the policy's text (owned), text_len bytes */
    size_t text_len;
} instrument_policy;

/* The identity of a policy as every decision record stores it (copied from an instrument_policy,
 * so subsidy and voucher rows cannot disagree on what they hold). */
typedef struct {
    char programme[64];
    char budget[ACCOUNT_NAME_MAX];
    char path[512];
    char id[96];
    char label[128];
    char sha256[65];
} instrument_policy_ref;

/* Reads and checks the policy file at `path`, which must feed `expected`; keeps its text and
 * SHA-256 and derives programme and budget. HS_INPUT naming the file on any problem; on success
 * the caller owns *out (instrument_policy_free). Touches no book. */
hs_status instrument_policy_load(const char *path, hs_instrument expected, instrument_policy *out,
                                 hs_error *err);
/* As instrument_policy_load, from text in memory (copied); `path` names it in messages. */
hs_status instrument_policy_from_text(const char *path, const char *text, size_t len,
                                      hs_instrument expected, instrument_policy *out,
                                      hs_error *err);
/* Frees what instrument_policy_load gave (safe on a zeroed or already freed value). */
void instrument_policy_free(instrument_policy *ip);
/* Fills the identity fields a decision record stores. */
void instrument_policy_ref_of(const instrument_policy *ip, instrument_policy_ref *out);

/* Stores the policy's text in the book under its SHA-256 if it is not there yet, noting the first
 * use (`operation` such as "subsidy.apply", the record `subject` it decided, the date `on`).
 * Runs inside `tx`; HS_STORAGE if the book cannot be written. */
hs_status instrument_policy_record(hs_tx *tx, const instrument_policy *ip, const char *operation,
                                   const char *subject, hs_date on, hs_error *err);
/* Loads the policy a record was decided under, by its SHA-256, from the book (inside `tx`), never
 * from a path. A book written before policies were stored may lack the text: then the file at
 * `ref->path` is used only if its SHA-256 matches, and is stored for next time. HS_REFUSED
 * (code policy_changed) if neither holds the text. The caller owns *out. */
hs_status instrument_policy_stored(hs_tx *tx, const instrument_policy_ref *ref,
                                   hs_instrument expected, instrument_policy *out, hs_error *err);
/* As instrument_policy_stored for a read-only view outside any transaction; stores nothing. */
hs_status instrument_policy_stored_ro(hs_store *s, const instrument_policy_ref *ref,
                                      hs_instrument expected, instrument_policy *out,
                                      hs_error *err);

/* HS_OK if `uscc` is a valid 统一社会信用代码 (GB 32100, as loans and `firm import` require), else
 * HS_INPUT (code invalid_field, field "--firm") saying why. */
hs_status instrument_firm_check(const char *uscc, hs_error *err);
/* Serialises inputs as compact JSON with sorted keys into out (len bytes). HS_INPUT (field
 * "--input") if the text would not fit: never truncated. */
hs_status instrument_inputs_text(const json_t *inputs, char *out, size_t len, hs_error *err);
/* HS_OK if every name in `given` (inputs a person typed) is an input of the policy or one of the
 * NULL-terminated `also` names; else HS_INPUT (field "--input") naming the unknown input and the
 * policy's inputs. */
hs_status instrument_inputs_known(const instrument_policy *ip, const json_t *given,
                                  const char *const *also, hs_error *err);
/* HS_OK if the policy is in force on `on`, else HS_REFUSED (code not_in_force) naming the date and
 * the policy's validity range. */
hs_status instrument_in_force(const instrument_policy *ip, hs_date on, hs_error *err);

/* The module that alone may decide under policy `p`, from the input only that module supplies
 * from the book (the language has no instrument kind for them, so such policies say `instrument
 * subsidy`): "rdreserve" for a policy declaring input `rd_filed` (the filed R&D figures),
 * "first_unit" for one declaring `on_catalogue` (the first-unit catalogue); NULL for any other. */
const char *instrument_policy_module(const hs_policy *p);
/* HS_OK if `module` (NULL: the subsidy module itself) may decide under ip: a module-bound policy
 * only by its module, and a module only under its own policies; else HS_INPUT (code
 * invalid_field, field "policy") naming the module the policy belongs to. */
hs_status instrument_policy_for_module(const instrument_policy *ip, const char *module,
                                       hs_error *err);

/* Evaluates the policy for one firm from a JSON object of inputs on `on`. */
hs_status instrument_decide(const instrument_policy *ip, const char *uscc, const json_t *inputs,
                            hs_date on, hs_decision *out, hs_error *err);
/* The explanation of that decision (the caller frees it with explanation_free). */
hs_status instrument_explain(const instrument_policy *ip, const char *uscc, const json_t *inputs,
                             hs_date on, hs_explanation *out, hs_error *err);

/* ---- limits ---- */

/* The records a limit counts: those of policy `policy_id`, narrowed to a firm, a product and a
 * calendar year when the limit says so (NULL / 0: any), never counting `exclude_id`. */
typedef struct {
    const char *policy_id;
    const char *firm;
    const char *product;
    int year;
    const char *exclude_id;
} instrument_limit_scope;

/* What the book holds in a scope: how many records count, the money they commit, the first id. */
typedef struct {
    int64_t count;
    int64_t used_fen;
    char first_id[48];
} instrument_limit_usage;

/* Reads the usage of a scope from an instrument's repository (inside the caller's transaction).
 * A failed read must return HS_STORAGE: it is never "nothing used". */
typedef hs_status (*instrument_usage_fn)(void *ctx, const instrument_limit_scope *scope,
                                         instrument_limit_usage *out, hs_error *err);

/* One record to check against every limit of the policy on `on`. */
typedef struct {
    const char *kind; /* "application" or "voucher", for messages */
    const char *id, *firm, *product;
    bool may_cap; /* true: lower *amount to a money limit's headroom (subsidy award); false: refuse
                     anything over it (voucher face) */
} instrument_limit_subject;

/* Checks every limit of `p` on `on` for the subject: `once` limits refuse (code limit_used) when
 * the scope already holds a record; money limits cap *amount_fen to the headroom (may_cap, noting
 * why in `note`) or refuse (code limit_used) when it would be exceeded. Scopes (firm, product,
 * year) are chosen here, from the limit; `usage` only reads the sums. Any read error is returned.
 */
hs_status instrument_limits_check(const hs_policy *p, hs_date on,
                                  const instrument_limit_subject *subject,
                                  instrument_usage_fn usage, void *usage_ctx, int64_t *amount_fen,
                                  char *note, size_t note_len, hs_error *err);

/* ---- transfers ---- */

/* Writes "<prefix>.<id>.<kind><seq>" (e.g. sub.fv-1.r2, the k-th reservation) into out, which holds
 * TRANSFER_ID_MAX bytes. HS_INPUT if it would not fit: ids are never truncated into collisions. */
hs_status instrument_transfer_id(char out[TRANSFER_ID_MAX], const char *prefix, const char *id,
                                 const char *kind, int seq, hs_error *err);
/* Initialises t as a transfer of a decision record: id as instrument_transfer_id, date `on`, code,
 * and the refs <ref_key>=id, policy=label, firm=firm. */
hs_status instrument_transfer(hs_transfer *t, const char *prefix, const char *ref_key,
                              const char *id, const char *policy_label, const char *firm,
                              const char *kind, int seq, hs_date on, const char *code,
                              hs_error *err);
/* Ensures the free account `firm/<uscc>/cash` exists (kind enterprise) inside tx; writes its name.
 */
hs_status instrument_firm_account(hs_tx *tx, const char *uscc, char *out, size_t len,
                                  hs_error *err);
/* Ensures an account `owner` ("subsidy", "voucher") creates and alone moves exists inside tx, with
 * the kind and no limit. An account of that name left free by a book written before accounts had
 * owners is accepted as it is. */
hs_status instrument_module_account(hs_tx *tx, const char *name, const char *kind,
                                    const char *owner, hs_error *err);
/* Applies up to 8 transfers inside an open book transaction; HS_OK if all applied (or existed),
 * else the status of the refusal, naming its cause (not a linked casualty), `what` and, when an
 * account is missing, that account. */
hs_status instrument_apply(hs_tx *txn, const hs_transfer *ev, size_t n, const char *what,
                           hs_error *err);

#endif

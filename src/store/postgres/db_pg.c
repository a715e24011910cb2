/* db_pg.c — the PostgreSQL driver of the statement interface (store/db.h, db_driver.h), through
 * libpq: the only file of the store that includes libpq-fe.h.
 *
 * SQL arrives in the dialect both engines accept, with SQLite's placeholders: ?N becomes $N and a
 * bare ? the next $k (outside quoted text). A statement kept for reuse (db_prepare_cached) is
 * prepared on the server once, by name; any other is sent with its parameters in one round trip
 * when first stepped. Parameters go as text (blobs as binary), results come back as text and are
 * read with the column functions; a result is held whole, so stepping walks rows in memory.
 *
 * Writers serialize as they do on SQLite (BEGIN IMMEDIATE): db_begin takes a transaction-scoped
 * advisory lock on the database, so one write transaction runs at a time per book and reads go on
 * beside it. The driver's own table huoshui_meta holds the schema version and a commit counter
 * that every committing writer bumps: db_data_version reports a change when the counter moved by
 * another connection's commit. */
#include "store/db_driver.h"

#include <assert.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_WRITE_LOCK 0x6875 /* pg_advisory_xact_lock key of the book's writer ("hu") */

typedef struct pg_stmt pg_stmt;

/* The parameter types settled for one SQL text (settle_types), kept per connection. */
typedef struct pg_types {
    char *sql;
    int n;
    Oid *types;
    struct pg_types *next;
} pg_types;

typedef struct {
    db_conn base;
    PGconn *pg;
    pg_stmt *cached; /* statements kept for reuse, newest first */
    pg_types *typed; /* parameter types settled for SQL texts */
    unsigned next_name;
    unsigned session; /* counts reconnections: a cached statement prepared in an older session
                       * is prepared again (the server forgot it) */
    bool in_txn, write_txn;
    int64_t changes, total_changes, changes_at_begin;
    int64_t seen_commits; /* huoshui_meta's commit counter as this connection last saw it */
    int64_t version;      /* what db_data_version reports: bumped when seen_commits moves */
    db_err_kind kind;
    char errmsg[512];
    char target[1024];
} pg_conn;

struct pg_stmt {
    db_stmt base;
    pg_conn *c;
    char *sql;     /* as given (db_sql, the cache) */
    char *pg_sql;  /* with $N placeholders */
    char name[24]; /* the server-side name of a cached statement ("" if not prepared) */
    bool cached;
    unsigned session; /* the connection's session it was prepared in */
    int nparams;
    uint64_t used;    /* the parameters the SQL names (bit n-1 for ?n) */
    uint64_t untyped; /* ... and those of them tested with IS NULL */
    Oid *types;       /* per parameter: 0 (the server infers it), or text for one the SQL skips */
    const char **values; /* per parameter: its text (NULL: SQL NULL) */
    int *lengths, *formats;
    char **owned;    /* per parameter: a copy this statement owns, or NULL */
    char (*num)[24]; /* per parameter: a formatted number */
    PGresult *res;
    int row; /* the current row; -1 before the first */
    bool started;
    unsigned char **blobs; /* per column of the current row: a decoded bytea, or NULL */
    size_t *blob_lens;
    int blob_cols;
    pg_stmt *next;
};

static const db_driver pg_driver;
static int reconnect(pg_conn *c);

#define C(c) ((pg_conn *)(void *)(c))
#define S(q) ((pg_stmt *)(void *)(q))

/* ---- errors ---- */

static db_err_kind kind_of_state(const char *state) {
    if (state == NULL || state[0] == '\0')
        return DB_ERR_OTHER;
    if (strcmp(state, "23505") == 0)
        return DB_ERR_UNIQUE;
    if (strncmp(state, "23", 2) == 0)
        return DB_ERR_CONSTRAINT;
    /* serialization failure, deadlock, lock not available, connection lost or refused */
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
        strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0)
        return DB_ERR_BUSY;
    if (strcmp(state, "25006") == 0 || strcmp(state, "42501") == 0)
        return DB_ERR_READ_ONLY;
    return DB_ERR_OTHER;
}

/* Records a failed result (or a connection failure when res is NULL) on c; returns DB_ERROR. */
static int fail(pg_conn *c, const PGresult *res) {
    const char *msg = res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(c->pg);
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(c->errmsg, sizeof c->errmsg, "%s", msg && msg[0] ? msg : "PostgreSQL failed");
    size_t n = strlen(c->errmsg);
    while (n > 0 && (c->errmsg[n - 1] == '\n' || c->errmsg[n - 1] == ' '))
        c->errmsg[--n] = '\0';
    c->kind = PQstatus(c->pg) != CONNECTION_OK ? DB_ERR_BUSY : kind_of_state(state);
    return DB_ERROR;
}

static void ok(pg_conn *c) {
    c->kind = DB_ERR_NONE;
    c->errmsg[0] = '\0';
}

static const char *pg_errmsg(db_conn *c) {
    return C(c)->errmsg[0] ? C(c)->errmsg : "not an error";
}

static db_err_kind pg_error_kind(db_conn *c) {
    return C(c)->kind;
}

/* Runs sql (no parameters); DB_OK if it completed. *res keeps the result when res is not NULL. */
static int run(pg_conn *c, const char *sql, PGresult **res) {
    PGresult *r = PQexec(c->pg, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fail(c, r);
        PQclear(r);
        return DB_ERROR;
    }
    ok(c);
    if (st == PGRES_COMMAND_OK) {
        const char *n = PQcmdTuples(r);
        c->changes = n && n[0] ? strtoll(n, NULL, 10) : 0;
        c->total_changes += c->changes;
    }
    if (res != NULL)
        *res = r;
    else
        PQclear(r);
    return DB_OK;
}

/* Runs sql, whose first row's first column is an integer, into *out (0 without a row). */
static int one_int(pg_conn *c, const char *sql, int64_t *out) {
    PGresult *r;
    *out = 0;
    if (run(c, sql, &r) != DB_OK)
        return DB_ERROR;
    if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
        *out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return DB_OK;
}

/* ---- statements ---- */

/* True for the characters of an SQL word. */
static bool word_char(char ch) {
    return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9');
}

/* SQLite's placeholders as PostgreSQL's: ?N -> $N, ? -> $k (the next); quoted text and
 * identifiers are copied as they are; the word rowid becomes hs_rowid (add_rowids). Sets *nparams
 * to the highest parameter number and bit n-1 of *used for each parameter n <= 64 the text names,
 * of *untyped for each tested with IS NULL (whose type the server may not infer: see settle_types).
 */
static char *rewrite(const char *sql, int *nparams, uint64_t *used, uint64_t *untyped) {
    size_t len = strlen(sql);
    char *out = malloc(len * 4 + 16);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    int next = 0, max = 0;
    char quote = 0;
    *used = *untyped = 0;
    for (const char *p = sql; *p != '\0'; p++) {
        if (quote) {
            out[o++] = *p;
            if (*p == quote)
                quote = 0;
            continue;
        }
        if (*p == '\'' || *p == '"') {
            quote = *p;
            out[o++] = *p;
            continue;
        }
        if (*p == 'r' && strncmp(p, "rowid", 5) == 0 && (p == sql || !word_char(p[-1])) &&
            !word_char(p[5])) {
            memcpy(out + o, "hs_rowid", 8); /* SQLite's insertion order: see add_rowids */
            o += 8;
            p += 4;
            continue;
        }
        if (*p != '?') {
            out[o++] = *p;
            continue;
        }
        int n;
        if (p[1] >= '0' && p[1] <= '9') {
            char *end;
            n = (int)strtol(p + 1, &end, 10);
            p = end - 1;
        } else
            n = ++next;
        if (n > next)
            next = n;
        if (n > max)
            max = n;
        if (n >= 1 && n <= 64)
            *used |= UINT64_C(1) << (n - 1);
        o += (size_t)snprintf(out + o, 16, "$%d", n);
        if (strncmp(p + 1, " IS NULL", 8) == 0 && n >= 1 && n <= 64)
            *untyped |= UINT64_C(1) << (n - 1);
    }
    out[o] = '\0';
    *nparams = max;
    return out;
}

static void drop_blobs(pg_stmt *s) {
    for (int i = 0; i < s->blob_cols; i++) {
        PQfreemem(s->blobs[i]);
        s->blobs[i] = NULL;
    }
}

static void drop_result(pg_stmt *s) {
    drop_blobs(s);
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->started = false;
}

static void free_stmt(pg_stmt *s) {
    drop_result(s);
    for (int i = 0; i < s->nparams; i++)
        free(s->owned[i]);
    free(s->blobs);
    free(s->blob_lens);
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s->owned);
    free(s->num);
    free(s->types);
    free(s->sql);
    free(s->pg_sql);
    free(s);
}

static pg_stmt *new_stmt(pg_conn *c, const char *sql) {
    pg_stmt *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->base.driver = &pg_driver;
    s->c = c;
    s->row = -1;
    s->sql = strdup(sql);
    s->pg_sql = rewrite(sql, &s->nparams, &s->used, &s->untyped);
    int n = s->nparams > 0 ? s->nparams : 1;
    s->values = calloc((size_t)n, sizeof *s->values);
    s->lengths = calloc((size_t)n, sizeof *s->lengths);
    s->formats = calloc((size_t)n, sizeof *s->formats);
    s->owned = calloc((size_t)n, sizeof *s->owned);
    s->num = calloc((size_t)n, sizeof *s->num);
    s->types = calloc((size_t)n, sizeof *s->types);
    /* a parameter the SQL never names (bound anyway, as SQLite allows) has no type to infer */
    for (int i = 0; s->types != NULL && i < s->nparams && i < 64; i++)
        if (!(s->used & (UINT64_C(1) << i)))
            s->types[i] = 25; /* text */
    if (s->types == NULL || s->sql == NULL || s->pg_sql == NULL || s->values == NULL ||
        s->lengths == NULL || s->formats == NULL || s->owned == NULL || s->num == NULL) {
        free_stmt(s);
        return NULL;
    }
    return s;
}

/* The number N of "parameter $N" in a server message, 0 if none. */
static int param_in(const char *msg) {
    const char *p = msg ? strstr(msg, "parameter $") : NULL;
    return p ? atoi(p + 11) : 0;
}

/* Gives a type to each parameter of s that is tested with IS NULL and whose type the server can't
 * infer from that test ("could not determine data type of parameter $N", when the test comes
 * before the parameter's use): text first, bigint if the text type then makes an operator fail.
 * Tried on an unnamed statement under a savepoint (a failed parse aborts a transaction); the
 * answer is kept per SQL text on the connection, so each text is settled once. */
static int settle_types(pg_conn *c, pg_stmt *s) {
    if (s->untyped == 0)
        return DB_OK;
    for (pg_types *k = c->typed; k != NULL; k = k->next)
        if (k->n == s->nparams && strcmp(k->sql, s->sql) == 0) {
            memcpy(s->types, k->types, (size_t)s->nparams * sizeof *s->types);
            return DB_OK;
        }
    bool txn = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
    int last = 0, rc = DB_ERROR;
    for (int attempt = 0; attempt < 2 * s->nparams + 1; attempt++) {
        if (txn && run(c, "SAVEPOINT hs_types", NULL) != DB_OK)
            return DB_ERROR;
        PGresult *r = PQprepare(c->pg, "", s->pg_sql, s->nparams, s->types);
        bool done = PQresultStatus(r) == PGRES_COMMAND_OK;
        const char *code = done ? NULL : PQresultErrorField(r, PG_DIAG_SQLSTATE);
        char state[8];
        snprintf(state, sizeof state, "%s", code ? code : "");
        int n = done ? 0 : param_in(PQresultErrorMessage(r));
        if (!done)
            fail(c, r);
        PQclear(r);
        if (txn)
            run(c, done ? "RELEASE hs_types" : "ROLLBACK TO hs_types; RELEASE hs_types", NULL);
        if (done) {
            rc = DB_OK;
            break;
        }
        if ((strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0) && n >= 1 &&
            n <= s->nparams && s->types[n - 1] == 0)
            s->types[(last = n) - 1] = 25; /* text */
        else if (strcmp(state, "42883") == 0 && last > 0 && s->types[last - 1] == 25)
            s->types[last - 1] = 20; /* bigint */
        else
            break; /* another error: the caller's step reports it */
    }
    pg_types *k = calloc(1, sizeof *k);
    if (k != NULL && (k->sql = strdup(s->sql)) != NULL &&
        (k->types = malloc((size_t)(s->nparams ? s->nparams : 1) * sizeof *k->types)) != NULL) {
        k->n = s->nparams;
        memcpy(k->types, s->types, (size_t)s->nparams * sizeof *k->types);
        k->next = c->typed;
        c->typed = k;
    } else if (k != NULL) {
        free(k->sql);
        free(k);
    }
    if (rc == DB_OK)
        ok(c);
    return DB_OK; /* a statement that still fails fails when stepped, with its own message */
}

static int pg_prepare(db_conn *vc, const char *sql, db_stmt **q) {
    pg_conn *c = C(vc);
    pg_stmt *s = new_stmt(c, sql);
    *q = s ? &s->base : NULL;
    if (s == NULL) {
        snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
        c->kind = DB_ERR_OTHER;
        return DB_ERROR;
    }
    if (settle_types(c, s) != DB_OK) {
        free_stmt(s);
        *q = NULL;
        return DB_ERROR;
    }
    return DB_OK;
}

/* Prepares cached statement s on the server under its name, in the connection's session. */
static int prepare_named(pg_conn *c, pg_stmt *s) {
    PGresult *r = PQprepare(c->pg, s->name, s->pg_sql, s->nparams, s->types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fail(c, r);
        PQclear(r);
        return DB_ERROR;
    }
    PQclear(r);
    s->session = c->session;
    return DB_OK;
}

static int pg_prepare_cached(db_conn *vc, const char *sql, db_stmt **q) {
    pg_conn *c = C(vc);
    for (pg_stmt *s = c->cached; s != NULL; s = s->next)
        if (!s->started && strcmp(s->sql, sql) == 0) {
            *q = &s->base;
            return DB_OK;
        }
    if (!c->in_txn && reconnect(c) != DB_OK)
        return DB_ERROR;
    pg_stmt *s = new_stmt(c, sql);
    *q = NULL;
    if (s == NULL) {
        snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
        c->kind = DB_ERR_OTHER;
        return DB_ERROR;
    }
    if (settle_types(c, s) != DB_OK) {
        free_stmt(s);
        return DB_ERROR;
    }
    snprintf(s->name, sizeof s->name, "hs%u", ++c->next_name);
    if (prepare_named(c, s) != DB_OK) {
        free_stmt(s);
        return DB_ERROR;
    }
    s->cached = true;
    s->next = c->cached;
    c->cached = s;
    *q = &s->base;
    return DB_OK;
}

static void clear_param(pg_stmt *s, int i) {
    free(s->owned[i]);
    s->owned[i] = NULL;
    s->values[i] = NULL;
    s->lengths[i] = 0;
    s->formats[i] = 0;
}

static void pg_clear_bindings(db_stmt *q) {
    pg_stmt *s = S(q);
    for (int i = 0; i < s->nparams; i++)
        clear_param(s, i);
}

static void pg_reset(db_stmt *q) {
    drop_result(S(q));
}

static void pg_release(db_stmt *q) {
    pg_reset(q);
    pg_clear_bindings(q);
}

static void pg_finalize(db_stmt *q) {
    pg_stmt *s = S(q);
    if (s->cached) {
        pg_release(q); /* freed with the connection */
        return;
    }
    free_stmt(s);
}

/* Parameter i (from 1) of s, cleared; NULL if s has no such parameter. */
static int param(pg_stmt *s, int i) {
    if (i < 1 || i > s->nparams)
        return -1;
    clear_param(s, i - 1);
    return i - 1;
}

static void pg_bind_int64(db_stmt *q, int i, int64_t v) {
    pg_stmt *s = S(q);
    int k = param(s, i);
    if (k < 0)
        return;
    snprintf(s->num[k], sizeof s->num[k], "%" PRId64, v);
    s->values[k] = s->num[k];
}

static void pg_bind_double(db_stmt *q, int i, double v) {
    pg_stmt *s = S(q);
    int k = param(s, i);
    if (k < 0)
        return;
    snprintf(s->num[k], sizeof s->num[k], "%.17g", v);
    s->values[k] = s->num[k];
}

static void pg_bind_null(db_stmt *q, int i) {
    (void)param(S(q), i);
}

static void pg_bind_text(db_stmt *q, int i, const char *v) {
    pg_stmt *s = S(q);
    int k = param(s, i);
    if (k >= 0)
        s->values[k] = v;
}

static void pg_bind_text_copy(db_stmt *q, int i, const char *v) {
    pg_stmt *s = S(q);
    int k = param(s, i);
    if (k < 0 || v == NULL)
        return;
    s->owned[k] = strdup(v);
    s->values[k] = s->owned[k];
}

static void pg_bind_blob(db_stmt *q, int i, const void *v, size_t len) {
    pg_stmt *s = S(q);
    int k = param(s, i);
    if (k < 0)
        return;
    assert(len <= INT32_MAX);
    s->values[k] = v != NULL ? v : "";
    s->lengths[k] = (int)len;
    s->formats[k] = 1; /* binary: bytea as it is */
}

static int pg_step(db_stmt *q) {
    pg_stmt *s = S(q);
    pg_conn *c = s->c;
    if (!s->started) {
        s->started = true;
        if (!c->in_txn && reconnect(c) != DB_OK)
            return DB_ERROR;
        if (s->cached && s->session != c->session && prepare_named(c, s) != DB_OK)
            return DB_ERROR; /* (reconnected since: the server has forgotten it) */
        s->res = s->cached ? PQexecPrepared(c->pg, s->name, s->nparams, s->values, s->lengths,
                                            s->formats, 0)
                           : PQexecParams(c->pg, s->pg_sql, s->nparams, s->types, s->values,
                                          s->lengths, s->formats, 0);
        ExecStatusType st = PQresultStatus(s->res);
        if (st == PGRES_COMMAND_OK) {
            const char *n = PQcmdTuples(s->res);
            c->changes = n && n[0] ? strtoll(n, NULL, 10) : 0;
            c->total_changes += c->changes;
            ok(c);
            return DB_DONE;
        }
        if (st != PGRES_TUPLES_OK) {
            fail(c, s->res);
            return DB_ERROR;
        }
        ok(c);
        int cols = PQnfields(s->res);
        if (cols > s->blob_cols) {
            free(s->blobs);
            free(s->blob_lens);
            s->blobs = calloc((size_t)cols, sizeof *s->blobs);
            s->blob_lens = calloc((size_t)cols, sizeof *s->blob_lens);
            s->blob_cols = s->blobs && s->blob_lens ? cols : 0;
        }
    }
    if (s->res == NULL || PQresultStatus(s->res) != PGRES_TUPLES_OK)
        return DB_DONE;
    drop_blobs(s);
    if (s->row + 1 >= PQntuples(s->res)) {
        s->row = PQntuples(s->res);
        return DB_DONE;
    }
    s->row++;
    return DB_ROW;
}

/* True if column i of s's current row can be read. */
static bool has(pg_stmt *s, int i) {
    return s->res != NULL && s->row >= 0 && s->row < PQntuples(s->res) && i >= 0 &&
           i < PQnfields(s->res);
}

static bool pg_column_is_null(db_stmt *q, int i) {
    pg_stmt *s = S(q);
    return !has(s, i) || PQgetisnull(s->res, s->row, i);
}

static const char *pg_column_text(db_stmt *q, int i) {
    pg_stmt *s = S(q);
    return pg_column_is_null(q, i) ? NULL : PQgetvalue(s->res, s->row, i);
}

static int64_t pg_column_int64(db_stmt *q, int i) {
    const char *v = pg_column_text(q, i);
    if (v == NULL)
        return 0;
    if (v[0] == 't' && v[1] == '\0')
        return 1; /* a boolean */
    return strtoll(v, NULL, 10);
}

static double pg_column_double(db_stmt *q, int i) {
    const char *v = pg_column_text(q, i);
    return v ? strtod(v, NULL) : 0.0;
}

static bool pg_column_is_integer(db_stmt *q, int i) {
    pg_stmt *s = S(q);
    if (pg_column_is_null(q, i))
        return false;
    Oid type = PQftype(s->res, i);
    if (type == 20 || type == 21 || type == 23) /* int8, int2, int4 */
        return true;
    /* numeric (what SUM of a bigint gives) holding a whole number */
    return type == 1700 && strchr(PQgetvalue(s->res, s->row, i), '.') == NULL;
}

static const void *pg_column_blob(db_stmt *q, int i) {
    pg_stmt *s = S(q);
    if (pg_column_is_null(q, i) || i >= s->blob_cols)
        return NULL;
    if (PQftype(s->res, i) != 17) { /* not bytea: the text itself */
        s->blob_lens[i] = (size_t)PQgetlength(s->res, s->row, i);
        return PQgetvalue(s->res, s->row, i);
    }
    if (s->blobs[i] == NULL)
        s->blobs[i] =
            PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, i), &s->blob_lens[i]);
    return s->blobs[i];
}

static size_t pg_column_bytes(db_stmt *q, int i) {
    pg_stmt *s = S(q);
    if (pg_column_is_null(q, i) || i >= s->blob_cols)
        return 0;
    if (PQftype(s->res, i) == 17) {
        (void)pg_column_blob(q, i);
        return s->blob_lens[i];
    }
    return (size_t)PQgetlength(s->res, s->row, i);
}

static const char *pg_sql(db_stmt *q) {
    return S(q)->sql;
}

static bool pg_busy(db_stmt *q) {
    pg_stmt *s = S(q);
    return s->started && s->res != NULL && PQresultStatus(s->res) == PGRES_TUPLES_OK &&
           s->row < PQntuples(s->res);
}

/* SQLite's column types in DDL as PostgreSQL's: INTEGER PRIMARY KEY (SQLite's rowid, assigned
 * on insert) as a bigint identity, every other INTEGER as BIGINT (money is int64 fen), BLOB as
 * BYTEA, REAL as DOUBLE PRECISION, TEXT as TEXT COLLATE "C"; WITHOUT ROWID dropped. Words are
 * matched whole and outside quoted text. */
static char *ddl(const char *sql) {
    static const struct {
        const char *from, *to;
    } words[] = {
        {"INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"INTEGER", "BIGINT"},
        {"BLOB", "BYTEA"},
        {"REAL", "DOUBLE PRECISION"},
        {"WITHOUT ROWID", ""}, /* a storage layout only SQLite has */
        /* text compares and sorts by bytes, as SQLite's BINARY does, whatever the database's
         * locale: the same order on both backends, and prefix ranges (STORE_TEXT_LAST) hold */
        {"TEXT", "TEXT COLLATE \"C\""},
    };
    size_t len = strlen(sql);
    char *out = malloc(len * 4 + 64); /* the longest growth: TEXT (4 bytes) to 16 */
    if (out == NULL)
        return NULL;
    size_t o = 0;
    char quote = 0;
    for (const char *p = sql; *p != '\0';) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            out[o++] = *p++;
            continue;
        }
        if (*p == '\'' || *p == '"') {
            quote = *p;
            out[o++] = *p++;
            continue;
        }
        bool start =
            p == sql || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
                          (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9'));
        size_t w = 0;
        for (; start && w < sizeof words / sizeof words[0]; w++) {
            size_t n = strlen(words[w].from);
            if (strncmp(p, words[w].from, n) != 0)
                continue;
            char after = p[n]; /* within the string: its first n bytes matched */
            if (!(after == '_' || (after >= 'a' && after <= 'z') ||
                  (after >= 'A' && after <= 'Z') || (after >= '0' && after <= '9'))) {
                size_t m = strlen(words[w].to);
                memcpy(out + o, words[w].to, m);
                o += m;
                p += n;
                break;
            }
        }
        if (!start || w == sizeof words / sizeof words[0])
            out[o++] = *p++;
    }
    out[o] = '\0';
    return out;
}

/* Gives every table CREATE TABLE makes in sql a column hs_rowid, an identity numbered in insertion
 * order: what SQLite's rowid is to the queries that sort by it (rewrite turns rowid into
 * hs_rowid). Returns a new string (NULL if out of memory); sql is freed. */
static char *add_rowids(char *sql) {
    static const char col[] = ", hs_rowid BIGINT GENERATED ALWAYS AS IDENTITY";
    size_t tables = 0;
    for (const char *p = sql; (p = strstr(p, "CREATE TABLE")) != NULL; p++)
        tables++;
    char *out = malloc(strlen(sql) + tables * (sizeof col - 1) + 1);
    if (out == NULL) {
        free(sql);
        return NULL;
    }
    size_t o = 0;
    const char *p = sql;
    for (const char *at; (at = strstr(p, "CREATE TABLE")) != NULL;) {
        const char *open = strchr(at, '(');
        if (open == NULL)
            break;
        int depth = 0;
        char quote = 0;
        const char *q = open;
        for (; *q != '\0'; q++) {
            if (quote) {
                if (*q == quote)
                    quote = 0;
            } else if (*q == '\'' || *q == '"')
                quote = *q;
            else if (*q == '(')
                depth++;
            else if (*q == ')' && --depth == 0)
                break;
        }
        if (*q != ')')
            break;
        memcpy(out + o, p, (size_t)(q - p));
        o += (size_t)(q - p);
        memcpy(out + o, col, sizeof col - 1);
        o += sizeof col - 1;
        p = q; /* the closing parenthesis is copied with what follows */
    }
    size_t rest = strlen(p);
    memcpy(out + o, p, rest + 1);
    free(sql);
    return out;
}

static int pg_exec(db_conn *vc, const char *sql) {
    pg_conn *c = C(vc);
    char *text = ddl(sql);
    if (text != NULL && strstr(text, "CREATE TABLE") != NULL)
        text = add_rowids(text);
    if (text == NULL) {
        snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
        c->kind = DB_ERR_OTHER;
        return DB_ERROR;
    }
    int rc = run(c, text, NULL);
    free(text);
    return rc;
}

static int64_t pg_changes(db_conn *c) {
    return C(c)->changes;
}

static int64_t pg_total_changes(db_conn *c) {
    return C(c)->total_changes;
}

static int64_t pg_last_insert_id(db_conn *vc) {
    int64_t id = 0;
    pg_conn *c = C(vc);
    int64_t changes = c->changes;
    /* inside a transaction a failed lastval() would abort it: ask under a savepoint */
    if (c->in_txn && run(c, "SAVEPOINT hs_lastval", NULL) != DB_OK)
        return 0;
    if (one_int(c, "SELECT lastval()", &id) != DB_OK)
        id = 0;
    if (c->in_txn)
        run(c, id ? "RELEASE hs_lastval" : "ROLLBACK TO hs_lastval; RELEASE hs_lastval", NULL);
    c->changes = changes;
    return id;
}

/* ---- transactions ---- */

/* Outside a transaction, a connection the server dropped (a restart, a failover, a network cut) is
 * opened again: nothing was lost that was not already rolled back, and the commit counter moved
 * if anyone committed meanwhile, so the store's caches go stale as they should. DB_ERROR (kind
 * busy: HTTP 503) while the database is still away; the next transaction tries again. */
static int reconnect(pg_conn *c) {
    if (PQstatus(c->pg) == CONNECTION_OK)
        return DB_OK;
    PQreset(c->pg);
    if (PQstatus(c->pg) != CONNECTION_OK)
        return fail(c, NULL);
    c->session++;
    c->in_txn = c->write_txn = false;
    PQclear(PQexec(c->pg, "SET client_min_messages = warning"));
    return DB_OK;
}

static int pg_begin(db_conn *vc) {
    pg_conn *c = C(vc);
    if (reconnect(c) != DB_OK)
        return DB_ERROR;
    char sql[128];
    snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%d)", PG_WRITE_LOCK);
    if (run(c, sql, NULL) != DB_OK) {
        PQclear(PQexec(c->pg, "ROLLBACK"));
        return DB_ERROR;
    }
    c->in_txn = c->write_txn = true;
    c->changes_at_begin = c->total_changes;
    return DB_OK;
}

static int pg_begin_read(db_conn *vc) {
    pg_conn *c = C(vc);
    if (reconnect(c) != DB_OK)
        return DB_ERROR;
    if (run(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL) != DB_OK)
        return DB_ERROR;
    c->in_txn = true;
    c->write_txn = false;
    return DB_OK;
}

static int pg_commit(db_conn *vc) {
    pg_conn *c = C(vc);
    if (c->write_txn && c->total_changes != c->changes_at_begin) {
        /* tell other connections the book changed (db_data_version) */
        int64_t n = 0;
        int64_t total = c->total_changes;
        if (one_int(c,
                    "UPDATE huoshui_meta SET value = value + 1 WHERE key = 'commits' "
                    "RETURNING value",
                    &n) != DB_OK)
            return DB_ERROR;
        c->total_changes = total; /* the counter is not one of the book's rows */
        c->seen_commits = n;
    }
    if (run(c, "COMMIT", NULL) != DB_OK)
        return DB_ERROR;
    c->in_txn = c->write_txn = false;
    return DB_OK;
}

static int pg_rollback(db_conn *vc) {
    pg_conn *c = C(vc);
    c->in_txn = c->write_txn = false;
    return run(c, "ROLLBACK", NULL);
}

static bool pg_in_txn(db_conn *c) {
    return PQtransactionStatus(C(c)->pg) != PQTRANS_IDLE;
}

static int pg_savepoint(db_conn *c) {
    return run(C(c), "SAVEPOINT hs_step", NULL);
}

static int pg_savepoint_release(db_conn *c) {
    return run(C(c), "RELEASE hs_step", NULL);
}

static int pg_savepoint_undo(db_conn *c) {
    return run(C(c), "ROLLBACK TO hs_step; RELEASE hs_step", NULL);
}

static int pg_data_version(db_conn *vc, int64_t *version) {
    pg_conn *c = C(vc);
    int64_t n = 0;
    if (one_int(c, "SELECT value FROM huoshui_meta WHERE key = 'commits'", &n) != DB_OK)
        return DB_ERROR;
    if (n != c->seen_commits) {
        c->seen_commits = n;
        c->version++;
    }
    *version = c->version;
    return DB_OK;
}

/* ---- the book's schema ---- */

static int pg_schema_version(db_conn *vc, int *version) {
    int64_t v = 0;
    int rc = one_int(C(vc), "SELECT value FROM huoshui_meta WHERE key = 'schema'", &v);
    *version = (int)v;
    return rc;
}

static int pg_set_schema_version(db_conn *vc, int version) {
    char sql[160];
    snprintf(sql, sizeof sql,
             "INSERT INTO huoshui_meta(key, value) VALUES ('schema', %d) ON CONFLICT (key) DO "
             "UPDATE SET value = excluded.value",
             version);
    return run(C(vc), sql, NULL);
}

static int pg_schema_objects(db_conn *vc, int64_t *count) {
    return one_int(C(vc),
                   "SELECT COUNT(*) FROM pg_catalog.pg_class k JOIN pg_catalog.pg_namespace n ON "
                   "n.oid = k.relnamespace WHERE n.nspname = current_schema() AND k.relname NOT "
                   "LIKE 'huoshui_meta%'",
                   count);
}

static int pg_bulk_load(db_conn *c, bool on) {
    (void)on; /* nothing to tune per connection */
    ok(C(c));
    return DB_OK;
}

static hs_status pg_ready(db_conn *c, hs_error *err) {
    (void)c;
    (void)err;
    return HS_OK;
}

static const char *pg_target(const db_conn *c) {
    return ((const pg_conn *)(const void *)c)->target;
}

static void pg_close(db_conn *vc) {
    pg_conn *c = C(vc);
    while (c->cached != NULL) {
        pg_stmt *s = c->cached;
        c->cached = s->next;
        free_stmt(s);
    }
    while (c->typed != NULL) {
        pg_types *k = c->typed;
        c->typed = k->next;
        free(k->sql);
        free(k->types);
        free(k);
    }
    PQfinish(c->pg);
    free(c);
}

/* The driver's own table and functions: created with a new book, before anything else. */
static int create_meta(pg_conn *c) {
    return run(c,
               "CREATE TABLE IF NOT EXISTS huoshui_meta (key TEXT PRIMARY KEY, value BIGINT NOT "
               "NULL); INSERT INTO huoshui_meta(key, value) VALUES ('commits', 0), ('schema', 0) "
               "ON CONFLICT (key) DO NOTHING;"
               /* SQLite's JSON functions as the store's SQL uses them on transfer references:
                * json_valid(text) and json_extract(text, '$.key' or '$."key"') */
               "CREATE OR REPLACE FUNCTION json_valid(t text) RETURNS boolean LANGUAGE plpgsql "
               "IMMUTABLE AS $$ BEGIN PERFORM t::jsonb; RETURN true; EXCEPTION WHEN others THEN "
               "RETURN false; END $$;"
               "CREATE OR REPLACE FUNCTION json_extract(t text, path text) RETURNS text LANGUAGE "
               "sql IMMUTABLE AS $$ SELECT (t::jsonb) ->> (CASE WHEN substr(path, 3, 1) = '\"' "
               "THEN substr(path, 4, length(path) - 4) ELSE substr(path, 3) END) $$",
               NULL);
}

hs_status db_pg_open(const char *url, store_open_mode mode, db_conn **out, bool *read_only,
                     hs_error *err) {
    *out = NULL;
    *read_only = false;
    pg_conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    c->base.driver = &pg_driver;
    snprintf(c->target, sizeof c->target, "%s", url);
    /* a database that doesn't answer is an error within seconds, never a hang */
    char conninfo[1200];
    snprintf(conninfo, sizeof conninfo, "%s%sconnect_timeout=10", url,
             strchr(url, '?') ? "&" : "?");
    c->pg = PQconnectdb(conninfo);
    if (PQstatus(c->pg) != CONNECTION_OK && strstr(PQerrorMessage(c->pg), "does not exist")) {
        /* the server answered: there is no such database (or role) */
        hs_status st = hs_fail_code(err, HS_INPUT, "no_such_book", "book",
                                    "%s: no such book: %s(create the database, e.g. with "
                                    "createdb, then `huoshui --book URL init`)",
                                    url, PQerrorMessage(c->pg));
        pg_close(&c->base);
        return st;
    }
    if (PQstatus(c->pg) != CONNECTION_OK) {
        hs_status st =
            hs_fail_code(err, HS_STORAGE, "storage_busy", NULL,
                         "%s: cannot connect to the book: %s", url, PQerrorMessage(c->pg));
        pg_close(&c->base);
        return st;
    }
    PQclear(PQexec(c->pg, "SET client_min_messages = warning"));
    int64_t has_meta = 0;
    if (one_int(c,
                "SELECT COUNT(*) FROM pg_catalog.pg_class k JOIN pg_catalog.pg_namespace n ON "
                "n.oid = k.relnamespace WHERE n.nspname = current_schema() AND k.relname = "
                "'huoshui_meta'",
                &has_meta) != DB_OK ||
        (!has_meta && mode == STORE_CREATE && create_meta(c) != DB_OK)) {
        hs_status st =
            hs_fail(err, HS_STORAGE, "%s: reading the book's schema: %s", url, c->errmsg);
        pg_close(&c->base);
        return st;
    }
    if (!has_meta && mode == STORE_OPEN_EXISTING) {
        int64_t objects = 0;
        (void)pg_schema_objects(&c->base, &objects);
        pg_close(&c->base);
        if (objects > 0)
            return hs_fail_code(err, HS_INPUT, "not_a_book", "book",
                                "%s: not a huoshui book (a database with other tables); nothing "
                                "was written to it",
                                url);
        return hs_fail_code(err, HS_INPUT, "no_such_book", "book",
                            "%s: no such book (create it with `huoshui --book %s init`)", url, url);
    }
    ok(c);
    *out = &c->base;
    return HS_OK;
}

static int pg_column_count(db_stmt *q) {
    pg_stmt *s = S(q);
    return s->res != NULL ? PQnfields(s->res) : 0;
}

static const char *pg_column_name(db_stmt *q, int i) {
    pg_stmt *s = S(q);
    return s->res != NULL ? PQfname(s->res, i) : NULL;
}

static db_type pg_column_type(db_stmt *q, int i) {
    pg_stmt *s = S(q);
    if (pg_column_is_null(q, i))
        return DB_NULL;
    switch (PQftype(s->res, i)) {
    case 20: /* int8 */
    case 21: /* int2 */
    case 23: /* int4 */
    case 16: /* bool */
        return DB_INTEGER;
    case 700:  /* float4 */
    case 701:  /* float8 */
    case 1700: /* numeric */
        return pg_column_is_integer(q, i) ? DB_INTEGER : DB_FLOAT;
    case 17: /* bytea */
        return DB_BLOB;
    default:
        return DB_TEXT;
    }
}

static int pg_tables(db_conn *vc, bool (*fn)(void *ctx, const char *name), void *ctx) {
    pg_conn *c = C(vc);
    PGresult *r;
    if (run(c,
            "SELECT k.relname FROM pg_catalog.pg_class k JOIN pg_catalog.pg_namespace n ON n.oid = "
            "k.relnamespace WHERE n.nspname = current_schema() AND k.relkind = 'r' AND k.relname "
            "<> 'huoshui_meta' ORDER BY k.relname COLLATE \"C\"",
            &r) != DB_OK)
        return DB_ERROR;
    for (int i = 0; i < PQntuples(r); i++)
        if (!fn(ctx, PQgetvalue(r, i, 0)))
            break;
    PQclear(r);
    return DB_OK;
}

static int pg_keys_follow(db_conn *vc, const char *table) {
    pg_conn *c = C(vc);
    char sql[512];
    /* the identity columns the copy wrote (not hs_rowid, which numbered the rows itself); table
     * names come from the book's own catalogue (db_tables) */
    snprintf(sql, sizeof sql,
             "SELECT column_name FROM information_schema.columns WHERE table_schema = "
             "current_schema() AND table_name = '%s' AND is_identity = 'YES' AND column_name <> "
             "'hs_rowid'",
             table);
    PGresult *cols;
    if (run(c, sql, &cols) != DB_OK)
        return DB_ERROR;
    int rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < PQntuples(cols); i++) {
        const char *col = PQgetvalue(cols, i, 0);
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', '%s'), max(%s)) FROM %s HAVING "
                 "max(%s) IS NOT NULL",
                 table, col, col, table, col);
        rc = run(c, sql, NULL);
    }
    PQclear(cols);
    return rc;
}

static const db_driver pg_driver = {
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_type = pg_column_type,
    .tables = pg_tables,
    .keys_follow = pg_keys_follow,
    .name = "postgresql",
    .ready = pg_ready,
    .target = pg_target,
    .errmsg = pg_errmsg,
    .error_kind = pg_error_kind,
    .bulk_load = pg_bulk_load,
    .prepare = pg_prepare,
    .prepare_cached = pg_prepare_cached,
    .release = pg_release,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .clear_bindings = pg_clear_bindings,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .bind_text = pg_bind_text,
    .bind_text_copy = pg_bind_text_copy,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .column_bytes = pg_column_bytes,
    .column_is_null = pg_column_is_null,
    .column_is_integer = pg_column_is_integer,
    .sql = pg_sql,
    .busy = pg_busy,
    .exec = pg_exec,
    .changes = pg_changes,
    .total_changes = pg_total_changes,
    .last_insert_id = pg_last_insert_id,
    .begin = pg_begin,
    .begin_read = pg_begin_read,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_txn = pg_in_txn,
    .savepoint = pg_savepoint,
    .savepoint_release = pg_savepoint_release,
    .savepoint_undo = pg_savepoint_undo,
    .data_version = pg_data_version,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .schema_objects = pg_schema_objects,
    .close = pg_close,
};

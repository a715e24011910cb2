/* committer.h — the group-commit thread of `huoshui serve`: worker threads hand it transfer
 * requests; it applies whatever has queued up since its last commit in one transaction
 * (ops_transfer_group: one fsync for all), and wakes each worker once its request is committed.
 * A request is never acknowledged before its commit. */
#ifndef HS_SERVER_COMMITTER_H
#define HS_SERVER_COMMITTER_H

#include "base/clock.h"
#include "base/error.h"
#include "ops/transfer_group.h"

typedef struct group_committer group_committer;

/* Opens the committer's own connection to the book at `book_path` and starts its thread; *out is
 * owned by the caller (committer_stop). `render` answers each request inside the transaction. */
hs_status committer_start(const char *book_path, const hs_clock *clock, const char *data_dir,
                          ops_group_render render, void *render_ctx, group_committer **out,
                          hs_error *err);
/* Queues r and blocks until its group committed (or failed): r's outcome fields are filled as
 * ops_transfer_group fills them. Thread-safe. Must not be called after committer_stop began. */
void committer_submit(group_committer *c, ops_group_request *r);
/* Applies what is still queued, stops the thread, closes its connection and frees c. */
void committer_stop(group_committer *c);
/* How many groups were committed, and how many requests they held (for the log at exit). */
void committer_stats(group_committer *c, unsigned long *groups, unsigned long *requests);

#endif

/* committer.h — the group-commit thread of `huoshui serve`: worker threads hand it transfer
 * requests; it applies whatever has queued up since its last commit in one transaction
 * (ops_transfer_group: one fsync for all), and then tells each request's submitter (a callback
 * on the committer's thread: the daemon resumes the suspended connection; or a blocked caller).
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
/* Called on the committer's thread once r's group committed (or failed): r's outcome fields are
 * filled as ops_transfer_group fills them. It must not call back into the committer. */
typedef void (*committer_done)(void *done_ctx, ops_group_request *r);

/* Queues r (borrowed until done runs) and returns at once; done(done_ctx, r) runs exactly once,
 * after r's group committed. Returns false, queueing nothing and never calling done, when out of
 * memory or once committer_drain began (the caller answers 503). Thread-safe. */
bool committer_submit_async(group_committer *c, ops_group_request *r, committer_done done,
                            void *done_ctx);
/* Queues r and blocks until its group committed (or failed). After committer_drain began, or out
 * of memory, r is answered HS_STORAGE (err says why) and nothing is applied. Thread-safe. */
void committer_submit(group_committer *c, ops_group_request *r);
/* Stops taking requests, applies (and answers) everything still queued and stops the thread; c
 * stays valid for committer_stats and committer_stop. Idempotent. */
void committer_drain(group_committer *c);
/* committer_drain, then closes the committer's connection and frees c. NULL is a no-op. */
void committer_stop(group_committer *c);
/* How many groups were committed, and how many requests they held (for the log at exit). */
void committer_stats(group_committer *c, unsigned long *groups, unsigned long *requests);

#endif

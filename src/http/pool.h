/*
 * pool.h - a fixed pool of worker threads for slow work (password hashing,
 * PDF rendering), so the threads that serve connections never wait on it.
 */
#ifndef AICERT_POOL_H
#define AICERT_POOL_H

typedef void (*pool_fn)(void *arg);

/* Starts n workers. 0 or -1. */
int pool_start(unsigned n);
/* Queues fn(arg); runs in FIFO order on some worker. */
void pool_submit(pool_fn fn, void *arg);
/* Runs what is queued, then stops the workers. */
void pool_stop(void);

#endif

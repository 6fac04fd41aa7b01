/*
 * hdrwatch.h - a total deadline for receiving a request's headers.
 *
 * libmicrohttpd closes a connection only after an idle time, so a client
 * sending one header byte every 20 s held its connection for ever, and
 * 1,024 of them from one address (the per-address limit) shut out a whole
 * test centre behind that address. Every connection is watched from the
 * moment it waits for a request's headers (when it opens, and again after
 * each response); a light thread shuts down, once a second, those whose
 * headers have not all arrived within the deadline. Bodies and slow
 * handlers are not affected: the idle timeout governs them. No HTTP here:
 * http.c tells this module when a connection opens, when a request's
 * headers are in, when it waits for the next, and when it closes.
 *
 * Each open connection costs one 32-byte record; marking headers in or
 * waiting again is one atomic store (nothing on a save's path waits).
 */
#ifndef AICERT_HDRWATCH_H
#define AICERT_HDRWATCH_H

struct hdrwatch;

/* Starts the watchdog thread with a deadline of timeout seconds (> 0).
 * 0 or -1. */
int hdrwatch_start(unsigned timeout);

/* Stops the thread (connections still watched may still be closed). */
void hdrwatch_stop(void);

/* A new connection on socket fd, waiting for its first request's headers
 * from now. Returns its watch (the caller passes it back to the calls
 * below and hdrwatch_close frees it), or NULL if out of memory: then the
 * connection is not watched. */
struct hdrwatch *hdrwatch_open(int fd);

/* The connection's request headers are all in. w may be NULL. */
void hdrwatch_headers_in(struct hdrwatch *w);

/* The connection waits for its next request's headers from now. w may
 * be NULL. */
void hdrwatch_rearm(struct hdrwatch *w);

/* The connection is closing (its socket still open): forgets and frees w,
 * which may be NULL. After it returns the watchdog never touches fd. */
void hdrwatch_close(struct hdrwatch *w);

#endif

/*
 * cert_vlog.c - the log of verifications: gathered in memory, repeats of
 * the same minute, serial, outcome, address and way of looking it up
 * counted in one row, and
 * written by one queued write per batch, so a stream of checks never
 * waits on, nor floods, the writer. Depends on the store.
 */
#include "cert.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert_int.h"

/* The verification log. Rows wait in the batch that is queued for the
 * writer and not yet taken; the writer takes it whole. */

#define VLOG_MAX 100000		/* rows a batch holds if the writer is stuck */

struct vlog_row {
	int64_t at;
	char serial[64];
	const char *status;	/* static */
	const char *via;	/* static */
	char addr[64];
	long n;
};

struct vlog_batch {
	struct store *s;
	struct vlog_row *rows;
	size_t n, cap;
};

static pthread_mutex_t vlog_mu = PTHREAD_MUTEX_INITIALIZER;
static struct vlog_batch *vlog_open;	/* queued, not yet taken */

static void
vlog_free(void *p)
{
	struct vlog_batch *b = p;

	free(b->rows);
	free(b);
}

static int
log_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO verifications(at, serial, status, addr, n, via) VALUES (?, ?, ?, ?, ?, ?)";
	struct vlog_batch *b = ctx;
	struct stmt *st = db_stmt(d, sql);

	pthread_mutex_lock(&vlog_mu);
	if (vlog_open == b)
		vlog_open = NULL;	/* from now on, rows go to a new batch */
	pthread_mutex_unlock(&vlog_mu);
	if (st == NULL)
		return -1;
	for (size_t i = 0; i < b->n; i++) {
		const struct vlog_row *v = &b->rows[i];

		db_bind_int64(st, 1, v->at);
		if (v->serial[0])
			db_bind_text(st, 2, v->serial);
		else
			db_bind_null(st, 2);
		db_bind_text(st, 3, v->status);
		if (v->addr[0])
			db_bind_text(st, 4, v->addr);
		else
			db_bind_null(st, 4);
		db_bind_int64(st, 5, v->n);
		db_bind_text(st, 6, v->via);
		if (db_done(st) != 0)
			return -1;
	}
	return 0;
}

/* The log's words for enum cert_via. */
static const char *
via_name(int via)
{
	switch (via) {
	case CERT_VIA_NAME: return "serial+name";
	case CERT_VIA_CHECK: return "serial+check";
	default: return "code";
	}
}

void
cert_log_verification(struct store *s, const char *serial, enum cert_status st,
    const char *addr)
{
	cert_log_verification_via(s, serial, st, addr, CERT_VIA_CODE);
}

void
cert_log_verification_via(struct store *s, const char *serial, enum cert_status st,
    const char *addr, int via)
{
	struct vlog_batch *b, *queue = NULL;
	struct vlog_row *v = NULL;
	const char *status = cert_status_name(st), *how = via_name(via);
	int64_t now = (int64_t)time(NULL);

	if (serial == NULL)
		serial = "";
	if (addr == NULL)
		addr = "";
	pthread_mutex_lock(&vlog_mu);
	if ((b = vlog_open) == NULL || b->s != s) {
		if ((b = calloc(1, sizeof *b)) == NULL)
			goto out;	/* the log is best effort, never a wait */
		b->s = s;
		vlog_open = queue = b;
	}
	/* The same check repeated within the minute counts in its row. */
	for (size_t i = b->n; i > 0 && i + 8 > b->n; i--) {
		struct vlog_row *r = &b->rows[i - 1];

		if (r->at / 60 == now / 60 && r->status == status && r->via == how &&
		    strcmp(r->serial, serial) == 0 && strcmp(r->addr, addr) == 0) {
			r->n++;
			goto out;
		}
	}
	if (b->n == b->cap && b->n < VLOG_MAX) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct vlog_row *rows = realloc(b->rows, cap * sizeof *rows);

		if (rows != NULL) {
			b->rows = rows;
			b->cap = cap;
		}
	}
	if (b->n < b->cap) {
		v = &b->rows[b->n++];
		v->at = now;
		snprintf(v->serial, sizeof v->serial, "%s", serial);
		v->status = status;
		v->via = how;
		snprintf(v->addr, sizeof v->addr, "%s", addr);
		v->n = 1;
	}
out:
	pthread_mutex_unlock(&vlog_mu);
	if (queue != NULL)
		store_write_async(s, log_fn, queue, vlog_free);
}

/*
 * cert_policy.c - when a certificate is issued, and what happens when it
 * cannot be. After every finished attempt, the one that is due is issued
 * at once and its PDF queued for the worker pool, never rendered on the
 * request that submitted; a failure is recorded for trainers and tried
 * again at the next start. Before the server listens, whatever a crash or
 * a failure left undone is finished. Depends on the rest of the
 * certificate module and the worker pool (pool.c).
 */
#include "cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "pool.h"

/* A PDF to render on the worker pool. */
struct render_job {
	struct store *s;
	const char *base_url;
	char serial[64];
};

static void
render_job(void *arg)
{
	struct render_job *j = arg;

	cert_render(j->s, j->serial, j->base_url);
	free(j);
	mail_kick();	/* the holder's mail goes with the PDF (cert_notify.c) */
}

/* Queues serial's PDF unless it has one. */
static void
queue_render(struct store *s, const struct cert_policy *p, struct arena *a,
    const char *serial)
{
	struct cert c;

	if (cert_find(s, a, serial, &c) && c.pdf_sha256 == NULL) {
		struct render_job *j = malloc(sizeof *j);

		if (j != NULL) {
			j->s = s;
			j->base_url = p->base_url;
			snprintf(j->serial, sizeof j->serial, "%s", serial);
			pool_submit(render_job, j);
		}
	}
}

void
cert_issue_for_attempt(struct store *s, int64_t attempt_id, void *policy)
{
	const struct cert_policy *p = policy;
	struct arena *a = arena_new();
	char *serial = NULL, **progs = NULL;
	size_t n = 0;

	if (cert_issue(s, p->key, attempt_id, a, &serial) == 1)
		queue_render(s, p, a, serial);
	/* a programme this attempt completes (a part exam issues none of
	 * its own) */
	cert_issue_programmes(s, p->key, attempt_id, a, &progs, &n);
	for (size_t i = 0; i < n; i++)
		queue_render(s, p, a, progs[i]);
	arena_free(a);
}

/* Before listening. A certificate is issued after the grading commit,
 * and its PDF rendered after that, so a crash (or a failure) between them
 * leaves a passed attempt without its certificate or PDF. */

/* The rows of sql, each an id and a text (or NULL), into malloc'd
 * arrays (the texts malloc'd too; the caller frees all). How many, or -1. */
static long
collect(struct db *d, const char *sql, int64_t **ids, char ***serials)
{
	struct stmt *st = db_stmt(d, sql);
	size_t n = 0, cap = 0;

	*ids = NULL;
	*serials = NULL;
	if (st == NULL)
		return -1;
	while (db_row(st)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((*ids = realloc(*ids, cap * sizeof **ids)) == NULL ||
			    (*serials = realloc(*serials, cap * sizeof **serials)) == NULL)
				abort();
		}
		(*ids)[n] = db_col_int64(st, 0);
		(*serials)[n] = db_col_type(st, 1) == DB_TEXT ?
		    strdup(db_col_text(st, 1)) : NULL;
		n++;
	}
	db_end(st);
	return (long)n;
}

int
cert_catch_up(struct store *s, const struct signing_key *k, const char *base_url,
    struct cert_backlog *out)
{
	/* cert_issue's rule, for every attempt at once: graded, passed, an
	 * exam that awards certificates, and no certificate ever issued for
	 * it (a revoked one stays; a re-issued one has its successor). */
	static const char due[] =
	    "SELECT a.id, NULL FROM attempts a WHERE a.state != 'running' AND a.passed = 1 "
	    "AND json_type(a.exam_def, '$.certificate.valid_years') = 'integer' "
	    "AND json_extract(a.exam_def, '$.certificate.valid_years') > 0 "
	    "AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.attempt_id = a.id) "
	    "AND NOT EXISTS (SELECT 1 FROM programme_parts pp WHERE pp.exam_id = a.exam_id) "
	    "ORDER BY a.id";
	/* Attempts of a programme's parts, finished while it existed, by
	 * learners who never held its certificate: each may complete it
	 * (cert_issue_programmes says whether it does). A programme added
	 * later does not reach back to passes made before it. */
	static const char parts_due[] =
	    "SELECT a.id, NULL FROM attempts a WHERE a.state != 'running' "
	    "AND a.finished_at IS NOT NULL "
	    "AND EXISTS (SELECT 1 FROM programme_parts pp JOIN programmes p "
	    " ON p.id = pp.programme_id WHERE pp.exam_id = a.exam_id "
	    " AND a.finished_at >= p.created_at * 1000 "
	    " AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = a.user_id "
	    "  AND c.programme_id = pp.programme_id)) ORDER BY a.id";
	/* Certificates in force whose PDF was never stored. */
	static const char unrendered[] =
	    "SELECT id, serial FROM certificates WHERE pdf IS NULL "
	    "AND superseded_by IS NULL AND revoked_at IS NULL ORDER BY id";
	struct db *d = store_db(s);
	int64_t *ids;
	char **serials;
	long n;

	memset(out, 0, sizeof *out);
	if ((n = collect(d, due, &ids, &serials)) < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		struct arena *a = arena_new();
		char *serial = NULL;
		int rc = cert_issue(s, k, ids[i], a, &serial);

		out->issued += rc == 1;
		out->failed += rc < 0;
		arena_free(a);
	}
	free(ids);
	free(serials);
	if ((n = collect(d, parts_due, &ids, &serials)) < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		struct arena *a = arena_new();
		char **got = NULL;
		size_t ngot = 0;

		out->failed += cert_issue_programmes(s, k, ids[i], a, &got, &ngot) < 0;
		out->issued += (int)ngot;
		arena_free(a);
	}
	free(ids);
	free(serials);
	if ((n = collect(d, unrendered, &ids, &serials)) < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		if (serials[i] != NULL && cert_render(s, serials[i], base_url) == 0)
			out->rendered++;
		else
			out->failed++;
		free(serials[i]);
	}
	free(ids);
	free(serials);
	return 0;
}

void
cert_catch_up_report(struct store *s, const struct cert_policy *p)
{
	struct cert_backlog bl;

	if (cert_catch_up(s, p->key, p->base_url, &bl) != 0)
		fputs("aicert: cannot look for certificates left undone\n", stderr);
	else if (bl.issued > 0 || bl.rendered > 0 || bl.failed > 0)
		fprintf(stderr, "aicert: certificates left undone before this start: "
		    "%d issued, %d PDF%s rendered, %d failed (audit: cert.issue_failed)\n",
		    bl.issued, bl.rendered, bl.rendered == 1 ? "" : "s", bl.failed);
}

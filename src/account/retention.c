/*
 * retention.c - deleting old logs of people and cutting old addresses;
 * see retention.h. One write on the writer thread. Depends on the store.
 */
#include "retention.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"

static _Atomic unsigned retention_days = RETENTION_DEFAULT_DAYS;

void
retention_set_days(unsigned days)
{
	retention_days = days < 1 ? 1 : days;
}

void
retention_truncate(const char *addr, char *out, size_t n)
{
	unsigned char b[16];

	if (strchr(addr, '/') == NULL && inet_pton(AF_INET, addr, b) == 1) {
		snprintf(out, n, "%u.%u.%u.0/24", b[0], b[1], b[2]);
		return;
	}
	if (strchr(addr, '/') == NULL && inet_pton(AF_INET6, addr, b) == 1) {
		char text[INET6_ADDRSTRLEN];

		memset(b + 6, 0, 10);
		if (inet_ntop(AF_INET6, b, text, sizeof text) != NULL) {
			snprintf(out, n, "%s/48", text);
			return;
		}
	}
	snprintf(out, n, "%s", addr);
}

struct run {
	long long now;
	unsigned days;
	long deleted, truncated;
};

/* Cuts the addresses of table's rows older than before (at in seconds). */
static int
cut_addresses(struct db *d, const char *pick, const char *set, long long before, long *count)
{
	struct arena *a = arena_new();
	struct stmt *st = db_stmt_int(d, pick, before);
	char **addrs = NULL;
	size_t n = 0;
	int rc = 0;

	while (db_row(st)) {
		addrs = arena_grow(a, addrs, n, n + 1, sizeof *addrs);
		addrs[n++] = db_text(a, st, 0);
	}
	db_end(st);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char cut[80];

		retention_truncate(addrs[i], cut, sizeof cut);
		if (strcmp(cut, addrs[i]) == 0 || (st = db_stmt_int(d, set, before)) == NULL)
			continue;
		db_bind_text(st, 2, cut);
		db_bind_text(st, 3, addrs[i]);
		rc = db_done(st);
		*count += db_changes(d);
	}
	arena_free(a);
	return rc;
}

static int
retention_fn(struct db *d, void *ctx)
{
	static const char vlog[] = "DELETE FROM verifications WHERE at < ?";
	static const char events[] = "DELETE FROM integrity_events WHERE at < ?";	/* ms */
	static const char sessions[] = "DELETE FROM sessions WHERE expires_at < ?";
	static const char v_pick[] = "SELECT DISTINCT addr FROM verifications "
	    "WHERE at < ? AND addr IS NOT NULL AND instr(addr, '/') = 0 LIMIT 100000";
	static const char v_set[] = "UPDATE verifications SET addr = ?2 WHERE addr = ?3 AND at < ?1";
	static const char a_pick[] = "SELECT DISTINCT addr FROM audit "
	    "WHERE at < ? AND addr IS NOT NULL AND instr(addr, '/') = 0 LIMIT 100000";
	static const char a_set[] = "UPDATE audit SET addr = ?2 WHERE addr = ?3 AND at < ?1";
	struct run *rn = ctx;
	long long cutoff = rn->now - (long long)rn->days * 86400;
	long long addr_cutoff = rn->now - (long long)RETENTION_ADDR_DAYS * 86400;
	struct stmt *st;

	if ((st = db_stmt_int(d, vlog, cutoff)) == NULL || db_done(st) != 0)
		return -1;
	rn->deleted += db_changes(d);
	if ((st = db_stmt_int(d, events, cutoff * 1000)) == NULL || db_done(st) != 0)
		return -1;
	rn->deleted += db_changes(d);
	/* sign-in records: a session row says who signed in, and when */
	if ((st = db_stmt_int(d, sessions, rn->now)) == NULL || db_done(st) != 0)
		return -1;
	if (db_changes(d) > 0)
		db_who_changed(d);
	rn->deleted += db_changes(d);
	if (cut_addresses(d, v_pick, v_set, addr_cutoff, &rn->truncated) != 0 ||
	    cut_addresses(d, a_pick, a_set, addr_cutoff, &rn->truncated) != 0)
		return -1;
	return 0;
}

int
retention_run(struct store *s, long long now, unsigned days, long *deleted,
    long *truncated)
{
	struct run rn = { now, days < 1 ? 1 : days, 0, 0 };
	int rc = store_write(s, retention_fn, &rn);

	if (deleted != NULL)
		*deleted = rn.deleted;
	if (truncated != NULL)
		*truncated = rn.truncated;
	return rc;
}

void
retention_daily(struct store *s)
{
	long del = 0, cut = 0;

	if (retention_run(s, (long long)time(NULL), retention_days, &del, &cut) != 0)
		fputs("aicert: retention: the write failed; trying again tomorrow\n", stderr);
	else if (del > 0 || cut > 0)
		fprintf(stderr, "aicert: retention: %ld old log rows deleted, %ld addresses "
		    "cut to their network\n", del, cut);
}

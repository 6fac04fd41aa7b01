/*
 * attempt_cache.c - what requests keep in memory about attempts: each
 * parsed item version, and what a save needs of an attempt (owner, exam,
 * the item version at each position), none of which ever changes. Both
 * caches are shared by every thread under a rwlock, so the save path
 * (attempt_save.c) reads nothing from the database before its write.
 * Depends on the store (reading an entry once) and bank_json.c (parsing a
 * stored question).
 */
#include "attempt_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank_json.h"

/* Parses one stored question (bank JSON) into a fresh question from a. */
static struct question *
parse_question(struct arena *a, const char *data)
{
	struct q_bank b;
	json_t *j = json_loads(data, 0, NULL);
	struct question *q = NULL;

	q_bank_init(&b, a, "stored");
	if (j != NULL && q_from_json(&b, j, 0) == 0 && b.n == 1)
		q = &b.q[0];
	json_decref(j);
	return q;
}

/*
 * Parsed item versions. A stored item version never changes, so each is
 * parsed once per process and shared read-only by every request: a save
 * checks its answer against the parsed question without the JSON parser,
 * which was four fifths of a save's work. Open addressing on (store,
 * version id); nothing is evicted, and at most QCACHE_MAX are kept (a
 * few KB each: a bound of tens of MB; the bundled bank has 336); past
 * that, questions are parsed into the caller's arena as before.
 */
#define QCACHE_SLOTS 16384		/* a power of two, > QCACHE_MAX */
#define QCACHE_MAX 8192

struct qslot {
	uint64_t store;			/* 0: empty */
	int64_t version;
	const struct question *q;
};

static struct qslot *qcache;
static size_t qcache_n;
static struct arena *qcache_arena;
static pthread_rwlock_t qcache_lock = PTHREAD_RWLOCK_INITIALIZER;

/* The slot for (store, version): its own, or the empty one it would take. */
static struct qslot *
qcache_find(uint64_t store, int64_t version)
{
	size_t i = (size_t)(((uint64_t)version * 0x9E3779B97F4A7C15ull ^ store) >> 50);

	for (;; i = (i + 1) & (QCACHE_SLOTS - 1)) {
		struct qslot *sl = &qcache[i & (QCACHE_SLOTS - 1)];

		if (sl->store == 0 || (sl->store == store && sl->version == version))
			return sl;
	}
}

/* Item version `version` whose stored JSON is data, parsed: shared and
 * read-only, or (cache full) from a. NULL if data does not parse. */
const struct question *
attempt_question_parsed(struct db *d, struct arena *a, int64_t version, const char *data)
{
	uint64_t store = db_store_id(d);
	const struct question *q = NULL;
	struct qslot *sl;

	pthread_rwlock_rdlock(&qcache_lock);
	if (qcache != NULL && (sl = qcache_find(store, version))->store != 0)
		q = sl->q;
	pthread_rwlock_unlock(&qcache_lock);
	if (q != NULL || data == NULL)
		return q;
	pthread_rwlock_wrlock(&qcache_lock);
	if (qcache == NULL) {
		qcache = calloc(QCACHE_SLOTS, sizeof *qcache);
		qcache_arena = arena_new();
	}
	if (qcache != NULL && qcache_n < QCACHE_MAX) {
		sl = qcache_find(store, version);
		if (sl->store == 0 && (sl->q = parse_question(qcache_arena, data)) != NULL) {
			sl->store = store;
			sl->version = version;
			qcache_n++;
		}
		q = sl->q;
	}
	pthread_rwlock_unlock(&qcache_lock);
	return q != NULL ? q : parse_question(a, data);
}

/* Item version `version`, parsed once: its stored JSON is read only
 * when it is not in memory yet. NULL if there is none. */
const struct question *
attempt_question(struct db *d, struct arena *a, int64_t version)
{
	static const char sql[] = "SELECT data FROM item_versions WHERE id = ?";
	const struct question *qq = attempt_question_parsed(d, a, version, NULL);
	char *data;

	if (qq != NULL)
		return qq;
	data = db_one_text(a, db_stmt_int(d, sql, version));
	return data != NULL ? attempt_question_parsed(d, a, version, data) : NULL;
}

/*
 * What a save needs of an attempt: its row id, owner and exam, and the
 * item version at each position. None of that changes once the attempt
 * has started (its row and items are written in one transaction, and no
 * attempt is ever deleted), so after the first save it comes from memory
 * and a save reads nothing from the database before its write: each
 * read there began a transaction that, with the writer committing all
 * the time, found SQLite's page cache stale and read it again. State and
 * deadline do change; the writer checks those in the save's own
 * transaction (open_now in attempt_save.c). Two slots a key on (store,
 * public id), so that 10,000 attempts cycling through the table rarely
 * evict each other; a newcomer takes a free slot, else the one found
 * longest ago.
 * At most FIXED_SLOTS entries of about 130 bytes and 8 more an item.
 */
#define FIXED_SLOTS 32768		/* a power of two */

struct fixed {
	uint64_t store;
	_Atomic uint64_t used;		/* when last found: a counter */
	char public_id[32];
	int64_t id, user_id;
	char *exam_id;
	int n;
	int64_t version[];		/* per position */
};

static struct fixed **fixed_tab;
static _Atomic uint64_t fixed_clock;
static pthread_rwlock_t fixed_lock = PTHREAD_RWLOCK_INITIALIZER;

/* The first of the two slots (store, public_id) may take. */
static size_t
fixed_slot(uint64_t store, const char *public_id)
{
	uint64_t h = 0xcbf29ce484222325ull ^ store;

	for (const char *p = public_id; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	return (size_t)(h >> 32) & (FIXED_SLOTS - 2);
}

static int
fixed_is(const struct fixed *f, uint64_t store, const char *public_id)
{
	return f != NULL && f->store == store && strcmp(f->public_id, public_id) == 0;
}

/* Fills out (strings and versions copied into a) from f. */
static void
fixed_fill(struct arena *a, const struct fixed *f, struct attempt *out)
{
	out->id = f->id;
	out->public_id = arena_strdup(a, f->public_id);
	out->exam_id = arena_strdup(a, f->exam_id);
	out->user_id = f->user_id;
	out->nitems = f->n;
	out->versions = arena_alloc(a, ((size_t)f->n + 1) * sizeof *out->versions);
	memcpy(out->versions, f->version, (size_t)f->n * sizeof *out->versions);
}

/* Reads what never changes of attempt public_id; NULL if there is none. */
static struct fixed *
fixed_read(struct db *d, const char *public_id)
{
	static const char row[] =
	    "SELECT id, user_id, exam_id FROM attempts WHERE public_id = ?";
	static const char items[] =
	    "SELECT position, item_version_id FROM attempt_items WHERE attempt_id = ? "
	    "ORDER BY position";
	struct stmt *q = db_stmt_text(d, row, public_id);
	struct fixed *f = NULL;
	int64_t id = 0, user = 0;
	char *exam = NULL;
	int n = 0, cap = 0, ok = 1;

	if (q == NULL)
		return NULL;
	if (db_row(q)) {
		id = db_col_int64(q, 0);
		user = db_col_int64(q, 1);
		exam = strdup(db_col_text(q, 2));
	}
	db_end(q);
	if (exam == NULL || (q = db_stmt_int(d, items, id)) == NULL) {
		free(exam);
		return NULL;
	}
	while (ok && db_row(q)) {
		if (n == cap) {
			struct fixed *g = realloc(f, sizeof *f +
			    (size_t)(cap = cap ? cap * 2 : 64) * sizeof f->version[0]);

			if (g == NULL) {
				ok = 0;
				break;
			}
			f = g;
		}
		/* Positions run 0..n-1; anything else is not cached. */
		ok = db_col_int(q, 0) == n;
		f->version[n++] = db_col_int64(q, 1);
	}
	db_end(q);
	if (ok) {	/* to size: 10,000 attempts are held at once */
		struct fixed *g = realloc(f, sizeof *f + (size_t)n * sizeof f->version[0]);

		if (g != NULL)
			f = g;
		ok = f != NULL;
	}
	if (!ok) {
		free(f);
		free(exam);
		return NULL;
	}
	f->store = db_store_id(d);
	snprintf(f->public_id, sizeof f->public_id, "%s", public_id);
	f->id = id;
	f->user_id = user;
	f->exam_id = exam;
	f->n = n;
	return f;
}

int
attempt_load_brief(struct store *s, struct arena *a, const char *public_id,
    struct attempt *out)
{
	struct db *d = store_db(s);
	uint64_t store = db_store_id(d);
	size_t i = fixed_slot(store, public_id);
	struct fixed *f, *old;
	int found = 0;

	memset(out, 0, sizeof *out);
	if (strlen(public_id) >= sizeof f->public_id)
		return 0;
	pthread_rwlock_rdlock(&fixed_lock);
	for (size_t k = 0; fixed_tab != NULL && k < 2 && !found; k++)
		if (fixed_is((f = fixed_tab[i + k]), store, public_id)) {
			fixed_fill(a, f, out);
			f->used = ++fixed_clock;
			found = 1;
		}
	pthread_rwlock_unlock(&fixed_lock);
	if (found)
		return 1;
	if ((f = fixed_read(d, public_id)) == NULL)
		return 0;
	fixed_fill(a, f, out);
	f->used = ++fixed_clock;
	pthread_rwlock_wrlock(&fixed_lock);
	if (fixed_tab == NULL)
		fixed_tab = calloc(FIXED_SLOTS, sizeof *fixed_tab);
	if (fixed_tab != NULL) {
		struct fixed **pair = &fixed_tab[i], **p;

		/* The same key (read twice at once), a free slot, else
		 * the entry found longest ago. */
		if (fixed_is(pair[1], store, public_id))
			p = &pair[1];
		else if (fixed_is(pair[0], store, public_id) || pair[0] == NULL)
			p = &pair[0];
		else if (pair[1] == NULL)
			p = &pair[1];
		else
			p = pair[0]->used <= pair[1]->used ? &pair[0] : &pair[1];
		old = *p;
		*p = f;
		f = old;
	}
	pthread_rwlock_unlock(&fixed_lock);
	if (f != NULL) {
		free(f->exam_id);
		free(f);
	}
	return 1;
}

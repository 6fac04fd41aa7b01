/*
 * attempt.c - attempts in the store; see attempt.h. Depends on the exam
 * definition, assembly, the learner's form and grading.
 */
#include "attempt.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assemble.h"
#include "bank_json.h"
#include "form.h"
#include "grade.h"

int64_t
attempt_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static uint32_t
rnd(uint32_t upper)
{
	return upper ? randombytes_uniform(upper) : 0;
}

static char *
col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? arena_strdup(a, t) : NULL;
}

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
static const struct question *
load_question(struct db *d, struct arena *a, int64_t version, const char *data)
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
static const struct question *
question_of(struct db *d, struct arena *a, int64_t version)
{
	static const char sql[] = "SELECT data FROM item_versions WHERE id = ?";
	const struct question *qq = load_question(d, a, version, NULL);
	sqlite3_stmt *q;
	char *data;

	if (qq != NULL || (q = db_stmt(d, sql)) == NULL)
		return qq;
	sqlite3_bind_int64(q, 1, version);
	data = sqlite3_step(q) == SQLITE_ROW ? col_text(a, q, 0) : NULL;
	sqlite3_reset(q);
	return data != NULL ? load_question(d, a, version, data) : NULL;
}

/* ---- starting ---- */

struct start {
	struct arena *a;
	const char *exam_id;
	const struct user *u;
	const char *lang;
	int64_t now;
	struct attempt *out;
	int created;
	long wait_s;
	enum attempt_err err;
};

static const char candidates_sql[] =
    "SELECT iv.id, iv.item_id, iv.difficulty, coalesce(u.uses, 0) "
    "FROM bank_version_items bvi "
    "JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
    "JOIN banks b ON b.id = bv.bank_id "
    "JOIN item_versions iv ON iv.id = bvi.item_version_id "
    "LEFT JOIN item_usage u ON u.item_id = iv.item_id "
    "WHERE bv.version = (SELECT max(version) FROM bank_versions WHERE bank_id = b.id) "
    "AND (?1 IS NULL OR b.name = ?1) AND iv.lang = ?2 "
    "AND iv.type NOT IN ('essay', 'description') "
    "AND (SELECT retired_at FROM items WHERE id = iv.item_id) IS NULL "
    "AND (iv.category = ?3 OR substr(iv.category, 1, length(?3) + 1) = ?3 || '/')";

/* Draws every section of e; fills picked[0..*npicked) and sections[]. */
static int
draw(struct db *d, struct start *st, const struct exam *e,
    struct candidate *picked, int *section, size_t *npicked)
{
	int64_t *taken = arena_alloc(st->a, (size_t)(exam_item_count(e) + 1) * sizeof *taken);
	size_t ntaken = 0;

	*npicked = 0;
	for (size_t s = 0; s < e->nsections; s++) {
		const struct exam_section *sec = &e->sections[s];
		sqlite3_stmt *q = db_stmt(d, candidates_sql);
		struct candidate *c = NULL;
		size_t n = 0, cap = 0;
		int perm[1000];

		if (q == NULL)
			return -1;
		if (e->bank != NULL)
			sqlite3_bind_text(q, 1, e->bank, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, st->lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, sec->category, -1, SQLITE_STATIC);
		while (sqlite3_step(q) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				c = arena_grow(st->a, c, n, cap, sizeof *c);
			}
			c[n].item_version_id = sqlite3_column_int64(q, 0);
			c[n].item_id = sqlite3_column_int64(q, 1);
			c[n].difficulty = sqlite3_column_int(q, 2);
			c[n].uses = sqlite3_column_int(q, 3);
			n++;
		}
		sqlite3_reset(q);
		if (assemble_section(c, n, sec->count, sec->mix, taken, &ntaken,
		    picked + *npicked, rnd) != 0)
			return -1;
		/* Within a section, the order shown is random when asked. */
		if (e->shuffle_items && sec->count <= 1000) {
			struct candidate *tmp = arena_alloc(st->a, (size_t)sec->count * sizeof *tmp);

			assemble_shuffle(perm, (size_t)sec->count, rnd);
			for (int i = 0; i < sec->count; i++)
				tmp[i] = picked[*npicked + (size_t)perm[i]];
			memcpy(picked + *npicked, tmp, (size_t)sec->count * sizeof *tmp);
		}
		for (int i = 0; i < sec->count; i++)
			section[*npicked + (size_t)i] = (int)s;
		*npicked += (size_t)sec->count;
	}
	return 0;
}

static int
fill_attempt(struct arena *a, sqlite3_stmt *q, struct attempt *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(q, 0);
	t->public_id = col_text(a, q, 1);
	t->exam_id = col_text(a, q, 2);
	t->user_id = sqlite3_column_int64(q, 3);
	t->lang = col_text(a, q, 4);
	t->state = col_text(a, q, 5);
	t->started_ms = sqlite3_column_int64(q, 6);
	t->deadline_ms = sqlite3_column_int64(q, 7);
	t->grace_s = sqlite3_column_int(q, 8);
	t->exam_def = col_text(a, q, 9);
	t->graded = sqlite3_column_type(q, 10) != SQLITE_NULL;
	t->score = sqlite3_column_double(q, 10);
	t->max_score = sqlite3_column_double(q, 11);
	t->percent = sqlite3_column_double(q, 12);
	t->passed = sqlite3_column_int(q, 13);
	t->result = col_text(a, q, 14);
	return 1;
}

#define ATTEMPT_COLS "id, public_id, exam_id, user_id, lang, state, started_at, " \
	"deadline, grace_s, exam_def, score, max_score, percent, passed, result"

static int
start_fn(struct db *d, void *ctx)
{
	static const char running[] =
	    "SELECT " ATTEMPT_COLS " FROM attempts "
	    "WHERE exam_id = ? AND user_id = ? AND state = 'running'";
	static const char def[] = "SELECT definition FROM exams WHERE id = ?";
	static const char history[] =
	    "SELECT count(*), max(finished_at) FROM attempts "
	    "WHERE exam_id = ? AND user_id = ? AND state != 'running'";
	static const char ins[] =
	    "INSERT INTO attempts(public_id, exam_id, user_id, lang, state, "
	    "started_at, deadline, grace_s, exam_def) "
	    "VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?)";
	static const char ins_item[] =
	    "INSERT INTO attempt_items(attempt_id, position, item_version_id, "
	    "section, layout) VALUES (?, ?, ?, ?, ?)";
	static const char usage[] =
	    "INSERT INTO item_usage(item_id, uses) VALUES (?, 1) "
	    "ON CONFLICT(item_id) DO UPDATE SET uses = uses + 1";
	struct start *st = ctx;
	struct exam e;
	struct q_bank errs;
	sqlite3_stmt *q;
	const char *json;
	char *def_json, pid[SESSION_TOKEN_LEN + 1];
	unsigned char raw[16];
	struct candidate *picked;
	int *section, count, total;
	size_t npicked;
	int64_t deadline, aid;
	int found = 0;

	if ((q = db_stmt(d, running)) == NULL)
		goto failed;
	sqlite3_bind_text(q, 1, st->exam_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, st->u->id);
	if (sqlite3_step(q) == SQLITE_ROW)
		found = fill_attempt(st->a, q, st->out);
	sqlite3_reset(q);
	if (found)
		return 0;
	if ((q = db_stmt(d, def)) == NULL)
		goto failed;
	sqlite3_bind_text(q, 1, st->exam_id, -1, SQLITE_STATIC);
	def_json = sqlite3_step(q) == SQLITE_ROW ? col_text(st->a, q, 0) : NULL;
	sqlite3_reset(q);
	q_bank_init(&errs, st->a, "exam");
	if (def_json == NULL || exam_parse(st->a, def_json, strlen(def_json), &e, &errs) != 0)
		goto failed;
	if ((e.opens_at && st->now < e.opens_at * 1000) ||
	    (e.closes_at && st->now >= e.closes_at * 1000)) {
		st->err = ATTEMPT_NOT_OPEN;
		return -1;
	}
	st->err = ATTEMPT_LANG;
	for (size_t i = 0; i < e.nlanguages; i++)
		if (strcmp(e.languages[i], st->lang) == 0)
			st->err = ATTEMPT_OK;
	if (st->err != ATTEMPT_OK)
		return -1;
	if ((q = db_stmt(d, history)) == NULL)
		goto failed;
	sqlite3_bind_text(q, 1, st->exam_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, st->u->id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		int used = sqlite3_column_int(q, 0);
		int64_t last = sqlite3_column_int64(q, 1);

		if (e.attempts > 0 && used >= e.attempts)
			st->err = ATTEMPT_NO_MORE;
		else if (used > 0 && e.wait_s > 0 && last + (int64_t)e.wait_s * 1000 > st->now) {
			st->err = ATTEMPT_WAIT;
			st->wait_s = (long)((last + (int64_t)e.wait_s * 1000 - st->now + 999) / 1000);
		}
	}
	sqlite3_reset(q);
	if (st->err != ATTEMPT_OK)
		return -1;
	total = exam_item_count(&e);
	picked = arena_alloc(st->a, (size_t)total * sizeof *picked);
	section = arena_alloc(st->a, (size_t)total * sizeof *section);
	if (draw(d, st, &e, picked, section, &npicked) != 0) {
		st->err = ATTEMPT_ITEMS;
		return -1;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(pid, sizeof pid, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	deadline = st->now + (int64_t)((double)e.duration_s * 1000.0 *
	    (st->u->time_multiplier > 0 ? st->u->time_multiplier : 1.0));
	if (e.closes_at && deadline > e.closes_at * 1000)
		deadline = e.closes_at * 1000;
	{
		json_t *canon = exam_to_json(&e);

		json = canon ? json_dumps(canon, JSON_COMPACT) : NULL;
		json_decref(canon);
	}
	if (json == NULL || (q = db_stmt(d, ins)) == NULL) {
		free((char *)(uintptr_t)json);
		goto failed;
	}
	sqlite3_bind_text(q, 1, pid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, st->exam_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, st->u->id);
	sqlite3_bind_text(q, 4, st->lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, st->now);
	sqlite3_bind_int64(q, 6, deadline);
	sqlite3_bind_int(q, 7, e.grace_s);
	sqlite3_bind_text(q, 8, json, -1, SQLITE_TRANSIENT);
	free((char *)(uintptr_t)json);
	count = sqlite3_step(q);
	sqlite3_reset(q);
	if (count != SQLITE_DONE)
		goto failed;
	aid = db_last_id(d);
	for (size_t i = 0; i < npicked; i++) {
		const struct question *qq;
		json_t *lay;
		char *layout;
		int rc;

		if ((qq = question_of(d, st->a, picked[i].item_version_id)) == NULL)
			goto failed;
		lay = form_layout(qq, e.shuffle_choices, rnd);
		layout = json_dumps(lay, JSON_COMPACT);
		json_decref(lay);
		if (layout == NULL || (q = db_stmt(d, ins_item)) == NULL) {
			free(layout);
			goto failed;
		}
		sqlite3_bind_int64(q, 1, aid);
		sqlite3_bind_int(q, 2, (int)i);
		sqlite3_bind_int64(q, 3, picked[i].item_version_id);
		sqlite3_bind_int(q, 4, section[i]);
		sqlite3_bind_text(q, 5, layout, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		free(layout);
		if (rc != SQLITE_DONE || (q = db_stmt(d, usage)) == NULL)
			goto failed;
		sqlite3_bind_int64(q, 1, picked[i].item_id);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			goto failed;
	}
	st->created = 1;
	st->out->id = aid;
	st->out->public_id = arena_strdup(st->a, pid);
	return 0;
failed:
	st->err = ATTEMPT_FAILED;
	return -1;
}

enum attempt_err
attempt_start(struct store *s, struct arena *a, const char *exam_id,
    const struct user *u, const char *lang, struct attempt *out, int *created,
    long *wait_s)
{
	struct start st = { a, exam_id, u, lang, attempt_now_ms(), out, 0, 0, ATTEMPT_OK };

	memset(out, 0, sizeof *out);
	if (store_write(s, start_fn, &st) != 0)
		return st.err != ATTEMPT_OK ? st.err : ATTEMPT_FAILED;
	*created = st.created;
	*wait_s = st.wait_s;
	/* Read it back whole: the same path as every later load. */
	return attempt_load(s, a, out->public_id, out) ? ATTEMPT_OK : ATTEMPT_FAILED;
}

/* ---- reading ---- */

int
attempt_load(struct store *s, struct arena *a, const char *public_id,
    struct attempt *out)
{
	static const char sql[] =
	    "SELECT " ATTEMPT_COLS " FROM attempts WHERE public_id = ?";
	sqlite3_stmt *q;
	int found = 0;

	for (int pass = 0; pass < 2; pass++) {
		if ((q = db_stmt(store_db(s), sql)) == NULL)
			return 0;
		sqlite3_bind_text(q, 1, public_id, -1, SQLITE_STATIC);
		found = sqlite3_step(q) == SQLITE_ROW && fill_attempt(a, q, out);
		sqlite3_reset(q);
		if (!found || strcmp(out->state, "running") != 0 ||
		    attempt_now_ms() <= out->deadline_ms + (int64_t)out->grace_s * 1000)
			break;
		/* Time is up and the sweeper has not come by yet. */
		attempt_finish(s, out->id, "expired");
	}
	return found;
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
 * transaction (open_now). Two slots a key on (store, public id), so
 * that 10,000 attempts cycling through the table rarely evict each
 * other; a newcomer takes a free slot, else the one found longest ago.
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
	sqlite3_stmt *q = db_stmt(d, row);
	struct fixed *f = NULL;
	int64_t id = 0, user = 0;
	char *exam = NULL;
	int n = 0, cap = 0, ok = 1;

	if (q == NULL)
		return NULL;
	sqlite3_bind_text(q, 1, public_id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		user = sqlite3_column_int64(q, 1);
		exam = strdup((const char *)sqlite3_column_text(q, 2));
	}
	sqlite3_reset(q);
	if (exam == NULL || (q = db_stmt(d, items)) == NULL) {
		free(exam);
		return NULL;
	}
	sqlite3_bind_int64(q, 1, id);
	while (ok && sqlite3_step(q) == SQLITE_ROW) {
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
		ok = sqlite3_column_int(q, 0) == n;
		f->version[n++] = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
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

int
attempt_running(struct store *s, struct arena *a, const char *exam_id,
    int64_t user_id, struct attempt *out)
{
	static const char sql[] =
	    "SELECT public_id FROM attempts WHERE exam_id = ? AND user_id = ? "
	    "AND state = 'running'";
	sqlite3_stmt *q = db_stmt(store_db(s), sql);
	char *pid = NULL;

	if (q == NULL)
		return 0;
	sqlite3_bind_text(q, 1, exam_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, user_id);
	if (sqlite3_step(q) == SQLITE_ROW)
		pid = col_text(a, q, 0);
	sqlite3_reset(q);
	return pid != NULL && attempt_load(s, a, pid, out) &&
	    strcmp(out->state, "running") == 0;
}

static char *
iso_ms(struct arena *a, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[40];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	return arena_printf(a, "%s.%03dZ", buf, (int)(ms % 1000));
}

json_t *
attempt_view(struct store *s, struct arena *a, const struct attempt *t)
{
	static const char items[] =
	    "SELECT ai.position, ai.layout, ai.flagged, iv.data, iv.id FROM attempt_items ai "
	    "JOIN item_versions iv ON iv.id = ai.item_version_id "
	    "WHERE ai.attempt_id = ? ORDER BY ai.position";
	static const char resps[] =
	    "SELECT position, seq, response FROM responses WHERE attempt_id = ?";
	struct db *d = store_db(s);
	sqlite3_stmt *q = db_stmt(d, items);
	json_t *arr = json_array(), *responses = json_object(), *seqs = json_object();
	json_t *flagged = json_array(), *v, *def;
	int64_t now = attempt_now_ms(), left = t->deadline_ms - now;

	if (q != NULL)
		sqlite3_bind_int64(q, 1, t->id);
	while (q != NULL && sqlite3_step(q) == SQLITE_ROW) {
		int pos = sqlite3_column_int(q, 0);
		char *id = arena_printf(a, "i%d", pos + 1);
		json_t *lay = json_loads((const char *)sqlite3_column_text(q, 1), 0, NULL);
		const struct question *qq = load_question(d, a, sqlite3_column_int64(q, 4),
		    (const char *)sqlite3_column_text(q, 3));
		json_t *item = qq ? form_view(qq, lay, id, a) : NULL;

		if (item != NULL)
			json_array_append_new(arr, item);
		if (sqlite3_column_int(q, 2))
			json_array_append_new(flagged, json_string(id));
		json_decref(lay);
	}
	if (q != NULL)
		sqlite3_reset(q);
	if ((q = db_stmt(d, resps)) != NULL) {
		sqlite3_bind_int64(q, 1, t->id);
		while (sqlite3_step(q) == SQLITE_ROW) {
			char *id = arena_printf(a, "i%d", sqlite3_column_int(q, 0) + 1);

			json_object_set_new(responses, id, json_loads(
			    (const char *)sqlite3_column_text(q, 2), 0, NULL));
			json_object_set_new(seqs, id, json_integer(sqlite3_column_int64(q, 1)));
		}
		sqlite3_reset(q);
	}
	def = json_loads(t->exam_def, 0, NULL);
	v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:o, s:o, s:o}",
	    "id", t->public_id, "exam", t->exam_id, "lang", t->lang, "state", t->state,
	    "deadline", iso_ms(a, t->deadline_ms), "server_time", iso_ms(a, now),
	    "started_at", iso_ms(a, t->started_ms),
	    "remaining_s", (json_int_t)(strcmp(t->state, "running") == 0 && left > 0 ? (left + 999) / 1000 : 0),
	    "duration_s", (json_int_t)((t->deadline_ms - t->started_ms) / 1000),
	    "grace_s", (json_int_t)t->grace_s,
	    "items", arr, "responses", responses, "seqs", seqs, "flagged", flagged);
	if (v != NULL && def != NULL)
		json_object_set(v, "title", json_object_get(def, "title"));
	json_decref(def);
	return v;
}

/* ---- saving ---- */

/* N of an item id "iN" (digits only, no sign or space, 1..100000), or 0. */
static long
item_number(const char *item)
{
	long n = 0;

	if (item == NULL || item[0] != 'i' || item[1] < '1' || item[1] > '9')
		return 0;
	for (const char *p = item + 1; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return 0;
		n = n * 10 + (*p - '0');
	}
	return n <= 100000 ? n : 0;
}

/* Position and question of item "iN" of attempt t, by its item
 * versions (attempt_load_brief's; looked up when t was loaded whole). */
static const struct question *
item_of(struct store *s, struct arena *a, const struct attempt *t, const char *item,
    int *pos)
{
	struct attempt brief;
	long n;

	if ((n = item_number(item)) < 1)
		return NULL;
	*pos = (int)n - 1;
	if (t->versions == NULL) {
		if (!attempt_load_brief(s, a, t->public_id, &brief))
			return NULL;
		t = &brief;
	}
	return *pos < t->nitems ? question_of(store_db(s), a, t->versions[*pos]) : NULL;
}

struct save {
	int64_t attempt, seq, stored;
	int pos, flag, is_flag;
	const char *json;
	enum save_result result;
	void (*then)(void *ctx, enum save_result res, int64_t stored_seq, int err);
	void *then_ctx;
};

/* 1 if the attempt still takes answers now. */
static int
open_now(struct db *d, int64_t attempt)
{
	static const char sql[] =
	    "SELECT 1 FROM attempts WHERE id = ? AND state = 'running' "
	    "AND deadline + grace_s * 1000 >= ?";
	sqlite3_stmt *q = db_stmt(d, sql);
	int ok;

	if (q == NULL)
		return 0;
	sqlite3_bind_int64(q, 1, attempt);
	sqlite3_bind_int64(q, 2, attempt_now_ms());
	ok = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	return ok;
}

static int
save_fn(struct db *d, void *ctx)
{
	static const char upsert[] =
	    "INSERT INTO responses(attempt_id, position, seq, response, saved_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(attempt_id, position) DO UPDATE "
	    "SET seq = excluded.seq, response = excluded.response, "
	    "saved_at = excluded.saved_at WHERE excluded.seq > responses.seq RETURNING seq";
	static const char current[] =
	    "SELECT seq FROM responses WHERE attempt_id = ? AND position = ?";
	static const char flag[] =
	    "UPDATE attempt_items SET flagged = ? WHERE attempt_id = ? AND position = ?";
	struct save *sv = ctx;
	sqlite3_stmt *q;
	int rc;

	if (!open_now(d, sv->attempt)) {
		sv->result = SAVE_CLOSED;
		return -1;
	}
	if (sv->is_flag) {
		if ((q = db_stmt(d, flag)) == NULL)
			return -1;
		sqlite3_bind_int(q, 1, sv->flag);
		sqlite3_bind_int64(q, 2, sv->attempt);
		sqlite3_bind_int(q, 3, sv->pos);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		sv->result = rc == SQLITE_DONE ? SAVE_OK : SAVE_FAILED;
		return rc == SQLITE_DONE ? 0 : -1;
	}
	if (sv->seq <= 0) {
		/* The server numbers it: one past what is stored. */
		if ((q = db_stmt(d, current)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, sv->attempt);
		sqlite3_bind_int(q, 2, sv->pos);
		sv->seq = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) + 1 : 1;
		sqlite3_reset(q);
	}
	if ((q = db_stmt(d, upsert)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, sv->attempt);
	sqlite3_bind_int(q, 2, sv->pos);
	sqlite3_bind_int64(q, 3, sv->seq);
	sqlite3_bind_text(q, 4, sv->json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, attempt_now_ms());
	/* A row back: written, with its seq (the first step makes the
	 * change). No row: a newer seq is stored; read which. */
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sv->stored = sqlite3_column_int64(q, 0);
		rc = sqlite3_step(q);
	} else
		sv->stored = -1;
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return -1;
	sv->result = sv->stored >= 0 ? SAVE_OK : SAVE_STALE;
	if (sv->result == SAVE_OK)
		return 0;
	if ((q = db_stmt(d, current)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, sv->attempt);
	sqlite3_bind_int(q, 2, sv->pos);
	if (sqlite3_step(q) == SQLITE_ROW)
		sv->stored = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return 0;
}

struct save *
attempt_save_prepare(struct store *s, struct arena *a, const struct attempt *t,
    const char *item, const json_t *response, int64_t seq, enum save_result *res,
    const char **err, const char **field)
{
	struct save *sv = arena_alloc(a, sizeof *sv);
	struct response r;
	const struct question *qq = item_of(s, a, t, item, &sv->pos);

	*err = NULL;
	*field = NULL;
	*res = SAVE_BAD;
	if (qq == NULL) {
		*err = "no such item in this attempt";
		return NULL;
	}
	/* Checked against the unshuffled layout: it takes exactly what the
	 * drawn one does. What is stored is the response rebuilt from what
	 * it says (its one field, ids written plainly), never the body as
	 * sent: a learner's extra fields would otherwise fill the disk. */
	if (form_response(qq, NULL, response, a, &r, err) != 0 ||
	    (sv->json = form_normalize(qq, response, &r, a, field, err)) == NULL)
		return NULL;
	if (seq < 0) {
		*err = "\"seq\" must be a positive whole number";
		return NULL;
	}
	sv->attempt = t->id;
	sv->seq = seq;
	sv->result = SAVE_FAILED;
	return sv;
}

/* The writer's word on a queued save, handed to its caller. */
static void
save_then(void *ctx, int result, int err)
{
	struct save *sv = ctx;

	if (result != 0 && sv->result == SAVE_OK)
		sv->result = SAVE_FAILED;
	sv->then(sv->then_ctx, sv->result, sv->stored, err);
}

void
attempt_save_queue(struct store *s, struct save *sv,
    void (*then)(void *ctx, enum save_result res, int64_t stored_seq, int err), void *ctx)
{
	sv->then = then;
	sv->then_ctx = ctx;
	store_write_then(s, save_fn, sv, save_then);
}

enum save_result
attempt_save(struct store *s, struct arena *a, const struct attempt *t,
    const char *item, const json_t *response, int64_t seq, int64_t *stored_seq,
    const char **err, const char **field)
{
	enum save_result res;
	struct save *sv = attempt_save_prepare(s, a, t, item, response, seq, &res, err,
	    field);

	if (sv == NULL)
		return res;
	if (store_write(s, save_fn, sv) != 0 && sv->result == SAVE_OK)
		sv->result = SAVE_FAILED;
	*stored_seq = sv->stored;
	return sv->result;
}

enum save_result
attempt_flag(struct store *s, const struct attempt *t, const char *item, int flagged)
{
	struct save sv = { t->id, 0, 0, 0, flagged != 0, 1, NULL, SAVE_FAILED, NULL, NULL };
	long n;

	if ((n = item_number(item)) < 1)
		return SAVE_BAD;
	sv.pos = (int)n - 1;
	store_write(s, save_fn, &sv);
	return sv.result;
}

/* ---- grading ---- */

static attempt_hook finish_hook;
static void *finish_ctx;

struct finish {
	int64_t attempt;
	const char *state;
};

/* An attempt graded from its committed responses. */
struct graded {
	size_t n;
	double *fraction;		/* per position */
	int64_t *version;		/* the item version each was graded with */
	struct grade_result total;
	char *result;			/* the result JSON (from the arena) */
};

/* Grades attempt under its exam definition def. With latest, each item
 * is graded with the newest version of the same item in the same
 * language, when that version has the same shape (type and number of
 * answers and pairs: the stored layout still maps onto it), which is how
 * a fixed key reaches past attempts. Works on any connection. 0 or -1. */
static int
grade_attempt(struct db *d, struct arena *a, int64_t attempt, const char *def,
    int latest, struct graded *g)
{
	static const char items[] =
	    "SELECT ai.position, ai.section, ai.layout, iv.id, iv.data, r.response, "
	    "(SELECT nv.id FROM item_versions nv WHERE nv.item_id = iv.item_id "
	    " AND nv.lang = iv.lang ORDER BY nv.id DESC LIMIT 1) "
	    "FROM attempt_items ai JOIN item_versions iv ON iv.id = ai.item_version_id "
	    "LEFT JOIN responses r ON r.attempt_id = ai.attempt_id AND r.position = ai.position "
	    "WHERE ai.attempt_id = ? ORDER BY ai.position";
	static const char version[] = "SELECT data FROM item_versions WHERE id = ?";
	struct q_bank errs;
	struct exam e;
	struct grade_item *gi = NULL;
	struct grade_section *gs;
	json_t *res_items = json_array(), *res_secs = json_array(), *result;
	sqlite3_stmt *q;
	char *text;
	int rc = -1;

	memset(g, 0, sizeof *g);
	q_bank_init(&errs, a, "exam");
	if (def == NULL || exam_parse(a, def, strlen(def), &e, &errs) != 0 ||
	    (q = db_stmt(d, items)) == NULL)
		goto done;
	gs = arena_alloc(a, (e.nsections + 1) * sizeof *gs);
	for (size_t i = 0; i < e.nsections; i++)
		gs[i].min_percent = e.sections[i].min_percent;
	sqlite3_bind_int64(q, 1, attempt);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int pos = sqlite3_column_int(q, 0);
		json_t *lay = json_loads((const char *)sqlite3_column_text(q, 2), 0, NULL);
		int64_t shown = sqlite3_column_int64(q, 3), newest = sqlite3_column_int64(q, 6);
		const struct question *qq = load_question(d, a, shown,
		    (const char *)sqlite3_column_text(q, 4));
		const char *rtext = (const char *)sqlite3_column_text(q, 5);
		json_t *resp = rtext ? json_loads(rtext, JSON_DECODE_ANY, NULL) : NULL;
		struct response r;
		const char *err;
		size_t n = g->n;

		g->fraction = arena_grow(a, g->fraction, n, n + 1, sizeof *g->fraction);
		g->version = arena_grow(a, g->version, n, n + 1, sizeof *g->version);
		gi = arena_grow(a, gi, n, n + 1, sizeof *gi);
		g->version[n] = shown;
		if (latest && qq != NULL && newest != shown) {
			sqlite3_stmt *v = db_stmt(d, version);
			const struct question *nq = NULL;

			if (v != NULL) {
				sqlite3_bind_int64(v, 1, newest);
				if (sqlite3_step(v) == SQLITE_ROW)
					nq = load_question(d, a, newest,
					    (const char *)sqlite3_column_text(v, 0));
				sqlite3_reset(v);
			}
			if (nq != NULL && nq->type == qq->type && nq->nanswers == qq->nanswers &&
			    nq->npairs == qq->npairs && nq->single == qq->single) {
				qq = nq;
				g->version[n] = newest;
			}
		}
		gi[n].section = sqlite3_column_int(q, 1);
		gi[n].weight = qq ? qq->default_mark : 0;
		gi[n].fraction = 0;
		if (qq != NULL && form_response(qq, lay, resp, a, &r, &err) == 0)
			gi[n].fraction = grade_fraction(qq, &r);
		g->fraction[n] = gi[n].fraction;
		json_array_append_new(res_items, json_pack("{s:s,s:i,s:f,s:f,s:f}",
		    "id", arena_printf(a, "i%d", pos + 1), "section", gi[n].section,
		    "fraction", gi[n].fraction, "mark", gi[n].weight,
		    "score", gi[n].fraction * gi[n].weight));
		json_decref(lay);
		json_decref(resp);
		g->n++;
	}
	sqlite3_reset(q);
	grade_total(gi, g->n, gs, e.nsections, e.pass_percent, &g->total);
	for (size_t i = 0; i < e.nsections; i++)
		json_array_append_new(res_secs, json_pack("{s:s,s:{s:s?,s:s?},s:f,s:f,s:f,s:f,s:b}",
		    "category", e.sections[i].category,
		    "title", "en", e.sections[i].title_en, "zh-TW", e.sections[i].title_zh,
		    "score", gs[i].score, "max", gs[i].max, "percent", gs[i].percent,
		    "min_percent", gs[i].min_percent, "passed", gs[i].passed));
	result = json_pack("{s:o,s:o}", "sections", res_secs, "items", res_items);
	res_secs = res_items = NULL;
	text = json_dumps(result, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(result);
	if (text != NULL) {
		g->result = arena_strdup(a, text);
		free(text);
		rc = 0;
	}
done:
	json_decref(res_items);
	json_decref(res_secs);
	return rc;
}

/* Stores g's per-item fractions (and graded versions) of attempt. */
static int
store_items(struct db *d, int64_t attempt, const struct graded *g)
{
	static const char set_item[] =
	    "UPDATE attempt_items SET fraction = ?, graded_version_id = ? "
	    "WHERE attempt_id = ? AND position = ?";

	for (size_t i = 0; i < g->n; i++) {
		sqlite3_stmt *q = db_stmt(d, set_item);
		int rc;

		if (q == NULL)
			return -1;
		sqlite3_bind_double(q, 1, g->fraction[i]);
		sqlite3_bind_int64(q, 2, g->version[i]);
		sqlite3_bind_int64(q, 3, attempt);
		sqlite3_bind_int(q, 4, (int)i);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

static int
finish_fn(struct db *d, void *ctx)
{
	static const char head[] =
	    "SELECT exam_def, state FROM attempts WHERE id = ?";
	static const char close[] =
	    "UPDATE attempts SET state = ?, finished_at = ?, score = ?, max_score = ?, "
	    "percent = ?, passed = ?, result = ? WHERE id = ? AND state = 'running'";
	struct finish *f = ctx;
	struct arena *a = arena_new();
	sqlite3_stmt *q = db_stmt(d, head);
	struct graded g;
	char *def = NULL, *state = NULL;
	int rc = -1;

	if (q == NULL)
		goto done;
	sqlite3_bind_int64(q, 1, f->attempt);
	if (sqlite3_step(q) == SQLITE_ROW) {
		def = col_text(a, q, 0);
		state = col_text(a, q, 1);
	}
	sqlite3_reset(q);
	if (state == NULL || strcmp(state, "running") != 0) {
		rc = 0;		/* already closed: submitting again changes nothing */
		goto done;
	}
	if (grade_attempt(d, a, f->attempt, def, 0, &g) != 0 ||
	    store_items(d, f->attempt, &g) != 0 || (q = db_stmt(d, close)) == NULL)
		goto done;
	sqlite3_bind_text(q, 1, f->state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, attempt_now_ms());
	sqlite3_bind_double(q, 3, g.total.score);
	sqlite3_bind_double(q, 4, g.total.max);
	sqlite3_bind_double(q, 5, g.total.percent);
	sqlite3_bind_int(q, 6, g.total.passed);
	sqlite3_bind_text(q, 7, g.result, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 8, f->attempt);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(q);
done:
	arena_free(a);
	return rc;
}

struct regrade {
	int64_t attempt;
	int apply;
	struct attempt_regrade *out;
};

static int
regrade_fn(struct db *d, void *ctx)
{
	static const char head[] =
	    "SELECT exam_def, state, score, percent, passed FROM attempts WHERE id = ?";
	static const char set[] =
	    "UPDATE attempts SET score = ?, max_score = ?, percent = ?, passed = ?, "
	    "result = ?, regrade_note = ? WHERE id = ?";
	struct regrade *rg = ctx;
	struct arena *a = arena_new();
	sqlite3_stmt *q = db_stmt(d, head);
	struct graded g;
	char *def = NULL, *state = NULL, *note;
	int rc = -1;

	if (q == NULL)
		goto done;
	sqlite3_bind_int64(q, 1, rg->attempt);
	if (sqlite3_step(q) == SQLITE_ROW) {
		def = col_text(a, q, 0);
		state = col_text(a, q, 1);
		rg->out->before = sqlite3_column_double(q, 3);
		rg->out->passed_before = sqlite3_column_int(q, 4);
	}
	sqlite3_reset(q);
	if (state == NULL || strcmp(state, "running") == 0 ||
	    grade_attempt(d, a, rg->attempt, def, 1, &g) != 0)
		goto done;
	rg->out->after = g.total.percent;
	rg->out->passed_after = g.total.passed;
	rc = 0;
	if (!rg->apply || fabs(rg->out->after - rg->out->before) < 1e-9)
		goto done;
	note = rg->out->passed_before && !g.total.passed ?
	    arena_printf(a, "regraded %lld: no longer passes (%.1f%% -> %.1f%%); "
	    "its certificate is not revoked automatically", (long long)(attempt_now_ms() / 1000),
	    rg->out->before, g.total.percent) :
	    arena_printf(a, "regraded %lld: %.1f%% -> %.1f%%",
	    (long long)(attempt_now_ms() / 1000), rg->out->before, g.total.percent);
	if (store_items(d, rg->attempt, &g) != 0 || (q = db_stmt(d, set)) == NULL) {
		rc = -1;
		goto done;
	}
	sqlite3_bind_double(q, 1, g.total.score);
	sqlite3_bind_double(q, 2, g.total.max);
	sqlite3_bind_double(q, 3, g.total.percent);
	sqlite3_bind_int(q, 4, g.total.passed);
	sqlite3_bind_text(q, 5, g.result, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, rg->attempt);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(q);
	if (rc == 0)
		rc = db_audit(d, "attempt.regrade", note);
done:
	arena_free(a);
	return rc;
}

int
attempt_regrade(struct store *s, int64_t attempt_id, int apply,
    struct attempt_regrade *out)
{
	struct regrade rg = { attempt_id, apply, out };

	memset(out, 0, sizeof *out);
	if (!apply)
		return regrade_fn(store_db(s), &rg);	/* a preview reads only */
	if (store_write(s, regrade_fn, &rg) != 0)
		return -1;
	/* Newly passing: the finish hook issues the certificate. */
	if (out->passed_after && !out->passed_before && finish_hook != NULL)
		finish_hook(s, attempt_id, finish_ctx);
	return 0;
}

void
attempt_on_finish(attempt_hook fn, void *ctx)
{
	finish_hook = fn;
	finish_ctx = ctx;
}

int
attempt_finish(struct store *s, int64_t attempt_id, const char *state)
{
	struct finish f = { attempt_id, state };

	if (store_write(s, finish_fn, &f) != 0)
		return -1;
	if (finish_hook != NULL)
		finish_hook(s, attempt_id, finish_ctx);
	return 0;
}

json_t *
attempt_result(struct store *s, struct arena *a, const struct attempt *t,
    int for_trainer)
{
	json_t *def = json_loads(t->exam_def, 0, NULL), *stored, *out;
	const char *review = json_string_value(json_object_get(def, "review"));

	(void)s;
	(void)a;
	if (!t->graded || t->result == NULL) {
		json_decref(def);
		return NULL;
	}
	if (review == NULL)
		review = "by_section";
	if (for_trainer)
		review = "by_item";
	stored = json_loads(t->result, 0, NULL);
	out = json_pack("{s:s,s:f,s:f,s:f,s:b,s:O?,s:s}", "state", t->state,
	    "score", t->score, "max_score", t->max_score, "percent", t->percent,
	    "passed", t->passed, "pass_percent", json_object_get(def, "pass_percent"),
	    "review", review);
	if (out != NULL && strcmp(review, "score") != 0)
		json_object_set(out, "sections", json_object_get(stored, "sections"));
	if (out != NULL && (strcmp(review, "by_item") == 0 || strcmp(review, "with_keys") == 0))
		json_object_set(out, "items", json_object_get(stored, "items"));
	json_decref(stored);
	json_decref(def);
	return out;
}

/* ---- integrity and the sweeper ---- */

struct event {
	int64_t attempt;
	const char *kind, *detail;
};

static int
event_fn(struct db *d, void *ctx)
{
	static const char count[] =
	    "SELECT count(*) FROM integrity_events WHERE attempt_id = ?";
	static const char ins[] =
	    "INSERT INTO integrity_events(attempt_id, at, kind, detail) VALUES (?, ?, ?, ?)";
	struct event *ev = ctx;
	sqlite3_stmt *q = db_stmt(d, count);
	int n = 0, rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, ev->attempt);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	if (n >= 1000 || (q = db_stmt(d, ins)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, ev->attempt);
	sqlite3_bind_int64(q, 2, attempt_now_ms());
	sqlite3_bind_text(q, 3, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, ev->detail, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
attempt_event(struct store *s, const struct attempt *t, const char *kind,
    const char *detail)
{
	struct event ev = { t->id, kind, detail };

	if (strcmp(t->state, "running") != 0)
		return -1;
	return store_write(s, event_fn, &ev);
}

int
attempt_sweep(struct store *s)
{
	static const char sql[] =
	    "SELECT id FROM attempts WHERE state = 'running' "
	    "AND deadline + grace_s * 1000 < ? LIMIT 500";
	sqlite3_stmt *q = db_stmt(store_db(s), sql);
	int64_t ids[500];
	int n = 0;

	if (q == NULL)
		return 0;
	sqlite3_bind_int64(q, 1, attempt_now_ms());
	while (n < 500 && sqlite3_step(q) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	for (int i = 0; i < n; i++)
		attempt_finish(s, ids[i], "expired");
	return n;
}

static pthread_t sweeper;
static pthread_mutex_t sweep_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sweep_cv = PTHREAD_COND_INITIALIZER;
static int sweep_stop, sweep_running;

static void *
sweeper_main(void *arg)
{
	struct store *s = arg;

	pthread_mutex_lock(&sweep_mu);
	while (!sweep_stop) {
		struct timespec until;

		pthread_mutex_unlock(&sweep_mu);
		attempt_sweep(s);
		pthread_mutex_lock(&sweep_mu);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (!sweep_stop)
			pthread_cond_timedwait(&sweep_cv, &sweep_mu, &until);
	}
	pthread_mutex_unlock(&sweep_mu);
	return NULL;
}

int
attempt_sweeper_start(struct store *s)
{
	sweep_stop = 0;
	if (pthread_create(&sweeper, NULL, sweeper_main, s) != 0)
		return -1;
	sweep_running = 1;
	return 0;
}

void
attempt_sweeper_stop(void)
{
	if (!sweep_running)
		return;
	pthread_mutex_lock(&sweep_mu);
	sweep_stop = 1;
	pthread_cond_signal(&sweep_cv);
	pthread_mutex_unlock(&sweep_mu);
	pthread_join(sweeper, NULL);
	sweep_running = 0;
}

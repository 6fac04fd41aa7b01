/*
 * cert_programme.c - when a graded attempt completes a certification
 * programme (programme.h), its certificate: the attempt passes a part,
 * and every part has a passing attempt of the learner such that all
 * their finish times lie within the programme's window. Each part's best
 * passing attempt inside the window counts; of the windows that fit, the
 * one with the best mean percent is taken, and that mean is the score
 * the certificate shows. Depends on the programmes (programme.c) and the
 * rest of the certificate module (cert.c issues it).
 */
#include "cert.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "cert_int.h"
#include "cert_pdf_int.h"
#include "programme.h"

const char cert_programme_held[] =
    "SELECT serial FROM certificates WHERE programme_id = ?1 AND user_id = ?2 "
    "AND revoked_at IS NULL AND superseded_by IS NULL "
    "AND (expires_at IS NULL OR expires_at = 0 OR expires_at > ?3) ORDER BY id DESC LIMIT 1";

int64_t
cert_attempt_user(struct db *d, int64_t attempt)
{
	return db_one_int(db_stmt_int(d, "SELECT user_id FROM attempts WHERE id = ?", attempt),
	    0);
}

/* One passing attempt of a part. */
struct pass {
	int64_t id, at;		/* finished_at, ms */
	double percent;
};

/* The learner's passing attempts of part, into *out (from a). */
static size_t
passes(struct db *d, struct arena *a, int64_t user, const struct programme_part *pt,
    struct pass **out)
{
	static const char sql[] =
	    "SELECT id, finished_at, percent FROM attempts WHERE user_id = ?1 AND exam_id = ?2 "
	    "AND state != 'running' AND finished_at IS NOT NULL "
	    "AND CASE WHEN ?3 > 0 THEN percent >= ?3 ELSE passed = 1 END ORDER BY finished_at";
	struct stmt *st = db_stmt_int(d, sql, user);
	size_t n = 0;

	*out = NULL;
	if (st == NULL)
		return 0;
	db_bind_text(st, 2, pt->exam);
	db_bind_double(st, 3, pt->pass_percent);
	while (db_row(st)) {
		*out = arena_grow(a, *out, n, n + 1, sizeof **out);
		(*out)[n].id = db_col_int64(st, 0);
		(*out)[n].at = db_col_int64(st, 1);
		(*out)[n].percent = db_col_double(st, 2);
		n++;
	}
	db_end(st);
	return n;
}

/* The best mean percent of a set completing p with the attempt trig
 * (of part self) in it, within the window; -1 if no set fits. */
static double
best_set(struct db *d, struct arena *a, const struct programme *p, size_t self,
    int64_t user, const struct pass *trig)
{
	int64_t w = (int64_t)p->within_days * 86400 * 1000;
	struct pass **all = arena_alloc(a, p->nparts * sizeof *all);
	size_t *cnt = arena_alloc(a, p->nparts * sizeof *cnt);
	double best = -1;

	for (size_t i = 0; i < p->nparts; i++)
		cnt[i] = i == self ? 0 : passes(d, a, user, &p->parts[i], &all[i]);
	/* A fitting window starts at its earliest finish: trig's, or one of
	 * another part's within w before it. */
	for (size_t i = 0; i <= p->nparts; i++) {
		for (size_t j = 0; j < (i == p->nparts ? 1 : cnt[i]); j++) {
			int64_t lo = i == p->nparts ? trig->at : all[i][j].at, hi = lo + w;
			double sum = trig->percent;
			size_t have = 1;

			if (lo > trig->at || lo < trig->at - w)
				continue;
			for (size_t k = 0; k < p->nparts; k++) {
				double top = -1;

				if (k == self)
					continue;
				for (size_t m = 0; m < cnt[k]; m++)
					if (all[k][m].at >= lo && all[k][m].at <= hi &&
					    all[k][m].percent > top)
						top = all[k][m].percent;
				if (top < 0)
					break;
				sum += top;
				have++;
			}
			if (have == p->nparts && sum / (double)p->nparts > best)
				best = sum / (double)p->nparts;
		}
	}
	return best;
}

int
cert_issue_programmes(struct store *s, const struct signing_key *k, int64_t attempt_id,
    struct arena *a, char ***serials, size_t *n)
{
	static const char att[] =
	    "SELECT user_id, exam_id, percent, passed, finished_at FROM attempts "
	    "WHERE id = ? AND state != 'running' AND finished_at IS NOT NULL";
	static const char progs[] =
	    "SELECT programme_id, position FROM programme_parts WHERE exam_id = ? "
	    "ORDER BY programme_id";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt_int(d, att, attempt_id);
	struct pass trig;
	int64_t user;
	int passed, rc = 0;
	char *exam, **ids = NULL;
	size_t nids = 0;

	if (st == NULL || !db_row(st)) {
		db_end(st);
		return 0;
	}
	user = db_col_int64(st, 0);
	exam = db_text(a, st, 1);
	trig.id = attempt_id;
	trig.percent = db_col_double(st, 2);
	passed = db_col_int(st, 3);
	trig.at = db_col_int64(st, 4);
	db_end(st);
	if ((st = db_stmt_text(d, progs, exam)) == NULL)
		return -1;
	while (db_row(st)) {
		ids = arena_grow(a, ids, nids, nids + 1, sizeof *ids);
		ids[nids++] = db_text(a, st, 0);
	}
	db_end(st);
	for (size_t i = 0; i < nids; i++) {
		struct programme p;
		size_t self;
		double mean;
		char *serial = NULL;

		if (!programme_load(s, a, ids[i], &p) || p.valid_years <= 0)
			continue;
		for (self = 0; self < p.nparts && strcmp(p.parts[self].exam, exam) != 0; self++)
			;
		if (self == p.nparts || (p.parts[self].pass_percent > 0 ?
		    trig.percent < p.parts[self].pass_percent : passed != 1))
			continue;	/* this attempt does not pass its part */
		if ((st = db_stmt_text(d, cert_programme_held, p.id)) == NULL)
			return -1;
		db_bind_int64(st, 2, user);
		db_bind_int64(st, 3, (int64_t)time(NULL));
		if (db_exists(st))
			continue;	/* held, in force */
		if ((mean = best_set(d, a, &p, self, user, &trig)) < 0)
			continue;	/* a part still to pass, or not within the window */
		switch (cert_issue_programme(s, k, attempt_id, p.id, (int)lround(mean * 100.0),
		    a, &serial)) {
		case 1:
			*serials = arena_grow(a, *serials, *n, *n + 1, sizeof **serials);
			(*serials)[(*n)++] = serial;
			break;
		case -1:
			rc = -1;
			break;
		}
	}
	return rc;
}

char *
cert_programme_parts(struct store *s, struct arena *a, const char *programme, int pdf)
{
	static const char sql[] =
	    "SELECT json_extract(definition, '$.title.zh-TW'), "
	    "json_extract(definition, '$.title.en') FROM exams WHERE id = ?";
	struct programme p;
	char *line = NULL;

	if (!programme_load(s, a, programme, &p))
		return pdf ? NULL : arena_strdup(a, programme);	/* gone: its id */
	for (size_t i = 0; i < p.nparts; i++) {
		struct stmt *st = db_stmt_text(store_db(s), sql, p.parts[i].exam);
		const char *t = p.parts[i].exam;

		if (st != NULL && db_row(st) && db_col_type(st, 0) == DB_TEXT &&
		    db_col_type(st, 1) == DB_TEXT)
			t = arena_printf(a, "%s %s", db_col_text(st, 0),
			    db_col_text(st, 1));
		db_end(st);
		line = line == NULL ? arena_strdup(a, t) : arena_printf(a, "%s · %s", line, t);
	}
	return pdf && line != NULL ? arena_printf(a, "%s %s %s", cert_pdf_words.parts_zh,
	    cert_pdf_words.parts_en, line) : line;
}

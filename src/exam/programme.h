/*
 * programme.h - certification programmes: several exams (its parts),
 * one certificate. A learner completes a programme by passing every part
 * with finish times that all lie within its window of days; the
 * certificate itself is issued by the certificate module
 * (cert_issue_programme). A part exam alone issues no certificate, even
 * when its own definition names one.
 *
 * A definition:
 *   {"id", "title":{"en","zh-TW"}, "description"?:{"en","zh-TW"},
 *    "parts":[{"exam","pass_percent"?}, ...], "within_days",
 *    "certificate":{"valid_years"}}
 * id [a-z0-9-]{1,64}; 2..10 parts naming distinct existing exams, each
 * with a "certificate" of its own (which it does not issue alone: it
 * keeps the exam under the rule on shown keys, exam_overlap.h);
 * pass_percent 0 < p <= 100, or absent for the exam's own pass rule;
 * within_days 1..3650; valid_years 1..50; any other field is refused.
 *
 * Who may add or replace one: admins; a trainer when every part exam is
 * theirs (owner.h) and, when replacing, the programme is theirs too.
 */
#ifndef AICERT_PROGRAMME_H
#define AICERT_PROGRAMME_H

#include <jansson.h>
#include <stdint.h>

#include "account.h"
#include "arena.h"
#include "store.h"

#define PROGRAMME_PARTS_MIN 2
#define PROGRAMME_PARTS_MAX 10

struct programme_part {
	char *exam;		/* an exam's id */
	double pass_percent;	/* 0: the exam's own pass rule (attempts.passed) */
};

struct programme {
	char *id;
	char *title_en, *title_zh;
	char *desc_en, *desc_zh;	/* NULL if not given */
	struct programme_part *parts;
	size_t nparts;
	int within_days;
	int valid_years;
};

/* Parses and checks the definition json (len bytes) into p (strings from
 * a), against the exams of s. Each problem is appended to errs (a JSON
 * array) as {"field","message"}, the message in lang. 0 if it is sound,
 * -2 if it is not JSON, not an object or has a field not listed above
 * (a malformed request), -1 for any other problem. */
int programme_parse(struct arena *a, struct store *s, const char *json, size_t len,
    const char *lang, struct programme *p, json_t *errs);

/* The definition as JSON (canonical: the fields in order, defaults
 * left out). */
json_t *programme_to_json(const struct programme *p);

/* Saves p as u's when the rules above allow (user 0: the command line,
 * an admin's). Returns 1 added, 2 replaced, -1 refused with *err a
 * catalog key ("programme_not_yours", "internal_error"). Audited as
 * "programme.create" / "programme.update". */
int programme_save_as(struct store *s, const struct programme *p, const struct user *u,
    const char **err);

/* Loads programme id (strings from a). 1 found, 0 not. */
int programme_load(struct store *s, struct arena *a, const char *id, struct programme *p);

/* 1 if exam is a part of some programme. */
int programme_has_exam(struct store *s, const char *exam);

/* Saving exam e would take the certificate away from a programme's part
 * (see the definition above): an error in errs, in its language, and -1;
 * else 0. */
struct exam;
struct q_bank;
int programme_exam_check(struct store *s, const struct exam *e, struct q_bank *errs);

/* Every programme, in lang: [{"id","title","titles":{"en","zh-TW"},
 * "description"?,"within_days","valid_years","parts":[{"exam","title",
 * "pass_percent"(null: the exam's)}]}]. */
json_t *programme_list(struct store *s, const char *lang);

/* One programme as programme_list shows it, plus, for learner user_id
 * (0: none), "progress": {"parts":[{"exam","passed","percent",
 * "finished_at"}] (each part's best passing attempt; percent and
 * finished_at null when none), "passed" (how many parts),
 * "complete", "certificate" (the serial held now, or null)}. NULL if
 * there is no such programme. */
json_t *programme_json(struct store *s, const char *id, const char *lang, int64_t user_id);

/* The programmes exam is a part of, each with user_id's progress, as
 * programme_json gives them (for an exam's and a result's page). */
json_t *programme_of_exam(struct store *s, const char *exam, const char *lang,
    int64_t user_id);

#endif

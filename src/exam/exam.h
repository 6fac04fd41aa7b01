/*
 * exam.h - exam definitions: the JSON of POST /api/v1/exams and of
 * `aicert exam add FILE`, read into a struct and checked, and written back.
 *
 * Pure C on jansson: no HTTP, no SQL; drawing items and grading live
 * elsewhere. A definition, with every field (only id, title, duration_s,
 * pass_percent and sections are required; null means "not given"):
 *
 *   {"id": "ai-basics", "title": {"en": "AI Basics", "zh-TW": "AI 基礎"},
 *    "description": {"en": "...", "zh-TW": "..."}, "bank": "core",
 *    "duration_s": 3600, "grace_s": 30, "pass_percent": 70,
 *    "attempts": 3, "wait_between_attempts_s": 86400,
 *    "available_from": "2026-12-01T09:00:00+08:00",
 *    "available_until": "2026-12-31T17:00:00+08:00",
 *    "languages": ["zh-TW", "en"], "shuffle_items": true,
 *    "shuffle_choices": true, "review": "by_section",
 *    "certificate": {"valid_years": 2},
 *    "seb": {"config_keys": ["<64 hex>"], "browser_exam_keys": []},
 *    "sections": [{"category": "ai/prompting", "count": 10,
 *                  "min_percent": 50,
 *                  "difficulty": {"easy": 3, "medium": 5, "hard": 2},
 *                  "title": {"en": "Prompting", "zh-TW": "提示"}},
 *                 {"competency": "AIL.2", "count": 5}]}
 *
 * Field names that are not known are errors, so a typo cannot silently
 * fall back to a default.
 */
#ifndef AICERT_EXAM_H
#define AICERT_EXAM_H

#include <stddef.h>

#include <jansson.h>

#include "arena.h"
#include "question.h"

/* What a learner sees after submitting. */
enum exam_review {
	REVIEW_SCORE,		/* "score": the score and pass/fail only */
	REVIEW_BY_SECTION,	/* "by_section" (default): plus each section */
	REVIEW_BY_ITEM,		/* "by_item": plus right/wrong per item */
	REVIEW_WITH_KEYS,	/* "with_keys": plus the keys and feedback */
};

/* One part of the blueprint: count items drawn from a category or from
 * a competency; exactly one of the two is set. */
struct exam_section {
	char *category;		/* "a/b": draws from it and every subcategory */
	char *competency;	/* "AIL.2": draws items tagged with it or any
				 * competency beneath it (blueprint.h) */
	int count;		/* items to draw, 1 .. EXAM_SECTION_MAX */
	double min_percent;	/* section minimum to pass, 0 = none */
	int mix[4];		/* difficulty mix: [1] easy, [2] medium, [3] hard;
				 * all 0 = any difficulty, else sums to count;
				 * [0] unused */
	char *title_en, *title_zh;	/* NULL if not given */
};

struct exam {
	char *id;		/* [a-z0-9-], 1..64 bytes */
	char *title_en, *title_zh;	/* both required */
	char *desc_en, *desc_zh;	/* NULL if not given */
	char *bank;		/* bank the sections draw from; NULL = any */
	int duration_s;		/* 1 .. 86400 */
	int grace_s;		/* 0 .. 600, default 30 */
	double pass_percent;	/* 0 < p <= 100 */
	int attempts;		/* per learner; 0 (default) = unlimited */
	int wait_s;		/* between attempts, default 0 */
	long long opens_at;	/* Unix seconds; 0 = no start */
	long long closes_at;	/* Unix seconds; 0 = no end; else > opens_at */
	char **languages;	/* "zh-TW" and/or "en", in the order given; */
	size_t nlanguages;	/* default both */
	int shuffle_items;	/* default 1 */
	int shuffle_choices;	/* default 1 */
	enum exam_review review;	/* default REVIEW_BY_SECTION */
	int cert_valid_years;	/* 0 = no certificate */
	struct exam_section *sections;	/* at least one; categories distinct,
					 * competencies distinct */
	size_t nsections;
	/* "seb": Safe Exam Browser required (exam_seb.h) when either list
	 * has a key: each 64 lowercase hex digits, at most EXAM_SEB_KEYS */
	char **seb_config_keys;		/* Config Keys */
	size_t nseb_config_keys;
	char **seb_exam_keys;		/* Browser Exam Keys */
	size_t nseb_exam_keys;
	int checkin;		/* "checkin": a learner booked into a sitting
				 * starts only once a proctor checked them in */
};

#define EXAM_SEB_KEYS 16	/* keys of one kind an exam may list */

#define EXAM_SECTION_MAX 500	/* items one section may draw */
#define EXAM_ITEMS_MAX 1000	/* items one exam may draw */

/*
 * Reads and checks the JSON text json[0..len) of an exam definition into
 * *e, which it overwrites (defaults filled in); every string and array is
 * allocated from a. Every problem is recorded in errs with a message in
 * errs->lang naming the field, e.g. `"sections"[2].count must be a whole
 * number from 1 to 500` (sections count from 0, as in jq); its line is
 * jansson's for a JSON syntax error, else 0. After a problem it goes on,
 * so that one reply can list them all. Returns 0 if the definition is
 * valid, else -1, with *e holding what could be read.
 */
int exam_parse(struct arena *a, const char *json, size_t len, struct exam *e,
    struct q_bank *errs);

/* How a form that built a definition names its fields, so that messages
 * speak of what the form shows (its labels, in errs->lang, in its units)
 * rather than of JSON paths. */
struct exam_names {
	/* The name of the field at path (as messages write paths:
	 * "\"duration_s\"", "\"sections\"[2].count") in lang, from a; or
	 * NULL to name it by its path. *scale (1 when called) takes how many
	 * definition units one unit of the form's field is (60: the form
	 * asks minutes for a time in seconds). */
	const char *(*name)(void *ctx, struct arena *a, const char *lang,
	    const char *path, int *scale);
	void *ctx;
};

/* The same for a definition already held as JSON (root: any value,
 * neither changed nor stolen), as a form builds it: no text and no line
 * numbers; a root that is not an object is an error on line 1. Fields are
 * named by names, or by their paths when names is NULL. */
int exam_parse_json(struct arena *a, json_t *root, struct exam *e,
    struct q_bank *errs, const struct exam_names *names);

/*
 * The canonical JSON of e: the shape exam_parse reads, with every field
 * present (defaults written out, absent optional values as null, times as
 * UTC "YYYY-MM-DDTHH:MM:SSZ"). A new reference the caller json_decref()s;
 * NULL if a string of e is not valid UTF-8 or memory ran out.
 */
json_t *exam_to_json(const struct exam *e);

/* Items one attempt draws: the sum of the section counts. */
int exam_item_count(const struct exam *e);

/* "score", "by_section", "by_item", "with_keys". */
const char *exam_review_name(enum exam_review r);

#endif

/*
 * ui_console_exam.c - the console's exam pages: the definition form (new
 * and edit; it builds the definition POST /api/v1/exams takes, as JSON,
 * reads it with exam_parse_json and saves it with exam_save_as, the
 * API's checks and messages), and the overview of one exam: results with filters,
 * the score histogram (SVG drawn here), pass rates by sitting, sittings,
 * links to the item statistics and the cohort by competency
 * (ui_console_cohort.c), regrading (preview, then apply). Its revoke buttons
 * post to ui_console_cert.c. Trainers reach only the exams they may
 * manage.
 */
#include "handlers.h"
#include "scorefmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank_store.h"
#include "blueprint.h"
#include "exam.h"
#include "exam_store.h"
#include "owner.h"
#include "people.h"
#include "results.h"
#include "timefmt.h"

#define MIN_ROWS 1		/* section rows the form shows at least */
#define MAX_ROWS 50

/* ---- the definition form ----
 *
 * The form's state is a flat JSON object of strings (what the fields
 * hold), so a form sent back with errors shows exactly what was typed:
 * {"id","title_en","title_zh","desc_en","desc_zh","bank","minutes","grace",
 *  "pass","attempts","wait_hours","opens","closes","lang_zh","lang_en",
 *  "review","shuffle_items","shuffle_choices","cert_years","checkin",
 *  "sections":[{"category","competency","count","min","title_en","title_zh",
 *  "easy","medium","hard"}]}: a row draws from its category or from its
 *  competency. */

static const char *const review_names[] = { "score", "by_section", "by_item", "with_keys" };

/* v as the shortest text that reads back the same ("%g"). */
static json_t *
str(struct arena *a, double v)
{
	return json_string(arena_printf(a, "%g", v));
}

/* The state of an existing exam. */
static json_t *
state_of_exam(struct req *r, const struct exam *e)
{
	struct arena *a = r->arena;
	json_t *st = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?}", "id", e->id,
	    "title_en", e->title_en, "title_zh", e->title_zh, "desc_en", e->desc_en,
	    "desc_zh", e->desc_zh, "bank", e->bank);
	json_t *secs = json_array();

	json_object_set_new(st, "minutes", str(a, e->duration_s / 60.0));
	json_object_set_new(st, "grace", str(a, e->grace_s));
	json_object_set_new(st, "pass", str(a, e->pass_percent));
	json_object_set_new(st, "attempts", str(a, e->attempts));
	json_object_set_new(st, "wait_hours", str(a, e->wait_s / 3600.0));
	json_object_set_new(st, "opens", json_string(ui_console_time(a, e->opens_at, 1)));
	json_object_set_new(st, "closes", json_string(ui_console_time(a, e->closes_at, 1)));
	for (size_t i = 0; i < e->nlanguages; i++)
		json_object_set_new(st, strcmp(e->languages[i], "zh-TW") == 0 ? "lang_zh" :
		    "lang_en", json_true());
	json_object_set_new(st, "review", json_string(exam_review_name(e->review)));
	json_object_set_new(st, "shuffle_items", json_boolean(e->shuffle_items));
	json_object_set_new(st, "shuffle_choices", json_boolean(e->shuffle_choices));
	json_object_set_new(st, "checkin", json_boolean(e->checkin));
	json_object_set_new(st, "cert_years", str(a, e->cert_valid_years));
	for (size_t i = 0; i < e->nsections; i++) {
		const struct exam_section *s = &e->sections[i];
		json_t *row = json_pack("{s:s, s:s, s:o, s:o, s:s?, s:s?}", "category",
		    s->category ? s->category : "", "competency", s->competency ? s->competency : "",
		    "count", str(a, s->count),
		    "min", s->min_percent > 0 ? str(a, s->min_percent) : json_string(""),
		    "title_en", s->title_en, "title_zh", s->title_zh);

		if (s->mix[1] || s->mix[2] || s->mix[3]) {
			json_object_set_new(row, "easy", str(a, s->mix[1]));
			json_object_set_new(row, "medium", str(a, s->mix[2]));
			json_object_set_new(row, "hard", str(a, s->mix[3]));
		}
		json_array_append_new(secs, row);
	}
	json_object_set_new(st, "sections", secs);
	return st;
}

/* The state of a new exam: the usual choices. */
static json_t *
state_new(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:b, s:b, s:s, s:[]}",
	    "minutes", "60", "grace", "30", "pass", "70", "attempts", "0", "wait_hours", "0",
	    "lang_zh", 1, "lang_en", 1, "review", "by_section", "shuffle_items", 1,
	    "shuffle_choices", 1, "cert_years", "0", "sections");
}

static void
set_field(struct req *r, json_t *o, const char *key, const char *field)
{
	const char *v = req_form(r, field);

	json_object_set_new(o, key, json_string(v ? v : ""));
}

/* The state of a posted form. */
static json_t *
state_of_form(struct req *r)
{
	static const char *const fields[] = { "id", "title_en", "title_zh", "desc_en",
	    "desc_zh", "bank", "minutes", "grace", "pass", "attempts", "wait_hours", "opens",
	    "closes", "review", "cert_years" };
	static const char *const row_fields[] = { "category", "count", "min", "title_en",
	    "title_zh", "easy", "medium", "hard", "competency" };
	const char *ns = req_form(r, "nsections");
	int n = ns ? atoi(ns) : 0;
	json_t *st = json_object(), *secs = json_array();

	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		set_field(r, st, fields[i], fields[i]);
	json_object_set_new(st, "lang_zh", json_boolean(req_form(r, "lang_zh") != NULL));
	json_object_set_new(st, "lang_en", json_boolean(req_form(r, "lang_en") != NULL));
	json_object_set_new(st, "shuffle_items", json_boolean(req_form(r, "shuffle_items") != NULL));
	json_object_set_new(st, "shuffle_choices", json_boolean(req_form(r,
	    "shuffle_choices") != NULL));
	json_object_set_new(st, "checkin", json_boolean(req_form(r, "checkin") != NULL));
	if (n > MAX_ROWS)
		n = MAX_ROWS;
	for (int i = 0; i < n; i++) {
		json_t *row = json_object();

		for (size_t k = 0; k < sizeof row_fields / sizeof *row_fields; k++)
			set_field(r, row, row_fields[k], arena_printf(r->arena, "s%d.%s", i,
			    row_fields[k]));
		json_array_append_new(secs, row);
	}
	json_object_set_new(st, "sections", secs);
	return st;
}

static const char *
sget(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

/* A number field as JSON, times scale; absent when empty; the text itself
 * when it is not a number, so that exam_parse names the field. */
static void
put_num(json_t *o, const char *key, const char *text, double scale)
{
	char *end;
	double d;

	while (*text == ' ')
		text++;
	if (*text == '\0')
		return;
	d = strtod(text, &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || !isfinite(d)) {
		json_object_set_new(o, key, json_string(text));
		return;
	}
	d *= scale;
	if (fabs(d - round(d)) < 1e-9 && fabs(d) < 1e15)
		json_object_set_new(o, key, json_integer((json_int_t)llround(d)));
	else
		json_object_set_new(o, key, json_real(d));
}

/* {"en","zh-TW"} with the non-empty ones, or NULL when both are empty. */
static json_t *
bilingual(const char *en, const char *zh)
{
	json_t *o;

	if (*en == '\0' && *zh == '\0')
		return NULL;
	o = json_object();
	if (*en)
		json_object_set_new(o, "en", json_string(en));
	if (*zh)
		json_object_set_new(o, "zh-TW", json_string(zh));
	return o;
}

/* A datetime-local value (the issuer's zone) as the definition's time
 * text. */
static void
put_time(struct req *r, json_t *o, const char *key, const char *v)
{
	char zone[7];

	if (*v == '\0')
		return;
	timefmt_offset_iso(zone);
	if (ui_console_parse_time(v) < 0)
		json_object_set_new(o, key, json_string(v));	/* exam_parse says why */
	else
		json_object_set_new(o, key, json_string(arena_printf(r->arena, "%.16s:00%s",
		    v, zone)));
}

/* The definition the form describes: the JSON of POST /api/v1/exams,
 * which exam_parse_json reads as it is (a new reference). */
static json_t *
definition(struct req *r, const json_t *st)
{
	json_t *d = json_object(), *langs = json_array(), *secs = json_array(), *t, *row;
	size_t i;

	json_object_set_new(d, "id", json_string(sget(st, "id")));
	json_object_set_new(d, "title", json_object());
	if ((t = bilingual(sget(st, "title_en"), sget(st, "title_zh"))) != NULL)
		json_object_set_new(d, "title", t);
	if ((t = bilingual(sget(st, "desc_en"), sget(st, "desc_zh"))) != NULL)
		json_object_set_new(d, "description", t);
	if (*sget(st, "bank"))
		json_object_set_new(d, "bank", json_string(sget(st, "bank")));
	put_num(d, "duration_s", sget(st, "minutes"), 60);
	put_num(d, "grace_s", sget(st, "grace"), 1);
	put_num(d, "pass_percent", sget(st, "pass"), 1);
	put_num(d, "attempts", sget(st, "attempts"), 1);
	put_num(d, "wait_between_attempts_s", sget(st, "wait_hours"), 3600);
	put_time(r, d, "available_from", sget(st, "opens"));
	put_time(r, d, "available_until", sget(st, "closes"));
	if (json_is_true(json_object_get(st, "lang_zh")))
		json_array_append_new(langs, json_string("zh-TW"));
	if (json_is_true(json_object_get(st, "lang_en")))
		json_array_append_new(langs, json_string("en"));
	json_object_set_new(d, "languages", langs);
	json_object_set_new(d, "shuffle_items", json_boolean(json_is_true(json_object_get(st,
	    "shuffle_items"))));
	json_object_set_new(d, "shuffle_choices", json_boolean(json_is_true(json_object_get(st,
	    "shuffle_choices"))));
	if (json_is_true(json_object_get(st, "checkin")))
		json_object_set_new(d, "checkin", json_true());
	if (*sget(st, "review"))
		json_object_set_new(d, "review", json_string(sget(st, "review")));
	if (*sget(st, "cert_years") && strcmp(sget(st, "cert_years"), "0") != 0) {
		json_t *c = json_object();

		put_num(c, "valid_years", sget(st, "cert_years"), 1);
		json_object_set_new(d, "certificate", c);
	}
	json_array_foreach(json_object_get(st, "sections"), i, row) {
		json_t *s;

		if (*sget(row, "category") == '\0' && *sget(row, "competency") == '\0')
			continue;	/* an empty row is no section */
		s = json_object();
		/* both chosen: exam_parse_json says to choose one */
		if (*sget(row, "category"))
			json_object_set_new(s, "category", json_string(sget(row, "category")));
		if (*sget(row, "competency"))
			json_object_set_new(s, "competency", json_string(sget(row, "competency")));
		put_num(s, "count", *sget(row, "count") ? sget(row, "count") : "0", 1);
		put_num(s, "min_percent", sget(row, "min"), 1);
		if ((t = bilingual(sget(row, "title_en"), sget(row, "title_zh"))) != NULL)
			json_object_set_new(s, "title", t);
		if (*sget(row, "easy") || *sget(row, "medium") || *sget(row, "hard")) {
			json_t *mix = json_object();

			put_num(mix, "easy", *sget(row, "easy") ? sget(row, "easy") : "0", 1);
			put_num(mix, "medium", *sget(row, "medium") ? sget(row, "medium") : "0", 1);
			put_num(mix, "hard", *sget(row, "hard") ? sget(row, "hard") : "0", 1);
			json_object_set_new(s, "difficulty", mix);
		}
		json_array_append_new(secs, s);
	}
	json_object_set_new(d, "sections", secs);
	return d;
}

/* The form has no field for Safe Exam Browser keys: an edit keeps the
 * stored ones (set through the API or `aicert exam add`) in def. */
static void
keep_seb(struct req *r, const char *id, json_t *def)
{
	struct exam old;
	json_t *j;

	if (!exam_load(r->store, r->arena, id, &old) || (j = exam_to_json(&old)) == NULL)
		return;
	if (json_object_get(j, "seb") != NULL)
		json_object_set(def, "seb", json_object_get(j, "seb"));
	json_decref(j);
}

/* The form's names for the definition's fields (struct exam_names): its
 * labels, sections by their row on the form; ctx is the form's state. */
static const char *
form_name(void *ctx, struct arena *a, const char *lang, const char *path, int *scale)
{
	static const struct {
		const char *path, *label;
		int scale;
	} top[] = {
		{ "\"id\"", "console_exam_id", 1 },
		{ "\"title\".en", "console_title_en", 1 },
		{ "\"title\".\"zh-TW\"", "console_title_zh", 1 },
		{ "\"description\".en", "console_desc_en", 1 },
		{ "\"description\".\"zh-TW\"", "console_desc_zh", 1 },
		{ "\"bank\"", "console_draw_from", 1 },
		{ "\"duration_s\"", "console_duration", 60 },
		{ "\"grace_s\"", "console_grace", 1 },
		{ "\"pass_percent\"", "console_pass_percent", 1 },
		{ "\"attempts\"", "console_attempts_allowed", 1 },
		{ "\"wait_between_attempts_s\"", "console_wait_hours", 3600 },
		{ "\"available_from\"", "console_opens", 1 },
		{ "\"available_until\"", "console_closes", 1 },
		{ "\"languages\"", "console_languages", 1 },
		{ "\"review\"", "console_review", 1 },
		{ "\"certificate\".valid_years", "console_cert_years", 1 },
		{ "\"sections\"", "console_sections", 1 },
	}, row[] = {
		{ "category", "console_category", 1 },
		{ "competency", "console_competency", 1 },
		{ "count", "console_count", 1 },
		{ "min_percent", "console_min_percent", 1 },
		{ "title.en", "console_section_title_en", 1 },
		{ "title.\"zh-TW\"", "console_section_title_zh", 1 },
		{ "difficulty", "console_mix", 1 },
		{ "difficulty.easy", "console_mix_easy", 1 },
		{ "difficulty.medium", "console_mix_medium", 1 },
		{ "difficulty.hard", "console_mix_hard", 1 },
	};
	const json_t *rows = json_object_get(ctx, "sections"), *r;
	const char *rest;
	char *end;
	size_t i, k = 0;
	long n;

	for (i = 0; i < sizeof top / sizeof *top; i++)
		if (strcmp(path, top[i].path) == 0) {
			*scale = top[i].scale;
			return i18n_get(lang, top[i].label);
		}
	if (strncmp(path, "\"sections\"[", 11) != 0)
		return NULL;
	n = strtol(path + 11, &end, 10);
	if (*end != ']' || n < 0)
		return NULL;
	rest = end + 1;
	/* Section n of the definition is the form's n-th row with a
	 * category or a competency: definition() leaves the empty rows out. */
	json_array_foreach(rows, i, r)
		if ((*sget(r, "category") != '\0' || *sget(r, "competency") != '\0') &&
		    (long)k++ == n)
			break;
	n = (long)i + 1;
	if (*rest == '\0')
		return i18n_msg(a, lang, "exam_form_section", "n", arena_printf(a, "%ld", n),
		    NULL);
	for (k = 0; *rest == '.' && k < sizeof row / sizeof *row; k++)
		if (strcmp(rest + 1, row[k].path) == 0)
			return i18n_msg(a, lang, "exam_form_section_field", "n", arena_printf(a,
			    "%ld", n), "field", i18n_get(lang, row[k].label), NULL);
	return NULL;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The languages of a comma-separated list, zh-TW first: "zh-TW, en". */
static const char *
langs_text(struct arena *a, const char *zh, const char *en)
{
	if (*zh && *en)
		return arena_printf(a, "%s, %s", zh, en);
	return *zh ? zh : en;
}

/* Every category of the latest bank versions, with its parents, and how
 * many questions each holds, a question counted once whatever its
 * languages, with the languages beside: [{"path","count","langs"}]
 * sorted by path ("office-ai/basics (4 · zh-TW, en)"). */
static json_t *
category_counts(struct req *r)
{
	json_t *banks = bank_list_for(r->store, &r->user), *b, *c;
	json_t *counts = json_object(), *langs = json_object(), *out = json_array();
	size_t i, k, n = 0;
	const char *path, **paths;
	json_t *v;

	json_array_foreach(banks, i, b)
		json_array_foreach(json_object_get(b, "categories"), k, c) {
			char *p = arena_strdup(r->arena, sget(c, "path"));
			json_int_t cnt = json_integer_value(json_object_get(c, "questions"));
			const char *ls = sget(c, "langs");

			/* "a/b/c" counts for "a/b/c", "a/b" and "a" */
			for (;;) {
				if (*p) {
					json_t *set = json_object_get(langs, p);

					json_object_set_new(counts, p, json_integer(cnt +
					    json_integer_value(json_object_get(counts, p))));
					if (set == NULL)
						json_object_set_new(langs, p, set = json_object());
					if (strstr(ls, "zh-TW"))
						json_object_set_new(set, "zh-TW", json_true());
					if (strstr(ls, "en"))
						json_object_set_new(set, "en", json_true());
				}
				char *slash = strrchr(p, '/');

				if (slash == NULL)
					break;
				*slash = '\0';
			}
		}
	paths = arena_alloc(r->arena, (json_object_size(counts) + 1) * sizeof *paths);
	json_object_foreach(counts, path, v)
		paths[n++] = arena_strdup(r->arena, path);
	qsort(paths, n, sizeof *paths, cmp_str);
	for (i = 0; i < n; i++) {
		json_t *set = json_object_get(langs, paths[i]);

		json_array_append_new(out, json_pack("{s:s, s:O, s:s}", "path", paths[i],
		    "count", json_object_get(counts, paths[i]), "langs", langs_text(r->arena,
		    json_object_get(set, "zh-TW") ? "zh-TW" : "",
		    json_object_get(set, "en") ? "en" : "")));
	}
	json_decref(counts);
	json_decref(langs);
	json_decref(banks);
	return out;
}

/* The title of competency c (an entry of blueprint_competencies) in the
 * page's language, "" when no framework defines it. */
static const char *
comp_title(struct req *r, const json_t *c)
{
	const char *t = json_string_value(json_object_get(json_object_get(c, "title"),
	    strcmp(r->lang, "zh-TW") == 0 ? "zh-TW" : "en"));

	return t ? t : "";
}

/* The questions of competency c in lang (every difficulty). */
static json_int_t
comp_total(const json_t *c, const char *lang)
{
	return json_integer_value(json_object_get(json_object_get(json_object_get(c, "items"),
	    lang), "total"));
}

/* The competency table beside the sections: a row per competency and
 * language, [{"first","code","title","depth","lang","easy","medium",
 * "hard","unknown","total"}], the code and title on the first row. */
static json_t *
comp_rows(struct req *r, const json_t *comps)
{
	static const char *const langs[] = { "en", "zh-TW" };
	json_t *out = json_array(), *c, *depth = json_object();
	size_t i;

	json_array_foreach(comps, i, c) {
		const char *parent = json_string_value(json_object_get(c, "parent"));
		json_int_t d = parent ? json_integer_value(json_object_get(depth, parent)) + 1 : 0;

		json_object_set_new(depth, json_string_value(json_object_get(c, "code")),
		    json_integer(d > 5 ? 5 : d));
		for (size_t l = 0; l < 2; l++) {
			json_t *per = json_object_get(json_object_get(c, "items"), langs[l]);

			json_array_append_new(out, json_pack("{s:b, s:O, s:s, s:I, s:s, s:O, s:O, s:O,"
			    " s:O, s:O}", "first", l == 0, "code", json_object_get(c, "code"),
			    "title", comp_title(r, c), "depth", d > 5 ? 5 : d,
			    "lang", i18n_get(r->lang, l == 0 ? "console_comp_lang_en" :
			    "console_comp_lang_zh"),
			    "easy", json_object_get(per, "easy"), "medium", json_object_get(per, "medium"),
			    "hard", json_object_get(per, "hard"), "unknown", json_object_get(per, "unknown"),
			    "total", json_object_get(per, "total")));
		}
	}
	json_decref(depth);
	return out;
}

/* The choices of a section's competency select, chosen selected; a code
 * the bank no longer has stays a choice. */
static json_t *
comp_options(struct req *r, const json_t *comps, const char *chosen)
{
	json_t *opts = json_array(), *c;
	size_t i;
	int found = 0;

	json_array_foreach(comps, i, c) {
		const char *code = json_string_value(json_object_get(c, "code"));
		int sel = strcmp(code, chosen) == 0;

		found |= sel;
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "code", code,
		    "label", i18n_msg(r->arena, r->lang, "console_comp_option", "code", code,
		    "title", comp_title(r, c), "en", arena_printf(r->arena, "%lld",
		    (long long)comp_total(c, "en")), "zh", arena_printf(r->arena, "%lld",
		    (long long)comp_total(c, "zh-TW")), NULL), "selected", sel));
	}
	if (!found && *chosen)	/* keep a code the bank no longer has */
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "code", chosen,
		    "label", chosen, "selected", 1));
	return opts;
}

/* The template context of the form in state st. */
static json_t *
form_ctx(struct req *r, json_t *st, const char *editing, json_t *errors)
{
	json_t *cats = category_counts(r), *reviews = json_array(), *banks, *b, *row;
	json_t *rows = json_object_get(st, "sections"), *comps, *ctx;
	const char *comp_bank = *sget(st, "bank") ? sget(st, "bank") : NULL;
	size_t i;

	banks = bank_list_for(r->store, &r->user);
	/* The competency table counts the bank the form draws from: the one
	 * chosen, else the first the list offers (a trainer's select has no
	 * empty choice), else every bank (an admin's "any bank"). */
	if (comp_bank != NULL && !owner_bank_draw(r->store, comp_bank, &r->user))
		comp_bank = NULL;	/* a bank typed in that is not the user's to count */
	if (comp_bank == NULL && r->user.role < ROLE_ADMIN && json_array_size(banks) > 0)
		comp_bank = sget(json_array_get(banks, 0), "name");
	if ((comps = blueprint_competencies(r->store, comp_bank)) == NULL)
		comps = json_array();

	while (json_array_size(rows) < MIN_ROWS)
		json_array_append_new(rows, json_object());
	json_array_foreach(rows, i, row) {
		json_t *opts = json_array(), *c;
		size_t k;
		int found = 0;
		const char *chosen = sget(row, "category");
		static const char *const keys[] = { "category", "count", "min", "title_en",
		    "title_zh", "easy", "medium", "hard", "competency" };

		/* Every key present: a missing one would show the exam's value. */
		for (k = 0; k < sizeof keys / sizeof *keys; k++)
			if (json_object_get(row, keys[k]) == NULL)
				json_object_set_new(row, keys[k], json_string(""));

		json_array_foreach(cats, k, c) {
			int sel = strcmp(sget(c, "path"), chosen) == 0;

			found |= sel;
			json_array_append_new(opts, json_pack("{s:O, s:O, s:O, s:b}", "path",
			    json_object_get(c, "path"), "count", json_object_get(c, "count"),
			    "langs", json_object_get(c, "langs"), "selected", sel));
		}
		if (!found && *chosen)	/* keep a category the banks no longer have */
			json_array_append_new(opts, json_pack("{s:s, s:i, s:b}", "path", chosen,
			    "count", 0, "selected", 1));
		json_object_set_new(row, "options", opts);
		json_object_set_new(row, "comp_options", comp_options(r, comps,
		    sget(row, "competency")));
		json_object_set_new(row, "i", json_integer((json_int_t)i));
		json_object_set_new(row, "n", json_integer((json_int_t)i + 1));
	}
	for (i = 0; i < sizeof review_names / sizeof *review_names; i++)
		json_array_append_new(reviews, json_pack("{s:s, s:s, s:b}", "value", review_names[i],
		    "label", i18n_get(r->lang, arena_printf(r->arena, "review_%s", review_names[i])),
		    "selected", strcmp(sget(st, "review"), review_names[i]) == 0));
	json_array_foreach(banks, i, b)
		json_object_set_new(b, "selected", json_boolean(strcmp(sget(b, "name"),
		    sget(st, "bank")) == 0));
	json_decref(cats);
	/* Only an admin's exam may draw from every bank at once (owner.h). */
	ctx = json_pack("{s:s, s:o, s:s?, s:b, s:o, s:o, s:i, s:b, s:o, s:s, s:s}",
	    "title", i18n_get(r->lang, editing ? "console_exam_edit" : "console_exam_new"),
	    "f", st, "editing", editing, "is_new", editing == NULL, "reviews", reviews,
	    "banks", banks, "nsections", (int)json_array_size(rows),
	    "any_bank", r->user.role >= ROLE_ADMIN,
	    "errors", errors ? errors : json_array(),
	    "action", editing ? arena_printf(r->arena, "/console/exams/%s/edit", editing) :
	    "/console/exams/new", "tz_hint", ui_console_zone_hint(r));
	json_object_set_new(ctx, "comp_rows", comp_rows(r, comps));
	json_object_set_new(ctx, "comp_caption", json_string(comp_bank ? i18n_msg(r->arena,
	    r->lang, "console_comp_caption", "bank", comp_bank, NULL) :
	    i18n_get(r->lang, "console_comp_caption_all")));
	json_decref(comps);
	return ctx;
}

int
ui_console_exam_new(struct req *r)
{
	return reply_page(r, 200, "console_exam_form", form_ctx(r, state_new(), NULL, NULL));
}

int
ui_console_exam_edit(struct req *r)
{
	struct exam e;
	int status;

	if ((status = api_exam_managed(r)) != 0)
		return status;
	if (!exam_load(r->store, r->arena, req_param(r, "exam"), &e))
		return reply_error(r, 500, "internal_error");
	return reply_page(r, 200, "console_exam_form", form_ctx(r, state_of_exam(r, &e),
	    e.id, NULL));
}

int
ui_console_exam_post(struct req *r)
{
	const char *editing = req_param(r, "exam"), *err = NULL;
	json_t *st, *def, *errors;
	struct q_bank errs;
	struct exam_names names = { form_name, NULL };
	struct exam e;
	int status, saved = -1;

	if (editing != NULL && (status = api_exam_managed(r)) != 0)
		return status;
	st = state_of_form(r);
	names.ctx = st;
	if (editing != NULL)
		json_object_set_new(st, "id", json_string(editing));
	if (req_form(r, "more") != NULL) {
		/* "More sections": the same form with one more empty row. */
		json_array_append_new(json_object_get(st, "sections"), json_object());
		return reply_page(r, 200, "console_exam_form", form_ctx(r, st, editing, NULL));
	}
	if (req_form(r, "recount") != NULL)	/* the competencies of the bank chosen */
		return reply_page(r, 200, "console_exam_form", form_ctx(r, st, editing, NULL));
	q_bank_init(&errs, r->arena, "exam");
	errs.lang = r->lang;
	if (editing == NULL && exam_exists(r->store, sget(st, "id"))) {
		q_bank_error(&errs, 0, "%s", i18n_get(r->lang, "console_exam_exists"));
	} else {
		def = definition(r, st);
		if (editing != NULL)
			keep_seb(r, editing, def);
		if (exam_parse_json(r->arena, def, &e, &errs, &names) == 0 &&
		    api_exam_seb_servable(r, &e, &errs))
			saved = exam_save_as(r->store, &e, &r->user, r->lang, &errs, &err);
		json_decref(def);
	}
	if (saved < 0 && err != NULL) {
		json_decref(st);
		return reply_error(r, reply_status_of(err), err);
	}
	if (saved < 0) {
		errors = json_array();
		for (size_t i = 0; i < errs.nerr; i++)
			json_array_append_new(errors, json_string(errs.err[i].message));
		return reply_page(r, 422, "console_exam_form", form_ctx(r, st, editing, errors));
	}
	json_decref(st);
	return reply_redirect(r, arena_printf(r->arena, "/console/exams/%s?saved=1", e.id));
}

/* ---- the overview ---- */

/* The score histogram as SVG shapes: 10 bins of 10 points. */
static json_t *
histogram(struct req *r, const json_t *hist)
{
	json_int_t max = 1;
	json_t *bars = json_array();
	size_t i;
	json_t *v;

	json_array_foreach(hist, i, v)
		if (json_integer_value(v) > max)
			max = json_integer_value(v);
	json_array_foreach(hist, i, v) {
		json_int_t n = json_integer_value(v);
		int h = (int)(n * 120 / max);

		json_array_append_new(bars, json_pack("{s:i, s:i, s:i, s:i, s:I, s:i, s:s, s:i}",
		    "x", 34 + (int)i * 36, "y", 140 - h, "h", h, "ty", 140 - h - 5, "n", n,
		    "cx", 34 + (int)i * 36 + 15,
		    "label", arena_printf(r->arena, "%d–%d", (int)i * 10, i == 9 ? 100 : (int)i * 10 + 9),
		    "lx", 34 + (int)i * 36 + 15));
	}
	return bars;
}

/* A percent of a results row, "" while it is not graded. */
static const char *
percent_text(struct req *r, const json_t *v)
{
	return json_is_number(v) ? score_percent(r->arena, json_number_value(v)) : "";
}

static const char *
stat_text(struct req *r, const json_t *stats, const char *key, int decimals)
{
	const json_t *v = json_object_get(stats, key);

	return json_is_number(v) ? arena_printf(r->arena, "%.*f", decimals,
	    json_number_value(v)) : "–";
}

/* The overview's context; extra (stolen, may be NULL) is merged in. */
static json_t *
overview(struct req *r, json_t *extra)
{
	const char *exam = req_param(r, "exam"), *fsit = req_query(r, "sitting");
	const char *fres = req_query(r, "result");
	json_t *rows = results_rows(r->store, exam, 5000), *shown = json_array(), *row;
	json_t *stats = results_item_stats(r->store, exam), *sittings, *s, *bysit = json_object();
	json_t *sitlist = json_array(), *ctx, *v;
	int done = 0, passed = 0;
	const char *name;
	struct exam e;
	size_t i;

	exam_load(r->store, r->arena, exam, &e);
	json_array_foreach(rows, i, row) {
		const char *sit = sget(row, "sitting");
		json_t *g = json_object_get(bysit, sit);
		int graded = json_is_boolean(json_object_get(row, "passed"));
		int ok = json_is_true(json_object_get(row, "passed"));

		if (g == NULL) {
			g = json_pack("{s:i, s:i, s:i}", "n", 0, "done", 0, "passed", 0);
			json_object_set_new(bysit, sit, g);
		}
		json_object_set_new(g, "n", json_integer(json_integer_value(json_object_get(g, "n")) + 1));
		if (graded) {
			done++;
			passed += ok;
			json_object_set_new(g, "done", json_integer(json_integer_value(
			    json_object_get(g, "done")) + 1));
			json_object_set_new(g, "passed", json_integer(json_integer_value(
			    json_object_get(g, "passed")) + ok));
		}
		if (fsit != NULL && *fsit && strcmp(fsit, sit) != 0)
			continue;
		if (fres != NULL && ((strcmp(fres, "passed") == 0 && !ok) ||
		    (strcmp(fres, "failed") == 0 && (!graded || ok))))
			continue;
		json_object_set_new(row, "graded", json_boolean(graded));
		json_object_set_new(row, "percent_text", json_string(percent_text(r, json_object_get(row,
		    "percent"))));
		json_object_set_new(row, "state_text", json_string(i18n_get(r->lang, arena_printf(
		    r->arena, "state_%s", sget(row, "state")))));
		json_object_set_new(row, "started_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(row, "started_at")) / 1000, 0)));
		if (json_integer_value(json_object_get(row, "revoked_at")) > 0)
			json_object_set_new(row, "revoked_text", json_string(ui_console_time(r->arena,
			    json_integer_value(json_object_get(row, "revoked_at")), 0)));
		if (sget(row, "cert_error")[0] != '\0')
			json_object_set_new(row, "cert_error_text", json_string(
			    ui_console_cert_error(r, sget(row, "cert_error"))));
		json_array_append_new(shown, json_incref(row));
	}
	json_object_foreach(bysit, name, v) {
		json_int_t d = json_integer_value(json_object_get(v, "done"));

		json_array_append_new(sitlist, json_pack("{s:s, s:b, s:O, s:O, s:s}", "name", name,
		    "none", *name == '\0', "n", json_object_get(v, "n"), "passed",
		    json_object_get(v, "passed"), "rate", d ? arena_printf(r->arena, "%.0f%%",
		    100.0 * (double)json_integer_value(json_object_get(v, "passed")) / (double)d) : "–"));
	}
	sittings = people_sittings(r->store, exam);
	json_array_foreach(sittings, i, s) {
		json_object_set_new(s, "opens_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(s, "opens_at")), 0)));
		json_object_set_new(s, "closes_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(s, "closes_at")), 0)));
		json_object_set_new(s, "selected", json_boolean(fsit && strcmp(fsit,
		    sget(s, "name")) == 0));
	}
	ctx = json_pack("{s:s, s:s, s:o, s:i, s:i, s:s, s:o, s:o, s:o, s:O, s:o, s:b, s:b,"
	    " s:s, s:s, s:s, s:s, s:s, s:b}",
	    "title", strcmp(r->lang, "zh-TW") == 0 ? e.title_zh : e.title_en, "exam_id", exam,
	    "rows", shown, "total", (int)json_array_size(rows), "done", done,
	    "pass_rate", done ? arena_printf(r->arena, "%.0f%%", 100.0 * passed / done) : "–",
	    "by_sitting", sitlist, "sittings", sittings,
	    "bars", histogram(r, json_object_get(stats, "histogram")),
	    "items", json_object_get(stats, "items"), "stats", stats,
	    "f_passed", fres && strcmp(fres, "passed") == 0,
	    "f_failed", fres && strcmp(fres, "failed") == 0,
	    "mean", stat_text(r, stats, "mean", 1), "sd", stat_text(r, stats, "sd", 1),
	    "alpha", stat_text(r, stats, "alpha", 2), "sem", stat_text(r, stats, "sem", 1),
	    "filter_sitting", fsit ? fsit : "", "filtered", (fsit && *fsit) || (fres && *fres));
	json_object_set_new(ctx, "minutes", json_integer(e.duration_s / 60));
	json_object_set_new(ctx, "pass_percent", json_real(e.pass_percent));
	json_object_set_new(ctx, "items_drawn", json_integer(exam_item_count(&e)));
	json_object_set_new(ctx, "saved", json_boolean(req_query(r, "saved") != NULL));
	json_object_set_new(ctx, "tz_hint", json_string(ui_console_zone_hint(r)));
	if (req_query(r, "revoked"))
		json_object_set_new(ctx, "revoked", json_string(req_query(r, "revoked")));
	if (req_query(r, "regraded"))
		json_object_set_new(ctx, "regraded", json_string(req_query(r, "regraded")));
	if (req_query(r, "sitting_created"))
		json_object_set_new(ctx, "sitting_created", json_true());
	json_object_set_new(ctx, "seb_on", json_boolean(e.nseb_config_keys + e.nseb_exam_keys > 0));
	json_object_set_new(ctx, "seb_key", json_string(ui_seb_config_key(r, exam)));
	json_object_set_new(ctx, "seb_no_base", json_boolean(!r->app->base_url_given));
	json_decref(rows);
	json_decref(bysit);
	if (extra != NULL)
		json_object_update(ctx, extra);
	json_decref(extra);
	return ctx;
}

int
ui_console_exam(struct req *r)
{
	int status;

	if ((status = api_exam_managed(r)) != 0)
		return status;
	return reply_page(r, 200, "console_exam", overview(r, NULL));
}

/* The seat written after "login:" (n bytes at p): 1 .. 99999, else 0. */
static int
seat_number(const char *p, size_t n)
{
	int v = 0;

	if (n == 0 || n > 5)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int
ui_console_exam_sitting(struct req *r)
{
	const char *members = req_form(r, "members"), *err = NULL;
	long long opens = ui_console_parse_time(req_form(r, "opens"));
	long long closes = ui_console_parse_time(req_form(r, "closes"));
	json_t *logins = json_array(), *proctors = json_array();
	struct people_sitting_spec sp;
	int status;

	if ((status = api_exam_managed(r)) != 0) {
		json_decref(logins);
		json_decref(proctors);
		return status;
	}
	/* One login a line (commas and spaces also separate). */
	for (const char *p = members ? members : ""; *p;) {
		size_t n;

		const char *colon;

		p += strspn(p, " \t\r\n,;");
		n = strcspn(p, " \t\r\n,;");
		/* "login:seat" books the seat too; a seat that is no number is
		 * sent on as 0, which the booking refuses by name. */
		if (n > 0 && (colon = memchr(p, ':', n)) != NULL)
			json_array_append_new(logins, json_pack("{s:s%, s:i}", "login", p,
			    (size_t)(colon - p), "seat", seat_number(colon + 1,
			    (size_t)(p + n - colon - 1))));
		else if (n > 0)
			json_array_append_new(logins, json_stringn(p, n));
		p += n;
	}
	sp.name = req_form(r, "name");
	sp.room = req_form(r, "room");
	sp.opens_at = opens;
	sp.closes_at = closes;
	sp.members = logins;
	sp.proctors = proctors;
	/* Proctors: their logins, separated as members are. */
	for (const char *p = req_form(r, "proctors") ? req_form(r, "proctors") : ""; *p;) {
		size_t n;

		p += strspn(p, " \t\r\n,;");
		n = strcspn(p, " \t\r\n,;");
		if (n > 0)
			json_array_append_new(proctors, json_stringn(p, n));
		p += n;
	}
	if (opens < 0 || closes < 0)
		err = i18n_get(r->lang, "console_time_invalid");
	else if (people_sitting_book(r->store, r->arena, &r->user, r->lang,
	    req_param(r, "exam"), &sp, &err) >= 0) {
		json_decref(logins);
		json_decref(proctors);
		return reply_redirect(r, arena_printf(r->arena,
		    "/console/exams/%s?sitting_created=1#sittings", req_param(r, "exam")));
	}
	json_decref(logins);
	json_decref(proctors);
	return reply_page(r, 422, "console_exam", overview(r, json_pack("{s:s, s:s?, s:s?, s:s?,"
	    " s:s?, s:s?, s:s?}", "sitting_error", err, "s_name", req_form(r, "name"), "s_opens",
	    req_form(r, "opens"), "s_closes", req_form(r, "closes"), "s_members", members,
	    "s_room", req_form(r, "room"), "s_proctors", req_form(r, "proctors"))));
}

int
ui_console_exam_regrade(struct req *r)
{
	const char *exam = req_param(r, "exam");
	int apply = req_form(r, "apply") != NULL, confirmed = req_form(r, "confirm") != NULL;
	json_t *changes, *c, *items;
	int status, now_pass = 0, now_fail = 0;
	size_t i;

	if ((status = api_exam_managed(r)) != 0)
		return status;
	changes = results_regrade(r->store, exam, apply && confirmed);
	if (apply && confirmed) {
		status = (int)json_array_size(changes);
		json_decref(changes);
		return reply_redirect(r, arena_printf(r->arena, "/console/exams/%s?regraded=%d",
		    exam, status));
	}
	json_array_foreach(changes, i, c) {
		int before = json_is_true(json_object_get(c, "passed_before"));
		int after = json_is_true(json_object_get(c, "passed_after"));

		json_object_set_new(c, "before_text", json_string(score_percent(r->arena,
		    json_number_value(json_object_get(c, "before")))));
		json_object_set_new(c, "after_text", json_string(score_percent(r->arena,
		    json_number_value(json_object_get(c, "after")))));
		json_object_set_new(c, "now_passes", json_boolean(!before && after));
		json_object_set_new(c, "now_fails", json_boolean(before && !after));
		now_pass += !before && after;
		now_fail += before && !after;
	}
	/* Which questions changed, and how: what the trainer checks. */
	items = results_regrade_items(r->store, exam);
	json_array_foreach(items, i, c) {
		struct buf w = BUF_INIT;
		size_t k;
		json_t *what;

		json_array_foreach(json_object_get(c, "changes"), k, what)
			buf_printf(&w, "%s%s", k ? i18n_get(r->lang, "exam_overlap_separator") : "",
			    i18n_get(r->lang, arena_printf(r->arena, "console_regrade_what_%s",
			    json_string_value(what))));
		json_object_set_new(c, "changes_text", json_string(w.data ? w.data : ""));
		buf_free(&w);
	}
	return reply_page(r, 200, "console_regrade", json_pack("{s:s, s:s, s:o, s:i, s:i, s:i,"
	    " s:b, s:o}", "title", i18n_get(r->lang, "console_regrade"), "exam_id", exam,
	    "changes", changes, "count", (int)json_array_size(changes), "now_pass", now_pass,
	    "now_fail", now_fail, "unconfirmed", apply && !confirmed, "items", items));
}

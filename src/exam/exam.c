/*
 * exam.c - exam definitions read from JSON and checked; see exam.h.
 * Writing one back is exam_write.c.
 *
 * jansson parses the text (duplicate keys refused); the checks below then
 * walk the object one field at a time, each reporting into the error list
 * and going on, so a trainer sees every problem of a definition at once.
 * Messages are catalog texts (templates/i18n) in the language of the
 * error list; they name the field as a path a trainer can find in the
 * file: "duration_s", "title"."zh-TW", "sections"[2].count, or by the
 * names a form gives its fields (exam_parse_json).
 *
 * Times are ISO 8601 with an explicit offset, read by timefmt.c
 * (calendar arithmetic, never the process's time zone).
 */
#include "exam.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "competency.h"
#include "i18n.h"
#include "timefmt.h"
#include "utf8.h"

#define EXAM_ID_MAX 64
#define EXAM_TITLE_MAX 200	/* characters */
#define EXAM_DESC_MAX 10000	/* characters */
#define EXAM_SECTIONS_MAX 100
#define EXAM_DURATION_MAX 86400
#define EXAM_GRACE_MAX 600
#define EXAM_ATTEMPTS_MAX 1000
#define EXAM_WAIT_MAX (366 * 86400)
#define EXAM_VALID_YEARS_MAX 100

/* One parse: where strings go, where problems are reported and how
 * fields are named in them. */
struct ex_ctx {
	struct arena *a;
	struct q_bank *errs;
	const struct exam_names *names;	/* NULL: JSON paths */
};

static const char *const ex_top_keys[] = {
	"id", "title", "description", "bank", "duration_s", "grace_s",
	"pass_percent", "attempts", "wait_between_attempts_s",
	"available_from", "available_until", "languages", "shuffle_items",
	"shuffle_choices", "review", "certificate", "sections", "seb", "checkin", NULL
};
static const char *const ex_section_keys[] = {
	"category", "count", "min_percent", "difficulty", "title", "competency", NULL
};
static const char *const ex_text_keys[] = { "en", "zh-TW", NULL };
static const char *const ex_mix_keys[] = {
	"", "easy", "medium", "hard", NULL
};
static const char *const ex_cert_keys[] = { "valid_years", NULL };
static const char *const ex_seb_keys[] = { "config_keys", "browser_exam_keys", NULL };
/* Names a trainer may reach for that are too far from ours to be typos:
 * the C struct's own names, and the availability words of other tools. */
static const char *const ex_aliases[][2] = {
	{ "wait_s", "wait_between_attempts_s" },
	{ "opens_at", "available_from" },
	{ "closes_at", "available_until" },
	{ "cert_valid_years", "certificate" },
	{ "mix", "difficulty" },
	{ "time_limit", "duration_s" },
};
static const char *const ex_review_names[] = {
	"score", "by_section", "by_item", "with_keys", NULL
};
static const char *const ex_language_names[] = { "zh-TW", "en", NULL };

/* ---- messages ------------------------------------------------------ */

/* Records the catalog message key in the errors' language, its places
 * filled from the name, value pairs that follow (ended by NULL). */
static void ex_err(struct ex_ctx *c, const char *key, ...)
	__attribute__((sentinel));

static void
ex_err(struct ex_ctx *c, const char *key, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, key);
	msg = i18n_vmsg(c->a, c->errs->lang, key, ap);
	va_end(ap);
	q_bank_error(c->errs, 0, "%s", msg);
}

/* How messages name the field at path: the form's name for it when the
 * caller gave names (*scale its unit in definition units), else the path
 * itself (*scale 0). */
static const char *
ex_name(struct ex_ctx *c, const char *path, int *scale)
{
	const char *name = NULL;
	int unit = 1;

	if (c->names != NULL)
		name = c->names->name(c->names->ctx, c->a, c->errs->lang, path, &unit);
	if (scale != NULL)
		*scale = name != NULL ? (unit > 0 ? unit : 1) : 0;
	return name != NULL ? name : path;
}

/* The message key about the field at path, named by ex_name. */
static void
ex_field(struct ex_ctx *c, const char *key, const char *path)
{
	ex_err(c, key, "field", ex_name(c, path, NULL), NULL);
}

/* n as message text. */
static const char *
ex_num(struct ex_ctx *c, long long n)
{
	return arena_printf(c->a, "%lld", n);
}

/*
 * s for a message: at most max characters (then "..."), quotes,
 * backslashes and control characters escaped, bytes that are not UTF-8
 * shown as "?", so that a message is always valid UTF-8 on one line
 * (the catalog's text puts the quotes around it).
 */
static char *
ex_escape(struct ex_ctx *c, const char *s, size_t max)
{
	size_t n = strlen(s), i = 0, k = 0, chars = 0;
	char *out = arena_alloc(c->a, max * 6 + 8);

	while (i < n && chars < max) {
		const unsigned char *u = (const unsigned char *)s + i;
		uint32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);

		if (UTF8_IS_RAW(cp)) {
			out[k++] = '?';
		} else if (u[0] == '"' || u[0] == '\\') {
			out[k++] = '\\';
			out[k++] = (char)u[0];
		} else if (u[0] < 0x20 || u[0] == 0x7f) {
			k += (size_t)sprintf(out + k, "\\u%04x", u[0]);
		} else {
			memcpy(out + k, u, len);
			k += len;
		}
		i += len;
		chars++;
	}
	if (i < n) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
	return out;
}

/* The path of key inside parent: "key" at the top, parent.key below, or
 * parent."key" when key is not a plain name (zh-TW). */
static char *
ex_path(struct ex_ctx *c, const char *parent, const char *key)
{
	if (parent == NULL)
		return arena_printf(c->a, "\"%s\"", key);
	if (strspn(key, "abcdefghijklmnopqrstuvwxyz_") == strlen(key))
		return arena_printf(c->a, "%s.%s", parent, key);
	return arena_printf(c->a, "%s.\"%s\"", parent, key);
}

/* Optimal string alignment distance of x and y, or 99 when either is
 * too long to be a plausible typo of a field name. */
static int
ex_distance(const char *x, const char *y)
{
	int d[3][34], *pp = d[0], *p = d[1], *r = d[2], *t;
	size_t nx = strlen(x), ny = strlen(y);

	if (nx > 32 || ny > 32)
		return 99;
	for (size_t j = 0; j <= ny; j++)
		p[j] = (int)j;
	for (size_t i = 1; i <= nx; i++) {
		r[0] = (int)i;
		for (size_t j = 1; j <= ny; j++) {
			int cost = x[i - 1] != y[j - 1], v = p[j - 1] + cost;

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (r[j - 1] + 1 < v)
				v = r[j - 1] + 1;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
			    x[i - 2] == y[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			r[j] = v;
		}
		t = pp, pp = p, p = r, r = t;
	}
	return p[ny];
}

/* Reports every key of obj not in known (a NULL-ended list; "" entries
 * are skipped), suggesting the closest known name. */
static void
ex_known_keys(struct ex_ctx *c, json_t *obj, const char *parent,
    const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *best = NULL;
		int bestd = 99, found = 0;

		for (size_t i = 0; known[i] != NULL && !found; i++)
			found = known[i][0] != '\0' && strcmp(key, known[i]) == 0;
		if (found)
			continue;
		/* Unknown: the nearest known name, for the message. */
		for (size_t i = 0; known[i] != NULL; i++) {
			int d;

			if (known[i][0] == '\0')
				continue;
			d = ex_distance(key, known[i]);
			if (d < bestd)
				bestd = d, best = known[i];
		}
		if (best != NULL && bestd > (strlen(best) <= 4 ? 1 : 2))
			best = NULL;
		for (size_t i = 0; i < sizeof ex_aliases / sizeof *ex_aliases &&
		    best == NULL; i++)
			for (size_t j = 0; known[j] != NULL; j++)
				if (strcmp(key, ex_aliases[i][0]) == 0 &&
				    strcmp(ex_aliases[i][1], known[j]) == 0)
					best = known[j];
		ex_err(c, parent ? (best ? "exam_unknown_field_in_hint" : "exam_unknown_field_in") :
		    best ? "exam_unknown_field_hint" : "exam_unknown_field",
		    "field", parent ? ex_name(c, parent, NULL) : "", "name",
		    ex_escape(c, key, 40), "best", best ? best : "", NULL);
	}
}

/* ---- values -------------------------------------------------------- */

static int
ex_absent(json_t *v)
{
	return v == NULL || json_is_null(v);
}

/*
 * A whole number lo..hi at path into *out (dflt if absent or wrong).
 * required: absence is an error too. note is the catalog key of a text
 * the range message ends with (its unit: "exam_note_seconds"), or "".
 */
static void
ex_int(struct ex_ctx *c, json_t *v, const char *path, int lo, int hi,
    int dflt, int required, const char *note, int *out)
{
	double d;
	const char *name;
	int scale;

	*out = dflt;
	if (ex_absent(v)) {
		if (required)
			ex_field(c, "exam_required", path);
		return;
	}
	if (json_is_integer(v) && json_integer_value(v) >= lo &&
	    json_integer_value(v) <= hi) {
		*out = (int)json_integer_value(v);
		return;
	}
	d = json_is_real(v) ? json_real_value(v) : -HUGE_VAL;
	if (d >= lo && d <= hi && (int)d == d) {
		*out = (int)d;
		return;
	}
	/* A form names the field with its unit: the bounds in that unit. */
	name = ex_name(c, path, &scale);
	if (scale > 1)
		ex_err(c, "exam_number_range", "field", name, "min",
		    ex_num(c, (lo + scale - 1) / scale), "max", ex_num(c, hi / scale), NULL);
	else
		ex_err(c, "exam_int_range", "field", name, "min", ex_num(c, lo), "max",
		    ex_num(c, hi), "note", *note != '\0' && scale == 0 ?
		    i18n_get(c->errs->lang, note) : "", NULL);
}

/* A number in lo..hi (lo itself excluded when lo_open) into *out. */
static void
ex_number(struct ex_ctx *c, json_t *v, const char *path, double lo,
    int lo_open, double hi, double dflt, int required, double *out)
{
	double d;

	*out = dflt;
	if (ex_absent(v)) {
		if (required)
			ex_field(c, "exam_required", path);
		return;
	}
	d = json_is_number(v) ? json_number_value(v) : NAN;
	if ((lo_open ? d > lo : d >= lo) && d <= hi) {
		*out = d;
		return;
	}
	ex_err(c, lo_open ? "exam_number_above" : "exam_number_range", "field",
	    ex_name(c, path, NULL), "min", arena_printf(c->a, "%g", lo), "max",
	    arena_printf(c->a, "%g", hi), NULL);
}

/*
 * Text at path: a string with something besides spaces, of at most max
 * characters, with no control characters (but for tabs and line breaks
 * when multiline). An arena copy, or NULL if absent or wrong.
 */
static char *
ex_text(struct ex_ctx *c, json_t *v, const char *path, int required,
    size_t max, int multiline)
{
	const char *s;
	size_t n, chars = 0, blank = 1, ctl = 0;

	if (ex_absent(v)) {
		if (required)
			ex_field(c, "exam_required", path);
		return NULL;
	}
	if (!json_is_string(v)) {
		ex_field(c, "exam_text_invalid", path);
		return NULL;
	}
	s = json_string_value(v);
	n = json_string_length(v);
	chars = utf8_chars(s, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char u = (unsigned char)s[i];

		if (u != ' ' && u != '\t' && u != '\n' && u != '\r')
			blank = 0;
		if ((u < 0x20 || u == 0x7f) && !(multiline &&
		    (u == '\t' || u == '\n' || u == '\r')))
			ctl = 1;
	}
	if (blank || chars > max || ctl || strlen(s) != n) {
		ex_err(c, multiline ? "exam_text_length" : "exam_text_line", "field",
		    ex_name(c, path, NULL), "max", ex_num(c, (long long)max), NULL);
		return NULL;
	}
	return arena_strndup(c->a, s, n);
}

static int
ex_bool(struct ex_ctx *c, json_t *v, const char *path, int dflt)
{
	if (ex_absent(v))
		return dflt;
	if (json_is_boolean(v))
		return json_is_true(v);
	ex_field(c, "exam_bool", path);
	return dflt;
}

/* Index of the string v in names (NULL-ended), or -1. */
static int
ex_lookup(json_t *v, const char *const *names)
{
	if (!json_is_string(v))
		return -1;
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(json_string_value(v), names[i]) == 0)
			return i;
	return -1;
}

/* ---- times --------------------------------------------------------- */

/* A time at path: absent or null is 0 ("none"). */
static long long
ex_time(struct ex_ctx *c, json_t *v, const char *path)
{
	long long t;

	if (ex_absent(v))
		return 0;
	if (!json_is_string(v) ||
	    strlen(json_string_value(v)) != json_string_length(v) ||
	    timefmt_iso_parse(json_string_value(v), &t) != 0) {
		ex_field(c, "exam_time_invalid", path);
		return 0;
	}
	if (t <= 0) {
		ex_field(c, "exam_time_early", path);
		return 0;
	}
	return t;
}

/* ---- parts --------------------------------------------------------- */

/* A {"en","zh-TW"} object at path into *en and *zh; required: both must
 * be there (the object too). */
static void
ex_bilingual(struct ex_ctx *c, json_t *v, const char *path, int required,
    size_t max, int multiline, char **en, char **zh)
{
	*en = *zh = NULL;
	if (ex_absent(v)) {
		if (required)
			ex_field(c, "exam_required", path);
		return;
	}
	if (!json_is_object(v)) {
		ex_field(c, "exam_bilingual_object", path);
		return;
	}
	ex_known_keys(c, v, path, ex_text_keys);
	*en = ex_text(c, json_object_get(v, "en"), ex_path(c, path, "en"),
	    required, max, multiline);
	*zh = ex_text(c, json_object_get(v, "zh-TW"),
	    ex_path(c, path, "zh-TW"), required, max, multiline);
}

/* "id": [a-z0-9-], 1..EXAM_ID_MAX. */
static char *
ex_id(struct ex_ctx *c, json_t *v)
{
	const char *s;

	if (ex_absent(v)) {
		ex_field(c, "exam_required", "\"id\"");
		return NULL;
	}
	s = json_string_value(v);
	if (s == NULL || strlen(s) < 1 || strlen(s) > EXAM_ID_MAX ||
	    strlen(s) != json_string_length(v) ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(s)) {
		ex_err(c, "exam_id_invalid", "field", ex_name(c, "\"id\"", NULL), "max",
		    ex_num(c, EXAM_ID_MAX), NULL);
		return NULL;
	}
	return arena_strdup(c->a, s);
}

static void
ex_languages(struct ex_ctx *c, json_t *v, struct exam *e)
{
	size_t n;

	if (ex_absent(v)) {
		e->languages = arena_alloc(c->a, 2 * sizeof *e->languages);
		e->languages[0] = arena_strdup(c->a, "zh-TW");
		e->languages[1] = arena_strdup(c->a, "en");
		e->nlanguages = 2;
		return;
	}
	n = json_is_array(v) ? json_array_size(v) : 0;
	if (n == 0) {
		ex_field(c, "exam_languages_list", "\"languages\"");
		return;
	}
	e->languages = arena_alloc(c->a, 2 * sizeof *e->languages);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(v, i);
		int k = ex_lookup(x, ex_language_names);
		size_t j;

		if (k < 0) {
			ex_field(c, "exam_language_invalid", arena_printf(c->a,
			    "\"languages\"[%zu]", i));
			continue;
		}
		for (j = 0; j < e->nlanguages; j++)
			if (strcmp(e->languages[j], ex_language_names[k]) == 0)
				break;
		if (j < e->nlanguages) {
			ex_err(c, "exam_language_repeated", "field", ex_name(c,
			    arena_printf(c->a, "\"languages\"[%zu]", i), NULL), "value",
			    ex_language_names[k], NULL);
			continue;
		}
		e->languages[e->nlanguages++] = arena_strdup(c->a,
		    ex_language_names[k]);
	}
}

static void
ex_certificate(struct ex_ctx *c, json_t *v, struct exam *e)
{
	const char *path = "\"certificate\"";

	if (ex_absent(v))
		return;
	if (!json_is_object(v)) {
		ex_field(c, "exam_certificate_object", path);
		return;
	}
	ex_known_keys(c, v, path, ex_cert_keys);
	ex_int(c, json_object_get(v, "valid_years"),
	    ex_path(c, path, "valid_years"), 1, EXAM_VALID_YEARS_MAX, 0, 1, "",
	    &e->cert_valid_years);
}

/* One list of SEB keys at path: an array of at most EXAM_SEB_KEYS
 * strings of 64 hex digits, kept in lower case. */
static void
ex_seb_list(struct ex_ctx *c, json_t *v, const char *path, char ***out, size_t *n)
{
	size_t i;
	json_t *k;

	*out = NULL;
	*n = 0;
	if (ex_absent(v))
		return;
	if (!json_is_array(v) || json_array_size(v) > EXAM_SEB_KEYS) {
		ex_err(c, "exam_seb_list", "field", ex_name(c, path, NULL), "max",
		    ex_num(c, EXAM_SEB_KEYS), NULL);
		return;
	}
	*out = arena_alloc(c->a, (json_array_size(v) + 1) * sizeof **out);
	json_array_foreach(v, i, k) {
		const char *s = json_string_value(k);
		char *low;

		if (s == NULL || strlen(s) != 64 || strspn(s, "0123456789abcdefABCDEF") != 64) {
			ex_err(c, "exam_seb_key", "field", ex_name(c,
			    arena_printf(c->a, "%s[%zu]", path, i), NULL), NULL);
			continue;
		}
		low = arena_strdup(c->a, s);
		for (char *p = low; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		(*out)[(*n)++] = low;
	}
}

/* "seb": {"config_keys", "browser_exam_keys"}, at least one key. */
static void
ex_seb(struct ex_ctx *c, json_t *v, struct exam *e)
{
	const char *path = "\"seb\"";
	size_t nerr = c->errs->nerr;

	if (ex_absent(v))
		return;
	if (!json_is_object(v)) {
		ex_field(c, "exam_seb_object", path);
		return;
	}
	ex_known_keys(c, v, path, ex_seb_keys);
	ex_seb_list(c, json_object_get(v, "config_keys"), ex_path(c, path, "config_keys"),
	    &e->seb_config_keys, &e->nseb_config_keys);
	ex_seb_list(c, json_object_get(v, "browser_exam_keys"),
	    ex_path(c, path, "browser_exam_keys"), &e->seb_exam_keys, &e->nseb_exam_keys);
	if (c->errs->nerr == nerr && e->nseb_config_keys + e->nseb_exam_keys == 0)
		ex_field(c, "exam_seb_object", path);
}

/* "difficulty": {"easy","medium","hard"}, which must add up to count. */
static void
ex_mix(struct ex_ctx *c, json_t *v, const char *path, const char *count_path,
    struct exam_section *s)
{
	size_t nerr = c->errs->nerr;
	int sum = 0;

	if (ex_absent(v))
		return;
	if (!json_is_object(v)) {
		ex_field(c, "exam_mix_object", path);
		return;
	}
	ex_known_keys(c, v, path, ex_mix_keys);
	for (int k = 1; k <= 3; k++) {
		ex_int(c, json_object_get(v, ex_mix_keys[k]),
		    ex_path(c, path, ex_mix_keys[k]), 0, EXAM_SECTION_MAX, 0, 0,
		    "", &s->mix[k]);
		sum += s->mix[k];
	}
	if (c->errs->nerr == nerr && s->count > 0 && sum != s->count)
		ex_err(c, "exam_mix_sum", "field", ex_name(c, path, NULL), "sum",
		    ex_num(c, sum), "count_field", ex_name(c, count_path, NULL), "count",
		    ex_num(c, s->count), NULL);
}

/* What a section draws from: "category" or "competency", exactly one. */
static void
ex_draws(struct ex_ctx *c, json_t *v, const char *path, struct exam_section *s)
{
	json_t *cat = json_object_get(v, "category"), *comp = json_object_get(v, "competency");
	const char *comp_path = ex_path(c, path, "competency");

	if (!ex_absent(cat) && !ex_absent(comp)) {
		ex_err(c, "exam_section_both", "field", ex_name(c, path, NULL), NULL);
		return;
	}
	if (ex_absent(comp) && ex_absent(cat)) {
		ex_err(c, "exam_section_none", "field", ex_name(c, path, NULL), NULL);
		return;
	}
	if (ex_absent(comp)) {
		s->category = ex_text(c, cat, ex_path(c, path, "category"), 1, 1000, 0);
		return;
	}
	if (!json_is_string(comp) || strlen(json_string_value(comp)) !=
	    json_string_length(comp) || !competency_code_valid(json_string_value(comp))) {
		ex_err(c, "exam_competency_invalid", "field", ex_name(c, comp_path, NULL),
		    "max", ex_num(c, COMPETENCY_CODE_MAX), NULL);
		return;
	}
	s->competency = arena_strdup(c->a, json_string_value(comp));
}

static void
ex_section(struct ex_ctx *c, json_t *v, size_t i, struct exam_section *s)
{
	char *path = arena_printf(c->a, "\"sections\"[%zu]", i);
	char *count_path = ex_path(c, path, "count");

	if (!json_is_object(v)) {
		ex_field(c, "exam_section_object", path);
		return;
	}
	ex_known_keys(c, v, path, ex_section_keys);
	ex_draws(c, v, path, s);
	ex_int(c, json_object_get(v, "count"), count_path, 1, EXAM_SECTION_MAX,
	    0, 1, "", &s->count);
	ex_number(c, json_object_get(v, "min_percent"),
	    ex_path(c, path, "min_percent"), 0, 0, 100, 0, 0, &s->min_percent);
	ex_mix(c, json_object_get(v, "difficulty"),
	    ex_path(c, path, "difficulty"), count_path, s);
	ex_bilingual(c, json_object_get(v, "title"), ex_path(c, path, "title"),
	    0, EXAM_TITLE_MAX, 0, &s->title_en, &s->title_zh);
}

static void
ex_sections(struct ex_ctx *c, json_t *v, struct exam *e)
{
	size_t n;
	long total = 0;

	if (ex_absent(v)) {
		ex_field(c, "exam_required", "\"sections\"");
		return;
	}
	n = json_is_array(v) ? json_array_size(v) : 0;
	if (n < 1 || n > EXAM_SECTIONS_MAX) {
		ex_err(c, "exam_sections_count", "field", ex_name(c, "\"sections\"", NULL),
		    "max", ex_num(c, EXAM_SECTIONS_MAX), NULL);
		if (n < 1)
			return;
		n = EXAM_SECTIONS_MAX;	/* check the first ones anyway */
	}
	e->sections = arena_alloc(c->a, n * sizeof *e->sections);
	e->nsections = n;
	for (size_t i = 0; i < n; i++) {
		struct exam_section *s = &e->sections[i];

		ex_section(c, json_array_get(v, i), i, s);
		total += s->count;
		for (size_t j = 0; j < i && s->category != NULL; j++)
			if (e->sections[j].category != NULL &&
			    strcmp(e->sections[j].category, s->category) == 0) {
				ex_err(c, "exam_section_repeated", "field", ex_name(c,
				    arena_printf(c->a, "\"sections\"[%zu].category", i), NULL),
				    "category", ex_escape(c, s->category, 40), "other",
				    ex_name(c, arena_printf(c->a, "\"sections\"[%zu]", j), NULL),
				    NULL);
				break;
			}
		for (size_t j = 0; j < i && s->competency != NULL; j++)
			if (e->sections[j].competency != NULL &&
			    strcmp(e->sections[j].competency, s->competency) == 0) {
				ex_err(c, "exam_section_repeated", "field", ex_name(c,
				    arena_printf(c->a, "\"sections\"[%zu].competency", i), NULL),
				    "category", s->competency, "other",
				    ex_name(c, arena_printf(c->a, "\"sections\"[%zu]", j), NULL),
				    NULL);
				break;
			}
	}
	if (total > EXAM_ITEMS_MAX)
		ex_err(c, "exam_items_total", "field", ex_name(c, "\"sections\"", NULL),
		    "count", ex_num(c, total), "max", ex_num(c, EXAM_ITEMS_MAX), NULL);
}

/* ---- exported ------------------------------------------------------ */

/* The defaults of a definition that gives nothing. */
static void
ex_defaults(struct exam *e)
{
	memset(e, 0, sizeof *e);
	e->grace_s = 30;
	e->shuffle_items = e->shuffle_choices = 1;
	e->review = REVIEW_BY_SECTION;
}

int
exam_parse(struct arena *a, const char *json, size_t len, struct exam *e,
    struct q_bank *errs)
{
	struct ex_ctx ctx = { a, errs, NULL }, *c = &ctx;
	json_error_t jerr;
	json_t *root;
	int rc;

	ex_defaults(e);
	root = json_loadb(json != NULL ? json : "", json != NULL ? len : 0,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		q_bank_msg(errs, jerr.line > 0 ? jerr.line : 1, "exam_json_invalid", "why",
		    ex_escape(c, jerr.text, 200), NULL);
		return -1;
	}
	rc = exam_parse_json(a, root, e, errs, NULL);
	json_decref(root);
	return rc;
}

int
exam_parse_json(struct arena *a, json_t *root, struct exam *e, struct q_bank *errs,
    const struct exam_names *names)
{
	struct ex_ctx ctx = { a, errs, names }, *c = &ctx;
	size_t nerr = errs->nerr;
	json_t *v;
	int k;

	ex_defaults(e);
	if (!json_is_object(root)) {
		q_bank_msg(errs, 1, "exam_not_object", NULL);
		return -1;
	}
	ex_known_keys(c, root, NULL, ex_top_keys);
	e->id = ex_id(c, json_object_get(root, "id"));
	ex_bilingual(c, json_object_get(root, "title"), "\"title\"", 1,
	    EXAM_TITLE_MAX, 0, &e->title_en, &e->title_zh);
	ex_bilingual(c, json_object_get(root, "description"),
	    "\"description\"", 0, EXAM_DESC_MAX, 1, &e->desc_en, &e->desc_zh);
	e->bank = ex_text(c, json_object_get(root, "bank"), "\"bank\"", 0,
	    EXAM_TITLE_MAX, 0);
	ex_int(c, json_object_get(root, "duration_s"), "\"duration_s\"", 1,
	    EXAM_DURATION_MAX, 0, 1, "exam_note_seconds", &e->duration_s);
	ex_int(c, json_object_get(root, "grace_s"), "\"grace_s\"", 0,
	    EXAM_GRACE_MAX, 30, 0, "exam_note_seconds", &e->grace_s);
	ex_number(c, json_object_get(root, "pass_percent"), "\"pass_percent\"",
	    0, 1, 100, 0, 1, &e->pass_percent);
	ex_int(c, json_object_get(root, "attempts"), "\"attempts\"", 0,
	    EXAM_ATTEMPTS_MAX, 0, 0, "exam_note_unlimited", &e->attempts);
	ex_int(c, json_object_get(root, "wait_between_attempts_s"),
	    "\"wait_between_attempts_s\"", 0, EXAM_WAIT_MAX, 0, 0,
	    "exam_note_seconds", &e->wait_s);
	e->opens_at = ex_time(c, json_object_get(root, "available_from"),
	    "\"available_from\"");
	e->closes_at = ex_time(c, json_object_get(root, "available_until"),
	    "\"available_until\"");
	if (e->opens_at != 0 && e->closes_at != 0 &&
	    e->closes_at <= e->opens_at)
		ex_err(c, "exam_window_invalid", "field", ex_name(c, "\"available_until\"",
		    NULL), "other", ex_name(c, "\"available_from\"", NULL), NULL);
	ex_languages(c, json_object_get(root, "languages"), e);
	e->shuffle_items = ex_bool(c, json_object_get(root, "shuffle_items"),
	    "\"shuffle_items\"", 1);
	e->shuffle_choices = ex_bool(c, json_object_get(root,
	    "shuffle_choices"), "\"shuffle_choices\"", 1);
	v = json_object_get(root, "review");
	if (!ex_absent(v)) {
		if ((k = ex_lookup(v, ex_review_names)) >= 0)
			e->review = (enum exam_review)k;
		else
			ex_field(c, "exam_review_invalid", "\"review\"");
	}
	ex_certificate(c, json_object_get(root, "certificate"), e);
	ex_sections(c, json_object_get(root, "sections"), e);
	ex_seb(c, json_object_get(root, "seb"), e);
	e->checkin = ex_bool(c, json_object_get(root, "checkin"), "\"checkin\"", 0);
	return errs->nerr == nerr ? 0 : -1;
}

int
exam_item_count(const struct exam *e)
{
	int n = 0;

	for (size_t i = 0; i < e->nsections; i++)
		n += e->sections[i].count;
	return n;
}

const char *
exam_review_name(enum exam_review r)
{
	return (unsigned)r < 4 ? ex_review_names[r] : "by_section";
}

/*
 * exam_write.c - an exam definition written back as its canonical JSON
 * (exam_to_json): the shape exam.c reads, every field present; see
 * exam.h.
 *
 * Pure C on jansson. Times are written in UTC with a "Z" (timefmt.c's
 * calendar arithmetic), which exam.c reads back to the same instant.
 */
#include "exam.h"

#include <stdio.h>

#include "timefmt.h"

/* What building the JSON gathers: whether a string was not UTF-8. */
struct ex_out {
	int bad;
};

/* s as a JSON string, null for NULL. */
static json_t *
ex_jstr(struct ex_out *o, const char *s)
{
	json_t *v = s != NULL ? json_string(s) : json_null();

	if (v == NULL)
		o->bad = 1;
	return v;
}

/* x as an integer when whole, else a real. */
static json_t *
ex_jnum(double x)
{
	if (x > -1e15 && x < 1e15 && (json_int_t)x == x)
		return json_integer((json_int_t)x);
	return json_real(x);
}

static json_t *
ex_jtime(struct ex_out *o, long long t)
{
	char buf[40];
	struct timefmt_tm tm;

	if (t == 0)
		return json_null();
	timefmt_split(t, 0, &tm);
	snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", tm.year, tm.month,
	    tm.day, tm.hour, tm.min, tm.sec);
	return ex_jstr(o, buf);
}

static json_t *
ex_jbilingual(struct ex_out *o, const char *en, const char *zh)
{
	json_t *v = json_object();

	if (v == NULL)
		o->bad = 1;
	else if (json_object_set_new(v, "en", ex_jstr(o, en)) != 0 ||
	    json_object_set_new(v, "zh-TW", ex_jstr(o, zh)) != 0)
		o->bad = 1;
	return v;
}

/* Sets key on obj, remembering a failure (a NULL value is one). */
static void
ex_set(struct ex_out *o, json_t *obj, const char *key, json_t *v)
{
	if (obj == NULL || json_object_set_new(obj, key, v) != 0)
		o->bad = 1;
}

static json_t *
ex_jsection(struct ex_out *o, const struct exam_section *s)
{
	json_t *v = json_object(), *mix = json_null();

	if (s->mix[1] || s->mix[2] || s->mix[3]) {
		mix = json_object();
		ex_set(o, mix, "easy", json_integer(s->mix[1]));
		ex_set(o, mix, "medium", json_integer(s->mix[2]));
		ex_set(o, mix, "hard", json_integer(s->mix[3]));
	}
	/* One of the two: a definition from before competencies reads back
	 * as it was written. */
	if (s->competency != NULL)
		ex_set(o, v, "competency", ex_jstr(o, s->competency));
	else
		ex_set(o, v, "category", ex_jstr(o, s->category));
	ex_set(o, v, "count", json_integer(s->count));
	ex_set(o, v, "min_percent", ex_jnum(s->min_percent));
	ex_set(o, v, "difficulty", mix);
	ex_set(o, v, "title", ex_jbilingual(o, s->title_en, s->title_zh));
	return v;
}

json_t *
exam_to_json(const struct exam *e)
{
	struct ex_out out = { 0 }, *o = &out;
	json_t *v = json_object(), *langs = json_array(), *secs = json_array();
	json_t *cert = json_null();

	for (size_t i = 0; i < e->nlanguages && langs != NULL; i++)
		if (json_array_append_new(langs,
		    ex_jstr(o, e->languages[i])) != 0)
			o->bad = 1;
	for (size_t i = 0; i < e->nsections && secs != NULL; i++)
		if (json_array_append_new(secs,
		    ex_jsection(o, &e->sections[i])) != 0)
			o->bad = 1;
	if (e->cert_valid_years > 0) {
		cert = json_object();
		ex_set(o, cert, "valid_years",
		    json_integer(e->cert_valid_years));
	}
	ex_set(o, v, "id", ex_jstr(o, e->id));
	ex_set(o, v, "title", ex_jbilingual(o, e->title_en, e->title_zh));
	ex_set(o, v, "description", ex_jbilingual(o, e->desc_en, e->desc_zh));
	ex_set(o, v, "bank", ex_jstr(o, e->bank));
	ex_set(o, v, "duration_s", json_integer(e->duration_s));
	ex_set(o, v, "grace_s", json_integer(e->grace_s));
	ex_set(o, v, "pass_percent", ex_jnum(e->pass_percent));
	ex_set(o, v, "attempts", json_integer(e->attempts));
	ex_set(o, v, "wait_between_attempts_s", json_integer(e->wait_s));
	ex_set(o, v, "available_from", ex_jtime(o, e->opens_at));
	ex_set(o, v, "available_until", ex_jtime(o, e->closes_at));
	ex_set(o, v, "languages", langs);
	ex_set(o, v, "shuffle_items", json_boolean(e->shuffle_items));
	ex_set(o, v, "shuffle_choices", json_boolean(e->shuffle_choices));
	ex_set(o, v, "review", json_string(exam_review_name(e->review)));
	ex_set(o, v, "certificate", cert);
	ex_set(o, v, "sections", secs);
	/* Written only when required, so that the definitions of every
	 * other exam read as before. */
	if (e->nseb_config_keys + e->nseb_exam_keys > 0) {
		json_t *seb = json_object(), *ck = json_array(), *bek = json_array();

		for (size_t i = 0; i < e->nseb_config_keys; i++)
			json_array_append_new(ck, ex_jstr(o, e->seb_config_keys[i]));
		for (size_t i = 0; i < e->nseb_exam_keys; i++)
			json_array_append_new(bek, ex_jstr(o, e->seb_exam_keys[i]));
		ex_set(o, seb, "config_keys", ck);
		ex_set(o, seb, "browser_exam_keys", bek);
		ex_set(o, v, "seb", seb);
	}
	if (e->checkin)	/* absent when off: definitions written before it read the same */
		ex_set(o, v, "checkin", json_true());
	if (out.bad) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/*
 * fuzz_response.c - libFuzzer target for a learner's answer as the API
 * takes it: the body of PUT /api/v1/attempts/{id}/responses/{item}
 * ({"response": ..., "seq": n}) read by req_json (http_req.c), the response
 * checked and turned into struct response by form_response (form.c),
 * then scored by grade_fraction (grade.c).
 *
 * The items are a fixed GIFT bank of every type that takes an answer, and
 * a gapselect and an ordering (a random subset) from bank JSON, each with
 * a layout drawn once (answers shuffled by a fixed sequence).
 * For each item the response must be refused with a reason, or accepted
 * with indexes inside the question and a score within -1..1; and what
 * attempt_save stores (form_normalize's text) must, read back
 * as a regrade reads it, be accepted again and score the same, bit for
 * bit; and checked
 * against the unshuffled layout (as a save checks it) it must be
 * accepted or refused just the same. The numerical question comes twice
 * more with units (typed with the number, chosen from a list), and the
 * input is also read as typed text by form_number_parse, both ways.
 * Crashes it finds are kept in tests/fuzz/regress/response/.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bank_gift.h"
#include "bank_json.h"
#include "form.h"
#include "grade.h"
#include "http.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char items_gift[] =
    "::single:: Pick one {=right ~wrong ~%-50%worse ~other}\n\n"
    "::multiple:: Pick some {~%50%a ~%50%b ~%-100%c ~%-100%d}\n\n"
    "::truefalse:: True? {T#not so#right}\n\n"
    "::short:: Capital of France? {=Paris =%50%*aris* =%-50%Lyon}\n\n"
    "::numerical:: Pi? {#3.14:0.01 =%50%3:1 =%25%1..5}\n\n"
    "::matching:: Match {=cat -> meow =dog -> woof =cow -> moo "
    "= -> quack =calf -> moo}\n\n"
    "::essay:: Discuss {}\n";

/* The types GIFT cannot write. */
static const char items_json[] =
    "{\"questions\": ["
    "{\"type\": \"gapselect\", \"text\": \"A [[1]] B [[3]] C [[2]] D [[3]]\","
    " \"choices\": [{\"text\": \"x\", \"group\": 1}, {\"text\": \"y\", \"group\": 2},"
    " {\"text\": \"z\", \"group\": 1}, {\"text\": \"w\", \"group\": 2}]},"
    "{\"type\": \"ordering\", \"text\": \"Order\", \"ordering\": {\"select\":"
    " \"RANDOM\", \"count\": 4, \"grading\": \"LONGEST_ORDERED_SUBSET\"},"
    " \"answers\": [{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"},"
    " {\"text\": \"d\"}, {\"text\": \"e\"}]}]}";

static struct arena *items_arena;
static struct q_bank items;
static json_t *layouts[16];

/* Adds the numerical question (items.q[4]) again with units m and cm
 * (multiplier 100), asked for as show. */
static void
add_units(enum q_unit_show show)
{
	struct question copy = items.q[4], *q;

	q = q_bank_add(&items);
	*q = copy;
	q->units = NULL;
	q->nunits = 0;
	q_add_unit(&items, q)->name = "m";
	q->units[0].multiplier = 1;
	q_add_unit(&items, q)->name = "cm";
	q->units[1].multiplier = 100;
	q->unit_grading = QU_GRADE_QUESTION;
	q->unit_penalty = 0.25;
	q->show_units = show;
}

/* A fixed sequence for form_layout, so every run sees the same items. */
static uint32_t
fixed_rand(uint32_t upper)
{
	static uint32_t x = 12345;

	x = x * 1103515245u + 12345u;
	return upper > 0 ? (x >> 8) % upper : 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	items_arena = arena_new();
	q_bank_init(&items, items_arena, "items.gift");
	if (bank_gift_parse(&items, items_gift, sizeof items_gift - 1) != 0 ||
	    items.n != 7 ||
	    bank_json_parse(&items, items_json, sizeof items_json - 1) != 0 ||
	    items.n != 9)
		abort();
	add_units(QU_SHOW_TEXT);
	add_units(QU_SHOW_SELECT);
	for (size_t i = 0; i < items.n; i++)
		layouts[i] = form_layout(&items.q[i], 1, fixed_rand);
	return 0;
}

/* Aborts unless r, accepted for q, points inside q. */
static void
check_response(const struct question *q, const struct response *r)
{
	if (!r->given)
		return;
	switch (q->type) {
	case Q_MULTICHOICE:
		if (q->single && (r->choice < 0 ||
		    (size_t)r->choice >= q->nanswers))
			abort();
		if (!q->single && r->nchoices > q->nanswers)
			abort();
		for (size_t i = 0; !q->single && i < r->nchoices; i++) {
			if (r->choices[i] < 0 ||
			    (size_t)r->choices[i] >= q->nanswers)
				abort();
			for (size_t j = 0; j < i; j++)
				if (r->choices[j] == r->choices[i])
					abort();
		}
		break;
	case Q_TRUEFALSE:
		if (r->choice < 0 || (size_t)r->choice >= q->nanswers)
			abort();
		break;
	case Q_SHORTANSWER:
		if (r->text == NULL || strlen(r->text) > 4000)
			abort();
		break;
	case Q_NUMERICAL:
		if (!isfinite(r->number))
			abort();
		if (r->unit != NULL && (q->nunits == 0 ||
		    strlen(r->unit) > FORM_UNIT_MAX ||
		    (form_unit_separate(q) && *r->unit != '\0' &&
		    q_unit_find(q, r->unit) == NULL)))
			abort();
		break;
	case Q_MATCHING:
		if (r->npairs != q->npairs)
			abort();
		for (size_t i = 0; i < r->npairs; i++)
			if (r->pairs[i] < -1 || r->pairs[i] >= (int)q->npairs)
				abort();
		break;
	case Q_GAPSELECT:
		for (size_t i = 0; i < r->ngaps; i++)
			if (r->gaps[i] < -1 || r->gaps[i] >= (int)q->nchoices)
				abort();
		break;
	case Q_ORDERING:
		if (r->norder > q->nanswers)
			abort();
		for (size_t i = 0; i < r->norder; i++) {
			if (r->order[i] < 0 || r->order[i] >= (int)q->nanswers)
				abort();
			for (size_t j = 0; j < i; j++)
				if (r->order[j] == r->order[i])
					abort();
		}
		break;
	default:
		abort();	/* an essay takes no response */
	}
}

/* form_response then grade_fraction, checked; the fraction, or NAN
 * when the response is refused. */
static double
score(const struct question *q, const json_t *layout, const json_t *resp,
    struct arena *a)
{
	struct response r;
	const char *err = NULL;
	double f;

	if (form_response(q, layout, resp, a, &r, &err) != 0) {
		if (err == NULL || err[0] == '\0')
			abort();
		return NAN;
	}
	if (err != NULL)
		abort();
	check_response(q, &r);
	f = grade_fraction(q, &r);
	if (!(f >= -1 && f <= 1))
		abort();
	return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct req r;
	json_t *in, *resp;

	for (int left = 0; left < 2; left++) {	/* as typed in the box */
		char *text = arena_strndup(a, (const char *)data, size), *unit = NULL;
		double x;

		if (form_number_parse(text, left, a, &x, &unit) == 0 &&
		    (!isfinite(x) || unit == NULL || strlen(unit) > size))
			abort();
	}
	memset(&r, 0, sizeof r);
	r.arena = a;
	r.body = arena_strndup(a, (const char *)data, size);
	r.body_len = size;
	if ((in = req_json(&r)) == NULL) {
		arena_free(a);
		return 0;
	}
	if (!json_is_object(in))
		abort();
	resp = json_object_get(in, "response");
	for (size_t i = 0; i < items.n; i++) {
		const struct question *q = &items.q[i];
		double f = score(q, layouts[i], resp, a), again;
		char *stored;
		json_t *back;
		struct response plain;
		const char *err, *field;

		/* A save checks against the unshuffled layout: it must take
		 * and refuse exactly what the drawn layout does. */
		if ((form_response(q, NULL, resp, a, &plain, &err) == 0) != !isnan(f))
			abort();
		if (isnan(f))
			continue;
		/* As attempt_save stores it (rebuilt, extra fields refused)
		 * and grade_attempt reads it. */
		if ((stored = form_normalize(q, resp, &plain, a, &field, &err)) == NULL) {
			if ((field == NULL) == (err == NULL))
				abort();	/* refused: exactly one reason */
			continue;
		}
		back = json_loads(stored, JSON_DECODE_ANY, NULL);
		if (back == NULL)
			abort();
		{	/* written exactly as jansson would write it */
			char *again_text = json_dumps(back, JSON_COMPACT | JSON_ENCODE_ANY);

			if (again_text == NULL || strcmp(again_text, stored) != 0)
				abort();
			free(again_text);
		}
		again = score(q, layouts[i], back, a);
		if (memcmp(&f, &again, sizeof f) != 0)
			abort();
		json_decref(back);
	}
	json_decref(in);
	arena_free(a);
	return 0;
}

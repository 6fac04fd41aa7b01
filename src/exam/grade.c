/*
 * grade.c - Moodle's per-question grading and the exam totals; see grade.h.
 *
 * Each question type follows Moodle's question/type/<type>/question.php
 * (grade_response and what it calls). Short answers follow
 * qtype_shortanswer_question::compare_string_with_wildcard, done here with
 * a small wildcard matcher over UTF-8 instead of a PCRE regexp, comparing
 * characters by their simple case folding as PCRE's /iu does. Depends on
 * the arena, the question model and utf8.h (libunistring) only.
 */
#include "grade.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* 1 for the whitespace grade_normalise trims and collapses (U+3000 is
 * already a space after NFKC; it counts here for text that is not
 * UTF-8, which is not normalised). */
static int
is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x3000;
}

char *
grade_normalise(struct arena *a, const char *s)
{
	const char *in = s ? s : "";
	size_t n = strlen(in), i = 0, o = 0, len;
	char *buf;
	int gap = 0;
	uint32_t c;

	if ((buf = utf8_nfkc(a, in, n, &n)) == NULL)
		buf = arena_strndup(a, in, n);	/* not UTF-8: as it is */
	/* In place: dropping and collapsing spaces never lets the output
	 * run ahead of the input. */
	while ((len = utf8_next(buf + i, n - i, &c)) > 0) {
		if (is_space(c)) {
			gap = o > 0;
			i += len;
			continue;
		}
		if (gap)
			buf[o++] = ' ';
		gap = 0;
		memmove(buf + o, buf + i, len);
		o += len;
		i += len;
	}
	buf[o] = '\0';
	return buf;
}

/* Reads the pattern token at p[0..n): a run of unescaped '*' sets *star
 * (Moodle splits on /(?<!\\)\*+/, so "**" is one wildcard), "\*" is a
 * literal star, anything else one literal code point in *cp. Returns its
 * length in bytes, 0 at the end. */
static size_t
pattern_token(const char *p, size_t n, int *star, uint32_t *cp)
{
	size_t k = 0;

	*star = 0;
	if (n >= 2 && p[0] == '\\' && p[1] == '*') {
		*cp = '*';
		return 2;
	}
	if (n >= 1 && p[0] == '*') {
		while (k < n && p[k] == '*')
			k++;
		*star = 1;
		return k;
	}
	return utf8_next(p, n, cp);
}

/* 1 if the whole of s[0..sn) matches pattern p[0..pn) (both normalised).
 * The classic wildcard walk: on a mismatch, let the last '*' seen swallow
 * one more code point and retry from just after it. */
static int
wildcard_match(const char *p, size_t pn, const char *s, size_t sn, int icase)
{
	const char *pend = p + pn, *send = s + sn, *star_p = NULL, *star_s = NULL;
	uint32_t pc, sc;
	size_t plen, slen;
	int star;

	for (;;) {
		plen = pattern_token(p, (size_t)(pend - p), &star, &pc);
		if (plen > 0 && star) {
			p += plen;
			star_p = p;
			star_s = s;
			continue;
		}
		slen = utf8_next(s, (size_t)(send - s), &sc);
		if (plen == 0 && slen == 0)
			return 1;
		if (plen > 0 && slen > 0 && (pc == sc ||
		    (icase && utf8_fold(pc) == utf8_fold(sc)))) {
			p += plen;
			s += slen;
			continue;
		}
		if (star_p == NULL || star_s == send)
			return 0;
		star_s += utf8_next(star_s, (size_t)(send - star_s), &sc);
		p = star_p;
		s = star_s;
	}
}

/* grade_short_match with the response already normalised (said); the
 * pattern's normal form goes into a. */
static int
short_match(struct arena *a, const char *pattern, const char *said, int usecase)
{
	const char *p = grade_normalise(a, pattern);

	/* Moodle does not trim the pattern nor collapse spaces in either
	 * side (its edit form trims answers on save), and normalises to NFC
	 * where this goes on to NFKC; see grade.h. */
	return wildcard_match(p, strlen(p), said, strlen(said), !usecase);
}

int
grade_short_match(const char *pattern, const char *response, int usecase)
{
	struct arena *a = arena_new();
	int r = short_match(a, pattern, grade_normalise(a, response), usecase);

	arena_free(a);
	return r;
}

/* 1 if s is NULL or holds only whitespace (Moodle's PARAM_RAW_TRIMMED
 * leaves "", which is_complete_response refuses to grade). */
static int
blank(const char *s)
{
	const char *p = s ? s : "";
	size_t n = strlen(p), i = 0, len;
	uint32_t c;

	while ((len = utf8_next(p + i, n - i, &c)) > 0) {
		if (!is_space(c))
			return 0;
		i += len;
	}
	return 1;
}

static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

static int
valid_answer(const struct question *q, int i)
{
	return i >= 0 && (size_t)i < q->nanswers;
}

/* qtype_multichoice_multi_question::grade_response. */
static double
grade_multi(const struct question *q, const struct response *r)
{
	double sum = 0;

	for (size_t k = 0; k < r->nchoices; k++) {
		int i = r->choices[k], seen = 0;

		for (size_t m = 0; m < k && !seen; m++)
			seen = r->choices[m] == i;
		if (!seen && valid_answer(q, i))
			sum += q->answers[i].fraction;
	}
	return clamp(sum, 0, 1);
}

/* Moodle's nominal tolerance (qtype_numerical_answer, tolerancetype 2):
 * the interval value +- (|tolerance| + 1e-14 * max(1, |value|)), the
 * 1e-14 being PHP's 10^-precision slack (MDL-3225) that lets 3.145 count
 * as within 0.005 of 3.14 despite binary rounding. */
static int
within_tolerance(const struct q_answer *ans, double x)
{
	double t = fabs(ans->tolerance) + 1e-14 * fmax(1, fabs(ans->value));

	return ans->value - t <= x && x <= ans->value + t;
}

/* Moodle's apply_unit_penalty: f as it is when the unit was right, else
 * less the question's unit penalty, not below 0. */
static double
unit_penalised(const struct question *q, double f, int unit_right)
{
	if (unit_right)
		return f;
	if (q->unit_grading == QU_GRADE_RESPONSE)
		f -= q->unit_penalty * f;
	else if (q->unit_grading == QU_GRADE_QUESTION)
		f -= q->unit_penalty;
	return f > 0 ? f : 0;
}

/* A numerical question with units: each answer is tried on the number
 * converted by its unit, then on the number as given (unit not right);
 * the best penalised fraction counts, as grade_best does. */
static double
grade_units(const struct question *q, const struct response *r)
{
	const struct q_unit *u = q_unit_find(q, r->unit);
	double scaled = u != NULL ? r->number / u->multiplier : r->number;
	double best = 0;
	int found = 0;

	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *ans = &q->answers[i];
		double f;

		if ((ans->text != NULL && strcmp(ans->text, "*") == 0) ||
		    within_tolerance(ans, scaled))
			f = unit_penalised(q, ans->fraction, u != NULL);
		else if (within_tolerance(ans, r->number))
			f = unit_penalised(q, ans->fraction, 0);
		else
			continue;
		if (!found || f > best)
			best = f;
		found = 1;
	}
	return best;
}

/* Best fraction among matching answers of a short-answer or numerical
 * question. Moodle takes the first matching answer in the author's order
 * (question_first_matching_answer_grading_strategy, and
 * qtype_numerical_question::get_matching_answer); aicert takes the best,
 * which differs only when a lower-scoring answer that also matches is
 * listed first. */
static double
grade_best(const struct question *q, const struct response *r)
{
	struct arena *a = NULL;
	const char *said = NULL;
	double best = 0;
	int found = 0, hit;

	if (q->type == Q_SHORTANSWER && blank(r->text))
		return 0;
	if (q->type == Q_NUMERICAL && !isfinite(r->number))
		return 0;
	if (q->type == Q_NUMERICAL && q->nunits > 0)
		return grade_units(q, r);
	if (q->type == Q_SHORTANSWER) {
		a = arena_new();
		said = grade_normalise(a, r->text);	/* once for every answer */
	}
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *ans = &q->answers[i];

		if (q->type == Q_SHORTANSWER)
			hit = ans->text != NULL &&
			    short_match(a, ans->text, said, q->usecase);
		else if (ans->text != NULL && strcmp(ans->text, "*") == 0)
			hit = 1;
		else
			hit = within_tolerance(ans, r->number);
		if (hit && (!found || ans->fraction > best)) {
			best = ans->fraction;
			found = 1;
		}
	}
	arena_free(a);		/* NULL-safe */
	return best;
}

static int
same_text(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

/* qtype_match_question::grade_response: right stems over all stems.
 * Moodle merges choices with the same text (initialise_question_instance),
 * so the right answer is a text, not a pair. */
static double
grade_matching(const struct question *q, const struct response *r)
{
	size_t right = 0, stems = 0;

	for (size_t i = 0; i < q->npairs; i++) {
		int j;

		if (q->pairs[i].sub == NULL || q->pairs[i].sub[0] == '\0')
			continue;
		stems++;
		if (r->pairs == NULL || i >= r->npairs)
			continue;
		j = r->pairs[i];
		if (j >= 0 && (size_t)j < q->npairs &&
		    same_text(q->pairs[j].answer, q->pairs[i].answer))
			right++;
	}
	return stems ? (double)right / (double)stems : 0;
}

double
grade_fraction(const struct question *q, const struct response *r)
{
	double f = 0;

	if (!r->given)
		return 0;
	switch (q->type) {
	case Q_MULTICHOICE:
		if (!q->single)
			f = grade_multi(q, r);
		else if (valid_answer(q, r->choice))
			f = q->answers[r->choice].fraction;
		break;
	case Q_TRUEFALSE:
		/* Moodle compares with the right answer: all or nothing. */
		if (valid_answer(q, r->choice))
			f = q->answers[r->choice].fraction >= 1 - 1e-6;
		break;
	case Q_SHORTANSWER:
	case Q_NUMERICAL:
		f = grade_best(q, r);
		break;
	case Q_MATCHING:
		f = grade_matching(q, r);
		break;
	case Q_ESSAY:
	case Q_DESCRIPTION:
		break;
	}
	if (isnan(f))
		return 0;
	return clamp(f, -1, 1);
}

/* percent of score in max: 100 for an empty max, else within 0..100. */
static double
percent(double score, double max)
{
	return max > 0 ? clamp(100 * score / max, 0, 100) : 100;
}

void
grade_total(const struct grade_item *items, size_t nitems,
    struct grade_section *sections, size_t nsections, double pass_percent,
    struct grade_result *out)
{
	int all = 1;

	memset(out, 0, sizeof *out);
	for (size_t k = 0; k < nsections; k++)
		sections[k].score = sections[k].max = 0;
	for (size_t i = 0; i < nitems; i++) {
		double w = items[i].weight > 0 ? items[i].weight : 0;
		double f = isnan(items[i].fraction) ? 0 :
		    clamp(items[i].fraction, -1, 1);
		int k = items[i].section;

		out->score += f * w;
		out->max += w;
		if (k >= 0 && (size_t)k < nsections) {
			sections[k].score += f * w;
			sections[k].max += w;
		}
	}
	for (size_t k = 0; k < nsections; k++) {
		struct grade_section *s = &sections[k];

		if (s->score < 0)
			s->score = 0;
		s->percent = percent(s->score, s->max);
		s->passed = s->percent + 1e-9 >= s->min_percent;
		all = all && s->passed;
	}
	if (out->score < 0)
		out->score = 0;
	out->percent = percent(out->score, out->max);
	out->passed = out->percent + 1e-9 >= pass_percent && all;
}

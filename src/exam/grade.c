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
#include <stdlib.h>
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

void
grade_gap_question(const struct question *q, const struct q_gap *g,
    struct question *out)
{
	*out = *q;
	out->type = g->kind == QG_NUMERICAL ? Q_NUMERICAL :
	    g->kind == QG_SHORTANSWER ? Q_SHORTANSWER : Q_MULTICHOICE;
	out->single = g->kind != QG_MULTIRESPONSE;
	out->usecase = g->usecase;
	out->shuffle = g->shuffle;
	out->default_mark = g->weight;
	out->answers = g->answers;
	out->nanswers = g->nanswers;
	out->gaps = NULL;
	out->ngaps = 0;
}

/* qtype_multianswer_question::grade_response: the gaps' fractions
 * weighted by their marks, over the question's mark (their sum). */
static double
grade_cloze(const struct question *q, const struct response *r)
{
	double sum = 0, total = 0;

	for (size_t k = 0; k < q->ngaps; k++) {
		struct question g;

		total += q->gaps[k].weight;
		if (k >= r->ncloze_gaps || r->cloze_gaps == NULL)
			continue;
		grade_gap_question(q, &q->gaps[k], &g);
		sum += grade_fraction(&g, &r->cloze_gaps[k]) * q->gaps[k].weight;
	}
	return total > 0 ? sum / total : 0;
}

/* The 1-based choice numbers [[n]] of q's gaps, in text order, into
 * out (room for q's text length / 4 + 1); returns how many. */
static size_t
gap_numbers(const struct question *q, int *out, size_t room)
{
	const char *p = q->text ? q->text : "";
	size_t n = 0;

	while ((p = strstr(p, "[[")) != NULL && n < room) {
		const char *e = p + 2;
		long k = 0;

		while (*e >= '0' && *e <= '9' && k < 1000000)
			k = k * 10 + (*e++ - '0');
		if (e > p + 2 && e[0] == ']' && e[1] == ']') {
			out[n++] = (int)k;
			p = e + 2;
		} else {
			p += 2;
		}
	}
	return n;
}

size_t
grade_gaps(const struct question *q, struct arena *a, int **gaps)
{
	size_t room = (q->text ? strlen(q->text) : 0) / 4 + 1;

	*gaps = arena_alloc(a, room * sizeof **gaps);
	return gap_numbers(q, *gaps, room);
}

/* qtype_gapselect_question_base::grade_response: right gaps over gaps. */
static double
grade_gapselect(const struct question *q, const struct response *r)
{
	struct arena *a = arena_new();
	int *gap;
	size_t n = grade_gaps(q, a, &gap), right = 0;

	for (size_t i = 0; i < n && i < r->ngaps; i++)
		right += r->gaps[i] >= 0 && r->gaps[i] == gap[i] - 1;
	arena_free(a);
	return n ? (double)right / (double)n : 0;
}

/* The position of item in v[0..n), or -1. */
static long
pos_of(const int *v, size_t n, int item)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == item)
			return (long)i;
	return -1;
}

/*
 * Moodle's get_ordered_subset(): the longest subset of the learner's
 * items whose right positions rise along the learner's order (and, when
 * contiguous, rise by one at each step: items next to each other in the
 * right order, wherever they sit). Moodle finds it by growing every
 * subset; its longest is the longest rising subsequence, found here in
 * O(n^2) rather than Moodle's exponential walk. A subset of one item
 * counts 0, as Moodle's starts from a best length of 1.
 */
static size_t
longest_subset(const int *right, const int *cur, size_t n, int contiguous)
{
	struct arena *a = arena_new();
	long *pos = arena_alloc(a, (n + 1) * sizeof *pos);
	size_t *len = arena_alloc(a, (n + 1) * sizeof *len), best = 0;

	for (size_t p = 0; p < n; p++)
		pos[p] = pos_of(right, n, cur[p]);
	for (size_t p = 0; p < n; p++) {
		len[p] = 1;
		for (size_t k = 0; k < p; k++)
			if (contiguous ? pos[p] == pos[k] + 1 :
			    pos[p] > pos[k])
				if (len[k] + 1 > len[p])
					len[p] = len[k] + 1;
		if (len[p] > best)
			best = len[p];
	}
	arena_free(a);
	return best > 1 ? best : 0;
}

double
grade_ordering(enum q_ord_grading g, const int *right, const int *cur,
    size_t n)
{
	double correct = 0, total = 0;
	size_t i, j;

	if (n == 0)
		return 0;
	switch (g) {
	case QO_ALL_OR_NOTHING:
	case QO_ABSOLUTE_POSITION:
		for (i = 0; i < n; i++)
			correct += cur[i] == right[i];
		total = (double)n;
		if (g == QO_ALL_OR_NOTHING && correct < total)
			correct = 0;
		break;
	case QO_RELATIVE_NEXT_EXCLUDE_LAST:
	case QO_RELATIVE_NEXT_INCLUDE_LAST:
		/* Each item's next one (the last item's "next" is none, and
		 * counts only when the last is included). */
		for (i = 0; i < n; i++) {
			long p;

			if (i + 1 == n && g == QO_RELATIVE_NEXT_EXCLUDE_LAST)
				break;
			total++;
			p = pos_of(cur, n, right[i]);
			if (p < 0)
				continue;
			if (i + 1 < n ? (size_t)p + 1 < n &&
			    cur[p + 1] == right[i + 1] : (size_t)p + 1 == n)
				correct++;
		}
		break;
	case QO_RELATIVE_ONE_PREVIOUS_AND_NEXT:
		/* Previous and next, "none" at the ends counting as a match
		 * of its own: 2 per item. */
		for (i = 0; i < n; i++) {
			long p = pos_of(cur, n, right[i]);
			int rp = i > 0 ? right[i - 1] : -1;
			int rn = i + 1 < n ? right[i + 1] : -1;

			total += 2;
			if (p < 0)
				continue;
			correct += (p > 0 ? cur[p - 1] : -1) == rp;
			correct += ((size_t)p + 1 < n ? cur[p + 1] : -1) == rn;
		}
		break;
	case QO_RELATIVE_ALL_PREVIOUS_AND_NEXT:
		/* For each item, each other item on the right side of it. */
		for (i = 0; i < n; i++) {
			long p = pos_of(cur, n, right[i]);

			total += (double)(n - 1);
			for (j = 0; j < n && p >= 0; j++) {
				long q2 = pos_of(cur, n, right[j]);

				if (j != i && q2 >= 0 && (j < i) == (q2 < p))
					correct++;
			}
		}
		break;
	case QO_LONGEST_ORDERED_SUBSET:
	case QO_LONGEST_CONTIGUOUS_SUBSET:
		correct = (double)longest_subset(right, cur, n,
		    g == QO_LONGEST_CONTIGUOUS_SUBSET);
		total = (double)n;
		break;
	case QO_RELATIVE_TO_CORRECT:
		for (i = 0; i < n; i++) {
			long p = pos_of(cur, n, right[i]);
			long sc = p < 0 ? 0 : (long)(n - 1) -
			    labs(p - (long)i);

			if (sc > 0)
				correct += (double)sc;
			total += (double)(n - 1);
		}
		break;
	}
	return total > 0 ? correct / total : 0;
}

/* The learner's order against the same items in the right order (the
 * order of q->answers). */
static double
grade_order(const struct question *q, const struct response *r)
{
	struct arena *a = arena_new();
	int *right = arena_alloc(a, (r->norder + 1) * sizeof *right);
	double f;
	size_t n = 0;

	for (size_t i = 0; i < q->nanswers; i++)
		if (pos_of(r->order, r->norder, (int)i) >= 0)
			right[n++] = (int)i;
	f = n == r->norder ? grade_ordering(q->ordering.grading, right,
	    r->order, n) : 0;
	arena_free(a);
	return f;
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
	case Q_CLOZE:
		f = grade_cloze(q, r);
		break;
	case Q_GAPSELECT:
		f = grade_gapselect(q, r);
		break;
	case Q_ORDERING:
		f = grade_order(q, r);
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

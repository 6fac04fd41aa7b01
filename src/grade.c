/*
 * grade.c - Moodle's per-question grading and the exam totals; see grade.h.
 *
 * Each question type follows Moodle's question/type/<type>/question.php
 * (grade_response and what it calls). Short answers follow
 * qtype_shortanswer_question::compare_string_with_wildcard, done here with
 * a small wildcard matcher over UTF-8 instead of a PCRE regexp. Depends on
 * the arena and the question model only.
 */
#include "grade.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Decodes one code point at s (NUL-terminated) into *cp and returns its
 * length in bytes (0 at the NUL). A byte that does not start a well-formed
 * sequence is returned alone as 0xDC00 + byte, a value no valid code point
 * decodes to, so it compares equal only to the same byte. */
static size_t
u8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned c = s[0], need, min;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return c ? 1 : 0;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1; min = 0x80; v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2; min = 0x800; v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3; min = 0x10000; v = c & 0x07;
	} else {
		goto bad;
	}
	/* A continuation byte is never NUL, so this stops at the end. */
	for (unsigned i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*cp = v;
	return need + 1;
bad:
	*cp = 0xdc00 + c;
	return 1;
}

/* 1 for the whitespace grade_normalise trims and collapses. */
static int
is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x3000;
}

/* Full-width ASCII U+FF01..U+FF5E to its ASCII twin; others unchanged. */
static uint32_t
fold_width(uint32_t c)
{
	return c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
}

/* Unicode simple case folding (CaseFolding.txt, status C and S) for the
 * scripts a certification bank here uses: ASCII, Latin-1, Latin
 * Extended-A, Greek and Cyrillic. PCRE's /iu, which Moodle uses, knows
 * every script; a code point outside these ranges compares exactly. */
static uint32_t
fold_case(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c == 0xb5)
		return 0x3bc;			/* micro sign -> mu */
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17f) {
		if (c == 0x178)
			return 0xff;
		if (c == 0x17f)
			return 's';
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
			return c & 1 ? c + 1 : c;
		if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149)
			return c;		/* dotted/dotless i, kra, 'n */
		return c & 1 ? c : c + 1;
	}
	if (c >= 0x386 && c <= 0x3ab) {
		if (c == 0x386)
			return 0x3ac;
		if (c >= 0x388 && c <= 0x38a)
			return c + 37;
		if (c == 0x38c)
			return 0x3cc;
		if (c == 0x38e || c == 0x38f)
			return c + 63;
		if (c >= 0x391 && c != 0x3a2)
			return c + 32;
		return c;
	}
	if (c == 0x3c2)
		return 0x3c3;			/* final sigma */
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	return c;
}

char *
grade_normalise(struct arena *a, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *out = arena_alloc(a, strlen((const char *)p) + 1);
	size_t o = 0, len;
	int gap = 0;
	uint32_t c;

	/* Every rewrite shortens or keeps the text: a full-width character
	 * (3 bytes) becomes 1, a run of spaces becomes 1 byte or none. */
	while ((len = u8_decode(p, &c)) > 0) {
		c = fold_width(c);
		if (is_space(c)) {
			gap = o > 0;
			p += len;
			continue;
		}
		if (gap)
			out[o++] = ' ';
		gap = 0;
		if (c < 0x80) {
			out[o++] = (char)c;
		} else {
			memcpy(out + o, p, len);
			o += len;
		}
		p += len;
	}
	out[o] = '\0';
	return out;
}

/* Reads the pattern token at p: a run of unescaped '*' sets *star (Moodle
 * splits on /(?<!\\)\*+/, so "**" is one wildcard), "\*" is a literal
 * star, anything else one literal code point in *cp. Returns its length
 * in bytes, 0 at the end. */
static size_t
pattern_token(const unsigned char *p, int *star, uint32_t *cp)
{
	size_t n = 0;

	*star = 0;
	if (p[0] == '\\' && p[1] == '*') {
		*cp = '*';
		return 2;
	}
	if (p[0] == '*') {
		while (p[n] == '*')
			n++;
		*star = 1;
		return n;
	}
	return u8_decode(p, cp);
}

/* 1 if the whole of s matches pattern p (both normalised). The classic
 * wildcard walk: on a mismatch, let the last '*' seen swallow one more
 * code point and retry from just after it. */
static int
wildcard_match(const unsigned char *p, const unsigned char *s, int icase)
{
	const unsigned char *star_p = NULL, *star_s = NULL;
	uint32_t pc, sc;
	size_t plen, slen;
	int star;

	for (;;) {
		plen = pattern_token(p, &star, &pc);
		if (plen > 0 && star) {
			p += plen;
			star_p = p;
			star_s = s;
			continue;
		}
		slen = u8_decode(s, &sc);
		if (plen == 0 && slen == 0)
			return 1;
		if (plen > 0 && slen > 0 && (pc == sc ||
		    (icase && fold_case(pc) == fold_case(sc)))) {
			p += plen;
			s += slen;
			continue;
		}
		if (star_p == NULL || *star_s == '\0')
			return 0;
		star_s += u8_decode(star_s, &sc);
		p = star_p;
		s = star_s;
	}
}

int
grade_short_match(const char *pattern, const char *response, int usecase)
{
	struct arena *a = arena_new();
	const char *p = grade_normalise(a, pattern);
	const char *s = grade_normalise(a, response);
	int r;

	/* Moodle does not trim the pattern nor collapse spaces in either
	 * side (its edit form trims answers on save); aicert does both,
	 * and folds full-width forms too. */
	r = wildcard_match((const unsigned char *)p,
	    (const unsigned char *)s, !usecase);
	arena_free(a);
	return r;
}

/* 1 if s is NULL or holds only whitespace (Moodle's PARAM_RAW_TRIMMED
 * leaves "", which is_complete_response refuses to grade). */
static int
blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len;
	uint32_t c;

	while ((len = u8_decode(p, &c)) > 0) {
		if (!is_space(c))
			return 0;
		p += len;
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

/* Best fraction among matching answers of a short-answer or numerical
 * question. Moodle takes the first matching answer in the author's order
 * (question_first_matching_answer_grading_strategy, and
 * qtype_numerical_question::get_matching_answer); aicert takes the
 * best, which differs only when a lower-scoring answer that also matches
 * is listed first. */
static double
grade_best(const struct question *q, const struct response *r)
{
	double best = 0;
	int found = 0, hit;

	if (q->type == Q_SHORTANSWER && blank(r->text))
		return 0;
	if (q->type == Q_NUMERICAL && !isfinite(r->number))
		return 0;
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *ans = &q->answers[i];

		if (q->type == Q_SHORTANSWER)
			hit = ans->text != NULL &&
			    grade_short_match(ans->text, r->text, q->usecase);
		else if (ans->text != NULL && strcmp(ans->text, "*") == 0)
			hit = 1;
		else
			hit = within_tolerance(ans, r->number);
		if (hit && (!found || ans->fraction > best)) {
			best = ans->fraction;
			found = 1;
		}
	}
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

/*
 * cloze.c - Moodle's "Embedded answers" (Cloze) syntax; see cloze.h.
 *
 * Moodle finds gaps with one regular expression (ANSWER_REGEX in
 * question/type/multianswer/questiontype.php) and then reads a gap's
 * answers with a second (~?ANSWER_ALTERNATIVE_REGEX) applied again and
 * again to what is left. Both are mirrored here as small backtracking
 * matchers that try the same choices in the same order as PCRE, so a
 * text gives the gaps, answers, fractions and feedback Moodle gives,
 * odd cases included ({1:SA:~=a} is read as Moodle reads it). A step
 * budget stands in for PCRE's backtrack limit. Entities in answers and
 * feedback are decoded with html_decode() (html_sanitize.c).
 */
#include "cloze.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank_export_int.h"
#include "html_sanitize.h"

/* Steps the matchers may take for one question: the Cloze texts of the
 * real banks in the conformance set take at most 530, so this is far
 * above what a real text needs, and small enough that a hostile one
 * costs about a millisecond (at 4,000,000, 370 bytes of "~" and quotes
 * took 64 ms: 20 minutes for a 5 MB bank of them). */
#define CLOZE_BUDGET 100000L
/* Bytes the rewriting of a question's text may copy in all (Moodle
 * rewrites the text after each gap, so a long text with many gaps copies
 * it many times): 1,000 gaps in a 32 KiB text. */
#define CLOZE_COPY_MAX (32L * 1024 * 1024)
/* Alternatives one gap may have while matching (recursion depth). */
#define CLOZE_MAX_ALTS 1000

static const struct {
	const char *name;
	enum q_gap_kind kind;
	enum q_gap_layout layout;
	int usecase, shuffle;
} gap_codes[] = {
	{ "NUMERICAL", QG_NUMERICAL, QG_DROPDOWN, 0, 0 },
	{ "NM", QG_NUMERICAL, QG_DROPDOWN, 0, 0 },
	{ "MULTICHOICE", QG_MULTICHOICE, QG_DROPDOWN, 0, 0 },
	{ "MC", QG_MULTICHOICE, QG_DROPDOWN, 0, 0 },
	{ "MULTICHOICE_V", QG_MULTICHOICE, QG_VERTICAL, 0, 0 },
	{ "MCV", QG_MULTICHOICE, QG_VERTICAL, 0, 0 },
	{ "MULTICHOICE_H", QG_MULTICHOICE, QG_HORIZONTAL, 0, 0 },
	{ "MCH", QG_MULTICHOICE, QG_HORIZONTAL, 0, 0 },
	{ "SHORTANSWER", QG_SHORTANSWER, QG_DROPDOWN, 0, 0 },
	{ "SA", QG_SHORTANSWER, QG_DROPDOWN, 0, 0 },
	{ "MW", QG_SHORTANSWER, QG_DROPDOWN, 0, 0 },
	{ "SHORTANSWER_C", QG_SHORTANSWER, QG_DROPDOWN, 1, 0 },
	{ "SAC", QG_SHORTANSWER, QG_DROPDOWN, 1, 0 },
	{ "MWC", QG_SHORTANSWER, QG_DROPDOWN, 1, 0 },
	{ "MULTICHOICE_S", QG_MULTICHOICE, QG_DROPDOWN, 0, 1 },
	{ "MCS", QG_MULTICHOICE, QG_DROPDOWN, 0, 1 },
	{ "MULTICHOICE_VS", QG_MULTICHOICE, QG_VERTICAL, 0, 1 },
	{ "MCVS", QG_MULTICHOICE, QG_VERTICAL, 0, 1 },
	{ "MULTICHOICE_HS", QG_MULTICHOICE, QG_HORIZONTAL, 0, 1 },
	{ "MCHS", QG_MULTICHOICE, QG_HORIZONTAL, 0, 1 },
	{ "MULTIRESPONSE", QG_MULTIRESPONSE, QG_VERTICAL, 0, 0 },
	{ "MR", QG_MULTIRESPONSE, QG_VERTICAL, 0, 0 },
	{ "MULTIRESPONSE_H", QG_MULTIRESPONSE, QG_HORIZONTAL, 0, 0 },
	{ "MRH", QG_MULTIRESPONSE, QG_HORIZONTAL, 0, 0 },
	{ "MULTIRESPONSE_S", QG_MULTIRESPONSE, QG_VERTICAL, 0, 1 },
	{ "MRS", QG_MULTIRESPONSE, QG_VERTICAL, 0, 1 },
	{ "MULTIRESPONSE_HS", QG_MULTIRESPONSE, QG_HORIZONTAL, 0, 1 },
	{ "MRHS", QG_MULTIRESPONSE, QG_HORIZONTAL, 0, 1 },
};
#define NCODES (sizeof gap_codes / sizeof *gap_codes)

/* The index in gap_codes of the code s[0..n), or -1. */
static int
code_find(const char *s, size_t n)
{
	for (size_t i = 0; i < NCODES; i++)
		if (strlen(gap_codes[i].name) == n &&
		    memcmp(gap_codes[i].name, s, n) == 0)
			return (int)i;
	return -1;
}

const char *
q_gap_code(const struct q_gap *g)
{
	/* gap_codes lists each long name before its aliases. */
	for (size_t i = 0; i < NCODES; i++) {
		if (gap_codes[i].kind != g->kind)
			continue;
		if (g->kind == QG_SHORTANSWER && gap_codes[i].usecase != !!g->usecase)
			continue;
		if ((g->kind == QG_MULTICHOICE || g->kind == QG_MULTIRESPONSE) &&
		    (gap_codes[i].layout != g->layout ||
		    gap_codes[i].shuffle != !!g->shuffle))
			continue;
		return gap_codes[i].name;
	}
	return g->kind == QG_MULTIRESPONSE ? "MULTIRESPONSE" : "MULTICHOICE";
}

static const char *const kind_names[] = {
	[QG_SHORTANSWER] = "shortanswer", [QG_NUMERICAL] = "numerical",
	[QG_MULTICHOICE] = "multichoice", [QG_MULTIRESPONSE] = "multiresponse",
};
static const char *const layout_names[] = {
	[QG_DROPDOWN] = "dropdown", [QG_VERTICAL] = "vertical",
	[QG_HORIZONTAL] = "horizontal",
};

const char *
q_gap_kind_name(enum q_gap_kind k)
{
	return (unsigned)k < 4 ? kind_names[k] : "unknown";
}

int
q_gap_kind_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s != NULL && strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

const char *
q_gap_layout_name(enum q_gap_layout l)
{
	return (unsigned)l < 3 ? layout_names[l] : "dropdown";
}

int
q_gap_layout_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s != NULL && strcmp(s, layout_names[i]) == 0)
			return i;
	return -1;
}

/* ---- the gap matcher (ANSWER_REGEX) -------------------------------- */

struct cm {
	const char *s;
	size_t n;
	long budget;
	size_t end;		/* after the closing } of a match */
	size_t alts_end;	/* where its alternatives end (at that }) */
};

/* Length of ANSWER_ALTERNATIVE_FRACTION_REGEX at s[p]: "=" or
 * %-?[0-9]+([.,][0-9]*)?% ; 0 if none. */
static size_t
frac_len(const char *s, size_t n, size_t p)
{
	size_t i = p;

	if (i < n && s[i] == '=')
		return 1;
	if (i >= n || s[i] != '%')
		return 0;
	i++;
	if (i < n && s[i] == '-')
		i++;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i >= n || s[i] != '%')
		return 0;
	return i + 1 - p;
}

/* PCRE's $ without /m: the end, or before a final newline. */
static int
at_dollar(const char *s, size_t n, size_t e)
{
	return e == n || (e + 1 == n && s[e] == '\n');
}

/* ANSWER_ALTERNATIVE_ANSWER_REGEX may end at e: (?<!\\|&|&amp;)
 * (?=[~#}]|$). dollar: whether $ counts (only in the second pass). */
static int
answer_end_ok(const char *s, size_t n, size_t e, int dollar)
{
	if (!((e < n && strchr("~#}", s[e]) != NULL && s[e] != '\0') ||
	    (dollar && at_dollar(s, n, e))))
		return 0;
	if (e >= 1 && (s[e - 1] == '\\' || s[e - 1] == '&'))
		return 0;
	if (e >= 5 && memcmp(s + e - 5, "&amp;", 5) == 0)
		return 0;
	return 1;
}

/* ANSWER_ALTERNATIVE_FEEDBACK_REGEX may end at e: (?<!\\)(?=[~}]|$). */
static int
feedback_end_ok(const char *s, size_t n, size_t e, int dollar)
{
	if (!((e < n && (s[e] == '~' || s[e] == '}')) ||
	    (dollar && at_dollar(s, n, e))))
		return 0;
	return !(e >= 1 && s[e - 1] == '\\');
}

static int cm_tail(struct cm *m, size_t p, unsigned depth);

/*
 * One ANSWER_ALTERNATIVE_REGEX at p followed by what cm_tail() wants,
 * in PCRE's order: the fraction if there is one, the shortest answer
 * first, the feedback (shortest first) before none. 1 matched, 0 not,
 * -1 out of budget.
 */
static int
cm_alt(struct cm *m, size_t p, unsigned depth)
{
	size_t starts[2], ns = 0, f = frac_len(m->s, m->n, p);
	int r;

	if (f > 0)
		starts[ns++] = p + f;
	starts[ns++] = p;
	for (size_t k = 0; k < ns; k++) {
		for (size_t e = starts[k] + 1; e <= m->n; e++) {
			if (--m->budget < 0)
				return -1;
			if (!answer_end_ok(m->s, m->n, e, 0))
				continue;
			if (m->s[e] == '#')
				for (size_t fe = e + 1; fe <= m->n; fe++) {
					if (--m->budget < 0)
						return -1;
					if (feedback_end_ok(m->s, m->n, fe, 0) &&
					    (r = cm_tail(m, fe, depth)) != 0)
						return r;
				}
			if ((r = cm_tail(m, e, depth)) != 0)
				return r;
		}
	}
	return 0;
}

/* (~ALT)*\} at p, greedy. */
static int
cm_tail(struct cm *m, size_t p, unsigned depth)
{
	int r;

	if (p < m->n && m->s[p] == '~' && depth < CLOZE_MAX_ALTS &&
	    (r = cm_alt(m, p + 1, depth + 1)) != 0)
		return r;
	if (p < m->n && m->s[p] == '}') {
		m->end = p + 1;
		m->alts_end = p;
		return 1;
	}
	return 0;
}

/* The gap syntax's head at s[p]: "{", digits, ":", a code, ":". Sets
 * *code (index in gap_codes, -1 if the word is none) and *alts (where
 * the alternatives start); 0 if s[p] does not start "{N:WORD:". */
static int
gap_head(const char *s, size_t n, size_t p, int *code, size_t *alts)
{
	size_t i = p + 1, w;

	if (s[p] != '{')
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i >= n || s[i] != ':')
		return 0;
	w = ++i;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') ||
	    (s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
		i++;
	if (i == w || i >= n || s[i] != ':')
		return 0;
	*code = code_find(s + w, i - w);
	*alts = i + 1;
	return 1;
}

/* ---- reading one gap's answers (the second pass) ------------------- */

/* One match of ~?ANSWER_ALTERNATIVE_REGEX, searched from the left of
 * s[0..n) as preg_match does. Offsets into s; 0 if none. */
struct alt {
	size_t start, end;	/* the whole match */
	size_t fs, fl;		/* fraction */
	size_t as, ae;		/* answer */
	size_t bs, be;		/* feedback; bs == 0 when none */
};

static int
alt_at(const char *s, size_t n, size_t st, struct alt *out, long *budget)
{
	size_t p0s[2], np = 0;

	if (st < n && s[st] == '~')
		p0s[np++] = st + 1;
	p0s[np++] = st;
	for (size_t i = 0; i < np; i++) {
		size_t f = frac_len(s, n, p0s[i]), as[2], na = 0;

		if (f > 0)
			as[na++] = p0s[i] + f;
		as[na++] = p0s[i];
		for (size_t k = 0; k < na; k++)
			for (size_t e = as[k] + 1; e <= n; e++) {
				if (--*budget < 0)
					return 0;
				if (!answer_end_ok(s, n, e, 1))
					continue;
				*out = (struct alt){ st, e, p0s[i],
				    as[k] - p0s[i], as[k], e, 0, 0 };
				if (e < n && s[e] == '#')
					for (size_t fe = e + 1; fe <= n; fe++) {
						if (--*budget < 0)
							return 0;
						if (feedback_end_ok(s, n, fe, 1)) {
							out->bs = e + 1;
							out->be = fe;
							out->end = fe;
							break;
						}
					}
				return 1;
			}
	}
	return 0;
}

/* An answer or feedback as Moodle keeps it: entities decoded, then \}
 * and \# unescaped. */
static char *
cloze_unescape(struct arena *a, const char *s, size_t n)
{
	char *d = html_decode(a, s, n), *o = d;

	for (const char *p = d; *p != '\0'; p++) {
		if (p[0] == '\\' && (p[1] == '}' || p[1] == '#'))
			p++;
		*o++ = *p;
	}
	*o = '\0';
	return d;
}

/* Length of NUMBER_REGEX at s[p] (0 if none); *digits_at where it
 * starts after its minus sign. */
static size_t
number_len(const char *s, size_t n, size_t p, size_t *digits_at)
{
	size_t i = p;

	if (i < n && s[i] == '-')
		i++;
	*digits_at = i;
	if (i < n && s[i] >= '0' && s[i] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i < n && (s[i] == '.' || s[i] == ','))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	} else if (i + 1 < n && (s[i] == '.' || s[i] == ',') &&
	    s[i + 1] >= '0' && s[i + 1] <= '9') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	} else {
		return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;

		if (j < n && (s[j] == '-' || s[j] == '+'))
			j++;
		if (j < n && s[j] >= '0' && s[j] <= '9') {
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			i = j;
		}
	}
	return i - p;
}

/* strtod of s[0..n) with a decimal comma read as a point. */
static double
number_value(const char *s, size_t n)
{
	char buf[128];

	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (char *c = buf; *c; c++)
		if (*c == ',')
			*c = '.';
	return strtod(buf, NULL);
}

/* NUMERICAL_ALTERNATIVE_REGEX on s[0..n): value and tolerance (the
 * tolerance's sign is not in Moodle's group); 0 if it does not match. */
static int
numerical_answer(const char *s, size_t n, double *value, double *tol)
{
	size_t d1, d2, l1 = number_len(s, n, 0, &d1), l2;

	if (l1 == 0)
		return 0;
	*value = number_value(s, l1);
	*tol = 0;
	if (l1 < n && s[l1] == ':') {
		if ((l2 = number_len(s, n, l1 + 1, &d2)) == 0)
			return 0;
		*tol = number_value(s + d2, l1 + 1 + l2 - d2);
		l1 += 1 + l2;
	}
	return at_dollar(s, n, l1);
}

/* 1 if s is blank after trimming as PHP's trim(). */
static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (strchr(" \t\n\r\v", *s) == NULL)
			return 0;
	return 1;
}

/* Reads the alternatives s[0..n) of gap g as Moodle's loop does. */
static void
gap_answers(struct q_bank *b, struct q_gap *g, const char *src, size_t n,
    long *budget)
{
	char *rem = arena_strndup(b->arena, src, n);
	size_t rn = n;
	int specific = 0;
	double total = 0;

	for (;;) {
		struct alt m = { 0 };
		struct q_answer *a;
		size_t st, mlen;
		char *hit, *end;
		double v, t;
		int found = 0;

		for (st = 0; st < rn && !found; st++)
			found = alt_at(rem, rn, st, &m, budget);
		if (!found)
			break;
		a = q_gap_add_answer(b, g);
		a->format = QF_HTML;
		a->feedback_format = QF_HTML;
		if (m.fl == 1) {
			a->fraction = 1;
		} else if (m.fl > 2 && !(m.fl == 3 && rem[m.fs + 1] == '0')) {
			/* PHP: a percentage "0" is false, so not specific */
			a->fraction = .01 * number_value(rem + m.fs + 1, m.fl - 2);
			specific = 1;
		}
		if (m.bs > 0)
			a->feedback = cloze_unescape(b->arena, rem + m.bs,
			    m.be - m.bs);
		if (a->feedback != NULL && *a->feedback == '\0')
			a->feedback = NULL;
		if (g->kind == QG_NUMERICAL &&
		    numerical_answer(rem + m.as, m.ae - m.as, &v, &t)) {
			a->value = v;
			a->tolerance = fabs(t);
		} else {
			a->text = cloze_unescape(b->arena, rem + m.as,
			    m.ae - m.as);
		}
		/* explode($altregs[0], $remainingalts, 2)[1] */
		mlen = m.end - m.start;
		hit = NULL;
		for (size_t i = 0; i + mlen <= rn && hit == NULL; i++)
			if (memcmp(rem + i, rem + m.start, mlen) == 0)
				hit = rem + i;
		end = rem + rn;
		rem = hit + mlen;
		rn = (size_t)(end - rem);
	}
	/* Moodle keeps a multiple response gap's right answers summing to
	 * 1, and without given percentages a wrong one cancels a right. A
	 * percentage past 100 is left as written for gap_check to refuse:
	 * scaled, it would hide a typo and make fractions no Cloze text can
	 * write back (%5111...% gave the others 1e-64). */
	for (size_t i = 0; i < g->nanswers; i++)
		if (!(fabs(g->answers[i].fraction) <= 1))
			return;
	if (g->kind == QG_MULTIRESPONSE) {
		for (size_t i = 0; i < g->nanswers; i++)
			if (g->answers[i].fraction > 0)
				total += g->answers[i].fraction;
		for (size_t i = 0; total > 0 && i < g->nanswers; i++) {
			double f = g->answers[i].fraction;

			if (f > 0)
				g->answers[i].fraction = f / total;
			else if (!specific)
				g->answers[i].fraction = -(1.0 / total);
		}
	}
}

/* Moodle's qtype_multianswer_validate_question() for gap k (1-based),
 * after blank answers are dropped as Moodle's save does. */
static void
gap_check(struct q_bank *b, struct q_gap *g, size_t k, int line)
{
	const char *n = arena_printf(b->arena, "%zu", k);
	size_t kept = 0;
	int full = 0;

	for (size_t i = 0; i < g->nanswers; i++) {
		struct q_answer *a = &g->answers[i];

		/* Moodle scales a multiple response gap's right answers
		 * with a blank one among them, then drops it: the rest no
		 * longer add up to 100%, and no Cloze text reads back so. */
		if (a->text != NULL && blank(a->text) &&
		    g->kind == QG_MULTIRESPONSE && a->fraction > 0) {
			q_bank_msg(b, line, "cloze_mr_blank_right", "n", n,
			    NULL);
			continue;
		}
		if (a->text != NULL && blank(a->text))
			continue;
		if (g->kind == QG_NUMERICAL && a->text != NULL &&
		    strcmp(a->text, "*") != 0) {
			q_bank_msg(b, line, "cloze_numerical_nan", "n", n,
			    "value", a->text, NULL);
			continue;
		}
		if (g->kind == QG_NUMERICAL && a->text == NULL &&
		    (!isfinite(a->value) || !isfinite(a->tolerance))) {
			q_bank_msg(b, line, "cloze_numerical_nan", "n", n,
			    "value", "inf", NULL);
			continue;
		}
		if (!(a->fraction >= -1 && a->fraction <= 1)) {
			q_bank_msg(b, line, "cloze_fraction", "n", n, NULL);
			continue;
		}
		if (fabs(a->fraction - 1.0) < 1e-9 ||
		    (g->kind == QG_MULTIRESPONSE && a->fraction > 0))
			full = 1;
		g->answers[kept++] = *a;
	}
	g->nanswers = kept;
	if ((g->kind == QG_MULTICHOICE || g->kind == QG_MULTIRESPONSE) &&
	    kept < 2)
		q_bank_msg(b, line, "cloze_gap_two", "n", n, NULL);
	else if (kept == 0)
		q_bank_msg(b, line, "cloze_gap_none", "n", n, NULL);
	else if (!full)
		q_bank_msg(b, line, "cloze_gap_full", "n", n, NULL);
}

/* Newlines in s[0..n). */
static int
newlines(const char *s, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

/* Where the first gap of s is (Moodle's leftmost match); 1 found, 0
 * none, -1 out of budget. Sets *start and m->end, m->alts_end, *code
 * and *alts. */
static int
gap_find(struct cm *m, size_t *start, int *code, size_t *alts)
{
	for (size_t p = 0; p < m->n; p++) {
		int r;

		if (m->s[p] != '{' || !gap_head(m->s, m->n, p, code, alts) ||
		    *code < 0)
			continue;
		if ((r = cm_alt(m, *alts, 0)) != 0) {
			*start = p;
			return r;
		}
	}
	return 0;
}

int
q_cloze_looks(const char *s, size_t n)
{
	for (const char *p = s; (p = memchr(p, '{', n - (size_t)(p - s))) != NULL; p++) {
		int code;
		size_t alts;

		if (gap_head(s, n, (size_t)(p - s), &code, &alts) && code >= 0)
			return 1;
	}
	return 0;
}

int
q_cloze_extract(struct q_bank *b, struct question *q, int line)
{
	struct cm m = { 0 };
	char *text = q->text != NULL ? q->text : "";
	size_t nerr = b->nerr;
	long copied = 0;
	int lost = 0;	/* newlines of gaps already taken out */
	int *lost_at = NULL;
	size_t nlost = 0;

	m.budget = CLOZE_BUDGET;
	q->gaps = NULL;
	q->ngaps = 0;
	q->default_mark = 0;
	for (;;) {
		size_t start = 0, alts = 0;
		int code = -1, r, gline;
		struct q_gap *g;
		char *ph;

		m.s = text;
		m.n = strlen(text);
		r = gap_find(&m, &start, &code, &alts);
		if (r < 0) {
			q_bank_msg(b, line, "cloze_too_complex", NULL);
			return -1;
		}
		if (r == 0)
			break;
		lost = 0;
		for (size_t i = 0; i < nlost; i++)
			if ((size_t)lost_at[2 * i] < start)
				lost += lost_at[2 * i + 1];
		gline = line + newlines(text, start) + lost;
		g = q_add_gap(b, q);
		g->kind = gap_codes[code].kind;
		g->layout = gap_codes[code].layout;
		g->usecase = gap_codes[code].usecase;
		g->shuffle = gap_codes[code].shuffle;
		if (text[start + 1] != ':')
			g->weight = number_value(text + start + 1,
			    strcspn(text + start + 1, ":"));
		if (!isfinite(g->weight) || g->weight > 1e9) {
			q_bank_msg(b, gline, "cloze_weight", "n",
			    arena_printf(b->arena, "%zu", q->ngaps), NULL);
			g->weight = 1;
		}
		q->default_mark += g->weight;
		gap_answers(b, g, text + alts, m.alts_end - alts, &m.budget);
		if (m.budget < 0) {
			q_bank_msg(b, line, "cloze_too_complex", NULL);
			return -1;
		}
		gap_check(b, g, q->ngaps, gline);
		lost_at = arena_grow(b->arena, lost_at, nlost * 2,
		    nlost * 2 + 2, sizeof *lost_at);
		lost_at[2 * nlost] = (int)start;
		lost_at[2 * nlost + 1] = newlines(text + start, m.end - start);
		nlost++;
		/* Moodle searches the new text from its start again; the
		 * copies are bounded apart, which bounds time and memory. */
		if ((copied += (long)m.n) > CLOZE_COPY_MAX) {
			q_bank_msg(b, line, "cloze_too_complex", NULL);
			return -1;
		}
		ph = arena_printf(b->arena, "%.*s{#%zu}%s", (int)start, text,
		    q->ngaps, text + m.end);
		text = ph;
	}
	q->text = text;
	/* Moodle leaves what does not read as a gap in the text; a trainer
	 * meant a gap there, so say so. */
	for (size_t p = 0, n = strlen(text); p < n; p++) {
		int code;
		size_t alts;

		if (text[p] == '{' && gap_head(text, n, p, &code, &alts)) {
			int gline = line + newlines(text, p);
			const char *frag = q_text_short(b->arena,
			    arena_strndup(b->arena, text + p, n - p < 40 ? n - p : 40));

			for (size_t i = 0; i < nlost; i++)
				if ((size_t)lost_at[2 * i] < p)
					gline += lost_at[2 * i + 1];
			if (code < 0)
				q_bank_msg(b, gline, "cloze_gap_type", "gap",
				    frag, NULL);
			else
				q_bank_msg(b, gline, "cloze_gap_bad", "gap",
				    frag, NULL);
		}
	}
	if (q->ngaps == 0 && b->nerr == nerr)
		q_bank_msg(b, line, "cloze_no_gap", NULL);
	return b->nerr > nerr ? -1 : 0;
}

/* ---- writing ------------------------------------------------------- */

/* Appends s escaped so that Moodle reads it back as s: & ~ \ = % as
 * numeric references (Moodle decodes entities; it has no escape for ~;
 * a raw & or \ before a separator would hide it; = and % would read as
 * a fraction), } and # with a backslash, and a final newline as &#10;
 * (last in a gap, right before its }, it would be the final newline of
 * what Moodle's second regexp reads, and its $ ends the answer or the
 * feedback in front of it). */
static void
put_escaped(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		switch (*s) {
		case '\n':
			fputs(s[1] == '\0' ? "&#10;" : "\n", f);
			break;
		case '&': fputs("&#38;", f); break;
		case '=': fputs("&#61;", f); break;
		case '%': fputs("&#37;", f); break;
		case '~': fputs("&#126;", f); break;
		case '\\': fputs("&#92;", f); break;
		case '}': fputs("\\}", f); break;
		case '#': fputs("\\#", f); break;
		default: putc(*s, f); break;
		}
}

/* A real as the bank writers write numbers. */
static void
put_real(FILE *f, double x)
{
	char buf[NUMBUF];

	fputs(bank_export_number(buf, x), f);
}

char *
q_cloze_gap_source(struct arena *a, const struct q_gap *g)
{
	char *s = NULL, *res;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		abort();
	/* Moodle's syntax takes a mark of digits only. */
	fprintf(f, "{%.0f:%s:", g->weight, q_gap_code(g));
	for (size_t i = 0; i < g->nanswers; i++) {
		const struct q_answer *an = &g->answers[i];

		if (i > 0)
			putc('~', f);
		/* A multiple response gap's fractions are all written as
		 * %N%: Moodle reads zeros after "=" alone as cancelling. */
		if (fabs(an->fraction - 1.0) < 1e-9 &&
		    g->kind != QG_MULTIRESPONSE) {
			putc('=', f);
		} else if (an->fraction != 0) {
			char buf[NUMBUF];

			fprintf(f, "%%%s%%", bank_export_percent(buf,
			    an->fraction));
		}
		if (g->kind == QG_NUMERICAL && an->text == NULL) {
			put_real(f, an->value);
			if (an->tolerance != 0) {
				putc(':', f);
				put_real(f, an->tolerance);
			}
		} else {
			put_escaped(f, an->text);
		}
		if (an->feedback != NULL && *an->feedback != '\0') {
			putc('#', f);
			put_escaped(f, an->feedback);
		}
	}
	putc('}', f);
	fclose(f);
	res = arena_strdup(a, s);
	free(s);
	return res;
}

size_t
q_cloze_placeholder(const char *s, size_t ngaps, size_t *len)
{
	size_t i = 2, k = 0;

	if (s[0] != '{' || s[1] != '#')
		return 0;
	while (s[i] >= '0' && s[i] <= '9' && i < 12)
		k = k * 10 + (size_t)(s[i++] - '0');
	if (i == 2 || s[i] != '}' || k == 0 || k > ngaps)
		return 0;
	*len = i + 1;
	return k;
}

char *
q_cloze_source(struct arena *a, const struct question *q)
{
	const char *t = q->text != NULL ? q->text : "";
	char *s = NULL, *res;
	size_t len = 0, k, pl;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		abort();
	while (*t != '\0') {
		if ((k = q_cloze_placeholder(t, q->ngaps, &pl)) > 0) {
			fputs(q_cloze_gap_source(a, &q->gaps[k - 1]), f);
			t += pl;
		} else {
			putc(*t++, f);
		}
	}
	fclose(f);
	res = arena_strdup(a, s);
	free(s);
	return res;
}

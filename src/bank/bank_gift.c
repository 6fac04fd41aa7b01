/*
 * bank_gift.c - GIFT reader; see bank_gift.h.
 *
 * One file of ~1,100 lines on purpose: it is one grammar, read top to
 * bottom in the order of Moodle's readquestion so that the two can be
 * checked side by side, and every step (lines, escapes, braces, each
 * answer type) works on the same parser state and byte spans.
 *
 * Follows Moodle's question/format/gift/format.php (readquestion) and the
 * line handling of question/format.php (readdata, readquestions) step by
 * step, so a bank means here what it means in Moodle:
 * - lines are trimmed; a blank line, or a line holding only "0" (PHP's
 *   empty("0")), ends a question; "//" lines are blanked but their
 *   [id:..] and [tag:..] are kept (Moodle 4); without any "\n" in the
 *   file, "\r" ends lines (old Mac files);
 * - escapes \\ \: \# \= \{ \} \~ \n are replaced before anything else, so
 *   an escaped character is never syntax ("\n" becomes a newline);
 * - the first "{" and first "}" delimit the answers; text after them turns
 *   the question into a missing-word one whose stem holds "_____";
 * - the type comes from the answers as in Moodle: "" essay, "#.." numerical,
 *   any "~" multichoice (multiple response unless some "=" appears),
 *   "=" with "->" matching, T/TRUE/F/FALSE true/false, else short answer;
 * - weights must be one of Moodle's grades (100, 90, 83.33333 ... 5, 0 and
 *   their negatives) within 0.00001, as Moodle's import checks them.
 * Where Moodle would store a question other than the one written or crash
 * (PHP TypeError), this reader reports an error instead:
 * - "}" before "{", or a second brace after the answers (Moodle silently
 *   garbles the stem): escape literal braces as \{ \};
 * - a question holding Moodle's Cloze gaps ({1:MC:=a~b}), which Moodle's
 *   GIFT import garbles the same way, is read as the Cloze question it
 *   is (cloze.c), with a warning;
 * - a numerical answer that is not a number (Moodle stores "*", which
 *   accepts any answer), a min..max range upside down, a negative
 *   tolerance, a weight such as %--5% (TypeError in PHP 8);
 * - no answer with a positive weight (nobody could get the mark), an empty
 *   short answer, a matching question with fewer than two question ->
 *   answer pairs or a question without an answer (Moodle's editing form
 *   rejects both; empty choices and pairs are dropped, as Moodle's save
 *   drops them);
 * - a "$CATEGORY:" block running into a question (Moodle would swallow the
 *   question into the category name).
 * An [id:..] used twice in a category is kept here; bank_import_check
 * drops the second with a warning, as Moodle drops it.
 * A "$CATEGORY:" path loses Moodle's context prefix ($course$, $system$,
 * $module$, and $cat1$ which Moodle exports but its import regex misses)
 * and its "top" root; its escapes are restored (Moodle leaves "&&058;").
 * Short and numerical answers keep no [format], as in Moodle; questions
 * without ::title:: keep title NULL (Moodle makes one from the stem); tags
 * easy, medium and hard also set the difficulty. Pure C on question.h;
 * its messages are catalog keys (i18n.h) worded in the bank's b->lang.
 */
#include "bank_gift.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cloze.h"
#include "i18n.h"

/* Escaped characters become bytes that never occur in UTF-8, so that no
 * later step can take them for syntax; gift_unescape() restores them. */
#define ESC_FIRST	0xF8
#define ESC_NEWLINE	0xFE
static const char esc_chars[] = ":#={}~";	/* 0xF8 .. 0xFD */

#define BLANK	"_____"

/* A trimmed source line and its 1-based number. */
struct gift_line {
	const char *p;
	size_t n;
	int no;
};

/* A piece of the current question's text, inside gift.buf. */
struct span {
	const char *p;
	size_t n;
};

struct gift {
	struct q_bank *b;
	char *category;		/* of the last $CATEGORY:, NULL = root */
	struct gift_line *lines;	/* lines of the question being read */
	size_t nlines, cap;
	int zero_cut;		/* a "0" line ends or precedes this question */
	char *buf;		/* its lines, escapes as ESC_ bytes, joined by '\n' */
	size_t *start;		/* offset in buf of each line */
	size_t nerr;		/* b->nerr when the question began */
	int open_line;		/* line of its '{' */
	int idseen;		/* an [id:..] was found in its comments */
};

/* PHP trim()'s set: space, \t, \n, \r, \0, \x0B. */
static int
gift_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' ||
	    c == '\x0B';
}

static struct span
span_trim(struct span s)
{
	while (s.n > 0 && gift_space((unsigned char)s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && gift_space((unsigned char)s.p[s.n - 1]))
		s.n--;
	return s;
}

static struct span
span_sub(struct span s, size_t from, size_t to)
{
	struct span r = { s.p + from, to - from };

	return r;
}

/* Offset of the first c in s, or s.n. */
static size_t
span_chr(struct span s, char c)
{
	const char *p = memchr(s.p, c, s.n);

	return p != NULL ? (size_t)(p - s.p) : s.n;
}

/* Offset of the first needle in s, or s.n. */
static size_t
span_str(struct span s, const char *needle)
{
	size_t k = strlen(needle);

	/* The first byte is tested before memcmp: one call per candidate,
	 * not per byte, which matters under the fuzzer's interceptors. */
	for (size_t i = 0; i + k <= s.n; i++)
		if (s.p[i] == needle[0] && memcmp(s.p + i, needle, k) == 0)
			return i;
	return s.n;
}

static int
span_is(struct span s, const char *word)
{
	return s.n == strlen(word) && memcmp(s.p, word, s.n) == 0;
}

/* PHP's empty() on a trimmed string: "" and "0". */
static int
span_empty(struct span s)
{
	return s.n == 0 || (s.n == 1 && s.p[0] == '0');
}

/* The source line of p, which points into g->buf. */
static int
gift_lineof(const struct gift *g, const char *p)
{
	size_t off = (size_t)(p - g->buf), lo = 0, hi = g->nlines;

	while (hi - lo > 1) {		/* last line starting at or before off */
		size_t mid = lo + (hi - lo) / 2;

		if (g->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return g->lines[lo].no;
}

/* Line of the first non-blank byte of s (or of s itself if all blank). */
static int
gift_lineat(const struct gift *g, struct span s)
{
	struct span t = span_trim(s);

	return gift_lineof(g, t.n > 0 ? t.p : s.p);
}

/* Copies s to the arena, restoring escaped characters, then trims it as
 * Moodle's escapedchar_post() followed by trim(). */
static char *
gift_unescape(struct gift *g, struct span s)
{
	char *out = arena_alloc(g->b->arena, s.n + 1);

	/* Copied whole, then the rare escape bytes put back: one test a
	 * byte for the common case. */
	memcpy(out, s.p, s.n);
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c >= ESC_FIRST && c <= ESC_NEWLINE)
			out[i] = c == ESC_NEWLINE ? '\n' :
			    esc_chars[c - ESC_FIRST];
	}
	out[s.n] = '\0';
	{
		struct span t = span_trim((struct span){ out, s.n });

		memmove(out, t.p, t.n);
		out[t.n] = '\0';
	}
	return out;
}

/* Moodle's parse_text_with_format(): a leading [moodle], [html], [plain]
 * or [markdown] sets *fmt (else def) and is removed; then the escapes are
 * restored and the text trimmed. */
static char *
gift_text(struct gift *g, struct span s, enum q_format def,
    enum q_format *fmt)
{
	static const struct {
		const char *name;
		enum q_format f;
	} names[] = {
		{ "moodle", QF_MOODLE }, { "html", QF_HTML },
		{ "plain", QF_PLAIN }, { "markdown", QF_MARKDOWN },
	};

	*fmt = def;
	if (s.n > 0 && s.p[0] == '[') {
		size_t end = span_chr(s, ']');

		for (size_t i = 0; end < s.n && i < sizeof names / sizeof *names;
		    i++)
			if (span_is(span_sub(s, 1, end), names[i].name)) {
				*fmt = names[i].f;
				s = span_sub(s, end + 1, s.n);
				break;
			}
	}
	return gift_unescape(g, s);
}

/* As gift_text(), but NULL for an empty text (feedback). */
static char *
gift_feedback(struct gift *g, struct span s, enum q_format def,
    enum q_format *fmt)
{
	char *t = gift_text(g, s, def, fmt);

	return *t != '\0' ? t : NULL;
}

/* PHP 8's is_numeric() followed by the conversion: optional blanks, sign,
 * digits with an optional point, optional exponent, optional blanks (so
 * no hex, inf or nan; strtod then sees only what it reads alike in every
 * locale but for the point, and the program stays in the C locale).
 * Returns 0 and sets *v, or -1; infinite values are -1. */
static int
gift_number(struct gift *g, const char *s, double *v)
{
	const char *p = s, *digits;
	char *copy, *end;
	int n = 0;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	digits = p;
	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p)) {
		p++;
		n++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			n++;
		}
	}
	if (n == 0)
		return -1;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (!isdigit((unsigned char)*q))
			return -1;
		while (isdigit((unsigned char)*q))
			q++;
		p = q;
	}
	copy = arena_strndup(g->b->arena, digits, (size_t)(p - digits));
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p != '\0')
		return -1;
	*v = strtod(copy, &end);
	return *end == '\0' && isfinite(*v) ? 0 : -1;
}

/* Moodle's fraction_options_full(): the only weights its import accepts. */
static const double grades[] = {
	1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4,
	0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111,
	0.1, 0.05, 0.0,
};

/* Snaps *f to a Moodle grade within 0.00001 (match_grade_options 'error');
 * -1 if there is none. */
static int
gift_grade(double *f)
{
	for (size_t i = 0; i < sizeof grades / sizeof *grades; i++)
		if (fabs(fabs(*f) - grades[i]) < 0.00001) {
			*f = *f < 0 ? -grades[i] : grades[i];
			return 0;
		}
	return -1;
}

/*
 * Moodle's answer weight: /^%\-*([0-9]{1,2})\.?([0-9]*)%/ at the start of
 * *s, read as a number and divided by 100. Returns 0 with no weight (s
 * untouched), 1 with *f set and the weight removed from *s, -1 after
 * recording an error.
 */
static int
gift_weight(struct gift *g, struct span *s, double *f)
{
	size_t i = 1, d0, nd;
	struct span w;
	double v;

	if (s->n == 0 || s->p[0] != '%')
		return 0;
	while (i < s->n && s->p[i] == '-')
		i++;
	d0 = i;
	while (i < s->n && isdigit((unsigned char)s->p[i]))
		i++;
	nd = i - d0;
	if (nd == 0 || i == s->n)
		return 0;
	if (s->p[i] == '.') {
		if (nd > 2)
			return 0;
		for (i++; i < s->n && isdigit((unsigned char)s->p[i]); i++)
			;
	}
	if (i == s->n || s->p[i] != '%')
		return 0;
	w = span_sub(*s, 1, i);
	*s = span_sub(*s, i + 1, s->n);
	if (gift_number(g, arena_strndup(g->b->arena, w.p, w.n), &v) < 0) {
		q_bank_msg(g->b, gift_lineat(g, w), "gift_weight_nan", "w",
		    arena_strndup(g->b->arena, w.p, w.n), NULL);
		return -1;
	}
	*f = v / 100;
	if (gift_grade(f) < 0) {
		q_bank_msg(g->b, gift_lineat(g, w), "gift_weight_grade", "w",
		    arena_strndup(g->b->arena, w.p, w.n), NULL);
		return -1;
	}
	return 1;
}

/* Splits s at each sep (removed), as PHP explode(); then, as Moodle does,
 * trims the first piece and drops it if empty() ("" or "0"). When eq_too,
 * '=' also starts a piece and is kept in it (Moodle's "=" -> "~=" trick).
 * Returns the number of pieces in *out (arena array); *dropped_zero tells
 * a first piece "0" was dropped. */
static size_t
gift_split(struct gift *g, struct span s, char sep, int eq_too,
    struct span **out, int *dropped_zero)
{
	size_t n = 1, k = 0, from = 0;
	struct span *v;

	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] == sep || (eq_too && s.p[i] == '='))
			n++;
	v = arena_alloc(g->b->arena, n * sizeof *v);
	for (size_t i = 0; i <= s.n; i++) {
		if (i == s.n || s.p[i] == sep) {
			v[k++] = span_sub(s, from, i);
			from = i + 1;
		} else if (eq_too && s.p[i] == '=') {
			v[k++] = span_sub(s, from, i);
			from = i;
		}
	}
	v[0] = span_trim(v[0]);
	*dropped_zero = span_is(v[0], "0");
	if (span_empty(v[0])) {
		v++;
		k--;
	}
	*out = v;
	return k;
}

/* Splits an answer at its first '#' into text and feedback (Moodle's
 * commentparser), filling a's text and feedback with their formats. */
static void
gift_comment(struct gift *g, struct question *q, struct span s,
    struct q_answer *a)
{
	size_t hash = span_chr(s, '#');

	a->text = gift_text(g, span_trim(span_sub(s, 0, hash)), q->format,
	    &a->format);
	a->feedback_format = q->format;
	if (hash < s.n)
		a->feedback = gift_feedback(g,
		    span_trim(span_sub(s, hash + 1, s.n)), q->format,
		    &a->feedback_format);
}

/* Records an error unless some answer of q has a positive weight. */
static void
gift_need_right(struct gift *g, struct question *q)
{
	for (size_t i = 0; i < q->nanswers; i++)
		if (q->answers[i].fraction > 0)
			return;
	q_bank_msg(g->b, g->open_line, "gift_no_right", NULL);
}

static void
gift_multichoice(struct gift *g, struct question *q, struct span ans)
{
	struct span *piece;
	int zero;
	size_t n = gift_split(g, ans, '~', 1, &piece, &zero);

	q->type = Q_MULTICHOICE;
	q->single = span_chr(ans, '=') < ans.n;
	for (size_t i = 0; i < n; i++) {
		struct span s = span_trim(piece[i]);
		struct q_answer a = { 0 };

		if (s.n > 0 && s.p[0] == '=') {
			a.fraction = 1;
			s = span_sub(s, 1, s.n);
		} else if (gift_weight(g, &s, &a.fraction) < 0) {
			continue;
		}
		gift_comment(g, q, s, &a);
		if (*a.text != '\0')	/* Moodle drops empty choices */
			*q_add_answer(g->b, q) = a;
	}
	if (g->b->nerr > g->nerr)
		return;
	if (q->nanswers < 2)
		q_bank_msg(g->b, g->open_line, "gift_mc_two", NULL);
	else
		gift_need_right(g, q);
}

/* Reads piece, one "=" answer of a short-answer or numerical question,
 * into a: its weight (100% unless given), text and feedback, and no
 * format, as Moodle keeps none for these answers. -1 if the weight was
 * refused (the error recorded). */
static int
gift_plain_answer(struct gift *g, struct question *q, struct span piece,
    struct q_answer *a)
{
	struct span s = span_trim(piece);

	*a = (struct q_answer){ .fraction = 1 };
	if (gift_weight(g, &s, &a->fraction) < 0)
		return -1;
	gift_comment(g, q, s, a);
	a->format = QF_MOODLE;
	return 0;
}

static void
gift_shortanswer(struct gift *g, struct question *q, struct span ans)
{
	struct span *piece;
	int zero;
	size_t n = gift_split(g, ans, '=', 0, &piece, &zero);

	q->type = Q_SHORTANSWER;
	if (n == 0) {
		q_bank_msg(g->b, g->open_line, "gift_short_none", NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct q_answer a;

		if (gift_plain_answer(g, q, piece[i], &a) < 0)
			continue;
		if (*a.text == '\0') {
			q_bank_msg(g->b, gift_lineat(g, piece[i]), "gift_short_empty", NULL);
			continue;
		}
		*q_add_answer(g->b, q) = a;
	}
	if (g->b->nerr == g->nerr)
		gift_need_right(g, q);
}

/* Reads one numerical answer text ("v", "v:tol", "min..max", "*") into a;
 * -1 after recording an error. */
static int
gift_value(struct gift *g, struct span at, struct q_answer *a)
{
	const char *t = a->text;
	const char *dots = strstr(t, ".."), *colon = strchr(t, ':');
	double lo, hi;

	if (dots != NULL && dots > t) {
		char *min = arena_strndup(g->b->arena, t, (size_t)(dots - t));

		if (gift_number(g, min, &lo) < 0 ||
		    gift_number(g, dots + 2, &hi) < 0)
			goto bad;
		if (lo > hi) {
			q_bank_msg(g->b, gift_lineat(g, at), "gift_range_reversed", "range", t,
			    NULL);
			return -1;
		}
		a->value = lo / 2 + hi / 2;	/* (lo + hi) / 2, no overflow */
		a->tolerance = hi - a->value;
		if (!isfinite(a->tolerance))
			goto bad;
	} else if (colon != NULL && colon > t) {
		char *v = arena_strndup(g->b->arena, t, (size_t)(colon - t));

		if (gift_number(g, v, &a->value) < 0 ||
		    gift_number(g, colon + 1, &a->tolerance) < 0)
			goto bad;
		if (a->tolerance < 0) {
			q_bank_msg(g->b, gift_lineat(g, at), "gift_tolerance_negative", "text", t,
			    NULL);
			return -1;
		}
	} else if (strcmp(t, "*") == 0) {
		return 0;	/* Moodle's any-other-answer */
	} else if (gift_number(g, t, &a->value) < 0) {
		goto bad;
	}
	a->text = NULL;
	return 0;
bad:
	q_bank_msg(g->b, gift_lineat(g, at), "gift_number_invalid", "text", t, NULL);
	return -1;
}

static void
gift_numerical(struct gift *g, struct question *q, struct span ans)
{
	struct span *piece, wrong = { NULL, 0 };
	size_t tilde, n;
	int zero;

	q->type = Q_NUMERICAL;
	ans = span_sub(ans, 1, ans.n);
	tilde = span_chr(ans, '~');
	if (tilde < ans.n) {
		wrong = span_sub(ans, tilde, ans.n);
		ans = span_sub(ans, 0, tilde);
	}
	n = gift_split(g, ans, '=', 0, &piece, &zero);
	if (n == 0) {
		q_bank_msg(g->b, g->open_line, zero ? "gift_numerical_zero" :
		    "gift_numerical_none", NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct q_answer a;

		if (gift_plain_answer(g, q, piece[i], &a) == 0 &&
		    gift_value(g, piece[i], &a) == 0)
			*q_add_answer(g->b, q) = a;
	}
	if (wrong.p != NULL) {
		struct q_answer *a = q_add_answer(g->b, q);
		size_t hash = span_chr(wrong, '#');

		a->text = arena_strdup(g->b->arena, "*");
		a->feedback_format = q->format;
		if (hash < wrong.n)
			a->feedback = gift_feedback(g,
			    span_trim(span_sub(wrong, hash + 1, wrong.n)),
			    q->format, &a->feedback_format);
	}
	if (g->b->nerr == g->nerr)
		gift_need_right(g, q);
}

static void
gift_matching(struct gift *g, struct question *q, struct span ans)
{
	struct span *piece;
	int zero;
	size_t n = gift_split(g, ans, '=', 0, &piece, &zero), subs = 0;

	q->type = Q_MATCHING;
	for (size_t i = 0; i < n; i++) {
		struct span s = span_trim(piece[i]);
		size_t arrow = span_str(s, "->");
		struct q_pair p = { 0 };

		if (arrow == s.n) {
			q_bank_msg(g->b, gift_lineat(g, piece[i]), "gift_pair_arrow", NULL);
			continue;
		}
		p.sub = gift_text(g, span_sub(s, 0, arrow), q->format,
		    &p.format);
		p.answer = gift_unescape(g, span_sub(s, arrow + 2, s.n));
		if (*p.sub != '\0' && *p.answer == '\0') {
			q_bank_msg(g->b, gift_lineat(g, piece[i]), "gift_pair_no_answer", "sub",
			    p.sub, NULL);
			continue;
		}
		if (*p.sub == '\0' && *p.answer == '\0')
			continue;	/* Moodle drops empty pairs */
		subs += *p.sub != '\0';
		*q_add_pair(g->b, q) = p;
	}
	if (subs < 2 && g->b->nerr == g->nerr)
		q_bank_msg(g->b, g->open_line, "gift_pairs_two", NULL);
}

static void
gift_truefalse(struct gift *g, struct question *q, struct span ans)
{
	struct span bit[3] = { ans, { NULL, 0 }, { NULL, 0 } };
	enum q_format f;
	char *fb[3] = { NULL, NULL, NULL };	/* -, wrong, right */
	enum q_format ff[3] = { q->format, q->format, q->format };
	struct q_answer *t, *fa;
	char *word;
	int right;

	q->type = Q_TRUEFALSE;
	for (int i = 0; i < 2; i++) {
		size_t hash = span_chr(bit[i], '#');

		if (hash == bit[i].n)
			break;
		bit[i + 1] = span_sub(bit[i], hash + 1, bit[i].n);
		bit[i] = span_sub(bit[i], 0, hash);
	}
	word = gift_text(g, span_trim(bit[0]), q->format, &f);
	right = strcmp(word, "T") == 0 || strcmp(word, "TRUE") == 0;
	for (int i = 1; i < 3; i++)
		if (bit[i].p != NULL)
			fb[i] = gift_feedback(g, span_trim(bit[i]), q->format,
			    &ff[i]);
	t = q_add_answer(g->b, q);
	t->text = arena_strdup(g->b->arena, "true");
	t->fraction = right;
	t->feedback = fb[right ? 2 : 1];
	t->feedback_format = ff[right ? 2 : 1];
	fa = q_add_answer(g->b, q);
	fa->text = arena_strdup(g->b->arena, "false");
	fa->fraction = !right;
	fa->feedback = fb[right ? 1 : 2];
	fa->feedback_format = ff[right ? 1 : 2];
}

/*
 * One regex of Moodle 4's extract_idnumber_and_tags_from_comment() over a
 * comment line: "[id:" (tag 0) or "[tag:" (tag 1), characters (a "\]"
 * counts as one), then "]". A tag may not hold '<', '>' or '`'; neither
 * holds ']' or a control character; an id is not empty. Like the regex's
 * backtracking, takes the longest run that a ']' closes. Only the first
 * id counts. Linear: a start that fails dooms every start before the
 * character that stopped it.
 */
static void
gift_comment_key(struct gift *g, struct question *q, const char *s,
    size_t n, int tag)
{
	const char *open = tag ? "[tag:" : "[id:";
	size_t olen = strlen(open), doomed = 0;

	for (size_t i = 0; i + olen <= n && !(!tag && g->idseen); i++) {
		size_t body = i + olen, j = body, close, last_esc = 0;

		if (i < doomed || s[i] != '[' ||
		    memcmp(s + i, open, olen) != 0)
			continue;
		while (j < n) {
			unsigned char c = (unsigned char)s[j];

			if (c == '\\' && j + 1 < n && s[j + 1] == ']') {
				last_esc = j + 1;
				j += 2;
			} else if (c == ']' || c < 0x20 || c == 0x7F ||
			    (tag && (c == '<' || c == '>' || c == '`'))) {
				break;
			} else {
				j++;
			}
		}
		if (j < n && s[j] == ']') {
			close = j;
		} else if (last_esc != 0) {
			close = last_esc;	/* backtrack: "\" then "]" */
		} else {
			doomed = j;
			continue;
		}
		if (!tag && close == body)
			continue;	/* "[id:]" */
		{
			struct span v = span_trim((struct span){ s + body,
			    close - body });
			char *out = arena_alloc(g->b->arena, v.n + 1);
			size_t k = 0;

			for (size_t m = 0; m < v.n; m++) {
				if (v.p[m] == '\\' && m + 1 < v.n &&
				    v.p[m + 1] == ']')
					m++;
				out[k++] = v.p[m];
			}
			out[k] = '\0';
			if (!tag) {
				q->id = k > 0 ? out : NULL;
				g->idseen = 1;
			} else if (k > 0) {
				q_add_tag(g->b, q, out);
			}
		}
		i = close;
	}
}

static void
gift_difficulty(struct question *q)
{
	static const char *const level[] = { "easy", "medium", "hard" };

	for (size_t i = 0; i < q->ntags; i++)
		for (int d = 0; d < 3; d++)
			if (strcasecmp(q->tags[i], level[d]) == 0)
				q->difficulty = d + 1;
}

/* Keeps the path of a $CATEGORY: block as "a/b/c": segments split at '/'
 * (a "//" stays, Moodle's escaped slash), trimmed, the context segment
 * ($course$ ...) and the "top" root removed; NULL for the root. */
static char *
gift_category_path(struct gift *g, const char *path)
{
	size_t n = strlen(path), k = 0, i = 0, seg = 0;
	char *out = arena_alloc(g->b->arena, n + 1);

	while (i <= n) {
		size_t from = i, to;
		struct span s;

		while (i < n && !(path[i] == '/' && path[i + 1] != '/' &&
		    (i == 0 || path[i - 1] != '/')))
			i++;
		to = i++;
		s = span_trim((struct span){ path + from, to - from });
		if (s.n == 0)
			continue;
		if (seg == 0 && s.n >= 3 && s.p[0] == '$' &&
		    s.p[s.n - 1] == '$' && islower((unsigned char)s.p[1])) {
			size_t m = 1;

			while (m < s.n - 1 && (islower((unsigned char)s.p[m]) ||
			    isdigit((unsigned char)s.p[m])))
				m++;
			if (m == s.n - 1)
				continue;	/* context, not a category */
		}
		if (seg++ == 0 && span_is(s, "top"))
			continue;
		if (k > 0)
			out[k++] = '/';
		memcpy(out + k, s.p, s.n);
		k += s.n;
	}
	out[k] = '\0';
	return k > 0 ? out : NULL;
}

static void
gift_category(struct gift *g, struct span text)
{
	struct span rest = span_trim(span_sub(text, 10, text.n));
	size_t nl = span_chr(rest, '\n');

	if (nl < rest.n) {
		q_bank_msg(g->b, gift_lineof(g, rest.p + nl + 1), "gift_category_blank", NULL);
		return;
	}
	g->category = gift_category_path(g, gift_unescape(g, rest));
}

/* Builds g->buf from the lines: comments blanked (their id and tags read
 * into q), escapes replaced, lines joined by '\n'. Returns its length. */
static size_t
gift_cook(struct gift *g, struct question *q)
{
	size_t total = 0, k = 0;

	for (size_t i = 0; i < g->nlines; i++)
		total += g->lines[i].n + 1;
	g->buf = arena_alloc(g->b->arena, total + 1);
	g->start = arena_alloc(g->b->arena, g->nlines * sizeof *g->start);
	for (size_t i = 0; i < g->nlines; i++) {
		const char *s = g->lines[i].p;
		size_t n = g->lines[i].n;

		if (i > 0)
			g->buf[k++] = '\n';
		g->start[i] = k;
		if (n >= 2 && s[0] == '/' && s[1] == '/') {
			gift_comment_key(g, q, s, n, 0);
			gift_comment_key(g, q, s, n, 1);
			g->buf[k++] = ' ';
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			const char *bs = memchr(s + j, '\\', n - j), *e;
			size_t run = bs != NULL ? (size_t)(bs - s) - j : n - j;

			/* What comes before the next backslash goes as it
			 * is, in one copy rather than byte by byte. */
			memcpy(g->buf + k, s + j, run);
			k += run;
			j += run;
			if (j == n)
				break;
			if (j + 1 < n) {
				if (s[j + 1] == '\\') {
					g->buf[k++] = '\\';
					j++;
					continue;
				}
				if (s[j + 1] == 'n') {
					g->buf[k++] = (char)ESC_NEWLINE;
					j++;
					continue;
				}
				e = strchr(esc_chars, s[j + 1]);
				if (e != NULL && s[j + 1] != '\0') {
					g->buf[k++] = (char)(ESC_FIRST +
					    (e - esc_chars));
					j++;
					continue;
				}
			}
			g->buf[k++] = s[j];
		}
	}
	g->buf[k] = '\0';
	return k;
}

/* Hint for brace errors when a "0" line split the question. */
static const char *
gift_zero_hint(const struct gift *g)
{
	return g->zero_cut ? i18n_get(g->b->lang, "gift_zero_hint") : "";
}

/* Finds the answer block; 1 with *open and *close set, 0 if there is none
 * (description), -1 after recording an error. */
static int
gift_braces(struct gift *g, struct span text, size_t *open, size_t *close)
{
	size_t o = span_chr(text, '{'), c = span_chr(text, '}');

	if (o == text.n && c == text.n)
		return 0;
	if (c == text.n) {
		q_bank_msg(g->b, gift_lineof(g, text.p + o), "gift_brace_unclosed", "hint",
		    gift_zero_hint(g), NULL);
		return -1;
	}
	if (o == text.n || c < o) {
		q_bank_msg(g->b, gift_lineof(g, text.p + c), "gift_brace_stray", "hint",
		    gift_zero_hint(g), NULL);
		return -1;
	}
	for (size_t i = c + 1; i < text.n; i++)
		if (text.p[i] == '{' || text.p[i] == '}') {
			q_bank_msg(g->b, gift_lineof(g, text.p + i), "gift_brace_after", "c",
			    text.p[i] == '{' ? "{" : "}", NULL);
			return -1;
		}
	*open = o;
	*close = c;
	g->open_line = gift_lineof(g, text.p + o);
	return 1;
}

/* A question written in Moodle's Cloze syntax ({1:MULTICHOICE:=a~b} gaps)
 * in a GIFT file: Moodle's GIFT import would take the first gap for an
 * answer block and keep the rest as text, a question nobody meant.
 * aicert reads it as the Cloze question it is, and says so. */
static void
gift_cloze(struct gift *g, struct question *q, struct span text)
{
	q->type = Q_CLOZE;
	q->text = gift_text(g, text, QF_MOODLE, &q->format);
	q->general_feedback_format = q->format;
	q->penalty = Q_PENALTY_DEFAULT;
	if (q_cloze_extract(g->b, q, q->line) != 0) {
		g->b->n--;
		return;
	}
	q_bank_warn(g->b, q->line, "gift_cloze", "n",
	    arena_printf(g->b->arena, "%zu", q->ngaps), NULL);
}

/* Reads the question in g->lines (Moodle's readquestion). */
static void
gift_question(struct gift *g)
{
	struct question *q = q_bank_add(g->b);
	struct span text, ans = { NULL, 0 }, gf = { NULL, 0 }, stem;
	size_t open = 0, close = 0;
	char *stembuf;
	int block;

	g->nerr = g->b->nerr;
	g->idseen = 0;
	text.n = gift_cook(g, q);
	text.p = g->buf;
	text = span_trim(text);
	if (text.n == 0)
		goto drop;	/* comments only */
	q->line = gift_lineof(g, text.p);
	q->category = g->category;
	if (text.n >= 10 && memcmp(text.p, "$CATEGORY:", 10) == 0) {
		gift_category(g, text);
		goto drop;
	}
	if (text.n >= 2 && memcmp(text.p, "::", 2) == 0) {
		size_t end;

		text = span_sub(text, 2, text.n);
		end = span_str(text, "::");
		if (end < text.n) {
			q->title = gift_unescape(g, span_sub(text, 0, end));
			if (*q->title == '\0')
				q->title = NULL;
			text = span_trim(span_sub(text, end + 2, text.n));
		}
	}
	if (q_cloze_looks(text.p, text.n)) {
		gift_cloze(g, q, text);
		return;
	}
	block = gift_braces(g, text, &open, &close);
	if (block < 0)
		goto drop;
	stem = text;
	stembuf = arena_alloc(g->b->arena, text.n + sizeof BLANK);
	if (block) {
		size_t hash = 0, k = open;

		ans = span_trim(span_sub(text, open + 1, close));
		memcpy(stembuf, text.p, open);
		if (close + 1 < text.n) {	/* missing word */
			memcpy(stembuf + k, BLANK, strlen(BLANK));
			k += strlen(BLANK);
		}
		memcpy(stembuf + k, text.p + close + 1, text.n - close - 1);
		k += text.n - close - 1;
		stem = (struct span){ stembuf, k };
		for (size_t i = ans.n; i >= 4 && hash == 0; i--)
			if (ans.p[i - 1] == '#' &&
			    memcmp(ans.p + i - 4, "####", 4) == 0)
				hash = i;
		if (hash != 0) {
			gf = span_sub(ans, hash, ans.n);
			ans = span_trim(span_sub(ans, 0, hash - 4));
		}
	}
	q->text = gift_text(g, stem, QF_MOODLE, &q->format);
	q->general_feedback_format = q->format;
	if (gf.p != NULL)
		q->general_feedback = gift_feedback(g, gf, q->format,
		    &q->general_feedback_format);
	gift_difficulty(q);

	if (!block) {
		q->type = Q_DESCRIPTION;
		q->default_mark = 0;
	} else if (ans.n == 0) {
		q->type = Q_ESSAY;
	} else if (ans.p[0] == '#') {
		gift_numerical(g, q, ans);
	} else if (span_chr(ans, '~') < ans.n) {
		gift_multichoice(g, q, ans);
	} else if (span_chr(ans, '=') < ans.n && span_str(ans, "->") < ans.n) {
		gift_matching(g, q, ans);
	} else {
		struct span tf = ans;
		size_t hash = span_chr(ans, '#');

		if (hash > 0 && hash < ans.n)
			tf = span_trim(span_sub(ans, 0, hash));
		if (span_is(tf, "T") || span_is(tf, "TRUE") ||
		    span_is(tf, "F") || span_is(tf, "FALSE"))
			gift_truefalse(g, q, ans);
		else
			gift_shortanswer(g, q, ans);
	}
	q->penalty = q_penalty_default(q->type);	/* as Moodle's GIFT */
	if (g->b->nerr == g->nerr)
		return;
drop:
	g->b->n--;
}

int
bank_gift_parse(struct q_bank *b, const char *data, size_t len)
{
	struct gift g = { .b = b };
	size_t nerr = b->nerr, pos = 0;
	int no = 1, zero = 0;
	char eol;

	if (len == 0)
		return 0;
	eol = memchr(data, '\n', len) == NULL &&
	    memchr(data, '\r', len) != NULL ? '\r' : '\n';
	for (;;) {
		const char *nl = memchr(data + pos, eol, len - pos);
		size_t end = nl != NULL ? (size_t)(nl - data) : len;
		struct span s = span_trim((struct span){ data + pos,
		    end - pos });

		if (span_empty(s)) {
			int z = span_is(s, "0");

			if (g.nlines > 0) {
				g.zero_cut = zero || z;
				gift_question(&g);
				g.nlines = 0;
			}
			zero = z;
		} else {
			if (g.nlines == g.cap) {
				size_t cap = g.cap ? g.cap * 2 : 32;

				g.lines = arena_grow(b->arena, g.lines, g.nlines,
				    cap, sizeof *g.lines);
				g.cap = cap;
			}
			g.lines[g.nlines++] = (struct gift_line){ s.p, s.n, no };
		}
		if (nl == NULL)
			break;
		pos = end + 1;
		no++;
	}
	if (g.nlines > 0) {
		g.zero_cut = zero;
		gift_question(&g);
	}
	return b->nerr > nerr ? -1 : 0;
}

/*
 * bank_lint.c - item-writing checks over a parsed bank; see bank_lint.h.
 *
 * Works on the raw texts: HTML tags are skipped when measuring and
 * comparing, and read when deciding what is emphasised. Scratch memory
 * comes from a private arena (or malloc) freed before each call returns.
 * Depends on question.h, arena.h and utf8.h; warnings are catalog
 * messages (i18n.h) in the language of the warnings' list.
 */
#include "bank_lint.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "competency.h"
#include "utf8.h"

#define LONG_RATIO_NUM 5	/* the key is at least 5/4 of the next ... */
#define LONG_RATIO_DEN 4
#define LONG_MARGIN 10		/* ... and at least 10 code points longer */
#define SKEW_MIN_ITEMS 12
#define SKEW_MAX_OPTIONS 11

/* Chi-square critical values for p = 0.01, by degrees of freedom. */
static const double chi2_crit[SKEW_MAX_OPTIONS] = {
	0, 6.635, 9.210, 11.345, 13.277, 15.086, 16.812, 18.475, 20.090,
	21.666, 23.209,
};

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Length of the HTML tag starting at s ('<' then a letter, '/' or '!', up
 * to '>'), or 0 if s does not start one. */
static size_t
tag_len(const char *s)
{
	const char *e;

	if (s[0] != '<' || !(is_alpha((unsigned char)s[1]) || s[1] == '/' ||
	    s[1] == '!'))
		return 0;
	e = strchr(s, '>');
	return e == NULL ? 0 : (size_t)(e - s) + 1;
}

/* Length of the entity ("&amp;", "&#123;") starting at s, or 0. */
static size_t
entity_len(const char *s)
{
	size_t i = 1, start;

	if (s[0] != '&')
		return 0;
	if (s[i] == '#')
		i++;
	start = i;
	while (is_alnum((unsigned char)s[i]) && i - start < 10)
		i++;
	return i > start && s[i] == ';' ? i + 1 : 0;
}

/* What a reader sees of s, in code points: tags skipped, an entity
 * counting as one, a whitespace run as one, none at either end. */
static size_t
lint_length(const char *s)
{
	const char *end = s != NULL ? s + strlen(s) : NULL;
	size_t n = 0, t;
	uint32_t cp;
	int space = 0;

	while (s != NULL && *s) {
		if ((t = tag_len(s)) > 0) {
			s += t;
		} else if (is_space((unsigned char)*s)) {
			space = n > 0;
			s++;
		} else {
			if (space)
				n++;
			space = 0;
			if ((t = entity_len(s)) > 0) {
				n++;
				s += t;
			} else {
				n++;
				s += utf8_next(s, (size_t)(end - s), &cp);
			}
		}
	}
	return n;
}

/* s with tags stripped, ASCII letters in lower case and whitespace runs
 * collapsed to one space, trimmed; allocated from a. */
static char *
lint_normalise(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	size_t t;
	int space = 0;

	while (*s) {
		if ((t = tag_len(s)) > 0) {
			s += t;
		} else if (is_space((unsigned char)*s)) {
			space = o > out;
			s++;
		} else {
			if (space)
				*o++ = ' ';
			space = 0;
			*o++ = (char)lower((unsigned char)*s++);
		}
	}
	*o = '\0';
	return out;
}

/* The index of the key of a single-choice question: the one answer with
 * the highest fraction, which must be above 0 and unique. -1 if q is not
 * single-choice or has no such answer. */
static long
lint_key(const struct question *q)
{
	long key = -1;
	int tie = 0;

	if (q->type != Q_MULTICHOICE || !q->single)
		return -1;
	for (size_t i = 0; i < q->nanswers; i++) {
		double f = q->answers[i].fraction;

		if (f <= 0)
			continue;
		if (key < 0 || f > q->answers[key].fraction) {
			key = (long)i;
			tie = 0;
		} else if (f == q->answers[key].fraction) {
			tie = 1;
		}
	}
	return tie ? -1 : key;
}

static void
lint_longest(const struct question *q, struct q_bank *w)
{
	long key = lint_key(q);
	size_t klen, next = 0;

	if (key < 0 || q->nanswers < 2)
		return;
	klen = lint_length(q->answers[key].text);
	for (size_t i = 0; i < q->nanswers; i++) {
		size_t n = lint_length(q->answers[i].text);

		if ((long)i != key && n > next)
			next = n;
	}
	if (klen * LONG_RATIO_DEN >= next * LONG_RATIO_NUM &&
	    klen >= next + LONG_MARGIN)
		q_bank_msg(w, q->line, "lint_longest", "len", arena_printf(w->arena, "%zu",
		    klen), "next", arena_printf(w->arena, "%zu", next), NULL);
}

/* A "comp:" tag whose code cannot be one: the question would silently
 * count for no competency. */
static void
lint_comp_tags(const struct question *q, struct q_bank *w)
{
	for (size_t i = 0; i < q->ntags; i++)
		if (q->tags[i] != NULL && strncasecmp(q->tags[i], "comp:", 5) == 0 &&
		    competency_of_tag(q->tags[i]) == NULL)
			q_bank_msg(w, q->line, "lint_comp_invalid", "tag", q->tags[i], NULL);
}

static void
lint_one_option(const struct question *q, struct q_bank *w)
{
	if (q->type == Q_MULTICHOICE && q->nanswers < 2)
		q_bank_msg(w, q->line, q->nanswers == 1 ? "lint_one_option" :
		    "lint_few_options", "n", arena_printf(w->arena, "%zu", q->nanswers),
		    NULL);
}

/* A gapselect gap whose group offers one choice gives its key away. */
static void
lint_gap_choices(const struct question *q, struct q_bank *w)
{
	const char *p = q->text ? q->text : "";
	size_t gap = 0;

	if (q->type != Q_GAPSELECT)
		return;
	while ((p = strstr(p, "[[")) != NULL) {
		const char *e = p + 2;
		long k = 0;
		size_t same = 0;

		while (*e >= '0' && *e <= '9' && k < 100000)
			k = k * 10 + (*e++ - '0');
		if (e == p + 2 || e[0] != ']' || e[1] != ']') {
			p += 2;
			continue;
		}
		p = e + 2;
		gap++;
		if (k < 1 || (size_t)k > q->nchoices)
			continue;
		for (size_t i = 0; i < q->nchoices; i++)
			same += q->choices[i].group == q->choices[k - 1].group;
		if (same == 1)
			q_bank_msg(w, q->line, "lint_gap_one_choice", "n",
			    arena_printf(w->arena, "%zu", gap), "group",
			    arena_printf(w->arena, "%d", q->choices[k - 1].group), NULL);
	}
}

/* A question nobody can get full marks on: single choice, short answer or
 * numerical whose best answer is worth less than 100% (Moodle imports it;
 * its editing form would not save it). Refused elsewhere when no answer
 * is worth anything, so only a best above 0 is warned about. */
static void
lint_best_partial(const struct question *q, struct q_bank *w)
{
	double best = -2;

	if (!((q->type == Q_MULTICHOICE && q->single) || q->type == Q_SHORTANSWER ||
	    q->type == Q_NUMERICAL) || q->nanswers == 0)
		return;
	for (size_t i = 0; i < q->nanswers; i++)
		if (q->answers[i].fraction > best)
			best = q->answers[i].fraction;
	if (best > 0 && best < 1 - 1e-6)
		q_bank_msg(w, q->line, "lint_best_partial", "percent",
		    arena_printf(w->arena, "%.5g", best * 100), NULL);
}

/* ---- negative stems ------------------------------------------------ */

static const struct negative {
	const char *word;
	int english;
} negatives[] = {
	{ "not", 1 }, { "except", 1 }, { "least", 1 },
	{ "何者錯誤", 0 }, { "何者不正確", 0 }, { "錯誤的是", 0 },
	{ "不正確", 0 }, { "不是", 0 },
};

/* Length of the sentence end at s (". " "?" "!" "。" "？" "！", a newline,
 * <br> or a paragraph tag), or 0. A '.' ends a sentence only before
 * whitespace, a tag or the end, so "3.5" does not. */
static size_t
sentence_end(const char *s)
{
	if (*s == '?' || *s == '!' || *s == '\n')
		return 1;
	if (*s == '.' && (s[1] == '\0' || is_space((unsigned char)s[1]) ||
	    s[1] == '<'))
		return 1;
	if (strncmp(s, "\xe3\x80\x82", 3) == 0 ||	/* 。 */
	    strncmp(s, "\xef\xbc\x9f", 3) == 0 ||	/* ？ */
	    strncmp(s, "\xef\xbc\x81", 3) == 0)		/* ！ */
		return 3;
	if (strncmp(s, "<br", 3) == 0 || strncmp(s, "<p", 2) == 0 ||
	    strncmp(s, "</p", 3) == 0)
		return tag_len(s);
	return 0;
}

static int
is_question_mark(const char *s)
{
	return *s == '?' || strncmp(s, "\xef\xbc\x9f", 3) == 0;
}

/* The question sentence of s as byte offsets [*from, *to): the sentence
 * that ends with the last question mark, else the last sentence. */
static void
question_sentence(const char *s, size_t *from, size_t *to)
{
	size_t i, n = strlen(s), t, start = 0, qs = 0, qe = n;

	for (i = 0; i < n; ) {
		if (is_question_mark(s + i))
			qe = i + (s[i] == '?' ? 1 : 3);
		if ((t = tag_len(s + i)) == 0)
			t = sentence_end(s + i);
		i += t > 0 ? t : 1;
	}
	for (i = 0; i < qe; ) {
		size_t e = sentence_end(s + i);

		if (e > 0) {
			i += e;
			start = i;
		} else if ((t = tag_len(s + i)) > 0) {
			i += t;
		} else {
			if (!is_space((unsigned char)s[i]))
				qs = start;
			i++;
		}
	}
	*from = qs;
	*to = qe;
}

/* Change in emphasis depth made by the tag at s: +1 opening <strong>,
 * <b>, <em> or <u>, -1 closing one, 0 otherwise. */
static int
emphasis_tag(const char *s, size_t len)
{
	static const char *const names[] = { "strong", "b", "em", "u" };
	int closing = s[1] == '/';
	const char *name = s + 1 + closing;
	size_t n = 0;

	while (is_alpha((unsigned char)name[n]))
		n++;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		size_t j;

		if (strlen(names[i]) != n)
			continue;
		for (j = 0; j < n && lower((unsigned char)name[j]) ==
		    (unsigned char)names[i][j]; j++)
			;
		if (j == n)
			return closing ? -1 : (s[len - 2] == '/' ? 0 : 1);
	}
	return 0;
}

/* 1 if the English word w (lower case) is at s as a whole word; *caps is
 * set when it is written in capitals. */
static int
word_at(const char *base, const char *s, const char *w, int *caps)
{
	size_t n = strlen(w), i;

	if (s > base && is_alpha((unsigned char)s[-1]))
		return 0;
	*caps = 1;
	for (i = 0; i < n; i++) {
		if (lower((unsigned char)s[i]) != (unsigned char)w[i])
			return 0;
		if (s[i] >= 'a' && s[i] <= 'z')
			*caps = 0;
	}
	return !is_alpha((unsigned char)s[n]);
}

/* 1 if the occurrence is a phrase that is not negative: "at least",
 * "not only". */
static int
not_negative(const char *base, const char *s, const char *w)
{
	if (strcmp(w, "least") == 0 && s - base >= 3 &&
	    lower((unsigned char)s[-3]) == 'a' &&
	    lower((unsigned char)s[-2]) == 't' && s[-1] == ' ')
		return 1;
	if (strcmp(w, "not") == 0 && strncmp(s + 3, " only", 5) == 0 &&
	    !is_alpha((unsigned char)s[8]))
		return 1;
	return 0;
}

static void
lint_negative(const struct question *q, struct q_bank *w)
{
	const char *s = q->text;
	size_t from, to, i, t;
	int depth = 0;

	if (s == NULL || (q->type != Q_MULTICHOICE && q->type != Q_TRUEFALSE))
		return;
	question_sentence(s, &from, &to);
	for (i = 0; i < to; ) {
		if ((t = tag_len(s + i)) > 0) {
			depth += emphasis_tag(s + i, t);
			if (depth < 0)
				depth = 0;
			i += t;
			continue;
		}
		for (size_t k = 0; i >= from &&
		    k < sizeof negatives / sizeof *negatives; k++) {
			const struct negative *ng = &negatives[k];
			size_t n = strlen(ng->word);
			int caps = 0, marked;

			if (ng->english ? !word_at(s, s + i, ng->word, &caps) :
			    strncmp(s + i, ng->word, n) != 0)
				continue;
			if (ng->english && not_negative(s, s + i, ng->word))
				continue;
			marked = i > 0 && (s[i - 1] == '*' || s[i - 1] == '_') &&
			    (s[i + n] == '*' || s[i + n] == '_');
			if (depth > 0 || caps || marked)
				continue;
			q_bank_msg(w, q->line, ng->english ? "lint_negative_en" :
			    "lint_negative", "word", arena_strndup(w->arena, s + i, n),
			    "bold", ng->english ? (k == 0 ? "NOT" : k == 1 ? "EXCEPT" :
			    "LEAST") : ng->word, NULL);
			return;
		}
		i++;
	}
}

/* ---- whole-bank checks --------------------------------------------- */

static void
lint_skew(const struct q_bank *b, struct q_bank *w)
{
	size_t counts[SKEW_MAX_OPTIONS + 1][SKEW_MAX_OPTIONS];
	size_t total[SKEW_MAX_OPTIONS + 1];

	memset(counts, 0, sizeof counts);
	memset(total, 0, sizeof total);
	for (size_t i = 0; i < b->n; i++) {
		const struct question *q = &b->q[i];
		long key = lint_key(q);

		if (key < 0 || q->nanswers < 2 ||
		    q->nanswers > SKEW_MAX_OPTIONS)
			continue;
		counts[q->nanswers][key]++;
		total[q->nanswers]++;
	}
	for (size_t k = 2; k <= SKEW_MAX_OPTIONS; k++) {
		double e = (double)total[k] / (double)k, chi2 = 0;
		char list[SKEW_MAX_OPTIONS * 16] = "";
		size_t len = 0;

		if (total[k] < SKEW_MIN_ITEMS)
			continue;
		for (size_t p = 0; p < k; p++) {
			double d = (double)counts[k][p] - e;

			chi2 += d * d / e;
			len += (size_t)snprintf(list + len, sizeof list - len,
			    "%s%c %zu", p ? ", " : "", (int)('A' + p),
			    counts[k][p]);
		}
		if (chi2 <= chi2_crit[k - 1])
			continue;
		q_bank_msg(w, 0, "lint_key_skew", "total", arena_printf(w->arena, "%zu",
		    total[k]), "k", arena_printf(w->arena, "%zu", k), "list", list, NULL);
	}
}

struct stem {
	const char *norm;
	size_t index;
};

static int
stem_cmp(const void *a, const void *b)
{
	const struct stem *x = a, *y = b;
	int c = strcmp(x->norm, y->norm);

	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
lint_duplicates(const struct q_bank *b, struct q_bank *w)
{
	struct arena *a = arena_new();
	struct stem *st = arena_alloc(a, (b->n ? b->n : 1) * sizeof *st);
	size_t n = 0, i, first;

	for (i = 0; i < b->n; i++) {
		const struct question *q = &b->q[i];

		if (q->type == Q_DESCRIPTION || q->text == NULL)
			continue;
		st[n].norm = lint_normalise(a, q->text);
		st[n].index = i;
		if (*st[n].norm != '\0')
			n++;
	}
	qsort(st, n, sizeof *st, stem_cmp);
	for (i = 1, first = 0; i < n; i++) {
		if (strcmp(st[i].norm, st[first].norm) != 0) {
			first = i;
			continue;
		}
		q_bank_msg(w, b->q[st[i].index].line, "lint_same_stem", "stem",
		    q_text_short(w->arena, b->q[st[i].index].text), "line",
		    arena_printf(w->arena, "%d", b->q[st[first].index].line), NULL);
	}
	arena_free(a);
}

/* Sorts warnings from index start on by line, keeping the order of
 * warnings on the same line. */
static void
sort_by_line(struct q_bank *w, size_t start)
{
	for (size_t i = start + 1; i < w->nerr; i++) {
		struct q_error e = w->err[i];
		size_t j = i;

		while (j > start && w->err[j - 1].line > e.line) {
			w->err[j] = w->err[j - 1];
			j--;
		}
		w->err[j] = e;
	}
}

void
bank_lint(const struct q_bank *b, struct q_bank *warnings)
{
	size_t start = warnings->nerr;

	for (size_t i = 0; i < b->n; i++) {
		const struct question *q = &b->q[i];

		lint_one_option(q, warnings);
		lint_gap_choices(q, warnings);
		lint_best_partial(q, warnings);
		lint_longest(q, warnings);
		lint_negative(q, warnings);
		lint_comp_tags(q, warnings);
	}
	lint_duplicates(b, warnings);
	lint_skew(b, warnings);
	sort_by_line(warnings, start);
}

/* ---- translations -------------------------------------------------- */

struct idref {
	const char *id;
	const struct question *q;
};

static int
idref_cmp(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->q->line < y->q->line ? -1 : x->q->line > y->q->line;
}

/* One language version: its name, and its questions with ids, by id. */
struct version {
	const struct q_bank *bank;
	const char *lang;
	const char *file;
	struct idref *ids;
	size_t nids;
};

static const struct question *
version_find(const struct version *v, const char *id)
{
	size_t lo = 0, hi = v->nids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v->ids[mid].id, id);

		if (c == 0) {
			while (mid > 0 && strcmp(v->ids[mid - 1].id, id) == 0)
				mid--;
			return v->ids[mid].q;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
version_init(struct version *v, struct arena *a, const struct q_bank *b,
    size_t index)
{
	v->bank = b;
	v->file = b->file ? b->file : arena_printf(a, "bank %zu", index + 1);
	v->lang = v->file;
	for (size_t i = 0; i < b->n; i++) {
		if (b->q[i].lang != NULL && *b->q[i].lang != '\0') {
			v->lang = b->q[i].lang;
			break;
		}
	}
	v->ids = arena_alloc(a, (b->n ? b->n : 1) * sizeof *v->ids);
	v->nids = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (b->q[i].id == NULL || *b->q[i].id == '\0')
			continue;
		v->ids[v->nids].id = b->q[i].id;
		v->ids[v->nids].q = &b->q[i];
		v->nids++;
	}
	qsort(v->ids, v->nids, sizeof *v->ids, idref_cmp);
}

static void
version_check(const struct version *vs, size_t nv, size_t i,
    struct q_bank *w)
{
	const struct version *v = &vs[i];

	for (size_t k = 0; k < v->bank->n; k++) {
		const struct question *q = &v->bank->q[k];

		if (q->id == NULL || *q->id == '\0') {
			q_bank_msg(w, q->line, "lint_no_id", "file", v->file, NULL);
			continue;
		}
		for (size_t j = 0; j < nv; j++) {
			const struct question *o;

			if (j == i)
				continue;
			o = version_find(&vs[j], q->id);
			if (o == NULL) {
				q_bank_msg(w, q->line, "lint_missing_lang", "file", v->file,
				    "id", q->id, "lang", vs[j].lang, "other", vs[j].file, NULL);
			} else if (j > i && o->type != q->type) {
				q_bank_msg(w, q->line, "lint_type_differs", "file", v->file,
				    "id", q->id, "type", q_type_name(q->type), "other_type",
				    q_type_name(o->type), "other", vs[j].file, "line",
				    arena_printf(w->arena, "%d", o->line), NULL);
			} else if (j > i && o->nanswers != q->nanswers) {
				q_bank_msg(w, q->line, "lint_options_differ", "file", v->file,
				    "id", q->id, "n", arena_printf(w->arena, "%zu", q->nanswers),
				    "other_n", arena_printf(w->arena, "%zu", o->nanswers),
				    "other", vs[j].file, "line", arena_printf(w->arena, "%d",
				    o->line), NULL);
			}
		}
	}
	for (size_t k = 1; k < v->nids; k++)
		if (strcmp(v->ids[k].id, v->ids[k - 1].id) == 0)
			q_bank_msg(w, v->ids[k].q->line, "lint_id_twice", "file", v->file, "id",
			    v->ids[k].id, "line", arena_printf(w->arena, "%d",
			    v->ids[k - 1].q->line), NULL);
}

void
bank_lint_translations(const struct q_bank *const *banks, size_t nbanks,
    struct q_bank *warnings)
{
	struct arena *a;
	struct version *vs;

	if (nbanks < 2)
		return;
	a = arena_new();
	vs = arena_alloc(a, nbanks * sizeof *vs);
	for (size_t i = 0; i < nbanks; i++)
		version_init(&vs[i], a, banks[i], i);
	for (size_t i = 0; i < nbanks; i++)
		version_check(vs, nbanks, i, warnings);
	arena_free(a);
}

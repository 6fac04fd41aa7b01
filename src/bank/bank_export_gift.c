/*
 * bank_export_gift.c - writes a question bank as Moodle GIFT, the
 * inverse of bank_gift.c; see bank_export.h for what GIFT cannot carry.
 * Follows Moodle's own exporter (question/format/gift/format.php): its
 * escapes, its weight syntax, its comment line for id and tags. Depends
 * on the writers' shared helpers (bank_export.c).
 */
#include "bank_export.h"

#include <stdlib.h>
#include <string.h>

#include "bank_export_int.h"
#include "cloze.h"

/* Writes n bytes of s with GIFT's control characters escaped as Moodle's
 * repchar() does: \ ~ = # { } : get a backslash, a newline becomes "\n",
 * a carriage return is dropped. */
static void
gift_escn(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\': case '~': case '=': case '#':
		case '{': case '}': case ':':
			putc('\\', out);
			putc(s[i], out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			break;
		default:
			putc(s[i], out);
		}
	}
}

static void
gift_esc(FILE *out, const char *s)
{
	if (s != NULL)
		gift_escn(out, s, strlen(s));
}

/* Writes the start of a text: the [format] prefix when the text's format
 * is not the default one (Moodle's write_questiontext), or when the text
 * itself starts like a prefix or a comment and would be misread. */
static void
gift_prefix(FILE *out, const char *s, enum q_format f, enum q_format def)
{
	if (bank_export_empty(s))
		return;
	if (f != def || s[0] == '[' || (s[0] == '/' && s[1] == '/'))
		fprintf(out, "[%s]", q_format_name(f));
}

static void
gift_text(FILE *out, const char *s, enum q_format f, enum q_format def)
{
	gift_prefix(out, s, f, def);
	gift_esc(out, s);
}

/* "#feedback" for an answer, nothing without feedback. */
static void
gift_feedback(FILE *out, const struct question *q, const struct q_answer *a)
{
	if (bank_export_empty(a->feedback))
		return;
	putc('#', out);
	gift_text(out, a->feedback, a->feedback_format, q->format);
}

static void
gift_general_feedback(FILE *out, const struct question *q, const char *indent)
{
	if (bank_export_empty(q->general_feedback))
		return;
	fprintf(out, "%s####", indent);
	gift_text(out, q->general_feedback, q->general_feedback_format,
	    q->format);
	if (*indent != '\0')
		putc('\n', out);
}

/* The comment line Moodle reads idnumber and tags from; difficulty rides
 * along as a tag. A ']' inside a value is written "\]". */
static void
gift_meta(FILE *out, const struct question *q)
{
	const char *diff = bank_export_difficulty(q->difficulty);

	if (bank_export_empty(q->id) && q->ntags == 0 && diff == NULL)
		return;
	fputs("//", out);
	if (!bank_export_empty(q->id)) {
		fputs(" [id:", out);
		for (const char *p = q->id; *p; p++) {
			if (*p == ']')
				putc('\\', out);
			putc(*p == '\n' ? ' ' : *p, out);
		}
		putc(']', out);
	}
	for (size_t i = 0; i < q->ntags; i++) {
		if (diff != NULL && strcmp(q->tags[i], diff) == 0)
			diff = NULL;	/* already a tag; do not write it twice */
		fputs(" [tag:", out);
		for (const char *p = q->tags[i]; *p; p++) {
			if (*p == ']')
				putc('\\', out);
			putc(*p == '\n' ? ' ' : *p, out);
		}
		putc(']', out);
	}
	if (diff != NULL) {
		fprintf(out, " [tag:%s]", diff);
	}
	putc('\n', out);
}

static void
gift_multichoice(FILE *out, const struct question *q)
{
	char buf[NUMBUF];
	size_t nfull = 0;
	int demote_last = 0;

	/* Moodle reads "single" from the presence of '=' and the type from
	 * the presence of '~': a single-choice question whose answers are all
	 * 100% writes its last one as ~%100% so both are there. */
	for (size_t i = 0; i < q->nanswers; i++)
		if (bank_export_is_full(q->answers[i].fraction))
			nfull++;
	if (q->single && nfull == q->nanswers && q->nanswers >= 2)
		demote_last = 1;
	fputs("{\n", out);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];
		const char *t = a->text ? a->text : "";

		putc('\t', out);
		if (q->single && bank_export_is_full(a->fraction) &&
		    !(demote_last && i == q->nanswers - 1))
			putc('=', out);
		else if (a->fraction == 0 && t[0] != '%')
			putc('~', out);
		else
			fprintf(out, "~%%%s%%", bank_export_percent(buf, a->fraction));
		gift_text(out, t, a->format, q->format);
		gift_feedback(out, q, a);
		putc('\n', out);
	}
	gift_general_feedback(out, q, "\t");
	putc('}', out);
}

static void
gift_truefalse(FILE *out, const struct question *q)
{
	const struct q_answer *right = NULL, *wrong = NULL;
	int correct = 1;

	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];
		int is_true = a->text != NULL && strcmp(a->text, "true") == 0;

		if (a->fraction > 0.5) {
			correct = is_true;
			right = a;
		} else {
			wrong = a;
		}
	}
	/* {TRUE#feedback when wrong#feedback when right####general} */
	fputs(correct ? "{TRUE" : "{FALSE", out);
	if (wrong != NULL && !bank_export_empty(wrong->feedback)) {
		putc('#', out);
		gift_text(out, wrong->feedback, wrong->feedback_format,
		    q->format);
	} else if (right != NULL && !bank_export_empty(right->feedback)) {
		putc('#', out);
	}
	if (right != NULL && !bank_export_empty(right->feedback)) {
		putc('#', out);
		gift_text(out, right->feedback, right->feedback_format,
		    q->format);
	}
	gift_general_feedback(out, q, "");
	putc('}', out);
}

static void
gift_shortanswer(FILE *out, const struct question *q)
{
	char buf[NUMBUF];

	fputs("{\n", out);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];

		fprintf(out, "\t=%%%s%%", bank_export_percent(buf, a->fraction));
		gift_text(out, a->text, a->format, q->format);
		gift_feedback(out, q, a);
		putc('\n', out);
	}
	gift_general_feedback(out, q, "\t");
	putc('}', out);
}

/* {#value:tolerance} for one right answer, else Moodle's weighted list,
 * with the any-other-answer feedback ("*") last as "~#feedback": Moodle
 * takes everything after a '~' as that feedback. */
static void
gift_numerical(FILE *out, const struct question *q)
{
	char v[NUMBUF], t[NUMBUF], w[NUMBUF];

	if (q->nanswers == 1 && bank_export_is_full(q->answers[0].fraction) &&
	    !bank_export_any_answer(&q->answers[0])) {
		const struct q_answer *a = &q->answers[0];

		fprintf(out, "{#%s:%s", bank_export_number(v, a->value),
		    bank_export_number(t, a->tolerance));
		gift_feedback(out, q, a);
		gift_general_feedback(out, q, "");
		putc('}', out);
		return;
	}
	fputs("{#\n", out);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];

		if (bank_export_any_answer(a))
			continue;
		fprintf(out, "\t=%%%s%%%s:%s", bank_export_percent(w, a->fraction),
		    bank_export_number(v, a->value), bank_export_number(t, a->tolerance));
		gift_feedback(out, q, a);
		putc('\n', out);
	}
	for (size_t i = 0; i < q->nanswers; i++) {
		if (!bank_export_any_answer(&q->answers[i]))
			continue;
		fputs("\t~", out);
		if (bank_export_empty(q->answers[i].feedback))
			putc('#', out);
		gift_feedback(out, q, &q->answers[i]);
		putc('\n', out);
		break;
	}
	gift_general_feedback(out, q, "\t");
	putc('}', out);
}

static void
gift_matching(FILE *out, const struct question *q)
{
	fputs("{\n", out);
	for (size_t i = 0; i < q->npairs; i++) {
		const struct q_pair *p = &q->pairs[i];

		fputs("\t=", out);
		gift_text(out, p->sub, p->format, q->format);
		fputs(" -> ", out);
		gift_esc(out, p->answer);
		putc('\n', out);
	}
	gift_general_feedback(out, q, "\t");
	putc('}', out);
}

static void
gift_answers(FILE *out, const struct question *q)
{
	switch (q->type) {
	case Q_MULTICHOICE:
		gift_multichoice(out, q);
		break;
	case Q_TRUEFALSE:
		gift_truefalse(out, q);
		break;
	case Q_SHORTANSWER:
		gift_shortanswer(out, q);
		break;
	case Q_NUMERICAL:
		gift_numerical(out, q);
		break;
	case Q_MATCHING:
		gift_matching(out, q);
		break;
	case Q_ESSAY:
		putc('{', out);
		gift_general_feedback(out, q, "");
		putc('}', out);
		break;
	case Q_DESCRIPTION:
	case Q_CLOZE:
	case Q_GAPSELECT:	/* left out: see bank_export_gift_can() */
	case Q_ORDERING:
		break;
	}
}

static void gift_question(FILE *out, const struct question *q);

int
bank_export_gift_can(const struct question *q)
{
	return q->type != Q_GAPSELECT && q->type != Q_ORDERING &&
	    (q->type != Q_CLOZE || q->ngaps == 1);
}

/*
 * A cloze with one gap as GIFT's missing-word question: the gap's
 * answers where the gap was, read back by Moodle (and bank_gift.c) as a
 * question of the gap's kind with "_____" in its stem. Other clozes have
 * no GIFT form and are left out (bank_export_gift_can).
 */
static void
gift_cloze(FILE *out, const struct question *q)
{
	const struct q_gap *g = &q->gaps[0];
	struct question m = *q;
	char *text = NULL;
	size_t len = 0, pl;
	FILE *f;

	if (!bank_export_gift_can(q))
		return;
	if ((f = open_memstream(&text, &len)) == NULL)
		abort();
	for (const char *t = q->text ? q->text : ""; *t != '\0'; )
		if (q_cloze_placeholder(t, q->ngaps, &pl) > 0) {
			fputs("_____", f);
			t += pl;
		} else {
			putc(*t++, f);
		}
	fclose(f);
	m.text = text;
	m.type = g->kind == QG_NUMERICAL ? Q_NUMERICAL :
	    g->kind == QG_SHORTANSWER ? Q_SHORTANSWER : Q_MULTICHOICE;
	m.single = g->kind != QG_MULTIRESPONSE;
	m.usecase = g->usecase;
	m.shuffle = g->shuffle;
	m.answers = g->answers;
	m.nanswers = g->nanswers;
	m.ngaps = 0;
	gift_question(out, &m);
	free(text);
}

/* Each question GIFT cannot express (bank_export_gift_can), as a warning in b->warn naming it
 * (none kept when b->warn is NULL). */
static void
gift_left_out(const struct q_bank *b)
{
	for (size_t i = 0; i < b->n && b->warn != NULL; i++)
		if (!bank_export_gift_can(&b->q[i]))
			q_bank_msg(b->warn, b->q[i].line,
			    "export_gift_left_out", "type",
			    q_type_name(b->q[i].type), "q", b->q[i].title ?
			    b->q[i].title : b->q[i].key ? b->q[i].key : "",
			    NULL);
}

/* A comment saying which units of a numerical question GIFT cannot carry
 * (bank_export_gift also warns): the question is written as a plain
 * numerical one, graded on the number alone. */
static void
gift_units_lost(FILE *out, const struct question *q)
{
	char m[NUMBUF];

	if (q->type != Q_NUMERICAL || q->nunits == 0)
		return;
	fputs("// units lost, GIFT has none:", out);
	for (size_t i = 0; i < q->nunits; i++) {
		putc(' ', out);
		for (const char *p = q->units[i].name; *p; p++)
			putc(*p == '\n' ? ' ' : *p, out);
		fprintf(out, " (x%s)", bank_export_number(m, q->units[i].multiplier));
	}
	putc('\n', out);
}

/* Warns in b->warn about each question whose units GIFT drops. */
static void
gift_warn_lost(const struct q_bank *b)
{
	for (size_t i = 0; b->warn != NULL && i < b->n; i++) {
		const struct question *q = &b->q[i];
		char *names = NULL;

		if (q->type != Q_NUMERICAL || q->nunits == 0)
			continue;
		for (size_t k = 0; k < q->nunits; k++)
			names = names == NULL ? q->units[k].name :
			    arena_printf(b->warn->arena, "%s, %s", names,
			    q->units[k].name);
		q_bank_msg(b->warn, q->line, "gift_export_units", "q",
		    q->title ? q->title : q_text_short(b->warn->arena, q->text),
		    "units", names, NULL);
	}
}

static void
gift_question(FILE *out, const struct question *q)
{
	const char *text = q->text ? q->text : "";
	const char *blank = strstr(text, "_____");

	if (!bank_export_gift_can(q))
		return;
	if (q->type == Q_CLOZE) {
		gift_cloze(out, q);
		return;
	}

	gift_units_lost(out, q);
	gift_meta(out, q);
	if (!bank_export_empty(q->title)) {
		fputs("::", out);
		gift_esc(out, q->title);
		fputs("::", out);
	}
	/* Missing word: the answers go where the blank is, which Moodle reads
	 * back as "_____" - but only when text follows the blank; a blank at
	 * the very end stays in the text. */
	if (q->type != Q_DESCRIPTION && blank != NULL &&
	    blank[5 + strspn(blank + 5, " \t\r\n")] != '\0') {
		gift_prefix(out, text, q->format, QF_MOODLE);
		gift_escn(out, text, (size_t)(blank - text));
		gift_answers(out, q);
		gift_esc(out, blank + 5);
	} else {
		gift_text(out, text, q->format, QF_MOODLE);
		gift_answers(out, q);
	}
	fputs("\n\n", out);
}

static void
gift_category(FILE *out, const char *cat)
{
	fprintf(out, "$CATEGORY: %s\n\n", cat);
}

int
bank_export_gift(FILE *out, const struct q_bank *b)
{
	gift_left_out(b);
	gift_warn_lost(b);
	bank_export_each(out, b, gift_category, gift_question);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/*
 * bank_export.c - writes a question bank as GIFT, Moodle XML or JSON; see
 * bank_export.h.
 *
 * Each writer follows what Moodle's own exporter writes
 * (question/format/gift/format.php, question/format/xml/format.php), so
 * Moodle and our parsers read the output back as the same questions.
 * Numbers are printed in the shortest form that reads back to the same
 * double (a weight, written as a percent, to within two units in the last
 * place once the reader divides it by 100). Depends on question.h and
 * jansson.
 */
#include "bank_export.h"

#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NUMBUF 64

static const char *const difficulty_names[] = { NULL, "easy", "medium", "hard" };

static const char *
difficulty_name(int d)
{
	return d >= 1 && d <= 3 ? difficulty_names[d] : NULL;
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* 1 if the text in buf reads back as x once divided by scale: exactly
 * for scale 1, else within two units in the last place, since a reader
 * divides a percent by 100 with its own rounding. */
static int
reads_back(const char *buf, double x, double scale)
{
	double y = strtod(buf, NULL) / scale;

	if (scale == 1.0)
		return y == x;
	return fabs(y - x) <= 2 * DBL_EPSILON * fabs(x);
}

/* Writes x * scale into buf (NUMBUF bytes) in the shortest form that
 * reads back as x (reads_back): plain decimals, which Moodle's GIFT weight
 * syntax needs, unless x is huge or tiny. */
static void
num_format(char *buf, double x, double scale)
{
	int i;

	if (isfinite(x) && (x == 0 || (fabs(x) < 1e15 && fabs(x) >= 1e-15))) {
		for (i = 0; i <= 30; i++) {
			snprintf(buf, NUMBUF, "%.*f", i, x * scale);
			if (reads_back(buf, x, scale))
				goto done;
		}
	}
	for (i = 1; i <= 17; i++) {
		snprintf(buf, NUMBUF, "%.*g", i, x * scale);
		if (reads_back(buf, x, scale))
			goto done;
	}
	snprintf(buf, NUMBUF, "%.17g", x * scale);
done:
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

/* A fraction as Moodle's percent (0.5 -> "50"). */
static const char *
percent(char *buf, double fraction)
{
	num_format(buf, fraction, 100.0);
	return buf;
}

static const char *
number(char *buf, double x)
{
	num_format(buf, x, 1.0);
	return buf;
}

static int
is_full(double fraction)
{
	return fabs(fraction - 1.0) < 1e-9;
}

/* Calls q_fn for every question and cat_fn before each change of category.
 * Category paths are written relative ("a/b"): Moodle files them under the
 * top category of the context being imported into, as our parsers file
 * them under the bank. Questions without a category come first: once a
 * file has switched category, neither GIFT nor Moodle XML can switch back
 * to the root. */
typedef void (*category_fn)(FILE *, const char *);
typedef void (*question_fn)(FILE *, const struct question *);

static void
each_question(FILE *out, const struct q_bank *b, category_fn cat_fn,
    question_fn q_fn)
{
	const char *cat = NULL;

	for (size_t i = 0; i < b->n; i++)
		if (empty(b->q[i].category))
			q_fn(out, &b->q[i]);
	for (size_t i = 0; i < b->n; i++) {
		const struct question *q = &b->q[i];

		if (empty(q->category))
			continue;
		if (cat == NULL || strcmp(cat, q->category) != 0)
			cat_fn(out, q->category);
		cat = q->category;
		q_fn(out, q);
	}
}

/* ---- GIFT ---------------------------------------------------------- */

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
	if (empty(s))
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
	if (empty(a->feedback))
		return;
	putc('#', out);
	gift_text(out, a->feedback, a->feedback_format, q->format);
}

static void
gift_general_feedback(FILE *out, const struct question *q, const char *indent)
{
	if (empty(q->general_feedback))
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
	const char *diff = difficulty_name(q->difficulty);

	if (empty(q->id) && q->ntags == 0 && diff == NULL)
		return;
	fputs("//", out);
	if (!empty(q->id)) {
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
		if (is_full(q->answers[i].fraction))
			nfull++;
	if (q->single && nfull == q->nanswers && q->nanswers >= 2)
		demote_last = 1;
	fputs("{\n", out);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];
		const char *t = a->text ? a->text : "";

		putc('\t', out);
		if (q->single && is_full(a->fraction) &&
		    !(demote_last && i == q->nanswers - 1))
			putc('=', out);
		else if (a->fraction == 0 && t[0] != '%')
			putc('~', out);
		else
			fprintf(out, "~%%%s%%", percent(buf, a->fraction));
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
	if (wrong != NULL && !empty(wrong->feedback)) {
		putc('#', out);
		gift_text(out, wrong->feedback, wrong->feedback_format,
		    q->format);
	} else if (right != NULL && !empty(right->feedback)) {
		putc('#', out);
	}
	if (right != NULL && !empty(right->feedback)) {
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

		fprintf(out, "\t=%%%s%%", percent(buf, a->fraction));
		gift_text(out, a->text, a->format, q->format);
		gift_feedback(out, q, a);
		putc('\n', out);
	}
	gift_general_feedback(out, q, "\t");
	putc('}', out);
}

static int
is_any_answer(const struct q_answer *a)
{
	return a->text != NULL && strcmp(a->text, "*") == 0;
}

/* {#value:tolerance} for one right answer, else Moodle's weighted list,
 * with the any-other-answer feedback ("*") last as "~#feedback": Moodle
 * takes everything after a '~' as that feedback. */
static void
gift_numerical(FILE *out, const struct question *q)
{
	char v[NUMBUF], t[NUMBUF], w[NUMBUF];

	if (q->nanswers == 1 && is_full(q->answers[0].fraction) &&
	    !is_any_answer(&q->answers[0])) {
		const struct q_answer *a = &q->answers[0];

		fprintf(out, "{#%s:%s", number(v, a->value),
		    number(t, a->tolerance));
		gift_feedback(out, q, a);
		gift_general_feedback(out, q, "");
		putc('}', out);
		return;
	}
	fputs("{#\n", out);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];

		if (is_any_answer(a))
			continue;
		fprintf(out, "\t=%%%s%%%s:%s", percent(w, a->fraction),
		    number(v, a->value), number(t, a->tolerance));
		gift_feedback(out, q, a);
		putc('\n', out);
	}
	for (size_t i = 0; i < q->nanswers; i++) {
		if (!is_any_answer(&q->answers[i]))
			continue;
		fputs("\t~", out);
		if (empty(q->answers[i].feedback))
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
		break;
	}
}

static void
gift_question(FILE *out, const struct question *q)
{
	const char *text = q->text ? q->text : "";
	const char *blank = strstr(text, "_____");

	gift_meta(out, q);
	if (!empty(q->title)) {
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
	each_question(out, b, gift_category, gift_question);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* ---- Moodle XML ---------------------------------------------------- */

static const char *
xml_format_name(enum q_format f)
{
	switch (f) {
	case QF_HTML: return "html";
	case QF_PLAIN: return "plain_text";
	case QF_MARKDOWN: return "markdown";
	default: return "moodle_auto_format";
	}
}

/* 1 if c (a byte of UTF-8) may appear in an XML 1.0 document. */
static int
xml_char_ok(unsigned char c)
{
	return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
}

/* Writes s as character data. Like Moodle's xml_escape(), text holding
 * markup goes in a CDATA section ("]]>" split across two); text with a
 * carriage return is escaped instead, since a parser would turn a raw one
 * into a newline. Control characters XML cannot hold are dropped. */
static void
xml_chars(FILE *out, const char *s)
{
	const char *p;
	int cdata;

	if (s == NULL)
		return;
	cdata = strpbrk(s, "&<>\"") != NULL && strchr(s, '\r') == NULL;
	if (cdata) {
		fputs("<![CDATA[", out);
		for (p = s; *p; p++) {
			if (strncmp(p, "]]>", 3) == 0) {
				fputs("]]]]><![CDATA[>", out);
				p += 2;
			} else if (xml_char_ok((unsigned char)*p)) {
				putc(*p, out);
			}
		}
		fputs("]]>", out);
		return;
	}
	for (p = s; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\r': fputs("&#13;", out); break;
		default:
			if (xml_char_ok((unsigned char)*p))
				putc(*p, out);
		}
	}
}

/* Escaped for an attribute value or a short element, never CDATA. */
static void
xml_attr(FILE *out, const char *s)
{
	for (; s != NULL && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\r': fputs("&#13;", out); break;
		case '\n': fputs("&#10;", out); break;
		case '\t': fputs("&#9;", out); break;
		default:
			if (xml_char_ok((unsigned char)*s))
				putc(*s, out);
		}
	}
}

static void
xml_text(FILE *out, int indent, const char *s)
{
	fprintf(out, "%*s<text>", indent, "");
	xml_chars(out, s);
	fputs("</text>\n", out);
}

static void
base64(FILE *out, const unsigned char *d, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		putc(tab[d[i] >> 2], out);
		putc(tab[((d[i] & 3) << 4) | (d[i + 1] >> 4)], out);
		putc(tab[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)], out);
		putc(tab[d[i + 2] & 63], out);
	}
	if (i < n) {
		putc(tab[d[i] >> 2], out);
		if (i + 1 < n) {
			putc(tab[((d[i] & 3) << 4) | (d[i + 1] >> 4)], out);
			putc(tab[(d[i + 1] & 15) << 2], out);
		} else {
			putc(tab[(d[i] & 3) << 4], out);
			putc('=', out);
		}
		putc('=', out);
	}
}

/* Which text of q first refers to each embedded file, so the <file> goes
 * in that text's element as Moodle expects; a file nothing refers to goes
 * with the question text. Texts are told apart by pointer; the question
 * text by QTEXT, since it may be NULL. */
struct xml_files {
	const struct question *q;
	const char **where;	/* per file: the text it goes with */
};

static const char qtext_marker[] = "";
#define QTEXT qtext_marker

static int
refers_to(const char *text, const char *name)
{
	const char *p;
	size_t n = strlen(name);

	if (text == NULL)
		return 0;
	for (p = text; (p = strstr(p, "@@PLUGINFILE@@/")) != NULL; p++) {
		p += strlen("@@PLUGINFILE@@/");
		if (strncmp(p, name, n) == 0)
			return 1;
	}
	return 0;
}

static void
xml_files_init(struct xml_files *xf, const struct question *q,
    const char **where)
{
	xf->q = q;
	xf->where = where;
	for (size_t f = 0; f < q->nfiles; f++) {
		const char *name = q->files[f].name ? q->files[f].name : "";
		const char *w = NULL;

		if (refers_to(q->text, name))
			w = QTEXT;
		else if (refers_to(q->general_feedback, name))
			w = q->general_feedback;
		for (size_t i = 0; w == NULL && i < q->nanswers; i++) {
			if (refers_to(q->answers[i].text, name))
				w = q->answers[i].text;
			else if (refers_to(q->answers[i].feedback, name))
				w = q->answers[i].feedback;
		}
		for (size_t i = 0; w == NULL && i < q->npairs; i++)
			if (refers_to(q->pairs[i].sub, name))
				w = q->pairs[i].sub;
		where[f] = w != NULL ? w : QTEXT;
	}
}

/* Writes the <file> elements that go with the text key (a pointer, see
 * struct xml_files); none for NULL. */
static void
xml_files_for(FILE *out, const struct xml_files *xf, const char *key,
    int indent)
{
	const struct question *q = xf->q;

	for (size_t f = 0; key != NULL && f < q->nfiles; f++) {
		if (xf->where[f] != key)
			continue;
		fprintf(out, "%*s<file name=\"", indent, "");
		xml_attr(out, q->files[f].name);
		fputs("\" path=\"/\" encoding=\"base64\">", out);
		base64(out, q->files[f].data, q->files[f].len);
		fputs("</file>\n", out);
	}
}

/* An element holding a formatted text and the files that go with key, as
 * Moodle's <questiontext format="html"><text>..</text><file ..>..</file>. */
static void
xml_rich(FILE *out, const struct xml_files *xf, int indent, const char *tag,
    const char *text, enum q_format f, const char *key)
{
	fprintf(out, "%*s<%s format=\"%s\">\n", indent, "", tag,
	    xml_format_name(f));
	xml_text(out, indent + 2, text);
	xml_files_for(out, xf, key, indent + 2);
	fprintf(out, "%*s</%s>\n", indent, "", tag);
}

static void
xml_answer(FILE *out, const struct xml_files *xf, const struct question *q,
    const struct q_answer *a)
{
	char buf[NUMBUF];

	fprintf(out, "    <answer fraction=\"%s\" format=\"%s\">\n",
	    percent(buf, a->fraction), xml_format_name(a->format));
	if (q->type == Q_NUMERICAL && !is_any_answer(a))
		xml_text(out, 6, number(buf, a->value));
	else {
		xml_text(out, 6, a->text);
		xml_files_for(out, xf, a->text, 6);
	}
	xml_rich(out, xf, 6, "feedback", a->feedback, a->feedback_format,
	    a->feedback);
	if (q->type == Q_NUMERICAL)
		fprintf(out, "      <tolerance>%s</tolerance>\n",
		    number(buf, a->tolerance));
	fputs("    </answer>\n", out);
}

static const char *
xml_bool(int v)
{
	return v ? "true" : "false";
}


static void
xml_body(FILE *out, const struct xml_files *xf, const struct question *q)
{
	switch (q->type) {
	case Q_MULTICHOICE:
		fprintf(out, "    <single>%s</single>\n", xml_bool(q->single));
		fprintf(out, "    <shuffleanswers>%s</shuffleanswers>\n",
		    xml_bool(q->shuffle));
		fputs("    <answernumbering>abc</answernumbering>\n", out);
		for (size_t i = 0; i < q->nanswers; i++)
			xml_answer(out, xf, q, &q->answers[i]);
		break;
	case Q_TRUEFALSE:
	case Q_NUMERICAL:
		for (size_t i = 0; i < q->nanswers; i++)
			xml_answer(out, xf, q, &q->answers[i]);
		break;
	case Q_SHORTANSWER:
		fprintf(out, "    <usecase>%d</usecase>\n", q->usecase ? 1 : 0);
		for (size_t i = 0; i < q->nanswers; i++)
			xml_answer(out, xf, q, &q->answers[i]);
		break;
	case Q_MATCHING:
		fprintf(out, "    <shuffleanswers>%s</shuffleanswers>\n",
		    xml_bool(q->shuffle));
		for (size_t i = 0; i < q->npairs; i++) {
			const struct q_pair *p = &q->pairs[i];

			fprintf(out, "    <subquestion format=\"%s\">\n",
			    xml_format_name(p->format));
			xml_text(out, 6, p->sub);
			xml_files_for(out, xf, p->sub, 6);
			fputs("      <answer>\n", out);
			xml_text(out, 8, p->answer);
			fputs("      </answer>\n", out);
			fputs("    </subquestion>\n", out);
		}
		break;
	case Q_ESSAY:
		fputs("    <responseformat>editor</responseformat>\n"
		    "    <responserequired>1</responserequired>\n"
		    "    <responsefieldlines>15</responsefieldlines>\n"
		    "    <attachments>0</attachments>\n"
		    "    <attachmentsrequired>0</attachmentsrequired>\n", out);
		break;
	case Q_DESCRIPTION:
		break;
	}
}

/* <tags>, with the difficulty as one more tag unless already there. */
static void
xml_tags(FILE *out, const struct question *q)
{
	const char *diff = difficulty_name(q->difficulty);

	for (size_t i = 0; i < q->ntags; i++)
		if (diff != NULL && strcmp(q->tags[i], diff) == 0)
			diff = NULL;
	if (q->ntags == 0 && diff == NULL)
		return;
	fputs("    <tags>\n", out);
	for (size_t i = 0; i < q->ntags; i++) {
		fputs("      <tag><text>", out);
		xml_chars(out, q->tags[i]);
		fputs("</text></tag>\n", out);
	}
	if (diff != NULL)
		fprintf(out, "      <tag><text>%s</text></tag>\n", diff);
	fputs("    </tags>\n", out);
}

static void
xml_category(FILE *out, const char *cat)
{
	fputs("  <question type=\"category\">\n"
	    "    <category>\n", out);
	xml_text(out, 6, cat);
	fputs("    </category>\n"
	    "    <info format=\"moodle_auto_format\">\n"
	    "      <text></text>\n"
	    "    </info>\n"
	    "    <idnumber></idnumber>\n"
	    "  </question>\n\n", out);
}

static void
xml_question(FILE *out, const struct question *q)
{
	const char **where = calloc(q->nfiles ? q->nfiles : 1, sizeof *where);
	struct xml_files xf;
	char buf[NUMBUF];

	if (where == NULL)
		abort();
	xml_files_init(&xf, q, where);
	fprintf(out, "  <question type=\"%s\">\n",
	    q->type == Q_MATCHING ? "matching" : q_type_name(q->type));
	fputs("    <name>\n", out);
	xml_text(out, 6, q->title);
	fputs("    </name>\n", out);
	xml_rich(out, &xf, 4, "questiontext", q->text, q->format, QTEXT);
	xml_rich(out, &xf, 4, "generalfeedback", q->general_feedback,
	    q->general_feedback_format, q->general_feedback);
	fprintf(out, "    <defaultgrade>%s</defaultgrade>\n",
	    number(buf, q->default_mark));
	fputs("    <hidden>0</hidden>\n", out);
	fputs("    <idnumber>", out);
	xml_attr(out, q->id);
	fputs("</idnumber>\n", out);
	if (!empty(q->lang)) {
		fputs("    <lang>", out);
		xml_attr(out, q->lang);
		fputs("</lang>\n", out);
	}
	xml_body(out, &xf, q);
	xml_tags(out, q);
	fputs("  </question>\n\n", out);
	free(where);
}

int
bank_export_xml(FILE *out, const struct q_bank *b)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n", out);
	each_question(out, b, xml_category, xml_question);
	fputs("</quiz>\n", out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* ---- JSON ---------------------------------------------------------- */

/* Sets key to the string s; 0, or -1 if s is not valid UTF-8. */
static int
json_set_str(json_t *o, const char *key, const char *s)
{
	json_t *v = json_string(s);

	if (v == NULL)
		return -1;
	json_object_set_new(o, key, v);
	return 0;
}

static int
json_set_opt(json_t *o, const char *key, const char *s)
{
	return s == NULL ? 0 : json_set_str(o, key, s);
}

/* Sets key to x: an integer when x is whole, else a real (which a dump
 * writes with the precision q_json_precision() finds). 0, or -1 if x is
 * not finite, since JSON has no such number. */
static int
json_set_num(json_t *o, const char *key, double x)
{
	json_t *v;

	if (!isfinite(x))
		return -1;
	if (x == floor(x) && fabs(x) < 1e15)
		v = json_integer((json_int_t)x);
	else
		v = json_real(x);
	return json_object_set_new(o, key, v);
}

/* The significant digits x needs to read back as the same double. */
static int
real_digits(double x)
{
	char buf[NUMBUF];
	int p;

	for (p = 1; p < 17; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	return p;
}

int
q_json_precision(const json_t *v)
{
	const char *key;
	json_t *e;
	size_t i;
	int p, prec = 1;

	switch (json_typeof(v)) {
	case JSON_REAL:
		return real_digits(json_real_value(v));
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, e)
			if ((p = q_json_precision(e)) > prec)
				prec = p;
		return prec;
	case JSON_ARRAY:
		json_array_foreach(v, i, e)
			if ((p = q_json_precision(e)) > prec)
				prec = p;
		return prec;
	default:
		return prec;
	}
}

static char *
base64_string(const unsigned char *d, size_t n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		abort();
	base64(f, d, n);
	fclose(f);
	return s;
}

/* key: the name of format f, written only when it differs from the
 * question's format def. */
static void
json_format(json_t *o, const char *key, enum q_format f, enum q_format def)
{
	if (f != def)
		json_set_str(o, key, q_format_name(f));
}

/* The answers of q; *bad becomes nonzero if a text is not UTF-8 or a
 * number not finite. */
static json_t *
json_answers(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];
		json_t *o = json_object();

		if (q->type == Q_NUMERICAL && !is_any_answer(a)) {
			*bad |= json_set_num(o, "value", a->value);
			*bad |= json_set_num(o, "tolerance", a->tolerance);
		} else {
			*bad |= json_set_str(o, "text", a->text ? a->text : "");
			json_format(o, "format", a->format, q->format);
		}
		*bad |= json_set_num(o, "fraction", a->fraction);
		*bad |= json_set_opt(o, "feedback", a->feedback);
		if (a->feedback != NULL)
			json_format(o, "feedback_format", a->feedback_format,
			    q->format);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
json_pairs(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->npairs; i++) {
		const struct q_pair *p = &q->pairs[i];
		json_t *o = json_object();

		*bad |= json_set_str(o, "sub", p->sub ? p->sub : "");
		*bad |= json_set_str(o, "answer", p->answer ? p->answer : "");
		if (!empty(p->sub))
			json_format(o, "format", p->format, q->format);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
json_files(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->nfiles; i++) {
		const struct q_file *f = &q->files[i];
		json_t *o = json_object();
		char *data = base64_string(f->data, f->len);

		*bad |= json_set_str(o, "name", f->name ? f->name : "");
		*bad |= json_set_opt(o, "mime", f->mime);
		json_set_str(o, "data", data);
		free(data);
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *
q_to_json(const struct question *q)
{
	json_t *o = json_object();
	int bad = 0;

	bad |= json_set_opt(o, "id", q->id);
	bad |= json_set_opt(o, "title", q->title);
	bad |= json_set_opt(o, "category", q->category);
	bad |= json_set_opt(o, "lang", q->lang);
	json_set_str(o, "type", q_type_name(q->type));
	json_set_str(o, "format", q_format_name(q->format));
	bad |= json_set_str(o, "text", q->text ? q->text : "");
	bad |= json_set_opt(o, "general_feedback", q->general_feedback);
	if (q->general_feedback != NULL)
		json_format(o, "general_feedback_format",
		    q->general_feedback_format, q->format);
	if (q->ntags > 0) {
		json_t *tags = json_array();

		for (size_t i = 0; i < q->ntags; i++)
			bad |= json_array_append_new(tags,
			    json_string(q->tags[i]));
		json_object_set_new(o, "tags", tags);
	}
	if (difficulty_name(q->difficulty) != NULL)
		json_set_str(o, "difficulty", difficulty_name(q->difficulty));
	if (q->type == Q_MULTICHOICE)
		json_object_set_new(o, "single", json_boolean(q->single));
	if (q->type == Q_SHORTANSWER)
		json_object_set_new(o, "usecase", json_boolean(q->usecase));
	if (q->type == Q_MULTICHOICE || q->type == Q_MATCHING)
		json_object_set_new(o, "shuffle", json_boolean(q->shuffle));
	bad |= json_set_num(o, "default_mark", q->default_mark);
	if (q->type == Q_MULTICHOICE || q->type == Q_TRUEFALSE ||
	    q->type == Q_SHORTANSWER || q->type == Q_NUMERICAL)
		json_object_set_new(o, "answers", json_answers(q, &bad));
	if (q->type == Q_MATCHING)
		json_object_set_new(o, "pairs", json_pairs(q, &bad));
	if (q->nfiles > 0)
		json_object_set_new(o, "files", json_files(q, &bad));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
bank_export_json(FILE *out, const struct q_bank *b)
{
	json_t *root = json_object(), *arr = json_array();
	int rc = 0;

	json_object_set_new(root, "questions", arr);
	for (size_t i = 0; i < b->n && rc == 0; i++) {
		json_t *o = q_to_json(&b->q[i]);

		rc = o == NULL ? -1 : json_array_append_new(arr, o);
	}
	if (rc == 0)
		rc = json_dumpf(root, out, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(q_json_precision(root)));
	json_decref(root);
	if (rc == 0)
		putc('\n', out);
	return rc == 0 && fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

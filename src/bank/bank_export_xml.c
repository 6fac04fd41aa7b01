/*
 * bank_export_xml.c - writes a question bank as Moodle XML, the inverse
 * of bank_xml.c: a <quiz> with a category question before each change of
 * category and every field of the model, embedded files in base64 in the
 * element of the text that first refers to them. Follows Moodle's own
 * exporter (question/format/xml/format.php). Depends on the writers'
 * shared helpers (bank_export.c).
 */
#include "bank_export.h"

#include <stdlib.h>
#include <string.h>

#include "bank_export_int.h"
#include "cloze.h"

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
		if (w == NULL && refers_to(q->correct_feedback, name))
			w = q->correct_feedback;
		if (w == NULL && refers_to(q->partial_feedback, name))
			w = q->partial_feedback;
		if (w == NULL && refers_to(q->incorrect_feedback, name))
			w = q->incorrect_feedback;
		for (size_t i = 0; w == NULL && i < q->nhints; i++)
			if (refers_to(q->hints[i].text, name))
				w = q->hints[i].text;
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
		bank_export_base64(out, q->files[f].data, q->files[f].len);
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
	    bank_export_percent(buf, a->fraction), xml_format_name(a->format));
	if (q->type == Q_NUMERICAL && !bank_export_any_answer(a))
		xml_text(out, 6, bank_export_number(buf, a->value));
	else {
		xml_text(out, 6, a->text);
		xml_files_for(out, xf, a->text, 6);
	}
	xml_rich(out, xf, 6, "feedback", a->feedback, a->feedback_format,
	    a->feedback);
	if (q->type == Q_NUMERICAL)
		fprintf(out, "      <tolerance>%s</tolerance>\n",
		    bank_export_number(buf, a->tolerance));
	fputs("    </answer>\n", out);
}

static const char *
xml_bool(int v)
{
	return v ? "true" : "false";
}

/* A gapselect question's options and choices, as Moodle's
 * qtype_gapselect::export_to_xml() writes them. */
static void
xml_gapselect(FILE *out, const struct question *q)
{
	fprintf(out, "    <shuffleanswers>%d</shuffleanswers>\n",
	    q->shuffle ? 1 : 0);
	if (q->shownumcorrect)
		fputs("    <shownumcorrect/>\n", out);
	for (size_t i = 0; i < q->nchoices; i++) {
		fputs("    <selectoption>\n", out);
		xml_text(out, 6, q->choices[i].text);
		fprintf(out, "      <group>%d</group>\n", q->choices[i].group);
		fputs("    </selectoption>\n", out);
	}
}

/* An ordering question's options and items, as Moodle's
 * qtype_ordering::export_to_xml() writes them: each item's fraction is
 * its place in the right order. */
static void
xml_ordering(FILE *out, const struct xml_files *xf, const struct question *q)
{
	const struct q_ordering *o = &q->ordering;

	fprintf(out, "    <layouttype>%s</layouttype>\n",
	    o->layout ? "HORIZONTAL" : "VERTICAL");
	fprintf(out, "    <selecttype>%s</selecttype>\n",
	    q_ord_select_name(o->select));
	fprintf(out, "    <selectcount>%d</selectcount>\n", o->count);
	fprintf(out, "    <gradingtype>%s</gradingtype>\n",
	    q_ord_grading_name(o->grading));
	fprintf(out, "    <showgrading>%s</showgrading>\n",
	    o->showgrading ? "SHOW" : "HIDE");
	fprintf(out, "    <numberingstyle>%s</numberingstyle>\n",
	    o->numbering ? o->numbering : "none");
	fprintf(out, "    <shownumcorrect>%d</shownumcorrect>\n",
	    q->shownumcorrect ? 1 : 0);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];

		fprintf(out, "    <answer fraction=\"%zu.0000000\" "
		    "format=\"%s\">\n", i + 1, xml_format_name(a->format));
		xml_text(out, 6, a->text);
		xml_files_for(out, xf, a->text, 6);
		if (!bank_export_empty(a->feedback))
			xml_rich(out, xf, 6, "feedback", a->feedback,
			    a->feedback_format, a->feedback);
		fputs("    </answer>\n", out);
	}
}

/* A numerical question's units and their options, as Moodle's exporter
 * writes them after the answers; nothing without units, whose options
 * mean nothing (Moodle reads the defaults back). */
static void
xml_units(FILE *out, const struct question *q)
{
	char buf[NUMBUF];

	if (q->nunits == 0)
		return;
	fputs("    <units>\n", out);
	for (size_t i = 0; i < q->nunits; i++) {
		fprintf(out, "      <unit>\n        <multiplier>%s</multiplier>\n",
		    bank_export_number(buf, q->units[i].multiplier));
		fputs("        <unit_name>", out);
		xml_attr(out, q->units[i].name);
		fputs("</unit_name>\n      </unit>\n", out);
	}
	fputs("    </units>\n", out);
	fprintf(out, "    <unitgradingtype>%d</unitgradingtype>\n",
	    (int)q->unit_grading);
	fprintf(out, "    <unitpenalty>%s</unitpenalty>\n",
	    bank_export_number(buf, q->unit_penalty));
	fprintf(out, "    <showunits>%d</showunits>\n", (int)q->show_units);
	fprintf(out, "    <unitsleft>%d</unitsleft>\n", q->units_left ? 1 : 0);
}

static void
xml_body(FILE *out, const struct xml_files *xf, const struct question *q)
{
	switch (q->type) {
	case Q_MULTICHOICE:
		fprintf(out, "    <single>%s</single>\n", xml_bool(q->single));
		fprintf(out, "    <shuffleanswers>%s</shuffleanswers>\n",
		    xml_bool(q->shuffle));
		fprintf(out, "    <answernumbering>%s</answernumbering>\n",
		    q->numbering != NULL ? q->numbering : "abc");
		for (size_t i = 0; i < q->nanswers; i++)
			xml_answer(out, xf, q, &q->answers[i]);
		break;
	case Q_TRUEFALSE:
	case Q_NUMERICAL:
		for (size_t i = 0; i < q->nanswers; i++)
			xml_answer(out, xf, q, &q->answers[i]);
		if (q->type == Q_NUMERICAL)
			xml_units(out, q);
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
	case Q_CLOZE:
		break;
	case Q_GAPSELECT:
		xml_gapselect(out, q);
		break;
	case Q_ORDERING:
		xml_ordering(out, xf, q);
		break;
	}
}

/* Moodle's combined feedback, each element only when it has a text. */
static void
xml_combined(FILE *out, const struct xml_files *xf, const struct question *q)
{
	if (!bank_export_empty(q->correct_feedback))
		xml_rich(out, xf, 4, "correctfeedback", q->correct_feedback,
		    q->correct_feedback_format, q->correct_feedback);
	if (!bank_export_empty(q->partial_feedback))
		xml_rich(out, xf, 4, "partiallycorrectfeedback",
		    q->partial_feedback, q->partial_feedback_format,
		    q->partial_feedback);
	if (!bank_export_empty(q->incorrect_feedback))
		xml_rich(out, xf, 4, "incorrectfeedback", q->incorrect_feedback,
		    q->incorrect_feedback_format, q->incorrect_feedback);
}

/* Moodle's <hint format=".."><text>..</text><shownumcorrect/>..</hint>. */
static void
xml_hints(FILE *out, const struct xml_files *xf, const struct question *q)
{
	for (size_t i = 0; i < q->nhints; i++) {
		const struct q_hint *h = &q->hints[i];

		fprintf(out, "    <hint format=\"%s\">\n",
		    xml_format_name(h->format));
		xml_text(out, 6, h->text);
		xml_files_for(out, xf, h->text, 6);
		if (h->shownumcorrect)
			fputs("      <shownumcorrect/>\n", out);
		if (h->clearwrong)
			fputs("      <clearwrong/>\n", out);
		fputs("    </hint>\n", out);
	}
}

/* <tags>, with the difficulty as one more tag unless already there. */
static void
xml_tags(FILE *out, const struct question *q)
{
	const char *diff = bank_export_difficulty(q->difficulty);

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
	struct arena *ca = q->type == Q_CLOZE ? arena_new() : NULL;

	if (where == NULL)
		abort();
	xml_files_init(&xf, q, where);
	fprintf(out, "  <question type=\"%s\">\n",
	    q->type == Q_MATCHING ? "matching" : q_type_name(q->type));
	fputs("    <name>\n", out);
	xml_text(out, 6, q->title);
	fputs("    </name>\n", out);
	/* A cloze's gaps go back in Moodle's embedded syntax, as Moodle's
	 * export puts each sub-question back into the text. */
	xml_rich(out, &xf, 4, "questiontext", q->type == Q_CLOZE ?
	    q_cloze_source(ca, q) : q->text, q->format, QTEXT);
	xml_rich(out, &xf, 4, "generalfeedback", q->general_feedback,
	    q->general_feedback_format, q->general_feedback);
	fprintf(out, "    <defaultgrade>%s</defaultgrade>\n",
	    bank_export_number(buf, q->default_mark));
	fprintf(out, "    <penalty>%s</penalty>\n",
	    bank_export_number(buf, q->penalty));
	fputs("    <hidden>0</hidden>\n", out);
	fputs("    <idnumber>", out);
	xml_attr(out, q->id);
	fputs("</idnumber>\n", out);
	if (!bank_export_empty(q->lang)) {
		fputs("    <lang>", out);
		xml_attr(out, q->lang);
		fputs("</lang>\n", out);
	}
	xml_body(out, &xf, q);
	xml_combined(out, &xf, q);
	xml_hints(out, &xf, q);
	xml_tags(out, q);
	fputs("  </question>\n\n", out);
	arena_free(ca);
	free(where);
}

int
bank_export_xml(FILE *out, const struct q_bank *b)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n", out);
	bank_export_each(out, b, xml_category, xml_question);
	fputs("</quiz>\n", out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/*
 * bank_xml.c - Moodle XML reader on libxml2; see bank_xml.h.
 *
 * Follows Moodle's question/format/xml/format.php: the same defaults
 * (shuffleanswers false for multichoice, true for matching; generalfeedback
 * in the question text's format; an unknown text format taken as HTML),
 * the same true/false rules, and the same category path handling as
 * question/format.php's split_category_path() and create_category_path().
 * Where Moodle would only fail later, when saving (a multichoice without a
 * 100% answer, a matching question with fewer than two pairs), this reader
 * reports the error with the question's line.
 *
 * libxml2 is used through a private parser context: options forbid the
 * network and DTD loading, entity declarations stop the parse, and errors
 * reach a structured handler on that context, so no global state changes.
 * Messages are catalog keys worded in the bank's b->lang (i18n.h); the
 * parser's own text (libxml2's) stays as libxml2 gives it.
 */
#include "bank_xml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "cloze.h"
#include "i18n.h"


/* State of one parse, reachable from the libxml2 context's _private. */
struct xml_parse {
	struct q_bank *b;
	int err_line;		/* first libxml2 error, 0 if none */
	char *err_msg;
	int entity_line;	/* first entity declaration, 0 if none */
	char *entity_name;
	const char *category;	/* set by the last category "question" */
};

/* A text field as import_text_with_files() reads it. */
struct xml_text {
	char *text;
	enum q_format format;
};

static void
xml_on_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_parse *x = ctxt != NULL ? ctxt->_private : NULL;
	size_t n;

	if (x == NULL || e == NULL || e->level < XML_ERR_ERROR ||
	    x->err_line != 0)
		return;
	x->err_line = e->line > 0 ? e->line : 1;
	x->err_msg = arena_strdup(x->b->arena, e->message != NULL ?
	    e->message : "unknown error");
	n = strlen(x->err_msg);
	while (n > 0 && (x->err_msg[n - 1] == '\n' || x->err_msg[n - 1] == ' '))
		x->err_msg[--n] = '\0';
}

static void
xml_on_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *public_id, const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_parse *x = ctxt->_private;

	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	if (x->entity_line == 0) {
		x->entity_line = ctxt->input != NULL && ctxt->input->line > 0 ?
		    ctxt->input->line : 1;
		x->entity_name = arena_strdup(x->b->arena, name != NULL ?
		    (const char *)name : "");
	}
	xmlStopParser(ctxt);
}

static int
xml_line(const xmlNode *n)
{
	long l = xmlGetLineNo(n);

	return l > 0 && l < INT_MAX ? (int)l : 0;
}

static int
xml_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* First element child of n called name, or NULL. */
static xmlNode *
xml_child(const xmlNode *n, const char *name)
{
	if (n == NULL)
		return NULL;
	for (xmlNode *c = n->children; c != NULL; c = c->next)
		if (xml_is(c, name))
			return c;
	return NULL;
}

/* The attribute name of n trimmed, in the arena; NULL if absent. */
static char *
xml_attr(struct xml_parse *x, xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s, *e;

	if (v == NULL)
		return NULL;
	for (s = (char *)v; *s == ' ' || *s == '\t' || *s == '\n' ||
	    *s == '\r'; s++)
		;
	s = arena_strdup(x->b->arena, s);
	xmlFree(v);
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' ||
	    e[-1] == '\n' || e[-1] == '\r'); e--)
		;
	*e = '\0';
	return s;
}

/*
 * The character data of n, trimmed like PHP trim(), in the arena; "" for
 * NULL. Markup inside is an error (Moodle's "invalid XML"): HTML has to be
 * escaped or sit in CDATA.
 */
static char *
xml_content(struct xml_parse *x, xmlNode *n)
{
	size_t len = 0, k = 0;
	char *out, *s;

	if (n == NULL)
		return arena_strdup(x->b->arena, "");
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			len += c->content != NULL ?
			    strlen((const char *)c->content) : 0;
		} else if (c->type == XML_ELEMENT_NODE) {
			q_bank_msg(x->b, xml_line(c), "xml_element_inside", "parent",
			    (const char *)n->name, "child", (const char *)c->name, NULL);
			return arena_strdup(x->b->arena, "");
		} else if (c->type == XML_ENTITY_REF_NODE) {
			q_bank_msg(x->b, xml_line(n), "xml_entity_undefined", "parent",
			    (const char *)n->name, "name", (const char *)c->name, NULL);
			return arena_strdup(x->b->arena, "");
		}
	}
	out = arena_alloc(x->b->arena, len + 1);
	for (xmlNode *c = n->children; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL) {
			size_t cl = strlen((const char *)c->content);

			memcpy(out + k, c->content, cl);
			k += cl;
		}
	out[k] = '\0';
	while (k > 0 && strchr(" \t\n\r\v", out[k - 1]) != NULL)
		out[--k] = '\0';
	for (s = out; *s != '\0' && strchr(" \t\n\r\v", *s) != NULL; s++)
		;
	return s;
}

/* The <text> inside n's child called name, e.g. <name><text>. */
static char *
xml_text_in(struct xml_parse *x, xmlNode *n, const char *name)
{
	return xml_content(x, xml_child(xml_child(n, name), "text"));
}

/* Moodle's trans_format(): a format attribute to enum q_format. */
static enum q_format
xml_format(const char *name, enum q_format dflt)
{
	if (name == NULL)
		return dflt;
	if (strcmp(name, "moodle_auto_format") == 0)
		return QF_MOODLE;
	if (strcmp(name, "plain_text") == 0 || strcmp(name, "wiki_like") == 0)
		return QF_PLAIN;	/* Moodle shows retired wiki as text */
	if (strcmp(name, "markdown") == 0)
		return QF_MARKDOWN;
	return QF_HTML;
}

/* Moodle's trans_single(): "false", "" and "0" are false. */
static int
xml_bool(const char *s)
{
	return !(strcmp(s, "false") == 0 || strcmp(s, "") == 0 ||
	    strcmp(s, "0") == 0);
}

/* xml_bool of element n's content, with a warning when Moodle's reading
 * surprises: any word but "false" (in that case), "" and "0" is true, so
 * <single>False</single> is a single-answer question, and "No" is true. */
static int
xml_flag(struct xml_parse *x, xmlNode *n)
{
	const char *s = xml_content(x, n);
	int v = xml_bool(s);

	if (v && (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0 ||
	    strcasecmp(s, "off") == 0))
		q_bank_warn(x->b, xml_line(n), "xml_flag_read", "name",
		    (const char *)n->name, "value", s, "read", "true", NULL);
	return v;
}

/* Parses a whole number; 0 if s is not one. */
static int
xml_number(const char *s, double *v)
{
	char *end;

	if (*s == '\0')
		return 0;
	errno = 0;
	*v = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*v);
}

/* Reads one <file> into q->files. */
static void xml_add_file(struct xml_parse *x, struct question *q, int line,
    char *name, const char *b64);

static void
xml_file(struct xml_parse *x, struct question *q, xmlNode *f)
{
	struct q_bank *b = x->b;
	char *name = xml_attr(x, f, "name"), *path = xml_attr(x, f, "path");
	char *enc = xml_attr(x, f, "encoding");
	int line = xml_line(f);

	if (name == NULL || !q_file_name_ok(name)) {
		q_bank_msg(b, line, "xml_file_name", NULL);
		return;
	}
	if (path != NULL && strcmp(path, "/") != 0 && strcmp(path, "") != 0) {
		q_bank_msg(b, line, "xml_file_folder", "name", name, "path", path, NULL);
		return;
	}
	if (enc == NULL || strcmp(enc, "base64") != 0) {
		q_bank_msg(b, line, "xml_file_encoding", "name", name, NULL);
		return;
	}
	xml_add_file(x, q, line, name, xml_content(x, f));
}

/* Adds the file name holding base64 b64 to q, as Moodle's <file>: checked
 * for size and content, one copy per name. */
static void
xml_add_file(struct xml_parse *x, struct question *q, int line, char *name,
    const char *b64)
{
	struct q_bank *b = x->b;
	const char *mime;
	unsigned char *data;
	size_t len;
	int rc;

	rc = q_file_base64(b->arena, b64, &data, &len);
	if (rc == -1) {
		q_bank_msg(b, line, "xml_file_base64", "name", name, NULL);
		return;
	}
	if (rc == -2 || len > Q_FILE_MAX) {
		q_bank_msg(b, line, "xml_file_large", "name", name, NULL);
		return;
	}
	if ((mime = q_file_mime(data, len)) == NULL) {
		q_bank_msg(b, line, "xml_file_type", "name", name, NULL);
		return;
	}
	/* Moodle exports a file once per text using it: keep one copy. */
	for (size_t i = 0; i < q->nfiles; i++) {
		if (strcmp(q->files[i].name, name) != 0)
			continue;
		if (q->files[i].len != len ||
		    memcmp(q->files[i].data, data, len) != 0)
			q_bank_msg(b, line, "xml_file_twice", "name", name, NULL);
		return;
	}
	*q_add_file(b, q) = (struct q_file){ name, (char *)mime, data, len };
}

/*
 * Moodle's import_text_with_files(): n's <text>, its format attribute
 * (dflt if absent) and its <file> children, which go to q.
 */
static struct xml_text
xml_rich(struct xml_parse *x, struct question *q, xmlNode *n,
    enum q_format dflt)
{
	struct xml_text t;

	t.text = xml_content(x, xml_child(n, "text"));
	t.format = n != NULL ? xml_format(xml_attr(x, n, "format"), dflt) :
	    dflt;
	if (n != NULL)
		for (xmlNode *c = n->children; c != NULL; c = c->next)
			if (xml_is(c, "file"))
				xml_file(x, q, c);
	return t;
}

/* A feedback text, NULL when empty as the model wants; its format in *fmt. */
static char *
xml_feedback(struct xml_parse *x, struct question *q, xmlNode *n,
    enum q_format *fmt)
{
	struct xml_text t = xml_rich(x, q, xml_child(n, "feedback"), q->format);

	*fmt = t.format;
	return *t.text != '\0' ? t.text : NULL;
}

/* The format attribute of an answer element (the question's by default). */
static enum q_format
xml_answer_format(struct xml_parse *x, struct question *q, xmlNode *n)
{
	return xml_format(xml_attr(x, n, "format"), q->format);
}

/* An <answer> of a multichoice or ordering question added to q as a
 * choice: its rich text and feedback. NULL for a blank one, which Moodle
 * skips (its fraction is the caller's). */
static struct q_answer *
xml_choice(struct xml_parse *x, struct question *q, xmlNode *c)
{
	struct xml_text t = xml_rich(x, q, c, q->format);
	struct q_answer *a;

	if (*t.text == '\0')
		return NULL;
	a = q_add_answer(x->b, q);
	a->text = t.text;
	a->format = t.format;
	a->feedback = xml_feedback(x, q, c, &a->feedback_format);
	return a;
}

/* An answer's fraction attribute ("100", "33.33333", "-50") as -1..1. */
static double
xml_fraction(struct xml_parse *x, xmlNode *ans)
{
	char *f = xml_attr(x, ans, "fraction");
	double v = 0;

	if (f == NULL)
		return 0.0;
	if (!xml_number(f, &v) || v < -100.0 || v > 100.0) {
		q_bank_msg(x->b, xml_line(ans), "xml_fraction_percent", "value", f, NULL);
		return 0.0;
	}
	return v / 100.0;
}

/* A text element such as <correctfeedback>, NULL when absent or empty. */
static char *
xml_opt_rich(struct xml_parse *x, struct question *q, xmlNode *n,
    enum q_format *fmt)
{
	struct xml_text t;

	*fmt = q->format;
	if (n == NULL)
		return NULL;
	t = xml_rich(x, q, n, q->format);
	*fmt = t.format;
	return *t.text != '\0' ? t.text : NULL;
}

/* Moodle's import_combined_feedback(). */
static void
xml_combined(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	q->correct_feedback = xml_opt_rich(x, q,
	    xml_child(qn, "correctfeedback"), &q->correct_feedback_format);
	q->partial_feedback = xml_opt_rich(x, q,
	    xml_child(qn, "partiallycorrectfeedback"),
	    &q->partial_feedback_format);
	q->incorrect_feedback = xml_opt_rich(x, q,
	    xml_child(qn, "incorrectfeedback"), &q->incorrect_feedback_format);
}

/* Moodle's import_hints(): each <hint> with its options, which are there
 * or not (<shownumcorrect/>); an empty hint is skipped as Moodle does. */
static void
xml_hints(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		struct q_hint *h;
		enum q_format f;
		char *text;

		if (!xml_is(c, "hint"))
			continue;
		if ((text = xml_opt_rich(x, q, c, &f)) == NULL)
			continue;
		h = q_add_hint(x->b, q);
		h->text = text;
		h->format = f;
		h->shownumcorrect = xml_child(c, "shownumcorrect") != NULL;
		h->clearwrong = xml_child(c, "clearwrong") != NULL;
	}
}

/*
 * Moodle 1.9's question image: <image>name</image> with its bytes in
 * <image_base64>. As Moodle's import_headers(): the name with "/" made
 * "_" and cleaned as PARAM_FILE, the file stored with the question text,
 * and ' <img src="@@PLUGINFILE@@/name" />' appended to the text. An
 * <image> without data (a link into 1.9 course files) is skipped by
 * Moodle too.
 */
static void
xml_old_image(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	xmlNode *img = xml_child(qn, "image"), *data;
	char *name, *o;

	data = xml_child(qn, "image_base64");
	if (img == NULL || data == NULL)
		return;
	name = xml_content(x, img);
	if (*name == '\0' || *xml_content(x, data) == '\0')
		return;
	o = name;
	for (char *p = name; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '/')
			*o++ = '_';
		else if (c >= 0x20 && c != 0x7f &&
		    strchr("&<>\"`|':\\", c) == NULL)
			*o++ = (char)c;
	}
	*o = '\0';
	if (!q_file_name_ok(name)) {
		q_bank_msg(x->b, xml_line(img), "xml_file_name", NULL);
		return;
	}
	xml_add_file(x, q, xml_line(data), name, xml_content(x, data));
	q->text = arena_printf(x->b->arena,
	    "%s <img src=\"@@PLUGINFILE@@/%s\" />", q->text, name);
}

/* Moodle's import_headers(): fields every question type has. */
static void
xml_headers(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	xmlNode *name = xml_child(xml_child(qn, "name"), "text"), *tags;
	struct xml_text t;
	char *s;
	double v;

	if (name == NULL)
		q_bank_msg(x->b, q->line, "xml_no_name", "type", q_type_name(q->type), NULL);
	s = xml_content(x, name);
	q->title = *s != '\0' ? s : NULL;
	t = xml_rich(x, q, xml_child(qn, "questiontext"), QF_HTML);
	q->text = t.text;
	q->format = t.format;
	xml_old_image(x, q, qn);
	s = xml_content(x, xml_child(qn, "idnumber"));
	q->id = *s != '\0' ? s : NULL;
	t = xml_rich(x, q, xml_child(qn, "generalfeedback"), q->format);
	q->general_feedback = *t.text != '\0' ? t.text : NULL;
	q->general_feedback_format = t.format;
	if (xml_child(qn, "defaultgrade") != NULL) {
		s = xml_content(x, xml_child(qn, "defaultgrade"));
		if (!xml_number(s, &v) || v < 0)
			q_bank_msg(x->b, xml_line(xml_child(qn, "defaultgrade")),
			    "xml_defaultgrade", "value", s, NULL);
		else
			q->default_mark = v;
	}
	if (xml_child(qn, "penalty") != NULL) {
		s = xml_content(x, xml_child(qn, "penalty"));
		if (!xml_number(s, &v) || v < 0 || v > 1)
			q_bank_msg(x->b, xml_line(xml_child(qn, "penalty")),
			    "xml_penalty", "value", s, NULL);
		else
			q->penalty = v;
	}
	xml_combined(x, q, qn);
	xml_hints(x, q, qn);
	if ((tags = xml_child(qn, "tags")) != NULL)
		for (xmlNode *c = tags->children; c != NULL; c = c->next)
			if (xml_is(c, "tag") && *(s = xml_content(x,
			    xml_child(c, "text"))) != '\0') {
				q_add_tag(x->b, q, s);
				/* As in GIFT: a difficulty tag sets it. */
				if (strcmp(s, "easy") == 0)
					q->difficulty = 1;
				else if (strcmp(s, "medium") == 0)
					q->difficulty = 2;
				else if (strcmp(s, "hard") == 0)
					q->difficulty = 3;
			}
}

/*
 * Moodle's editing form wants an answer worth 100%, but its importer takes
 * a question whose best answer is worth less, and so does aicert (lint
 * warns that no response gets full marks, bank_lint.c). With no answer
 * worth anything at all there is nothing to grade: an error.
 */
static void
xml_need_full_marks(struct xml_parse *x, struct question *q)
{
	double best = -2;

	for (size_t i = 0; i < q->nanswers; i++)
		if (q->answers[i].fraction > best)
			best = q->answers[i].fraction;
	if (best <= 0)
		q_bank_msg(x->b, q->line, "xml_full_marks", "type", q_type_name(q->type),
		    "q", q->title ? q->title : "", NULL);
}

static void
xml_multichoice(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	double best = -2, sum = 0;
	size_t n = 0;

	if (xml_child(qn, "single") != NULL)
		q->single = xml_flag(x, xml_child(qn, "single"));
	q->shuffle = xml_child(qn, "shuffleanswers") == NULL ? 0 :
	    xml_flag(x, xml_child(qn, "shuffleanswers"));
	if (xml_child(qn, "answernumbering") != NULL) {
		char *s = xml_content(x, xml_child(qn, "answernumbering"));

		if (*s == '\0' || strcmp(s, "abc") == 0)
			q->numbering = NULL;
		else if (q_numbering_ok(s))
			q->numbering = s;
		else
			q_bank_msg(x->b, xml_line(xml_child(qn,
			    "answernumbering")), "xml_numbering", "value", s,
			    NULL);
	}
	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		struct q_answer *a;

		if (!xml_is(c, "answer") || (a = xml_choice(x, q, c)) == NULL)
			continue;
		a->fraction = xml_fraction(x, c);
		if (a->fraction > best)
			best = a->fraction;
		if (a->fraction > 0)
			sum += a->fraction;
		n++;
	}
	if (n < 2)
		q_bank_msg(x->b, q->line, "xml_mc_two", "q", q->title ? q->title : "", NULL);
	else if (q->single && fabs(best - 1.0) > 1e-6)
		xml_need_full_marks(x, q);
	else if (!q->single && fabs(sum - 1.0) > 1e-4)
		q_bank_msg(x->b, q->line, "xml_mc_multi_sum", "q", q->title ? q->title : "",
		    "sum", arena_printf(x->b->arena, "%.5g", sum * 100), NULL);
}

static void
xml_truefalse(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	char *fb_true = NULL, *fb_false = NULL;
	enum q_format fmt_true = q->format, fmt_false = q->format;
	enum q_format tfmt_true = q->format, tfmt_false = q->format;
	int first = 1, right = -1;
	struct q_answer *a;

	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		char *text, *fr;
		double v = 0;

		if (!xml_is(c, "answer"))
			continue;
		text = xml_content(x, xml_child(c, "text"));
		/* Old exports hold localised words: then true comes first. */
		if (strcmp(text, "true") != 0 && strcmp(text, "false") != 0)
			text = first ? "true" : "false";
		fr = xml_attr(x, c, "fraction");
		if (fr != NULL && !xml_number(fr, &v))
			q_bank_msg(x->b, xml_line(c), "xml_fraction_nan", "value", fr, NULL);
		if (strcmp(text, "true") == 0) {
			right = v == 100;
			tfmt_true = xml_answer_format(x, q, c);
			fb_true = xml_feedback(x, q, c, &fmt_true);
		} else {
			right = v != 100;
			tfmt_false = xml_answer_format(x, q, c);
			fb_false = xml_feedback(x, q, c, &fmt_false);
		}
		first = 0;
	}
	if (right < 0) {
		q_bank_msg(x->b, q->line, "xml_tf_none", "q", q->title ? q->title : "", NULL);
		return;
	}
	a = q_add_answer(x->b, q);
	a->text = "true";
	a->format = tfmt_true;
	a->fraction = right ? 1.0 : 0.0;
	a->feedback = fb_true;
	a->feedback_format = fmt_true;
	a = q_add_answer(x->b, q);
	a->text = "false";
	a->format = tfmt_false;
	a->fraction = right ? 0.0 : 1.0;
	a->feedback = fb_false;
	a->feedback_format = fmt_false;
}

static void
xml_shortanswer(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	double v;

	if (xml_child(qn, "usecase") != NULL)
		q->usecase = xml_number(xml_content(x, xml_child(qn,
		    "usecase")), &v) && v != 0;
	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		char *text;
		struct q_answer *a;

		if (!xml_is(c, "answer"))
			continue;
		text = xml_content(x, xml_child(c, "text"));
		if (*text == '\0')
			continue;	/* Moodle skips blank answers */
		a = q_add_answer(x->b, q);
		a->text = text;
		a->format = xml_answer_format(x, q, c);
		a->fraction = xml_fraction(x, c);
		a->feedback = xml_feedback(x, q, c, &a->feedback_format);
	}
	xml_need_full_marks(x, q);
}

static void xml_ignored_in(struct xml_parse *x, xmlNode *n,
    const char *const *attrs, const char *const *kids);

/* An option of a numerical question's units held as a whole number in
 * lo..hi (Moodle's getpath with its default def); an error otherwise. */
static int
xml_unit_option(struct xml_parse *x, xmlNode *qn, const char *name, int lo,
    int hi, int def)
{
	xmlNode *n = xml_child(qn, name);
	char *s;
	double v;

	if (n == NULL)
		return def;
	s = xml_content(x, n);
	if (!xml_number(s, &v) || v < lo || v > hi || v != floor(v)) {
		q_bank_msg(x->b, xml_line(n), "xml_unit_option", "name", name,
		    "value", s, "lo", arena_printf(x->b->arena, "%d", lo), "hi",
		    arena_printf(x->b->arena, "%d", hi), NULL);
		return def;
	}
	return (int)v;
}

/*
 * Moodle's import_numerical and save_units: <units><unit> each with a
 * <multiplier> (default 1) and a <unit_name>; a unit without a name or
 * with multiplier 0, or named twice, is dropped (with a warning here).
 * The options: <unitgradingtype> 0, <unitpenalty> 0.1, <showunits> 0 with
 * units (3 without), <unitsleft> 0 when absent.
 */
static void
xml_units(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	static const char *const unit_kids[] = { "multiplier", "unit_name", NULL };
	static const char *const none[] = { NULL };
	xmlNode *units = xml_child(qn, "units"), *pen;

	for (xmlNode *u = units ? units->children : NULL; u != NULL; u = u->next) {
		char *name, *m;
		double v = 1;

		if (u->type != XML_ELEMENT_NODE)
			continue;
		if (!xml_is(u, "unit")) {
			q_bank_warn(x->b, xml_line(u), "xml_ignored_element", "name",
			    (const char *)u->name, NULL);
			continue;
		}
		xml_ignored_in(x, u, none, unit_kids);
		name = xml_content(x, xml_child(u, "unit_name"));
		m = xml_content(x, xml_child(u, "multiplier"));
		if (xml_child(u, "multiplier") != NULL && (!xml_number(m, &v) ||
		    v < 0)) {
			q_bank_msg(x->b, xml_line(u), "xml_unit_multiplier", "unit",
			    name, "value", m, NULL);
			continue;
		}
		if (*name == '\0' || v == 0 || q_unit_find(q, name) != NULL) {
			q_bank_warn(x->b, xml_line(u), "xml_unit_dropped", "unit", name,
			    "value", m, NULL);
			continue;
		}
		q_add_unit(x->b, q)->name = name;
		q->units[q->nunits - 1].multiplier = v;
	}
	q->unit_grading = (enum q_unit_grading)xml_unit_option(x, qn,
	    "unitgradingtype", 0, 2, QU_GRADE_NONE);
	q->show_units = (enum q_unit_show)xml_unit_option(x, qn, "showunits", 0,
	    3, q->nunits > 0 ? QU_SHOW_TEXT : QU_SHOW_NONE);
	q->units_left = xml_unit_option(x, qn, "unitsleft", 0, 1, 0);
	if ((pen = xml_child(qn, "unitpenalty")) != NULL) {
		char *s = xml_content(x, pen);

		if (!xml_number(s, &q->unit_penalty) || q->unit_penalty < 0 ||
		    q->unit_penalty > 1) {
			q_bank_msg(x->b, xml_line(pen), "xml_unit_penalty", "value", s,
			    NULL);
			q->unit_penalty = Q_UNIT_PENALTY_DEFAULT;
		}
	}
}

static void
xml_numerical(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	xml_units(x, q, qn);
	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		char *text, *tol;
		struct q_answer *a;
		double v;

		if (!xml_is(c, "answer"))
			continue;
		text = xml_content(x, xml_child(c, "text"));
		if (*text == '\0')
			continue;	/* Moodle skips blank answers */
		a = q_add_answer(x->b, q);
		a->fraction = xml_fraction(x, c);
		/* Deprecated: a <fraction> element (0..1) overrides. */
		if (xml_child(c, "fraction") != NULL) {
			if (xml_number(xml_content(x, xml_child(c, "fraction")),
			    &v) && v >= -1.0 && v <= 1.0)
				a->fraction = v;
			else
				q_bank_msg(x->b, xml_line(c), "xml_fraction_range", NULL);
		}
		a->feedback = xml_feedback(x, q, c, &a->feedback_format);
		a->format = xml_answer_format(x, q, c);
		if (strcmp(text, "*") == 0) {
			a->text = text;		/* matches any number */
		} else if (!xml_number(text, &a->value)) {
			q_bank_msg(x->b, xml_line(c), "xml_numerical_nan", "value", text, NULL);
		}
		tol = xml_content(x, xml_child(c, "tolerance"));
		if (*tol != '\0' && (!xml_number(tol, &a->tolerance) ||
		    a->tolerance < 0))
			q_bank_msg(x->b, xml_line(c), "xml_tolerance", "value", tol, NULL);
	}
	xml_need_full_marks(x, q);
}

static void
xml_matching(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	size_t real = 0;

	q->shuffle = xml_child(qn, "shuffleanswers") == NULL ? 1 :
	    xml_flag(x, xml_child(qn, "shuffleanswers"));
	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		struct xml_text t;
		char *ans;
		struct q_pair *p;

		if (!xml_is(c, "subquestion"))
			continue;
		t = xml_rich(x, q, c, q->format);
		ans = xml_text_in(x, c, "answer");
		if (*t.text == '\0' && *ans == '\0')
			continue;	/* Moodle skips empty rows */
		if (*ans == '\0') {
			q_bank_msg(x->b, xml_line(c), "xml_sub_no_answer", NULL);
			continue;
		}
		p = q_add_pair(x->b, q);
		p->sub = t.text;	/* "" is a distractor answer */
		p->format = t.format;
		p->answer = ans;
		if (*t.text != '\0')
			real++;
	}
	if (real < 2)
		q_bank_msg(x->b, q->line, "xml_matching_two", "q", q->title ? q->title : "",
		    NULL);
}

/* The question's name for messages. */
static const char *
xml_qname(const struct question *q)
{
	return q->title ? q->title : "";
}

/*
 * Moodle's gapselect import_from_xml() and save_question_options():
 * <shuffleanswers> (default on), each <selectoption> with its <text> and
 * <group> (default 1), or in files from before <selectoption> each
 * <answer> with the group as its feedback. A blank choice is dropped and
 * the [[n]] after it renumbered, as Moodle saves it; a gap naming no
 * choice, or a text with no gap, is an error as in Moodle's form.
 */
static void xml_gap_places(struct xml_parse *x, struct question *q,
    const int *newno, int n);

static void
xml_gapselect(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	int legacy = xml_child(qn, "selectoption") == NULL, n = 0, kept = 0;
	int *newno;
	size_t cap = 0;

	q->shuffle = xml_child(qn, "shuffleanswers") == NULL ? 1 :
	    xml_bool(xml_content(x, xml_child(qn, "shuffleanswers")));
	q->shownumcorrect = xml_child(qn, "shownumcorrect") != NULL;
	for (xmlNode *c = qn->children; c != NULL; c = c->next)
		cap += xml_is(c, legacy ? "answer" : "selectoption");
	newno = arena_alloc(x->b->arena, (cap + 1) * sizeof *newno);
	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		char *text, *g;
		double v = 1;

		if (!xml_is(c, legacy ? "answer" : "selectoption"))
			continue;
		text = xml_content(x, xml_child(c, "text"));
		g = legacy ? xml_text_in(x, c, "feedback") :
		    xml_content(x, xml_child(c, "group"));
		n++;
		if (*text == '\0') {
			newno[n] = 0;	/* Moodle drops a blank choice */
			continue;
		}
		if (*g != '\0' && (!xml_number(g, &v) || v != floor(v) ||
		    v < 1 || v > 999)) {
			q_bank_msg(x->b, xml_line(c), "xml_gap_group", "q",
			    xml_qname(q), "value", g, NULL);
			v = 1;
		}
		newno[n] = ++kept;
		*q_add_gapchoice(x->b, q) = (struct q_gapchoice){ text, (int)v };
	}
	xml_gap_places(x, q, newno, n);
}

/*
 * Checks the [[n]] of q's text against the choices (newno maps each of
 * the n choices in the file to its number once blanks are dropped, 0
 * for a blank one) and renumbers them as Moodle saves them.
 */
static void
xml_gap_places(struct xml_parse *x, struct question *q, const int *newno,
    int n)
{
	const char *p = q->text;
	char *out = arena_alloc(x->b->arena, strlen(p) + 1), *o = out;
	int places = 0;

	while (*p != '\0') {
		const char *e;
		long k;

		if (p[0] != '[' || p[1] != '[' || p[2] < '0' || p[2] > '9') {
			*o++ = *p++;
			continue;
		}
		for (e = p + 2; *e >= '0' && *e <= '9'; e++)
			;
		if (e[0] != ']' || e[1] != ']') {
			*o++ = *p++;
			continue;
		}
		k = e - p - 2 > 6 ? 0 : strtol(p + 2, NULL, 10);
		places++;
		if (k < 1 || k > n) {
			q_bank_msg(x->b, q->line, "xml_gap_missing", "q",
			    xml_qname(q), "n", arena_strndup(x->b->arena,
			    p + 2, (size_t)(e - p - 2)), NULL);
		} else if (newno[k] == 0) {
			q_bank_msg(x->b, q->line, "xml_gap_blank", "q",
			    xml_qname(q), "n", arena_printf(x->b->arena, "%ld",
			    k), NULL);
		} else {
			o += sprintf(o, "[[%d]]", newno[k]);
			p = e + 2;
			continue;
		}
		while (p < e + 2)
			*o++ = *p++;
	}
	*o = '\0';
	q->text = out;
	if (places == 0)
		q_bank_msg(x->b, q->line, "xml_gap_none", "q", xml_qname(q),
		    NULL);
}

/* One ordering option: the text of element name (dflt when absent, as
 * Moodle's getpath()), upper-cased for the comparisons Moodle makes. */
static char *
xml_ord_opt(struct xml_parse *x, xmlNode *qn, const char *name,
    const char *dflt)
{
	char *s;

	if (xml_child(qn, name) == NULL)
		return arena_strdup(x->b->arena, dflt);
	s = xml_content(x, xml_child(qn, name));
	for (char *p = s; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return s;
}

/* Warns that element name's value v is not one Moodle knows and that
 * Moodle's default, used, is dflt. */
static void
xml_ord_default(struct xml_parse *x, xmlNode *qn, const char *name,
    const char *v, const char *dflt)
{
	q_bank_warn(x->b, xml_line(xml_child(qn, name) ? xml_child(qn, name) :
	    qn), "xml_ordering_value", "name", name, "value", v, "default",
	    dflt, NULL);
}

/*
 * Moodle's ordering import_from_xml() and set_options_for_import(): the
 * <answer>s in file order are the items in the right order (Moodle sets
 * their fraction from that order), blank ones dropped; the options by
 * Moodle's names with Moodle's defaults for what is absent (an old file's
 * <logical>/<studentsee> for <selecttype>/<selectcount>), and a value
 * Moodle does not know taken as Moodle takes it, with a warning.
 */
static void
xml_ordering(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	struct q_ordering *o = &q->ordering;
	int old = xml_child(qn, "selecttype") == NULL &&
	    xml_child(qn, "logical") != NULL;
	const char *sel = old ? "logical" : "selecttype";
	const char *cnt = old ? "studentsee" : "selectcount";
	char *v;
	double d;
	int k;

	v = xml_ord_opt(x, qn, "layouttype", "VERTICAL");
	o->layout = strcmp(v, "HORIZONTAL") == 0 || strcmp(v, "HORI") == 0 ||
	    strcmp(v, "H") == 0 || strcmp(v, "1") == 0;
	if (!o->layout && *v != '\0' && strcmp(v, "VERTICAL") != 0 &&
	    strcmp(v, "VERT") != 0 && strcmp(v, "V") != 0 &&
	    strcmp(v, "0") != 0)
		xml_ord_default(x, qn, "layouttype", v, "VERTICAL");
	v = xml_ord_opt(x, qn, sel, "RANDOM");
	k = strcmp(v, "EXACT") == 0 ? QO_SELECT_ALL :
	    strcmp(v, "CONTIG") == 0 ? QO_SELECT_CONTIGUOUS :
	    q_ord_select_parse(v);
	if (k < 0 && strcmp(v, "REL") != 0 && *v != '\0')
		xml_ord_default(x, qn, sel, v, "RANDOM");
	o->select = k < 0 ? QO_SELECT_RANDOM : (enum q_ord_select)k;
	v = xml_ord_opt(x, qn, cnt, "6");
	o->count = 2;
	if (xml_number(v, &d) && d >= 2)
		o->count = d > 1000 ? 1000 : (int)d;
	else if (*v != '\0')
		xml_ord_default(x, qn, cnt, v, "2");
	v = xml_ord_opt(x, qn, "gradingtype", "RELATIVE");
	k = strcmp(v, "ABS") == 0 || strcmp(v, "ABSOLUTE") == 0 ?
	    QO_ABSOLUTE_POSITION : q_ord_grading_parse(v);
	if (k == -2 && strcmp(v, "REL") != 0 && strcmp(v, "RELATIVE") != 0 &&
	    *v != '\0')
		xml_ord_default(x, qn, "gradingtype", v,
		    "RELATIVE_NEXT_EXCLUDE_LAST");
	o->grading = k == -2 ? QO_RELATIVE_NEXT_EXCLUDE_LAST :
	    (enum q_ord_grading)k;
	v = xml_ord_opt(x, qn, "showgrading", "1");
	o->showgrading = !(strcmp(v, "HIDE") == 0 || strcmp(v, "FALSE") == 0 ||
	    strcmp(v, "NO") == 0);
	v = xml_child(qn, "numberingstyle") == NULL ? "none" :
	    xml_content(x, xml_child(qn, "numberingstyle"));
	if (!q_numbering_ok(v)) {
		xml_ord_default(x, qn, "numberingstyle", v, "none");
		v = "none";
	}
	o->numbering = strcmp(v, "none") == 0 ? NULL : v;
	/* Moodle: absent means shown, and so for every hint. */
	q->shownumcorrect = xml_child(qn, "shownumcorrect") == NULL ||
	    xml_bool(xml_content(x, xml_child(qn, "shownumcorrect"))) ||
	    *xml_content(x, xml_child(qn, "shownumcorrect")) == '\0';
	for (xmlNode *c = qn->children; c != NULL; c = c->next)
		if (xml_is(c, "answer"))
			(void)xml_choice(x, q, c);	/* the items, in order */
	if (q->nanswers < 2)
		q_bank_msg(x->b, q->line, "xml_ordering_two", "q", xml_qname(q),
		    NULL);
}

/*
 * Moodle's import_multianswer(): the gaps are read from the question
 * text (cloze.c), and the mark is the sum of the gaps' marks, whatever
 * <defaultgrade> says.
 */
static void
xml_cloze(struct xml_parse *x, struct question *q, xmlNode *qn)
{
	xmlNode *t = xml_child(xml_child(qn, "questiontext"), "text");

	q_cloze_extract(x->b, q, t != NULL ? xml_line(t) : q->line);
}

/*
 * Moodle's split_category_path() and create_category_path(): names split
 * at a single "/" ("//" is a slash inside a name), trimmed; a leading
 * context like "$course$" dropped; "top" (the context's root category,
 * which Moodle never creates again) dropped; empty names dropped. Returns
 * the path joined by "/" with slashes in names doubled, NULL for the root.
 */
static char *
xml_category_path(struct arena *a, const char *path)
{
	char *out = arena_alloc(a, strlen(path) * 2 + 2), *name;
	size_t k = 0, i = 0, n = strlen(path);
	int first = 1;

	name = arena_alloc(a, n + 1);
	while (i <= n) {
		size_t nl = 0, s, e;

		/* One name: up to a run of exactly one slash, or the end. */
		while (i < n) {
			size_t run = 0;

			while (i + run < n && path[i + run] == '/')
				run++;
			if (run == 1)
				break;
			if (run > 1) {	/* str_replace('//', '/') */
				for (size_t r = 0; r < run / 2 + run % 2; r++)
					name[nl++] = '/';
				i += run;
				continue;
			}
			name[nl++] = path[i++];
		}
		i++;		/* the separator, or past the end */
		for (s = 0; s < nl && strchr(" \t\r\n", name[s]) != NULL; s++)
			;
		for (e = nl; e > s && strchr(" \t\r\n", name[e - 1]) != NULL;
		    e--)
			;
		if (first && e - s >= 3 && name[s] == '$' &&
		    name[e - 1] == '$') {
			size_t j = s + 1;

			while (j < e - 1 && ((name[j] >= 'a' && name[j] <= 'z') ||
			    (name[j] >= '0' && name[j] <= '9')))
				j++;
			first = 0;
			if (j == e - 1)
				continue;	/* a context: $course$ */
		}
		first = 0;
		if (e == s || (e - s == 3 && memcmp(name + s, "top", 3) == 0))
			continue;
		if (k > 0)
			out[k++] = '/';
		for (size_t j = s; j < e; j++) {
			out[k++] = name[j];
			if (name[j] == '/')
				out[k++] = '/';
		}
	}
	out[k] = '\0';
	return k > 0 ? out : NULL;
}

static int xml_only_text(const xmlNode *n);

static void
xml_category(struct xml_parse *x, xmlNode *qn)
{
	xmlNode *cat = xml_child(qn, "category");
	const char *path;

	if (cat == NULL) {
		q_bank_msg(x->b, xml_line(qn), "xml_category_text", NULL);
		return;
	}
	/* Moodle reads <category><text>; very old files have bare text. */
	path = xml_child(cat, "text") != NULL ?
	    xml_content(x, xml_child(cat, "text")) : xml_content(x, cat);
	/* The category's description: aicert's categories have none. */
	if (xml_child(qn, "info") != NULL &&
	    xml_only_text(xml_child(qn, "info")) &&
	    *xml_content(x, xml_child(xml_child(qn, "info"), "text")) != '\0')
		q_bank_warn(x->b, xml_line(xml_child(qn, "info")),
		    "xml_ignored_element", "name", "info", NULL);
	x->category = xml_category_path(x->b->arena, path);
}

/* Elements a <question> may hold that this reader takes in, and elements
 * it does not model but may skip when they hold the value that changes
 * nothing (the value every Moodle export writes for it). */
static const char *const xml_read[] = {
	"name", "questiontext", "generalfeedback", "defaultgrade", "penalty",
	"idnumber", "tags", "hint", "correctfeedback",
	"partiallycorrectfeedback", "incorrectfeedback", "image",
	"image_base64", "lang", "single", "shuffleanswers", "answernumbering",
	"answer", "usecase", "subquestion", "units", NULL
};

/* Elements only gapselect and ordering questions hold, read for those. */
static const char *const xml_read_gapselect[] = {
	"selectoption", "shownumcorrect", NULL
};
static const char *const xml_read_ordering[] = {
	"layouttype", "selecttype", "selectcount", "gradingtype",
	"showgrading", "numberingstyle", "shownumcorrect", "logical",
	"studentsee", NULL
};

/* 1 if name is an element this reader takes in for a question of type
 * (its type attribute). */
static int
xml_read_for(const char *type, const char *name)
{
	const char *const *l = strcmp(type, "gapselect") == 0 ?
	    xml_read_gapselect : strcmp(type, "ordering") == 0 ?
	    xml_read_ordering : NULL;

	for (size_t i = 0; l != NULL && l[i] != NULL; i++)
		if (strcmp(l[i], name) == 0)
			return 1;
	return 0;
}

static const struct {
	const char *name, *value;
} xml_inert[] = {
	{ "hidden", "0" }, { "showstandardinstruction", "0" },
	{ "instructions", "" }, { "responseformat", "editor" },
	{ "responserequired", "1" }, { "responsefieldlines", "15" },
	{ "attachments", "0" }, { "attachmentsrequired", "0" },
	{ "maxbytes", "0" }, { "filetypeslist", "" }, { "minwordlimit", "" },
	{ "maxwordlimit", "" }, { "graderinfo", "" },
	{ "responsetemplate", "" },
	/* Read by numerical questions (xml_units); nothing to others. */
	{ "unitgradingtype", NULL }, { "unitpenalty", NULL },
	{ "showunits", NULL }, { "unitsleft", NULL },
};

/* 1 if n has no element child. */
static int
xml_only_text_leaf(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 0;
	return 1;
}

/* Warns about each attribute of n not in attrs and each element child not
 * in kids (both NULL-terminated). */
static void
xml_ignored_in(struct xml_parse *x, xmlNode *n, const char *const *attrs,
    const char *const *kids)
{
	for (xmlAttr *at = n->properties; at != NULL; at = at->next) {
		size_t i;

		for (i = 0; attrs[i] != NULL; i++)
			if (strcmp((const char *)at->name, attrs[i]) == 0)
				break;
		if (attrs[i] == NULL)
			q_bank_warn(x->b, xml_line(n), "xml_ignored_attr",
			    "name", (const char *)at->name, "element",
			    (const char *)n->name, NULL);
	}
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		size_t i;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; kids[i] != NULL; i++)
			if (strcmp((const char *)c->name, kids[i]) == 0)
				break;
		if (kids[i] == NULL)
			q_bank_warn(x->b, xml_line(c), "xml_ignored_element",
			    "name", (const char *)c->name, NULL);
	}
}

/* What the parts of a question may hold that this reader takes in. */
static void
xml_ignored_parts(struct xml_parse *x, xmlNode *qn)
{
	static const char *const fmt[] = { "format", NULL };
	static const char *const answer_attrs[] = { "fraction", "format", NULL };
	static const char *const answer[] = {
		"text", "feedback", "tolerance", "fraction", "file", NULL
	};
	static const char *const rich[] = { "text", "file", NULL };
	static const char *const sub[] = { "text", "answer", "file", NULL };
	static const char *const none[] = { NULL };
	static const char *const selectoption[] = { "text", "group", NULL };
	static const char *const hint[] = {
		"text", "file", "shownumcorrect", "clearwrong", NULL
	};

	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		if (xml_is(c, "answer")) {
			xml_ignored_in(x, c, answer_attrs, answer);
			if (xml_child(c, "feedback") != NULL)
				xml_ignored_in(x, xml_child(c, "feedback"), fmt,
				    rich);
		} else if (xml_is(c, "subquestion")) {
			xml_ignored_in(x, c, fmt, sub);
		} else if (xml_is(c, "selectoption")) {
			xml_ignored_in(x, c, none, selectoption);
		} else if (xml_is(c, "hint")) {
			xml_ignored_in(x, c, fmt, hint);
		} else if (xml_is(c, "questiontext") ||
		    xml_is(c, "generalfeedback") ||
		    xml_is(c, "correctfeedback") ||
		    xml_is(c, "partiallycorrectfeedback") ||
		    xml_is(c, "incorrectfeedback")) {
			xml_ignored_in(x, c, fmt, rich);
		}
	}
}

/* 1 if n holds no element but <text> and <file> (and <text> holds
 * none), so xml_content() reads it without an error. */
static int
xml_only_text(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !xml_is(c, "file") &&
		    !(xml_is(c, "text") && xml_only_text_leaf(c)))
			return 0;
	return 1;
}

/*
 * Says, as a warning with its line, what of qn this reader leaves out:
 * an attribute other than type, an element it does not know, and an
 * element it does not model holding anything but its inert value.
 */
static void
xml_ignored(struct xml_parse *x, xmlNode *qn)
{
	const char *type = xml_attr(x, qn, "type");

	for (xmlAttr *at = qn->properties; at != NULL; at = at->next)
		if (strcmp((const char *)at->name, "type") != 0)
			q_bank_warn(x->b, xml_line(qn), "xml_ignored_attr",
			    "name", (const char *)at->name, "element",
			    "question", NULL);
	for (xmlNode *c = qn->children; c != NULL; c = c->next) {
		const char *name = (const char *)c->name;
		size_t i;
		int known = 0;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; xml_read[i] != NULL && !known; i++)
			known = strcmp(name, xml_read[i]) == 0;
		if (known || xml_read_for(type, name))
			continue;
		for (i = 0; i < sizeof xml_inert / sizeof *xml_inert; i++)
			if (strcmp(name, xml_inert[i].name) == 0)
				break;
		if (i < sizeof xml_inert / sizeof *xml_inert &&
		    xml_only_text(c)) {
			const char *v = xml_child(c, "text") != NULL ?
			    xml_content(x, xml_child(c, "text")) :
			    xml_content(x, c);

			if (xml_inert[i].value == NULL ||
			    strcmp(v, xml_inert[i].value) == 0)
				continue;
		}
		q_bank_warn(x->b, xml_line(c), "xml_ignored_element", "name",
		    name, NULL);
	}
	xml_ignored_parts(x, qn);
}

static void
xml_question(struct xml_parse *x, xmlNode *qn)
{
	struct q_bank *b = x->b;
	struct question q;
	char *type = xml_attr(x, qn, "type");
	size_t nerr = b->nerr;
	int t;

	if (type == NULL) {
		q_bank_msg(b, xml_line(qn), "xml_no_type", NULL);
		return;
	}
	if (strcmp(type, "category") == 0) {
		xml_category(x, qn);
		return;
	}
	/* Moodle writes "matching" and also reads its internal "match". */
	t = strcmp(type, "match") == 0 ? (int)Q_MATCHING : q_type_parse(type);
	if (t < 0) {
		q_bank_msg(b, xml_line(qn), "xml_type_unsupported", "type", type, NULL);
		return;
	}
	xml_ignored(x, qn);
	q_init(&q);
	q.type = (enum q_type)t;
	q.line = xml_line(qn);
	q.category = (char *)x->category;
	xml_headers(x, &q, qn);
	switch (q.type) {
	case Q_MULTICHOICE:
		xml_multichoice(x, &q, qn);
		break;
	case Q_TRUEFALSE:
		xml_truefalse(x, &q, qn);
		break;
	case Q_SHORTANSWER:
		xml_shortanswer(x, &q, qn);
		break;
	case Q_NUMERICAL:
		xml_numerical(x, &q, qn);
		break;
	case Q_MATCHING:
		xml_matching(x, &q, qn);
		break;
	case Q_DESCRIPTION:
		q.default_mark = 0;
		break;
	case Q_ESSAY:
		break;
	case Q_CLOZE:
		xml_cloze(x, &q, qn);
		break;
	case Q_GAPSELECT:
		xml_gapselect(x, &q, qn);
		break;
	case Q_ORDERING:
		xml_ordering(x, &q, qn);
		break;
	}
	if (b->nerr == nerr)
		*q_bank_add(b) = q;
}

int
bank_xml_parse(struct q_bank *b, const char *data, size_t len)
{
	struct xml_parse x;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;
	xmlNode *root;
	size_t nerr = b->nerr;
	int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC;

	memset(&x, 0, sizeof x);
	x.b = b;
	if (len > INT_MAX) {
		q_bank_msg(b, 0, "xml_too_large", NULL);
		return -1;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		q_bank_msg(b, 0, "xml_no_parser", NULL);
		return -1;
	}
	ctxt->_private = &x;
	ctxt->sax->serror = xml_on_error;
	ctxt->sax->entityDecl = xml_on_entity_decl;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, "bank.xml", "UTF-8",
	    opts);
	if (x.entity_line != 0) {
		q_bank_msg(b, x.entity_line, "xml_entity_declared", "name", x.entity_name, NULL);
		goto done;
	}
	if (doc == NULL || x.err_line != 0 || !ctxt->wellFormed) {
		q_bank_msg(b, x.err_line, "xml_malformed", "why", x.err_msg ? x.err_msg :
		    i18n_get(b->lang, "xml_unreadable"), NULL);
		goto done;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !xml_is(root, "quiz")) {
		q_bank_msg(b, root ? xml_line(root) : 1, "xml_root", "root",
		    root ? (const char *)root->name : "", NULL);
		goto done;
	}
	for (xmlNode *c = root->children; c != NULL; c = c->next)
		if (xml_is(c, "question"))
			xml_question(&x, c);
done:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return b->nerr > nerr ? -1 : 0;
}

/*
 * bank_json.c - reads questions in aicert's JSON form; see bank_json.h.
 *
 * jansson parses; this file checks each field against docs/bank-json.md
 * and copies it into the question model (question.h). The checks are the
 * loosest rules all our parsers share, so that whatever bank_gift.c or
 * bank_xml.c accepted and the store saved reads back; embedded files get
 * bank_xml.c's checks (plain name, base64, at most 1 MiB, an image by
 * content). jansson reports positions only for syntax errors, so the line
 * where each question starts is found by a small scan of the text.
 */
#include "bank_json.h"

#include <float.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>


/* One question being read: where its errors go and how they name it. */
struct jq {
	struct q_bank *b;
	int line;
	const char *label;	/* "question \"privacy-01\"", "question 3" */
	const char *where;	/* "answer 2: " inside an answer, else "" */
};

static void jq_error(struct jq *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
jq_error(struct jq *j, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(j->b->arena, fmt, ap);
	va_end(ap);
	q_bank_error(j->b, j->line, "%s: %s%s", j->label, j->where, msg);
}

/* key of o, NULL if absent or null (both mean "not set"). */
static json_t *
jq_get(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_null(v) ? NULL : v;
}

/* Reports every key of o not in known (NULL-terminated). */
static void
jq_known_keys(struct jq *j, json_t *o, const char *const *known)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(o, key, v) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] == NULL)
			jq_error(j, "unknown field \"%s\"", key);
	}
}

/* v (the value of key) copied into b's arena; NULL, reported, if it is
 * not a string or holds a NUL character. */
static char *
jq_string(struct jq *j, json_t *v, const char *key)
{
	const char *s = json_string_value(v);

	if (s == NULL) {
		jq_error(j, "\"%s\" must be a string", key);
		return NULL;
	}
	if (strlen(s) != json_string_length(v)) {
		jq_error(j, "\"%s\" must not contain a NUL character", key);
		return NULL;
	}
	return arena_strndup(j->b->arena, s, json_string_length(v));
}

static char *
jq_opt_string(struct jq *j, json_t *o, const char *key)
{
	json_t *v = jq_get(o, key);

	return v == NULL ? NULL : jq_string(j, v, key);
}

/* A text that must be there and, unless may_be_empty, not be "". */
static char *
jq_text(struct jq *j, json_t *o, const char *key, int may_be_empty)
{
	json_t *v = jq_get(o, key);
	char *s;

	if (v == NULL) {
		jq_error(j, "\"%s\" is missing", key);
		return NULL;
	}
	s = jq_string(j, v, key);
	if (s != NULL && *s == '\0' && !may_be_empty)
		jq_error(j, "\"%s\" must not be empty", key);
	return s;
}

static enum q_format
jq_format(struct jq *j, json_t *o, const char *key, enum q_format def)
{
	json_t *v = jq_get(o, key);
	const char *s = json_string_value(v);

	if (v == NULL)
		return def;
	for (int f = QF_MOODLE; f <= QF_MARKDOWN; f++)
		if (s != NULL && strcmp(s, q_format_name(f)) == 0)
			return f;
	jq_error(j, "\"%s\" must be \"moodle\", \"html\", \"plain\" or "
	    "\"markdown\"", key);
	return def;
}

static int
jq_bool(struct jq *j, json_t *o, const char *key, int def)
{
	json_t *v = jq_get(o, key);

	if (v == NULL)
		return def;
	if (!json_is_boolean(v)) {
		jq_error(j, "\"%s\" must be true or false", key);
		return def;
	}
	return json_is_true(v);
}

/* Sets *x to number key of o when it is there and within lo..hi; what
 * says what it must be ("a number >= 0"). */
static void
jq_number(struct jq *j, json_t *o, const char *key, double *x, double lo,
    double hi, const char *what)
{
	json_t *v = jq_get(o, key);
	double d = json_number_value(v);

	if (v == NULL)
		return;
	if (!json_is_number(v) || !(d >= lo && d <= hi)) {
		jq_error(j, "\"%s\" must be %s", key, what);
		return;
	}
	*x = d;
}

/* ---- answers, pairs, files ----------------------------------------- */

static const char *const answer_keys[] = {
	"text", "format", "value", "tolerance", "fraction", "feedback",
	"feedback_format", NULL
};

/* A numerical answer: "value" and "tolerance", or "text": "*". */
static void
jq_numerical_answer(struct jq *j, json_t *o, struct q_answer *a)
{
	json_t *text = jq_get(o, "text");

	if (text != NULL) {
		a->text = jq_string(j, text, "text");
		if (a->text != NULL && strcmp(a->text, "*") != 0)
			jq_error(j, "\"text\" of a numerical answer can only be "
			    "\"*\" (any other answer); give the number as "
			    "\"value\"");
		if (jq_get(o, "value") != NULL || jq_get(o, "tolerance") != NULL)
			jq_error(j, "the \"*\" answer has no \"value\" or "
			    "\"tolerance\"");
		return;
	}
	if (jq_get(o, "value") == NULL)
		jq_error(j, "\"value\" is missing");
	jq_number(j, o, "value", &a->value, -DBL_MAX, DBL_MAX, "a number");
	jq_number(j, o, "tolerance", &a->tolerance, 0, DBL_MAX,
	    "a number >= 0");
}

static void
jq_answer(struct jq *j, struct question *q, json_t *o)
{
	struct q_answer *a = q_add_answer(j->b, q);

	if (!json_is_object(o)) {
		jq_error(j, "must be an object");
		return;
	}
	jq_known_keys(j, o, answer_keys);
	if (q->type == Q_NUMERICAL) {
		jq_numerical_answer(j, o, a);
	} else {
		a->text = jq_text(j, o, "text", 0);
		if (jq_get(o, "value") != NULL || jq_get(o, "tolerance") != NULL)
			jq_error(j, "\"value\" and \"tolerance\" are only for "
			    "numerical answers");
	}
	a->format = jq_format(j, o, "format", q->format);
	jq_number(j, o, "fraction", &a->fraction, -1, 1,
	    "a number between -1 and 1");
	a->feedback = jq_opt_string(j, o, "feedback");
	a->feedback_format = jq_format(j, o, "feedback_format", q->format);
}

static void
jq_answers(struct jq *j, struct question *q, json_t *arr)
{
	json_t *o;
	size_t i;

	if (!json_is_array(arr)) {
		jq_error(j, "\"answers\" must be an array");
		return;
	}
	json_array_foreach(arr, i, o) {
		j->where = arena_printf(j->b->arena, "answer %zu: ", i + 1);
		jq_answer(j, q, o);
	}
	j->where = "";
}

static const char *const pair_keys[] = { "sub", "answer", "format", NULL };

static void
jq_pairs(struct jq *j, struct question *q, json_t *arr)
{
	json_t *o;
	size_t i;

	if (!json_is_array(arr)) {
		jq_error(j, "\"pairs\" must be an array");
		return;
	}
	json_array_foreach(arr, i, o) {
		struct q_pair *p = q_add_pair(j->b, q);

		j->where = arena_printf(j->b->arena, "pair %zu: ", i + 1);
		if (!json_is_object(o)) {
			jq_error(j, "must be an object");
			continue;
		}
		jq_known_keys(j, o, pair_keys);
		p->sub = jq_text(j, o, "sub", 1);	/* "" is a distractor */
		p->answer = jq_text(j, o, "answer", 0);
		p->format = jq_format(j, o, "format", q->format);
	}
	j->where = "";
}

static const char *const file_keys[] = { "name", "mime", "data", NULL };

static void
jq_file(struct jq *j, struct question *q, json_t *o)
{
	struct q_file f = { 0 };
	json_t *data;
	const char *mime;
	int rc;

	if (!json_is_object(o)) {
		jq_error(j, "must be an object");
		return;
	}
	jq_known_keys(j, o, file_keys);
	f.name = jq_text(j, o, "name", 0);
	if (f.name == NULL || *f.name == '\0')
		return;
	if (!q_file_name_ok(f.name)) {
		jq_error(j, "\"name\" must be a plain file name (no slashes or "
		    "control characters)");
		return;
	}
	f.mime = jq_opt_string(j, o, "mime");
	if ((data = jq_get(o, "data")) == NULL) {
		jq_error(j, "\"data\" is missing");
		return;
	}
	if (!json_is_string(data)) {
		jq_error(j, "\"data\" must be a base64 string");
		return;
	}
	rc = strlen(json_string_value(data)) != json_string_length(data) ? -1 :
	    q_file_base64(j->b->arena, json_string_value(data), &f.data, &f.len);
	if (rc == -1) {
		jq_error(j, "\"data\" is not valid base64");
		return;
	}
	if (rc == -2) {
		jq_error(j, "\"data\" is larger than the 1 MiB allowed for an "
		    "embedded image");
		return;
	}
	if ((mime = q_file_mime(f.data, f.len)) == NULL) {
		jq_error(j, "\"data\" is not a PNG, JPEG, GIF or WebP image; "
		    "only those can be embedded");
		return;
	}
	if (f.mime != NULL && strcmp(f.mime, mime) != 0) {
		jq_error(j, "\"mime\" is \"%s\" but the data is %s", f.mime,
		    mime);
		return;
	}
	for (size_t i = 0; i < q->nfiles; i++)
		if (strcmp(q->files[i].name, f.name) == 0) {
			jq_error(j, "another file is also called \"%s\"",
			    f.name);
			return;
		}
	f.mime = arena_strdup(j->b->arena, mime);
	*q_add_file(j->b, q) = f;
}

static void
jq_files(struct jq *j, struct question *q, json_t *arr)
{
	json_t *o;
	size_t i;

	if (!json_is_array(arr)) {
		jq_error(j, "\"files\" must be an array");
		return;
	}
	json_array_foreach(arr, i, o) {
		j->where = arena_printf(j->b->arena, "file %zu: ", i + 1);
		jq_file(j, q, o);
	}
	j->where = "";
}

/* ---- one question -------------------------------------------------- */

static const char *const question_keys[] = {
	"id", "title", "category", "lang", "type", "format", "text",
	"general_feedback", "general_feedback_format", "tags", "difficulty",
	"single", "usecase", "shuffle", "default_mark", "answers", "pairs",
	"files", NULL
};

static void
jq_tags(struct jq *j, struct question *q, json_t *arr)
{
	json_t *t;
	size_t i;

	if (!json_is_array(arr)) {
		jq_error(j, "\"tags\" must be an array of strings");
		return;
	}
	json_array_foreach(arr, i, t) {
		char *s = jq_string(j, t, "tags");

		if (s != NULL && *s == '\0')
			jq_error(j, "\"tags\" must not hold an empty tag");
		else if (s != NULL)
			q_add_tag(j->b, q, s);
	}
}

static void
jq_difficulty(struct jq *j, struct question *q, json_t *o)
{
	static const char *const names[] = { "easy", "medium", "hard" };
	json_t *v = jq_get(o, "difficulty");
	const char *s = json_string_value(v);

	if (v == NULL)
		return;
	for (int i = 0; i < 3; i++)
		if (s != NULL && strcmp(s, names[i]) == 0) {
			q->difficulty = i + 1;
			return;
		}
	jq_error(j, "\"difficulty\" must be \"easy\", \"medium\" or \"hard\"");
}

/* The fields every type has. */
static void
jq_common(struct jq *j, struct question *q, json_t *o)
{
	json_t *v;

	jq_known_keys(j, o, question_keys);
	q->title = jq_opt_string(j, o, "title");
	q->category = jq_opt_string(j, o, "category");
	q->lang = jq_opt_string(j, o, "lang");
	q->format = jq_format(j, o, "format", QF_MOODLE);
	q->text = jq_text(j, o, "text", 1);
	q->general_feedback = jq_opt_string(j, o, "general_feedback");
	q->general_feedback_format = jq_format(j, o,
	    "general_feedback_format", q->format);
	if ((v = jq_get(o, "tags")) != NULL)
		jq_tags(j, q, v);
	jq_difficulty(j, q, o);
	q->single = jq_bool(j, o, "single", q->single);
	q->usecase = jq_bool(j, o, "usecase", q->usecase);
	q->shuffle = jq_bool(j, o, "shuffle", q->shuffle);
	jq_number(j, o, "default_mark", &q->default_mark, 0, DBL_MAX,
	    "a number >= 0");
	if ((v = jq_get(o, "files")) != NULL)
		jq_files(j, q, v);
}

static int
has_answers(enum q_type t)
{
	return t == Q_MULTICHOICE || t == Q_TRUEFALSE || t == Q_SHORTANSWER ||
	    t == Q_NUMERICAL;
}

/* 1 if q's answers are "true" and "false", one worth 1 and one 0. */
static int
truefalse_ok(const struct question *q)
{
	const struct q_answer *a = q->answers, *b = q->answers + 1;

	if (q->nanswers != 2 || a->text == NULL || b->text == NULL)
		return 0;
	if (!(strcmp(a->text, "true") == 0 && strcmp(b->text, "false") == 0) &&
	    !(strcmp(a->text, "false") == 0 && strcmp(b->text, "true") == 0))
		return 0;
	return (a->fraction == 1 && b->fraction == 0) ||
	    (a->fraction == 0 && b->fraction == 1);
}

/* What the type asks of the answers and pairs, once each reads well. */
static void
jq_type_rules(struct jq *j, const struct question *q)
{
	size_t right = 0, subs = 0;

	for (size_t i = 0; i < q->nanswers; i++)
		right += q->answers[i].fraction > 0;
	for (size_t i = 0; i < q->npairs; i++)
		subs += q->pairs[i].sub != NULL && *q->pairs[i].sub != '\0';
	switch (q->type) {
	case Q_MULTICHOICE:
		if (q->nanswers < 2)
			jq_error(j, "a multichoice question needs at least 2 "
			    "answers");
		else if (right == 0)
			jq_error(j, "no answer has a positive \"fraction\"");
		break;
	case Q_TRUEFALSE:
		if (!truefalse_ok(q))
			jq_error(j, "a truefalse question needs exactly two "
			    "answers, \"true\" and \"false\", the right one with "
			    "\"fraction\" 1 and the other 0");
		break;
	case Q_SHORTANSWER:
	case Q_NUMERICAL:
		if (q->nanswers == 0)
			jq_error(j, "a %s question needs at least one answer",
			    q_type_name(q->type));
		else if (right == 0)
			jq_error(j, "no answer has a positive \"fraction\"");
		break;
	case Q_MATCHING:
		if (subs < 2)
			jq_error(j, "a matching question needs at least 2 pairs "
			    "with a non-empty \"sub\"");
		break;
	case Q_ESSAY:
	case Q_DESCRIPTION:
		break;
	}
}

/* The answers or pairs, which a type has one of, or neither. */
static void
jq_body(struct jq *j, struct question *q, json_t *o)
{
	json_t *answers = jq_get(o, "answers"), *pairs = jq_get(o, "pairs");
	size_t nerr = j->b->nerr;

	if (answers != NULL && !has_answers(q->type))
		jq_error(j, "\"answers\" is not used by %s questions",
		    q_type_name(q->type));
	if (pairs != NULL && q->type != Q_MATCHING)
		jq_error(j, "\"pairs\" is not used by %s questions",
		    q_type_name(q->type));
	if (has_answers(q->type)) {
		if (answers == NULL)
			jq_error(j, "\"answers\" is missing");
		else
			jq_answers(j, q, answers);
	}
	if (q->type == Q_MATCHING) {
		if (pairs == NULL)
			jq_error(j, "\"pairs\" is missing");
		else
			jq_pairs(j, q, pairs);
	}
	if (j->b->nerr == nerr)
		jq_type_rules(j, q);
}

/* q_from_json(), with the question's 1-based index in its file for
 * messages (0 if it has none). */
static int
jq_question(struct q_bank *b, json_t *o, int line, size_t index)
{
	struct jq j = { b, line, NULL, "" };
	size_t nerr = b->nerr;
	struct question *q;
	json_t *v;
	int type;

	j.label = index > 0 ? arena_printf(b->arena, "question %zu", index) :
	    "question";
	if (!json_is_object(o)) {
		jq_error(&j, "must be an object");
		return -1;
	}
	q = q_bank_add(b);
	q->line = line;
	q->id = jq_opt_string(&j, o, "id");
	if (q->id != NULL)
		j.label = index > 0 && line == 0 ?
		    arena_printf(b->arena, "question %zu \"%s\"", index, q->id) :
		    arena_printf(b->arena, "question \"%s\"", q->id);
	jq_common(&j, q, o);
	if ((v = jq_get(o, "type")) == NULL) {
		jq_error(&j, "\"type\" is missing");
	} else if ((type = q_type_parse(json_is_string(v) ?
	    json_string_value(v) : "")) < 0) {
		jq_error(&j, "\"type\" must be \"multichoice\", \"truefalse\", "
		    "\"shortanswer\", \"numerical\", \"matching\", \"essay\" or "
		    "\"description\"");
	} else {
		q->type = type;
		jq_body(&j, q, o);
	}
	if (b->nerr > nerr) {
		b->n--;		/* a question with an error is left out */
		return -1;
	}
	return 0;
}

int
q_from_json(struct q_bank *b, json_t *o, int line)
{
	return jq_question(b, o, line, 0);
}

/* ---- whole documents ----------------------------------------------- */

/* A scan of text jansson has accepted, for the line where each question
 * starts: enough of JSON to skip values, nothing to check them. */
struct scan {
	const char *p, *end;
	const char *at;		/* line counted up to here */
	int line;
};

static void
scan_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\r' || *s->p == '\n'))
		s->p++;
}

/* Moves past the string at s->p; 0, or -1 if it does not end. */
static int
scan_string(struct scan *s)
{
	for (s->p++; s->p < s->end && *s->p != '"'; s->p++)
		if (*s->p == '\\' && s->p + 1 < s->end)
			s->p++;
	if (s->p >= s->end)
		return -1;
	s->p++;
	return 0;
}

static void
scan_value(struct scan *s)
{
	int depth = 0;

	do {
		if (s->p >= s->end)
			return;
		if (*s->p == '"') {
			if (scan_string(s) < 0)
				return;
			continue;
		}
		if (*s->p == '{' || *s->p == '[')
			depth++;
		else if (*s->p == '}' || *s->p == ']')
			depth--;
		else if (depth == 0 && strchr(",: \t\r\n", *s->p) != NULL)
			return;		/* end of a number or literal */
		s->p++;
	} while (depth > 0 || (s->p < s->end &&
	    strchr("{[}],: \t\r\n\"", *s->p) == NULL));
}

static int
scan_line(struct scan *s)
{
	for (; s->at < s->p && s->at < s->end; s->at++)
		if (*s->at == '\n')
			s->line++;
	return s->line;
}

/* 1 if the key string at s (a JSON string) is "questions". */
static int
scan_key_is_questions(struct scan *s)
{
	const char *start = s->p;
	json_t *k;
	int yes;

	if (scan_string(s) < 0)
		return 0;
	k = json_loadb(start, (size_t)(s->p - start), JSON_DECODE_ANY, NULL);
	yes = json_is_string(k) && strcmp(json_string_value(k),
	    "questions") == 0;
	json_decref(k);
	return yes;
}

/* Fills lines[i] with the line where question i of the top-level
 * "questions" array starts; those it cannot find stay 0. */
static void
question_lines(const char *data, size_t len, int *lines, size_t n)
{
	struct scan s = { data, data + len, data, 1 };
	int found;

	scan_ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return;
	s.p++;
	for (;;) {
		scan_ws(&s);
		if (s.p >= s.end || *s.p != '"')
			return;
		found = scan_key_is_questions(&s);
		scan_ws(&s);
		if (s.p >= s.end || *s.p != ':')
			return;
		s.p++;
		scan_ws(&s);
		if (found && s.p < s.end && *s.p == '[')
			break;
		scan_value(&s);
		scan_ws(&s);
		if (s.p >= s.end || *s.p != ',')
			return;
		s.p++;
	}
	s.p++;
	for (size_t i = 0; i < n; i++) {
		scan_ws(&s);
		if (s.p >= s.end || *s.p == ']')
			return;
		lines[i] = scan_line(&s);
		scan_value(&s);
		scan_ws(&s);
		if (s.p >= s.end || *s.p != ',')
			return;
		s.p++;
	}
}

int
bank_json_parse(struct q_bank *b, const char *data, size_t len)
{
	json_error_t e;
	json_t *root, *qs, *v;
	const char *key;
	size_t nerr = b->nerr, i, n;
	int *lines;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
	if (root == NULL) {
		q_bank_error(b, e.line > 0 ? e.line : 0, "malformed JSON: %s",
		    e.text);
		return -1;
	}
	if (!json_is_object(root)) {
		q_bank_error(b, 0, "a bank is a JSON object "
		    "{\"questions\": [...]}, not an array");
		goto done;
	}
	json_object_foreach(root, key, v)
		if (strcmp(key, "questions") != 0)
			q_bank_error(b, 0, "unknown field \"%s\": a bank is "
			    "{\"questions\": [...]}", key);
	qs = json_object_get(root, "questions");
	if (!json_is_array(qs)) {
		q_bank_error(b, 0, "\"questions\" %s: a bank is "
		    "{\"questions\": [...]}", qs == NULL ? "is missing" :
		    "must be an array");
		goto done;
	}
	n = json_array_size(qs);
	lines = arena_alloc(b->arena, (n ? n : 1) * sizeof *lines);
	question_lines(data, len, lines, n);
	json_array_foreach(qs, i, v)
		jq_question(b, v, lines[i], i + 1);
done:
	json_decref(root);
	return b->nerr > nerr ? -1 : 0;
}

/*
 * qbuild.c - question banks for the unit tests: the hand builders that
 * test_export.c and test_json.c fill their banks with, an exporter run
 * into a string, and a parser run on a string with a look-up of the errors
 * it recorded. Depends on question.c and arena.c; see qbuild.h.
 */
#include "qbuild.h"

#include <stdlib.h>
#include <string.h>

char *
qb_str(struct q_bank *b, const char *s)
{
	return arena_strdup(b->arena, s);
}

struct question *
qb_add(struct q_bank *b, enum q_type type, const char *category,
    const char *text)
{
	struct question *q = q_bank_add(b);

	q->type = type;
	q->penalty = q_penalty_default(type);
	q->category = qb_str(b, category);
	q->text = qb_str(b, text);
	q->general_feedback_format = q->format;
	return q;
}

struct q_answer *
qb_answer(struct q_bank *b, struct question *q, const char *text,
    double fraction, const char *feedback)
{
	struct q_answer *a = q_add_answer(b, q);

	a->text = qb_str(b, text);
	a->fraction = fraction;
	a->feedback = qb_str(b, feedback);
	a->format = a->feedback_format = q->format;
	return a;
}

struct q_answer *
qb_number_answer(struct q_bank *b, struct question *q, double value,
    double tolerance, double fraction, const char *feedback)
{
	struct q_answer *a = q_add_answer(b, q);

	a->value = value;
	a->tolerance = tolerance;
	a->fraction = fraction;
	a->feedback = qb_str(b, feedback);
	a->format = a->feedback_format = q->format;
	return a;
}

struct q_pair *
qb_pair(struct q_bank *b, struct question *q, const char *sub,
    const char *ans)
{
	struct q_pair *p = q_add_pair(b, q);

	p->sub = qb_str(b, sub);
	p->answer = qb_str(b, ans);
	p->format = q->format;
	return p;
}

struct q_file *
qb_file(struct q_bank *b, struct question *q, const char *name,
    const char *mime, const void *data, size_t len)
{
	struct q_file *f = q_add_file(b, q);

	f->name = qb_str(b, name);
	f->mime = qb_str(b, mime);
	f->data = arena_alloc(b->arena, len);
	memcpy(f->data, data, len);
	f->len = len;
	return f;
}

char *
qb_export(int (*fn)(FILE *, const struct q_bank *), const struct q_bank *b)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	int rc;

	if (f == NULL)
		return NULL;
	rc = fn(f, b);
	if (fclose(f) != 0 || rc != 0) {
		free(s);
		return NULL;
	}
	return s;
}

int
qb_parse(struct q_bank *b, struct arena *a, const char *file,
    int (*fn)(struct q_bank *, const char *, size_t), const char *text)
{
	q_bank_init(b, a, file);
	return fn(b, text, strlen(text));
}

int
qb_has_error(const struct q_bank *b, int line, const char *want)
{
	for (size_t i = 0; i < b->nerr; i++)
		if (b->err[i].line == line &&
		    strstr(b->err[i].message, want) != NULL)
			return 1;
	return 0;
}

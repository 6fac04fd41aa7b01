/*
 * bank_export.c - writes a question bank as GIFT, Moodle XML or JSON; see
 * bank_export.h. The dispatcher by format name, and what the three
 * writers share (bank_export_int.h): numbers in the shortest form that
 * reads back, the walk by category, base64. Each writer has its file,
 * named as its reader: bank_export_gift.c (bank_gift.c),
 * bank_export_xml.c (bank_xml.c), bank_export_json.c (bank_json.c).
 *
 * Each writer follows what Moodle's own exporter writes
 * (question/format/gift/format.php, question/format/xml/format.php), so
 * Moodle and our parsers read the output back as the same questions.
 * Numbers are printed in the shortest form that reads back to the same
 * double (a weight, written as a percent, to within two units in the last
 * place once the reader divides it by 100). Depends on question.h.
 */
#include "bank_export.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bank_export_int.h"

static const char *const difficulty_names[] = { NULL, "easy", "medium", "hard" };

const char *
bank_export_difficulty(int d)
{
	return d >= 1 && d <= 3 ? difficulty_names[d] : NULL;
}

int
bank_export_empty(const char *s)
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

const char *
bank_export_percent(char *buf, double fraction)
{
	num_format(buf, fraction, 100.0);
	return buf;
}

const char *
bank_export_number(char *buf, double x)
{
	num_format(buf, x, 1.0);
	return buf;
}

int
bank_export_is_full(double fraction)
{
	return fabs(fraction - 1.0) < 1e-9;
}

void
bank_export_each(FILE *out, const struct q_bank *b, bank_export_category_fn cat_fn,
    bank_export_question_fn q_fn)
{
	const char *cat = NULL;

	for (size_t i = 0; i < b->n; i++)
		if (bank_export_empty(b->q[i].category))
			q_fn(out, &b->q[i]);
	for (size_t i = 0; i < b->n; i++) {
		const struct question *q = &b->q[i];

		if (bank_export_empty(q->category))
			continue;
		if (cat == NULL || strcmp(cat, q->category) != 0)
			cat_fn(out, q->category);
		cat = q->category;
		q_fn(out, q);
	}
}

int
bank_export_any_answer(const struct q_answer *a)
{
	return a->text != NULL && strcmp(a->text, "*") == 0;
}

void
bank_export_base64(FILE *out, const unsigned char *d, size_t n)
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

int
bank_export_write(FILE *out, const struct q_bank *b, const char *format)
{
	if (strcmp(format, "json") == 0)
		return bank_export_json(out, b);
	if (strcmp(format, "gift") == 0)
		return bank_export_gift(out, b);
	if (strcmp(format, "moodle-xml") == 0)
		return bank_export_xml(out, b);
	return -1;
}

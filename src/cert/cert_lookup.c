/*
 * cert_lookup.c - finding a certificate without its QR: from the serial
 * and the holder's name as printed (either script, case and width
 * folded), or the serial and the printed check code (cert_code.h). The
 * answer is the certificate's code, which is then checked as a scanned
 * one is. Depends on the store and cert_code.c.
 */
#include "cert.h"

#include <string.h>

/* Folds what a person typed, the way a printed name or serial is read:
 * the full-width forms U+FF01..U+FF5E as their ASCII, the ideographic
 * space as a space, ASCII letters in upper case, runs of white space as
 * one space, none at either end. Other characters are kept. From a. */
char *
cert_fold(struct arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0, o = 0;
	char *out = arena_alloc(a, n + 1);
	int space = 0;

	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; ) {
		unsigned ch = *p;
		size_t len = 1;

		if (ch == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
			unsigned cp = 0xF000 | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);

			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				ch = cp - 0xFEE0;
				len = 3;
			}
		} else if (ch == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			ch = ' ';
			len = 3;
		}
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = 1;
			p += len;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
		p += len;
	}
	out[o] = '\0';
	return out;
}

int
cert_lookup(struct store *s, struct arena *a, const char *serial, const char *name,
    const char *check, char **code)
{
	static const char sql[] =
	    "SELECT code, holder, coalesce(holder_alt, '') FROM certificates "
	    "WHERE serial = ?";
	char *want = cert_fold(a, serial), typed[CERT_CHECK_LEN + 1], its[CERT_CHECK_LEN + 1];
	struct stmt *st;
	int found = 0;

	*code = NULL;
	/* a serial, and exactly one of a name and a check code */
	if (*want == '\0' || ((name == NULL || *name == '\0') ==
	    (check == NULL || *check == '\0')))
		return 0;
	if (check != NULL && *check != '\0' && cert_check_code_read(check, typed) != 0)
		return 0;
	if ((st = db_stmt_text(store_db(s), sql, want)) == NULL)
		return -1;
	if (db_row(st)) {
		char *c = db_text(a, st, 0);

		if (check != NULL && *check != '\0') {
			found = cert_check_code(c, its) == 0 && strcmp(its, typed) == 0;
		} else {
			char *n = cert_fold(a, name);

			found = strcmp(n, cert_fold(a, db_col_text(st, 1))) == 0 ||
			    strcmp(n, cert_fold(a, db_col_text(st, 2))) == 0;
		}
		if (found)
			*code = c;
	}
	db_end(st);
	return found;
}

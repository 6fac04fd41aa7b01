/*
 * buf.h - growable byte buffers, with escaping appenders for HTML and JSON.
 *
 * A buf owns malloc'd memory: buf_free() releases it, buf_steal() hands it
 * over. Pages are built with buf_html() for every value that came from a
 * user, a file or the database; buf_raw() is for markup the program wrote.
 */
#ifndef AICERT_BUF_H
#define AICERT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;		/* always NUL-terminated when len > 0 or after any append */
	size_t len, cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_free(struct buf *b);
/* Returns the malloc'd NUL-terminated contents (caller frees); b is emptied. */
char *buf_steal(struct buf *b, size_t *len);
void buf_reset(struct buf *b);

void buf_raw(struct buf *b, const char *s, size_t n);
void buf_str(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Appends s with & < > " ' escaped for HTML text and attribute values;
 * NULL appends nothing. */
void buf_html(struct buf *b, const char *s);
/* Appends s percent-encoded for a URL query value. */
void buf_url(struct buf *b, const char *s);
/* One CSV cell of s (NULL: empty), then "," or, when last, the row's
 * "\r\n": quoted when it holds a comma, quote or line break; a leading
 * = + - @ tab or CR (a formula to a spreadsheet) defused with an
 * apostrophe. */
void buf_csv(struct buf *b, const char *s, int last);

#endif

/*
 * multipart.c - multipart/form-data parsing; see multipart.h. Pure C.
 */
#include "multipart.h"

#include <string.h>
#include <strings.h>

/* The value of param (name= or filename=) in a Content-Disposition line. */
static const char *
disp_param(struct arena *a, const char *line, size_t n, const char *param)
{
	size_t pl = strlen(param);

	for (size_t i = 0; i + pl + 2 <= n; i++) {
		if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
		    strncasecmp(line + i, param, pl) == 0 && line[i + pl] == '=') {
			const char *v = line + i + pl + 1, *end = line + n;

			if (*v == '"') {
				const char *q = memchr(v + 1, '"', (size_t)(end - v - 1));

				return q ? arena_strndup(a, v + 1, (size_t)(q - v - 1)) : NULL;
			}
			for (end = v; end < line + n && *end != ';' && *end != '\r'; end++)
				;
			return arena_strndup(a, v, (size_t)(end - v));
		}
	}
	return NULL;
}

struct part *
multipart_parse(struct arena *a, const char *ct, const char *body, size_t len,
    const char **err)
{
	const char *b = ct ? strcasestr(ct, "boundary=") : NULL;
	char *delim;
	size_t dl;
	const char *p, *end = body + len;
	struct part *head = NULL, **tail = &head;

	*err = "not a multipart/form-data body with a boundary";
	if (b == NULL || body == NULL)
		return NULL;
	b += 9;
	if (*b == '"')
		b++;
	dl = strcspn(b, "\";, ");
	if (dl == 0 || dl > 200)
		return NULL;
	delim = arena_printf(a, "--%.*s", (int)dl, b);
	dl += 2;
	p = memmem(body, len, delim, dl);
	if (p == NULL)
		return NULL;
	for (;;) {
		const char *hdr, *hend, *next;
		struct part *pt;

		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			*err = NULL;
			return head;	/* closing delimiter */
		}
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			break;
		hdr = p + 2;
		hend = memmem(hdr, (size_t)(end - hdr), "\r\n\r\n", 4);
		if (hend == NULL)
			break;
		next = hend + 4;
		/* The data ends at CRLF + delimiter. */
		{
			char *stop = arena_printf(a, "\r\n%s", delim);
			const char *q = memmem(next, (size_t)(end - next), stop, dl + 2);

			if (q == NULL)
				break;
			pt = arena_alloc(a, sizeof *pt);
			pt->data = next;
			pt->len = (size_t)(q - next);
			p = q + 2;
		}
		for (const char *l = hdr; l < hend; ) {
			const char *eol = memmem(l, (size_t)(hend - l) + 2, "\r\n", 2);
			size_t n = eol ? (size_t)(eol - l) : (size_t)(hend - l);

			if (n > 20 && strncasecmp(l, "Content-Disposition:", 20) == 0) {
				pt->name = disp_param(a, l, n, "name");
				pt->filename = disp_param(a, l, n, "filename");
			}
			l = eol ? eol + 2 : hend;
		}
		if (pt->name == NULL)
			pt->name = "";
		*tail = pt;
		tail = &pt->next;
	}
	*err = "the multipart body is cut short or malformed";
	return NULL;
}

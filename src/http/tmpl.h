/*
 * tmpl.h - HTML templates: a small Mustache dialect over jansson values.
 *
 *   {{name}} {{a.b}} {{.}}   the value, HTML-escaped (missing or null: empty);
 *                            {{list.0}} is an array's first element
 *   {{{name}}}               the value unescaped: only for markup the
 *                            program built itself (rare, greppable)
 *   {{#name}}..{{/name}}     once per array element, once for a true value
 *                            or object (pushed as context), else nothing
 *   {{^name}}..{{/name}}     once when name is missing, false, null, "",
 *                            0 or an empty array
 *   {{_key}}                 the message key in the request's language, escaped
 *   {{!comment}}
 *
 * Templates are loaded once from the .html files of templates/ and checked then: an
 * unbalanced section is an error with its file and line.
 */
#ifndef AICERT_TMPL_H
#define AICERT_TMPL_H

#include <jansson.h>

#include "buf.h"

/* Loads every *.html of dir. 0, or -1 after printing FILE:LINE errors. */
int tmpl_load(const char *dir);
void tmpl_free(void);

/* Renders the template called name (file name without .html) with ctx in
 * lang, appending to out. 0, or -1 if there is no such template. */
int tmpl_render(struct buf *out, const char *name, json_t *ctx, const char *lang);

/* Checks src; NULL if well formed, else a static message and *line. */
const char *tmpl_check(const char *src, int *line);

/* Renders template text src (which must pass tmpl_check). */
void tmpl_render_text(struct buf *out, const char *src, json_t *ctx,
    const char *lang);

#endif

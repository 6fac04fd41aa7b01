/*
 * html_sanitize.h - reduces untrusted HTML (question text, feedback) to a
 * small safe subset before it is shown to anyone.
 */
#ifndef AICERT_HTML_SANITIZE_H
#define AICERT_HTML_SANITIZE_H

#include "arena.h"

/*
 * Returns a sanitized copy of the NUL-terminated html, owned by a.
 *
 * Kept: the tags p br b strong i em u sub sup code pre ul ol li blockquote
 * table thead tbody tr th td img span div h1-h6 hr a, and only these
 * attributes: img src (an @@PLUGINFILE@@/ or relative URL, or a base64
 * data:image/png|jpeg|gif|webp URL), alt, width, height; a href (http,
 * https and mailto URLs only; every <a> gets rel="noopener noreferrer");
 * td/th colspan and rowspan.
 * Removed with their content: script, style, iframe, object, embed, form
 * and the like. Other tags are dropped but their text kept; comments are
 * dropped; text and attribute values are re-escaped (entities decoded,
 * then & < > " written as entities); tags left open are closed.
 * html NULL gives "".
 */
char *html_sanitize(struct arena *a, const char *html);

/* s[0..n) with its character references decoded (as PHP's
 * html_entity_decode, for the entities html_sanitize knows), owned by a. */
char *html_decode(struct arena *a, const char *s, size_t n);

#endif

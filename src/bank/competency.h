/*
 * competency.h - what a question tests, in a framework's words.
 *
 * A competency framework is data: an id, a version, titles in both
 * languages and a tree of competencies, each a code unique within the
 * framework ("AIL.2.3"), titles and an optional parent code. Every
 * version stays stored (tables frameworks, competencies), so a result
 * keeps the titles it was earned under.
 *
 * A question carries codes as tags "comp:CODE" (GIFT's [tag:comp:AIL.2.3]
 * comment, Moodle XML <tags>, bank JSON "tags"); the store indexes them
 * per item version in item_competencies when the version is stored.
 */
#ifndef AICERT_COMPETENCY_H
#define AICERT_COMPETENCY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "question.h"
#include "store.h"

#define COMPETENCY_CODE_MAX 64	/* bytes of a code */
#define FRAMEWORK_ID_MAX 64	/* bytes of a framework id, [a-z0-9-] */
#define FRAMEWORK_VERSION_MAX 32	/* bytes of a version, printable ASCII */
#define FRAMEWORK_TITLE_MAX 200	/* characters of a title */
#define FRAMEWORK_COMPETENCIES_MAX 2000	/* competencies in one version */
#define COMPETENCY_FEW 3	/* fewer questions per language: a lint warning */

/* 1 when code is a competency code: 1..COMPETENCY_CODE_MAX bytes of
 * [A-Za-z0-9._-], the first a letter or digit. */
int competency_code_valid(const char *code);

/* The code a tag names: the part after "comp:" (the prefix in any case)
 * when that is a valid code, else NULL (not a competency tag, or a bad
 * code, which bank lint reports). Points into tag. */
const char *competency_of_tag(const char *tag);

/* One competency of a framework version. */
struct competency {
	char *code;		/* competency_code_valid, unique in the framework */
	char *title_en, *title_zh;	/* both, 1..FRAMEWORK_TITLE_MAX characters */
	char *parent;		/* a code of the same version, or NULL */
};

/* One version of a framework, as its JSON file gives it:
 *
 *   {"id": "ai-literacy", "version": "2026.1",
 *    "title": {"en": "AI literacy", "zh-TW": "AI 素養"},
 *    "competencies": [
 *      {"code": "AIL.1", "title": {"en": "...", "zh-TW": "..."}},
 *      {"code": "AIL.1.1", "title": {...}, "parent": "AIL.1"}]}
 *
 * A parent may come before or after its children, but no code is its
 * own ancestor. Unknown fields are errors. */
struct framework {
	char *id;		/* [a-z0-9-], 1..FRAMEWORK_ID_MAX bytes */
	char *version;		/* 1..FRAMEWORK_VERSION_MAX printable ASCII bytes */
	char *title_en, *title_zh;
	struct competency *c;	/* in the file's order */
	size_t n;
};

/* Reads and checks the framework JSON text json (len bytes) into *f, its
 * strings from a. Every problem goes into errs as a message in errs->lang
 * naming its field ("competencies"[3].parent); 0 if there was none, else
 * -1 (f then holds what could be read). Pure: no store. */
int framework_parse(struct arena *a, const char *json, size_t len,
    struct framework *f, struct q_bank *errs);

/* f as its canonical JSON (the form above, compact, fields in that
 * order; "parent" only when set): what is stored and compared. Caller
 * frees (free()). NULL when out of memory. */
char *framework_canonical(const struct framework *f);

/* What framework_save did. */
enum framework_saved {
	FRAMEWORK_ADDED = 1,		/* a new version, now the current one */
	FRAMEWORK_UNCHANGED = 2,	/* this id and version with this content
					 * exist already: nothing written */
	FRAMEWORK_REFUSED = -1,		/* errors in errs: nothing written */
	FRAMEWORK_FAILED = -2,		/* the store failed: nothing written */
};

/* Stores f (parsed without errors) as a new version of its framework,
 * added by user (0: the command line), audited as "framework.add". The
 * same id and version again is FRAMEWORK_UNCHANGED when the content is
 * identical and refused when it differs; a code that another framework
 * (any of its versions) defines is refused, naming that framework. The
 * checks and the write are one transaction. Messages in errs->lang. */
enum framework_saved framework_save(struct store *s, const struct framework *f,
    int64_t user, struct q_bank *errs);

/* The title of code in lang ("zh-TW", else English) as the current
 * version of its framework gives it, from a; NULL when no framework's
 * current version has code. */
char *competency_title(struct store *s, struct arena *a, const char *code,
    const char *lang);

/* code and every competency beneath it (children, their children ...)
 * in the current version of its framework, code first, from a; the
 * count in *n. Just code (n 1) when no framework knows it; NULL (n 0)
 * when code is not valid. */
char **competency_descendants(struct store *s, struct arena *a, const char *code,
    size_t *n);

/* The frameworks, each in its current version, by id:
 * [{"id","version","title":{"en","zh-TW"},"count","versions":[...],
 * "created_at"}] ("count": its competencies; "versions": every version,
 * newest first). A new reference; NULL when the store fails. */
json_t *framework_list(struct store *s);

/* One framework: its version (NULL: the current one) as
 * {"id","version","current","title":{"en","zh-TW"},"created_at",
 *  "versions":[...],"competencies":[{"code","title":{"en","zh-TW"},
 *  "parent","depth","items":{"en":N,"zh-TW":N}}]}, competencies in tree
 * order (each after its parent, siblings in the file's order). "items"
 * counts the items of the latest versions of the banks viewer's exams
 * may draw from (owner_bank_draw: viewer's own and the shared ones; 0:
 * every bank), not retired, tagged with the code or one beneath it, per
 * language. NULL when there is no such framework or version. */
json_t *framework_get(struct store *s, const char *id, const char *version,
    int64_t viewer);

struct bank_import;
/* Adds to im's lint warnings (each at its question's line in its file's
 * warnings; im->nwarnings counted): a "comp:" code that no framework's
 * current version has; and when committed (im is in the store as its
 * bank's latest version), for every framework whose codes im's
 * questions carry, each competency with fewer than COMPETENCY_FEW
 * questions of that bank in one of im's languages (tagged with it or a
 * code beneath it). Messages in im->lang. */
void competency_lint(struct store *s, struct bank_import *im, int committed);

/* 1 when code is a competency of some framework's current version. */
int competency_known(struct store *s, const char *code);

#endif

/*
 * blueprint.h - drawing by competency: which items a competency section
 * can draw, and how many items each competency of a bank holds.
 *
 * A competency's items are those tagged with its code or with the code of
 * any competency beneath it: the competencies naming it as parent in its
 * framework's newest version (the competency_current view), recursively.
 * A code no framework defines draws the items tagged with it alone.
 */
#ifndef AICERT_BLUEPRINT_H
#define AICERT_BLUEPRINT_H

#include <jansson.h>

#include "arena.h"
#include "store.h"

/* The codes of the subtree of the competency bound to param (an SQL
 * parameter such as "?6"): a SELECT of one column, the code itself first. */
#define BLUEPRINT_SUBTREE_SQL(param) \
	"WITH RECURSIVE sub(code) AS (SELECT " param " UNION " \
	"SELECT c.code FROM competency_current c JOIN sub ON c.parent = sub.code) " \
	"SELECT code FROM sub"

/* The condition, after the WHERE of a query over item_versions iv, that
 * keeps what one section draws: category cat and below, or competency comp
 * and below; cat and comp are SQL parameters, the one a section does not
 * use bound to NULL. */
#define BLUEPRINT_DRAWS_SQL(cat, comp) \
	"AND (" cat " IS NULL OR iv.category = " cat " OR " \
	"substr(iv.category, 1, length(" cat ") + 1) = " cat " || '/') " \
	"AND (" comp " IS NULL OR iv.id IN (SELECT item_version_id FROM " \
	"item_competencies WHERE code IN (" BLUEPRINT_SUBTREE_SQL(comp) ")))"

/*
 * The competencies the latest version of bank (NULL: of every bank) can
 * draw by, with how many auto-gradable, unretired questions each holds
 * (its own and those of the competencies beneath it, each question once)
 * per language and difficulty:
 *
 *   [{"code","title":{"en","zh-TW"},"parent","framework",
 *     "items":{"en":{"easy","medium","hard","unknown","total"},"zh-TW":{...}}}]
 *
 * Listed are every competency of each framework one of the bank's
 * questions names a code of (in the framework's order, with 0 where it
 * holds none), then the codes questions name that no framework defines
 * (title and parent null, framework null). A new reference; NULL if the
 * database failed.
 */
json_t *blueprint_competencies(struct store *s, const char *bank);

/* The titles of competency code today (its framework's newest version)
 * into *en and *zh, from a: 1, or 0 (both NULL) if no framework defines
 * it. Works on any connection. */
int blueprint_title(struct db *d, struct arena *a, const char *code,
    char **en, char **zh);

#endif

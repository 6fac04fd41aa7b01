/*
 * bank_store.h - banks in the database: versions, items, their immutable
 * versions per language, embedded files.
 *
 * Every import makes a new bank version holding the exact item versions it
 * imported. An item is a question's identity (its id, else its title, else
 * its stem); an item version is one content of it in one language and never
 * changes: an unchanged question keeps its item version, a changed one gets
 * a new one, and attempts point at the item version they showed.
 */
#ifndef AICERT_BANK_STORE_H
#define AICERT_BANK_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "account.h"
#include "bank_import.h"
#include "store.h"

/* Writes a checked import (bank_import_check() returned 0) in one
 * transaction, filling im's bank_id, version and added/changed/unchanged
 * counts, then adds the warnings only the store can give (competency_lint:
 * unknown competency codes, competencies with too few questions). user
 * may be 0 (command line). 0, or -1 with nothing written. */
int bank_commit(struct store *s, struct bank_import *im, int64_t user);

/* An upload by u, read into im (bank_import_read): checks it across
 * files (bank_import_check), then the owner rule (owner.h: a new bank
 * becomes u's, an existing one takes new versions from its owner or an
 * admin only), then commits it with bank_commit. 0 committed; -1
 * refused, with *err NULL when im holds the errors (nerrors, per file),
 * else a catalog key: "bank_not_yours", "internal_error". */
int bank_commit_as(struct store *s, struct bank_import *im, const struct user *u,
    const char **err);

/* Loads version (0: the latest) of bank name, only questions in lang (NULL:
 * all), into b (which must be q_bank_init'ed) in import order. Returns the
 * version loaded, 0 if there is no such bank or version, -1 on a damaged
 * row (reported in b's errors). */
int bank_load(struct store *s, const char *name, int version, const char *lang,
    struct q_bank *b);

/* Every bank with its latest version: [{"name","version","count" (its
 * language versions),"questions" (the questions, each counted once
 * whatever its languages),"imported_at","languages":{"LANG": count},
 * "categories":[{"path","count","questions","langs" ("en,zh-TW": in no
 * order)}]}]. */
json_t *bank_list(struct store *s);

/* What version of the bank bank_id holds, a question counted once
 * whatever its languages: {"questions","added" (new questions),
 * "changed" (a language version new, changed or gone),"unchanged",
 * "languages":["zh-TW","en"]} (zh-TW first), against the version before.
 * A new reference; NULL when the store fails. */
json_t *bank_version_summary(struct store *s, int64_t bank_id, int version);

/* The banks u may draw from (owner.h: their own and the shared ones; an
 * admin's: every bank), as bank_list() gives them, each with "mine"
 * (boolean): whether u may change it. A new reference. */
json_t *bank_list_for(struct store *s, const struct user *u);

/* Every version of bank name, newest first: [{"version", "imported_at" (Unix
 * seconds), "imported_by" (login, or null for the command line), "sources"
 * (the file names, ", "-separated), "count", "added", "changed"}]. Read
 * only. A new reference (the caller decrefs); [] if there is no such bank. */
json_t *bank_versions(struct store *s, const char *name);

/* An embedded file by its SHA-256 (hex). Returns 1 and sets *mime, *data
 * (malloc'd, caller frees) and *len; 0 if absent. */
int bank_file_get(struct store *s, const char *hash, char **mime,
    unsigned char **data, size_t *len);

#endif

/*
 * bank_import.h - turning uploaded files into one checked bank import.
 *
 * Reading is pure C and all-or-nothing: every file is decoded, parsed
 * (GIFT, Aiken, Moodle XML or aicert's bank JSON: as chosen, else told
 * apart by name and content; a file that fails in one format and looks
 * like another is told so), given a language, and checked across files;
 * every error of every file is kept with its file and line. Only an import with no error
 * at all may be committed (bank_store.h), in one transaction.
 */
#ifndef AICERT_BANK_IMPORT_H
#define AICERT_BANK_IMPORT_H

#include <jansson.h>
#include <stdint.h>

#include "question.h"

struct bank_file {
	const char *name;	/* as given: shown in FILE:LINE messages */
	const char *format;	/* "gift", "aiken", "moodle-xml", "json" */
	const char *lang;	/* from the name (x.zh-TW.gift), else NULL */
	struct q_bank qb;	/* its questions and errors */
	struct q_bank warn;	/* lint warnings (never block an import) */
};

struct bank_import {
	struct arena *arena;	/* owns everything here; not owned */
	const char *bank;	/* bank name */
	const char *lang;	/* language of its messages (set it before reading
				 * files); NULL: en */
	const char *format;	/* the format of every file read ("gift", "aiken",
				 * "moodle-xml", "json"; set it before reading
				 * files); NULL: by name and content */
	struct bank_file *files;
	size_t nfiles;
	size_t nerrors, nwarnings, count;
	int64_t owner;		/* a new bank's owner (owner.h); 0: the importer */

	/* filled by bank_commit() */
	int64_t bank_id;
	int version;
	int added, changed, unchanged;
};

/* Starts an import into bank (NULL: named after the first file). */
void bank_import_init(struct bank_import *im, struct arena *a, const char *bank);

/* Reads one file: decodes it (encoding NULL: the one an XML declaration
 * at its start names, else UTF-8; else an iconv name),
 * picks the format, parses it, sets every question's language (from the
 * file name, else the question, else zh-TW when the stem holds CJK
 * ideographs, else en) and lints it. Errors are recorded, never fatal. */
void bank_import_read(struct bank_import *im, const char *name,
    const char *data, size_t len, const char *encoding);

/* Gives every question its identity (bank_item_key: a repeated id in one
 * category is dropped, questions alike are told apart by their order, each
 * with a warning), lints translations, names the bank if needed.
 * Returns 0 when the import may be committed. */
int bank_import_check(struct bank_import *im);

/* Every error of every file of im (warnings 0), or every lint warning
 * (warnings 1), in file order: [{"file","line","message"}]. A new
 * reference. */
json_t *bank_import_problems(const struct bank_import *im, int warnings);

/* The identity of a question within its bank: the key bank_import_check
 * gave it, else its id, else "title:" and its title, else "stem:" and a
 * hash of its stem; bank_import_check adds "#2", "#3"... to the second,
 * third... question alike in one language, in the order read. From a. */
const char *bank_item_key(struct arena *a, const struct question *q);

/* The format name spelled as bank_file.format ("xml" is "moodle-xml"),
 * or NULL when name is none of them. */
const char *bank_format_name(const char *name);

/* The bank name a file suggests: base name without directories, the
 * language part and the extension ("x/ai-literacy.en.gift" -> "ai-literacy"). */
const char *bank_name_from_file(struct arena *a, const char *path);

#endif

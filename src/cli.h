/*
 * cli.h - the aicert commands (one file each) and what they share.
 */
#ifndef AICERT_CLI_H
#define AICERT_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "store.h"

struct cli {
	const char *db;		/* --db, $AICERT_DB, else var/aicert.db */
	const char *share;	/* directory holding templates/ and questions/ */
	int argc;		/* the command's own arguments */
	char **argv;
};

/* The value of option name ("--login") in c->argv, or NULL; "--x=v" and
 * "--x v" both work. */
const char *cli_opt(const struct cli *c, const char *name);
/* The account named by --owner LOGIN (an enabled trainer or admin) into
 * *id: 0 (and *id 0 without --owner), or -1 after a message on stderr. */
int cli_owner(const struct cli *c, struct store *s, int64_t *id);
/* 1 if the flag is present. */
int cli_flag(const struct cli *c, const char *name);

/* The whole file at path ("-": standard input), NUL-terminated and
 * malloc'd (caller frees), its length in *len; NULL if unreadable. */
char *cli_read_file(const char *path, size_t *len);

/* Opens the database, creating its directory if needed; NULL after a
 * message on stderr. */
struct store *cli_open_store(const struct cli *c);

/* Loads the message catalogs of the share directory when it has them, for
 * messages a command prints in words (exam_overlap.h); silent if absent. */
void cli_load_messages(const struct cli *c);
/* Loads templates/common-passwords.txt of the share directory, which
 * every command that sets a password needs (password_weakness); 0, or -1
 * after a message on stderr. */
int cli_load_passwords(const struct cli *c);

/* Makes a new database ready: signing key, settings, admin account,
 * bundled content. Idempotent: what exists is kept. 0 or -1. */
int init_run(const struct cli *c, struct store *s);
/* Loads the signing key of the database. 0 or -1. */
int init_load_key(const struct cli *c, struct signing_key *k);

int cmd_init(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_user(struct cli *c);
int cmd_key(struct cli *c);
int cmd_import(struct cli *c);
int cmd_export(struct cli *c);
int cmd_lint(struct cli *c);
int cmd_exam(struct cli *c);
int cmd_verify(struct cli *c);
int cmd_backup(struct cli *c);

/* Loads the .gift files of questions/ (one bank per base name, its languages together)
 * and the exam definitions (.json) of questions/exams/ from the share directory. 0 or -1. */
int init_bundled(const struct cli *c, struct store *s);

struct bank_import;
/* Prints an import's errors (or warnings) as FILE:LINE: kind: MESSAGE. */
void cli_print_problems(const struct bank_import *im, int warnings);

#endif

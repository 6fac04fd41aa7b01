/*
 * cli.h - the aicert command line: the commands (cmd_*.c, one file per
 * command or family of commands), the table of them that main.c keeps,
 * and what they share (cli.c): one option parser that checks every
 * argument against the command's declared options before it runs, the
 * share directory, the database, files, messages.
 */
#ifndef AICERT_CLI_H
#define AICERT_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "store.h"

/* One option a command accepts. */
struct cli_option {
	const char *name;	/* "--login" */
	int valued;		/* 1: takes a value ("--login L" or "--login=L"); 0: a flag */
};

struct cli;

/* One command of the table in main.c. Besides its own options every
 * command takes --db PATH, --share DIR and --help. */
struct cli_command {
	const char *name;			/* "user" */
	int (*run)(struct cli *c);		/* returns the exit status */
	const struct cli_option *options;	/* ends with { NULL, 0 }; NULL: none */
	const char *usage;			/* "usage: aicert user add ...\n" */
};

struct cli_given;	/* one option as given (cli.c) */

struct cli {
	const char *db;		/* --db, $AICERT_DB, else var/aicert.db */
	const char *share;	/* the first directory tried that holds templates/,
				 * else the last tried (cli_need_share) */
	const char *share_tried;	/* every directory tried, one a line */
	const struct cli_command *cmd;	/* the command running */
	int argc;		/* the command's own arguments, as given */
	char **argv;
	int npos;		/* those that are neither options nor their values */
	char **pos;
	int ngiven;		/* the options given, in order */
	struct cli_given *given;
};

/* aicert's whole command line: global options (--db, --share, --help,
 * --version), then one command of cmds[n] with its arguments checked
 * against its options (an unknown option or a missing value: a message
 * and the command's usage on stderr, exit 2). usage is the general usage
 * text. Returns the exit status. */
int cli_main(const struct cli_command *cmds, size_t n, const char *usage,
    int argc, char **argv);

/* The value of option name ("--login") as given to the command, or NULL;
 * with the option given twice, the first. name must be one the command
 * declares (a bug otherwise: the process aborts with a message). */
const char *cli_opt(const struct cli *c, const char *name);
/* 1 if the option name (declared, as for cli_opt) was given. */
int cli_flag(const struct cli *c, const char *name);
/* The i-th positional argument (from 0), or NULL. */
const char *cli_pos(const struct cli *c, int i);
/* Prints the command's usage on stderr; returns 2, the exit status. */
int cli_usage(const struct cli *c);

/* The account named by --owner LOGIN (an enabled trainer or admin) into
 * *id: 0 (and *id 0 without --owner), or -1 after a message on stderr. */
int cli_owner(const struct cli *c, struct store *s, int64_t *id);

/* "COMMAND add [--owner LOGIN] FILE...": add(store, path, owner) for
 * each FILE in turn (owner 0 without --owner; --owner is read only when
 * with_owner, for the commands that declare it), messages in the
 * command line's language. Returns the exit status: 0 when every file
 * was added, 1 when one was not or the store would not open, the
 * usage's status when the arguments are not "add FILE...". */
int cli_add_each(struct cli *c, int (*add)(struct store *, const char *, int64_t),
    int with_owner);

/* The whole file at path ("-": standard input), NUL-terminated and
 * malloc'd (caller frees), its length in *len; NULL if unreadable. */
char *cli_read_file(const char *path, size_t *len);

/* Opens the database, creating its directory if needed; NULL after a
 * message on stderr. */
struct store *cli_open_store(const struct cli *c);
/* 1 if c's database is there to open: a SQLite file that exists, or any
 * PostgreSQL database (opening it says whether it answers). */
int cli_store_exists(const struct cli *c);

/* 0 when the share directory holds templates/ and questions/ (what serve
 * and init need), else -1 after saying on stderr which directories were
 * tried. */
int cli_need_share(const struct cli *c);
/* Loads the message catalogs of the share directory when it has them, for
 * messages a command prints in words (exam_overlap.h); silent if absent. */
void cli_load_messages(const struct cli *c);
/* Loads templates/common-passwords.txt of the share directory, which
 * every command that sets a password needs (password_weakness); 0, or -1
 * after a message on stderr. */
int cli_load_passwords(const struct cli *c);

struct bank_import;
/* Prints an import's errors (or warnings) as FILE:LINE: kind: MESSAGE. */
void cli_print_problems(const struct bank_import *im, int warnings);

/* Makes a new database ready: signing key, settings, admin account,
 * bundled content. Idempotent: what exists is kept. 0 or -1. */
int init_run(const struct cli *c, struct store *s);
/* Loads the signing key of the database. 0 or -1. */
int init_load_key(const struct cli *c, struct signing_key *k);
/* Loads the competency frameworks (.json) of questions/frameworks/, the
 * .gift files of questions/ (one bank per base name, its languages
 * together) and the exam definitions (.json) of questions/exams/ from
 * the share directory. 0 or -1. */
int init_bundled(const struct cli *c, struct store *s);

/* Parses, checks against the banks and the other exams (exam_overlap.h)
 * and saves the exam definition file at path for owner (0: none); prints
 * FILE:LINE: error: lines and a summary line. 0 or -1. */
int cmd_exam_add_file(struct store *s, const char *path, int64_t owner);

/* Parses, checks and stores the competency framework file at path as a
 * new version (competency.h), added by owner (0: none); prints FILE:LINE:
 * error: lines and a summary line. 0 (added or unchanged) or -1. */
int cmd_framework_add_file(struct store *s, const char *path, int64_t owner);

int cmd_init(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_user(struct cli *c);
int cmd_key(struct cli *c);
int cmd_import(struct cli *c);
int cmd_export(struct cli *c);
int cmd_lint(struct cli *c);
int cmd_exam(struct cli *c);
/* cmd_programme.c: adds or updates the programme of the definition at
 * path (as the admins'): 0, or -1 after its problems on stderr. */
int cmd_programme_add_file(struct store *s, const char *path);
int cmd_programme(struct cli *c);
int cmd_verify(struct cli *c);
/* cmd_verify_credential.c: `aicert verify --credential FILE ...` */
int cmd_verify_credential(struct cli *c);
int cmd_backup(struct cli *c);
/* cmd_migrate.c: `aicert migrate-store --from FILE --to URL` */
int cmd_migrate(struct cli *c);
int cmd_trust_list(struct cli *c);
int cmd_framework(struct cli *c);

#endif

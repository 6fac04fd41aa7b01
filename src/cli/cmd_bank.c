/*
 * cmd_bank.c - `aicert import`, `aicert export bank` and `aicert lint`:
 * question banks from the command line.
 *
 * import prints one summary line per file on stdout; on any error it prints
 * every error as FILE:LINE: error: MESSAGE on stderr, exits 1 and changes
 * nothing. Lint warnings never block an import; they are printed as
 * FILE:LINE: warning: MESSAGE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bank_export.h"
#include "bank_import.h"
#include "bank_store.h"
#include "cli.h"
#include "competency.h"
#include "i18n.h"

/* Reads the files named by the positional arguments into im; 0 if every
 * file could be read from disk. */
static int
read_all(const struct cli *c, struct bank_import *im, const char *encoding)
{
	const char *path;
	int rc = 0;

	for (int i = 0; (path = cli_pos(c, i)) != NULL; i++) {
		size_t len = 0;
		char *data = cli_read_file(path, &len);

		if (data == NULL) {
			fprintf(stderr, "%s:0: error: cannot read the file\n", path);
			rc = -1;
			continue;
		}
		bank_import_read(im, path, data, len, encoding);
		free(data);
	}
	return rc;
}

int
cmd_import(struct cli *c)
{
	struct arena *a = arena_new();
	struct bank_import im;
	struct store *s = NULL;
	int64_t owner = 0;
	int rc = 1;

	if (cli_pos(c, 0) == NULL) {
		arena_free(a);
		return cli_usage(c);
	}
	cli_load_messages(c);	/* the problems are catalog messages */
	bank_import_init(&im, a, cli_opt(c, "--bank"));
	im.format = cli_opt(c, "--format");
	if (read_all(c, &im, cli_opt(c, "--encoding")) != 0 ||
	    bank_import_check(&im) != 0) {
		cli_print_problems(&im, 0);
		fprintf(stderr, "aicert: %zu error%s; nothing was imported\n",
		    im.nerrors, im.nerrors == 1 ? "" : "s");
		goto done;
	}
	if ((s = cli_open_store(c)) == NULL || cli_owner(c, s, &owner) != 0) {
		cli_print_problems(&im, 1);
		goto done;
	}
	im.owner = owner;
	if (bank_commit(s, &im, 0) != 0) {
		/* Errors found at commit: questions exams may not share. */
		cli_print_problems(&im, 0);
		if (im.nerrors > 0)
			fprintf(stderr, "aicert: %zu error%s; nothing was imported\n",
			    im.nerrors, im.nerrors == 1 ? "" : "s");
		else
			fputs("aicert: the database refused the import; nothing was imported\n",
			    stderr);
		goto done;
	}
	cli_print_problems(&im, 1);	/* the store's competency warnings too */
	for (size_t i = 0; i < im.nfiles; i++)
		printf("%s: %zu questions (%s, %s)\n", im.files[i].name,
		    im.files[i].qb.n, im.files[i].format,
		    im.files[i].lang ? im.files[i].lang : "language per question");
	printf("bank %s version %d: %zu questions (%d new, %d changed, %d unchanged)\n",
	    im.bank, im.version, im.count, im.added, im.changed, im.unchanged);
	rc = 0;
done:
	store_close(s);
	i18n_free();
	arena_free(a);
	return rc;
}

int
cmd_export(struct cli *c)
{
	const char *name = cli_pos(c, 1), *format = cli_opt(c, "--format");
	const char *version = cli_opt(c, "--version");
	struct arena *a = arena_new();
	struct q_bank b, w;
	struct store *s;
	int rc = 1, got;

	if (name == NULL || strcmp(cli_pos(c, 0), "bank") != 0) {
		arena_free(a);
		return cli_usage(c);
	}
	if (format == NULL)
		format = "json";
	if (strcmp(format, "json") != 0 && strcmp(format, "gift") != 0 &&
	    strcmp(format, "moodle-xml") != 0) {
		fprintf(stderr, "aicert: unknown format '%s' (json, gift or moodle-xml)\n", format);
		arena_free(a);
		return 2;
	}
	if ((s = cli_open_store(c)) == NULL) {
		arena_free(a);
		return 1;
	}
	cli_load_messages(c);	/* warnings are catalog messages */
	q_bank_init(&b, a, name);
	q_bank_init(&w, a, name);
	got = bank_load(s, name, version ? atoi(version) : 0, cli_opt(c, "--lang"), &b);
	w.lang = b.lang;
	b.warn = &w;	/* what the format cannot write */
	if (got == 0)
		fprintf(stderr, "aicert: no bank '%s'%s\n", name, version ? " at that version" : "");
	else if (got < 0)
		fprintf(stderr, "aicert: bank '%s' has damaged questions: %s\n", name,
		    b.nerr ? b.err[0].message : "?");
	else if (bank_export_write(stdout, &b, format) != 0 || fflush(stdout) != 0)
		fputs("aicert: cannot write the export\n", stderr);
	else
		rc = 0;
	for (size_t i = 0; i < w.nerr; i++)
		fprintf(stderr, "aicert: bank %s: warning: %s\n", name, w.err[i].message);
	store_close(s);
	i18n_free();
	arena_free(a);
	return rc;
}

int
cmd_lint(struct cli *c)
{
	struct arena *a = arena_new();
	struct bank_import im;
	struct store *s;
	int rc;

	if (cli_pos(c, 0) == NULL) {
		arena_free(a);
		return cli_usage(c);
	}
	cli_load_messages(c);
	bank_import_init(&im, a, NULL);
	im.format = cli_opt(c, "--format");
	read_all(c, &im, cli_opt(c, "--encoding"));
	bank_import_check(&im);
	/* With a database (--db, $AICERT_DB, var/aicert.db: one that exists,
	 * never made here), codes are checked against its frameworks. */
	if (cli_store_exists(c) && (s = cli_open_store(c)) != NULL) {
		competency_lint(s, &im, 0);
		store_close(s);
	}
	cli_print_problems(&im, 0);
	cli_print_problems(&im, 1);
	printf("%zu questions, %zu errors, %zu warnings\n", im.count, im.nerrors,
	    im.nwarnings);
	rc = im.nerrors > 0 ? 1 : im.nwarnings > 0 ? 3 : 0;
	arena_free(a);
	return rc;
}

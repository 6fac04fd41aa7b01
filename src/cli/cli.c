/*
 * cli.c - what the aicert commands share: the command line itself (global
 * options, then one command whose arguments are checked against the
 * options it declares before it runs), the share directory (templates/,
 * questions/), the database, whole files, message catalogs, the list of
 * common passwords, printing an import's problems.
 *
 * Depends on store.c, account.c (--owner), bank_import.h, i18n.c,
 * password.c and version.c; the commands themselves are cmd_*.c, their
 * table main.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "bank_import.h"
#include "cli.h"
#include "i18n.h"
#include "password.h"
#include "version.h"

/* One option as given to the command. */
struct cli_given {
	const char *name;	/* the declared name ("--login") */
	const char *value;	/* NULL for a flag */
};

/* What every command takes besides its own options. */
static const struct cli_option common_options[] = {
	{ "--db", 1 }, { "--share", 1 }, { "--help", 0 }, { NULL, 0 }
};

/* What may come before the command. */
static const struct cli_option global_options[] = {
	{ "--db", 1 }, { "--share", 1 }, { "--help", 0 }, { "--version", 0 },
	{ NULL, 0 }
};

/* The option of table (may be NULL) called name (len bytes), or NULL. */
static const struct cli_option *
option_find(const struct cli_option *table, const char *name, size_t len)
{
	for (; table != NULL && table->name != NULL; table++)
		if (strlen(table->name) == len && strncmp(table->name, name, len) == 0)
			return table;
	return NULL;
}

/* Reads the option at argv[*i] ("--x", "--x=v" or "--x v") against the
 * tables t1 and t2 (either may be NULL): the declared option into *o, its
 * value (NULL for a flag) into *value, *i moved past it. A value that
 * begins with "--" is taken for the next option, not a value (give it as
 * --x=--v). 0, or -1 after a message on stderr that begins with who. */
static int
option_read(const struct cli_option *t1, const struct cli_option *t2,
    const char *who, int argc, char **argv, int *i,
    const struct cli_option **o, const char **value)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);

	if ((*o = option_find(t1, arg, len)) == NULL &&
	    (*o = option_find(t2, arg, len)) == NULL) {
		fprintf(stderr, "%s: unknown option %.*s\n", who, (int)len, arg);
		return -1;
	}
	*value = NULL;
	if (!(*o)->valued && eq != NULL) {
		fprintf(stderr, "%s: option %s takes no value\n", who, (*o)->name);
		return -1;
	}
	if ((*o)->valued) {
		if (eq != NULL)
			*value = eq + 1;
		else if (*i + 1 < argc && strncmp(argv[*i + 1], "--", 2) != 0)
			*value = argv[++*i];
		else {
			fprintf(stderr, "%s: option %s needs a value\n", who, (*o)->name);
			return -1;
		}
	}
	(*i)++;
	return 0;
}

/* Sorts the command's arguments into options and positionals, every
 * option checked against the command's table and common_options; "--"
 * ends the options. 0; 1 after printing the usage on stdout (--help);
 * -1 after a message and the usage on stderr. */
static int
parse_args(struct cli *c)
{
	char who[64];
	int i = 0, only_pos = 0;

	snprintf(who, sizeof who, "aicert %s", c->cmd->name);
	c->pos = calloc((size_t)c->argc + 1, sizeof *c->pos);
	c->given = calloc((size_t)c->argc + 1, sizeof *c->given);
	if (c->pos == NULL || c->given == NULL)
		abort();
	while (i < c->argc) {
		const struct cli_option *o;
		const char *value;

		if (only_pos || strncmp(c->argv[i], "--", 2) != 0) {
			c->pos[c->npos++] = c->argv[i++];
			continue;
		}
		if (strcmp(c->argv[i], "--") == 0) {
			only_pos = 1;
			i++;
			continue;
		}
		if (option_read(c->cmd->options, common_options, who, c->argc, c->argv,
		    &i, &o, &value) != 0) {
			fputs(c->cmd->usage, stderr);
			return -1;
		}
		if (strcmp(o->name, "--help") == 0) {
			fputs(c->cmd->usage, stdout);
			return 1;
		}
		c->given[c->ngiven].name = o->name;
		c->given[c->ngiven++].value = value;
	}
	return 0;
}

/* 1 if dir/sub is a directory. */
static int
has_dir(const char *dir, const char *sub)
{
	char path[PATH_MAX + 32];
	struct stat st;

	if (snprintf(path, sizeof path, "%s/%s", dir, sub) >= (int)sizeof path)
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Sets c->share to the directory holding templates/: given (--share),
 * else $AICERT_SHARE, else the first of the binary's own directory (a
 * checkout), PREFIX/share/aicert beside PREFIX/bin (deploy/install.sh),
 * the binary's parent (a build folder inside a checkout) and the
 * packaged /usr/share/aicert that has one; none has: the last tried.
 * c->share_tried lists them all for cli_need_share. */
static void
share_find(struct cli *c, const char *given)
{
	static char found[PATH_MAX + 16], tried[4 * (PATH_MAX + 80)];
	char dirs[4][PATH_MAX + 16], exe[PATH_MAX];
	const char *why[4], *how = "--share";
	int n = 0, pick = -1;
	size_t used = 0;
	ssize_t len;

	if (given == NULL) {
		given = getenv("AICERT_SHARE");
		how = "$AICERT_SHARE";
	}
	if (given != NULL && *given != '\0') {
		why[n] = how;
		snprintf(dirs[n++], sizeof dirs[0], "%s", given);
	} else {
		if ((len = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
			exe[len] = '\0';
			*strrchr(exe, '/') = '\0';	/* readlink gives an absolute path */
			why[n] = "beside the binary";
			snprintf(dirs[n++], sizeof dirs[0], "%s", exe[0] ? exe : "/");
			if (strrchr(exe, '/') != NULL)
				*strrchr(exe, '/') = '\0';
			why[n] = "PREFIX/share/aicert for PREFIX/bin";
			snprintf(dirs[n++], sizeof dirs[0], "%s/share/aicert", exe);
			why[n] = "the binary's parent";
			snprintf(dirs[n++], sizeof dirs[0], "%s", exe[0] ? exe : "/");
		}
		why[n] = "the packaged location";
		snprintf(dirs[n++], sizeof dirs[0], "/usr/share/aicert");
	}
	for (int i = 0; i < n; i++) {
		if (pick < 0 && has_dir(dirs[i], "templates"))
			pick = i;
		used += (size_t)snprintf(tried + used, sizeof tried - used, "  %s (%s)\n",
		    dirs[i], why[i]);
	}
	snprintf(found, sizeof found, "%s", dirs[pick >= 0 ? pick : n - 1]);
	c->share = found;
	c->share_tried = tried;
}

int
cli_main(const struct cli_command *cmds, size_t n, const char *usage,
    int argc, char **argv)
{
	struct cli c;
	const struct cli_option *o;
	const char *share = NULL, *value;
	int i = 1, rc;

	memset(&c, 0, sizeof c);
	c.db = getenv("AICERT_DB") ? getenv("AICERT_DB") : "var/aicert.db";
	while (i < argc && strncmp(argv[i], "--", 2) == 0) {
		if (option_read(global_options, NULL, "aicert", argc, argv, &i, &o,
		    &value) != 0) {
			fputs(usage, stderr);
			return 2;
		}
		if (strcmp(o->name, "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(o->name, "--version") == 0) {
			printf("aicert %s\n", version_string());
			return 0;
		}
		if (strcmp(o->name, "--db") == 0)
			c.db = value;
		else
			share = value;
	}
	if (i >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(argv[i], "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	for (size_t k = 0; k < n && c.cmd == NULL; k++)
		if (strcmp(cmds[k].name, argv[i]) == 0)
			c.cmd = &cmds[k];
	if (c.cmd == NULL) {
		fprintf(stderr, "aicert: unknown command '%s'\n", argv[i]);
		fputs(usage, stderr);
		return 2;
	}
	c.argc = argc - i - 1;
	c.argv = argv + i + 1;
	if ((rc = parse_args(&c)) != 0) {
		rc = rc > 0 ? 0 : 2;
		goto done;
	}
	/* --db and --share may also follow the command, as the contract shows. */
	if (cli_opt(&c, "--db") != NULL)
		c.db = cli_opt(&c, "--db");
	if (cli_opt(&c, "--share") != NULL)
		share = cli_opt(&c, "--share");
	/* "sqlite:PATH" names the default engine outright */
	if (strncmp(c.db, "sqlite:", 7) == 0)
		c.db += 7;
	share_find(&c, share);
	rc = c.cmd->run(&c);
done:
	free(c.pos);
	free(c.given);
	return rc;
}

/* Aborts when the command reads an option its table does not declare:
 * the parser would refuse it, so the option could never be given. */
static void
check_declared(const struct cli *c, const char *name)
{
	if (c->cmd == NULL || option_find(c->cmd->options, name, strlen(name)) != NULL ||
	    option_find(common_options, name, strlen(name)) != NULL)
		return;
	fprintf(stderr, "aicert: bug: '%s' reads the option %s, which its entry in "
	    "the command table (main.c) does not declare\n", c->cmd->name, name);
	abort();
}

const char *
cli_opt(const struct cli *c, const char *name)
{
	check_declared(c, name);
	for (int i = 0; i < c->ngiven; i++)
		if (strcmp(c->given[i].name, name) == 0)
			return c->given[i].value;
	return NULL;
}

int
cli_flag(const struct cli *c, const char *name)
{
	check_declared(c, name);
	for (int i = 0; i < c->ngiven; i++)
		if (strcmp(c->given[i].name, name) == 0)
			return 1;
	return 0;
}

const char *
cli_pos(const struct cli *c, int i)
{
	return i >= 0 && i < c->npos ? c->pos[i] : NULL;
}

int
cli_usage(const struct cli *c)
{
	fputs(c->cmd->usage, stderr);
	return 2;
}

int
cli_owner(const struct cli *c, struct store *s, int64_t *id)
{
	const char *login = cli_opt(c, "--owner");
	struct arena *a;
	struct user u;
	int found;

	*id = 0;
	if (login == NULL)
		return 0;
	a = arena_new();
	found = account_find(s, a, login, &u, NULL) && u.role >= ROLE_TRAINER;
	*id = found ? u.id : 0;
	arena_free(a);
	if (!found)
		fprintf(stderr, "aicert: --owner %s: no enabled trainer or admin has this login\n",
		    login);
	return found ? 0 : -1;
}

int
cli_add_each(struct cli *c, int (*add)(struct store *, const char *, int64_t),
    int with_owner)
{
	struct store *s;
	int64_t owner = 0;
	int rc = 0;

	if (cli_pos(c, 1) == NULL || strcmp(cli_pos(c, 0), "add") != 0)
		return cli_usage(c);
	if ((s = cli_open_store(c)) == NULL)
		return 1;
	if (with_owner && cli_owner(c, s, &owner) != 0) {
		store_close(s);
		return 1;
	}
	cli_load_messages(c);
	for (int i = 1; cli_pos(c, i) != NULL; i++)
		if (add(s, cli_pos(c, i), owner) != 0)
			rc = 1;
	store_close(s);
	i18n_free();
	return rc;
}

char *
cli_read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 131072;
			if ((buf = realloc(buf, cap + 1)) == NULL)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (f != stdin)
		fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

struct store *
cli_open_store(const struct cli *c)
{
	char dir[PATH_MAX];
	char *slash, *err = NULL;
	struct store *s;

	snprintf(dir, sizeof dir, "%s", c->db);
	if (!store_is_pg(c->db) && (slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (dir[0] != '\0' && mkdir(dir, 0750) != 0 && errno != EEXIST) {
			fprintf(stderr, "aicert: cannot create %s: %s\n", dir,
			    strerror(errno));
			return NULL;
		}
	}
	if ((s = store_open(c->db, &err)) == NULL) {
		fprintf(stderr, "aicert: %s\n", err);
		free(err);
	}
	return s;
}

int
cli_store_exists(const struct cli *c)
{
	struct stat st;

	return store_is_pg(c->db) || stat(c->db, &st) == 0;
}

int
cli_need_share(const struct cli *c)
{
	if (has_dir(c->share, "templates") && has_dir(c->share, "questions"))
		return 0;
	fprintf(stderr, "aicert: no share directory holding templates/ and questions/; "
	    "tried:\n%sgive it with --share DIR (or $AICERT_SHARE)\n",
	    c->share_tried ? c->share_tried : "");
	return -1;
}

void
cli_load_messages(const struct cli *c)
{
	char dir[PATH_MAX];

	if (has_dir(c->share, "templates/i18n")) {
		snprintf(dir, sizeof dir, "%s/templates/i18n", c->share);
		(void)i18n_load(dir);
	}
}

int
cli_load_passwords(const struct cli *c)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof path, "%s/templates/common-passwords.txt", c->share);
	if (password_load_common(path) == 0)
		return 0;
	fprintf(stderr, "aicert: cannot read the list of common passwords %s "
	    "(use --share DIR)\n", path);
	return -1;
}

void
cli_print_problems(const struct bank_import *im, int warnings)
{
	for (size_t i = 0; i < im->nfiles; i++) {
		const struct q_bank *b = warnings ? &im->files[i].warn : &im->files[i].qb;

		for (size_t e = 0; e < b->nerr; e++)
			fprintf(stderr, "%s:%d: %s: %s\n", im->files[i].name,
			    b->err[e].line, warnings ? "warning" : "error",
			    b->err[e].message);
	}
}

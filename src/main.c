/*
 * main.c - aicert's entry point: global options, then one command.
 *
 *   aicert [--db PATH] [--share DIR] COMMAND [ARGS]
 *
 * The commands are listed in usage() and documented in docs/.
 */
#include <errno.h>
#include <libxml/parser.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "cli.h"
#include "i18n.h"
#include "password.h"

static void
usage(FILE *f)
{
	fputs("usage: aicert [--db PATH] [--share DIR] COMMAND [ARGS]\n"
	    "\n"
	    "commands:\n"
	    "  serve [--listen HOST:PORT] [--base-url URL] [--registration on|off]\n"
	    "        [--access-log FILE|-|off]     serve (initialises an empty database)\n"
	    "  init                                create the database, signing key and admin\n"
	    "  backup [--force] [--with-key] DEST  copy the live database to DEST (safe while\n"
	    "                                      serving) and check it; --with-key: the key too\n"
	    "  user add --login L --name NAME [--name-alt NAME] --role learner|trainer|admin\n"
	    "                                      add an account; password read from stdin\n"
	    "  key show | key rotate               print the issuer's public key / start a new one\n"
	    "  import [--bank NAME] [--encoding E] FILE...\n"
	    "                                      import GIFT, Aiken, Moodle XML or JSON banks\n"
	    "  export bank NAME --format json|gift|moodle-xml [--lang L] [--version N]\n"
	    "                                      write a bank, keys included, to stdout\n"
	    "  lint [--encoding E] FILE...         check bank files against item-writing rules\n"
	    "  exam add FILE...                    add or update exams from definitions (JSON)\n"
	    "  verify CODE_OR_URL [--key FILE] [--status-list FILE [--max-age SECONDS]]\n"
	    "                                      check a certificate code offline (exit 0\n"
	    "                                      valid, 1 invalid or a list older than\n"
	    "                                      --max-age, 2 revoked or expired)\n"
	    "\n"
	    "The database is --db, else $AICERT_DB, else var/aicert.db.\n", f);
}

const char *
cli_opt(const struct cli *c, const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; i < c->argc; i++) {
		if (strncmp(c->argv[i], name, n) != 0)
			continue;
		if (c->argv[i][n] == '=')
			return c->argv[i] + n + 1;
		if (c->argv[i][n] == '\0' && i + 1 < c->argc)
			return c->argv[i + 1];
	}
	return NULL;
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
cli_flag(const struct cli *c, const char *name)
{
	for (int i = 0; i < c->argc; i++)
		if (strcmp(c->argv[i], name) == 0)
			return 1;
	return 0;
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
	if ((slash = strrchr(dir, '/')) != NULL) {
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

void
cli_load_messages(const struct cli *c)
{
	char dir[PATH_MAX];
	struct stat st;

	snprintf(dir, sizeof dir, "%s/templates/i18n", c->share);
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		(void)i18n_load(dir);
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

/* The directory holding templates/: --share, $AICERT_SHARE, the binary's
 * own directory (a build), ../share/aicert beside it (deploy/install.sh
 * puts the binary in PREFIX/bin), else the packaged location. */
static const char *
find_share(const char *opt)
{
	static char dir[PATH_MAX];
	char probe[PATH_MAX + 32];
	ssize_t n;
	struct stat st;

	if (opt != NULL)
		return opt;
	if (getenv("AICERT_SHARE") != NULL)
		return getenv("AICERT_SHARE");
	n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n > 0) {
		dir[n] = '\0';
		if (strrchr(dir, '/') != NULL)
			*strrchr(dir, '/') = '\0';
		snprintf(probe, sizeof probe, "%s/templates", dir);
		if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode))
			return dir;
		snprintf(probe, sizeof probe, "%s/../share/aicert/templates", dir);
		if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(probe, sizeof probe, "%s/../share/aicert", dir);
			if (realpath(probe, dir) != NULL)
				return dir;
		}
	}
	return "/usr/share/aicert";
}

int
main(int argc, char **argv)
{
	struct cli c = { NULL, NULL, 0, NULL };
	const char *share = NULL;
	int i = 1;

	if (sodium_init() < 0) {
		fputs("aicert: cannot initialise libsodium\n", stderr);
		return 1;
	}
	xmlInitParser();	/* once, before any thread parses XML */
	store_set_actor(0, "cli");
	c.db = getenv("AICERT_DB") ? getenv("AICERT_DB") : "var/aicert.db";
	while (i < argc && strncmp(argv[i], "--", 2) == 0) {
		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			c.db = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "--share") == 0 && i + 1 < argc) {
			share = argv[i + 1];
			i += 2;
		} else {
			break;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	c.share = find_share(share);
	c.argc = argc - i - 1;
	c.argv = argv + i + 1;
	/* --db may also follow the command, as the contract shows. */
	if (cli_opt(&c, "--db") != NULL)
		c.db = cli_opt(&c, "--db");
	if (cli_opt(&c, "--share") != NULL)
		c.share = cli_opt(&c, "--share");
	if (strcmp(argv[i], "serve") == 0)
		return cmd_serve(&c);
	if (strcmp(argv[i], "init") == 0)
		return cmd_init(&c);
	if (strcmp(argv[i], "backup") == 0)
		return cmd_backup(&c);
	if (strcmp(argv[i], "user") == 0)
		return cmd_user(&c);
	if (strcmp(argv[i], "key") == 0)
		return cmd_key(&c);
	if (strcmp(argv[i], "import") == 0)
		return cmd_import(&c);
	if (strcmp(argv[i], "export") == 0)
		return cmd_export(&c);
	if (strcmp(argv[i], "lint") == 0)
		return cmd_lint(&c);
	if (strcmp(argv[i], "exam") == 0)
		return cmd_exam(&c);
	if (strcmp(argv[i], "verify") == 0)
		return cmd_verify(&c);
	if (strcmp(argv[i], "help") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "aicert: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return 2;
}

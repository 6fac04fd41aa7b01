/*
 * main.c - aicert's entry point and its table of commands: each row names
 * a command, the function that runs it (cmd_*.c), every option it takes
 * and its usage. cli_main (cli.c) refuses any option a row does not
 * declare, or one missing its value, with the usage and exit 2.
 *
 *   aicert [--db PATH] [--share DIR] COMMAND [ARGS]
 *
 * Documented in docs/operations.md.
 */
#include <libxml/parser.h>
#include <sodium.h>
#include <stdio.h>

#include "cli.h"
#include "store.h"

static const char usage[] =
    "usage: aicert [--db PATH] [--share DIR] COMMAND [ARGS]\n"
    "       aicert --version\n"
    "\n"
    "commands:\n"
    "  serve [--listen HOST:PORT] [--base-url URL] [--registration on|off]\n"
    "        [--access-log FILE|-|off] [--time-zone ZONE]\n"
    "        [--trust-list FILE --registry-key PUB.pem]\n"
    "                                      serve (initialises an empty database)\n"
    "  init                                create the database, signing key and admin\n"
    "  backup [--force] [--with-key] DEST  copy the live database to DEST (safe while\n"
    "                                      serving) and check it; --with-key: the key too\n"
    "  migrate-store --from FILE --to URL [--with-key] [--verify-only]\n"
    "                                      copy a SQLite store into an empty\n"
    "                                      PostgreSQL database and verify the copy\n"
    "  user add --login L --name NAME [--name-alt NAME] --role learner|trainer|admin\n"
    "                                      add an account; password read from stdin\n"
    "  key show | key rotate               print the issuer's public key / start a new one\n"
    "  import [--bank NAME] [--encoding E] [--format F] FILE...\n"
    "                                      import GIFT, Aiken, Moodle XML or JSON banks\n"
    "                                      (F: gift|aiken|moodle-xml|json; default: by\n"
    "                                      name and content)\n"
    "  export bank NAME --format json|gift|moodle-xml [--lang L] [--version N]\n"
    "                                      write a bank, keys included, to stdout\n"
    "  lint [--encoding E] [--format F] FILE...\n"
    "                                      check bank files against item-writing rules\n"
    "                                      (and comp: codes against the frameworks of\n"
    "                                      the database, when it exists)\n"
    "  exam add FILE...                    add or update exams from definitions (JSON)\n"
    "  programme add FILE...               add or update certification programmes (JSON)\n"
    "  framework add FILE...               add competency frameworks, or new versions\n"
    "                                      of them (JSON)\n"
    "  verify CODE_OR_URL [--key FILE] [--status-list FILE [--max-age SECONDS]]\n"
    "                                      check a certificate code offline (exit 0\n"
    "                                      valid, 1 invalid or a list older than\n"
    "                                      --max-age, 2 revoked or expired)\n"
    "  verify CODE_OR_URL --trust-list FILE --registry-key PUB.pem\n"
    "                                      check it against the issuers of a\n"
    "                                      registry's signed trust list\n"
    "  trust-list keygen FILE.key          make a registry key pair\n"
    "  trust-list build --registry-key FILE.key [--name NAME] [--expires DAYS]\n"
    "        [--url URL] KEYSET.json...    sign a trust list of issuers' key sets\n"
    "  trust-list show FILE --registry-key PUB.pem\n"
    "                                      check a trust list, print its issuers\n"
    "  verify --credential FILE [--key FILE|--keys KEYSET] [--status FILE]\n"
    "                                      check an Open Badges 3.0 credential offline\n"
    "                                      (exit 0 valid, 1 invalid, 2 revoked\n"
    "                                      or expired)\n"
    "\n"
    "The database is --db, else $AICERT_DB, else var/aicert.db: a SQLite file\n"
    "(PATH or sqlite:PATH) or a PostgreSQL database (postgresql://... or a libpq\n"
    "\"host=a,b dbname=... target_session_attrs=read-write\" string; its signing\n"
    "key is $AICERT_KEY, else var/aicert.key). Every command also takes --db,\n"
    "--share and --help (its own usage).\n";

static const struct cli_option serve_options[] = {
	{ "--listen", 1 }, { "--base-url", 1 }, { "--registration", 1 },
	{ "--access-log", 1 }, { "--max-body-mb", 1 }, { "--per-ip-limit", 1 },
	{ "--max-connections", 1 }, { "--timeout", 1 }, { "--header-timeout", 1 },
	{ "--threads", 1 }, { "--workers", 1 }, { "--trust-proxy", 0 },
	{ "--verify-limit", 1 }, { "--issuer-en", 1 }, { "--issuer-zh", 1 },
	{ "--time-zone", 1 }, { "--trust-list", 1 }, { "--registry-key", 1 },
	{ "--consent-gate", 1 },
	{ "--smtp", 1 }, { "--smtp-user", 1 }, { "--smtp-password-file", 1 },
	{ "--mail-from", 1 },
	{ "--retention-days", 1 },
	{ NULL, 0 }
};

static const struct cli_option init_options[] = {
	{ "--issuer-en", 1 }, { "--issuer-zh", 1 }, { NULL, 0 }
};

static const struct cli_option backup_options[] = {
	{ "--force", 0 }, { "--with-key", 0 }, { NULL, 0 }
};

static const struct cli_option migrate_options[] = {
	{ "--from", 1 }, { "--to", 1 }, { "--with-key", 0 }, { "--verify-only", 0 },
	{ NULL, 0 }
};

static const struct cli_option user_options[] = {
	{ "--login", 1 }, { "--name", 1 }, { "--name-alt", 1 }, { "--role", 1 },
	{ "--email", 1 },
	{ NULL, 0 }
};

static const struct cli_option import_options[] = {
	{ "--bank", 1 }, { "--encoding", 1 }, { "--format", 1 }, { "--owner", 1 },
	{ NULL, 0 }
};

static const struct cli_option export_options[] = {
	{ "--format", 1 }, { "--lang", 1 }, { "--version", 1 }, { NULL, 0 }
};

static const struct cli_option lint_options[] = {
	{ "--encoding", 1 }, { "--format", 1 }, { NULL, 0 }
};

static const struct cli_option exam_options[] = {
	{ "--owner", 1 }, { NULL, 0 }
};

static const struct cli_option framework_options[] = {
	{ "--owner", 1 }, { NULL, 0 }
};

static const struct cli_option verify_options[] = {
	{ "--key", 1 }, { "--status-list", 1 }, { "--max-age", 1 },
	{ "--trust-list", 1 }, { "--registry-key", 1 },
	{ "--credential", 1 }, { "--keys", 1 }, { "--status", 1 }, { NULL, 0 }
};

static const struct cli_option trust_list_options[] = {
	{ "--registry-key", 1 }, { "--name", 1 }, { "--expires", 1 }, { "--url", 1 },
	{ NULL, 0 }
};

static const struct cli_command commands[] = {
	{ "serve", cmd_serve, serve_options,
	  "usage: aicert serve [--listen HOST:PORT] [--base-url URL] [--registration on|off]\n"
	  "         [--access-log FILE|-|off] [--max-body-mb N] [--per-ip-limit N]\n"
	  "         [--max-connections N] [--verify-limit N] [--timeout S]\n"
	  "         [--header-timeout S] [--threads N] [--workers N] [--trust-proxy]\n"
	  "         [--issuer-en NAME] [--issuer-zh NAME] [--time-zone ZONE]\n"
	  "         [--trust-list FILE --registry-key PUB.pem] [--consent-gate on|off]\n"
	  "         [--smtp smtp://HOST:PORT|smtps://HOST:PORT [--smtp-user USER]\n"
	  "          [--smtp-password-file FILE] --mail-from ADDR] [--retention-days N]\n" },
	{ "init", cmd_init, init_options,
	  "usage: aicert init [--issuer-en NAME] [--issuer-zh NAME]\n" },
	{ "backup", cmd_backup, backup_options,
	  "usage: aicert backup [--force] [--with-key] DEST\n" },
	{ "migrate-store", cmd_migrate, migrate_options,
	  "usage: aicert migrate-store --from FILE --to postgresql://... [--with-key] "
	  "[--verify-only]\n" },
	{ "user", cmd_user, user_options,
	  "usage: aicert user add --login L --name NAME [--name-alt NAME] "
	  "[--email ADDR] --role learner|trainer|admin < password\n" },
	{ "key", cmd_key, NULL,
	  "usage: aicert key show | aicert key rotate\n" },
	{ "import", cmd_import, import_options,
	  "usage: aicert import [--bank NAME] [--encoding E] "
	  "[--format gift|aiken|moodle-xml|json] [--owner LOGIN] FILE...\n" },
	{ "export", cmd_export, export_options,
	  "usage: aicert export bank NAME --format json|gift|moodle-xml "
	  "[--lang en|zh-TW] [--version N]\n" },
	{ "lint", cmd_lint, lint_options,
	  "usage: aicert lint [--encoding E] [--format gift|aiken|moodle-xml|json] FILE...\n" },
	{ "exam", cmd_exam, exam_options,
	  "usage: aicert exam add [--owner LOGIN] FILE...\n" },
	{ "framework", cmd_framework, framework_options,
	  "usage: aicert framework add [--owner LOGIN] FILE...\n" },
	{ "verify", cmd_verify, verify_options,
	  "usage: aicert verify CODE_OR_URL [--key PUBLIC_KEY_FILE] "
	  "[--status-list FILE [--max-age SECONDS]]\n"
	  "       aicert verify CODE_OR_URL --trust-list FILE --registry-key PUB.pem "
	  "[--key FILE] [--status-list FILE [--max-age SECONDS]]\n"
	  "       aicert verify --credential FILE [--key FILE|--keys KEYSET] [--status FILE]\n" },
	{ "trust-list", cmd_trust_list, trust_list_options,
	  "usage: aicert trust-list keygen FILE.key > registry.pem\n"
	  "       aicert trust-list build --registry-key FILE.key [--name NAME] "
	  "[--expires DAYS]\n"
	  "           [--url URL] KEYSET.json [[--url URL] KEYSET.json ...] > list.json\n"
	  "       aicert trust-list show FILE --registry-key PUB.pem\n" },
	{ "programme", cmd_programme, NULL,
	  "usage: aicert programme add FILE...\n" },
};

int
main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("aicert: cannot initialise libsodium\n", stderr);
		return 1;
	}
	xmlInitParser();	/* once, before any thread parses XML */
	store_set_actor(0, "cli");
	return cli_main(commands, sizeof commands / sizeof *commands, usage, argc, argv);
}

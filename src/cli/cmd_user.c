/*
 * cmd_user.c - `aicert user add`: an account from the command line, the
 * password read from standard input (never from the command line, where
 * other users of the machine could read it).
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "account.h"
#include "cli.h"
#include "i18n.h"
#include "mail.h"
#include "password.h"

static int
read_password(char *pw, size_t len)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO);

	if (tty) {
		fputs("Password: ", stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(pw, (int)len, stdin) == NULL)
		pw[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	return pw[0] != '\0' ? 0 : -1;
}

int
cmd_user(struct cli *c)
{
	const char *login = cli_opt(c, "--login"), *name = cli_opt(c, "--name");
	const char *role = cli_opt(c, "--role"), *err = NULL;
	char pw[1100];
	struct store *s;
	int64_t id;
	int rc;

	if (cli_pos(c, 0) == NULL || strcmp(cli_pos(c, 0), "add") != 0 || login == NULL ||
	    name == NULL || role == NULL)
		return cli_usage(c);
	if (role_parse(role) == ROLE_NONE) {
		fprintf(stderr, "aicert: unknown role '%s' (learner, proctor, trainer or admin)\n", role);
		return 2;
	}
	if (cli_opt(c, "--email") != NULL && mail_check_address(cli_opt(c, "--email")) != NULL) {
		fprintf(stderr, "aicert: '%s' is not an email address\n", cli_opt(c, "--email"));
		return 2;
	}
	if (read_password(pw, sizeof pw) != 0) {
		fputs("aicert: no password on standard input\n", stderr);
		return 1;
	}
	if (cli_load_passwords(c) != 0 || (s = cli_open_store(c)) == NULL)
		return 1;
	cli_load_messages(c);	/* messages in words when found */
	rc = account_create(s, login, name, cli_opt(c, "--name-alt"),
	    role_parse(role), pw, &id, &err);
	if (rc == 0 && cli_opt(c, "--email") != NULL)
		rc = account_set_email(s, login, cli_opt(c, "--email"), &err);
	store_close(s);
	password_free_common();
	memset(pw, 0, sizeof pw);
	if (rc != 0) {
		fprintf(stderr, "aicert: cannot add '%s': %s\n", login,
		    i18n_get("en", err));
		i18n_free();
		return 1;
	}
	i18n_free();
	printf("aicert: added %s '%s' (%s)\n", role, login, name);
	return 0;
}

/*
 * cmd_serve.c - `aicert serve`: load templates, catalogs and assets, open
 * the store (initialising an empty one), issue the certificates and PDFs
 * a crash left undone, serve until SIGTERM or SIGINT, then stop
 * accepting, let requests in flight finish, close the database. With
 * --trust-list FILE --registry-key PUB.pem the verification page also
 * accepts certificates of the issuers the list names (cert_trust.c): a
 * list that fails its checks stops the start; SIGHUP loads the file
 * again (a bad one is reported and the list in use kept).
 */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "app.h"
#include "assets.h"
#include "attempt.h"
#include "cert.h"
#include "cert_pdf.h"
#include "cli.h"
#include "handlers.h"
#include "http.h"
#include "i18n.h"
#include "mail.h"
#include "password.h"
#include "retention.h"
#include "session.h"
#include "slipbox.h"
#include "timefmt.h"
#include "tmpl.h"
#include "version.h"

/* Lets a busy test centre hold thousands of connections. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int
load_share(const char *share)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/templates", share);
	if (tmpl_load(path) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/templates/i18n", share);
	if (i18n_load(path) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/templates/static", share);
	return assets_load(path);
}

/* The mail options: without --smtp, no worker (mail waits in the
 * outbox). The password comes from --smtp-password-file or the
 * environment's AICERT_SMTP_PASSWORD, never from the command line. 0, 1
 * (no --smtp) or -1 (wrong options, said). */
static int
mail_options(const struct cli *c, struct mail_config *m, char *pw, size_t pwlen)
{
	const char *file = cli_opt(c, "--smtp-password-file");
	const char *env = getenv("AICERT_SMTP_PASSWORD");

	memset(m, 0, sizeof *m);
	m->url = cli_opt(c, "--smtp");
	m->user = cli_opt(c, "--smtp-user");
	m->from = cli_opt(c, "--mail-from");
	if (m->url == NULL) {
		if (m->user || m->from || file)
			fputs("aicert: --smtp-user, --smtp-password-file and --mail-from "
			    "need --smtp\n", stderr);
		return m->user || m->from || file ? -1 : 1;
	}
	if (strncmp(m->url, "smtp://", 7) != 0 && strncmp(m->url, "smtps://", 8) != 0) {
		fprintf(stderr, "aicert: --smtp %s: give smtp://HOST:PORT or smtps://HOST:PORT\n",
		    m->url);
		return -1;
	}
	if (m->from == NULL || mail_check_address(m->from) != NULL) {
		fputs("aicert: --smtp needs --mail-from ADDR, the address mail comes from\n",
		    stderr);
		return -1;
	}
	pw[0] = '\0';
	if (file != NULL) {
		FILE *f = fopen(file, "r");

		if (f == NULL) {
			fprintf(stderr, "aicert: cannot read --smtp-password-file %s\n", file);
			return -1;
		}
		if (fgets(pw, (int)pwlen, f) == NULL)
			pw[0] = '\0';
		fclose(f);
		pw[strcspn(pw, "\r\n")] = '\0';
	} else if (env != NULL)
		snprintf(pw, pwlen, "%s", env);
	m->password = pw;
	return 0;
}

static unsigned
opt_uint(const struct cli *c, const char *name, unsigned def)
{
	const char *v = cli_opt(c, name);

	return v ? (unsigned)strtoul(v, NULL, 10) : def;
}

int
cmd_serve(struct cli *c)
{
	static struct app app;
	const char *listen = cli_opt(c, "--listen");
	const char *base = cli_opt(c, "--base-url");
	const char *reg = cli_opt(c, "--registration");
	const char *gate;
	const char *log = cli_opt(c, "--access-log");
	const char *zone = cli_opt(c, "--time-zone");
	const char *tpath = cli_opt(c, "--trust-list");
	const char *regpath = cli_opt(c, "--registry-key");
	char terr[512], smtp_pw[512];
	char *base_buf = NULL;
	struct mail_config mcfg;
	int want_mail;
	sigset_t set;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int sig, rc = 1;

	if (zone != NULL && timefmt_set_zone(zone) != 0) {
		fprintf(stderr, "aicert: unknown time zone %s; one of:", zone);
		for (size_t i = 0; timefmt_zone_name(i) != NULL; i++)
			fprintf(stderr, " %s", timefmt_zone_name(i));
		fputc('\n', stderr);
		return 2;
	}
	if ((tpath == NULL) != (regpath == NULL)) {
		fputs("aicert: --trust-list and --registry-key go together: the list "
		    "and the registry's public key that signed it\n", stderr);
		return cli_usage(c);
	}
	if (tpath != NULL) {
		if (cert_trust_load(tpath, regpath, terr, sizeof terr) != 0) {
			fprintf(stderr, "aicert: the trust list %s cannot be trusted: %s; "
			    "not starting\n", tpath, terr);
			return 1;
		}
		cert_trust_summary(terr, sizeof terr);
		fprintf(stderr, "aicert: %s (%s)\n", terr, tpath);
	}
	if ((want_mail = mail_options(c, &mcfg, smtp_pw, sizeof smtp_pw)) < 0)
		return 2;
	if (listen == NULL)
		listen = "127.0.0.1:8080";
	if (base == NULL) {
		if (asprintf(&base_buf, "http://%s", listen) < 0)
			return 1;
		base = base_buf;
	}
	if (ncpu < 1)
		ncpu = 1;
	/* Signals are taken by sigwait below: block them before any thread
	 * starts so every thread inherits the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();
	printf("aicert %s (share %s, database %s)\n", version_string(), c->share, c->db);
	fflush(stdout);
	if (cli_need_share(c) != 0)
		goto done;
	if (load_share(c->share) != 0) {
		fprintf(stderr, "aicert: templates not found under %s (use --share DIR)\n",
		    c->share);
		goto done;
	}
	if (cli_load_passwords(c) != 0)
		goto done;
	if ((app.store = cli_open_store(c)) != NULL)
		store_on_cert_change(app.store, cert_changed);	/* other nodes' */
	if (app.store == NULL)
		goto done;
	if (init_run(c, app.store) != 0 || init_load_key(c, &app.key) != 0)
		goto done;
	app.base_url = base;
	app.base_url_given = base_buf == NULL;
	app.share_dir = c->share;
	app.secure_cookies = strncmp(base, "https://", 8) == 0;
	app.registration_open = reg == NULL || strcmp(reg, "off") != 0;
	app.max_body = opt_uint(c, "--max-body-mb", 16) * 1024u * 1024u;
	app.per_ip_limit = opt_uint(c, "--per-ip-limit", 1024);
	app.max_connections = opt_uint(c, "--max-connections", 16384);
	app.conn_timeout = opt_uint(c, "--timeout", 30);
	app.header_timeout = opt_uint(c, "--header-timeout", 30);
	app.threads = opt_uint(c, "--threads", (unsigned)ncpu * 2);
	app.workers = opt_uint(c, "--workers", (unsigned)ncpu * 8);
	app.trust_proxy = cli_flag(c, "--trust-proxy");
	app.verify_per_minute = opt_uint(c, "--verify-limit", 120);
	app.routes = routes;
	app.nroutes = nroutes;
	/* off: the notice is accepted outside aicert (a form signed at the
	 * test centre); registration still asks for it */
	gate = cli_opt(c, "--consent-gate");
	app.gate = gate != NULL && strcmp(gate, "off") == 0 ? NULL : ui_consent_gate;
	app.access_log = stderr;
	if (log != NULL && strcmp(log, "off") == 0)
		app.access_log = NULL;
	else if (log != NULL && strcmp(log, "-") == 0)
		app.access_log = stdout;
	else if (log != NULL && (app.access_log = fopen(log, "a")) == NULL) {
		fprintf(stderr, "aicert: cannot open access log %s\n", log);
		goto done;
	}
	if (app.access_log != NULL)
		setvbuf(app.access_log, NULL, _IOLBF, 0);
	{
		const char *ferr = NULL;

		if (cert_pdf_init(NULL, &ferr) != 0)
			fprintf(stderr, "aicert: certificate fonts: %s; PDFs cannot be "
			    "rendered until fonts-arphic-uming is installed\n",
			    i18n_get(I18N_DEFAULT, ferr));
	}
	if (cert_keys_register(app.store, &app.key) != 0)
		goto done;
	{
		/* Certificates (cert_policy.c): what a crash left undone
		 * first, then one for every attempt passed while serving. */
		static struct cert_policy policy;

		policy.key = &app.key;
		policy.base_url = app.base_url;
		cert_catch_up_report(app.store, &policy);
		attempt_on_finish(cert_issue_for_attempt, &policy);
		mail_on_scan(cert_notify_scan, &policy);
	}
	{
		/* No minute lost: the time the server was down goes back to
		 * the attempts it stopped, before the sweeper could expire
		 * them (attempt_time.c). A database that takes no writes
		 * (disk full) still serves reads, as it would later. */
		int moved = 0;
		int64_t gap = 0;

		if (attempt_outage_recover(app.store, &moved, &gap) != 0)
			fprintf(stderr, "aicert: cannot record the outage (%s): running "
			    "attempts did not get the downtime back\n",
			    store_write_problem(app.store) ? store_write_problem(app.store) :
			    "the write failed");
		else if (moved > 0)
			fprintf(stderr, "aicert: down %lld s since the last heartbeat: "
			    "%d running attempts get that time back\n",
			    (long long)(gap / 1000), moved);
	}
	if (want_mail == 0) {
		if (mail_worker_start(app.store, &mcfg) != 0)
			goto done;
		fprintf(stderr, "aicert: sending mail through %s from %s\n", mcfg.url,
		    mcfg.from);
	} else
		fputs("aicert: no --smtp: mail waits in the outbox, none is sent\n", stderr);
	sodium_memzero(smtp_pw, sizeof smtp_pw);

	/* logs of people are kept --retention-days (retention.h) */
	retention_set_days(opt_uint(c, "--retention-days", RETENTION_DEFAULT_DAYS));
	attempt_sweeper_daily(retention_daily);
	if (attempt_sweeper_start(app.store) != 0 || http_start(&app, listen) != 0)
		goto done;
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		if (tpath == NULL)
			fputs("aicert: SIGHUP: no --trust-list to load again\n", stderr);
		else if (cert_trust_load(tpath, regpath, terr, sizeof terr) != 0)
			fprintf(stderr, "aicert: SIGHUP: the trust list %s cannot be "
			    "trusted: %s; keeping the list in use\n", tpath, terr);
		else if (cert_trust_summary(terr, sizeof terr))
			fprintf(stderr, "aicert: SIGHUP: loaded %s (%s)\n", terr, tpath);
	}
	fprintf(stderr, "aicert: %s: finishing requests in flight, then stopping\n",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
	store_stopping(app.store);
	http_stop(1500);
	attempt_sweeper_stop();
	mail_worker_stop();
	attempt_heartbeat(app.store, 1);	/* the outage starts now */
	rc = 0;
done:
	attempt_sweeper_stop();
	mail_worker_stop();
	store_close(app.store);
	sodium_memzero(app.key.sk, sizeof app.key.sk);
	if (app.access_log != NULL && app.access_log != stderr &&
	    app.access_log != stdout)
		fclose(app.access_log);
	tmpl_free();
	i18n_free();
	assets_free();
	cert_pdf_free_fonts();
	cert_trust_clear();
	password_free_common();
	slipbox_clear();
	free(base_buf);
	if (rc == 0)
		fputs("aicert: stopped; database closed cleanly\n", stderr);
	return rc;
}

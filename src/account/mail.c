/*
 * mail.c - the outbox and its worker; see mail.h. Depends on the store,
 * the catalogs and libcurl (SMTP).
 */
#include "mail.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "i18n.h"

const char *
mail_check_address(const char *a)
{
	const char *at, *dot;
	size_t n;

	if (a == NULL || (n = strlen(a)) < 3 || n > 254)
		return "email_invalid";
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 127 ||
		    strchr("\"<>(),;:\\[]", *p) != NULL)
			return "email_invalid";
	at = strchr(a, '@');
	if (at == NULL || at == a || strchr(at + 1, '@') != NULL)
		return "email_invalid";
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strstr(at, "..") != NULL)
		return "email_invalid";
	return NULL;
}

/* ---- rendering, at queue time ---- */

struct queued {
	const char *to, *lang, *kind, *subject, *text, *html;
	int64_t now;
};

static int
insert_mail(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO mail_outbox(\"to\", lang, kind, subject, text, html, "
	    "created_at, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	struct queued *q = ctx;
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, q->to);
	db_bind_text(st, 2, q->lang);
	db_bind_text(st, 3, q->kind);
	db_bind_text(st, 4, q->subject);
	db_bind_text(st, 5, q->text);
	db_bind_text(st, 6, q->html);
	db_bind_int64(st, 7, q->now);
	db_bind_int64(st, 8, q->now);
	return db_done(st);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stop, running, kicked;
static pthread_t worker;

void
mail_kick(void)
{
	pthread_mutex_lock(&mu);
	kicked = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

/* The HTML part: the text's paragraphs (blank-line separated) escaped,
 * its lines kept; a paragraph that is the link alone made a link. */
static void
render_html(struct buf *b, const char *lang, const char *subject, const char *text,
    const char *link)
{
	const char *p = text;

	buf_str(b, "<!DOCTYPE html>\n<html lang=\"");
	buf_html(b, lang);
	buf_str(b, "\"><head><meta charset=\"utf-8\"><title>");
	buf_html(b, subject);
	buf_str(b, "</title></head>\n<body style=\"font-family:sans-serif;line-height:1.5\">\n");
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *para = strndup(p, n);

		if (para == NULL)
			break;
		if (link != NULL && strcmp(para, link) == 0) {
			buf_str(b, "<p><a href=\"");
			buf_html(b, link);
			buf_str(b, "\">");
			buf_html(b, link);
			buf_str(b, "</a></p>\n");
		} else {
			char *line = para, *nl;

			buf_str(b, "<p>");
			for (;;) {
				nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				buf_html(b, line);
				if (!nl)
					break;
				buf_str(b, "<br>\n");
				line = nl + 1;
			}
			buf_str(b, "</p>\n");
		}
		free(para);
		p += n;
		while (*p == '\n')
			p++;
	}
	buf_str(b, "</body></html>\n");
}

/* Renders the message into q (strings from a); 0 or -1. */
static int
render(struct arena *a, const char *to, const char *lang, const char *kind, json_t *vars,
    struct queued *q)
{
	const char *kv[2 * 16 + 1], *link = NULL, *key;
	char skey[64], tkey[64];
	struct buf html = BUF_INIT;
	json_t *v;
	size_t n = 0;

	if (mail_check_address(to) != NULL || kind == NULL || strlen(kind) > 40)
		return -1;
	lang = i18n_match(lang ? lang : "") ? i18n_match(lang) : I18N_DEFAULT;
	json_object_foreach(vars, key, v) {
		const char *val = NULL;

		if (n >= 2 * 16)
			break;
		if (json_is_string(v))
			val = json_string_value(v);
		else if (json_is_integer(v))
			val = arena_printf(a, "%lld", (long long)json_integer_value(v));
		if (val == NULL)
			continue;
		if (strcmp(key, "link") == 0)
			link = val;
		kv[n++] = key;
		kv[n++] = val;
	}
	kv[n] = NULL;
	snprintf(skey, sizeof skey, "mail_%s_subject", kind);
	snprintf(tkey, sizeof tkey, "mail_%s_text", kind);
	q->to = to;
	q->lang = lang;
	q->kind = kind;
	q->subject = i18n_fill(a, i18n_get(lang, skey), kv);
	q->text = i18n_fill(a, i18n_get(lang, tkey), kv);
	render_html(&html, lang, q->subject, q->text, link);
	q->html = arena_strdup(a, html.data ? html.data : "");
	buf_free(&html);
	q->now = (int64_t)time(NULL);
	return 0;
}

int
mail_queue_db(struct db *d, const char *to, const char *lang, const char *kind,
    json_t *vars)
{
	struct arena *a;
	struct queued q;
	int rc;

	if (to == NULL || *to == '\0')
		return 0;
	if ((a = arena_new()) == NULL)
		return -1;
	rc = render(a, to, lang, kind, vars, &q) == 0 ? insert_mail(d, &q) : -1;
	arena_free(a);
	return rc;
}

int
mail_queue(struct store *s, const char *to, const char *lang, const char *kind,
    json_t *vars)
{
	struct arena *a;
	struct queued q;
	int rc = -1;

	if (to == NULL || *to == '\0')
		return 0;
	if ((a = arena_new()) == NULL)
		return -1;
	if (render(a, to, lang, kind, vars, &q) == 0)
		rc = store_write(s, insert_mail, &q);
	arena_free(a);
	if (rc == 0)
		mail_kick();
	return rc;
}

/* ---- sending ---- */

static struct mail_config cfg;
static char *cfg_strs[4];

struct source {
	const char *data;
	size_t len, off;
};

static size_t
read_msg(char *out, size_t size, size_t nitems, void *ctx)
{
	struct source *src = ctx;
	size_t n = size * nitems, left = src->len - src->off;

	if (n > left)
		n = left;
	memcpy(out, src->data + src->off, n);
	src->off += n;
	return n;
}

/* data as base64 in lines of 76, each ended by CRLF. */
static void
base64_lines(struct buf *b, const char *data, size_t len)
{
	size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *enc = malloc(cap);
	size_t n;

	if (enc == NULL)
		return;
	sodium_bin2base64(enc, cap, (const unsigned char *)data, len,
	    sodium_base64_VARIANT_ORIGINAL);
	n = strlen(enc);
	for (size_t i = 0; i < n; i += 76) {
		buf_raw(b, enc + i, n - i < 76 ? n - i : 76);
		buf_str(b, "\r\n");
	}
	free(enc);
}

/* The message as it goes on the wire: headers, a text and an HTML part. */
static void
compose(struct buf *b, int64_t id, int64_t created, const char *to,
    const char *subject, const char *text, const char *html)
{
	char date[64], bound[40], *enc;
	const char *domain = strchr(cfg.from, '@');
	size_t cap = sodium_base64_ENCODED_LEN(strlen(subject), sodium_base64_VARIANT_ORIGINAL);
	unsigned char rnd[12];
	time_t now = time(NULL);
	struct tm tm;

	randombytes_buf(rnd, sizeof rnd);
	snprintf(bound, sizeof bound, "aicert-");
	sodium_bin2hex(bound + 7, sizeof bound - 7, rnd, sizeof rnd);
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_printf(b, "From: <%s>\r\nTo: <%s>\r\nDate: %s\r\n", cfg.from, to, date);
	/* The same message keeps its Message-ID when it is tried again. */
	buf_printf(b, "Message-ID: <outbox-%lld.%lld@%s>\r\n", (long long)id,
	    (long long)created, domain ? domain + 1 : "aicert");
	if ((enc = malloc(cap)) != NULL) {
		sodium_bin2base64(enc, cap, (const unsigned char *)subject, strlen(subject),
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "Subject: =?UTF-8?B?%s?=\r\n", enc);
		free(enc);
	}
	buf_printf(b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"
	    "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", bound);
	buf_printf(b, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", bound);
	base64_lines(b, text, strlen(text));
	buf_printf(b, "--%s\r\nContent-Type: text/html; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", bound);
	base64_lines(b, html, strlen(html));
	buf_printf(b, "--%s--\r\n", bound);
}

/* Sends one message; 0, or -1 with err filled. */
static int
smtp_send(const char *to, const char *msg, size_t len, char *err, size_t errlen)
{
	CURL *c = curl_easy_init();
	struct curl_slist *rcpt = NULL;
	struct source src = { msg, len, 0 };
	char from[300], rc_to[300], ebuf[CURL_ERROR_SIZE] = "";
	CURLcode rc;

	if (c == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	snprintf(from, sizeof from, "<%s>", cfg.from);
	snprintf(rc_to, sizeof rc_to, "<%s>", to);
	rcpt = curl_slist_append(rcpt, rc_to);
	curl_easy_setopt(c, CURLOPT_URL, cfg.url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_msg);
	curl_easy_setopt(c, CURLOPT_READDATA, &src);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);	/* a stop waits for it */
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	if (cfg.user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg.user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg.password ? cfg.password : "");
		/* A password never crosses the network in the clear. */
		if (strncmp(cfg.url, "smtp://", 7) == 0)
			curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	}
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		snprintf(err, errlen, "%s", ebuf[0] ? ebuf : curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

struct outcome {
	int64_t id, now, next_at;
	int ok, give_up;
	const char *err;
};

static int
record(struct db *d, void *ctx)
{
	static const char sent[] =
	    "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, "
	    "last_error = NULL, text = '', html = '' WHERE id = ?";
	static const char failed[] =
	    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, "
	    "next_at = ?, failed_at = ?, text = CASE WHEN ?3 IS NULL THEN text ELSE '' END, "
	    "html = CASE WHEN ?3 IS NULL THEN html ELSE '' END WHERE id = ?";
	struct outcome *o = ctx;
	struct stmt *st;

	/* A message's body (a reset link, a name) is kept only while it may
	 * still be sent: sent or given up, its subject and envelope stay. */
	if (o->ok) {
		if ((st = db_stmt(d, sent)) == NULL)
			return -1;
		db_bind_int64(st, 1, o->now);
		db_bind_int64(st, 2, o->id);
		return db_done(st);
	}
	if ((st = db_stmt(d, failed)) == NULL)
		return -1;
	db_bind_text(st, 1, o->err);
	db_bind_int64(st, 2, o->next_at);
	if (o->give_up)
		db_bind_int64(st, 3, o->now);
	else
		db_bind_null(st, 3);
	db_bind_int64(st, 4, o->id);
	return db_done(st);
}

/* Sends what is due; the number tried. */
static int
send_due(struct store *s)
{
	static const char sql[] =
	    "SELECT id, \"to\", subject, text, html, created_at, attempts FROM mail_outbox "
	    "WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= ? "
	    "ORDER BY next_at, id LIMIT 20";
	struct {
		int64_t id, created;
		int attempts;
		char *to, *subject, *text, *html;
	} m[20];
	struct arena *a = arena_new();
	struct stmt *st;
	int n = 0;

	if (a == NULL)
		return 0;
	st = db_stmt_int(store_db(s), sql, (int64_t)time(NULL));
	while (n < 20 && db_row(st)) {
		m[n].id = db_col_int64(st, 0);
		m[n].to = db_text(a, st, 1);
		m[n].subject = db_text(a, st, 2);
		m[n].text = db_text(a, st, 3);
		m[n].html = db_text(a, st, 4);
		m[n].created = db_col_int64(st, 5);
		m[n].attempts = db_col_int(st, 6);
		n++;
	}
	db_end(st);
	for (int i = 0; i < n; i++) {
		struct buf msg = BUF_INIT;
		char err[CURL_ERROR_SIZE + 64] = "";
		struct outcome o = { m[i].id, 0, 0, 0, 0, err };
		long wait = MAIL_RETRY_FIRST;

		pthread_mutex_lock(&mu);
		if (stop) {
			pthread_mutex_unlock(&mu);
			break;
		}
		pthread_mutex_unlock(&mu);
		compose(&msg, m[i].id, m[i].created, m[i].to, m[i].subject, m[i].text,
		    m[i].html);
		o.ok = msg.data != NULL &&
		    smtp_send(m[i].to, msg.data, msg.len, err, sizeof err) == 0;
		buf_free(&msg);
		o.now = (int64_t)time(NULL);
		for (int k = 0; k < m[i].attempts && wait < MAIL_RETRY_MAX; k++)
			wait *= 2;
		if (wait > MAIL_RETRY_MAX)
			wait = MAIL_RETRY_MAX;
		o.next_at = o.now + wait;
		o.give_up = !o.ok && o.now - m[i].created >= MAIL_GIVE_UP;
		if (!o.ok)
			fprintf(stderr, "aicert: mail %lld to the outbox's recipient not sent "
			    "(try %d): %s\n", (long long)m[i].id, m[i].attempts + 1, err);
		store_write(s, record, &o);
	}
	arena_free(a);
	return n;
}

static void (*scan_fn)(struct store *s, void *ctx);
static void *scan_ctx;

void
mail_on_scan(void (*fn)(struct store *s, void *ctx), void *ctx)
{
	scan_fn = fn;
	scan_ctx = ctx;
}

static void *
worker_main(void *arg)
{
	struct store *s = arg;
	time_t last_scan = 0;

	pthread_mutex_lock(&mu);
	while (!stop) {
		struct timespec until;
		int n, was_kicked = kicked;

		kicked = 0;
		pthread_mutex_unlock(&mu);
		/* one node of a cluster sends (store.h store_lead) */
		if (!store_lead(s, STORE_LEAD_MAIL)) {
			pthread_mutex_lock(&mu);
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 5;
			if (!stop)
				pthread_cond_timedwait(&cv, &mu, &until);
			continue;
		}
		/* What needs telling (certificates issued, revoked, about to
		 * expire): when woken, and every minute. */
		if (scan_fn != NULL && (was_kicked || time(NULL) - last_scan >= 60)) {
			last_scan = time(NULL);
			scan_fn(s, scan_ctx);
		}
		n = send_due(s);
		pthread_mutex_lock(&mu);
		if (stop || kicked || n == 20)
			continue;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 5;
		pthread_cond_timedwait(&cv, &mu, &until);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

int
mail_worker_start(struct store *s, const struct mail_config *c)
{
	const char *v[4] = { c->url, c->user, c->password, c->from };

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return -1;
	for (int i = 0; i < 4; i++)
		cfg_strs[i] = v[i] ? strdup(v[i]) : NULL;
	cfg.url = cfg_strs[0];
	cfg.user = cfg_strs[1];
	cfg.password = cfg_strs[2];
	cfg.from = cfg_strs[3] ? cfg_strs[3] : "aicert@localhost";
	stop = 0;
	if (pthread_create(&worker, NULL, worker_main, s) != 0)
		return -1;
	running = 1;
	return 0;
}

void
mail_worker_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stop = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(worker, NULL);
	running = 0;
	for (int i = 0; i < 4; i++) {
		if (cfg_strs[i] != NULL)
			sodium_memzero(cfg_strs[i], strlen(cfg_strs[i]));
		free(cfg_strs[i]);
		cfg_strs[i] = NULL;
	}
	curl_global_cleanup();
}

int
mail_enabled(void)
{
	return running;
}

static int
retry_all(struct db *d, void *ctx)
{
	static const char sql[] =
	    "UPDATE mail_outbox SET next_at = ? WHERE sent_at IS NULL AND failed_at IS NULL";
	int *n = ctx;

	if (db_done(db_stmt_int(d, sql, (int64_t)time(NULL))) != 0)
		return -1;
	*n = db_changes(d);
	return db_audit(d, "mail.retry", NULL);
}

int
mail_retry_now(struct store *s)
{
	int n = 0;

	if (store_write(s, retry_all, &n) != 0)
		return -1;
	mail_kick();
	return n;
}

json_t *
mail_outbox_summary(struct store *s, int limit)
{
	static const char counts[] =
	    "SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL), "
	    "count(*) FILTER (WHERE sent_at IS NOT NULL), "
	    "count(*) FILTER (WHERE failed_at IS NOT NULL AND sent_at IS NULL) "
	    "FROM mail_outbox";
	static const char rows[] =
	    "SELECT id, \"to\", kind, lang, created_at, attempts, next_at, sent_at, "
	    "failed_at, last_error FROM mail_outbox ORDER BY id DESC LIMIT ?";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt(d, counts);
	json_int_t q = 0, sent = 0, failed = 0;

	if (db_row(st)) {
		q = db_col_int64(st, 0);
		sent = db_col_int64(st, 1);
		failed = db_col_int64(st, 2);
	}
	db_end(st);
	return json_pack("{s:b, s:I, s:I, s:I, s:o}", "enabled", running, "queued", q,
	    "sent", sent, "failed", failed, "messages",
	    db_json_rows(db_stmt_int(d, rows, limit)));
}

/*
 * test_share.c - a certificate leaving aicert: the holder's "Add to
 * LinkedIn profile" link (decoded back, it names the exam, the issuer,
 * the dates, the verification URL and the serial) and the share link
 * with its Copy button, neither for a revoked certificate; and the
 * trainer's bulk downloads: the ZIP of an exam's or a sitting's PDFs
 * (python3's zipfile and unzip -t open it, every PDF byte for byte the
 * single download, names safe with Chinese and hostile holders, revoked
 * ones named in README.txt, streamed chunked with the server's memory
 * flat for 300 certificates) and the CSV (BOM, columns, links); who may
 * download them.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"
#include "zip.h"

static struct testsrv srv;

/* Under AddressSanitizer (make check builds the server and this runner
 * alike) freed memory waits in a quarantine: the server's memory then says
 * nothing about streaming. */
#if defined(__SANITIZE_ADDRESS__)
#define MEMORY_MEANINGFUL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMORY_MEANINGFUL 0
#endif
#endif
#ifndef MEMORY_MEANINGFUL
#define MEMORY_MEANINGFUL 1
#endif

static const char bank[] =
    "$CATEGORY: c/all\n\n"
    "// [id:c1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:c2]\n::Two::Second question TWO{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"sharex\",\"title\":{\"en\":\"AI Basics & Ethics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"c/all\",\"count\":2}]}";

/* Takes sharex answering right; returns the submit reply. */
static json_t *
pass_exam(const char *tok)
{
	int status;
	json_t *att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/sharex/attempts",
	    "{\"lang\":\"en\"}", &status), *res;
	char path[256];

	testsrv_answer_all(&srv, tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	json_decref(att);
	return res;
}

/* Runs a shell command, capturing its output; returns its exit status. */
static int
sh(const char *cmd, char *out, size_t n)
{
	FILE *p = popen(cmd, "r");
	size_t got = 0;
	int st;

	out[0] = '\0';
	if (p == NULL)
		return -1;
	while (got < n - 1 && fgets(out + got, (int)(n - got), p) != NULL)
		got = strlen(out);
	out[got] = '\0';
	st = pclose(p);
	return WEXITSTATUS(st);
}

static int
have(const char *tool)
{
	char cmd[128], out[256];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1 && echo yes", tool);
	return sh(cmd, out, sizeof out) == 0 && strstr(out, "yes") != NULL;
}

/* The body of a chunked response decoded in place; its length, or -1 if
 * the framing is broken or has no last chunk. */
static long
dechunk(char *body, size_t len)
{
	size_t in = 0, out = 0;

	for (;;) {
		char *end;
		unsigned long n = strtoul(body + in, &end, 16);
		char *crlf = memmem(body + in, len - in, "\r\n", 2);

		if (crlf == NULL || end == body + in)
			return -1;
		in = (size_t)(crlf - body) + 2;
		if (n == 0)
			return (long)out;
		if (in + n + 2 > len)
			return -1;
		memmove(body + out, body + in, n);
		out += n;
		in += n + 2;
	}
}

/* GET path as the holder of tok (raw, for the headers and a chunked body). */
static int
get_raw(const char *tok, const char *path, struct resp *r)
{
	char h[256];

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: en\r\n", tok);
	if (http_req(srv.port, "GET", path, h, NULL, 0, r) != 0)
		r->status = 0;
	return r->status;
}

/* Decodes %XX of s in place. */
static char *
pct_decode(char *s)
{
	char *o = s;

	for (char *p = s; *p; p++) {
		if (*p == '%' && p[1] && p[2]) {
			char hex[3] = { p[1], p[2], 0 };

			*o++ = (char)strtol(hex, NULL, 16);
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return s;
}

/* The decoded value of query parameter key in url (into out), or NULL.
 * Also CHECKs that the raw value holds only unreserved characters and
 * %XX: every parameter URL-encoded. */
static const char *
query_value(const char *url, const char *key, char *out, size_t n)
{
	const char *q = strchr(url, '?');
	size_t kl = strlen(key);

	while (q != NULL) {
		q++;
		if (strncmp(q, key, kl) == 0 && q[kl] == '=') {
			const char *v = q + kl + 1;
			size_t vl = strcspn(v, "&");

			if (vl >= n)
				vl = n - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			CHECK(strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_.~%") == strlen(out), "LinkedIn's %s is URL-encoded: %s",
			    key, out);
			return pct_decode(out);
		}
		q = strchr(q, '&');
	}
	return NULL;
}

/* The href of the first <a class="... linkedin" on page, HTML-unescaped
 * (&amp; only: the rest is percent-encoded), into out; NULL if none. */
static const char *
linkedin_href(const char *page, char *out, size_t n)
{
	const char *a = page ? strstr(page, "linkedin\" href=\"") : NULL;
	size_t o = 0;

	if (a == NULL)
		return NULL;
	a += strlen("linkedin\" href=\"");
	while (*a && *a != '"' && o < n - 1) {
		if (strncmp(a, "&amp;", 5) == 0) {
			out[o++] = '&';
			a += 5;
		} else {
			out[o++] = *a++;
		}
	}
	out[o] = '\0';
	return out;
}

/* The LinkedIn link of a holder's page, checked field by field. */
static void
check_linkedin(const char *page, const char *where, const char *exam_name,
    const char *org, const char *serial, const char *verify_url)
{
	char href[4096], v[1024], want[16];
	time_t now = time(NULL);
	struct tm tm;
	const char *a;

	gmtime_r(&now, &tm);
	CHECK(linkedin_href(page, href, sizeof href) != NULL, "%s offers Add to LinkedIn", where);
	if (linkedin_href(page, href, sizeof href) == NULL)
		return;
	CHECK(strncmp(href, "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&",
	    66) == 0, "%s: LinkedIn's add-to-profile URL for a certification: %.80s", where, href);
	CHECK_STR(query_value(href, "name", v, sizeof v), exam_name, "LinkedIn: the name");
	CHECK_STR(query_value(href, "organizationName", v, sizeof v), org,
	    "LinkedIn: the issuing organisation");
	snprintf(want, sizeof want, "%d", tm.tm_year + 1900);
	CHECK_STR(query_value(href, "issueYear", v, sizeof v), want, "LinkedIn: the year issued");
	snprintf(want, sizeof want, "%d", tm.tm_year + 1900 + 3);
	CHECK_STR(query_value(href, "expirationYear", v, sizeof v), want,
	    "LinkedIn: expires three years on");
	CHECK(query_value(href, "issueMonth", v, sizeof v) != NULL && atoi(v) >= 1 &&
	    atoi(v) <= 12 && query_value(href, "expirationMonth", v, sizeof v) != NULL,
	    "LinkedIn: the months issued and of expiry");
	CHECK_STR(query_value(href, "certUrl", v, sizeof v), verify_url,
	    "LinkedIn: the credential URL is the verification page");
	CHECK_STR(query_value(href, "certId", v, sizeof v), serial, "LinkedIn: the credential id");
	CHECK(query_value(href, "organizationId", v, sizeof v) == NULL,
	    "LinkedIn: no organization id we do not have");
	a = strstr(page, "linkedin\" href=\"");
	CHECK(a != NULL && strstr(a, "target=\"_blank\"") != NULL &&
	    strstr(a, "rel=\"noopener") != NULL && strstr(a, "target=\"_blank\"") <
	    strstr(a, "</a>"), "%s: LinkedIn opens in a new tab with rel=noopener", where);
	snprintf(href, sizeof href, "value=\"%s\"", verify_url);
	CHECK(strstr(page, href) != NULL && strstr(page, "readonly") != NULL,
	    "%s: the share link is the verification URL, as text to select", where);
	CHECK(strstr(page, "class=\"secondary-btn copy-btn\"") != NULL &&
	    strstr(page, "/static/share.js") != NULL,
	    "%s: a Copy button, shown by share.js", where);
}

static const char zip_check_py[] =
    "import sys, zipfile, os\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "bad = z.testzip()\n"
    "print('testzip', bad)\n"
    "for i in z.infolist():\n"
    "    d = z.read(i)\n"
    "    utf8 = bool(i.flag_bits & 0x800)\n"
    "    same = 'none'\n"
    "    p = os.path.join(sys.argv[2], i.filename.split('-', 3)[0] + '-' + "
    "i.filename.split('-', 3)[1] + '-' + i.filename.split('-', 3)[2][:6] + '.pdf') "
    "if i.filename.endswith('.pdf') else ''\n"
    "    if p and os.path.exists(p):\n"
    "        same = 'same' if open(p, 'rb').read() == d else 'differs'\n"
    "    print('entry', i.compress_type, utf8, same, len(d), i.filename)\n"
    "    if i.filename == 'README.txt':\n"
    "        print('readme', d.decode('utf-8').replace('\\r\\n', ' | '))\n";

/* Downloads path as tok into file (dechunked), checking it was streamed. */
static size_t
download_zip(const char *tok, const char *path, const char *file, const char *what)
{
	struct resp r;
	char h[256];
	long n = -1;

	get_raw(tok, path, &r);
	CHECK(r.status == 200, "%s: 200 (got %d)", what, r.status);
	CHECK(resp_header(&r, "Content-Type", h, sizeof h) && strcmp(h, "application/zip") == 0,
	    "%s: application/zip", what);
	CHECK(resp_header(&r, "Content-Disposition", h, sizeof h) &&
	    strstr(h, "attachment") && strstr(h, ".zip"), "%s: an attachment named .zip", what);
	CHECK(resp_header(&r, "Content-Length", h, sizeof h) == NULL &&
	    resp_header(&r, "Transfer-Encoding", h, sizeof h) && strcmp(h, "chunked") == 0,
	    "%s: streamed (chunked, no Content-Length): the server never holds the archive",
	    what);
	if (r.status == 200)
		n = dechunk(r.body, r.body_len);
	CHECK(n > 22, "%s: a complete chunked body (%ld bytes)", what, n);
	if (n > 0)
		test_write_file(file, r.body, (size_t)n);
	resp_free(&r);
	return n > 0 ? (size_t)n : 0;
}

/* The server's peak resident memory (VmHWM) in kB, -1 if unknown. */
static long
server_hwm_kb(void)
{
	char path[64], *s;
	long kb = -1;
	size_t len;

	snprintf(path, sizeof path, "/proc/%d/status", (int)srv.pid);
	if ((s = test_read_file(path, &len)) == NULL)
		return -1;
	if (strstr(s, "VmHWM:") != NULL)
		kb = strtol(strstr(s, "VmHWM:") + 6, NULL, 10);
	free(s);
	return kb;
}

static void
sql(const char *q)
{
	sqlite3 *db;
	char *err = NULL;

	if (sqlite3_open(srv.db, &db) != SQLITE_OK) {
		CHECK(0, "the test opens the database");
		return;
	}
	sqlite3_busy_timeout(db, 5000);
	CHECK(sqlite3_exec(db, q, NULL, NULL, &err) == SQLITE_OK, "fixture SQL: %s (%s)", q,
	    err ? err : "");
	sqlite3_free(err);
	sqlite3_close(db);
}

/* The server's resident memory now (VmRSS) in kB, -1 if unknown. */
static long
server_rss_kb(void)
{
	char path[64], *s;
	long kb = -1;
	size_t len;

	snprintf(path, sizeof path, "/proc/%d/status", (int)srv.pid);
	if ((s = test_read_file(path, &len)) == NULL)
		return -1;
	if (strstr(s, "VmRSS:") != NULL)
		kb = strtol(strstr(s, "VmRSS:") + 6, NULL, 10);
	free(s);
	return kb;
}

/* GETs path as tok on a raw connection, reads the first 256 kB of the
 * answer, then (the server now in the middle of sending) returns its
 * resident memory growth in kB over before_kb, reading the rest; -1 on
 * a failure. *total gets the bytes read. */
static long
rss_mid_stream(const char *tok, const char *path, long before_kb, size_t *total)
{
	char req[512], buf[65536];
	int fd = testsrv_connect_from(NULL, srv.port);
	long mid = -1;
	ssize_t n;

	*total = 0;
	if (fd < 0)
		return -1;
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	    "Authorization: Bearer %s\r\n\r\n", path, tok);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		*total += (size_t)n;
		if (mid < 0 && *total >= 256 * 1024) {
			usleep(200 * 1000);	/* the server fills what the socket takes */
			mid = server_rss_kb();
		}
	}
	close(fd);
	return mid < 0 || before_kb < 0 ? -1 : mid - before_kb;
}

/* The ZIP writer's own rules: safe names, the limits of a plain ZIP. */
static void
zip_rules(void)
{
	char *n;
	struct zip z = ZIP_INIT;
	struct buf b = BUF_INIT;

	n = zip_safe_name("AIC-1", "a/b\\c..d\x01" "e", ".pdf", 200);
	CHECK_STR(n, "AIC-1-a_b_c__d_e.pdf", "slashes, dots and controls become _");
	free(n);
	n = zip_safe_name("AIC-1", "王小明王小明", ".pdf", 15);
	CHECK_STR(n, "AIC-1-王.pdf", "a long name is cut at a character, not inside one");
	free(n);
	n = zip_safe_name("AIC-1", "bad\xff\xfe", ".pdf", 200);
	CHECK_STR(n, "AIC-1-bad__.pdf", "bytes that are not UTF-8 become _");
	free(n);
	n = zip_safe_name("AIC-1", "end.", ".pdf", 200);
	CHECK(strstr(n, "..") == NULL, "a name ending in a dot makes no \"..\": %s", n);
	free(n);
	CHECK(zip_fits(65535, 1000, 100) && !zip_fits(65536, 1000, 100),
	    "a plain ZIP takes 65,535 entries, not one more");
	CHECK(!zip_fits(10, 0xFFFFFFFFull, 100), "nor 4 GB");
	z.entries = 65535;
	CHECK(zip_add(&z, &b, "x", "y", 1, 0) == -1 && b.len == 0,
	    "the 65,536th entry is refused, nothing written");
	z.entries = 0;
	z.offset = 0xFFFFFF00ull;
	CHECK(zip_add(&z, &b, "x", "0123456789", 300, 0) == -1 && b.len == 0,
	    "an entry past 4 GB is refused, nothing written");
	zip_free(&z);
	buf_free(&b);
}

void
test_share(void)
{
	char out[16384], tok[64], lee[64], evil[64], coach[64], coach2[64], proc[64];
	char serial[64], serial_lee[64], serial_evil[64], verify[1024], path[512], dir[256];
	char zipf[300], cmd[2048], h[256];
	json_t *res;
	struct websess ws;
	struct resp r;
	int status;
	long hwm0, hwm1;
	size_t zlen;

	zip_rules();
	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, "coach-pass2\n", out, sizeof out, "user", "add", "--login", "coach2",
	    "--name", "Coach Two", "--role", "trainer", NULL);
	testsrv_cli(&srv, "proctor-pass\n", out, sizeof out, "user", "add", "--login", "proc",
	    "--name", "Proctor", "--role", "proctor", NULL);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "c",
	    testsrv_file(&srv, "c.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "sharex.json", exam, strlen(exam)), NULL) == 0, "exam added: %s",
	    out);
	testsrv_cli(&srv, "holder-pass\n", out, sizeof out, "user", "add", "--login", "wang",
	    "--name", "王小明", "--name-alt", "Wang Hsiao-Ming", "--role", "learner", NULL);
	testsrv_cli(&srv, "other-pass1\n", out, sizeof out, "user", "add", "--login", "lee",
	    "--name", "李四", "--role", "learner", NULL);
	testsrv_cli(&srv, "evil-pass12\n", out, sizeof out, "user", "add", "--login", "evil",
	    "--name", "../..\\壞人:*?<名>|", "--role", "learner", NULL);
	if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "wang", "holder-pass", tok, sizeof tok);
	testsrv_signin(&srv, "lee", "other-pass1", lee, sizeof lee);
	testsrv_signin(&srv, "evil", "evil-pass12", evil, sizeof evil);
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	testsrv_signin(&srv, "coach2", "coach-pass2", coach2, sizeof coach2);
	testsrv_signin(&srv, "proc", "proctor-pass", proc, sizeof proc);

	res = pass_exam(tok);
	snprintf(serial, sizeof serial, "%s",
	    testsrv_jstr(json_object_get(res, "certificate"), "serial"));
	snprintf(verify, sizeof verify, "%s",
	    testsrv_jstr(json_object_get(res, "certificate"), "verify_url"));
	snprintf(path, sizeof path, "/attempts/%s/result", testsrv_jstr(res, "id"));
	json_decref(res);
	CHECK(serial[0] != '\0' && verify[0] != '\0', "王小明 passes and holds a certificate");
	res = pass_exam(lee);
	snprintf(serial_lee, sizeof serial_lee, "%s",
	    testsrv_jstr(json_object_get(res, "certificate"), "serial"));
	json_decref(res);
	res = pass_exam(evil);
	snprintf(serial_evil, sizeof serial_evil, "%s",
	    testsrv_jstr(json_object_get(res, "certificate"), "serial"));
	json_decref(res);

	/* ---- LinkedIn and the share link on the holder's pages ---- */
	if (web_signin(&srv, "wang", "holder-pass", NULL, &ws) != 0) {
		CHECK(0, "王小明 signs in on the web");
	} else {
		web_get(&srv, &ws, path, "en", &r);
		check_linkedin(r.body, "the result page (en)", "AI Basics & Ethics",
		    "aicert AI Skills Certification", serial, verify);
		CHECK(strstr(r.body, "Add to LinkedIn profile") && strstr(r.body, ">Copy<"),
		    "the result page says Add to LinkedIn profile and Copy");
		resp_free(&r);
		web_get(&srv, &ws, path, "zh-TW", &r);
		check_linkedin(r.body, "the result page (zh-TW)", "人工智慧基礎",
		    "aicert 人工智慧技能認證", serial, verify);
		CHECK(strstr(r.body, "加入 LinkedIn 個人檔案") && strstr(r.body, ">複製<"),
		    "the zh-TW result page says 加入 LinkedIn 個人檔案 and 複製");
		resp_free(&r);
		web_get(&srv, &ws, "/me", "en", &r);
		check_linkedin(r.body, "the account page", "AI Basics & Ethics",
		    "aicert AI Skills Certification", serial, verify);
		resp_free(&r);
	}
	snprintf(cmd, sizeof cmd, "/api/v1/certificates/%s/revoke", serial_lee);
	json_decref(testsrv_api(&srv, coach, "POST", cmd, "{\"reason\":\"identity not checked\"}",
	    &status));
	CHECK(status == 200, "the trainer revokes 李四's certificate (%d)", status);
	if (web_signin(&srv, "lee", "other-pass1", NULL, &ws) == 0) {
		web_get(&srv, &ws, "/me", "en", &r);
		CHECK(r.status == 200 && strstr(r.body, serial_lee) != NULL &&
		    strstr(r.body, "linkedin.com") == NULL && strstr(r.body, "share-url") == NULL,
		    "a revoked certificate is offered neither to LinkedIn nor to share");
		resp_free(&r);
	}

	/* ---- the ZIP ---- */
	snprintf(dir, sizeof dir, "%s/single", srv.dir);
	snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
	sh(cmd, out, sizeof out);
	{
		const char *serials[] = { serial, serial_evil };

		for (int i = 0; i < 2; i++) {
			char p[128], f[400];

			snprintf(p, sizeof p, "/api/v1/certificates/%s.pdf", serials[i]);
			get_raw(coach, p, &r);
			CHECK(r.status == 200 && r.body_len > 1000, "the single download of %s",
			    serials[i]);
			snprintf(f, sizeof f, "%s/%s.pdf", dir, serials[i]);
			test_write_file(f, r.body, r.body_len);
			resp_free(&r);
		}
	}
	snprintf(zipf, sizeof zipf, "%s/exam.zip", srv.dir);
	zlen = download_zip(coach, "/api/v1/exams/sharex/certificates.zip", zipf,
	    "the exam's ZIP");
	if (have("python3")) {
		snprintf(cmd, sizeof cmd, "python3 -c \"$(cat %s)\" %s %s 2>&1",
		    testsrv_file(&srv, "zipcheck.py", zip_check_py, 0), zipf, dir);
		sh(cmd, out, sizeof out);
		CHECK(strstr(out, "testzip None") != NULL, "python3's zipfile finds every CRC right: "
		    "%s", out);
		snprintf(h, sizeof h, "entry 0 True same");
		CHECK(strstr(out, h) != NULL, "the PDFs are stored, names flagged UTF-8, byte for "
		    "byte the single downloads: %s", out);
		CHECK(strstr(out, "differs") == NULL, "no PDF in the ZIP differs: %s", out);
		snprintf(h, sizeof h, "%s-王小明.pdf\n", serial);
		CHECK(strstr(out, h) != NULL, "王小明's PDF is %s", h);
		snprintf(h, sizeof h, "%s-______壞人____名__.pdf\n", serial_evil);
		CHECK(strstr(out, h) != NULL, "a hostile name is made safe: %s (%s)", h, out);
		CHECK(strstr(out, "/壞") == NULL && strstr(out, "\\") == NULL &&
		    strstr(out, "..") == NULL, "no name in the ZIP climbs out of its folder");
		snprintf(h, sizeof h, "readme ");
		CHECK(strstr(out, h) != NULL && strstr(strstr(out, h), serial_lee) != NULL &&
		    strstr(out, "Revoked") != NULL, "README.txt names the revoked certificate "
		    "left out: %s", out);
		CHECK(strstr(out, "readme ") != NULL && strstr(out, serial_lee) > strstr(out, "readme "),
		    "the revoked PDF is not in the ZIP");
	} else {
		MISSING("python3, to open the ZIP with its zipfile module");
	}
	if (have("unzip")) {
		snprintf(cmd, sizeof cmd, "unzip -t %s 2>&1", zipf);
		CHECK(sh(cmd, out, sizeof out) == 0 && strstr(out, "No errors detected") != NULL,
		    "unzip -t finds no error: %s", out);
	} else {
		MISSING("unzip, to test the ZIP");
	}

	/* ---- a sitting's ---- */
	res = testsrv_api(&srv, coach, "POST", "/api/v1/exams/sharex/sittings",
	    "{\"name\":\"Hall A\",\"members\":[]}", &status);
	CHECK(status == 201, "the trainer books a sitting (%d %s)", status,
	    testsrv_jstr(res, "error"));
	{
		long long sid = json_integer_value(json_object_get(res, "id"));
		char q[256];

		snprintf(q, sizeof q, "UPDATE attempts SET sitting_id = %lld WHERE user_id = "
		    "(SELECT id FROM users WHERE login = 'wang')", sid);
		sql(q);
		snprintf(q, sizeof q, "/api/v1/sittings/%lld/certificates.zip", sid);
		snprintf(zipf, sizeof zipf, "%s/sitting.zip", srv.dir);
		download_zip(coach, q, zipf, "the sitting's ZIP");
		if (have("python3")) {
			snprintf(cmd, sizeof cmd, "python3 -c \"$(cat %s/zipcheck.py)\" %s %s 2>&1",
			    srv.dir, zipf, dir);
			sh(cmd, out, sizeof out);
			CHECK(strstr(out, "testzip None") && strstr(out, "王小明.pdf") &&
			    strstr(out, serial_evil) == NULL && strstr(out, "README") == NULL,
			    "the sitting's ZIP holds its one certificate, no other: %s", out);
		}
		snprintf(q, sizeof q, "/api/v1/sittings/%lld/certificates.csv", sid);
		get_raw(coach, q, &r);
		CHECK(r.status == 200 && strstr(r.body, serial) && !strstr(r.body, serial_lee),
		    "the sitting's CSV lists its certificate alone");
		resp_free(&r);
		get_raw(coach2, q, &r);
		CHECK(r.status == 403, "another trainer gets 403 for the sitting's CSV (%d)",
		    r.status);
		resp_free(&r);
		snprintf(q, sizeof q, "/api/v1/sittings/%lld/certificates.zip", sid);
		get_raw(coach2, q, &r);
		CHECK(r.status == 403, "another trainer gets 403 for the sitting's ZIP (%d)",
		    r.status);
		resp_free(&r);
		get_raw(proc, q, &r);
		CHECK(r.status == 403, "a proctor gets 403 for the sitting's ZIP (%d)", r.status);
		resp_free(&r);
		get_raw(coach, "/api/v1/sittings/999999/certificates.zip", &r);
		CHECK(r.status == 404, "an unknown sitting is 404 (%d)", r.status);
		resp_free(&r);
		json_decref(res);
	}

	/* ---- the CSV ---- */
	get_raw(coach, "/api/v1/exams/sharex/certificates.csv", &r);
	CHECK(r.status == 200 && resp_header(&r, "Content-Type", h, sizeof h) &&
	    strncmp(h, "text/csv", 8) == 0, "the CSV is text/csv (%d)", r.status);
	CHECK(r.body != NULL && strncmp(r.body, "\xEF\xBB\xBF\"serial\",\"holder\",\"holder_alt\","
	    "\"exam_en\",\"exam_zh\",\"score\",\"issued_utc\",\"expires_utc\",\"status\","
	    "\"revoked_utc\",\"revoke_reason\",\"verify_url\"\r\n", 142) == 0,
	    "the CSV opens with a BOM and its header: %.160s", r.body ? r.body : "");
	snprintf(h, sizeof h, "\"%s\",\"王小明\",\"Wang Hsiao-Ming\",\"AI Basics & Ethics\","
	    "\"人工智慧基礎\",\"100.00\",", serial);
	CHECK(r.body && strstr(r.body, h) != NULL, "王小明's row: %s", h);
	snprintf(out, sizeof out, "\"valid\",\"\",\"\",\"%s\"\r\n", verify);
	CHECK(r.body && strstr(r.body, out) != NULL, "a valid row ends with its verify link");
	snprintf(out, sizeof out, "\"%s\",\"李四\"", serial_lee);
	CHECK(r.body && strstr(r.body, out) && strstr(strstr(r.body, out), "\"revoked\"") &&
	    strstr(strstr(r.body, out), "\"identity not checked\""),
	    "李四's row says revoked, with the reason");
	resp_free(&r);

	/* ---- who may ---- */
	{
		const struct { const char *tok, *path; int want; const char *who; } deny[] = {
			{ coach2, "/api/v1/exams/sharex/certificates.zip", 403, "another trainer" },
			{ coach2, "/api/v1/exams/sharex/certificates.csv", 403, "another trainer" },
			{ proc, "/api/v1/exams/sharex/certificates.zip", 403, "a proctor" },
			{ tok, "/api/v1/exams/sharex/certificates.zip", 403, "a learner" },
			{ tok, "/api/v1/exams/sharex/certificates.csv", 403, "a learner" },
			{ "", "/api/v1/exams/sharex/certificates.zip", 401, "anonymous" },
			{ coach, "/api/v1/exams/nope/certificates.zip", 404, "an unknown exam" },
			{ coach, "/api/v1/exams/sharex/certificates.zip?all=1", 400,
			    "an unknown query parameter" },
			{ coach, "/api/v1/exams/sharex/certificates.csv?x=1", 400,
			    "an unknown query parameter" },
		};

		for (size_t i = 0; i < sizeof deny / sizeof *deny; i++) {
			get_raw(deny[i].tok, deny[i].path, &r);
			CHECK(r.status == deny[i].want, "%s: %s is %d (got %d)", deny[i].who,
			    deny[i].path, deny[i].want, r.status);
			resp_free(&r);
		}
		get_raw(coach, "/api/v1/exams/sharex/certificates.csv?lang=zh-TW", &r);
		CHECK(r.status == 200, "lang is the one query parameter taken (%d)", r.status);
		resp_free(&r);
	}
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = "
	    "'certificates.export'", NULL) >= 4, "each bulk download is audited");

	/* ---- 300 certificates: streamed, the server's memory flat ---- */
	/* Holding the archive costs its size and more (17 MB for this one
	 * when tried); a streaming server grows by its buffers, a new
	 * worker thread's malloc arena and SQLite's cache: about 0.5 MB,
	 * 1.2 MB once with the machine busy. The bound is half the
	 * archive. */
	/* 300 copies of 王小明's, PDF and all; one more without its PDF,
	 * which the ZIP renders first. */
	snprintf(cmd, sizeof cmd,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
	    "INSERT INTO certificates(serial, attempt_id, user_id, exam_id, holder, holder_alt, "
	    "exam_en, exam_zh, score_bp, issued_at, expires_at, key_id, code, pdf, pdf_sha256) "
	    "SELECT 'AIC-BULK-' || printf('%%06d', i), attempt_id, user_id, exam_id, "
	    "holder || i, holder_alt, exam_en, exam_zh, score_bp, issued_at, expires_at, key_id, "
	    "code, pdf, pdf_sha256 FROM certificates, n WHERE serial = '%s';"
	    "INSERT INTO certificates(serial, attempt_id, user_id, exam_id, holder, holder_alt, "
	    "exam_en, exam_zh, score_bp, issued_at, expires_at, key_id, code) "
	    "SELECT 'AIC-LATE-000001', attempt_id, user_id, exam_id, holder, holder_alt, "
	    "exam_en, exam_zh, score_bp, issued_at, expires_at, key_id, code "
	    "FROM certificates WHERE serial = '%s';", serial, serial);
	sql(cmd);
	get_raw(coach, "/api/v1/exams/sharex/certificates.csv", &r);	/* warm up */
	resp_free(&r);
	hwm0 = server_hwm_kb();
	snprintf(zipf, sizeof zipf, "%s/big.zip", srv.dir);
	zlen = download_zip(coach, "/api/v1/exams/sharex/certificates.zip", zipf,
	    "the ZIP of 303 certificates");
	hwm1 = server_hwm_kb();
	printf("share: the server's peak memory %ld kB before, %ld kB after a %zu kB ZIP\n", hwm0, hwm1, zlen / 1024);
	CHECK(zlen > 300u * 1000u, "the big ZIP holds 300 PDFs (%zu bytes)", zlen);
	if (!MEMORY_MEANINGFUL)
		SKIP("the server's memory under AddressSanitizer (its quarantine keeps what "
		    "is freed)");
	else if (hwm0 > 0 && hwm1 > 0)
		CHECK(hwm1 - hwm0 < (long)(zlen / 1024 / 2),
		    "the server's peak memory grew %ld kB for a %zu kB archive: it streams",
		    hwm1 - hwm0, zlen / 1024);
	else
		MISSING("/proc/PID/status, to read the server's peak memory");
	{
		size_t got;
		long rss0 = server_rss_kb(), grew = rss_mid_stream(coach,
		    "/api/v1/exams/sharex/certificates.zip", rss0, &got);

		printf("share: the server's resident memory grew %ld kB in the middle of sending "
		    "a %zu kB ZIP\n", grew, got / 1024);
		if (!MEMORY_MEANINGFUL)
			;	/* said above */
		else if (grew >= 0)
			CHECK(grew < (long)(zlen / 1024 / 2), "in the middle of sending the %zu kB "
			    "ZIP the server holds %ld kB more, not the archive", zlen / 1024, grew);
		else
			MISSING("/proc/PID/status, to read the server's memory");
	}
	if (have("python3")) {
		snprintf(cmd, sizeof cmd, "python3 -c \"$(cat %s/zipcheck.py)\" %s %s 2>&1 | "
		    "grep -c '^entry 0 True'; python3 -c \"$(cat %s/zipcheck.py)\" %s %s 2>&1 | "
		    "grep -E 'testzip|AIC-LATE'", srv.dir, zipf, dir, srv.dir, zipf, dir);
		sh(cmd, out, sizeof out);
		CHECK(atoi(out) == 304 && strstr(out, "testzip None") != NULL &&
		    strstr(out, "AIC-LATE-000001-王小明.pdf") != NULL,
		    "the big ZIP opens: 303 PDFs and the README, the unrendered one rendered "
		    "first: %s", out);
	}

	/* An expired certificate is not offered for sharing either. */
	snprintf(cmd, sizeof cmd, "UPDATE certificates SET expires_at = issued_at - 86400 * 2 "
	    "WHERE serial = '%s'", serial);
	sql(cmd);
	if (web_signin(&srv, "wang", "holder-pass", NULL, &ws) == 0) {
		char mine[128], id[128];

		web_get(&srv, &ws, "/me", "en", &r);
		snprintf(mine, sizeof mine, "certId=%s\"", serial);
		snprintf(id, sizeof id, "id=\"share-%s\"", serial);
		CHECK(r.status == 200 && strstr(r.body, serial) != NULL &&
		    strstr(r.body, "certId=AIC-BULK-000001\"") != NULL &&
		    strstr(r.body, mine) == NULL && strstr(r.body, id) == NULL,
		    "an expired certificate is offered neither to LinkedIn nor to share (its "
		    "valid copies are)");
		resp_free(&r);
	}
	testsrv_stop(&srv, SIGTERM, NULL);
}

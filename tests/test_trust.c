/*
 * test_trust.c - federation as a national programme meets it: two
 * issuers (two servers, each with its own database and key) publish their
 * key sets, a registry signs a trust list of both, and an employer
 * verifies either issuer's certificate offline with the list; a stranger's
 * certificate, a tampered or expired list, a key used outside its period
 * all fail with one clear line. A server given the list shows the other
 * issuer's certificate on /v/ in both languages, and takes a new list on
 * SIGHUP. The worked example of docs/certificate-format.md section 7 is
 * what the code makes, and checks with python3 and OpenSSL as written.
 */
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cert_code.h"
#include "keys.h"
#include "test.h"
#include "testsrv.h"
#include "trust_list.h"

static struct testsrv alpha, beta;

static const char bank[] =
    "$CATEGORY: t/all\n\n"
    "// [id:t1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:t2]\n::Two::Second question TWO{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"trustx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"t/all\",\"count\":2}]}";

/* Alpha's accounts, bank and exam (before it serves). */
static void
alpha_setup(void)
{
	char out[4096];

	testsrv_cli(&alpha, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&alpha, "holder-pass\n", out, sizeof out, "user", "add", "--login", "wang",
	    "--name", "王小明", "--role", "learner", NULL);
	testsrv_cli(&alpha, NULL, out, sizeof out, "import", "--bank", "t",
	    testsrv_file(&alpha, "t.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&alpha, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&alpha, "trustx.json", exam, strlen(exam)), NULL) == 0,
	    "Alpha's exam is added: %s", out);
}

/* A certificate Alpha issues (wang passes) and then revokes: its serial
 * into serial ("" if that failed). */
static void
alpha_revoked(char *serial, size_t n)
{
	char tok[64], coach[64], path[256];
	int status;
	json_t *att, *res, *j;

	serial[0] = '\0';
	testsrv_signin(&alpha, "wang", "holder-pass", tok, sizeof tok);
	testsrv_signin(&alpha, "coach", "coach-pass1", coach, sizeof coach);
	att = testsrv_api(&alpha, tok, "POST", "/api/v1/exams/trustx/attempts",
	    "{\"lang\":\"en\"}", &status);
	testsrv_answer_all(&alpha, tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&alpha, tok, "POST", path, NULL, &status);
	snprintf(serial, n, "%s", testsrv_jstr(json_object_get(res, "certificate"), "serial"));
	snprintf(path, sizeof path, "/api/v1/certificates/%s/revoke", serial);
	j = testsrv_api(&alpha, coach, "POST", path, "{\"reason\":\"exam misconduct\"}",
	    &status);
	CHECK(serial[0] != '\0' && status == 200, "Alpha issues and revokes a certificate (%d)",
	    status);
	json_decref(att);
	json_decref(res);
	json_decref(j);
}

static const char *
aicert(void)
{
	return getenv("AICERT_BIN") ? getenv("AICERT_BIN") : "./aicert";
}

/* Runs a shell command, capturing its standard output; its exit status. */
static int
sh(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
sh(char *out, size_t n, const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	FILE *p;
	size_t got = 0;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	while (got < n - 1 && fgets(out + got, (int)(n - got), p) != NULL)
		got = strlen(out);
	out[got] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The key set a server publishes, saved as name in dir; its path. */
static const char *
save_keyset(struct testsrv *t, const char *name)
{
	struct resp r;
	static char path[2][256];
	static int which;
	char *p = path[which++ % 2];

	snprintf(p, 256, "%s/%s", alpha.dir, name);
	if (http_req(t->port, "GET", "/.well-known/aicert-keys.json", NULL, NULL, 0, &r) != 0 ||
	    r.status != 200 || test_write_file(p, r.body, r.body_len) != 0)
		CHECK(0, "the key set of %s is published", name);
	resp_free(&r);
	return p;
}

/* A certificate code for holder signed with the key file at keypath,
 * issued on day issued (days since 1970); malloc'd, or NULL. */
static char *
code_from(const char *keypath, const char *serial, const char *holder, long issued)
{
	struct signing_key k;
	struct cert_claims cl;
	char *c;

	if (keys_load(keypath, &k) != 0)
		return NULL;
	memset(&cl, 0, sizeof cl);
	snprintf(cl.serial, sizeof cl.serial, "%s", serial);
	snprintf(cl.holder, sizeof cl.holder, "%s", holder);
	snprintf(cl.exam, sizeof cl.exam, "ai-basics");
	cl.score_bp = 8750;
	cl.passed = 1;
	cl.issued_day = issued;
	cl.expires_day = issued + 1000;
	sodium_hex2bin(cl.key_id, 8, k.id, 16, NULL, NULL, NULL);
	c = cert_code_make(&cl, k.sk);
	sodium_memzero(k.sk, sizeof k.sk);
	return c;
}

/* `aicert verify CODE --trust-list list --registry-key reg` (and more):
 * its exit status, its output in out. */
static int
verify(char *out, size_t n, const char *code, const char *list, const char *reg,
    const char *more)
{
	return sh(out, n, "%s verify '%s' --trust-list %s --registry-key %s %s 2>&1",
	    aicert(), code, list, reg, more ? more : "");
}

/* A list with body issuers (JSON text of the "issuers" array) issued at
 * issued and expiring at expires, signed with the key file regkey,
 * written to path. 0 or -1. */
static int
write_list(const char *path, const char *regkey, const char *issuers, long long issued,
    long long expires)
{
	struct signing_key reg;
	char *body, *file;
	int rc;

	if (keys_load(regkey, &reg) != 0)
		return -1;
	if (asprintf(&body, "{\"registry\": \"Test Registry\", \"issued_at\": %lld, "
	    "\"expires_at\": %lld, \"issuers\": %s}", issued, expires, issuers) < 0)
		return -1;
	file = trust_list_sign(body, strlen(body), &reg);
	rc = file ? test_write_file(path, file, strlen(file)) : -1;
	free(body);
	free(file);
	return rc;
}

/* The issuers array of one issuer with the key of keypath, period
 * [from, to], into out. */
static void
issuer_json(char *out, size_t n, const char *keypath, long long from, long long to)
{
	struct signing_key k;
	char pem[256], *esc;
	json_t *s;

	memset(&k, 0, sizeof k);
	keys_load(keypath, &k);
	keys_public_pem(k.pk, pem, sizeof pem);
	s = json_string(pem);
	esc = json_dumps(s, JSON_ENCODE_ANY);
	snprintf(out, n, "[{\"name\": {\"en\": \"Alpha Academy\", \"zh-TW\": \"甲學院\"}, "
	    "\"url\": \"https://cert.alpha.tw\", \"keys\": [{\"id\": \"%s\", "
	    "\"public_key_pem\": %s, \"not_before\": %lld, \"not_after\": %lld}]}]",
	    k.id, esc, from, to);
	free(esc);
	json_decref(s);
	sodium_memzero(k.sk, sizeof k.sk);
}

/* The reader refuses what a registry would never sign, saying why. */
static void
strict_reader(const char *regkey)
{
	struct signing_key reg;
	char err[512], *body, *file, big[200];
	const char *bad[][2] = {
		{ "{\"registry\":\"R\",\"issued_at\":1,\"expires_at\":9999999999,\"issuers\":[],"
		  "\"comment\":\"x\"}", "unknown field \"comment\" in the list" },
		{ "{\"registry\":\"R\",\"issued_at\":1,\"expires_at\":9999999999,\"issuers\":"
		  "[{\"name\":{\"en\":\"A\",\"zh-TW\":\"甲\"},\"url\":\"https://a.tw\",\"keys\":"
		  "[{\"id\":\"56475aa75463474c\",\"public_key_pem\":\"-----BEGIN PUBLIC KEY-----\\n"
		  "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\\n-----END PUBLIC "
		  "KEY-----\\n\",\"not_before\":0,\"not_after\":null,\"status\":\"current\"}]}]}",
		  "unknown field \"status\" in issuers[0].keys[0]" },
		{ "{\"registry\":\"R\",\"issued_at\":1,\"expires_at\":9999999999,\"issuers\":"
		  "[{\"name\":{\"en\":\"A\",\"zh-TW\":\"甲\"},\"url\":\"https://a.tw\",\"keys\":"
		  "[{\"id\":\"56475aa75463474c\",\"public_key_pem\":\"-----BEGIN PUBLIC KEY-----\\n"
		  "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\\n-----END PUBLIC "
		  "KEY-----\\n\",\"not_before\":0,\"not_after\":null}]},"
		  "{\"name\":{\"en\":\"B\",\"zh-TW\":\"乙\"},\"url\":\"https://b.tw\",\"keys\":"
		  "[{\"id\":\"56475aa75463474c\",\"public_key_pem\":\"-----BEGIN PUBLIC KEY-----\\n"
		  "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\\n-----END PUBLIC "
		  "KEY-----\\n\",\"not_before\":0,\"not_after\":null}]}]}",
		  "key id 56475aa75463474c appears twice (again in issuers[1].keys[0])" },
		{ "{\"registry\":\"R\",\"issued_at\":1,\"expires_at\":9999999999,\"issuers\":"
		  "[{\"name\":{\"en\":\"A\",\"zh-TW\":\"甲\"},\"url\":\"https://a.tw\",\"keys\":"
		  "[{\"id\":\"0000000000000000\",\"public_key_pem\":\"-----BEGIN PUBLIC KEY-----\\n"
		  "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\\n-----END PUBLIC "
		  "KEY-----\\n\",\"not_before\":0,\"not_after\":null}]}]}",
		  "says id 0000000000000000 but its key's id is 56475aa75463474c" },
		{ "{\"registry\":\"R\",\"issued_at\":1,\"expires_at\":9999999999,\"issuers\":"
		  "[{\"name\":{\"en\":\"A\",\"zh-TW\":\"甲\"},\"url\":\"javascript:alert(1)\","
		  "\"keys\":[]}]}", "issuers[0] \"url\" must be an http:// or https:// address" },
		{ "{\"registry\":\"R\",\"registry\":\"S\",\"issued_at\":1,\"expires_at\":9,"
		  "\"issuers\":[]}", "duplicate object key" },
	};
	struct trust_list *l;

	if (keys_load(regkey, &reg) != 0) {
		CHECK(0, "the registry key loads");
		return;
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		file = trust_list_sign(bad[i][0], strlen(bad[i][0]), &reg);
		err[0] = '\0';
		l = trust_list_read(file, strlen(file), &reg.pk, 1, 2, err, sizeof err);
		CHECK(l == NULL && strstr(err, bad[i][1]) != NULL,
		    "a list is refused with \"%s\" (got \"%s\")", bad[i][1], err);
		trust_list_free(l);
		free(file);
	}
	/* Size: more than the limit is refused before anything is parsed. */
	body = calloc(1, TRUST_LIST_MAX_BYTES + 2);
	memset(body, ' ', TRUST_LIST_MAX_BYTES + 1);
	l = trust_list_read(body, TRUST_LIST_MAX_BYTES + 1, &reg.pk, 1, 2, err, sizeof err);
	snprintf(big, sizeof big, "more than the %d", TRUST_LIST_MAX_BYTES);
	CHECK(l == NULL && strstr(err, big) != NULL, "an oversized list is refused: %s", err);
	free(body);
	/* An unknown envelope field. */
	file = trust_list_sign("{}", 2, &reg);
	{
		json_t *env = json_loads(file, 0, NULL);
		char *again;

		json_object_set_new(env, "note", json_string("x"));
		again = json_dumps(env, 0);
		l = trust_list_read(again, strlen(again), &reg.pk, 1, 2, err, sizeof err);
		CHECK(l == NULL && strstr(err, "unknown field \"note\" in the trust list"),
		    "an unknown envelope field is refused: %s", err);
		free(again);
		json_decref(env);
	}
	free(file);
	sodium_memzero(reg.sk, sizeof reg.sk);
}

/* The fixed inputs of the worked example (docs/certificate-format.md,
 * section 7): the registry key is seed bytes 32..63, the listed issuer's
 * key the one of section 6 (seed bytes 0..31). */
static char *
worked_example(struct signing_key *reg)
{
	unsigned char seed[32], pk[32], sk[64];
	char pem[256], id[KEY_ID_LEN + 1], *body, *file;
	json_t *doc;

	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)(32 + i);
	crypto_sign_seed_keypair(reg->pk, reg->sk, seed);
	keys_id(reg->pk, reg->id);
	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)i;
	crypto_sign_seed_keypair(pk, sk, seed);
	keys_id(pk, id);
	keys_public_pem(pk, pem, sizeof pem);
	doc = json_pack("{s:s, s:I, s:I, s:[{s:{s:s, s:s}, s:s, s:[{s:s, s:s, s:I, s:n}]}]}",
	    "registry", "Example National Registry",
	    "issued_at", (json_int_t)1777593600, "expires_at", (json_int_t)4102444800LL,
	    "issuers", "name", "en", "Example Training Centre", "zh-TW", "範例訓練中心",
	    "url", "https://cert.example.tw", "keys", "id", id, "public_key_pem", pem,
	    "not_before", (json_int_t)1767225600, "not_after");
	body = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	file = trust_list_sign(body, strlen(body), reg);
	free(body);
	return file;
}

/* The text of the first ``` block after marker in doc, without its last
 * newline (malloc'd), or NULL. */
static char *
doc_block(const char *doc, const char *marker)
{
	const char *m = strstr(doc, marker), *b, *e;

	if (m == NULL || (b = strstr(m, "```")) == NULL || (b = strchr(b, '\n')) == NULL ||
	    (e = strstr(b + 1, "\n```")) == NULL)
		return NULL;
	return strndup(b + 1, (size_t)(e - b - 1));
}

static void
doc_example(void)
{
	struct signing_key reg;
	char *want = worked_example(&reg), *doc, *file, *pem, err[512], out[4096];
	char dir[] = "/tmp/aicert-trustdoc-XXXXXX", path[256];
	size_t len;
	struct trust_list *l;

	if ((doc = test_read_file("docs/certificate-format.md", &len)) == NULL) {
		CHECK(0, "docs/certificate-format.md exists");
		free(want);
		return;
	}
	file = doc_block(doc, "`list.json`:");
	pem = doc_block(doc, "`registry.pem` (key id");
	CHECK(file != NULL && want != NULL && strcmp(file, want) == 0,
	    "the worked trust list of docs/certificate-format.md is what aicert signs:\n%s",
	    want ? want : "");
	l = file ? trust_list_read(file, strlen(file), &reg.pk, 1, 1777593600, err,
	    sizeof err) : NULL;
	CHECK(l != NULL && l->nissuers == 1 && trust_list_find(l, "56475aa75463474c", NULL),
	    "the documented list reads and lists key 56475aa75463474c: %s", l ? "" : err);
	trust_list_free(l);
	{
		char mine[256];

		keys_public_pem(reg.pk, mine, sizeof mine);
		mine[strlen(mine) - 1] = '\0';	/* the block has no last newline */
		CHECK(pem != NULL && strcmp(pem, mine) == 0,
		    "the documented registry.pem is the registry key's");
	}
	/* The document's shell commands, as a reader runs them. */
	if (file != NULL && pem != NULL && mkdtemp(dir) != NULL) {
		char *cmds = doc_block(doc, "With python3 and OpenSSL");

		snprintf(path, sizeof path, "%s/list.json", dir);
		test_write_file(path, file, strlen(file));
		snprintf(path, sizeof path, "%s/registry.pem", dir);
		test_write_file(path, pem, strlen(pem));
		if (cmds == NULL)
			CHECK(0, "the document shows how to check the list with OpenSSL");
		else if (sh(out, sizeof out, "command -v openssl >/dev/null && command -v "
		    "python3 >/dev/null && echo yes") != 0)
			SKIP("openssl or python3 missing: the documented commands are not run");
		else {
			snprintf(path, sizeof path, "%s/check.sh", dir);
			test_write_file(path, cmds, strlen(cmds));
			CHECK(sh(out, sizeof out, "cd %s && sh check.sh 2>&1", dir) == 0 &&
			    strstr(out, "Signature Verified Successfully") != NULL,
			    "the documented OpenSSL check passes: %s", out);
			snprintf(path, sizeof path, "%s/list.json", dir);
			file[strlen(file) / 2] ^= 1;	/* one byte of the list */
			test_write_file(path, file, strlen(file));
			CHECK(sh(out, sizeof out, "cd %s && rm -f *.bin && sh check.sh 2>&1",
			    dir) != 0 &&
			    strstr(out, "Signature Verified Successfully") == NULL,
			    "the documented check fails on a list one byte off: %s", out);
		}
		free(cmds);
		/* The code of section 6.4 verifies against the documented list. */
		if ((cmds = doc_block(doc, "### 6.4")) != NULL) {
			char *nl = strchr(cmds, '\n');

			if (nl != NULL)
				*nl = '\0';
			file[strlen(file) / 2] ^= 1;	/* the list as documented again */
			snprintf(path, sizeof path, "%s/list.json", dir);
			test_write_file(path, file, strlen(file));
			CHECK(sh(out, sizeof out, "%s verify 'https://cert.example.tw/v/%s' "
			    "--trust-list %s/list.json --registry-key %s/registry.pem 2>&1",
			    aicert(), cmds, dir, dir) != 1 &&
			    strstr(out, "issuer:      Example Training Centre / 範例訓練中心") &&
			    strstr(out, "issuer url:  https://cert.example.tw") &&
			    (strstr(out, "\nVALID\n") || strstr(out, "\nEXPIRED\n")),
			    "the code of section 6 verifies against the documented list: %s", out);
			free(cmds);
		}
		sh(out, sizeof out, "rm -rf %s", dir);
	}
	free(doc);
	free(file);
	free(pem);
	free(want);
}

/* GET path from t in lang: the body (malloc'd) and the status. */
static char *
page(struct testsrv *t, const char *path, const char *lang, int *status)
{
	struct resp r;
	char hdr[64], *body = NULL;

	snprintf(hdr, sizeof hdr, "Accept-Language: %s\r\n", lang);
	*status = 0;
	if (http_req(t->port, "GET", path, hdr, NULL, 0, &r) == 0) {
		*status = r.status;
		body = strdup(r.body ? r.body : "");
		resp_free(&r);
	}
	return body;
}

static void
server_with_list(const char *list, const char *reg, const char *code_a, const char *code_b,
    const char *code_s, const char *code_dup, const char *regkey, const char *keyset_a)
{
	char path[2048], out[4096], *body;
	int status;
	json_t *j;

	if (testsrv_start(&alpha, "--base-url", "https://cert.alpha.tw", "--issuer-en",
	    "Alpha Academy", "--issuer-zh", "甲學院", "--trust-list", list,
	    "--registry-key", reg, NULL) != 0) {
		CHECK(0, "the server starts with a trust list");
		return;
	}
	snprintf(path, sizeof path, "/v/%s", code_b);
	body = page(&alpha, path, "en", &status);
	CHECK(status == 200 && body && strstr(body, "Beta Institute") && strstr(body, "乙學院") &&
	    strstr(body, "issued by another organisation") &&
	    strstr(body, "href=\"https://cert.beta.tw/v/") &&
	    strstr(body, "Whether it has been revoked is not known here") &&
	    strstr(body, "National AI Skills Registry") && strstr(body, "Valid"),
	    "/v/ shows another listed issuer's certificate as valid, names that issuer in "
	    "both languages, links its own page and says revocation is not known here");
	free(body);
	body = page(&alpha, path, "zh-TW", &status);
	CHECK(status == 200 && body && strstr(body, "乙學院（Beta Institute）") &&
	    strstr(body, "另一個機構核發") && strstr(body, "本站無從得知此證書是否已撤銷") &&
	    strstr(body, "信任清單") && strstr(body, "本頁由以下網站依信任清單查驗") &&
	    !strstr(body, "請確認本頁位於發證單位自己的網址"),
	    "the same page in zh-TW names the other issuer and says revocation is unknown");
	free(body);
	snprintf(path, sizeof path, "/v/%s", code_a);
	body = page(&alpha, path, "en", &status);
	CHECK(status == 200 && body && strstr(body, "Alpha Academy") &&
	    !strstr(body, "issued by another organisation"),
	    "the server's own certificate gets no note about another organisation");
	free(body);
	snprintf(path, sizeof path, "/v/%s", code_s);
	body = page(&alpha, path, "en", &status);
	CHECK(status == 200 && body && strstr(body, "Not a valid certificate"),
	    "a stranger's certificate stays invalid with a trust list");
	free(body);
	snprintf(path, sizeof path, "/api/v1/verify/%s", code_b);
	j = testsrv_api(&alpha, NULL, "GET", path, NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "status"), "valid") == 0 &&
	    strcmp(testsrv_jstr(json_object_get(j, "listed_issuer"), "url"),
	    "https://cert.beta.tw") == 0 &&
	    json_is_false(json_object_get(json_object_get(j, "listed_issuer"),
	    "revocation_known")),
	    "/api/v1/verify says valid, names the listed issuer's address and that "
	    "revocation is not known");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/verify/%s", code_dup);
	j = testsrv_api(&alpha, NULL, "GET", path, NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "status"), "valid") == 0 &&
	    json_object_get(j, "revoked_at") == NULL &&
	    json_object_get(j, "listed_issuer") != NULL,
	    "Beta's certificate with the serial of one Alpha revoked is Beta's: valid, "
	    "not revoked (got %s)", testsrv_jstr(j, "status"));
	json_decref(j);

	/* SIGHUP: a list without Beta takes over; a bad one is refused. */
	sh(out, sizeof out, "%s trust-list build --registry-key %s --url https://cert.alpha.tw "
	    "%s > %s 2>/dev/null", aicert(), regkey, keyset_a, list);
	kill(alpha.pid, SIGHUP);
	usleep(300000);
	snprintf(path, sizeof path, "/api/v1/verify/%s", code_b);
	j = testsrv_api(&alpha, NULL, "GET", path, NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "status"), "invalid") == 0,
	    "after SIGHUP with a list without Beta, Beta's certificate is invalid here");
	json_decref(j);
	test_write_file(list, "{}", 2);
	kill(alpha.pid, SIGHUP);
	usleep(300000);
	snprintf(path, sizeof path, "/api/v1/verify/%s", code_a);
	j = testsrv_api(&alpha, NULL, "GET", path, NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "status"), "valid") == 0,
	    "a bad list on SIGHUP leaves the server serving");
	json_decref(j);
	testsrv_stop(&alpha, SIGTERM, NULL);
}

void
test_trust(void)
{
	char out[8192], list[256], tampered[256], expired[256], reg[256], regkey[256];
	char reg2[256], key_a[256], key_b[256], stranger[256], issuers[2048];
	char keyset_a[256], keyset_b[256], status_a[256], status_b[256];
	long today = (long)(time(NULL) / 86400);
	long long now = (long long)time(NULL);
	char *code_a = NULL, *code_b = NULL, *code_s = NULL, *code_old = NULL, *text;
	char *code_dup = NULL, revoked[64];
	struct signing_key sk;
	size_t len;

	doc_example();
	testsrv_init(&alpha);
	testsrv_init(&beta);
	alpha_setup();
	if (testsrv_start(&alpha, "--issuer-en", "Alpha Academy", "--issuer-zh", "甲學院",
	    NULL) != 0 || testsrv_start(&beta, "--issuer-en", "Beta Institute",
	    "--issuer-zh", "乙學院", NULL) != 0) {
		CHECK(0, "two issuers' servers start");
		return;
	}
	alpha_revoked(revoked, sizeof revoked);
	snprintf(keyset_a, sizeof keyset_a, "%s", save_keyset(&alpha, "alpha-keys.json"));
	snprintf(keyset_b, sizeof keyset_b, "%s", save_keyset(&beta, "beta-keys.json"));
	{
		struct resp r;

		snprintf(status_a, sizeof status_a, "%s/alpha-status.txt", alpha.dir);
		snprintf(status_b, sizeof status_b, "%s/beta-status.txt", alpha.dir);
		if (http_req(alpha.port, "GET", "/api/v1/status-list", NULL, NULL, 0, &r) == 0)
			test_write_file(status_a, r.body, r.body_len);
		resp_free(&r);
		if (http_req(beta.port, "GET", "/api/v1/status-list", NULL, NULL, 0, &r) == 0)
			test_write_file(status_b, r.body, r.body_len);
		resp_free(&r);
	}
	testsrv_stop(&alpha, SIGTERM, NULL);
	testsrv_stop(&beta, SIGTERM, NULL);
	snprintf(key_a, sizeof key_a, "%s/aicert.key", alpha.dir);
	snprintf(key_b, sizeof key_b, "%s/aicert.key", beta.dir);
	snprintf(stranger, sizeof stranger, "%s/stranger.key", alpha.dir);
	snprintf(regkey, sizeof regkey, "%s/registry.key", alpha.dir);
	snprintf(reg, sizeof reg, "%s/registry.pem", alpha.dir);
	snprintf(reg2, sizeof reg2, "%s/other-registry.pem", alpha.dir);
	snprintf(list, sizeof list, "%s/list.json", alpha.dir);
	snprintf(tampered, sizeof tampered, "%s/tampered.json", alpha.dir);
	snprintf(expired, sizeof expired, "%s/expired.json", alpha.dir);
	keys_create(stranger, &sk);
	code_a = code_from(key_a, "ALPHA-2026-0001", "王小明", today);
	code_b = code_from(key_b, "BETA-2026-0001", "李四", today);
	code_s = code_from(stranger, "EVIL-2026-0001", "王小明", today);
	code_old = code_from(key_a, "ALPHA-2019-0001", "王小明", 18000);
	code_dup = code_from(key_b, revoked[0] ? revoked : "X", "李四", today);
	if (!code_a || !code_b || !code_s || !code_old || !code_dup) {
		CHECK(0, "certificate codes are made with each issuer's key");
		goto done;
	}

	/* The registry: a key pair, then the list of both issuers. */
	CHECK(sh(out, sizeof out, "%s trust-list keygen %s 2>/dev/null > %s", aicert(), regkey, reg) == 0 &&
	    sh(out, sizeof out, "%s trust-list keygen %s.2 2>/dev/null > %s", aicert(), regkey,
	    reg2) == 0,
	    "trust-list keygen makes registry keys");
	CHECK(sh(out, sizeof out, "%s trust-list build --registry-key %s --name "
	    "'National AI Skills Registry' --url https://cert.alpha.tw %s --url "
	    "https://cert.beta.tw %s 2>&1 > %s", aicert(), regkey, keyset_a, keyset_b, list) == 0 &&
	    strstr(out, "trust list of 2 issuer(s)"),
	    "trust-list build signs a list of both issuers: %s", out);
	CHECK(sh(out, sizeof out, "%s trust-list build --registry-key %s %s 2>&1", aicert(),
	    regkey, keyset_a) == 1 && strstr(out, "give --url URL before the key set"),
	    "a key set without an address is refused, saying --url is needed: %s", out);
	CHECK(sh(out, sizeof out, "%s trust-list build --registry-key %s --url https://a.tw "
	    "%s --url https://b.tw %s 2>&1", aicert(), regkey, keyset_a, keyset_a) == 1 &&
	    strstr(out, "appears twice"),
	    "the same key listed for two issuers is refused: %s", out);

	CHECK(sh(out, sizeof out, "%s trust-list show %s --registry-key %s 2>&1", aicert(), list,
	    reg) == 0 && strstr(out, "trust list:  National AI Skills Registry") &&
	    strstr(out, "issuer:      Alpha Academy / 甲學院, https://cert.alpha.tw") &&
	    strstr(out, "issuer:      Beta Institute / 乙學院, https://cert.beta.tw") &&
	    strstr(out, "to no end"),
	    "trust-list show prints both issuers, their addresses and keys: %s", out);
	CHECK(sh(out, sizeof out, "%s trust-list show %s --registry-key %s 2>&1", aicert(), list,
	    reg2) == 1 && strstr(out, "INVALID: the trust list"),
	    "trust-list show with another registry's key: exit 1: %s", out);

	/* Offline: each listed issuer's certificate verifies, saying whose. */
	CHECK(verify(out, sizeof out, code_a, list, reg, NULL) == 0 &&
	    strstr(out, "issuer:      Alpha Academy / 甲學院") &&
	    strstr(out, "https://cert.alpha.tw") && strstr(out, "\nVALID\n"),
	    "Alpha's certificate verifies with the list, naming Alpha: %s", out);
	CHECK(verify(out, sizeof out, code_b, list, reg, NULL) == 0 &&
	    strstr(out, "issuer:      Beta Institute / 乙學院") && strstr(out, "李四") &&
	    strstr(out, "National AI Skills Registry") && strstr(out, "\nVALID\n"),
	    "Beta's certificate verifies with the same list, naming Beta: %s", out);
	snprintf(issuers, sizeof issuers, "--status-list %s", status_b);
	CHECK(verify(out, sizeof out, code_b, list, reg, issuers) == 0 &&
	    strstr(out, "status list: ") && strstr(out, "\nVALID\n"),
	    "Beta's certificate with Beta's status list: checked, valid: %s", out);
	snprintf(issuers, sizeof issuers, "--status-list %s", status_a);
	CHECK(verify(out, sizeof out, code_b, list, reg, issuers) == 1 &&
	    strstr(out, "which is not one of the issuer's keys"),
	    "Beta's certificate with Alpha's status list: refused: %s", out);
	CHECK(verify(out, sizeof out, code_s, list, reg, NULL) == 1 &&
	    strstr(out, "INVALID: signed by key ") &&
	    strstr(out, "which no issuer in the trust list"),
	    "an unlisted issuer's certificate: exit 1, one line saying so: %s", out);
	CHECK(verify(out, sizeof out, code_old, list, reg, NULL) == 1 &&
	    strstr(out, "INVALID: the trust list accepts key ") &&
	    strstr(out, "this one says 2019-04-14"),
	    "a key used outside its period: exit 1: %s", out);

	/* The list itself: one byte changed, another registry, expired. */
	if ((text = test_read_file(list, &len)) != NULL) {
		char *p = strstr(text, "Beta Institute");

		if (p != NULL)
			p[5] = 'X';
		test_write_file(tampered, text, len);
		free(text);
	}
	CHECK(verify(out, sizeof out, code_b, tampered, reg, NULL) == 1 &&
	    strstr(out, "cannot be trusted: its signature does not match") &&
	    !strstr(out, "VALID\n"),
	    "a list with one byte changed is refused: %s", out);
	CHECK(verify(out, sizeof out, code_b, list, reg2, NULL) == 1 &&
	    strstr(out, "not by the registry key given"),
	    "a list checked with another registry's key is refused: %s", out);
	issuer_json(issuers, sizeof issuers, key_a, 0, now + 86400);
	write_list(expired, regkey, issuers, now - 200 * 86400, now - 100);
	CHECK(verify(out, sizeof out, code_a, expired, reg, NULL) == 1 &&
	    strstr(out, "cannot be trusted: it expired at"),
	    "an expired list is refused: %s", out);
	CHECK(sh(out, sizeof out, "%s verify '%s' --trust-list %s 2>&1", aicert(), code_a,
	    list) == 2 && strstr(out, "go together"),
	    "--trust-list without --registry-key is a usage error (exit 2): %s", out);
	strict_reader(regkey);

	/* Serving: a bad list stops the start; a good one shows Beta on /v/. */
	CHECK(sh(out, sizeof out, "%s --db %s --share . serve --listen 127.0.0.1:0 "
	    "--trust-list %s --registry-key %s 2>&1", aicert(), alpha.db, tampered, reg) == 1 &&
	    strstr(out, "cannot be trusted") && strstr(out, "not starting"),
	    "serve refuses to start with a tampered list, saying so: %s", out);
	server_with_list(list, reg, code_a, code_b, code_s, code_dup, regkey, keyset_a);
done:
	free(code_a);
	free(code_b);
	free(code_s);
	free(code_old);
	free(code_dup);
	sh(out, sizeof out, "rm -rf %s %s", alpha.dir, beta.dir);
}

/*
 * test_cert_code.c - the certificate code (cert_code.c), the status list
 * (status_list.c) and `aicert verify` (cmd_verify.c): a code reads back
 * to its claims; changing any one character of it makes it invalid; either
 * case and URL forms verify; another installation's key, a truncated code
 * and oversized fields are refused; a status list reports a revocation
 * and rejects tampering; openssl alone, following
 * docs/certificate-format.md, verifies a code; the document's worked
 * example is what the code makes; the verify URL fits a modest QR code;
 * the command's exit codes; and the dates and times of timefmt.c.
 */
#include "test.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "cert_code.h"
#include "keys.h"
#include "status_list.h"
#include "testsrv.h"
#include "timefmt.h"

/* The key of docs/certificate-format.md: seed bytes 0, 1, ..., 31. */
static void
example_key(unsigned char pk[32], unsigned char sk[64])
{
	unsigned char seed[32];

	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)i;
	crypto_sign_seed_keypair(pk, sk, seed);
}

/* The claims of the worked example, signed by pk's key. */
static void
example_claims(struct cert_claims *c, const unsigned char pk[32])
{
	char id[KEY_ID_LEN + 1];

	memset(c, 0, sizeof *c);
	snprintf(c->serial, sizeof c->serial, "AIC-2026-0000123");
	snprintf(c->holder, sizeof c->holder, "王小明");
	snprintf(c->holder_alt, sizeof c->holder_alt, "Wang Hsiao-Ming");
	snprintf(c->exam, sizeof c->exam, "ai-basics-2026");
	c->score_bp = 8750;
	c->passed = 1;
	c->issued_day = 20574;		/* 2026-05-01 */
	c->expires_day = 21669;		/* 2029-04-30 */
	keys_id(pk, id);
	sodium_hex2bin(c->key_id, sizeof c->key_id, id, KEY_ID_LEN, NULL, NULL, NULL);
}

static int
claims_equal(const struct cert_claims *a, const struct cert_claims *b)
{
	return strcmp(a->serial, b->serial) == 0 && strcmp(a->holder, b->holder) == 0 &&
	    strcmp(a->holder_alt, b->holder_alt) == 0 && strcmp(a->exam, b->exam) == 0 &&
	    a->score_bp == b->score_bp && a->passed == b->passed &&
	    a->issued_day == b->issued_day && a->expires_day == b->expires_day &&
	    memcmp(a->key_id, b->key_id, 8) == 0;
}

static void
test_base32(void)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" },
		{ "foob", "MZXW6YQ" }, { "fooba", "MZXW6YTB" },
		{ "foobar", "MZXW6YTBOI" },
	};
	unsigned char back[16];
	char out[32];

	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		size_t n = strlen(v[i][0]);

		cert_code_base32_encode((const unsigned char *)v[i][0], n, out, sizeof out);
		CHECK_STR(out, v[i][1], "RFC 4648 base32 test vector, unpadded");
		CHECK(cert_code_base32_decode(v[i][1], strlen(v[i][1]), back,
		    sizeof back) == (long)n && memcmp(back, v[i][0], n) == 0,
		    "base32 \"%s\" decodes back to \"%s\"", v[i][1], v[i][0]);
	}
	CHECK(cert_code_base32_decode("mzxw6ytboi", 10, back, sizeof back) == 6,
	    "base32 decodes lower case");
	CHECK(cert_code_base32_decode("MZ", 2, back, sizeof back) == -1 &&
	    cert_code_base32_decode("MY", 2, back, sizeof back) == 1,
	    "base32 refuses non-zero unused bits, so a code has one spelling");
	CHECK(cert_code_base32_decode("MZX", 3, back, sizeof back) == -1 &&
	    cert_code_base32_decode("MZ0W", 4, back, sizeof back) == -1 &&
	    cert_code_base32_decode("MZ=W", 4, back, sizeof back) == -1,
	    "base32 refuses impossible lengths and characters outside A-Z2-7");
}

static void
test_round_trip(const unsigned char pk[32], const unsigned char sk[64])
{
	struct cert_claims c, got;
	unsigned char opk[32], osk[64], seed[32];
	const char *why = "x";
	char *code, url[2200], bad[2048];
	size_t n;
	int all_invalid = 1, upper = 1;

	example_claims(&c, pk);
	code = cert_code_make(&c, sk);
	CHECK(code != NULL, "a certificate with a Chinese name gets a code");
	if (code == NULL)
		return;
	n = strlen(code);
	for (size_t i = 0; i < n; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", code[i]) == NULL)
			upper = 0;
	CHECK(upper, "the code is upper-case base32 (QR alphanumeric mode)");
	CHECK(n < 240, "the code stays compact (%zu characters)", n);
	snprintf(url, sizeof url, "HTTPS://CERT.EXAMPLE.TW/V/%s", code);
	{
		QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 0);

		CHECK(q != NULL && q->version <= 9, "the verify URL fits a QR code "
		    "of version 9 (53 x 53) at level M: version %d", q ? q->version : -1);
		QRcode_free(q);
	}
	CHECK(cert_code_parse(code, &got, &why) == 0 && why == NULL &&
	    claims_equal(&c, &got), "the code reads back to its claims");
	memset(&got, 0, sizeof got);
	CHECK(cert_code_verify(code, pk, &got) == 1 && claims_equal(&c, &got),
	    "the code verifies with the issuer's key");

	/* Any one character changed, to any other letter of the alphabet. */
	for (size_t i = 0; i < n; i++) {
		for (int d = 1; d < 32; d += 7) {
			const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

			snprintf(bad, sizeof bad, "%s", code);
			bad[i] = alpha[((strchr(alpha, code[i]) - alpha) + d) % 32];
			if (cert_code_verify(bad, pk, NULL) != 0) {
				all_invalid = 0;
				printf("  still valid with position %zu changed: %s\n", i, bad);
			}
		}
	}
	CHECK(all_invalid, "changing any one character of the code makes it invalid");

	for (size_t i = 0; i <= n; i++)
		bad[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
	CHECK(cert_code_verify(bad, pk, NULL) == 1, "the code verifies in lower case");
	snprintf(url, sizeof url, "https://cert.example.tw/v/%s", code);
	CHECK(cert_code_verify(url, pk, NULL) == 1, "the verify URL verifies");
	snprintf(url, sizeof url, "HTTPS://CERT.EXAMPLE.TW/V/%s", code);
	CHECK(cert_code_verify(url, pk, NULL) == 1, "the upper-case URL (the QR) verifies");
	snprintf(url, sizeof url, "  https://cert.example.tw/aicert/v/%s?lang=en#top\n", bad);
	CHECK(cert_code_verify(url, pk, NULL) == 1,
	    "a URL under a path, in lower case, with a query and fragment verifies");
	CHECK(cert_code_parse("https://cert.example.tw/", &got, &why) == -1 &&
	    why != NULL, "a URL without a code is malformed");

	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)(0xa0 + i);
	crypto_sign_seed_keypair(opk, osk, seed);
	CHECK(cert_code_verify(code, opk, NULL) == 0,
	    "another installation's key does not verify the code");
	free(code);
	code = cert_code_make(&c, osk);	/* signed by the other key, our key id */
	CHECK(code != NULL && cert_code_verify(code, pk, NULL) == 0,
	    "a code signed by another key under our key id is invalid");
	free(code);
}

static void
test_malformed(const unsigned char pk[32], const unsigned char sk[64])
{
	struct cert_claims c, got;
	const char *why;
	char *code, bad[2048];
	size_t n;

	example_claims(&c, pk);
	code = cert_code_make(&c, sk);
	n = strlen(code);
	snprintf(bad, sizeof bad, "%.*s", (int)n - 1, code);
	CHECK(cert_code_parse(bad, &got, &why) == -1 && why != NULL &&
	    cert_code_verify(bad, pk, NULL) == 0, "a code missing its last character is refused");
	snprintf(bad, sizeof bad, "%.*s", (int)n - 8, code);
	CHECK(cert_code_verify(bad, pk, NULL) == 0, "a code missing 5 bytes is refused");
	snprintf(bad, sizeof bad, "%.*s", (int)n / 2, code);
	CHECK(cert_code_parse(bad, &got, &why) == -1, "half a code is refused (%s)", why);
	snprintf(bad, sizeof bad, "%sAAAAAAAA", code);
	CHECK(cert_code_parse(bad, &got, &why) == -1, "a code with bytes appended is refused");
	CHECK(cert_code_parse("", &got, &why) == -1 && cert_code_parse("1", &got, &why) == -1,
	    "an empty code is refused");
	free(code);

	c.serial[0] = '\0';
	CHECK(cert_code_make(&c, sk) == NULL, "an empty serial is refused");
	memset(c.serial, 'S', sizeof c.serial);
	CHECK(cert_code_make(&c, sk) == NULL, "a 64-byte serial is refused");
	snprintf(c.serial, sizeof c.serial, "AIC 1");
	CHECK(cert_code_make(&c, sk) == NULL, "a serial with a space is refused");
	example_claims(&c, pk);
	snprintf(c.holder, sizeof c.holder, "\xff\xfe");
	CHECK(cert_code_make(&c, sk) == NULL, "a holder name that is not UTF-8 is refused");
	snprintf(c.holder, sizeof c.holder, "Wang\nXiao");
	CHECK(cert_code_make(&c, sk) == NULL, "a holder name with a control is refused");
	memset(c.holder, 'x', sizeof c.holder);
	CHECK(cert_code_make(&c, sk) == NULL, "a 256-byte holder name is refused");
	example_claims(&c, pk);
	memset(c.exam, 'e', sizeof c.exam);
	CHECK(cert_code_make(&c, sk) == NULL, "a 65-byte exam id is refused");
	example_claims(&c, pk);
	c.score_bp = 10001;
	CHECK(cert_code_make(&c, sk) == NULL, "a score above 100%% is refused");
	example_claims(&c, pk);
	c.issued_day = -1;
	CHECK(cert_code_make(&c, sk) == NULL, "a day before 1970 is refused");

	/* Every field at its limit. */
	example_claims(&c, pk);
	memset(c.serial, 'S', 63);
	c.serial[63] = '\0';
	c.holder[0] = '\0';
	for (int i = 0; i < 85; i++)
		strcat(c.holder, "明");
	memset(c.holder_alt, 'a', 255);
	c.holder_alt[255] = '\0';
	memset(c.exam, 'e', 64);
	c.exam[64] = '\0';
	c.expires_day = 0xffffffffL;
	code = cert_code_make(&c, sk);
	CHECK(code != NULL && strlen(code) == CERT_CODE_MAX_LEN &&
	    cert_code_verify(code, pk, &got) == 1 && claims_equal(&c, &got),
	    "a code with every field at its limit verifies and is %d characters",
	    CERT_CODE_MAX_LEN);
	free(code);
	example_claims(&c, pk);
	c.holder_alt[0] = '\0';
	c.passed = 0;
	c.expires_day = 0;
	code = cert_code_make(&c, sk);
	CHECK(code != NULL && cert_code_verify(code, pk, &got) == 1 &&
	    claims_equal(&c, &got), "no alternate name, not passed, never expires");
	free(code);
}

static void
test_status_list(const unsigned char pk[32], const unsigned char sk[64])
{
	struct status_entry e[] = {
		{ "AIC-2026-0000007", 1777636800LL, "superseded by AIC-2026-0000123" },
		{ "AIC-2026-0000123", 1777723200LL, "" },
		{ "AIC-2026-0000200", 1777809600LL, "考試作弊 (exam misconduct)" },
	};
	unsigned char opk[32], osk[64], seed[32] = { 9 };
	char id[KEY_ID_LEN + 1], oid[KEY_ID_LEN + 1], reason[64], t[21], *list, *bad;
	long long at = 0, tt;

	keys_id(pk, id);
	list = status_list_make(e, 3, sk, id, 1777896000LL);
	CHECK(list != NULL && strncmp(list, "aicert-status-list-v1\nkey-id: ", 30) == 0,
	    "a status list is made");
	if (list == NULL)
		return;
	CHECK(strstr(list, "\nrevoked: AIC-2026-0000007 2026-05-01T12:00:00Z "
	    "superseded by AIC-2026-0000123\n") != NULL &&
	    strstr(list, "\nrevoked: AIC-2026-0000123 2026-05-02T12:00:00Z\n") != NULL,
	    "the list has one line per revocation: %s", list);
	CHECK(status_list_check(list, pk, "AIC-2026-0000007", reason, sizeof reason, &at) == 1 &&
	    strcmp(reason, "superseded by AIC-2026-0000123") == 0 && at == 1777636800LL,
	    "a revoked serial is found with its reason and time");
	CHECK(status_list_check(list, pk, "AIC-2026-0000200", reason, sizeof reason, &at) == 1 &&
	    strcmp(reason, "考試作弊 (exam misconduct)") == 0, "a reason in Chinese reads back");
	CHECK(status_list_check(list, pk, "AIC-2026-0000123", reason, sizeof reason, &at) == 1 &&
	    reason[0] == '\0', "a revocation without a reason reads back");
	CHECK(status_list_check(list, pk, "AIC-2026-0000008", reason, sizeof reason, &at) == 0,
	    "a serial not in the list is not revoked");
	CHECK(status_list_check(list, pk, "AIC-2026-000000", NULL, 0, NULL) == 0,
	    "a prefix of a revoked serial is not revoked");
	CHECK(status_list_key_id(list, oid, &tt) == 0 && strcmp(oid, id) == 0 &&
	    tt == 1777896000LL, "the list says its key id and issue time");

	bad = strdup(list);
	*strstr(bad, "superseded") = 'S';
	CHECK(status_list_check(bad, pk, "AIC-2026-0000007", NULL, 0, NULL) == -1,
	    "a list with a changed reason is refused");
	strcpy(bad, list);
	memmove(strstr(bad, "revoked: AIC-2026-0000123"), strstr(bad, "revoked: AIC-2026-0000200"),
	    strlen(strstr(bad, "revoked: AIC-2026-0000200")) + 1);
	CHECK(status_list_check(bad, pk, "AIC-2026-0000123", NULL, 0, NULL) == -1,
	    "a list with a revocation removed is refused");
	free(bad);
	bad = malloc(strlen(list) + 64);
	sprintf(bad, "%srevoked: X 2026-05-01T00:00:00Z\n", list);
	CHECK(status_list_check(bad, pk, "X", NULL, 0, NULL) == -1,
	    "a list with a line after its signature is refused");
	strcpy(bad, list);
	bad[strlen(bad) - 1] = '\0';
	CHECK(status_list_check(bad, pk, "AIC-2026-0000007", NULL, 0, NULL) == 1,
	    "a list missing its final newline still reads");
	free(bad);

	crypto_sign_seed_keypair(opk, osk, seed);
	CHECK(status_list_check(list, opk, "AIC-2026-0000007", NULL, 0, NULL) == -1,
	    "another key does not accept the list");
	keys_id(opk, oid);
	free(list);
	list = status_list_make(e, 1, osk, id, 1777896000LL);
	CHECK(list != NULL && status_list_check(list, pk, "AIC-2026-0000007", NULL, 0, NULL) == -1,
	    "a list signed by another key under our key id is refused");
	free(list);
	list = status_list_make(NULL, 0, sk, id, 1777896000LL);
	CHECK(list != NULL && status_list_check(list, pk, "AIC-2026-0000007", NULL, 0, NULL) == 0,
	    "an empty list revokes nothing");
	free(list);
	e[0].serial = "AIC 7";
	CHECK(status_list_make(e, 1, sk, id, 0) == NULL, "a serial with a space is refused");
	e[0].serial = "AIC-7";
	e[0].reason = "two\nlines";
	CHECK(status_list_make(e, 1, sk, id, 0) == NULL, "a reason with a newline is refused");
	CHECK(status_list_make(NULL, 0, sk, "0123456789ABCDEF", 0) == NULL,
	    "a key id not in lower-case hex is refused");

	CHECK(timefmt_utc(0, t) == 0 && strcmp(t, "1970-01-01T00:00:00Z") == 0 &&
	    timefmt_utc(951825600LL, t) == 0 &&
	    strcmp(t, "2000-02-29T12:00:00Z") == 0, "times print as ISO 8601 UTC");
	CHECK(timefmt_utc_parse("2000-02-29T12:00:00Z", &tt) == 0 && tt == 951825600LL &&
	    timefmt_utc_parse("2100-02-29T12:00:00Z", &tt) == -1 &&
	    timefmt_utc_parse("2026-13-01T00:00:00Z", &tt) == -1 &&
	    timefmt_utc_parse("2026-05-01 00:00:00Z", &tt) == -1,
	    "times parse strictly");
}

/* timefmt.c: the calendar, the issuer's zone and the texts dates are shown
 * in (the certificate, the verification page, the console). */
static void
test_timefmt(void)
{
	struct timefmt_tm tm;
	char out[64];
	long long t, y;
	long off;
	int m, d, ok = 1;

	for (long long z = -800000; z <= 3000000; z += 997) {
		timefmt_civil_from_days(z, &y, &m, &d);
		ok &= timefmt_days_from_civil(y, m, d) == z;
	}
	CHECK(ok && timefmt_days_from_civil(2026, 2, 31) == timefmt_days_from_civil(2026, 3, 3),
	    "civil dates and day numbers round-trip; a day past the month counts on");
	CHECK_STR(timefmt_zone(), "Asia/Taipei", "the issuer's zone defaults to Asia/Taipei");
	t = 1777595400LL;	/* 2026-05-01T00:30:00Z */
	CHECK(timefmt_local(t, TIMEFMT_MINUTE, out, sizeof out) == 0 &&
	    strcmp(out, "2026-05-01 08:30") == 0, "console times are Taipei time (%s)", out);
	timefmt_local(t - 3600, TIMEFMT_INPUT, out, sizeof out);
	CHECK_STR(out, "2026-05-01T07:30", "a datetime-local value in Taipei time");
	timefmt_local(t + 5, TIMEFMT_SECOND, out, sizeof out);
	CHECK_STR(out, "2026-05-01 08:30:05", "with seconds");
	timefmt_local(t - 1800, TIMEFMT_DATE, out, sizeof out);
	CHECK_STR(out, "2026-05-01", "midnight UTC is already the next day in Taipei");
	timefmt_local(t, TIMEFMT_MINGUO, out, sizeof out);
	CHECK_STR(out, "中華民國115年5月1日", "2026 is the 115th year of the Minguo calendar");
	tm.year = 1911, tm.month = 10, tm.day = 10;
	CHECK(timefmt_minguo(&tm, out, sizeof out) == 0 && strcmp(out, "1911年10月10日") == 0,
	    "a year before the Minguo era keeps its Western number");
	CHECK(timefmt_local(-1, TIMEFMT_DATE, out, sizeof out) == -1 && out[0] == '\0' &&
	    timefmt_local(TIMEFMT_MAX_TIME + 1, TIMEFMT_DATE, out, sizeof out) == -1 &&
	    timefmt_local(t, TIMEFMT_MINUTE, out, 8) == -1, "out of range or no room: -1, \"\"");
	timefmt_offset_iso(out);
	CHECK_STR(out, "+08:00", "Taipei's offset as ISO 8601 writes it");
	timefmt_offset_text(out);
	CHECK_STR(out, "UTC+8", "and as people read it");
	CHECK(timefmt_local_parse("2026-05-01T08:30") == t && timefmt_local_parse("") == 0 &&
	    timefmt_local_parse("2026-05-01 08:30:20") == t + 20 &&
	    timefmt_local_parse("2026-13-01T08:30") == -1 && timefmt_local_parse("soon") == -1,
	    "a datetime-local value reads back in Taipei time; \"\" is none, nonsense -1");
	CHECK(timefmt_iso_parse("2026-05-01T08:30:00+08:00", &t) == 0 && t == 1777595400LL &&
	    timefmt_iso_parse("2026-05-01t00:30:00.25Z", &t) == 0 && t == 1777595400LL &&
	    timefmt_iso_parse("2026-05-01T02:00-0130", &t) == 0 && t == 1777606200LL &&
	    timefmt_iso_parse("2026-05-01T00:30:00", &t) == -1 &&
	    timefmt_iso_parse("2027-02-29T00:00Z", &t) == -1 &&
	    timefmt_iso_parse("1969-12-31T23:59Z", &t) == -1,
	    "ISO 8601 with its offset reads; no offset, no such day or before 1970 do not");
	CHECK(timefmt_zone_offset("Asia/Kolkata", &off) == 0 && off == 19800 &&
	    timefmt_zone_offset("Europe/Paris", &off) == -1 && timefmt_set_zone("Mars") == -1 &&
	    strcmp(timefmt_zone(), "Asia/Taipei") == 0,
	    "zones with a fixed offset are known; others are refused and change nothing");
	timefmt_set_zone("Asia/Kolkata");
	timefmt_local(1777595400LL, TIMEFMT_MINUTE, out, sizeof out);
	CHECK_STR(out, "2026-05-01 06:00", "another issuer zone moves the shown time");
	timefmt_offset_text(out);
	CHECK_STR(out, "UTC+5:30", "and its offset text");
	CHECK(timefmt_local_parse("2026-05-01T06:00") == 1777595400LL,
	    "and how a form's time reads back");
	timefmt_set_zone("UTC");
	timefmt_offset_text(out);
	CHECK_STR(out, "UTC", "UTC is plain UTC");
	timefmt_set_zone(TIMEFMT_DEFAULT_ZONE);
}

/* Writes len bytes to dir/name. 0 or -1. */
static int
put_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[256];
	FILE *f;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	return fclose(f) == 0 ? rc : -1;
}

/* Runs the shell commands of docs/certificate-format.md on code with the
 * public key pk; the output of openssl into out. */
static void
openssl_verify(const char *dir, const char *code, const unsigned char pk[32],
    char *out, size_t outlen)
{
	char pem[256], cmd[4096];
	size_t n;
	FILE *p;

	keys_public_pem(pk, pem, sizeof pem);
	put_file(dir, "key.pem", pem, strlen(pem));
	snprintf(cmd, sizeof cmd,
	    "cd %s && URL='https://cert.example.tw/v/%s?lang=en' && "
	    "CODE=${URL##*/[vV]/} && CODE=${CODE%%%%[?#]*} && "
	    "CODE=$(printf '%%s' \"$CODE\" | tr a-z A-Z) && "
	    "PAD=$(printf '========' | head -c $(( (8 - ${#CODE} %% 8) %% 8 ))) && "
	    "printf '%%s%%s' \"$CODE\" \"$PAD\" | base32 -d > code.bin && "
	    "LEN=$(wc -c < code.bin) && "
	    "head -c $((LEN - 64)) code.bin > payload.bin && "
	    "tail -c 64 code.bin > sig.bin && "
	    "printf 'aicert-certificate-v1\\000' > msg.bin && "
	    "cat payload.bin >> msg.bin && "
	    "openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in msg.bin "
	    "-sigfile sig.bin 2>&1", dir, code);
	out[0] = '\0';
	if ((p = popen(cmd, "r")) == NULL)
		return;
	n = fread(out, 1, outlen - 1, p);
	out[n] = '\0';
	pclose(p);
}

static void
test_openssl(const unsigned char pk[32], const unsigned char sk[64])
{
	struct cert_claims c;
	unsigned char bytes[CERT_CODE_MAX_PAYLOAD + CERT_CODE_SIG_LEN];
	char dir[] = "/tmp/aicert-openssl-XXXXXX", out[1024], cmd[300], *code;
	size_t len, plen;
	const char *why;
	FILE *msg;

	if (system("openssl version >/dev/null 2>&1 && base32 --version >/dev/null 2>&1") != 0) {
		SKIP("openssl or base32 is not installed: no independent check");
		return;
	}
	if (mkdtemp(dir) == NULL)
		return;
	example_claims(&c, pk);
	code = cert_code_make(&c, sk);
	openssl_verify(dir, code, pk, out, sizeof out);
	CHECK(strstr(out, "Signature Verified Successfully") != NULL,
	    "openssl alone verifies a code following the document: %s", out);

	/* The message the shell made is the domain prefix and the payload. */
	cert_code_bytes(code, bytes, sizeof bytes, &len, &plen, &why);
	snprintf(cmd, sizeof cmd, "%s/msg.bin", dir);
	if ((msg = fopen(cmd, "rb")) != NULL) {
		unsigned char m[CERT_CODE_DOMAIN_LEN + CERT_CODE_MAX_PAYLOAD];
		size_t got = fread(m, 1, sizeof m, msg);

		fclose(msg);
		CHECK(got == CERT_CODE_DOMAIN_LEN + plen &&
		    memcmp(m, "aicert-certificate-v1", CERT_CODE_DOMAIN_LEN) == 0 &&
		    memcmp(m + CERT_CODE_DOMAIN_LEN, bytes, plen) == 0,
		    "the signed message is the 22-byte prefix and the payload");
	}
	code[10] = code[10] == 'A' ? 'B' : 'A';
	openssl_verify(dir, code, pk, out, sizeof out);
	CHECK(strstr(out, "Signature Verified Successfully") == NULL,
	    "openssl refuses a changed code: %s", out);
	free(code);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		perror("rm");
}

/* The worked example of docs/certificate-format.md is what the code makes. */
static void
test_document(const unsigned char pk[32], const unsigned char sk[64])
{
	struct status_entry e = { "AIC-2026-0000007", 1777636800LL,
		"superseded by AIC-2026-0000123" };
	struct cert_claims c;
	char pem[256], id[KEY_ID_LEN + 1], *code, *doc, *list;
	size_t len;

	if ((doc = test_read_file("docs/certificate-format.md", &len)) == NULL) {
		CHECK(0, "docs/certificate-format.md exists");
		return;
	}
	example_claims(&c, pk);
	code = cert_code_make(&c, sk);
	keys_public_pem(pk, pem, sizeof pem);
	CHECK(code != NULL && strstr(doc, code) != NULL,
	    "the document's example code is the one the code makes: %s", code);
	CHECK(strstr(doc, pem) != NULL, "the document shows the example public key");
	{
		char check[CERT_CHECK_LEN + 1];

		CHECK(code != NULL && cert_check_code(code, check) == 0 &&
		    strstr(doc, check) != NULL,
		    "the document's example check code is the one the code makes: %s", check);
	}
	keys_id(pk, id);
	list = status_list_make(&e, 1, sk, id, 1777896000LL);
	CHECK(list != NULL && strstr(doc, list) != NULL,
	    "the document's example status list is the one the code makes: %s", list);
	free(list);
	free(code);
	free(doc);
}

/* `aicert verify` through the real binary, with no database. */
static void
test_cli(const unsigned char pk[32], const unsigned char sk[64])
{
	struct testsrv t;
	struct cert_claims c;
	struct signing_key k;
	struct status_entry e = { "AIC-2026-0000123", 1777636800LL, "superseded" };
	unsigned char opk[32], osk[64], seed[32] = { 7 };
	char pem[256], opem[256], id[KEY_ID_LEN + 1], oid[KEY_ID_LEN + 1];
	char key[128], okey[128], set[128], list[128], out[8192], url[1024];
	char json[2048], *code, *bad, *text;
	struct stat st;
	int rc;

	testsrv_init(&t);
	crypto_sign_seed_keypair(opk, osk, seed);
	keys_public_pem(pk, pem, sizeof pem);
	keys_public_pem(opk, opem, sizeof opem);
	keys_id(pk, id);
	keys_id(opk, oid);
	put_file(t.dir, "pub.pem", pem, strlen(pem));
	put_file(t.dir, "other.pem", opem, strlen(opem));
	snprintf(key, sizeof key, "%s/pub.pem", t.dir);
	snprintf(okey, sizeof okey, "%s/other.pem", t.dir);
	example_claims(&c, pk);
	c.expires_day = 0;
	code = cert_code_make(&c, sk);

	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", key, NULL);
	CHECK(rc == 0 && strstr(out, "\nVALID\n") != NULL && strstr(out, "王小明") != NULL &&
	    strstr(out, "87.50%") != NULL && strstr(out, "AIC-2026-0000123") != NULL,
	    "aicert verify CODE --key pub.pem: exit 0, the claims and VALID (%d): %s", rc, out);
	CHECK(stat(t.db, &st) != 0, "verifying with --key needs no database");
	snprintf(url, sizeof url, "https://cert.example.tw/v/%s", code);
	for (char *p = url; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", "--key", key, url, NULL);
	CHECK(rc == 0 && strstr(out, "VALID") != NULL,
	    "aicert verify takes the URL, in lower case (%d): %s", rc, out);

	bad = strdup(code);
	bad[40] = bad[40] == 'Q' ? 'R' : 'Q';
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", bad, "--key", key, NULL);
	CHECK(rc == 1 && strstr(out, "INVALID: ") != NULL && strstr(out, "王小明") == NULL,
	    "a tampered code: exit 1, INVALID, no claims shown (%d): %s", rc, out);
	free(bad);
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", okey, NULL);
	CHECK(rc == 1 && strstr(out, "INVALID: ") != NULL,
	    "another installation's key: exit 1 (%d): %s", rc, out);
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, NULL);
	CHECK(rc == 1 && strstr(out, "--key") != NULL,
	    "without --key or a database it says --key is needed (%d): %s", rc, out);

	/* A key set: the other key first, ours as retired. */
	snprintf(json, sizeof json, "{\"issuer\": {\"en\": \"Example Centre\"}, "
	    "\"algorithm\": \"Ed25519\", \"keys\": ["
	    "{\"id\": \"%s\", \"public_key_pem\": \"%.*s\\n%.*s\\n-----END PUBLIC KEY-----\\n\", "
	    "\"status\": \"current\", \"created_at\": 1780000000, \"retired_at\": null},"
	    "{\"id\": \"%s\", \"public_key_pem\": \"%.*s\\n%.*s\\n-----END PUBLIC KEY-----\\n\", "
	    "\"status\": \"retired\", \"created_at\": 1770000000, \"retired_at\": 1780000000}]}",
	    oid, 26, opem, 60, opem + 27, id, 26, pem, 60, pem + 27);
	put_file(t.dir, "keys.json", json, strlen(json));
	snprintf(set, sizeof set, "%s/keys.json", t.dir);
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", set, NULL);
	CHECK(rc == 0 && strstr(out, "(retired)") != NULL && strstr(out, "Example Centre") != NULL,
	    "a key set picks the key by id, a retired one too (%d): %s", rc, out);

	/* Status lists. */
	snprintf(list, sizeof list, "%s/status.txt", t.dir);
	text = status_list_make(&e, 1, sk, id, (long long)time(NULL));
	put_file(t.dir, "status.txt", text, strlen(text));
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", key,
	    "--status-list", list, NULL);
	CHECK(rc == 2 && strstr(out, "\nREVOKED: superseded\n") != NULL,
	    "a status list revoking it: exit 2, REVOKED: reason (%d): %s", rc, out);
	*strstr(text, "superseded") = 'S';
	put_file(t.dir, "status.txt", text, strlen(text));
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", key,
	    "--status-list", list, NULL);
	CHECK(rc == 1 && strstr(out, "signature") != NULL,
	    "a tampered status list: exit 1, says so (%d): %s", rc, out);
	free(text);
	e.serial = "AIC-2026-0000999";
	text = status_list_make(&e, 1, sk, id, (long long)time(NULL));
	put_file(t.dir, "status.txt", text, strlen(text));
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", key,
	    "--status-list", list, NULL);
	CHECK(rc == 0 && strstr(out, "\nVALID\n") != NULL,
	    "a status list without it: exit 0, VALID (%d): %s", rc, out);
	free(text);
	text = status_list_make(&e, 1, osk, oid, (long long)time(NULL));
	put_file(t.dir, "status.txt", text, strlen(text));
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", key,
	    "--status-list", list, NULL);
	CHECK(rc == 1 && strstr(out, oid) != NULL,
	    "a status list of another key: exit 1, names the key (%d): %s", rc, out);
	free(text);
	free(code);

	/* Expired yesterday; expiring today is still valid. */
	c.expires_day = (long)(time(NULL) / 86400) - 1;
	code = cert_code_make(&c, sk);
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", key, NULL);
	CHECK(rc == 2 && strstr(out, "\nEXPIRED\n") != NULL,
	    "an expired certificate: exit 2, EXPIRED (%d): %s", rc, out);
	free(code);
	c.expires_day++;
	code = cert_code_make(&c, sk);
	rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, "--key", key, NULL);
	CHECK(rc == 0, "a certificate is valid through its expiry day (%d): %s", rc, out);
	free(code);

	/* Without --key, the database's own key. */
	rc = testsrv_cli(&t, NULL, out, sizeof out, "init", NULL);
	snprintf(key, sizeof key, "%s/aicert.key", t.dir);
	if (rc == 0 && keys_load(key, &k) == 0) {
		sodium_hex2bin(c.key_id, sizeof c.key_id, k.id, KEY_ID_LEN, NULL, NULL, NULL);
		code = cert_code_make(&c, k.sk);
		rc = testsrv_cli(&t, NULL, out, sizeof out, "verify", code, NULL);
		CHECK(rc == 0 && strstr(out, "\nVALID\n") != NULL,
		    "without --key the database's key verifies (%d): %s", rc, out);
		free(code);
		sodium_memzero(&k, sizeof k);
	} else {
		CHECK(0, "aicert init makes a database and key (%d): %s", rc, out);
	}
	snprintf(url, sizeof url, "rm -rf %s", t.dir);
	if (system(url) != 0)
		perror("rm");
}

/* The printed check code, computed here a second way (one SHA-256 over
 * the whole message, then 5 bits at a time read bit by bit), and a vector
 * from python3:
 *   A = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
 *   b = int.from_bytes(hashlib.sha256(b"aicert-check-v1\0ABC").digest()[:5], "big")
 *   "".join(A[(b >> (35 - 5 * i)) & 31] for i in range(8))  ->  "CEGTCNBJ"
 * then what a person types read back. */
static void
test_check_code(const unsigned char sk[64])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	struct cert_claims c;
	unsigned char pk[32], md[32], msg[16 + CERT_CODE_MAX_LEN];
	char out[CERT_CHECK_LEN + 1], want[CERT_CHECK_LEN + 1], back[CERT_CHECK_LEN + 1];
	char *code, *lower;
	size_t n;

	CHECK(cert_check_code("ABC", out) == 0 && strcmp(out, "CEGT-CNBJ") == 0,
	    "the check code of \"ABC\" is python's CEGT-CNBJ (got %s)", out);
	CHECK(cert_check_code("abc", out) == 0 && strcmp(out, "CEGT-CNBJ") == 0,
	    "the code is taken in upper case");
	CHECK(cert_check_code("", out) == -1, "an empty code has no check code");

	crypto_sign_ed25519_sk_to_pk(pk, sk);
	example_claims(&c, pk);
	code = cert_code_make(&c, sk);
	n = strlen(code);
	memcpy(msg, "aicert-check-v1", 16);	/* with its NUL */
	memcpy(msg + 16, code, n);
	crypto_hash_sha256(md, msg, 16 + n);
	for (int i = 0, o = 0; i < 8; i++) {
		int v = 0;

		for (int b = 0; b < 5; b++) {
			int bit = i * 5 + b;

			v = v << 1 | (md[bit / 8] >> (7 - bit % 8) & 1);
		}
		if (i == 4)
			want[o++] = '-';
		want[o++] = alphabet[v];
	}
	want[CERT_CHECK_LEN] = '\0';
	CHECK(cert_check_code(code, out) == 0 && strcmp(out, want) == 0,
	    "the worked example's check code is %s (got %s)", want, out);
	lower = strdup(code);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	CHECK(cert_check_code(lower, back) == 0 && strcmp(back, out) == 0,
	    "a code in lower case has the same check code");
	free(lower);
	free(code);

	CHECK(cert_check_code_read("cegt-cnbj", back) == 0 && strcmp(back, "CEGT-CNBJ") == 0,
	    "typed in lower case, it reads back");
	CHECK(cert_check_code_read(" CEGT CNBJ ", back) == 0 && strcmp(back, "CEGT-CNBJ") == 0,
	    "spaces instead of the hyphen are ignored");
	CHECK(cert_check_code_read("C-E-G-T-C-N-B-J", back) == 0 &&
	    strcmp(back, "CEGT-CNBJ") == 0, "extra hyphens are ignored");
	CHECK(cert_check_code_read("ilo0-1234", back) == 0 && strcmp(back, "1100-1234") == 0,
	    "I and L read as 1, O as 0 (got %s)", back);
	CHECK(cert_check_code_read("\xEF\xBC\xA3\xEF\xBC\xA5GT\xEF\xBC\x8D"
	    "\xE3\x80\x80" "cnbj", back) == 0 && strcmp(back, "CEGT-CNBJ") == 0,
	    "full-width letters, hyphen and space read as their ASCII");
	CHECK(cert_check_code_read("CEGT-CNB", back) == -1, "7 characters are refused");
	CHECK(cert_check_code_read("CEGT-CNBJK", back) == -1, "9 characters are refused");
	CHECK(cert_check_code_read("CEGT-CNBU", back) == -1, "U is not in the alphabet");
	CHECK(cert_check_code_read("CEGT-CNB\xC3\xA9", back) == -1, "nor is an accented letter");
	CHECK(cert_check_code_read(NULL, back) == -1 && cert_check_code_read("", back) == -1,
	    "nothing typed is refused");
}

void
test_cert_code(void)
{
	unsigned char pk[32], sk[64];

	example_key(pk, sk);
	test_base32();
	test_round_trip(pk, sk);
	test_malformed(pk, sk);
	test_status_list(pk, sk);
	test_timefmt();
	test_openssl(pk, sk);
	test_document(pk, sk);
	test_check_code(sk);
	test_cli(pk, sk);
}

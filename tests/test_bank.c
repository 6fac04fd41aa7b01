/*
 * test_bank.c - importing banks as a trainer does: through the command
 * line and the API, all or nothing, with FILE:LINE errors, versions that
 * keep unchanged questions, Big5 files, and exports that read back.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "testsrv.h"

static struct testsrv srv;

static const char good_gift[] =
    "$CATEGORY: demo/basics\n"
    "\n"
    "// [id:q1] [tag:easy]\n"
    "::Grant::Who is buried in Grant\\'s tomb?{~Grant#No ~Jefferson =no one#Right}\n"
    "\n"
    "// [id:q2]\n"
    "::Weights::Pick the even numbers{~%50%2 ~%50%4 ~%-100%3}\n"
    "\n"
    "// [id:q3]\n"
    "The sun rises in the east.{TRUE#Wrong!#Right!####It does.}\n"
    "\n"
    "// [id:q4]\n"
    "::Pi::Pi to two places?{#3.14:0.005}\n"
    "\n"
    "// [id:q5]\n"
    "Match them{=cat -> meow =dog -> woof = -> moo}\n"
    "\n"
    "// [id:q6]\n"
    "Name a large language model family{=GPT =%50%Llama*}\n"
    "\n"
    "$CATEGORY: demo/more\n"
    "\n"
    "// [id:q7]\n"
    "Escapes \\{ \\} \\= \\~ \\# \\: and a\\nnew line{=yes ~no}\n";

static void
cli_import(void)
{
	static char out[65536];
	const char *p;
	int rc;

	p = testsrv_file(&srv, "demo.en.gift", good_gift, strlen(good_gift));
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL);
	CHECK(rc == 0 && strstr(out, "7 questions (gift, en)") &&
	    strstr(out, "bank demo version 1: 7 questions (7 new, 0 changed, 0 unchanged)"),
	    "a GIFT file imports with a summary line: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL);
	CHECK(rc == 0 && strstr(out, "version 2: 7 questions (0 new, 0 changed, 7 unchanged)"),
	    "re-importing makes version 2 with every question unchanged: %s", out);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM item_versions", NULL) == 7,
	    "unchanged questions keep their stored version");
	{
		char *changed = strdup(good_gift);
		char *at = strstr(changed, "Pi to two places");

		memcpy(at, "PI", 2);
		p = testsrv_file(&srv, "demo.en.gift", changed, strlen(changed));
		free(changed);
	}
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL);
	CHECK(rc == 0 && strstr(out, "version 3: 7 questions (0 new, 1 changed, 6 unchanged)"),
	    "an edited question becomes a new version of the same item: %s", out);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM items", NULL) == 7 &&
	    testsrv_db_int(&srv, "SELECT count(*) FROM item_versions", NULL) == 8,
	    "7 items, 8 item versions: the old one stays for past attempts");

	rc = testsrv_cli(&srv, NULL, out, sizeof out, "export", "bank", "demo",
	    "--format", "moodle-xml", NULL);
	CHECK(rc == 0 && strstr(out, "<question type=\"multichoice\">") &&
	    strstr(out, "<question type=\"numerical\">") &&
	    strstr(out, "<question type=\"matching\">") &&
	    strstr(out, "<question type=\"truefalse\">") &&
	    strstr(out, "<question type=\"shortanswer\">"),
	    "export --format moodle-xml writes every type");
	CHECK(strstr(out, "fraction=\"-100\"") && strstr(out, "fraction=\"50\""),
	    "weights survive into the XML export");
	CHECK(strstr(out, "<tolerance>0.005</tolerance>"), "the numerical tolerance survives");
	CHECK(strstr(out, "demo/more"), "categories survive");
	{
		static char json1[65536], json2[65536], xml[65536];

		testsrv_cli(&srv, NULL, json1, sizeof json1, "export", "bank", "demo",
		    "--format", "json", NULL);
		testsrv_cli(&srv, NULL, xml, sizeof xml, "export", "bank", "demo",
		    "--format", "gift", NULL);
		p = testsrv_file(&srv, "again.gift", xml, strlen(xml));
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "again", p, NULL);
		CHECK(rc == 0, "the GIFT export imports again: %s", out);
		testsrv_cli(&srv, NULL, json2, sizeof json2, "export", "bank", "again",
		    "--format", "json", NULL);
		CHECK(strcmp(json1, json2) == 0,
		    "GIFT export -> import -> JSON export gives the same questions");
		testsrv_cli(&srv, NULL, xml, sizeof xml, "export", "bank", "demo",
		    "--format", "moodle-xml", NULL);
		p = testsrv_file(&srv, "again.xml", xml, strlen(xml));
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "again-xml", p, NULL);
		CHECK(rc == 0, "the Moodle XML export imports again: %s", out);
		testsrv_cli(&srv, NULL, json2, sizeof json2, "export", "bank", "again-xml",
		    "--format", "json", NULL);
		CHECK(strcmp(json1, json2) == 0,
		    "Moodle XML export -> import -> JSON export gives the same questions");
		p = testsrv_file(&srv, "again.json", json1, strlen(json1));
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "again-json", p, NULL);
		testsrv_cli(&srv, NULL, json2, sizeof json2, "export", "bank", "again-json",
		    "--format", "json", NULL);
		CHECK(rc == 0 && strcmp(json1, json2) == 0,
		    "JSON export -> import -> JSON export gives the same questions");
	}
	{
		/* Units: kept by the store and a Moodle XML round trip (the
		 * item unchanged), lost by GIFT with a warning. */
		static char xml[65536];
		static const char units[] = "<quiz><question type=\"numerical\"><name>"
		    "<text>g</text></name><questiontext><text>Gravity?</text>"
		    "</questiontext><answer fraction=\"100\"><text>9.8</text></answer>"
		    "<units><unit><multiplier>1</multiplier><unit_name>m/s2</unit_name>"
		    "</unit><unit><multiplier>100</multiplier><unit_name>cm/s2"
		    "</unit_name></unit></units><unitgradingtype>2</unitgradingtype>"
		    "</question></quiz>";

		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "units",
		    testsrv_file(&srv, "units.xml", units, 0), NULL);
		CHECK(rc == 0, "a bank with units imports: %s", out);
		testsrv_cli(&srv, NULL, xml, sizeof xml, "export", "bank", "units",
		    "--format", "moodle-xml", NULL);
		CHECK(strstr(xml, "<unit_name>cm/s2</unit_name>") &&
		    strstr(xml, "<unitgradingtype>2</unitgradingtype>"),
		    "the store kept the units and their grading: %s", xml);
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "units",
		    testsrv_file(&srv, "units-again.xml", xml, strlen(xml)), NULL);
		CHECK(rc == 0 && strstr(out, "1 unchanged"),
		    "importing the Moodle XML export again keeps the item: %s", out);
		rc = testsrv_cli(&srv, NULL, xml, sizeof xml, "export", "bank", "units",
		    "--format", "gift", NULL);
		CHECK(rc == 0 && strstr(xml, "{#9.8:0}") &&
		    strstr(xml, "aicert: bank units: warning: numerical question \"g\" is "
		    "written without its units (m/s2, cm/s2)"),
		    "a GIFT export writes the number and warns that the units are lost: %s",
		    xml);
	}
}

static void
broken(void)
{
	static const struct {
		const char *name, *data, *want;
	} bad[] = {
		{ "unclosed.gift", "// [id:a]\nQ one{=a ~b}\n\nQ two {=a ~b\n\nQ three{=x ~y}\n",
		    "unclosed.gift:4: error:" },
		{ "badnum.gift", "What is 2+2?{#four}\n", "badnum.gift:1: error:" },
		{ "letter.txt", "Question one?\nA) yes\nB) no\nANSWER: C\n", "letter.txt:4: error:" },
		{ "broken.xml", "<?xml version=\"1.0\"?>\n<quiz>\n<question type=\"truefalse\">\n"
		    "<name><text>x</text></name>\n</quiz>\n", "broken.xml:" },
	};
	char out[8192];
	long long before = testsrv_db_int(&srv, "SELECT count(*) FROM bank_versions", NULL);
	const char *paths[5];

	for (size_t i = 0; i < 4; i++) {
		paths[i] = testsrv_file(&srv, bad[i].name, bad[i].data, strlen(bad[i].data));
		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", paths[i], NULL) == 1 &&
		    strstr(out, bad[i].want) && strstr(out, "nothing was imported"),
		    "%s is refused with %s...: %s", bad[i].name, bad[i].want, out);
	}
	{
		/* one good and one bad file: nothing at all is imported */
		const char *good = testsrv_file(&srv, "good.gift", good_gift, strlen(good_gift));

		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "mixed",
		    good, paths[0], NULL) == 1 && strstr(out, "unclosed.gift:4:"),
		    "a good file next to a broken one: refused");
	}
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM bank_versions", NULL) == before &&
	    testsrv_db_int(&srv, "SELECT count(*) FROM banks WHERE name IN "
	    "('unclosed','badnum','letter','broken','mixed')", NULL) == 0,
	    "refused imports leave every bank unchanged");
	{
		/* 人工智慧 in Big5, in a GIFT question */
		static const char big5[] = "// [id:b1]\n\xa4\x48\xa4\x75\xb4\xbc\xbc\x7a"
		    " is AI?{T}\n";
		const char *p = testsrv_file(&srv, "big5.gift", big5, sizeof big5 - 1);

		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL) == 1 &&
		    strstr(out, "big5.gift:2: error:") && strstr(out, "UTF-8") &&
		    strstr(out, "--encoding big5"),
		    "a Big5 file without --encoding names the line and the fix: %s", out);
		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--encoding", "big5",
		    p, NULL) == 0 && strstr(out, "1 questions"), "with --encoding big5 it imports: %s", out);
		testsrv_cli(&srv, NULL, out, sizeof out, "export", "bank", "big5", "--format",
		    "json", NULL);
		CHECK(strstr(out, "人工智慧 is AI?") && strstr(out, "\"lang\": \"zh-TW\""),
		    "the converted text is stored as UTF-8 and recognised as zh-TW");
	}
	{
		/* Windows-1252: named as such; read as Big5 anyway, a warning */
		static const char es[] = "\xBFSe puede?{T}\n";
		const char *p = testsrv_file(&srv, "es.gift", es, sizeof es - 1);

		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL) == 1 &&
		    strstr(out, "--encoding cp1252") && !strstr(out, "big5"),
		    "a Windows-1252 file is named so, not Big5: %s", out);
		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--encoding", "big5",
		    p, NULL) == 0 && strstr(out, "es.gift:1: warning: read as big5"),
		    "forced through Big5 it imports with a warning: %s", out);
	}
	{
		/* An XML declaration's encoding is honoured, as Moodle does */
		static const char latin[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		    "<quiz>\n<question type=\"truefalse\">\n<name><text>caf\xE9</text></name>\n"
		    "<questiontext format=\"html\"><text>\xBF" "Es un caf\xE9?</text></questiontext>\n"
		    "<answer fraction=\"100\"><text>true</text></answer>\n"
		    "<answer fraction=\"0\"><text>false</text></answer>\n</question>\n</quiz>\n";
		const char *p = testsrv_file(&srv, "latin.xml", latin, sizeof latin - 1);

		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL) == 0 &&
		    strstr(out, "1 questions"), "a Latin-1 XML file imports by its "
		    "declaration: %s", out);
		testsrv_cli(&srv, NULL, out, sizeof out, "export", "bank", "latin", "--format",
		    "json", NULL);
		CHECK(strstr(out, "\xC2\xBF" "Es un caf\xC3\xA9?"),
		    "and reads as ISO-8859-1: %s", out);
		static const char u16[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
		    "<quiz>\n<question type=\"truefalse\">\n<name><text>u</text></name>\n"
		    "<questiontext format=\"html\"><text>U?</text></questiontext>\n"
		    "<answer fraction=\"100\"><text>true</text></answer>\n"
		    "<answer fraction=\"0\"><text>false</text></answer>\n</question>\n</quiz>\n";

		p = testsrv_file(&srv, "u16.xml", u16, sizeof u16 - 1);
		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL) == 0,
		    "a single-byte file claiming UTF-16 is read as what it is: %s", out);
	}
}

/* Titles, stems and ids that repeat: Moodle imports them, so does aicert,
 * with a warning each, and an unchanged file keeps every item's version. */
static void
repeats(void)
{
	static char out[65536];
	static const char twice[] = "::Q1::2+2? {=4 ~5}\n\n::Q1::3+3? {=6 ~5}\n\n"
	    "Which one is a large language model?{=GPT ~SQL}\n\n"
	    "Which one is a large language model?{=GPT ~SQL}\n\n"
	    "// [id:x]\nA{T}\n\n// [id:x]\nB{T}\n";
	const char *p = testsrv_file(&srv, "twice.gift", twice, strlen(twice));
	const char *dir;
	int rc;

	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL);
	CHECK(rc == 0 && strstr(out, "6 questions (6 new"),
	    "repeated titles, stems and ids import: %s", out);
	CHECK(strstr(out, "twice.gift:3:") && strstr(out, "\"Q1\" also appears at /") &&
	    strstr(out, "twice.gift:1;") && strstr(out, "title:Q1#2"),
	    "a repeated title is a warning with both lines: %s", out);
	CHECK(strstr(out, "twice.gift:7:") && strstr(out, "the stem \"Which one is a large "
	    "language model?\" also appears at /") && strstr(out, "twice.gift:5;") &&
	    !strstr(out, "stem:"),
	    "a repeated stem shows the stem, not a hash: %s", out);
	CHECK(strstr(out, "twice.gift:13:") && strstr(out, "[id:x] is already used by the "
	    "question at /") && strstr(out, "twice.gift:10 in"),
	    "a repeated id is dropped with a warning: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL);
	CHECK(rc == 0 && strstr(out, "6 questions (0 new, 0 changed, 6 unchanged)"),
	    "re-importing it keeps every item and version: %s", out);
	{
		/* A made key never takes another question's own */
		static const char clash[] = "::Q::A? {T}\n\n::Q::B? {T}\n\n::Q#2::C? {T}\n";

		p = testsrv_file(&srv, "clash.gift", clash, strlen(clash));
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL);
		CHECK(rc == 0 && strstr(out, "3 questions (3 new") && strstr(out, "title:Q#3"),
		    "a title \"Q#2\" keeps its key; the second \"Q\" is Q#3: %s", out);
	}
	{
		/* A Moodle XML export with a repeated <idnumber> */
		static const char xml[] = "<?xml version=\"1.0\"?>\n<quiz>\n"
		    "<question type=\"essay\">\n<name><text>E</text></name>\n"
		    "<questiontext format=\"html\"><text>One</text></questiontext>\n"
		    "<idnumber>e1</idnumber>\n</question>\n"
		    "<question type=\"essay\">\n<name><text>E</text></name>\n"
		    "<questiontext format=\"html\"><text>Two</text></questiontext>\n"
		    "<idnumber>e1</idnumber>\n</question>\n</quiz>\n";

		p = testsrv_file(&srv, "essays.xml", xml, strlen(xml));
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL);
		CHECK(rc == 0 && strstr(out, "2 questions (2 new") &&
		    strstr(out, "essays.xml:8: warning: [id:e1] is already used"),
		    "a repeated <idnumber> is dropped with a warning: %s", out);
	}
	if ((dir = test_conformance_dir("bank: Moodle's GIFT examples")) != NULL) {
		static char path[1024];

		snprintf(path, sizeof path, "%s/moodle/gift/examples.txt", dir);
		p = path;
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "examples",
		    p, NULL);
		CHECK(rc == 0 && strstr(out, "43 questions"),
		    "Moodle's examples.txt imports its 43 questions: %.400s", out);
	}
}

/* --format, content sniffing and what a file looks like. */
static void
formats(void)
{
	static char out[65536];
	static const char aiken[] = "What is AI?\nA) a program\nB) a cat\nANSWER: A\n";
	static const char gift[] = "::T::Which is a model? {=GPT ~SQL}\n";
	const char *pa = testsrv_file(&srv, "aiken.gift", aiken, strlen(aiken));
	const char *pg = testsrv_file(&srv, "gift.txt", gift, strlen(gift));
	int rc;

	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--format", "aiken",
	    "--bank", "fmt-a", pa, NULL);
	CHECK(rc == 0 && strstr(out, "1 questions (aiken"),
	    "--format aiken reads an Aiken file named .gift: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "fmt-b", pa, NULL);
	CHECK(rc == 0 && strstr(out, "aiken.gift:0: warning:") &&
	    strstr(out, "looks like aiken") && strstr(out, "--format aiken"),
	    "read as GIFT it is only a description: a warning names Aiken: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "fmt-c", pg, NULL);
	CHECK(rc == 0 && strstr(out, "1 questions (gift"), "a .txt GIFT file is sniffed: %s",
	    out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--format", "moodle-xml",
	    "--bank", "fmt-d", pg, NULL);
	CHECK(rc == 1 && strstr(out, "gift.txt:0: error:") && strstr(out, "looks like gift") &&
	    strstr(out, "--format gift"), "the wrong --format: the error names GIFT: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--format", "word", pg, NULL);
	CHECK(rc == 1 && strstr(out, "unknown format \"word\""),
	    "an unknown --format is refused: %s", out);
}

static void
api_upload(void)
{
	char out[1024], h[512], token[64] = "", tok_learner[64] = "";
	struct resp r;
	const char *body;

	testsrv_cli(&srv, "trainer-pass\n", out, sizeof out, "user", "add", "--login",
	    "teacher", "--name", "陳老師", "--role", "trainer", NULL);
	testsrv_cli(&srv, "learner-pass\n", out, sizeof out, "user", "add", "--login",
	    "student", "--name", "學生", "--role", "learner", NULL);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	body = "{\"login\":\"teacher\",\"password\":\"trainer-pass\"}";
	if (http_req(srv.port, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
	    body, strlen(body), &r) == 0) {
		json_t *j = json_loads(r.body, 0, NULL);

		snprintf(token, sizeof token, "%s", json_string_value(json_object_get(j, "token")) ?
		    json_string_value(json_object_get(j, "token")) : "");
		json_decref(j);
	}
	resp_free(&r);
	body = "{\"login\":\"student\",\"password\":\"learner-pass\"}";
	if (http_req(srv.port, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
	    body, strlen(body), &r) == 0) {
		json_t *j = json_loads(r.body, 0, NULL);

		snprintf(tok_learner, sizeof tok_learner, "%s",
		    json_string_value(json_object_get(j, "token")) ?
		    json_string_value(json_object_get(j, "token")) : "");
		json_decref(j);
	}
	resp_free(&r);

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", tok_learner);
	CHECK(http_req(srv.port, "POST", "/api/v1/banks?bank=x", h, good_gift,
	    strlen(good_gift), &r) == 0 && r.status == 403, "a learner cannot upload banks (%d)",
	    r.status);
	resp_free(&r);
	CHECK(http_req(srv.port, "POST", "/api/v1/banks?bank=x", NULL, good_gift,
	    strlen(good_gift), &r) == 0 && r.status == 401, "nobody signed in: 401");
	resp_free(&r);

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", token);
	CHECK(http_req(srv.port, "POST", "/api/v1/banks?bank=web&filename=web.gift", h,
	    good_gift, strlen(good_gift), &r) == 0 && r.status == 201 &&
	    strstr(r.body, "\"bank\":\"web\"") && strstr(r.body, "\"version\":1") &&
	    strstr(r.body, "\"count\":7"), "a trainer uploads a raw GIFT body: 201 %s", r.body);
	resp_free(&r);
	{
		const char *bad = "Q one{=a ~b}\n\nQ two{#x}\n\nQ three{=a\n";

		CHECK(http_req(srv.port, "POST", "/api/v1/banks?bank=web&filename=bad.gift", h,
		    bad, strlen(bad), &r) == 0 && r.status == 422 &&
		    strstr(r.body, "\"line\":3") && strstr(r.body, "\"line\":5") &&
		    strstr(r.body, "\"file\":\"bad.gift\""),
		    "a broken upload: 422 listing every error with its line: %s", r.body);
		resp_free(&r);
	}
	{
		char mp[4096];
		int n = snprintf(mp, sizeof mp,
		    "--XyZ\r\nContent-Disposition: form-data; name=\"bank\"\r\n\r\nweb\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.aiken\"\r\n"
		    "Content-Type: text/plain\r\n\r\nWhat is 1+1?\nA) 2\nB) 3\nANSWER: A\n\r\n--XyZ--\r\n");
		char hh[1024];

		snprintf(hh, sizeof hh, "%sContent-Type: multipart/form-data; boundary=XyZ\r\n", h);
		CHECK(http_req(srv.port, "POST", "/api/v1/banks", hh, mp, (size_t)n, &r) == 0 &&
		    r.status == 201 && strstr(r.body, "\"version\":2") && strstr(r.body, "\"count\":1"),
		    "a multipart upload of an Aiken file: version 2 (%s)", r.body);
		resp_free(&r);
		/* The format chosen on the page: an Aiken file named .gift */
		n = snprintf(mp, sizeof mp,
		    "--XyZ\r\nContent-Disposition: form-data; name=\"bank\"\r\n\r\nfmt\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\naiken\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.gift\"\r\n"
		    "Content-Type: text/plain\r\n\r\nWhat is 1+1?\nA) 2\nB) 3\nANSWER: A\n\r\n--XyZ--\r\n");
		CHECK(http_req(srv.port, "POST", "/api/v1/banks", hh, mp, (size_t)n, &r) == 0 &&
		    r.status == 201 && strstr(r.body, "\"count\":1") &&
		    !strstr(r.body, "looks like"),
		    "a format field reads an Aiken file named .gift as Aiken (%s)", r.body);
		resp_free(&r);
		CHECK(http_req(srv.port, "POST", "/api/v1/banks?bank=fmt&filename=q.txt&format=json",
		    h, "::T:: Q? {=a ~b}\n", 17, &r) == 0 && r.status == 422 &&
		    strstr(r.body, "looks like gift"),
		    "?format=json on GIFT text: 422 saying it looks like GIFT (%s)", r.body);
		resp_free(&r);
		/* The file's own CRLFs, and a line that starts like the
		 * delimiter, are the file's. */
		n = snprintf(mp, sizeof mp,
		    "--XyZ\r\nContent-Disposition: form-data; name=\"bank\"\r\n\r\ncrlf\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.gift\"\r\n"
		    "\r\n::A:: One {=yes ~no}\r\n\r\n::B:: Two\r\n--Xy is text {=yes ~no}\r\n"
		    "\r\n--XyZ--\r\n");
		CHECK(http_req(srv.port, "POST", "/api/v1/banks", hh, mp, (size_t)n, &r) == 0 &&
		    r.status == 201 && strstr(r.body, "\"count\":2"),
		    "a multipart GIFT file with CRLF lines: both questions (%s)", r.body);
		resp_free(&r);
		n = snprintf(mp, sizeof mp, "--XyZ--\r\n");
		CHECK(http_req(srv.port, "POST", "/api/v1/banks", hh, mp, (size_t)n, &r) == 0 &&
		    r.status == 400 && strstr(r.body, "at least one bank file"),
		    "a multipart body without parts: 400, no file (%d %s)", r.status, r.body);
		resp_free(&r);
		n = snprintf(mp, sizeof mp, "--XyZ\r\nContent-Disposition: form-data; "
		    "name=\"file\"; filename=\"a.gift\"\r\n\r\n::A:: One {=yes ~no}\r\n");
		CHECK(http_req(srv.port, "POST", "/api/v1/banks", hh, mp, (size_t)n, &r) == 0 &&
		    r.status == 400 && strstr(r.body, "cut short"),
		    "a multipart body cut short: 400 (%d %s)", r.status, r.body);
		resp_free(&r);
	}
	CHECK(http_req(srv.port, "GET", "/api/v1/banks", h, NULL, 0, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "\"name\":\"web\"") &&
	    strstr(r.body, "\"name\":\"demo\""), "GET /api/v1/banks lists the banks");
	resp_free(&r);
	testsrv_stop(&srv, SIGTERM, NULL);
}

/* Penalty, hints, combined feedback and numbering come back out of the
 * store; what the XML reader leaves out is a warning with its line. */
static void
moodle_fields(void)
{
	static const char xml[] =
	    "<quiz>\n<question type=\"multichoice\">\n"
	    "<name><text>Fields</text></name>\n"
	    "<questiontext><text>Pick one.</text></questiontext>\n"
	    "<penalty>0.25</penalty>\n<answernumbering>none</answernumbering>\n"
	    "<correctfeedback><text>Well done.</text></correctfeedback>\n"
	    "<hint><text>Think.</text><clearwrong/></hint>\n"
	    "<answer fraction=\"100\"><text>a</text></answer>\n"
	    "<answer fraction=\"0\"><text>b</text></answer>\n"
	    "<mystery>1</mystery>\n"
	    "</question></quiz>\n";
	static char out[65536];
	const char *p;
	int rc;

	p = testsrv_file(&srv, "fields.en.xml", xml, strlen(xml));
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", p, NULL);
	CHECK(rc == 0 && strstr(out, ":11: warning: <mystery> is not imported"),
	    "an ignored element is a warning with its line: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "export", "bank",
	    "fields", "--format", "moodle-xml", NULL);
	CHECK(rc == 0 && strstr(out, "<penalty>0.25</penalty>") &&
	    strstr(out, "<answernumbering>none</answernumbering>") &&
	    strstr(out, "Well done.") && strstr(out, "<clearwrong/>"),
	    "penalty, numbering, feedback and hints survive the store: %s",
	    out);
}

void
test_bank(void)
{
	testsrv_init(&srv);
	cli_import();
	moodle_fields();
	broken();
	repeats();
	formats();
	api_upload();
}

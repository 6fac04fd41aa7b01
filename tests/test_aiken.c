/*
 * test_aiken.c - the Aiken reader against Moodle's own expectations.
 */
#include <stdlib.h>

#include "bank_aiken.h"
#include "qbuild.h"
#include "test.h"

/* Reads text as an Aiken file called t.aiken into a fresh b in a. */
static int
parse(struct arena *a, struct q_bank *b, const char *text)
{
	return qb_parse(b, a, "t.aiken", bank_aiken_parse, text);
}

/* Index of the right answer of q, -1 if not exactly one. */
static int
right_answer(const struct question *q)
{
	int r = -1;

	for (size_t i = 0; i < q->nanswers; i++)
		if (q->answers[i].fraction == 1.0) {
			if (r >= 0)
				return -1;
			r = (int)i;
		} else if (q->answers[i].fraction != 0.0) {
			return -1;
		}
	return r;
}

static void
test_aiken_constructs(struct arena *a)
{
	struct q_bank b;
	const struct question *q;

	CHECK(parse(a, &b, "What is 2+2?\nA) 3\nB) 4\nC. 5\nD.6\n"
	    "ANSWER: B\n") == 0 && b.n == 1 && b.nerr == 0,
	    "a plain question reads without errors");
	q = &b.q[0];
	CHECK(q->type == Q_MULTICHOICE && q->single && q->nanswers == 4 &&
	    right_answer(q) == 1 && q->line == 1 && q->format == QF_HTML,
	    "it is a single-answer multichoice, B right, starting at line 1");
	CHECK_STR(q->text, "What is 2+2?", "stem");
	CHECK_STR(q->title, "What is 2+2?", "title from the stem");
	CHECK_STR(q->answers[0].text, "3", "A) option");
	CHECK_STR(q->answers[2].text, "5", "C. option");
	CHECK_STR(q->answers[3].text, "6", "D.6 option without space");

	CHECK(parse(a, &b, "  Q one  \r\n\r\n  A)  x  \r\nB) y\r\n"
	    "ANSWER:   A   \r\nQ two\rA) p\rB) q\rANSWER: B") == 0 &&
	    b.n == 2 && right_answer(&b.q[0]) == 0 &&
	    right_answer(&b.q[1]) == 1 && b.q[1].line == 6,
	    "CRLF and lone CR line ends, surrounding spaces, blank lines");
	CHECK_STR(b.q[0].text, "Q one", "trimmed stem");
	CHECK_STR(b.q[0].answers[0].text, "x", "trimmed option");

	CHECK(parse(a, &b, "\xEF\xBB\xBFIs <b> & </b> > 1?\nA) a<b\nB) c&d\n"
	    "ANSWER: A\n") == 0 && b.n == 1,
	    "BOM and HTML characters read");
	CHECK_STR(b.q[0].text, "Is &lt;b&gt; &amp; &lt;/b&gt; &gt; 1?",
	    "stem is HTML-escaped as Moodle does");
	CHECK_STR(b.q[0].answers[1].text, "c&amp;d", "option HTML-escaped");
	CHECK_STR(b.q[0].title, "Is <b> & </b> > 1?", "title stays plain");

	CHECK(parse(a, &b, "Q1\nA) 1\nB) 2\nANSWER:B\n") == 0 &&
	    right_answer(&b.q[0]) == 1, "ANSWER:B without space");
	CHECK(parse(a, &b, "\xE4\xBA\xBA\xE5\xB7\xA5?\nA) \xE6\x98\xAF\n"
	    "B) \xE5\x90\xA6\nANSWER: A\n") == 0 && b.n == 1,
	    "UTF-8 Chinese question");
	{
		char longq[200];

		memset(longq, 0, sizeof longq);
		for (int i = 0; i < 30; i++)
			strcat(longq, "word ");
		strcat(longq, "\nA) a\nB) b\nANSWER: A\n");
		CHECK(parse(a, &b, longq) == 0 && b.n == 1 &&
		    strlen(b.q[0].title) <= 83 &&
		    strstr(b.q[0].title, "...") != NULL,
		    "a long stem gives a title cut to 80 characters");
	}
	/* Moodle's regex is /^[A-Z][).]/: "a) x" is a new question. */
	CHECK(parse(a, &b, "Q1\na) x\nb) y\nANSWER: A\n") == -1 &&
	    qb_has_error(&b, 2, "not completed") &&
	    qb_has_error(&b, 4, "no options"),
	    "lower-case labels are not options (as in Moodle)");
	CHECK(parse(a, &b, "Q1\nA) 1\nB) 2\nANSWER: B\nx\n\nQ2\n") == -1 &&
	    b.n == 1, "a single letter line is skipped, a word is a question");
	CHECK(parse(a, &b, "") == 0 && b.n == 0, "empty input");
	CHECK(parse(a, &b, "Q1\nA) \nB) 2\nANSWER: A\n") == 0 && b.n == 1 &&
	    strcmp(b.q[0].answers[0].text, "") == 0,
	    "an empty option is kept as Moodle keeps it");
}

static void
test_aiken_errors(struct arena *a)
{
	struct q_bank b;

	CHECK(parse(a, &b, "Q1\nA) a\nB) b\nANSWER: C\n\nQ2\nA) a\nB) b\n"
	    "ANSWER: A\n") == -1 && b.n == 1 && b.nerr == 1 &&
	    qb_has_error(&b, 4, "ANSWER: C names no option") &&
	    strcmp(b.q[0].text, "Q2") == 0,
	    "answer letter not among the options: error at its line, next "
	    "question still read");
	CHECK(parse(a, &b, "Q1\nA) a\nB) b\nANSWER: \n") == -1 &&
	    qb_has_error(&b, 4, "gives no letter"), "ANSWER: with no letter");
	CHECK(parse(a, &b, "Q1\nA) a\nB) b\nANSWER: a\n") == -1 &&
	    qb_has_error(&b, 4, "names no option"), "lower-case answer letter");
	CHECK(parse(a, &b, "Q1\nANSWER: A\nQ2\nA) a\nB) b\nANSWER: B\n") ==
	    -1 && b.n == 1 && qb_has_error(&b, 2, "has no options"),
	    "question without options");
	CHECK(parse(a, &b, "Q1\nA) a\nANSWER: A\n") == -1 && b.n == 0 &&
	    qb_has_error(&b, 3, "at least 2 answers"), "fewer than 2 options");
	CHECK(parse(a, &b, "Q1\nA) a\nB) b\n") == -1 && b.n == 0 &&
	    qb_has_error(&b, 1, "no ANSWER: line"),
	    "options without ANSWER at the end of the file");
	CHECK(parse(a, &b, "Q1\n") == -1 && qb_has_error(&b, 1, "no options"),
	    "a lone question line at the end");
	CHECK(parse(a, &b, "Q1\nA) a\nB) b\nQ2\nA) a\nB) b\nANSWER: A\n") ==
	    -1 && b.n == 1 && qb_has_error(&b, 4, "not completed") &&
	    strcmp(b.q[0].text, "Q2") == 0,
	    "options without ANSWER before the next question");
	CHECK(parse(a, &b, "A) a\nANSWER: A\n") == -1 && b.nerr == 2 &&
	    qb_has_error(&b, 1, "not started") &&
	    qb_has_error(&b, 2, "not started"),
	    "options and ANSWER before any question");
	CHECK(parse(a, &b, "Q1\nA) a\nANSWER: Z\nQ2\nA) a\nB) b\nANSWER: Q\n"
	    "Q3\nA) x\nB) y\nC) z\nANSWER: C\n") == -1 && b.n == 1 &&
	    b.nerr == 2 && qb_has_error(&b, 3, "at least 2") &&
	    qb_has_error(&b, 7, "names no option"),
	    "every error reported, parsing continues");
}

/* The fixtures Moodle's aikenformat_test.php reads. */
static void
test_aiken_conformance(struct arena *a)
{
	const char *dir = test_conformance_dir("aiken conformance");
	char path[512], *text;
	struct q_bank b;
	size_t len;

	if (dir == NULL)
		return;
	snprintf(path, sizeof path, "%s/moodle/aiken/aiken_errors.txt", dir);
	if ((text = test_read_file(path, &len)) == NULL) {
		MISSING("aiken conformance: %s missing", path);
		return;
	}
	q_bank_init(&b, a, "aiken_errors.txt");
	CHECK(bank_aiken_parse(&b, text, len) == -1, "aiken_errors.txt has "
	    "errors");
	CHECK(qb_has_error(&b, 3, "at least 2 answers") &&
	    qb_has_error(&b, 3, "A question with too few answers"),
	    "Moodle: 'Question must have at least 2 answers on line 3'");
	CHECK(qb_has_error(&b, 5, "not started"),
	    "Moodle: 'Question not started on line 5'");
	CHECK(qb_has_error(&b, 7, "not started"),
	    "Moodle: 'Question not started on line 7'");
	CHECK(qb_has_error(&b, 18, "not completed before the next question") &&
	    qb_has_error(&b, 18, "A question started but not finished"),
	    "Moodle: 'Question not completed before next question start on "
	    "line 18'");
	CHECK(b.nerr == 4, "exactly Moodle's four errors (got %zu)", b.nerr);
	/* Moodle's newer fixture adds a third good question; ours has two. */
	CHECK(b.n == 2, "two good questions read (got %zu)", b.n);
	if (b.n == 2) {
		CHECK_STR(b.q[0].title, "A good question", "q1 name");
		CHECK(b.q[0].nanswers == 2 && right_answer(&b.q[0]) == 0,
		    "q1: two answers, the first right");
		CHECK_STR(b.q[0].answers[0].text, "Correct", "q1 answer 1");
		CHECK_STR(b.q[0].answers[1].text, "Incorrect", "q1 answer 2");
		CHECK_STR(b.q[1].title, "A second good question", "q2 name");
		CHECK(b.q[1].nanswers == 2 && right_answer(&b.q[1]) == 1,
		    "q2: two answers, the second right");
		CHECK_STR(b.q[1].answers[0].text, "Incorrect (No space)",
		    "q2 answer 1");
		CHECK_STR(b.q[1].answers[1].text, "Correct (No space)",
		    "q2 answer 2");
	}
	free(text);

	snprintf(path, sizeof path, "%s/moodle/aiken/questions.aiken.txt", dir);
	if ((text = test_read_file(path, &len)) == NULL) {
		MISSING("aiken conformance: %s missing", path);
		return;
	}
	q_bank_init(&b, a, "questions.aiken.txt");
	CHECK(bank_aiken_parse(&b, text, len) == 0 && b.n == 2 && b.nerr == 0,
	    "questions.aiken.txt: 2 questions, no errors");
	if (b.n == 2) {
		CHECK(b.q[0].nanswers == 4 && right_answer(&b.q[0]) == 1,
		    "q1: 4 options, B right");
		CHECK_STR(b.q[0].answers[1].text, "Martin Dougiamas",
		    "q1 option B");
		CHECK_STR(b.q[1].text, "Moodle's abilities include handling "
		    "user input that includes &lt;html class=\"cool\"&gt; "
		    "&amp; images:", "q2 stem escaped, quotes kept");
		CHECK(b.q[1].nanswers == 2 && right_answer(&b.q[1]) == 0 &&
		    b.q[1].line == 8, "q2: True/False, A right, line 8");
	}
	free(text);
}

void
test_aiken(void)
{
	struct arena *a = arena_new();

	test_aiken_constructs(a);
	test_aiken_errors(a);
	test_aiken_conformance(a);
	arena_free(a);
}

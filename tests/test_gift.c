/*
 * test_gift.c - tests for the GIFT reader (bank_gift.c).
 *
 * Unit tests for every construct and every error, then two conformance
 * sets from ../shared/conformance (skipped when it is absent): Moodle's own
 * fixtures, read with the counts and values its tests expect, and the
 * NAME.gift / NAME.json pairs of GIFT-grammar-PEG.js, compared field by
 * field (see gift_peg for how that parser's conventions map onto
 * Moodle's). test_gift() runs them all. Uses jansson for the JSON.
 */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "bank_gift.h"
#include "test.h"

/* One parse: its arena, bank and result. */
struct parsed {
	struct arena *a;
	struct q_bank b;
	int rc;
};

static struct parsed
parse_n(const char *src, size_t len)
{
	struct parsed p;

	p.a = arena_new();
	q_bank_init(&p.b, p.a, "test.gift");
	p.rc = bank_gift_parse(&p.b, src, len);
	return p;
}

static struct parsed
parse(const char *src)
{
	return parse_n(src, strlen(src));
}

static void
done(struct parsed *p)
{
	arena_free(p->a);
}

/* 1 if p read n questions without error (and says why not otherwise). */
static int
clean(const struct parsed *p, size_t n, const char *what)
{
	CHECK(p->rc == 0 && p->b.nerr == 0, "%s: unexpected error \"%s\" "
	    "at line %d", what, p->b.nerr ? p->b.err[0].message : "",
	    p->b.nerr ? p->b.err[0].line : 0);
	CHECK(p->b.n == n, "%s: %zu questions read, want %zu", what, p->b.n,
	    n);
	return p->rc == 0 && p->b.n == n;
}

/* Checks that src fails with exactly one error, at line, whose message
 * holds word, and that no question with an error was kept. */
static void
check_error(const char *src, int line, const char *word, size_t kept,
    const char *what)
{
	struct parsed p = parse(src);

	CHECK(p.rc == -1, "%s: accepted", what);
	CHECK(p.b.nerr == 1, "%s: %zu errors, want 1", what, p.b.nerr);
	if (p.b.nerr > 0) {
		CHECK(p.b.err[0].line == line, "%s: error at line %d, want %d "
		    "(%s)", what, p.b.err[0].line, line, p.b.err[0].message);
		CHECK(strstr(p.b.err[0].message, word) != NULL,
		    "%s: message \"%s\" lacks \"%s\"", what,
		    p.b.err[0].message, word);
	}
	CHECK(p.b.n == kept, "%s: %zu questions kept, want %zu", what, p.b.n,
	    kept);
	done(&p);
}

static void
gift_multichoice(void)
{
	struct parsed p = parse(
	    "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}\n\n"
	    "Grant is {~buried =entombed ~living} in Grant's tomb.\n\n"
	    "Two?{\n~%50%a#half\n~%-50%b\n~%50%c\n~d}\n\n"
	    "Weighted single{=right ~%50%half ~%-100%bad}\n\n"
	    "Eq weight{=%50%x ~y}\n");
	struct question *q;

	if (!clean(&p, 5, "multichoice"))
		goto out;
	q = &p.b.q[0];
	CHECK(q->type == Q_MULTICHOICE, "type %d", q->type);
	CHECK_STR(q->text, "Who's buried in Grant's tomb?", "stem");
	CHECK(q->single == 1, "an = answer makes it single choice");
	CHECK(q->nanswers == 3, "%zu choices", q->nanswers);
	CHECK_STR(q->answers[0].text, "Grant", "choice 1");
	CHECK(q->answers[0].fraction == 0 && q->answers[2].fraction == 1,
	    "~ is wrong, = is right");
	CHECK(q->answers[0].feedback == NULL, "no feedback is NULL");
	CHECK(q->shuffle == 1 && q->default_mark == 1, "defaults");
	CHECK_STR(p.b.q[1].text, "Grant is _____ in Grant's tomb.",
	    "missing-word stem");
	q = &p.b.q[2];
	CHECK(q->single == 0, "no = makes it multiple response");
	CHECK(q->nanswers == 4 && test_near(q->answers[0].fraction, 0.5) &&
	    test_near(q->answers[1].fraction, -0.5) && q->answers[3].fraction == 0,
	    "weights 50, -50, 0");
	CHECK_STR(q->answers[0].feedback, "half", "weighted feedback");
	q = &p.b.q[3];
	CHECK(q->single == 1 && test_near(q->answers[1].fraction, 0.5) &&
	    q->answers[2].fraction == -1, "weights beside = stay single");
	/* Moodle takes "=" as 100% and keeps what follows as the text. */
	q = &p.b.q[4];
	CHECK(q->answers[0].fraction == 1, "=%%50%% is 100%% in Moodle");
	CHECK_STR(q->answers[0].text, "%50%x", "=%50%x text");
out:
	done(&p);
}

static void
gift_truefalse(void)
{
	static const char *const word[] = { "T", "TRUE", "F", "FALSE" };
	struct parsed p;
	struct question *q;

	for (int i = 0; i < 4; i++) {
		char src[64];

		snprintf(src, sizeof src, "The sun rises.{%s}", word[i]);
		p = parse(src);
		if (clean(&p, 1, word[i])) {
			q = &p.b.q[0];
			CHECK(q->type == Q_TRUEFALSE && q->nanswers == 2,
			    "%s: true/false with two answers", word[i]);
			CHECK_STR(q->answers[0].text, "true", "answer 1");
			CHECK_STR(q->answers[1].text, "false", "answer 2");
			CHECK(q->answers[0].fraction == (i < 2) &&
			    q->answers[1].fraction == (i >= 2),
			    "%s: the right answer has fraction 1", word[i]);
			CHECK(q->penalty == 1.0,
			    "%s: penalty 1, as Moodle's GIFT import", word[i]);
		}
		done(&p);
	}
	/* {FALSE#wrong#right}: Moodle shows the first feedback for the wrong
	 * answer (here true), the second for the right one. */
	p = parse("42 is the answer.{\nFALSE#42 is the Ultimate Answer."
	    "#You gave the right answer.\n####A Hitchhiker's reference.}\n\n"
	    "Sky is blue.{TRUE#Look up.}\n\nlower{true}\n");
	if (clean(&p, 3, "tf feedback")) {
		q = &p.b.q[0];
		CHECK_STR(q->answers[0].feedback, "42 is the Ultimate Answer.",
		    "feedback for true");
		CHECK_STR(q->answers[1].feedback, "You gave the right answer.",
		    "feedback for false");
		CHECK_STR(q->general_feedback, "A Hitchhiker's reference.",
		    "general feedback");
		q = &p.b.q[1];
		CHECK(q->answers[0].feedback == NULL, "right answer: none");
		CHECK_STR(q->answers[1].feedback, "Look up.",
		    "{TRUE#x}: x is shown for false");
		CHECK(p.b.q[2].type == Q_SHORTANSWER,
		    "{true} in lower case is a short answer, as in Moodle");
	}
	done(&p);
}

static void
gift_shortanswer(void)
{
	struct parsed p = parse(
	    "Who's buried in Grant's tomb?{=no one =nobody}\n\n"
	    "::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n"
	    "    =%50%Cat#Cats?\n    =%0%*#Completely wrong\n}\n\n"
	    "How do you write 1? {One}\n\n"
	    "Two plus two equals {=four =4}.\n");
	struct question *q;

	if (!clean(&p, 4, "shortanswer"))
		goto out;
	q = &p.b.q[0];
	CHECK(q->type == Q_SHORTANSWER && q->nanswers == 2, "two answers");
	CHECK(q->answers[0].fraction == 1 && q->answers[1].fraction == 1,
	    "= answers are 100%%");
	q = &p.b.q[1];
	CHECK(q->nanswers == 3 && test_near(q->answers[1].fraction, 0.5) &&
	    q->answers[2].fraction == 0, "weights 100, 50, 0");
	CHECK_STR(q->answers[2].text, "*", "wildcard kept verbatim");
	CHECK_STR(q->answers[2].feedback, "Completely wrong", "feedback");
	q = &p.b.q[2];
	CHECK(q->nanswers == 1 && q->answers[0].fraction == 1,
	    "a lone answer needs no =");
	CHECK_STR(q->answers[0].text, "One", "lone answer");
	CHECK_STR(p.b.q[3].text, "Two plus two equals _____.", "blank");
out:
	done(&p);
}

static void
gift_numerical(void)
{
	struct parsed p = parse(
	    "Born?{#1822}\n\n"
	    "Pi?{#3.1415:0.0005}\n\n"
	    "Pi range?{#3.141..3.142}\n\n"
	    "Negative?{#-3.142..-3.141}\n\n"
	    "When?{#\n=1822:0 #Correct\n=%50%1822:2 #Close\n}\n\n"
	    "1 to 5?{#3:2~#Completely wrong}\n\n"
	    "Zero{#=0}\n\n"
	    "Exp{#1.5e3}\n");
	struct question *q;

	if (!clean(&p, 8, "numerical"))
		goto out;
	q = &p.b.q[0];
	CHECK(q->type == Q_NUMERICAL && q->nanswers == 1 &&
	    q->answers[0].value == 1822 && q->answers[0].tolerance == 0 &&
	    q->answers[0].text == NULL, "#1822");
	q = &p.b.q[1];
	CHECK(test_near(q->answers[0].value, 3.1415) &&
	    test_near(q->answers[0].tolerance, 0.0005), "#v:tol");
	q = &p.b.q[2];
	CHECK(test_near(q->answers[0].value, 3.1415) &&
	    test_near(q->answers[0].tolerance, 0.0005), "#min..max is midpoint "
	    "and half range");
	q = &p.b.q[3];
	CHECK(test_near(q->answers[0].value, -3.1415) &&
	    test_near(q->answers[0].tolerance, 0.0005), "negative range");
	q = &p.b.q[4];
	CHECK(q->nanswers == 2 && q->answers[0].fraction == 1 &&
	    test_near(q->answers[1].fraction, 0.5) &&
	    q->answers[1].tolerance == 2, "weighted answers");
	CHECK_STR(q->answers[1].feedback, "Close", "numerical feedback");
	q = &p.b.q[5];
	CHECK(q->nanswers == 2 && q->answers[0].value == 3 &&
	    q->answers[0].tolerance == 2, "3:2");
	CHECK_STR(q->answers[1].text, "*", "~# adds Moodle's any answer");
	CHECK(q->answers[1].fraction == 0, "any answer scores 0");
	CHECK_STR(q->answers[1].feedback, "Completely wrong", "its feedback");
	CHECK(p.b.q[6].answers[0].value == 0, "{#=0}");
	CHECK(p.b.q[7].answers[0].value == 1500, "exponent");
out:
	done(&p);
}

static void
gift_matching(void)
{
	struct parsed p = parse(
	    "::Moodle activities::[html]Match the <b>activity</b>.{\n"
	    "    =[html]Asynchronous discussions. -> Forum\n"
	    "    =[moodle]A choice of responses. -> Choice\n"
	    "    =[plain]Record entries. -> Database\n"
	    "    =[markdown]Pages anyone can edit. -> Wiki\n"
	    "    = -> Chat\n}\n\n"
	    "Capitals.{=Canada->Ottawa =Italy->Rome}\n");
	struct question *q;

	if (!clean(&p, 2, "matching"))
		goto out;
	q = &p.b.q[0];
	CHECK(q->type == Q_MATCHING && q->npairs == 5, "five pairs");
	CHECK(q->format == QF_HTML, "stem format");
	CHECK_STR(q->pairs[0].sub, "Asynchronous discussions.", "sub 1");
	CHECK_STR(q->pairs[0].answer, "Forum", "answer 1");
	CHECK(q->pairs[0].format == QF_HTML && q->pairs[1].format == QF_MOODLE &&
	    q->pairs[2].format == QF_PLAIN &&
	    q->pairs[3].format == QF_MARKDOWN && q->pairs[4].format == QF_HTML,
	    "sub formats, default the stem's");
	CHECK_STR(q->pairs[4].sub, "", "distractor sub");
	CHECK_STR(q->pairs[4].answer, "Chat", "distractor answer");
	CHECK(p.b.q[1].npairs == 2, "pairs without spaces");
out:
	done(&p);
}

static void
gift_essay_description(void)
{
	struct parsed p = parse(
	    "// essay\n::Q8:: How are you? {}\n\n"
	    "Explain.{####[html]<p>Model answer</p>}\n\n"
	    "::Intro::You can use pencil and paper.\n\n"
	    "::Q001::[html]<p>Print?</p>\n<pre>\n    void test() \\{\n"
	    "    \\}\n</pre>\n{}\n");
	struct question *q;

	if (!clean(&p, 4, "essay"))
		goto out;
	q = &p.b.q[0];
	CHECK(q->type == Q_ESSAY, "{} is an essay");
	CHECK_STR(q->title, "Q8", "title");
	CHECK_STR(q->text, "How are you?", "essay stem");
	q = &p.b.q[1];
	CHECK(q->type == Q_ESSAY, "essay with general feedback");
	CHECK_STR(q->general_feedback, "<p>Model answer</p>", "its feedback");
	CHECK(q->general_feedback_format == QF_HTML, "feedback format");
	CHECK(q->format == QF_MOODLE, "stem keeps its own format");
	q = &p.b.q[2];
	CHECK(q->type == Q_DESCRIPTION && q->default_mark == 0,
	    "no block is a description worth 0");
	CHECK_STR(q->text, "You can use pencil and paper.", "description");
	/* Moodle trims every line, so indentation does not survive. */
	CHECK_STR(p.b.q[3].text, "<p>Print?</p>\n<pre>\nvoid test() {\n}\n"
	    "</pre>", "multi-line stem with escaped braces");
out:
	done(&p);
}

static void
gift_titles_escapes(void)
{
	struct parsed p = parse(
	    "::Title\\: colon::Stem{T}\n\n"
	    "::No end {T}\n\n"
	    "Which of these? {\n"
	    "   ~ \\~     # \\~ is special.\n"
	    "   ~ \\=     # \\= too.\n"
	    "   ~ \\#  \n   ~ \\{\n   ~ \\}\n   ~ \\:\n"
	    "   = \\\\     # Correct! \\\\ is not.\n}\n\n"
	    "[html]Blah\\nblah $ 1 \\\\neq 0 $ {}\n\n"
	    "Trailing \\\\{}\n");
	struct question *q;

	if (!clean(&p, 5, "titles and escapes"))
		goto out;
	CHECK_STR(p.b.q[0].title, "Title: colon", "escaped colon in title");
	CHECK_STR(p.b.q[0].text, "Stem", "stem after title");
	CHECK(p.b.q[1].title == NULL, "unclosed :: gives no title");
	CHECK_STR(p.b.q[1].text, "No end", "Moodle drops the opening ::");
	q = &p.b.q[2];
	if (q->nanswers == 7) {
		static const char *const want[] = { "~", "=", "#", "{", "}",
			":", "\\" };

		for (int i = 0; i < 7; i++)
			CHECK_STR(q->answers[i].text, want[i], "escaped choice");
		CHECK_STR(q->answers[0].feedback, "~ is special.", "feedback");
		CHECK(q->answers[6].fraction == 1, "\\\\ is the right one");
	} else {
		CHECK(0, "%zu choices, want 7", q->nanswers);
	}
	CHECK_STR(p.b.q[3].text, "Blah\nblah $ 1 \\neq 0 $", "\\n and \\\\");
	CHECK(p.b.q[3].format == QF_HTML, "[html]");
	CHECK_STR(p.b.q[4].text, "Trailing \\", "\\\\ before a brace");
out:
	done(&p);
}

static void
gift_formats(void)
{
	struct parsed p = parse(
	    "[html]<p>Sun rises where?</p>{\n"
	    "=<p>East</p>#<b>Yes</b>\n~[plain]West#[markdown]*No*\n}\n\n"
	    "[markdown]Who's in **Grant's tomb**?{=no one}\n\n"
	    "[plain]Plain{T}\n\n[moodle]Moodle{T}\n\n"
	    "[unknown]Kept{T}\n");
	struct question *q;

	if (!clean(&p, 5, "formats"))
		goto out;
	q = &p.b.q[0];
	CHECK(q->format == QF_HTML, "[html] stem");
	CHECK_STR(q->text, "<p>Sun rises where?</p>", "prefix removed");
	CHECK(q->answers[0].format == QF_HTML &&
	    q->answers[0].feedback_format == QF_HTML,
	    "answers default to the stem's format");
	CHECK(q->answers[1].format == QF_PLAIN &&
	    q->answers[1].feedback_format == QF_MARKDOWN,
	    "answer and feedback prefixes");
	CHECK_STR(q->answers[1].text, "West", "answer prefix removed");
	CHECK_STR(q->answers[1].feedback, "*No*", "feedback prefix removed");
	CHECK(p.b.q[1].format == QF_MARKDOWN, "[markdown]");
	CHECK(p.b.q[1].answers[0].format == QF_MOODLE,
	    "a short answer keeps no format, as in Moodle");
	CHECK(p.b.q[2].format == QF_PLAIN, "[plain]");
	CHECK(p.b.q[3].format == QF_MOODLE, "[moodle]");
	CHECK_STR(p.b.q[4].text, "[unknown]Kept", "unknown prefix is text");
out:
	done(&p);
}

static void
gift_categories(void)
{
	struct parsed p = parse(
	    "Root{T}\n\n"
	    "$CATEGORY: $course$/top/Default for Course\n\n"
	    "A{T}\n\nB{T}\n\n"
	    "// question: 0  name: switch category\n"
	    "$CATEGORY: $system$/top/Exams/Unit 1\\: Topic\n\n"
	    "C{T}\n\n"
	    "$CATEGORY: $module$/x / y\n\nD{T}\n\n"
	    "$CATEGORY: $cat1$/a//b/c\n\nE{T}\n\n"
	    "$CATEGORY: $course$/top\n\nF{T}\n\n"
	    "$CATEGORY: plain/path\n\nG{T}\n");
	struct q_bank *b = &p.b;

	if (clean(&p, 8, "categories")) {
		CHECK(b->q[0].category == NULL, "before $CATEGORY: the root");
		CHECK_STR(b->q[1].category, "Default for Course",
		    "context and top removed");
		CHECK_STR(b->q[2].category, "Default for Course",
		    "a category applies to the questions after it");
		CHECK_STR(b->q[3].category, "Exams/Unit 1: Topic", "$system$");
		CHECK_STR(b->q[4].category, "x/y", "$module$, trimmed");
		CHECK_STR(b->q[5].category, "a//b/c", "$cat1$, // kept");
		CHECK(b->q[6].category == NULL, "top alone is the root");
		CHECK_STR(b->q[7].category, "plain/path", "no prefix");
	}
	done(&p);
}

static void
gift_ids_tags(void)
{
	struct parsed p = parse(
	    "// This question tests tags: [tag:tag] [tag:other-tag].\n"
	    "// And an idnumber: [id:myid].\n"
	    "::Question name:: How are you? {}\n\n"
	    "// [tag:  basic] Here is\n// a [id:   four   ] que[tag:add   ]st\n"
	    "Q{T}\n\n"
	    "// [id:i\\]d] [tag:t\\]ag] [tag:Hard]\nQ{T}\n\n"
	    "// [id:393]\n// [tag:easy]\nQ{T}\n// [tag:medium] after\n\n"
	    "// Ceci n'est pas une [tag:\n// frog].\nQ{T}\n\n"
	    "// [id:a[b] [tag:<x>] [tag:open\nQ{T}\n\n"
	    "// [tag:a [id:b] [id:c]\nQ{T}\n");
	struct question *q;

	if (!clean(&p, 7, "ids and tags"))
		goto out;
	q = &p.b.q[0];
	CHECK_STR(q->id, "myid", "id");
	CHECK(q->ntags == 2, "%zu tags", q->ntags);
	if (q->ntags == 2) {
		CHECK_STR(q->tags[0], "tag", "tag 1");
		CHECK_STR(q->tags[1], "other-tag", "tag 2");
	}
	q = &p.b.q[1];
	CHECK_STR(q->id, "four", "id trimmed");
	CHECK(q->ntags == 2 && strcmp(q->tags[0], "basic") == 0 &&
	    strcmp(q->tags[1], "add") == 0, "tags trimmed, in order");
	q = &p.b.q[2];
	CHECK_STR(q->id, "i]d", "\\] in id");
	CHECK(q->ntags == 2 && strcmp(q->tags[0], "t]ag") == 0,
	    "\\] in tag");
	CHECK(q->difficulty == 3, "tag Hard sets difficulty 3");
	q = &p.b.q[3];
	CHECK_STR(q->id, "393", "numeric id");
	CHECK(q->difficulty == 2, "later comment lines count too: medium");
	CHECK(p.b.q[4].ntags == 0, "a tag cannot span lines");
	CHECK_STR(p.b.q[5].id, "a[b", "[ in an id");
	CHECK(p.b.q[5].ntags == 0, "no < > in tags, no tag left open");
	q = &p.b.q[6];
	CHECK(q->ntags == 1 && strcmp(q->tags[0], "a [id:b") == 0,
	    "Moodle's tag regex runs to the first ]");
	CHECK_STR(q->id, "b", "the id regex runs on its own: first id wins");
out:
	done(&p);
}

static void
gift_lines(void)
{
	struct parsed p = parse(
	    "// comment\r\n::A::\r\nFirst line\r\nsecond {\r\n=x\r\n=y}\r\n"
	    "\r\n\r\n  \t\r\nB{T}\r\n");
	struct question *q;

	if (clean(&p, 2, "CRLF")) {
		q = &p.b.q[0];
		CHECK(q->line == 2, "question starts at line %d, want 2",
		    q->line);
		CHECK_STR(q->text, "First line\nsecond", "CR removed, lines "
		    "joined with newline");
		CHECK_STR(q->answers[1].text, "y", "last answer");
		CHECK(p.b.q[1].line == 10, "second question at line %d",
		    p.b.q[1].line);
	}
	done(&p);
	p = parse("A{T}\r\rB{F}\r");
	if (clean(&p, 2, "CR only"))
		CHECK(p.b.q[1].line == 3, "CR-only line numbers");
	done(&p);
	/* PHP's empty("0"): a line holding only 0 ends a question. */
	p = parse("Intro text\n0\nMore{T}\n");
	if (clean(&p, 2, "0 line"))
		CHECK(p.b.q[0].type == Q_DESCRIPTION &&
		    p.b.q[1].line == 3, "0 splits the question");
	done(&p);
	p = parse("\n\n// only a comment\n\n");
	clean(&p, 0, "comments only");
	done(&p);
	p = parse("");
	clean(&p, 0, "empty file");
	done(&p);
}

static void
gift_errors(void)
{
	check_error("Q1{T}\n\nOpen {\n~a\n=b\n\nQ3{T}\n", 3, "not closed", 2,
	    "unclosed {");
	check_error("Q{T}\n\nstem\nhere }\n", 4, "'}' without", 1, "} alone");
	check_error("a } b { c }\n", 1, "'}' without", 0, "} before {");
	check_error("Q {=a}\nmore {=b}\n", 2, "after the answer block", 0,
	    "second block");
	check_error("Q {~only}\n", 1, "at least two choices", 0,
	    "one choice");
	check_error("Q {~}\n", 1, "at least two choices", 0, "{~}");
	check_error("Q {=}\n", 1, "empty short answer", 0, "{=}");
	check_error("Q {\n~a\n~b\n}\n", 1, "no right answer", 0,
	    "no right answer");
	check_error("Q {~%-50%a ~b}\n", 1, "no right answer", 0,
	    "negative weights only");
	check_error("Q {\n=a\n~%150%b\n}\n", 3, "not one of Moodle's grades",
	    0, "weight over 100");
	check_error("Q {=a ~%35%b}\n", 1, "%35%", 0, "weight not a grade");
	check_error("Q {=a ~%--5%b}\n", 1, "not a number", 0, "double minus");
	check_error("Q {\n#\n=12\n=%50%1x:2\n}\n", 4, "\"1x:2\" is not a number",
	    0, "bad number");
	check_error("Q {#1..x}\n", 1, "not a number", 0, "bad range");
	check_error("Q {#abc}\n", 1, "not a number", 0,
	    "Moodle would store any-answer");
	check_error("Q {#5..1}\n", 1, "high to low", 0, "upside-down range");
	check_error("Q {#5:-1}\n", 1, "negative", 0, "negative tolerance");
	check_error("Q {#0}\n", 1, "{#=0}", 0, "{#0}");
	check_error("Q {#}\n", 1, "no answer", 0, "{#}");
	check_error("Q {=%0%a}\n", 1, "no right answer", 0, "short answer 0%");
	check_error("Q {=a =}\n", 1, "empty short answer", 0, "empty answer");
	check_error("Q {\n=a -> 1\n}\n", 1, "at least two pairs", 0,
	    "one pair");
	check_error("Q {=a -> 1 = -> 2}\n", 1, "at least two pairs", 0,
	    "one pair and a distractor");
	check_error("Q {\n=a -> 1\n=b 2\n}\n", 3, "without ->", 0,
	    "pair without ->");
	check_error("Q {\n=a -> 1\n=b ->\n}\n", 3, "no answer", 0,
	    "sub without answer");
	check_error("$CATEGORY: a\nQ{T}\n", 2, "blank line", 0,
	    "category runs into question");
	{
		/* Moodle drops a repeated id; bank_import_check does, with a
		 * warning: the parser keeps both questions. */
		struct parsed p = parse("// [id:x]\nA{T}\n\n// [id:x]\nB{T}\n");

		clean(&p, 2, "a repeated id does not refuse the file");
		done(&p);
	}
	{
		struct parsed p = parse("Q {#\n0\n}\n");

		CHECK(p.rc == -1 && p.b.nerr == 2 && p.b.n == 0 &&
		    strstr(p.b.err[0].message, "only 0") != NULL &&
		    p.b.err[1].line == 3, "a 0 line splitting a block is "
		    "explained");
		done(&p);
	}
	{
		struct parsed p = parse("// [id:x]\nA{T}\n\n"
		    "$CATEGORY: other\n\n// [id:x]\nB{T}\n");

		clean(&p, 2, "same id in another category");
		done(&p);
	}
	/* Every error is reported, and the good questions still read. */
	{
		struct parsed p = parse("A {~x}\n\nB{T}\n\nC {#q}\n\n"
		    "D{\n=a\n~%7%b\n}\n\nE{F}\n");

		CHECK(p.rc == -1 && p.b.nerr == 3, "%zu errors, want 3",
		    p.b.nerr);
		CHECK(p.b.n == 2, "%zu good questions kept, want 2", p.b.n);
		if (p.b.nerr == 3)
			CHECK(p.b.err[0].line == 1 && p.b.err[1].line == 5 &&
			    p.b.err[2].line == 9, "lines %d %d %d",
			    p.b.err[0].line, p.b.err[1].line,
			    p.b.err[2].line);
		done(&p);
	}
}

/* Reads dir/rel into *p; 0, or -1 (after a failed CHECK) if unreadable. */
static int
parse_file(const char *dir, const char *rel, struct parsed *p)
{
	char path[1024];
	size_t len;
	char *src;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	src = test_read_file(path, &len);
	CHECK(src != NULL, "cannot read %s", path);
	if (src == NULL)
		return -1;
	*p = parse_n(src, len);
	free(src);
	return 0;
}

/* Checks the types of p's questions against want (one letter each:
 * m multichoice, t truefalse, s short answer, n numerical, x matching,
 * e essay, d description). */
static void
check_types(const struct parsed *p, const char *want, const char *what)
{
	static const char letter[] = "mtsnxed";	/* enum q_type order */

	for (size_t i = 0; i < p->b.n && want[i] != '\0'; i++)
		CHECK(letter[p->b.q[i].type] == want[i], "%s: question %zu "
		    "(line %d) is %s, want %c", what, i + 1, p->b.q[i].line,
		    q_type_name(p->b.q[i].type), want[i]);
}

/*
 * Moodle's fixtures. questions.gift.txt and questions_in_category.gift.txt
 * are what its behat tests import ("Importing 9 questions", "Importing 4
 * questions"); the values checked are those giftformat_test.php expects
 * from the same questions. examples.txt has no count in Moodle's tests:
 * its 43 questions and their types follow format.php's type rules.
 */
static void
gift_moodle(void)
{
	const char *dir = test_conformance_dir("gift: Moodle fixtures");
	struct parsed p;
	struct question *q;

	if (dir == NULL)
		return;
	if (parse_file(dir, "moodle/gift/questions.gift.txt", &p) == 0) {
		if (clean(&p, 9, "questions.gift.txt")) {
			check_types(&p, "exmmnsttt", "questions.gift.txt");
			q = &p.b.q[1];
			CHECK_STR(q->title, "Moodle activities", "match title");
			CHECK_STR(q->text, "Match the <b>activity</b> to the "
			    "description.", "match stem");
			CHECK(q->format == QF_HTML && q->npairs == 5 &&
			    q->pairs[1].format == QF_MOODLE &&
			    q->pairs[2].format == QF_PLAIN &&
			    q->pairs[4].format == QF_HTML, "match formats");
			q = &p.b.q[2];
			CHECK(q->single == 1 && q->nanswers == 3 &&
			    q->answers[0].fraction == 1 &&
			    q->answers[2].format == QF_PLAIN &&
			    q->answers[1].feedback_format == QF_HTML,
			    "test_import_multichoice");
			CHECK_STR(q->answers[1].feedback, "wrong, it's yellow",
			    "multichoice feedback");
			q = &p.b.q[3];
			CHECK(q->single == 0 && q->nanswers == 4 &&
			    test_near(q->answers[0].fraction, 0.5) &&
			    q->answers[1].fraction == -1 &&
			    test_near(q->answers[2].fraction, 0.5) &&
			    q->answers[3].fraction == -1,
			    "test_import_multichoice_multi fractions");
			q = &p.b.q[4];
			/* The fixture keeps the '";' of the PHP source after
			 * the block, so Moodle reads a missing-word stem. */
			CHECK_STR(q->text, "What is a number from 1 to 5? "
			    "_____\";", "numerical stem");
			CHECK(q->nanswers == 2 && q->answers[0].value == 3 &&
			    q->answers[0].tolerance == 2 &&
			    q->answers[1].fraction == 0,
			    "test_import_numerical answers");
			CHECK_STR(q->answers[1].text, "*", "numerical any");
			CHECK_STR(q->answers[1].feedback, "Completely wrong",
			    "numerical feedback");
			q = &p.b.q[5];
			CHECK(q->nanswers == 3 && q->answers[0].fraction == 1 &&
			    test_near(q->answers[1].fraction, 0.5) &&
			    q->answers[2].fraction == 0,
			    "test_import_shortanswer fractions");
			CHECK_STR(q->answers[2].text, "*", "shortanswer *");
			q = &p.b.q[6];
			CHECK(q->answers[0].fraction == 0 &&
			    q->answers[1].fraction == 1, "correctanswer 0");
			CHECK_STR(q->answers[0].feedback,
			    "42 is the Ultimate Answer.", "feedbacktrue");
			CHECK_STR(q->answers[1].feedback,
			    "You gave the right answer.", "feedbackfalse");
			CHECK_STR(q->general_feedback, "This is, of course, a "
			    "Hitchiker's Guide to the Galaxy reference.",
			    "truefalse general feedback");
			CHECK_STR(p.b.q[7].title, "2-08 TSL", "name 0-11");
			CHECK(p.b.q[7].answers[0].fraction == 1 &&
			    p.b.q[8].answers[0].fraction == 1,
			    "{T} and {TRUE}: correctanswer 1");
		}
		done(&p);
	}
	if (parse_file(dir, "moodle/gift/questions_in_category.gift.txt",
	    &p) == 0) {
		if (clean(&p, 4, "questions_in_category.gift.txt")) {
			check_types(&p, "xmst", "questions_in_category");
			for (size_t i = 0; i < 4; i++)
				CHECK_STR(p.b.q[i].category,
				    "Default for New Features", "category");
			CHECK_STR(p.b.q[1].text, "<a href=\"http://demo.moodle."
			    "net/file.php/5/media/bonjour.mp3\">Listen to this "
			    "greeting:</a><br /><br />What language is being "
			    "spoken?", "escaped = and : restored");
			CHECK(p.b.q[2].nanswers == 1 &&
			    p.b.q[2].answers[0].fraction == 1 &&
			    p.b.q[2].answers[0].feedback == NULL,
			    "=%%100%%Moodler#");
		}
		done(&p);
	}
	if (parse_file(dir, "moodle/gift/examples.txt", &p) == 0) {
		if (clean(&p, 43, "examples.txt")) {
			check_types(&p, "mmtsnmmmmsstt" "xxnnnnnsm" "msstmmsmmmm"
			    "mmtsnxmms" "n", "examples.txt");
			q = &p.b.q[32];
			CHECK(q->nanswers == 6 && q->answers[5].fraction == 1,
			    "GIFT Control Characters");
			CHECK_STR(q->answers[5].text, "\\", "\\\\ choice");
			CHECK_STR(p.b.q[7].text, "The American holiday of "
			    "Thanksgiving is celebrated on the _____ Thursday "
			    "of November.", "missing word across lines");
		}
		done(&p);
	}
}

/* A copy of s with every run of white space made one space, none at the
 * ends, and none next to the blank "_____" (see gift_peg). */
static char *
norm(const char *s)
{
	char *out = malloc(strlen(s) + 1);
	size_t k = 0;

	if (out == NULL)
		abort();
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (k > 0 && out[k - 1] != ' ')
				out[k++] = ' ';
		} else {
			out[k++] = *s;
		}
	}
	if (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	for (char *b = strstr(out, "_____"); b != NULL;
	    b = strstr(b + 5, "_____")) {
		if (b[5] == ' ')
			memmove(b + 5, b + 6, strlen(b + 6) + 1);
		if (b > out && b[-1] == ' ') {
			memmove(b - 1, b, strlen(b) + 1);
			b--;
		}
	}
	return out;
}

/* Compares our text (NULL or "" for none) with a JSON {format, text} or
 * null; fmt is our format of that text, compared when with_format. */
static void
check_text_as(const char *what, const char *got, enum q_format fmt,
    json_t *want, int with_format)
{
	const char *wt, *wf;
	char *a, *b;

	if (want == NULL || json_is_null(want)) {
		CHECK(got == NULL || *got == '\0', "%s: got \"%s\", want none",
		    what, got);
		return;
	}
	wt = json_string_value(json_object_get(want, "text"));
	wf = json_string_value(json_object_get(want, "format"));
	if (wt == NULL) {
		CHECK(0, "%s: expected text is not a string", what);
		return;
	}
	a = norm(got != NULL ? got : "");
	b = norm(wt);
	CHECK(strcmp(a, b) == 0, "%s: got \"%s\", want \"%s\"", what, a, b);
	if (wf != NULL && with_format)
		CHECK_STR(q_format_name(fmt), wf, what);
	free(a);
	free(b);
}

/* check_text_as() with the format. */
static void
check_text(const char *what, const char *got, enum q_format fmt,
    json_t *want)
{
	check_text_as(what, got, fmt, want, 1);
}

/* Our answer's fraction for a PEG choice: its weight in percent, else
 * (null) 100% if isCorrect ("=", or a short answer without it), else 0. */
static double
peg_fraction(json_t *c)
{
	json_t *w = json_object_get(c, "weight");

	if (json_is_number(w))
		return json_number_value(w) / 100;
	return json_is_true(json_object_get(c, "isCorrect"));
}

/* A PEG numerical answer {type simple|range|high-low, ...} as value and
 * tolerance. */
static void
peg_number(json_t *n, double *v, double *tol)
{
	const char *t = json_string_value(json_object_get(n, "type"));
	double hi, lo;

	*v = json_number_value(json_object_get(n, "number"));
	*tol = 0;
	if (t != NULL && strcmp(t, "range") == 0) {
		*tol = json_number_value(json_object_get(n, "range"));
	} else if (t != NULL && strcmp(t, "high-low") == 0) {
		hi = json_number_value(json_object_get(n, "numberHigh"));
		lo = json_number_value(json_object_get(n, "numberLow"));
		*v = (hi + lo) / 2;
		*tol = hi - *v;
	}
}

static void
peg_answers(const char *what, const struct question *q, json_t *choices)
{
	size_t n = json_array_size(choices);

	CHECK(q->nanswers == n, "%s: %zu answers, want %zu", what,
	    q->nanswers, n);
	for (size_t i = 0; i < n && i < q->nanswers; i++) {
		json_t *c = json_array_get(choices, i);
		const struct q_answer *a = &q->answers[i];
		json_t *text = json_object_get(c, "text");
		char w[300];

		snprintf(w, sizeof w, "%s answer %zu", what, i + 1);
		CHECK(test_near(a->fraction, peg_fraction(c)),
		    "%s: fraction %g, want %g", w, a->fraction,
		    peg_fraction(c));
		if (q->type == Q_NUMERICAL && json_object_get(text, "text")) {
			/* Moodle's any-answer, PEG's text "*" */
			CHECK_STR(a->text, json_string_value(json_object_get(
			    text, "text")), w);
		} else if (q->type == Q_NUMERICAL) {
			double v, tol;

			peg_number(text, &v, &tol);
			CHECK(test_near(a->value, v) && test_near(a->tolerance, tol),
			    "%s: %g:%g, want %g:%g", w, a->value,
			    a->tolerance, v, tol);
		} else {
			/* Moodle keeps no format for a short answer */
			check_text_as(w, a->text, a->format, text,
			    q->type != Q_SHORTANSWER);
		}
		check_text(w, a->feedback, a->feedback_format,
		    json_object_get(c, "feedback"));
	}
}

static void
peg_question(const char *what, const struct question *q, json_t *e)
{
	static const struct {
		const char *peg;
		enum q_type type;
	} types[] = {
		{ "MC", Q_MULTICHOICE }, { "TF", Q_TRUEFALSE },
		{ "Short", Q_SHORTANSWER }, { "Numerical", Q_NUMERICAL },
		{ "Matching", Q_MATCHING }, { "Essay", Q_ESSAY },
		{ "Description", Q_DESCRIPTION },
	};
	const char *type = json_string_value(json_object_get(e, "type"));
	const char *title = json_string_value(json_object_get(e, "title"));
	const char *id = json_string_value(json_object_get(e, "id"));
	json_t *tags = json_object_get(e, "tags"), *choices;
	size_t i;

	for (i = 0; i < sizeof types / sizeof *types; i++)
		if (type != NULL && strcmp(type, types[i].peg) == 0)
			break;
	CHECK(i < sizeof types / sizeof *types && q->type == types[i].type,
	    "%s: type %s, want %s", what, q_type_name(q->type), type);
	if (i == sizeof types / sizeof *types || q->type != types[i].type)
		return;
	CHECK_STR(q->title, title, what);
	CHECK_STR(q->id, id, what);
	CHECK(q->ntags == json_array_size(tags), "%s: %zu tags, want %zu",
	    what, q->ntags, json_array_size(tags));
	for (i = 0; i < q->ntags && i < json_array_size(tags); i++)
		CHECK_STR(q->tags[i], json_string_value(json_array_get(tags,
		    i)), what);
	check_text(what, q->text, q->format, json_object_get(e, "stem"));
	if (json_object_get(e, "globalFeedback") != NULL)
		check_text(what, q->general_feedback,
		    q->general_feedback_format,
		    json_object_get(e, "globalFeedback"));
	choices = json_object_get(e, "choices");
	switch (q->type) {
	case Q_MULTICHOICE:
	case Q_SHORTANSWER:
		peg_answers(what, q, choices);
		break;
	case Q_NUMERICAL:
		if (json_is_object(choices)) {	/* one unweighted answer */
			double v, tol;

			peg_number(choices, &v, &tol);
			CHECK(q->nanswers == 1 && q->answers[0].fraction == 1 &&
			    test_near(q->answers[0].value, v) &&
			    test_near(q->answers[0].tolerance, tol),
			    "%s: want %g:%g", what, v, tol);
		} else {
			peg_answers(what, q, choices);
		}
		break;
	case Q_MATCHING:
		choices = json_object_get(e, "matchPairs");
		CHECK(q->npairs == json_array_size(choices),
		    "%s: %zu pairs, want %zu", what, q->npairs,
		    json_array_size(choices));
		for (i = 0; i < q->npairs && i < json_array_size(choices);
		    i++) {
			json_t *m = json_array_get(choices, i);

			check_text(what, q->pairs[i].sub, q->pairs[i].format,
			    json_object_get(m, "subquestion"));
			CHECK_STR(q->pairs[i].answer, json_string_value(
			    json_object_get(m, "subanswer")), what);
		}
		break;
	case Q_TRUEFALSE:
		/* By position: PEG's trueFeedback is the first feedback,
		 * which Moodle shows for the wrong answer. */
		CHECK(q->answers[0].fraction ==
		    json_is_true(json_object_get(e, "isTrue")),
		    "%s: isTrue", what);
		{
			int right = q->answers[0].fraction == 1 ? 0 : 1;

			check_text(what, q->answers[!right].feedback,
			    q->answers[!right].feedback_format,
			    json_object_get(e, "trueFeedback"));
			check_text(what, q->answers[right].feedback,
			    q->answers[right].feedback_format,
			    json_object_get(e, "falseFeedback"));
		}
		break;
	default:
		break;
	}
}

/* PEG's category title "$course$/top/Default for X" as ours. */
static char *
peg_category(const char *t)
{
	if (t[0] == '$' && strchr(t + 1, '$') != NULL &&
	    strchr(t + 1, '$')[1] == '/')
		t = strchr(t + 1, '$') + 2;
	if (strncmp(t, "top/", 4) == 0)
		t += 4;
	return strdup(t);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * GIFT-grammar-PEG.js's tests/questions: every NAME.gift must read as
 * NAME.json says, under this mapping of that parser's conventions onto
 * Moodle's (Moodle wins where they differ):
 * - types MC, TF, Short, Numerical, Matching, Essay, Description map to
 *   ours; "Category" is no question: its title, less the context and top,
 *   must be the category of the questions after it (a probe essay is
 *   appended to each file to see the last one);
 * - texts are compared with white space runs as one space, and without
 *   spaces next to the blank "_____"; compared exactly, these files
 *   differ, and Moodle's reading is the one kept:
 *   - escapeAll, giftFormatPhpExamples, multiLineFeedback1, options1,
 *     symbolsAll: a text continued on the next line; PEG joins the lines
 *     with a space, Moodle with "\n";
 *   - markdown, type_inferred_multiline_markdown,
 *     totara_moodle_pre_content: Moodle trims every line before reading
 *     (question/format.php readquestions), so the "  " markdown line
 *     break and the indentation of lists and <pre> are lost; PEG keeps
 *     them (Moodle's unit test keeps them too only because it calls
 *     readquestion() on untrimmed lines, which an import never does);
 *   - giftFormatPhpExamples, numerical1, options1, shortAnswer1: PEG
 *     writes an embedded blank as " _____ " where Moodle replaces the
 *     block itself ("pi? {#..}." is "pi? _____." in Moodle);
 * - short answers are strings matched against the response; Moodle
 *   drops their [format] (format.php keeps $answer['text'] only), so their
 *   format is not compared (options1, shortFirstEmbeddedUnderlineHTML,
 *   type_inferred_multiline_markdown: PEG gives them the stem's format);
 * - weight null is 100% when isCorrect ("=", or a short answer written
 *   without it), else 0%; a weight is percent where Moodle has a fraction;
 * - true/false feedbacks by position: PEG's "trueFeedback" is the first
 *   feedback, which Moodle gives the wrong answer, "falseFeedback" the
 *   second, given to the right one. TFTwoFeedback: for {TRUE#a} PEG calls
 *   a the feedback for true, Moodle shows it for the answer false;
 * - an empty feedback ("#" with nothing after it) is none in both.
 */
static void
gift_peg(void)
{
	const char *base = test_conformance_dir("gift: GIFT-PEG pairs");
	char dir[1024], path[1200];
	char **names = NULL;
	size_t nnames = 0, files = 0;
	struct dirent *d;
	DIR *dp;

	if (base == NULL)
		return;
	snprintf(dir, sizeof dir, "%s/gift-peg/tests/questions", base);
	dp = opendir(dir);
	CHECK(dp != NULL, "cannot open %s", dir);
	if (dp == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		size_t n = strlen(d->d_name);

		if (n > 5 && strcmp(d->d_name + n - 5, ".gift") == 0) {
			names = realloc(names, (nnames + 1) * sizeof *names);
			if (names == NULL)
				abort();
			names[nnames++] = strndup(d->d_name, n - 5);
		}
	}
	closedir(dp);
	qsort(names, nnames, sizeof *names, name_cmp);
	for (size_t f = 0; f < nnames; f++) {
		char *src, *json_src;
		size_t len, qi = 0;
		json_error_t jerr;
		json_t *want;
		char *cat = NULL;
		struct parsed p;

		snprintf(path, sizeof path, "%s/%s.gift", dir, names[f]);
		src = test_read_file(path, &len);
		snprintf(path, sizeof path, "%s/%s.json", dir, names[f]);
		json_src = test_read_file(path, NULL);
		want = json_src ? json_loads(json_src, 0, &jerr) : NULL;
		CHECK(src != NULL && json_is_array(want), "%s: unreadable",
		    names[f]);
		if (src == NULL || !json_is_array(want))
			goto next;
		files++;
		src = realloc(src, len + 32);
		if (src == NULL)
			abort();
		memcpy(src + len, "\n\nprobe{}\n", 11);
		p = parse_n(src, len + 10);
		CHECK(p.rc == 0, "%s: error \"%s\" at line %d", names[f],
		    p.b.nerr ? p.b.err[0].message : "",
		    p.b.nerr ? p.b.err[0].line : 0);
		for (size_t i = 0; i < json_array_size(want); i++) {
			json_t *e = json_array_get(want, i);
			const char *type = json_string_value(
			    json_object_get(e, "type"));
			char what[300];

			if (type != NULL && strcmp(type, "Category") == 0) {
				free(cat);
				cat = peg_category(json_string_value(
				    json_object_get(e, "title")));
				continue;
			}
			snprintf(what, sizeof what, "%s.gift question %zu",
			    names[f], qi + 1);
			if (qi >= p.b.n) {
				CHECK(0, "%s: missing", what);
				break;
			}
			CHECK_STR(p.b.q[qi].category, cat, what);
			peg_question(what, &p.b.q[qi++], e);
		}
		CHECK(qi + 1 == p.b.n, "%s.gift: %zu questions, want %zu",
		    names[f], p.b.n - 1, qi);
		if (qi < p.b.n)
			CHECK_STR(p.b.q[p.b.n - 1].category, cat,
			    "category after the last $CATEGORY");
		done(&p);
next:
		free(cat);
		json_decref(want);
		free(json_src);
		free(src);
		free(names[f]);
	}
	free(names);
	CHECK(files >= 50, "only %zu GIFT-PEG files read", files);
}

/* Moodle's Cloze syntax written into a GIFT file (teachers do: real banks
 * hold whole reading texts of {1:MC:..} gaps). Moodle's GIFT import
 * would take the first gap for the answer block and keep the others as
 * text; aicert reads the Cloze question meant, with a warning, and
 * leaves GIFT that only looks alike ({#1:2}, {2:30}) as GIFT. */
static void
gift_cloze_syntax(void)
{
	static const char src[] = "// a comment\n"
	    "::Gaps::It is {1:MC:~=similar to~close to} what they "
	    "{1:SA:=took~=got} in {2:NUMERICAL:=2020:1}.\n\n"
	    "::Plain::2+2? {#4:0}\n\n::Time::Lunch at {=12:30 ~13:00}?\n";
	static const char bad[] = "Say {1:SA:} here.\n";
	struct arena *a = arena_new();
	struct q_bank b, w;
	const struct question *q;

	q_bank_init(&b, a, "cloze.gift");
	q_bank_init(&w, a, "cloze.gift");
	b.warn = &w;
	CHECK(bank_gift_parse(&b, src, sizeof src - 1) == 0 && b.n == 3,
	    "a GIFT file with Cloze gaps reads: %s", b.nerr ? b.err[0].message : "");
	if (b.n == 3) {
		q = &b.q[0];
		CHECK(q->type == Q_CLOZE && q->ngaps == 3 &&
		    q->gaps[0].kind == QG_MULTICHOICE && q->gaps[1].kind == QG_SHORTANSWER &&
		    q->gaps[2].kind == QG_NUMERICAL && q->gaps[2].weight == 2 &&
		    q->default_mark == 4 && strstr(q->text, "{#1}") != NULL &&
		    strstr(q->text, "{1:") == NULL,
		    "the gaps are a Cloze question's, weights and kinds as written");
		CHECK(w.nerr == 1 && w.err[0].line == 2 && strstr(w.err[0].message, "Cloze"),
		    "a warning at the question's line says it was read as Cloze: %s",
		    w.nerr ? w.err[0].message : "none");
		CHECK(b.q[1].type == Q_NUMERICAL && b.q[2].type == Q_MULTICHOICE,
		    "GIFT numerical and multichoice answers are not taken for gaps");
	}
	q_bank_init(&b, a, "bad.gift");
	CHECK(bank_gift_parse(&b, bad, sizeof bad - 1) != 0 && b.nerr >= 1 &&
	    b.err[0].line == 1, "a Cloze gap without answers is an error at its line");
	arena_free(a);
}

void
test_gift(void)
{
	gift_cloze_syntax();
	gift_multichoice();
	gift_truefalse();
	gift_shortanswer();
	gift_numerical();
	gift_matching();
	gift_essay_description();
	gift_titles_escapes();
	gift_formats();
	gift_categories();
	gift_ids_tags();
	gift_lines();
	gift_errors();
	gift_moodle();
	gift_peg();
}

/*
 * question.h - the in-memory question model shared by every bank format.
 *
 * Parsers (bank_gift.c, bank_aiken.c, bank_xml.c) fill it, the exporter
 * writes it back out, the store keeps it, grading reads it. It follows
 * Moodle's model, so a bank read from any format means what Moodle says it
 * means. All strings and arrays are owned by the arena the parser was given.
 */
#ifndef AICERT_QUESTION_H
#define AICERT_QUESTION_H

#include <stddef.h>

#include "arena.h"

enum q_type {
	Q_MULTICHOICE,		/* single choice, or multiple response when !single */
	Q_TRUEFALSE,
	Q_SHORTANSWER,
	Q_NUMERICAL,
	Q_MATCHING,
	Q_ESSAY,
	Q_DESCRIPTION,
	Q_CLOZE,		/* Moodle's "Embedded answers": gaps in the stem */
	Q_GAPSELECT,		/* Moodle's select missing words */
	Q_ORDERING,		/* Moodle's ordering: answers in the right order */
};

/* Text format of stems, choices and feedback, as Moodle's FORMAT_* values. */
enum q_format {
	QF_MOODLE,		/* GIFT default: Moodle auto-format */
	QF_HTML,
	QF_PLAIN,
	QF_MARKDOWN,
};

/* One answer: a choice (multichoice), an accepted answer (short answer),
 * a value with tolerance (numerical), or "true"/"false" (true/false, where
 * the right one has fraction 1 and carries the feedback for that answer). */
struct q_answer {
	char *text;		/* multichoice/short/truefalse; NULL for numerical
				 * except "*", Moodle's any-other-answer (GIFT ~#fb) */
	char *feedback;		/* NULL if none */
	double fraction;	/* -1.0 .. 1.0; 1.0 is fully right */
	double value;		/* numerical: the answer value */
	double tolerance;	/* numerical: accepted error, >= 0 */
	enum q_format format;		/* of text (GIFT [html] etc. prefix) */
	enum q_format feedback_format;	/* of feedback */
};

/* A file embedded in the bank (Moodle XML <file encoding="base64">), such as
 * an image the text shows as @@PLUGINFILE@@/name. mime is checked from the
 * content, not the name; data holds len decoded bytes. */
struct q_file {
	char *name;
	char *mime;
	unsigned char *data;
	size_t len;
};

/* One matching pair; sub is "" for a distractor answer (GIFT "= -> x"). */
struct q_pair {
	char *sub;
	char *answer;
	enum q_format format;	/* of sub */
};

/* One hint Moodle shows after a wrong try (<hint>); the two options are
 * Moodle's "show the number of correct responses" and "clear incorrect
 * responses". */
struct q_hint {
	char *text;
	enum q_format format;
	int shownumcorrect;
	int clearwrong;
};

/* The kind of one cloze gap, as Moodle's sub-question types. */
enum q_gap_kind {
	QG_SHORTANSWER,		/* SHORTANSWER/SA/MW; SHORTANSWER_C when usecase */
	QG_NUMERICAL,		/* NUMERICAL/NM */
	QG_MULTICHOICE,		/* MULTICHOICE/MC and its _V _H _S variants */
	QG_MULTIRESPONSE,	/* MULTIRESPONSE/MR and its _H _S variants */
};

/* How a choice gap is shown: Moodle's LAYOUT_DROPDOWN / _VERTICAL /
 * _HORIZONTAL. A multiple response gap is never a drop-down. */
enum q_gap_layout {
	QG_DROPDOWN,
	QG_VERTICAL,
	QG_HORIZONTAL,
};

/* One gap of a cloze question: {2:MULTICHOICE_S:=a#fb~b} is a gap of
 * kind QG_MULTICHOICE, layout QG_DROPDOWN, shuffled, weight 2. Answers
 * are as a question of the gap's kind has them (text, or value and
 * tolerance for a numerical gap; text "*" there is any number). */
struct q_gap {
	enum q_gap_kind kind;
	enum q_gap_layout layout;
	int usecase;		/* short answer gap: 1 case-sensitive */
	int shuffle;		/* choice gap: Moodle's _S, shuffled */
	double weight;		/* the gap's mark ({N:...}), default 1 */
	struct q_answer *answers;
	size_t nanswers;
};

/* One choice of a gapselect question (Moodle's <selectoption>): the stem's
 * [[n]] is a gap whose right choice is choice n (1-based, in file order),
 * and the gap offers every choice of that choice's group. */
struct q_gapchoice {
	char *text;
	int group;		/* 1.. */
};

/* Moodle's ordering grading types, with Moodle's numbers. */
enum q_ord_grading {
	QO_ALL_OR_NOTHING = -1,
	QO_ABSOLUTE_POSITION = 0,
	QO_RELATIVE_NEXT_EXCLUDE_LAST = 1,
	QO_RELATIVE_NEXT_INCLUDE_LAST = 2,
	QO_RELATIVE_ONE_PREVIOUS_AND_NEXT = 3,
	QO_RELATIVE_ALL_PREVIOUS_AND_NEXT = 4,
	QO_LONGEST_ORDERED_SUBSET = 5,
	QO_LONGEST_CONTIGUOUS_SUBSET = 6,
	QO_RELATIVE_TO_CORRECT = 7,
};

/* Moodle's ordering select types: which items a learner orders. */
enum q_ord_select {
	QO_SELECT_ALL = 0,
	QO_SELECT_RANDOM = 1,		/* count items drawn at random */
	QO_SELECT_CONTIGUOUS = 2,	/* count items in a row, from a random start */
};

/* The options of an ordering question (Moodle's qtype_ordering_options). */
struct q_ordering {
	int layout;		/* 0 vertical, 1 horizontal */
	enum q_ord_select select;
	int count;		/* items drawn unless select is all; >= 2 */
	enum q_ord_grading grading;
	int showgrading;	/* show the grading details after an attempt */
	char *numbering;	/* "abc", "ABCD", "123", "iii", "IIII"; NULL = none */
};

/* One unit of a numerical question (Moodle <units><unit>): a value given
 * in it is divided by multiplier to be compared with the answers, so the
 * answers' own unit has multiplier 1 ("cm/s2" is 100 for m/s2). */
struct q_unit {
	char *name;
	double multiplier;	/* > 0 */
};

/* How a numerical question's unit is graded (Moodle unitgradingtype):
 * not at all, or a missing or unknown unit takes unitpenalty as a share
 * of the response's fraction, or off the question's full marks. */
enum q_unit_grading {
	QU_GRADE_NONE,
	QU_GRADE_RESPONSE,
	QU_GRADE_QUESTION,
};

/* How the unit is asked for (Moodle showunits): typed with the number,
 * chosen from radio buttons, chosen from a list, or not at all. */
enum q_unit_show {
	QU_SHOW_TEXT,
	QU_SHOW_RADIO,
	QU_SHOW_SELECT,
	QU_SHOW_NONE,
};

/* Moodle's default unit penalty (question/format/xml import_numerical). */
#define Q_UNIT_PENALTY_DEFAULT 0.1

/* Moodle's default penalty for each wrong try (question/format.php). */
#define Q_PENALTY_DEFAULT 0.3333333

struct question {
	enum q_type type;
	int line;		/* 1-based source line where it starts */
	char *id;		/* [id:..] / <idnumber>; NULL if none */
	char *title;		/* ::title:: / <name>; NULL if none */
	char *key;		/* identity in its bank, set by bank_import_check
				 * (bank_item_key); NULL before */
	char *category;		/* "a/b/c" without Moodle context prefix; NULL = bank root */
	char *lang;		/* "en", "zh-TW", ...; NULL if unknown */
	char *text;		/* stem; a missing-word stem holds "_____" where the blank is */
	enum q_format format;
	char *general_feedback;	/* NULL if none */
	enum q_format general_feedback_format;
	char **tags;
	size_t ntags;
	int difficulty;		/* 0 unknown, 1 easy, 2 medium, 3 hard */
	int single;		/* multichoice: 1 one answer, 0 multiple response */
	int usecase;		/* short answer: 1 case-sensitive */
	int shuffle;		/* multichoice/matching: shuffle options (default 1) */
	double default_mark;	/* default 1.0 */
	double penalty;		/* 0..1, per wrong try; Q_PENALTY_DEFAULT */
	char *numbering;	/* multichoice <answernumbering>: "abc", "ABCD",
				 * "123", "iii", "IIII" or "none"; NULL = abc */
	char *correct_feedback;		/* combined feedback; NULL if none */
	char *partial_feedback;
	char *incorrect_feedback;
	enum q_format correct_feedback_format;
	enum q_format partial_feedback_format;
	enum q_format incorrect_feedback_format;
	struct q_hint *hints;
	size_t nhints;
	struct q_answer *answers;
	size_t nanswers;
	struct q_pair *pairs;
	size_t npairs;
	struct q_file *files;	/* embedded files its texts refer to */
	size_t nfiles;
	struct q_gap *gaps;	/* cloze: gap N is written {#N} in text */
	size_t ngaps;
	struct q_gapchoice *choices;	/* gapselect: the choices, [[n]] = choice n */
	size_t nchoices;
	int shownumcorrect;	/* gapselect, ordering: combined feedback shows
				 * the number of parts right (<shownumcorrect/>) */
	struct q_ordering ordering;	/* ordering: options; its items are the
					 * answers (texts) in the right order */
	/* Numerical units, as Moodle's qtype_numerical; the options below
	 * mean nothing while nunits is 0 (Moodle's one unit is then "" with
	 * multiplier 1, which every bare number has). */
	struct q_unit *units;
	size_t nunits;
	enum q_unit_grading unit_grading;	/* QU_GRADE_NONE */
	double unit_penalty;	/* 0..1; Q_UNIT_PENALTY_DEFAULT */
	enum q_unit_show show_units;	/* QU_SHOW_TEXT (with units) */
	int units_left;		/* the unit goes before the number ("$ 5") */
};

/* One problem found in a file; line is 1-based (0 = whole file). */
struct q_error {
	int line;
	char *message;
};

/* What a parser produces: every question read, and every error found. A
 * file with any error must not be imported at all, but parsers go on after
 * an error to report as many as they can. */
struct q_bank {
	struct arena *arena;	/* owns everything below; not owned by q_bank */
	const char *file;	/* name used in messages */
	struct question *q;
	size_t n, cap;
	struct q_error *err;
	size_t nerr, errcap;
	const char *lang;	/* of the messages (i18n.h); NULL: English */
	struct q_bank *warn;	/* where a parser's warnings go (as errors of
				 * that bank); NULL: not kept */
};

/* Starts an empty bank allocating from a; file names it in messages,
 * which are English until the caller sets lang. */
void q_bank_init(struct q_bank *b, struct arena *a, const char *file);

/* Clears q to a new question's defaults: zeroes, then shuffle = 1,
 * single = 1, default_mark = 1, penalty = Q_PENALTY_DEFAULT,
 * unit_penalty = Q_UNIT_PENALTY_DEFAULT (Moodle's). */
void q_init(struct question *q);

/* Appends a question set up by q_init and returns it; valid until the
 * next q_bank_add. */
struct question *q_bank_add(struct q_bank *b);

/* Records an error at line (printf format). */
void q_bank_error(struct q_bank *b, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records an error at line: the catalog message key in b->lang with its
 * "{name}" places filled from the name, value pairs that follow, ended
 * by NULL (i18n_msg): q_bank_msg(b, 3, "people_too_few_columns", "count",
 * "1", NULL). */
void q_bank_msg(struct q_bank *b, int line, const char *key, ...)
	__attribute__((sentinel));

/* As q_bank_msg, but a warning, which never refuses the file: recorded
 * in b->warn, dropped when b->warn is NULL. */
void q_bank_warn(struct q_bank *b, int line, const char *key, ...)
	__attribute__((sentinel));

/* Appends an answer / a pair / a tag to q, copying nothing: the pointers
 * given must already live in the bank's arena. */
struct q_answer *q_add_answer(struct q_bank *b, struct question *q);
struct q_pair *q_add_pair(struct q_bank *b, struct question *q);
void q_add_tag(struct q_bank *b, struct question *q, char *tag);
struct q_file *q_add_file(struct q_bank *b, struct question *q);
struct q_hint *q_add_hint(struct q_bank *b, struct question *q);
/* Appends a gap (weight 1) to a cloze q / an answer to gap g. */
struct q_gap *q_add_gap(struct q_bank *b, struct question *q);
struct q_answer *q_gap_add_answer(struct q_bank *b, struct q_gap *g);
struct q_gapchoice *q_add_gapchoice(struct q_bank *b, struct question *q);

/* Moodle's names of the ordering options, as its XML export writes them:
 * "ALL_OR_NOTHING", "ABSOLUTE_POSITION", ... for a grading type; "ALL",
 * "RANDOM", "CONTIGUOUS" for a select type. The parse functions read
 * those names and return -2 for anything else. */
const char *q_ord_grading_name(enum q_ord_grading g);
int q_ord_grading_parse(const char *name);
const char *q_ord_select_name(enum q_ord_select s);
int q_ord_select_parse(const char *name);

/* Sets o to the options of an ordering question that says none (bank
 * JSON): vertical, every item, count 2, RELATIVE_NEXT_EXCLUDE_LAST,
 * grading shown, no numbering. Moodle XML has its own defaults. */
void q_ordering_defaults(struct q_ordering *o);

struct q_unit *q_add_unit(struct q_bank *b, struct question *q);

/* The unit of q named name exactly, as Moodle's is_known_unit; NULL if
 * none. With no units, only "" (or NULL) is known, as Moodle's default
 * unit; then the result is NULL too, and q_unit_known says 1. */
const struct q_unit *q_unit_find(const struct question *q, const char *name);
int q_unit_known(const struct question *q, const char *name);

/* Names of the unit options in bank JSON and messages: "none",
 * "response", "question" / "text", "radio", "select", "none"; the
 * inverses return -1 if unknown. */
const char *q_unit_grading_name(enum q_unit_grading g);
int q_unit_grading_parse(const char *s);
const char *q_unit_show_name(enum q_unit_show s);
int q_unit_show_parse(const char *s);

/* The penalty Moodle's GIFT import gives a question of type t: 1 for
 * true/false, else Q_PENALTY_DEFAULT. Bank JSON leaves it unsaid. */
double q_penalty_default(enum q_type t);

/* 1 if s is a Moodle answer numbering: abc, ABCD, 123, iii, IIII, none. */
int q_numbering_ok(const char *s);

/* Names used in JSON and messages: "multichoice", "truefalse",
 * "shortanswer", "numerical", "matching", "essay", "description",
 * "cloze", "gapselect", "ordering". */
const char *q_type_name(enum q_type t);

/* A text (a stem) as a trainer recognises it in a message: tags dropped,
 * white space runs as one space, at most 60 characters, then "...". From
 * a; text may be NULL. */
const char *q_text_short(struct arena *a, const char *text);
/* The inverse; -1 if unknown. */
int q_type_parse(const char *name);
/* "moodle", "html", "plain", "markdown". */
const char *q_format_name(enum q_format f);

/* 1 if grading can score it without a person (not essay or description). */
int q_autogradable(const struct question *q);

/* Compares two questions field by field, as the bank formats carry them:
 * NULL and "" are the same text, and the format of an empty text is not
 * compared; fractions match within 1e-6, numbers
 * (values, tolerances, default mark) within 1e-9 relative, penalty within
 * 1e-6; numbering NULL is "abc"; hints in order; a tag naming
 * the question's own difficulty is skipped; files match by name, in any
 * order. Ignored: line, and fields that do not apply to the type (single
 * outside multichoice, usecase outside short answer, shuffle outside
 * multichoice, matching and gapselect, the default mark of a
 * description, units and their options outside numerical, unit options
 * with no units); gapselect choices and shownumcorrect, and the ordering
 * options, are compared for those types only.
 * Returns 1 if equal; else 0, with the first difference described in why
 * (whylen bytes, NUL-terminated) unless why is NULL. */
int q_equal(const struct question *x, const struct question *y,
    char *why, size_t whylen);

/* 1 if q passes a question browser's filters (each NULL or "": any):
 * text in its stem, title or id (ASCII letters in any case), category
 * a prefix of its category, type its type's name, tag one of its tags.
 * 0 otherwise. */
int q_match(const struct question *q, const char *text, const char *cat,
    const char *type, const char *tag);

/* Embedded files (Moodle XML <file>, bank JSON "files"): at most
 * Q_FILE_MAX decoded bytes, an image told by its content, a plain name. */
#define Q_FILE_MAX (1024 * 1024)

/* Decodes base64 s (whitespace allowed, padding checked) into a's memory.
 * 0, -1 if malformed, -2 if it would be more than Q_FILE_MAX bytes. */
int q_file_base64(struct arena *a, const char *s, unsigned char **out,
    size_t *len);

/* "image/png", "image/jpeg", "image/gif" or "image/webp" from the first
 * bytes of d; NULL for anything else. */
const char *q_file_mime(const unsigned char *d, size_t n);

/* 1 if name can follow @@PLUGINFILE@@/ as a plain file name: not empty,
 * not . or .., at most 255 bytes, no slash, backslash or control byte. */
int q_file_name_ok(const char *name);

#endif

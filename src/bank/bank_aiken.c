/*
 * bank_aiken.c - Aiken reader; see bank_aiken.h.
 *
 * Follows Moodle's question/format/aiken/format.php line for line: lines
 * are trimmed, lines shorter than two bytes are skipped, a line matching
 * /^[A-Z][).]/ is an option, /^ANSWER:/ ends the question, and any other
 * line starts a new question (so question text cannot span lines).
 * Where Moodle would store a broken question (an ANSWER letter that names
 * no option) or silently drop one (a question left open at the end of the
 * file), this reader reports an error instead. Pure C on question.h (and
 * utf8.h to count characters); messages are catalog keys worded in the
 * bank's b->lang (i18n.h).
 */
#include "bank_aiken.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define TITLE_MAX 80	/* characters, as Moodle's default question name */

/* The question being read; committed to the bank at its ANSWER: line. */
struct aiken {
	struct q_bank *b;
	struct question q;
	int open;		/* a question line has been read */
};

/* PHP trim()'s set: space, \t, \n, \r, \0, \x0B. */
static int
aiken_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' ||
	    c == '\x0B';
}

/* HTML-escapes s[0..n) as PHP htmlspecialchars(ENT_NOQUOTES): & < >. */
static char *
aiken_escape(struct arena *a, const char *s, size_t n)
{
	size_t len = 0, k = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		len += s[i] == '&' ? 5 : s[i] == '<' || s[i] == '>' ? 4 : 1;
	out = arena_alloc(a, len + 1);
	for (size_t i = 0; i < n; i++) {
		const char *rep = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" :
		    s[i] == '>' ? "&gt;" : NULL;

		if (rep != NULL) {
			memcpy(out + k, rep, strlen(rep));
			k += strlen(rep);
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	return out;
}

/* A title from the stem: at most TITLE_MAX characters, cut at a space
 * where one is near, with "..." after a cut (as Moodle's shorten_text). */
static char *
aiken_title(struct arena *a, const char *s, size_t n)
{
	size_t chars = 0, cut = n, space = 0, len;
	uint32_t cp;

	for (size_t i = 0; (len = utf8_next(s + i, n - i, &cp)) > 0; i += len) {
		if (chars == TITLE_MAX) {
			cut = i;
			break;
		}
		if (cp == ' ')
			space = i;
		chars++;
	}
	if (cut == n)
		return arena_strndup(a, s, n);
	if (space > cut / 2)
		cut = space;
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	return arena_printf(a, "%.*s...", (int)cut, s);
}

/* The open question's title in quotes, for messages. */
static const char *
aiken_name(const struct aiken *st)
{
	return st->q.title != NULL ? st->q.title : "";
}

static void
aiken_start(struct aiken *st, int line, const char *s, size_t n)
{
	struct q_bank *b = st->b;

	if (st->open)
		q_bank_msg(b, line, "aiken_unfinished", "q", aiken_name(st), "line",
		    arena_printf(b->arena, "%d", st->q.line), NULL);
	q_init(&st->q);
	st->q.type = Q_MULTICHOICE;
	st->q.line = line;
	st->q.title = aiken_title(b->arena, s, n);
	st->q.text = aiken_escape(b->arena, s, n);
	st->q.format = QF_HTML;
	st->open = 1;
}

static void
aiken_option(struct aiken *st, int line, const char *s, size_t n)
{
	struct q_answer *ans;

	if (!st->open) {
		q_bank_msg(st->b, line, "aiken_option_early", "option",
		    arena_strndup(st->b->arena, s, n > 40 ? 40 : n), NULL);
		return;
	}
	/* Drop the label "A)" and trim what follows, as Moodle does. */
	s += 2;
	n -= 2;
	while (n > 0 && aiken_space(*s)) {
		s++;
		n--;
	}
	ans = q_add_answer(st->b, &st->q);
	ans->text = aiken_escape(st->b->arena, s, n);
	ans->fraction = 0.0;
}

static void
aiken_answer(struct aiken *st, int line, const char *s, size_t n)
{
	struct q_bank *b = st->b;
	size_t i = strlen("ANSWER:");
	int right;

	if (!st->open) {
		q_bank_msg(b, line, "aiken_answer_early", NULL);
		return;
	}
	st->open = 0;
	while (i < n && aiken_space(s[i]))
		i++;
	if (st->q.nanswers == 0) {
		q_bank_msg(b, line, "aiken_no_options", "q", aiken_name(st), "line",
		    arena_printf(b->arena, "%d", st->q.line), NULL);
		return;
	}
	if (st->q.nanswers < 2) {
		q_bank_msg(b, line, "aiken_one_option", "q", aiken_name(st), "line",
		    arena_printf(b->arena, "%d", st->q.line), NULL);
		return;
	}
	right = i < n ? (unsigned char)s[i] - 'A' : -1;
	if (right < 0 || (size_t)right >= st->q.nanswers) {
		if (i < n)
			q_bank_msg(b, line, "aiken_answer_unknown", "letter",
			    arena_strndup(b->arena, s + i, 1), "q", aiken_name(st), "line",
			    arena_printf(b->arena, "%d", st->q.line), "last",
			    arena_printf(b->arena, "%c", (char)('A' + st->q.nanswers - 1)),
			    NULL);
		else
			q_bank_msg(b, line, "aiken_answer_none", "q", aiken_name(st), "line",
			    arena_printf(b->arena, "%d", st->q.line), NULL);
		return;
	}
	st->q.answers[right].fraction = 1.0;
	*q_bank_add(b) = st->q;
}

int
bank_aiken_parse(struct q_bank *b, const char *data, size_t len)
{
	struct aiken st;
	size_t pos = 0, nerr = b->nerr;
	int line = 0;

	memset(&st, 0, sizeof st);
	st.b = b;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *s = data + pos;
		size_t n = 0;

		/* A line ends at \n, \r\n or a lone \r. */
		while (pos + n < len && s[n] != '\n' && s[n] != '\r')
			n++;
		pos += n;
		if (pos + 1 < len && data[pos] == '\r' && data[pos + 1] == '\n')
			pos += 2;
		else if (pos < len)
			pos++;
		line++;

		while (n > 0 && aiken_space(*s)) {
			s++;
			n--;
		}
		while (n > 0 && aiken_space(s[n - 1]))
			n--;
		if (n < 2)
			continue;
		if (s[0] >= 'A' && s[0] <= 'Z' && (s[1] == ')' || s[1] == '.'))
			aiken_option(&st, line, s, n);
		else if (n >= 7 && memcmp(s, "ANSWER:", 7) == 0)
			aiken_answer(&st, line, s, n);
		else
			aiken_start(&st, line, s, n);
	}
	if (st.open)
		q_bank_msg(b, st.q.line, st.q.nanswers ? "aiken_no_answer" :
		    "aiken_no_answer_no_options", "q", aiken_name(&st), NULL);
	return b->nerr > nerr ? -1 : 0;
}

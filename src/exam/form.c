/*
 * form.c - learner views of questions and their responses; see form.h.
 * A response refused is named by a catalog key (templates/i18n), which
 * the edge words in the learner's language.
 */
#include "form.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cloze.h"
#include "html_sanitize.h"
#include "utf8.h"

/* A cloze's layout: per gap, the order its choices are shown in (a _S
 * gap shuffled), [] for a gap without choices. */
static json_t *
form_cloze_layout(const struct question *q, int shuffle, assemble_rand rnd)
{
	json_t *gaps = json_array();
	int perm[256];

	for (size_t k = 0; k < q->ngaps; k++) {
		const struct q_gap *g = &q->gaps[k];
		json_t *order = json_array();
		size_t n = g->nanswers < 256 ? g->nanswers : 256;

		if (g->kind == QG_MULTICHOICE || g->kind == QG_MULTIRESPONSE) {
			if (shuffle && g->shuffle && rnd != NULL)
				assemble_shuffle(perm, n, rnd);
			else
				for (size_t i = 0; i < n; i++)
					perm[i] = (int)i;
			for (size_t i = 0; i < n; i++)
				json_array_append_new(order,
				    json_integer(perm[i]));
		}
		json_array_append_new(gaps, order);
	}
	return gaps;
}

/* The number of items an ordering question draws, as Moodle's
 * start_attempt() sanitises selectcount: all of them unless a subset of
 * 2 or more, and never more than there are. */
static size_t
ordering_count(const struct question *q)
{
	size_t n = q->nanswers < 256 ? q->nanswers : 256;
	size_t k = q->ordering.count < 2 ? 2 : (size_t)q->ordering.count;

	return q->ordering.select == QO_SELECT_ALL || k > n ? n : k;
}

/* 1 if v[0..n) rises: the items in their right order. */
static int
rising(const int *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i] < v[i - 1])
			return 0;
	return 1;
}

/*
 * An ordering question's layout: {"items":[answer indexes]}, the items
 * drawn (all, a random subset or a contiguous run, as Moodle's
 * start_attempt()) in the order first shown, which is never the right
 * one when there is a draw. rnd NULL: the first items, in order.
 */
static json_t *
ordering_layout(const struct question *q, assemble_rand rnd)
{
	size_t n = q->nanswers < 256 ? q->nanswers : 256;
	size_t k = ordering_count(q), off = 0;
	int items[256], perm[256];
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		items[i] = (int)i;
	if (rnd != NULL && k < n && q->ordering.select == QO_SELECT_RANDOM) {
		assemble_shuffle(perm, n, rnd);
		for (size_t i = 0; i < k; i++)	/* keep the right order */
			for (size_t j = i + 1; j < k; j++)
				if (perm[j] < perm[i]) {
					int t = perm[i];

					perm[i] = perm[j], perm[j] = t;
				}
		memcpy(items, perm, k * sizeof *items);
	} else if (rnd != NULL && k < n) {
		off = rnd((uint32_t)(n - k + 1));
		for (size_t i = 0; i < k; i++)
			items[i] = (int)(off + i);
	}
	if (rnd != NULL && k >= 2) {
		int tries = 0;

		/* Moodle shuffles; the answer itself is never shown. */
		do {
			assemble_shuffle(perm, k, rnd);
			for (size_t i = 0; i < k; i++)
				perm[i] = items[perm[i]];
		} while (rising(perm, k) && ++tries < 8);
		if (rising(perm, k)) {	/* rotate by one */
			int t = perm[0];

			memmove(perm, perm + 1, (k - 1) * sizeof *perm);
			perm[k - 1] = t;
		}
		memcpy(items, perm, k * sizeof *items);
	}
	for (size_t i = 0; i < k; i++)
		json_array_append_new(arr, json_integer(items[i]));
	return json_pack("{s:o}", "items", arr);
}

/* A gapselect question's layout: {"groups":{"G":[choice indexes]}}, each
 * group's choices in the order its gaps offer them, shuffled once per
 * group as Moodle's start_attempt(). */
static json_t *
gapselect_layout(const struct question *q, int shuffle, assemble_rand rnd)
{
	json_t *groups = json_object();
	int perm[256], idx[256];
	size_t n = q->nchoices < 256 ? q->nchoices : 256;

	for (size_t i = 0; i < n; i++) {
		char key[16];
		size_t m = 0;
		json_t *arr;

		snprintf(key, sizeof key, "%d", q->choices[i].group);
		if (json_object_get(groups, key) != NULL)
			continue;
		for (size_t j = i; j < n; j++)
			if (q->choices[j].group == q->choices[i].group)
				idx[m++] = (int)j;
		if (shuffle && q->shuffle && rnd != NULL)
			assemble_shuffle(perm, m, rnd);
		else
			for (size_t j = 0; j < m; j++)
				perm[j] = (int)j;
		arr = json_array();
		for (size_t j = 0; j < m; j++)
			json_array_append_new(arr, json_integer(idx[perm[j]]));
		json_object_set_new(groups, key, arr);
	}
	return json_pack("{s:o}", "groups", groups);
}

json_t *
form_layout(const struct question *q, int shuffle, assemble_rand rnd)
{
	json_t *lay;
	int perm[256];

	if (q->type == Q_GAPSELECT)
		return gapselect_layout(q, shuffle, rnd);
	if (q->type == Q_ORDERING)
		return ordering_layout(q, rnd);
	lay = json_object();

	if (q->type == Q_MULTICHOICE || q->type == Q_TRUEFALSE) {
		json_t *order = json_array();
		size_t n = q->nanswers < 256 ? q->nanswers : 256;

		if (shuffle && q->shuffle && q->type == Q_MULTICHOICE && rnd != NULL)
			assemble_shuffle(perm, n, rnd);
		else
			for (size_t i = 0; i < n; i++)
				perm[i] = (int)i;
		for (size_t i = 0; i < n; i++)
			json_array_append_new(order, json_integer(perm[i]));
		json_object_set_new(lay, "order", order);
	} else if (q->type == Q_MATCHING) {
		json_t *subs = json_array(), *answers = json_array();
		int idx[256];
		size_t ns = 0, na = 0;

		for (size_t i = 0; i < q->npairs && i < 256; i++)
			if (q->pairs[i].sub != NULL && *q->pairs[i].sub != '\0')
				idx[ns++] = (int)i;
		if (shuffle && q->shuffle && rnd != NULL)
			assemble_shuffle(perm, ns, rnd);
		else
			for (size_t i = 0; i < ns; i++)
				perm[i] = (int)i;
		for (size_t i = 0; i < ns; i++)
			json_array_append_new(subs, json_integer(idx[perm[i]]));
		/* Distinct answer texts, each named by its first pair. */
		for (size_t i = 0; i < q->npairs && i < 256; i++) {
			size_t j;

			for (j = 0; j < i; j++)
				if (strcmp(q->pairs[j].answer, q->pairs[i].answer) == 0)
					break;
			if (j == i)
				idx[na++] = (int)i;
		}
		for (size_t i = 0; i < na; i++)
			perm[i] = (int)i;
		if (rnd != NULL)
			assemble_shuffle(perm, na, rnd);	/* answers are always mixed */
		for (size_t i = 0; i < na; i++)
			json_array_append_new(answers, json_integer(idx[perm[i]]));
		json_object_set_new(lay, "subs", subs);
		json_object_set_new(lay, "answers", answers);
	} else if (q->type == Q_CLOZE) {
		json_object_set_new(lay, "gaps", form_cloze_layout(q, shuffle,
		    rnd));
	}
	return lay;
}

/* Replaces @@PLUGINFILE@@/name with /media/SHA256 of the embedded file. */
static char *
media_urls(struct arena *a, const struct question *q, const char *text)
{
	static const char tag[] = "@@PLUGINFILE@@/";
	struct buf b = BUF_INIT;
	const char *p = text, *at;
	char *out;

	if (text == NULL || strstr(text, tag) == NULL)
		return (char *)(uintptr_t)text;
	while ((at = strstr(p, tag)) != NULL) {
		const char *name = at + sizeof tag - 1;
		size_t len = strcspn(name, "\"' >)");
		int done = 0;

		buf_raw(&b, p, (size_t)(at - p));
		for (size_t i = 0; i < q->nfiles && !done; i++) {
			if (strlen(q->files[i].name) == len &&
			    strncmp(q->files[i].name, name, len) == 0) {
				unsigned char h[32];
				char hex[65];

				crypto_hash_sha256(h, q->files[i].data, q->files[i].len);
				sodium_bin2hex(hex, sizeof hex, h, sizeof h);
				buf_printf(&b, "/media/%s", hex);
				done = 1;
			}
		}
		if (!done)
			buf_raw(&b, at, sizeof tag - 1 + len);
		p = name + len;
	}
	buf_str(&b, p);
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

char *
form_html(struct arena *a, const struct question *q, const char *text,
    enum q_format f)
{
	struct buf b = BUF_INIT;
	char *out;

	if (text == NULL)
		return arena_strdup(a, "");
	text = media_urls(a, q, text);
	/* Moodle auto-format: HTML if it has tags, else text with breaks. */
	if (f == QF_HTML || (f == QF_MOODLE && strchr(text, '<') != NULL))
		return html_sanitize(a, text);
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			buf_str(&b, "<br>");
		else {
			char c[2] = { *p, 0 };

			buf_html(&b, c);
		}
	}
	out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

char *
form_prompt(struct arena *a, const struct question *q)
{
	char *html = form_html(a, q, q->text, q->format);
	struct buf b = BUF_INIT;
	size_t k, len;

	if (q->type != Q_CLOZE)
		return html;
	for (const char *p = html; *p != '\0'; )
		if ((k = q_cloze_placeholder(p, q->ngaps, &len)) > 0) {
			buf_printf(&b, "[%zu]", k);
			p += len;
		} else {
			buf_raw(&b, p++, 1);
		}
	html = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return html;
}

static int
layout_int(const json_t *layout, const char *key, size_t i)
{
	return (int)json_integer_value(json_array_get(json_object_get(layout, key), i));
}

/* The layout of gap k (0-based) as a question's: {"order":[..]}; NULL
 * (unshuffled) when layout has none. New reference or NULL. */
static json_t *
gap_layout(const json_t *layout, size_t k)
{
	json_t *order = json_array_get(json_object_get(layout, "gaps"), k);

	if (order == NULL)
		return NULL;
	return json_pack("{sO}", "order", order);
}

/*
 * A cloze's view: "parts", the stem as sanitized HTML cut where the gaps
 * go (parts[k] comes before gap k+1, the last after the last gap, so
 * the pieces joined around the gaps are the whole stem), "gaps" with
 * each gap's id ("1"..), kind, layout, whether it takes several
 * choices, and its choices as shown; "prompt" is the stem with each gap
 * as "[N]". Never a fraction, feedback or answer text of a text gap.
 */
static void
form_cloze_view(const struct question *q, const json_t *layout, json_t *v,
    struct arena *a)
{
	const char *html = form_html(a, q, q->text, q->format), *p = html;
	json_t *parts = json_array(), *gaps = json_array();
	struct buf prompt = BUF_INIT;
	const char *run = html;
	size_t k, len;

	while (*p != '\0') {
		if ((k = q_cloze_placeholder(p, q->ngaps, &len)) == 0) {
			p++;
			continue;
		}
		json_array_append_new(parts, json_stringn(run,
		    (size_t)(p - run)));
		buf_raw(&prompt, run, (size_t)(p - run));
		buf_printf(&prompt, "[%zu]", k);
		p += len;
		run = p;
	}
	json_array_append_new(parts, json_string(run));
	buf_str(&prompt, run);
	json_object_set_new(v, "prompt", json_string(prompt.data ?
	    prompt.data : ""));
	buf_free(&prompt);
	for (k = 0; k < q->ngaps; k++) {
		const struct q_gap *g = &q->gaps[k];
		json_t *o = json_pack("{s:s, s:s}", "id",
		    arena_printf(a, "%zu", k + 1), "kind",
		    q_gap_kind_name(g->kind));
		json_t *order = json_array_get(json_object_get(layout, "gaps"),
		    k), *choices;

		if (g->kind == QG_MULTICHOICE || g->kind == QG_MULTIRESPONSE) {
			json_object_set_new(o, "layout", json_string(
			    q_gap_layout_name(g->layout)));
			json_object_set_new(o, "multiple",
			    json_boolean(g->kind == QG_MULTIRESPONSE));
			choices = json_array();
			for (size_t i = 0; i < json_array_size(order); i++) {
				json_int_t ix = json_integer_value(
				    json_array_get(order, i));

				if (ix < 0 || (size_t)ix >= g->nanswers)
					continue;
				json_array_append_new(choices, json_pack(
				    "{ssss}", "id", arena_printf(a, "c%zu",
				    i + 1), "text", form_html(a, q,
				    g->answers[ix].text, QF_HTML)));
			}
			json_object_set_new(o, "choices", choices);
		}
		json_array_append_new(gaps, o);
	}
	json_object_set_new(v, "parts", parts);
	json_object_set_new(v, "gaps", gaps);
}

/* The choices a gap offers: its group's array in layout, or NULL. */
static const json_t *
gap_group(const struct question *q, const json_t *layout, int choice_no)
{
	char key[16];

	if (choice_no < 1 || (size_t)choice_no > q->nchoices)
		return NULL;
	snprintf(key, sizeof key, "%d", q->choices[choice_no - 1].group);
	return json_object_get(json_object_get(layout, "groups"), key);
}

char *
form_gap_text(struct arena *a, const struct question *q, const char *label)
{
	const char *p = q->text ? q->text : "";
	struct buf b = BUF_INIT;
	size_t i = 0;
	char *out;

	while (*p != '\0') {
		const char *e = p + 2;

		if (p[0] == '[' && p[1] == '[' && *e >= '0' && *e <= '9') {
			while (*e >= '0' && *e <= '9')
				e++;
			if (e[0] == ']' && e[1] == ']') {
				if (label != NULL)
					buf_printf(&b, "[%s %zu]", label, ++i);
				else
					buf_printf(&b, "[[%zu]]", ++i);
				p = e + 2;
				continue;
			}
		}
		buf_raw(&b, p, 1);
		p++;
	}
	out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* The view's parts of a gapselect or ordering question (form.h). */
static void
view_gapord(json_t *v, const struct question *q, const json_t *layout,
    struct arena *a)
{
	if (q->type == Q_GAPSELECT) {
		json_t *gaps = json_array();
		int *gap;
		size_t n = grade_gaps(q, a, &gap);

		json_object_set_new(v, "prompt", json_string(form_html(a, q,
		    form_gap_text(a, q, NULL), q->format)));
		for (size_t i = 0; i < n; i++) {
			const json_t *grp = gap_group(q, layout, gap[i]);
			json_t *choices = json_array();

			for (size_t j = 0; j < json_array_size(grp); j++) {
				json_int_t c = json_integer_value(
				    json_array_get(grp, j));
				struct buf t = BUF_INIT;

				if (c < 0 || (size_t)c >= q->nchoices)
					continue;
				/* choices are plain text, as Moodle shows them */
				buf_html(&t, q->choices[c].text);
				json_array_append_new(choices, json_pack("{ssss}",
				    "id", arena_printf(a, "o%zu", j + 1), "text",
				    t.data ? t.data : ""));
				buf_free(&t);
			}
			json_array_append_new(gaps, json_pack("{s:s,s:o}", "id",
			    arena_printf(a, "%zu", i + 1), "choices", choices));
		}
		json_object_set_new(v, "gaps", gaps);
	} else if (q->type == Q_ORDERING) {
		json_t *items = json_array(), *li = json_object_get(layout,
		    "items");

		for (size_t i = 0; i < json_array_size(li); i++) {
			json_int_t k = json_integer_value(json_array_get(li, i));

			if (k < 0 || (size_t)k >= q->nanswers)
				continue;
			json_array_append_new(items, json_pack("{ssss}", "id",
			    arena_printf(a, "i%zu", i + 1), "text", form_html(a,
			    q, q->answers[k].text, q->answers[k].format)));
		}
		json_object_set_new(v, "items", items);
		json_object_set_new(v, "layout", json_string(
		    q->ordering.layout ? "horizontal" : "vertical"));
		json_object_set_new(v, "numbering", json_string(
		    q->ordering.numbering ? q->ordering.numbering : "none"));
	}
}

/* 1 if q asks for a unit at all: it has units and shows them. */
static int
takes_unit(const struct question *q)
{
	return q->type == Q_NUMERICAL && q->nunits > 0 &&
	    q->show_units != QU_SHOW_NONE;
}

int
form_unit_separate(const struct question *q)
{
	return takes_unit(q) && (q->show_units == QU_SHOW_RADIO ||
	    q->show_units == QU_SHOW_SELECT);
}

/* The unit names of a numerical question that shows them, and how. */
static void
view_units(json_t *v, const struct question *q)
{
	json_t *names;

	if (!takes_unit(q))
		return;
	names = json_array();
	for (size_t i = 0; i < q->nunits; i++)
		json_array_append_new(names, json_string(q->units[i].name));
	json_object_set_new(v, "units", names);
	json_object_set_new(v, "unit_input", json_string(q_unit_show_name(q->show_units)));
	if (q->units_left)
		json_object_set_new(v, "units_left", json_true());
}

json_t *
form_view(const struct question *q, const json_t *layout, const char *id,
    struct arena *a)
{
	json_t *v = json_pack("{s:s, s:s, s:s, s:f}", "id", id, "type", q_type_name(q->type),
	    "prompt", form_html(a, q, q->text, q->format),
	    "mark", q->default_mark);
	json_t *order = json_object_get(layout, "order");
	size_t i;

	if (v == NULL)
		return NULL;
	if (q->type == Q_MULTICHOICE) {
		json_t *choices = json_array();

		json_object_set_new(v, "multiple", json_boolean(!q->single));
		for (i = 0; i < json_array_size(order); i++) {
			const struct q_answer *ans = &q->answers[layout_int(layout, "order", i)];

			json_array_append_new(choices, json_pack("{ssss}", "id",
			    arena_printf(a, "c%zu", i + 1), "text",
			    form_html(a, q, ans->text, ans->format)));
		}
		json_object_set_new(v, "choices", choices);
	} else if (q->type == Q_TRUEFALSE) {
		json_object_set_new(v, "choices", json_pack("[{ssss}{ssss}]",
		    "id", "true", "text", "true", "id", "false", "text", "false"));
	} else if (q->type == Q_MATCHING) {
		json_t *subs = json_array(), *choices = json_array();
		json_t *ls = json_object_get(layout, "subs"), *la = json_object_get(layout, "answers");

		for (i = 0; i < json_array_size(ls); i++) {
			const struct q_pair *p = &q->pairs[layout_int(layout, "subs", i)];

			json_array_append_new(subs, json_pack("{ssss}", "id",
			    arena_printf(a, "s%zu", i + 1), "text",
			    form_html(a, q, p->sub, p->format)));
		}
		for (i = 0; i < json_array_size(la); i++) {
			const struct q_pair *p = &q->pairs[layout_int(layout, "answers", i)];
			struct buf t = BUF_INIT;

			buf_html(&t, p->answer);	/* matching answers are plain text */
			json_array_append_new(choices, json_pack("{ssss}", "id",
			    arena_printf(a, "a%zu", i + 1), "text", t.data ? t.data : ""));
			buf_free(&t);
		}
		json_object_set_new(v, "subquestions", subs);
		json_object_set_new(v, "choices", choices);
	} else if (q->type == Q_CLOZE) {
		form_cloze_view(q, layout, v, a);
	} else if (q->type == Q_NUMERICAL) {
		view_units(v, q);
	} else {
		view_gapord(v, q, layout, a);
	}
	return v;
}

/* N of a public id "<prefix>N" (1..256), or -1. */
static long
id_number(char prefix, const char *pid)
{
	char *end;
	long n;

	if (pid == NULL || pid[0] != prefix)
		return -1;
	n = strtol(pid + 1, &end, 10);
	return *end == '\0' && n >= 1 && n <= 256 ? n : -1;
}

/* The index behind a public id "<prefix>N" in layout[key]; -1 if none.
 * layout NULL stands for q's unshuffled "order" (check_response builds
 * the other keys' unshuffled layout: they take more than counting). */
static int
lookup_id(const struct question *q, const json_t *layout, const char *key, char prefix,
    const char *pid)
{
	long n = id_number(prefix, pid);

	if (n < 0)
		return -1;
	if (layout == NULL)
		return strcmp(key, "order") == 0 && (size_t)n <= q->nanswers ? (int)n - 1 : -1;
	if ((size_t)n > json_array_size(json_object_get(layout, key)))
		return -1;
	return layout_int(layout, key, (size_t)n - 1);
}

static int check_response(const struct question *q, const json_t *layout,
    const json_t *resp, struct arena *a, struct response *out,
    const char **err);

/* The gap a response key names: "1".."N" written plainly; 0 if none. */
static size_t
gap_number(const struct question *q, const char *key)
{
	char *end;
	long n;

	if (key == NULL || key[0] < '1' || key[0] > '9')
		return 0;
	n = strtol(key, &end, 10);
	return *end == '\0' && n >= 1 && (size_t)n <= q->ngaps ?
	    (size_t)n : 0;
}

/* {"gaps":{"1":RESPONSE,..}}: each gap's response checked as one to a
 * question of the gap's kind, under the gap's drawn order. */
static int
check_cloze(const struct question *q, const json_t *layout,
    const json_t *resp, struct arena *a, struct response *out,
    const char **err)
{
	const json_t *gaps = json_object_get(resp, "gaps");
	struct response *rs;
	const char *k;
	json_t *val;

	if (!json_is_object(gaps)) {
		*err = "response_cloze_gaps_invalid";
		return -1;
	}
	rs = arena_alloc(a, (q->ngaps + 1) * sizeof *rs);
	for (size_t i = 0; i < q->ngaps; i++)
		rs[i].choice = -1;
	json_object_foreach((json_t *)(uintptr_t)gaps, k, val) {
		size_t n = gap_number(q, k);
		struct question g;
		json_t *gl;
		int rc;

		if (n == 0) {
			*err = "response_cloze_gaps_unknown";
			return -1;
		}
		grade_gap_question(q, &q->gaps[n - 1], &g);
		gl = layout != NULL ? gap_layout(layout, n - 1) : NULL;
		rc = check_response(&g, gl, val, a, &rs[n - 1], err);
		json_decref(gl);
		if (rc != 0)
			return -1;
	}
	out->cloze_gaps = rs;
	out->ncloze_gaps = q->ngaps;
	return 0;
}

/* {"gaps":{"1":"o2","2":null}}: each key a gap (1..gaps), each value an
 * option the gap offers in layout, or null. */
static int
check_gaps(const struct question *q, const json_t *layout,
    const json_t *resp, struct arena *a, struct response *out,
    const char **err)
{
	const json_t *gaps = json_object_get(resp, "gaps");
	int *gap, *sel;
	size_t n = grade_gaps(q, a, &gap);
	const char *k;
	json_t *val;

	if (!json_is_object(gaps)) {
		*err = "response_gaps_invalid";
		return -1;
	}
	sel = arena_alloc(a, (n + 1) * sizeof *sel);
	for (size_t i = 0; i < n; i++)
		sel[i] = -1;
	json_object_foreach((json_t *)(uintptr_t)gaps, k, val) {
		char *end;
		long g = strtol(k, &end, 10);
		const json_t *grp;
		long o;

		if (*k < '1' || *k > '9' || *end != '\0' || g < 1 ||
		    (size_t)g > n) {
			*err = "response_gaps_unknown";
			return -1;
		}
		if (json_is_null(val))
			continue;
		grp = gap_group(q, layout, gap[g - 1]);
		o = id_number('o', json_string_value(val));
		if (o < 1 || (size_t)o > json_array_size(grp)) {
			*err = "response_gaps_unknown";
			return -1;
		}
		sel[g - 1] = (int)json_integer_value(json_array_get(grp,
		    (size_t)o - 1));
	}
	out->gaps = sel;
	out->ngaps = n;
	return 0;
}

/* {"order":["i3","i1","i2"]}: every item of layout once each. */
static int
check_order(const struct question *q, const json_t *layout,
    const json_t *resp, struct arena *a, struct response *out,
    const char **err)
{
	const json_t *arr = json_object_get(resp, "order"), *el;
	const json_t *items = json_object_get(layout, "items");
	size_t n = json_array_size(items), i;
	int *ord, *seen;

	(void)q;	/* the layout holds the items drawn */
	if (!json_is_array(arr) || json_array_size(arr) != n) {
		*err = "response_order_invalid";
		return -1;
	}
	ord = arena_alloc(a, (n + 1) * sizeof *ord);
	seen = arena_alloc(a, (n + 1) * sizeof *seen);
	memset(seen, 0, (n + 1) * sizeof *seen);
	json_array_foreach(arr, i, el) {
		long k = id_number('i', json_string_value(el));

		if (k < 1 || (size_t)k > n || seen[k - 1]) {
			*err = "response_order_invalid";
			return -1;
		}
		seen[k - 1] = 1;
		ord[i] = (int)json_integer_value(json_array_get(items,
		    (size_t)k - 1));
	}
	out->order = ord;
	out->norder = n;
	return 0;
}

/* Length of the number Moodle's apply_units reads at the start of s:
 * [+-]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?, as long as it goes; 0 if none. */
static size_t
number_prefix(const char *s, size_t n)
{
	size_t i = 0, d = 0, e;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (i < n && s[i] == '.') {
		size_t f = 0;

		while (i + 1 + f < n && s[i + 1 + f] >= '0' && s[i + 1 + f] <= '9')
			f++;
		if (d == 0 && f == 0)
			return 0;
		i += 1 + f;
	} else if (d == 0) {
		return 0;
	}
	e = i;
	if (e < n && s[e] == 'e') {
		size_t k = e + 1, x = 0;

		if (k < n && (s[k] == '+' || s[k] == '-'))
			k++;
		while (k + x < n && s[k + x] >= '0' && s[k + x] <= '9')
			x++;
		if (x > 0)
			i = k + x;
	}
	return i;
}

/* 1 if s[0..] starts an exponent digit run: [+-]?\d. */
static int
exp_digits(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	return *s >= '0' && *s <= '9';
}

int
form_number_parse(const char *typed, int units_left, struct arena *a,
    double *number, char **unit)
{
	size_t n = strlen(typed), k = 0, commas = 0, at, len = 0;
	char *s = arena_alloc(a, n + 1), *num;
	int point = 0;

	/* Spaces out, every way of writing "times ten to the" as "e". */
	for (size_t i = 0; i < n; ) {
		size_t skip = 0;

		if (typed[i] == ' ') {
			i++;
			continue;
		}
		if ((typed[i] == 'e' || typed[i] == 'E') && exp_digits(typed + i + 1))
			skip = 1;
		else if (typed[i] == 'x' || typed[i] == '*' ||
		    strncmp(typed + i, "\xc3\x97", 2) == 0) {
			size_t t = typed[i] == 'x' || typed[i] == '*' ? 1 : 2;

			if (strncmp(typed + i + t, "10^", 3) == 0 &&
			    exp_digits(typed + i + t + 3))
				skip = t + 3;
			else if (strncmp(typed + i + t, "10**", 4) == 0 &&
			    exp_digits(typed + i + t + 4))
				skip = t + 4;
		}
		if (skip > 0) {
			s[k++] = 'e';
			i += skip;
			continue;
		}
		point |= typed[i] == '.';
		commas += typed[i] == ',';
		s[k++] = typed[i++];
	}
	s[k] = '\0';
	/* A comma: thousands when a point is there or it comes twice. */
	for (size_t i = 0, o = 0; i <= k; i++) {
		if (s[i] == ',' && (point || commas > 1))
			continue;
		s[o++] = s[i] == ',' ? '.' : s[i];
		if (s[i] == '\0')
			k = o - 1;
	}
	if (!units_left) {
		at = 0;
		len = number_prefix(s, k);
	} else {
		/* The leftmost place from which the rest is a whole number. */
		for (at = 0; at < k && (len = number_prefix(s + at, k - at)) != k - at;
		    at++)
			;
	}
	if (len == 0 || (units_left && at >= k))
		return -1;
	num = arena_strndup(a, s + at, len);
	*number = strtod(num, NULL);
	if (!isfinite(*number))
		return -1;
	*unit = units_left ? arena_strndup(a, s, at) : arena_strdup(a, s + len);
	return 0;
}

/* A numerical response's "unit" (form_response), into out->unit. */
static int
check_unit(const struct question *q, const json_t *u, struct arena *a,
    struct response *out, const char **err)
{
	const char *s = json_string_value(u);

	if (u == NULL || json_is_null(u) || !takes_unit(q))
		return 0;	/* form_normalize refuses a unit not taken */
	if (s == NULL || strlen(s) > FORM_UNIT_MAX ||
	    strlen(s) != json_string_length(u) ||
	    (form_unit_separate(q) && *s != '\0' && q_unit_find(q, s) == NULL)) {
		*err = "response_unit_invalid";
		return -1;
	}
	out->unit = arena_strdup(a, s);
	return 0;
}

static int
check_response(const struct question *q, const json_t *layout,
    const json_t *resp, struct arena *a, struct response *out, const char **err)
{
	memset(out, 0, sizeof *out);
	out->choice = -1;
	*err = NULL;
	if (resp == NULL || json_is_null(resp) ||
	    (json_is_object(resp) && json_object_size(resp) == 0))
		return 0;
	if (!json_is_object(resp)) {
		*err = "response_not_object";
		return -1;
	}
	switch (q->type) {
	case Q_MULTICHOICE:
		if (q->single) {
			out->choice = lookup_id(q, layout, "order", 'c',
			    json_string_value(json_object_get(resp, "choice")));
			if (out->choice < 0) {
				*err = "response_choice_invalid";
				return -1;
			}
		} else {
			const json_t *arr = json_object_get(resp, "choices"), *el;
			int *idx;
			size_t i;

			size_t n = 0;

			if (!json_is_array(arr)) {
				*err = "response_choices_invalid";
				return -1;
			}
			/* A choice named twice counts once: the repeat collapses
			 * (so out->choices stays unique, at most nanswers). */
			idx = arena_alloc(a, (q->nanswers + 1) * sizeof *idx);
			json_array_foreach(arr, i, el) {
				int k = lookup_id(q, layout, "order", 'c', json_string_value(el));
				size_t j;

				if (k < 0) {
					*err = "response_choices_unknown";
					return -1;
				}
				for (j = 0; j < n && idx[j] != k; j++)
					;
				if (j == n && n < q->nanswers)
					idx[n++] = k;
			}
			out->choices = idx;
			out->nchoices = n;
		}
		break;
	case Q_TRUEFALSE: {
		const json_t *v = json_object_get(resp, "value");

		if (!json_is_boolean(v)) {
			*err = "response_value_invalid";
			return -1;
		}
		for (size_t i = 0; i < q->nanswers; i++)
			if (strcmp(q->answers[i].text, json_is_true(v) ? "true" : "false") == 0)
				out->choice = (int)i;
		break;
	}
	case Q_SHORTANSWER: {
		const char *t = json_string_value(json_object_get(resp, "text"));

		/* The page allows 1000 characters; 4 bytes each at most. */
		if (t == NULL || strlen(t) > 4000) {
			*err = "response_text_invalid";
			return -1;
		}
		out->text = arena_strdup(a, t);
		break;
	}
	case Q_NUMERICAL: {
		const json_t *v = json_object_get(resp, "number");

		if (!json_is_number(v) || !isfinite(json_number_value(v))) {
			*err = "response_number_invalid";
			return -1;
		}
		out->number = json_number_value(v);
		if (check_unit(q, json_object_get(resp, "unit"), a, out, err) < 0)
			return -1;
		break;
	}
	case Q_MATCHING: {
		const json_t *pairs = json_object_get(resp, "pairs");
		int *sel;
		const char *k;
		json_t *val;

		if (!json_is_object(pairs)) {
			*err = "response_pairs_invalid";
			return -1;
		}
		sel = arena_alloc(a, (q->npairs + 1) * sizeof *sel);
		for (size_t i = 0; i < q->npairs; i++)
			sel[i] = -1;
		json_object_foreach((json_t *)(uintptr_t)pairs, k, val) {
			int s = lookup_id(q, layout, "subs", 's', k);
			int ans = json_is_null(val) ? -2 :
			    lookup_id(q, layout, "answers", 'a', json_string_value(val));

			if (s < 0 || ans == -1) {
				*err = "response_pairs_unknown";
				return -1;
			}
			sel[s] = ans < 0 ? -1 : ans;
		}
		out->pairs = sel;
		out->npairs = q->npairs;
		break;
	}
	case Q_CLOZE:
		if (check_cloze(q, layout, resp, a, out, err) != 0)
			return -1;
		break;
	case Q_GAPSELECT:
		if (check_gaps(q, layout, resp, a, out, err) != 0)
			return -1;
		break;
	case Q_ORDERING:
		if (check_order(q, layout, resp, a, out, err) != 0)
			return -1;
		break;
	default:
		*err = "response_not_taken";
		return -1;
	}
	out->given = 1;
	return 0;
}

int
form_response(const struct question *q, const json_t *layout,
    const json_t *resp, struct arena *a, struct response *out, const char **err)
{
	json_t *plain = NULL;
	int rc;

	/* Matching's unshuffled layout, built once rather than counted
	 * out per id: distinct answers take a search each. */
	if (layout == NULL && (q->type == Q_MATCHING ||
	    q->type == Q_GAPSELECT || q->type == Q_ORDERING))
		layout = plain = form_layout(q, 0, NULL);
	rc = check_response(q, layout, resp, a, out, err);
	/* An ordering left as first shown (in the drawn layout, not the
	 * unshuffled one a save checks against) is that order, as Moodle
	 * grades it. */
	if (rc == 0 && !out->given && q->type == Q_ORDERING && plain == NULL &&
	    layout != NULL && json_array_size(json_object_get(layout, "items")) > 0) {
		json_t *first = json_object(), *ids = json_array();
		const char *e2;

		for (size_t i = 0; i < json_array_size(json_object_get(layout, "items")); i++)
			json_array_append_new(ids, json_string(arena_printf(a, "i%zu", i + 1)));
		json_object_set_new(first, "order", ids);
		out->given = check_order(q, layout, first, a, out, &e2) == 0;
		json_decref(first);
	}
	json_decref(plain);
	return rc;
}

/* The one field a response to q holds, by its type; NULL if none. */
static const char *
response_field(const struct question *q)
{
	switch (q->type) {
	case Q_MULTICHOICE: return q->single ? "choice" : "choices";
	case Q_TRUEFALSE: return "value";
	case Q_SHORTANSWER: return "text";
	case Q_NUMERICAL: return "number";
	case Q_MATCHING: return "pairs";
	case Q_CLOZE: return "gaps";
	case Q_GAPSELECT: return "gaps";
	case Q_ORDERING: return "order";
	default: return NULL;
	}
}

/* Appends s as a JSON string, escaped as jansson's compact output does. */
static void
json_text(struct buf *b, const char *s)
{
	const char *run = s;

	buf_raw(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_raw(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': buf_raw(b, "\\\"", 2); break;
		case '\\': buf_raw(b, "\\\\", 2); break;
		case '\b': buf_raw(b, "\\b", 2); break;
		case '\f': buf_raw(b, "\\f", 2); break;
		case '\n': buf_raw(b, "\\n", 2); break;
		case '\r': buf_raw(b, "\\r", 2); break;
		case '\t': buf_raw(b, "\\t", 2); break;
		default: buf_printf(b, "\\u%04X", c); break;
		}
	}
	buf_raw(b, run, (size_t)(s - run));
	buf_raw(b, "\"", 1);
}

/* Appends number v as jansson's compact output writes it. */
static void
json_number(struct buf *b, const json_t *v)
{
	char num[64], *e;

	if (json_is_integer(v)) {
		buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return;
	}
	snprintf(num, sizeof num, "%.17g", json_real_value(v));
	if ((e = strchr(num, 'e')) != NULL) {
		/* jansson writes 1e20 and 1e-5, not 1e+20 and 1e-05 */
		char *d = e + 1 + (e[1] == '-'), *from = d;

		if (*from == '+')
			from++;
		while (from[0] == '0' && from[1] != '\0')
			from++;
		if (e[1] == '+')
			d = e + 1;
		memmove(d, from, strlen(from) + 1);
	}
	buf_str(b, num);
	if (strpbrk(num, ".e") == NULL)
		buf_raw(b, ".0", 2);	/* stays a real when read back */
}

/* {"gaps":{"1":..,"3":..}}: each answered gap's response as
 * form_normalize writes one to a question of the gap's kind, in gap
 * order; unanswered gaps left out. */
static char *
normalize_cloze(const struct question *q, const json_t *v,
    const struct response *r, struct arena *a, const char **field,
    const char **err)
{
	struct buf b = BUF_INIT;
	char *out;
	int first = 1;

	buf_str(&b, "{\"gaps\":{");
	for (size_t k = 0; k < q->ngaps && k < r->ncloze_gaps; k++) {
		const json_t *gv = json_object_get(v,
		    arena_printf(a, "%zu", k + 1));
		struct question g;
		char *one;

		if (gv == NULL || !r->cloze_gaps[k].given)
			continue;
		grade_gap_question(q, &q->gaps[k], &g);
		if ((one = form_normalize(&g, gv, &r->cloze_gaps[k], a, field,
		    err)) == NULL) {
			buf_free(&b);
			return NULL;
		}
		buf_printf(&b, "%s\"%zu\":%s", first ? "" : ",", k + 1, one);
		first = 0;
	}
	buf_str(&b, "}}");
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

/* {"gaps":{...}} as stored: gaps in rising order, "o02" written "o2",
 * null kept. v was checked by check_gaps. */
static void
normalize_gaps(struct buf *b, const json_t *v)
{
	const char *k;
	json_t *x;
	long last = 0;
	int first = 1;

	buf_str(b, "{\"gaps\":{");
	for (;;) {
		long next = 0;
		const json_t *val = NULL;

		json_object_foreach((json_t *)(uintptr_t)v, k, x) {
			long g = strtol(k, NULL, 10);

			if (g > last && (next == 0 || g < next))
				next = g, val = x;
		}
		if (next == 0)
			break;
		if (json_is_null(val))
			buf_printf(b, "%s\"%ld\":null", first ? "" : ",", next);
		else
			buf_printf(b, "%s\"%ld\":\"o%ld\"", first ? "" : ",",
			    next, id_number('o', json_string_value(val)));
		first = 0;
		last = next;
	}
	buf_str(b, "}}");
}

char *
form_normalize(const struct question *q, const json_t *resp, const struct response *r,
    struct arena *a, const char **field, const char **err)
{
	const char *want = response_field(q), *k;
	struct buf b = BUF_INIT;
	json_t *v, *x;
	char *out;

	*field = NULL;
	*err = NULL;
	if (resp == NULL || json_is_null(resp))
		return arena_strdup(a, "null");
	json_object_foreach((json_t *)(uintptr_t)resp, k, x)
		if ((want == NULL || strcmp(k, want) != 0) &&
		    !(takes_unit(q) && strcmp(k, "unit") == 0)) {
			*field = k;
			return NULL;
		}
	if (!r->given)
		return arena_strdup(a, "{}");
	v = json_object_get(resp, want);
	/* Written directly, not built and dumped: this is on every save.
	 * Ids are those of the unshuffled layout, index + 1. */
	switch (q->type) {
	case Q_MULTICHOICE:
		if (q->single) {
			buf_printf(&b, "{\"choice\":\"c%d\"}", r->choice + 1);
			break;
		}
		buf_str(&b, "{\"choices\":[");
		for (size_t i = 0; i < r->nchoices; i++)
			buf_printf(&b, "%s\"c%d\"", i ? "," : "", r->choices[i] + 1);
		buf_str(&b, "]}");
		break;
	case Q_TRUEFALSE:
		buf_str(&b, json_is_true(v) ? "{\"value\":true}" : "{\"value\":false}");
		break;
	case Q_SHORTANSWER:
		if (utf8_chars(r->text, strlen(r->text)) > FORM_TEXT_MAX) {
			*err = "response_text_invalid";
			return NULL;
		}
		buf_str(&b, "{\"text\":");
		json_text(&b, r->text);
		buf_str(&b, "}");
		break;
	case Q_NUMERICAL:
		buf_str(&b, "{\"number\":");
		json_number(&b, v);
		if (r->unit != NULL && *r->unit != '\0') {
			buf_str(&b, ",\"unit\":");
			json_text(&b, r->unit);
		}
		buf_str(&b, "}");
		break;
	case Q_MATCHING: {
		/* form_response took each key as a sub-question and each value
		 * as an answer or null; "s1" and "s01" name the same row, and
		 * the last one given counts, in the place of the first. */
		long ans[257], order[257];
		size_t n = 0;

		for (size_t i = 0; i < 257; i++)
			ans[i] = 0;
		json_object_foreach(v, k, x) {
			long sub = id_number('s', k);

			if (sub < 1)
				continue;
			if (ans[sub] == 0)
				order[n++] = sub;
			ans[sub] = json_is_null(x) ? -1 : id_number('a', json_string_value(x));
		}
		buf_str(&b, "{\"pairs\":{");
		for (size_t i = 0; i < n; i++) {
			if (ans[order[i]] > 0)
				buf_printf(&b, "%s\"s%ld\":\"a%ld\"", i ? "," : "", order[i],
				    ans[order[i]]);
			else
				buf_printf(&b, "%s\"s%ld\":null", i ? "," : "", order[i]);
		}
		buf_str(&b, "}}");
		break;
	}
	case Q_CLOZE:
		return normalize_cloze(q, v, r, a, field, err);
	case Q_GAPSELECT:
		normalize_gaps(&b, v);
		break;
	case Q_ORDERING:
		buf_str(&b, "{\"order\":[");
		for (size_t i = 0; i < json_array_size(v); i++)
			buf_printf(&b, "%s\"i%ld\"", i ? "," : "",
			    id_number('i', json_string_value(json_array_get(v,
			    i))));
		buf_str(&b, "]}");
		break;
	default:
		*err = "response_not_taken";
		return NULL;
	}
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

/*
 * test_stats.c - item and test statistics against values worked out by
 * hand (shown beside each check): facility, discrimination index,
 * discriminative efficiency, KR-20, SEM, the flags a trainer acts on, the
 * distractor counts by top and bottom group, random forms where each item
 * has its own n, and the cases where a figure is undefined (NAN, never a
 * crash).
 */
#include <math.h>

#include "stats.h"
#include "test.h"

#define NS	(-1.0)		/* "this attempt did not see the item" */
#define TOL	1e-9

static int
near(double got, double want)
{
	return fabs(got - want) <= TOL;
}

#define CHECK_NEAR(got, want, what) do {				\
	double g__ = (got), w__ = (want);				\
	CHECK(near(g__, w__), "%s: got %.12g, want %.12g", (what),	\
	    g__, w__);							\
} while (0)

#define CHECK_NAN(got, what) do {					\
	double g__ = (got);						\
	CHECK(isnan(g__), "%s: got %.12g, want NAN (undefined)",	\
	    (what), g__);						\
} while (0)

/* Observations from a row-major na x ni matrix of fractions; NS cells
 * are items the attempt did not see. Returns how many were written. */
static size_t
from_matrix(struct stats_obs *o, const double *m, int na, int ni)
{
	size_t n = 0;

	for (int a = 0; a < na; a++)
		for (int i = 0; i < ni; i++) {
			if (m[a * ni + i] == NS)
				continue;
			o[n].attempt = a;
			o[n].item = i;
			o[n].fraction = m[a * ni + i];
			o[n].choice = -1;
			o[n].lang = 0;
			n++;
		}
	return n;
}

/*
 * Five attempts, four 0/1 items of 1 mark each:
 *
 *	      i0 i1 i2 i3  total
 *	A      1  1  1  1    4
 *	B      1  1  1  0    3
 *	C      1  1  0  0    2
 *	D      1  0  1  0    2
 *	E      0  0  0  1    1
 *
 * Facility: 4/5, 3/5, 3/5, 2/5.
 *
 * i0 against the rest (total - i0 = 3 2 1 1 1): means 0.8 and 1.6;
 * deviations x .2 .2 .2 .2 -.8, r 1.4 .4 -.6 -.6 -.6; Sxr = .28 + .08 -
 * .12 - .12 + .48 = .6, Sxx = .8, Srr = 1.96 + .16 + .36*3 = 3.2, so
 * r = .6 / sqrt(.8 * 3.2) = .6 / 1.6 = 0.375. Sorted, x = 0 1 1 1 1 and
 * rest = 1 1 1 2 3 pair up the same way: Smax = .6, efficiency 1.
 * i1 (rest 3 2 1 2 1): Sxr = .6, Sxx = 1.2, Srr = 2.8, r = .6 /
 * sqrt(3.36) = 3 / sqrt(84); sorted 0 0 1 1 1 with 1 1 2 2 3 gives
 * Smax = 1.6, efficiency .6 / 1.6 = 3/8. i2 is i1's mirror: the same.
 * i3 (rest 3 3 2 2 0): Sxr = -1, Sxx = 1.2, Srr = 6, r = -1 / sqrt(7.2)
 * = -sqrt(5) / 6; Smax = 2 (0 0 0 1 1 with 0 2 2 3 3), efficiency -1/2.
 *
 * KR-20: item variances (n - 1) .2 .3 .3 .3, sum 1.1; totals 4 3 2 2 1
 * have mean 2.4 and variance 5.2 / 4 = 1.3; alpha = 4/3 (1 - 1.1/1.3)
 * = 8/39.
 * Percent 100 75 50 50 25: mean 60, median 50, SD sqrt(3250 / 4) =
 * sqrt(812.5); SEM = SD sqrt(1 - 8/39) = SD sqrt(31/39).
 * Skewness (Moodle's k-statistics): m2 = 650, m3 = 4500, m4 = 826250;
 * k2 = 5 m2 / 4 = 812.5, k3 = 25 m3 / 12 = 9375, k3 / k2^1.5;
 * k4 = 25 (6 m4 - 12 m2^2) / 24 = -117187.5, kurtosis k4 / k2^2.
 */
static void
hand_cohort(void)
{
	static const double m[5 * 4] = {
		1, 1, 1, 1,
		1, 1, 1, 0,
		1, 1, 0, 0,
		1, 0, 1, 0,
		0, 0, 0, 1,
	};
	static const double max[4] = { 1, 1, 1, 1 };
	struct arena *a = arena_new();
	struct stats_obs o[20];
	struct stats_item it[4];
	struct stats_test t;
	size_t n = from_matrix(o, m, 5, 4);
	double sd = sqrt(812.5);

	stats_compute(a, o, n, 5, 4, NULL, NULL, max, it, &t);
	CHECK(it[0].n == 5 && it[3].n == 5, "every item seen 5 times");
	CHECK_NEAR(it[0].facility, 0.8, "facility i0");
	CHECK_NEAR(it[1].facility, 0.6, "facility i1");
	CHECK_NEAR(it[2].facility, 0.6, "facility i2");
	CHECK_NEAR(it[3].facility, 0.4, "facility i3");
	CHECK_NEAR(it[0].sd, sqrt(0.2), "SD i0");
	CHECK_NEAR(it[3].sd, sqrt(0.3), "SD i3");
	CHECK_NEAR(it[0].discrimination, 0.375, "discrimination i0");
	CHECK_NEAR(it[1].discrimination, 3 / sqrt(84), "discrimination i1");
	CHECK_NEAR(it[2].discrimination, 3 / sqrt(84), "discrimination i2");
	CHECK_NEAR(it[3].discrimination, -sqrt(5) / 6, "discrimination i3");
	CHECK_NEAR(it[0].efficiency, 1, "efficiency i0");
	CHECK_NEAR(it[1].efficiency, 0.375, "efficiency i1");
	CHECK_NEAR(it[3].efficiency, -0.5, "efficiency i3");
	CHECK(t.nattempts == 5, "5 attempts, got %d", t.nattempts);
	CHECK_NEAR(t.alpha, 8.0 / 39, "KR-20");
	CHECK_NEAR(t.mean, 60, "mean percent");
	CHECK_NEAR(t.median, 50, "median percent");
	CHECK_NEAR(t.sd, sd, "SD percent");
	CHECK_NEAR(t.error_ratio, sqrt(31.0 / 39), "error ratio");
	CHECK_NEAR(t.sem, sd * sqrt(31.0 / 39), "SEM");
	CHECK_NEAR(t.skewness, 9375 / pow(812.5, 1.5), "skewness");
	CHECK_NEAR(t.kurtosis, -117187.5 / (812.5 * 812.5), "kurtosis");
	/* n = 5: only the negative discrimination is flagged. */
	CHECK(it[3].flags == STATS_F_NEGATIVE_DISC,
	    "i3 flags %#x, want negative discrimination only", it[3].flags);
	CHECK(it[0].flags == 0 && it[1].flags == 0 && it[2].flags == 0,
	    "small-n items unflagged: %#x %#x %#x", it[0].flags,
	    it[1].flags, it[2].flags);
	CHECK(it[0].picked == NULL && it[0].nchoices == 0,
	    "no choices: no pick counts");

	/* The same cohort with the items in another order and a duplicate
	 * observation gives the same figures. */
	{
		struct stats_obs r[21];
		struct stats_item it2[4];
		struct stats_test t2;

		for (size_t j = 0; j < n; j++)
			r[j] = o[n - 1 - j];
		r[n] = o[0];
		r[n].fraction = 0;	/* a later duplicate: ignored */
		stats_compute(a, r, n + 1, 5, 4, NULL, NULL, NULL, it2, &t2);
		CHECK_NEAR(it2[3].discrimination, -sqrt(5) / 6,
		    "order and duplicates do not matter");
		CHECK_NEAR(t2.alpha, 8.0 / 39, "KR-20, reordered");
		CHECK(it2[0].n == 5, "duplicate not counted: n %d", it2[0].n);
	}
	arena_free(a);
}

/*
 * Six attempts, three items that agree: 1 1 1 0 0 0 each. The rest of
 * the test is a multiple of the item, so discrimination and efficiency
 * are 1. With marks 2, 1, 1 the totals are 4 4 4 0 0 0; the item
 * variances in marks are 4v, v, v (v = .3) and the total's is 16v, so
 * alpha = 3/2 (1 - 6v / 16v) = 15/16 (equal marks would give 1).
 */
static void
perfect_discriminator(void)
{
	static const double m[6 * 3] = {
		1, 1, 1,  1, 1, 1,  1, 1, 1,
		0, 0, 0,  0, 0, 0,  0, 0, 0,
	};
	static const double max[3] = { 2, 1, 1 };
	static const double one[3] = { 1, 1, 1 };
	struct arena *a = arena_new();
	struct stats_obs o[18];
	struct stats_item it[3];
	struct stats_test t;
	size_t n = from_matrix(o, m, 6, 3);

	stats_compute(a, o, n, 6, 3, NULL, NULL, max, it, &t);
	for (int i = 0; i < 3; i++) {
		CHECK_NEAR(it[i].discrimination, 1, "perfect discrimination");
		CHECK_NEAR(it[i].efficiency, 1, "perfect efficiency");
		CHECK(it[i].flags == 0, "perfect item unflagged: %#x",
		    it[i].flags);
	}
	CHECK_NEAR(t.alpha, 15.0 / 16, "alpha with marks 2, 1, 1");
	CHECK_NEAR(t.mean, 50, "mean of 100 100 100 0 0 0");
	stats_compute(a, o, n, 6, 3, NULL, NULL, one, it, &t);
	CHECK_NEAR(t.alpha, 1, "identical items: alpha 1");
	CHECK_NEAR(t.sem, 0, "alpha 1: no measurement error");
	arena_free(a);
}

/*
 * Ten attempts in order of ability: items 0-3 are right from attempt 2,
 * 4, 6 and 8 on (good items, r about .36), item 4 only for attempts 0-4
 * (the weak: r = -.73), item 5 for the even attempts (r = .098, weak).
 */
static void
negative_and_low(void)
{
	double m[10 * 6];
	struct arena *a = arena_new();
	struct stats_obs o[60];
	struct stats_item it[6];
	struct stats_test t;
	size_t n;

	for (int at = 0; at < 10; at++) {
		for (int i = 0; i < 4; i++)
			m[at * 6 + i] = at >= 2 * (i + 1);
		m[at * 6 + 4] = at < 5;
		m[at * 6 + 5] = at % 2 == 0;
	}
	n = from_matrix(o, m, 10, 6);
	stats_compute(a, o, n, 10, 6, NULL, NULL, NULL, it, &t);
	CHECK(it[4].discrimination < 0 && it[4].efficiency < 0,
	    "item right for the weak: negative, got %g", it[4].discrimination);
	CHECK(it[4].flags == STATS_F_NEGATIVE_DISC,
	    "negative discriminator flagged, and not also low (%#x)",
	    it[4].flags);
	CHECK(it[5].discrimination >= 0 && it[5].discrimination < 0.2,
	    "alternating item: weak discrimination, got %g",
	    it[5].discrimination);
	CHECK(it[5].flags == STATS_F_LOW_DISC,
	    "low discriminator flagged (%#x)", it[5].flags);
	CHECK(it[2].discrimination > 0.3 && it[2].flags == 0,
	    "good item: %g, flags %#x", it[2].discrimination, it[2].flags);
	arena_free(a);
}

/*
 * Twenty attempts, single-choice items with four choices, key 0.
 *   item 0: attempts 0-11 pick 0, 12-16 pick 1, 17-19 pick 2; nobody
 *	     picks 3, a dead distractor.
 *   item 1: 0-9 pick 0, 10-13 pick 1, 14-16 pick 2, 17-19 pick 3.
 *   item 2: as item 0 but attempt 19 never saw it: n = 19, too few to
 *	     call a distractor dead.
 * Totals: attempts 0-9 100%, 10-11 67%, 12-19 0%. The groups hold
 * round(.27 * 20) = 5 attempts; ties at the cut go by attempt number, so
 * the bottom is 12-16 and the top 5-9.
 */
static void
distractors(void)
{
	static const int choices[3] = { 4, 4, 4 }, key[3] = { 0, 0, 0 };
	struct arena *a = arena_new();
	struct stats_obs o[60];
	struct stats_item it[3];
	struct stats_test t;
	size_t n = 0;

	for (int at = 0; at < 20; at++)
		for (int i = 0; i < 3; i++) {
			int c;

			if (i == 2 && at == 19)
				continue;
			if (i == 1)
				c = at < 10 ? 0 : at < 14 ? 1 : at < 17 ? 2 : 3;
			else
				c = at < 12 ? 0 : at < 17 ? 1 : 2;
			o[n].attempt = at;
			o[n].item = i;
			o[n].fraction = c == 0 ? 1 : 0;
			o[n].choice = c;
			o[n].lang = 1;
			n++;
		}
	stats_compute(a, o, n, 20, 3, choices, key, NULL, it, &t);
	CHECK(it[0].nchoices == 4, "4 choices, got %d", it[0].nchoices);
	CHECK(it[0].picked[0] == 12 && it[0].picked[1] == 5 &&
	    it[0].picked[2] == 3 && it[0].picked[3] == 0,
	    "item 0 picks %d %d %d %d", it[0].picked[0], it[0].picked[1],
	    it[0].picked[2], it[0].picked[3]);
	CHECK(it[0].flags & STATS_F_DEAD_DISTRACTOR,
	    "choice nobody picks flagged (%#x)", it[0].flags);
	CHECK(!(it[1].flags & STATS_F_DEAD_DISTRACTOR),
	    "every choice picked: not flagged (%#x)", it[1].flags);
	CHECK(it[2].n == 19 && !(it[2].flags & STATS_F_DEAD_DISTRACTOR),
	    "n = 19: too few to flag (n %d, %#x)", it[2].n, it[2].flags);
	CHECK(it[0].picked_top[0] == 5 && it[0].picked_bottom[1] == 5 &&
	    it[0].picked_bottom[0] == 0,
	    "item 0 top picks the key, bottom picks choice 1");
	CHECK(it[1].picked_top[0] == 5 && it[1].picked_bottom[0] == 0 &&
	    it[1].picked_bottom[1] == 2 && it[1].picked_bottom[2] == 3 &&
	    it[1].picked_bottom[3] == 0,
	    "item 1 bottom group 0 2 3 0, got %d %d %d %d",
	    it[1].picked_bottom[0], it[1].picked_bottom[1],
	    it[1].picked_bottom[2], it[1].picked_bottom[3]);
	CHECK(t.nattempts == 20, "20 attempts");

	/* Without a key there is no dead-distractor verdict; without a
	 * count the picks still size the arrays. */
	stats_compute(a, o, n, 20, 3, NULL, NULL, NULL, it, &t);
	CHECK(it[0].nchoices == 3 && it[1].nchoices == 4,
	    "choices from the picks: %d %d", it[0].nchoices,
	    it[1].nchoices);
	CHECK(!(it[0].flags & STATS_F_DEAD_DISTRACTOR), "no key, no flag");
	arena_free(a);
}

/*
 * Ten attempts: item 0 everyone right (facility 1, too easy, and no
 * discrimination: it never varies), item 1 everyone wrong (too hard),
 * item 2 nine right (0.9: not "more than 0.9"), item 3 two right (0.2:
 * not "less than 0.2"), item 4 varies so totals do.
 */
static void
easy_and_hard(void)
{
	double m[10 * 5];
	struct arena *a = arena_new();
	struct stats_obs o[50];
	struct stats_item it[5];
	struct stats_test t;
	size_t n;

	for (int at = 0; at < 10; at++) {
		m[at * 5 + 0] = 1;
		m[at * 5 + 1] = 0;
		m[at * 5 + 2] = at < 9;
		m[at * 5 + 3] = at < 2;
		m[at * 5 + 4] = at % 2;
	}
	n = from_matrix(o, m, 10, 5);
	stats_compute(a, o, n, 10, 5, NULL, NULL, NULL, it, &t);
	CHECK(it[0].flags == STATS_F_TOO_EASY, "all right: too easy (%#x)",
	    it[0].flags);
	CHECK(it[1].flags == STATS_F_TOO_HARD, "all wrong: too hard (%#x)",
	    it[1].flags);
	CHECK_NAN(it[0].discrimination, "constant item discrimination");
	CHECK_NAN(it[0].efficiency, "constant item efficiency");
	CHECK_NEAR(it[0].sd, 0, "constant item SD");
	CHECK(!(it[2].flags & STATS_F_TOO_EASY), "0.9 is not too easy");
	CHECK(!(it[3].flags & STATS_F_TOO_HARD), "0.2 is not too hard");

	/* Nine attempts: too few to call anything easy or hard. */
	n = from_matrix(o, m, 9, 5);
	stats_compute(a, o, n, 9, 5, NULL, NULL, NULL, it, &t);
	CHECK(it[0].flags == 0 && it[1].flags == 0,
	    "n = 9: no flags (%#x %#x)", it[0].flags, it[1].flags);
	arena_free(a);
}

/*
 * Twenty attempts, ten in zh-TW (0-9), ten in English (10-19).
 *   item 0: zh 8/10 right, en 5/10: gap .3, flagged.
 *   item 1: zh 8/10, en 6/10: gap .2 (.20000000000000007 in doubles),
 *	     not more than .2.
 *   item 2: zh 9/10, en 1/9 (attempt 19 did not see it): a big gap but
 *	     only 9 in English, not flagged.
 */
static void
language_gap(void)
{
	struct arena *a = arena_new();
	struct stats_obs o[60];
	struct stats_item it[3];
	struct stats_test t;
	size_t n = 0;

	for (int at = 0; at < 20; at++) {
		int en = at >= 10, k = at % 10;
		double f[3];

		f[0] = en ? k < 5 : k < 8;
		f[1] = en ? k < 6 : k < 8;
		f[2] = en ? k < 1 : k < 9;
		for (int i = 0; i < 3; i++) {
			if (i == 2 && at == 19)
				continue;
			o[n].attempt = at;
			o[n].item = i;
			o[n].fraction = f[i];
			o[n].choice = -1;
			o[n].lang = en;
			n++;
		}
	}
	stats_compute(a, o, n, 20, 3, NULL, NULL, NULL, it, &t);
	CHECK_NEAR(it[0].facility_lang[0], 0.8, "zh-TW facility");
	CHECK_NEAR(it[0].facility_lang[1], 0.5, "English facility");
	CHECK_NEAR(it[0].facility, 0.65, "both languages");
	CHECK(it[0].n_lang[0] == 10 && it[0].n_lang[1] == 10,
	    "10 + 10 attempts");
	CHECK(it[0].flags & STATS_F_LANG_GAP, "gap .3 flagged (%#x)",
	    it[0].flags);
	CHECK(!(it[1].flags & STATS_F_LANG_GAP), "gap .2 not flagged (%#x)",
	    it[1].flags);
	CHECK(it[2].n_lang[1] == 9 && !(it[2].flags & STATS_F_LANG_GAP),
	    "9 English attempts: not flagged (%#x)", it[2].flags);
	arena_free(a);
}

/*
 * Random forms: seven attempts, three items, each attempt sees two.
 *
 *	      i0 i1 i2  total
 *	a0     1  1  .    2
 *	a1     1  .  1    2
 *	a2     .  1  1    2
 *	a3     0  0  .    0
 *	a4     0  .  0    0
 *	a5     .  1  0    1
 *	a6     1  0  .    1
 *
 * n = 5, 5, 4; facility 3/5, 3/5, 1/2. Each attempt saw one other item,
 * so the rest is that item's fraction.
 * i0: x 1 1 0 0 1, rest 1 1 0 0 0; means .6 .4; Sxr = .8, Sxx = Srr =
 * 1.2: r = 2/3; sorted lists pair the same way: efficiency 1.
 * i1: x 1 1 0 1 0, rest 1 1 0 0 1; Sxr = .2, Sxx = Srr = 1.2: r = 1/6;
 * sorted Smax = 1.2: efficiency 1/6.
 * i2: x 1 1 0 0, rest 1 1 0 1; means .5 .75; Sxr = .5, Sxx = 1, Srr =
 * .75: r = 1/sqrt(3); Smax = .5: efficiency 1.
 * Alpha over the items each attempt saw: item variances .3 .3 1/3;
 * mean per attempt of the sum of variances it met = (5(.3) + 5(.3) +
 * 4/3) / 7 = 13/21; 2 items each; totals have variance 17/21; alpha =
 * 2 (1 - 13/17) = 8/17.
 * Percent 100 100 100 0 0 50 50: mean 400/7, variance 42500/21.
 */
static void
random_forms(void)
{
	static const double m[7 * 3] = {
		1, 1, NS,
		1, NS, 1,
		NS, 1, 1,
		0, 0, NS,
		0, NS, 0,
		NS, 1, 0,
		1, 0, NS,
	};
	struct arena *a = arena_new();
	struct stats_obs o[21];
	struct stats_item it[3];
	struct stats_test t;
	size_t n = from_matrix(o, m, 7, 3);
	double sd = sqrt(42500.0 / 21);

	stats_compute(a, o, n, 7, 3, NULL, NULL, NULL, it, &t);
	CHECK(it[0].n == 5 && it[1].n == 5 && it[2].n == 4,
	    "n per item 5 5 4, got %d %d %d", it[0].n, it[1].n, it[2].n);
	CHECK_NEAR(it[0].facility, 0.6, "facility i0");
	CHECK_NEAR(it[2].facility, 0.5, "facility i2");
	CHECK_NEAR(it[0].discrimination, 2.0 / 3, "discrimination i0");
	CHECK_NEAR(it[1].discrimination, 1.0 / 6, "discrimination i1");
	CHECK_NEAR(it[2].discrimination, 1 / sqrt(3), "discrimination i2");
	CHECK_NEAR(it[0].efficiency, 1, "efficiency i0");
	CHECK_NEAR(it[1].efficiency, 1.0 / 6, "efficiency i1");
	CHECK_NEAR(it[2].efficiency, 1, "efficiency i2");
	CHECK_NEAR(t.alpha, 8.0 / 17, "alpha over random forms");
	CHECK_NEAR(t.mean, 400.0 / 7, "mean");
	CHECK_NEAR(t.sd, sd, "SD");
	CHECK_NEAR(t.sem, sd * 3 / sqrt(17), "SEM");
	arena_free(a);
}

/* Nothing to compute from: every figure NAN, never a division by zero. */
static void
undefined(void)
{
	struct arena *a = arena_new();
	struct stats_obs o[12];
	struct stats_item it[3];
	struct stats_test t;
	static const double same[4 * 3] = {
		1, 0, 1,  1, 0, 1,  1, 0, 1,  1, 0, 1,
	};
	static const double max[3] = { 1, 0, 2 };
	static const int choices[3] = { 0, 0, 4 };
	size_t n;

	/* No attempts at all. */
	stats_compute(a, NULL, 0, 0, 3, choices, NULL, NULL, it, &t);
	CHECK(t.nattempts == 0 && it[0].n == 0, "empty cohort");
	CHECK(it[2].nchoices == 4 && it[2].picked != NULL &&
	    it[2].picked[3] == 0 && it[2].picked_top[3] == 0 &&
	    it[2].picked_bottom[3] == 0 && it[0].picked == NULL,
	    "unseen single choice: zero counts for each choice");
	CHECK_NAN(it[0].facility, "facility of an unseen item");
	CHECK_NAN(it[0].sd, "SD of an unseen item");
	CHECK_NAN(it[0].facility_lang[0], "zh-TW facility, none");
	CHECK_NAN(t.mean, "mean of nothing");
	CHECK_NAN(t.alpha, "alpha of nothing");
	CHECK_NAN(t.sem, "SEM of nothing");

	/* One attempt. */
	n = from_matrix(o, same, 1, 3);
	stats_compute(a, o, n, 1, 3, NULL, NULL, NULL, it, &t);
	CHECK(t.nattempts == 1 && it[0].n == 1, "one attempt");
	CHECK_NEAR(t.mean, 200.0 / 3, "one attempt's percent");
	CHECK_NAN(t.sd, "SD of one attempt");
	CHECK_NAN(it[0].sd, "item SD of one attempt");
	CHECK_NAN(it[0].discrimination, "discrimination of one attempt");
	CHECK_NAN(t.alpha, "alpha of one attempt");

	/* Four identical attempts: nothing varies. Item 1 is worth 0
	 * marks: its facility counts, the totals ignore it. */
	n = from_matrix(o, same, 4, 3);
	stats_compute(a, o, n, 4, 3, NULL, NULL, max, it, &t);
	CHECK_NEAR(t.mean, 100, "item worth 0 not in the percent");
	CHECK_NEAR(t.sd, 0, "identical totals: SD 0");
	CHECK_NAN(t.skewness, "skewness of identical totals");
	CHECK_NAN(t.alpha, "alpha of identical totals");
	CHECK_NAN(t.sem, "SEM of identical totals");
	for (int i = 0; i < 3; i++) {
		CHECK_NAN(it[i].discrimination, "constant discrimination");
		CHECK_NAN(it[i].efficiency, "constant efficiency");
		CHECK(!(it[i].flags & (STATS_F_NEGATIVE_DISC |
		    STATS_F_LOW_DISC)), "undefined is not low (%#x)",
		    it[i].flags);
	}
	CHECK_NEAR(it[1].facility, 0, "zero-mark item facility");

	/* Out of range, negative, NaN and above-1 inputs. */
	o[0] = (struct stats_obs){ 0, 0, -0.5, -7, 0 };
	o[1] = (struct stats_obs){ 1, 0, NAN, 1 << 30, 5 };
	o[2] = (struct stats_obs){ 2, 0, 1.5, -1, 1 };
	o[3] = (struct stats_obs){ 3, 0, 1, -1, 0 };	/* attempt 3 >= 3 */
	o[4] = (struct stats_obs){ 0, 3, 1, -1, 0 };	/* item 3 >= 3 */
	o[5] = (struct stats_obs){ -1, 0, 1, -1, 0 };
	stats_compute(a, o, 6, 3, 3, NULL, NULL, NULL, it, &t);
	CHECK(it[0].n == 3 && t.nattempts == 3, "out of range ignored: n %d",
	    it[0].n);
	CHECK_NEAR(it[0].facility, 1.0 / 3, "-0.5 and NaN count 0, 1.5 as 1");
	CHECK(it[0].n_lang[0] == 1 && it[0].n_lang[1] == 1,
	    "language 5 counts in neither");
	CHECK(it[0].nchoices == 0 && it[0].picked == NULL,
	    "negative or huge choice is none");
	CHECK_NAN(it[0].discrimination, "no rest: no discrimination");
	arena_free(a);
}

void
test_stats(void)
{
	hand_cohort();
	perfect_discriminator();
	negative_and_low();
	distractors();
	easy_and_hard();
	language_gap();
	random_forms();
	undefined();
}

/*
 * stats.c - Moodle's quiz statistics over an exam's attempts; see stats.h.
 *
 * The item figures follow core_question\statistics\questions\calculator
 * (question/classes/statistics/questions/calculator.php): facility is the
 * mean mark over the max, the discrimination index the correlation of the
 * item's mark with the rest of the attempt's marks, the discriminative
 * efficiency that covariance over the covariance of the same two lists
 * each sorted. The test figures follow quiz_statistics\calculator
 * (mod/quiz/report/statistics/classes/calculator.php): mean, SD over
 * n - 1, skewness and kurtosis from k-statistics, the coefficient of
 * internal consistency (Cronbach's alpha), error ratio and standard error.
 * Moodle works on positions (slots), where every attempt has every slot;
 * here items are bank items and random forms leave gaps, so the rest of
 * the test is scaled by the rest's own max and alpha uses the mean item
 * variance an attempt met (docs/statistics.md explains both). Depends on
 * the arena and libm only; every scratch array comes from the arena.
 */
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define STATS_EPS	1e-9	/* slack on flag limits */
#define STATS_GROUP	0.27	/* Kelley's top and bottom share */

/* One kept observation, sorted by item then attempt. */
struct row {
	int item, attempt;
	size_t pos;		/* index in obs: the first of a duplicate wins */
	double x;		/* fraction, clamped to 0..1 */
	int choice, lang;
};

/* An attempt's total percent, for the top and bottom groups. */
struct rank {
	double pct;
	int attempt;
};

/* Zeroed room for n elements of size sz from the arena; an overflowing
 * size aborts like an arena that runs out of memory. */
static void *
scratch(struct arena *a, size_t n, size_t sz)
{
	if (n != 0 && n > SIZE_MAX / sz) {
		fputs("aicert: stats: array too large\n", stderr);
		abort();
	}
	return arena_alloc(a, n * sz);
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	if (a->attempt != b->attempt)
		return a->attempt < b->attempt ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int
double_cmp(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/* Ascending by percent; ties by attempt number, so the groups are the
 * same on every run. */
static int
rank_cmp(const void *pa, const void *pb)
{
	const struct rank *a = pa, *b = pb;

	if (a->pct != b->pct)
		return a->pct < b->pct ? -1 : 1;
	return (a->attempt > b->attempt) - (a->attempt < b->attempt);
}

/* A fraction for statistics: negative and NaN count as 0, above 1 as 1. */
static double
clamp01(double x)
{
	if (!(x > 0))
		return 0;
	return x > 1 ? 1 : x;
}

static double
clamp11(double x)
{
	return x < -1 ? -1 : x > 1 ? 1 : x;
}

/* Item i's max marks: 1 without a list, 0 when negative or not finite. */
static double
item_weight(const double *item_max, int i)
{
	double w;

	if (item_max == NULL)
		return 1;
	w = item_max[i];
	return isfinite(w) && w > 0 ? w : 0;
}

/* 1 when v[0..n) holds one value only (an exact test: a mean computed in
 * floating point need not equal the values it came from). */
static int
constant(const double *v, size_t n)
{
	for (size_t k = 1; k < n; k++)
		if (v[k] != v[0])
			return 0;
	return 1;
}

static double
mean_of(const double *v, size_t n)
{
	double sum = 0;

	for (size_t k = 0; k < n; k++)
		sum += v[k];
	return sum / (double)n;
}

/* Sum of (v[k] - mean)^p for k < n. */
static double
power_sum(const double *v, size_t n, double mean, int p)
{
	double sum = 0;

	for (size_t k = 0; k < n; k++) {
		double d = v[k] - mean;

		sum += p == 2 ? d * d : p == 3 ? d * d * d : d * d * d * d;
	}
	return sum;
}

/* Moodle's discrimination index and discriminative efficiency (as
 * fractions, not percent) of the pairs (x[k], r[k]), k < n. Sorts x and r
 * in place. NAN when n < 2 or either list is constant. */
static void
discriminate(double *x, double *r, size_t n, double *disc, double *eff)
{
	double mx, mr, sxx = 0, srr = 0, sxr = 0, smax = 0;

	*disc = *eff = NAN;
	if (n < 2 || constant(x, n) || constant(r, n))
		return;
	mx = mean_of(x, n);
	mr = mean_of(r, n);
	for (size_t k = 0; k < n; k++) {
		double dx = x[k] - mx, dr = r[k] - mr;

		sxx += dx * dx;
		srr += dr * dr;
		sxr += dx * dr;
	}
	/* The n - 1 of each (co)variance cancels in both ratios. */
	*disc = clamp11(sxr / sqrt(sxx * srr));
	qsort(x, n, sizeof *x, double_cmp);
	qsort(r, n, sizeof *r, double_cmp);
	for (size_t k = 0; k < n; k++)
		smax += (x[k] - mx) * (r[k] - mr);
	if (smax > 0)
		*eff = clamp11(sxr / smax);
}

/* Mean, SD, median, skewness and kurtosis of the percents pct[0..n) (n
 * > 0), as quiz_statistics\calculator::calculate does. Sorts pct. */
static void
test_spread(double *pct, size_t n, struct stats_test *t)
{
	double dn = (double)n, p2, m2, m3, m4, k2, k3, k4;

	t->mean = mean_of(pct, n);
	if (n < 2)
		goto median;
	p2 = power_sum(pct, n, t->mean, 2);
	t->sd = constant(pct, n) ? 0 : sqrt(p2 / (dn - 1));
	if (n < 3 || t->sd == 0)
		goto median;
	m2 = p2 / dn;
	m3 = power_sum(pct, n, t->mean, 3) / dn;
	m4 = power_sum(pct, n, t->mean, 4) / dn;
	k2 = dn * m2 / (dn - 1);
	k3 = dn * dn * m3 / ((dn - 1) * (dn - 2));
	t->skewness = k3 / pow(k2, 1.5);
	if (n > 3) {
		k4 = dn * dn * ((dn + 1) * m4 - 3 * (dn - 1) * m2 * m2) /
		    ((dn - 1) * (dn - 2) * (dn - 3));
		t->kurtosis = k4 / (k2 * k2);
	}
median:
	qsort(pct, n, sizeof *pct, double_cmp);
	t->median = n % 2 ? pct[n / 2] : (pct[n / 2 - 1] + pct[n / 2]) / 2;
}

/* Marks group[a] +1 for the top 27% of the counted attempts by percent,
 * -1 for the bottom 27% (round(0.27 n) each, at most n / 2), else 0. */
static void
mark_groups(struct rank *ranks, size_t n, signed char *group)
{
	size_t k = (size_t)floor(STATS_GROUP * (double)n + 0.5);

	if (2 * k > n)
		k = n / 2;
	qsort(ranks, n, sizeof *ranks, rank_cmp);
	for (size_t j = 0; j < k; j++) {
		group[ranks[j].attempt] = -1;
		group[ranks[n - 1 - j].attempt] = 1;
	}
}

/* An item nobody saw: counts 0, figures NAN, zeroed pick counts for the
 * caller's nchoices. */
static void
item_clear(struct arena *a, struct stats_item *it, int nchoices)
{
	it->n = 0;
	it->facility = it->sd = it->discrimination = it->efficiency = NAN;
	it->nchoices = nchoices > 0 && nchoices <= STATS_MAX_CHOICES ?
	    nchoices : 0;
	it->picked = it->picked_top = it->picked_bottom = NULL;
	if (it->nchoices > 0) {
		size_t nc = (size_t)it->nchoices;

		it->picked = scratch(a, nc, sizeof(int));
		it->picked_top = scratch(a, nc, sizeof(int));
		it->picked_bottom = scratch(a, nc, sizeof(int));
	}
	it->facility_lang[0] = it->facility_lang[1] = NAN;
	it->n_lang[0] = it->n_lang[1] = 0;
	it->flags = 0;
}

static void
item_flags(struct stats_item *it, int key)
{
	double d = it->discrimination, f = it->facility;

	if (d < -STATS_EPS)
		it->flags |= STATS_F_NEGATIVE_DISC;
	else if (d < 0.2 - STATS_EPS && it->n >= 10)
		it->flags |= STATS_F_LOW_DISC;
	if (it->n >= 10 && f > 0.9 + STATS_EPS)
		it->flags |= STATS_F_TOO_EASY;
	if (it->n >= 10 && f < 0.2 - STATS_EPS)
		it->flags |= STATS_F_TOO_HARD;
	if (it->n >= 20 && key >= 0 && key < it->nchoices)
		for (int c = 0; c < it->nchoices; c++)
			if (c != key && it->picked[c] == 0)
				it->flags |= STATS_F_DEAD_DISTRACTOR;
	if (it->n_lang[0] >= 10 && it->n_lang[1] >= 10 &&
	    fabs(it->facility_lang[0] - it->facility_lang[1]) > 0.2 + STATS_EPS)
		it->flags |= STATS_F_LANG_GAP;
}

/* Fills it from rows[0..n) (n > 0, all of item i): counts, facility, SD,
 * picks, languages, discrimination against the rest of each attempt.
 * xs and rs have room for n values. */
static void
item_figures(struct arena *a, struct stats_item *it, const struct row *rows,
    size_t n, double w, const double *total, const double *max,
    const signed char *group, double *xs, double *rs)
{
	double sum = 0, lsum[2] = { 0, 0 };
	size_t m = 0;
	int nc = it->nchoices;

	it->n = (int)n;
	for (size_t k = 0; k < n; k++)
		if (rows[k].choice >= nc)
			nc = rows[k].choice + 1;
	if (nc > it->nchoices) {
		it->nchoices = nc;
		it->picked = scratch(a, (size_t)nc, sizeof(int));
		it->picked_top = scratch(a, (size_t)nc, sizeof(int));
		it->picked_bottom = scratch(a, (size_t)nc, sizeof(int));
	}
	for (size_t k = 0; k < n; k++) {
		const struct row *r = &rows[k];

		sum += r->x;
		xs[k] = r->x;
		if (r->lang == 0 || r->lang == 1) {
			lsum[r->lang] += r->x;
			it->n_lang[r->lang]++;
		}
		if (r->choice >= 0) {
			it->picked[r->choice]++;
			if (group[r->attempt] > 0)
				it->picked_top[r->choice]++;
			else if (group[r->attempt] < 0)
				it->picked_bottom[r->choice]++;
		}
	}
	it->facility = sum / (double)n;
	if (n >= 2)
		it->sd = constant(xs, n) ? 0 :
		    sqrt(power_sum(xs, n, it->facility, 2) / (double)(n - 1));
	for (int l = 0; l < 2; l++)
		if (it->n_lang[l] > 0)
			it->facility_lang[l] = lsum[l] / it->n_lang[l];
	/* The rest of the test: the attempt's other marks over their max, so
	 * forms of different length compare; with one form for everyone it
	 * is Moodle's "total minus this item" over a constant. An attempt
	 * that saw nothing else with marks has no rest and sits out. */
	for (size_t k = 0; k < n; k++) {
		const struct row *r = &rows[k];
		double restmax = max[r->attempt] - w;

		if (restmax > 0) {
			xs[m] = r->x;
			rs[m] = (total[r->attempt] - r->x * w) / restmax;
			m++;
		}
	}
	discriminate(xs, rs, m, &it->discrimination, &it->efficiency);
}

void
stats_compute(struct arena *a, const struct stats_obs *obs, size_t nobs,
    int nattempts, int nitems, const int *item_choices, const int *item_key,
    const double *item_max, struct stats_item *items, struct stats_test *test)
{
	struct row *rows;
	struct rank *ranks;
	double *total, *max, *pct, *marks, *xs, *rs;
	signed char *group;
	int *seen;
	size_t nrows = 0, n = 0, k, start;
	double vsum = 0, lsum = 0, vx;

	if (nattempts < 0)
		nattempts = 0;
	if (nitems < 0)
		nitems = 0;
	test->nattempts = 0;
	test->mean = test->sd = test->median = NAN;
	test->skewness = test->kurtosis = NAN;
	test->alpha = test->error_ratio = test->sem = NAN;
	for (int i = 0; i < nitems; i++)
		item_clear(a, &items[i], item_choices ? item_choices[i] : 0);

	/* Keep the observations in range, one per (attempt, item). */
	rows = scratch(a, nobs, sizeof *rows);
	for (size_t j = 0; j < nobs; j++) {
		const struct stats_obs *o = &obs[j];

		if (o->attempt < 0 || o->attempt >= nattempts ||
		    o->item < 0 || o->item >= nitems)
			continue;
		rows[nrows].item = o->item;
		rows[nrows].attempt = o->attempt;
		rows[nrows].pos = j;
		rows[nrows].x = clamp01(o->fraction);
		rows[nrows].choice = o->choice >= 0 &&
		    o->choice < STATS_MAX_CHOICES ? o->choice : -1;
		rows[nrows].lang = o->lang;
		nrows++;
	}
	qsort(rows, nrows, sizeof *rows, row_cmp);
	for (k = 0, start = 0; start < nrows; start++)
		if (k == 0 || rows[k - 1].item != rows[start].item ||
		    rows[k - 1].attempt != rows[start].attempt)
			rows[k++] = rows[start];
	nrows = k;

	/* Each attempt's marks and max over the items it saw. */
	total = scratch(a, (size_t)nattempts, sizeof *total);
	max = scratch(a, (size_t)nattempts, sizeof *max);
	seen = scratch(a, (size_t)nattempts, sizeof *seen);
	group = scratch(a, (size_t)nattempts, sizeof *group);
	for (k = 0; k < nrows; k++) {
		double w = item_weight(item_max, rows[k].item);

		total[rows[k].attempt] += rows[k].x * w;
		max[rows[k].attempt] += w;
		seen[rows[k].attempt]++;
	}

	/* The test: attempts with at least one observation. */
	pct = scratch(a, (size_t)nattempts, sizeof *pct);
	marks = scratch(a, (size_t)nattempts, sizeof *marks);
	ranks = scratch(a, (size_t)nattempts, sizeof *ranks);
	for (int t = 0; t < nattempts; t++) {
		if (seen[t] == 0)
			continue;
		pct[n] = max[t] > 0 ? 100 * total[t] / max[t] : 0;
		marks[n] = total[t];
		ranks[n].pct = pct[n];
		ranks[n].attempt = t;
		n++;
	}
	test->nattempts = (int)n;
	if (n > 0) {
		test_spread(pct, n, test);
		mark_groups(ranks, n, group);
	}

	/* Each item over the attempts that saw it. */
	xs = scratch(a, nrows, sizeof *xs);
	rs = scratch(a, nrows, sizeof *rs);
	for (start = 0; start < nrows; start = k) {
		int i = rows[start].item;
		double w = item_weight(item_max, i);
		struct stats_item *it = &items[i];

		for (k = start; k < nrows && rows[k].item == i; k++)
			;
		item_figures(a, it, rows + start, k - start, w, total, max,
		    group, xs, rs);
		item_flags(it, item_key ? item_key[i] : -1);
		/* For alpha: the variance in marks of each item an attempt
		 * saw, and how many marked items it saw. */
		if (w > 0) {
			lsum += it->n;
			if (it->n >= 2)
				vsum += it->n * w * w * it->sd * it->sd;
		}
	}

	/* Cronbach's alpha with p the mean number of marked items per
	 * attempt and the sum of item variances the mean such sum per
	 * attempt: Moodle's CIC exactly when every attempt saw every item. */
	if (n >= 3 && !constant(marks, n) && lsum / (double)n > 1) {
		double p = lsum / (double)n, sv = vsum / (double)n;

		vx = power_sum(marks, n, mean_of(marks, n), 2) / (double)(n - 1);
		test->alpha = p / (p - 1) * (1 - sv / vx);
		test->error_ratio = sqrt(test->alpha < 1 ? 1 - test->alpha : 0);
		test->sem = test->sd * test->error_ratio;
	}
}

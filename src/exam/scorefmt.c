/*
 * scorefmt.c - scores as people read them; see scorefmt.h.
 */
#include "scorefmt.h"

#include <stdio.h>
#include <string.h>

const char *
score_num(struct arena *a, double v, int decimals)
{
	char num[64];
	size_t n;

	snprintf(num, sizeof num, "%.*f", decimals < 0 ? 0 : decimals, v);
	n = strlen(num);
	if (strchr(num, '.') != NULL) {
		while (n > 0 && num[n - 1] == '0')
			num[--n] = '\0';
		if (n > 0 && num[n - 1] == '.')
			num[--n] = '\0';
	}
	if (strcmp(num, "-0") == 0)
		return "0";
	return arena_printf(a, "%s", num);
}

const char *
score_percent(struct arena *a, double percent)
{
	return score_num(a, percent, 1);
}

const char *
score_points(struct arena *a, double points)
{
	return score_num(a, points, 2);
}

const char *
score_text(struct arena *a, double percent, double score, double max)
{
	return arena_printf(a, "%s%% (%s / %s)", score_percent(a, percent),
	    score_points(a, score), score_points(a, max));
}

/*
 * competency.c - competency codes and frameworks; see competency.h.
 */
#include "competency.h"

#include <string.h>
#include <strings.h>

int
competency_code_valid(const char *code)
{
	size_t n = 0;

	if (code == NULL)
		return 0;
	for (const char *p = code; *p; p++, n++) {
		char c = *p;
		int alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9');

		if (!alnum && (p == code || (c != '.' && c != '_' && c != '-')))
			return 0;
	}
	return n >= 1 && n <= COMPETENCY_CODE_MAX;
}

const char *
competency_of_tag(const char *tag)
{
	if (tag == NULL || strncasecmp(tag, "comp:", 5) != 0)
		return NULL;
	return competency_code_valid(tag + 5) ? tag + 5 : NULL;
}

/*
 * version.c - the version of this build. The Makefile compiles this file
 * alone with -DAICERT_VERSION="..." from `git describe --always --dirty`
 * (or "unknown"), and again only when that changes, so a new version
 * costs one object, not a rebuild. Shown by `aicert --version`, the first
 * line of `aicert serve` and /healthz.
 */
#include "version.h"

#ifndef AICERT_VERSION
#define AICERT_VERSION "unknown"
#endif

const char *
version_string(void)
{
	return AICERT_VERSION;
}

/*
 * version.h - the version of this build (version.c).
 */
#ifndef AICERT_VERSION_H
#define AICERT_VERSION_H

/* The version as `git describe --always --dirty` gave it when this build
 * was made ("unknown" outside a git checkout): a static string. */
const char *version_string(void);

#endif

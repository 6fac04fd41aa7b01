/*
 * bank_retire.h - retiring questions: a retired item is no longer drawn
 * into new attempts (or counted when an exam is checked), while the
 * attempts that showed it keep their results. Restoring undoes it.
 */
#ifndef AICERT_BANK_RETIRE_H
#define AICERT_BANK_RETIRE_H

#include <jansson.h>

#include "store.h"

/* Retires (on = 1) or restores (on = 0) the item key of bank, audited
 * through the writer. 1 done, 0 no such item, -1 the store failed. */
int bank_retire(struct store *s, const char *bank, const char *key, int on);

/* The retired items of bank: {"KEY": true, ...}. New reference. */
json_t *bank_retired(struct store *s, const char *bank);

#endif

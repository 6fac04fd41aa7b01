#!/bin/sh
# aicert-backup - a checked copy of the live database, dated, newest 14 kept.
#
# Run daily by aicert-backup.timer (as the aicert user); safe while the
# server runs (SQLite's online backup API; see `aicert backup`). The
# signing key is not copied here: back it up once, apart, with
# `aicert backup --with-key` (docs/operations.md).
set -eu
DB=${AICERT_DB:-/var/lib/aicert/aicert.db}
DIR=${AICERT_BACKUP_DIR:-/var/lib/aicert/backups}
KEEP=${AICERT_BACKUP_KEEP:-14}
BIN=${AICERT_BIN:-/usr/local/bin/aicert}

mkdir -p "$DIR"
"$BIN" --db "$DB" backup "$DIR/aicert-$(date -u +%Y%m%dT%H%M%SZ).db"
# Names sort by date: drop all but the newest $KEEP.
ls -1 "$DIR"/aicert-*.db 2>/dev/null | sort -r | tail -n +"$((KEEP + 1))" |
    while read -r old; do rm -f -- "$old"; done

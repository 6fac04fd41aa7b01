#!/bin/sh
# pgtmp.sh - a throwaway PostgreSQL 15 for tests.
#
#   pgtmp.sh [start] [DIR]   initdb in DIR (default: a new mktemp folder,
#                            named on stderr), start the server on a free
#                            loopback port with its socket in DIR, create
#                            database and superuser aicert, and print the
#                            libpq connection string on stdout (also kept
#                            in DIR/conninfo)
#   pgtmp.sh stop DIR        stop that server and remove DIR
#
# Debian's postgresql-15 binaries (make deps: tools/deps.sh pg). initdb
# refuses to run as root, so as root the server runs as the postgres user
# the package creates, and DIR is handed to it. The cluster is C locale:
# text then compares and sorts byte by byte and lower() folds ASCII only,
# as SQLite does (src/base/schema_pg.c checks it). fsync stays on: tests
# may rely on what a commit promises.
set -eu
BIN=${PGBIN:-/usr/lib/postgresql/15/bin}

die() {
	echo "pgtmp: $*" >&2
	exit 1
}

# as_owner CMD...: runs CMD as the user that owns the cluster.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
	dir=${1:-}
	[ -x "$BIN/initdb" ] || die "$BIN/initdb is missing (run: sh tools/deps.sh pg, as root)"
	if [ -z "$dir" ]; then
		dir=$(mktemp -d "${TMPDIR:-/tmp}/aicert-pg.XXXXXX")
		echo "pgtmp: $dir" >&2
	fi
	mkdir -p "$dir"
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	# The marker that lets `stop` remove the folder: never anything else.
	: > "$dir/.pgtmp"
	[ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
	# -N: the cluster is thrown away, so initdb need not sync its files;
	# the server itself runs with fsync on.
	as_owner "$BIN/initdb" -D "$dir/data" -U aicert --auth=trust -E UTF8 \
	    --locale=C -N >"$dir/initdb.log" 2>&1 || die "initdb failed: see $dir/initdb.log"
	# Settings for a small shared test machine; durability as in
	# production (fsync, synchronous_commit, full_page_writes).
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 300
shared_buffers = 32MB
work_mem = 4MB
maintenance_work_mem = 32MB
max_wal_size = 256MB
autovacuum = on
log_min_messages = warning
log_line_prefix = '%m [%p] '
CONF
	# A free port can be taken between the probe and the start: retry.
	tries=0
	while :; do
		port=$(free_port)
		if as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		    -o "-p $port" start >/dev/null; then
			break
		fi
		tries=$((tries + 1))
		[ $tries -lt 5 ] || die "the server did not start: see $dir/server.log"
	done
	as_owner "$BIN/createdb" -h "$dir" -p "$port" -U aicert aicert ||
		die "createdb failed"
	conninfo="host=127.0.0.1 port=$port dbname=aicert user=aicert"
	echo "$conninfo" >"$dir/conninfo"
	echo "$conninfo"
}

stop() {
	dir=${1:-}
	[ -n "$dir" ] || die "usage: pgtmp.sh stop DIR"
	[ -f "$dir/.pgtmp" ] || die "$dir was not made by pgtmp.sh; not removing it"
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
			die "pg_ctl stop failed: see $dir/server.log"
	fi
	rm -rf "$dir"
}

case "${1:-}" in
stop)	stop "${2:-}" ;;
start)	start "${2:-}" ;;
"")	start "" ;;
*)	start "$1" ;;
esac

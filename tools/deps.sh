#!/bin/sh
# deps.sh - makes sure the Debian 12 packages aicert builds and tests with
# are installed. As root it installs what is missing; otherwise it prints
# the one apt-get line to run and fails.
set -eu
PKGS="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev
libjansson-dev libxml2-dev sqlite3 curl ca-certificates
libhpdf-dev libqrencode-dev libharfbuzz-dev libunistring-dev libcsv-dev zlib1g-dev libpng-dev
fonts-arphic-uming poppler-utils
zbar-tools chromium unzip fonts-urw-base35
libcurl4-openssl-dev python3-aiosmtpd libpq-dev"
# libpq-dev: the PostgreSQL store backend (--db postgresql://...).
# libcurl4-openssl-dev: mail goes out through libcurl's SMTP; python3-aiosmtpd:
# the tests receive it with a real SMTP server on the loopback.
# fonts-urw-base35: Times and the other base-14 fonts with their own
# metrics, so poppler (the certificate tests, docs/img) does not space
# DejaVu glyphs at Times' widths.
# The browser test runs on Node.js and npm: Debian's, unless the machine
# has its own already.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
# `make bench` drives HTTP load with wrk, the established tool for it.
[ "${1:-}" = bench ] && PKGS="$PKGS wrk"
# The PostgreSQL tests (make test-pg, make pg-schema-test) and the
# PostgreSQL column of make bench start a throwaway server
# (tests/pg/pgtmp.sh): only on request, since a SQLite user needs no
# server. libpq-dev, which every build links for
# --db postgresql://..., is in the list above.
[ "${1:-}" = pg ] && PKGS="$PKGS postgresql-15"
# `make hatest-pg`: a loopback PostgreSQL cluster under Patroni and etcd
# (tests/ha/); only then, as nobody else needs a database server.
[ "${1:-}" = ha ] &&
	PKGS="$PKGS postgresql-15 postgresql-client-15 patroni etcd-server"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "aicert: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing
else
	echo "aicert: missing packages; run as root:"
	echo "  apt-get install -y$missing"
	exit 1
fi

#!/bin/sh
# install.sh - build and install aicert as a systemd service on Debian 12.
#
#   sudo deploy/install.sh          (from a clone of the repository)
#
# Builds ./aicert (installing missing build packages), installs the binary
# to $PREFIX/bin, templates, questions, certificate designs and docs to
# $PREFIX/share/aicert, creates the system user aicert and
# /var/lib/aicert (database, key, backups) and /etc/aicert/aicert.env,
# installs and enables aicert.service and the daily aicert-backup.timer,
# and creates the database (admin password: $AICERT_ADMIN_PASSWORD, else
# printed once). Safe to run again for an upgrade: the database, key and
# environment file are kept; back up first (docs/operations.md).
set -eu
PREFIX=${PREFIX:-/usr/local}
SHARE=$PREFIX/share/aicert
STATE=/var/lib/aicert
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
	echo "install.sh: run as root" >&2
	exit 1
fi
make deps
make aicert

install -d "$PREFIX/bin" "$PREFIX/lib/aicert" "$SHARE"
install -m 0755 aicert "$PREFIX/bin/aicert.new"
mv -f "$PREFIX/bin/aicert.new" "$PREFIX/bin/aicert"
install -m 0755 deploy/aicert-backup.sh "$PREFIX/lib/aicert/aicert-backup"
rm -rf "$SHARE/templates.new"
cp -R templates "$SHARE/templates.new"
rm -rf "$SHARE/templates" && mv "$SHARE/templates.new" "$SHARE/templates"
for d in questions certs docs; do
	rm -rf "$SHARE/$d" && cp -R "$d" "$SHARE/$d"
done
chmod -R a+rX "$SHARE"

if ! id aicert >/dev/null 2>&1; then
	useradd --system --user-group --home-dir "$STATE" --no-create-home \
	    --shell /usr/sbin/nologin aicert
fi
install -d -o aicert -g aicert -m 0750 "$STATE" "$STATE/backups"
install -d -m 0755 /etc/aicert
if [ ! -f /etc/aicert/aicert.env ]; then
	install -m 0640 -g aicert deploy/aicert.env /etc/aicert/aicert.env
	echo "install.sh: edit /etc/aicert/aicert.env (AICERT_BASE_URL)"
fi

# The database and signing key, owned by aicert (kept if they exist;
# migrations run here and at every start).
runuser -u aicert -- env AICERT_ADMIN_PASSWORD="${AICERT_ADMIN_PASSWORD:-}" \
    "$PREFIX/bin/aicert" --db "$STATE/aicert.db" --share "$SHARE" init

install -m 0644 deploy/aicert.service deploy/aicert-backup.service \
    deploy/aicert-backup.timer /etc/systemd/system/
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	systemctl enable aicert.service aicert-backup.timer
	systemctl restart aicert.service
	systemctl start aicert-backup.timer
	echo "install.sh: aicert is running on 127.0.0.1:8080; put" \
	    "deploy/nginx-aicert.conf in front of it"
else
	echo "install.sh: systemd is not running here; units installed, not started"
fi

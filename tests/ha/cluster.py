#!/usr/bin/env python3
"""cluster.py - a loopback PostgreSQL HA cluster for aicert's HA tests:
one etcd and two Patroni-managed PostgreSQL 15 servers with synchronous
replication, all on 127.0.0.1, all in one temporary folder.

    from cluster import Cluster
    with Cluster() as c:          # started, leader and sync standby up
        c.conninfo()              # multi-host libpq string, read-write
        c.kill_primary()          # kill -9 the leader's postmaster
        c.wait_for_new_primary()
    # stopped, folder removed (also on an exception or Ctrl-C)

    python3 tests/ha/cluster.py --selftest ROUNDS [--pgload PATH]

The selftest proves the cluster at the PostgreSQL level: a writer
(tests/ha/pgload.c, libpq) inserts numbered rows while the primary is
killed ROUNDS times; every acknowledged row must be there exactly once.

Who runs what: initdb and postgres refuse to run as root, and Patroni
runs postgres as its own user. As root the harness stays root (it must
kill and clean up whatever happens) and starts etcd and Patroni as the
'postgres' system user (postgresql-common creates it; HA_USER overrides)
with Popen(user=...); the folder is handed to that user. As anyone else
everything runs as the invoking user.

HA_KEEP=1 keeps the folder (logs, data) after the stop.

Timings are lowered so a round takes seconds rather than a minute:
ttl 10, loop_wait 2, retry_timeout 3 (Patroni wants loop_wait +
2 * retry_timeout <= ttl). Production keeps Patroni's 30/10/10
(deploy/ha/patroni.yml).

Only the standard library: Patroni's REST API is plain HTTP + JSON, and
Patroni reads YAML, of which JSON is a subset.
"""
import atexit
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

PG_BIN = os.environ.get("HA_PG_BIN", "/usr/lib/postgresql/15/bin")
DBNAME = "aicert"
DBUSER = "postgres"
TTL, LOOP_WAIT, RETRY_TIMEOUT = 10, 2, 3
HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    """A port nothing listens on now (the kernel's pick; a race with
    other programs is possible but unlikely on a test machine)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log(msg):
    print("[%8.3f] %s" % (time.monotonic() % 100000, msg), flush=True)


class Node:
    """One Patroni + PostgreSQL member."""

    def __init__(self, base, name):
        self.name = name
        self.dir = os.path.join(base, name)
        self.data = os.path.join(self.dir, "data")
        self.pg_port = free_port()
        self.api_port = free_port()
        self.proc = None

    def postmaster_pid(self):
        """The postmaster's pid from its pid file, None if it has none."""
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                pid = int(f.readline())
        except (OSError, ValueError):
            return None
        return pid if pid_alive(pid) else None


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def children(pid):
    """Pids whose parent is pid, read from /proc."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        # the command name in parentheses may hold spaces: split after it
        if int(st[st.rindex(")") + 2:].split()[1]) == pid:
            out.append(int(d))
    return out


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Cluster:
    def __init__(self, nodes=2):
        self.base = None
        self.nodes = []
        self.nnodes = nodes
        self.etcd = None
        self.etcd_port = None
        self.user = None
        self._stopped = False

    # -- start -----------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop_all()
        return False

    def start(self, timeout=90):
        """Starts etcd and the Patroni nodes; returns once a leader runs
        and a sync standby streams. Stops everything if it cannot."""
        atexit.register(self.stop_all)
        self.base = tempfile.mkdtemp(prefix="aicert-ha-")
        if os.geteuid() == 0:
            who = os.environ.get("HA_USER", "postgres")
            try:
                self.user = pwd.getpwnam(who)
            except KeyError:
                raise RuntimeError("as root the cluster runs as %s, who does "
                                   "not exist (set HA_USER)" % who)
            os.chown(self.base, self.user.pw_uid, self.user.pw_gid)
        try:
            self._start_etcd()
            for i in range(self.nnodes):
                self.nodes.append(Node(self.base, "pg%d" % (i + 1)))
            for n in self.nodes:
                self._start_patroni(n)
            self.wait_healthy(timeout)
            self._create_db(timeout)
        except BaseException as e:
            if not isinstance(e, KeyboardInterrupt):
                self.dump_logs()
            self.stop_all()
            raise

    def _create_db(self, timeout):
        """Creates the database as aicert wants it (UTF8, C locale), and
        waits until every standby has replayed it: a sync standby has
        the commit on disk, not yet applied, and libpq does not try the
        next host when one answers "database does not exist"."""
        p = self.primary()
        self.psql(p, "postgres", "CREATE DATABASE %s TEMPLATE template0 "
                  "ENCODING 'UTF8' LOCALE 'C'" % DBNAME)
        deadline = time.monotonic() + timeout
        for n in self.nodes:
            while self.query(n, "SELECT 1", DBNAME) != "1":
                if time.monotonic() > deadline:
                    raise RuntimeError("%s never saw database %s" %
                                       (n.name, DBNAME))
                time.sleep(0.1)

    def _spawn(self, argv, logname, env=None):
        """Starts argv as the cluster's user in its own session (so
        stop_all can signal the whole group), output to a log file."""
        e = dict(os.environ, HOME=self.base, **(env or {}))
        out = open(os.path.join(self.base, logname), "ab")
        kw = {}
        if self.user is not None:
            kw = dict(user=self.user.pw_uid, group=self.user.pw_gid,
                      extra_groups=[])
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, cwd=self.base, env=e,
                             start_new_session=True, **kw)
        out.close()
        return p

    def _mkdir(self, path):
        os.makedirs(path, mode=0o700, exist_ok=True)
        if self.user is not None:
            os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def _start_etcd(self):
        self.etcd_port, peer = free_port(), free_port()
        data = os.path.join(self.base, "etcd")
        self._mkdir(data)
        client = "http://127.0.0.1:%d" % self.etcd_port
        peer_url = "http://127.0.0.1:%d" % peer
        self.etcd = self._spawn([
            "etcd", "--name", "e1", "--data-dir", data,
            "--listen-client-urls", client,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer_url,
            "--initial-advertise-peer-urls", peer_url,
            "--initial-cluster", "e1=" + peer_url,
            "--initial-cluster-state", "new"], "etcd.log")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(client + "/health", timeout=1) as r:
                    if json.load(r).get("health") == "true":
                        return
            except (OSError, ValueError):
                pass
            if self.etcd.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError("etcd did not start (see etcd.log)")

    def _patroni_config(self, n):
        hba = ["local all all trust",
               # a throwaway cluster on the loopback: trust, no passwords
               "host all all 127.0.0.1/32 trust",
               "host replication replicator 127.0.0.1/32 trust"]
        return {
            "scope": "aicert-ha-test",
            "name": n.name,
            "log": {"dir": n.dir, "level": "INFO"},
            "restapi": {"listen": "127.0.0.1:%d" % n.api_port,
                        "connect_address": "127.0.0.1:%d" % n.api_port},
            "etcd3": {"hosts": ["127.0.0.1:%d" % self.etcd_port]},
            "bootstrap": {
                "dcs": {
                    "ttl": TTL, "loop_wait": LOOP_WAIT,
                    "retry_timeout": RETRY_TIMEOUT,
                    "maximum_lag_on_failover": 1048576,
                    "synchronous_mode": True,
                    "synchronous_mode_strict": False,
                    "postgresql": {
                        "use_pg_rewind": True,
                        "use_slots": True,
                        "parameters": {
                            "wal_level": "replica", "hot_standby": "on",
                            "wal_log_hints": "on", "max_wal_senders": 5,
                            "max_replication_slots": 5,
                            "wal_keep_size": "128MB",
                            "synchronous_commit": "on"}}},
                # C: text sorts and lower() folds as in SQLite
                "initdb": [{"encoding": "UTF8"}, {"locale": "C"},
                           "data-checksums"],
            },
            "postgresql": {
                "listen": "127.0.0.1:%d" % n.pg_port,
                "connect_address": "127.0.0.1:%d" % n.pg_port,
                "data_dir": n.data,
                "bin_dir": PG_BIN,
                "pgpass": os.path.join(n.dir, "pgpass"),
                "authentication": {
                    "superuser": {"username": DBUSER, "password": "x"},
                    "replication": {"username": "replicator",
                                    "password": "x"},
                    "rewind": {"username": "rewinder", "password": "x"}},
                "parameters": {"unix_socket_directories": n.dir,
                               "shared_buffers": "32MB"},
                "pg_hba": hba,
            },
            "tags": {"nofailover": False, "noloadbalance": False},
        }

    def _start_patroni(self, n):
        self._mkdir(n.dir)
        cfg = os.path.join(n.dir, "patroni.yml")
        with open(cfg, "w") as f:
            json.dump(self._patroni_config(n), f, indent=1)
        n.proc = self._spawn(["patroni", cfg], n.name + "-patroni.out")

    def restart_node(self, n):
        """Starts a node's Patroni again after kill_primary(node=True):
        it rejoins as a replica (pg_rewind if its timeline diverged)."""
        n.proc = self._spawn(["patroni", os.path.join(n.dir, "patroni.yml")],
                             n.name + "-patroni.out")

    # -- look ------------------------------------------------------------

    def api(self, n, path, timeout=1.0):
        """GET path on n's Patroni REST API: (status, parsed JSON or None);
        (None, None) when n does not answer."""
        url = "http://127.0.0.1:%d%s" % (n.api_port, path)
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            try:
                return e.code, json.load(e)
            except ValueError:
                return e.code, None
        except (OSError, ValueError):
            return None, None

    def members(self):
        """GET /cluster's member list from the first node that answers."""
        for n in self.nodes:
            st, body = self.api(n, "/cluster")
            if st == 200 and body:
                return body.get("members", [])
        return []

    def node(self, name):
        return next(n for n in self.nodes if n.name == name)

    def primary(self):
        """The node whose Patroni answers 200 to GET /primary (leader
        lock held and postgres running read-write), else None."""
        for n in self.nodes:
            if self.api(n, "/primary")[0] == 200:
                return n
        return None

    def sync_standby(self):
        for m in self.members():
            if m.get("role") == "sync_standby" and \
                    m.get("state") in ("running", "streaming"):
                return self.node(m["name"])
        return None

    def _writable(self, n):
        """Whether n's postgres itself takes writes now. Patroni's REST
        answers lag up to a loop_wait: right after a kill the old primary
        still answers 200 to GET /primary."""
        return self.query(n, "SELECT pg_is_in_recovery()") == "f"

    def wait_healthy(self, timeout=90):
        """Waits for a leader that takes writes and a sync standby that
        streams, as Patroni and the primary's pg_stat_replication both
        say."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            p, s = self.primary(), self.sync_standby()
            if p is not None and s is not None and self._writable(p) and \
                    self.query(p, "SELECT application_name FROM "
                               "pg_stat_replication WHERE sync_state = "
                               "'sync' AND state = 'streaming'") == s.name:
                return
            time.sleep(0.2)
        raise RuntimeError("no leader with a sync standby after %ds: %s" %
                           (timeout, json.dumps(self.members())))

    def wait_for_new_primary(self, timeout=60):
        """Waits until some node is primary again (the old one restarted
        by Patroni or the standby promoted); returns it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            p = self.primary()
            if p is not None and self._writable(p):
                return p
            time.sleep(0.1)
        raise RuntimeError("no primary after %ds" % timeout)

    def conninfo(self, dbname=DBNAME):
        """A libpq string naming every node; libpq keeps the read-write
        one, as aicert's --db does in production."""
        return ("host=%s port=%s dbname=%s user=%s "
                "target_session_attrs=read-write connect_timeout=2" % (
                    ",".join("127.0.0.1" for _ in self.nodes),
                    ",".join(str(n.pg_port) for n in self.nodes),
                    dbname, DBUSER))

    def psql(self, n, dbname, sql):
        """Runs sql on node n with psql; returns its unaligned output."""
        r = subprocess.run(
            ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
             "-p", str(n.pg_port), "-U", DBUSER, "-d", dbname, "-c", sql],
            capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError("psql on %s: %s" % (n.name, r.stderr.strip()))
        return r.stdout

    def query(self, n, sql, dbname="postgres"):
        """Like psql() but for probing: the output stripped, or None when
        n does not answer within 2 s or the query fails."""
        try:
            r = subprocess.run(
                ["psql", "-X", "-At", "-d", "host=127.0.0.1 port=%d dbname=%s "
                 "user=%s connect_timeout=2" % (n.pg_port, dbname, DBUSER),
                 "-c", sql], capture_output=True, text=True, timeout=5)
        except subprocess.TimeoutExpired:
            return None
        return r.stdout.strip() if r.returncode == 0 else None

    def rejoin_how(self, n):
        """How n came back after losing the lock, from its Patroni log:
        whether pg_rewind ran and what it returned."""
        try:
            with open(os.path.join(n.dir, "patroni.log"),
                      errors="replace") as f:
                lines = [ln for ln in f if "pg_rewind" in ln]
        except OSError:
            return "no log"
        for ln in reversed(lines):
            if "exit code=" in ln:
                return "pg_rewind, exit code " + ln.rsplit("=", 1)[1].strip()
        return "without pg_rewind (its timeline had not diverged)"

    # -- break -----------------------------------------------------------

    def kill_primary(self, node=False):
        """kill -9 the leader's postmaster (Patroni, still holding the
        leader lock, starts it again); with node=True its Patroni too, as
        when the machine dies: the lock expires and the sync standby is
        promoted. Returns (the node, time.monotonic() of the kill)."""
        p = self.primary()
        if p is None:
            raise RuntimeError("no primary to kill")
        pid = p.postmaster_pid()
        if node:
            p.proc.send_signal(signal.SIGKILL)
        t = time.monotonic()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
        if node:
            p.proc.wait()
        return p, t

    def cut_standby_link(self, how="walreceiver"):
        """Breaks the sync standby's stream with kill -9: how="walreceiver"
        kills its walreceiver (the startup process starts a new one at
        once: a cut of some 100 ms); how="postgres" its postmaster (down
        until its Patroni starts it again, a loop_wait or two, and Patroni
        drops it from synchronous_standby_names meanwhile, as
        synchronous_mode_strict is off). Returns the pid killed or None."""
        s = self.sync_standby()
        pm = s.postmaster_pid() if s else None
        if pm is None:
            return None
        if how == "postgres":
            os.kill(pm, signal.SIGKILL)
            return pm
        for pid in children(pm):
            if "walreceiver" in cmdline(pid):
                os.kill(pid, signal.SIGKILL)
                return pid
        return None

    # -- stop ------------------------------------------------------------

    def dump_logs(self, lines=30):
        if not self.base or not os.path.isdir(self.base):
            return
        for name in sorted(os.listdir(self.base)):
            p = os.path.join(self.base, name)
            if name.endswith((".log", ".out")) and os.path.isfile(p):
                with open(p, errors="replace") as f:
                    tail = f.readlines()[-lines:]
                sys.stderr.write("--- %s\n%s" % (name, "".join(tail)))

    def stop_all(self):
        """Stops Patroni (which stops postgres), etcd, and then kills
        anything still running from the folder; removes the folder."""
        if self._stopped:
            return
        self._stopped = True
        # A second Ctrl-C or SIGTERM must not cut the cleanup short
        # (this runs in the main thread, where signal() works)
        old = [(sig, signal.signal(sig, signal.SIG_IGN))
               for sig in (signal.SIGINT, signal.SIGTERM)]
        try:
            self._stop_all()
        finally:
            for sig, h in old:
                signal.signal(sig, h)

    @staticmethod
    def _term(procs, timeout):
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for p in procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass

    def _stop_all(self):
        # Patroni first: it releases its lock in etcd as it stops
        self._term([n.proc for n in self.nodes if n.proc], 20)
        self._term([self.etcd] if self.etcd else [], 5)
        # Postgres is not in Patroni's process group: a postmaster whose
        # Patroni was killed, or one that outlived a slow stop, is found
        # by its folder in its command line.
        if self.base:
            for _ in range(50):
                left = [int(d) for d in os.listdir("/proc") if d.isdigit()
                        and self.base in cmdline(int(d))]
                if not left:
                    break
                for pid in left:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                time.sleep(0.1)
            if os.environ.get("HA_KEEP"):
                log("kept %s (HA_KEEP)" % self.base)
            else:
                shutil.rmtree(self.base, ignore_errors=True)


# -- the selftest ----------------------------------------------------------

class Writer:
    """Runs pgload and collects what it says."""

    def __init__(self, binary, conninfo):
        self.acked = {}           # n -> ms of its ACK
        self.failed = 0
        self.fails = []           # ms of each FAIL
        self.conns = []           # ms of each (re)connect
        self.last_fail = ""
        self.lock = threading.Lock()
        # 2 ms between inserts (some 300 commits a second here): enough
        # to time a failover to a few ms, and CPU left for the cluster
        self.proc = subprocess.Popen([binary, conninfo, "2000"],
                                     stdout=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            f = line.split(" ", 3)
            with self.lock:
                if f[0] == "ACK":
                    self.acked[int(f[1])] = int(f[2]) / 1000.0
                elif f[0] == "FAIL":
                    self.failed += 1
                    self.fails.append(int(f[2]) / 1000.0)
                    self.last_fail = f[3].strip() if len(f) > 3 else ""
                elif f[0] == "CONN":
                    self.conns.append(int(f[1]) / 1000.0)

    def first_ack_after(self, t):
        with self.lock:
            later = [a for a in self.acked.values() if a > t]
        return min(later) if later else None

    def wait_ack_after(self, t, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            a = self.first_ack_after(t)
            if a is not None:
                return a
            time.sleep(0.02)
        return None

    def wait_recovered(self, t, timeout):
        """After a kill at t: the first commit acked after the writer's
        first failure since t, or None. Not simply the first ack after t:
        a backend outlives its killed postmaster by some milliseconds,
        and a commit it acks then tells nothing about the failover."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                # pgload's ms are truncated: a failure at t reads up to
                # 1 ms before it
                f = [x for x in self.fails if x >= t - 0.001]
            if f:
                return self.wait_ack_after(min(f),
                                           deadline - time.monotonic())
            time.sleep(0.02)
        return None

    def max_gap(self, t1, t2):
        """The longest time without a commit between t1 and t2."""
        with self.lock:
            ts = sorted(a for a in self.acked.values() if t1 <= a <= t2)
        ts = [t1] + ts + [t2]
        return max(b - a for a, b in zip(ts, ts[1:]))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.thread.join(5)


def check_rows(c, w, n=None):
    """Every acknowledged row on node n (the primary if None) exactly
    once: (ok, why). The acks are taken before the query: the writer runs
    on, and a row acked after the query started need not be in it."""
    with w.lock:
        acked = set(w.acked)
    p = n or c.wait_for_new_primary()
    out = c.psql(p, DBNAME, "SELECT n, count(*) FROM ha_rows GROUP BY n")
    count = {}
    for line in out.split():
        n, k = line.split("|")
        count[int(n)] = int(k)
    missing = [n for n in acked if n not in count]
    twice = [n for n, k in count.items() if k > 1]
    if missing or twice:
        return False, "%d acked rows missing (%s), %d rows twice (%s)" % (
            len(missing), sorted(missing)[:5], len(twice), sorted(twice)[:5])
    return True, "%d acked rows all present once (%d rows in table)" % (
        len(acked), len(count))


def check_standby(c, w, timeout=20):
    """The sync standby holds every acked row too, once it has replayed
    what it received (a hot standby answers reads)."""
    c.wait_healthy(60)
    deadline = time.monotonic() + timeout
    while True:
        ok, why = check_rows(c, w, c.sync_standby())
        if ok or time.monotonic() > deadline:
            return ok, why
        time.sleep(0.5)


def build_pgload(dest):
    inc = subprocess.run(["pg_config", "--includedir"], capture_output=True,
                         text=True, check=True).stdout.strip()
    subprocess.run(["cc", "-std=c11", "-D_GNU_SOURCE", "-O2", "-I" + inc,
                    "-o", dest, os.path.join(HERE, "pgload.c"), "-lpq"],
                   check=True)


def selftest(rounds, pgload):
    """Kills the primary `rounds` times under a writer load. Round kinds
    cycle: the primary's postmaster; the standby's postmaster and 3 s
    later the primary's; the primary's whole node (Patroni too), so the
    sync standby takes over; the standby's walreceiver and 3 s later the
    primary's postmaster. Returns the number of failed rounds."""
    passed = failed = 0
    t_start = time.monotonic()
    with Cluster() as c:
        log("cluster up in %.1fs: primary %s, sync standby %s; %s" % (
            time.monotonic() - t_start, c.primary().name,
            c.sync_standby().name, c.conninfo()))
        c.psql(c.primary(), DBNAME,
               "CREATE TABLE ha_rows (id bigserial PRIMARY KEY, "
               "n bigint NOT NULL, at timestamptz DEFAULT now())")
        if not pgload:
            pgload = os.path.join(c.base, "pgload")
            build_pgload(pgload)
        w = Writer(pgload, c.conninfo())
        try:
            if w.wait_ack_after(0, 20) is None:
                raise RuntimeError("the writer got no row in: " + w.last_fail)
            for r in range(1, rounds + 1):
                kind = KINDS[(r - 1) % len(KINDS)]
                ok = run_round(c, w, r, kind)
                passed += ok
                failed += not ok
        finally:
            w.stop()
        ok, why = check_rows(c, w)
        log("final, primary: %s; %d inserts failed or unknown" % (
            why, w.failed))
        if not ok:
            failed += 1
        ok, why = check_standby(c, w)
        log("final, sync standby: %s" % why)
        if not ok:
            failed += 1
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return failed


KINDS = ("postmaster", "standby-postgres+postmaster", "node",
         "walreceiver+postmaster")


def run_round(c, w, r, kind):
    t0 = time.monotonic()
    try:
        c.wait_healthy(90)
        time.sleep(2)                       # load on a healthy cluster
        old = c.primary()
        note = ""
        if "+" in kind:
            how = kind.split("+")[0].split("-")[-1]
            cut_at = time.monotonic()
            pid = c.cut_standby_link(how)
            if pid is None:
                raise RuntimeError("no standby %s to kill" % how)
            time.sleep(3)
            note = "standby's %s killed, longest commit stall in the 3s " \
                "after: %.3fs; " % (how, w.max_gap(cut_at, time.monotonic()))
        victim, t_kill = c.kill_primary(node=(kind == "node"))
        ack = w.wait_recovered(t_kill, 90)
        if ack is None:
            raise RuntimeError("no failure and commit within 90s of the "
                               "kill: " + w.last_fail)
        new = c.wait_for_new_primary()
        if kind == "node":
            c.restart_node(victim)
        c.wait_healthy(120)
        if kind == "node":
            note += "%s rejoined: %s; " % (victim.name, c.rejoin_how(victim))
        ok, why = check_rows(c, w)
        log("round %d (%s): primary %s -> %s, failover %.3fs (kill to "
            "first commit), round %.1fs; %s%s" % (
                r, kind, old.name, new.name, ack - t_kill,
                time.monotonic() - t0, note, why))
        return ok
    except Exception as e:
        log("round %d (%s) FAILED after %.1fs: %s" % (
            r, kind, time.monotonic() - t0, e))
        c.dump_logs(15)
        return False


def main():
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--selftest", type=int, metavar="ROUNDS", required=True)
    ap.add_argument("--pgload", help="a built tests/ha/pgload "
                    "(else it is compiled into the temporary folder)")
    a = ap.parse_args()
    # SIGTERM unwinds like Ctrl-C, so the cluster is stopped and removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # also when started in the background, where SIGINT comes ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        sys.exit(1 if selftest(a.selftest, a.pgload) else 0)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()

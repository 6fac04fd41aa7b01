#!/usr/bin/env python3
"""hatest.py - aicert on a PostgreSQL cluster that loses machines.

On the loopback (tests/ha/cluster.py): one etcd, two PostgreSQL 15 under
Patroni with synchronous replication, two aicert nodes on the same
store. Learners save answers through whichever node answers (as nginx
would send them on); meanwhile, round after round, the harness

  - kills -9 the primary PostgreSQL and its Patroni (the machine dies:
    the lock expires, the sync standby is promoted, the old primary comes
    back as a standby),
  - kills -9 an aicert node (its learners go to the other; it restarts),
  - kills -9 the sync standby's link (its walreceiver).

At the end every acknowledged save must be stored exactly once (its seq
and answer, or a later one the learner sent), the running attempts'
deadlines must have moved by the outages, and the failover times
(from the kill to the first save acknowledged after it) are printed.

    python3 tests/ha/hatest.py [--rounds N] [--learners N]

Prints `N passed, N failed` last; exit 1 on a failure. Only the standard
library; AICERT_BIN names the binary (default ./build/aicert).
"""
import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import Cluster  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.abspath(os.environ.get("AICERT_BIN", os.path.join(ROOT, "build", "aicert")))
EXAM = "ai-literacy-cert"
PASSWORD = "ha-learner-pw-1"

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what, flush=True)
    else:
        failed += 1
        print("FAIL " + what, flush=True)


def log(msg):
    print("hatest: " + msg, flush=True)


class Node:
    """One aicert server on the cluster's store."""

    def __init__(self, name, db, env, base):
        self.name, self.db, self.env, self.base = name, db, env, base
        self.proc = None
        self.port = None

    def start(self):
        out = open(os.path.join(self.base, self.name + ".log"), "ab")
        self.proc = subprocess.Popen(
            [BIN, "--db", self.db, "--share", ROOT, "serve", "--listen", "127.0.0.1:0",
             "--access-log", "off", "--per-ip-limit", "100000", "--threads", "8"],
            stdout=subprocess.PIPE, stderr=out, env=self.env, cwd=self.base)
        out.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline().decode(errors="replace")
            if not line:
                break
            if "listening on http://127.0.0.1:" in line:
                self.port = int(line.rsplit(":", 1)[1])
                threading.Thread(target=self._drain, daemon=True).start()
                return
        raise RuntimeError("%s did not start (see %s.log)" % (self.name, self.name))

    def _drain(self):
        for _ in self.proc.stdout:
            pass

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.port = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def call(port, method, path, body=None, tok=None, timeout=60):
    """One request: (status, parsed JSON or None); (0, None) if no answer."""
    if port is None:
        return 0, None
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        h = {"Content-Type": "application/json"}
        if tok:
            h["Authorization"] = "Bearer " + tok
        c.request(method, path, body=json.dumps(body) if body is not None else None,
                  headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        try:
            return r.status, json.loads(data) if data else None
        except ValueError:
            return r.status, None
    except (OSError, http.client.HTTPException):
        return 0, None


class Learner(threading.Thread):
    """Saves answers with rising seqs, moving to the other node when one
    does not answer, and sending the same save again until it is
    acknowledged (a save is idempotent in its seq and answer)."""

    def __init__(self, n, nodes, tok, attempt):
        super().__init__(daemon=True)
        self.n, self.nodes, self.tok, self.att = n, nodes, tok, attempt
        self.items = [it for it in attempt["items"] if it.get("choices")]
        self.acked = {}      # item -> (seq, choice): the last acknowledged
        self.sent = {}       # item -> (seq, choice): the last sent
        self.ack_times = []  # monotonic time of every acknowledgement
        self.stop = False
        self.errors = 0
        self.lock = threading.Lock()

    def run(self):
        seq = 0
        node = self.n % len(self.nodes)
        while not self.stop:
            it = self.items[seq % len(self.items)]
            seq += 1
            choice = random.choice(it["choices"])["id"]
            path = "/api/v1/attempts/%s/responses/%s" % (self.att["id"], it["id"])
            body = {"response": {"choice": choice}, "seq": seq}
            self.sent[it["id"]] = (seq, choice)
            while True:
                st, j = call(self.nodes[node].port, "PUT", path, body, self.tok)
                if st == 200 and j and j.get("saved") is True:
                    with self.lock:
                        self.acked[it["id"]] = (seq, choice)
                        self.ack_times.append(time.monotonic())
                    break
                if st == 200:   # saved false: a newer seq is stored - impossible here
                    self.errors += 1
                    break
                if self.stop:
                    break
                # no answer or a 5xx: the node or the store is down; try the other
                node = (node + 1) % len(self.nodes)
                time.sleep(0.2)
            time.sleep(0.05)


def first_ack_after(learners, t):
    best = None
    for l in learners:
        with l.lock:
            for a in l.ack_times:
                if a > t and (best is None or a < best):
                    best = a
    return best


def wait_ack_after(learners, t, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        a = first_ack_after(learners, t)
        if a is not None:
            return a
        time.sleep(0.05)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=4,
                    help="rounds of (primary dies, aicert node dies, standby link cut)")
    ap.add_argument("--learners", type=int, default=12)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        print("hatest: no %s (make aicert)" % BIN)
        return 2
    with Cluster() as c:
        base = os.path.join(c.base, "aicert")
        os.makedirs(base, mode=0o700)
        db = c.conninfo() + " keepalives_idle=5 keepalives_interval=2 keepalives_count=2"
        env = dict(os.environ, AICERT_KEY=os.path.join(base, "aicert.key"))
        r = subprocess.run([BIN, "--db", db, "--share", ROOT, "init"], env=env, cwd=base,
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, "aicert init on the cluster: %s" % r.stderr.strip()[-300:])
        for i in range(args.learners):
            r = subprocess.run([BIN, "--db", db, "user", "add", "--login", "ha%d" % i,
                                "--name", "HA Learner %d" % i, "--role", "learner"],
                               input=PASSWORD + "\n", env=env, cwd=base,
                               capture_output=True, text=True, timeout=60)
            if r.returncode != 0:
                check(False, "learner ha%d added: %s" % (i, r.stderr.strip()))
        nodes = [Node("node1", db, env, base), Node("node2", db, env, base)]
        for n in nodes:
            n.start()
        check(all(n.port for n in nodes), "two aicert nodes serve one store")
        learners = []
        for i in range(args.learners):
            node = nodes[i % 2]
            st, j = call(node.port, "POST", "/api/v1/session",
                         {"login": "ha%d" % i, "password": PASSWORD})
            tok = j.get("token") if st == 200 and j else None
            st, att = call(node.port, "POST", "/api/v1/exams/%s/attempts" % EXAM,
                           {"lang": "en"}, tok)
            if st not in (200, 201) or not att:
                check(False, "learner ha%d starts the exam (%d)" % (i, st))
                continue
            learners.append(Learner(i, nodes, tok, att))
        check(len(learners) == args.learners,
              "%d learners signed in across both nodes and started %s" % (len(learners), EXAM))
        # a session made on one node is known to the other
        st, _ = call(nodes[1].port, "GET", "/api/v1/attempts/%s" % learners[0].att["id"],
                     tok=learners[0].tok)
        check(st == 200, "a session made on node1 works on node2 (%d)" % st)
        start_deadline = {}
        for l in learners:
            start_deadline[l.att["id"]] = l.att["deadline"]
            l.start()
        time.sleep(3)

        failovers = []      # (what, seconds from the kill to the next acknowledged save)
        for rnd in range(args.rounds):
            # the primary's machine dies: Patroni promotes the sync standby
            p, t = c.kill_primary(node=True)
            log("round %d: primary %s killed" % (rnd + 1, p.name))
            a = wait_ack_after(learners, t)
            failovers.append(("primary", (a - t) if a else None))
            c.wait_for_new_primary()
            c.restart_node(p)           # the old primary rejoins as a standby
            c.wait_healthy()
            time.sleep(2)
            # an aicert node dies; its learners move; it comes back
            victim = nodes[rnd % 2]
            t = time.monotonic()
            victim.kill()
            log("round %d: %s killed" % (rnd + 1, victim.name))
            a = wait_ack_after(learners, t)
            failovers.append(("aicert node", (a - t) if a else None))
            victim.start()
            time.sleep(2)
            # the standby's link is cut
            t = time.monotonic()
            c.cut_standby_link()
            a = wait_ack_after(learners, t)
            failovers.append(("standby link", (a - t) if a else None))
            time.sleep(2)
        for l in learners:
            l.stop = True
        for l in learners:
            l.join(timeout=180)
        check(all(not l.is_alive() for l in learners), "every learner's last save ended")

        # What the store holds against what was acknowledged.
        lost = dup = stale = total = 0
        rows = {}
        out = c.psql(c.primary(), "aicert",
                     "SELECT a.public_id, ai.item_id, r.seq, r.response, "
                     "count(*) OVER (PARTITION BY r.attempt_id, r.position) "
                     "FROM responses r JOIN attempts a ON a.id = r.attempt_id "
                     "JOIN attempt_items ai ON ai.attempt_id = r.attempt_id "
                     "AND ai.position = r.position")
        for line in out.splitlines():
            pid, item, seq, resp, n = line.split("|")
            rows[(pid, item)] = (int(seq), json.loads(resp).get("choice"), int(n))
        for l in learners:
            for item, (seq, choice) in l.acked.items():
                total += 1
                got = rows.get((l.att["id"], item))
                if got is None or got[0] < seq:
                    lost += 1
                    continue
                if got[2] != 1:
                    dup += 1
                want = (seq, choice) if got[0] == seq else l.sent.get(item)
                if want is None or got[0] != want[0] or got[1] != want[1]:
                    stale += 1
        check(total > 0, "%d acknowledged saves to look for" % total)
        check(lost == 0, "acknowledged saves lost: %d" % lost)
        check(dup == 0 and stale == 0,
              "saves stored twice: %d; stored with another answer than sent: %d" % (dup, stale))
        check(sum(l.errors for l in learners) == 0,
              "no save answered stale (a retry of a save already made counts as saved)")

        # Deadlines moved by the outages (the leading node's beat credits them).
        moved = []
        for l in learners:
            st, j = call(nodes[0].port or nodes[1].port, "GET",
                         "/api/v1/attempts/%s" % l.att["id"], tok=l.tok)
            if st == 200 and j:
                moved.append(j["deadline"] - start_deadline[l.att["id"]])
        down = [s for w, s in failovers if w == "primary" and s]
        check(len(moved) == len(learners) and min(moved) > 0,
              "every running attempt's deadline moved by the outages: %s s "
              "(primary failovers took %s s)" % (
                  sorted(set(moved)), [round(s, 1) for s in down]))
        n_fail = sum(1 for w, s in failovers if w == "primary")
        check(all(s is not None for w, s in failovers),
              "saves were acknowledged again after every one of %d events" % len(failovers))
        for what in ("primary", "aicert node", "standby link"):
            ts = [s for w, s in failovers if w == what and s is not None]
            if ts:
                log("%s: %d events, kill to next acknowledged save: min %.1f s, "
                    "median %.1f s, max %.1f s" % (what, len(ts), min(ts),
                                                     sorted(ts)[len(ts) // 2], max(ts)))
        log("%d primary failovers, %d acknowledged saves checked" % (n_fail, total))
        for n in nodes:
            n.stop()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

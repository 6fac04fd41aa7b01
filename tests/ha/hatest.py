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
import datetime
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
        # single-answer multiple choice: {"choice": id} (a true/false item
        # takes {"value": bool}, a multiple-answer one {"choices": [...]})
        self.items = [it for it in attempt["items"]
                      if it.get("type") == "multichoice" and not it.get("multiple")
                      and it.get("choices")]
        self.acked = {}      # item -> (seq, choice): the last acknowledged
        self.sent = {}       # item -> (seq, choice): the last sent
        self.ack_times = []  # monotonic time of every acknowledgement
        self.fail_times = []  # and of every save that found no node or store
        self.stop = False
        self.errors = 0
        self.refused = []
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
                if st == 200 or 400 <= st < 500:
                    # saved false (a newer seq stored: impossible here) or
                    # refused: a fault of the test or the server, counted
                    self.errors += 1
                    self.refused.append((st, j))
                    break
                if self.stop:
                    break
                # no answer or a 5xx: the node or the store is down; try the other
                with self.lock:
                    self.fail_times.append(time.monotonic())
                node = (node + 1) % len(self.nodes)
                time.sleep(0.2)
            time.sleep(0.05)


def when(iso):
    """Seconds since 1970 of the API's time ("2026-12-04T05:43:00Z")."""
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def first_after(learners, t, what="ack_times"):
    best = None
    for l in learners:
        with l.lock:
            for a in getattr(l, what):
                if a > t and (best is None or a < best):
                    best = a
    return best


def first_ack_after(learners, t):
    return first_after(learners, t)


def wait_ack_after(learners, t, timeout=120):
    """The failover after a kill at t: (seconds from the first save that
    failed after t to the first acknowledged after that, 0 if none failed;
    seconds from t to that acknowledgement), or None if none came."""
    deadline = time.monotonic() + timeout
    time.sleep(1)   # let the kill be noticed
    while time.monotonic() < deadline:
        f = first_after(learners, t, "fail_times")
        a = first_ack_after(learners, f if f is not None else t)
        if a is not None:
            return ((a - f) if f is not None else 0.0, a - t)
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
        nodes = []
        try:
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
            nodes.extend([Node("node1", db, env, base), Node("node2", db, env, base)])
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
                failovers.append(("primary", wait_ack_after(learners, t)))
                c.wait_for_new_primary()
                c.restart_node(p)           # the old primary rejoins as a standby
                c.wait_healthy()
                time.sleep(2)
                # an aicert node dies; its learners move; it comes back
                victim = nodes[rnd % 2]
                t = time.monotonic()
                victim.kill()
                log("round %d: %s killed" % (rnd + 1, victim.name))
                failovers.append(("aicert node", wait_ack_after(learners, t)))
                victim.start()
                time.sleep(2)
                # the standby's link is cut
                t = time.monotonic()
                c.cut_standby_link()
                failovers.append(("standby link", wait_ack_after(learners, t)))
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
                         "SELECT a.public_id, 'i' || (r.position + 1), r.seq, r.response, "
                         "count(*) OVER (PARTITION BY r.attempt_id, r.position) "
                         "FROM responses r JOIN attempts a ON a.id = r.attempt_id")
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
            refused = [r for l in learners for r in l.refused]
            check(not refused, "no save refused or answered stale (a retry of a save already "
                  "made counts as saved): %s" % refused[:3])

            # Deadlines moved by the outages (the leading node's beat credits them).
            moved = []
            for l in learners:
                st, j = call(nodes[0].port or nodes[1].port, "GET",
                             "/api/v1/attempts/%s" % l.att["id"], tok=l.tok)
                if st == 200 and j:
                    moved.append(round(when(j["deadline"]) - when(start_deadline[l.att["id"]])))
            check(len(moved) == len(learners) and min(moved) > 0,
                  "every running attempt's deadline moved by the outages: %s s "
                  "(learners' pauses after the primaries died: %s s)" % (
                      sorted(set(moved)), [round(s[1], 1) for w, s in failovers
                                           if w == "primary" and s]))
            n_fail = sum(1 for w, s in failovers if w == "primary")
            check(all(s is not None for w, s in failovers),
                  "saves were acknowledged again after every one of %d events" % len(failovers))
            for what in ("primary", "aicert node", "standby link"):
                ev = [s for w, s in failovers if w == what and s is not None]
                if ev:
                    ts = sorted(s[0] for s in ev)
                    ks = sorted(s[1] for s in ev)
                    log("%s: %d events; learners' pause (the kill to the next "
                        "acknowledged save): median %.1f s, max %.1f s; after a save "
                        "that failed outright (no node answered): max %.1f s" % (
                            what, len(ev), ks[len(ks) // 2], ks[-1], ts[-1]))
            # aicert's side: from the writer finding its connection broken to
            # its batch running again on the new primary (the nodes' logs)
            back = []
            for n in nodes:
                try:
                    with open(os.path.join(base, n.name + ".log"), errors="replace") as f:
                        for ln in f:
                            if "the database connection is back after" in ln:
                                back.append(int(ln.split("after ")[1].split(" ms")[0]))
                except OSError:
                    pass
            if back:
                back.sort()
                log("aicert writers: %d reconnections, detection to the batch running again: "
                    "median %d ms, max %d ms" % (len(back), back[len(back) // 2], back[-1]))
            acks = sum(len(l.ack_times) for l in learners)
            log("saves that failed outright and were sent again: %d (a node that "
                "lost its database holds the request until the new primary takes it)"
                % sum(len(l.fail_times) for l in learners))
            log("%d primary failovers; %d saves acknowledged in all, the last of each of "
                "%d answers checked in the store" % (n_fail, acks, total))
        finally:
            for n in nodes:    # also after a failure: no node left running
                n.stop()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

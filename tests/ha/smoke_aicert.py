#!/usr/bin/env python3
"""smoke_aicert.py - aicert on the loopback HA cluster (cluster.py), a
first look before a real `make hatest`: init and serve on the multi-host
connection string, GET /healthz every 50 ms, kill the primary's
postmaster, then its whole node, and print how long /healthz was not
200 "ok" each time. It checks no acknowledged write: that is hatest's job.

    python3 tests/ha/smoke_aicert.py ./aicert
"""
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import Cluster, free_port, log  # noqa: E402

SHARE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


class Prober(threading.Thread):
    """GET url every 50 ms, 2 s timeout; keeps (time, status, body)."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.seen, self.done = url, [], False

    def run(self):
        while not self.done:
            t = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    st, body = r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                st, body = e.code, e.read().decode()
            except OSError as e:
                st, body = None, str(e)
            self.seen.append((t, st, body))
            time.sleep(0.05)

    def outage(self, t0, t1):
        bad = [p for p in self.seen if t0 <= p[0] <= t1 and
               (p[1] != 200 or '"status":"ok"' not in p[2])]
        if not bad:
            return "always ok"
        good = [p for p in self.seen if p[0] > bad[-1][0]]
        end = good[0][0] if good else t1
        return "not ok from +%.2fs to +%.2fs (%d probes; first: %s %s)" % (
            bad[0][0] - t0, end - t0, len(bad), bad[0][1], bad[0][2][:80])


def main():
    aicert = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "aicert")
    tmp = tempfile.mkdtemp(prefix="aicert-ha-smoke-")
    env = dict(os.environ, AICERT_KEY=os.path.join(tmp, "aicert.key"),
               AICERT_ADMIN_PASSWORD="smoke-admin-password-1")
    with Cluster() as c:
        db = ["--db", c.conninfo(), "--share", SHARE]
        t = time.monotonic()
        subprocess.run([aicert] + db + ["init"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        log("aicert init on the cluster: %.1fs" % (time.monotonic() - t))
        port = free_port()
        with open(os.path.join(tmp, "serve.log"), "w") as out:
            srv = subprocess.Popen([aicert] + db + [
                "serve", "--listen", "127.0.0.1:%d" % port], env=env,
                stdout=out, stderr=subprocess.STDOUT)
        p = Prober("http://127.0.0.1:%d/healthz" % port)
        try:
            time.sleep(2)
            p.start()
            time.sleep(2)
            for kind in ("postmaster", "node"):
                victim, t_kill = c.kill_primary(node=(kind == "node"))
                new = c.wait_for_new_primary()
                t_new = time.monotonic() - t_kill
                if kind == "node":
                    c.restart_node(victim)
                c.wait_healthy(120)
                time.sleep(3)
                log("%s kill: %s -> %s seen at +%.2fs; /healthz %s" % (
                    kind, victim.name, new.name, t_new,
                    p.outage(t_kill, time.monotonic())))
        finally:
            p.done = True
            srv.send_signal(signal.SIGTERM)
            srv.wait(10)
            subprocess.run(["tail", "-3", os.path.join(tmp, "serve.log")])
            subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()

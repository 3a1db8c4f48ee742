#!/usr/bin/python3
"""A real Prometheus scrapes hubd's metrics.

Starts hubd with its metrics port on loopback, and Debian's prometheus with
a one-second scrape interval on loopback in a temporary directory; loads
the catalog and submits three finance submissions with hubctl; then asks
Prometheus's HTTP API until the submission counter it scraped moved from
nothing to 3, and checks a few other series it scraped.

    /usr/bin/python3 tests/metrics/prometheus_test.py HUBD HUBCTL CATALOG_DIR

Prints `N passed, M failed` last; exits non-zero on any failure.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

PROMETHEUS = "/usr/bin/prometheus"


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        print("%s %s%s" % ("PASS" if ok else "FAIL", name,
                           (" — " + detail) if detail else ""))
        sys.stdout.flush()
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_file(path, proc, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("process exited with %d" % proc.returncode)
        try:
            with open(path) as f:
                text = f.read().strip()
            if text:
                return int(text)
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    raise RuntimeError("no %s after %d s" % (path, seconds))


def query(port, expr):
    url = "http://127.0.0.1:%d/api/v1/query?%s" % (
        port, urllib.parse.urlencode({"query": expr}))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as r:
        body = json.loads(r.read().decode())
    if body.get("status") != "success":
        raise RuntimeError("query %s: %s" % (expr, body))
    return body["data"]["result"]


def value(port, expr):
    """The value of a single-series query, None when there is no series."""
    try:
        result = query(port, expr)
    except OSError:
        return None
    return float(result[0]["value"][1]) if result else None


def poll(port, expr, want, seconds=30):
    deadline = time.monotonic() + seconds
    got = None
    while time.monotonic() < deadline:
        got = value(port, expr)
        if want(got):
            return got
        time.sleep(0.25)
    return got


def main():
    hubd_bin, hubctl_bin, catalog_dir = sys.argv[1:4]
    res = Results()
    tmp = tempfile.mkdtemp(prefix="hub_prometheus_")
    procs = []
    try:
        hubd_log = open(os.path.join(tmp, "hubd.log"), "w")
        hubd = subprocess.Popen(
            [hubd_bin, "--data_dir=" + os.path.join(tmp, "db"),
             "--listen=127.0.0.1:0", "--port_file=" + os.path.join(tmp, "port"),
             "--insecure_demo_auth", "--metrics_listen=127.0.0.1:0",
             "--metrics_port_file=" + os.path.join(tmp, "mport")],
            stdin=subprocess.DEVNULL, stdout=hubd_log, stderr=hubd_log)
        procs.append(hubd)
        port = wait_for_file(os.path.join(tmp, "port"), hubd)
        mport = wait_for_file(os.path.join(tmp, "mport"), hubd)

        config = os.path.join(tmp, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    "scrape_configs:\n  - job_name: hub\n    static_configs:\n"
                    "      - targets: ['127.0.0.1:%d']\n" % mport)
        prom_log = open(os.path.join(tmp, "prometheus.log"), "w")
        pport = None
        for _ in range(3):  # a port picked free may be taken meanwhile
            pport = free_port()
            prom = subprocess.Popen(
                [PROMETHEUS, "--config.file=" + config,
                 "--storage.tsdb.path=" + os.path.join(tmp, "tsdb"),
                 "--web.listen-address=127.0.0.1:%d" % pport,
                 "--log.level=warn"],
                stdin=subprocess.DEVNULL, stdout=prom_log, stderr=prom_log)
            up = poll(pport, 'up{job="hub"}', lambda v: v == 1, seconds=30)
            if up == 1:
                procs.append(prom)
                break
            prom.kill()
            prom.wait()
        res.check("Prometheus scrapes hubd's metrics port (up == 1)", up == 1,
                  "prometheus on 127.0.0.1:%s, hubd metrics on %d" % (pport, mport))
        if up != 1:
            return finish(res, tmp)

        counter = ('hub_submissions_total{department="finance",'
                   'outcome="accepted"}')
        before = value(pport, counter)
        res.check("before any submission the counter has no samples",
                  before is None, "got %r" % before)

        # hubctl's English (it speaks Chinese by default), as the other
        # suites assert it.
        hubctl = [hubctl_bin, "--lang=en", "--addr=127.0.0.1:%d" % port]
        done = subprocess.run(hubctl + ["--as=reform_office@350400",
                                        "catalog", "load", catalog_dir],
                              capture_output=True, text=True)
        res.check("catalog loaded", done.returncode == 0, done.stdout.strip())
        sub = os.path.join(tmp, "subs.jsonl")
        with open(sub, "w") as f:
            for i in range(3):
                f.write(json.dumps({
                    "submissionId": "fin-prom-%d" % i, "department": "finance",
                    "items": [{"indicatorValue": {
                        "indicatorCode": "resident_insurance_subsidy_per_person",
                        "regionCode": "350424", "period": str(2020 + i),
                        "value": "70%d.00" % i, "unit": "元/人"}}]}) + "\n")
        done = subprocess.run(hubctl + ["--as=finance@350400", "submit", sub],
                              capture_output=True, text=True)
        res.check("three submissions accepted",
                  done.stdout.count(": accepted") == 3, done.stdout.strip())

        after = poll(pport, counter, lambda v: v == 3)
        res.check("Prometheus saw the submission counter move to 3",
                  after == 3, "%s = %r" % (counter, after))
        head = poll(pport, "hub_log_head_sequence", lambda v: v and v >= 7)
        res.check("log head sequence scraped", head is not None and head >= 7,
                  "hub_log_head_sequence = %r" % head)
        rpcs = poll(pport, 'sum(hub_rpc_total{method="/hub.v1.SubmissionService/'
                    'StreamSubmit",code="OK"})', lambda v: v and v >= 1)
        res.check("RPC codes by method scraped", rpcs is not None and rpcs >= 1,
                  "StreamSubmit OK = %r" % rpcs)
        syncs = poll(pport, "hub_rocksdb_wal_syncs_total", lambda v: v and v > 0)
        res.check("RocksDB statistics scraped", syncs is not None and syncs > 0,
                  "hub_rocksdb_wal_syncs_total = %r" % syncs)
        disk = value(pport, "hub_disk_free_bytes")
        res.check("disk free scraped", disk is not None and disk > 0,
                  "hub_disk_free_bytes = %r" % disk)
    except Exception as e:  # reported as a failure
        res.check("test ran to completion", False, repr(e))
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
    return finish(res, tmp)


def finish(res, tmp):
    if res.failed:
        for name in ("hubd.log", "prometheus.log"):
            path = os.path.join(tmp, name)
            if os.path.exists(path):
                print("---- %s (tail)" % name)
                with open(path, errors="replace") as f:
                    sys.stdout.write("".join(f.readlines()[-15:]))
    shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())

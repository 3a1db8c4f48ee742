#!/usr/bin/python3
"""Patroni drill: the database primary's machine is lost, Patroni promotes.

On 127.0.0.1 it starts one etcd member, two PostgreSQL 15 nodes under
Patroni (synchronous_mode, the deployment guide's settings with its ttl and
loop_wait, throwaway data directories) and one hubd on
--store=postgresql://nodeA,nodeB/...?target_session_attrs=read-write. A
client submits continuously, resending each submission id until it is
acknowledged. Then it SIGKILLs the leader's Patroni and PostgreSQL (the
machine is gone), and measures the time from the kill until Patroni has
promoted the other node and until hubd acknowledges the next submission.
Finally every acknowledged id must be in the hub (resending it returns its
first receipt: once, never twice) and the chain must verify.

    /usr/bin/python3 tests/failover/patroni_drill.py HUBD HUBCTL CATALOG_DIR

Takes about ttl (20 s) plus start-up, about 40 s (ctest failover_patroni). Exits 77
when patroni, etcd or PostgreSQL 15 is missing. Never leaves a process
running: everything it starts is killed at exit.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

PG_BIN = "/usr/lib/postgresql/15/bin"
TTL, LOOP_WAIT = 20, 2
procs = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, log, user=None):
    if user and os.getuid() == 0:
        args = ["runuser", "-u", user, "--"] + args
    # From a directory every user can enter: PostgreSQL run as another user
    # fails in a working directory it cannot read (a checkout under mktemp -d).
    p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True,
                         cwd="/")
    procs.append(p)
    return p


def patroni_config(work, name, rest, pg, etcd_port):
    return """scope: drill
namespace: /service/
name: %(name)s
restapi:
  listen: 127.0.0.1:%(rest)d
  connect_address: 127.0.0.1:%(rest)d
etcd3:
  hosts: 127.0.0.1:%(etcd)d
bootstrap:
  dcs:
    ttl: %(ttl)d
    loop_wait: %(loop)d
    retry_timeout: 5
    maximum_lag_on_failover: 0
    synchronous_mode: true
    synchronous_mode_strict: false
    postgresql:
      use_slots: true
      parameters:
        fsync: "off"
        wal_level: replica
        hot_standby: "on"
        max_wal_senders: 5
        max_replication_slots: 5
        wal_retrieve_retry_interval: 100ms
  initdb:
    - encoding: UTF8
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:%(pg)d
  connect_address: 127.0.0.1:%(pg)d
  data_dir: %(work)s/%(name)s
  bin_dir: %(bin)s
  pgpass: %(work)s/pgpass-%(name)s
  authentication:
    superuser: {username: postgres, password: drill}
    replication: {username: replicator, password: drill}
  parameters:
    unix_socket_directories: %(work)s
""" % dict(name=name, rest=rest, pg=pg, etcd=etcd_port, ttl=TTL,
           loop=LOOP_WAIT, work=work, bin=PG_BIN)


def role(rest):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/patroni" % rest,
                                    timeout=1) as r:
            return json.load(r).get("role")
    except Exception:
        return None


def wait(what, cond, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.1)
    raise RuntimeError("timed out waiting for " + what)


def hubctl(hubctl_path, addr, principal, args, timeout=10):
    p = subprocess.run([hubctl_path, "--addr=" + addr, "--as=" + principal]
                       + args, capture_output=True, text=True,
                       timeout=timeout, env=dict(os.environ, HUB_LANG="en"))
    return p.returncode, p.stdout + p.stderr


def main():
    hubd, hubctl_path, catalog = sys.argv[1:4]
    for tool in ("patroni", "etcd", PG_BIN + "/postgres"):
        if shutil.which(tool) is None:
            print("%s is missing: skipped" % tool)
            return 77
    work = tempfile.mkdtemp(prefix="patroni_drill_")
    os.chmod(work, 0o777)
    log = open(os.path.join(work, "drill.log"), "w")
    try:
        etcd_port, peer = free_port(), free_port()
        start(["etcd", "--name=e1", "--data-dir=" + work + "/etcd",
               "--listen-client-urls=http://127.0.0.1:%d" % etcd_port,
               "--advertise-client-urls=http://127.0.0.1:%d" % etcd_port,
               "--listen-peer-urls=http://127.0.0.1:%d" % peer,
               "--initial-advertise-peer-urls=http://127.0.0.1:%d" % peer,
               "--initial-cluster=e1=http://127.0.0.1:%d" % peer], log)
        nodes = {}
        for name in ("pgA", "pgB"):
            rest, pg = free_port(), free_port()
            path = os.path.join(work, name + ".yml")
            with open(path, "w") as f:
                f.write(patroni_config(work, name, rest, pg, etcd_port))
            os.chmod(path, 0o644)
            nodes[name] = dict(rest=rest, pg=pg, config=path)
        t0 = time.monotonic()
        for name, n in nodes.items():
            n["proc"] = start(["patroni", n["config"]], log, user="postgres")
            if name == "pgA":
                wait("pgA to lead", lambda: role(n["rest"]) == "master", 120)
        wait("pgB to replicate",
             lambda: role(nodes["pgB"]["rest"]) == "replica", 120)
        print("patroni: two nodes up in %.1f s" % (time.monotonic() - t0))

        store = ("postgresql://postgres@127.0.0.1:%d,127.0.0.1:%d/postgres?"
                 "target_session_attrs=read-write&connect_timeout=2" %
                 (nodes["pgA"]["pg"], nodes["pgB"]["pg"]))
        port_file = os.path.join(work, "hubd.port")
        start([hubd, "--store=" + store, "--data_dir=" + work + "/hubd",
               "--listen=127.0.0.1:0", "--port_file=" + port_file,
               "--insecure_demo_auth", "--lease=5s"], log)
        wait("hubd", lambda: os.path.exists(port_file) and
             open(port_file).read().strip(), 30)
        addr = "127.0.0.1:" + open(port_file).read().strip()
        rc, out = hubctl(hubctl_path, addr, "reform_office@350400",
                         ["catalog", "load", catalog], timeout=60)
        if rc != 0:
            raise RuntimeError("catalog load: " + out)

        acked, stop = [], threading.Event()

        def client():
            n = 0
            while not stop.is_set():
                sid = "patroni-%d" % n
                body = {"submissionId": sid, "department": "finance",
                        "items": [{"indicatorValue": {
                            "indicatorCode":
                                "resident_insurance_subsidy_per_person",
                            "regionCode": "350424", "period": "2024",
                            "value": "%d.00" % (600 + n % 100),
                            "unit": "元/人"}}]}
                path = os.path.join(work, "sub.json")
                with open(path, "w") as f:
                    json.dump(body, f, ensure_ascii=False)
                try:
                    rc, out = hubctl(hubctl_path, addr, "finance@350400",
                                     ["submit", path])
                except subprocess.TimeoutExpired:
                    rc = 1
                if rc == 0:
                    acked.append((sid, time.monotonic()))
                    n += 1
                else:
                    time.sleep(0.05)

        th = threading.Thread(target=client)
        th.start()
        wait("20 acknowledgements", lambda: len(acked) >= 20, 60)
        kill_at = time.monotonic()
        os.killpg(nodes["pgA"]["proc"].pid, signal.SIGKILL)
        postmaster = open(os.path.join(work, "pgA", "postmaster.pid")).readline()
        os.kill(int(postmaster), signal.SIGKILL)
        before = len(acked)
        wait("pgB to be promoted",
             lambda: role(nodes["pgB"]["rest"]) == "master", TTL * 3)
        promoted = time.monotonic() - kill_at
        wait("an acknowledgement after the promotion",
             lambda: any(t > kill_at + promoted for _, t in acked[before:]),
             60)
        first = min(t for _, t in acked[before:] if t > kill_at) - kill_at
        after = next(t for _, t in acked[before:]
                     if t > kill_at + promoted) - kill_at
        time.sleep(1)
        stop.set()
        th.join()
        # Every acknowledged id is in the hub: resending it returns its
        # first receipt.
        missing = []
        for sid, _ in acked:
            n = int(sid.split("-")[1])
            body = {"submissionId": sid, "department": "finance",
                    "items": [{"indicatorValue": {
                        "indicatorCode": "resident_insurance_subsidy_per_person",
                        "regionCode": "350424", "period": "2024",
                        "value": "%d.00" % (600 + n % 100), "unit": "元/人"}}]}
            path = os.path.join(work, "check.json")
            with open(path, "w") as f:
                json.dump(body, f, ensure_ascii=False)
            rc, out = hubctl(hubctl_path, addr, "finance@350400",
                             ["submit", path])
            if "accepted earlier" not in out:
                missing.append((sid, out.strip()))
        vrc, verify = hubctl(hubctl_path, addr, "auditor@350000",
                             ["log", "verify"], timeout=60)
        print("patroni drill: hubctl log verify: exit %d: %s" %
              (vrc, verify.strip()))
        print("patroni drill: primary's Patroni and PostgreSQL SIGKILLed; "
              "pgB promoted by Patroni %.1f s later; first acknowledgement "
              "after the kill %.1f s, first after the promotion %.1f s; "
              "%d acknowledged, %d of them not found: %s" %
              (promoted, first, after, len(acked), len(missing),
               missing[:3]))
        return 0 if not missing and vrc == 0 else 1
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except Exception:
                pass
            p.wait()
        for d in ("pgA", "pgB"):
            pidfile = os.path.join(work, d, "postmaster.pid")
            if os.path.exists(pidfile):
                try:
                    os.kill(int(open(pidfile).readline()), signal.SIGKILL)
                except Exception:
                    pass
        log.close()
        if os.environ.get("KEEP_DRILL_DIR"):
            print("kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

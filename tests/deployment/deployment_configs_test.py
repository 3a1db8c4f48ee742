#!/usr/bin/python3
"""The deployment guide's configuration files (docs/deployment/) hold.

  * Each Patroni file passes Patroni's own validator (patroni
    --validate-config), with only its listen addresses moved to free ports
    on 127.0.0.1 (the validator binds them); a copy with a broken value
    fails it, so the check can fail.
  * The files agree: the Patroni files name the three etcd members of the
    etcd files, each hubd's --store names both Patroni nodes'
    connect_address with target_session_attrs=read-write, and the unit
    passes the flags hubd has.

    /usr/bin/python3 tests/deployment/deployment_configs_test.py DOCS_DIR HUBD

Exits 77 (ctest: skipped) when Debian's patroni is not installed.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def validate(text):
    """Patroni's validator on text: (exit code, output)."""
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        f.write(text)
    try:
        p = subprocess.run(["patroni", "--validate-config", f.name],
                           capture_output=True, text=True, timeout=60)
        return p.returncode, (p.stdout + p.stderr).strip()
    finally:
        os.unlink(f.name)


def env_file(path):
    out = {}
    for line in open(path):
        m = re.match(r'^([A-Z_]+)="(.*)"$', line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


def main():
    docs, hubd = sys.argv[1], sys.argv[2]
    if shutil.which("patroni") is None:
        print("patroni is not installed (apt-get install patroni): skipped")
        return 77
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    etcd = [env_file(os.path.join(docs, "etcd-m%d.env" % i)) for i in (1, 2, 3)]
    members = {e["ETCD_NAME"]: e["ETCD_ADVERTISE_CLIENT_URLS"] for e in etcd}
    check(len(set(e["ETCD_INITIAL_CLUSTER"] for e in etcd)) == 1,
          "the three etcd members list the same initial cluster")
    for e in etcd:
        peer = "%s=%s" % (e["ETCD_NAME"], e["ETCD_INITIAL_ADVERTISE_PEER_URLS"])
        check(peer in e["ETCD_INITIAL_CLUSTER"].split(","),
              "etcd %s is in the initial cluster as it advertises itself" %
              e["ETCD_NAME"])
    etcd_hosts = sorted(u.replace("http://", "") for u in members.values())

    connect = []
    for i in (1, 2):
        text = open(os.path.join(docs, "patroni-m%d.yml" % i)).read()
        hosts = sorted(re.findall(r"^\s+- (\d+\.\d+\.\d+\.\d+:2379)$", text,
                                  re.M))
        check(hosts == etcd_hosts,
              "patroni-m%d.yml names the three etcd members" % i)
        m = re.search(r"^postgresql:\n(?:  .*\n)*?  connect_address: (\S+)",
                      text, re.M)
        connect.append(m.group(1) if m else "")
        local = re.sub(r"^(  listen: )\S+:(\d+)$",
                       lambda m: "%s127.0.0.1:%d" % (m.group(1), free_port()),
                       text, flags=re.M)
        rc, out = validate(local)
        check(rc == 0 and out == "",
              "patroni --validate-config accepts patroni-m%d.yml%s" %
              (i, "" if rc == 0 else ": " + out))
        rc, out = validate(local.replace("ttl: 20", "ttl: twenty"))
        check(rc != 0 and "ttl" in out,
              "patroni --validate-config refuses a broken copy (%s)" % out)
    check(len(set(connect)) == 2, "the two Patroni nodes have their own "
          "connect_address: %s" % connect)

    unit = open(os.path.join(docs, "hubd.service")).read()
    flags = sorted(set(re.findall(r"--([a-z_]+)=", unit)))
    helped = subprocess.run([hubd, "--helpfull"], capture_output=True,
                            text=True, timeout=30)
    known = set(re.findall(r"--([a-z_]+)", helped.stdout + helped.stderr))
    check(flags and all(f in known for f in flags),
          "hubd knows every flag of hubd.service: %s" %
          [f for f in flags if f not in known])
    for i in (1, 2):
        env = env_file(os.path.join(docs, "hubd-m%d.env" % i))
        store = env.get("HUBD_STORE", "")
        m = re.match(r"postgresql://[^@]+@([^/]+)/(\w+)\?(.*)$", store)
        hosts = m.group(1).split(",") if m else []
        check(sorted(hosts) == sorted(connect),
              "hubd-m%d.env's --store names both Patroni nodes" % i)
        check(m is not None and "target_session_attrs=read-write" in m.group(3),
              "hubd-m%d.env's --store asks for the read-write one" % i)
        check(env.get("HUBD_ADVERTISE", "").startswith("10.0.0.%d:" % i),
              "hubd-m%d.env advertises its own machine" % i)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

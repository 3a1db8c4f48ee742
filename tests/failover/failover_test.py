#!/usr/bin/python3
"""Failover test: the hub on PostgreSQL survives the loss of a machine.

On 127.0.0.1 it starts a PostgreSQL 15 primary with a synchronous streaming
standby (pg_test_cluster, the repository's one PostgreSQL test helper) and
two hubds sharing the database (--store=postgresql://primary,standby/...?
target_session_attrs=read-write), loads the catalog, and keeps client
threads streaming submissions. A client sends each submission id until it
is acknowledged, to whichever hubd it believes active: a standby's refusal
names the active one, and any other failure (a dead hubd, a timeout) sends
it to the other hubd after a pause. Three drills, each while the clients
stream:

  1. SIGKILL the active hubd: the standby takes over (the killed one is
     restarted, as systemd would, and comes back as a standby).
  2. SIGKILL the PostgreSQL primary and promote the standby (pg_ctl
     promote): the active hubd reconnects by itself.
  3. SIGSTOP the active hubd past its lease: the other takes over; SIGCONT:
     the old one's commits are refused by the fencing epoch (its log says
     "fenced") and it steps down.

After each drill the clients stop, and the whole log is read back. Each
submission id falls in one of the Jepsen-style classes: acknowledged and
present (exactly once, at its receipt's sequence), acknowledged and lost,
unacknowledged but present, or unexpected (never sent, or accepted twice).
The test requires zero acknowledged-and-lost and zero unexpected, a chain
that verifies, and a rebuild from the log identical to the live records.
It measures each failover from the kill until the first acknowledgement
that follows it.

    /usr/bin/python3 tests/failover/failover_test.py HUBD PG_TEST_CLUSTER \
        [--report=FILE]

Exits 77 (ctest: skipped) when PostgreSQL 15 is not installed.
"""

import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "interop"))
import grpc  # noqa: E402
from hub_client import pb, load_catalog, subsidy  # noqa: E402

LEASE = "2s"
CLIENTS = 6
RPC_TIMEOUT = 2.0     # seconds; a frozen hubd's calls end in DEADLINE_EXCEEDED
RETRY_PAUSE = 0.05    # before resending elsewhere after a failure
ACKS_BEFORE = 150     # acknowledgements before each drill
ACKS_AFTER = 150      # after the failover, before the checks
OVERALL_LIMIT = 150.0  # seconds; the watchdog ends everything after this
REFORM_OFFICE = "reform_office@350400"
AUDITOR = "auditor@350400"
COUNTIES = ("350404", "350405", "350421", "350423", "350424", "350425",
            "350426", "350428", "350429", "350430", "350481")
ACTIVE_AT = re.compile(r"the active hub is at (\S+) ")


def md(principal):
    return (("x-hub-principal", principal),)


def die_with_parent():
    """In a child: SIGKILL it when this test dies (PR_SET_PDEATHSIG), so no
    hubd outlives a failed or killed run."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


class Channels:
    """One plaintext channel per hubd address, never through a proxy."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stubs = {}

    def submit(self, address):
        with self._lock:
            if address not in self._stubs:
                ch = grpc.insecure_channel(
                    address, options=[("grpc.enable_http_proxy", 0)])
                self._stubs[address] = {
                    name: ch.unary_unary(
                        "/hub.v1.%s" % name,
                        request_serializer=req.SerializeToString,
                        response_deserializer=resp.FromString)
                    for name, req, resp in (
                        ("SubmissionService/Submit", pb.SubmitRequest,
                         pb.SubmitResponse),
                        ("LogService/ListEvents", pb.ListEventsRequest,
                         pb.ListEventsResponse),
                        ("LogService/VerifyChain", pb.VerifyChainRequest,
                         pb.VerifyChainResponse),
                        ("CatalogService/UpdateCatalog",
                         pb.UpdateCatalogRequest, pb.UpdateCatalogResponse),
                        ("AuditService/Rebuild", pb.RebuildRequest,
                         pb.RebuildResponse))}
            return self._stubs[address]


# ---------------------------------------------------------------- processes --

class Cluster:
    """pg_test_cluster serve: a primary and its synchronous standby."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "serve", "--standby=standby1"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        self.info = json.loads(line) if line else {"error": "no output"}

    def command(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if answer != "ok":
            raise RuntimeError("pg_test_cluster %s: %s" % (text, answer))

    def conninfo(self):
        return ("postgresql://postgres@127.0.0.1:%d,127.0.0.1:%d/postgres?"
                "target_session_attrs=read-write&connect_timeout=2" %
                (self.info["primary"]["port"], self.info["standby"]["port"]))

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("stop\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except Exception:
                self.proc.kill()
                self.proc.wait()


class Hubd:
    def __init__(self, binary, workdir, name, store):
        self.binary, self.name, self.store = binary, name, store
        self.workdir = workdir
        self.log_path = os.path.join(workdir, name + ".log")
        self.proc = None
        self.address = None

    def start(self):
        port_file = os.path.join(self.workdir, self.name + ".port")
        if os.path.exists(port_file):
            os.remove(port_file)
        with open(self.log_path, "a") as log:
            log.write("==== start %s\n" % time.strftime("%H:%M:%S"))
            log.flush()
            self.proc = subprocess.Popen(
                [self.binary, "--store=" + self.store,
                 "--data_dir=" + os.path.join(self.workdir, self.name),
                 "--audit_key=" + os.path.join(self.workdir, "audit.pem"),
                 "--listen=127.0.0.1:0", "--port_file=" + port_file,
                 "--insecure_demo_auth", "--lease=" + LEASE],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                preexec_fn=die_with_parent)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %d; see %s" %
                                   (self.name, self.proc.returncode,
                                    self.log_path))
            if os.path.exists(port_file):
                text = open(port_file).read().strip()
                if text:
                    self.address = "127.0.0.1:" + text
                    return self
            time.sleep(0.02)
        raise RuntimeError("%s wrote no port file in 30 s" % self.name)

    def signal(self, sig):
        self.proc.send_signal(sig)

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self):
        return open(self.log_path).read() if os.path.exists(self.log_path) \
            else ""

    def active(self):
        """Whether its log's last sequencer line says active."""
        lines = [l for l in self.log().splitlines()
                 if '"event":"sequencer"' in l]
        return bool(lines) and '"message":"active' in lines[-1]


# ------------------------------------------------------------------ clients --

class Ledger:
    """What the clients sent and what was acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = set()
        self.acked = {}       # id -> receipt sequence
        self.ack_times = []   # (sent, acknowledged), monotonic, of each
        self.errors = []      # responses no retry explains
        self.fenced = 0       # refusals that say "fenced"
        self.hint = None      # the address last named as active


class Client(threading.Thread):
    def __init__(self, n, channels, ledger, addresses, stop):
        super().__init__(daemon=True)
        self.n, self.channels, self.ledger = n, channels, ledger
        self.addresses, self.stop_event = addresses, stop
        self.count = 0
        self.target = 0
        self.suspects = {}  # address -> when it last failed us

    def pick(self):
        """The address named active last, else the next one that has not
        failed us in the last 3 s."""
        with self.ledger.lock:
            hint = self.ledger.hint
        now = time.monotonic()
        known = [a for a in self.addresses
                 if now - self.suspects.get(a, -9) >= 3] or list(self.addresses)
        if hint in known:
            return hint
        self.target = (self.target + 1) % len(known)
        return known[self.target]

    def run(self):
        while not self.stop_event.is_set():
            self.count += 1
            sid = "c%d-%d" % (self.n, self.count)
            region = COUNTIES[self.count % len(COUNTIES)]
            year = str(2000 + (self.count // len(COUNTIES)) % 25)
            request = pb.SubmitRequest(submission=subsidy(
                sid, "finance", region, year, "%d.00" % (600 + self.count % 97)))
            with self.ledger.lock:
                self.ledger.sent.add(sid)
            self.send_until_acked(sid, request)

    def send_until_acked(self, sid, request):
        address = self.pick()
        while True:
            sent = time.monotonic()
            try:
                response = self.channels.submit(address)[
                    "SubmissionService/Submit"](
                        request, timeout=RPC_TIMEOUT,
                        metadata=md("finance@350400"))
                with self.ledger.lock:
                    self.ledger.acked[sid] = response.receipt.sequence
                    self.ledger.ack_times.append((sent, time.monotonic()))
                    self.ledger.hint = address
                return
            except grpc.RpcError as e:
                details = e.details() or ""
                code = e.code()
            if code == grpc.StatusCode.RESOURCE_EXHAUSTED and "retry after" in details:
                # Over finance's rate limit: wait as RetryInfo says, resend.
                time.sleep(0.01)
                continue
            if code not in (grpc.StatusCode.UNAVAILABLE,
                            grpc.StatusCode.DEADLINE_EXCEEDED):
                with self.ledger.lock:
                    self.ledger.errors.append("%s %s: %s" % (sid, code, details))
                return
            named = ACTIVE_AT.search(details)
            named = named.group(1) if named else None
            if not named:
                self.suspects[address] = time.monotonic()
            with self.ledger.lock:
                if "fenced" in details:
                    self.ledger.fenced += 1
                if named and named != address:
                    self.ledger.hint = named
                elif self.ledger.hint == address:
                    self.ledger.hint = None
            if self.stop_event.is_set():
                return  # unacknowledged: it may or may not be in the log
            if named and time.monotonic() - self.suspects.get(named, -9) < 3:
                # A standby still names the hubd that just failed us: its
                # lease has not run out yet; ask the standby again.
                time.sleep(RETRY_PAUSE)
                continue
            if not named or named == address:
                time.sleep(RETRY_PAUSE)
            address = self.pick()


# ------------------------------------------------------------------- checks --

def read_log(stubs):
    events, after = [], 0
    while True:
        page = stubs["LogService/ListEvents"](
            pb.ListEventsRequest(after_sequence=after, page_size=1000),
            timeout=30, metadata=md(AUDITOR))
        events.extend(page.events)
        if not page.events or page.events[-1].sequence >= page.last_sequence:
            return events
        after = page.events[-1].sequence


def classify(ledger, events):
    accepted = {}
    for e in events:
        if e.kind == pb.EVENT_KIND_SUBMISSION_ACCEPTED:
            accepted.setdefault(e.submission.submission_id, []).append(
                e.sequence)
    c = {"acknowledged_and_present": 0, "acknowledged_and_lost": 0,
         "unacknowledged_but_present": 0, "unacknowledged_and_absent": 0,
         "unexpected": 0}
    problems = []
    for sid in sorted(ledger.sent):
        seqs = accepted.get(sid, [])
        if len(seqs) > 1:
            c["unexpected"] += 1
            problems.append("%s accepted %d times, at %s" % (sid, len(seqs), seqs))
        elif sid in ledger.acked:
            if not seqs:
                c["acknowledged_and_lost"] += 1
                problems.append("%s acknowledged at %d but not in the log" %
                                (sid, ledger.acked[sid]))
            elif seqs[0] != ledger.acked[sid]:
                c["unexpected"] += 1
                problems.append("%s acknowledged at %d, logged at %d" %
                                (sid, ledger.acked[sid], seqs[0]))
            else:
                c["acknowledged_and_present"] += 1
        elif seqs:
            c["unacknowledged_but_present"] += 1
        else:
            c["unacknowledged_and_absent"] += 1
    for sid in accepted:
        if sid not in ledger.sent:
            c["unexpected"] += 1
            problems.append("%s is in the log but was never sent" % sid)
    return c, problems


class Run:
    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.channels = Channels()
        self.ledger = Ledger()
        self.failures = []
        self.results = []
        self.clients, self.stop_clients = [], threading.Event()
        self.next_client = 0

    def fail(self, text):
        print("FAIL " + text, flush=True)
        self.failures.append(text)

    def start_clients(self, hubds):
        self.stop_clients = threading.Event()
        addresses = [h.address for h in hubds]
        self.clients = []
        for _ in range(CLIENTS):
            self.next_client += 1
            self.clients.append(Client(self.next_client, self.channels,
                                       self.ledger, addresses,
                                       self.stop_clients))
        for c in self.clients:
            c.start()

    def burst(self, address, n):
        """n submissions at once to address, each sent once and waited for
        long (a frozen hubd's are answered when it resumes)."""
        def one(sid):
            with self.ledger.lock:
                self.ledger.sent.add(sid)
            try:
                r = self.channels.submit(address)["SubmissionService/Submit"](
                    pb.SubmitRequest(submission=subsidy(
                        sid, "finance", "350481", "1999", "601.00")),
                    timeout=15, metadata=md("finance@350400"))
                with self.ledger.lock:
                    self.ledger.acked[sid] = r.receipt.sequence
            except grpc.RpcError as e:
                if "fenced" in (e.details() or ""):
                    with self.ledger.lock:
                        self.ledger.fenced += 1
        self.next_client += 1
        threads = [threading.Thread(target=one, daemon=True,
                                    args=("burst%d-%d" % (self.next_client, i),))
                   for i in range(n)]
        for t in threads:
            t.start()
        self.clients.extend(threads)

    def stop_and_join_clients(self):
        self.stop_clients.set()
        for c in self.clients:
            c.join(timeout=RPC_TIMEOUT * 3)

    def acks(self):
        with self.ledger.lock:
            return len(self.ledger.acked)

    def wait_acks(self, n, limit=45.0):
        deadline = time.monotonic() + limit
        while self.acks() < n:
            if time.monotonic() > deadline:
                raise RuntimeError("only %d of %d acknowledgements in %.0f s" %
                                   (self.acks(), n, limit))
            time.sleep(0.02)

    def first_ack_after(self, t0, limit=45.0):
        """Seconds from t0 to the first acknowledgement of a request sent
        after t0 (one in flight at t0 may have committed before it)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.ledger.lock:
                later = [a for s, a in self.ledger.ack_times if s > t0]
            if later:
                return min(later) - t0
            time.sleep(0.01)
        raise RuntimeError("no acknowledgement in %.0f s after the kill" % limit)

    def check(self, drill, active, failover_seconds):
        self.stop_and_join_clients()
        stubs = self.channels.submit(active.address)
        events = read_log(stubs)
        classes, problems = classify(self.ledger, events)
        verify = stubs["LogService/VerifyChain"](
            pb.VerifyChainRequest(), timeout=60, metadata=md(AUDITOR))
        rebuild = stubs["AuditService/Rebuild"](
            pb.RebuildRequest(max_differences=5), timeout=120,
            metadata=md(AUDITOR))
        result = {"drill": drill, "failover_seconds": failover_seconds,
                  "events": len(events), "classes": classes,
                  "chain_ok": verify.ok, "rebuild_identical": rebuild.identical}
        self.results.append(result)
        print("drill %s: failover %.2f s; %s; chain %s (%d events); rebuild %s"
              % (drill, failover_seconds or -1, classes,
                 "ok" if verify.ok else "BAD: " + verify.reason,
                 verify.events_checked,
                 "identical" if rebuild.identical else "DIFFERS"), flush=True)
        for p in problems[:10]:
            self.fail("drill %s: %s" % (drill, p))
        if classes["acknowledged_and_lost"] or classes["unexpected"]:
            self.fail("drill %s: %d acknowledged-and-lost, %d unexpected" %
                      (drill, classes["acknowledged_and_lost"],
                       classes["unexpected"]))
        if not verify.ok or verify.events_checked != len(events):
            self.fail("drill %s: chain: %s" % (drill, verify.reason))
        if not rebuild.identical:
            self.fail("drill %s: rebuild differs in %d records" %
                      (drill, rebuild.difference_count))
        with self.ledger.lock:
            errors, self.ledger.errors = self.ledger.errors, []
        for e in errors[:10]:
            self.fail("drill %s: unexpected response %s" % (drill, e))

    def failover(self, drill, kill, survivor_check):
        """Streams, kills, measures, streams on, checks."""
        self.wait_acks(self.acks() + ACKS_BEFORE)
        print("drill %s: at %d acknowledgements" % (drill, self.acks()),
              flush=True)
        t0 = kill()  # when the kill signal was sent
        seconds = self.first_ack_after(t0)
        print("drill %s: first acknowledgement sent after it %.2f s later" %
              (drill, seconds if seconds is not None else -1), flush=True)
        self.wait_acks(self.acks() + ACKS_AFTER)
        active = survivor_check()
        self.check(drill, active, seconds)
        return seconds


def active_of(hubds, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        live = [h for h in hubds if h.proc.poll() is None and h.active()]
        if len(live) == 1:
            return live[0]
        time.sleep(0.05)
    raise RuntimeError("no single active hubd among %s" %
                       [h.name for h in hubds])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hubd")
    parser.add_argument("pg_test_cluster")
    parser.add_argument("--report", default="")
    args = parser.parse_args()
    if not os.path.exists("/usr/lib/postgresql/15/bin/initdb"):
        print("SKIP: PostgreSQL 15 is not installed (tools/install_deps.sh "
              "installs postgresql-15)")
        return 77
    workdir = tempfile.mkdtemp(prefix="hub_failover_")
    cluster, hubds = None, []
    watchdog = threading.Timer(OVERALL_LIMIT, lambda: os._exit(3))
    watchdog.daemon = True
    watchdog.start()
    started = time.monotonic()
    run = Run(args, workdir)
    try:
        cluster = Cluster(args.pg_test_cluster)
        if "error" in cluster.info:
            raise RuntimeError("pg_test_cluster: " + cluster.info["error"])
        a = Hubd(args.hubd, workdir, "hubd-a", cluster.conninfo()).start()
        b = Hubd(args.hubd, workdir, "hubd-b", cluster.conninfo()).start()
        hubds = [a, b]
        active = active_of(hubds)
        run.channels.submit(active.address)["CatalogService/UpdateCatalog"](
            pb.UpdateCatalogRequest(catalog=load_catalog()), timeout=30,
            metadata=md(REFORM_OFFICE))
        run.start_clients(hubds)

        # 1. SIGKILL the active hubd; it restarts as a standby.
        killed = active

        def kill_hubd():
            killed.proc.kill()
            t0 = time.monotonic()
            killed.proc.wait()
            return t0
        run.failover("1 (SIGKILL the active hubd)", kill_hubd,
                     lambda: active_of(hubds))
        killed.start()
        active = active_of(hubds)
        run.start_clients(hubds)

        # 2. SIGKILL the PostgreSQL primary, promote the standby.
        def kill_primary():
            cluster.command("kill primary")
            t0 = time.monotonic()
            cluster.command("promote standby")
            print("drill 2: standby promoted %.2f s after the kill" %
                  (time.monotonic() - t0), flush=True)
            return t0
        run.failover("2 (SIGKILL the PostgreSQL primary, promote the standby)",
                     kill_primary, lambda: active_of(hubds))
        active = active_of(hubds)
        run.start_clients(hubds)

        # 3. SIGSTOP the active past its lease; SIGCONT: fenced.
        frozen = active
        others = [h for h in hubds if h is not frozen]

        def freeze():
            # Commits queued in it when it freezes: after it resumes, they
            # meet the fencing epoch.
            run.burst(frozen.address, 16)
            time.sleep(0.01)
            frozen.signal(signal.SIGSTOP)
            return time.monotonic()

        def resume_and_check():
            new = active_of(others)
            time.sleep(0.5)
            frozen.signal(signal.SIGCONT)
            # A client still talking to it: what it commits now is refused
            # by the database.
            run.burst(frozen.address, 4)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and "fenced" not in frozen.log():
                time.sleep(0.05)
            if "fenced" not in frozen.log() and run.ledger.fenced == 0:
                run.fail("drill 3: the resumed hubd's commits were not "
                         "refused by fencing (nothing in its log nor in any "
                         "client's refusals says fenced)")
            return new
        run.failover("3 (SIGSTOP the active past its lease, SIGCONT)",
                     freeze, resume_and_check)
        print("drill 3: the resumed hubd's log: %s" %
              [l for l in frozen.log().splitlines() if "fenced" in l][:1])
        print("drill 3: refusals that said fenced, seen by clients: %d" %
              run.ledger.fenced)
        time.sleep(1.0)
        if frozen.active():
            run.fail("drill 3: the resumed hubd still says it is active")
    except Exception as e:  # report in the usual form
        import traceback
        traceback.print_exc(file=sys.stdout)
        run.fail("%s: %s" % (type(e).__name__, e))
    finally:
        run.stop_and_join_clients()
        for h in hubds:
            h.stop()
        if cluster is not None:
            cluster.stop()
        if run.failures:
            for h in hubds:
                print("---- %s log (tail)\n%s" %
                      (h.name, "\n".join(h.log().splitlines()[-25:])))
        shutil.rmtree(workdir, ignore_errors=True)
    if args.report:
        with open(args.report, "w") as f:
            json.dump(run.results, f, indent=2)
    print("failover test: %.1f s" % (time.monotonic() - started))
    passed = len(run.results) if not run.failures else 0
    print("%d passed, %d failed" % (passed, len(run.failures)))
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())

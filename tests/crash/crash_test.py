#!/usr/bin/python3
"""Crash-durability test for hubd: acknowledged means durable.

DESIGN promises that an acknowledged submission survives kill -9 of the
server. This test starts the real hubd on a fresh data directory, loads the
catalog, and runs several concurrent StreamSubmit streams (one per
department) that keep a window of submissions in flight and record every
acknowledgement. After some hundreds of acknowledgements, while the streams
are mid-flight, it SIGKILLs hubd, restarts it on the same data directory and
checks:

  (a) every acknowledged submission is present: resending it returns
      replayed=true with the same sequence as its original receipt;
  (b) exactly once: in the whole change log (LogService.ListEvents) each
      submission id has at most one SUBMISSION_ACCEPTED event, and every
      acknowledged one has exactly one, at its receipt's sequence; sequences
      are gap-free and no unknown submission appears; submissions that were
      sent but not acknowledged may be present or absent, but only once, and
      one found absent after a crash never reappears later;
  (c) LogService.VerifyChain over the whole log returns ok;
  (d) the hub still accepts new submissions;
  (e) the merged records agree with the recovered log (each contribution is
      the latest surviving report of its department, record versions count
      the surviving changes, RECORD_CHANGED events match).

The kill/restart cycle runs three times in one run (--cycles=N for the long
run in LONG_RUN.md). The summary reports the four classes:
acknowledged-and-present, acknowledged-and-lost, unacknowledged-but-present
and unexpected (every failed check).

    /usr/bin/python3 tests/crash/crash_test.py path/to/hubd [--seed=N] [--cycles=N]

Uses only Debian's python3-grpcio and python3-protobuf: message modules are
generated at run time with the system protoc, and stubs are built by hand.
All traffic goes to 127.0.0.1. Prints `N passed, M failed` as its last line
and exits non-zero on any failure.
"""

import argparse
import collections
import glob
import hashlib
import importlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import grpc
from google.protobuf import json_format

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROTO_ROOT = os.path.join(REPO_ROOT, "protos")
CATALOG_DIR = os.path.join(REPO_ROOT, "tools", "catalog")

CYCLES = 3
STREAM_WINDOW = 8          # submissions in flight per stream
MIN_ACKS_BEFORE_KILL = 250  # per cycle, over all streams; plus a random 0..150
RPC_TIMEOUT = 20.0         # seconds, every RPC
OVERALL_LIMIT = 110.0      # seconds for 3 cycles; the watchdog kills everything after this

COUNTIES = ("350404", "350405", "350421", "350423", "350424", "350425",
            "350426", "350428", "350429", "350430", "350481")
MONTHS = tuple("2024-%02d" % m for m in range(1, 13))

REFORM_OFFICE = "reform_office@350400"
AUDITOR = "auditor@350400"

# ------------------------------------------------------------------ protos --


def generate_messages(out_dir):
    cmd = ["protoc", "--python_out=" + out_dir, "-I", PROTO_ROOT]
    if os.path.isdir("/usr/include/google/protobuf"):
        cmd += ["-I", "/usr/include"]
    cmd += ["hub/v1/model.proto", "hub/v1/hub_service.proto",
            "google/rpc/status.proto"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("protoc failed: " + done.stderr.strip())
    sys.path.insert(0, out_dir)
    model = importlib.import_module("hub.v1.model_pb2")
    service = importlib.import_module("hub.v1.hub_service_pb2")
    importlib.import_module("google.rpc.status_pb2")
    return model, service


TMP = tempfile.mkdtemp(prefix="hub_crash_")
try:
    os.makedirs(os.path.join(TMP, "pb"))
    m, s = generate_messages(os.path.join(TMP, "pb"))
except Exception:  # report in the usual form
    traceback.print_exc(file=sys.stdout)
    shutil.rmtree(TMP, ignore_errors=True)
    print("FAIL generating the message modules with protoc")
    print("0 passed, 1 failed")
    sys.exit(1)


class Stubs:
    """Hand-made stubs over one channel."""

    def __init__(self, channel):
        def uu(service, method, req, resp):
            return channel.unary_unary(
                "/hub.v1.%s/%s" % (service, method),
                request_serializer=req.SerializeToString,
                response_deserializer=resp.FromString)

        self.submit = uu("SubmissionService", "Submit", s.SubmitRequest,
                         s.SubmitResponse)
        self.stream_submit = channel.stream_stream(
            "/hub.v1.SubmissionService/StreamSubmit",
            request_serializer=s.SubmitRequest.SerializeToString,
            response_deserializer=s.SubmitResponse.FromString)
        self.list_events = uu("LogService", "ListEvents", s.ListEventsRequest,
                              s.ListEventsResponse)
        self.verify_chain = uu("LogService", "VerifyChain",
                               s.VerifyChainRequest, s.VerifyChainResponse)
        self.update_catalog = uu("CatalogService", "UpdateCatalog",
                                 s.UpdateCatalogRequest,
                                 s.UpdateCatalogResponse)
        self.list_records = uu("RecordService", "ListRecords",
                               s.ListRecordsRequest, s.ListRecordsResponse)


def local_channel(address):
    """A plaintext channel to hubd on 127.0.0.1, never through a proxy."""
    assert address.startswith("127.0.0.1:"), address
    return grpc.insecure_channel(address, options=[("grpc.enable_http_proxy", 0)])


def md(principal):
    return (("x-hub-principal", principal),)


# -------------------------------------------------------------------- hubd --


class Hubd:
    def __init__(self, binary, data_dir, log_path):
        self.binary = binary
        self.data_dir = data_dir
        self.log_path = log_path
        self.proc = None
        self.port = None

    def start(self):
        port_file = self.data_dir + ".port"
        if os.path.exists(port_file):
            os.remove(port_file)
        log = open(self.log_path, "a")
        log.write("==== start %s\n" % time.strftime("%H:%M:%S"))
        log.flush()
        self.proc = subprocess.Popen(
            [self.binary, "--data_dir=" + self.data_dir,
             "--listen=127.0.0.1:0", "--port_file=" + port_file,
             "--insecure_demo_auth"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("hubd exited with %d at start; see %s" %
                                   (self.proc.returncode, self.log_path))
            try:
                with open(port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    return
            except FileNotFoundError:
                pass
            time.sleep(0.02)
        raise RuntimeError("hubd did not write its port file in 15 s")

    @property
    def address(self):
        return "127.0.0.1:%d" % self.port

    def kill(self, sig=signal.SIGKILL):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.proc = None
        return rc


# ----------------------------------------------------------------- results --


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("PASS %s%s" % (name, (" — " + detail) if detail else ""))
        else:
            self.failed += 1
            self.failures.append(name)
            print("FAIL %s%s" % (name, (" — " + detail) if detail else ""))
        sys.stdout.flush()
        return ok


def sample(items, limit=10):
    items = sorted(items)
    text = ", ".join(str(x) for x in items[:limit])
    if len(items) > limit:
        text += ", ... (%d in all)" % len(items)
    return text


# ------------------------------------------------------------ submissions --


def ratio(rng, lo, hi):
    den = rng.randint(lo, hi)
    num = rng.randint(den * 40 // 100, den * 90 // 100)
    return str(num), str(den)


def money_ratio(rng):
    den = rng.randint(5_000_000, 9_000_000)
    num = rng.randint(den * 40 // 100, den * 60 // 100)
    return "%d.%02d" % (num, rng.randint(0, 99)), "%d.%02d" % (den, rng.randint(0, 99))


class Department:
    """One client department: principal, indicator and how to make items."""

    def __init__(self, principal, indicator, unit, periods, make):
        self.principal = principal
        self.code = principal.split("@")[0]
        self.indicator = indicator
        self.unit = unit
        self.periods = periods
        self.make = make  # rng -> dict(value|numerator+denominator)


DEPARTMENTS = (
    Department("health_commission@350400", "primary_care_visit_share", "%",
               MONTHS, lambda r: dict(zip(("numerator", "denominator"),
                                          ratio(r, 20_000, 90_000)))),
    Department("medical_insurance@350400", "county_fund_spending_share", "%",
               MONTHS, lambda r: dict(zip(("numerator", "denominator"),
                                          money_ratio(r)))),
    Department("finance@350400", "resident_insurance_subsidy_per_person",
               "元/人", ("2024",),
               lambda r: {"value": "%d.%02d" % (r.randint(640, 700),
                                                r.choice((0, 0, 50, r.randint(0, 99))))}),
    Department("hr_social_security@350400", "fixed_pay_share", "%",
               ("2024H1", "2024"),
               lambda r: dict(zip(("numerator", "denominator"),
                                  ratio(r, 1_000, 9_000)))),
)
DEPT_BY_CODE = {d.code: d for d in DEPARTMENTS}


class Sent:
    """A submission as sent: exact bytes (for a byte-identical resend)."""

    __slots__ = ("dept", "sid", "bytes", "items", "cycle")

    def __init__(self, dept, sid, submission, items, cycle):
        self.dept = dept
        self.sid = sid
        self.bytes = submission.SerializeToString()
        self.items = items  # {record key tuple: raw report tuple}
        self.cycle = cycle

    def submission(self):
        return m.Submission.FromString(self.bytes)

    def content_hash(self):
        # The hub's SubmissionContentHash: SHA-256 of the deterministic bytes
        # of the submission without its informational client clock.
        sub = self.submission()
        sub.ClearField("submitted_at_micros")
        return hashlib.sha256(sub.SerializeToString(deterministic=True)).digest()


def make_submission(rng, dept, sid, cycle):
    sub = m.Submission(submission_id=sid, department=dept.code,
                       source_system="crash-test", adapter="canonical",
                       submitted_at_micros=int(time.time() * 1e6))
    n = 1 if rng.random() < 0.7 else rng.randint(2, 3)
    keys = set()
    items = {}
    while len(keys) < n:
        key = (dept.indicator, rng.choice(COUNTIES), rng.choice(dept.periods))
        if key in keys:
            continue
        keys.add(key)
        fields = dept.make(rng)
        value = m.IndicatorValue(indicator_code=key[0], region_code=key[1],
                                 period=key[2], unit=dept.unit, **fields)
        sub.items.add(indicator_value=value)
        items[key] = (fields.get("value", ""), fields.get("numerator", ""),
                      fields.get("denominator", ""))
    return sub, Sent(dept.code, sid, sub, items, cycle)


class State:
    """Everything the client knows, across cycles."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = {}       # (dept, sid) -> Sent
        self.acked = {}      # (dept, sid) -> receipt sequence
        self.lost = set()    # sent, unacknowledged, found absent after a crash
        self.acked_lost = set()      # acknowledged, found absent: must stay empty
        self.unacked_present = 0     # over all cycles
        self.errors = []     # unexpected error responses / anomalies
        self.counter = 0

    def next_id(self, nonce, cycle, dept):
        with self.lock:
            self.counter += 1
            return "crash-%s-c%d-%s-%06d" % (nonce, cycle, dept, self.counter)


class StreamWorker(threading.Thread):
    """One StreamSubmit stream keeping STREAM_WINDOW submissions in flight."""

    def __init__(self, state, stubs, dept, cycle, nonce, seed, stop):
        super().__init__(daemon=True, name="stream-" + dept.code)
        self.state = state
        self.stubs = stubs
        self.dept = dept
        self.cycle = cycle
        self.nonce = nonce
        self.rng = random.Random(seed)
        self.stop = stop
        self.window = threading.Semaphore(STREAM_WINDOW)
        self.inflight = collections.deque()
        self.acks = 0
        self.done = False  # the stream has ended
        self.end = None    # how it ended

    def requests(self):
        while not (self.stop.is_set() or self.done):
            if not self.window.acquire(timeout=0.05):
                continue
            if self.stop.is_set() or self.done:
                return
            sid = self.state.next_id(self.nonce, self.cycle, self.dept.code)
            sub, sent = make_submission(self.rng, self.dept, sid, self.cycle)
            with self.state.lock:
                self.state.sent[(self.dept.code, sid)] = sent
            self.inflight.append(sid)
            yield s.SubmitRequest(submission=sub)

    def run(self):
        call = self.stubs.stream_submit(self.requests(),
                                        metadata=md(self.dept.principal),
                                        timeout=60)
        try:
            for resp in call:
                sid = self.inflight.popleft()
                key = (self.dept.code, sid)
                if resp.submission_id != sid:
                    self.state.errors.append(
                        "%s: response for %r arrived where %r was expected" %
                        (self.dept.code, resp.submission_id, sid))
                if resp.HasField("receipt"):
                    r = resp.receipt
                    if r.replayed or r.sequence == 0 or r.submission_id != sid:
                        self.state.errors.append(
                            "%s: bad first receipt for %s: %s" %
                            (self.dept.code, sid, r))
                    with self.state.lock:
                        self.state.acked[key] = r.sequence
                    self.acks += 1
                else:
                    self.state.errors.append("%s: %s rejected: %s" % (
                        self.dept.code, sid, resp.error))
                self.window.release()
            self.end = "stream closed"
        except grpc.RpcError as e:
            self.end = "%s" % e.code()
        except Exception as e:  # pragma: no cover - reported as a failure
            self.end = "exception %r" % e
            self.state.errors.append("%s stream: %s" % (self.dept.code,
                                                        traceback.format_exc()))
        finally:
            self.done = True  # the request generator returns
            call.cancel()


# -------------------------------------------------------------- the checks --


def load_catalog():
    catalog = m.Catalog()
    for path in sorted(glob.glob(os.path.join(CATALOG_DIR, "*.json"))):
        part = m.Catalog()
        with open(path, encoding="utf-8") as f:
            json_format.Parse(f.read(), part)
        catalog.MergeFrom(part)
    return catalog


def read_log(stubs):
    events = []
    after = 0
    last = None
    while True:
        resp = stubs.list_events(s.ListEventsRequest(after_sequence=after,
                                                     page_size=1000),
                                 metadata=md(AUDITOR), timeout=RPC_TIMEOUT)
        last = resp.last_sequence
        if not resp.events:
            break
        events.extend(resp.events)
        after = resp.events[-1].sequence
        if after >= last:
            break
    return events, last


def resend(stubs, state, keys):
    """Resends each submission byte for byte over one stream per department.
    Returns {(dept, sid): SubmitResponse}."""
    out = {}
    by_dept = collections.defaultdict(list)
    for k in sorted(keys):
        by_dept[k[0]].append(k)
    for code, ks in by_dept.items():
        principal = DEPT_BY_CODE[code].principal
        reqs = [s.SubmitRequest(submission=state.sent[k].submission()) for k in ks]
        resps = list(stubs.stream_submit(iter(reqs), metadata=md(principal),
                                         timeout=RPC_TIMEOUT))
        if len(resps) != len(ks):
            raise RuntimeError("resend to %s: %d responses for %d requests" %
                               (code, len(resps), len(ks)))
        out.update(zip(ks, resps))
    return out


def check_after_restart(res, stubs, state, cycle, kill_info):
    tag = "cycle %d: " % cycle
    acked = dict(state.acked)
    sent = dict(state.sent)

    # (b) exactly once, read the whole log first (before any new writes).
    events, last = read_log(stubs)
    seqs = [e.sequence for e in events]
    res.check(tag + "log sequences are 1..last_sequence without gaps",
              seqs == list(range(1, last + 1)),
              "%d events, last_sequence %d" % (len(events), last))
    accepted = collections.defaultdict(list)  # (dept, sid) -> [sequence]
    accepted_ev = {}
    changed = collections.defaultdict(list)   # record key -> [(seq, dept, sid)]
    for e in events:
        if e.kind == m.EVENT_KIND_SUBMISSION_ACCEPTED:
            k = (e.submission.department, e.submission.submission_id)
            accepted[k].append(e.sequence)
            accepted_ev[k] = e
        elif e.kind == m.EVENT_KIND_RECORD_CHANGED:
            rk = (e.record_key.code, e.record_key.region_code,
                  e.record_key.period)
            changed[rk].append((e.sequence, e.submission.department,
                                e.submission.submission_id))
    dups = {k: v for k, v in accepted.items() if len(v) > 1}
    res.check(tag + "(b) no submission id accepted more than once",
              not dups, "duplicates: " + sample(
                  "%s/%s at %s" % (k[0], k[1], v) for k, v in dups.items()))
    unknown = [k for k in accepted if k not in sent]
    res.check(tag + "(b) no SUBMISSION_ACCEPTED for a submission never sent",
              not unknown, sample(unknown))
    missing = [k for k in acked if k not in accepted]
    state.acked_lost.update(missing)
    wrong_seq = [(k, acked[k], accepted[k]) for k in acked
                 if k in accepted and accepted[k][0] != acked[k]]
    res.check(tag + "(b) every acknowledged submission has its "
              "SUBMISSION_ACCEPTED at its receipt sequence",
              not missing and not wrong_seq,
              "%d acknowledged; missing: %s; wrong sequence (id, receipt, log): %s"
              % (len(acked), sample(missing), sample(wrong_seq)))
    not_ours = [k for k in accepted if k in sent and
                (accepted_ev[k].submission.item_count != len(sent[k].items) or
                 accepted_ev[k].submission.content_hash !=
                 sent[k].content_hash() or accepted_ev[k].actor !=
                 DEPT_BY_CODE[k[0]].principal)]
    res.check(tag + "(b) accepted events carry the content hash, item count "
              "and actor of the submissions sent", not not_ours,
              sample(not_ours))
    resurrected = [k for k in state.lost if k in accepted]
    res.check(tag + "(b) submissions lost in an earlier crash stay absent",
              not resurrected, sample(resurrected))

    # Unacknowledged submissions of this cycle: present or absent.
    unacked = [k for k in sent if k not in acked and k not in state.lost]
    present = [k for k in unacked if k in accepted]
    absent = [k for k in unacked if k not in accepted]
    kill_info["unacked"] = len(unacked)
    kill_info["unacked_present"] = len(present)
    state.unacked_present += len(present)
    kill_info["unacked_absent"] = len(absent)
    if present:
        seqs_present = sorted(accepted[k][0] for k in present)
        kill_info["unacked_present_seqs"] = "%d..%d" % (seqs_present[0],
                                                         seqs_present[-1])

    # (c) the hash chain, up to the head as it is now.
    head = stubs.list_events(s.ListEventsRequest(after_sequence=last,
                                                 page_size=1),
                             metadata=md(AUDITOR),
                             timeout=RPC_TIMEOUT).last_sequence
    v = stubs.verify_chain(s.VerifyChainRequest(from_sequence=0, to_sequence=0),
                           metadata=md(AUDITOR), timeout=RPC_TIMEOUT)
    res.check(tag + "(c) VerifyChain ok over the whole log",
              v.ok and v.events_checked == head,
              "ok=%s checked=%d head=%d first_bad=%d reason=%r" %
              (v.ok, v.events_checked, head, v.first_bad_sequence, v.reason))

    # (e) merged records agree with the surviving log (before any resend).
    check_records(res, stubs, state, accepted, changed, tag)

    # (a) every acknowledged submission is present, with the same sequence;
    # present unacknowledged ones replay at their logged sequence.
    resp = resend(stubs, state, list(acked) + present)
    bad_acked, bad_present = [], []
    for k, r in resp.items():
        want = acked[k] if k in acked else accepted[k][0]
        if (not r.HasField("receipt") or not r.receipt.replayed or
                r.receipt.sequence != want or r.receipt.submission_id != k[1]):
            got = ("replayed=%s sequence=%d" % (r.receipt.replayed,
                                                 r.receipt.sequence)
                   if r.HasField("receipt") else "error %s" % r.error)
            (bad_acked if k in acked else bad_present).append(
                "%s/%s: want replay of %d, got %s" % (k[0], k[1], want, got))
            if r.HasField("receipt") and not r.receipt.replayed:
                # The resend was accepted afresh: it is acknowledged now, at
                # its new sequence (keeps later cycles from repeating this).
                state.acked[k] = r.receipt.sequence
    res.check(tag + "(a) every acknowledged submission replays with its "
              "original sequence", not bad_acked,
              "%d resent; %s" % (len(acked), sample(bad_acked)))
    res.check(tag + "(a) unacknowledged-but-present submissions replay at "
              "their logged sequence", not bad_present,
              "%d present; %s" % (len(present), sample(bad_present)))
    with state.lock:
        for k in present:
            state.acked[k] = accepted[k][0]
        state.lost.update(absent)

    # (d) still accepts new submissions.
    rng = random.Random(cycle * 7919)
    bad = []
    for dept in DEPARTMENTS:
        sid = state.next_id("post", cycle, dept.code)
        sub, sent_rec = make_submission(rng, dept, sid, cycle)
        state.sent[(dept.code, sid)] = sent_rec
        try:
            r = stubs.submit(s.SubmitRequest(submission=sub),
                             metadata=md(dept.principal), timeout=RPC_TIMEOUT)
        except grpc.RpcError as e:
            bad.append("%s: %s %s" % (sid, e.code(), e.details()))
            continue
        if r.receipt.replayed or r.receipt.sequence <= last:
            bad.append("%s: replayed=%s sequence=%d (log head was %d)" %
                       (sid, r.receipt.replayed, r.receipt.sequence, last))
        state.acked[(dept.code, sid)] = r.receipt.sequence
    res.check(tag + "(d) the restarted hub accepts new submissions", not bad,
              sample(bad))
    return last


def check_records(res, stubs, state, accepted, changed, tag):
    # Surviving reports per (record key, department), in log order.
    reports = collections.defaultdict(list)  # (rk, dept) -> [(seq, sid, raw)]
    for k, seqs in accepted.items():
        sent = state.sent.get(k)
        if sent is None:
            continue
        for rk, raw in sent.items.items():
            reports[(rk, k[0])].append((seqs[0], k[1], raw))
    expect = {}  # rk -> {dept: (sid, seq)}, and rk -> version
    versions = collections.Counter()
    for (rk, dept), lst in reports.items():
        lst.sort()
        # The contribution is the first of the final run of equal reports;
        # the version counts the runs (each run changed the record once).
        runs = 1 + sum(1 for a, b in zip(lst, lst[1:]) if a[2] != b[2])
        versions[rk] += runs
        j = len(lst) - 1
        while j > 0 and lst[j - 1][2] == lst[-1][2]:
            j -= 1
        expect.setdefault(rk, {})[dept] = (lst[j][1], lst[j][0])

    records = {}
    for indicator in sorted({d.indicator for d in DEPARTMENTS}):
        token = ""
        while True:
            resp = stubs.list_records(
                s.ListRecordsRequest(region_code="350400",
                                     indicator_code=indicator, page_size=1000,
                                     page_token=token),
                metadata=md(AUDITOR), timeout=RPC_TIMEOUT)
            for r in resp.records:
                records[(r.key.code, r.key.region_code, r.key.period)] = r
            token = resp.next_page_token
            if not token:
                break
    bad = []
    for rk in sorted(set(records) | set(expect)):
        r = records.get(rk)
        want = expect.get(rk)
        if r is None:
            bad.append("%s: no record, expected %s" % (rk, want))
            continue
        if want is None:
            bad.append("%s: record exists but no surviving submission "
                       "touched it" % (rk,))
            continue
        got = {c.department: (c.submission_id, c.sequence)
               for c in r.contributions}
        if got != want:
            bad.append("%s: contributions %s, expected %s" % (rk, got, want))
        if r.version != versions[rk] or len(changed[rk]) != versions[rk]:
            bad.append("%s: version %d, %d RECORD_CHANGED events, expected %d"
                       % (rk, r.version, len(changed[rk]), versions[rk]))
        if changed[rk] and r.last_sequence != changed[rk][-1][0]:
            bad.append("%s: last_sequence %d, last RECORD_CHANGED at %d" %
                       (rk, r.last_sequence, changed[rk][-1][0]))
    res.check(tag + "(e) merged records agree with the recovered log", not bad,
              "%d records; %s" % (len(records), sample(bad, 5)))


def run_cycle(res, hubd, state, cycle, nonce, rng, log):
    tag = "cycle %d: " % cycle
    channel = local_channel(hubd.address)
    stubs = Stubs(channel)
    stop = threading.Event()
    target = MIN_ACKS_BEFORE_KILL + rng.randint(0, 150)
    workers = [StreamWorker(state, stubs, d, cycle, nonce,
                            rng.randrange(1 << 30), stop) for d in DEPARTMENTS]
    t0 = time.monotonic()
    for w in workers:
        w.start()
    deadline = t0 + 30
    while time.monotonic() < deadline:
        if sum(w.acks for w in workers) >= target:
            break
        if all(not w.is_alive() for w in workers):
            break
        time.sleep(0.001)
    acks = sum(w.acks for w in workers)
    in_flight = sum(len(w.inflight) for w in workers)
    alive = sum(1 for w in workers if w.is_alive())
    rc = hubd.kill(signal.SIGKILL)
    elapsed = time.monotonic() - t0
    for w in workers:
        w.join(timeout=15)
    stop.set()
    channel.close()
    acks_after = sum(w.acks for w in workers)
    info = {"target": target, "acks_at_kill": acks, "acks_total": acks_after,
            "in_flight_at_kill": in_flight, "seconds": round(elapsed, 2),
            "hubd_rc": rc}
    res.check(tag + "acknowledgements reached before the kill",
              acks >= target and not state.errors,
              "%d acks (target %d) in %.2f s; anomalies: %s" %
              (acks, target, elapsed, sample(state.errors, 3)))
    res.check(tag + "streams were mid-flight when hubd was SIGKILLed",
              alive == len(workers) and in_flight > 0 and rc == -signal.SIGKILL,
              "%d/%d streams open, %d submissions in flight, hubd rc %s" %
              (alive, len(workers), in_flight, rc))
    res.check(tag + "all streams ended after the kill",
              all(not w.is_alive() for w in workers),
              ", ".join("%s: %s" % (w.dept.code, w.end) for w in workers))
    del state.errors[:]

    hubd.start()
    channel = local_channel(hubd.address)
    try:
        stubs = Stubs(channel)
        last = check_after_restart(res, stubs, state, cycle, info)
    finally:
        channel.close()
    info["log_head_after_restart"] = last
    info["acked_so_far"] = len(state.acked)
    log.append(info)
    print("cycle %d: %s" % (cycle, json.dumps(info, sort_keys=True)))
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("hubd")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--cycles", type=int, default=CYCLES)
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 31)
    print("crash_test: seed %d, hubd %s, tmp %s" % (seed, args.hubd, TMP))
    rng = random.Random(seed)
    nonce = "%08x" % rng.randrange(1 << 32)

    res = Results()
    data_dir = os.path.join(TMP, "hub-data")
    hubd = Hubd(os.path.abspath(args.hubd), data_dir,
                os.path.join(TMP, "hubd.log"))

    def watchdog():
        print("FAIL watchdog: the test exceeded its time limit")
        hubd.kill()
        print("%d passed, %d failed" % (res.passed, res.failed + 1))
        sys.stdout.flush()
        os._exit(1)

    limit = OVERALL_LIMIT * max(1.0, args.cycles / float(CYCLES))
    timer = threading.Timer(limit, watchdog)
    timer.daemon = True
    timer.start()
    start = time.monotonic()
    state = State()
    log = []
    try:
        hubd.start()
        channel = local_channel(hubd.address)
        r = Stubs(channel).update_catalog(
            s.UpdateCatalogRequest(catalog=load_catalog(),
                                   request_id="crash-test"),
            metadata=md(REFORM_OFFICE), timeout=RPC_TIMEOUT)
        channel.close()
        res.check("catalog loaded", r.sequence > 0,
                  "sequence %d, %d indicators" % (r.sequence,
                                                  r.change.indicators))
        for cycle in range(1, args.cycles + 1):
            run_cycle(res, hubd, state, cycle, nonce, rng, log)
        rc = hubd.kill(signal.SIGTERM)
        res.check("hubd stops cleanly on SIGTERM at the end", rc == 0,
                  "rc %s" % rc)
    except Exception:
        traceback.print_exc(file=sys.stdout)
        res.check("test ran to completion", False)
    finally:
        hubd.kill()
        timer.cancel()
    print("summary: %.1f s; acks at kill per cycle: %s; acknowledged in all: "
          "%d; unacknowledged-but-present per cycle: %s; unacknowledged-and-"
          "absent per cycle: %s" % (
              time.monotonic() - start, [c["acks_at_kill"] for c in log],
              len(state.acked), [c.get("unacked_present") for c in log],
              [c.get("unacked_absent") for c in log]))
    present_now = len(state.acked) - len(state.acked_lost)
    print("four classes over %d SIGKILL cycles: acknowledged-and-present %d, "
          "acknowledged-and-lost %d, unacknowledged-but-present %d, "
          "unexpected %d" % (len(log), present_now, len(state.acked_lost),
                             state.unacked_present,
                             res.failed - (1 if state.acked_lost else 0)))
    if res.failed:
        print("hubd log (%s), tail:" % hubd.log_path)
        try:
            with open(hubd.log_path, errors="replace") as f:
                sys.stdout.write("".join(f.readlines()[-30:]))
        except OSError:
            pass
        print("kept %s for inspection" % TMP)
    elif not args.keep:
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())

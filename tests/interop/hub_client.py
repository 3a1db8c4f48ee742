"""A tiny, dependency-light Python client for the reform data-exchange hub.

Uses only Debian's python3-grpcio and python3-protobuf (run it with
/usr/bin/python3). The message classes are generated at import time with the
system `protoc --python_out` into a private temporary directory; the service
stubs are built by hand from method paths, so neither grpc_tools nor the
googleapis packages are needed.

    from hub_client import pb, HubServer, HubClient, bad_request_violations

    with HubServer(hubd_path) as server:
        client = HubClient(server.address)
        client.update_catalog(load_catalog(), principal="reform_office@350400")
"""

import atexit
import glob
import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import types
import unittest

import grpc
from google.protobuf import json_format

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROTO_ROOT = os.path.join(REPO_ROOT, "protos")
CATALOG_DIR = os.path.join(REPO_ROOT, "tools", "catalog")
# (proto file, module) in dependency order; every message and enum lands in
# the one `pb` namespace below (their names do not collide).
PROTOS = (("hub/v1/model.proto", "hub.v1.model_pb2"),
          ("hub/v1/hub_service.proto", "hub.v1.hub_service_pb2"),
          ("hub/v1/stewardship.proto", "hub.v1.stewardship_pb2"),
          ("hub/v1/audit.proto", "hub.v1.audit_pb2"),
          ("hub/v1/views.proto", "hub.v1.views_pb2"),
          ("hub/v1/adapters/common.proto", "hub.v1.adapters.common_pb2"),
          ("hub/v1/adapters/finance.proto", "hub.v1.adapters.finance_pb2"),
          ("hub/v1/adapters/medical_insurance.proto",
           "hub.v1.adapters.medical_insurance_pb2"),
          ("hub/v1/adapters/health_commission.proto",
           "hub.v1.adapters.health_commission_pb2"),
          ("google/rpc/status.proto", "google.rpc.status_pb2"))
PRINCIPAL_HEADER = "x-hub-principal"
BAD_REQUEST_TYPE_URL = "type.googleapis.com/google.rpc.BadRequest"


# ------------------------------------------------------- generated messages --

def _generate_messages():
    """Runs protoc into a temporary directory and imports the modules."""
    protoc = shutil.which("protoc")
    if protoc is None:
        raise RuntimeError("protoc not found on PATH (Debian: protobuf-compiler)")
    out_dir = tempfile.mkdtemp(prefix="hub_interop_pb_")
    atexit.register(shutil.rmtree, out_dir, True)
    cmd = [protoc, "--python_out=" + out_dir, "-I", PROTO_ROOT]
    # google/protobuf/any.proto comes with protoc's own include directory; add
    # the usual system location too in case this protoc does not embed it.
    if os.path.isdir("/usr/include/google/protobuf"):
        cmd += ["-I", "/usr/include"]
    cmd += [proto for proto, _ in PROTOS]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("protoc failed (%d): %s" % (done.returncode,
                                                       done.stderr.strip()))
    # The generated modules import each other as hub.v1.* and google.rpc.*;
    # `google` is a namespace package in Debian, so google.rpc resolves here.
    sys.path.insert(0, out_dir)
    try:
        return [importlib.import_module(module) for _, module in PROTOS]
    finally:
        sys.path.remove(out_dir)


_MODULES = _generate_messages()

# One namespace with every message and enum value: pb.Submission,
# pb.RECORD_STATE_CONFLICT, pb.SubmitRequest, pb.Status, pb.BadRequest,
# pb.ResolveRecordRequest, pb.InclusionProof, pb.BudgetExecutionRow ...
pb = types.SimpleNamespace()
for _module in _MODULES:
    for _name in dir(_module):
        if _name.startswith("_") or _name in ("DESCRIPTOR", "sys"):
            continue
        _value = getattr(_module, _name)
        if getattr(pb, _name, _value) is not _value and isinstance(_value, type):
            raise RuntimeError("message name %s is defined twice" % _name)
        setattr(pb, _name, _value)


# ------------------------------------------------------------------ stubs --

UNARY, BIDI_STREAM, SERVER_STREAM = "unary", "bidi", "server"

# method: (service, request class, response class, kind). Services are in
# package hub.v1, or hub.v1.adapters when the name ends in "Adapter".
_METHODS = {
    "Submit": ("SubmissionService", "SubmitRequest", "SubmitResponse", UNARY),
    "StreamSubmit": ("SubmissionService", "SubmitRequest", "SubmitResponse",
                     BIDI_STREAM),
    "GetRecord": ("RecordService", "GetRecordRequest", "MergedRecord", UNARY),
    "ListRecords": ("RecordService", "ListRecordsRequest", "ListRecordsResponse", UNARY),
    "ListEvents": ("LogService", "ListEventsRequest", "ListEventsResponse", UNARY),
    "VerifyChain": ("LogService", "VerifyChainRequest", "VerifyChainResponse", UNARY),
    "UpdateCatalog": ("CatalogService", "UpdateCatalogRequest",
                      "UpdateCatalogResponse", UNARY),
    "GetCatalog": ("CatalogService", "GetCatalogRequest", "Catalog", UNARY),
    # Stewardship by the reform office (stewardship.proto).
    "ListConflicts": ("StewardshipService", "ListRecordsRequest",
                      "ListRecordsResponse", UNARY),
    "ResolveRecord": ("StewardshipService", "ResolveRecordRequest",
                      "MergedRecord", UNARY),
    "ApprovePeriod": ("StewardshipService", "PeriodRequest", "PeriodLock", UNARY),
    "LockPeriod": ("StewardshipService", "PeriodRequest", "PeriodLock", UNARY),
    "UnlockPeriod": ("StewardshipService", "PeriodRequest", "PeriodLock", UNARY),
    "ListLocks": ("StewardshipService", "ListLocksRequest", "ListLocksResponse",
                  UNARY),
    # Audit and history (audit.proto).
    "Replay": ("AuditService", "ReplayRequest", "ReplayResponse", SERVER_STREAM),
    "GetRecordHistory": ("AuditService", "GetRecordHistoryRequest",
                         "GetRecordHistoryResponse", UNARY),
    "GetRecordAsOf": ("AuditService", "GetRecordAsOfRequest",
                      "GetRecordAsOfResponse", UNARY),
    "GetCheckpoint": ("AuditService", "GetCheckpointRequest", "SignedCheckpoint",
                      UNARY),
    "ProveInclusion": ("AuditService", "ProveInclusionRequest", "InclusionProof",
                       UNARY),
    "ProveConsistency": ("AuditService", "ProveConsistencyRequest",
                         "ConsistencyProof", UNARY),
    "Rebuild": ("AuditService", "RebuildRequest", "RebuildResponse", UNARY),
    # Analyst views (views.proto).
    "GetRollups": ("ViewService", "RollupRequest", "RollupResponse", UNARY),
    "GetAttainment": ("ViewService", "AttainmentRequest", "AttainmentReport",
                      UNARY),
    "GetReporting": ("ViewService", "ReportingRequest", "ReportingReport",
                     UNARY),
    "GetLedger": ("ViewService", "LedgerRequest", "LedgerResponse", UNARY),
    "GetLaggards": ("ViewService", "LaggardsRequest", "LaggardsResponse", UNARY),
    "Watch": ("ViewService", "WatchRequest", "WatchResponse", SERVER_STREAM),
    # Department adapters (adapters/*.proto): native report in, Receipt out.
    "SubmitBudgetExecution": ("FinanceAdapter", "SubmitBudgetExecutionRequest",
                              "Receipt", UNARY),
    "SubmitFinancing": ("MedicalInsuranceAdapter", "SubmitFinancingRequest",
                        "Receipt", UNARY),
}


class HubClient:
    """Hand-built stubs. Each method takes a request message and a principal
    (sent as the x-hub-principal header to a --insecure_demo_auth server)."""

    def __init__(self, address, timeout=30.0):
        self.address = address
        self.timeout = timeout
        self.channel = grpc.insecure_channel(address)
        grpc.channel_ready_future(self.channel).result(timeout=timeout)
        self._calls = {}
        for name, (service, req, resp, kind) in _METHODS.items():
            package = "hub.v1.adapters" if service.endswith("Adapter") else "hub.v1"
            path = "/%s.%s/%s" % (package, service, name)
            make = {UNARY: self.channel.unary_unary,
                    BIDI_STREAM: self.channel.stream_stream,
                    SERVER_STREAM: self.channel.unary_stream}[kind]
            self._calls[name] = make(
                path,
                request_serializer=getattr(pb, req).SerializeToString,
                response_deserializer=getattr(pb, resp).FromString)
        # Standard health service; raw bytes (grpc_health may not be installed).
        self._health = self.channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=None, response_deserializer=None)

    def close(self):
        self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _metadata(self, principal):
        return () if principal is None else ((PRINCIPAL_HEADER, principal),)

    def call(self, method, request, principal):
        """Unary call; raises grpc.RpcError on failure."""
        return self._calls[method](request, timeout=self.timeout,
                                   metadata=self._metadata(principal))

    def stream(self, method, request, principal, timeout=None):
        """Server-streaming call (Replay): returns the response iterator, which
        is also a grpc.Call (cancel(), code(), details())."""
        return self._calls[method](request, timeout=timeout or self.timeout,
                                   metadata=self._metadata(principal))

    def stream_submit(self, requests, principal):
        """StreamSubmit: returns the list of SubmitResponses, in order."""
        responses = self._calls["StreamSubmit"](
            iter(list(requests)), timeout=self.timeout,
            metadata=self._metadata(principal))
        return list(responses)

    def submit(self, submission, principal, dry_run=False):
        return self.call("Submit", pb.SubmitRequest(submission=submission,
                                                    dry_run=dry_run), principal)

    def get_record(self, key, principal):
        return self.call("GetRecord", pb.GetRecordRequest(key=key), principal)

    def list_records(self, principal, **filters):
        return self.call("ListRecords", pb.ListRecordsRequest(**filters), principal)

    def list_events(self, principal, after_sequence=0, page_size=0):
        return self.call("ListEvents", pb.ListEventsRequest(
            after_sequence=after_sequence, page_size=page_size), principal)

    def all_events(self, principal, page_size=100):
        """Every event of the log principal may read, paging by
        after_sequence (resume_after: pages skip what it may not read)."""
        events, after = [], 0
        while True:
            page = self.list_events(principal, after, page_size)
            events.extend(page.events)
            after = max([after, page.resume_after] +
                        [e.sequence for e in page.events[-1:]])
            if after >= page.last_sequence:
                return events

    def verify_chain(self, principal, from_sequence=0, to_sequence=0):
        return self.call("VerifyChain", pb.VerifyChainRequest(
            from_sequence=from_sequence, to_sequence=to_sequence), principal)

    def update_catalog(self, catalog, principal, request_id=""):
        return self.call("UpdateCatalog", pb.UpdateCatalogRequest(
            catalog=catalog, request_id=request_id), principal)

    def get_catalog(self, principal):
        return self.call("GetCatalog", pb.GetCatalogRequest(), principal)

    def health_check(self, service=""):
        """grpc.health.v1.Health/Check; returns the status enum value
        (1 = SERVING). The request is HealthCheckRequest{service = 1}."""
        request = b""
        if service:
            data = service.encode()
            request = b"\x0a" + _varint(len(data)) + data
        raw = self._health(request, timeout=self.timeout)
        fields = _decode_fields(raw)
        return fields.get(1, 0)  # absent = UNKNOWN (0)


# ------------------------------------------------------- wire helpers --

def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _read_varint(buf, pos):
    shift = result = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def _decode_fields(buf):
    """Minimal decoder for a flat message: {field number: last value}; varints
    as ints, length-delimited fields as bytes."""
    fields, pos = {}, 0
    while pos < len(buf):
        tag, pos = _read_varint(buf, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            fields[number], pos = _read_varint(buf, pos)
        elif wire == 2:
            size, pos = _read_varint(buf, pos)
            fields[number] = bytes(buf[pos:pos + size])
            pos += size
        elif wire == 1:
            fields[number] = bytes(buf[pos:pos + 8])
            pos += 8
        elif wire == 5:
            fields[number] = bytes(buf[pos:pos + 4])
            pos += 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
    return fields


# ---------------------------------------------------------- error details --

def rpc_status(error):
    """The google.rpc.Status of an RpcError's grpc-status-details-bin
    trailer, or None when the server sent none."""
    for key, value in (error.trailing_metadata() or ()):
        if key == "grpc-status-details-bin":
            return pb.Status.FromString(value)
    return None


def bad_request_violations(error_or_status):
    """[(field, description), ...] of the google.rpc.BadRequest detail of an
    RpcError (its trailer) or of a google.rpc.Status (StreamSubmit's inline
    error). Empty when there is none."""
    status = error_or_status
    if isinstance(error_or_status, grpc.RpcError):
        status = rpc_status(error_or_status)
    if status is None:
        return []
    out = []
    for any_msg in status.details:
        if any_msg.type_url == BAD_REQUEST_TYPE_URL:
            bad = pb.BadRequest.FromString(any_msg.value)
            out.extend((v.field, v.description) for v in bad.field_violations)
    return out


# ------------------------------------------------------ message builders --

def indicator_item(code, region, period, value="", unit="", numerator="",
                   denominator="", note=""):
    return pb.SubmissionItem(indicator_value=pb.IndicatorValue(
        indicator_code=code, region_code=region, period=period, value=value,
        numerator=numerator, denominator=denominator, unit=unit, note=note))


def submission(submission_id, department, *items, submitted_at_micros=None):
    return pb.Submission(
        submission_id=submission_id, department=department,
        source_system="interop-python", adapter="canonical",
        submitted_at_micros=(submitted_at_micros if submitted_at_micros is not None
                             else int(time.time() * 1e6)),
        items=list(items))


SUBSIDY = "resident_insurance_subsidy_per_person"  # owner finance, 元/人, years


def subsidy(submission_id, department, region, period, value, unit="元/人"):
    return submission(submission_id, department,
                      indicator_item(SUBSIDY, region, period, value=value, unit=unit))


def indicator_key(code, region, period):
    return pb.RecordKey(kind=pb.SUBJECT_KIND_INDICATOR, code=code,
                        region_code=region, period=period)


# ------------------------------------------------------------- catalog --

def visible_catalog(catalog, region):
    """The part of catalog a principal of region reads (DESIGN.md section 6):
    regions, plans, tasks and targets of its subtree and its ancestors, every
    department and indicator definition."""
    parent = {r.code: r.parent_code for r in catalog.regions}

    def chain(code):
        out = []
        while code and code not in out:
            out.append(code)
            code = parent.get(code, "")
        return out

    def visible(code):
        return code in chain(region) or region in chain(code)

    out = pb.Catalog()
    out.departments.extend(catalog.departments)
    out.regions.extend(r for r in catalog.regions if visible(r.code))
    for ind in catalog.indicators:
        copy = out.indicators.add()
        copy.CopyFrom(ind)
        del copy.targets[:]
        copy.targets.extend(t for t in ind.targets
                            if not t.region_code or visible(t.region_code))
    out.plans.extend(p for p in catalog.plans if visible(p.region_code))
    out.tasks.extend(t for t in catalog.tasks if visible(t.region_code))
    return out


def load_catalog(directory=CATALOG_DIR):
    """Every tools/catalog/*.json (proto JSON of hub.v1.Catalog), merged."""
    catalog = pb.Catalog()
    files = sorted(glob.glob(os.path.join(directory, "*.json")))
    if not files:
        raise RuntimeError("no catalog files in " + directory)
    for path in files:
        with open(path, encoding="utf-8") as f:
            part = json_format.Parse(f.read(), pb.Catalog())
        catalog.MergeFrom(part)  # repeated fields concatenate
    return catalog


# -------------------------------------------------------------- server --

class HubServer:
    """Runs hubd in a fresh temporary data directory on 127.0.0.1:0 with
    --insecure_demo_auth. stop() sends SIGTERM, waits and returns the exit
    code; stop(check=True) raises unless it is 0."""

    def __init__(self, hubd, start_timeout=30.0, extra_args=()):
        self.hubd = os.path.abspath(hubd)
        self.start_timeout = start_timeout
        self.extra_args = list(extra_args)
        self.workdir = None
        self.process = None
        self.port = None
        self.log_path = None

    @property
    def address(self):
        return "127.0.0.1:%d" % self.port

    def start(self):
        if not os.access(self.hubd, os.X_OK):
            raise RuntimeError("hubd not executable: " + self.hubd)
        self.workdir = tempfile.mkdtemp(prefix="hub_interop_")
        port_file = os.path.join(self.workdir, "port")
        self.log_path = os.path.join(self.workdir, "hubd.log")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [self.hubd, "--data_dir=" + os.path.join(self.workdir, "data"),
             "--listen=127.0.0.1:0", "--port_file=" + port_file,
             "--insecure_demo_auth"] + self.extra_args,
            stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.start_timeout
        while True:
            if os.path.exists(port_file):
                with open(port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    return self
            code = self.process.poll()
            if code is not None:
                raise RuntimeError("hubd exited with %d before serving:\n%s"
                                   % (code, self.log()))
            if time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                raise RuntimeError("hubd wrote no port file in %.0fs:\n%s"
                                   % (self.start_timeout, self.log()))
            time.sleep(0.02)

    def log(self):
        if self.log_path is None or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self, check=True, timeout=30.0):
        """SIGTERM, wait; returns the exit code (raises if check and != 0)."""
        if self.process is None:
            return None
        code = self.process.poll()
        if code is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self._cleanup()
                raise RuntimeError("hubd did not stop within %.0fs of SIGTERM"
                                   % timeout)
        log = self.log()
        self.process = None
        self._cleanup()
        if check and code != 0:
            raise RuntimeError("hubd exited with %d:\n%s" % (code, log))
        return code

    def _cleanup(self):
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        self.stop(check=exc_type is None)


# ---------------------------------------------------------- test runner --

def stop_server(server, client):
    """Closes client and stops server with SIGTERM; raises unless hubd exits 0."""
    if client is not None:
        client.close()
    if server is not None:
        code = server.stop(check=False)
        if code != 0:
            raise AssertionError("hubd exited with %s after SIGTERM (want 0):\n%s"
                                 % (code, server.log()))


class HubTestCase(unittest.TestCase):
    """A test case with the hub's error assertion."""
    maxDiff = None

    def assertRpcError(self, code, fn, *args, **kwargs):
        """Runs fn; asserts it raises an RpcError with code; returns it."""
        with self.assertRaises(grpc.RpcError) as ctx:
            fn(*args, **kwargs)
        error = ctx.exception
        self.assertEqual(error.code(), code,
                         "want %s, got %s: %s" % (code, error.code(), error.details()))
        return error


class _CountingResult(unittest.TextTestResult):
    passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def run_tests(argv, module):
    """The main() of an interop test module: `PROGRAM PATH_TO_HUBD [unittest
    args]` (or HUBD=...). Sets module.HUBD, runs the module's tests, prints
    "N passed, M failed" as the last line; returns the exit code."""
    args = argv[1:]
    hubd = None
    if args and not args[0].startswith("-"):
        hubd = args.pop(0)
    hubd = hubd or os.environ.get("HUBD")
    if not hubd:
        print("usage: %s PATH_TO_HUBD [unittest args] (or HUBD=...)"
              % os.path.basename(argv[0]), file=sys.stderr)
        print("0 passed, 1 failed")
        return 2
    module.HUBD = hubd
    started = time.monotonic()
    program = unittest.main(
        module=module, argv=[argv[0]] + args, exit=False,
        testRunner=unittest.TextTestRunner(resultclass=_CountingResult,
                                           verbosity=2))
    result = program.result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print("%s: %.1fs against %s" % (os.path.basename(argv[0]),
                                    time.monotonic() - started, hubd))
    line = "%d passed, %d failed" % (result.passed, failed)
    if result.skipped:
        line += ", %d skipped" % len(result.skipped)
    print(line, flush=True)
    return 0 if failed == 0 and result.passed > 0 else 1

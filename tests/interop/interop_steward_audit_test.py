#!/usr/bin/python3
"""Interop test of the newer services from a client not written in C++:
StewardshipService, AuditService and a department adapter service.

    /usr/bin/python3 tests/interop/interop_steward_audit_test.py path/to/hubd

One hubd (fresh temporary data directory, --insecure_demo_auth) serves the
module; tests run in name order and later ones build on earlier data:

  1x  stewardship: finance and medical insurance disagree on the subsidy of
      三元区 (350404); the reform office lists the conflict, loses a race on
      a stale etag (ABORTED), resolves it; a locked period refuses a
      submission (FAILED_PRECONDITION naming the lock) until unlocked.
  2x  the finance adapter service takes its native budget execution report;
      the merged record carries the adapter's provenance.
  3x  audit: Replay with filters, cancelled mid-stream and resumed from
      resume_after without gaps or repeats (also live, while Python writes);
      record history and the record as of a sequence or a time.
  4x  Merkle proofs checked in Python alone (merkle.py: hashlib, the RFC 6962
      definitions, not the hub's code): the checkpoint root recomputed from
      every leaf, inclusion and consistency proofs, tampered proofs fail,
      and the Ed25519 signature of the checkpoint text when Debian's
      python3-cryptography is installed (skipped, saying so, otherwise).
"""

import os
import sys
import threading
import time

import grpc

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hub_client  # noqa: E402
from hub_client import (pb, bad_request_violations, indicator_key,  # noqa: E402
                        subsidy, SUBSIDY)
from merkle import (ProofError, check_consistency, check_inclusion,  # noqa: E402
                    checkpoint_text, leaf_hash, mth, sha256, tampered)

try:  # Debian: python3-cryptography; optional, only for the signature check
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding, PublicFormat, load_pem_public_key)
    HAVE_CRYPTOGRAPHY = True
except ImportError:
    HAVE_CRYPTOGRAPHY = False

REFORM_OFFICE = "reform_office@350400"
FINANCE = "finance@350400"
MEDICAL_INSURANCE = "medical_insurance@350400"
ANALYST = "analyst@350400"
AUDITOR = "auditor@350400"

SANMING = "350400"  # 三明市
SANYUAN = "350404"  # 三元区, in 三明市
MINGXI = "350421"   # 明溪县, in 三明市
PERIOD = "2023"
KEY = None  # the conflicting record: subsidy, 三元区, 2023 (set in setUpModule)

HUBD = None
SERVER = None
CLIENT = None
STATE = {}  # what earlier tests leave for later ones


def setUpModule():
    global SERVER, CLIENT, KEY
    KEY = indicator_key(SUBSIDY, SANYUAN, PERIOD)
    SERVER = hub_client.HubServer(HUBD).start()
    CLIENT = hub_client.HubClient(SERVER.address)
    response = CLIENT.update_catalog(hub_client.load_catalog(), REFORM_OFFICE,
                                     request_id="interop-steward-load")
    if response.sequence != 1:
        raise AssertionError("catalog load should be event 1: %s" % response)


def tearDownModule():
    global SERVER, CLIENT
    server, client, SERVER, CLIENT = SERVER, CLIENT, None, None
    hub_client.stop_server(server, client)


# ------------------------------------------------------------------ test --

class StewardAuditInteropTest(hub_client.HubTestCase):
    def head(self):
        return CLIENT.list_events(AUDITOR, page_size=1).last_sequence

    def events_after(self, sequence):
        return list(CLIENT.list_events(AUDITOR, after_sequence=sequence,
                                       page_size=100).events)

    def record(self, key=None):
        return CLIENT.get_record(key or KEY, ANALYST)

    def conflicts(self, **filters):
        page = CLIENT.call("ListConflicts", pb.ListRecordsRequest(**filters),
                           REFORM_OFFICE)
        return [(r.key.code, r.key.region_code, r.key.period) for r in page.records]

    def resolve(self, principal=REFORM_OFFICE, **fields):
        return CLIENT.call("ResolveRecord",
                           pb.ResolveRecordRequest(key=KEY, **fields), principal)

    def period(self, method, region, period, reason, principal=REFORM_OFFICE):
        return CLIENT.call(method, pb.PeriodRequest(
            region_code=region, period=period, reason=reason), principal)

    # ------------------------------------------------------- stewardship --

    def test_10_conflict_listed(self):
        STATE["early_checkpoint"] = CLIENT.call(
            "GetCheckpoint", pb.GetCheckpointRequest(), AUDITOR)
        fin = CLIENT.submit(subsidy("fin-2023-sanyuan", "finance", SANYUAN,
                                    PERIOD, "670.00"), FINANCE).receipt
        mi = CLIENT.submit(subsidy("mi-2023-sanyuan", "medical_insurance",
                                   SANYUAN, PERIOD, "640.00"),
                           MEDICAL_INSURANCE).receipt
        STATE["fin_receipt"], STATE["mi_receipt"] = fin, mi
        self.assertEqual(mi.items[0].state, pb.RECORD_STATE_CONFLICT)
        # One source only: no conflict.
        CLIENT.submit(subsidy("fin-2023-mingxi", "finance", MINGXI, PERIOD,
                              "670.00"), FINANCE)
        want = [(SUBSIDY, SANYUAN, PERIOD)]
        self.assertEqual(self.conflicts(), want)
        self.assertEqual(self.conflicts(region_code=SANMING,
                                        indicator_code=SUBSIDY), want)
        self.assertEqual(self.conflicts(region_code=MINGXI), [])
        self.assertEqual(self.conflicts(period="2024"), [])
        error = self.assertRpcError(
            grpc.StatusCode.PERMISSION_DENIED, CLIENT.call, "ListConflicts",
            pb.ListRecordsRequest(), FINANCE)
        self.assertIn("reform office", error.details())
        rec = self.record()
        self.assertEqual((rec.value, rec.state, rec.version),
                         ("670.00", pb.RECORD_STATE_CONFLICT, 2))
        self.assertEqual([(c.department, c.reference_department, c.value,
                           c.reference_value) for c in rec.conflicts],
                         [("medical_insurance", "finance", "640.00", "670.00")])

    def test_11_resolve_stale_etag_aborted_then_resolved(self):
        stale = self.record()
        # Medical insurance revises its figure after the office read it.
        revised = CLIENT.submit(subsidy("mi-2023-sanyuan-2", "medical_insurance",
                                        SANYUAN, PERIOD, "650.00"),
                                MEDICAL_INSURANCE).receipt
        STATE["mi_revised"] = revised
        current = self.record()
        self.assertEqual(current.version, stale.version + 1)
        self.assertNotEqual(current.etag, stale.etag)
        self.assertEqual(current.state, pb.RECORD_STATE_CONFLICT)
        head = self.head()
        error = self.assertRpcError(
            grpc.StatusCode.ABORTED, self.resolve, etag=stale.etag,
            chosen_department="finance", reason="财政核定标准为准")
        self.assertIn(stale.etag, error.details())
        self.assertIn("current etag " + current.etag, error.details())
        self.assertIn("read the record again", error.details())
        self.assertEqual(self.record(), current, "a stale resolution changes nothing")
        # Missing reason, both or neither of department and value: field
        # violations; only the reform office resolves.
        error = self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT, self.resolve,
                                    etag=current.etag, chosen_department="finance")
        self.assertEqual([f for f, _ in bad_request_violations(error)], ["reason"])
        error = self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT, self.resolve,
                                    etag=current.etag, chosen_department="finance",
                                    value="660", reason="两者都给")
        self.assertEqual([f for f, _ in bad_request_violations(error)], ["value"])
        self.assertEqual(self.head(), head, "bad resolutions log nothing")
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED, self.resolve,
                            FINANCE, etag=current.etag,
                            chosen_department="finance", reason="自己裁决")
        # A refusal of the access policy is logged: who, which call, why.
        self.assertEqual(self.head(), head + 1)
        refused = CLIENT.list_events(AUDITOR, after_sequence=head).events
        self.assertEqual([(e.kind, e.actor, e.rejection.method, e.rejection.code)
                          for e in refused],
                         [(pb.EVENT_KIND_CALL_REFUSED, FINANCE,
                           "/hub.v1.StewardshipService/ResolveRecord",
                           "PERMISSION_DENIED")])
        head += 1

        reason = "财政核定标准为准（三明市医改办 2024 年第 3 次会议）"
        resolved = self.resolve(etag=current.etag, chosen_department="finance",
                                reason=reason)
        self.assertEqual(resolved.state, pb.RECORD_STATE_RESOLVED)
        self.assertEqual(resolved.value, "670.00")
        self.assertEqual(resolved.version, current.version + 1)
        self.assertNotEqual(resolved.etag, current.etag)
        r = resolved.resolution
        self.assertEqual((r.actor, r.reason, r.chosen_department, r.value),
                         (REFORM_OFFICE, reason, "finance", "670.00"))
        self.assertEqual(r.sequence, head + 1)
        self.assertEqual(self.record(), resolved)
        [event] = self.events_after(head)
        self.assertEqual((event.kind, event.actor, event.reason, event.sequence),
                         (pb.EVENT_KIND_CONFLICT_RESOLVED, REFORM_OFFICE, reason,
                          head + 1))
        self.assertEqual(event.record_key, KEY)
        self.assertEqual(event.after, resolved)
        self.assertEqual(event.before, current)
        self.assertEqual(self.conflicts(), [], "a resolved record is no conflict")
        STATE["resolved"] = resolved

    def test_12_lock_refuses_submission(self):
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED, self.period,
                            "LockPeriod", SANYUAN, PERIOD, "锁定", FINANCE)
        error = self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT, self.period,
                                    "LockPeriod", SANYUAN, PERIOD, "")
        self.assertEqual([f for f, _ in bad_request_violations(error)], ["reason"])
        head = self.head()
        reason = "2023 年度数据已审定"
        lock = self.period("LockPeriod", SANYUAN, PERIOD, reason)
        self.assertEqual((lock.region_code, lock.period, lock.locked, lock.locked_by,
                          lock.lock_reason, lock.locked_sequence),
                         (SANYUAN, PERIOD, True, REFORM_OFFICE, reason, head + 1))
        [event] = self.events_after(head)
        self.assertEqual((event.kind, event.actor, event.reason),
                         (pb.EVENT_KIND_PERIOD_LOCKED, REFORM_OFFICE, reason))
        self.assertEqual(event.lock, lock)
        locks = CLIENT.call("ListLocks", pb.ListLocksRequest(), REFORM_OFFICE).locks
        self.assertEqual(list(locks), [lock])
        error = self.assertRpcError(grpc.StatusCode.FAILED_PRECONDITION,
                                    self.period, "LockPeriod", SANYUAN, PERIOD,
                                    "再锁一次")
        self.assertIn("lock %s/%s is already locked" % (SANYUAN, PERIOD),
                      error.details())

        late = subsidy("fin-2023-sanyuan-late", "finance", SANYUAN, PERIOD, "680.00")
        head = self.head()
        error = self.assertRpcError(grpc.StatusCode.FAILED_PRECONDITION,
                                    CLIENT.submit, late, FINANCE)
        details = error.details()
        self.assertIn("is locked by lock %s/%s" % (SANYUAN, PERIOD), details)
        self.assertIn("locked by %s at sequence %d" % (REFORM_OFFICE,
                                                        lock.locked_sequence), details)
        self.assertIn(reason, details)
        self.assertIn("unlock", details)
        [event] = self.events_after(head)
        self.assertEqual((event.kind, event.actor, event.rejection.code),
                         (pb.EVENT_KIND_SUBMISSION_REJECTED, FINANCE,
                          "FAILED_PRECONDITION"))
        self.assertEqual(event.submission_body, late)
        STATE["refused_sequence"] = event.sequence
        self.assertEqual(self.record(), STATE["resolved"], "the lock held")
        # A dry run is refused the same way and logs nothing.
        head = self.head()
        self.assertRpcError(grpc.StatusCode.FAILED_PRECONDITION, CLIENT.submit,
                            late, FINANCE, dry_run=True)
        self.assertEqual(self.head(), head)
        # The lock covers exactly that period; and a resolution is refused.
        other = CLIENT.submit(subsidy("fin-2022-sanyuan", "finance", SANYUAN,
                                      "2022", "610.00"), FINANCE).receipt
        self.assertEqual(other.items[0].action, pb.ItemOutcome.ACTION_CREATED)
        error = self.assertRpcError(
            grpc.StatusCode.FAILED_PRECONDITION, self.resolve,
            etag=STATE["resolved"].etag, value="660", reason="改判")
        self.assertIn("lock %s/%s" % (SANYUAN, PERIOD), error.details())

    def test_13_unlock_then_accepted(self):
        head = self.head()
        unlock = self.period("UnlockPeriod", SANYUAN, PERIOD, "更正 2023 年度补助标准")
        self.assertEqual((unlock.region_code, unlock.period, unlock.locked),
                         (SANYUAN, PERIOD, False))
        [event] = self.events_after(head)
        self.assertEqual(event.kind, pb.EVENT_KIND_PERIOD_UNLOCKED)
        self.assertEqual(event.reason, "更正 2023 年度补助标准")
        error = self.assertRpcError(grpc.StatusCode.FAILED_PRECONDITION,
                                    self.period, "UnlockPeriod", SANYUAN, PERIOD,
                                    "再解锁")
        self.assertIn("is not locked", error.details())
        # The very submission refused under the lock is accepted now.
        late = subsidy("fin-2023-sanyuan-late", "finance", SANYUAN, PERIOD, "680.00")
        receipt = CLIENT.submit(late, FINANCE).receipt
        self.assertFalse(receipt.replayed)
        self.assertEqual(receipt.sequence, head + 2)
        self.assertEqual(receipt.items[0].key, KEY)
        self.assertEqual(receipt.items[0].action, pb.ItemOutcome.ACTION_UPDATED)
        self.assertEqual(receipt.items[0].merged_value, "680.00")
        rec = self.record()
        self.assertEqual(rec.value, "680.00")
        self.assertEqual(
            [(c.department, c.submission_id, c.value) for c in rec.contributions],
            [("finance", "fin-2023-sanyuan-late", "680.00"),
             ("medical_insurance", "mi-2023-sanyuan-2", "650.00")])
        # Finance's new figure differs from the resolved one: the resolution
        # no longer stands and the record is in conflict again.
        self.assertEqual(rec.state, pb.RECORD_STATE_CONFLICT)
        self.assertFalse(rec.HasField("resolution"))
        self.assertEqual(self.conflicts(), [(SUBSIDY, SANYUAN, PERIOD)])
        STATE["late_receipt"] = receipt

    def test_14_lock_covers_the_subtree(self):
        lock = self.period("LockPeriod", SANMING, "2022", "三明市 2022 年度结账")
        error = self.assertRpcError(
            grpc.StatusCode.FAILED_PRECONDITION, CLIENT.submit,
            subsidy("fin-2022-sanyuan-2", "finance", SANYUAN, "2022", "615.00"),
            FINANCE)
        self.assertIn("lock %s/2022" % SANMING, error.details())
        self.assertEqual(self.record(indicator_key(SUBSIDY, SANYUAN, "2022")).value,
                         "610.00")
        locks = CLIENT.call("ListLocks", pb.ListLocksRequest(), REFORM_OFFICE).locks
        self.assertIn(lock, list(locks))
        self.period("UnlockPeriod", SANMING, "2022", "结账完毕")
        CLIENT.submit(subsidy("fin-2022-sanyuan-2", "finance", SANYUAN, "2022",
                              "615.00"), FINANCE)
        self.assertEqual(self.record(indicator_key(SUBSIDY, SANYUAN, "2022")).value,
                         "615.00")

    # ----------------------------------------------------------- adapter --

    @staticmethod
    def budget_request(standard="670", unit="万元", division=MINGXI):
        row = pb.BudgetExecutionRow(
            division_code=division, budget_year="2024", quarter="3",
            subject_code="2101202", subject_name="城乡居民基本医疗保险基金补助",
            unit=unit, budget_amount="8490.00", executed_amount="6367.50",
            subsidy_per_person=standard, covered_persons="103200")
        return pb.SubmitBudgetExecutionRequest(report=pb.BudgetExecutionReport(
            report_period="2024Q1-Q3", source="明溪县财政局预算执行月报",
            rows=[row]))

    def test_20_finance_adapter_native_report(self):
        request = self.budget_request()
        head = self.head()
        receipt = CLIENT.call("SubmitBudgetExecution", request, FINANCE)
        key = indicator_key(SUBSIDY, MINGXI, "2024")
        self.assertEqual((receipt.department, receipt.replayed, receipt.sequence),
                         ("finance", False, head + 1))
        self.assertTrue(receipt.submission_id, "derived from the report's content")
        self.assertEqual([(i.key, i.action, i.merged_value) for i in receipt.items],
                         [(key, pb.ItemOutcome.ACTION_CREATED, "670.00")])
        # 670 × 103200 × 3/4 = 5185.8万元, not the 6367.50 executed: a warning
        # naming the row; the figure is accepted.
        [warning] = receipt.translation_warnings
        self.assertIn("rows[0].executed_amount: 执行数 6367.50万元", warning)
        again = CLIENT.call("SubmitBudgetExecution", request, FINANCE)
        self.assertTrue(again.replayed)
        self.assertEqual((again.submission_id, again.sequence),
                         (receipt.submission_id, receipt.sequence))

        rec = self.record(key)
        self.assertEqual((rec.value, rec.state), ("670.00", pb.RECORD_STATE_SINGLE_SOURCE))
        [c] = rec.contributions
        self.assertEqual((c.department, c.submission_id, c.sequence, c.value),
                         ("finance", receipt.submission_id, receipt.sequence, "670.00"))
        p = c.provenance
        self.assertEqual((p.adapter, p.source, p.field),
                         ("finance_budget_execution",
                          "FinanceAdapter.SubmitBudgetExecution", "rows[0]"))
        self.assertTrue(p.adapter_version)
        conversions = {v.field: (getattr(v, "from"), v.to)
                       for v in p.conversions}
        self.assertEqual(conversions["indicator_code"], ("2101202", SUBSIDY))
        self.assertEqual(conversions["region_code"], (MINGXI, MINGXI))
        self.assertEqual(conversions["period"], ("2024", "2024"))
        # The event log keeps the translated submission as sent.
        [accepted] = [e for e in self.events_after(head)
                      if e.kind == pb.EVENT_KIND_SUBMISSION_ACCEPTED]
        self.assertEqual(accepted.submission_body.adapter, "finance_budget_execution")
        STATE["adapter_receipt"] = receipt

    def test_21_finance_adapter_bad_rows_and_authority(self):
        head = self.head()
        error = self.assertRpcError(
            grpc.StatusCode.INVALID_ARGUMENT, CLIENT.call, "SubmitBudgetExecution",
            self.budget_request(standard="六百七十", unit="千元"), FINANCE)
        self.assertIn("2 problems in 1 row of the report", error.details())
        self.assertEqual(sorted(f for f, _ in bad_request_violations(error)),
                         ["rows[0].subsidy_per_person", "rows[0].unit"])
        error = self.assertRpcError(
            grpc.StatusCode.INVALID_ARGUMENT, CLIENT.call, "SubmitBudgetExecution",
            pb.SubmitBudgetExecutionRequest(report=pb.BudgetExecutionReport(
                report_period="2024Q5")), FINANCE)
        self.assertEqual([f for f, _ in bad_request_violations(error)],
                         ["report.report_period"])
        self.assertEqual(self.head(), head, "translation failures log nothing")
        # The adapter speaks for finance: medical insurance may not use it.
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED, CLIENT.call,
                            "SubmitBudgetExecution",
                            self.budget_request(standard="671"), MEDICAL_INSURANCE)
        self.assertRpcError(grpc.StatusCode.UNAUTHENTICATED, CLIENT.call,
                            "SubmitBudgetExecution", self.budget_request(), None)

    # ------------------------------------------------------------ replay --

    def replay(self, principal=AUDITOR, after=0, to=0, follow=False,
               take=None, timeout=60, **filters):
        """Replay; returns ([(sequence, resume_after) or (None, resume)], call).
        With take, cancels the call after that many messages."""
        request = pb.ReplayRequest(after_sequence=after, to_sequence=to,
                                   follow=follow,
                                   filter=pb.ReplayFilter(**filters))
        call = CLIENT.stream("Replay", request, principal, timeout=timeout)
        got = []
        for response in call:
            got.append((response.event.sequence if response.HasField("event")
                        else None, response.resume_after))
            if take is not None and len(got) >= take:
                call.cancel()
                break
        return got, call

    def replay_resuming(self, take, end, **kwargs):
        """Replays in connections of `take` messages, each cancelled and
        resumed from the last resume_after; returns the event sequences."""
        seen, resume = [], 0
        for _ in range(1000):
            if resume >= end:
                return seen
            got, call = self.replay(after=resume, take=take, **kwargs)
            self.assertTrue(got, "no progress after %d" % resume)
            # CANCELLED, or OK when the whole stream had already arrived.
            self.assertIn(call.code(), (grpc.StatusCode.CANCELLED,
                                        grpc.StatusCode.OK))
            resumes = [r for _, r in got]
            self.assertEqual(resumes, sorted(set(resumes)), got)
            self.assertGreater(resumes[0], resume)
            seen.extend(s for s, _ in got if s is not None)
            for s, r in got:
                if s is not None:
                    self.assertEqual(s, r, "an event's resume_after is itself")
            resume = got[-1][1]
        self.fail("replay did not reach %d" % end)

    def test_30_replay_filters(self):
        head = self.head()
        events = CLIENT.all_events(AUDITOR)
        self.assertEqual(len(events), head)
        # Finance's submissions (accepted or refused) about 三元区.
        kinds = [pb.EVENT_KIND_SUBMISSION_ACCEPTED, pb.EVENT_KIND_SUBMISSION_REJECTED]
        want = [e.sequence for e in events
                if e.kind in kinds and e.submission_body.department == "finance"
                and any(i.indicator_value.region_code == SANYUAN
                        for i in e.submission_body.items)]
        got, call = self.replay(department="finance", region_code=SANYUAN,
                                kinds=kinds)
        self.assertEqual(call.code(), grpc.StatusCode.OK)
        self.assertEqual([s for s, _ in got if s is not None], want)
        self.assertEqual(got[-1][1], head, "the replay reports it reached the head")
        self.assertGreaterEqual(len(want), 5)
        fin_late = STATE["late_receipt"].sequence
        self.assertIn(fin_late, want)
        self.assertIn(STATE["refused_sequence"], want, "the refusal under the lock")
        # Changes of the one record: by key fields and period (valid time).
        record_kinds = {pb.EVENT_KIND_RECORD_CHANGED, pb.EVENT_KIND_CONFLICT_OPENED,
                        pb.EVENT_KIND_CONFLICT_RESOLVED}
        want = [e.sequence for e in events
                if e.kind in record_kinds and e.record_key == KEY]
        got, _ = self.replay(region_code=SANYUAN, indicator_code=SUBSIDY,
                             period=PERIOD, kinds=sorted(record_kinds))
        self.assertEqual([s for s, _ in got if s is not None], want)
        self.assertIn(STATE["resolved"].resolution.sequence, want)
        # to_sequence bounds it; a department replays only its own events.
        got, _ = self.replay(to=10)
        self.assertEqual([s for s, _ in got], list(range(1, 11)))
        got, _ = self.replay(FINANCE, kinds=[pb.EVENT_KIND_SUBMISSION_ACCEPTED])
        self.assertEqual([s for s, _ in got if s is not None],
                         [e.sequence for e in events
                          if e.kind == pb.EVENT_KIND_SUBMISSION_ACCEPTED
                          and e.submission.department == "finance"])
        for principal, filters, code in (
                (FINANCE, {"department": "medical_insurance"},
                 grpc.StatusCode.PERMISSION_DENIED),
                (ANALYST, {}, grpc.StatusCode.PERMISSION_DENIED),
                (None, {}, grpc.StatusCode.UNAUTHENTICATED)):
            error = self.assertRpcError(code, self.replay, principal, **filters)
            self.assertTrue(error.details())
        self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT, self.replay,
                            after=10, to=5)

    def test_31_replay_cancelled_and_resumed(self):
        head = self.head()
        # Everything, 4 messages per connection.
        self.assertEqual(self.replay_resuming(4, head), list(range(1, head + 1)))
        # Filtered: record changes only, 3 messages per connection; resuming
        # from a progress message's resume_after skips nothing either.
        kinds = [pb.EVENT_KIND_RECORD_CHANGED]
        want = [e.sequence for e in CLIENT.all_events(AUDITOR)
                if e.kind == pb.EVENT_KIND_RECORD_CHANGED]
        self.assertEqual(self.replay_resuming(3, head, kinds=kinds), want)

    def test_32_live_replay_while_python_writes(self):
        start = self.head()
        n = 12
        end = start + 2 * n  # each new record: SUBMISSION_ACCEPTED, RECORD_CHANGED
        errors = []

        def write():
            try:
                with hub_client.HubClient(SERVER.address) as writer:
                    for i in range(n):
                        writer.submit(subsidy("fin-live-%02d" % i, "finance",
                                              MINGXI, str(2001 + i), "%d.00" % (500 + i)),
                                      FINANCE)
                        time.sleep(0.01)
            except Exception as e:  # reported by the main thread
                errors.append(e)

        thread = threading.Thread(target=write)
        thread.start()
        try:
            seen, resume, connections = [], start, 0
            for _ in range(1000):
                if resume >= end:
                    break
                got, call = self.replay(after=resume, to=end, follow=True, take=3)
                seen.extend(s for s, _ in got if s is not None)
                self.assertTrue(got)
                resume = got[-1][1]
                if resume < end:  # a follow stream ends only at to_sequence
                    self.assertEqual(call.code(), grpc.StatusCode.CANCELLED)
                    connections += 1
        finally:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(seen, list(range(start + 1, end + 1)),
                         "live events with cancels: no gaps, no repeats")
        self.assertGreaterEqual(connections, 2 * n // 3 - 1,
                                "cancelled mid-stream every 3 messages")

    # --------------------------------------------------- history, as of --

    def test_33_record_history(self):
        history = CLIENT.call("GetRecordHistory",
                              pb.GetRecordHistoryRequest(key=KEY), ANALYST).changes
        live = self.record()
        self.assertEqual([c.after.version for c in history],
                         list(range(1, live.version + 1)))
        self.assertFalse(history[0].HasField("before"), "the first change creates")
        for prev, change in zip(history, history[1:]):
            self.assertEqual(change.before, prev.after)
            self.assertLess(prev.sequence, change.sequence)
        for change in history:
            self.assertEqual(change.record_key, KEY)
            self.assertEqual(change.after.last_sequence, change.sequence)
        self.assertEqual(history[-1].after, live)
        self.assertEqual([(c.actor, c.after.value, c.after.state) for c in history],
                         [(FINANCE, "670.00", pb.RECORD_STATE_SINGLE_SOURCE),
                          (MEDICAL_INSURANCE, "670.00", pb.RECORD_STATE_CONFLICT),
                          (MEDICAL_INSURANCE, "670.00", pb.RECORD_STATE_CONFLICT),
                          (REFORM_OFFICE, "670.00", pb.RECORD_STATE_RESOLVED),
                          (FINANCE, "680.00", pb.RECORD_STATE_CONFLICT)])
        resolved = history[3]
        self.assertEqual(resolved.kind, pb.EVENT_KIND_CONFLICT_RESOLVED)
        self.assertEqual(resolved.after, STATE["resolved"])
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED, CLIENT.call,
                            "GetRecordHistory", pb.GetRecordHistoryRequest(key=KEY),
                            "analyst@411300")
        self.assertRpcError(grpc.StatusCode.NOT_FOUND, CLIENT.call,
                            "GetRecordHistory", pb.GetRecordHistoryRequest(
                                key=indicator_key(SUBSIDY, SANYUAN, "2019")), ANALYST)
        STATE["history"] = list(history)

    def as_of(self, principal=ANALYST, **fields):
        return CLIENT.call("GetRecordAsOf",
                           pb.GetRecordAsOfRequest(key=KEY, **fields), principal)

    def test_34_record_as_of(self):
        history = STATE["history"]
        created, conflict, revised, resolved, late = history
        # As of the log's first n events: the change at or before n.
        for change, following in zip(history, history[1:] + [None]):
            for n in {change.sequence,
                      (following.sequence - 1) if following else self.head()}:
                got = self.as_of(sequence=n, department="medical_insurance")
                self.assertEqual((got.as_of_sequence, got.changed_at_sequence,
                                  got.changed_at_micros),
                                 (n, change.sequence, change.time_micros), n)
                self.assertEqual(got.record, change.after, n)
        # Medical insurance's contribution as of before and after its revision.
        got = self.as_of(sequence=revised.sequence - 1,
                         department="medical_insurance")
        self.assertEqual((got.contribution.submission_id, got.contribution.value),
                         ("mi-2023-sanyuan", "640.00"))
        got = self.as_of(sequence=revised.sequence, department="medical_insurance")
        self.assertEqual((got.contribution.submission_id, got.contribution.value),
                         ("mi-2023-sanyuan-2", "650.00"))
        self.assertFalse(self.as_of(sequence=created.sequence,
                                    department="medical_insurance")
                         .HasField("contribution"))
        # Transaction time: what the hub knew at the resolution's moment.
        got = self.as_of(time_micros=resolved.time_micros)
        self.assertEqual(got.changed_at_sequence, resolved.sequence)
        self.assertEqual(got.record.state, pb.RECORD_STATE_RESOLVED)
        got = self.as_of(time_micros=late.time_micros - 1)
        self.assertEqual(got.record.version, resolved.after.version)
        # Before it existed: NOT_FOUND naming the position.
        error = self.assertRpcError(grpc.StatusCode.NOT_FOUND, self.as_of,
                                    sequence=created.sequence - 1)
        self.assertIn("as of sequence %d" % (created.sequence - 1), error.details())
        self.assertRpcError(grpc.StatusCode.NOT_FOUND, self.as_of,
                            time_micros=created.time_micros - 1)
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED, self.as_of,
                            "analyst@411300", sequence=created.sequence)

    # ------------------------------------------------ Merkle, in Python --

    def checkpoint(self, tree_size=0, principal=AUDITOR):
        return CLIENT.call("GetCheckpoint", pb.GetCheckpointRequest(
            tree_size=tree_size), principal)

    def leaf_bytes(self, size):
        """The stored bytes of events 1..size, from inclusion proofs: each
        asked of Sanming's auditor and, for an event of another province
        (whose proof to Sanming shows presence only), of that province's."""
        out = []
        for sequence in range(1, size + 1):
            for auditor in (AUDITOR, "auditor@410000", "auditor@500000"):
                proof = CLIENT.call("ProveInclusion", pb.ProveInclusionRequest(
                    sequence=sequence, tree_size=size), auditor)
                self.assertEqual(proof.leaf_index, sequence - 1)
                if proof.event_bytes:
                    break
                self.assertEqual(len(proof.leaf_hash), 32)
            self.assertEqual(proof.leaf_hash, leaf_hash(proof.event_bytes))
            out.append(proof.event_bytes)
        return out

    def test_40_checkpoint_root_from_every_leaf(self):
        head = self.head()
        cp = self.checkpoint()
        self.assertEqual(cp.tree_size, head)
        self.assertEqual(len(cp.root_hash), 32)
        self.assertEqual(cp.text, checkpoint_text(cp))
        self.assertEqual(len(cp.signature), 64)
        self.assertEqual(len(cp.key_id), 16)
        self.assertTrue(cp.public_key_pem.startswith("-----BEGIN PUBLIC KEY-----"))
        leaves = self.leaf_bytes(head)
        events = {e.sequence: e for e in CLIENT.all_events(AUDITOR)}
        for data in leaves:
            event = events.get(pb.ChangeEvent.FromString(data).sequence)
            if event is None:
                continue  # another province's
            # The leaf is the event as stored: it parses to what ListEvents
            # returns, and its hash field chains as the log says.
            self.assertEqual(pb.ChangeEvent.FromString(data), event)
            copy = pb.ChangeEvent.FromString(data)
            copy.ClearField("hash")
            self.assertEqual(sha256(event.prev_hash + copy.SerializeToString(
                deterministic=True)), event.hash)
        hashes = [leaf_hash(d) for d in leaves]
        self.assertEqual(mth(hashes), cp.root_hash,
                         "Python's MTH over every stored event is the signed root")
        # Older checkpoints sign the roots of prefixes.
        for size in (1, 2, 3, 7, 8, 9, head - 1):
            old = self.checkpoint(size)
            self.assertEqual((old.tree_size, old.root_hash),
                             (size, mth(hashes[:size])), size)
            self.assertEqual(old.text, checkpoint_text(old))
        early = STATE["early_checkpoint"]
        self.assertEqual(early.root_hash, mth(hashes[:early.tree_size]))
        self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT, self.checkpoint,
                            head + 100)
        STATE["leaf_hashes"] = hashes

    def test_41_inclusion_proof_of_own_submission(self):
        receipt = STATE["fin_receipt"]
        proof = CLIENT.call("ProveInclusion", pb.ProveInclusionRequest(
            sequence=receipt.sequence), AUDITOR)
        cp = proof.checkpoint
        self.assertEqual(cp.tree_size, self.head())
        self.assertEqual(proof.leaf_index, receipt.sequence - 1)
        event = pb.ChangeEvent.FromString(proof.event_bytes)
        self.assertEqual(event, proof.event)
        self.assertEqual((event.sequence, event.kind, event.submission.submission_id,
                          event.actor),
                         (receipt.sequence, pb.EVENT_KIND_SUBMISSION_ACCEPTED,
                          "fin-2023-sanyuan", FINANCE))
        size = cp.tree_size
        check_inclusion(proof.leaf_index, size, proof.event_bytes, proof.path,
                        cp.root_hash)
        self.assertEqual(size, len(STATE["leaf_hashes"]), "reads log nothing")
        self.assertEqual(cp.root_hash, mth(STATE["leaf_hashes"]))

        # Tampering anywhere fails: each path node, the event, the index,
        # the size, a node dropped or added, the path reversed, the root.
        def fails(index, size_, data, path, root):
            with self.assertRaises(ProofError):
                check_inclusion(index, size_, data, path, root)

        path = list(proof.path)
        for i in range(len(path)):
            fails(proof.leaf_index, size, proof.event_bytes,
                  path[:i] + [tampered(path[i], 8 * i + 3)] + path[i + 1:], cp.root_hash)
        fails(proof.leaf_index, size, tampered(proof.event_bytes, 100), path,
              cp.root_hash)
        altered = pb.ChangeEvent()
        altered.CopyFrom(event)
        altered.submission.submission_id = "fin-2023-sanyuan-forged"
        fails(proof.leaf_index, size, altered.SerializeToString(), path, cp.root_hash)
        fails(proof.leaf_index + 1, size, proof.event_bytes, path, cp.root_hash)
        # (A larger size of the same shape would give the same root: the size
        # is bound by the signed checkpoint text, not by the path.)
        fails(proof.leaf_index, proof.leaf_index + 1, proof.event_bytes, path,
              cp.root_hash)
        fails(proof.leaf_index, size, proof.event_bytes, path[:-1], cp.root_hash)
        fails(proof.leaf_index, size, proof.event_bytes, path + [path[0]], cp.root_hash)
        fails(proof.leaf_index, size, proof.event_bytes, path[::-1], cp.root_hash)
        fails(proof.leaf_index, size, proof.event_bytes, path, tampered(cp.root_hash))

        # Every event of a middle-sized tree proves against its checkpoint.
        small = STATE["early_checkpoint"].tree_size + 9
        for sequence in range(1, small + 1):
            p = CLIENT.call("ProveInclusion", pb.ProveInclusionRequest(
                sequence=sequence, tree_size=small), AUDITOR)
            self.assertEqual(p.checkpoint.tree_size, small)
            check_inclusion(p.leaf_index, small, p.event_bytes, p.path,
                            p.checkpoint.root_hash)

        # Proofs are public; the bytes go to who may read the event: the
        # department its own, auditors their jurisdiction's. Others get the
        # leaf hash: presence, not content.
        own = CLIENT.call("ProveInclusion", pb.ProveInclusionRequest(
            sequence=receipt.sequence), FINANCE)
        self.assertEqual(own.event_bytes, proof.event_bytes)
        self.assertEqual(own.leaf_hash, leaf_hash(own.event_bytes))
        for principal, sequence in ((FINANCE, STATE["mi_receipt"].sequence),
                                    (ANALYST, receipt.sequence),
                                    ("auditor@411300", receipt.sequence)):
            other = CLIENT.call("ProveInclusion", pb.ProveInclusionRequest(
                sequence=sequence, tree_size=own.checkpoint.tree_size),
                principal)
            self.assertEqual(other.event_bytes, b"", principal)
            self.assertFalse(other.HasField("event"), principal)
            self.assertEqual(other.path, own.path if sequence == receipt.sequence
                             else other.path)
            self.assertEqual(len(other.leaf_hash), 32)
        for bad in (0, size + 1000):
            self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT, CLIENT.call,
                                "ProveInclusion",
                                pb.ProveInclusionRequest(sequence=bad), AUDITOR)

    def test_42_consistency_between_checkpoints(self):
        early = STATE["early_checkpoint"]
        proof = CLIENT.call("ProveConsistency", pb.ProveConsistencyRequest(
            old_size=early.tree_size), AUDITOR)
        old, new = proof.old_checkpoint, proof.new_checkpoint
        self.assertEqual((old.tree_size, old.root_hash),
                         (early.tree_size, early.root_hash),
                         "the early checkpoint's tree is still the prefix")
        self.assertEqual(new.tree_size, self.head())
        check_consistency(old.tree_size, new.tree_size, early.root_hash,
                          new.root_hash, proof.path)
        hashes = STATE["leaf_hashes"]
        self.assertEqual(new.tree_size, len(hashes))
        self.assertEqual(new.root_hash, mth(hashes))

        def fails(m, n, old_root, new_root, path):
            with self.assertRaises(ProofError):
                check_consistency(m, n, old_root, new_root, path)

        path = list(proof.path)
        self.assertTrue(path)
        for i in range(len(path)):
            fails(old.tree_size, new.tree_size, old.root_hash, new.root_hash,
                  path[:i] + [tampered(path[i], 5)] + path[i + 1:])
        fails(old.tree_size, new.tree_size, tampered(old.root_hash), new.root_hash,
              path)
        fails(old.tree_size, new.tree_size, old.root_hash, tampered(new.root_hash),
              path)
        fails(old.tree_size, new.tree_size, old.root_hash, new.root_hash, path[:-1])
        fails(old.tree_size, new.tree_size, old.root_hash, new.root_hash,
              path + [path[0]])
        fails(old.tree_size + 1, new.tree_size, old.root_hash, new.root_hash, path)
        fails(new.tree_size, old.tree_size, new.root_hash, old.root_hash, path)

        # Every old size against a fixed new one, checked against Python's
        # own roots: exercises complete and incomplete old trees alike.
        n = len(hashes)
        for m in range(0, n + 1):
            p = CLIENT.call("ProveConsistency", pb.ProveConsistencyRequest(
                old_size=m, new_size=n), AUDITOR)
            self.assertEqual((p.old_checkpoint.tree_size, p.new_checkpoint.tree_size),
                             (m, n))
            self.assertEqual(p.old_checkpoint.root_hash, mth(hashes[:m]), m)
            self.assertEqual(p.new_checkpoint.root_hash, mth(hashes), m)
            check_consistency(m, n, mth(hashes[:m]), mth(hashes), p.path)
            if p.path:
                fails(m, n, mth(hashes[:m]), mth(hashes), [tampered(p.path[0], 7)]
                      + list(p.path[1:]))

        self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT, CLIENT.call,
                            "ProveConsistency", pb.ProveConsistencyRequest(
                                old_size=9, new_size=5), AUDITOR)
        # Public, as a transparency log's are.
        for principal in (FINANCE, ANALYST):
            p = CLIENT.call("ProveConsistency",
                            pb.ProveConsistencyRequest(old_size=1), principal)
            self.assertEqual(p.old_checkpoint.tree_size, 1)

    def test_43_checkpoint_signature(self):
        if not HAVE_CRYPTOGRAPHY:
            self.skipTest("Debian's python3-cryptography is not installed: the "
                          "Ed25519 signature of the checkpoint text is NOT checked "
                          "(the Merkle roots and proofs are)")
        checkpoints = [self.checkpoint(), self.checkpoint(1),
                       STATE["early_checkpoint"]]
        for cp in checkpoints:
            key = load_pem_public_key(cp.public_key_pem.encode("ascii"))
            self.assertIsInstance(key, Ed25519PublicKey)
            raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
            self.assertEqual(cp.key_id, sha256(raw)[:8].hex())
            self.assertEqual(cp.text, checkpoint_text(cp))
            key.verify(cp.signature, checkpoint_text(cp).encode("ascii"))
            # A different root, size or time, or a flipped signature bit, fails.
            forged = checkpoint_text(cp).replace(
                "root " + cp.root_hash.hex(), "root " + tampered(cp.root_hash).hex())
            for text, signature in ((forged, cp.signature),
                                    (checkpoint_text(cp).replace(
                                        "size %d" % cp.tree_size,
                                        "size %d" % (cp.tree_size + 1)),
                                     cp.signature),
                                    (checkpoint_text(cp),
                                     tampered(cp.signature, 9))):
                with self.assertRaises(InvalidSignature):
                    key.verify(signature, text.encode("ascii"))
        self.assertEqual(len({cp.public_key_pem for cp in checkpoints}), 1,
                         "one signing key")

    # -------------------------------------------------------------- end --

    def test_99_rebuild_and_chain(self):
        verify = CLIENT.verify_chain(AUDITOR)
        self.assertTrue(verify.ok, verify.reason)
        self.assertEqual(verify.events_checked, self.head())
        rebuilt = CLIENT.call("Rebuild", pb.RebuildRequest(), AUDITOR)
        self.assertTrue(rebuilt.identical, rebuilt.differences)
        self.assertEqual(rebuilt.difference_count, 0)
        self.assertEqual(rebuilt.up_to_sequence, self.head())
        self.assertEqual(rebuilt.rebuilt_head_hash, rebuilt.live_head_hash)
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED, CLIENT.call,
                            "Rebuild", pb.RebuildRequest(), FINANCE)


if __name__ == "__main__":
    sys.exit(hub_client.run_tests(sys.argv, sys.modules[__name__]))

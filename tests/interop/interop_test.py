#!/usr/bin/python3
"""End-to-end interop test: a Python (non-C++) gRPC client against a real hubd.

    /usr/bin/python3 tests/interop/interop_test.py path/to/hubd
    HUBD=path/to/hubd /usr/bin/python3 tests/interop/interop_test.py

One hubd (fresh temporary data directory, --insecure_demo_auth) serves the
whole module; the tests run in name order (test_00 ... test_99) and later
ones build on the data earlier ones wrote, ending with a full check of the
change log's hash chain. Prints "N passed, M failed" as the last line and
exits non-zero on any failure.
"""

import hashlib
import os
import sys

import grpc

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hub_client  # noqa: E402
from hub_client import (pb, bad_request_violations, rpc_status,  # noqa: E402
                        indicator_item, submission, subsidy, indicator_key,
                        SUBSIDY)

REFORM_OFFICE = "reform_office@350400"
FINANCE = "finance@350400"
MEDICAL_INSURANCE = "medical_insurance@350400"
HEALTH_COMMISSION = "health_commission@350400"
ANALYST = "analyst@350400"
AUDITOR = "auditor@350400"

VISIT_SHARE = "primary_care_visit_share"  # ratio, owner health_commission, %
NINGHUA = "350424"  # 宁化县, in 三明市 350400
SANMING = "350400"

HUBD = None
SERVER = None
CLIENT = None


def setUpModule():
    global SERVER, CLIENT
    SERVER = hub_client.HubServer(HUBD).start()
    CLIENT = hub_client.HubClient(SERVER.address)
    catalog = hub_client.load_catalog()
    response = CLIENT.update_catalog(catalog, REFORM_OFFICE, request_id="interop-load")
    if response.sequence != 1:
        raise AssertionError("first catalog load should be log event 1, got %s"
                             % response)


def tearDownModule():
    global SERVER, CLIENT
    server, client, SERVER, CLIENT = SERVER, CLIENT, None, None
    hub_client.stop_server(server, client)


class InteropTest(hub_client.HubTestCase):
    def head_sequence(self):
        return CLIENT.list_events(AUDITOR, after_sequence=0, page_size=1).last_sequence

    # ------------------------------------------------------------ server --

    def test_00_health_serving(self):
        self.assertEqual(CLIENT.health_check(), 1, "grpc.health.v1 status SERVING")

    def test_01_catalog_loaded(self):
        loaded = hub_client.load_catalog()
        # Sanming's analyst reads Sanming's part: its subtree and ancestors.
        want = hub_client.visible_catalog(loaded, SANMING)
        got = CLIENT.get_catalog(ANALYST)
        for kind in ("departments", "regions", "indicators", "plans", "tasks"):
            self.assertEqual(
                sorted(e.SerializeToString(deterministic=True)
                       for e in getattr(got, kind)),
                sorted(e.SerializeToString(deterministic=True)
                       for e in getattr(want, kind)), kind)
        self.assertEqual(len(got.departments), len(loaded.departments))
        self.assertLess(len(got.regions), len(loaded.regions))
        self.assertEqual({p.region_code for p in got.plans}, {SANMING})
        self.assertIn(SUBSIDY, {i.code for i in got.indicators})
        ninghua = [r for r in got.regions if r.code == NINGHUA]
        self.assertEqual([(r.name, r.parent_code) for r in ninghua],
                         [("宁化县", SANMING)])
        # Upserts are idempotent: the same catalog again changes nothing.
        again = CLIENT.update_catalog(loaded, REFORM_OFFICE,
                                      request_id="interop-again")
        self.assertEqual(again.sequence, 0)
        # Only the reform office edits the catalog.
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED,
                            CLIENT.update_catalog, loaded, FINANCE)

    # ----------------------------------------------------- two sources --

    def test_02_two_sources_conflict(self):
        fin = CLIENT.submit(subsidy("fin-2024-ninghua-1", "finance", NINGHUA,
                                    "2024", "670.00"), FINANCE)
        self.assertEqual(fin.submission_id, "fin-2024-ninghua-1")
        r = fin.receipt
        self.assertEqual((r.submission_id, r.department, r.dry_run, r.replayed),
                         ("fin-2024-ninghua-1", "finance", False, False))
        self.assertGreater(r.sequence, 0)
        self.assertEqual(len(r.items), 1)
        self.assertEqual(r.items[0].action, pb.ItemOutcome.ACTION_CREATED)
        self.assertEqual(r.items[0].merged_value, "670.00")
        self.assertEqual(r.items[0].state, pb.RECORD_STATE_SINGLE_SOURCE)
        self.assertEqual(r.items[0].record_version, 1)

        med = CLIENT.submit(subsidy("mi-2024-ninghua-1", "medical_insurance",
                                    NINGHUA, "2024", "640.00"), MEDICAL_INSURANCE)
        m = med.receipt
        self.assertGreater(m.sequence, r.sequence)
        self.assertEqual(m.items[0].action, pb.ItemOutcome.ACTION_UPDATED)
        self.assertEqual(m.items[0].merged_value, "670.00")
        self.assertEqual(m.items[0].state, pb.RECORD_STATE_CONFLICT)
        self.assertEqual(m.items[0].record_version, 2)

        rec = CLIENT.get_record(indicator_key(SUBSIDY, NINGHUA, "2024"), ANALYST)
        self.assertEqual(rec.key, indicator_key(SUBSIDY, NINGHUA, "2024"))
        self.assertEqual(rec.value, "670.00", "finance is the owner and wins")
        self.assertEqual(rec.state, pb.RECORD_STATE_CONFLICT)
        self.assertEqual(rec.rule_name, "authoritative_source")
        self.assertEqual(rec.version, 2)
        self.assertTrue(rec.etag)
        self.assertEqual(
            [(c.department, c.submission_id, c.value) for c in rec.contributions],
            [("finance", "fin-2024-ninghua-1", "670.00"),
             ("medical_insurance", "mi-2024-ninghua-1", "640.00")])
        self.assertEqual([c.sequence for c in rec.contributions],
                         [r.sequence, m.sequence])
        self.assertEqual(len(rec.conflicts), 1)
        c = rec.conflicts[0]
        self.assertEqual((c.department, c.value, c.reference_department,
                          c.reference_value),
                         ("medical_insurance", "640.00", "finance", "670.00"))
        self.assertEqual(float(c.difference), 30.0)

    # ---------------------------------------------------------- listing --

    def _pages(self, principal, **filters):
        """Pages through ListRecords with page_size=1; returns (keys, tokens)."""
        keys, tokens, token = [], [], ""
        for _ in range(20):
            page = CLIENT.list_records(principal, page_size=1, page_token=token,
                                       **filters)
            self.assertLessEqual(len(page.records), 1)
            keys.extend((r.key.code, r.key.region_code, r.key.period)
                        for r in page.records)
            token = page.next_page_token
            tokens.append(token)
            if not token:
                return keys, tokens
        self.fail("paging did not end after 20 pages: %s" % keys)

    LISTED = [(SUBSIDY, "350404", "2024"), (SUBSIDY, "350424", "2023"),
              (SUBSIDY, "350424", "2024"), (SUBSIDY, "350481", "2024")]

    def test_03_list_records_filters(self):
        # More subsidy records: three in 三明's subtree, one at the province
        # level (350000, outside 350400) and one in 南阳 (another province).
        CLIENT.submit(subsidy("fin-2023-ninghua", "finance", NINGHUA, "2023",
                              "640.00"), FINANCE)
        CLIENT.submit(subsidy("fin-2024-sanyuan", "finance", "350404", "2024",
                              "670.00"), FINANCE)
        CLIENT.submit(subsidy("fin-2024-yongan", "finance", "350481", "2024",
                              "670.00"), FINANCE)
        CLIENT.submit(subsidy("fin-2024-fujian", "finance", "350000", "2024",
                              "670.00"), "finance@350000")
        CLIENT.submit(subsidy("fin-2024-nanyang", "finance", "411302", "2024",
                              "640.00"), "finance@411300")
        # A different indicator in the subtree, to check the indicator filter.
        CLIENT.submit(submission("hc-2024-sanyuan", "health_commission",
                                 indicator_item(VISIT_SHARE, "350404", "2024",
                                                numerator="650", denominator="1000",
                                                unit="%")), HEALTH_COMMISSION)
        want = self.LISTED
        # One page, region subtree + indicator filter, sorted by record key.
        page = CLIENT.list_records(ANALYST, region_code=SANMING,
                                   indicator_code=SUBSIDY)
        self.assertEqual([(r.key.code, r.key.region_code, r.key.period)
                          for r in page.records], want)
        self.assertEqual(page.next_page_token, "")
        # An analyst of 福建 sees the province-level record too, unless the
        # region filter narrows it to 350400's subtree.
        page = CLIENT.list_records("analyst@350000", region_code=SANMING,
                                   indicator_code=SUBSIDY)
        self.assertEqual([(r.key.code, r.key.region_code, r.key.period)
                          for r in page.records], want)
        page = CLIENT.list_records("analyst@350000", indicator_code=SUBSIDY)
        self.assertEqual([(r.key.code, r.key.region_code, r.key.period)
                          for r in page.records],
                         sorted(want + [(SUBSIDY, "350000", "2024")]))
        # Period filter.
        page = CLIENT.list_records(ANALYST, region_code=SANMING,
                                   indicator_code=SUBSIDY, period="2024")
        self.assertEqual([(r.key.region_code, r.key.period) for r in page.records],
                         [("350404", "2024"), ("350424", "2024"), ("350481", "2024")])
        self.assertEqual(page.records[1].value, "670.00")
        self.assertEqual(page.records[1].state, pb.RECORD_STATE_CONFLICT)
        # Without the indicator filter the ratio record shows up as well.
        page = CLIENT.list_records(ANALYST, region_code="350404")
        self.assertEqual(sorted(r.key.code for r in page.records),
                         [VISIT_SHARE, SUBSIDY])
        # Paging (page_size=1) over the region subtree alone.
        keys, tokens = self._pages(ANALYST, region_code=SANMING,
                                   kind=pb.SUBJECT_KIND_INDICATOR)
        self.assertEqual(keys, sorted(want + [(VISIT_SHARE, "350404", "2024")]))
        self.assertEqual(len(tokens), len(keys), "one record per page, no empty page")
        # Another jurisdiction's subtree is refused; a bad token is reported.
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED,
                            CLIENT.list_records, ANALYST, region_code="411300")
        error = self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT,
                                    CLIENT.list_records, ANALYST, page_token="!!bad")
        self.assertEqual([f for f, _ in bad_request_violations(error)], ["page_token"])

    def test_04_list_records_paging_with_indicator_filter(self):
        # region_code=350400 (subtree) + indicator_code, page_size=1, following
        # next_page_token: every record once, in key order, one per page.
        keys, tokens = self._pages(ANALYST, region_code=SANMING,
                                   indicator_code=SUBSIDY)
        self.assertEqual(keys, self.LISTED,
                         "pages with indicator filter; tokens %s" % tokens)
        self.assertEqual(len(tokens), 4)
        self.assertTrue(all(tokens[:-1]), tokens)
        self.assertEqual(len(set(tokens[:-1])), 3, tokens)

    # ------------------------------------------------------- idempotency --

    def test_05_resubmit_same_content_replays(self):
        original = subsidy("fin-replay-1", "finance", "350421", "2024", "670.00")
        first = CLIENT.submit(original, FINANCE).receipt
        head = self.head_sequence()
        again = CLIENT.submit(original, FINANCE).receipt
        self.assertTrue(again.replayed)
        self.assertFalse(first.replayed)
        self.assertEqual(again.sequence, first.sequence)
        self.assertEqual(again.accepted_at_micros, first.accepted_at_micros)
        self.assertEqual(list(again.items), list(first.items))
        # Only the client's clock differs: still the same submission.
        later = pb.Submission()
        later.CopyFrom(original)
        later.submitted_at_micros += 60 * 1000000
        third = CLIENT.submit(later, FINANCE).receipt
        self.assertTrue(third.replayed)
        self.assertEqual(third.sequence, first.sequence)
        self.assertEqual(self.head_sequence(), head, "a replay logs nothing")
        # The very first submission of this run replays as well.
        replay = CLIENT.submit(subsidy("fin-2024-ninghua-1", "finance", NINGHUA,
                                       "2024", "670.00"), FINANCE).receipt
        self.assertTrue(replay.replayed)
        self.assertEqual(replay.items[0].merged_value, "670.00")

    def test_06_reused_id_different_content(self):
        error = self.assertRpcError(
            grpc.StatusCode.ALREADY_EXISTS, CLIENT.submit,
            subsidy("fin-2024-ninghua-1", "finance", NINGHUA, "2024", "680.00"),
            FINANCE)
        self.assertIn("fin-2024-ninghua-1", error.details())
        rec = CLIENT.get_record(indicator_key(SUBSIDY, NINGHUA, "2024"), ANALYST)
        self.assertEqual(rec.value, "670.00")
        self.assertEqual(rec.version, 2)

    # -------------------------------------------------------- validation --

    def test_07_malformed_submission_field_violations(self):
        bad = submission(
            "fin-malformed-1", "finance",
            # unknown indicator (region and period fine)
            indicator_item("no_such_indicator", NINGHUA, "2024", value="1",
                           unit="元/人"),
            # month 13 (everything else fine)
            indicator_item(SUBSIDY, NINGHUA, "2024-13", value="670.00", unit="元/人"),
            # wrong unit (everything else fine)
            indicator_item(SUBSIDY, NINGHUA, "2022", value="640.00", unit="%"))
        head = self.head_sequence()
        error = self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT,
                                    CLIENT.submit, bad, FINANCE)
        violations = bad_request_violations(error)
        self.assertEqual([f for f, _ in violations],
                         ["items[0].indicator_value.indicator_code",
                          "items[1].indicator_value.period",
                          "items[2].indicator_value.unit"], violations)
        descriptions = dict(violations)
        self.assertIn("no_such_indicator",
                      descriptions["items[0].indicator_value.indicator_code"])
        self.assertIn("01..12", descriptions["items[1].indicator_value.period"])
        self.assertIn("元/人", descriptions["items[2].indicator_value.unit"])
        status = rpc_status(error)
        self.assertEqual(status.code, grpc.StatusCode.INVALID_ARGUMENT.value[0])
        self.assertEqual(status.message, error.details())
        self.assertIn("fin-malformed-1", error.details())
        # A refusal changes no record; the log keeps who tried what and why.
        self.assertEqual(self.head_sequence(), head + 1,
                         "a rejection is one SUBMISSION_REJECTED event")
        [event] = CLIENT.list_events(AUDITOR, after_sequence=head).events
        self.assertEqual(event.kind, pb.EVENT_KIND_SUBMISSION_REJECTED)
        self.assertEqual(event.actor, FINANCE)
        self.assertEqual(event.rejection.code, "INVALID_ARGUMENT")
        self.assertEqual([f.field for f in event.rejection.fields],
                         [f for f, _ in violations])
        self.assertEqual(event.submission_body, bad)
        self.assertRpcError(grpc.StatusCode.NOT_FOUND, CLIENT.get_record,
                            indicator_key(SUBSIDY, NINGHUA, "2022"), ANALYST)

    # ---------------------------------------------------------- authority --

    def test_08_other_departments_data_denied(self):
        error = self.assertRpcError(
            grpc.StatusCode.PERMISSION_DENIED, CLIENT.submit,
            subsidy("fin-as-mi-1", "medical_insurance", NINGHUA, "2021", "600.00"),
            FINANCE)
        self.assertIn("finance@350400", error.details())
        self.assertIn("department", error.details())

    def test_09_outside_jurisdiction_denied(self):
        error = self.assertRpcError(
            grpc.StatusCode.PERMISSION_DENIED, CLIENT.submit,
            subsidy("fin-ny-into-sm-1", "finance", NINGHUA, "2021", "600.00"),
            "finance@411300")
        self.assertIn(NINGHUA, error.details())
        self.assertIn("finance@411300", error.details())
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED, CLIENT.get_record,
                            indicator_key(SUBSIDY, NINGHUA, "2024"), "analyst@411300")
        self.assertRpcError(grpc.StatusCode.UNAUTHENTICATED, CLIENT.get_record,
                            indicator_key(SUBSIDY, NINGHUA, "2024"), None)

    # ------------------------------------------------------------- ratio --

    def test_10_ratio_indicator_computed(self):
        response = CLIENT.submit(submission(
            "hc-2024-07-ninghua", "health_commission",
            indicator_item(VISIT_SHARE, NINGHUA, "2024-07", numerator="6512",
                           denominator="10000", unit="%")), HEALTH_COMMISSION)
        self.assertEqual(response.receipt.items[0].merged_value, "65.12")
        rec = CLIENT.get_record(indicator_key(VISIT_SHARE, NINGHUA, "2024-07"),
                                ANALYST)
        self.assertEqual(rec.value, "65.12")
        self.assertEqual(rec.state, pb.RECORD_STATE_SINGLE_SOURCE)
        self.assertEqual(
            [(c.department, c.value, c.numerator, c.denominator)
             for c in rec.contributions],
            [("health_commission", "65.12", "6512", "10000")])

    # ------------------------------------------------------------ stream --

    def test_11_stream_submit_in_order(self):
        requests, bad_index = [], 10
        for i in range(20):
            s = subsidy("fin-stream-%02d" % i, "finance", "350425", str(2001 + i),
                        "%d.00" % (500 + i), unit="%" if i == bad_index else "元/人")
            requests.append(pb.SubmitRequest(submission=s))
        responses = CLIENT.stream_submit(requests, FINANCE)
        self.assertEqual(len(responses), 20)
        self.assertEqual([r.submission_id for r in responses],
                         ["fin-stream-%02d" % i for i in range(20)])
        sequences = []
        for i, r in enumerate(responses):
            if i == bad_index:
                self.assertFalse(r.HasField("receipt"))
                self.assertTrue(r.HasField("error"))
                self.assertEqual(r.error.code, 3)
                self.assertEqual([f for f, _ in bad_request_violations(r.error)],
                                 ["items[0].indicator_value.unit"])
                continue
            self.assertFalse(r.HasField("error"), "%d: %s" % (i, r.error))
            self.assertEqual(r.receipt.submission_id, "fin-stream-%02d" % i)
            self.assertEqual(r.receipt.items[0].merged_value, "%d.00" % (500 + i))
            sequences.append(r.receipt.sequence)
        self.assertEqual(len(sequences), 19)
        self.assertEqual(sequences, sorted(set(sequences)),
                         "sequences strictly increase")
        rec = CLIENT.get_record(indicator_key(SUBSIDY, "350425", "2020"), ANALYST)
        self.assertEqual(rec.value, "519.00")
        self.assertRpcError(grpc.StatusCode.NOT_FOUND, CLIENT.get_record,
                            indicator_key(SUBSIDY, "350425", str(2001 + bad_index)),
                            ANALYST)

    # ----------------------------------------------------------- dry run --

    def test_12_dry_run_writes_nothing(self):
        head = self.head_sequence()
        response = CLIENT.submit(subsidy("fin-dry-1", "finance", "350426", "2024",
                                         "670.00"), FINANCE, dry_run=True)
        r = response.receipt
        self.assertTrue(r.dry_run)
        self.assertFalse(r.replayed)
        self.assertEqual(r.items[0].action, pb.ItemOutcome.ACTION_CREATED)
        self.assertEqual(r.items[0].merged_value, "670.00")
        self.assertRpcError(grpc.StatusCode.NOT_FOUND, CLIENT.get_record,
                            indicator_key(SUBSIDY, "350426", "2024"), ANALYST)
        self.assertEqual(self.head_sequence(), head, "a dry run logs nothing")
        # The id stays free: a real submission with it is not a replay.
        real = CLIENT.submit(subsidy("fin-dry-1", "finance", "350426", "2024",
                                     "670.00"), FINANCE).receipt
        self.assertFalse(real.replayed)
        self.assertFalse(real.dry_run)
        self.assertEqual(real.sequence, head + 1)

    # --------------------------------------------------------------- log --

    def test_99_change_log_hash_chain(self):
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED,
                            CLIENT.list_events, ANALYST)
        head = CLIENT.list_events(AUDITOR, page_size=1).last_sequence
        # Each province's auditor reads its own events; together they are
        # the whole log, each event exactly once.
        events = []
        for province in ("350000", "410000", "500000"):
            events += CLIENT.all_events("auditor@" + province, page_size=7)
        events.sort(key=lambda e: e.sequence)
        self.assertGreaterEqual(len(events), 1)
        self.assertEqual([e.sequence for e in events], list(range(1, head + 1)))
        nanyang = [e for e in events if e.actor.endswith("@411300")]
        self.assertTrue(nanyang, "the test wrote Nanyang's events too")
        mine = CLIENT.all_events(AUDITOR, page_size=7)
        self.assertFalse([e for e in mine if e.actor.endswith("@411300")],
                         "Sanming's auditor reads none of Nanyang's")
        self.assertEqual(events[0].kind, pb.EVENT_KIND_CATALOG_CHANGED)
        self.assertEqual(events[0].actor, REFORM_OFFICE)
        self.assertEqual(events[0].prev_hash, b"")
        for prev, event in zip(events, events[1:]):
            self.assertEqual(event.prev_hash, prev.hash,
                             "event %d prev_hash" % event.sequence)
        # Recompute SHA-256(prev_hash || deterministic bytes, hash cleared).
        mismatched = []
        for event in events:
            self.assertEqual(len(event.hash), 32)
            copy = pb.ChangeEvent()
            copy.CopyFrom(event)
            copy.ClearField("hash")
            digest = hashlib.sha256(
                event.prev_hash + copy.SerializeToString(deterministic=True)).digest()
            if digest != event.hash:
                mismatched.append(event.sequence)
        self.assertEqual(mismatched, [], "events whose hash Python cannot recompute")
        if len(events) > 1:  # the whole module ran, not this test alone
            kinds = {e.kind for e in events}
            self.assertTrue({pb.EVENT_KIND_SUBMISSION_ACCEPTED,
                             pb.EVENT_KIND_RECORD_CHANGED} <= kinds, kinds)
        verify = CLIENT.verify_chain(AUDITOR)
        self.assertTrue(verify.ok, verify.reason)
        self.assertEqual(verify.events_checked, head)
        self.assertEqual(verify.head_hash, events[-1].hash)
        self.assertEqual(verify.first_bad_sequence, 0)


if __name__ == "__main__":
    sys.exit(hub_client.run_tests(sys.argv, sys.modules[__name__]))

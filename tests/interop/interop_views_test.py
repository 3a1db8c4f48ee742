#!/usr/bin/python3
"""Interop test of ViewService (protos/hub/v1/views.proto) from Python.

    /usr/bin/python3 tests/interop/interop_views_test.py path/to/hubd

One hubd (fresh temporary data directory, --insecure_demo_auth) with the
seed catalog; the health commission reports two counties of 三明市, medical
insurance a conflicting third; then, from Python:

  10  GetRollups: the city's share recomputed from the summed components
      (80/100 and 5000/10000 give 50.30%, not the 65% of an average), the
      missing counties named, the disputed county counted;
  20  bad requests are INVALID_ARGUMENT with a google.rpc.BadRequest naming
      each field; a region outside the caller's jurisdiction is
      PERMISSION_DENIED; a "none" roll-up FAILED_PRECONDITION;
  30  GetLedger of 宛医改办〔2022〕1号: every task, unreported ones as such;
  40  Watch: cancelled after the first change and resumed from its
      resume_after: the same changes, none lost or repeated.
"""

import os
import sys

import grpc

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hub_client  # noqa: E402
from hub_client import (pb, bad_request_violations, indicator_item,  # noqa: E402
                        submission)

REFORM_OFFICE = "reform_office@350400"
ANALYST = "analyst@350400"
PATHWAY = "clinical_pathway_share_secondary"  # owner: health commission
FUND = "county_fund_spending_share"           # owner: medical insurance

HUBD = None
SERVER = None
CLIENT = None
START = {}  # the log head before the test data


def setUpModule():
    global SERVER, CLIENT
    SERVER = hub_client.HubServer(HUBD).start()
    CLIENT = hub_client.HubClient(SERVER.address)
    CLIENT.update_catalog(hub_client.load_catalog(), REFORM_OFFICE)
    START["head"] = CLIENT.list_events("auditor@350400",
                                       page_size=1).last_sequence
    share = lambda code, region, num, den: indicator_item(  # noqa: E731
        code, region, "2024H1", numerator=num, denominator=den, unit="%")
    CLIENT.submit(submission("hc-1", "health_commission",
                             share(PATHWAY, "350404", "80", "100"),
                             share(PATHWAY, "350405", "5000", "10000"),
                             share(FUND, "350405", "5500", "10000")),
                  "health_commission@350400")
    CLIENT.submit(submission("mi-1", "medical_insurance",
                             share(FUND, "350405", "6000", "10000")),
                  "medical_insurance@350400")


def tearDownModule():
    global SERVER, CLIENT
    server, client, SERVER, CLIENT = SERVER, CLIENT, None, None
    hub_client.stop_server(server, client)


def rollup(code, region="350400", period="2024H1", principal=ANALYST):
    response = CLIENT.call("GetRollups", pb.RollupRequest(
        region_code=region, period=period, indicator_codes=[code]), principal)
    return response.rollups[0]


class ViewsInteropTest(hub_client.HubTestCase):
    def test_10_rollup_sums_components(self):
        r = rollup(PATHWAY)
        self.assertEqual((r.value, r.numerator, r.denominator),
                         ("50.30", "5080", "10100"))
        self.assertEqual((r.contributing_count, r.expected_count), (2, 11))
        self.assertTrue(r.coverage.startswith(
            "2 of 11 counties; missing: 明溪县, 清流县"), r.coverage)
        self.assertEqual([p.region_name for p in r.parts if p.used],
                         ["三元区", "沙县区"])
        disputed = rollup(FUND)
        self.assertEqual(disputed.value, "60.00")  # the owner's merged value
        self.assertEqual(disputed.conflict_count, 1)
        self.assertEqual([d.name for d in disputed.disputed], ["沙县区"])

    def test_20_errors_name_the_field(self):
        error = self.assertRpcError(
            grpc.StatusCode.INVALID_ARGUMENT, CLIENT.call, "GetRollups",
            pb.RollupRequest(region_code="350499", period="2024上半年",
                             indicator_codes=["no_such_indicator"]), ANALYST)
        fields = [f for f, _ in bad_request_violations(error)]
        self.assertEqual(fields, ["region_code", "period", "indicator_codes[0]"])
        self.assertRpcError(grpc.StatusCode.PERMISSION_DENIED, rollup, PATHWAY,
                            region="411300")
        error = self.assertRpcError(
            grpc.StatusCode.FAILED_PRECONDITION, rollup,
            "resident_insurance_subsidy_per_person", period="2024")
        self.assertIn('rollup rule "none"', error.details())
        error = self.assertRpcError(
            grpc.StatusCode.INVALID_ARGUMENT, CLIENT.call, "GetAttainment",
            pb.AttainmentRequest(period="2024", page_token="junk"), ANALYST)
        self.assertEqual([f for f, _ in bad_request_violations(error)],
                         ["page_token"])

    def test_30_ledger_lists_unreported_tasks(self):
        ledger = CLIENT.call("GetLedger", pb.LedgerRequest(
            plan_code="ny2022", period="2022H1", page_size=1000),
            "analyst@411300")
        self.assertEqual(ledger.document_number, "宛医改办〔2022〕1号")
        self.assertEqual(ledger.summary.tasks, 40)
        self.assertEqual(ledger.summary.unreported, 40)
        codes = [r.task_code for r in ledger.rows]
        self.assertLess(codes.index("ny2022.1.9"), codes.index("ny2022.1.10"))
        row = ledger.rows[codes.index("ny2022.1.6")]
        self.assertEqual(row.status, pb.LEDGER_STATUS_UNREPORTED)
        self.assertTrue(row.overdue)  # due 2022-03-31, judged at 2022-06-30
        self.assertEqual(row.overdue_days, 91)

    def test_40_watch_resumes_without_gaps_or_repeats(self):
        request = pb.WatchRequest(region_code="350400", indicator_codes=[PATHWAY],
                                  after_sequence=START["head"])
        whole = [r.change for r in CLIENT.stream("Watch", request, ANALYST)
                 if r.HasField("change")]
        self.assertEqual([c.key.region_code for c in whole], ["350404", "350405"])
        self.assertEqual([c.rollups[0].value for c in whole], ["80.00", "50.30"])
        stream = CLIENT.stream("Watch", request, ANALYST)
        first, resume = None, None
        for response in stream:
            if response.HasField("change"):
                first, resume = response.change, response.resume_after
                stream.cancel()
                break
        self.assertEqual(first, whole[0])
        request.after_sequence = resume
        rest = [r.change for r in CLIENT.stream("Watch", request, ANALYST)
                if r.HasField("change")]
        self.assertEqual([first] + rest, whole)


if __name__ == "__main__":
    sys.exit(hub_client.run_tests(sys.argv, sys.modules[__name__]))

#!/usr/bin/python3
"""Exports read back by independent readers: openpyxl (Debian's
python3-openpyxl) for .xlsx, Python's csv module and codecs for CSV in UTF-8
with BOM and in GB18030, json for JSON lines.

    /usr/bin/python3 tests/interop/export_readback_test.py HUBD HUBCTL EXPORT_SAMPLE

  1x  the sample table of build/hub/export/export_sample: headers in
      Chinese, the header row frozen, numbers stored as numbers with their
      formats (money "#,##0.00", percent as percent, counts, shares at their
      precision), a negative amount still a negative number, text cells
      that begin like formulas neutralized (and no formula cell anywhere),
      other text intact, CST times, two tables as two sheets; the CSV files
      decode as UTF-8 with BOM and as GB18030 to the same cells.
  2x  end to end over gRPC through hubctl: a real hubd with the seed
      catalog and departments' submissions (notes beginning with '=' and
      '-'); `hubctl export` in every format is compared with the records
      ListRecords returns; a refused export sends nothing; a bad submission
      carries its reason code and Chinese message.
"""

import codecs
import csv
import datetime
import io
import json
import os
import subprocess
import sys
import tempfile

import grpc
import openpyxl

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hub_client  # noqa: E402
from hub_client import (pb, indicator_item, submission, subsidy,  # noqa: E402
                        SUBSIDY)

HUBD = HUBCTL = EXPORT_SAMPLE = None
ANALYST = "analyst@350400"
NOTE_FORMULA = '=HYPERLINK("http://example.invalid","点击")'
NOTE_DASH = "-按上年度标准填报"
NOTE_PLAIN = "按“一县一策”推进…"

SAMPLE_HEADER = ["区划代码", "区划", "较上年增减（元/人）", "政府对公立医院投入（元）",
                 "基层诊疗量占比", "AED数量（台）", "每千人口注册护士数", "备注", "接收时间"]
SAMPLE_NOTES = ['=HYPERLINK("http://example.invalid","点击")', "-已完成前期调研",
                "+1 追加", "@SUM(A1:A2)", "\t制表符开头", "按上年度标准填报，“一县一策”…"]
SAMPLE_CHANGES = [-30.0, 30.0, 0.0, -0.5, 12.34, -1234567.8]


def neutralized(text):
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class SampleTest(hub_client.HubTestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="hub_export_sample_")
        subprocess.run([EXPORT_SAMPLE, cls.dir.name], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_10_xlsx_headers_frozen_row_and_number_formats(self):
        wb = openpyxl.load_workbook(self.path("sample.xlsx"))
        self.assertEqual(wb.sheetnames, ["报送明细", "第二张表"])
        ws = wb["报送明细"]
        self.assertEqual([c.value for c in ws[1]], SAMPLE_HEADER)
        self.assertTrue(all(c.font.b for c in ws[1]), "headers are bold")
        self.assertEqual(ws.freeze_panes, "A2")
        self.assertEqual(ws.auto_filter.ref, "A1:I7")
        first = ws[2]
        self.assertEqual(first[0].value, "350404")  # a code stays text
        self.assertEqual(first[0].data_type, "s")
        self.assertEqual(first[1].value, "三元区")
        expect = [(2, -30.0, "#,##0.00"), (3, 160083900.0, "#,##0.00"),
                  (4, 0.652, "0.00%"), (5, 300, "#,##0"), (6, 3.1, "0.00")]
        for col, value, fmt in expect:
            cell = first[col]
            self.assertEqual(cell.data_type, "n", SAMPLE_HEADER[col])
            self.assertAlmostEqual(cell.value, value, places=9)
            self.assertEqual(cell.number_format, fmt, SAMPLE_HEADER[col])
        self.assertEqual(first[8].value, datetime.datetime(2024, 7, 25, 16, 0, 0))
        self.assertEqual(first[8].number_format, "yyyy-mm-dd hh:mm:ss")

    def test_11_xlsx_negative_numbers_stay_numbers(self):
        ws = openpyxl.load_workbook(self.path("sample.xlsx"))["报送明细"]
        got = [ws.cell(row=r, column=3) for r in range(2, 8)]
        self.assertEqual([c.data_type for c in got], ["n"] * 6)
        for cell, want in zip(got, SAMPLE_CHANGES):
            self.assertAlmostEqual(cell.value, want, places=9)

    def test_12_xlsx_formula_cells_neutralized_text_intact(self):
        wb = openpyxl.load_workbook(self.path("sample.xlsx"))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", cell.coordinate)
        ws = wb["报送明细"]
        notes = [ws.cell(row=r, column=8) for r in range(2, 8)]
        self.assertEqual([c.value for c in notes],
                         [neutralized(n) for n in SAMPLE_NOTES])
        self.assertEqual([c.data_type for c in notes], ["s"] * 6)
        self.assertEqual(notes[5].value, "按上年度标准填报，“一县一策”…")

    def sample_rows(self):
        return [["350404", "三元区", "-30.00", "160083900.00", "65.20", "300", "3.10",
                 neutralized(SAMPLE_NOTES[0]), "2024-07-25 16:00:00"]]

    def test_13_csv_utf8_with_bom_and_gb18030_decode_to_the_same_cells(self):
        with open(self.path("sample_bom.csv"), "rb") as f:
            bom = f.read()
        with open(self.path("sample_gb18030.csv"), "rb") as f:
            gb = f.read()
        self.assertTrue(bom.startswith(codecs.BOM_UTF8))
        self.assertFalse(gb.startswith(codecs.BOM_UTF8))
        with self.assertRaises(UnicodeDecodeError):
            gb.decode("utf-8")  # really GB18030, not UTF-8
        as_bom = list(csv.reader(io.StringIO(bom.decode("utf-8-sig"), newline="")))
        as_gb = list(csv.reader(io.StringIO(gb.decode("gb18030"), newline="")))
        self.assertEqual(as_bom, as_gb)
        self.assertEqual(as_bom[0], SAMPLE_HEADER)
        self.assertEqual(as_bom[1:2], self.sample_rows())
        self.assertEqual([r[2] for r in as_bom[1:]],
                         ["-30.00", "30.00", "0.00", "-0.50", "12.34", "-1234567.80"])
        self.assertEqual([r[7] for r in as_bom[1:]],
                         [neutralized(n) for n in SAMPLE_NOTES])
        self.assertIn(b"\r\n", bom)

    def test_14_json_lines_exact_numbers_and_text_unchanged(self):
        with open(self.path("sample.jsonl"), encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        self.assertEqual(len(rows), 6)
        self.assertEqual(rows[0]["change"], -30)
        self.assertEqual(rows[0]["share"], 65.2)
        self.assertEqual(rows[0]["note"], SAMPLE_NOTES[0])  # not a spreadsheet
        self.assertEqual(rows[0]["accepted_at"], "2024-07-25T16:00:00.000000+08:00")


# ------------------------------------------------------------ end to end --

SERVER = CLIENT = None
WORK = None


def setUpModule():
    global SERVER, CLIENT, WORK
    SERVER = hub_client.HubServer(HUBD).start()
    CLIENT = hub_client.HubClient(SERVER.address)
    CLIENT.update_catalog(hub_client.load_catalog(), principal="reform_office@350400")
    WORK = tempfile.TemporaryDirectory(prefix="hub_export_e2e_")
    fin = subsidy("fin-x-1", "finance", "350404", "2024", "670")
    fin.items[0].indicator_value.note = NOTE_FORMULA
    fin.items.append(indicator_item("govt_spending_public_hospitals", "350400",
                                    "2024", value="160083900.00", unit="元"))
    mi = subsidy("mi-x-1", "medical_insurance", "350404", "2024", "640.00")
    mi.items[0].indicator_value.note = NOTE_DASH
    hc = submission("hc-x-1", "health_commission",
                    indicator_item("primary_care_visit_share", "350421", "2024H1",
                                   numerator="6520", denominator="10000", unit="%",
                                   note=NOTE_PLAIN))
    hc.items.append(pb.SubmissionItem(task_progress=pb.TaskProgress(
        task_code="sm2024.2.4", region_code="350400", period="2024",
        status=pb.TASK_STATUS_IN_PROGRESS, text="-已完成前期调研")))
    for s, who in ((fin, "finance@350400"), (mi, "medical_insurance@350400"),
                   (hc, "health_commission@350400")):
        CLIENT.submit(s, principal=who)


def tearDownModule():
    WORK.cleanup()
    hub_client.stop_server(SERVER, CLIENT)


def hubctl(*args, principal=ANALYST, check=True):
    done = subprocess.run([HUBCTL, "--addr", SERVER.address, "--as", principal]
                          + list(args), capture_output=True, cwd=WORK.name)
    if check and done.returncode != 0:
        raise AssertionError("hubctl %s: %d\n%s%s" % (
            " ".join(args), done.returncode, done.stdout.decode(),
            done.stderr.decode()))
    return done


def records():
    out, token = [], ""
    while True:
        page = CLIENT.list_records(ANALYST, page_size=1000, page_token=token)
        out.extend(page.records)
        token = page.next_page_token
        if not token:
            return out


def key_of(r):
    return (r.key.code, r.key.region_code, r.key.period)


class EndToEndTest(hub_client.HubTestCase):
    def test_20_xlsx_of_records_matches_list_records(self):
        hubctl("export", "--out", "records.xlsx")
        ws = openpyxl.load_workbook(os.path.join(WORK.name, "records.xlsx"))["合并记录"]
        header = [c.value for c in ws[1]]
        self.assertEqual(header[:8], ["类别", "代码", "名称", "区划代码", "区划",
                                      "报告期", "合并值", "单位"])
        col = {name: i for i, name in enumerate(header)}
        rows = {(r[1].value, r[3].value, r[5].value): r for r in ws.iter_rows(min_row=2)}
        want = records()
        self.assertEqual(set(rows), {key_of(r) for r in want})
        self.assertEqual(len(want), 4)
        for r in want:
            row = rows[key_of(r)]
            self.assertEqual(row[col["状态代码"]].value,
                             pb.RecordState.Name(r.state)[len("RECORD_STATE_"):].lower())
            cell = row[col["合并值"]]
            if r.key.kind == pb.SUBJECT_KIND_TASK:
                self.assertIsNone(cell.value)
                # sm2024.2.4 was due by the end of 2024 and is still in
                # progress in the year's report (overdue is judged against
                # the period reported on: in 2024H1 it would not be).
                self.assertEqual(row[col["任务状态代码"]].value, "in_progress")
                self.assertEqual(row[col["任务状态"]].value, "逾期（推进中）")
                self.assertEqual(row[col["是否逾期"]].value, "是")
                continue
            self.assertEqual(cell.data_type, "n")
            if r.key.code == "primary_care_visit_share":
                self.assertAlmostEqual(cell.value, float(r.value) / 100)
                self.assertEqual(cell.number_format, "0.00%")
            else:
                self.assertAlmostEqual(cell.value, float(r.value))
                self.assertEqual(cell.number_format, "#,##0.00")
        conflict = rows[(SUBSIDY, "350404", "2024")]
        self.assertEqual(conflict[col["状态"]].value, "冲突")
        self.assertEqual(conflict[col["各部门报送"]].value, "财政局 670.00；医保局 640.00")
        self.assertEqual(conflict[col["区划"]].value, "三元区")

    def test_21_contributions_neutralize_departments_notes(self):
        hubctl("export", "contributions", "--out", "c.xlsx")
        wb = openpyxl.load_workbook(os.path.join(WORK.name, "c.xlsx"))
        ws = wb["报送明细"]
        header = [c.value for c in ws[1]]
        note, text, dept = header.index("备注"), header.index("进展情况"), header.index("部门代码")
        by_dept = {(r[1].value, r[dept].value): r for r in ws.iter_rows(min_row=2)}
        self.assertEqual(by_dept[(SUBSIDY, "finance")][note].value, "'" + NOTE_FORMULA)
        self.assertEqual(by_dept[(SUBSIDY, "medical_insurance")][note].value,
                         "'" + NOTE_DASH)
        self.assertEqual(by_dept[("primary_care_visit_share", "health_commission")][note].value,
                         NOTE_PLAIN)
        self.assertEqual(by_dept[("sm2024.2.4", "health_commission")][text].value,
                         "'-已完成前期调研")
        for row in ws.iter_rows():
            for cell in row:
                self.assertNotEqual(cell.data_type, "f", cell.coordinate)

    def test_22_csv_bom_and_gb18030_match_the_records(self):
        hubctl("export", "--format", "csv", "--out", "bom.csv")
        hubctl("export", "--format", "csv", "--encoding", "gb18030", "--out", "gb.csv")
        with open(os.path.join(WORK.name, "bom.csv"), "rb") as f:
            bom = f.read()
        with open(os.path.join(WORK.name, "gb.csv"), "rb") as f:
            gb = f.read()
        self.assertTrue(bom.startswith(codecs.BOM_UTF8))
        as_bom = list(csv.reader(io.StringIO(bom.decode("utf-8-sig"), newline="")))
        as_gb = list(csv.reader(io.StringIO(gb.decode("gb18030"), newline="")))
        self.assertEqual(as_bom, as_gb)
        header = as_bom[0]
        col = {name: i for i, name in enumerate(header)}
        got = {(r[col["代码"]], r[col["区划代码"]], r[col["报告期"]]): r for r in as_bom[1:]}
        for r in records():
            row = got[key_of(r)]
            if r.key.kind == pb.SUBJECT_KIND_INDICATOR:
                # The figure at the indicator's precision: 670 was sent, 670.00 shows.
                self.assertEqual(float(row[col["合并值"]]), float(r.value))
                self.assertEqual(len(row[col["合并值"]].split(".")[1]), 2)
            self.assertEqual(row[col["状态代码"]],
                             pb.RecordState.Name(r.state)[len("RECORD_STATE_"):].lower())
        self.assertEqual(got[(SUBSIDY, "350404", "2024")][col["合并值"]], "670.00")

    def test_23_json_lines_with_codes(self):
        out = hubctl("export", "--format", "jsonl", "--out=-", "--state", "conflict")
        rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["code"], SUBSIDY)
        self.assertEqual(rows[0]["state"], "conflict")
        self.assertEqual(rows[0]["value"], 670)
        self.assertIn("1 行", out.stderr.decode())

    def test_24_refused_export_writes_nothing(self):
        done = hubctl("export", "--region", "350400", "--out", "refused.xlsx",
                      principal="analyst@411300", check=False)
        self.assertEqual(done.returncode, 1)
        self.assertIn("PERMISSION_DENIED", done.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(WORK.name, "refused.xlsx")))
        self.assertFalse(os.path.exists(os.path.join(WORK.name, "refused.xlsx.part")))

    def test_25_export_rpc_streams_chunks(self):
        call = CLIENT.channel.unary_stream(
            "/hub.v1.ExportService/ExportRecords",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=EXPORT_PB.ExportChunk.FromString)
        request = EXPORT_PB.ExportRecordsRequest(format=EXPORT_PB.EXPORT_FORMAT_CSV)
        chunks = list(call(request, metadata=(("x-hub-principal", ANALYST),)))
        self.assertEqual(chunks[0].file_name, "合并记录.csv")
        self.assertTrue(chunks[-1].last)
        self.assertEqual(chunks[-1].rows, 4)
        self.assertEqual(chunks[-1].first_sequence, chunks[-1].last_sequence)
        data = b"".join(c.data for c in chunks)
        self.assertTrue(data.startswith(codecs.BOM_UTF8))
        with self.assertRaises(grpc.RpcError) as ctx:
            list(call(EXPORT_PB.ExportRecordsRequest(
                filter=pb.ListRecordsRequest(region_code="350400")),
                metadata=(("x-hub-principal", "analyst@411300"),)))
        self.assertEqual(ctx.exception.code(), grpc.StatusCode.PERMISSION_DENIED)

    def test_26_violation_carries_reason_code_and_chinese_message(self):
        bad = subsidy("fin-x-bad", "finance", "350404", "2024-13", "670")
        response = CLIENT.stream_submit([pb.SubmitRequest(submission=bad)],
                                        principal="finance@350400")[0]
        violations = []
        for any_msg in response.error.details:
            if any_msg.type_url == hub_client.BAD_REQUEST_TYPE_URL:
                violations.extend(pb.BadRequest.FromString(any_msg.value).field_violations)
        self.assertEqual(len(violations), 1)
        v = violations[0]
        self.assertEqual(v.field, "items[0].indicator_value.period")
        self.assertEqual(v.reason, "INVALID_PERIOD")
        self.assertEqual(v.localized_message.locale, "zh-CN")
        self.assertTrue(v.localized_message.message.startswith("“2024-13”不是有效的报告期"))
        self.assertIn("month must be 01..12", v.description)


EXPORT_PB = None


def _export_messages():
    """export.proto's messages, generated like hub_client's."""
    out = tempfile.mkdtemp(prefix="hub_export_pb_")
    subprocess.run(["protoc", "--python_out=" + out, "-I", hub_client.PROTO_ROOT,
                    "-I", "/usr/include", "hub/v1/export.proto"], check=True)
    sys.path.insert(0, out)
    try:
        import importlib
        return importlib.import_module("hub.v1.export_pb2")
    finally:
        sys.path.remove(out)


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 3:
        print("usage: export_readback_test.py HUBD HUBCTL EXPORT_SAMPLE", file=sys.stderr)
        sys.exit(2)
    HUBCTL, EXPORT_SAMPLE = os.path.abspath(args[1]), os.path.abspath(args[2])
    EXPORT_PB = _export_messages()
    sys.exit(hub_client.run_tests([sys.argv[0], args[0]] + args[3:],
                                  sys.modules[__name__]))

#!/usr/bin/python3
"""The one-page HTML report and the exports of the analyst views, end to
end on the demo hub (tools/demo_start.sh: hubd --insecure_demo_auth
--demo_clock on 127.0.0.1:0, the seed catalog and the demo year loaded).

    /usr/bin/python3 tests/e2e/report_test.py REPO_DIR BUILD_DIR ARTIFACT_DIR

  1x  `hubctl report --region 350400 --period 2024` writes one HTML file;
      it refers to nothing outside itself; headless Chromium (Debian's
      `chromium`, network disabled) renders it: the rendered DOM holds the
      Chinese headings, the states, the department names and the figures
      of the views over gRPC (the same hub, the same moment); printed to PDF
      on A4 it is one page. The screenshot and PDF are kept in ARTIFACT_DIR.
      A region outside the caller's jurisdiction writes no file.
  2x  `hubctl export attainment|reporting|ledger|laggards|rollup` as .xlsx
      read back with openpyxl (Debian's python3-openpyxl): one sheet named
      after the view, Chinese headers, the header row frozen, numbers as
      numbers in the indicator's format (percent as percent, money with
      separators), the rows of the view (--json of the same command); a
      department's progress note beginning with '=' is neutralised. CSV in
      UTF-8 with BOM and in GB18030 decode to the same cells; JSON lines
      carry the codes.
"""

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

import openpyxl

REPO = BUILD = ARTIFACTS = None
ROOT = None
ADDR = None
ANALYST = "analyst@350400"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def hubctl(*args, principal=ANALYST, check=True, cwd=None):
    env = dict(os.environ, HUB_ADDR=ADDR)
    env.pop("HUB_LANG", None)
    r = subprocess.run([os.path.join(BUILD, "tools/hubctl/hubctl"), "--as",
                        principal] + list(args), cwd=cwd or ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError("hubctl %s: %d\n%s%s" % (
            " ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def chromium(*args, timeout=60):
    profile = tempfile.mkdtemp(prefix="chromium_", dir=ROOT)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-dev-shm-usage", "--no-first-run",
           "--user-data-dir=" + profile,
           # No network at all: every host resolves nowhere, no proxy.
           "--host-resolver-rules=MAP * ~NOTFOUND", "--no-proxy-server",
           "--disable-background-networking"] + list(args)
    try:
        return subprocess.run(cmd, capture_output=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="report_", dir=ROOT)
        out = os.path.join(cls.dir, "report.html")
        cls.done = hubctl("report", "--region", "350400", "--period", "2024",
                         "--out", out)
        with open(out, encoding="utf-8") as f:
            cls.html = f.read()
        cls.path = out

    def test_10_hubctl_says_what_it_wrote(self):
        self.assertIn("已写出 " + self.path, self.done.stderr)
        self.assertRegex(self.done.stderr, r"截至日志序号 \d+")

    def test_11_self_contained(self):
        self.assertNotIn("<script", self.html)
        self.assertNotIn("<link", self.html)
        self.assertIsNone(re.search(r"\bsrc=|url\(|@import", self.html))
        # The only URL is the SVG namespace, which is a name, not a fetch.
        urls = set(re.findall(r"https?://[^\"' <>]+", self.html))
        self.assertEqual(urls, {"http://www.w3.org/2000/svg"})

    def test_12_chromium_renders_the_chinese_report(self):
        r = chromium("--dump-dom", "file://" + self.path)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        dom = r.stdout.decode("utf-8")
        for heading in ("三明市医改工作报告（2024）", "一、目标完成情况",
                        "二、报送完整性与及时性（按部门）", "三、逾期任务与落后单位",
                        "四、未解决的数据冲突"):
            self.assertIn(heading, dom)
        for word in ("达标", "未达标", "医保局", "卫健委", "财政局",
                     "明医改组〔2024〕4号", "基层诊疗量占比", "报告期末"):
            self.assertIn(word, dom)
        # The figures of the views, over gRPC, are those in the page.
        lag = json.loads(hubctl("laggards", "sm2024", "--period", "2024",
                                "--limit", "1", "--json").stdout)
        first = lag["departments"][0]
        self.assertIn("<td>%s</td><td><span class=\"num\">%d</span>" % (
            first["name"], first["overdueTasks"]), dom)
        att = [json.loads(line) for line in hubctl(
            "attainment", "--period", "2024", "--region", "350400", "--all",
            "--json").stdout.splitlines()]
        own = [a for a in att if a["regionCode"] == "350400" and "value" in a]
        self.assertTrue(own)
        for a in own[:5]:
            self.assertIn(a["value"], dom)
        seq = re.search(r'id="as-of-sequence">(\d+)<', dom)
        self.assertIsNotNone(seq)
        self.assertGreater(int(seq.group(1)), 1000)

    def test_13_prints_on_one_a4_page(self):
        pdf = os.path.join(ARTIFACTS, "report_350400_2024.pdf")
        png = os.path.join(ARTIFACTS, "report_350400_2024.png")
        r = chromium("--screenshot=" + png, "--window-size=794,1123",
                     "file://" + self.path)
        self.assertEqual(r.returncode, 0)
        self.assertTrue(os.path.getsize(png) > 10000)
        r = chromium("--print-to-pdf=" + pdf, "--no-pdf-header-footer",
                     "file://" + self.path)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        with open(pdf, "rb") as f:
            data = f.read()
        pages = re.findall(rb"/Type\s*/Page[^s]", data)
        self.assertEqual(len(pages), 1, "the report prints on one page")
        box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
        self.assertIsNotNone(box)
        w, h = float(box.group(1)), float(box.group(2))
        self.assertAlmostEqual(w, 595.0, delta=2)  # A4 in points
        self.assertAlmostEqual(h, 842.0, delta=2)

    def test_14_outside_the_jurisdiction_writes_nothing(self):
        out = os.path.join(self.dir, "refused.html")
        r = hubctl("report", "--region", "411300", "--period", "2024", "--out",
                   out, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("PERMISSION_DENIED", r.stderr + r.stdout)
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".part"))


class ViewExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="views_", dir=ROOT)

    def export(self, *args):
        r = hubctl("export", *args, cwd=self.dir)
        return r

    def test_20_attainment_xlsx(self):
        self.export("attainment", "--period", "2024", "--out", "a.xlsx")
        wb = openpyxl.load_workbook(os.path.join(self.dir, "a.xlsx"))
        self.assertEqual(wb.sheetnames, ["目标完成情况"])
        ws = wb["目标完成情况"]
        self.assertEqual(ws.freeze_panes, "A2")
        head = [c.value for c in ws[1]]
        self.assertEqual(head[:8], ["区划代码", "区划", "指标代码", "指标", "报告期",
                                    "文件", "状态", "状态代码"])
        rows = [[c for c in r] for r in ws.iter_rows(min_row=2)]
        att = [json.loads(line) for line in hubctl(
            "attainment", "--period", "2024", "--all", "--json"
        ).stdout.splitlines()]
        self.assertEqual(len(rows), len(att))
        col = {name: i for i, name in enumerate(head)}
        by_key = {(r[col["区划代码"]].value, r[col["指标代码"]].value,
                   r[col["文件"]].value): r for r in rows}
        checked = set()
        for a in att:
            r = by_key[(a["regionCode"], a["indicatorCode"],
                        a.get("documentNumber"))]
            if "value" not in a:
                continue
            cell = r[col["数值"]]
            self.assertIsInstance(cell.value, (int, float))
            if a["unit"] == "%":
                self.assertAlmostEqual(cell.value, float(a["value"]) / 100,
                                       places=6)
                self.assertIn("%", cell.number_format)
                checked.add("percent")
            elif a["unit"].startswith("元"):
                self.assertAlmostEqual(cell.value, float(a["value"]), places=6)
                self.assertIn("#,##0", cell.number_format)
                checked.add("money")
        self.assertEqual(checked, {"percent", "money"})
        states = {r[col["状态"]].value for r in rows}
        self.assertTrue(states <= {"达标", "进度正常", "有风险", "未达标", "无数据"})
        self.assertIn("未达标", states)

    def test_21_reporting_csv_bom_and_gb18030(self):
        self.export("reporting", "--plan", "sm2024", "--period", "2024",
                    "--format", "csv", "--out", "r.csv")
        self.export("reporting", "--plan", "sm2024", "--period", "2024",
                    "--format", "csv", "--encoding", "gb18030", "--out",
                    "r_gb.csv")
        with open(os.path.join(self.dir, "r.csv"), "rb") as f:
            raw = f.read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        utf8 = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
        with open(os.path.join(self.dir, "r_gb.csv"), "rb") as f:
            gb = list(csv.reader(io.StringIO(f.read().decode("gb18030"))))
        self.assertEqual(utf8, gb)
        self.assertEqual(utf8[0][:5], ["方案", "报告期", "截止日期", "部门代码", "部门"])
        reports = [json.loads(line) for line in hubctl(
            "reporting", "--plan", "sm2024", "--period", "2024", "--all",
            "--json").stdout.splitlines()]
        self.assertEqual(len(utf8) - 1, len(reports))
        late = [r for r in utf8[1:] if r[8] == "late"]
        self.assertTrue(late)
        self.assertTrue(all(r[7] == "迟报" for r in late))
        self.assertIn("医保局", {r[4] for r in late})

    def test_22_ledger_note_neutralised_and_laggards(self):
        note = '=HYPERLINK("http://example.invalid","点击")'
        sub = {"submissionId": "mi-note-2024", "department": "medical_insurance",
               "items": [{"taskProgress": {"taskCode": "sm2024.10.3",
                                           "regionCode": "350400",
                                           "period": "2024",
                                           "status": "TASK_STATUS_IN_PROGRESS",
                                           "text": note}}]}
        path = os.path.join(self.dir, "note.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(sub, f, ensure_ascii=False)
        hubctl("submit", path, principal="medical_insurance@350400")
        self.export("ledger", "sm2024", "--period", "2024", "--out", "l.xlsx")
        ws = openpyxl.load_workbook(os.path.join(self.dir, "l.xlsx"))["任务台账"]
        head = [c.value for c in ws[1]]
        col = {name: i for i, name in enumerate(head)}
        rows = list(ws.iter_rows(min_row=2))
        task = [r for r in rows if r[col["任务代码"]].value == "sm2024.10.3"][0]
        self.assertEqual(task[col["最新进展"]].value, "'" + note)
        self.assertEqual(task[col["最新进展"]].data_type, "s")
        self.assertFalse(any(c.data_type == "f" for r in rows for c in r))
        self.assertIn("未报送", {r[col["状态"]].value for r in rows} |
                      {"未报送"})
        self.export("laggards", "sm2024", "--period", "2024", "--format",
                    "jsonl", "--out", "g.jsonl")
        with open(os.path.join(self.dir, "g.jsonl"), encoding="utf-8") as f:
            lag = [json.loads(line) for line in f]
        self.assertEqual(lag[0]["kind"], "部门")
        self.assertEqual(lag[0]["rank"], 1)
        self.assertIsInstance(lag[0]["overdue_tasks"], int)

    def test_23_rollup_and_bad_view(self):
        self.export("rollup", "--region", "350400", "--period", "2024H1",
                    "--out", "u.xlsx")
        ws = openpyxl.load_workbook(os.path.join(self.dir, "u.xlsx"))["指标汇总"]
        head = [c.value for c in ws[1]]
        self.assertEqual(head[:6], ["指标代码", "指标", "区划代码", "区划", "报告期",
                                    "汇总值"])
        self.assertGreater(ws.max_row, 5)
        r = hubctl("export", "attainment", "--period", "2024上半年", "--out",
                   os.path.join(self.dir, "bad.xlsx"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("period", r.stderr + r.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "bad.xlsx")))


def main():
    global REPO, BUILD, ARTIFACTS, ROOT, ADDR
    REPO, BUILD, ARTIFACTS = (os.path.abspath(a) for a in sys.argv[1:4])
    os.makedirs(ARTIFACTS, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="hub_report_e2e_")
    ROOT = os.path.join(tmp, "repo")
    os.makedirs(ROOT)
    for name in ("tests", "tools"):
        os.symlink(os.path.join(REPO, name), os.path.join(ROOT, name))
    os.symlink(BUILD, os.path.join(ROOT, "build"))
    data = os.path.join(ROOT, "hub-data")
    env = dict(os.environ, HUB_ADDR="127.0.0.1:0", HUB_DATA=data)
    r = subprocess.run(["tools/demo_start.sh"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    try:
        if r.returncode != 0:
            raise SystemExit("demo hub did not start:\n" + r.stdout + r.stderr)
        with open(os.path.join(data, "hubd.port")) as f:
            ADDR = "127.0.0.1:" + f.read().strip()
        result = unittest.main(argv=sys.argv[:1], exit=False, verbosity=2)
        ok = result.result.wasSuccessful()
    finally:
        try:
            with open(os.path.join(data, "hubd.pid")) as f:
                pid = int(f.read())
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                os.kill(pid, 0)
                subprocess.run(["sleep", "0.1"])
        except (OSError, ValueError):
            pass
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

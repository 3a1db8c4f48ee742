#!/usr/bin/python3
"""Writes the department sample exports in this folder (run once; the files
are committed). Regions, institutions and figures follow the seeds: Sanming
(350400) and its counties for 2024H1 (明医改组〔2024〕4号: county-internal fund
spending >= 47.5%, resident subsidy +30 yuan), Nanyang 2022, Qijiang 2022.
The numbers are deterministic (no randomness) and stay in plausible ranges.
"""
import csv, io, subprocess

def write(name, header, rows, encoding="utf-8"):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if encoding == "gb18030" else "\n")
    w.writerow(header)
    w.writerows(rows)
    with open(name, "wb") as f:
        f.write(buf.getvalue().encode(encoding))

MONTHS_2024H1 = ["202401", "202402", "202403", "202404", "202405", "202406"]

# Health commission: institution monthly statistics, Sanming 2024H1. The
# export of 三元区 and 沙县区 holds only their hospitals (their primary-care
# institutions report elsewhere), so the adapter derives no primary-care
# share for them and says so; 明溪县, 尤溪县 and 永安市 are covered by
# hospitals and primary-care institutions alike, with 基层 visit shares
# (about 59-63%) near the seeds' 65% target.
INSTITUTIONS = [
    # code, name, level, type, division, visits/month, discharges, pathway %
    ("35040410001", "三明市第一医院", "三级", "医院", "350404", 98000, 5200, 72),
    ("35040510002", "沙县区总医院", "二级", "医院", "350405", 41000, 1900, 61),
    ("35042110003", "明溪县总医院", "二级", "医院", "350421", 21000, 860, 58),
    ("35042120011", "明溪县夏阳乡卫生院", "基层", "乡镇卫生院", "350421", 6200, 40, 0),
    ("35042130021", "明溪县城关乡坪埠村卫生室", "基层", "村卫生室", "350421", 900, 0, 0),
    ("35042120014", "明溪县雪峰镇卫生院", "基层", "乡镇卫生院", "350421", 11800, 90, 0),
    ("35042120015", "明溪县瀚仙镇卫生院", "基层", "乡镇卫生院", "350421", 7400, 55, 0),
    ("35042120016", "明溪县盖洋镇卫生院", "基层", "乡镇卫生院", "350421", 5600, 38, 0),
    ("35042120017", "明溪县胡坊镇卫生院", "基层", "乡镇卫生院", "350421", 4300, 30, 0),
    ("35042610004", "尤溪县总医院", "二级", "医院", "350426", 52000, 2300, 63),
    ("35042620012", "尤溪县西城镇卫生院", "基层", "乡镇卫生院", "350426", 8800, 65, 0),
    ("35042620018", "尤溪县城关镇社区卫生服务中心", "基层", "社区卫生服务中心", "350426", 21000, 0, 0),
    ("35042620019", "尤溪县梅仙镇卫生院", "基层", "乡镇卫生院", "350426", 14500, 110, 0),
    ("35042620020", "尤溪县洋中镇卫生院", "基层", "乡镇卫生院", "350426", 12800, 96, 0),
    ("35042620021", "尤溪县新阳镇卫生院", "基层", "乡镇卫生院", "350426", 11200, 84, 0),
    ("35042620022", "尤溪县管前镇卫生院", "基层", "乡镇卫生院", "350426", 9600, 70, 0),
    ("35042620023", "尤溪县坂面镇卫生院", "基层", "乡镇卫生院", "350426", 8300, 62, 0),
    ("35048110005", "永安市总医院", "三级", "医院", "350481", 60000, 2900, 69),
    ("35048120013", "永安市燕西街道社区卫生服务中心", "基层", "社区卫生服务中心", "350481", 9700, 0, 0),
    ("35048120024", "永安市燕东街道社区卫生服务中心", "基层", "社区卫生服务中心", "350481", 18500, 0, 0),
    ("35048120025", "永安市西洋镇卫生院", "基层", "乡镇卫生院", "350481", 12400, 92, 0),
    ("35048120026", "永安市贡川镇卫生院", "基层", "乡镇卫生院", "350481", 13900, 105, 0),
    ("35048120027", "永安市小陶镇卫生院", "基层", "乡镇卫生院", "350481", 11600, 88, 0),
    ("35048120028", "永安市安砂镇卫生院", "基层", "乡镇卫生院", "350481", 10200, 76, 0),
    ("35048120029", "永安市曹远镇卫生院", "基层", "乡镇卫生院", "350481", 9800, 72, 0),
]

def hc_rows():
    rows = []
    for m_i, month in enumerate(MONTHS_2024H1):
        for code, name, level, typ, div, visits, dis, pw in INSTITUTIONS:
            v = visits + 37 * m_i * (1 + len(name) % 3)
            d = dis + 11 * m_i if dis else 0
            p = d * pw // 100
            revenue = v * 186 + d * 9200 + 0.35 * m_i
            service = round(revenue * (0.31 + 0.01 * (len(code) % 4)), 2)
            personnel = round(revenue * 0.38, 2)
            operating = round(revenue * 0.93, 2)
            rows.append([code, name, level, typ, div, month, v, d, p,
                         "%.2f" % revenue, "%.2f" % service, "%.2f" % personnel,
                         "%.2f" % operating])
    return rows

HC_HEADER = ["机构编码", "机构名称", "机构级别", "机构类型", "行政区划代码", "统计月份",
             "总诊疗人次", "出院人数", "临床路径管理出院人数", "医疗收入（元）",
             "医疗服务收入（元）", "人员支出（元）", "业务支出（元）"]
write("health_commission_institutions_sm2024h1.csv", HC_HEADER, hc_rows())

# Health commission: county medical-community monitoring, GB18030 (as WPS
# and Excel write it on a Chinese Windows desktop).
COUNTIES = [("350421", 1.9e7, 0.455), ("350423", 1.6e7, 0.468),
            ("350426", 4.1e7, 0.472), ("350481", 5.3e7, 0.449)]
# Counties write the share their own way: 清流 (350423) as a ratio, the others
# in percent.
from decimal import Decimal, ROUND_HALF_UP
def share_text(code, in_county, total):
    s = Decimal(in_county) / Decimal(total)
    if code == "350423":
        return str(s.quantize(Decimal("0.0001"), ROUND_HALF_UP))
    return str((s * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)) + "%"
rows = []
for code, total, share in COUNTIES:
    for m_i, month in enumerate(MONTHS_2024H1):
        t = total + 250000 * m_i + 0.37
        amount = "%.2f" % (t * (share + 0.002 * m_i))
        rows.append([code, month, amount, "%.2f" % t,
                     share_text(code, amount, "%.2f" % t)])
COMMUNITY_HEADER = ["县（区）代码", "监测月份", "县域内医保基金支出（元）",
                    "县域参保人员医保基金支出总额（元）", "县域内支出占比"]
write("health_commission_community_sm2024h1.gb18030.csv", COMMUNITY_HEADER, rows,
      encoding="gb18030")

# Medical insurance: settlement summaries, Sanming pools 2024H1. The
# county-internal share comes out near 48-49%, above the health commission's
# monitoring (the overlap the reform office reconciles).
LINES = [("职工", "住院", "DRG", "县域内", 0.19), ("职工", "住院", "DRG", "市外", 0.07),
         ("职工", "住院", "按项目", "县域外市内", 0.12), ("居民", "住院", "DRG", "县域内", 0.18),
         ("居民", "住院", "按床日", "县域内", 0.03), ("居民", "门诊", "按人头", "县域内", 0.085),
         ("职工", "门诊", "按项目", "县域外市内", 0.11), ("居民", "住院", "按项目", "市外", 0.215)]
def mi_rows(pools, months):
    rows = []
    for p_i, (code, total) in enumerate(pools):
        for m_i, month in enumerate(months):
            for k, (scheme, care, method, place, part) in enumerate(LINES):
                tilt = 1 + 0.03 * (p_i - 2) if place == "县域内" else 1
                amount = total * part * tilt * (1 + 0.01 * m_i) + 0.01 * k
                cases = int(amount / (6200 if care == "住院" else 180))
                rows.append([code, month, scheme, care, method, place, "%.2f" % amount, cases])
    return rows
MI_HEADER = ["医保区划代码", "结算月份", "险种", "医疗类别", "支付方式", "就医地",
             "基金支出（元）", "结算人次"]
write("medical_insurance_settlement_sm2024h1.csv", MI_HEADER,
      mi_rows([("350421", 1.95e7), ("350423", 1.62e7), ("350426", 4.2e7),
               ("350481", 5.4e7), ("350499", 1.1e8)], MONTHS_2024H1))
write("medical_insurance_settlement_qj2022q4.csv", MI_HEADER,
      mi_rows([("500110", 6.8e7)], ["202210", "202211", "202212"]))

# Medical insurance: resident financing 2024 (reports 660; finance 670).
write("medical_insurance_financing_sm2024.csv",
      ["医保区划代码", "年度", "参保人数", "人均财政补助标准", "单位"],
      [["350499", "2024", "2216300", "660", "元/人"]])

# Medical insurance: procurement execution of centrally procured products,
# Sanming 2024H1 (三明采购联盟 第七批药品 and 第九批耗材 beside the national
# 第九批). Volumes in the smallest unit (片, 粒, 支; 套, 根); 永安市 reports
# by quarter, the others by month. Completion comes out near 95-110%.
PRODUCTS = [
    # batch, category, product, unit, agreed per month at 市本级, actual %
    ("国家第九批", "药品", "阿莫西林胶囊", "粒", 186000, 104),
    ("国家第九批", "药品", "盐酸二甲双胍缓释片", "片", 243000, 97),
    ("三明联盟第七批药品", "药品", "注射用头孢曲松钠", "支", 31200, 112),
    ("三明联盟第九批耗材", "耗材", "一次性使用输液器", "套", 58400, 101),
    ("三明联盟第九批耗材", "耗材", "冠脉导引导丝", "根", 260, 93),
]
def procurement_rows(divisions, periods):
    rows = []
    for d_i, (code, scale) in enumerate(divisions):
        for p_i, period in enumerate(periods(code)):
            months = 3 if "Q" in period else 1
            for k, (batch, cat, product, unit, base, pct) in enumerate(PRODUCTS):
                agreed = int(base * scale * months)
                actual = agreed * (pct + 2 * p_i - 3 * d_i + k) // 100
                rows.append([code, batch, cat, product, period, agreed, actual, unit])
    return rows
PROC_HEADER = ["医保区划代码", "采购批次", "产品类别", "产品名称", "执行年月",
               "约定采购量", "实际采购量", "单位"]
write("medical_insurance_procurement_sm2024h1.csv", PROC_HEADER, procurement_rows(
    [("350499", 1.0), ("350421", 0.11), ("350425", 0.19), ("350481", 0.27)],
    lambda code: ["2024Q1", "2024Q2"] if code == "350481" else MONTHS_2024H1))

# Finance: budget execution through Q3 2024 (Sanming) and the year 2022
# (Nanyang), amounts in 万元.
FIN_HEADER = ["区划代码", "预算年度", "报告季度", "科目编码", "科目名称", "金额单位",
              "预算数", "执行数", "人均补助标准（元/人）", "覆盖人数"]
write("finance_budget_sm2024q3.csv", FIN_HEADER, [
    ["350400", "2024", "3", "2100101", "行政运行", "万元", "3120.00", "2236.4500", "", ""],
    ["350400", "2024", "3", "2100201", "综合医院", "万元", "18650.00", "13021.3275", "", ""],
    ["350400", "2024", "3", "2100202", "中医（民族）医院", "万元", "4210.50", "2987.0625", "", ""],
    ["350400", "2024", "3", "2101202", "财政对城乡居民基本医疗保险基金的补助", "万元",
     "148490.00", "111367.50", "670", "2216300"],
    ["350400", "2024", "3", "2100408", "基本公共卫生服务", "万元", "21063.00", "15797.25", "94", "2240700"],
    ["350421", "2024", "3", "2100201", "综合医院", "万元", "1860.00", "1302.0000", "", ""],
    ["350426", "2024", "3", "2100201", "综合医院", "万元", "3120.00", "2184.6800", "", ""],
    ["350426", "2024", "3", "2100302", "乡镇卫生院", "万元", "2050.00", "1498.3300", "", ""],
])
write("finance_budget_ny2022.csv", FIN_HEADER, [
    ["411300", "2022", "4", "2100201", "综合医院", "万元", "42600.00", "41988.1200", "", ""],
    ["411300", "2022", "4", "2101202", "财政对城乡居民基本医疗保险基金的补助", "万元",
     "579600.00", "579600.00", "610", "9501600"],
    ["411381", "2022", "4", "2100201", "综合医院", "万元", "5230.00", "5102.7700", "", ""],
    ["411323", "2022", "4", "2100202", "中医（民族）医院", "元", "12500000.00", "12288000.50", "", ""],
])

# Files with bad rows: every problem must be reported at once.
write("bad/health_commission_bad_sm2024h1.csv", HC_HEADER, [
    hc_rows()[0],
    ["35042110003", "明溪县总医院", "二级", "医院", "350421", "202407", "21000", "860",
     "500", "3910000.00", "1290000.00", "1500000.00", "3700000.00"],
    ["35042199999", "明溪县某医院", "四级", "医院", "359999", "202403", "1,200", "10",
     "5", "100.00", "50.00", "40.00", "90.00"],
    hc_rows()[0],
])
write("bad/medical_insurance_bad_sm2024h1.csv", MI_HEADER, [
    ["350421", "202402", "居民", "住院", "DRG", "县域内", "4095000.00", "660"],
    ["350421", "2024-03", "居民", "住院", "DRG", "县域内", "4095000.00", "660"],
    ["350421", "202403", "居民", "住院", "按病种", "县域内", "12.345", "2"],
    ["350498", "202403", "居民", "住院", "DRG", "县域内", "100.00", "1"],
])
write("bad/finance_bad_sm2024q3.csv", FIN_HEADER, [
    ["350400", "2024", "3", "2100201", "综合医院", "千元", "18650.00", "13021.3", "", ""],
    ["350400", "2024", "2", "2100202", "中医（民族）医院", "万元", "4210.50", "2987.06", "", ""],
    ["350400", "2024", "3", "2101203", "新农合补助", "万元", "1.00", "1.00", "", ""],
    ["350400", "2024", "3", "2101202", "财政对城乡居民基本医疗保险基金的补助", "万元",
     "148490.00", "111367.50", "六百七十", "2216300"],
])
write("bad/health_commission_community_bad_sm2024h1.csv", COMMUNITY_HEADER, [
    ["350421", "202401", "8645000.17", "19000000.37", "45.50%"],
    ["350421", "202401", "8645000.17", "19000000.37", "45.50%"],
    ["350423", "202406", "9800000.00", "7400000.00", "1.3243"],
    ["350499", "202402", "-12.00", "100.00", "-12%"],
    ["350426", "202403", "4560000.00", "10000000.00", "45.5"],
    ["350481", "202404", "4560000.00", "10000000.00", "0.4650"],
], encoding="gb18030")
write("bad/medical_insurance_procurement_bad_sm2024h1.csv", PROC_HEADER, [
    ["350421", "国家第九批", "药品", "阿莫西林胶囊", "202401", "20460", "21278", "粒"],
    ["350421", "国家第九批", "药品", "阿莫西林胶囊", "202401", "20460", "21278", "粒"],
    ["359999", "国家第九批", "药品", "盐酸二甲双胍缓释片", "202402", "26730", "25928", "片/粒"],
    ["350421", "三明联盟第七批药品", "药品", "注射用头孢曲松钠", "202407", "3432", "1,200", "盒"],
    ["350425", "三明联盟第九批耗材", "耗材", "冠脉导引导丝", "2024年3月", "0", "52", "片"],
    ["350425", "国家第九批", "药品", "阿莫西林胶囊", "202402", "35340", "36400", "片"],
    ["350425", "国家第九批", "器械", "", "202403", "100", "90", "个"],
])
write("bad/medical_insurance_financing_bad_sm2024.csv",
      ["医保区划代码", "年度", "参保人数", "人均财政补助标准", "单位"], [
    ["350499", "2024", "2216300", "660", "元"],
    ["350499", "24", "2216300", "660", "元/人"],
    ["350421", "2024", "约15万", "660", "元/人"],
])

# Task progress for the first half of 2024 (Sanming reports by 7/25), each
# department with its own status column and words. sm2024.10.3 (县域医共体医保
# 基金打包付费) and sm2024.10.1 (居民医保人均财政补助提高30元) are reported by
# several departments.
TASK_HEADER = ["任务编号", "区划代码", "{}", "进展情况"]
write("health_commission_tasks_sm2024h1.csv", [h.format("进展状态") for h in TASK_HEADER], [
    ["sm2024.2.1", "350400", "推进中", "深入开展健康中国行动和爱国卫生运动，上半年完成病媒生物防制评估"],
    ["sm2024.4.2", "350400", "已完成", "基本公共卫生服务经费人均财政补助标准提高5元，已下达"],
    ["sm2024.10.3", "350400", "推进中", "医共体医保基金打包付费运行监测按月开展"],
    ["sm2024.10.3", "350421", "持续推进", "明溪县总医院牵头医共体，县域内基金支出占比按月通报"],
    ["sm2024.13.1", "350400", "推进中", "配合财政测算政府办医投入"],
])
write("medical_insurance_tasks_sm2024h1.csv", [h.format("办理状态") for h in TASK_HEADER], [
    ["sm2024.6.1", "350400", "已办结", "三明采购联盟新增成员，完成一批集采报量"],
    ["sm2024.10.1", "350400", "已办结", "居民医保人均财政补助标准提高30元，达到670元"],
    ["sm2024.10.2", "350400", "正在推进", "C-DRG收付费改革覆盖全部二级以上公立医院"],
    ["sm2024.10.3", "350400", "正在推进", "县域内基金支出占比上半年48.5%，目标47.5%以上"],
])
write("finance_tasks_sm2024h1.csv", [h.format("执行状态") for h in TASK_HEADER], [
    ["sm2024.4.2", "350400", "已落实", "基本公共卫生服务补助资金已按94元/人标准拨付"],
    ["sm2024.10.1", "350400", "执行中", "居民医保财政补助资金上半年已拨付50%"],
    ["sm2024.10.3", "350400", "执行中", "打包资金按季度预拨"],
    ["sm2024.13.1", "350400", "执行中", "可持续投入保障机制方案征求意见中"],
])
write("bad/finance_tasks_bad_sm2024h1.csv", [h.format("执行状态") for h in TASK_HEADER], [
    ["sm2024.13.1", "350400", "基本完成", "方案已起草"],
    ["第十三条", "350400", "执行中", "格式错误的任务编号"],
    ["sm2024.10.3", "350400", "执行中", "打包资金按季度预拨"],
    ["sm2024.10.3", "350400", "已落实", "同一任务重复填报"],
])
# Each department's words are its own: the health commission does not say
# 已办结, medical insurance does not say 推进中.
write("bad/health_commission_tasks_bad_sm2024h1.csv", [h.format("进展状态") for h in TASK_HEADER], [
    ["sm2024.2.1", "350400", "已办结", "措辞取自医保局台账"],
    ["sm2024.2.2", "359900", "推进中", "区划代码错误"],
])
write("bad/medical_insurance_tasks_bad_sm2024h1.csv", [h.format("办理状态") for h in TASK_HEADER], [
    ["sm2024.10.2", "350400", "推进中", "措辞取自卫健委台账"],
])

// The Chinese interface end to end: the real hubd with the demo year, read
// through the real hubctl as a new user would -- names instead of codes
// (with the codes beside them), states and statuses in Chinese, --lang en,
// errors with their field paths and reasons in the chosen language, the
// catalog lookups, figures at their precision and in 万元, times in CST,
// and tables whose columns line up in CJK terminals (East Asian Ambiguous
// characters two columns wide) and in Western ones.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/cst_time.h"
#include "hub/common/display_width.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class I18nE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(UniqueTestDir(::testing::TempDir(), "i18n_e2e"));
    std::filesystem::remove_all(*dir_);
    hubd_ = new HubdProcess(*dir_);
    ASSERT_TRUE(hubd_->Start());
    ASSERT_EQ(hubd_
                  ->Hubctl("reform_office@350400",
                           std::string("catalog load ") + CATALOG_DIR)
                  .exit_code,
              0);
    CommandResult demo = hubd_->Hubctl("reform_office@350400",
                                       std::string("demo load ") + CATALOG_DIR);
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
    delete hubd_;
    std::filesystem::remove_all(*dir_);
    std::filesystem::remove(*dir_ + ".bad.json");
    delete dir_;
  }
  // hubctl with no language setting at all: the default.
  static CommandResult Default(const std::string& principal,
                               const std::string& args) {
    return HubdProcess::Run("env -u HUB_LANG " + std::string(HUBCTL_PATH) +
                            " --addr=" + hubd_->address() +
                            " --as=" + principal + " " + args);
  }
  static CommandResult Zh(const std::string& principal,
                          const std::string& args) {
    return hubd_->Hubctl(principal, "--lang zh " + args);
  }

  static std::string* dir_;
  static HubdProcess* hubd_;
};

std::string* I18nE2eTest::dir_ = nullptr;
HubdProcess* I18nE2eTest::hubd_ = nullptr;

// The characters of line by display column: a wide character fills its
// second column with "" (not a space).
std::vector<std::string> Columns(const std::string& line, AmbiguousWidth a) {
  std::vector<std::string> cols;
  for (size_t i = 0; i < line.size();) {
    size_t n = 1;
    while (i + n < line.size() && (line[i + n] & 0xC0) == 0x80) ++n;
    std::string cp = line.substr(i, n);
    int w = DisplayWidth(cp, a);
    if (w > 0) cols.push_back(cp);
    for (int k = 1; k < w; ++k) cols.push_back("");
    i += n;
  }
  return cols;
}

// Checks that every row of every table in output starts each column where
// the rule line ("----  ------") says, as a terminal drawing ambiguous
// characters a columns wide shows it. Returns the rows checked.
int ExpectAligned(const std::string& output, AmbiguousWidth a) {
  std::vector<std::string> lines = absl::StrSplit(output, '\n');
  int checked = 0;
  for (size_t r = 1; r < lines.size(); ++r) {
    const std::string& rule = lines[r];
    if (rule.empty() || rule[0] != '-' ||
        rule.find_first_not_of("- ") != std::string::npos) {
      continue;
    }
    std::vector<int> starts;
    for (size_t i = 1; i < rule.size(); ++i) {
      if (rule[i] == '-' && rule[i - 1] == ' ') starts.push_back(i);
    }
    for (size_t k = r + 1; k < lines.size(); ++k) {
      const std::string& line = lines[k];
      if (line.empty() || line.rfind("（", 0) == 0 || line.rfind("(", 0) == 0) {
        break;
      }
      std::vector<std::string> cols = Columns(line, a);
      for (int s : starts) {
        if (s >= static_cast<int>(cols.size())) break;  // trailing empty cells
        EXPECT_EQ(cols[s - 2], " ") << "column " << s << " of: " << line;
        EXPECT_EQ(cols[s - 1], " ") << "column " << s << " of: " << line;
        // A cell begins here, or the cell is empty (padded with spaces).
        bool empty =
            cols[s] == " " &&
            (s + 1 >= static_cast<int>(cols.size()) || cols[s + 1] == " ");
        EXPECT_TRUE(cols[s] != " " || empty)
            << "column " << s << " of: " << line;
        EXPECT_NE(cols[s], "")
            << "a wide character straddles column " << s << " of: " << line;
      }
      ++checked;
    }
  }
  return checked;
}

TEST_F(I18nE2eTest, ChineseByDefaultWithNamesBesideCodes) {
  CommandResult r = Default("analyst@350400", "list --state conflict");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("区划"));
  EXPECT_THAT(r.output, HasSubstr("各部门报送"));
  EXPECT_THAT(r.output, HasSubstr("resident_insurance_subsidy_per_person"));
  EXPECT_THAT(r.output, HasSubstr("居民医保人均财政补助标准"));
  EXPECT_THAT(r.output, HasSubstr("350404 三元区"));
  EXPECT_THAT(r.output, HasSubstr("670.00 元/人"));
  EXPECT_THAT(r.output, HasSubstr("冲突"));
  EXPECT_THAT(r.output, HasSubstr("财政局=670.00 医保局=640.00"));
  EXPECT_THAT(r.output, Not(HasSubstr("conflict")));
}

TEST_F(I18nE2eTest, LangEnGivesEnglish) {
  CommandResult r =
      Default("analyst@350400", "--lang en list --state conflict");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("conflict"));
  EXPECT_THAT(r.output, HasSubstr("finance=670.00 medical_insurance=640.00"));
  EXPECT_THAT(r.output, Not(HasSubstr("冲突")));
  CommandResult bad = Default("analyst@350400", "--lang fr list");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.output, HasSubstr("--lang: \"fr\" is neither zh nor en"));
}

TEST_F(I18nE2eTest, TaskStatesInChinese) {
  CommandResult r = Zh("analyst@411300", "list --kind task --all");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("已完成"));
  EXPECT_THAT(r.output, HasSubstr("推进中"));
  EXPECT_THAT(r.output, HasSubstr("逾期（"));
  EXPECT_THAT(r.output, HasSubstr("卫健委="));
  EXPECT_THAT(r.output, HasSubstr("一致"));
  EXPECT_THAT(r.output, HasSubstr("单一来源"));
}

TEST_F(I18nE2eTest, ErrorsKeepTheFieldPathAndGiveTheReasonInTheLanguage) {
  std::string file = *dir_ + ".bad.json";
  std::ofstream(file)
      << R"({"submissionId": "fin-i18n-bad", "department": "finance",
    "items": [{"indicatorValue": {"indicatorCode": "resident_insurance_subsidy_per_person",
      "regionCode": "350999", "period": "2024-13", "value": "700.00", "unit": "元/人"}}]})";
  CommandResult zh = Zh("finance@350400", "submit " + file);
  EXPECT_EQ(zh.exit_code, 1);
  EXPECT_THAT(zh.output, HasSubstr("fin-i18n-bad：被拒绝"));
  EXPECT_THAT(zh.output,
              HasSubstr("输入有误（INVALID_ARGUMENT）：2 个字段有误"));
  EXPECT_THAT(
      zh.output,
      HasSubstr("items[0].indicator_value.period：“2024-13”不是有效的报告期"));
  EXPECT_THAT(
      zh.output,
      HasSubstr("items[0].indicator_value.region_code：未知区划“350999”"));
  CommandResult en = hubd_->Hubctl("finance@350400", "submit " + file);
  EXPECT_THAT(en.output,
              HasSubstr("items[0].indicator_value.period: \"2024-13\" "
                        "is not a valid period"));
  EXPECT_THAT(en.output, Not(HasSubstr("不是有效")));
}

TEST_F(I18nE2eTest, CatalogShowsOneEntryWhole) {
  CommandResult r =
      Zh("analyst@350400", "catalog show indicator primary_care_visit_share");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("primary_care_visit_share  基层诊疗量占比"));
  EXPECT_THAT(r.output, HasSubstr("基层医疗卫生机构诊疗人次 / 总诊疗人次"));
  EXPECT_THAT(r.output, HasSubstr("卫健委 health_commission"));
  EXPECT_THAT(r.output, HasSubstr(">= 65.00%"));
  EXPECT_THAT(r.output, HasSubstr("比上年提高 1.00 个百分点"));
  EXPECT_THAT(r.output,
              HasSubstr("两个目标满足其一即可"));  // the description, whole
  CommandResult task = Zh("analyst@350400", "catalog show task sm2024.18");
  EXPECT_THAT(task.output, HasSubstr("sm2024.18.2  扩大基层用药种类"));
  EXPECT_THAT(task.output, HasSubstr("明医改组〔2024〕4号"));
  for (const char* args :
       {"catalog show plan sm2024", "catalog show department finance",
        "catalog show region 350404"}) {
    EXPECT_EQ(Zh("analyst@350400", args).exit_code, 0) << args;
  }
  CommandResult missing = Zh("analyst@350400", "catalog show indicator nope");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("目录中没有指标 “nope”"));
  CommandResult json =
      hubd_->Hubctl("analyst@350400",
                    "--json catalog show indicator primary_care_visit_share");
  EXPECT_THAT(json.output, HasSubstr("\"code\":\"primary_care_visit_share\""));
}

TEST_F(I18nE2eTest, CatalogFindByCodeOrChineseName) {
  CommandResult r = Zh("analyst@350400", "catalog find 基层诊疗");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("primary_care_visit_share  基层诊疗量占比"));
  EXPECT_THAT(r.output, HasSubstr("sm2024.18.2"));
  CommandResult code = Zh("analyst@350400", "catalog find SUBSIDY_PER");
  EXPECT_THAT(code.output, HasSubstr("resident_insurance_subsidy_per_person"));
  EXPECT_THAT(code.output, HasSubstr("basic_public_health_subsidy_per_person"));
  EXPECT_EQ(Zh("analyst@350400", "catalog find 不存在的名称").exit_code, 1);
}

TEST_F(I18nE2eTest, TablesLineUpInCjkAndWesternTerminals) {
  // The Nanyang ledger and the indicator and task catalogs are full of
  // “ ”, … and ※-like characters.
  for (const char* args : {"list --kind task --all", "catalog show tasks",
                           "catalog show indicators"}) {
    CommandResult wide = Zh("analyst@411300", args);
    ASSERT_EQ(wide.exit_code, 0) << wide.output;
    EXPECT_GT(ExpectAligned(wide.output, AmbiguousWidth::kWide), 30) << args;
    CommandResult narrow =
        Zh("analyst@411300", std::string("--ambiguous_width 1 ") + args);
    EXPECT_GT(ExpectAligned(narrow.output, AmbiguousWidth::kNarrow), 30)
        << args;
  }
  // The two settings render rows with ambiguous characters differently.
  EXPECT_NE(
      Zh("analyst@411300", "catalog show tasks").output,
      Zh("analyst@411300", "--ambiguous_width 1 catalog show tasks").output);
}

TEST_F(I18nE2eTest, NothingAPersonCameForIsTruncated) {
  CommandResult codes = Zh("analyst@350400", "catalog show indicators");
  EXPECT_THAT(codes.output,
              HasSubstr("resident_insurance_subsidy_per_person  "));
  EXPECT_THAT(codes.output,
              Not(HasSubstr("resident_insurance_subsidy_per_pers...")));
  CommandResult history =
      Zh("auditor@350400",
         "history indicator resident_insurance_subsidy_per_person "
         "350404 2024");
  EXPECT_THAT(
      history.output,
      HasSubstr("indicator resident_insurance_subsidy_per_person 350404 2024"));
  EXPECT_THAT(history.output, HasSubstr("670.00 -> 670.00（冲突）"));
  CommandResult conflicts =
      Zh("reform_office@350400", "conflicts list --region 350404");
  EXPECT_THAT(
      conflicts.output,
      HasSubstr("医保局 640.00 与 财政局 670.00 相差 30.00（容差 1.00）"));
}

TEST_F(I18nE2eTest, MoneyWithSeparatorsAndInWan) {
  CommandResult yuan =
      Zh("analyst@350400",
         "list --indicator govt_spending_public_hospitals --period 2024");
  ASSERT_EQ(yuan.exit_code, 0) << yuan.output;
  EXPECT_THAT(yuan.output,
              ::testing::ContainsRegex("[0-9],[0-9]{3}\\.[0-9]{2} 元"));
  CommandResult wan =
      Zh("analyst@350400",
         "--wan list --indicator govt_spending_public_hospitals "
         "--period 2024");
  EXPECT_THAT(wan.output, ::testing::ContainsRegex("[0-9]\\.[0-9]{2} 万元"));
  EXPECT_THAT(wan.output, Not(HasSubstr(" 元 ")));
}

TEST_F(I18nE2eTest, LogTimesAreChinaStandardTime) {
  CommandResult json =
      hubd_->Hubctl("auditor@350400", "--json log tail --limit 1");
  ASSERT_EQ(json.exit_code, 0) << json.output;
  size_t at = json.output.find("\"timeMicros\":\"");
  ASSERT_NE(at, std::string::npos) << json.output;
  int64_t micros = 0;
  ASSERT_TRUE(absl::SimpleAtoi(
      json.output.substr(at + 14, json.output.find('"', at + 14) - at - 14),
      &micros));
  std::string cst = FormatMicrosCst(micros);  // "2024-07-25 16:00:00 CST"
  CommandResult table = Zh("auditor@350400", "log tail --limit 1");
  EXPECT_THAT(table.output, HasSubstr("时间（北京时间）"));
  EXPECT_THAT(table.output, HasSubstr(cst.substr(0, cst.size() - 4)));
}

}  // namespace
}  // namespace e2e
}  // namespace hub

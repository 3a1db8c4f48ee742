#include "tools/hubctl/i18n.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/model/errors.h"

namespace hub {
namespace hubctl {
namespace {

using ::testing::HasSubstr;

class I18nTest : public ::testing::Test {
 protected:
  void Use(Lang lang, bool wan = false) {
    Display d;
    d.lang = lang;
    d.figures.wan = wan;
    SetDisplay(d);
  }
  void TearDown() override { SetDisplay(Display()); }

  static absl::Status BadPeriod() {
    return InvalidArgumentWithViolations(
        "submission \"x\" rejected, 1 invalid field",
        {MakeViolation(
            "items[0].indicator_value.period",
            "\"2024-13\" is not a valid period: month must be 01..12",
            reason::kInvalidPeriod, {{"value", "2024-13"}})});
  }
};

TEST_F(I18nTest, ViolationKeepsFieldPathAndGivesReasonInChinese) {
  Use(Lang::kZh);
  EXPECT_EQ(LocalizedErrorText(BadPeriod()),
            "输入有误（INVALID_ARGUMENT）：1 个字段有误\n"
            "  items[0].indicator_value.period：“2024-13”不是有效的报告期"
            "（应写作 2024、2024H1、2024Q3、2024-07 或 2024Q1-Q3）\n");
}

TEST_F(I18nTest, EnglishIsTodaysText) {
  Use(Lang::kEn);
  EXPECT_EQ(LocalizedErrorText(BadPeriod()),
            "INVALID_ARGUMENT: 1 invalid field\n"
            "  items[0].indicator_value.period: \"2024-13\" is not a valid "
            "period: month must be 01..12\n");
}

TEST_F(I18nTest, AViolationWithoutAChineseMessageShowsItsDescription) {
  Use(Lang::kZh);
  absl::Status s = InvalidArgumentWithViolations(
      "bad", {{"items[1].note", "something new", "SOME_FUTURE_REASON", ""}});
  EXPECT_EQ(ViolationLines(s), "  items[1].note: something new\n");
}

TEST_F(I18nTest, ErrorsWithoutViolationsKeepTheirMessage) {
  Use(Lang::kZh);
  EXPECT_EQ(LocalizedErrorText(absl::PermissionDeniedError("department: x")),
            "无权操作（PERMISSION_DENIED）：department: x");
}

v1::Catalog Catalog() {
  v1::Catalog c;
  auto* d = c.add_departments();
  d->set_code("finance");
  d->set_name("财政局");
  auto* r = c.add_regions();
  r->set_code("350404");
  r->set_name("三元区");
  auto* i = c.add_indicators();
  i->set_code("govt_spending_public_hospitals");
  i->set_name("政府对公立医院投入");
  i->set_unit("元");
  i->set_dimension(v1::DIMENSION_YUAN);
  i->set_precision(2);
  return c;
}

TEST_F(I18nTest, NamesBesideCodes) {
  v1::Catalog c = Catalog();
  Names n(&c);
  Use(Lang::kZh);
  EXPECT_EQ(n.Department("finance"), "财政局");
  EXPECT_EQ(n.DepartmentWithCode("finance"), "财政局 finance");
  EXPECT_EQ(n.Region("350404"), "350404 三元区");
  EXPECT_EQ(n.Department("unknown_dept"), "unknown_dept");
  Use(Lang::kEn);
  EXPECT_EQ(n.Department("finance"), "finance");
  EXPECT_EQ(n.Region("350404"), "三元区");
}

TEST_F(I18nTest, FiguresAtPrecisionWithSeparatorsAndWan) {
  v1::Catalog c = Catalog();
  Names n(&c);
  v1::RecordKey key;
  key.set_kind(v1::SUBJECT_KIND_INDICATOR);
  key.set_code("govt_spending_public_hospitals");
  Use(Lang::kZh);
  EXPECT_EQ(n.Figure(key, "160083900"), "160,083,900.00");
  EXPECT_EQ(n.Figure(key, "160083900", true), "160,083,900.00 元");
  Use(Lang::kZh, /*wan=*/true);
  EXPECT_EQ(n.Figure(key, "160083900", true), "16,008.39 万元");
  key.set_code("no_such_indicator");
  EXPECT_EQ(n.Figure(key, "670"), "670");
}

TEST_F(I18nTest, StatesStatusesAndTimes) {
  Use(Lang::kZh);
  EXPECT_EQ(StateText(v1::RECORD_STATE_CONFLICT), "冲突");
  EXPECT_EQ(StatusText(v1::TASK_STATUS_IN_PROGRESS, true), "逾期（推进中）");
  EXPECT_EQ(EventKindText(v1::EVENT_KIND_CONFLICT_RESOLVED), "冲突裁定");
  EXPECT_EQ(TimeText(1721894400000000), "2024-07-25 16:00:00");
  EXPECT_EQ(FieldLabel("状态", "state"), "状态：      ");
  Use(Lang::kEn);
  EXPECT_EQ(StateText(v1::RECORD_STATE_CONFLICT), "conflict");
  EXPECT_EQ(FieldLabel("状态", "state"), "state:       ");
}

}  // namespace
}  // namespace hubctl
}  // namespace hub

// Receipts as hubctl prints them, in both languages: what a dry run, a
// retry and a write say, each item's outcome (a task's status), and the
// warnings under the receipt.
#include "tools/hubctl/format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/hubctl/i18n.h"

namespace hub {
namespace {

using hubctl::Display;
using hubctl::SetDisplay;

class ReceiptTextTest : public ::testing::Test {
 protected:
  void Use(Lang lang) {
    Display d;
    d.lang = lang;
    SetDisplay(d);
  }
  void TearDown() override { SetDisplay(Display()); }

  // fin-2025-001 at sequence 4123: a created indicator with a warning and
  // an unchanged task, with an adapter's translation warning.
  static v1::Receipt Receipt() {
    v1::Receipt r;
    r.set_submission_id("fin-2025-001");
    r.set_sequence(4123);
    v1::ItemOutcome* i = r.add_items();
    i->set_index(0);
    i->mutable_key()->set_kind(v1::SUBJECT_KIND_INDICATOR);
    i->mutable_key()->set_code("resident_insurance_subsidy_per_person");
    i->mutable_key()->set_region_code("350424");
    i->mutable_key()->set_period("2025");
    i->set_action(v1::ItemOutcome::ACTION_CREATED);
    i->set_merged_value("700.00");
    i->set_state(v1::RECORD_STATE_SINGLE_SOURCE);
    i->add_warnings("rule r1 (warning): too high");
    v1::ItemOutcome* t = r.add_items();
    t->set_index(1);
    t->mutable_key()->set_kind(v1::SUBJECT_KIND_TASK);
    t->mutable_key()->set_code("sm2024.10.3");
    t->mutable_key()->set_region_code("350400");
    t->mutable_key()->set_period("2024H1");
    t->set_action(v1::ItemOutcome::ACTION_UNCHANGED);
    t->set_status(v1::TASK_STATUS_IN_PROGRESS);
    t->set_state(v1::RECORD_STATE_AGREED);
    r.add_translation_warnings("三元区 350404: share not derived");
    return r;
  }
};

TEST_F(ReceiptTextTest, AWriteNamesItsSequence) {
  Use(Lang::kEn);
  EXPECT_EQ(ReceiptSummary(Receipt()),
            "fin-2025-001: accepted at sequence 4123; 1 created, 1 unchanged");
  Use(Lang::kZh);
  EXPECT_EQ(ReceiptSummary(Receipt()),
            "fin-2025-001：已接受，日志序号 4123；新建 1 项，未变 1 项");
}

TEST_F(ReceiptTextTest, ADryRunTakesNoSequence) {
  v1::Receipt r = Receipt();
  r.set_dry_run(true);
  r.set_sequence(0);
  Use(Lang::kEn);
  EXPECT_EQ(ReceiptSummary(r),
            "[dry run] fin-2025-001: would be accepted (dry run: nothing "
            "written, no sequence taken); 1 created, 1 unchanged");
  Use(Lang::kZh);
  EXPECT_EQ(ReceiptSummary(r),
            "[试运行] fin-2025-001：将被接受（试运行：未写入，不占用日志序号）"
            "；新建 1 项，未变 1 项");
}

TEST_F(ReceiptTextTest, ARetryReturnsTheFirstReceiptsSequence) {
  v1::Receipt r = Receipt();
  r.set_replayed(true);
  Use(Lang::kEn);
  EXPECT_EQ(ReceiptSummary(r),
            "fin-2025-001: accepted earlier at sequence 4123 (retry; first "
            "receipt returned); 1 created, 1 unchanged");
  r.set_dry_run(true);
  EXPECT_EQ(ReceiptSummary(r),
            "[dry run] fin-2025-001: already accepted earlier at sequence "
            "4123 (retry; first receipt returned); 1 created, 1 unchanged");
  Use(Lang::kZh);
  EXPECT_EQ(ReceiptSummary(r),
            "[试运行] fin-2025-001：此前已接受，日志序号 4123（重试，返回首次"
            "回执）；新建 1 项，未变 1 项");
}

TEST_F(ReceiptTextTest, ItemOutcomesShowATasksStatusAndTheWarnings) {
  Use(Lang::kEn);
  EXPECT_EQ(ItemOutcomesText(Receipt()),
            "  CREATED  resident_insurance_subsidy_per_person 350424 2025 = "
            "700.00 (single_source)\n"
            "    warning: rule r1 (warning): too high\n"
            "  UNCHANGED  sm2024.10.3 350400 2024H1 = in_progress (agreed)\n");
  Use(Lang::kZh);
  EXPECT_EQ(ItemOutcomesText(Receipt()),
            "  新建  resident_insurance_subsidy_per_person 350424 2025 = "
            "700.00 (单一来源)\n"
            "    警告：rule r1 (warning): too high\n"
            "  未变  sm2024.10.3 350400 2024H1 = 推进中 (一致)\n");
}

TEST_F(ReceiptTextTest, WarningsNameTheirItemAfterTheAdaptersOwn) {
  Use(Lang::kEn);
  EXPECT_EQ(WarningsText(Receipt()),
            "  warning  三元区 350404: share not derived\n"
            "  warning  items[0] resident_insurance_subsidy_per_person 350424 "
            "2025: rule r1 (warning): too high\n");
  Use(Lang::kZh);
  EXPECT_EQ(WarningsText(Receipt()),
            "  警告  三元区 350404: share not derived\n"
            "  警告  items[0] resident_insurance_subsidy_per_person 350424 "
            "2025：rule r1 (warning): too high\n");
}

}  // namespace
}  // namespace hub

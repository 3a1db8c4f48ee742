#include "hub/model/labels.h"

#include "gtest/gtest.h"

namespace hub {
namespace {

TEST(LabelsTest, RecordStatesInChineseAndAsCodes) {
  EXPECT_EQ(RecordStateLabel(v1::RECORD_STATE_SINGLE_SOURCE, Lang::kZh),
            "单一来源");
  EXPECT_EQ(RecordStateLabel(v1::RECORD_STATE_AGREED, Lang::kZh), "一致");
  EXPECT_EQ(RecordStateLabel(v1::RECORD_STATE_CONFLICT, Lang::kZh), "冲突");
  EXPECT_EQ(RecordStateLabel(v1::RECORD_STATE_RESOLVED, Lang::kZh), "已裁定");
  EXPECT_EQ(RecordStateLabel(v1::RECORD_STATE_MISSING, Lang::kZh), "缺报");
  EXPECT_EQ(RecordStateLabel(v1::RECORD_STATE_SINGLE_SOURCE, Lang::kEn),
            "single_source");
  EXPECT_EQ(RecordStateCode(v1::RECORD_STATE_CONFLICT), "conflict");
}

TEST(LabelsTest, TaskStatuses) {
  EXPECT_EQ(TaskStatusLabel(v1::TASK_STATUS_NOT_STARTED, Lang::kZh), "未开始");
  EXPECT_EQ(TaskStatusLabel(v1::TASK_STATUS_IN_PROGRESS, Lang::kZh), "推进中");
  EXPECT_EQ(TaskStatusLabel(v1::TASK_STATUS_COMPLETED, Lang::kZh), "已完成");
  EXPECT_EQ(TaskStatusLabel(v1::TASK_STATUS_BLOCKED, Lang::kZh), "受阻");
  EXPECT_EQ(TaskStatusLabel(v1::TASK_STATUS_IN_PROGRESS, Lang::kEn),
            "in_progress");
  EXPECT_EQ(TaskRecordLabel(v1::TASK_STATUS_IN_PROGRESS, true, Lang::kZh),
            "逾期（推进中）");
  EXPECT_EQ(TaskRecordLabel(v1::TASK_STATUS_IN_PROGRESS, true, Lang::kEn),
            "in_progress OVERDUE");
  // Completed late is completed.
  EXPECT_EQ(TaskRecordLabel(v1::TASK_STATUS_COMPLETED, true, Lang::kZh),
            "已完成");
}

TEST(LabelsTest, EventAndSubjectKinds) {
  EXPECT_EQ(EventKindLabel(v1::EVENT_KIND_RECORD_CHANGED, Lang::kZh),
            "记录变更");
  EXPECT_EQ(EventKindLabel(v1::EVENT_KIND_RECORD_CHANGED, Lang::kEn),
            "record_changed");
  EXPECT_EQ(SubjectKindLabel(v1::SUBJECT_KIND_TASK, Lang::kZh), "任务");
  EXPECT_EQ(SubjectKindCode(v1::SUBJECT_KIND_INDICATOR), "indicator");
}

TEST(LabelsTest, UnknownValuesShowTheirNumber) {
  EXPECT_EQ(RecordStateLabel(static_cast<v1::RecordState>(42), Lang::kZh),
            "42");
}

TEST(LabelsTest, ViewStates) {
  EXPECT_EQ(AttainmentStateLabel(v1::ATTAINMENT_STATE_ON_TRACK, Lang::kZh),
            "进度正常");
  EXPECT_EQ(AttainmentStateLabel(v1::ATTAINMENT_STATE_ON_TRACK, Lang::kEn),
            "on track");
  EXPECT_EQ(AttainmentStateLabel(v1::ATTAINMENT_STATE_MISSED, Lang::kZh),
            "未达标");
  EXPECT_EQ(ReportStateLabel(v1::REPORT_STATE_LATE, Lang::kZh), "迟报");
  EXPECT_EQ(ReportStateLabel(v1::REPORT_STATE_NOT_DUE, Lang::kEn), "not due");
  EXPECT_EQ(ReportStateLabel(v1::REPORT_STATE_MISSING, Lang::kZh), "缺报");
  EXPECT_EQ(LedgerStatusLabel(v1::LEDGER_STATUS_UNREPORTED, Lang::kEn),
            "未报送");
  EXPECT_EQ(LedgerStatusLabel(v1::LEDGER_STATUS_IN_PROGRESS, Lang::kZh),
            "推进中");
  EXPECT_EQ(LedgerStatusLabel(v1::LEDGER_STATUS_COMPLETED, Lang::kEn),
            "completed");
}

TEST(LabelsTest, ParseLang) {
  Lang lang = Lang::kEn;
  EXPECT_TRUE(ParseLang("zh_CN.UTF-8", &lang));
  EXPECT_EQ(lang, Lang::kZh);
  EXPECT_TRUE(ParseLang("en", &lang));
  EXPECT_EQ(lang, Lang::kEn);
  EXPECT_TRUE(ParseLang("ZH", &lang));
  EXPECT_EQ(lang, Lang::kZh);
  EXPECT_FALSE(ParseLang("fr", &lang));
  EXPECT_EQ(lang, Lang::kZh);
}

}  // namespace
}  // namespace hub

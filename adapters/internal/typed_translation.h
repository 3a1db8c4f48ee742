// Internal to adapters/: the common frame of a department translation.
//
// TypedTranslation<Row> downcasts each native row to Row, parses it with a
// CellParser, and leaves the department logic to Translate(), which must add
// nothing to the aggregator when the parser has recorded an issue.
#ifndef HUB_ADAPTERS_INTERNAL_TYPED_TRANSLATION_H_
#define HUB_ADAPTERS_INTERNAL_TYPED_TRANSLATION_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "adapters/adapter.h"
#include "adapters/internal/aggregator.h"
#include "adapters/internal/cells.h"

namespace hub {
namespace adapters {
namespace internal {

template <typename Row>
class TypedTranslation : public Translation {
 public:
  TypedTranslation(const Adapter& adapter, const TranslationContext& context)
      : context_(context),
        aggregator_(std::string(adapter.Name()), adapter.Version(),
                    context.source) {}

  std::vector<RowIssue> AddRow(const google::protobuf::Message& row,
                               const RowSource& source) final {
    CellParser cells;
    Translate(static_cast<const Row&>(row), source, cells);
    return cells.TakeIssues();
  }

  absl::StatusOr<std::vector<v1::SubmissionItem>> Finish() final {
    if (!status_.ok()) return status_;
    BeforeFinish();
    return aggregator_.Finish();
  }

  std::vector<TranslationWarning> Warnings() const final { return warnings_; }

 protected:
  // Parses row with cells; when cells.ok() afterwards, adds its
  // contributions to aggregator().
  virtual void Translate(const Row& row, const RowSource& source,
                         CellParser& cells) = 0;

  // Called once before the items are taken from the aggregator: the place
  // to drop what the rows as a whole do not support (see Warn()).
  virtual void BeforeFinish() {}

  const TranslationContext& context() const { return context_; }
  void Warn(TranslationWarning warning) {
    warnings_.push_back(std::move(warning));
  }
  // Records the first aggregation failure (an overflowing sum).
  void Keep(absl::Status s) {
    if (status_.ok()) status_ = std::move(s);
  }
  Aggregator& aggregator() { return aggregator_; }

 private:
  const TranslationContext context_;
  Aggregator aggregator_;
  absl::Status status_;
  std::vector<TranslationWarning> warnings_;
};

// Period conversion entry: a source month summed into the report period.
inline Conv MonthIntoReport(const Period& month, const Period& report) {
  return Conv{"period", month.ToString(), report.ToString(),
              "months summed into the report period"};
}

}  // namespace internal
}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_INTERNAL_TYPED_TRANSLATION_H_

#include "tools/bench/workload.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"

namespace hub {
namespace bench {
namespace {

constexpr const char* kCounties[] = {"350404", "350405", "350421", "350423",
                                     "350424", "350425", "350426", "350428",
                                     "350429", "350430", "350481"};
constexpr int kNumCounties = 11;
constexpr int kMonths = 120;  // 2015-01 .. 2024-12

std::string Month(int index) {
  return absl::StrFormat("%04d-%02d", 2015 + index / 12, index % 12 + 1);
}

// The 665 periods of one indicator record per region: 1990 .. 2024.
const std::vector<std::string>& AllPeriods() {
  static const auto* periods = [] {
    auto* p = new std::vector<std::string>;
    for (int y = 1990; y <= 2024; ++y) {
      for (int m = 1; m <= 12; ++m)
        p->push_back(absl::StrFormat("%d-%02d", y, m));
      for (int q = 1; q <= 4; ++q) p->push_back(absl::StrFormat("%dQ%d", y, q));
      for (int h = 1; h <= 2; ++h) p->push_back(absl::StrFormat("%dH%d", y, h));
      p->push_back(absl::StrCat(y));
      for (int q = 2; q <= 3; ++q)
        p->push_back(absl::StrFormat("%dQ1-Q%d", y, q));
    }
    return p;
  }();
  return *periods;
}

void SetShare(uint64_t n, v1::IndicatorValue* v) {
  v->set_indicator_code("primary_care_visit_share");
  v->set_numerator(absl::StrCat(60000 + n % 5000));
  v->set_denominator("100000");
  v->set_unit("%");
}

}  // namespace

absl::StatusOr<v1::Catalog> ReadCatalogDir(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  if (ec) return absl::NotFoundError(absl::StrCat(dir, ": ", ec.message()));
  std::sort(files.begin(), files.end());
  v1::Catalog all;
  for (const std::string& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    v1::Catalog part;
    auto s = google::protobuf::util::JsonStringToMessage(text.str(), &part);
    if (!s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(f, ": ", std::string(s.message())));
    }
    all.MergeFrom(part);
  }
  return all;
}

v1::RecordKey IngestWorkload::KeyOf(uint64_t n) {
  v1::RecordKey key;
  key.set_kind(v1::SUBJECT_KIND_INDICATOR);
  key.set_code("primary_care_visit_share");
  key.set_region_code(kCounties[n % kNumCounties]);
  key.set_period(Month(static_cast<int>(n / kNumCounties % kMonths)));
  return key;
}

v1::SubmitRequest IngestWorkload::At(uint64_t n) const {
  v1::SubmitRequest request;
  v1::Submission* s = request.mutable_submission();
  s->set_submission_id(absl::StrCat("bench-", tag_, "-", n));
  s->set_department("health_commission");
  s->set_source_system("hub_bench");
  s->set_adapter("canonical");
  for (int i = 0; i < items_; ++i) {
    v1::IndicatorValue* v = s->add_items()->mutable_indicator_value();
    const v1::RecordKey key = KeyOf(n * items_ + i);
    v->set_region_code(key.region_code());
    v->set_period(key.period());
    SetShare(n * items_ + i, v);
  }
  return request;
}

std::vector<v1::Region> SyntheticRegions(uint64_t records) {
  const uint64_t per_region = AllPeriods().size();
  const uint64_t needed = (records + per_region - 1) / per_region;
  std::vector<v1::Region> regions;
  for (uint64_t i = 0; i < needed; ++i) {
    v1::Region r;
    r.set_code(absl::StrFormat("9%05d", i + 1));
    r.set_name(absl::StrCat("基准测试县", i + 1));
    r.set_parent_code("350000");
    regions.push_back(std::move(r));
  }
  return regions;
}

v1::SubmitRequest MemorySubmission(uint64_t n, int items,
                                   const std::vector<std::string>& regions) {
  const std::vector<std::string>& periods = AllPeriods();
  v1::SubmitRequest request;
  v1::Submission* s = request.mutable_submission();
  s->set_submission_id(absl::StrCat("memory-", n));
  s->set_department("health_commission");
  s->set_source_system("hub_bench");
  s->set_adapter("canonical");
  for (int i = 0; i < items; ++i) {
    const uint64_t record = n * items + i;
    v1::IndicatorValue* v = s->add_items()->mutable_indicator_value();
    v->set_region_code(regions[record / periods.size() % regions.size()]);
    v->set_period(periods[record % periods.size()]);
    SetShare(record, v);
  }
  return request;
}

}  // namespace bench
}  // namespace hub

// The analyst views on a province-sized tree, each against a raw scan of the
// same records in the same run: a province of 10 cities x 10 counties, 40
// share indicators, 12 months, 3 departments reporting each (48,000 merged
// records, 144,000 contributions), written through the engine into RocksDB.
//
//   build/hub/views/views_benchmark --benchmark_counters_tabular=true
//
// Each view should cost a small multiple of reading its records (the raw
// scan: RecordReader over the region index, parsing each record), not a
// walk quadratic in the tree:
//   city roll-up      12 months x 40 indicators of one city: 4,800 records,
//                     against the scan of that city's subtree;
//   attainment        the province's report for each of the 12 months (every
//                     county, city and the province, 40 targets: 4,440 rows
//                     a month): the 48,000 records, the previous year's
//                     where a projection needs them (absent here: looked up
//                     and not found), and the cities' and province's
//                     roll-ups, against the scan of the province; its first
//                     pages (which judge every row, for the summary), and
//                     every page (1,000 rows each);
//   completeness      the monthly calendar's 3,600 expected reports (100
//                     counties x 3 departments x 12 months, 40 items each),
//                     against the scan of the province.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "hub/common/cst_time.h"
#include "hub/engine/hub.h"
#include "hub/views/views.h"

namespace hub {
namespace {

constexpr int kCities = 10, kCountiesPerCity = 10, kIndicators = 40;
constexpr const char* kDepartments[] = {"health_commission",
                                        "medical_insurance", "finance"};
const std::string kProvince = "360000";

std::string City(int c) { return absl::StrFormat("36%02d00", c + 1); }
std::string County(int c, int k) {
  return absl::StrFormat("36%02d%02d", c + 1, k + 1);
}
std::string IndicatorCode(int i) { return absl::StrCat("bench_share_", i); }
std::string Month(int m) { return absl::StrFormat("2024-%02d", m + 1); }

v1::Catalog BenchCatalog() {
  v1::Catalog c;
  for (const char* d : kDepartments) {
    auto* dept = c.add_departments();
    dept->set_code(d);
    dept->set_name(d);
  }
  c.add_departments()->set_code("reform_office");
  c.mutable_departments()->rbegin()->set_name("医改办");
  auto region = [&](const std::string& code, const std::string& name,
                    const std::string& parent, v1::RegionLevel level) {
    auto* r = c.add_regions();
    r->set_code(code);
    r->set_name(name);
    r->set_parent_code(parent);
    r->set_level(level);
  };
  region(kProvince, "基准省", "", v1::REGION_LEVEL_PROVINCE);
  for (int ci = 0; ci < kCities; ++ci) {
    region(City(ci), absl::StrCat("第", ci + 1, "市"), kProvince,
           v1::REGION_LEVEL_CITY);
    for (int k = 0; k < kCountiesPerCity; ++k) {
      region(County(ci, k), absl::StrCat("第", ci + 1, "市第", k + 1, "县"),
             City(ci), v1::REGION_LEVEL_COUNTY);
    }
  }
  for (int i = 0; i < kIndicators; ++i) {
    auto* ind = c.add_indicators();
    ind->set_code(IndicatorCode(i));
    ind->set_name(absl::StrCat("基准指标", i));
    ind->set_unit("%");
    ind->set_dimension(v1::DIMENSION_PERCENT);
    ind->set_numerator("分子");
    ind->set_denominator("分母");
    ind->set_precision(2);
    ind->add_period_types(v1::PERIOD_TYPE_MONTH);
    ind->set_owner_department(kDepartments[0]);
    ind->add_contributing_departments(kDepartments[1]);
    ind->add_contributing_departments(kDepartments[2]);
    ind->set_rollup("sum_components");
    ind->set_rule("authoritative_source");
    ind->set_tolerance("0.5");
    auto* t = ind->add_targets();
    t->set_comparator(v1::COMPARATOR_AT_LEAST);
    t->set_value("60");
    t->set_by_period("2024");
    t->set_plan_code("bench2024");
    t->set_region_code(kProvince);
    t->set_source_text("基准指标达到60%");
  }
  auto* plan = c.add_plans();
  plan->set_code("bench2024");
  plan->set_document_number("基准〔2024〕1号");
  plan->set_region_code(kProvince);
  plan->set_issued_on("2024-01-01");
  for (int m = 0; m < 12; ++m) {
    plan->add_reporting_periods(Month(m));
    plan->add_reporting_dates(m == 11 ? "2025-01-15"
                                      : absl::StrFormat("2024-%02d-15", m + 2));
  }
  return c;
}

// The hub, loaded once: each department's monthly report per city (its 10
// counties x 40 indicators), received a few days either side of the 15th.
struct BenchHub {
  BenchHub() {
    dir = std::filesystem::temp_directory_path() /
          absl::StrCat("hub_views_bench_", getpid());
    std::filesystem::remove_all(dir);
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.sync = false;
    options.clock = [this] { return now; };
    now = absl::FromCivil(absl::CivilDay(2024, 1, 1), ChinaStandardTime());
    hub = *Hub::Open(*OpenRocksDbStore(dir), options);
    (void)hub->UpdateCatalog(*Principal::Parse("reform_office@360000"),
                             BenchCatalog());
    for (int m = 0; m < 12; ++m) Load(m);
    ViewsOptions vo;
    vo.readers = [this] {
      HubReaders r = hub->NewReaders();
      return ViewReaders{std::move(r.records), std::move(r.log)};
    };
    vo.clock = [] { return absl::Now(); };
    views = std::make_unique<Views>(std::move(vo));
  }
  ~BenchHub() { std::filesystem::remove_all(dir); }

  void Load(int m) {
    for (int d = 0; d < 3; ++d) {
      for (int ci = 0; ci < kCities; ++ci) {
        // Due the 15th of the next month: received from the 8th to the
        // 17th, so some are late.
        now = absl::FromCivil(
            absl::CivilSecond(2024, m + 2, 8 + (d * kCities + ci) / 3, 9, 0, 0),
            ChinaStandardTime());
        v1::Submission s;
        s.set_submission_id(absl::StrCat("b-", m, "-", d, "-", ci));
        s.set_department(kDepartments[d]);
        for (int k = 0; k < kCountiesPerCity; ++k) {
          for (int i = 0; i < kIndicators; ++i) {
            auto* v = s.add_items()->mutable_indicator_value();
            v->set_indicator_code(IndicatorCode(i));
            v->set_region_code(County(ci, k));
            v->set_period(Month(m));
            int num = 5000 + (ci * 37 + k * 11 + i * 7 + m * 3) % 2500;
            if (d == 2 && (k + i) % 50 == 0) num += 400;  // a few conflicts
            v->set_numerator(absl::StrCat(num));
            v->set_denominator("10000");
            v->set_unit("%");
          }
        }
        auto r = hub->Submit(
            *Principal::Parse(absl::StrCat(kDepartments[d], "@", kProvince)), s,
            false);
        if (!r.ok()) {
          fprintf(stderr, "load: %s\n", r.status().ToString().c_str());
          abort();
        }
      }
    }
  }

  std::string dir;
  absl::Time now;
  std::unique_ptr<Hub> hub;
  std::unique_ptr<Views> views;
};

BenchHub& Bench() {
  static BenchHub* b = new BenchHub();
  return *b;
}

const Principal& Analyst() {
  static const Principal* p =
      new Principal(*Principal::Parse("analyst@360000"));
  return *p;
}

// Reads every record of region's subtree through the region index.
void RawScan(benchmark::State& state, const std::string& region) {
  BenchHub& b = Bench();
  int64_t records = 0;
  for (auto _ : state) {
    HubReaders r = b.hub->NewReaders();
    RecordFilter f;
    f.region_code = region;
    int64_t n = 0;
    size_t bytes = 0;
    for (auto it = r.records.Scan(f, ""); it->Valid(); it->Next()) {
      bytes += it->record().value().size();
      ++n;
    }
    benchmark::DoNotOptimize(bytes);
    records = n;
  }
  state.counters["records"] = records;
}

void BM_RawScanCity(benchmark::State& state) { RawScan(state, City(0)); }
void BM_RawScanProvince(benchmark::State& state) { RawScan(state, kProvince); }

void BM_CityRollup(benchmark::State& state) {
  BenchHub& b = Bench();
  int64_t rollups = 0;
  for (auto _ : state) {
    rollups = 0;
    for (int m = 0; m < 12; ++m) {
      v1::RollupRequest r;
      r.set_region_code(City(0));
      r.set_period(Month(m));
      auto out = b.views->Rollups(Analyst(), r);
      if (!out.ok()) state.SkipWithError(out.status().ToString().c_str());
      rollups += out->rollups_size();
    }
  }
  state.counters["rollups"] = rollups;
  state.counters["records"] = rollups * kCountiesPerCity;
}

// The province's attainment report for each month of the year: its first
// page (which judges every row, for the summary), or every page of it.
void Attainment(benchmark::State& state, bool every_page) {
  BenchHub& b = Bench();
  int64_t rows = 0, judged = 0;
  for (auto _ : state) {
    rows = judged = 0;
    for (int m = 0; m < 12; ++m) {
      v1::AttainmentRequest r;
      r.set_period(Month(m));
      r.set_page_size(1000);
      std::string token;
      do {
        r.set_page_token(token);
        auto out = b.views->Attainment(Analyst(), r);
        if (!out.ok()) state.SkipWithError(out.status().ToString().c_str());
        rows += out->rows_size();
        for (const auto& s : out->summary()) judged += s.count();
        token = every_page ? out->next_page_token() : "";
      } while (!token.empty());
    }
  }
  state.counters["rows"] = rows;
  state.counters["judged"] = judged;
}

void BM_AttainmentFirstPages(benchmark::State& state) {
  Attainment(state, false);
}
void BM_AttainmentAllPages(benchmark::State& state) { Attainment(state, true); }

// The report's first page; every expected report is judged for the rates.
void BM_CompletenessReport(benchmark::State& state) {
  BenchHub& b = Bench();
  int64_t expected = 0, on_time = 0;
  for (auto _ : state) {
    v1::ReportingRequest r;
    r.set_plan_code("bench2024");
    r.set_page_size(1000);
    auto out = b.views->Reporting(Analyst(), r);
    if (!out.ok()) state.SkipWithError(out.status().ToString().c_str());
    expected = out->total().expected();
    on_time = out->total().on_time();
  }
  state.counters["reports"] = expected;
  state.counters["on_time"] = on_time;
}

BENCHMARK(BM_RawScanCity)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CityRollup)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawScanProvince)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AttainmentFirstPages)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AttainmentAllPages)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompletenessReport)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hub

BENCHMARK_MAIN();

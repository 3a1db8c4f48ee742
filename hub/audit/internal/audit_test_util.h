// Test-only helpers for hub/audit: a hub with the Sanming test catalog and
// an Auditor over it, and a randomized workload.
#ifndef HUB_AUDIT_INTERNAL_AUDIT_TEST_UTIL_H_
#define HUB_AUDIT_INTERNAL_AUDIT_TEST_UTIL_H_

#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "hub/audit/auditor.h"
#include "hub/common/cst_time.h"
#include "hub/crypto/log_crypto.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/pgstore/testing/store_params.h"

namespace hub {
namespace testing {

inline Principal P(const char* text) { return *Principal::Parse(text); }

inline v1::RecordKey SubsidyKey(const std::string& region,
                                const std::string& period = "2024") {
  v1::RecordKey k;
  k.set_kind(v1::SUBJECT_KIND_INDICATOR);
  k.set_code("resident_insurance_subsidy_per_person");
  k.set_region_code(region);
  k.set_period(period);
  return k;
}

// Audit tests run on both log crypto suites: INSTANTIATE_TEST_SUITE_P(
// BothSuites, Fixture, BothLogCryptos(), LogCryptoTestName).
inline auto BothLogCryptos() {
  return ::testing::Values(&Sha256Ed25519(), &Sm3Sm2());
}
inline std::string LogCryptoTestName(
    const ::testing::TestParamInfo<const LogCrypto*>& info) {
  return info.param->HashName();
}

// Audit tests that take a store run on both suites and every store given
// (hub/pgstore/testing/store_params.h: RocksDB, PostgreSQL, ...):
// INSTANTIATE_TEST_SUITE_P(SuitesAndStores, Fixture,
//     SuitesOn(DurableStores()), SuiteAndStoreName).
using SuiteAndStore = std::tuple<const LogCrypto*, StoreParam>;
inline auto SuitesOn(const std::vector<StoreParam>& stores) {
  return ::testing::Combine(BothLogCryptos(), ::testing::ValuesIn(stores));
}
inline std::string SuiteAndStoreName(
    const ::testing::TestParamInfo<SuiteAndStore>& info) {
  return absl::StrCat(std::get<0>(info.param)->HashName(), "_",
                      std::get<1>(info.param).name);
}

// A hub (with the test catalog loaded) and its auditor, on store.
struct AuditedHub {
  absl::Time now = EndOfDayCst(absl::CivilDay(2024, 7, 1));
  const LogCrypto* crypto = nullptr;  // nullptr: the store's, or the default
  std::unique_ptr<Hub> hub;
  std::unique_ptr<Auditor> auditor;
  // The hub's store, owned by hub: for tests that damage it behind the
  // hub's back.
  Store* store = nullptr;

  absl::Status Open(std::unique_ptr<Store> store, const std::string& key_file) {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.log_crypto = crypto;
    options.sync = false;
    options.clock = [this] { return now; };
    this->store = store.get();
    auto h = Hub::Open(std::move(store), options);
    if (!h.ok()) return h.status();
    hub = *std::move(h);
    if (hub->catalog()->proto().plans().empty()) {
      auto r =
          hub->UpdateCatalog(P("reform_office@350400"), SanmingTestCatalog());
      if (!r.ok()) return r.status();
    }
    AuditorOptions aopts;
    aopts.key_file = key_file;
    aopts.clock = [this] { return now; };
    aopts.follow_idle = absl::Milliseconds(50);
    auto a = Auditor::Open(hub.get(), aopts);
    if (!a.ok()) return a.status();
    auditor = *std::move(a);
    return absl::OkStatus();
  }
  void Close() {
    auditor.reset();
    hub.reset();
    store = nullptr;
  }
};

// One random stewardship action of the reform office: resolve an open
// conflict (choosing a contribution or entering a value), or approve, lock
// or unlock a period of Sanming or one of its counties. Refusals (a locked
// period, nothing to resolve) are part of the workload.
inline void RandomStewardship(AuditedHub* h, std::mt19937& rng, int op) {
  const Principal office = P("reform_office@350400");
  const char* regions[] = {"350400", "350404", "350424"};
  const char* periods[] = {"2023", "2024"};  // both begun by the clock
  if (op == 0) {
    auto page = h->hub->ListConflicts(office, RecordFilter{}, 50, "");
    if (!page.ok() || page->records.empty()) return;
    const v1::MergedRecord& r = page->records[rng() % page->records.size()];
    ResolveRequest req;
    req.key = r.key();
    req.etag = r.etag();
    req.reason = "核对原始凭证后确定";
    if (rng() % 2 == 0 && r.contributions_size() > 0) {
      req.chosen_department =
          r.contributions(rng() % r.contributions_size()).department();
    } else {
      req.value = absl::StrCat(600 + rng() % 80, ".00");
    }
    (void)h->hub->Resolve(office, req);
    return;
  }
  std::string region = regions[rng() % 3];
  std::string period = periods[rng() % 2];
  if (op == 1) (void)h->hub->ApprovePeriod(office, region, period, "审核通过");
  if (op == 2) (void)h->hub->LockPeriod(office, region, period, "年报封账");
  if (op == 3) (void)h->hub->UnlockPeriod(office, region, period, "补报数据");
}

// Runs n random operations: submissions by finance and medical insurance
// (new values, corrections, retries, a reused id with other content, bad
// values, another department's data, replace scopes that withdraw the
// department's other values), catalog changes of the subsidy's tolerance and
// reconciliation rule, and the reform office's resolutions, approvals, locks
// and unlocks; the clock advances by up to an hour each time.
inline void RunRandomWorkload(AuditedHub* h, int n, uint32_t seed) {
  std::mt19937 rng(seed);
  const char* regions[] = {"350404", "350424"};
  const char* periods[] = {"2023", "2024"};  // both begun by the clock
  const char* depts[] = {"finance", "medical_insurance"};
  const char* rules[] = {"authoritative_source", "must_agree", "latest_report"};
  for (int i = 0; i < n; ++i) {
    h->now += absl::Seconds(rng() % 3600);
    int op = rng() % 24;
    if (op == 0 || op == 3) {
      v1::Catalog update;
      *update.add_indicators() = SanmingTestCatalog().indicators(0);
      update.mutable_indicators(0)->set_tolerance(absl::StrCat(rng() % 20));
      if (op == 3) update.mutable_indicators(0)->set_rule(rules[rng() % 3]);
      (void)h->hub->UpdateCatalog(P("reform_office@350000"), update);
      continue;
    }
    if (op >= 20) {
      RandomStewardship(h, rng, op - 20);
      continue;
    }
    std::string dept = depts[rng() % 2];
    std::string value = absl::StrCat(600 + rng() % 80, ".00");
    if (op == 1) value = "six hundred";  // refused: bad value
    std::string id =
        absl::StrCat(dept, "-", rng() % (i + 1));  // retries, reuse
    v1::Submission s = SubsidySubmission(id, dept, regions[rng() % 2], value);
    std::string period = periods[rng() % 2];
    s.mutable_items(0)->mutable_indicator_value()->set_period(period);
    if (op == 4) {  // replaces the department's values for Sanming's period
      s.mutable_replace_scope()->set_region_code("350400");
      s.mutable_replace_scope()->set_period(period);
    }
    std::string actor =
        absl::StrCat(op == 2 ? "health_commission" : dept, "@350400");
    (void)h->hub->Submit(P(actor.c_str()), s, /*dry_run=*/false);
  }
}

}  // namespace testing
}  // namespace hub

#endif  // HUB_AUDIT_INTERNAL_AUDIT_TEST_UTIL_H_

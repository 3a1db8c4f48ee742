#include "tests/crash/power_loss_harness.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/util/json_util.h"
#include "hub/audit/auditor.h"
#include "hub/engine/hub.h"
#include "hub/log/change_log.h"
#include "hub/store/rocksdb_store.h"

namespace hub {
namespace crash {
namespace {

const char* const kCounties[] = {"350404", "350405", "350421", "350423",
                                 "350424", "350425", "350426", "350428",
                                 "350429", "350430", "350481"};

Principal P(const std::string& text) { return *Principal::Parse(text); }

// The hub opens with the built-in rules, as hubd's composition root gives.
HubOptions HubOptionsWithRules() {
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  return options;
}

v1::Catalog SeedCatalog(const std::string& dir) {
  v1::Catalog all;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    v1::Catalog part;
    if (google::protobuf::util::JsonStringToMessage(ss.str(), &part).ok()) {
      all.MergeFrom(part);
    }
  }
  return all;
}

// One department's random submission of one to three items.
v1::Submission MakeSubmission(const std::string& dept, const std::string& id,
                              std::mt19937& rng) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department(dept);
  s.set_source_system("power-loss-harness");
  s.set_adapter("canonical");
  std::uniform_int_distribution<int> county(0, 10), month(1, 12), n(1, 3);
  std::set<std::string> keys;
  const int items = n(rng);
  for (int i = 0; i < items; ++i) {
    auto* v = s.add_items()->mutable_indicator_value();
    v->set_region_code(kCounties[county(rng)]);
    if (dept == "health_commission") {
      v->set_indicator_code("primary_care_visit_share");
      v->set_period(absl::StrFormat("2024-%02d", month(rng)));
      int den = std::uniform_int_distribution<int>(20000, 90000)(rng);
      v->set_numerator(absl::StrCat(den / 2 + month(rng)));
      v->set_denominator(absl::StrCat(den));
      v->set_unit("%");
    } else if (dept == "medical_insurance") {
      v->set_indicator_code("county_fund_spending_share");
      v->set_period(absl::StrFormat("2024-%02d", month(rng)));
      int den = std::uniform_int_distribution<int>(5000000, 9000000)(rng);
      v->set_numerator(absl::StrCat(den / 2, ".", month(rng) + 10));
      v->set_denominator(absl::StrCat(den, ".00"));
      v->set_unit("%");
    } else {
      v->set_indicator_code("resident_insurance_subsidy_per_person");
      v->set_period("2024");
      v->set_value(absl::StrCat(
          std::uniform_int_distribution<int>(640, 700)(rng), ".00"));
      v->set_unit("元/人");
    }
    std::string key = absl::StrCat(v->region_code(), "/", v->period());
    if (!keys.insert(key).second) s.mutable_items()->RemoveLast();
  }
  return s;
}

const char* const kDepartments[] = {"health_commission", "medical_insurance",
                                    "finance"};

}  // namespace

std::string PowerLossReport::Summary() const {
  return absl::StrCat(cycles, " power losses: acknowledged-and-present ",
                      acknowledged_present, ", acknowledged-and-lost ",
                      acknowledged_lost, ", unacknowledged-but-present ",
                      unacknowledged_present, " (unacknowledged and absent ",
                      unacknowledged_absent, "), unexpected ", unexpected,
                      "; the file system dropped ", dropped_bytes,
                      " unsynced bytes from ", truncated_files, " files (",
                      torn_files, " of them torn) and deleted ", deleted_files,
                      " files never synced into their directory");
}

PowerLossHarness::PowerLossHarness(std::string dir, std::string catalog_dir,
                                   uint32_t seed)
    : dir_(std::move(dir)),
      catalog_dir_(std::move(catalog_dir)),
      rng_(seed),
      fs_(std::make_shared<PowerLossFileSystem>(nullptr)) {
  std::filesystem::create_directories(dir_);
}

PowerLossHarness::~PowerLossHarness() = default;

void PowerLossHarness::Unexpected(std::string what) {
  ++report_.unexpected;
  if (report_.unexpected_details.size() < 20) {
    report_.unexpected_details.push_back(std::move(what));
  }
}

void PowerLossHarness::RunCycle() {
  const int cycle = ++report_.cycles;
  RocksDbOptions options;
  options.file_system = fs_;
  options.disk_reserve_bytes = 0;
  options.write_buffer_bytes = 256 << 10;  // flushes and new files often
  options.max_total_wal_bytes = 1 << 20;
  auto store = RocksDbStore::Open(dir_, options);
  if (!store.ok()) {
    Unexpected(
        absl::StrCat("cycle ", cycle, ": open: ", store.status().ToString()));
    return;
  }
  auto hub = Hub::Open(*std::move(store), HubOptionsWithRules());
  if (!hub.ok()) {
    Unexpected(
        absl::StrCat("cycle ", cycle, ": hub: ", hub.status().ToString()));
    return;
  }
  if (cycle == 1) {
    auto c = (*hub)->UpdateCatalog(P("reform_office@350400"),
                                   SeedCatalog(catalog_dir_));
    if (!c.ok()) Unexpected("catalog: " + c.status().ToString());
  }
  absl::Mutex mu;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> acks{0};
  std::vector<std::thread> threads;
  for (const char* dept : kDepartments) {
    const uint32_t seed = rng_();
    threads.emplace_back([&, dept, seed] {
      std::mt19937 rng(seed);
      const Principal who = P(absl::StrCat(dept, "@350400"));
      while (!stop) {
        std::string id;
        {
          absl::MutexLock lock(&mu);
          id = absl::StrCat("pl-c", cycle, "-", ++counter_);
        }
        v1::Submission s = MakeSubmission(dept, id, rng);
        const std::string key = absl::StrCat(dept, "/", id);
        {
          absl::MutexLock lock(&mu);
          sent_[key] = {dept, s.SerializeAsString()};
        }
        absl::StatusOr<v1::Receipt> r = (*hub)->Submit(who, s, false);
        const bool power = fs_->power_on();
        absl::MutexLock lock(&mu);
        if (r.ok() && power) {
          acked_[key] = r->sequence();
          ++acks;
        } else if (!r.ok() && power) {
          Unexpected(absl::StrCat(key, " refused: ", r.status().ToString()));
        }
      }
    });
  }
  // Odd cycles cut the power at a random moment; even ones inside a random
  // sync (its group was written, not synced) on a disk that then keeps a
  // random part of what was not synced (torn writes).
  const uint64_t target = std::uniform_int_distribution<int>(50, 250)(rng_);
  fs_->SetTornWrites(cycle % 2 == 0, rng_());
  if (cycle % 2 == 0) fs_->CutPowerAtSync(target);
  for (int i = 0; i < 20000 && acks < target && fs_->power_on(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (int i = 0; i < 20000 && fs_->power_on() && cycle % 2 == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (fs_->power_on()) fs_->CutPower();
  const uint64_t acked_at_cut = acks;
  std::this_thread::sleep_for(std::chrono::milliseconds(rng_() % 5));
  stop = true;
  for (auto& t : threads) t.join();
  hub->reset();  // closes the store; everything it writes now is dropped
  PowerLossStats stats;
  absl::Status restored = fs_->RestorePower(&stats);
  if (!restored.ok()) Unexpected("restore power: " + restored.ToString());
  report_.truncated_files += stats.truncated_files;
  report_.dropped_bytes += stats.dropped_bytes;
  report_.deleted_files += stats.deleted_files;
  report_.torn_files += stats.torn_files;
  Check(cycle, stats, acked_at_cut);
}

void PowerLossHarness::Check(int cycle, const PowerLossStats& stats,
                             uint64_t acked_now) {
  const std::string tag = absl::StrCat("cycle ", cycle, ": ");
  RocksDbOptions options;
  options.file_system = fs_;
  options.disk_reserve_bytes = 0;
  auto store = RocksDbStore::Open(dir_, options);  // strict recovery
  if (!store.ok()) {
    Unexpected(tag +
               "reopen after the power loss: " + store.status().ToString());
    return;
  }
  const std::string recovered = (*store)->recovery().wal_summary;
  auto hub = Hub::Open(*std::move(store), HubOptionsWithRules());
  if (!hub.ok()) {
    Unexpected(tag + "hub: " + hub.status().ToString());
    return;
  }
  const LogReader log = (*hub)->NewReaders().log;
  std::map<std::string, std::vector<uint64_t>> accepted;
  std::unique_ptr<LogIterator> it = log.NewIterator(0);
  for (; it->Valid(); it->Next()) {
    absl::StatusOr<v1::ChangeEvent> e = it->event();
    if (!e.ok()) {
      Unexpected(tag + "reading the log: " + e.status().ToString());
      break;
    }
    if (e->sequence() == 1 && e->kind() != v1::EVENT_KIND_CATALOG_CHANGED) {
      Unexpected(tag + "the acknowledged catalog is not event 1");
    }
    if (e->kind() != v1::EVENT_KIND_SUBMISSION_ACCEPTED) continue;
    accepted[absl::StrCat(e->submission().department(), "/",
                          e->submission().submission_id())]
        .push_back(e->sequence());
  }
  if (!it->status().ok()) {
    Unexpected(tag + "reading the log: " + it->status().ToString());
  }
  auto v = VerifyChain(log, (*hub)->log_crypto(), 0, 0);
  if (!v.ok() || !v->ok || v->events_checked != (*hub)->head().sequence) {
    Unexpected(tag + "chain does not verify: " +
               (v.ok() ? v->reason : v.status().ToString()));
  }
  for (const auto& [key, seqs] : accepted) {
    if (sent_.count(key) == 0) Unexpected(tag + key + " was never sent");
    if (seqs.size() > 1) Unexpected(tag + key + " accepted more than once");
    if (lost_.count(key)) Unexpected(tag + key + " lost earlier, came back");
  }
  uint64_t present = 0, lost = 0, unacked_present = 0, unacked_absent = 0;
  for (const auto& [key, seq] : acked_) {
    auto it = accepted.find(key);
    if (it == accepted.end()) {
      ++lost;
      if (report_.unexpected_details.size() < 20) {
        report_.unexpected_details.push_back(tag + "LOST " + key);
      }
    } else if (it->second[0] != seq) {
      Unexpected(absl::StrCat(tag, key, " at ", it->second[0],
                              ", acknowledged at ", seq));
    } else {
      ++present;
    }
  }
  for (const auto& [key, sent] : sent_) {
    if (acked_.count(key) || lost_.count(key)) continue;
    auto it = accepted.find(key);
    if (it != accepted.end()) {
      ++unacked_present;
      acked_[key] = it->second[0];  // durable now: checked from here on
    } else {
      ++unacked_absent;
      lost_.insert(key);
    }
  }
  auto auditor = Auditor::Open(hub->get());
  if (auditor.ok()) {
    auto rebuilt = (*auditor)->Rebuild(P("auditor@350400"), 5);
    if (!rebuilt.ok() || !rebuilt->identical()) {
      Unexpected(tag + "rebuild differs from the live store: " +
                 (rebuilt.ok() ? rebuilt->DebugString()
                               : rebuilt.status().ToString()));
    }
  }
  report_.acknowledged_present = present;
  report_.acknowledged_lost += lost;
  report_.unacknowledged_present += unacked_present;
  report_.unacknowledged_absent += unacked_absent;
  report_.cycle_lines.push_back(absl::StrCat(
      tag, acked_now, " acknowledged before the cut; after recovery: ", present,
      " acknowledged present, ", lost, " lost, ", unacked_present,
      " unacknowledged present, ", unacked_absent,
      " unacknowledged absent; dropped ", stats.dropped_bytes, " bytes in ",
      stats.truncated_files, " files (", stats.torn_files,
      " torn: part of the unsynced data kept), deleted ", stats.deleted_files,
      " files; log head ", (*hub)->head().sequence, "; ", recovered));
}

}  // namespace crash
}  // namespace hub

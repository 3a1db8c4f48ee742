#include "hub/pgstore/testing/store_params.h"

#include <map>

#include "absl/synchronization/mutex.h"
#include "hub/pgstore/pg_store.h"
#include "hub/pgstore/testing/pg_server.h"

namespace hub {
namespace testing {
namespace {

absl::StatusOr<std::unique_ptr<Store>> OpenPostgres(const std::string& dir) {
  static absl::Mutex mu(absl::kConstInit);
  static auto* schemas = new std::map<std::string, PgStoreOptions>();
  PgStoreOptions options;
  {
    absl::MutexLock lock(&mu);
    auto it = schemas->find(dir);
    if (it == schemas->end()) {
      absl::StatusOr<PgStoreOptions> fresh = FreshPgStoreOptions();
      if (!fresh.ok()) return fresh.status();
      it = schemas->emplace(dir, *std::move(fresh)).first;
    }
    options = it->second;
  }
  auto store = PgStore::Open(options);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(*std::move(store));
}

StoreParam Mem() {
  return {"mem", false,
          [](const std::string&) -> absl::StatusOr<std::unique_ptr<Store>> {
            return NewMemStore();
          }};
}
StoreParam Rocks() {
  return {"rocksdb", true,
          [](const std::string& dir) { return OpenRocksDbStore(dir); }};
}
StoreParam Postgres() { return {"postgresql", true, OpenPostgres}; }

}  // namespace

std::vector<StoreParam> AllStores() { return {Mem(), Rocks(), Postgres()}; }
std::vector<StoreParam> DurableStores() { return {Rocks(), Postgres()}; }

std::string StoreParamName(const ::testing::TestParamInfo<StoreParam>& info) {
  return info.param.name;
}

}  // namespace testing
}  // namespace hub

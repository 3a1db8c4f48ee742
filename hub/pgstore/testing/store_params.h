// Test support: the stores a parameterized test runs on, so that one suite
// (the Store conformance suite, the engine's and the audit code's tests)
// runs against every Store implementation without being copied:
//
//   INSTANTIATE_TEST_SUITE_P(AllStores, HubTest, ::testing::ValuesIn(
//       testing::AllStores()), testing::StoreParamName);
//   ...
//   HUB_OPEN_STORE_OR_SKIP(std::unique_ptr<Store> store, GetParam(), dir);
//
// The PostgreSQL store runs in a fresh schema of the shared test server
// (pg_server.h); without PostgreSQL its tests skip, saying why.
#ifndef HUB_PGSTORE_TESTING_STORE_PARAMS_H_
#define HUB_PGSTORE_TESTING_STORE_PARAMS_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "hub/store/store.h"

namespace hub {
namespace testing {

struct StoreParam {
  const char* name;  // "mem", "rocksdb", "postgresql"
  bool durable;      // data survives closing and reopening
  // A store for dir, a directory the test owns: RocksDB keeps its files
  // there; PostgreSQL uses a schema of its own for each dir, the same one
  // when dir is opened again in this process. FailedPrecondition when the
  // store cannot run here (no PostgreSQL): the test skips.
  std::function<absl::StatusOr<std::unique_ptr<Store>>(const std::string& dir)>
      open;
};

// mem, rocksdb, postgresql.
std::vector<StoreParam> AllStores();
// rocksdb, postgresql.
std::vector<StoreParam> DurableStores();

inline void PrintTo(const StoreParam& p, std::ostream* os) { *os << p.name; }
std::string StoreParamName(const ::testing::TestParamInfo<StoreParam>& info);

}  // namespace testing
}  // namespace hub

// Opens param's store for dir into lhs, or skips the test when the store
// cannot run here; other failures fail the test.
#define HUB_OPEN_STORE_OR_SKIP(lhs, param, dir)                        \
  auto hub_open_store_or_ = (param).open(dir);                         \
  if (absl::IsFailedPrecondition(hub_open_store_or_.status())) {       \
    GTEST_SKIP() << hub_open_store_or_.status().message();             \
  }                                                                    \
  ASSERT_TRUE(hub_open_store_or_.ok()) << hub_open_store_or_.status(); \
  lhs = *std::move(hub_open_store_or_)

#endif  // HUB_PGSTORE_TESTING_STORE_PARAMS_H_

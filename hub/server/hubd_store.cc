#include "hub/server/hubd_store.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "hub/oplog/oplog.h"
#include "hub/pgstore/pg_store.h"

namespace hub {
namespace hubd {
namespace {

absl::StatusOr<HubdStore> OpenRocks(const HubdConfig& config) {
  RocksDbOptions options = config.store;
  options.on_warning = [](const std::string& m) {
    oplog::Warn("store").Str("message", m);
  };
  auto store = RocksDbStore::Open(config.data_dir, options);
  if (!store.ok()) return store.status();
  HubdStore out;
  out.rocks = store->get();
  out.store = *std::move(store);
  out.description = absl::StrCat("RocksDB in ", config.data_dir);
  return out;
}

// On PostgreSQL, data_dir holds only this hubd's files: the checkpoint key
// (unless --audit_key) and the rollback guard's checkpoints.
absl::StatusOr<HubdStore> OpenPostgres(const std::string& data_dir,
                                       const PgConfig& pg) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--data_dir: cannot create ", data_dir, ": ", error.message()));
  }
  PgStoreOptions options;
  options.conninfo = pg.conninfo;
  options.schema = pg.schema;
  options.fenced = true;
  auto store = PgStore::Open(options);
  if (!store.ok()) {
    return absl::Status(store.status().code(),
                        absl::StrCat("--store: ", store.status().message()));
  }
  SequencerOptions s;
  s.lease = pg.lease;
  s.on_change = [](const std::string& m) {
    oplog::Info("sequencer").Str("message", m);
  };
  auto sequencer = Sequencer::Start(store->get(), s);
  if (!sequencer.ok()) return sequencer.status();
  HubdStore out;
  out.description =
      absl::StrCat("PostgreSQL (schema ", options.schema, ", lease held by ",
                   (*sequencer)->state().role == SequencerRole::kActive
                       ? "this hubd"
                       : "another hubd: standby",
                   ")");
  out.sequencer = *std::move(sequencer);
  out.store = *std::move(store);
  return out;
}

}  // namespace

std::string AdvertisedAddress(const std::string& advertise,
                              const std::string& listen_address, int port) {
  if (!advertise.empty()) return advertise;
  std::string host = listen_address.substr(0, listen_address.rfind(':'));
  if (host.empty() || host == "0.0.0.0" || host == "[::]") {
    char name[256] = {0};
    gethostname(name, sizeof(name) - 1);
    host = name;
  }
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<HubdStore> OpenHubdStore(const HubdConfig& config) {
  if (config.pg.conninfo.empty()) return OpenRocks(config);
  return OpenPostgres(config.data_dir, config.pg);
}

}  // namespace hubd
}  // namespace hub

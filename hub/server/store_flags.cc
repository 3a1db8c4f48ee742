#include "hub/server/store_flags.h"

#include <unistd.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "hub/pgstore/pg_store.h"

ABSL_FLAG(std::string, store, "",
          "where the hub keeps its data: empty for the embedded RocksDB in "
          "--data_dir; a PostgreSQL connection string (postgresql://host1,"
          "host2/db?target_session_attrs=read-write, or key=value) for a "
          "database several hubds share, one of them committing at a time");
ABSL_FLAG(std::string, pg_schema, "hub",
          "with --store=postgresql: the schema holding the hub's tables");
ABSL_FLAG(absl::Duration, lease, absl::Seconds(5),
          "with --store=postgresql: the active hubd's lease; a standby takes "
          "over once it expires (at once after a clean stop, sooner after a "
          "crash)");
ABSL_FLAG(std::string, advertise, "",
          "with --store=postgresql: the address clients reach this hubd at, "
          "which standbys name in their refusals; default the --listen host "
          "(this machine's name for 0.0.0.0) with the bound port");

namespace hub {

std::string AdvertisedAddress(const std::string& listen_address, int port) {
  if (!absl::GetFlag(FLAGS_advertise).empty()) {
    return absl::GetFlag(FLAGS_advertise);
  }
  std::string host = listen_address.substr(0, listen_address.rfind(':'));
  if (host.empty() || host == "0.0.0.0" || host == "[::]") {
    char name[256] = {0};
    gethostname(name, sizeof(name) - 1);
    host = name;
  }
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<HubdStore> OpenHubdStore(const std::string& data_dir) {
  const std::string conninfo = absl::GetFlag(FLAGS_store);
  HubdStore out;
  if (conninfo.empty()) {
    auto store = OpenRocksDbStore(data_dir);
    if (!store.ok()) return store.status();
    out.store = *std::move(store);
    out.description = absl::StrCat("RocksDB in ", data_dir);
    return out;
  }
  if (!absl::StartsWith(conninfo, "postgresql://") &&
      !absl::StartsWith(conninfo, "postgres://") &&
      !absl::StrContains(conninfo, "=")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--store: \"", conninfo,
        "\" is not a PostgreSQL connection string (postgresql://... or "
        "host=... dbname=...); leave it empty for RocksDB in --data_dir"));
  }
  PgStoreOptions options;
  options.conninfo = conninfo;
  options.schema = absl::GetFlag(FLAGS_pg_schema);
  options.fenced = true;
  auto store = PgStore::Open(options);
  if (!store.ok()) {
    return absl::Status(store.status().code(),
                        absl::StrCat("--store: ", store.status().message()));
  }
  SequencerOptions s;
  s.lease = absl::GetFlag(FLAGS_lease);
  s.on_change = [](const std::string& m) {
    fprintf(stderr, "hubd: %s sequencer: %s\n",
            absl::FormatTime("%H:%M:%E3S", absl::Now(), absl::LocalTimeZone())
                .c_str(),
            m.c_str());
  };
  auto sequencer = Sequencer::Start(store->get(), s);
  if (!sequencer.ok()) return sequencer.status();
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

}  // namespace hub

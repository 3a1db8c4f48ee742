// Internal to hubd: its store, as HubdConfig chooses: the embedded RocksDB
// in data_dir (the default; no server needed), or PostgreSQL
// (--store=postgresql://...), shared by several hubds of which one commits
// (hub/sequencer).
#ifndef HUB_SERVER_HUBD_STORE_H_
#define HUB_SERVER_HUBD_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "hub/sequencer/sequencer.h"
#include "hub/server/hubd_flags.h"
#include "hub/store/rocksdb_store.h"
#include "hub/store/store.h"

namespace hub {
namespace hubd {

struct HubdStore {
  std::unique_ptr<Store> store;
  // RocksDB only: the store (owned by store, then by the hub), for
  // recovery, disk space, backups and metrics.
  RocksDbStore* rocks = nullptr;
  // PostgreSQL only: which hubd commits. Run() it once the server has
  // bound its port, Stop() it before the hub closes.
  std::unique_ptr<Sequencer> sequencer;
  std::string description;  // for the start-up line
};

// Opens the store config names (and, for PostgreSQL, runs the first round
// of the lease, logging every change of role on the operator's log).
absl::StatusOr<HubdStore> OpenHubdStore(const HubdConfig& config);

// The address standbys send clients to: advertise, or the host of
// listen_address (this machine's name for a wildcard one) with port.
std::string AdvertisedAddress(const std::string& advertise,
                              const std::string& listen_address, int port);

}  // namespace hubd
}  // namespace hub

#endif  // HUB_SERVER_HUBD_STORE_H_

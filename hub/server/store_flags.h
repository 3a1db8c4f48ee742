// hubd's store, as its flags choose: the embedded RocksDB in --data_dir (the
// default; no server needed), or PostgreSQL (--store=postgresql://...),
// shared by several hubds of which one commits (hub/sequencer).
#ifndef HUB_SERVER_STORE_FLAGS_H_
#define HUB_SERVER_STORE_FLAGS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "hub/sequencer/sequencer.h"
#include "hub/store/store.h"

namespace hub {

struct HubdStore {
  std::unique_ptr<Store> store;
  // PostgreSQL only: which hubd commits. Run() it once the server has
  // bound its port, Stop() it before the hub closes.
  std::unique_ptr<Sequencer> sequencer;
  std::string description;  // for the start-up line
};

// Opens the store --store names (and, for PostgreSQL, runs the first
// round of the lease). InvalidArgument naming the flag for a bad value.
absl::StatusOr<HubdStore> OpenHubdStore(const std::string& data_dir);

// The address standbys send clients to: --advertise, or the host of
// listen_address (this machine's name for a wildcard one) with port.
std::string AdvertisedAddress(const std::string& listen_address, int port);

}  // namespace hub

#endif  // HUB_SERVER_STORE_FLAGS_H_

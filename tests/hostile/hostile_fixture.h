// The hub the hostile-input tests attack: a real RocksDB store in a temp
// directory, the seed catalog of tools/catalog, a gRPC server on
// 127.0.0.1:0 with hubd's default limits (demo authentication: the
// principal is the x-hub-principal header, so malformed ones can be sent).
#ifndef HUB_TESTS_HOSTILE_HOSTILE_FIXTURE_H_
#define HUB_TESTS_HOSTILE_HOSTILE_FIXTURE_H_

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "adapters/builtin.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hub/engine/hub.h"
#include "hub/model/errors.h"
#include "hub/model/principal.h"
#include "hub/records/record_reader.h"
#include "hub/server/server.h"
#include "hub/store/store.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "hub/v1/stewardship.grpc.pb.h"

namespace hub {
namespace hostile {

inline v1::Catalog SeedCatalog() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(CATALOG_DIR)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  v1::Catalog all;
  for (const std::string& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    v1::Catalog part;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(text.str(), &part).ok())
        << f;
    all.MergeFrom(part);
  }
  return all;
}

// What the store holds, to compare before and after a refusal.
struct StoreState {
  uint64_t head = 0;
  std::string records;  // every record's key and bytes, in key order
};

class HostileHub {
 public:
  explicit HostileHub(const std::string& name, bool sync = true) {
    dir_ = absl::StrCat(::testing::TempDir(), "/hostile_", name, "_", getpid());
    std::filesystem::remove_all(dir_);
    auto store = OpenRocksDbStore(dir_ + "/db");
    EXPECT_TRUE(store.ok()) << store.status();
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.sync = sync;
    auto hub = Hub::Open(*std::move(store), options);
    EXPECT_TRUE(hub.ok()) << hub.status();
    hub_ = *std::move(hub);
    auto loaded = hub_->UpdateCatalog(*Principal::Parse("reform_office@350000"),
                                      SeedCatalog());
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    ServerOptions so;
    auto adapters = std::make_shared<adapters::AdapterRegistry>();
    EXPECT_TRUE(adapters::RegisterBuiltinAdapters(adapters.get()).ok());
    so.adapters = adapters;
    so.listen_address = "127.0.0.1:0";
    so.insecure_demo_auth = true;
    so.audit_key_file = dir_ + "-keys/audit.pem";
    std::filesystem::create_directories(dir_ + "-keys");
    so.limits.calls_per_second = 1e9;  // the flood test counts, not waits
    so.limits.burst = 1 << 30;
    auto server = HubServer::Start(hub_.get(), so);
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(64 << 20);
    args.SetMaxReceiveMessageSize(64 << 20);
    channel_ =
        grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                  grpc::InsecureChannelCredentials(), args);
  }
  ~HostileHub() {
    server_.reset();
    hub_.reset();
    std::filesystem::remove_all(dir_);
    std::filesystem::remove_all(dir_ + "-keys");
  }

  Hub& hub() { return *hub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

  StoreState State() const {
    StoreState s;
    s.head = hub_->head().sequence;
    std::unique_ptr<RecordIterator> it =
        hub_->NewReaders().records.Scan(RecordFilter{}, "");
    for (; it->Valid(); it->Next()) {
      absl::StrAppend(&s.records, it->key(), "=", it->bytes(), ";");
    }
    return s;
  }

  // The stored bytes of event sequence.
  std::string EventBytes(uint64_t sequence) const {
    auto bytes = hub_->NewReaders().log.ReadBytes(sequence);
    return bytes.ok() ? *bytes : std::string();
  }

  // Sets who calls (no header when principal is null) and a deadline.
  static void As(grpc::ClientContext* ctx, const char* principal) {
    if (principal != nullptr) ctx->AddMetadata("x-hub-principal", principal);
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(60));
  }

 private:
  std::string dir_;
  std::unique_ptr<Hub> hub_;
  std::unique_ptr<HubServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A submission of the seed catalog that the hub accepts as finance@350400.
inline v1::Submission GoodSubsidy(const std::string& id) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department("finance");
  s.set_source_system("hostile-test");
  s.set_adapter("canonical");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("resident_insurance_subsidy_per_person");
  v->set_region_code("350424");
  v->set_period("2024");
  v->set_value("670.00");
  v->set_unit("元/人");
  return s;
}

}  // namespace hostile
}  // namespace hub

#endif  // HUB_TESTS_HOSTILE_HOSTILE_FIXTURE_H_

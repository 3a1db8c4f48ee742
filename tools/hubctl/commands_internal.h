// Internal to hubctl: helpers shared by the command files.
#ifndef HUB_TOOLS_HUBCTL_COMMANDS_INTERNAL_H_
#define HUB_TOOLS_HUBCTL_COMMANDS_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/util/json_util.h"
#include "tools/hubctl/client.h"

namespace hub {
namespace hubctl {

using Args = std::vector<std::string>;

int Usage();
int Fail(const absl::Status& status);
absl::StatusOr<std::string> ReadFile(const std::string& path);
absl::Status ParseJson(absl::string_view text, const std::string& where,
                       google::protobuf::Message* out);
// The catalog in the JSON files (and the *.json files of the folders) paths.
absl::StatusOr<v1::Catalog> ReadCatalogFiles(
    const std::vector<std::string>& paths);

int Submit(HubClient& client, const Args& args);
int Get(HubClient& client, const Args& args);
int List(HubClient& client, const Args& args);
int LogTail(HubClient& client, const Args& args);
int LogVerify(HubClient& client, const Args& args);
int Replay(HubClient& client, const Args& args);  // commands_audit.cc
int History(HubClient& client, const Args& args);
int AsOf(HubClient& client, const Args& args);
int Receipts(HubClient& client, const Args& args);
int Checkpoint(HubClient& client, const Args& args);  // commands_proof.cc
int Prove(HubClient& client, const Args& args);
int Rebuild(HubClient& client, const Args& args);
int DemoGenerate(const Args& args);
int DemoLoad(HubClient& client, const Args& args);
int Import(HubClient& client, const Args& args);
// Stewardship (commands_steward.cc).
int ConflictsList(HubClient& client, const Args& args);
int Resolve(HubClient& client, const Args& args);
int Approve(HubClient& client, const Args& args);
int Lock(HubClient& client, const Args& args);
int Unlock(HubClient& client, const Args& args);
int Locks(HubClient& client, const Args& args);
// Analyst views (commands_views.cc).
int Rollup(HubClient& client, const Args& args);
int Attainment(HubClient& client, const Args& args);
int Reporting(HubClient& client, const Args& args);
int Ledger(HubClient& client, const Args& args);
int Laggards(HubClient& client, const Args& args);
int Watch(HubClient& client, const Args& args);

}  // namespace hubctl
}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_COMMANDS_INTERNAL_H_

// Internal to hubctl: helpers shared by the command files.
#ifndef HUB_TOOLS_HUBCTL_COMMANDS_INTERNAL_H_
#define HUB_TOOLS_HUBCTL_COMMANDS_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"
#include "hub/v1/views.pb.h"
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

// The record filters of list and export (--region --period --indicator
// --task --department --state --kind --page_size); InvalidArgument naming
// the flag.
absl::StatusOr<v1::ListRecordsRequest> ListRequestFromFlags();
// The catalog for names and figures in event tables; null (codes and
// figures as logged) when it cannot be read. Fetched once per process.
const v1::Catalog* LogCatalog(HubClient& client);
// "<id>: rejected" and the violations, in the chosen language.
std::string RejectionText(const std::string& submission_id,
                          const google::rpc::Status& error);

int Submit(HubClient& client, const Args& args);
int Get(HubClient& client, const Args& args);
int List(HubClient& client, const Args& args);
int LogTail(HubClient& client, const Args& args);
int LogVerify(HubClient& client, const Args& args);
int Replay(HubClient& client, const Args& args);  // commands_audit.cc
int History(HubClient& client, const Args& args);
int AsOf(HubClient& client, const Args& args);
int Receipts(HubClient& client, const Args& args);
int Key(HubClient& client, const Args& args);  // commands_proof.cc
int Checkpoint(HubClient& client, const Args& args);
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
// Exports (commands_export.cc) and the catalog (commands_catalog.cc).
int Export(HubClient& client, const Args& args);
int CatalogShow(HubClient& client, const Args& args);
int CatalogFind(HubClient& client, const Args& args);
// Operations (commands_admin.cc).
int AdminStatus(HubClient& client, const Args& args);
int Backup(HubClient& client, const Args& args);
int Backups(HubClient& client, const Args& args);
int AcceptRollback(HubClient& client, const Args& args);
// Analyst views (commands_views.cc).
int Rollup(HubClient& client, const Args& args);
int Attainment(HubClient& client, const Args& args);
int Reporting(HubClient& client, const Args& args);
int Ledger(HubClient& client, const Args& args);
int Laggards(HubClient& client, const Args& args);
int Watch(HubClient& client, const Args& args);
// The views' requests from a command's arguments and flags (shared by the
// view commands and `export VIEW`); InvalidArgument for bad arguments or
// --state values.
absl::StatusOr<v1::RollupRequest> RollupRequestFromFlags(const Args& args);
absl::StatusOr<v1::AttainmentRequest> AttainmentRequestFromFlags(
    const Args& args);
absl::StatusOr<v1::ReportingRequest> ReportingRequestFromFlags(
    const Args& args);
absl::StatusOr<v1::LedgerRequest> LedgerRequestFromFlags(const Args& args);
absl::StatusOr<v1::LaggardsRequest> LaggardsRequestFromFlags(const Args& args);
// The one-page HTML report (commands_export.cc).
int Report(HubClient& client, const Args& args);

}  // namespace hubctl
}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_COMMANDS_INTERNAL_H_

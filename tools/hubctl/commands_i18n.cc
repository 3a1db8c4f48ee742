// Helpers of the commands that print in the chosen language
// (tools/hubctl/i18n.h): the catalog behind event tables, and refused
// submissions.
#include "absl/strings/str_cat.h"
#include "hub/model/errors.h"
#include "hub/transport/grpc_status.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/i18n.h"

namespace hub {
namespace hubctl {

const v1::Catalog* LogCatalog(HubClient& client) {
  static const v1::Catalog* catalog = [&]() -> const v1::Catalog* {
    auto c = client.GetCatalog();
    return c.ok() ? new v1::Catalog(*std::move(c)) : nullptr;
  }();
  return catalog;
}

std::string RejectionText(const std::string& submission_id,
                          const google::rpc::Status& error) {
  absl::Status status = FromRpcStatus(error);
  if (!Zh()) {
    // The message is the summary; the violations travel apart (BadRequest).
    return absl::StrCat(submission_id, ": rejected\n  ", status.message(), "\n",
                        ViolationLines(status));
  }
  std::string text = LocalizedErrorText(status);
  if (text.empty() || text.back() != '\n') text += '\n';
  return absl::StrCat(submission_id, "：被拒绝\n  ", text);
}

}  // namespace hubctl
}  // namespace hub

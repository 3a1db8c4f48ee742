// hubctl's verifiable-log commands: key, checkpoint, prove, rebuild.
// Checkpoints and proofs print in the text form tools/verifier
// (hub_verifier) reads; each names the log crypto suite it is made with.
#include <fstream>
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "grpcpp/grpcpp.h"
#include "hub/audit/proof_text.h"
#include "hub/crypto/log_crypto.h"
#include "hub/model/model.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/audit.grpc.pb.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"

ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(uint64_t, size);
ABSL_DECLARE_FLAG(std::string, pubkey_out);
ABSL_DECLARE_FLAG(int, max_differences);
ABSL_FLAG(std::string, checkpoint, "",
          "prove: make the proof for the tree size of this saved checkpoint");
ABSL_FLAG(std::string, submission, "",
          "prove: the submission id whose SUBMISSION_ACCEPTED event to prove");

namespace hub {
namespace hubctl {
namespace {

// Calls method on a fresh AuditService stub; FromGrpcStatus on failure.
template <typename Request, typename Response, typename Method>
absl::StatusOr<Response> Call(HubClient& client, Method method,
                              const Request& request) {
  auto stub = v1::AuditService::NewStub(client.channel());
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  Response response;
  grpc::Status s = ((*stub).*method)(&ctx, request, &response);
  if (!s.ok()) return FromGrpcStatus(s);
  return response;
}

// Writes text to --out (saying what it wrote), or to stdout.
int Emit(const std::string& text, const std::string& what) {
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::cout << text;
    return 0;
  }
  std::ofstream f(out, std::ios::binary);
  f << text;
  if (!f)
    return Fail(absl::UnavailableError(absl::StrCat("cannot write ", out)));
  std::cerr << "wrote " << out << ": " << what << "\n";
  return 0;
}

// "sm3-sm2 (SM3 hash ..., SM2 signatures ...)" for a suite's name.
std::string SuiteText(const std::string& name) {
  auto crypto = FindLogCrypto(name);
  if (!crypto.ok()) return name;
  return absl::StrCat(name, " (", (*crypto)->Description(), ")");
}

absl::StatusOr<v1::SignedCheckpoint> GetCheckpoint(HubClient& client,
                                                   uint64_t size) {
  v1::GetCheckpointRequest request;
  request.set_tree_size(size);
  return Call<v1::GetCheckpointRequest, v1::SignedCheckpoint>(
      client, &v1::AuditService::Stub::GetCheckpoint, request);
}

bool ParseSeq(const std::string& text, uint64_t* out) {
  return absl::SimpleAtoi(text, out);
}

// The tree size a saved checkpoint (`hubctl checkpoint --out FILE`) signs.
absl::StatusOr<uint64_t> CheckpointSize(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  // v1: the default suite; v2: another suite, named on a "suite" line
  // (hub/audit/proof_text.h). Both carry a "size" line.
  if (!absl::StartsWith(*text, "reform-hub checkpoint v1\n") &&
      !absl::StartsWith(*text, "reform-hub checkpoint v2\n")) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, Tr("：不是检查点文件（hubctl checkpoint --out 所写）",
                 ": not a checkpoint (hubctl checkpoint --out)")));
  }
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    uint64_t size = 0;
    if (absl::ConsumePrefix(&line, "size ") && absl::SimpleAtoi(line, &size)) {
      return size;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, Tr("：缺少 size 行", ": no size line")));
}

// A tree size given as a number or as a saved checkpoint file.
absl::StatusOr<uint64_t> SizeArg(const std::string& arg) {
  uint64_t size = 0;
  if (ParseSeq(arg, &size)) return size;
  return CheckpointSize(arg);
}

// The sequence of submission id's SUBMISSION_ACCEPTED event, as the caller
// may see it (a department: its own).
absl::StatusOr<uint64_t> AcceptedSequence(HubClient& client,
                                          const std::string& id) {
  v1::ReplayRequest request;
  request.mutable_filter()->add_kinds(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  auto reader =
      v1::AuditService::NewStub(client.channel())->Replay(&ctx, request);
  v1::ReplayResponse response;
  uint64_t found = 0;
  while (reader->Read(&response)) {
    if (found == 0 && response.has_event() &&
        response.event().submission().submission_id() == id) {
      found = response.event().sequence();
    }
  }
  grpc::Status s = reader->Finish();
  if (!s.ok()) return FromGrpcStatus(s);
  if (found == 0) {
    return absl::NotFoundError(
        Zh() ? absl::StrCat("submission：没有您可查看的已接受报送“", id,
                            "”（hubctl receipts 列出您的报送）")
             : absl::StrCat("submission: no accepted submission \"", id,
                            "\" that you may see (hubctl receipts lists "
                            "yours)"));
  }
  return found;
}

// The tree size to prove against: --checkpoint FILE's, else --size.
absl::StatusOr<uint64_t> ProofSize() {
  const std::string checkpoint = absl::GetFlag(FLAGS_checkpoint);
  if (!checkpoint.empty()) return CheckpointSize(checkpoint);
  return absl::GetFlag(FLAGS_size);
}

}  // namespace

// The hub's checkpoint public key and its log crypto suite.
int Key(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  auto cp = GetCheckpoint(client, 0);
  if (!cp.ok()) return Fail(cp.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << "{\"logCrypto\":\"" << cp->log_crypto() << "\",\"keyId\":\""
              << cp->key_id() << "\"}\n";
    return 0;
  }
  std::cout << "log crypto " << SuiteText(cp->log_crypto()) << "\n"
            << "key id     " << cp->key_id() << "\n";
  if (!absl::GetFlag(FLAGS_out).empty()) {
    return Emit(cp->public_key_pem(),
                "the checkpoint public key (pin it; "
                "compare out of band)");
  }
  std::cout << cp->public_key_pem();
  return 0;
}

int Checkpoint(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  auto cp = GetCheckpoint(client, absl::GetFlag(FLAGS_size));
  if (!cp.ok()) return Fail(cp.status());
  const std::string pubkey_out = absl::GetFlag(FLAGS_pubkey_out);
  if (!pubkey_out.empty()) {
    std::ofstream(pubkey_out) << cp->public_key_pem();
    std::cerr << "wrote " << pubkey_out << " (pin it; compare out of band)\n";
  }
  std::string what = absl::StrCat("checkpoint of ", cp->tree_size(),
                                  " events, log crypto ", cp->log_crypto());
  if (absl::GetFlag(FLAGS_json)) return Emit(ToJsonLine(*cp) + "\n", what);
  return Emit(CheckpointFileText(*cp), what);
}

// prove SEQ | prove --submission ID  [--checkpoint FILE | --size N]
// prove consistency OLD [NEW]   (sizes or saved checkpoint files)
int Prove(HubClient& client, const Args& args) {
  uint64_t a = 0, b = 0;
  if (args.size() >= 2 && args[0] == "consistency" && args.size() <= 3) {
    auto old_size = SizeArg(args[1]);
    if (!old_size.ok()) return Fail(old_size.status());
    if (args.size() == 3) {
      auto new_size = SizeArg(args[2]);
      if (!new_size.ok()) return Fail(new_size.status());
      b = *new_size;
    }
    a = *old_size;
    v1::ProveConsistencyRequest request;
    request.set_old_size(a);
    request.set_new_size(b);
    auto proof = Call<v1::ProveConsistencyRequest, v1::ConsistencyProof>(
        client, &v1::AuditService::Stub::ProveConsistency, request);
    if (!proof.ok()) return Fail(proof.status());
    std::string what = absl::StrCat(
        "consistency proof from ", proof->old_checkpoint().tree_size(), " to ",
        proof->new_checkpoint().tree_size(), " events, log crypto ",
        proof->new_checkpoint().log_crypto());
    if (absl::GetFlag(FLAGS_json)) {
      return Emit(ToJsonLine(*proof) + "\n", what);
    }
    return Emit(ConsistencyProofFileText(*proof), what);
  }
  const std::string submission = absl::GetFlag(FLAGS_submission);
  if (submission.empty() ? args.size() != 1 || !ParseSeq(args[0], &a)
                         : !args.empty()) {
    return Usage();
  }
  if (!submission.empty()) {
    auto seq = AcceptedSequence(client, submission);
    if (!seq.ok()) return Fail(seq.status());
    a = *seq;
  }
  auto size = ProofSize();
  if (!size.ok()) return Fail(size.status());
  v1::ProveInclusionRequest request;
  request.set_sequence(a);
  request.set_tree_size(*size);
  auto proof = Call<v1::ProveInclusionRequest, v1::InclusionProof>(
      client, &v1::AuditService::Stub::ProveInclusion, request);
  if (!proof.ok()) return Fail(proof.status());
  std::string what =
      absl::StrCat("inclusion proof of event ", a, " in the log of ",
                   proof->checkpoint().tree_size(), " events, log crypto ",
                   proof->checkpoint().log_crypto());
  if (absl::GetFlag(FLAGS_json)) return Emit(ToJsonLine(*proof) + "\n", what);
  return Emit(InclusionProofFileText(*proof), what);
}

int Rebuild(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  v1::RebuildRequest request;
  request.set_max_differences(absl::GetFlag(FLAGS_max_differences));
  auto r = Call<v1::RebuildRequest, v1::RebuildResponse>(
      client, &v1::AuditService::Stub::Rebuild, request);
  if (!r.ok()) return Fail(r.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*r) << "\n";
    return r->identical() ? 0 : 1;
  }
  std::cout << "rebuilt from " << r->events_replayed() << " events ("
            << r->inputs_applied() << " inputs re-executed) through sequence "
            << r->up_to_sequence() << "; " << r->records_compared()
            << " records compared\n";
  std::cout << "chain (" << r->log_crypto() << "): rebuilt head "
            << ToHex(r->rebuilt_head_hash()).substr(0, 16)
            << (r->rebuilt_head_hash() == r->live_head_hash() ? " == " : " != ")
            << "live " << ToHex(r->live_head_hash()).substr(0, 16) << "\n";
  for (const v1::RecordDifference& d : r->differences()) {
    std::cout << "DIFFERENT " << RecordKeyToString(d.key()) << ": "
              << v1::RecordDifference::Kind_Name(d.kind())
              << " live=" << (d.has_live() ? d.live().value() : "-")
              << " rebuilt=" << (d.has_rebuilt() ? d.rebuilt().value() : "-")
              << "\n";
  }
  if (r->identical()) {
    std::cout << "rebuild IDENTICAL: every record matches byte for byte\n";
    return 0;
  }
  std::cout << "rebuild DIFFERS: " << r->difference_count() << " records\n";
  return 1;
}

}  // namespace hubctl
}  // namespace hub

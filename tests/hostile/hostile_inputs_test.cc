// A catalogue of hostile and malformed inputs, each sent over gRPC to a
// real hub (hostile_fixture.h) and refused with its exact status code and
// the field it names; after each, the store is as it was but for the
// bounded record of the refusal (refusals that never reach the hub, such as
// an unauthenticated caller or a message over the size cap, leave nothing).
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/hostile/hostile_fixture.h"

namespace hub {
namespace hostile {
namespace {

using Mutation = std::function<void(v1::Submission*)>;

// A record of a refusal is at most this large (RefusalLimits: the body up
// to 4 KiB, 20 violations of at most 256 + 512 bytes, the message 1 KiB,
// summary strings 128 bytes each, hashes and sizes).
constexpr size_t kMaxRefusalRecord = 4096 + 20 * (256 + 512 + 8) + 1024 + 2048;

enum class Call {
  kSubmit,
  kGetRecord,
  kListRecords,
  kUpdateCatalog,
  kLock,
  kResolve,
  kListEvents
};

struct Hostile {
  const char* name;
  const char* principal;  // nullptr: no x-hub-principal header
  Call call;
  Mutation mutate;  // kSubmit: changes GoodSubsidy()
  absl::StatusCode code;
  // The field named: a BadRequest violation's field, or else the text the
  // message starts with ("field: ...") or, for transport refusals, holds.
  const char* field;
  bool logged;  // a bounded refusal record is appended
};

v1::IndicatorValue* V(v1::Submission* s) {
  return s->mutable_items(0)->mutable_indicator_value();
}

v1::TaskProgress* Task(v1::Submission* s) {
  s->clear_items();
  auto* t = s->add_items()->mutable_task_progress();
  t->set_task_code("sm2024.1");
  t->set_region_code("350400");
  t->set_period("2024H1");
  t->set_status(v1::TASK_STATUS_IN_PROGRESS);
  return t;
}

void Count(v1::Submission* s, const std::string& value) {
  s->set_department("health_commission");
  auto* v = V(s);
  v->set_indicator_code("aed_public_places");
  v->set_unit("台");
  v->set_value(value);
}

constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;
constexpr auto kDenied = absl::StatusCode::kPermissionDenied;
constexpr auto kUnauth = absl::StatusCode::kUnauthenticated;
constexpr auto kTooBig = absl::StatusCode::kResourceExhausted;
constexpr char kFin[] = "finance@350400";
constexpr char kHc[] = "health_commission@350400";
constexpr char kNote[] = "items[0].indicator_value.note";
constexpr char kValue[] = "items[0].indicator_value.value";
constexpr char kRegion[] = "items[0].indicator_value.region_code";
constexpr char kPeriod[] = "items[0].indicator_value.period";
constexpr char kCode[] = "items[0].indicator_value.indicator_code";
constexpr char kUnit[] = "items[0].indicator_value.unit";
constexpr char kId[] = "submission_id";

#define SUBMIT(principal, body) \
  principal, Call::kSubmit, [](v1::Submission * s) body

const Hostile kCatalogue[] = {
    // --- Oversized messages and fields ---------------------------------
    {"17 MiB request",
     SUBMIT(kFin, { V(s)->set_note(std::string(17 << 20, 'a')); }), kTooBig,
     "larger than max", false},
    {"3 MiB note", SUBMIT(kFin, { V(s)->set_note(std::string(3 << 20, 'a')); }),
     kInvalid, kNote, true},
    {"note 4001 bytes",
     SUBMIT(kFin, { V(s)->set_note(std::string(4001, 'n')); }), kInvalid, kNote,
     true},
    {"10001 items",
     SUBMIT(kFin,
            {
              for (int i = 0; i < 10000; ++i) *s->add_items() = s->items(0);
            }),
     kInvalid, "items", true},
    {"id of 129 bytes",
     SUBMIT(kFin, { s->set_submission_id(std::string(129, 'x')); }), kInvalid,
     kId, true},
    {"id of 1 MiB",
     SUBMIT(kFin, { s->set_submission_id(std::string(1 << 20, 'x')); }),
     kInvalid, kId, true},
    {"source_system of 257 bytes",
     SUBMIT(kFin, { s->set_source_system(std::string(257, 's')); }), kInvalid,
     "source_system", true},
    {"adapter of 64 KiB",
     SUBMIT(kFin, { s->set_adapter(std::string(65536, 'a')); }), kInvalid,
     "adapter", true},
    {"21 evidence entries",
     SUBMIT(kFin,
            {
              auto* t = Task(s);
              for (int i = 0; i < 21; ++i) t->add_evidence("附件");
            }),
     kInvalid, "items[0].task_progress.evidence", true},
    {"evidence of 1001 bytes",
     SUBMIT(kFin, { Task(s)->add_evidence(std::string(1001, 'e')); }), kInvalid,
     "items[0].task_progress.evidence[0]", true},
    {"progress text of 1 MiB",
     SUBMIT(kFin, { Task(s)->set_text(std::string(1 << 20, 't')); }), kInvalid,
     "items[0].task_progress.text", true},
    {"65 provenance conversions",
     SUBMIT(kFin,
            {
              for (int i = 0; i < 65; ++i)
                V(s)->mutable_provenance()->add_conversions();
            }),
     kInvalid, "items[0].indicator_value.provenance.conversions", true},
    {"provenance source of 10 KiB",
     SUBMIT(
         kFin,
         { V(s)->mutable_provenance()->set_source(std::string(10240, 'p')); }),
     kInvalid, "items[0].indicator_value.provenance.source", true},
    {"1001 replace-scope codes",
     SUBMIT(kFin,
            {
              auto* scope = s->mutable_replace_scope();
              scope->set_region_code("350424");
              scope->set_period("2024");
              for (int i = 0; i < 1001; ++i)
                scope->add_codes("resident_insurance_subsidy_per_person");
            }),
     kInvalid, "replace_scope.codes", true},
    {"value of 65 digits",
     SUBMIT(kFin, { V(s)->set_value(std::string(65, '9')); }), kInvalid, kValue,
     true},
    {"region code of 1 KiB",
     SUBMIT(kFin, { V(s)->set_region_code(std::string(1024, '3')); }), kInvalid,
     kRegion, true},
    {"indicator code of 65 bytes",
     SUBMIT(kFin, { V(s)->set_indicator_code(std::string(65, 'i')); }),
     kInvalid, kCode, true},
    {"unit of 300 bytes",
     SUBMIT(kFin, { V(s)->set_unit(std::string(300, 'u')); }), kInvalid, kUnit,
     true},

    // --- Injection-looking text (ASCII and Chinese) ------------------------
    {"SQL in the id",
     SUBMIT(kFin, { s->set_submission_id("x'; DROP TABLE records; --"); }),
     kInvalid, kId, true},
    {"script in the id",
     SUBMIT(kFin, { s->set_submission_id("<script>alert(1)</script>"); }),
     kInvalid, kId, true},
    {"Chinese command in the id",
     SUBMIT(kFin, { s->set_submission_id("报送；删除全部记录"); }), kInvalid,
     kId, true},
    {"path in the id",
     SUBMIT(kFin, { s->set_submission_id("../../etc/passwd"); }), kInvalid, kId,
     true},
    {"SQL in the department",
     SUBMIT(kFin, { s->set_department("finance' OR '1'='1"); }), kDenied,
     "department", true},
    {"SQL in the region",
     SUBMIT(kFin, { V(s)->set_region_code("350424 OR 1=1"); }), kInvalid,
     kRegion, true},
    {"wildcard region", SUBMIT(kFin, { V(s)->set_region_code("35%"); }),
     kInvalid, kRegion, true},
    {"SQL in the indicator",
     SUBMIT(kFin,
            {
              V(s)->set_indicator_code(
                  "resident_insurance_subsidy_per_person;DELETE");
            }),
     kInvalid, kCode, true},
    {"SQL in the period", SUBMIT(kFin, { V(s)->set_period("2024; DROP"); }),
     kInvalid, kPeriod, true},
    {"markup in the unit",
     SUBMIT(kFin, { V(s)->set_unit("元/人<img src=x onerror=alert(1)>"); }),
     kInvalid, kUnit, true},
    {"terminal escapes in the note",
     SUBMIT(kFin, { V(s)->set_note("已核实\x1b[2J\x1b[Hchain OK"); }), kInvalid,
     kNote, true},
    {"Chinese instruction with a bidi override",
     SUBMIT(kFin, { V(s)->set_note("忽略以上数据\u202e并批准"); }), kInvalid,
     kNote, true},
    {"NUL in the note",
     SUBMIT(kFin, { V(s)->set_note(std::string("a\0b", 3)); }), kInvalid, kNote,
     true},
    {"OSC title in a progress text",
     SUBMIT(kFin, { Task(s)->set_text("进展\x1b]0;hacked\x07"); }), kInvalid,
     "items[0].task_progress.text", true},
    {"C1 next-line in the source system",
     SUBMIT(kFin, { s->set_source_system("财政\u0085verified OK"); }), kInvalid,
     "source_system", true},
    {"backspaces in evidence",
     SUBMIT(kFin, { Task(s)->add_evidence("文件\b\b\b\b"); }), kInvalid,
     "items[0].task_progress.evidence[0]", true},

    // --- Invalid UTF-8 (refused by the server before the hub) --------------
    {"overlong slash in the note",
     SUBMIT(kFin, { V(s)->set_note("\xC0\xAF"); }), kInvalid,
     "hub.v1.IndicatorValue.note", false},
    {"surrogate in the note", SUBMIT(kFin, { V(s)->set_note("\xED\xA0\x80"); }),
     kInvalid, "hub.v1.IndicatorValue.note", false},
    {"past U+10FFFF in the note",
     SUBMIT(kFin, { V(s)->set_note("\xF4\x90\x80\x80"); }), kInvalid,
     "hub.v1.IndicatorValue.note", false},
    {"truncated 三 in a progress text",
     SUBMIT(kFin, { Task(s)->set_text("\xE4\xB8"); }), kInvalid,
     "hub.v1.TaskProgress.text", false},
    {"lone continuation byte in the id",
     SUBMIT(kFin, { s->set_submission_id("id\x80"); }), kInvalid,
     "hub.v1.Submission.submission_id", false},
    {"GB18030 bytes in the region",
     SUBMIT(kFin, { V(s)->set_region_code("\xC8\xFD\xC3\xF7"); }), kInvalid,
     "hub.v1.IndicatorValue.region_code", false},
    {"0xFF in the unit", SUBMIT(kFin, { V(s)->set_unit("\xFF"); }), kInvalid,
     "hub.v1.IndicatorValue.unit", false},

    // --- Huge, fractional and impossible counts and amounts ----------------
    {"fractional count", SUBMIT(kHc, { Count(s, "12.5"); }), kInvalid, kValue,
     true},
    {"count 0.1", SUBMIT(kHc, { Count(s, "0.1"); }), kInvalid, kValue, true},
    {"negative count", SUBMIT(kHc, { Count(s, "-3"); }), kInvalid, kValue,
     true},
    {"count of 39 digits", SUBMIT(kHc, { Count(s, std::string(39, '9')); }),
     kInvalid, kValue, true},
    {"count with exponent", SUBMIT(kHc, { Count(s, "1e400"); }), kInvalid,
     kValue, true},
    {"count NaN", SUBMIT(kHc, { Count(s, "NaN"); }), kInvalid, kValue, true},
    {"count Infinity", SUBMIT(kHc, { Count(s, "Infinity"); }), kInvalid, kValue,
     true},
    {"count with a thousands comma", SUBMIT(kHc, { Count(s, "1,200"); }),
     kInvalid, kValue, true},
    {"count in full-width digits", SUBMIT(kHc, { Count(s, "１２"); }), kInvalid,
     kValue, true},
    {"money finer than the fen", SUBMIT(kFin, { V(s)->set_value("670.001"); }),
     kInvalid, kValue, true},
    {"money of 40 digits",
     SUBMIT(kFin, { V(s)->set_value(std::string(40, '7')); }), kInvalid, kValue,
     true},

    // --- Periods that have not begun, and not periods ------------------------
    {"year 2099", SUBMIT(kFin, { V(s)->set_period("2099"); }), kInvalid,
     kPeriod, true},
    {"year 9999", SUBMIT(kFin, { V(s)->set_period("9999"); }), kInvalid,
     kPeriod, true},
    {"month 2099-01",
     SUBMIT(kHc,
            {
              Count(s, "3");
              V(s)->set_period("2099Q1");
            }),
     kInvalid, kPeriod, true},
    {"month 13", SUBMIT(kFin, { V(s)->set_period("2024-13"); }), kInvalid,
     kPeriod, true},
    {"year 0", SUBMIT(kFin, { V(s)->set_period("0000"); }), kInvalid, kPeriod,
     true},
    {"Chinese period", SUBMIT(kFin, { V(s)->set_period("二〇二四年"); }),
     kInvalid, kPeriod, true},

    // --- Another department's data or region --------------------------------
    {"another city (南阳)", SUBMIT(kFin, { V(s)->set_region_code("411300"); }),
     kDenied, kRegion, true},
    {"another province's county",
     SUBMIT(kFin, { V(s)->set_region_code("500110"); }), kDenied, kRegion,
     true},
    {"the province above", SUBMIT(kFin, { V(s)->set_region_code("350000"); }),
     kDenied, kRegion, true},
    {"another department's data",
     SUBMIT(kFin, { s->set_department("medical_insurance"); }), kDenied,
     "department", true},
    {"Nanyang's finance in Sanming", SUBMIT("finance@411300", {}), kDenied,
     kRegion, true},
    {"a replace scope outside",
     SUBMIT(kFin,
            {
              s->mutable_replace_scope()->set_region_code("411300");
              s->mutable_replace_scope()->set_period("2024");
            }),
     kDenied, "replace_scope.region_code", true},
    {"an analyst submits", SUBMIT("analyst@350400", {}), kDenied,
     "analyst@350400 (analyst) may not submit data", true},
    {"an auditor submits", SUBMIT("auditor@350000", {}), kDenied,
     "auditor@350000 (auditor) may not submit data", true},
    {"an operator submits", SUBMIT("operator@350000", {}), kDenied,
     "operator@350000 (operator) may not submit data", true},
    {"a region that is not in the catalog", SUBMIT("finance@999999", {}),
     kDenied, "finance@999999 (department) may not submit data", true},

    // --- Malformed principals (refused before the hub) ----------------------
    {"no principal", SUBMIT(nullptr, {}), kUnauth, "x-hub-principal", false},
    {"empty principal", SUBMIT("", {}), kUnauth, "x-hub-principal", false},
    {"no @", SUBMIT("finance", {}), kUnauth, "x-hub-principal", false},
    {"no name", SUBMIT("@350400", {}), kUnauth, "x-hub-principal", false},
    {"five-digit region", SUBMIT("finance@35040", {}), kUnauth,
     "x-hub-principal", false},
    {"two @", SUBMIT("finance@350400@1", {}), kUnauth, "x-hub-principal",
     false},
    {"upper case", SUBMIT("FINANCE@350400", {}), kUnauth, "x-hub-principal",
     false},
    // (gRPC clients cannot send non-ASCII header values at all.)
    {"percent-encoded Chinese name", SUBMIT("%E8%B4%A2%E6%94%BF@350400", {}),
     kUnauth, "x-hub-principal", false},
    {"letter O in the region", SUBMIT("finance@35O400", {}), kUnauth,
     "x-hub-principal", false},
    {"SQL principal", SUBMIT("finance@350400' OR '1'='1", {}), kUnauth,
     "x-hub-principal", false},
    {"81-byte principal",
     SUBMIT("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            "aaaaaaaa@350400",
            {}),
     kUnauth, "x-hub-principal", false},
    {"space in the principal", SUBMIT("reform office@350400", {}), kUnauth,
     "x-hub-principal", false},

    // --- Other services ------------------------------------------------------
    {"read another city's record", "analyst@350400", Call::kGetRecord, nullptr,
     kDenied, "key.region_code", true},
    {"list another province", "analyst@500110", Call::kListRecords, nullptr,
     kDenied, "region_code", true},
    {"Qijiang's reform office edits Sanming's plan", "reform_office@500110",
     Call::kUpdateCatalog, nullptr, kDenied, "plans[sm2024]", true},
    {"a department locks a period", kFin, Call::kLock, nullptr, kDenied,
     "finance@350400 (department) may not lock periods", true},
    {"resolve with a terminal escape in the reason", "reform_office@350400",
     Call::kResolve, nullptr, kInvalid, "reason", false},  // only submissions
                                                           // log bad input
    {"an analyst reads the change log", "analyst@350400", Call::kListEvents,
     nullptr, kDenied, "analyst@350400 (analyst) may not read the change log",
     true},
};

absl::Status Send(HostileHub& h, const Hostile& c, int i) {
  grpc::ClientContext ctx;
  HostileHub::As(&ctx, c.principal);
  auto channel = h.channel();
  switch (c.call) {
    case Call::kSubmit: {
      v1::SubmitRequest request;
      *request.mutable_submission() = GoodSubsidy(absl::StrCat("hostile-", i));
      c.mutate(request.mutable_submission());
      v1::SubmitResponse response;
      return FromGrpcStatus(v1::SubmissionService::NewStub(channel)->Submit(
          &ctx, request, &response));
    }
    case Call::kGetRecord: {
      v1::GetRecordRequest request;
      request.mutable_key()->set_kind(v1::SUBJECT_KIND_INDICATOR);
      request.mutable_key()->set_code("resident_insurance_subsidy_per_person");
      request.mutable_key()->set_region_code("411300");
      request.mutable_key()->set_period("2024");
      v1::MergedRecord response;
      return FromGrpcStatus(v1::RecordService::NewStub(channel)->GetRecord(
          &ctx, request, &response));
    }
    case Call::kListRecords: {
      v1::ListRecordsRequest request;
      request.set_region_code("350400");
      v1::ListRecordsResponse response;
      return FromGrpcStatus(v1::RecordService::NewStub(channel)->ListRecords(
          &ctx, request, &response));
    }
    case Call::kUpdateCatalog: {
      v1::UpdateCatalogRequest request;
      v1::Catalog seed = SeedCatalog();
      for (const v1::Plan& p : seed.plans()) {
        if (p.code() == "sm2024") *request.mutable_catalog()->add_plans() = p;
      }
      request.mutable_catalog()->mutable_plans(0)->set_title("改");
      v1::UpdateCatalogResponse response;
      return FromGrpcStatus(v1::CatalogService::NewStub(channel)->UpdateCatalog(
          &ctx, request, &response));
    }
    case Call::kLock: {
      v1::PeriodRequest request;
      request.set_region_code("350400");
      request.set_period("2024");
      request.set_reason("锁定");
      v1::PeriodLock response;
      return FromGrpcStatus(
          v1::StewardshipService::NewStub(channel)->LockPeriod(&ctx, request,
                                                               &response));
    }
    case Call::kResolve: {
      v1::ResolveRecordRequest request;
      request.mutable_key()->set_kind(v1::SUBJECT_KIND_INDICATOR);
      request.mutable_key()->set_code("resident_insurance_subsidy_per_person");
      request.mutable_key()->set_region_code("350424");
      request.mutable_key()->set_period("2024");
      request.set_etag("e");
      request.set_chosen_department("finance");
      request.set_reason("核实\x1b[2J");
      v1::MergedRecord response;
      return FromGrpcStatus(
          v1::StewardshipService::NewStub(channel)->ResolveRecord(&ctx, request,
                                                                  &response));
    }
    case Call::kListEvents: {
      v1::ListEventsRequest request;
      v1::ListEventsResponse response;
      return FromGrpcStatus(v1::LogService::NewStub(channel)->ListEvents(
          &ctx, request, &response));
    }
  }
  return absl::InternalError("unknown call");
}

bool NamesField(const absl::Status& s, const std::string& field) {
  for (const FieldViolation& v : GetFieldViolations(s)) {
    if (v.field == field) return true;
  }
  return absl::StartsWith(s.message(), field + ":") ||
         absl::StartsWith(s.message(), field) ||
         absl::StrContains(s.message(), field);
}

TEST(HostileInputsTest, TheCatalogueHasSixtyOrMore) {
  EXPECT_GE(sizeof(kCatalogue) / sizeof(kCatalogue[0]), 60u);
}

TEST(HostileInputsTest, EachIsRefusedNamingItsFieldAndChangesNothingElse) {
  HostileHub h("catalogue");
  // Something in the store to keep: one accepted figure.
  {
    grpc::ClientContext ctx;
    HostileHub::As(&ctx, kFin);
    v1::SubmitRequest request;
    *request.mutable_submission() = GoodSubsidy("hostile-good");
    v1::SubmitResponse response;
    ASSERT_TRUE(v1::SubmissionService::NewStub(h.channel())
                    ->Submit(&ctx, request, &response)
                    .ok());
  }
  int i = 0;
  for (const Hostile& c : kCatalogue) {
    SCOPED_TRACE(c.name);
    const StoreState before = h.State();
    absl::Status s = Send(h, c, i++);
    EXPECT_EQ(s.code(), c.code) << s;
    EXPECT_TRUE(NamesField(s, c.field)) << c.field << " not in " << s;
    EXPECT_LE(s.message().size(), kMaxWireMessage) << s.message().size();
    const StoreState after = h.State();
    EXPECT_EQ(after.records, before.records) << "records changed";
    if (c.logged) {
      ASSERT_EQ(after.head, before.head + 1) << "one refusal record";
      const std::string bytes = h.EventBytes(after.head);
      v1::ChangeEvent event;
      ASSERT_TRUE(event.ParseFromString(bytes));
      EXPECT_TRUE(event.kind() == v1::EVENT_KIND_SUBMISSION_REJECTED ||
                  event.kind() == v1::EVENT_KIND_CALL_REFUSED)
          << v1::EventKind_Name(event.kind());
      EXPECT_EQ(event.rejection().code(), absl::StatusCodeToString(c.code));
      EXPECT_LE(bytes.size(), kMaxRefusalRecord);
    } else {
      EXPECT_EQ(after.head, before.head) << "nothing logged";
    }
  }
}

}  // namespace
}  // namespace hostile
}  // namespace hub

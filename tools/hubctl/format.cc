#include "tools/hubctl/format.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "hub/common/cst_time.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"
#include "tools/hubctl/table.h"

namespace hub {
namespace {

std::string EnumSuffix(const std::string& name, absl::string_view prefix) {
  return absl::AsciiStrToLower(absl::string_view(name).substr(prefix.size()));
}

std::string SubjectName(const v1::RecordKey& key, const v1::Catalog& catalog) {
  if (key.kind() == v1::SUBJECT_KIND_INDICATOR) {
    for (const auto& i : catalog.indicators()) {
      if (i.code() == key.code()) return i.name();
    }
  } else {
    for (const auto& t : catalog.tasks()) {
      if (t.code() == key.code()) return t.title();
    }
  }
  return "";
}

std::string RegionName(const std::string& code, const v1::Catalog& catalog) {
  for (const auto& r : catalog.regions()) {
    if (r.code() == code) return r.name();
  }
  return code;
}

std::string Contributors(const v1::MergedRecord& r) {
  std::vector<std::string> parts;
  for (const auto& c : r.contributions()) {
    parts.push_back(
        r.key().kind() == v1::SUBJECT_KIND_TASK
            ? absl::StrCat(c.department(), "=", StatusName(c.status()))
            : absl::StrCat(c.department(), "=", c.value()));
  }
  return absl::StrJoin(parts, " ");
}

// Lines as ranges: "2-7, 9".
std::string LineRanges(const google::protobuf::RepeatedField<int64_t>& lines) {
  std::vector<std::string> parts;
  for (int i = 0; i < lines.size();) {
    int j = i;
    while (j + 1 < lines.size() && lines[j + 1] == lines[j] + 1) ++j;
    parts.push_back(j == i ? absl::StrCat(lines[i])
                           : absl::StrCat(lines[i], "-", lines[j]));
    i = j + 1;
  }
  return absl::StrJoin(parts, ", ");
}

// Where a contribution came from (adapters), and each conversion applied.
std::string ProvenanceText(const v1::Contribution& c) {
  const v1::Provenance& p = c.provenance();
  std::string out =
      absl::StrCat("\nprovenance of ", c.department(), ": ", p.adapter(), " v",
                   p.adapter_version(), ", ", p.source());
  if (!p.lines().empty())
    absl::StrAppend(&out, " lines ", LineRanges(p.lines()));
  if (!p.field().empty()) absl::StrAppend(&out, " ", p.field());
  absl::StrAppend(&out, "\n");
  for (const auto& v : p.conversions()) {
    absl::StrAppend(&out, "  ", v.field(), ": ", v.from(), " -> ", v.to(),
                    "  (", v.rule(), ")\n");
  }
  return out;
}

}  // namespace

std::string ToJsonLine(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

std::string StateName(v1::RecordState s) {
  return EnumSuffix(v1::RecordState_Name(s), "RECORD_STATE_");
}
std::string StatusName(v1::TaskStatus s) {
  return EnumSuffix(v1::TaskStatus_Name(s), "TASK_STATUS_");
}
std::string EventKindName(v1::EventKind k) {
  return EnumSuffix(v1::EventKind_Name(k), "EVENT_KIND_");
}

std::string RecordsTable(const std::vector<v1::MergedRecord>& records,
                         const v1::Catalog& catalog) {
  Table t({"subject", "name", "region", "period", "value", "state", "v",
           "contributions"});
  for (const auto& r : records) {
    std::string value =
        r.key().kind() == v1::SUBJECT_KIND_TASK
            ? StatusName(r.status()) + (r.overdue() ? " OVERDUE" : "")
            : r.value();
    t.AddRow({r.key().code(), SubjectName(r.key(), catalog),
              RegionName(r.key().region_code(), catalog), r.key().period(),
              value, StateName(r.state()), absl::StrCat(r.version()),
              Contributors(r)});
  }
  t.SetMaxWidth(0, 64);
  return t.Render(28);
}

std::string RecordDetail(const v1::MergedRecord& r,
                         const v1::Catalog& catalog) {
  std::string out = absl::StrCat(
      RecordKeyToString(r.key()), "  ", SubjectName(r.key(), catalog), " / ",
      RegionName(r.key().region_code(), catalog), "\n");
  if (r.key().kind() == v1::SUBJECT_KIND_TASK) {
    absl::StrAppend(&out, "status:      ", StatusName(r.status()),
                    r.overdue() ? " (OVERDUE)" : "", "\n");
  } else {
    absl::StrAppend(
        &out, "value:       ", r.value().empty() ? "(none)" : r.value(), "\n");
  }
  absl::StrAppend(&out, "state:       ", StateName(r.state()), "\n",
                  "rule:        ", r.rule_name(), " v", r.rule_version(), "\n",
                  "explanation: ", r.explanation(), "\n",
                  "version:     ", r.version(), "  etag ", r.etag(),
                  "  last change at sequence ", r.last_sequence(), "\n");
  Table c({"department", "value", "numerator", "denominator", "status",
           "submission", "seq", "accepted (CST)", "text/note"});
  for (const auto& x : r.contributions()) {
    c.AddRow({x.department(), x.value(), x.numerator(), x.denominator(),
              x.status() ? StatusName(x.status()) : "", x.submission_id(),
              absl::StrCat(x.sequence()),
              FormatMicrosCst(x.accepted_at_micros()),
              x.text().empty() ? x.note() : x.text()});
  }
  absl::StrAppend(&out, "\ncontributions:\n", c.Render(40));
  for (const auto& x : r.contributions()) {
    if (x.has_provenance()) absl::StrAppend(&out, ProvenanceText(x));
    for (const auto& w : x.warnings()) {
      absl::StrAppend(&out, "warning:     ", x.department(), ": ", w, "\n");
    }
  }
  if (r.has_resolution()) {
    absl::StrAppend(&out, "\nresolution:  ", r.resolution().value(), " by ",
                    r.resolution().actor(), " at sequence ",
                    r.resolution().sequence(), ": ", r.resolution().reason(),
                    "\n");
  }
  if (!r.conflicts().empty()) {
    Table k(
        {"department", "value", "vs", "reference", "difference", "tolerance"});
    for (const auto& x : r.conflicts()) {
      k.AddRow({x.department(), x.value(), x.reference_department(),
                x.reference_value(), x.difference(), x.tolerance()});
    }
    absl::StrAppend(&out, "\nconflicts:\n", k.Render());
  }
  return out;
}

std::string EventsTable(const std::vector<v1::ChangeEvent>& events) {
  Table t({"seq", "time (UTC)", "actor", "kind", "subject", "change", "hash"});
  for (const auto& e : events) {
    std::string subject, change;
    if (e.has_after()) {
      subject = RecordKeyToString(e.record_key());
      change = absl::StrCat(e.has_before() ? e.before().value() : "∅", " → ",
                            e.after().value(), " (",
                            StateName(e.after().state()), ")");
      if (e.record_key().kind() == v1::SUBJECT_KIND_TASK) {
        change =
            absl::StrCat(e.has_before() ? StatusName(e.before().status()) : "∅",
                         " → ", StatusName(e.after().status()));
      }
    } else if (e.has_submission()) {
      subject = e.submission().submission_id();
      change = absl::StrCat(e.submission().item_count(), " items");
      if (e.has_rejection()) {
        change = absl::StrCat("refused: ", e.rejection().code(), " ",
                              e.rejection().message());
      }
    } else if (e.has_lock()) {
      subject = absl::StrCat("period ", e.lock().region_code(), "/",
                             e.lock().period());
      change = e.reason();
    } else if (e.has_catalog()) {
      subject = "catalog";
      change = absl::StrCat(e.catalog().indicators(), " indicators, ",
                            e.catalog().tasks(), " tasks");
    }
    t.AddRow({absl::StrCat(e.sequence()), FormatMicrosUtc(e.time_micros()),
              e.actor(), EventKindName(e.kind()), subject, change,
              ToHex(e.hash()).substr(0, 12)});
  }
  return t.Render(48);
}

std::string ReceiptSummary(const v1::Receipt& r) {
  std::map<std::string, int> actions;
  for (const auto& i : r.items()) {
    actions[EnumSuffix(v1::ItemOutcome::Action_Name(i.action()), "ACTION_")]++;
  }
  std::vector<std::string> parts;
  for (const auto& [a, n] : actions) parts.push_back(absl::StrCat(n, " ", a));
  return absl::StrCat(
      r.dry_run() ? "[dry run] " : "", r.submission_id(), ": ",
      r.dry_run() ? "would be accepted" : "accepted",
      r.replayed() ? " earlier (retry; first receipt returned)" : "",
      " at sequence ", r.sequence(), "; ", absl::StrJoin(parts, ", "),
      r.withdrawn().empty() ? ""
                            : absl::StrCat("; ", r.withdrawn_size(),
                                           " withdrawn by the replace scope"));
}

namespace {

// "  field: description" lines; a violation without a field (the server's
// "and N more") is its description alone.
std::string ViolationLines(const std::vector<FieldViolation>& v) {
  std::string out;
  for (const auto& f : v) {
    absl::StrAppend(&out, "  ", f.field, f.field.empty() ? "" : ": ",
                    f.description, "\n");
  }
  return out;
}

}  // namespace

std::string ErrorText(const absl::Status& status) {
  std::string out = absl::StrCat(absl::StatusCodeToString(status.code()), ": ");
  std::vector<FieldViolation> v = GetFieldViolations(status);
  if (v.empty()) return absl::StrCat(out, status.message());
  return absl::StrCat(out, ShortMessage(status), "\n", ViolationLines(v));
}

std::string RefusalText(const absl::Status& status) {
  return absl::StrCat(ShortMessage(status), "\n",
                      ViolationLines(GetFieldViolations(status)));
}

}  // namespace hub

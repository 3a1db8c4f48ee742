// Referential and syntactic checks of a catalog.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "hub/catalog/catalog_internal.h"
#include "hub/common/cst_time.h"
#include "hub/common/decimal.h"
#include "hub/common/period.h"
#include "hub/common/utf8.h"
#include "hub/model/errors.h"

namespace hub {
namespace internal {
namespace {

constexpr int kMaxRegionDepth = 8;
constexpr int kMaxEntries = 100000;     // of any list
constexpr size_t kMaxShortText = 512;   // names, codes, units, dates
constexpr size_t kMaxLongText = 20000;  // task texts, descriptions

class Checker {
 public:
  explicit Checker(const Catalog& c) : c_(c) {}

  std::vector<FieldViolation> Run() {
    const v1::Catalog& p = c_.proto();
    CheckUnique(p.departments(), "departments");
    CheckUnique(p.indicators(), "indicators");
    CheckUnique(p.plans(), "plans");
    CheckUnique(p.tasks(), "tasks");
    for (int i = 0; i < p.regions_size(); ++i) CheckRegion(i);
    for (int i = 0; i < p.indicators_size(); ++i) CheckIndicator(i);
    for (int i = 0; i < p.plans_size(); ++i) CheckPlan(i);
    for (int i = 0; i < p.tasks_size(); ++i) CheckTask(i);
    CheckText(p, "");
    return std::move(out_);
  }

 private:
  void Add(std::string field, std::string description) {
    out_.push_back({std::move(field), std::move(description)});
  }
  // With a reason code and its Chinese message (hub/model/errors.h).
  void Add(std::string field, std::string description, const char* why,
           const ViolationArgs& args) {
    out_.push_back(
        MakeViolation(std::move(field), std::move(description), why, args));
  }

  template <typename T>
  void CheckUnique(const google::protobuf::RepeatedPtrField<T>& entries,
                   absl::string_view kind) {
    absl::flat_hash_map<std::string, int> seen;
    for (int i = 0; i < entries.size(); ++i) {
      const std::string& code = entries[i].code();
      std::string field = absl::StrCat(kind, "[", i, "].code");
      if (!IsValidCode(code)) {
        Add(field,
            absl::StrCat("\"", code,
                         "\" is not a valid code (1-64 of a-z 0-9 _ . -)"));
      } else if (!seen.emplace(code, i).second) {
        Add(field, absl::StrCat("duplicate code \"", code, "\" (also ", kind,
                                "[", seen[code], "])"));
      }
    }
  }

  void CheckDepartment(const std::string& code, std::string field) {
    if (c_.FindDepartment(code) == nullptr) {
      Add(std::move(field), absl::StrCat("unknown department \"", code, "\""));
    }
  }

  void CheckDecimal(const std::string& text, std::string field, bool required) {
    if (text.empty()) {
      if (required) Add(std::move(field), "required");
      return;
    }
    auto d = Decimal::Parse(text);
    if (!d.ok()) Add(std::move(field), std::string(d.status().message()));
  }

  void CheckRegion(int i) {
    const v1::Region& r = c_.proto().regions(i);
    std::string f = absl::StrCat("regions[", i, "]");
    bool digits = r.code().size() == 6 &&
                  std::all_of(r.code().begin(), r.code().end(), [](char ch) {
                    return absl::ascii_isdigit(static_cast<unsigned char>(ch));
                  });
    if (!digits) {
      Add(f + ".code",
          absl::StrCat("\"", r.code(), "\" is not a six-digit GB/T 2260 code"));
    }
    if (r.name().empty()) Add(f + ".name", "required");
    if (!r.parent_code().empty() && c_.FindRegion(r.parent_code()) == nullptr) {
      Add(f + ".parent_code",
          absl::StrCat("unknown region \"", r.parent_code(), "\""));
    }
    if (r.parent_code() == r.code()) {
      Add(f + ".parent_code", "is the region itself");
      return;
    }
    // The tree is shallow (province, city, county) and has no cycles.
    const v1::Region* up = c_.FindRegion(r.parent_code());
    for (int depth = 1; up != nullptr; ++depth) {
      if (up->code() == r.code() || depth > kMaxRegionDepth) {
        Add(f + ".parent_code",
            up->code() == r.code()
                ? "makes a cycle: the region would lie below itself"
                : absl::StrCat("more than ", kMaxRegionDepth,
                               " levels of regions above it"));
        return;
      }
      up = c_.FindRegion(up->parent_code());
    }
  }

  // Every text of the catalog: valid UTF-8 within its cap, free of control
  // characters (line breaks allowed in long texts); and every list within
  // kMaxEntries. Reflection, so that no field is forgotten.
  void CheckText(const google::protobuf::Message& m, const std::string& path) {
    using google::protobuf::FieldDescriptor;
    const auto* d = m.GetDescriptor();
    const auto* r = m.GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* fd = d->field(i);
      const std::string name =
          path.empty() ? fd->name() : absl::StrCat(path, ".", fd->name());
      if (!fd->is_repeated()) {
        if (fd->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          CheckString(name, fd->name(), r->GetString(m, fd));
        } else if (fd->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
                   r->HasField(m, fd)) {
          CheckText(r->GetMessage(m, fd), name);
        }
        continue;
      }
      const int n = r->FieldSize(m, fd);
      if (n > kMaxEntries) {
        Add(name, absl::StrCat(n, " entries; at most ", kMaxEntries));
        continue;
      }
      for (int j = 0; j < n; ++j) {
        const std::string item = absl::StrCat(name, "[", j, "]");
        if (fd->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          CheckString(item, fd->name(), r->GetRepeatedString(m, fd, j));
        } else if (fd->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          CheckText(r->GetRepeatedMessage(m, fd, j), item);
        }
      }
    }
  }

  void CheckString(const std::string& field, absl::string_view name,
                   const std::string& text) {
    const bool long_text = name == "text" || name == "description" ||
                           name == "title" || name == "source_text";
    const size_t max = long_text ? kMaxLongText : kMaxShortText;
    if (!IsValidUtf8(text)) {
      Add(field, "not valid UTF-8");
    } else if (text.size() > max) {
      Add(field,
          absl::StrCat("too long: ", text.size(), " bytes; at most ", max));
    } else if (std::string c = ControlCharacter(text);
               !c.empty() || (!long_text && text.find('\n') != text.npos)) {
      Add(field, absl::StrCat("holds the control character ",
                              c.empty() ? "U+000A" : c));
    }
  }

  void CheckIndicator(int i) {
    const v1::Indicator& ind = c_.proto().indicators(i);
    std::string f = absl::StrCat("indicators[", i, "]");
    if (ind.name().empty()) Add(f + ".name", "required");
    if (ind.unit().empty()) Add(f + ".unit", "required");
    if (ind.dimension() == v1::DIMENSION_UNSPECIFIED) {
      Add(f + ".dimension", "required");
    }
    if (ind.period_types().empty()) Add(f + ".period_types", "at least one");
    if (ind.numerator().empty() != ind.denominator().empty()) {
      Add(f + ".denominator",
          "numerator and denominator must be given together");
    }
    if (ind.precision() < 0 || ind.precision() > 8) {
      Add(f + ".precision", "must be 0..8");
    }
    CheckDepartment(ind.owner_department(), f + ".owner_department");
    for (int j = 0; j < ind.contributing_departments_size(); ++j) {
      CheckDepartment(ind.contributing_departments(j),
                      absl::StrCat(f, ".contributing_departments[", j, "]"));
    }
    CheckDecimal(ind.tolerance(), f + ".tolerance", false);
    auto tolerance = Decimal::Parse(ind.tolerance());
    if (tolerance.ok() && tolerance->sign() < 0) {
      Add(f + ".tolerance",
          absl::StrCat("\"", ind.tolerance(),
                       "\" is negative: a tolerance is an absolute "
                       "difference, 0 or more"),
          reason::kNegativeTolerance, {{"value", ind.tolerance()}});
    }
    CheckDecimal(ind.min_value(), f + ".min_value", false);
    CheckDecimal(ind.max_value(), f + ".max_value", false);
    CheckValidationRules(ind, f);
    for (int j = 0; j < ind.targets_size(); ++j) {
      const v1::Target& t = ind.targets(j);
      std::string tf = absl::StrCat(f, ".targets[", j, "]");
      if (t.comparator() == v1::COMPARATOR_UNSPECIFIED) {
        Add(tf + ".comparator", "required");
      }
      CheckDecimal(t.value(), tf + ".value",
                   t.comparator() != v1::COMPARATOR_INCREASE);
      if (!t.by_period().empty() && !Period::Parse(t.by_period()).ok()) {
        Add(tf + ".by_period",
            absl::StrCat("\"", t.by_period(), "\" is not a valid period"));
      }
      if (!t.region_code().empty() &&
          c_.FindRegion(t.region_code()) == nullptr) {
        Add(tf + ".region_code",
            absl::StrCat("unknown region \"", t.region_code(), "\""));
      }
    }
  }

  void CheckValidationRules(const v1::Indicator& ind, const std::string& f) {
    for (int j = 0; j < ind.validation_rules_size(); ++j) {
      const v1::ValidationRule& r = ind.validation_rules(j);
      std::string rf = absl::StrCat(f, ".validation_rules[", j, "]");
      if (r.code().empty()) Add(rf + ".code", "required");
      if (r.severity() == v1::SEVERITY_UNSPECIFIED)
        Add(rf + ".severity", "required");
      if (r.kind() == v1::ValidationRule::KIND_UNSPECIFIED) {
        Add(rf + ".kind", "required");
      } else if (r.kind() ==
                     v1::ValidationRule::KIND_NUMERATOR_NOT_ABOVE_DENOMINATOR &&
                 ind.denominator().empty()) {
        Add(rf + ".kind",
            absl::StrCat(ind.code(),
                         " is not a ratio: it has no numerator and "
                         "denominator to compare"),
            reason::kRuleNeedsRatio, {{"indicator", ind.code()}});
      } else if (r.kind() == v1::ValidationRule::KIND_NOT_ABOVE_INDICATOR &&
                 c_.FindIndicator(r.other_indicator_code()) == nullptr) {
        Add(rf + ".other_indicator_code",
            absl::StrCat("unknown indicator \"", r.other_indicator_code(),
                         "\""));
      }
    }
  }

  void CheckPlan(int i) {
    const v1::Plan& p = c_.proto().plans(i);
    std::string f = absl::StrCat("plans[", i, "]");
    if (c_.FindRegion(p.region_code()) == nullptr) {
      Add(f + ".region_code",
          absl::StrCat("unknown region \"", p.region_code(), "\""));
    }
    for (int j = 0; j < p.reporting_dates_size(); ++j) {
      if (!ParseDate(p.reporting_dates(j)).ok()) {
        Add(absl::StrCat(f, ".reporting_dates[", j, "]"),
            absl::StrCat("\"", p.reporting_dates(j), "\" is not a date"));
      }
    }
  }

  void CheckTask(int i) {
    const v1::Task& t = c_.proto().tasks(i);
    std::string f = absl::StrCat("tasks[", i, "]");
    if (c_.FindPlan(t.plan_code()) == nullptr) {
      Add(f + ".plan_code",
          absl::StrCat("unknown plan \"", t.plan_code(), "\""));
    }
    if (!t.parent_code().empty() && c_.FindTask(t.parent_code()) == nullptr) {
      Add(f + ".parent_code",
          absl::StrCat("unknown task \"", t.parent_code(), "\""));
    }
    if (c_.FindRegion(t.region_code()) == nullptr) {
      Add(f + ".region_code",
          absl::StrCat("unknown region \"", t.region_code(), "\""));
    }
    auto depts = [&](const auto& list, absl::string_view name) {
      for (int j = 0; j < list.size(); ++j) {
        CheckDepartment(list[j], absl::StrCat(f, ".", name, "[", j, "]"));
      }
    };
    depts(t.lead_departments(), "lead_departments");
    depts(t.responsible_departments(), "responsible_departments");
    depts(t.cooperating_departments(), "cooperating_departments");
    for (int j = 0; j < t.indicator_codes_size(); ++j) {
      if (c_.FindIndicator(t.indicator_codes(j)) == nullptr) {
        Add(absl::StrCat(f, ".indicator_codes[", j, "]"),
            absl::StrCat("unknown indicator \"", t.indicator_codes(j), "\""));
      }
    }
    CheckDeadline(t.deadline(), f + ".deadline");
  }

  void CheckDeadline(const v1::Deadline& d, std::string f) {
    if (d.kind() == v1::DEADLINE_KIND_DATE && !ParseDate(d.value()).ok()) {
      Add(f + ".value", absl::StrCat("\"", d.value(), "\" is not a date"));
    }
    if (d.kind() == v1::DEADLINE_KIND_YEAR) {
      auto p = Period::Parse(d.value());
      if (!p.ok() || p->type != v1::PERIOD_TYPE_YEAR) {
        Add(f + ".value", absl::StrCat("\"", d.value(), "\" is not a year"));
      }
    }
  }

  const Catalog& c_;
  std::vector<FieldViolation> out_;
};

}  // namespace

bool IsValidCode(absl::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  for (char ch : code) {
    bool ok = absl::ascii_islower(static_cast<unsigned char>(ch)) ||
              absl::ascii_isdigit(static_cast<unsigned char>(ch)) ||
              ch == '_' || ch == '.' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

std::vector<FieldViolation> ValidateCatalog(const Catalog& catalog) {
  return Checker(catalog).Run();
}

}  // namespace internal
}  // namespace hub

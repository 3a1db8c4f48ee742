#include "adapters/internal/cells.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace hub {
namespace adapters {
namespace internal {

Period MonthPeriod(int year, int month) {
  Period p;
  p.type = v1::PERIOD_TYPE_MONTH;
  p.year = year;
  p.index = month;
  return p;
}

void CellParser::Fail(const char* field, std::string reason) {
  issues_.push_back(RowIssue{field, std::move(reason)});
}

std::optional<Decimal> CellParser::Number(const char* field,
                                          absl::string_view text, int max_scale,
                                          bool allow_negative) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) {
    Fail(field, "missing number");
    return std::nullopt;
  }
  absl::StatusOr<Decimal> d = Decimal::Parse(text);
  if (!d.ok()) {
    Fail(field, absl::StrCat("unparsable number \"", text, "\""));
    return std::nullopt;
  }
  if (d->scale() > max_scale) {
    Fail(field, max_scale == 0
                    ? absl::StrCat("\"", text, "\" is not a whole number")
                    : absl::StrCat("\"", text, "\" has more than ", max_scale,
                                   " decimal places"));
    return std::nullopt;
  }
  if (d->sign() < 0 && !allow_negative) {
    Fail(field, absl::StrCat("negative number \"", text, "\""));
    return std::nullopt;
  }
  return *d;
}

std::optional<Period> CellParser::Month(const char* field,
                                        absl::string_view text,
                                        const Period& report) {
  text = absl::StripAsciiWhitespace(text);
  int year = 0, month = 0;
  if (text.size() != 6 || !absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(4), &month) || month < 1 || month > 12 ||
      year < 1990 || year > 2100) {
    Fail(field, absl::StrCat("\"", text, "\" is not a month YYYYMM"));
    return std::nullopt;
  }
  Period p = MonthPeriod(year, month);
  if (!report.Contains(p)) {
    Fail(field, absl::StrCat("period ", p.ToString(), " outside the report ",
                             report.ToString()));
    return std::nullopt;
  }
  return p;
}

std::optional<Share> CellParser::ShareCell(const char* field,
                                           absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  bool percent = absl::ConsumeSuffix(&text, "%");
  absl::StatusOr<Decimal> d = Decimal::Parse(text);
  if (!d.ok() || d->sign() < 0) {
    Fail(field, absl::StrCat("unparsable share \"", text, percent ? "%" : "",
                             "\" (write 45.50% or 0.4550)"));
    return std::nullopt;
  }
  if (!percent && *d > Decimal::FromInt(1)) {
    Fail(field, absl::StrCat("ratio ", text,
                             " is above 1; a percent needs its % sign"));
    return std::nullopt;
  }
  Share s;
  s.was_ratio = !percent;
  int shift = percent ? 0 : 2;
  s.percent = *d->ScaleByPowerOfTen(shift);
  s.tolerance = *Decimal::FromInt(5).ScaleByPowerOfTen(shift - d->scale() - 1);
  return s;
}

std::optional<int> CellParser::Year(const char* field, absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  int year = 0;
  if (text.size() != 4 || !absl::SimpleAtoi(text, &year) || year < 1990 ||
      year > 2100) {
    Fail(field, absl::StrCat("\"", text, "\" is not a year YYYY"));
    return std::nullopt;
  }
  return year;
}

std::optional<std::string> CellParser::Region(const char* field,
                                              absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (Gbt2260Regions().count(text) == 0) {
    Fail(field, absl::StrCat("unknown division code \"", text, "\""));
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::string> CellParser::Word(const char* field,
                                            absl::string_view text,
                                            const WordTable& table,
                                            absl::string_view what) {
  text = absl::StripAsciiWhitespace(text);
  auto it = table.find(text);
  if (it == table.end()) {
    Fail(field, absl::StrCat("unknown ", what, " \"", text, "\""));
    return std::nullopt;
  }
  return it->second;
}

}  // namespace internal
}  // namespace adapters
}  // namespace hub

// Early-return helpers for code that propagates absl::Status.
//
// Debian's Abseil (20220623) ships no status macros, so the hub defines its
// own pair here, once. Both macros may be used in any function whose return
// type is absl::Status or absl::StatusOr<T> (a non-OK absl::Status converts
// implicitly to absl::StatusOr<T>).
//
//   absl::Status Load(absl::string_view path) {
//     HUB_RETURN_IF_ERROR(CheckPath(path));
//     HUB_ASSIGN_OR_RETURN(std::unique_ptr<File> file, OpenFile(path));
//     HUB_ASSIGN_OR_RETURN(auto rows, ReadRows(*file));
//     ...
//   }
//
// The status is returned unchanged: these macros add no context to the
// message. Wrap the call yourself when the caller needs more detail.

#ifndef HUB_COMMON_STATUS_MACROS_H_
#define HUB_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

// HUB_RETURN_IF_ERROR(expr)
//
// Evaluates `expr`, which must yield an absl::Status, exactly once. If the
// status is not OK, returns it from the enclosing function; otherwise does
// nothing. Usable as a single statement (for example as the body of an `if`
// without braces).
#define HUB_RETURN_IF_ERROR(expr)                              \
  do {                                                         \
    ::absl::Status hub_status_macros_status_ = (expr);         \
    if (ABSL_PREDICT_FALSE(!hub_status_macros_status_.ok())) { \
      return hub_status_macros_status_;                        \
    }                                                          \
  } while (false)

// HUB_ASSIGN_OR_RETURN(lhs, rexpr)
//
// Evaluates `rexpr`, which must yield an absl::StatusOr<T>, exactly once. If
// it holds an error, returns that status from the enclosing function.
// Otherwise moves the value into `lhs`, which is either an existing lvalue
// (`value`, `*out`, `proto.field`) or a declaration (`auto x`,
// `std::unique_ptr<Foo> p`, `const Decimal d`). Move-only types work.
//
// The macro expands to several statements, so it must not be the unbraced
// body of an `if`, `for` or `while`. `lhs` must not contain an unparenthesized
// comma: write `using Pair = std::pair<int, int>;` and then `Pair p`.
// Two uses on the same source line are not supported (the temporary's name
// is made unique with __LINE__).
#define HUB_ASSIGN_OR_RETURN(lhs, rexpr) \
  HUB_ASSIGN_OR_RETURN_IMPL_(            \
      HUB_STATUS_MACROS_CONCAT_(hub_statusor_, __LINE__), lhs, rexpr)

// Implementation details; do not use directly.
#define HUB_STATUS_MACROS_CONCAT_INNER_(x, y) x##y
#define HUB_STATUS_MACROS_CONCAT_(x, y) HUB_STATUS_MACROS_CONCAT_INNER_(x, y)

#define HUB_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                               \
  if (ABSL_PREDICT_FALSE(!statusor.ok())) {              \
    return std::move(statusor).status();                 \
  }                                                      \
  lhs = *std::move(statusor)

#endif  // HUB_COMMON_STATUS_MACROS_H_

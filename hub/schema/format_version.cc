// The store's format version (Column::kMeta "format/version"): written when
// a store is created, checked whenever one is opened.
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "hub/schema/schema.h"

namespace hub {

std::string FormatVersionKey() { return "format/version"; }

absl::StatusOr<uint32_t> ReadFormatVersion(const Store& store) {
  std::string value;
  absl::Status s = store.Get(Column::kMeta, FormatVersionKey(), &value);
  if (absl::IsNotFound(s)) {
    return absl::NotFoundError("the store records no format version");
  }
  if (!s.ok()) return s;
  uint32_t version = 0;
  if (!absl::SimpleAtoi(value, &version)) {
    return absl::DataLossError(
        absl::StrCat("the store's format version \"", absl::CHexEscape(value),
                     "\" is not a number; the store is damaged"));
  }
  return version;
}

absl::Status CheckFormatVersion(Store* store, bool sync) {
  absl::StatusOr<uint32_t> version = ReadFormatVersion(*store);
  if (absl::IsNotFound(version.status())) {
    // A new store, or one written before the version was recorded: both are
    // version 1, the format this build writes.
    static_assert(kFormatVersion == 1,
                  "a newer format must convert unstamped (v1) stores");
    WriteBatch batch;
    batch.Put(Column::kMeta, FormatVersionKey(), absl::StrCat(kFormatVersion));
    return store->Write(batch, sync);
  }
  if (!version.ok()) return version.status();
  if (*version != kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the store has format version ", *version,
        ", but this build reads "
        "only version ",
        kFormatVersion,
        *version > kFormatVersion
            ? "; it was written by a newer hubd: open it with that version"
            : "; no hubd writes that version"));
  }
  return absl::OkStatus();
}

}  // namespace hub

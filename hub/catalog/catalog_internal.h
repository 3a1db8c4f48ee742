// Internal to hub/catalog: validation of a built catalog.
#ifndef HUB_CATALOG_CATALOG_INTERNAL_H_
#define HUB_CATALOG_CATALOG_INTERNAL_H_

#include <vector>

#include "hub/catalog/catalog.h"
#include "hub/model/errors.h"

namespace hub {
namespace internal {

// Every problem in catalog, each naming its field path.
std::vector<FieldViolation> ValidateCatalog(const Catalog& catalog);

// True for catalog codes: non-empty, at most 64 of [a-z0-9_.-].
bool IsValidCode(absl::string_view code);

}  // namespace internal
}  // namespace hub

#endif  // HUB_CATALOG_CATALOG_INTERNAL_H_

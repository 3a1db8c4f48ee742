// Reading whole files (certificates, catalog and submission files).
#ifndef HUB_COMMON_FILE_UTIL_H_
#define HUB_COMMON_FILE_UTIL_H_

#include <string>

#include "absl/status/statusor.h"

namespace hub {

// The bytes of the file at path; NotFound naming the path when it cannot be
// opened.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace hub

#endif  // HUB_COMMON_FILE_UTIL_H_

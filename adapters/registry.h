// AdapterRegistry: adapter name -> factory (after Arrow's TransportRegistry).
//
// Registration is explicit: a program builds a registry at start-up and calls
// RegisterBuiltinAdapters() (adapters/builtin.h) on it; there is no static
// self-registration. A registry is filled once and then only read; reads may
// run concurrently, registration may not.
#ifndef HUB_ADAPTERS_REGISTRY_H_
#define HUB_ADAPTERS_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "adapters/adapter.h"

namespace hub {
namespace adapters {

using AdapterFactory =
    std::function<absl::StatusOr<std::unique_ptr<Adapter>>()>;

class AdapterRegistry {
 public:
  // kAlreadyExists if name is already registered; kInvalidArgument if name
  // is empty or factory is null.
  absl::Status Register(absl::string_view name, AdapterFactory factory);

  // A new adapter built by name's factory; kNotFound for an unknown name.
  absl::StatusOr<std::unique_ptr<Adapter>> Create(absl::string_view name) const;

  // Registered names, sorted.
  std::vector<std::string> Names() const;

  // Every registered adapter of department, sorted by name; kNotFound when
  // there is none.
  absl::StatusOr<std::vector<std::unique_ptr<Adapter>>> ForDepartment(
      absl::string_view department) const;

  // The adapter of department whose native row type (RowPrototype()) is
  // row_type: how a native report received over gRPC finds its adapter.
  // kNotFound when there is none, kFailedPrecondition when several.
  absl::StatusOr<std::unique_ptr<Adapter>> ForRowType(
      absl::string_view department,
      const google::protobuf::Descriptor& row_type) const;

 private:
  std::map<std::string, AdapterFactory, std::less<>> factories_;
};

}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_REGISTRY_H_

#include "adapters/registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace hub {
namespace adapters {

absl::Status AdapterRegistry::Register(absl::string_view name,
                                       AdapterFactory factory) {
  if (name.empty()) return absl::InvalidArgumentError("empty adapter name");
  if (!factory) {
    return absl::InvalidArgumentError(
        absl::StrCat("adapter \"", name, "\" has no factory"));
  }
  auto [it, inserted] =
      factories_.emplace(std::string(name), std::move(factory));
  if (!inserted) {
    return absl::AlreadyExistsError(
        absl::StrCat("adapter \"", name, "\" is already registered"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Adapter>> AdapterRegistry::Create(
    absl::string_view name) const {
  auto it = factories_.find(name);
  if (it == factories_.end()) {
    return absl::NotFoundError(
        absl::StrCat("no adapter \"", name,
                     "\" (known: ", absl::StrJoin(Names(), ", "), ")"));
  }
  return it->second();
}

std::vector<std::string> AdapterRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, factory] : factories_) names.push_back(name);
  return names;
}

absl::StatusOr<std::vector<std::unique_ptr<Adapter>>>
AdapterRegistry::ForDepartment(absl::string_view department) const {
  std::vector<std::unique_ptr<Adapter>> out;
  for (const auto& [name, factory] : factories_) {
    absl::StatusOr<std::unique_ptr<Adapter>> adapter = factory();
    if (!adapter.ok()) return adapter.status();
    if ((*adapter)->Department() == department)
      out.push_back(*std::move(adapter));
  }
  if (out.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no adapter for department \"", department, "\""));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Adapter>> AdapterRegistry::ForRowType(
    absl::string_view department,
    const google::protobuf::Descriptor& row_type) const {
  absl::StatusOr<std::vector<std::unique_ptr<Adapter>>> of_department =
      ForDepartment(department);
  if (!of_department.ok()) return of_department.status();
  std::unique_ptr<Adapter> found;
  for (std::unique_ptr<Adapter>& adapter : *of_department) {
    if (adapter->RowPrototype().GetDescriptor() != &row_type) continue;
    if (found != nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "adapters ", found->Name(), " and ", adapter->Name(), " of ",
          department, " both read ", row_type.full_name()));
    }
    found = std::move(adapter);
  }
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("no adapter of ", department,
                                            " reads ", row_type.full_name()));
  }
  return found;
}

}  // namespace adapters
}  // namespace hub

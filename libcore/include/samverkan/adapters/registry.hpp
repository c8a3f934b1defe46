#pragma once
/// The adapter registry: which connector serves each adapter interface of which municipality.
/// Filled once at start-up by the composition root, which binds each member's products
/// (adapters::bind_products, product_binding.hpp); read by the services.
///
///   adapters::Registry registry(cooperation);
///   adapters::bind_products(cooperation, products, needs, &registry);
///   registry.freeze();
///   registry.hr_system(member).employee("100234");
///
/// Keys are (municipality, kind): at most one adapter per municipality and interface. Each
/// adapter also has a stable name, unique in the registry and used in logs and messages:
/// "<kommunkod>.<kind>.<product>" for a bound product, e.g. "0199.hr-system.personec-csv".

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/case_system.hpp"
#include "samverkan/adapters/hr_system.hpp"
#include "samverkan/adapters/it_service_desk.hpp"
#include "samverkan/adapters/permission_system.hpp"
#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/adapters/property_access.hpp"
#include "samverkan/ids/kommunkod.hpp"

namespace samverkan::config {
struct Cooperation;
}

namespace samverkan::adapters {

/// One registered adapter, as listed by Registry::entries().
struct RegistryEntry {
  ids::Kommunkod municipality;
  AdapterKind kind = AdapterKind::kHrSystem;
  std::string name{};  ///< "0199.hr-system.personec-csv"
};

/// Thread safety: every member function may be called from several threads at once (a
/// shared_mutex guards the table). In practice registration happens once at start-up, then
/// freeze() is called and the registry is only read. Adapters are owned by the registry and
/// live as long as it does; references returned by the lookups stay valid until then.
class Registry {
 public:
  /// A registry that names municipalities by code only ("0199") in its messages.
  Registry();
  /// A registry that names the cooperation's members by short name and code ("Exempelby (0199)").
  explicit Registry(const config::Cooperation& cooperation);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// Names a municipality in messages ("Exempelby").
  void set_municipality_name(const ids::Kommunkod& municipality, std::string name);

  /// Registers `adapter` as the `Interface` adapter of `municipality` under `name`. Throws
  /// samverkan::InternalError (a wiring bug, not an operator error) when:
  ///   - the municipality already has an adapter of this kind (the message names both);
  ///   - `name` is already used by another registration (the message names both);
  ///   - `name` is malformed: 3..100 characters, lower-case ASCII letters, digits and '-' in
  ///     two or more segments joined by '.', e.g. "0199.hr-system.personec-csv";
  ///   - `adapter` is null;
  ///   - the registry is frozen.
  template <typename Interface>
  void add(const ids::Kommunkod& municipality, const std::string& name, std::unique_ptr<Interface> adapter) {
    const bool present = adapter != nullptr;
    std::shared_ptr<Interface> typed(std::move(adapter));
    add_erased(municipality, Interface::kKind, name, std::shared_ptr<void>(std::move(typed)), present);
  }

  /// The `Interface` adapter of `municipality`. Throws samverkan::NotFound, e.g.
  /// "Exempelby (0199) has no PropertyAccess adapter".
  template <typename Interface>
  Interface& get(const ids::Kommunkod& municipality) const {
    return *static_cast<Interface*>(get_erased(municipality, Interface::kKind));
  }

  /// The `Interface` adapter of `municipality`, or nullptr.
  template <typename Interface>
  Interface* find(const ids::Kommunkod& municipality) const {
    return static_cast<Interface*>(find_erased(municipality, Interface::kKind));
  }

  void register_hr_system(const ids::Kommunkod& m, const std::string& name, std::unique_ptr<HrSystem> a) {
    add<HrSystem>(m, name, std::move(a));
  }
  void register_property_access(const ids::Kommunkod& m, const std::string& name, std::unique_ptr<PropertyAccess> a) {
    add<PropertyAccess>(m, name, std::move(a));
  }
  void register_it_service_desk(const ids::Kommunkod& m, const std::string& name, std::unique_ptr<ItServiceDesk> a) {
    add<ItServiceDesk>(m, name, std::move(a));
  }
  void register_permission_system(const ids::Kommunkod& m, const std::string& name,
                                  std::unique_ptr<PermissionSystem> a) {
    add<PermissionSystem>(m, name, std::move(a));
  }
  void register_print_vendor(const ids::Kommunkod& m, const std::string& name, std::unique_ptr<PrintVendor> a) {
    add<PrintVendor>(m, name, std::move(a));
  }
  void register_case_system(const ids::Kommunkod& m, const std::string& name, std::unique_ptr<CaseSystem> a) {
    add<CaseSystem>(m, name, std::move(a));
  }

  HrSystem& hr_system(const ids::Kommunkod& m) const { return get<HrSystem>(m); }
  PropertyAccess& property_access(const ids::Kommunkod& m) const { return get<PropertyAccess>(m); }
  ItServiceDesk& it_service_desk(const ids::Kommunkod& m) const { return get<ItServiceDesk>(m); }
  PermissionSystem& permission_system(const ids::Kommunkod& m) const { return get<PermissionSystem>(m); }
  PrintVendor& print_vendor(const ids::Kommunkod& m) const { return get<PrintVendor>(m); }
  CaseSystem& case_system(const ids::Kommunkod& m) const { return get<CaseSystem>(m); }

  /// True when `municipality` has an adapter of `kind`.
  bool has(const ids::Kommunkod& municipality, AdapterKind kind) const;
  /// The implementation name registered for (municipality, kind). Throws samverkan::NotFound.
  std::string implementation_name(const ids::Kommunkod& municipality, AdapterKind kind) const;
  /// Every registration, ordered by municipality code, then kind.
  std::vector<RegistryEntry> entries() const;

  /// Ends start-up: every later registration throws samverkan::InternalError. Idempotent.
  void freeze();
  bool frozen() const;

  /// "Exempelby (0199)" when the municipality has a name, else "0199".
  std::string describe(const ids::Kommunkod& municipality) const;

 private:
  struct Slot {
    std::string name;
    std::shared_ptr<void> adapter;  // really the Interface of the key's kind
  };
  using Key = std::pair<ids::Kommunkod, AdapterKind>;

  void add_erased(const ids::Kommunkod& municipality, AdapterKind kind, const std::string& name,
                  std::shared_ptr<void> adapter, bool present);
  void* get_erased(const ids::Kommunkod& municipality, AdapterKind kind) const;
  void* find_erased(const ids::Kommunkod& municipality, AdapterKind kind) const;
  std::string describe_locked(const ids::Kommunkod& municipality) const;

  mutable std::shared_mutex mutex_;
  std::map<Key, Slot> slots_;
  std::map<std::string, Key> names_;
  std::map<ids::Kommunkod, std::string> municipality_names_;
  bool frozen_ = false;
};

}  // namespace samverkan::adapters

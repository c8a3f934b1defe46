#pragma once
/// The catalogue of product connectors: which products the platform can bind, each under a
/// stable key ("personec-csv", "public360-rest", "print-folder", ...) for one adapter kind,
/// with the factory that builds its connector from a member's settings. Filled once at
/// start-up by the composition root, one line per product, each product folder under adapters/
/// registering itself through an explicit call:
///
///   adapters::Products products;
///   adapters::personec_csv::register_product(products);
///   adapters::print_folder::register_product(products);
///   ...
///   adapters::bind_products(cooperation, products, needs, &registry);  // product_binding.hpp
///
/// A connector knows nothing of who uses it: what it needs of the member comes in the
/// ProductContext (its kommunkod, how messages name it), everything else from its settings.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/registry.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"

namespace samverkan::adapters {

/// What a connector may know of the member it serves.
struct ProductContext {
  ids::Kommunkod municipality;  ///< the member's kommunkod
  std::string member{};         ///< how messages name the member: its short name ("Exempelby")
  /// How messages name the backend: "Exempelby's HR system (personec-csv)", so that an error
  /// reads "Exempelby's HR system (personec-csv) did not answer".
  std::string backend{};
  const Clock* clock = &SystemClock::instance();  ///< never null
};

/// Builds a connector from one binding's settings. Reads the settings it needs through
/// `settings` (ProductSettings::rest_api(), option(), ...: what it does not read is reported as
/// unused); throws config::ConfigError (from the settings) for a missing one and
/// samverkan::InvalidInput for a bad value (a malformed URL, an unreadable CA file), which the
/// binder reports at the binding's line. Reaches no backend.
template <typename Interface>
using ProductFactory =
    std::function<std::unique_ptr<Interface>(ProductSettings& settings, const ProductContext& context)>;

/// A product as listed by Products::list().
struct ProductInfo {
  AdapterKind kind = AdapterKind::kHrSystem;
  std::string key{};      ///< "personec-csv"
  std::string summary{};  ///< one line: what it speaks to and which settings it reads
  /// Provided by the platform itself (its own diary): it needs the running platform, so it is
  /// built only when connectors are registered, never by a check alone; it reads no settings.
  bool platform = false;
};

namespace detail {
// A built connector waiting to be registered (typed underneath).
class BuiltConnector {
 public:
  virtual ~BuiltConnector() = default;
  virtual void add_to(Registry& registry, const ids::Kommunkod& municipality, std::string name) = 0;
};

template <typename Interface>
class TypedConnector final : public BuiltConnector {
 public:
  explicit TypedConnector(std::unique_ptr<Interface> connector) : connector_(std::move(connector)) {}
  void add_to(Registry& registry, const ids::Kommunkod& municipality, std::string name) override {
    registry.add<Interface>(municipality, std::move(name), std::move(connector_));
  }

 private:
  std::unique_ptr<Interface> connector_;
};
}  // namespace detail

/// Thread safety: filled at start-up, then only read (const members may be called from several
/// threads at once).
class Products {
 public:
  /// Registers `Interface`'s product `key`. Throws samverkan::InternalError (a wiring bug) when
  /// the key is malformed (2..40 characters: lower-case words of a-z and 0-9 joined by '-',
  /// starting with a letter), already registered (for any kind; the message names both), or
  /// the factory is empty.
  template <typename Interface>
  void add(std::string key, std::string summary, ProductFactory<Interface> factory) {
    add_erased(ProductInfo{Interface::kKind, std::move(key), std::move(summary), false}, erase(std::move(factory)));
  }

  /// As add(), for a product the platform provides itself (see ProductInfo::platform).
  template <typename Interface>
  void add_platform(std::string key, std::string summary, ProductFactory<Interface> factory) {
    add_erased(ProductInfo{Interface::kKind, std::move(key), std::move(summary), true}, erase(std::move(factory)));
  }

  /// The product that serves every member that binds nothing of `kind` (the platform's own
  /// diary for kCaseSystem). Throws samverkan::InternalError when `key` is not a product of
  /// that kind.
  void set_default(AdapterKind kind, std::string_view key);
  /// The default product of `kind`, if any.
  const ProductInfo* default_product(AdapterKind kind) const;

  /// The product `key` of `kind`, or nullptr.
  const ProductInfo* find(AdapterKind kind, std::string_view key) const;
  /// The keys of `kind`, sorted: for "unknown product" messages.
  std::vector<std::string> keys(AdapterKind kind) const;
  /// Every product, by kind (declaration order) then key.
  std::vector<ProductInfo> list() const;

  /// Runs the factory of `kind`'s product `key` (which must exist) on `settings`. Throws what
  /// the factory throws; samverkan::InternalError when it returns no connector.
  std::unique_ptr<detail::BuiltConnector> build(AdapterKind kind, std::string_view key, ProductSettings& settings,
                                                const ProductContext& context) const;

 private:
  using ErasedFactory = std::function<std::unique_ptr<detail::BuiltConnector>(ProductSettings&, const ProductContext&)>;

  template <typename Interface>
  static ErasedFactory erase(ProductFactory<Interface> factory) {
    if (!factory) return {};
    return [factory = std::move(factory)](ProductSettings& settings,
                                          const ProductContext& context) -> std::unique_ptr<detail::BuiltConnector> {
      auto connector = factory(settings, context);
      if (!connector) return nullptr;
      return std::make_unique<detail::TypedConnector<Interface>>(std::move(connector));
    };
  }

  void add_erased(ProductInfo info, ErasedFactory factory);

  struct Entry {
    ProductInfo info;
    ErasedFactory factory;
  };
  std::map<std::pair<AdapterKind, std::string>, Entry> entries_;
  std::map<AdapterKind, std::string> defaults_;
};

/// The name a member's connector is registered under: "<kommunkod>.<kind>.<product>", e.g.
/// "0199.hr-system.personec-csv" (the kind as its element name in lower-case words).
std::string registry_name(const ids::Kommunkod& municipality, AdapterKind kind, std::string_view product);

}  // namespace samverkan::adapters

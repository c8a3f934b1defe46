#pragma once
/// Binding members to products: the one check that `samverkan check-config` and `serve` share,
/// and, when serving, the registration of each member's connectors.
///
///   // the composition root
///   adapters::bind_products(cooperation, products, needs, &registry);  // serve
///   adapters::bind_products(cooperation, products, needs, nullptr);    // check-config

#include <span>
#include <string_view>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/products.hpp"
#include "samverkan/adapters/registry.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::adapters {

/// A kind that a process needs from every member that runs it: one row of the composition
/// root's table, e.g. {"the paper route of digital mail", AdapterKind::kPrintVendor, has_digital_mail}.
struct ProcessNeed {
  std::string_view process;  ///< how messages name the process: "the paper route of digital mail"
  AdapterKind kind = AdapterKind::kHrSystem;
  /// Whether `member` runs the process (e.g. it has <digitalMail>); never null.
  bool (*runs)(const config::Municipality& member) = nullptr;
};

/// Checks every member's bindings against `products` and `needs`, and with a `registry`
/// registers each member's connectors in it (under registry_name()). Reports, each at its
/// file and line, all at once:
///   - a file the cooperation file names that does not exist (config::check_referenced_files
///     over Cooperation::files and each binding's ProductSettings::files(); a binding with a
///     missing file is not built);
///   - an unknown product key for the kind, listing the known ones;
///   - a kind bound twice (both lines; normally the loader has reported it already);
///   - a setting the product did not read (ProductSettings::unused), and what its factory
///     refused (a missing setting, a malformed URL, an unreadable CA file);
///   - a member that runs a process in `needs` but binds no product of the kind it needs (a
///     kind with a default product, such as the platform's diary, is never missing).
/// A member that binds nothing of a kind with a default product gets the default.
/// Without a registry (check only) every factory still runs, so the same problems are found,
/// and the connectors are dropped; a platform product (ProductInfo::platform) is not built
/// then, but any setting given to it is reported as unused all the same.
/// Throws config::ConfigError with every problem, ordered by line; nothing is registered then.
/// Reaches no backend. samverkan::InternalError from the registry (a duplicate) passes through.
void bind_products(const config::Cooperation& cooperation, const Products& products, std::span<const ProcessNeed> needs,
                   Registry* registry, const Clock& clock = SystemClock::instance());

}  // namespace samverkan::adapters

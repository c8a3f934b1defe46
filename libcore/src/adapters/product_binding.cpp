#include "samverkan/adapters/product_binding.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "samverkan/core/error.hpp"

namespace samverkan::adapters {
namespace {

struct Pending {
  ids::Kommunkod municipality;
  std::string name;
  std::unique_ptr<detail::BuiltConnector> connector;
};

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : ", ") + word;
  return text.empty() ? "none" : text;
}

void append(std::vector<config::Diagnostic>& to, std::vector<config::Diagnostic> more) {
  for (auto& diagnostic : more) to.push_back(std::move(diagnostic));
}

// Builds one binding's connector (checking only when `registry` is null) and records what went
// wrong; returns the connector to register, or null.
std::unique_ptr<detail::BuiltConnector> build(const Products& products, const ProductInfo& product,
                                              ProductSettings settings, const ProductContext& context, bool registering,
                                              std::vector<config::Diagnostic>& problems) {
  settings.reset_use();
  if (product.platform && !registering) {
    append(problems, settings.unused());
    return nullptr;
  }
  std::unique_ptr<detail::BuiltConnector> connector;
  try {
    connector = products.build(settings.kind(), product.key, settings, context);
  } catch (const config::ConfigError& error) {
    append(problems, error.diagnostics());
    return nullptr;
  } catch (const InvalidInput& error) {
    // Connectors name their backend in their messages already (ProductContext::backend).
    const std::string message = error.what();
    problems.push_back(
        config::Diagnostic{settings.file(), settings.line(),
                           message.rfind(context.backend, 0) == 0 ? message : context.backend + ": " + message});
    return nullptr;
  }
  append(problems, settings.unused());
  return connector;
}

}  // namespace

void bind_products(const config::Cooperation& cooperation, const Products& products, std::span<const ProcessNeed> needs,
                   Registry* registry, const Clock& clock) {
  const std::string file = cooperation.source_file.string();
  std::vector<config::Diagnostic> problems = config::check_referenced_files(cooperation.files);
  std::vector<Pending> pending;
  for (const auto& member : cooperation.members) {
    const auto context_for = [&](AdapterKind kind, const std::string& key) {
      return ProductContext{member.code, member.display_name(),
                            member.display_name() + "'s " + std::string(describe(kind)) + " (" + key + ")", &clock};
    };
    const auto keep = [&](AdapterKind kind, const std::string& key, std::unique_ptr<detail::BuiltConnector> built) {
      if (built && registry != nullptr) {
        pending.push_back(Pending{member.code, registry_name(member.code, kind, key), std::move(built)});
      }
    };

    std::map<AdapterKind, int> bound;
    for (const auto& binding : member.adapters.bindings) {
      const AdapterKind kind = binding.kind();
      // Appended, as GCC 12 -O3 falsely warns on "<" + std::string&& (-Wrestrict, GCC bug 105329).
      const std::string element = std::string("<").append(element_name(kind)) + ">";
      if (const auto [at, first] = bound.emplace(kind, binding.line()); !first) {
        problems.push_back(config::Diagnostic{binding.file(), binding.line(),
                                              element + " is bound twice (first at line " + std::to_string(at->second) +
                                                  "); a member binds each kind once"});
        continue;
      }
      // A binding whose files are missing is reported for them, and not built: its connector
      // would only refuse the same files again.
      auto missing = config::check_referenced_files(binding.files());
      const bool complete = missing.empty();
      append(problems, std::move(missing));
      const ProductInfo* product = products.find(kind, binding.product());
      if (product == nullptr) {
        problems.push_back(config::Diagnostic{
            binding.file(), binding.line(),
            "unknown " + element + " product '" + binding.product() + "' (known: " + join(products.keys(kind)) + ")"});
        continue;
      }
      if (!complete) continue;
      keep(kind, product->key,
           build(products, *product, binding, context_for(kind, product->key), registry != nullptr, problems));
    }
    for (const AdapterKind kind : kAllAdapterKinds) {
      if (bound.contains(kind)) continue;
      const ProductInfo* fallback = products.default_product(kind);
      if (fallback == nullptr) continue;
      keep(kind, fallback->key,
           build(products, *fallback, ProductSettings(kind, fallback->key, file, member.line),
                 context_for(kind, fallback->key), registry != nullptr, problems));
      bound.emplace(kind, member.line);
    }
    for (const auto& need : needs) {
      if (bound.contains(need.kind) || need.runs == nullptr || !need.runs(member)) continue;
      problems.push_back(config::Diagnostic{
          file, member.line,
          member.display_name() + " binds no <" + std::string(element_name(need.kind)) + "> (" +
              std::string(describe(need.kind)) + "), which " + std::string(need.process) + " needs"});
    }
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const config::Diagnostic& a, const config::Diagnostic& b) { return a.line < b.line; });
    throw config::ConfigError(std::move(problems));
  }
  for (auto& entry : pending) entry.connector->add_to(*registry, entry.municipality, std::move(entry.name));
}

}  // namespace samverkan::adapters

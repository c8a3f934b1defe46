#include "samverkan/adapters/products.hpp"

#include "samverkan/core/error.hpp"

namespace samverkan::adapters {
namespace {

// "personec-csv": 2..40 characters, lower-case words of a-z and 0-9 joined by '-', starting
// with a letter (xsd/adapters.xsd's ProductKey).
bool valid_key(std::string_view key) {
  if (key.size() < 2 || key.size() > 40 || key.front() < 'a' || key.front() > 'z' || key.back() == '-') return false;
  char previous = 0;
  for (const char c : key) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!word && (c != '-' || previous == '-')) return false;
    previous = c;
  }
  return true;
}

}  // namespace

void Products::add_erased(ProductInfo info, ErasedFactory factory) {
  const std::string what = "product '" + info.key + "' (" + std::string(to_string(info.kind)) + ")";
  if (!valid_key(info.key)) {
    throw InternalError("cannot register " + what +
                        ": a product key is lower-case words joined by '-', e.g. 'personec-csv'");
  }
  if (!factory) throw InternalError("cannot register " + what + ": the factory is empty");
  for (const auto& [key, entry] : entries_) {
    if (key.second == info.key) {
      throw InternalError("duplicate product key: " + what + " is already registered as a " +
                          std::string(to_string(entry.info.kind)) + " product");
    }
  }
  auto key = std::make_pair(info.kind, info.key);
  entries_.emplace(std::move(key), Entry{std::move(info), std::move(factory)});
}

void Products::set_default(AdapterKind kind, std::string_view key) {
  if (find(kind, key) == nullptr) {
    throw InternalError("cannot make '" + std::string(key) + "' the default " + std::string(to_string(kind)) +
                        ": no such product of that kind");
  }
  defaults_[kind] = std::string(key);
}

const ProductInfo* Products::default_product(AdapterKind kind) const {
  const auto found = defaults_.find(kind);
  return found == defaults_.end() ? nullptr : find(kind, found->second);
}

const ProductInfo* Products::find(AdapterKind kind, std::string_view key) const {
  const auto found = entries_.find(std::make_pair(kind, std::string(key)));
  return found == entries_.end() ? nullptr : &found->second.info;
}

std::vector<std::string> Products::keys(AdapterKind kind) const {
  std::vector<std::string> result;
  for (const auto& [key, entry] : entries_) {
    if (key.first == kind) result.push_back(key.second);
  }
  return result;
}

std::vector<ProductInfo> Products::list() const {
  std::vector<ProductInfo> result;
  result.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) result.push_back(entry.info);
  return result;
}

std::unique_ptr<detail::BuiltConnector> Products::build(AdapterKind kind, std::string_view key,
                                                        ProductSettings& settings,
                                                        const ProductContext& context) const {
  const auto found = entries_.find(std::make_pair(kind, std::string(key)));
  if (found == entries_.end()) {
    throw InternalError("no " + std::string(to_string(kind)) + " product '" + std::string(key) + "' to build");
  }
  auto built = found->second.factory(settings, context);
  if (!built) throw InternalError("product '" + std::string(key) + "' built no connector for " + context.member);
  return built;
}

std::string registry_name(const ids::Kommunkod& municipality, AdapterKind kind, std::string_view product) {
  std::string slug;
  for (const char c : element_name(kind)) {
    if (c >= 'A' && c <= 'Z') {
      slug += '-';
      slug += static_cast<char>(c - 'A' + 'a');
    } else {
      slug += c;
    }
  }
  return municipality.str() + "." + slug + "." + std::string(product);
}

}  // namespace samverkan::adapters

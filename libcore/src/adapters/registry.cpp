#include "samverkan/adapters/registry.hpp"

#include <mutex>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::adapters {
namespace {

// "0199.hr-system.personec-csv": 3..100 characters, two or more segments of [a-z0-9-] joined by '.',
// each segment starting and ending with a letter or digit.
bool valid_implementation_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 100) return false;
  std::size_t segments = 0;
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto dot = name.find('.', start);
    const auto segment = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (segment.empty() || segment.front() == '-' || segment.back() == '-') return false;
    for (char c : segment) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    ++segments;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return segments >= 2;
}

}  // namespace

Registry::Registry() = default;

Registry::Registry(const config::Cooperation& cooperation) {
  for (const auto& member : cooperation.members) {
    municipality_names_[member.code] = member.short_name.empty() ? member.name : member.short_name;
  }
}

Registry::~Registry() = default;

void Registry::set_municipality_name(const ids::Kommunkod& municipality, std::string name) {
  std::unique_lock lock(mutex_);
  municipality_names_[municipality] = std::move(name);
}

std::string Registry::describe_locked(const ids::Kommunkod& municipality) const {
  const auto found = municipality_names_.find(municipality);
  if (found == municipality_names_.end() || found->second.empty()) return municipality.str();
  return found->second + " (" + municipality.str() + ")";
}

std::string Registry::describe(const ids::Kommunkod& municipality) const {
  std::shared_lock lock(mutex_);
  return describe_locked(municipality);
}

void Registry::add_erased(const ids::Kommunkod& municipality, AdapterKind kind, const std::string& name,
                          std::shared_ptr<void> adapter, bool present) {
  std::unique_lock lock(mutex_);
  const std::string what = describe_locked(municipality) + " " + std::string(to_string(kind));
  if (frozen_) {
    throw InternalError("cannot register " + what + " adapter '" + name +
                        "': the adapter registry is frozen (registration happens at start-up only)");
  }
  if (!present) throw InternalError("cannot register " + what + " adapter '" + name + "': the adapter is null");
  if (!valid_implementation_name(name)) {
    throw InternalError(
        "cannot register " + what + " adapter '" + name +
        "': an implementation name is lower-case segments joined by '.', e.g. '0199.hr-system.personec-csv'");
  }
  const Key key{municipality, kind};
  if (const auto existing = slots_.find(key); existing != slots_.end()) {
    throw InternalError("duplicate adapter: " + what + " is already served by '" + existing->second.name +
                        "', cannot register '" + name + "' as well");
  }
  if (const auto used = names_.find(name); used != names_.end()) {
    throw InternalError("duplicate adapter name '" + name + "': already registered for " +
                        describe_locked(used->second.first) + " " + std::string(to_string(used->second.second)) +
                        ", cannot register it for " + what + " as well");
  }
  names_.emplace(name, key);
  slots_.emplace(key, Slot{name, std::move(adapter)});
}

void* Registry::find_erased(const ids::Kommunkod& municipality, AdapterKind kind) const {
  std::shared_lock lock(mutex_);
  const auto found = slots_.find(Key{municipality, kind});
  return found == slots_.end() ? nullptr : found->second.adapter.get();
}

void* Registry::get_erased(const ids::Kommunkod& municipality, AdapterKind kind) const {
  std::shared_lock lock(mutex_);
  const auto found = slots_.find(Key{municipality, kind});
  if (found == slots_.end()) {
    throw NotFound(describe_locked(municipality) + " has no " + std::string(to_string(kind)) + " adapter");
  }
  return found->second.adapter.get();
}

bool Registry::has(const ids::Kommunkod& municipality, AdapterKind kind) const {
  std::shared_lock lock(mutex_);
  return slots_.contains(Key{municipality, kind});
}

std::string Registry::implementation_name(const ids::Kommunkod& municipality, AdapterKind kind) const {
  std::shared_lock lock(mutex_);
  const auto found = slots_.find(Key{municipality, kind});
  if (found == slots_.end()) {
    throw NotFound(describe_locked(municipality) + " has no " + std::string(to_string(kind)) + " adapter");
  }
  return found->second.name;
}

std::vector<RegistryEntry> Registry::entries() const {
  std::shared_lock lock(mutex_);
  std::vector<RegistryEntry> result;
  result.reserve(slots_.size());
  for (const auto& [key, slot] : slots_) result.push_back(RegistryEntry{key.first, key.second, slot.name});
  return result;
}

void Registry::freeze() {
  std::unique_lock lock(mutex_);
  frozen_ = true;
}

bool Registry::frozen() const {
  std::shared_lock lock(mutex_);
  return frozen_;
}

}  // namespace samverkan::adapters

#pragma once
/// The key that makes an order safe to retry: an adapter places an order at most once per key.

#include <compare>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace samverkan::adapters {

/// A caller-chosen key identifying one order (normally derived from the durable job that places
/// it, e.g. "hire-0199-2026-000123-phone"). Every adapter interface promises:
///   - an order placed again with the same key and the same content places nothing new and
///     returns the first result (OrderReceipt::replayed is true);
///   - an order placed with a key already used for different content throws
///     samverkan::Conflict.
/// Keys are 1..100 characters of A-Z a-z 0-9 '.' '_' '-', starting with a letter or digit, so
/// they are safe as file names and HTTP header values. Keys are compared exactly (case matters).
class IdempotencyKey {
 public:
  static constexpr std::size_t kMaxLength = 100;

  /// Throws samverkan::InvalidInput naming what is wrong (empty, too long, a character).
  static IdempotencyKey parse(std::string_view text);

  const std::string& str() const noexcept { return key_; }

  friend bool operator==(const IdempotencyKey&, const IdempotencyKey&) = default;
  friend auto operator<=>(const IdempotencyKey&, const IdempotencyKey&) = default;

 private:
  explicit IdempotencyKey(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace samverkan::adapters

#pragma once
/// What an adapter returns for a placed order.

#include <string>

namespace samverkan::adapters {

/// The backend's identifier of an order (ticket id, job id, order id) and whether this call
/// placed it or found it already placed under the same idempotency key.
struct OrderReceipt {
  std::string id{};       ///< stable: the same for every retry with the same key
  bool replayed = false;  ///< true when nothing new was placed (a retry of an earlier call)
};

}  // namespace samverkan::adapters

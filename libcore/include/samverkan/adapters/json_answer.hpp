#pragma once
/// JSON helpers for product connectors that speak JSON with their backend (Poco::JSON
/// underneath): bodies built with a stable member order, and answers read so that a backend
/// breaking its contract is samverkan::Unavailable, named as the connector names its backend.
///
///   auto body = adapters::json_object();
///   body->set("customer", customer_);
///   const auto answer = adapters::parse_json_object(response.body, client_.backend());
///   return OrderReceipt{adapters::required_string(answer, "ticketId", client_.backend()), false};

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>

#include "samverkan/adapters/property_access.hpp"

namespace samverkan::adapters {

/// An object that keeps members in insertion order, so the same order gives the same bytes.
Poco::JSON::Object::Ptr json_object();

/// Parses a backend's answer as a JSON object. Throws samverkan::Unavailable "<backend>
/// answered with malformed JSON" otherwise: a backend that breaks its contract is down as far
/// as we can tell.
Poco::JSON::Object::Ptr parse_json_object(const std::string& text, std::string_view backend);

/// A string member; throws samverkan::Unavailable "<backend> answered without <name>" when
/// absent or not a non-empty string.
std::string required_string(const Poco::JSON::Object::Ptr& object, const std::string& name, std::string_view backend);

/// A string member if present and a string (nothing for a null object).
std::optional<std::string> optional_string(const Poco::JSON::Object::Ptr& object, const std::string& name);

/// Appends the members in which our card products (an order file, a card-order API) describe
/// an access-card order, after whatever the product puts first: "holder" {"name",
/// "employmentId"}, "zones", "validFrom", "validUntil" (when set), "costCentre",
/// "pickupLocation".
void append_card_order(Poco::JSON::Object& json, const AccessCardOrder& order);

}  // namespace samverkan::adapters

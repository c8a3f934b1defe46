#pragma once
/// Product sms-rest (SmsGateway): a generic SMS gateway's REST API, RestSmsGateway. Binds an
/// <smsGateway>; reads <restApi> (its tokenFile holds the gateway's API key, sent as a bearer
/// token) and <option name="sender"> (the sender name shown on the phone, 1..11 characters
/// A-Z a-z 0-9, e.g. "Exempelby").
///
/// Registered once by the composition root: adapters::sms_rest::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::sms_rest {

/// The product key, as members bind it: <smsGateway product="sms-rest">.
inline constexpr std::string_view kProduct = "sms-rest";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::sms_rest

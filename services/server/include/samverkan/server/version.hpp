#pragma once
#include <string_view>

namespace samverkan::server {
/// The platform's version, "0.1.0".
std::string_view version() noexcept;
}  // namespace samverkan::server

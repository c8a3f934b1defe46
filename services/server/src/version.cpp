#include "samverkan/server/version.hpp"

namespace samverkan::server {
std::string_view version() noexcept { return SAMVERKAN_VERSION; }
}  // namespace samverkan::server

#pragma once
// The client's options from the environment (shared by the examples).
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "samverkan/client/client.hpp"

inline samverkan::client::Options options_from_environment(std::vector<std::string> scopes) {
  const auto variable = [](const char* name, bool required) {
    const char* value = std::getenv(name);
    if (required && (value == nullptr || *value == '\0')) {
      throw std::runtime_error(std::string("set the environment variable ") + name);
    }
    return std::string(value == nullptr ? "" : value);
  };
  samverkan::client::Options options;
  options.server = variable("SAMVERKAN_SERVER", true);
  options.client_id = variable("SAMVERKAN_CLIENT_ID", true);
  options.client_secret = variable("SAMVERKAN_CLIENT_SECRET", true);
  options.scopes = std::move(scopes);
  if (const auto ca = variable("SAMVERKAN_CA_FILE", false); !ca.empty()) options.ca_file = ca;
  options.user_agent = "samverkan-sdk-example";
  return options;
}

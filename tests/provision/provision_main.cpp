// samverkan-dev-provision: makes every key, certificate, token and folder a cooperation file
// names, for running an example on one machine (scripts/run.sh) and for the tests. Never for
// production: the CAs are throwaway.
//
//   samverkan-dev-provision COOPERATION.xml [--pki DIR] [--data DIR]
//
// Prints "created PATH" for each file or folder it made, then the PKI folder's files for the
// simulators. Exit status 0 on success, 1 when the file does not load or a file cannot be made
// (the reasons as file:line: reason), 2 for bad arguments.

#include <iostream>
#include <string>

#include "provision/dev_provision.hpp"
#include "samverkan/config/diagnostics.hpp"

namespace {

constexpr const char* kUsage =
    "usage: samverkan-dev-provision COOPERATION.xml [--pki DIR] [--data DIR]\n"
    "\n"
    "  Makes what the cooperation file names and is missing (or no longer right): each member's\n"
    "  Mina meddelanden signing key and certificate, the TLS client pair, the host's seal, the CA\n"
    "  files, the adapters' token files and exchange folders. Idempotent. Development only.\n"
    "\n"
    "  --pki DIR    the throwaway CAs and the simulators' server certificate\n"
    "               (default: secrets/dev-pki beside the cooperation file)\n"
    "  --data DIR   also DIR/keys, the field-encryption key file serve would create\n";

int usage_error(const std::string& message) {
  std::cerr << "samverkan-dev-provision: " << message << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  samverkan::dev_provision::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (argument == "--pki" || argument == "--data") {
      if (i + 1 >= argc) return usage_error(argument + " needs a value");
      (argument == "--pki" ? options.pki_dir : options.data_dir) = argv[++i];
    } else if (argument.starts_with("-")) {
      return usage_error("unknown argument " + argument);
    } else if (options.cooperation_file.empty()) {
      options.cooperation_file = argument;
    } else {
      return usage_error("one cooperation file only");
    }
  }
  if (options.cooperation_file.empty()) return usage_error("name the cooperation file");

  try {
    const auto result = samverkan::dev_provision::provision(options);
    for (const auto& path : result.created) std::cout << "created " << path.string() << "\n";
    std::cout << "ca " << result.pki.ca_certificate.string() << "\n"
              << "server certificate " << result.pki.server_certificate.string() << "\n"
              << "server key " << result.pki.server_key.string() << "\n"
              << "signing ca " << result.pki.signing_ca.string() << "\n";
    return 0;
  } catch (const samverkan::config::ConfigError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.file << ":" << d.line << ": " << d.message << "\n";
    return 1;
  } catch (const std::exception& e) {  // samverkan::Error, or an OpenSSL failure of the PKI helpers
    std::cerr << "samverkan-dev-provision: " << e.what() << "\n";
    return 1;
  }
}

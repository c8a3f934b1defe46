// samverkan-bankid-simulator: the BankID RP API v6.0 simulator as a program, for the example
// cooperation's run command and for trying the login by hand.
//
//   samverkan-bankid-simulator --listen 127.0.0.1:PORT --cert FILE --key FILE --client-ca FILE
//                              [--complete-after-ms N] [--user PERSONNUMMER] [--scenarios FILE]
//   samverkan-bankid-simulator --generate-pki DIR
//
// Prints "listening on https://localhost:PORT/rp/v6.0/" on stdout once serving, logs one JSON
// line per request on stderr, and stops on SIGINT or SIGTERM. Exit status 0 after a clean stop,
// 2 for bad arguments, 1 when it cannot start.

#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "bankid_simulator/bankid_simulator.hpp"
#include "bankid_simulator/test_pki.hpp"
#include "samverkan/core/error.hpp"

namespace {

constexpr const char* kUsage =
    "usage: samverkan-bankid-simulator --listen ADDR:PORT --cert FILE --key FILE --client-ca FILE\n"
    "                                  [--complete-after-ms N] [--user PERSONNUMMER] [--scenarios FILE]\n"
    "       samverkan-bankid-simulator --generate-pki DIR\n"
    "\n"
    "  --listen ADDR:PORT       where to serve (port 0 picks a free one); default 127.0.0.1:0\n"
    "  --cert, --key            the server certificate and key (PEM)\n"
    "  --client-ca FILE         CA (PEM) that relying-party client certificates must chain to\n"
    "  --complete-after-ms N    orders complete after N ms unless a scenario says otherwise (2000)\n"
    "  --user PERSONNUMMER      who does orders that name no personal number (12 digits)\n"
    "  --scenarios FILE         per-person outcomes, JSON (see bankid_simulator.hpp)\n"
    "  --generate-pki DIR       write a throwaway CA, server and client certificates, then exit\n";

int usage_error(const std::string& message) {
  std::cerr << "samverkan-bankid-simulator: " << message << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace samverkan;
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "--help" || name == "-h") {
      std::cout << kUsage;
      return 0;
    }
    const bool known = name == "--listen" || name == "--cert" || name == "--key" || name == "--client-ca" ||
                       name == "--complete-after-ms" || name == "--user" || name == "--scenarios" ||
                       name == "--generate-pki";
    if (!known) return usage_error("unknown argument " + name);
    if (i + 1 >= argc) return usage_error(name + " needs a value");
    args[name] = argv[++i];
  }

  try {
    if (args.count("--generate-pki")) {
      const auto pki = bankid_simulator::make_test_pki(args["--generate-pki"]);
      std::cout << "ca " << pki.ca_certificate.string() << "\n"
                << "server certificate " << pki.server.certificate.string() << "\n"
                << "server key " << pki.server.private_key.string() << "\n"
                << "relying-party certificate " << pki.relying_party.certificate.string() << "\n"
                << "relying-party key " << pki.relying_party.private_key.string() << "\n";
      return 0;
    }
    for (const char* required : {"--cert", "--key", "--client-ca"}) {
      if (!args.count(required)) return usage_error(std::string(required) + " is required");
    }

    bankid_simulator::SimulatorOptions options;
    if (args.count("--listen")) options.listen = args["--listen"];
    options.certificate_file = args["--cert"];
    options.private_key_file = args["--key"];
    options.client_ca_file = args["--client-ca"];
    if (args.count("--complete-after-ms")) {
      const std::string& text = args["--complete-after-ms"];
      char* end = nullptr;
      const long long value = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || value < 0) {
        return usage_error("--complete-after-ms must be a non-negative integer");
      }
      options.complete_after = std::chrono::milliseconds(value);
    }
    if (args.count("--user")) options.default_user = args["--user"];

    // Block the stop signals before any thread starts, so every thread inherits the mask and
    // sigwait below is the only receiver.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    log::Logger logger(std::cerr);
    bankid_simulator::Simulator simulator(options, SystemClock::instance(), &logger);
    if (args.count("--scenarios")) {
      bankid_simulator::load_scenarios(simulator, args["--scenarios"], options.complete_after);
    }
    simulator.start();
    std::cout << "listening on " << simulator.base_url() << std::endl;

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    simulator.stop();
    return 0;
  } catch (const Error& e) {
    std::cerr << "samverkan-bankid-simulator: " << e.what() << "\n";
    return e.kind() == ErrorKind::kInvalidInput ? 2 : 1;
  }
}

// samverkan-hiring-simulators: the IT service desk, property access, permission and HR systems
// of a cooperation file as local HTTPS simulators, for the run command and for trying the hiring
// process by hand.
//
//   samverkan-hiring-simulators --config FILE --cert FILE --key FILE [--confirm-after-ms N]
//
// Every member binding of servicedesk-rest, access-card-rest, permissions-rest or hr-rest whose
// restApi baseUrl is https://localhost:PORT/PATH (or 127.0.0.1) gets a simulator on PORT speaking
// that product's contract under PATH; bindings that share a port share the simulator (they must
// be of one product and one PATH), and each binding's token file's token is accepted. Bindings
// to other hosts are left alone. Prints "<product> listening on <base url>" per simulator once
// serving, logs one JSON line per request on stderr, and stops on SIGINT or SIGTERM. Exit status
// 0 after a clean stop, 2 for bad arguments or a file that cannot be used, 1 when it cannot start.

#include <Poco/URI.h>
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "hiring_simulators/hiring_simulators.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"

namespace {

using namespace samverkan;

constexpr const char* kUsage =
    "usage: samverkan-hiring-simulators --config FILE --cert FILE --key FILE [--confirm-after-ms N]\n"
    "\n"
    "  --config FILE          the cooperation file whose localhost REST bindings get simulators\n"
    "  --cert, --key          the simulators' server certificate and key (PEM) for localhost\n"
    "  --confirm-after-ms N   how long after an order it is confirmed (default 3000)\n";

int usage_error(const std::string& message) {
  std::cerr << "samverkan-hiring-simulators: " << message << "\n" << kUsage;
  return 2;
}

struct Planned {
  std::string product;
  std::string base_path;
  std::vector<std::string> tokens;
};

std::string read_token(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput("cannot read the token file " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  std::string token = text.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  return token;
}

std::unique_ptr<hiring_simulator::OrderApi> make(const std::string& product, hiring_simulator::SimulatorOptions options,
                                                 log::Logger& logger) {
  const Clock& clock = SystemClock::instance();
  if (product == "servicedesk-rest")
    return std::make_unique<hiring_simulator::ServiceDeskSimulator>(options, clock, &logger);
  if (product == "access-card-rest")
    return std::make_unique<hiring_simulator::PropertySimulator>(options, clock, &logger);
  if (product == "permissions-rest")
    return std::make_unique<hiring_simulator::PermissionSimulator>(options, clock, &logger);
  return std::make_unique<hiring_simulator::HrSimulator>(options, clock, &logger);
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (arg != "--config" && arg != "--cert" && arg != "--key" && arg != "--confirm-after-ms") {
      return usage_error("unknown argument " + arg);
    }
    if (i + 1 >= argc) return usage_error(arg + " needs a value");
    args[arg] = argv[++i];
  }
  for (const char* required : {"--config", "--cert", "--key"}) {
    if (!args.count(required)) return usage_error(std::string(required) + " is required");
  }
  std::chrono::milliseconds confirm_after{3000};
  if (args.count("--confirm-after-ms")) {
    char* end = nullptr;
    const long long value = std::strtoll(args["--confirm-after-ms"].c_str(), &end, 10);
    if (*end != '\0' || value < 0) return usage_error("--confirm-after-ms must be a non-negative integer");
    confirm_after = std::chrono::milliseconds(value);
  }
  try {
    const auto cooperation = config::load_cooperation(args["--config"]);
    std::map<int, Planned> planned;
    for (const auto& member : cooperation.members) {
      for (auto binding : member.adapters.bindings) {
        const std::string& product = binding.product();
        if (product != "servicedesk-rest" && product != "access-card-rest" && product != "permissions-rest" &&
            product != "hr-rest") {
          continue;
        }
        const auto& api = binding.rest_api();
        const Poco::URI uri(api.base_url);
        if (uri.getHost() != "localhost" && uri.getHost() != "127.0.0.1") continue;
        const std::string path = uri.getPath().empty() ? "/" : uri.getPath();
        auto& plan = planned[uri.getPort()];
        if (!plan.product.empty() && (plan.product != product || plan.base_path != path)) {
          throw InvalidInput("port " + std::to_string(uri.getPort()) + " is bound to " + plan.product + " " +
                             plan.base_path + " and to " + product + " " + path);
        }
        plan.product = product;
        plan.base_path = path;
        if (!api.token_file.empty()) plan.tokens.push_back(read_token(api.token_file));
      }
    }
    if (planned.empty()) {
      std::cerr << "samverkan-hiring-simulators: the cooperation file binds no REST system on localhost\n";
      return 2;
    }

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    log::Logger logger(std::cerr);
    std::vector<std::unique_ptr<hiring_simulator::OrderApi>> simulators;
    for (const auto& [port, plan] : planned) {
      hiring_simulator::SimulatorOptions options;
      options.listen = "127.0.0.1:" + std::to_string(port);
      options.certificate_file = args["--cert"];
      options.private_key_file = args["--key"];
      options.base_path = plan.base_path == "/" ? "" : plan.base_path;
      options.tokens = plan.tokens;
      options.confirm_after = confirm_after;
      simulators.push_back(make(plan.product, options, logger));
      simulators.back()->start();
      std::cout << plan.product << " listening on " << simulators.back()->base_url() << std::endl;
    }
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    for (auto& simulator : simulators) simulator->stop();
    return 0;
  } catch (const config::ConfigError& e) {
    std::cerr << "samverkan-hiring-simulators: " << e.what() << "\n";
    return 2;
  } catch (const Error& e) {
    std::cerr << "samverkan-hiring-simulators: " << e.what() << "\n";
    return e.kind() == ErrorKind::kInvalidInput ? 2 : 1;
  }
}

// samverkan-mm-simulator: the Mina meddelanden recipient register and one mailbox operator as a
// program, for the example cooperation's run command and for sending letters by hand.
//
//   samverkan-mm-simulator --cert FILE --key FILE --client-ca FILE --schema-dir DIR
//                          [--register-listen ADDR:PORT] [--operator-listen ADDR:PORT]
//                          [--recipients FILE.json] [--all-reachable] [--trust-ca FILE]
//                          [--no-signature-check]
//   samverkan-mm-simulator --generate-pki DIR
//
// The members' signing identities and the platform's seal come from samverkan-dev-provision
// (tests/provision), which derives them from a cooperation file.
//
// Prints "recipient register listening on https://localhost:P/Recipient/v3" and "mailbox operator
// listening on https://localhost:Q/Service/v3" on stdout once serving, logs one JSON line per
// request on stderr, and stops on SIGINT or SIGTERM. Exit status 0 after a clean stop, 2 for bad
// arguments, 1 when it cannot start.

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "bankid_simulator/test_pki.hpp"
#include "minameddelanden_simulator/mm_simulator.hpp"
#include "samverkan/core/error.hpp"

namespace {

constexpr const char* kUsage =
    "usage: samverkan-mm-simulator --cert FILE --key FILE --client-ca FILE --schema-dir DIR\n"
    "                              [--register-listen ADDR:PORT] [--operator-listen ADDR:PORT]\n"
    "                              [--recipients FILE.json] [--all-reachable] [--trust-ca FILE]\n"
    "                              [--no-signature-check]\n"
    "       samverkan-mm-simulator --generate-pki DIR\n"
    "\n"
    "  --cert, --key            the server certificate and key (PEM) of both simulators\n"
    "  --client-ca FILE         CA (PEM) that the senders' client certificates must chain to\n"
    "  --schema-dir DIR         the official schemas (reference/minameddelanden/schema)\n"
    "  --register-listen A:P    where the recipient register serves (default 127.0.0.1:0)\n"
    "  --operator-listen A:P    where the mailbox operator serves (default 127.0.0.1:0)\n"
    "  --recipients FILE        the register's accounts and the operator's behaviour, JSON (README)\n"
    "  --all-reachable          recipients not in the file have a mailbox at the operator\n"
    "  --trust-ca FILE          signer certificates must chain to this CA (default: not checked)\n"
    "  --no-signature-check     accept deliveries without verifying their signatures\n"
    "  --generate-pki DIR       write a throwaway CA, server and client certificates, then exit\n"
    "                           (signing identities: samverkan-dev-provision COOPERATION.xml)\n";

int usage_error(const std::string& message) {
  std::cerr << "samverkan-mm-simulator: " << message << "\n" << kUsage;
  return 2;
}

using namespace samverkan;

// {"recipients": {"198101052382": {"type": "Secure", "pending": false, "senderAccepted": true,
//   "mailbox": true, "behaviour": "deliver|fail|reject|hang", "delayMs": 0}}}
void load_recipients(const std::filesystem::path& file, mm_simulator::RecipientRegister& register_,
                     mm_simulator::MailboxOperator& mailbox_operator) {
  const std::string where = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput("cannot read " + where);
  std::ostringstream text;
  text << in.rdbuf();
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    auto value = parser.parse(text.str());
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) root = value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw InvalidInput(where + ": not JSON: " + e.displayText());
  }
  if (!root || !root->has("recipients") || !root->getObject("recipients")) {
    throw InvalidInput(where + ": expected {\"recipients\": {...}}");
  }
  const auto recipients = root->getObject("recipients");
  for (const auto& [id, value] : *recipients) {
    const std::string place = where + ": recipients." + id;
    const auto entry = recipients->getObject(id);
    if (!entry) throw InvalidInput(place + " must be an object");
    if (id.size() != 12 || id.find_first_not_of("0123456789") != std::string::npos) {
      throw InvalidInput(place + ": the key must be 12 digits");
    }
    try {
      mm_simulator::Account account;
      account.type = entry->optValue<std::string>("type", "Secure");
      account.pending = entry->optValue<bool>("pending", false);
      account.sender_accepted = entry->optValue<bool>("senderAccepted", true);
      if (entry->optValue<bool>("mailbox", true)) account.service_supplier = mailbox_operator.as_service_supplier();
      register_.set_account(id, account);

      const auto behaviour = entry->optValue<std::string>("behaviour", "deliver");
      const auto delay = std::chrono::milliseconds(entry->optValue<int>("delayMs", 0));
      if (behaviour == "deliver") {
        mailbox_operator.set_behaviour(id, mm_simulator::Behaviour::deliver_after(delay));
      } else if (behaviour == "fail") {
        mailbox_operator.set_behaviour(id, mm_simulator::Behaviour::fail(false));
      } else if (behaviour == "reject") {
        mailbox_operator.set_behaviour(id, mm_simulator::Behaviour::fail(true));
      } else if (behaviour == "hang") {
        mailbox_operator.set_behaviour(id, mm_simulator::Behaviour::hang());
      } else {
        throw InvalidInput(place + ": behaviour must be deliver, fail, reject or hang");
      }
    } catch (const Poco::Exception& e) {
      throw InvalidInput(place + ": " + e.displayText());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "--help" || name == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (name == "--all-reachable" || name == "--no-signature-check") {
      args[name] = std::string("1");  // GCC 12 -O3 falsely warns on assigning a literal (-Wrestrict, bug 105329)
      continue;
    }
    const bool known = name == "--cert" || name == "--key" || name == "--client-ca" || name == "--schema-dir" ||
                       name == "--register-listen" || name == "--operator-listen" || name == "--recipients" ||
                       name == "--trust-ca" || name == "--generate-pki";
    if (!known) return usage_error("unknown argument " + name);
    if (i + 1 >= argc) return usage_error(name + " needs a value");
    args[name] = argv[++i];
  }

  try {
    if (args.count("--generate-pki")) {
      std::filesystem::create_directories(args["--generate-pki"]);
      const auto pki = bankid_simulator::make_test_pki(args["--generate-pki"], "Samverkan test municipality");
      std::cout << "ca " << pki.ca_certificate.string() << "\n"
                << "server certificate " << pki.server.certificate.string() << "\n"
                << "server key " << pki.server.private_key.string() << "\n"
                << "client certificate " << pki.relying_party.certificate.string() << "\n"
                << "client key " << pki.relying_party.private_key.string() << "\n";
      return 0;
    }
    for (const char* required : {"--cert", "--key", "--client-ca", "--schema-dir"}) {
      if (!args.count(required)) return usage_error(std::string(required) + " is required");
    }
    mm_simulator::ServerSettings settings;
    settings.certificate_file = args["--cert"];
    settings.private_key_file = args["--key"];
    settings.client_ca_file = args["--client-ca"];
    settings.schema_dir = args["--schema-dir"];
    mm_simulator::ServerSettings register_settings = settings;
    mm_simulator::ServerSettings operator_settings = settings;
    if (args.count("--register-listen")) register_settings.listen = args["--register-listen"];
    if (args.count("--operator-listen")) operator_settings.listen = args["--operator-listen"];

    mm_simulator::SignatureVerifier verifier;
    if (!args.count("--no-signature-check")) {
      verifier = mm_simulator::mailbox_signature_verifier(settings.schema_dir,
                                                          args.count("--trust-ca") ? args["--trust-ca"] : "");
    }

    // Block the stop signals before any thread starts, so every thread inherits the mask and
    // sigwait below is the only receiver.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    log::Logger logger(std::cerr);
    mm_simulator::MailboxOperator mailbox_operator(operator_settings, verifier, &logger);
    mm_simulator::RecipientRegister recipient_register(register_settings, &logger);
    mailbox_operator.start();
    recipient_register.start();
    if (args.count("--all-reachable")) {
      mm_simulator::Account account;
      account.service_supplier = mailbox_operator.as_service_supplier();
      recipient_register.set_default_account(account);
    }
    if (args.count("--recipients")) load_recipients(args["--recipients"], recipient_register, mailbox_operator);
    std::cout << "recipient register listening on " << recipient_register.url() << "\n"
              << "mailbox operator listening on " << mailbox_operator.url() << std::endl;

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    recipient_register.stop();
    mailbox_operator.stop();
    std::cout << "stopped; " << mailbox_operator.deliveries().size() << " deliveries accepted" << std::endl;
    return 0;
  } catch (const Error& e) {
    std::cerr << "samverkan-mm-simulator: " << e.what() << "\n";
    return e.kind() == ErrorKind::kInvalidInput ? 2 : 1;
  }
}

#pragma once
// A BankID simulator with mutual TLS on a free port, a throwaway PKI, a manual clock shared by
// the simulator and the client, and a client for the relying party.
#include <chrono>
#include <memory>
#include <string>

#include "bankid_simulator/bankid_simulator.hpp"
#include "bankid_simulator/test_pki.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

// Test persons (valid check digits; not known to belong to anyone).
inline constexpr const char* kAnna = "198507099805";  // the simulator's default user
inline constexpr const char* kBertil = "197504028015";
inline constexpr const char* kCecilia = "199001012385";

inline ids::Personnummer person(const char* digits) {
  return ids::Personnummer::parse(digits, std::chrono::year_month_day{std::chrono::year{2026} / 11 / 22});
}

struct BankIdFixture {
  TempDir dir;
  bankid_simulator::TestPki pki = bankid_simulator::make_test_pki(dir / "pki");
  ManualClock clock{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + std::chrono::hours(9)};
  std::unique_ptr<bankid_simulator::Simulator> simulator;

  explicit BankIdFixture(std::string listen = "127.0.0.1:0") {
    bankid_simulator::SimulatorOptions options;
    options.listen = std::move(listen);
    options.certificate_file = pki.server.certificate;
    options.private_key_file = pki.server.private_key;
    options.client_ca_file = pki.ca_certificate;
    options.complete_after = std::chrono::seconds(4);
    options.default_user = kAnna;
    simulator = std::make_unique<bankid_simulator::Simulator>(options, clock);
    simulator->start();
  }

  // Options for the relying party with the trusted certificate.
  bankid::ClientOptions client_options() const {
    bankid::ClientOptions options;
    options.base_url = simulator->base_url();
    options.client_certificate_file = pki.relying_party.certificate;
    options.client_private_key_file = pki.relying_party.private_key;
    options.server_ca_file = pki.ca_certificate;
    options.connect_timeout = std::chrono::seconds(5);
    options.io_timeout = std::chrono::seconds(10);
    return options;
  }

  std::unique_ptr<bankid::Client> client(const bankid::ClientOptions& options) const {
    return std::make_unique<bankid::Client>(options, clock);
  }
  std::unique_ptr<bankid::Client> client() const { return client(client_options()); }
};

}  // namespace samverkan::test

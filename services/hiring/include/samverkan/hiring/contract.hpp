#pragma once
/// The employment contract, from the form to the employee's BankID signature:
///
///   drawn up    a PDF (libcore pdf) from the member's contract template (<contract> of its
///               <hiring>), stored once, encrypted; its SHA-256 is what the employee signs;
///   registered  a new personnel case in the member's diary (adapters::CaseSystem) with the PDF,
///               marked secret (the template's OSL reference) when the person has a protected
///               identity;
///   sent        a letter to the employee's digital mailbox (mail::LetterSender; on paper when
///               there is none, never with an address for a protected identity) carrying the
///               PDF and the link to the hosted signing page;
///   signed      the employee signed with BankID on that page; the evidence (BankID's signature
///               and OCSP response) is kept with the contract and registered in the case.
///
/// The steps run as one durable job per hire (queue hiring.contract, enqueued in the hire's
/// transaction), each step in its own transaction, so a crash between steps resumes at the
/// next one; the diary and the mailbox get the same idempotency key on every try.
///
///   ContractJobs contracts(db, cooperation, keyring, audit, adapters, &letters, clock);
///   contracts.set_delivery(&letters, "https://samverkan.example");  // the link in the letter
///   worker handler: contracts.run(job);
///
/// The signing page (ContractSigning) has no login: the link's random token is the key to the
/// contract's facts without personal data (number, member, title, SHA-256, state), and the
/// BankID order names the employee's personnummer as a requirement, so only that person can
/// sign; the signer is checked again against the hire when the order completes.

#include <optional>
#include <string>
#include <string_view>

#include "samverkan/adapters/registry.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/hiring/hire.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mail/letter_sender.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::hiring {

/// The contract of `hire` in `member` as PDF bytes: the template's title, the parties and the
/// employment's facts, the template's clauses with {{placeholders}} filled in (givenName,
/// familyName, personnummer, employmentId, title, unit, workplace, employmentType, startDate,
/// endDate, employmentRate, monthlySalary, manager, municipality), and the other terms.
/// Throws samverkan::NotFound when the member does not run hiring.
std::string draw_contract(const config::Municipality& member, const Hire& hire);

/// The path of a contract's signing page: "/anstallning/<kommunkod>/avtal/<token>".
std::string signing_path(const ids::Kommunkod& municipality, std::string_view token);

/// The handler of hiring.contract.
class ContractJobs {
 public:
  /// Everything must outlive this. `letters` may be null (no mailbox service): the contract
  /// then waits at "registered" (samverkan::Unavailable, retried).
  ContractJobs(storage::Database& db, const config::Cooperation& cooperation, const crypto::Keyring& keyring,
               audit::AuditLog& audit_log, const adapters::Registry& adapters, mail::LetterSender* letters,
               const Clock& clock);

  /// The letter sender, and the platform's public address the letter's signing link starts
  /// with ("https://samverkan.example"); set before the workers start. Without an address the
  /// contract waits at "registered" (samverkan::Unavailable, retried).
  void set_delivery(mail::LetterSender* letters, std::string pages_url) {
    letters_ = letters;
    pages_url_ = std::move(pages_url);
  }

  /// Runs the contract's next steps: draw up, register, send; or, for an evidence job,
  /// registers the signature's evidence in the contract's case. A diary or mailbox that is
  /// down (samverkan::Unavailable) is retried; a refusal fails the contract with the reason.
  void run(const jobs::Job& job);

  /// Who the job acts as in `municipality`: the API client "hiring.contract" (hiring:read,
  /// hiring:write, mailbox:send).
  static security::Principal principal(const ids::Kommunkod& municipality);

 private:
  struct Loaded;  // the member, the hire and its stored contract
  Loaded load(const ids::Kommunkod& municipality, const std::string& hire_id, const char* why);
  void draw_up(const ids::Kommunkod& municipality, const std::string& hire_id);
  void register_contract(const ids::Kommunkod& municipality, const std::string& hire_id);
  void send(const ids::Kommunkod& municipality, const std::string& hire_id);
  void register_evidence(const ids::Kommunkod& municipality, const std::string& hire_id);
  void fail(const ids::Kommunkod& municipality, const std::string& hire_id, const std::string& reason);
  template <typename Body>
  void record(const ids::Kommunkod& municipality, Body&& body);

  storage::Database& db_;
  const config::Cooperation& cooperation_;
  const crypto::Keyring& keyring_;
  audit::AuditLog& audit_log_;
  const adapters::Registry& adapters_;
  mail::LetterSender* letters_;
  const Clock& clock_;
  std::string pages_url_;
};

/// What the signing page shows before BankID: no personal data.
struct ContractView {
  std::string hire_id{};      ///< the employment number
  std::string member_name{};  ///< the employer
  std::string title{};        ///< the template's title ("Anställningsavtal")
  std::string position{};     ///< the hire's title (befattning)
  std::string sha256{};       ///< of the PDF
  ContractState state = ContractState::kNone;
  std::optional<Clock::TimePoint> signed_at{};
};

/// A sign order just started: what the page needs to show it.
struct SignStarted {
  std::string signing_id{};  ///< the page's handle of the order (random; BankID's orderRef stays here)
  std::string auto_start_token{};
  std::string qr{};  ///< the animated QR code's current content
};

enum class SignState { kPending, kFailed, kComplete };

struct SignProgress {
  SignState state = SignState::kPending;
  std::string hint_code{};  ///< BankID's hint code
  std::string message{};    ///< what to tell the person (BankID's recommended texts, Swedish)
  std::string qr{};         ///< pending: the QR code to show now
  std::string auto_start_token{};
};

/// The hosted signing page's work. Every method takes a context in the link's municipality
/// (any principal: the token is the key) and audits what it does as "hire.contract-*" naming
/// the hire; an unknown token is samverkan::NotFound.
class ContractSigning {
 public:
  /// `bankid` may be null (not configured): start answers samverkan::Unavailable.
  ContractSigning(const config::Cooperation& cooperation, const crypto::Keyring& keyring, bankid::Client* bankid)
      : cooperation_(cooperation), keyring_(keyring), bankid_(bankid) {}

  ContractView view(tenancy::Context& ctx, std::string_view token);

  /// Starts a BankID sign order for the employee (requirement: their personnummer); the text
  /// shown in the app names the contract, the employer and the SHA-256. Conflict when the
  /// contract is not sent yet or is signed already.
  SignStarted start(tenancy::Context& ctx, std::string_view token, std::string_view end_user_ip);

  /// Collects the order once. Complete: the signer is checked against the hire (Forbidden for
  /// another person, audited), the evidence stored encrypted with the contract, the contract
  /// marked signed, and its registration in the diary enqueued. NotFound for an unknown
  /// signing id (or one of another contract).
  SignProgress poll(tenancy::Context& ctx, std::string_view token, std::string_view signing_id);

  /// Cancels a running order; an unknown signing id is ignored.
  void cancel(tenancy::Context& ctx, std::string_view token, std::string_view signing_id);

 private:
  const config::Cooperation& cooperation_;
  const crypto::Keyring& keyring_;
  bankid::Client* bankid_;
};

}  // namespace samverkan::hiring

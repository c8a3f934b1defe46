#pragma once
/// Reachability: asks Mina meddelanden's recipient register (Recipient/v3 isReachable) whether
/// a citizen has a digital mailbox that accepts letters from the sending municipality, and at
/// which mailbox operator (Kivra, Min myndighetspost, ...).
///
/// A recipient can be sent to digitally only when all of these hold (checked in this order,
/// the first that fails is the reason):
///   1. the account's Type is Secure      (else kNotSecure; Type "Not" means no mailbox at all)
///   2. the account is not Pending        (else kPending)
///   3. SenderAccepted is true            (else kSenderNotAccepted)
///   4. a ServiceSupplier with an https ServiceAdress is returned (else kNoServiceSupplier)
/// Delivery then goes to that ServiceAdress (see delivery_client.hpp).
///
/// Requests are batched (at most 1000 recipients per call, the schema's limit) and answers are
/// cached per (sender, recipient) for a short time (the injected clock decides when an entry
/// is stale), since a bulk run asks about the same people many times.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/mailbox/soap.hpp"

namespace samverkan::mailbox {

/// Namespaces of the Recipient service.
inline constexpr std::string_view kRecipientV3Namespace = "http://minameddelanden.gov.se/schema/Recipient/v3";
inline constexpr std::string_view kRecipientNamespace = "http://minameddelanden.gov.se/schema/Recipient";

/// The operator that holds a recipient's mailbox (a ServiceSupplier of the register).
struct MailboxOperator {
  std::string id;               ///< its organisation number with the 16 prefix, "165560000000"
  std::string name;             ///< "Kivra"
  std::string service_address;  ///< where deliverSecure goes (https URL)
};

/// Why a recipient cannot be sent to digitally.
enum class UnreachableReason {
  kNotSecure,          ///< no Secure mailbox (Type Anonymous or Not)
  kPending,            ///< the account is being opened or closed
  kSenderNotAccepted,  ///< the recipient has blocked this sender
  kNoServiceSupplier,  ///< no mailbox operator (or no usable ServiceAdress) was returned
};

/// "not-secure", "pending", "sender-not-accepted", "no-service-supplier".
std::string_view to_string(UnreachableReason reason) noexcept;

/// The verdict for one recipient.
struct Reachability {
  std::string recipient_id;                 ///< 12 digits as asked
  std::optional<MailboxOperator> mailbox;   ///< set when digitally reachable
  std::optional<UnreachableReason> reason;  ///< set when not

  bool digital() const noexcept { return mailbox.has_value(); }
};

/// One ReachabilityStatus of an isReachable answer, as the register sent it.
struct ReachabilityStatus {
  std::string recipient_id;
  std::string account_type;  ///< "Secure", "Anonymous" or "Not"
  bool pending = false;
  bool sender_accepted = false;
  std::optional<MailboxOperator> service_supplier;  ///< service_address may be empty
};

/// Applies the four rules above to one status.
Reachability judge(const ReachabilityStatus& status);

/// "16" + the 10 digits, from "212000-0142", "2120000142" or "162120000142". Throws
/// samverkan::InvalidInput for anything that is not a valid organisationsnummer.
std::string sender_org_nr(std::string_view organisationsnummer);

/// Writes the isReachable request envelope. Throws samverkan::InvalidInput for more than 1000
/// recipients or a recipient id that is not 12 digits.
std::string write_is_reachable(std::string_view sender_org_nr, const std::vector<std::string>& recipient_ids);

/// Reads the statuses of an isReachableResponse payload element. Throws samverkan::Unavailable
/// when it is not one (a broken answer).
std::vector<ReachabilityStatus> read_is_reachable_response(const xml::Element& payload);

struct ReachabilityOptions {
  /// The register's Recipient v3 endpoint, e.g. "https://host/Recipient/v3" (https only).
  std::string register_url;
  /// Mutual TLS: the sending municipality's certificate and the register's CA.
  soap::TlsClientOptions tls;
  /// Recipients per isReachable call: 1..1000.
  std::size_t batch_size = 1000;
  /// How long an answer is reused. Zero turns the cache off.
  std::chrono::seconds cache_ttl{120};
  /// The most cached answers kept; when full, expired ones are dropped, then everything.
  std::size_t cache_capacity = 200000;
};

/// The client. Thread-safe. One client per TLS identity: every municipality asks as itself,
/// with its own certificate (and its own organisation number as `sender`).
class ReachabilityClient {
 public:
  /// The clock decides cache expiry and must outlive the client. Throws samverkan::InvalidInput
  /// for bad options (URL, batch size, TLS files).
  explicit ReachabilityClient(ReachabilityOptions options, const Clock& clock = SystemClock::instance());
  ~ReachabilityClient();
  ReachabilityClient(const ReachabilityClient&) = delete;
  ReachabilityClient& operator=(const ReachabilityClient&) = delete;

  /// The verdict for every recipient, in the order given (duplicates answered once each time
  /// they appear). `sender` is the municipality's organisationsnummer (any form sender_org_nr
  /// takes). Uncached recipients are asked in batches of batch_size.
  /// Throws samverkan::InvalidInput for a bad sender or recipient id; soap::ClientFaultError or
  /// soap::ServerFaultError for a fault of the register; samverkan::Unavailable when the register cannot be reached,
  /// times out, or answers without a status for a recipient it was asked about.
  std::vector<Reachability> check(std::string_view sender, const std::vector<std::string>& recipient_ids);

  /// check() for one recipient.
  Reachability check_one(std::string_view sender, const std::string& recipient_id);

  /// Forgets every cached answer.
  void clear_cache();
  /// Cached answers (fresh or stale).
  std::size_t cache_size() const;

 private:
  struct Cached {
    Reachability verdict;
    Clock::TimePoint expires;
  };

  ReachabilityOptions options_;
  const Clock& clock_;
  std::unique_ptr<soap::Transport> transport_;
  mutable std::mutex mutex_;
  std::map<std::string, Cached> cache_;  // key: sender org nr + ":" + recipient id
};

}  // namespace samverkan::mailbox

#pragma once
/// Local simulators of Mina meddelanden, real servers on real sockets, for tests, benches and the
/// example cooperation:
///
///  - RecipientRegister: the recipient register (Recipient/v3, POST /Recipient/v3) answering
///    isReachable from a table of accounts (personnummer → type, pending, sender accepted,
///    mailbox operator);
///  - MailboxOperator: a mailbox operator (Service/v3, POST /Service/v3) answering
///    deliverSecure. It validates every request against the official schemas, verifies both
///    signatures (when a verifier is configured), refuses a bad delivery with a SOAP fault,
///    records every accepted delivery, and can be told to fail, hang or be slow for chosen
///    recipients.
///
/// Both speak SOAP 1.1 document/literal over HTTPS with mutual TLS, served by libcore's
/// http::Server: a client certificate that does not chain to the configured CA fails the TLS
/// handshake; a request without a client certificate is answered 403 with a Client fault and
/// never reaches the service (libcore's server asks for, but does not demand, a certificate).
///
/// Fault codes of the simulators' applicationFault (their own choice; the real services' codes
/// are not public): 1001 invalid against the schema, 1002 signature does not verify, 1003 no
/// client certificate, 1004 not a SOAP request, 2001 the injected failure.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "samverkan/log/logger.hpp"
#include "samverkan/mailbox/reachability.hpp"
#include "samverkan/mailbox/soap.hpp"

namespace samverkan::mm_simulator {

/// Where and how a simulator serves.
struct ServerSettings {
  std::string listen = "127.0.0.1:0";      ///< ADDR:PORT; port 0 picks a free port
  std::filesystem::path certificate_file;  ///< server certificate (PEM) for localhost
  std::filesystem::path private_key_file;  ///< its key
  std::filesystem::path client_ca_file;    ///< CA (PEM) that client certificates must chain to
  /// The official schemas (the folder holding v3/, Recipient.xsd, ...). Empty: requests are
  /// not validated (the register); the operator requires it.
  std::filesystem::path schema_dir;
};

/// One account of the register.
struct Account {
  std::string type = "Secure";  ///< Secure, Anonymous or Not
  bool pending = false;
  bool sender_accepted = true;
  /// Senders (16 + 10 digits) this recipient has blocked; SenderAccepted is false for them.
  std::set<std::string> blocked_senders;
  /// The operator holding the mailbox; none: no ServiceSupplier in the answer.
  std::optional<mailbox::MailboxOperator> service_supplier;
};

class RecipientRegister {
 public:
  /// The logger, when given, must outlive the simulator (one line per request, no personal data).
  explicit RecipientRegister(ServerSettings settings, log::Logger* logger = nullptr);
  ~RecipientRegister();
  RecipientRegister(const RecipientRegister&) = delete;
  RecipientRegister& operator=(const RecipientRegister&) = delete;

  /// Loads certificates (and schemas) and starts serving. Throws samverkan::InvalidInput for
  /// files that cannot be loaded, samverkan::Unavailable when the address cannot be bound.
  void start();
  /// Stops serving. Idempotent.
  void stop();

  std::uint16_t port() const;
  /// "https://localhost:<port>/Recipient/v3".
  std::string url() const;

  /// The account of a recipient (12 digits).
  void set_account(const std::string& recipient_id, Account account);
  /// The account of recipients without one of their own; by default none (Type Not, no
  /// mailbox, SenderAccepted false).
  void set_default_account(std::optional<Account> account);
  /// The next isReachable call is answered with this fault (queued).
  void fail_next_request(mailbox::soap::Fault fault);
  /// The next request (whatever it is) is answered with exactly this, to test how a client
  /// copes with a broken answer (queued; checked before fail_next_request).
  void answer_next_request(int http_status, std::string content_type, std::string body);

  /// isReachable calls answered (faults included), and how many ids each asked about.
  std::size_t is_reachable_calls() const;
  std::vector<std::size_t> batch_sizes() const;
  /// Requests refused for lack of a client certificate.
  std::size_t refused_without_certificate() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// What the operator does with deliveries to one recipient.
struct Behaviour {
  enum class Kind {
    kDeliver,  ///< accept (after `delay`, if any)
    kFail,     ///< answer `fault` (by default a transient Server fault); nothing recorded
    kHang,     ///< never answer: wait until release_hanging() or stop(); nothing recorded
  };
  Kind kind = Kind::kDeliver;
  std::chrono::milliseconds delay{0};  ///< kDeliver: answer this much later ("slow")
  mailbox::soap::Fault fault{"Server", "Simulated failure of the mailbox operator", 2001, std::nullopt, std::nullopt};

  static Behaviour deliver_after(std::chrono::milliseconds delay);
  /// A transient (Server) or permanent (Client) fault.
  static Behaviour fail(bool permanent, std::string message = "Simulated failure of the mailbox operator");
  static Behaviour hang();
};

/// A file attached to an accepted message, decoded.
struct ReceivedAttachment {
  std::string file_name;     ///< Attachment/Filename
  std::string content_type;  ///< Attachment/ContentType
  std::string content;       ///< Attachment/Body, decoded from base64
  std::string checksum;      ///< Attachment/Checksum as sent
};

/// A delivery the operator accepted.
struct AcceptedDelivery {
  std::string recipient_id;
  std::string sender_org_nr;                    ///< Delivery/Header/Sender/Id
  std::string trans_id;                         ///< what the operator answered
  std::vector<std::string> message_ids;         ///< Message/Header/Id of each message
  std::vector<std::string> bodies;              ///< Message/Body/Body of each message, decoded
  std::vector<ReceivedAttachment> attachments;  ///< of every message, in order
  std::string client_common_name;               ///< CN of the TLS client certificate
};

/// Checks the signatures of a SealedDelivery document (rebuilt as it was sealed); returns an
/// empty string when both verify, else the reason.
using SignatureVerifier = std::function<std::string(const std::string& sealed_delivery_xml)>;

class MailboxOperator {
 public:
  /// settings.schema_dir is required. `verifier` empty: signatures are not checked.
  MailboxOperator(ServerSettings settings, SignatureVerifier verifier, log::Logger* logger = nullptr);
  ~MailboxOperator();
  MailboxOperator(const MailboxOperator&) = delete;
  MailboxOperator& operator=(const MailboxOperator&) = delete;

  /// As RecipientRegister::start; also loads schema_dir/v3/Service.xsd.
  void start();
  /// Releases hanging requests, then stops serving. Idempotent.
  void stop();

  std::uint16_t port() const;
  /// "https://localhost:<port>/Service/v3": the ServiceAdress to give the register.
  std::string url() const;
  /// This operator as a register's ServiceSupplier.
  mailbox::MailboxOperator as_service_supplier(std::string name = "Simulerad brevlåda",
                                               std::string id = "165566778899") const;

  /// Behaviour for deliveries to this recipient from now on.
  void set_behaviour(const std::string& recipient_id, Behaviour behaviour);
  /// Back to kDeliver for everyone.
  void clear_behaviours();
  /// Lets every hanging request finish (with a Server fault, nothing recorded).
  void release_hanging();
  /// The next request (whatever it is) is answered with exactly this; nothing is recorded.
  void answer_next_request(int http_status, std::string content_type, std::string body);

  /// Recognise resends, as a real operator must (off by default, so that tests see every send):
  /// a delivery whose message ids were all accepted before is answered with the first TransId
  /// and not recorded again, only counted in resends_recognised().
  void set_recognise_resends(bool on);
  std::size_t resends_recognised() const;

  /// Keep a record of every accepted delivery (on by default). Off, for long benches: accepted
  /// deliveries are only counted (accepted_count), so the simulator's memory stays flat; then
  /// deliveries() and times_delivered() see nothing new and resends are not recognised.
  void set_keep_record(bool on);
  /// Deliveries accepted so far, recorded or not (resends recognised are not counted).
  std::size_t accepted_count() const;

  /// Every accepted delivery, in order.
  std::vector<AcceptedDelivery> deliveries() const;
  /// How often a message id was accepted (exactly-once checks).
  std::size_t times_delivered(const std::string& message_id) const;
  /// deliverSecure requests answered with a fault, and the last fault's text.
  std::size_t refused() const;
  std::string last_refusal() const;
  /// Requests refused for lack of a client certificate.
  std::size_t refused_without_certificate() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A SignatureVerifier built on the mailbox service's verify_sealed_delivery (schema, both
/// signatures, the signature profile), loading the schemas from `schema_dir` once. With
/// `trusted_ca` (PEM) the signers' certificates must chain to it; without, only the signatures
/// are checked. Throws samverkan::InvalidInput when the schemas or the CA cannot be loaded.
SignatureVerifier mailbox_signature_verifier(const std::filesystem::path& schema_dir,
                                             const std::filesystem::path& trusted_ca = {});

}  // namespace samverkan::mm_simulator

#pragma once
/// SOAP 1.1 (document/literal) as Mina meddelanden speaks it: envelopes written with libxml2,
/// answers parsed with the safe parser of samverkan::xml (no network, no DTD, no entities),
/// SOAP faults mapped to samverkan error kinds, and a small HTTPS transport with mutual TLS
/// (Poco NetSSL) shared by the reachability and delivery clients.
///
/// Fault mapping (SOAP 1.1 §4.4.1): a faultcode whose local part is Client (or Client.*),
/// VersionMismatch or MustUnderstand is the sender's fault: ClientFaultError, a
/// samverkan::InvalidInput, permanent (the same request fails again). Server (or Server.*) and
/// anything unknown is ServerFaultError, a samverkan::Unavailable: transient, a later retry may
/// work. Both are also a soap::FaultError, which carries the fault.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/core/error.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/element.hpp"

namespace samverkan::mailbox::soap {

/// The SOAP 1.1 envelope namespace.
inline constexpr std::string_view kEnvelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/";
/// Mina meddelanden's fault detail element applicationFault lives here (schema/v3/Common.xsd).
inline constexpr std::string_view kCommonV3Namespace = "http://minameddelanden.gov.se/schema/Common/v3";

/// A SOAP 1.1 fault as sent or received.
struct Fault {
  std::string code;     ///< faultcode as a QName's local part: "Client", "Server", "Client.Signature"
  std::string message;  ///< faultstring
  /// Mina meddelanden's detail/applicationFault, when present.
  std::optional<int> error_code;           ///< ErrorCode (1..9998)
  std::optional<std::string> description;  ///< Description
  std::optional<std::string> call_id;      ///< CallId (20..50 characters)

  /// True for Client, Client.*, VersionMismatch and MustUnderstand: retrying cannot help.
  bool permanent() const noexcept;
};

/// What every SOAP fault received from a service carries, whichever error it is thrown as.
/// Catch `const soap::FaultError&` to read the fault; catch samverkan::InvalidInput or
/// samverkan::Unavailable (or test Error::kind()) to decide about retrying.
class FaultError {
 public:
  virtual ~FaultError() = default;
  const Fault& fault() const noexcept { return fault_; }
  bool permanent() const noexcept { return fault_.permanent(); }
  /// The same exception as a samverkan::Error (its kind and what()).
  const Error& error() const noexcept;

 protected:
  explicit FaultError(Fault fault) : fault_(std::move(fault)) {}

 private:
  Fault fault_;
};

/// A permanent fault (Client, Client.*, VersionMismatch, MustUnderstand): do not retry.
class ClientFaultError final : public InvalidInput, public FaultError {
 public:
  ClientFaultError(std::string_view service, Fault fault);
};

/// A transient fault (Server, Server.*, anything unknown): a later retry may work.
class ServerFaultError final : public Unavailable, public FaultError {
 public:
  ServerFaultError(std::string_view service, Fault fault);
};

/// Throws ClientFaultError or ServerFaultError as Fault::permanent says. what() names the
/// service and carries faultcode, faultstring and the application fault's code, description
/// and call id.
[[noreturn]] void throw_fault(std::string_view service, Fault fault);

/// Writes a SOAP 1.1 envelope whose Body holds a copy of `payload`'s root element (and its
/// subtree, prefixes and namespace declarations kept). UTF-8, with an XML declaration.
std::string write_envelope(const xml::Document& payload);

/// Writes a SOAP 1.1 envelope holding one Fault; faultcode is qualified with the envelope
/// namespace ("soapenv:Server"). With an error code, a detail/applicationFault (Common/v3) is
/// added with ErrorCode, Description (description or message) and CallId (a fresh one when the
/// fault has none).
std::string write_fault(const Fault& fault);

/// A parsed envelope and the first element of its Body (the payload, or a Fault).
struct Message {
  xml::Document document;
  xml::Element body_element;
};

/// Parses an envelope from an untrusted source. Throws samverkan::InvalidInput (xml::XmlError
/// for malformed XML or a DOCTYPE) when it is not a SOAP 1.1 envelope with a non-empty Body.
Message parse_envelope(std::string_view bytes, std::string_view name_for_messages);

/// Reads a service's HTTP answer: the payload element of a 200 answer whose Body is not a
/// Fault. Throws (throw_fault) for a Fault, whatever the HTTP status (SOAP 1.1 uses 500);
/// samverkan::TooLarge for a 413 without a fault; samverkan::Unavailable for anything else
/// (not XML, not an envelope, another status). `service` names the service in messages.
Message read_answer(int http_status, std::string_view body, std::string_view service);

/// Reads a Fault element (in the envelope namespace). Throws samverkan::InvalidInput when it
/// has no faultcode.
Fault read_fault(const xml::Element& fault);

/// Settings of the HTTPS transport: mutual TLS with the sending municipality's certificate.
struct TlsClientOptions {
  /// The client certificate (PEM, leaf first) of the sending municipality (or its intermediary).
  std::filesystem::path client_certificate_file;
  /// Its private key (PEM, unencrypted, mode 0600).
  std::filesystem::path client_private_key_file;
  /// The CA bundle (PEM) that the service's server certificate must chain to; only these are
  /// trusted, not the system's CAs. The host name is checked as well.
  std::filesystem::path server_ca_file;
  /// Time to open the TCP connection.
  std::chrono::milliseconds connect_timeout{5000};
  /// Time allowed for each wait on the network while sending and receiving; a silent service
  /// is given up after a small multiple of it.
  std::chrono::milliseconds io_timeout{30000};
  /// Larger answers are refused (samverkan::Unavailable).
  std::size_t max_answer_bytes = 4u << 20;
};

/// The status and body of one HTTP answer.
struct HttpAnswer {
  int status = 0;
  std::string body;
};

/// POSTs SOAP envelopes over HTTPS with mutual TLS. Thread-safe: each call uses a connection of
/// its own, taken from a small pool of idle keep-alive connections per host:port (at most 8 kept,
/// idle at most 4 s) or newly opened; a reused connection that fails before any answer arrives is
/// replaced once by a fresh one. The TLS context is shared.
class Transport {
 public:
  /// Loads the certificate, key and CA. Throws samverkan::InvalidInput when a file is missing
  /// or cannot be loaded, the key does not match the certificate, or a timeout is not positive.
  explicit Transport(TlsClientOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// POSTs `envelope` (text/xml; charset=UTF-8, SOAPAction "") to `url` and returns the answer
  /// whatever its status. Throws samverkan::InvalidInput for a URL that is not https://host...;
  /// samverkan::Unavailable when the service cannot be reached, TLS fails (our certificate
  /// refused, theirs not trusted), a timeout passes or the answer is too large. Messages name
  /// `service` and the host, never the path.
  HttpAnswer post(std::string_view url, const std::string& envelope, std::string_view service) const;

  /// post(), then read_answer().
  Message call(std::string_view url, const std::string& envelope, std::string_view service) const;

  const TlsClientOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverkan::mailbox::soap

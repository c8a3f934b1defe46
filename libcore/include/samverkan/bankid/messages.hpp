#pragma once
/// The requests and responses of the BankID Relying Party API v6.0 (auth, sign, collect,
/// cancel) as plain values. The client (bankid/client.hpp) turns them into JSON and back.
///
/// Text fields hold what a person reads (UTF-8); the client base64-encodes userVisibleData and
/// userNonVisibleData on the wire, as the API requires.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/ids/personnummer.hpp"

namespace samverkan::bankid {

/// How an order must be carried out ("requirement" in the API). Unset members are not sent.
struct Requirement {
  /// Only this person may complete the order (sent as 12 digits YYYYMMDDNNNC). A second order
  /// for the same person while one runs is refused with alreadyInProgress (no order is made)
  /// and the running order fails with hintCode cancelled.
  std::optional<ids::Personnummer> personal_number;
  std::optional<bool> pin_code;                   ///< require the PIN even with biometrics enabled
  std::optional<bool> mrtd;                       ///< require a Swedish passport / ID card check
  std::optional<std::string> card_reader;         ///< "class1" or "class2"
  std::vector<std::string> certificate_policies;  ///< OIDs; empty = BankID's default
};

/// Format of userVisibleData.
enum class TextFormat {
  kPlain,             ///< no formatting (userVisibleDataFormat not sent)
  kSimpleMarkdownV1,  ///< userVisibleDataFormat = "simpleMarkdownV1"
};

/// POST /auth: identify a person.
struct AuthRequest {
  std::string end_user_ip;  ///< the user's IP address as the relying party sees it (IPv4 or IPv6); required
  std::optional<std::string> user_visible_data;  ///< shown in the app (UTF-8 text)
  TextFormat user_visible_data_format = TextFormat::kPlain;
  std::optional<std::string> user_non_visible_data;  ///< not shown; any bytes
  Requirement requirement;
};

/// POST /sign: have a person sign a text.
struct SignRequest {
  std::string end_user_ip;        ///< as in AuthRequest; required
  std::string user_visible_data;  ///< the text the person signs (UTF-8); required, not empty
  TextFormat user_visible_data_format = TextFormat::kPlain;
  std::optional<std::string> user_non_visible_data;  ///< e.g. a digest of a document; any bytes
  Requirement requirement;
};

/// The answer to auth and sign: an order that is now running.
struct Order {
  std::string order_ref;         ///< identifies the order in collect and cancel
  std::string auto_start_token;  ///< for starting the app on the same device
  std::string qr_start_token;    ///< public part of the animated QR code
  std::string qr_start_secret;   ///< HMAC key of the animated QR code: keep it on the server
  Clock::TimePoint started_at;   ///< when the client received the answer (the QR code's time 0)
};

enum class CollectStatus { kPending, kFailed, kComplete };

/// The hint codes BankID sends with pending and failed orders. BankID may add codes at any
/// time: an unknown one is kUnknown, and CollectResult::hint_code_text keeps the raw text.
enum class HintCode {
  kNone,  ///< no hintCode (a complete order)
  // pending
  kOutstandingTransaction,  ///< the order is waiting for the user to start the app
  kNoClient,
  kStarted,
  kUserMrtd,
  kUserCallConfirm,
  kUserSign,  ///< the app has the order; the user is signing
  // failed
  kExpiredTransaction,  ///< the order was not finished in time
  kCertificateErr,      ///< the user's BankID is blocked, revoked or invalid
  kUserCancel,          ///< the user cancelled in the app
  kCancelled,           ///< a new order for the same user cancelled this one
  kStartFailed,         ///< the app did not start in time or could not start the order
  kUserDeclinedCall,    ///< phone orders: the user declined the call
  kNotSupportedByUserApp,
  kUnknown,  ///< a code this version does not know
};

/// The API spelling of a code ("userSign"); "" for kNone, "unknown" for kUnknown.
std::string_view to_string(HintCode code) noexcept;
/// The code for an API spelling; kNone for "", kUnknown for anything else unknown.
HintCode parse_hint_code(std::string_view text) noexcept;
/// "pending", "failed" or "complete".
std::string_view to_string(CollectStatus status) noexcept;

struct User {
  ids::Personnummer personal_number;
  std::string name;  ///< given name and surname
  std::string given_name;
  std::string surname;
};

struct Device {
  std::string ip_address;  ///< as BankID saw the user's device
  std::string uhi;         ///< unique hardware identifier of the device; may be empty
};

/// What a complete order proves. Keep signature and ocsp_response with the signed object:
/// they are the evidence of the signature.
struct CompletionData {
  User user;
  Device device;
  std::string bank_id_issue_date;    ///< "YYYY-MM-DD", as sent
  std::string signature;             ///< base64 of BankID's XML signature, as sent
  std::string ocsp_response;         ///< base64 of the OCSP response for the user's certificate, as sent
  std::optional<bool> step_up_mrtd;  ///< stepUp.mrtd when BankID sent it
  std::optional<std::string> risk;   ///< risk level when BankID sent it ("low", "moderate", "high")
};

/// The answer to collect.
struct CollectResult {
  std::string order_ref;
  CollectStatus status = CollectStatus::kPending;
  HintCode hint_code = HintCode::kNone;           ///< for pending and failed
  std::string hint_code_text;                     ///< hintCode exactly as sent ("" when absent)
  std::optional<CompletionData> completion_data;  ///< set exactly when status is kComplete
};

}  // namespace samverkan::bankid

#pragma once
/// CaseSystem: the municipality's diary (diarium, e.g. Public 360, Ciceron, W3D3, Lex), where
/// incoming documents are registered and get a registration number.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/idempotency_key.hpp"

namespace samverkan::adapters {

/// A file of a registered document.
struct DocumentFile {
  std::string file_name{};     ///< "ansokan.pdf": 1..100 characters, no '/' or '\\'
  std::string content_type{};  ///< "application/pdf"
  std::string content{};       ///< bytes
};

/// Which way a registered document went (handlingens riktning).
enum class DocumentDirection { kIncoming, kOutgoing };

/// A document to register, in a new case or an existing one: usually an incoming one
/// (inkommande handling); an outgoing one (utgående handling, e.g. a decision delivered to the
/// citizen's digital mailbox) is registered into an existing case.
struct IncomingDocument {
  IdempotencyKey idempotency_key;
  std::string board{};                     ///< the diary's board prefix: "KS", "BUN"
  std::string title{};                     ///< the document's title (handlingsmening); for a new case also its title
  std::string sender{};                    ///< the sender as the diary shows it ("Privatperson", an organisation)
  std::chrono::year_month_day received{};  ///< the day it came in (inkomstdatum)
  std::optional<std::string> existing_case{};  ///< register into this case, "KS 2026/142"
  bool secret = false;                         ///< registered with secrecy (sekretessmarkerad)
  std::string secrecy_reference{};             ///< the OSL paragraph, "OSL 26 kap. 1 §"; required when secret
  std::string handling_unit{};                 ///< the unit that handles the case; may be empty
  std::vector<DocumentFile> files{};           ///< 0..20 files, at most 50 MiB in all
  /// Outgoing: `sender` holds the recipient as the diary shows it, `received` the day it was
  /// sent, and `existing_case` is required.
  DocumentDirection direction = DocumentDirection::kIncoming;
  std::string case_type{};  ///< for a new case: the diary's case type ("skolskjuts"); may be empty
};

/// Where the document ended up.
struct CaseRegistration {
  std::string case_number{};          ///< "KS 2026/142"
  std::string registration_number{};  ///< the document's number in the case, "KS 2026/142-3"
  bool replayed = false;              ///< true when this key had been registered before
};

/// Checks what every CaseSystem requires, before any backend is asked: a board prefix of 1..8
/// upper-case letters (Å, Ä, Ö included, as in xsd/cooperation.xsd), a title of 1..250
/// characters, a sender, a valid received date, an existing case number shaped "PREFIX YYYY/N"
/// of the same board, a secrecy reference when secret (and only then), an existing case for an
/// outgoing document, a case type (at most 100 characters) only for a new case, file names and
/// sizes.
/// Throws samverkan::InvalidInput (samverkan::TooLarge for size).
void validate(const IncomingDocument& document);

/// What identifies a document's content for idempotency: the SHA-256 (hex) of every field and
/// each file's digest, length-prefixed. The same key with another fingerprint is a Conflict.
std::string content_fingerprint(const IncomingDocument& document);

/// The diary of one municipality.
///
/// Every method may be called from several threads at once. Errors:
///   - samverkan::InvalidInput: the document is wrong (see validate), or the diary refuses it
///     (an unknown board);
///   - samverkan::NotFound: the existing case does not exist;
///   - samverkan::Conflict: the idempotency key was used for a different document, or the
///     existing case is closed;
///   - samverkan::Unavailable: the diary cannot be reached.
class CaseSystem {
 public:
  static constexpr AdapterKind kKind = AdapterKind::kCaseSystem;

  virtual ~CaseSystem() = default;

  /// Registers the document and returns its numbers.
  virtual CaseRegistration register_document(const IncomingDocument& document) = 0;
};

}  // namespace samverkan::adapters

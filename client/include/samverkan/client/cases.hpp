#pragma once
/// Cases and their documents in a municipality's diary (diarium), and the public register,
/// under /api/v1/municipalities/{kommunkod}: registering a case or a document needs the scope
/// cases:write, reading cases:read; the public register needs no token and shows only what is
/// public (no private person's name, no secret title or document). A case number is
/// "<diary prefix> <year>/<number>", e.g. "KS 2026/14".
///
/// Registering is not idempotent (each call is a new case or document): a registration whose
/// connection broke is not sent again; search the register or read the case before trying again.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/client/client.hpp"

namespace samverkan::client {

struct CaseParty {
  std::string kind;      ///< person or organisation
  std::string identity;  ///< personnummer or organisationsnummer
  std::string name;
  std::string role;  ///< e.g. sökande, ombud
};

struct NewCase {
  std::string diary;  ///< the diary's prefix (a board's), e.g. KS
  std::string title;
  std::string case_type;  ///< e.g. bygglov
  std::string handling_unit;
  std::string officer;
  /// The legal reference when the title itself is secret (OSL), e.g. "26 kap. 1 § OSL": the
  /// public register then shows a masked title.
  std::string secrecy_reference;
  std::string reserved_number;  ///< a number reserved before (POST .../diaries/{prefix}/reservations)
  std::vector<CaseParty> parties;
};

struct CaseLink {
  std::string number;
  std::string note;
};

struct Case {
  std::string number;
  std::string title;
  std::string public_title;  ///< what the public register shows
  std::string secrecy_reference;
  std::string case_type;
  std::string handling_unit;
  std::string officer;
  std::string status;         ///< open, prepared, decided, closed
  std::string registered_on;  ///< YYYY-MM-DD, the Swedish calendar day
  std::vector<CaseParty> parties;
  std::vector<CaseLink> links;
};

struct NewDocument {
  std::string direction = "incoming";  ///< incoming, outgoing or drawn-up
  std::string title;
  std::string counterpart_kind;  ///< person, organisation or empty
  std::string counterpart;
  std::string registered_on;  ///< YYYY-MM-DD; empty: today
  std::string content_type = "application/pdf";
  std::string content;             ///< the document's bytes (sent base64)
  std::string secrecy = "public";  ///< public, secret or partial
  std::string secrecy_reference;   ///< the OSL provision, for secret and partial
  std::string masked_parts;        ///< partial: what the public version hides
};

struct Document {
  std::string case_number;
  int document_number = 0;  ///< 1, 2, ... within the case
  std::string direction;
  std::string registered_on;
  std::string title;
  std::string public_title;
  std::string counterpart_kind;
  std::string counterpart;
  std::string secrecy;
  std::string secrecy_reference;
  std::string masked_parts;
  std::string content_type;
  std::size_t content_size = 0;
  std::string content_sha256;
};

struct RegisterQuery {
  std::string words;                           ///< words of the title (q)
  std::string board;                           ///< a diary prefix
  std::string registered_from, registered_to;  ///< YYYY-MM-DD
  std::string number;                          ///< one case number
  std::optional<std::size_t> limit;
  std::size_t offset = 0;
};

/// A case as the public register shows it.
struct PublicCase {
  struct Party {
    std::string kind, name, role;  ///< a private person's name is "(privatperson)"
  };
  struct Entry {
    int document_number = 0;
    std::string direction, registered_on, title, counterpart, secrecy, secrecy_reference, masked_parts;
  };
  std::string number, board, title, secrecy_reference, case_type, status, registered_on;
  std::vector<Party> parties;
  std::vector<Entry> documents;
};

class Cases {
 public:
  Cases(Client& client, const std::string& kommunkod);

  Case register_case(const NewCase& input);
  Case get(const std::string& number);
  /// open → prepared → decided → closed; another step is Conflict.
  Case set_status(const std::string& number, const std::string& status);
  Document add_document(const std::string& number, const NewDocument& input);
  std::vector<Document> documents(const std::string& number);
  /// The document's bytes (as registered; secrecy is checked by the server).
  std::string document_content(const std::string& number, int document_number);
  /// The public register (no token needed, none sent).
  std::vector<PublicCase> search_register(const RegisterQuery& query);

 private:
  std::string case_path(const std::string& number, const std::string& tail = {}) const;

  Client& client_;
  std::string base_;
};

}  // namespace samverkan::client

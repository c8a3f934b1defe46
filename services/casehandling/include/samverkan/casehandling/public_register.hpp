#pragma once
/// The public register (offentlig diarieföring): anyone may search a municipality's cases and
/// documents by registration number, title words, registration dates and board. What it
/// returns is safe for anyone by construction: it reads only the public columns (public
/// titles, where a secret title is replaced by a mask naming the provision), shows an
/// organisation's name but never a private person's (masked as "(privatperson)"), and never
/// returns document contents.
///
/// Search: on PostgreSQL, title words use full-text search with the `swedish` configuration
/// (stemming: "bygglovet" finds "bygglov") through GIN expression indexes on the cases' and
/// documents' public titles (migration 2004, PostgreSQL-only section); on SQLite, each word must occur in the
/// lower-cased public title (a LIKE over a normalised column). A case matches a word through its own title or one of
/// its documents' public titles.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_number.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {

/// What the public register shows instead of a private person's name.
inline constexpr std::string_view kMaskedPerson = "(privatperson)";

struct RegisterQuery {
  std::optional<CaseNumber> number;  ///< exactly this case
  std::string words;                 ///< title words, all must match (at most 8, 200 bytes)
  std::string registered_from;       ///< "YYYY-MM-DD", inclusive; empty: no bound
  std::string registered_to;         ///< "YYYY-MM-DD", inclusive; empty: no bound
  std::string board;                 ///< a diary prefix; empty: all boards
  std::size_t limit = 50;            ///< 1..200
  std::size_t offset = 0;
};

struct PublicParty {
  std::string kind;  ///< "person" or "organisation"
  std::string name;  ///< an organisation's name, or kMaskedPerson
  std::string role;
};

struct PublicDocument {
  int document_number = 0;
  std::string direction;  ///< "incoming", "outgoing", "drawn-up"
  std::string registered_on;
  std::string title;        ///< the public title (a mask when secret)
  std::string counterpart;  ///< an organisation's name, kMaskedPerson, or empty
  std::string secrecy;      ///< "public", "secret", "partial"
  std::string secrecy_reference;
  std::string masked_parts;
};

struct PublicCase {
  CaseNumber number;
  std::string board_name;
  std::string title;              ///< the public title (a mask when secret)
  std::string secrecy_reference;  ///< the provision when the title is secret
  std::string case_type;
  std::string handling_unit;
  std::string status;
  std::string registered_on;
  std::vector<PublicParty> parties;
  std::vector<PublicDocument> documents;
};

class PublicRegister {
 public:
  /// `boards` must outlive the register.
  explicit PublicRegister(const BoardDirectory& boards) : boards_(boards) {}

  /// Searches ctx's municipality; any principal, including anonymous. Newest registrations
  /// first (the registration order: by day then id, or by id for word searches; the same
  /// order, since the id and the day are both taken at registration). Throws samverkan::InvalidInput
  /// for malformed dates, an unknown board, too many words or a bad limit.
  std::vector<PublicCase> search(tenancy::Context& ctx, const RegisterQuery& query);

  /// The database's plan for search()'s statement with the same checks and binds, one line a
  /// row (PostgreSQL: EXPLAIN; SQLite: EXPLAIN QUERY PLAN's detail column). For tests and
  /// benches that must prove an index is used; reads no data.
  std::vector<std::string> plan(tenancy::Context& ctx, const RegisterQuery& query);

 private:
  const BoardDirectory& boards_;
};

}  // namespace samverkan::casehandling

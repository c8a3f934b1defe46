#include "samverkan/casehandling/public_register.hpp"

#include <array>

#include "detail/sql_util.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::casehandling {
namespace {

using detail::row_int;
using detail::row_text;

constexpr std::size_t kMaxWords = 8;

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : detail::normalise_for_search(text)) {
    if (c == ' ') {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

/// A LIKE pattern matching `word` anywhere, with LIKE's wildcards escaped by '!'.
std::string like_pattern(const std::string& word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '!') out.push_back('!');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

std::string checked_date(const std::string& text, const char* what) {
  if (text.empty()) return text;
  return calendar::format_iso_date(calendar::parse_iso_date(text, what));
}

// The same statement on both databases apart from the word match; every filter is always
// bound and switched off by an empty value, so the statement text never depends on input.
constexpr std::string_view kSelect =
    "SELECT c.id, c.prefix, c.year, c.number, c.public_title, c.title_secrecy, c.secrecy_reference, c.case_type, "
    "c.handling_unit, c.status, c.registered_on FROM diary_case c WHERE {{tenant:c}} "
    "AND (:has_number = 0 OR (c.prefix = :number_prefix AND c.year = :number_year AND c.number = :number_number)) "
    "AND (:board = '' OR c.prefix = :board) "
    "AND (:date_from = '' OR c.registered_on >= :date_from) "
    "AND (:date_to = '' OR c.registered_on <= :date_to) ";

std::string sqlite_words() {
  std::string out;
  for (std::size_t i = 0; i < kMaxWords; ++i) {
    const std::string w = ":w" + std::to_string(i);
    out += "AND (c.search_text LIKE " + w +
           " ESCAPE '!' OR EXISTS (SELECT 1 FROM case_document d WHERE "
           "d.case_id = c.id AND d.search_text LIKE " +
           w + " ESCAPE '!')) ";
  }
  return out;
}

// Used only when there are words: PostgreSQL may evaluate plainto_tsquery('') anyway, which
// logs a notice per row. The matching cases are one uncorrelated set (the cases whose public
// title matches, with the cases of the documents whose public title matches), so each half
// reads its GIN index (migration 2004: the indexed expression is exactly
// to_tsvector('swedish', public_title)); an OR with a correlated EXISTS could not.
constexpr std::string_view kPostgresqlWords =
    "AND c.id IN (SELECT x.id FROM diary_case x WHERE {{tenant:x}} "
    "AND to_tsvector('swedish', x.public_title) @@ plainto_tsquery('swedish', :query) "
    "UNION SELECT d.case_id FROM case_document d WHERE {{tenant:d}} "
    "AND to_tsvector('swedish', d.public_title) @@ plainto_tsquery('swedish', :query)) ";
constexpr std::string_view kPostgresqlNoWords = "AND :query = '' ";

// Newest registrations first. The id is given at registration and registered_on is that
// moment's Swedish day, so both orders are the registration order; each query takes the one
// its indexes serve (measured at 1,000,000 cases, bench/casehandling_search.sh): without words
// by day then id, so a date range or a board reads diary_case_registered / diary_case_prefix
// backwards and stops after a page; with words by id, sorting the matching ids without
// reading every matching case row.
constexpr std::string_view kOrderByDay = "ORDER BY c.registered_on DESC, c.id DESC LIMIT :limit OFFSET :offset";
constexpr std::string_view kOrderById = "ORDER BY c.id DESC LIMIT :limit OFFSET :offset";

}  // namespace

namespace {

/// A checked query: the statement and its bind values, the same for search() and plan().
struct Prepared {
  std::string sql;
  bool postgresql = false;
  int has_number = 0;
  std::string number_prefix;
  int number_year = 0;
  int number_number = 0;
  std::string board;
  std::string date_from;
  std::string date_to;
  std::array<std::string, kMaxWords> patterns;
  std::string joined;
  int limit = 0;
  int offset = 0;
};

Prepared prepare(tenancy::Context& ctx, const BoardDirectory& boards, const RegisterQuery& query) {
  if (query.limit == 0 || query.limit > 200) throw InvalidInput("limit must be 1 to 200");
  if (query.offset > 1000000) throw InvalidInput("offset too large");
  if (query.words.size() > 200) throw InvalidInput("the search words are longer than 200 bytes");
  const auto words = split_words(query.words);
  if (words.size() > kMaxWords) throw InvalidInput("at most 8 search words");
  if (!query.board.empty()) boards.require(ctx.municipality(), query.board);
  Prepared p;
  p.date_from = checked_date(query.registered_from, "registered_from");
  p.date_to = checked_date(query.registered_to, "registered_to");
  p.postgresql = ctx.sql().dialect().backend() == storage::Backend::kPostgresql;
  p.sql = std::string(kSelect) +
          (p.postgresql ? std::string(words.empty() ? kPostgresqlNoWords : kPostgresqlWords) : sqlite_words()) +
          std::string(words.empty() ? kOrderByDay : kOrderById);
  p.has_number = query.number ? 1 : 0;
  p.number_prefix = query.number ? query.number->prefix : "";
  p.number_year = query.number ? query.number->year : 0;
  p.number_number = query.number ? query.number->number : 0;
  p.board = query.board;
  p.limit = static_cast<int>(query.limit);
  p.offset = static_cast<int>(query.offset);
  for (std::size_t i = 0; i < kMaxWords; ++i) p.patterns[i] = i < words.size() ? like_pattern(words[i]) : "%";
  for (const auto& word : words) p.joined += (p.joined.empty() ? "" : " ") + word;
  return p;
}

/// Runs `prefix` + the prepared statement with its binds.
soci::rowset<soci::row> run(tenancy::Context& ctx, const Prepared& p, std::string_view prefix) {
  const std::string sql = std::string(prefix) + p.sql;
  if (p.postgresql) {
    return ctx.sql().rows(sql, soci::use(p.has_number, "has_number"), soci::use(p.number_prefix, "number_prefix"),
                          soci::use(p.number_year, "number_year"), soci::use(p.number_number, "number_number"),
                          soci::use(p.board, "board"), soci::use(p.date_from, "date_from"),
                          soci::use(p.date_to, "date_to"), soci::use(p.joined, "query"), soci::use(p.limit, "limit"),
                          soci::use(p.offset, "offset"));
  }
  return ctx.sql().rows(sql, soci::use(p.has_number, "has_number"), soci::use(p.number_prefix, "number_prefix"),
                        soci::use(p.number_year, "number_year"), soci::use(p.number_number, "number_number"),
                        soci::use(p.board, "board"), soci::use(p.date_from, "date_from"),
                        soci::use(p.date_to, "date_to"), soci::use(p.patterns[0], "w0"), soci::use(p.patterns[1], "w1"),
                        soci::use(p.patterns[2], "w2"), soci::use(p.patterns[3], "w3"), soci::use(p.patterns[4], "w4"),
                        soci::use(p.patterns[5], "w5"), soci::use(p.patterns[6], "w6"), soci::use(p.patterns[7], "w7"),
                        soci::use(p.limit, "limit"), soci::use(p.offset, "offset"));
}

}  // namespace

std::vector<std::string> PublicRegister::plan(tenancy::Context& ctx, const RegisterQuery& query) {
  const Prepared p = prepare(ctx, boards_, query);
  return detail::sql_guard("explaining a public register search", [&] {
    std::vector<std::string> lines;
    for (const auto& row : run(ctx, p, p.postgresql ? "EXPLAIN " : "EXPLAIN QUERY PLAN ")) {
      lines.push_back(row_text(row, p.postgresql ? 0 : 3));
    }
    return lines;
  });
}

std::vector<PublicCase> PublicRegister::search(tenancy::Context& ctx, const RegisterQuery& query) {
  const Prepared p = prepare(ctx, boards_, query);

  return detail::sql_guard("searching the public register", [&] {
    std::vector<std::pair<long long, PublicCase>> found;
    const auto collect = [&](const soci::rowset<soci::row>& rows) {
      for (const auto& row : rows) {
        PublicCase c;
        c.number = {row_text(row, 1), row_int<int>(row, 2), row_int<int>(row, 3)};
        c.title = row_text(row, 4);
        if (row_text(row, 5) != "public") c.secrecy_reference = row_text(row, 6);
        c.case_type = row_text(row, 7);
        c.handling_unit = row_text(row, 8);
        c.status = row_text(row, 9);
        c.registered_on = row_text(row, 10);
        if (const auto* board = boards_.find(ctx.municipality(), c.number.prefix)) c.board_name = board->name;
        found.emplace_back(row_int(row, 0), std::move(c));
      }
    };
    collect(run(ctx, p, ""));

    std::vector<PublicCase> out;
    for (auto& [id, c] : found) {
      // Only the public columns: never person_name, title, counterpart_person or content.
      for (const auto& row : ctx.sql().rows("SELECT kind, organisation_name, role FROM case_party "
                                            "WHERE {{tenant}} AND case_id = :id ORDER BY ordinal",
                                            soci::use(id, "id"))) {
        const std::string kind = row_text(row, 0);
        c.parties.push_back(
            {kind, kind == "organisation" ? row_text(row, 1) : std::string(kMaskedPerson), row_text(row, 2)});
      }
      for (const auto& row :
           ctx.sql().rows("SELECT document_number, direction, registered_on, public_title, counterpart_kind, "
                          "counterpart_organisation, secrecy, secrecy_reference, masked_parts FROM case_document "
                          "WHERE {{tenant}} AND case_id = :id ORDER BY document_number",
                          soci::use(id, "id"))) {
        PublicDocument d;
        d.document_number = row_int<int>(row, 0);
        d.direction = row_text(row, 1);
        d.registered_on = row_text(row, 2);
        d.title = row_text(row, 3);
        const std::string kind = row_text(row, 4);
        d.counterpart = kind == "organisation" ? row_text(row, 5) : kind == "person" ? std::string(kMaskedPerson) : "";
        d.secrecy = row_text(row, 6);
        d.secrecy_reference = row_text(row, 7);
        d.masked_parts = row_text(row, 8);
        c.documents.push_back(std::move(d));
      }
      out.push_back(std::move(c));
    }
    return out;
  });
}

}  // namespace samverkan::casehandling

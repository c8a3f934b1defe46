#include "samverkan/casehandling/public_register.hpp"

#include <array>

#include "samverkan/adapters/iso_date.hpp"
#include "samverkan/core/error.hpp"
#include "sql_util.hpp"

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
  return adapters::format_iso_date(adapters::parse_iso_date(text, what));
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
// logs a notice per row.
constexpr std::string_view kPostgresqlWords =
    "AND (to_tsvector('swedish', c.public_title) @@ plainto_tsquery('swedish', :query) "
    "OR EXISTS (SELECT 1 FROM case_document d WHERE d.case_id = c.id "
    "AND to_tsvector('swedish', d.public_title) @@ plainto_tsquery('swedish', :query))) ";
constexpr std::string_view kPostgresqlNoWords = "AND :query = '' ";

constexpr std::string_view kOrder = "ORDER BY c.id DESC LIMIT :limit OFFSET :offset";

}  // namespace

std::vector<PublicCase> PublicRegister::search(tenancy::Context& ctx, const RegisterQuery& query) {
  if (query.limit == 0 || query.limit > 200) throw InvalidInput("limit must be 1 to 200");
  if (query.offset > 1000000) throw InvalidInput("offset too large");
  if (query.words.size() > 200) throw InvalidInput("the search words are longer than 200 bytes");
  const auto words = split_words(query.words);
  if (words.size() > kMaxWords) throw InvalidInput("at most 8 search words");
  if (!query.board.empty()) boards_.require(ctx.municipality(), query.board);
  const std::string date_from = checked_date(query.registered_from, "registered_from");
  const std::string date_to = checked_date(query.registered_to, "registered_to");

  const bool postgresql = ctx.sql().dialect().backend() == storage::Backend::kPostgresql;
  const std::string sql =
      std::string(kSelect) +
      (postgresql ? std::string(words.empty() ? kPostgresqlNoWords : kPostgresqlWords) : sqlite_words()) +
      std::string(kOrder);
  const int has_number = query.number ? 1 : 0;
  const std::string number_prefix = query.number ? query.number->prefix : "";
  const int number_year = query.number ? query.number->year : 0;
  const int number_number = query.number ? query.number->number : 0;
  const int limit = static_cast<int>(query.limit);
  const int offset = static_cast<int>(query.offset);
  std::array<std::string, kMaxWords> patterns;
  for (std::size_t i = 0; i < kMaxWords; ++i) patterns[i] = i < words.size() ? like_pattern(words[i]) : "%";
  std::string joined;
  for (const auto& word : words) joined += (joined.empty() ? "" : " ") + word;

  return detail::sql_guard("searching the public register", [&] {
    std::vector<std::pair<long long, PublicCase>> found;
    const auto collect = [&](soci::rowset<soci::row> rows) {
      for (const auto& row : rows) {
        PublicCase c;
        c.number = {row_text(row, 1), static_cast<int>(row_int(row, 2)), static_cast<int>(row_int(row, 3))};
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
    if (postgresql) {
      collect(ctx.sql().rows(sql, soci::use(has_number, "has_number"), soci::use(number_prefix, "number_prefix"),
                             soci::use(number_year, "number_year"), soci::use(number_number, "number_number"),
                             soci::use(query.board, "board"), soci::use(date_from, "date_from"),
                             soci::use(date_to, "date_to"), soci::use(joined, "query"), soci::use(limit, "limit"),
                             soci::use(offset, "offset")));
    } else {
      collect(ctx.sql().rows(sql, soci::use(has_number, "has_number"), soci::use(number_prefix, "number_prefix"),
                             soci::use(number_year, "number_year"), soci::use(number_number, "number_number"),
                             soci::use(query.board, "board"), soci::use(date_from, "date_from"),
                             soci::use(date_to, "date_to"), soci::use(patterns[0], "w0"), soci::use(patterns[1], "w1"),
                             soci::use(patterns[2], "w2"), soci::use(patterns[3], "w3"), soci::use(patterns[4], "w4"),
                             soci::use(patterns[5], "w5"), soci::use(patterns[6], "w6"), soci::use(patterns[7], "w7"),
                             soci::use(limit, "limit"), soci::use(offset, "offset")));
    }

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
        d.document_number = static_cast<int>(row_int(row, 0));
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

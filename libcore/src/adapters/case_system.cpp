#include "samverkan/adapters/case_system.hpp"

#include "adapters/detail/text_checks.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"

namespace samverkan::adapters {
namespace {

constexpr std::size_t kMaxFiles = 20;
constexpr std::size_t kMaxTotalBytes = 50u << 20;

// A board prefix: 1..8 upper-case letters A-Z, Å, Ä, Ö (UTF-8).
bool valid_board(std::string_view board) {
  std::size_t letters = 0;
  for (std::size_t i = 0; i < board.size();) {
    const char c = board[i];
    if (c >= 'A' && c <= 'Z') {
      i += 1;
    } else if (board.substr(i, 2) == "\xC3\x85" || board.substr(i, 2) == "\xC3\x84" ||
               board.substr(i, 2) == "\xC3\x96") {
      i += 2;
    } else {
      return false;
    }
    ++letters;
  }
  return letters >= 1 && letters <= 8;
}

// "KS 2026/142": a board prefix, a space, a four-digit year, '/', a serial number 1..999999.
bool valid_case_number(std::string_view text) {
  const auto space = text.find(' ');
  const auto slash = text.find('/');
  if (space == std::string_view::npos || slash == std::string_view::npos || slash != space + 5) return false;
  if (!valid_board(text.substr(0, space))) return false;
  for (std::size_t i = space + 1; i < slash; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const auto serial = text.substr(slash + 1);
  if (serial.empty() || serial.size() > 6 || serial[0] == '0') return false;
  for (char c : serial) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

void validate(const IncomingDocument& document) {
  if (!valid_board(document.board)) throw InvalidInput("board must be a diary prefix of 1..8 upper-case letters");
  detail::check_text(document.title, "title", 250);
  detail::check_text(document.sender, "sender", 200);
  if (!document.received.ok()) throw InvalidInput("received date is not a valid date");
  if (document.existing_case) {
    if (!valid_case_number(*document.existing_case)) {
      throw InvalidInput("existing case must be a case number such as 'KS 2026/142'");
    }
    if (document.existing_case->substr(0, document.existing_case->find(' ')) != document.board) {
      throw InvalidInput("existing case belongs to another board than " + document.board);
    }
  }
  if (document.secret) {
    detail::check_text(document.secrecy_reference, "secrecy reference (OSL paragraph)", 100);
  } else if (!document.secrecy_reference.empty()) {
    throw InvalidInput("a secrecy reference is given for a document that is not secret");
  }
  detail::check_optional_text(document.handling_unit, "handling unit", 100);
  if (document.direction == DocumentDirection::kOutgoing && !document.existing_case) {
    throw InvalidInput("an outgoing document is registered into an existing case; give the case number");
  }
  if (document.direction != DocumentDirection::kIncoming && document.direction != DocumentDirection::kOutgoing) {
    throw InvalidInput("direction must be incoming or outgoing");
  }
  detail::check_optional_text(document.case_type, "case type", 100);
  if (!document.case_type.empty() && document.existing_case) {
    throw InvalidInput("a case type is given only for a new case, not with an existing case");
  }
  if (document.files.size() > kMaxFiles) throw InvalidInput("a document has more than 20 files");
  std::size_t total = 0;
  for (const auto& file : document.files) {
    detail::check_text(file.file_name, "file name", 100);
    if (file.file_name.find_first_of("/\\") != std::string::npos || file.file_name.front() == '.') {
      throw InvalidInput("file name must not contain '/' or '\\' or start with '.'");
    }
    detail::check_text(file.content_type, "content type", 100);
    total += file.content.size();
  }
  if (total > kMaxTotalBytes) throw TooLarge("the document's files are larger than 50 MiB in all");
}

std::string content_fingerprint(const IncomingDocument& d) {
  std::string input;
  const auto add = [&input](std::string_view value) {
    input += std::to_string(value.size()) + ":";
    input += value;
  };
  add(d.board);
  add(d.title);
  add(d.sender);
  add(calendar::format_iso_date(d.received));
  add(d.existing_case.value_or(""));
  add(d.secret ? "secret" : "public");
  add(d.secrecy_reference);
  add(d.handling_unit);
  add(d.direction == DocumentDirection::kOutgoing ? "outgoing" : "incoming");
  add(d.case_type);
  for (const auto& file : d.files) {
    add(file.file_name);
    add(file.content_type);
    add(crypto::sha256_hex(file.content));
  }
  return crypto::sha256_hex(input);
}

}  // namespace samverkan::adapters

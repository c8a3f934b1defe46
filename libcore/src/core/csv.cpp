#include "samverkan/core/csv.hpp"

namespace samverkan::csv {

ParseError::ParseError(std::size_t line, const std::string& reason)
    : InvalidInput("line " + std::to_string(line) + ": " + reason), line_(line), reason_(reason) {}

std::vector<Record> read(std::string_view text, char separator) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<Record> records;
  Record record{1, {}};
  std::string field;
  std::size_t line = 1;
  bool in_quotes = false;     // between the quotes of a quoted field
  bool field_quoted = false;  // the current field started with a quote
  const auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    field_quoted = false;
  };
  // Called with `line` already on the next record's line.
  const auto end_record = [&] {
    // A line with nothing on it is no record; a line holding "" is one with an empty field.
    const bool blank = record.fields.empty() && field.empty() && !field_quoted;
    end_field();
    if (!blank) records.push_back(std::move(record));
    record = Record{line, {}};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n' || (c == '\r' && !crlf)) ++line;
        field += c;
      }
    } else if (c == separator) {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (crlf) ++i;
      ++line;
      end_record();
    } else if (field_quoted) {
      throw ParseError(line, "text after a closing quote");
    } else if (c == '"') {
      if (!field.empty()) throw ParseError(line, "a quote inside an unquoted field");
      in_quotes = true;
      field_quoted = true;
    } else {
      field += c;
    }
  }
  if (in_quotes) throw ParseError(record.line, "a quoted field is not closed");
  end_record();
  return records;
}

std::string format_line(const std::vector<std::string>& fields, char separator) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += separator;
    const std::string& value = fields[i];
    // A field that starts with a byte-order mark is quoted too: unquoted at the start of a file,
    // a reader would skip the mark as the file's own (found by fuzz/personec_csv_fuzz.cpp).
    const bool leading_bom = value.rfind("\xEF\xBB\xBF", 0) == 0;
    if (!leading_bom && value.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string::npos) {
      line += value;
      continue;
    }
    line += '"';
    for (const char c : value) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  return line + "\r\n";
}

}  // namespace samverkan::csv

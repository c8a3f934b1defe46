#include "samverkan/adapters/personec_csv/csv.hpp"

#include "samverkan/core/error.hpp"
#include "samverkan/core/text.hpp"

namespace samverkan::adapters::personec_csv {
std::vector<CsvRecord> parse_csv(std::string_view text, char delimiter) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record{1, {}};
  std::string field;
  int line = 1;
  bool in_quotes = false;     // between the quotes of a quoted field
  bool field_quoted = false;  // the current field was quoted
  const auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  const auto end_record = [&] {
    // A line with nothing on it is no record; a line holding "" is one with an empty field.
    const bool blank = record.fields.size() == 1 && record.fields.front().empty() && !field_quoted;
    if (!blank) records.push_back(std::move(record));
    record = CsvRecord{line, {}};
    field_quoted = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == delimiter) {
      end_field();
      field_quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // the '\n' ends the record
    } else if (c == '\n') {
      end_field();
      ++line;
      end_record();
    } else if (c == '"' && field.empty() && !field_quoted) {
      in_quotes = true;
      field_quoted = true;
    } else if (field_quoted) {
      throw InvalidInput("line " + std::to_string(line) + ": text after a closing quote");
    } else if (c == '"') {
      throw InvalidInput("line " + std::to_string(line) + ": a quote inside an unquoted field");
    } else {
      field += c;
    }
  }
  if (in_quotes) throw InvalidInput("line " + std::to_string(record.line) + ": a quoted field is not closed");
  if (!field.empty() || field_quoted || !record.fields.empty()) {
    end_field();
    end_record();
  }
  return records;
}

std::string format_csv_line(const std::vector<std::string>& fields, char delimiter) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += delimiter;
    const std::string& value = fields[i];
    // A field that starts with a byte-order mark is quoted too: unquoted at the start of a file,
    // a reader would skip the mark as the file's own (found by fuzz/personec_csv_fuzz.cpp).
    const bool leading_bom = value.rfind("\xEF\xBB\xBF", 0) == 0;
    if (!leading_bom && value.find_first_of(std::string{delimiter, '"', '\r', '\n'}) == std::string::npos) {
      line += value;
      continue;
    }
    line += '"';
    for (char c : value) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  return line + "\r\n";
}

std::string to_utf8(std::string_view bytes, TextEncoding encoding) {
  if (encoding == TextEncoding::kWindows1252) return text::windows1252_to_utf8(bytes);
  if (!text::is_valid_utf8(bytes)) throw InvalidInput("the file is not valid UTF-8");
  return std::string(bytes);
}

std::string from_utf8(std::string_view utf8, TextEncoding encoding) {
  if (encoding == TextEncoding::kWindows1252) return text::utf8_to_windows1252(utf8);
  if (!text::is_valid_utf8(utf8)) throw InvalidInput("the text is not valid UTF-8");
  return std::string(utf8);
}

}  // namespace samverkan::adapters::personec_csv

#include "samverkan/adapters/eksjo/csv.hpp"

#include "samverkan/core/error.hpp"

namespace samverkan::adapters::eksjo {
namespace {

// Windows-1252 0x80..0x9F; 0 marks the five undefined bytes.
constexpr char32_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Decodes one UTF-8 sequence at `i`, advancing it; returns U+FFFFFFFF for an invalid one.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  constexpr char32_t kInvalid = 0xFFFFFFFF;
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t extra = 0;
  char32_t code = 0;
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1;
    code = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2;
    code = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3;
    code = lead & 0x07u;
  } else {
    return kInvalid;
  }
  if (i + extra >= text.size()) return kInvalid;
  for (std::size_t k = 1; k <= extra; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0u) != 0x80u) return kInvalid;
    code = (code << 6) | (next & 0x3Fu);
  }
  if ((extra == 2 && code < 0x800) || (extra == 3 && (code < 0x10000 || code > 0x10FFFF)) ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    return kInvalid;
  }
  i += extra + 1;
  return code;
}

}  // namespace

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
    if (value.find_first_of(std::string{delimiter, '"', '\r', '\n'}) == std::string::npos) {
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
  if (encoding == TextEncoding::kUtf8) {
    for (std::size_t i = 0; i < bytes.size();) {
      if (next_code_point(bytes, i) == 0xFFFFFFFF) throw InvalidInput("the file is not valid UTF-8");
    }
    return std::string(bytes);
  }
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    char32_t code = byte;
    if (byte >= 0x80 && byte <= 0x9F) {
      code = kWindows1252High[byte - 0x80];
      if (code == 0) throw InvalidInput("the file has a byte that is undefined in Windows-1252");
    }
    append_utf8(out, code);
  }
  return out;
}

std::string from_utf8(std::string_view text, TextEncoding encoding) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t code = next_code_point(text, i);
    if (code == 0xFFFFFFFF) throw InvalidInput("text is not valid UTF-8");
    if (encoding == TextEncoding::kUtf8) {
      append_utf8(out, code);
      continue;
    }
    if (code < 0x80 || (code >= 0xA0 && code <= 0xFF)) {
      out += static_cast<char>(code);
      continue;
    }
    bool found = false;
    for (unsigned k = 0; k < 32; ++k) {
      if (kWindows1252High[k] == code && code != 0) {
        out += static_cast<char>(0x80 + k);
        found = true;
        break;
      }
    }
    if (!found) throw InvalidInput("text has a character that Windows-1252 cannot hold");
  }
  return out;
}

}  // namespace samverkan::adapters::eksjo

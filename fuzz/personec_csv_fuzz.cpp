// The Personec export CSV (libcore's csv::read and the connector's encoding conversion):
// what the HR system drops into a folder every night. Input: one byte chooses the delimiter,
// one the file's encoding, the rest is the file.
// Invariants: conversion to UTF-8 yields valid UTF-8 that converts back to the same bytes;
// records start on increasing lines; writing the records with format_line and reading them
// again gives the same fields; failures are InvalidInput that never repeat digits of the input.
// Thin on purpose: it calls the entry points the connector (adapters/personec_csv) calls.
#include <cstddef>
#include <cstdint>

#include "samverkan/adapters/personec_csv/csv.hpp"
#include "samverkan/core/csv.hpp"
#include "samverkan/core/error.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;
namespace personec = samverkan::adapters::personec_csv;

namespace {

// A record of one empty field is an empty line, which the reader skips by design.
std::vector<std::vector<std::string>> fields_of(const std::vector<csv::Record>& records) {
  std::vector<std::vector<std::string>> out;
  for (const auto& record : records) {
    if (record.fields.size() == 1 && record.fields.front().empty()) continue;
    out.push_back(record.fields);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static constexpr char kDelimiters[] = {';', ',', '\t', '|'};
  const char delimiter = kDelimiters[data[0] % 4];
  const auto encoding = data[1] % 2 == 0 ? adapters::TextEncoding::kUtf8 : adapters::TextEncoding::kWindows1252;
  const auto bytes = fuzz::as_text(data + 2, size - 2);
  std::string text;
  try {
    text = personec::to_utf8(bytes, encoding);
  } catch (const InvalidInput& e) {
    fuzz::check_no_identifier_echo(e.what(), bytes);
    return 0;
  }
  check(fuzz::valid_utf8(text), "to_utf8() yields UTF-8");
  check(personec::from_utf8(text, encoding) == bytes || bytes.rfind("\xEF\xBB\xBF", 0) == 0,
        "converting back gives the file's bytes");
  try {
    const auto records = csv::read(text, delimiter);
    std::size_t line = 0;
    std::string written;
    for (const auto& record : records) {
      check(record.line > line, "records start on increasing lines");
      line = record.line;
      written += csv::format_line(record.fields, delimiter);
    }
    const auto again = csv::read(written, delimiter);
    check(fields_of(again) == fields_of(records), "format_line() writes what read() reads back");
  } catch (const InvalidInput& e) {
    check(std::string_view(e.what()).rfind("line ", 0) == 0, "a CSV error names its line", e.what());
    fuzz::check_no_identifier_echo(e.what(), text);
  }
  return 0;
}

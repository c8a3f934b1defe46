#pragma once
// What the fuzz targets share: invariant checks that stop the run with a finding (libFuzzer
// records the input as a crash), a scratch folder, and small decoders of fuzz input.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace samverkan::fuzz {

/// Reports a broken invariant with the message and aborts: libFuzzer saves the input.
[[noreturn]] void fail(std::string_view invariant, std::string_view detail = {});

/// fail() unless `condition`.
inline void check(bool condition, std::string_view invariant, std::string_view detail = {}) {
  if (!condition) fail(invariant, detail);
}

/// fail() when `message` repeats a run of 6 or more digits of `input` (a personnummer, an
/// organisation number or a long part of one): errors never echo identifiers.
void check_no_identifier_echo(std::string_view message, std::string_view input);

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view text);

/// The fuzz input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// A folder of this process (created on first use, removed at exit) for targets that must
/// parse files.
const std::filesystem::path& scratch_dir();

/// Writes `content` to scratch_dir()/name and returns the path.
std::filesystem::path write_scratch(const std::string& name, std::string_view content);

/// The repository's source folder (xsd/, examples/) and the shared reference folder beside it.
std::filesystem::path source_dir();
std::filesystem::path shared_dir();

/// A reference date 1890-01-01 .. 2145-12-28 chosen by two input bytes (for the century rules).
std::chrono::year_month_day reference_date(std::uint8_t a, std::uint8_t b);

}  // namespace samverkan::fuzz

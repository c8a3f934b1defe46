#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace samverkan::fuzz {

void fail(std::string_view invariant, std::string_view detail) {
  std::fprintf(stderr, "\n*** invariant broken: %.*s\n", static_cast<int>(invariant.size()), invariant.data());
  if (!detail.empty()) std::fprintf(stderr, "*** %.*s\n", static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void check_no_identifier_echo(std::string_view message, std::string_view input) {
  constexpr std::size_t kRun = 6;
  std::size_t i = 0;
  while (i < input.size()) {
    if (input[i] < '0' || input[i] > '9') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < input.size() && input[end] >= '0' && input[end] <= '9') ++end;
    // Every window of kRun digits of the run must be absent from the message.
    for (std::size_t start = i; start + kRun <= end; ++start) {
      if (message.find(input.substr(start, kRun)) != std::string_view::npos) {
        fail("an error message repeats digits of the input (an identifier?)", message);
      }
    }
    i = end;
  }
}

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

namespace {

struct Scratch {
  std::filesystem::path path;
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "samverkan-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) fail("cannot make a scratch folder");
    path = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

const std::filesystem::path& scratch_dir() {
  static const Scratch scratch;
  return scratch.path;
}

std::filesystem::path write_scratch(const std::string& name, std::string_view content) {
  const auto file = scratch_dir() / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) fail("cannot write a scratch file", file.string());
  return file;
}

std::filesystem::path source_dir() { return SAMVERKAN_SOURCE_DIR; }
std::filesystem::path shared_dir() { return SAMVERKAN_SHARED_DIR; }

std::chrono::year_month_day reference_date(std::uint8_t a, std::uint8_t b) {
  using namespace std::chrono;
  const auto first = sys_days(year(1890) / January / 1);
  return year_month_day(first + days(static_cast<int>(a) * 365 + static_cast<int>(b)));
}

}  // namespace samverkan::fuzz

// The bulk-mail CSV (`samverkan mail bulk FILE.csv`), through its entry point run_mail_bulk:
// every row is read and checked before anything is sent, so with a server that cannot be
// reached the run ends in the CSV check or at the first connection. Input: the file.
// Invariants: the command fails with exit code 1 and a reason (nothing can be sent), and its
// messages never repeat six or more digits of the file (a personnummer), file paths the file
// names aside. Thin on purpose: it calls the entry point, which reads the CSV with libcore's
// reader.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "samverkan/server/cli_mail_client.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

namespace {

server::MailBulkOptions options() {
  static const auto ca = tls::ensure_dev_certificate(fuzz::scratch_dir() / "tls").certificate;
  static const bool files = [] {
    fuzz::write_scratch("body.txt", "Hej!\n");
    fuzz::write_scratch("letter.pdf", "%PDF-1.4\n%%EOF\n");
    return true;
  }();
  (void)files;
  server::MailBulkOptions o;
  o.server.server = "https://127.0.0.1:1";  // nothing listens on port 1
  o.server.client_id = "fuzz";
  o.server.client_secret = "secret";
  o.server.municipality = "0604";
  o.server.ca = ca;
  o.server.wait_timeout = std::chrono::seconds(1);
  o.csv = fuzz::scratch_dir() / "letters.csv";
  o.wait = false;
  return o;
}

// The messages without the file paths they name: a bodyFile or attachment path is the user's
// own text and is named back on purpose ("cannot read the attachment PATH", relative paths
// resolved against the CSV's folder, absolute ones as written). Each line's "FILE.csv:LINE: "
// prefix goes too; a path runs to the end of its line.
std::string without_paths(const std::string& text) {
  const std::string scratch = fuzz::scratch_dir().string();
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    const std::string prefix = scratch + "/letters.csv:";
    if (const auto at = line.find(prefix); at != std::string::npos) {
      const auto after = line.find(": ", at + prefix.size());
      line.erase(at, after == std::string::npos ? std::string::npos : after + 2 - at);
    }
    if (const auto at = line.find(scratch); at != std::string::npos) line.erase(at);
    for (const std::string named : {"cannot read the attachment ", "cannot read the body file "}) {
      if (const auto at = line.find(named); at != std::string::npos) line.erase(at + named.size());
    }
    out += line + '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const auto o = options();
  const auto text = fuzz::as_text(data, size);
  fuzz::write_scratch("letters.csv", text);
  auto progress = o.csv;
  progress += ".progress";
  std::filesystem::remove(progress);
  std::ostringstream out, err;
  const int code = server::run_mail_bulk(o, out, err);
  std::filesystem::remove(progress);
  check(code == 1, "a run that cannot reach the server fails with exit code 1", err.str());
  check(err.str().rfind("samverkan mail bulk: ", 0) == 0, "the reason is printed", err.str());
  fuzz::check_no_identifier_echo(without_paths(err.str()), text);
  fuzz::check_no_identifier_echo(without_paths(out.str()), text);
  return 0;
}

#pragma once
// Test helpers that look inside a PDF: its page objects and, through poppler's pdftotext
// (poppler-utils, installed by scripts/install-deps.sh --test), its text.
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace samverkan::test {

/// Number of page objects ("/Type /Page", not "/Pages") in a PDF.
inline int pdf_page_objects(const std::string& pdf) {
  static const std::regex page(R"(/Type\s*/Page(?![a-zA-Z]))");
  return static_cast<int>(std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator()));
}

/// The PDF's text as pdftotext extracts it (pages separated by form feeds); throws when the
/// file is not a readable PDF.
inline std::string pdf_to_text(const std::string& pdf, const std::vector<std::string>& options = {}) {
  TempDir dir;
  const auto file = dir.write("doc.pdf", pdf);
  std::vector<std::string> args = options;
  args.push_back("-enc");
  args.push_back("UTF-8");
  args.push_back(file.string());
  args.push_back("-");
  Poco::Pipe out;
  Poco::Pipe err;
  Poco::ProcessHandle handle = Poco::Process::launch("pdftotext", args, nullptr, &out, &err);
  Poco::PipeInputStream out_stream(out);
  Poco::PipeInputStream err_stream(err);
  std::string text;
  std::string errors;
  Poco::StreamCopier::copyToString(out_stream, text);
  Poco::StreamCopier::copyToString(err_stream, errors);
  if (handle.wait() != 0) throw std::runtime_error("pdftotext failed: " + errors);
  return text;
}

/// The value of an Info-dictionary entry (/Title, /Author) as cairo writes it, decoded from a
/// UTF-16BE hex string <FEFF...> when it is one; empty when absent.
inline std::string pdf_info(const std::string& pdf, const std::string& key) {
  TempDir dir;
  const auto file = dir.write("doc.pdf", pdf);
  Poco::Pipe out;
  Poco::ProcessHandle handle =
      Poco::Process::launch("pdfinfo", {"-enc", "UTF-8", file.string()}, nullptr, &out, nullptr);
  Poco::PipeInputStream out_stream(out);
  std::string text;
  Poco::StreamCopier::copyToString(out_stream, text);
  if (handle.wait() != 0) throw std::runtime_error("pdfinfo failed");
  const std::string prefix = key + ":";
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    if (line.rfind(prefix, 0) == 0) {
      std::size_t value = prefix.size();
      while (value < line.size() && line[value] == ' ') ++value;
      return line.substr(value);
    }
    at = end + 1;
  }
  return {};
}

}  // namespace samverkan::test

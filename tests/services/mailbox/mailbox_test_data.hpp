#pragma once
// Deliveries, PDFs and small helpers shared by the mailbox tests (header-only).
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

#include "mailbox_test_pki.hpp"
#include "samverkan/mailbox/message.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::mailbox::test {

/// The Skatteverket test personnummer "Tolvan Tolvansson".
inline constexpr const char* kRecipient = "191212121212";

/// A small but real PDF document (one empty page).
inline std::string minimal_pdf() {
  return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
         "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
}

/// A valid delivery from the test municipality with one message and one attachment.
inline Delivery valid_delivery() {
  Delivery delivery;
  delivery.sender_organisation_number = kMunicipalityOrg;
  delivery.sender_name = "Testkommunen";
  delivery.recipient = kRecipient;
  delivery.reference = "KS 2026/0042";
  delivery.correlation_id = "c0ffee00-0000-4000-8000-000000000001";
  Message message;
  message.id = "msg-1";
  message.subject = "Beslut om bygglov – Åsa & Örjan <test>";
  message.support.text = "Kontakta kommunens kontaktcenter";
  message.support.url = "https://testkommunen.se/kontakt";
  message.support.phone_number = "+46 60 19 10 00";
  message.support.email = "kontakt@testkommunen.se";
  message.reply = ReplyOption::kNotAllowed;
  message.receipt = ReceiptOption::kSimple;
  message.body_type = BodyType::kTextPlain;
  message.body = "Hej!\nDitt ärende är beslutat. Se bilagan.\n";
  message.attachments.push_back(Attachment{"beslut.pdf", minimal_pdf()});
  delivery.messages.push_back(std::move(message));
  return delivery;
}

/// The Mina meddelanden reference folder (../shared/reference/minameddelanden).
inline std::filesystem::path reference_dir() { return samverkan::test::shared_dir() / "reference" / "minameddelanden"; }
inline std::filesystem::path schema_dir() { return reference_dir() / "schema"; }

/// Runs a shell command; returns its exit status and its stdout+stderr.
inline std::pair<int, std::string> run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

/// Single-quotes a path for /bin/sh.
inline std::string quoted(const std::filesystem::path& path) {
  std::string out = "'";
  for (char c : path.string()) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Replaces the first occurrence of `from` (which must exist) in `text`.
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("test setup: '" + from + "' not found");
  return text.replace(at, from.size(), to);
}

}  // namespace samverkan::mailbox::test

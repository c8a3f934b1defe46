#include "samverkan/server/cli_mail_client.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "detail/cli_support.hpp"
#include "samverkan/core/base64.hpp"
#include "samverkan/core/csv.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/ids/personnummer.hpp"

namespace samverkan::server {

const char* const kMailBulkCsvHelp =
    "FILE.csv: UTF-8, a header row naming the columns (any order, ',' or ';' between fields, \"quoted\" fields "
    "may hold the separator, quotes (\"\") and line breaks):\n"
    "  personnummer  required: the recipient (personnummer or samordningsnummer)\n"
    "  subject       required: at most 255 characters\n"
    "  body          the letter's text, or\n"
    "  bodyFile      a UTF-8 text file with it (relative paths from the CSV's folder); one of the two\n"
    "  attachment    optional: a PDF file attached to the letter (and printed on the paper route)\n"
    "  caseNumber    optional: the case number (diarienummer), also the letter's reference\n"
    "  name, careOf, street, postalCode, city: optional postal address for the paper route\n"
    "                (name, street, postalCode and city together, or none of them)\n"
    "Each row becomes one letter with clientRequestId csv-<first 16 hex of the file's SHA-256>-<line>, so\n"
    "sending the same file again never sends a letter twice. FILE.csv.progress (beside the file) records\n"
    "what was accepted; an interrupted run continues where it stopped.";

namespace cli {

// Declared in detail/cli_support.hpp; defined here, where the bulk-mail fuzz target links it.
std::string read_file(const std::filesystem::path& file, const char* what, std::size_t limit) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput(std::string("cannot read the ") + what + " " + file.string());
  // Read in pieces up to the limit: a buffer of the limit's size (1 GiB for the CSV) filled with
  // zeros first took seconds for every small file (found by fuzz/bulk_mail_csv_fuzz.cpp).
  std::string content;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (content.size() > limit) {
      throw TooLarge(std::string("the ") + what + " " + file.string() + " is larger than " + std::to_string(limit) +
                     " bytes");
    }
  }
  return content;
}

}  // namespace cli

namespace {

using Object = Poco::JSON::Object;

// The body of a request, at most what the server takes (1 MiB) with room to spare.
constexpr std::size_t kMaxRequestBytes = std::size_t{900} * 1024;
constexpr std::size_t kMaxLetterFileBytes = std::size_t{2} * 1024 * 1024;

std::string to_text(const Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

Object::Ptr parse_json(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(text).extract<Object::Ptr>();
    if (object) return object;
  } catch (const Poco::Exception&) {
  } catch (const std::exception&) {
  }
  throw Unavailable("the server's answer is not the JSON expected");
}

std::size_t utf8_length(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// ---------------------------------------------------------------------------------------------
// The platform's API over HTTPS with an API client's access token.

struct Reply {
  int status = 0;
  std::string body;
};

class ApiClient {
 public:
  explicit ApiClient(const MailServerOptions& options) : options_(options) {
    Poco::URI uri;
    try {
      uri = Poco::URI(options.server);
    } catch (const Poco::Exception&) {
      throw InvalidInput("--server: not a URL: " + options.server);
    }
    if (uri.getScheme() != "https" || uri.getHost().empty() || (!uri.getPath().empty() && uri.getPath() != "/")) {
      throw InvalidInput("--server: use https://host[:port] (got " + options.server + ")");
    }
    host_ = uri.getHost();
    port_ = uri.getPort();
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
    try {
      context_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "",
                                        options.ca ? options.ca->string() : std::string(),
                                        Poco::Net::Context::VERIFY_STRICT, 9, !options.ca.has_value());
    } catch (const Poco::Exception& e) {
      throw InvalidInput("--ca: cannot load " + (options.ca ? options.ca->string() : std::string("the system's CAs")) +
                         ": " + e.displayText());
    }
    context_->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  }

  // A call of the API with the access token; a token that expired is renewed once.
  Reply call(const std::string& method, const std::string& path, const std::string& json = {}) {
    if (token_.empty()) token_ = fetch_token();
    Reply reply = send(method, path, json, "application/json", "Bearer " + token_);
    if (reply.status == 401) {
      token_ = fetch_token();
      reply = send(method, path, json, "application/json", "Bearer " + token_);
    }
    return reply;
  }

  std::string authority() const { return host_ + ":" + std::to_string(port_); }

 private:
  std::string fetch_token() {
    const auto encode = [](const std::string& text) {
      std::string encoded;
      Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]~", encoded);
      return encoded;
    };
    const std::string form =
        "grant_type=client_credentials&scope=mailbox%3Asend&client_id=" + encode(options_.client_id) +
        "&client_secret=" + encode(options_.client_secret);
    const Reply reply = send("POST", "/oauth/token", form, "application/x-www-form-urlencoded", {});
    if (reply.status == 400 || reply.status == 401) {
      std::string reason;
      try {
        const auto answer = parse_json(reply.body);
        reason = answer->optValue<std::string>("error_description", answer->optValue<std::string>("error", ""));
      } catch (const Error&) {
      }
      throw Unauthenticated("the server refused the client credentials of " + options_.client_id +
                            (reason.empty() ? std::string() : ": " + reason));
    }
    if (reply.status != 200) {
      throw Unavailable("the token endpoint of " + authority() + " answered " + std::to_string(reply.status));
    }
    const auto answer = parse_json(reply.body);
    auto token = answer->optValue<std::string>("access_token", "");
    if (token.empty()) throw Unavailable("the token endpoint gave no access token");
    return token;
  }

  Reply send(const std::string& method, const std::string& path, const std::string& body,
             const std::string& content_type, const std::string& authorization) {
    try {
      Poco::Net::HTTPSClientSession session(host_, port_, context_);
      session.setTimeout(Poco::Timespan(120, 0));
      Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
      request.set("Accept", "application/json");
      if (!authorization.empty()) request.set("Authorization", authorization);
      if (method == "POST") {
        request.setContentType(content_type);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << body;
      } else {
        session.sendRequest(request);
      }
      Poco::Net::HTTPResponse response;
      auto& in = session.receiveResponse(response);
      Reply reply;
      reply.status = static_cast<int>(response.getStatus());
      Poco::StreamCopier::copyToString(in, reply.body);
      return reply;
    } catch (const Poco::Exception& e) {
      throw Unavailable("cannot reach " + authority() + ": " + e.displayText());
    }
  }

  const MailServerOptions& options_;
  std::string host_;
  std::uint16_t port_ = 443;
  Poco::Net::Context::Ptr context_;
  std::string token_;
};

// The detail of a problem+json answer (or the status when there is none).
std::string problem_detail(const Reply& reply) {
  try {
    const auto problem = parse_json(reply.body);
    const auto detail = problem->optValue<std::string>("detail", "");
    if (!detail.empty()) return detail + " (" + std::to_string(reply.status) + ")";
  } catch (const Error&) {
  }
  return "the server answered " + std::to_string(reply.status);
}

// An answer other than 2xx as the error kind it means.
[[noreturn]] void raise(const Reply& reply) {
  const std::string detail = problem_detail(reply);
  switch (reply.status) {
    case 400:
      throw InvalidInput(detail);
    case 401:
      throw Unauthenticated(detail);
    case 403:
      throw Forbidden(detail + "; does the API client have the scope mailbox:send?");
    case 404:
      throw NotFound(detail + "; is --municipality the API client's own municipality?");
    case 409:
      throw Conflict(detail);
    case 413:
      throw TooLarge(detail);
    default:
      throw Unavailable(detail);
  }
}

std::string messages_path(const MailServerOptions& options) {
  return "/api/v1/municipalities/" + options.municipality + "/messages";
}

void check_server_options(const MailServerOptions& options) {
  if (options.client_secret.empty()) {
    throw InvalidInput("set the API client's secret in the environment variable SAMVERKAN_CLIENT_SECRET");
  }
  (void)ids::Kommunkod::parse(options.municipality);
}

bool final_status(const std::string& status) {
  return status == "delivered" || status == "paper" || status == "failed";
}

// ---------------------------------------------------------------------------------------------
// CSV

// The records of the letter list, read by libcore's CSV reader (RFC 4180). The separator:
// ';' when the header has one and no ',' (Swedish spreadsheets), else ','. Throws InvalidInput
// "FILE:LINE: reason" for a text that is not CSV.
std::vector<csv::Record> parse_csv(const std::string& text, const std::string& file) {
  const std::size_t start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // a byte-order mark
  const std::string header = text.substr(start, text.find('\n', start) - start);
  const char separator = header.find(';') != std::string::npos && header.find(',') == std::string::npos ? ';' : ',';
  try {
    return csv::read(text, separator);
  } catch (const csv::ParseError& e) {
    throw InvalidInput(file + ":" + std::to_string(e.line()) + ": " + e.reason());
  }
}

struct CsvLetter {
  std::size_t line = 0;
  std::string recipient;
  std::string subject;
  std::optional<std::string> body;
  std::optional<std::filesystem::path> body_file;
  std::optional<std::filesystem::path> attachment;
  std::optional<std::string> case_number;
  std::optional<std::string> name, care_of, street, postal_code, city;
};

struct CsvFile {
  std::string sha256;
  std::vector<CsvLetter> letters;
};

// Reads and checks every row; throws InvalidInput listing the bad rows as FILE:LINE: reason.
CsvFile read_csv(const std::filesystem::path& path) {
  const std::string content = cli::read_file(path, "CSV file", std::size_t{1} << 30);
  CsvFile result;
  result.sha256 = crypto::sha256_hex(content);
  const std::string name = path.string();
  const auto records = parse_csv(content, name);
  if (records.empty()) throw InvalidInput(name + ": empty (a header row and one row per letter)");
  std::map<std::string, std::size_t> columns;
  static const std::set<std::string> kKnown = {"personnummer", "subject",    "body", "bodyfile",
                                               "attachment",   "casenumber", "name", "careof",
                                               "street",       "postalcode", "city"};
  for (std::size_t i = 0; i < records[0].fields.size(); ++i) {
    std::string column;
    for (const char c : records[0].fields[i]) {
      if (c != ' ' && c != '_' && c != '-')
        column.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (!kKnown.contains(column)) {
      // A name is quoted back (a typo is then easy to see); anything else, such as the first
      // letter's row when the header row is missing, is not: it may hold a personnummer.
      const std::string& cell = records[0].fields[i];
      const bool a_name =
          !cell.empty() && cell.size() <= 40 &&
          cell.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz _-") == std::string::npos;
      throw InvalidInput(name + ":1: unknown column " +
                         (a_name ? "'" + cell + "'" : std::to_string(i + 1) + " (is the header row missing?)") +
                         " (see --help for the columns)");
    }
    if (!columns.emplace(column, i).second) throw InvalidInput(name + ":1: column '" + column + "' twice");
  }
  for (const char* required : {"personnummer", "subject"}) {
    if (!columns.contains(required)) throw InvalidInput(name + ":1: no column '" + std::string(required) + "'");
  }
  if (!columns.contains("body") && !columns.contains("bodyfile")) {
    throw InvalidInput(name + ":1: no column 'body' or 'bodyFile'");
  }
  if (records.size() == 1) throw InvalidInput(name + ": no letters (only the header row)");

  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::vector<std::string> problems;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& record = records[r];
    const auto where = name + ":" + std::to_string(record.line) + ": ";
    const auto cell = [&](const char* column) -> std::optional<std::string> {
      const auto found = columns.find(column);
      if (found == columns.end() || found->second >= record.fields.size()) return std::nullopt;
      std::string value = record.fields[found->second];
      const auto first = value.find_first_not_of(" \t");
      if (first == std::string::npos) return std::nullopt;
      value.erase(0, first);
      value.erase(value.find_last_not_of(" \t") + 1);
      return value;
    };
    if (record.fields.size() > records[0].fields.size()) {
      problems.push_back(where + "more fields (" + std::to_string(record.fields.size()) + ") than the header has (" +
                         std::to_string(records[0].fields.size()) + ")");
      continue;
    }
    CsvLetter letter;
    letter.line = record.line;
    const auto problem = [&](const std::string& text) { problems.push_back(where + text); };
    if (auto value = cell("personnummer")) {
      try {
        letter.recipient = ids::Personnummer::parse_any(*value).digits();
      } catch (const Error& e) {
        problem(std::string("personnummer: ") + e.what());
      }
    } else {
      problem("personnummer: required");
    }
    if (auto value = cell("subject")) {
      letter.subject = *value;
      if (utf8_length(*value) > 255) problem("subject: at most 255 characters");
    } else {
      problem("subject: required");
    }
    letter.body = cell("body");
    if (auto file = cell("bodyfile")) letter.body_file = folder / *file;
    if (letter.body && letter.body_file) problem("give body or bodyFile, not both");
    if (!letter.body && !letter.body_file) problem("body: required (or bodyFile)");
    if (letter.body_file) {
      try {
        if (cli::read_file(*letter.body_file, "body file", kMaxLetterFileBytes).empty()) problem("bodyFile: empty");
      } catch (const Error& e) {
        problem(std::string("bodyFile: ") + e.what());
      }
    }
    if (auto file = cell("attachment")) {
      letter.attachment = folder / *file;
      try {
        if (cli::read_file(*letter.attachment, "attachment", kMaxLetterFileBytes).rfind("%PDF-", 0) != 0) {
          problem("attachment: " + letter.attachment->string() + " is not a PDF");
        }
      } catch (const Error& e) {
        problem(std::string("attachment: ") + e.what());
      }
    }
    letter.case_number = cell("casenumber");
    letter.name = cell("name");
    letter.care_of = cell("careof");
    letter.street = cell("street");
    letter.postal_code = cell("postalcode");
    letter.city = cell("city");
    const int address_parts =
        (letter.name ? 1 : 0) + (letter.street ? 1 : 0) + (letter.postal_code ? 1 : 0) + (letter.city ? 1 : 0);
    if (address_parts != 0 && address_parts != 4) {
      problem("postal address: give name, street, postalCode and city together");
    }
    result.letters.push_back(std::move(letter));
  }
  if (!problems.empty()) {
    std::string text =
        std::to_string(problems.size()) + " bad row" + (problems.size() == 1 ? "" : "s") + ", nothing was sent:";
    for (std::size_t i = 0; i < problems.size() && i < 50; ++i) text += "\n  " + problems[i];
    if (problems.size() > 50) text += "\n  ... and " + std::to_string(problems.size() - 50) + " more";
    throw InvalidInput(text);
  }
  return result;
}

// The JSON of one letter of the CSV (files read now, so memory holds one batch at a time).
Object letter_json(const CsvLetter& letter, const std::string& client_request_id, const std::string& support_text) {
  Object out;
  out.set("clientRequestId", client_request_id);
  out.set("recipient", letter.recipient);
  out.set("subject", letter.subject);
  out.set("body", letter.body ? *letter.body : cli::read_file(*letter.body_file, "body file", kMaxLetterFileBytes));
  Object support;
  support.set("text", support_text);
  out.set("support", support);
  if (letter.case_number) {
    out.set("reference", *letter.case_number);
    out.set("caseNumber", *letter.case_number);
  }
  if (letter.attachment) {
    Object attachment;
    attachment.set("filename", letter.attachment->filename().string());
    attachment.set("content", base64::encode(cli::read_file(*letter.attachment, "attachment", kMaxLetterFileBytes)));
    Poco::JSON::Array attachments;
    attachments.add(attachment);
    out.set("attachments", attachments);
  }
  if (letter.name) {
    Object address;
    address.set("name", *letter.name);
    if (letter.care_of) address.set("careOf", *letter.care_of);
    Poco::JSON::Array street;
    street.add(*letter.street);
    address.set("street", street);
    address.set("postalCode", *letter.postal_code);
    address.set("city", *letter.city);
    out.set("postalAddress", address);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The progress file beside the CSV:
//   samverkan-mail-bulk 1 <sha256 of the CSV> <kommunkod>
//   batch <batch id>
//   letter <line> <message id>
// appended (and synced) after every accepted batch; a line cut short by a kill is ignored.

struct Progress {
  std::filesystem::path file;
  std::vector<std::string> batches;
  std::map<std::size_t, std::string> letters;  // line -> message id
};

Progress load_progress(const std::filesystem::path& csv, const std::string& sha256, const std::string& municipality) {
  Progress progress;
  progress.file = csv;
  progress.file += ".progress";
  std::ifstream in(progress.file, std::ios::binary);
  if (!in) return progress;
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  // Only complete lines count; a line cut short by a kill is cut off the file too, so that
  // what is appended next starts on a line of its own.
  const std::size_t complete = content.rfind('\n') == std::string::npos ? 0 : content.rfind('\n') + 1;
  if (complete != content.size()) {
    content.resize(complete);
    std::error_code error;
    std::filesystem::resize_file(progress.file, complete, error);
    if (error) throw Unavailable("cannot repair the progress file " + progress.file.string());
  }
  if (content.empty()) {  // killed while writing the first line: nothing was sent yet
    std::filesystem::remove(progress.file);
    return progress;
  }
  std::istringstream lines(content);
  std::string line;
  std::getline(lines, line);
  std::istringstream head(line);
  std::string magic, version, hash, code;
  head >> magic >> version >> hash >> code;
  if (magic != "samverkan-mail-bulk" || version != "1") {
    throw InvalidInput(progress.file.string() + " is not a progress file of samverkan mail bulk; move it away");
  }
  std::size_t sent = 0;
  std::vector<std::pair<std::size_t, std::string>> letters;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string kind;
    fields >> kind;
    if (kind == "batch") {
      std::string id;
      fields >> id;
      progress.batches.push_back(id);
    } else if (kind == "letter") {
      std::size_t at = 0;
      std::string id;
      if (fields >> at >> id) letters.emplace_back(at, id), ++sent;
    }
  }
  if (hash != sha256 || code != municipality) {
    throw InvalidInput(progress.file.string() + " records " + std::to_string(sent) + " letters sent from " +
                       (code != municipality ? "municipality " + code : std::string("another version of this file")) +
                       "; the file changed since then, and sending it now would send those rows again. Move the "
                       "progress file away to send the file as new letters anyway");
  }
  for (auto& [at, id] : letters) progress.letters[at] = std::move(id);
  return progress;
}

void append_progress(const std::filesystem::path& file, const std::string& text) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) throw Unavailable("cannot write the progress file " + file.string());
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool ok = written == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw Unavailable("cannot write the progress file " + file.string());
}

// ---------------------------------------------------------------------------------------------
// What the user sees while it runs: a bar on a terminal, plain lines otherwise.

class ProgressView {
 public:
  ProgressView(std::ostream& out, bool bar) : out_(out), bar_(bar) {}

  void update(const std::string& what, std::size_t done, std::size_t total) {
    if (!bar_) return;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
    out_ << "\r" << what << " [" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] " << done << "/"
         << total << std::flush;
    drawn_ = true;
  }
  void line(const std::string& text) {
    if (bar_ && drawn_) out_ << "\r\033[K";
    drawn_ = false;
    if (!text.empty()) out_ << text << '\n' << std::flush;
  }
  bool bar() const { return bar_; }

 private:
  std::ostream& out_;
  bool bar_;
  bool drawn_ = false;
};

struct LetterOutcome {
  std::string status;
  std::string detail;  // operator, print batch or reason
};

LetterOutcome outcome_of(const Object::Ptr& letter) {
  LetterOutcome outcome;
  outcome.status = letter->optValue<std::string>("status", "");
  if (outcome.status == "delivered") {
    if (const auto op = letter->getObject("operator")) outcome.detail = op->optValue<std::string>("name", "");
  } else if (outcome.status == "paper") {
    outcome.detail = letter->optValue<std::string>("printBatch", "");
  } else if (outcome.status == "failed") {
    outcome.detail = letter->optValue<std::string>("reason", "no reason given");
  }
  return outcome;
}

}  // namespace

int run_mail_send(const MailSendOptions& options, std::ostream& out, std::ostream& err) {
  return cli::guarded("mail send", err, [&] {
    check_server_options(options.server);
    if (options.body.has_value() == options.body_file.has_value()) {
      throw InvalidInput("give the body with --body TEXT or --body-file FILE (one of them)");
    }
    std::string recipient;
    try {
      recipient = ids::Personnummer::parse_any(options.recipient).digits();
    } catch (const InvalidInput& e) {
      throw InvalidInput(std::string("--to: not a personnummer or samordningsnummer: ") + e.what());
    }
    Object letter;
    letter.set("recipient", recipient);
    letter.set("subject", options.subject);
    const std::string body =
        options.body ? *options.body : cli::read_file(*options.body_file, "body file", kMaxLetterFileBytes);
    letter.set("body", body);
    letter.set("bodyType", options.body_type);
    Object support;
    support.set("text", options.server.support_text);
    letter.set("support", support);
    if (options.case_number) {
      letter.set("reference", *options.case_number);
      letter.set("caseNumber", *options.case_number);
    }
    std::string fingerprint = options.server.municipality + '\x1f' + recipient + '\x1f' + options.subject + '\x1f' +
                              body + '\x1f' + options.case_number.value_or("");
    Poco::JSON::Array attachments;
    for (const auto& file : options.attachments) {
      const std::string pdf = cli::read_file(file, "attachment", kMaxLetterFileBytes);
      if (pdf.rfind("%PDF-", 0) != 0) throw InvalidInput("--attach: " + file.string() + " is not a PDF");
      Object attachment;
      attachment.set("filename", file.filename().string());
      attachment.set("content", base64::encode(pdf));
      attachments.add(attachment);
      fingerprint += '\x1f' + file.filename().string() + '\x1f' + crypto::sha256_hex(pdf);
    }
    if (!options.attachments.empty()) letter.set("attachments", attachments);
    const std::string request_id =
        options.client_request_id.value_or("send-" + crypto::sha256_hex(fingerprint).substr(0, 32));
    letter.set("clientRequestId", request_id);

    ApiClient api(options.server);
    const Reply reply = api.call("POST", messages_path(options.server), to_text(letter));
    if (reply.status != 202) raise(reply);
    auto answer = parse_json(reply.body);
    const std::string id = answer->optValue<std::string>("id", "");
    const bool created = answer->optValue<bool>("created", true);
    out << (created ? "accepted " : "already accepted ") << id << " (clientRequestId " << request_id
        << "): " << answer->optValue<std::string>("status", "") << '\n';
    if (!options.wait) return cli::kOk;

    const auto deadline = std::chrono::steady_clock::now() + options.server.wait_timeout;
    while (!final_status(answer->optValue<std::string>("status", ""))) {
      if (std::chrono::steady_clock::now() >= deadline) {
        err << "samverkan mail send: " << id << " is still queued after " << options.server.wait_timeout.count()
            << " s; ask again later with the same command\n";
        return cli::kFailed;
      }
      std::this_thread::sleep_for(options.server.poll_interval);
      const Reply status = api.call("GET", messages_path(options.server) + "/" + id);
      if (status.status != 200) raise(status);
      answer = parse_json(status.body);
    }
    const LetterOutcome outcome = outcome_of(answer);
    if (outcome.status == "delivered") {
      out << id << ": delivered digitally (" << outcome.detail << ", TransId "
          << answer->optValue<std::string>("transId", "") << ")\n";
    } else if (outcome.status == "paper") {
      out << id << ": sent on paper (print batch " << outcome.detail << ")\n";
    } else {
      out << id << ": failed: " << outcome.detail << '\n';
      return cli::kFailed;
    }
    return cli::kOk;
  });
}

int run_mail_bulk(const MailBulkOptions& options, std::ostream& out, std::ostream& err) {
  return cli::guarded("mail bulk", err, [&] {
    check_server_options(options.server);
    if (options.chunk == 0 || options.chunk > 1000) throw InvalidInput("--chunk: 1..1000 letters per request");
    const CsvFile csv = read_csv(options.csv);
    Progress progress = load_progress(options.csv, csv.sha256, options.server.municipality);
    const std::string id_prefix = "csv-" + csv.sha256.substr(0, 16) + "-";
    const std::size_t total = csv.letters.size();
    ProgressView view(out, options.progress_bar);
    if (!std::filesystem::exists(progress.file)) {
      append_progress(progress.file, "samverkan-mail-bulk 1 " + csv.sha256 + " " + options.server.municipality + "\n");
    } else {
      view.line("resuming: " + std::to_string(progress.letters.size()) + " of " + std::to_string(total) +
                " letters were accepted before (" + progress.file.string() + ")");
    }

    ApiClient api(options.server);
    std::map<std::size_t, const CsvLetter*> by_line;
    for (const auto& letter : csv.letters) by_line[letter.line] = &letter;
    std::size_t created = 0, replayed = 0;

    // Send what is not recorded yet, in batches of at most `chunk` letters and ~900 KB.
    std::size_t next = 0;
    while (next < total) {
      std::vector<const CsvLetter*> batch;
      std::string body = R"({"letters":[)";
      for (; next < total && batch.size() < options.chunk; ++next) {
        const CsvLetter& letter = csv.letters[next];
        if (progress.letters.contains(letter.line)) continue;
        const std::string json =
            to_text(letter_json(letter, id_prefix + std::to_string(letter.line), options.server.support_text));
        if (json.size() + 1 > kMaxRequestBytes) {
          throw TooLarge(options.csv.string() + ":" + std::to_string(letter.line) +
                         ": the letter is larger than one request may be (" + std::to_string(kMaxRequestBytes) +
                         " bytes)");
        }
        if (!batch.empty() && body.size() + json.size() + 3 > kMaxRequestBytes) break;
        if (!batch.empty()) body.push_back(',');
        body += json;
        batch.push_back(&letter);
      }
      if (batch.empty()) continue;
      body += "]}";
      const Reply reply = api.call("POST", messages_path(options.server) + "/bulk", body);
      if (reply.status != 202) {
        std::string text = problem_detail(reply);
        try {
          const auto problem = parse_json(reply.body);
          if (const auto errors = problem->getArray("errors")) {
            text = std::to_string(errors->size()) + " letter" + (errors->size() == 1 ? "" : "s") +
                   " refused by the server, this batch was not accepted:";
            for (std::size_t i = 0; i < errors->size(); ++i) {
              const auto item = errors->getObject(static_cast<unsigned>(i));
              const auto index = item->optValue<std::size_t>("index", 0);
              const std::size_t line = index < batch.size() ? batch[index]->line : 0;
              text += "\n  " + options.csv.string() + ":" + std::to_string(line) + ": " +
                      item->optValue<std::string>("detail", "");
            }
          }
        } catch (const Error&) {
        }
        view.line("");
        err << "samverkan mail bulk: " << text << '\n';
        if (!progress.letters.empty()) {
          err << "samverkan mail bulk: " << progress.letters.size() << " letters accepted before are recorded in "
              << progress.file.string() << "; run the same command again to continue\n";
        }
        return cli::kFailed;
      }
      const auto answer = parse_json(reply.body);
      const std::string batch_id = answer->optValue<std::string>("batchId", "");
      const auto accepted = answer->getArray("letters");
      if (batch_id.empty() || !accepted || accepted->size() != batch.size()) {
        throw Unavailable("the server's answer to a batch is not the one expected");
      }
      std::string record = "batch " + batch_id + "\n";
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto item = accepted->getObject(static_cast<unsigned>(i));
        const std::string id = item->optValue<std::string>("id", "");
        record += "letter " + std::to_string(batch[i]->line) + " " + id + "\n";
        progress.letters[batch[i]->line] = id;
        (item->optValue<bool>("created", true) ? created : replayed) += 1;
      }
      append_progress(progress.file, record);
      progress.batches.push_back(batch_id);
      if (view.bar()) {
        view.update("sending", progress.letters.size(), total);
      } else {
        view.line("sent lines " + std::to_string(batch.front()->line) + "-" + std::to_string(batch.back()->line) +
                  ": " + std::to_string(batch.size()) + " letters, batch " + batch_id);
      }
    }
    view.line("");
    out << "accepted " << progress.letters.size() << " of " << total << " letters (" << created << " new now, "
        << replayed << " already accepted before, " << (progress.letters.size() - created - replayed)
        << " recorded by an earlier run)\n";
    if (!options.wait) return cli::kOk;

    // Wait for every letter of the file to reach a final state.
    std::map<std::string, std::size_t> line_of;
    for (const auto& [line, id] : progress.letters) line_of[id] = line;
    std::map<std::string, LetterOutcome> outcomes;
    std::vector<std::string> batches = progress.batches;
    std::sort(batches.begin(), batches.end());
    batches.erase(std::unique(batches.begin(), batches.end()), batches.end());
    std::set<std::string> open(batches.begin(), batches.end());
    const auto deadline = std::chrono::steady_clock::now() + options.server.wait_timeout;
    for (;;) {
      for (auto it = open.begin(); it != open.end();) {
        const Reply reply = api.call("GET", messages_path(options.server) + "/bulk/" + *it);
        if (reply.status != 200) raise(reply);
        const auto state = parse_json(reply.body);
        bool done = true;
        if (const auto letters = state->getArray("letters")) {
          for (std::size_t i = 0; i < letters->size(); ++i) {
            const auto letter = letters->getObject(static_cast<unsigned>(i));
            const std::string id = letter->optValue<std::string>("id", "");
            if (!line_of.contains(id)) continue;
            LetterOutcome outcome = outcome_of(letter);
            done = done && final_status(outcome.status);
            outcomes[id] = std::move(outcome);
          }
        }
        it = done ? open.erase(it) : std::next(it);
      }
      std::size_t finished = 0;
      for (const auto& [id, outcome] : outcomes) finished += final_status(outcome.status) ? 1 : 0;
      if (open.empty() || std::chrono::steady_clock::now() >= deadline) break;
      if (view.bar()) {
        view.update("delivering", finished, line_of.size());
      } else {
        view.line("waiting: " + std::to_string(finished) + " of " + std::to_string(line_of.size()) +
                  " letters delivered, on paper or failed");
      }
      std::this_thread::sleep_for(options.server.poll_interval);
    }
    view.line("");

    std::size_t digital = 0, paper = 0, failed = 0, queued = 0;
    std::vector<std::pair<std::size_t, std::string>> failures;
    for (const auto& [id, line] : line_of) {
      const auto found = outcomes.find(id);
      const std::string status = found == outcomes.end() ? std::string("queued") : found->second.status;
      if (status == "delivered") {
        ++digital;
      } else if (status == "paper") {
        ++paper;
      } else if (status == "failed") {
        ++failed;
        failures.emplace_back(line, found->second.detail);
      } else {
        ++queued;
      }
    }
    std::sort(failures.begin(), failures.end());
    out << "summary: " << line_of.size() << " letters: " << digital << " digital, " << paper << " paper, " << failed
        << " failed";
    if (queued != 0) out << ", " << queued << " still queued";
    out << '\n';
    for (const auto& [line, reason] : failures) {
      out << "  failed: " << options.csv.string() << ":" << line << " (" << id_prefix << line << "): " << reason
          << '\n';
    }
    if (queued != 0) {
      err << "samverkan mail bulk: " << queued << " letters are still queued after "
          << options.server.wait_timeout.count() << " s; run the same command again to keep waiting\n";
      return cli::kFailed;
    }
    return failed == 0 ? cli::kOk : cli::kFailed;
  });
}

}  // namespace samverkan::server

#include "samverkan/server/cli_mail_client.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "detail/cli_support.hpp"
#include "samverkan/client/client.hpp"
#include "samverkan/client/errors.hpp"
#include "samverkan/client/letters.hpp"
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

// The body of a request, at most what the server takes (1 MiB) with room to spare.
constexpr std::size_t kMaxRequestBytes = client::kMaxBatchBytes;
constexpr std::size_t kMaxLetterFileBytes = std::size_t{2} * 1024 * 1024;

std::size_t utf8_length(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// ---------------------------------------------------------------------------------------------
// The platform's API through the client library (samverkan::client), its errors as the CLI's.

client::Options client_options(const MailServerOptions& options) {
  client::Options o;
  o.server = options.server;
  o.client_id = options.client_id;
  o.client_secret = options.client_secret;
  o.scopes = {"mailbox:send"};
  o.ca_file = options.ca;
  o.timeout = std::chrono::seconds(120);
  o.user_agent = "samverkan-mail";
  return o;
}

// An answer other than 2xx as the error kind it means, with a hint where the cause is usually
// the command line.
[[noreturn]] void raise(const client::ApiError& e) {
  const std::string detail = e.detail() + " (" + std::to_string(e.status()) + ")";
  switch (e.status()) {
    case 400:
    case 422:
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

// Runs `call` (calls of the client library), its exceptions turned into the CLI's.
template <typename Call>
auto api(Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const client::CredentialsRefused& e) {
    throw Unauthenticated(e.detail());
  } catch (const client::ApiError& e) {
    raise(e);
  } catch (const client::UsageError& e) {
    throw InvalidInput(std::string("--server: ") + e.what());
  } catch (const client::Error& e) {
    throw Unavailable(e.what());
  }
}

void check_server_options(const MailServerOptions& options) {
  if (options.client_secret.empty()) {
    throw InvalidInput("set the API client's secret in the environment variable SAMVERKAN_CLIENT_SECRET");
  }
  (void)ids::Kommunkod::parse(options.municipality);
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

// One letter of the CSV for the client library (files read now, so memory holds one batch at a
// time).
client::Letter client_letter(const CsvLetter& letter, const std::string& client_request_id,
                             const std::string& support_text) {
  client::Letter out;
  out.client_request_id = client_request_id;
  out.recipient = letter.recipient;
  out.subject = letter.subject;
  out.body = letter.body ? *letter.body : cli::read_file(*letter.body_file, "body file", kMaxLetterFileBytes);
  out.support_text = support_text;
  out.reference = letter.case_number;
  out.case_number = letter.case_number;
  if (letter.attachment) {
    out.attachments.push_back({letter.attachment->filename().string(),
                               cli::read_file(*letter.attachment, "attachment", kMaxLetterFileBytes)});
  }
  if (letter.name) {
    out.postal_address =
        client::PostalAddress{*letter.name, letter.care_of, {*letter.street}, *letter.postal_code, *letter.city};
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

LetterOutcome outcome_of(const client::LetterState& letter) {
  LetterOutcome outcome;
  outcome.status = letter.status;
  if (outcome.status == "delivered") {
    outcome.detail = letter.operator_name.value_or("");
  } else if (outcome.status == "paper") {
    outcome.detail = letter.print_batch.value_or("");
  } else if (outcome.status == "failed") {
    outcome.detail = letter.reason.value_or("no reason given");
  }
  return outcome;
}

// What the server said when it refused a batch: each refused letter by its line in the CSV
// (the library gives its index among the letters sent, `sent`).
std::string refusal_text(const client::ApiError& e, const std::vector<const CsvLetter*>& sent,
                         const std::filesystem::path& csv) {
  if (e.field_errors().empty()) return e.detail() + " (" + std::to_string(e.status()) + ")";
  const std::size_t n = e.field_errors().size();
  std::string text =
      std::to_string(n) + " letter" + (n == 1 ? "" : "s") + " refused by the server, this batch was not accepted:";
  for (const auto& error : e.field_errors()) {
    const std::size_t index = error.index.value_or(sent.size());
    const std::size_t line = index < sent.size() ? sent[index]->line : 0;
    text += "\n  " + csv.string() + ":" + std::to_string(line) + ": " + error.message;
  }
  return text;
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
    client::Letter letter;
    letter.recipient = recipient;
    letter.subject = options.subject;
    letter.body = options.body ? *options.body : cli::read_file(*options.body_file, "body file", kMaxLetterFileBytes);
    letter.body_type = options.body_type;
    letter.support_text = options.server.support_text;
    letter.reference = options.case_number;
    letter.case_number = options.case_number;
    std::string fingerprint = options.server.municipality + '\x1f' + recipient + '\x1f' + options.subject + '\x1f' +
                              letter.body + '\x1f' + options.case_number.value_or("");
    for (const auto& file : options.attachments) {
      std::string pdf = cli::read_file(file, "attachment", kMaxLetterFileBytes);
      if (pdf.rfind("%PDF-", 0) != 0) throw InvalidInput("--attach: " + file.string() + " is not a PDF");
      fingerprint += '\x1f' + file.filename().string() + '\x1f' + crypto::sha256_hex(pdf);
      letter.attachments.push_back({file.filename().string(), std::move(pdf)});
    }
    const std::string request_id =
        options.client_request_id.value_or("send-" + crypto::sha256_hex(fingerprint).substr(0, 32));
    letter.client_request_id = request_id;

    auto api_client = api([&] { return std::make_unique<client::Client>(client_options(options.server)); });
    client::Letters letters(*api_client, options.server.municipality);
    auto state = api([&] { return letters.send(letter); });
    out << (state.created.value_or(true) ? "accepted " : "already accepted ") << state.id << " (clientRequestId "
        << request_id << "): " << state.status << '\n';
    if (!options.wait) return cli::kOk;

    const auto deadline = std::chrono::steady_clock::now() + options.server.wait_timeout;
    while (!state.final()) {
      if (std::chrono::steady_clock::now() >= deadline) {
        err << "samverkan mail send: " << state.id << " is still queued after " << options.server.wait_timeout.count()
            << " s; ask again later with the same command\n";
        return cli::kFailed;
      }
      std::this_thread::sleep_for(options.server.poll_interval);
      state = api([&] { return letters.status(state.id); });
    }
    const LetterOutcome outcome = outcome_of(state);
    if (outcome.status == "delivered") {
      out << state.id << ": delivered digitally (" << outcome.detail << ", TransId " << state.trans_id.value_or("")
          << ")\n";
    } else if (outcome.status == "paper") {
      out << state.id << ": sent on paper (print batch " << outcome.detail << ")\n";
    } else {
      out << state.id << ": failed: " << outcome.detail << '\n';
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

    auto api_client = api([&] { return std::make_unique<client::Client>(client_options(options.server)); });
    client::Letters letters(*api_client, options.server.municipality);
    std::size_t created = 0, replayed = 0;

    // Send what is not recorded yet, in batches of at most `chunk` letters and ~900 KB. The
    // library serialises each letter once and cuts the batches; each letter is made from its row
    // only when its batch is being filled (files read then), so memory holds one batch at a time.
    std::vector<const CsvLetter*> pending;
    for (const auto& letter : csv.letters) {
      if (!progress.letters.contains(letter.line)) pending.push_back(&letter);
    }
    std::size_t next = 0;
    const client::LetterSource source = [&]() -> std::optional<client::Letter> {
      if (next == pending.size()) return std::nullopt;
      const CsvLetter& letter = *pending[next++];
      return client_letter(letter, id_prefix + std::to_string(letter.line), options.server.support_text);
    };
    // After each accepted batch, before the next is sent: recorded (and synced), then shown.
    const client::BatchCallback accepted = [&](const client::BatchSent& batch) {
      std::string record = "batch " + batch.batch_id + "\n";
      for (std::size_t i = 0; i < batch.indices.size(); ++i) {
        const std::size_t line = pending[batch.indices[i]]->line;
        const auto& state = batch.letters[i];
        record += "letter " + std::to_string(line) + " " + state.id + "\n";
        progress.letters[line] = state.id;
        (state.created.value_or(true) ? created : replayed) += 1;
      }
      append_progress(progress.file, record);
      progress.batches.push_back(batch.batch_id);
      if (view.bar()) {
        view.update("sending", progress.letters.size(), total);
      } else {
        view.line("sent lines " + std::to_string(pending[batch.indices.front()]->line) + "-" +
                  std::to_string(pending[batch.indices.back()]->line) + ": " + std::to_string(batch.indices.size()) +
                  " letters, batch " + batch.batch_id);
      }
    };
    std::optional<std::string> refusal;
    api([&] {
      try {
        letters.send_bulk_all(source, pending.size(), {.max_letters = options.chunk, .max_bytes = kMaxRequestBytes},
                              accepted);
      } catch (const client::LetterTooLarge& e) {
        throw TooLarge(options.csv.string() + ":" + std::to_string(pending.at(e.index())->line) +
                       ": the letter is larger than one request may be (" + std::to_string(e.limit()) + " bytes)");
      } catch (const client::CredentialsRefused&) {
        throw;
      } catch (const client::ApiError& e) {
        refusal = refusal_text(e, pending, options.csv);
      }
    });
    if (refusal) {
      view.line("");
      err << "samverkan mail bulk: " << *refusal << '\n';
      if (!progress.letters.empty()) {
        err << "samverkan mail bulk: " << progress.letters.size() << " letters accepted before are recorded in "
            << progress.file.string() << "; run the same command again to continue\n";
      }
      return cli::kFailed;
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
        const auto state = api([&] { return letters.batch(*it); });
        bool done = true;
        for (const auto& letter : state.letters) {
          if (!line_of.contains(letter.id)) continue;
          done = done && letter.final();
          outcomes[letter.id] = outcome_of(letter);
        }
        it = done ? open.erase(it) : std::next(it);
      }
      std::size_t finished = 0;
      for (const auto& [id, outcome] : outcomes) finished += outcome.status != "queued" ? 1 : 0;
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

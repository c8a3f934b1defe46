#include "samverkan/adapters/outbox_folder.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "adapters/detail/text_checks.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"

namespace samverkan::adapters {
namespace {

std::string random_suffix() { return crypto::random_hex(8); }

std::string errno_text(int error) { return std::strerror(error); }

// A file descriptor closed on every path.
class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const noexcept { return fd_; }
  // Closes now and reports the error of close(2) (NFS reports write errors there).
  int close() noexcept {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

// Writes everything to `fd`; returns 0 or an errno value.
int write_all(int fd, std::string_view content) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t written = ::write(fd, content.data() + done, content.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    done += static_cast<std::size_t>(written);
  }
  return 0;
}

// Creates `file` (which must not exist), writes and syncs it; returns 0 or an errno value.
int create_file(const std::filesystem::path& file, std::string_view content, bool exclusive,
                std::filesystem::perms permissions = kOutboxFilePermissions) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
  Fd fd(::open(file.c_str(), flags, static_cast<mode_t>(permissions)));
  if (fd.get() < 0) return errno;
  if (const int error = write_all(fd.get(), content); error != 0) return error;
  if (::fsync(fd.get()) != 0) return errno;
  if (fd.close() != 0) return errno;
  return 0;
}

// Makes a rename or creation in `folder` durable. Best effort: some file systems (and some
// network shares) refuse fsync on a folder, which is no reason to fail the order.
void sync_folder(const std::filesystem::path& folder) {
  Fd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

bool safe_id(std::string_view id) {
  return !id.empty() && id.size() <= 150 && id.front() != '.' && id.front() != '-' && detail::is_ascii_word(id, "._-");
}

bool safe_file_name(std::string_view name) {
  return !name.empty() && name.size() <= 100 && name.front() != '.' && detail::is_ascii_word(name, "._-");
}

// The ledger line: "sha256=<hex> state=<pending|sent> target=<name>".
struct LedgerEntry {
  std::string fingerprint;
  std::string state;
  std::string target;
};

std::string format_ledger(const LedgerEntry& entry) {
  return "sha256=" + entry.fingerprint + " state=" + entry.state + " target=" + entry.target + "\n";
}

std::optional<LedgerEntry> parse_ledger(const std::string& text) {
  LedgerEntry entry;
  std::istringstream in(text);
  std::string field;
  while (in >> field) {
    const auto equals = field.find('=');
    if (equals == std::string::npos) return std::nullopt;
    const std::string name = field.substr(0, equals);
    const std::string value = field.substr(equals + 1);
    if (name == "sha256") entry.fingerprint = value;
    if (name == "state") entry.state = value;
    if (name == "target") entry.target = value;
  }
  if (entry.fingerprint.empty() || entry.state.empty() || entry.target.empty()) return std::nullopt;
  return entry;
}

std::optional<std::string> read_small_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The fingerprint of an order: SHA-256 over every file's name and content, length-prefixed so
// that no two different orders share the input.
std::string fingerprint_of(const std::vector<OutboxFile>& files) {
  std::string input;
  for (const auto& file : files) {
    input += std::to_string(file.name.size()) + ":" + file.name + std::to_string(file.content.size()) + ":";
    input += file.content;
  }
  return crypto::sha256_hex(input);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           std::filesystem::perms permissions) {
  const std::filesystem::path folder = file.parent_path().empty() ? "." : file.parent_path();
  const std::filesystem::path temporary = folder / (".tmp-" + file.filename().string() + "-" + random_suffix());
  if (const int error = create_file(temporary, content, true, permissions); error != 0) {
    ::unlink(temporary.c_str());
    throw Unavailable("cannot write in folder " + folder.string() + ": " + errno_text(error));
  }
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw Unavailable("cannot write in folder " + folder.string() + ": " + errno_text(error));
  }
  sync_folder(folder);
}

OutboxFolder::OutboxFolder(OutboxSettings settings, std::string backend)
    : settings_(std::move(settings)), backend_(std::move(backend)) {
  if (settings_.receipts.empty()) settings_.receipts = settings_.directory / "receipts";
  if (settings_.ledger.empty()) settings_.ledger = settings_.directory / ".ledger";
}

void OutboxFolder::require_outbox() const {
  std::error_code error;
  if (!std::filesystem::is_directory(settings_.directory, error)) {
    throw Unavailable(backend_ + ": the order folder " + settings_.directory.string() +
                      " is not reachable (is the share mounted?)");
  }
}

OrderReceipt OutboxFolder::deliver_file(const std::string& id, std::string_view extension, const std::string& content) {
  const std::string name = id + std::string(extension);
  if (!safe_id(id) || !safe_file_name(name)) throw InternalError(backend_ + ": order id is not a safe file name");
  const std::vector<OutboxFile> files{OutboxFile{std::string(extension), content}};
  return deliver(id, settings_.directory / name, fingerprint_of(files), files, false);
}

OrderReceipt OutboxFolder::deliver_folder(const std::string& id, const std::vector<OutboxFile>& files) {
  if (!safe_id(id)) throw InternalError(backend_ + ": order id is not a safe file name");
  for (const auto& file : files) {
    if (!safe_file_name(file.name)) throw InternalError(backend_ + ": a file name of the order is not safe");
  }
  return deliver(id, settings_.directory / id, fingerprint_of(files), files, true);
}

OrderReceipt OutboxFolder::deliver(const std::string& id, const std::filesystem::path& target,
                                   const std::string& fingerprint, const std::vector<OutboxFile>& files,
                                   bool as_folder) {
  std::lock_guard lock(mutex_);
  require_outbox();
  std::error_code created_error;
  std::filesystem::create_directories(settings_.ledger, created_error);
  if (created_error) {
    throw Unavailable(backend_ + ": cannot create the ledger folder " + settings_.ledger.string() + ": " +
                      created_error.message());
  }

  const std::filesystem::path ledger_file = settings_.ledger / (id + ".sha256");
  LedgerEntry entry{fingerprint, "pending", target.filename().string()};
  bool replayed = false;
  if (const int error = create_file(ledger_file, format_ledger(entry), true); error == EEXIST) {
    const auto text = read_small_file(ledger_file);
    const auto previous = text ? parse_ledger(*text) : std::nullopt;
    if (!previous) throw Unavailable(backend_ + ": the ledger entry of an order is unreadable");
    if (previous->fingerprint != fingerprint || previous->target != entry.target) {
      throw Conflict(backend_ + ": the idempotency key was already used for a different order");
    }
    std::error_code exists_error;
    if (previous->state == "sent" || std::filesystem::exists(target, exists_error)) {
      if (previous->state != "sent") {
        entry.state = "sent";
        write_file_atomically(ledger_file, format_ledger(entry));
      }
      return OrderReceipt{id, true};
    }
    // Recorded but never handed over (a crash in between): hand it over now, same id.
    replayed = true;
  } else if (error != 0) {
    throw Unavailable(backend_ + ": cannot write the ledger folder " + settings_.ledger.string() + ": " +
                      errno_text(error));
  }
  sync_folder(settings_.ledger);

  try {
    if (!as_folder) {
      write_file_atomically(target, files.front().content);
    } else {
      const std::filesystem::path temporary = settings_.directory / (".tmp-" + id + "-" + random_suffix());
      if (::mkdir(temporary.c_str(), 0750) != 0) {
        throw Unavailable("cannot write in folder " + settings_.directory.string() + ": " + errno_text(errno));
      }
      for (const auto& file : files) {
        if (const int error = create_file(temporary / file.name, file.content, true); error != 0) {
          std::error_code ignored;
          std::filesystem::remove_all(temporary, ignored);
          throw Unavailable("cannot write in folder " + settings_.directory.string() + ": " + errno_text(error));
        }
      }
      sync_folder(temporary);
      if (::rename(temporary.c_str(), target.c_str()) != 0) {
        const int error = errno;
        std::error_code ignored;
        std::filesystem::remove_all(temporary, ignored);
        throw Unavailable("cannot write in folder " + settings_.directory.string() + ": " + errno_text(error));
      }
      sync_folder(settings_.directory);
    }
  } catch (const Unavailable& error) {
    // Nothing was handed over: forget the claim so that a retry starts afresh.
    if (!replayed) ::unlink(ledger_file.c_str());
    throw Unavailable(backend_ + ": " + error.what());
  }
  entry.state = "sent";
  try {
    write_file_atomically(ledger_file, format_ledger(entry));
  } catch (const Unavailable&) {
    // The order is handed over; a "pending" entry only makes a retry look for it in the outbox.
  }
  return OrderReceipt{id, replayed};
}

OutboxItemStatus OutboxFolder::status(const std::string& id) const {
  if (!safe_id(id)) throw InvalidInput(backend_ + ": malformed order id");
  require_outbox();
  std::error_code error;
  const std::filesystem::path receipt = settings_.receipts / (id + ".json");
  if (std::filesystem::exists(receipt, error)) {
    const auto text = read_small_file(receipt);
    if (!text) throw Unavailable(backend_ + ": a receipt cannot be read");
    try {
      Poco::JSON::Parser parser;
      const auto object = parser.parse(*text).extract<Poco::JSON::Object::Ptr>();
      if (!object || !object->has("status") || !object->get("status").isString()) {
        throw Unavailable(backend_ + ": a receipt has no status");
      }
      OutboxItemStatus status{OutboxItemState::kReceipted, object->getValue<std::string>("status"), {}};
      if (object->has("message") && object->get("message").isString()) {
        status.receipt_message = object->getValue<std::string>("message");
      }
      return status;
    } catch (const Poco::Exception&) {
      throw Unavailable(backend_ + ": a receipt is not valid JSON");
    }
  }
  const auto ledger_text = read_small_file(settings_.ledger / (id + ".sha256"));
  const auto entry = ledger_text ? parse_ledger(*ledger_text) : std::nullopt;
  if (!entry) throw NotFound(backend_ + ": no order with that id");
  if (std::filesystem::exists(settings_.directory / entry->target, error)) return OutboxItemStatus{};
  return OutboxItemStatus{OutboxItemState::kPickedUp, {}, {}};
}

}  // namespace samverkan::adapters

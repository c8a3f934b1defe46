#pragma once
/// Structured logs: one JSON object per line, written atomically to a stream (stderr by default).
/// Never log personal data: log identifiers of objects, not their contents.

#include <initializer_list>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace samverkan::log {

enum class Level { kDebug, kInfo, kWarning, kError };

/// A field value: text or a number.
using Value = std::variant<std::string_view, long long, double>;
using Field = std::pair<std::string_view, Value>;

class Logger {
 public:
  /// Logs to `out` (which must outlive the logger); lines below `min_level` are dropped.
  explicit Logger(std::ostream& out, Level min_level = Level::kInfo) : out_(out), min_level_(min_level) {}

  /// Writes {"ts":"2026-11-22T10:00:00.123Z","level":"info","msg":..., fields...}.
  void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

  void info(std::string_view message, std::initializer_list<Field> fields = {}) {
    write(Level::kInfo, message, fields);
  }
  void warning(std::string_view message, std::initializer_list<Field> fields = {}) {
    write(Level::kWarning, message, fields);
  }
  void error(std::string_view message, std::initializer_list<Field> fields = {}) {
    write(Level::kError, message, fields);
  }

 private:
  std::ostream& out_;
  Level min_level_;
  std::mutex mutex_;
};

/// Appends `text` to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace samverkan::log

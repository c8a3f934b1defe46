#include "samverkan/log/logger.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSONString.h>
#include <Poco/Timestamp.h>

#include <cstdio>

namespace samverkan::log {
namespace {

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += Poco::toJSON(std::string(text), Poco::JSON_WRAP_STRINGS);
}

void Logger::write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (level < min_level_) return;
  std::string line;
  line.reserve(160);
  line += "{\"ts\":\"";
  line += Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%s%z", 0);
  line += "\",\"level\":\"";
  line += level_name(level);
  line += "\",\"msg\":";
  append_json_string(line, message);
  for (const auto& [key, value] : fields) {
    line += ',';
    append_json_string(line, key);
    line += ':';
    if (const auto* text = std::get_if<std::string_view>(&value)) {
      append_json_string(line, *text);
    } else if (const auto* integer = std::get_if<long long>(&value)) {
      line += std::to_string(*integer);
    } else {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.3f", std::get<double>(value));
      line += buffer;
    }
  }
  line += "}\n";
  std::lock_guard lock(mutex_);
  out_ << line << std::flush;
}

}  // namespace samverkan::log

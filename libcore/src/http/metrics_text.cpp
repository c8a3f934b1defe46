#include "samverkan/http/metrics_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "samverkan/core/error.hpp"

namespace samverkan::http {
namespace {

bool name_start(char ch, bool colon) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || (colon && ch == ':');
}

bool valid_name(std::string_view name, bool colon) {
  if (name.empty() || !name_start(name.front(), colon)) return false;
  for (const char ch : name) {
    if (!name_start(ch, colon) && !(ch >= '0' && ch <= '9')) return false;
  }
  return true;
}

// The text format's escaping: in HELP, backslash and line feed; in label values, the double
// quote as well.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (const char ch : text) {
    if (ch == '\\') {
      out += "\\\\";
    } else if (ch == '\n') {
      out += "\\n";
    } else if (quote && ch == '"') {
      out += "\\\"";
    } else {
      out += ch;
    }
  }
}

void append_value(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
  }
}

}  // namespace

void MetricsText::family(std::string_view name, std::string_view help, Type type) {
  if (!valid_name(name, true)) throw InternalError("not a metric name: " + std::string(name));
  if (help.find('\n') != std::string_view::npos) throw InternalError("a metric's help is one line");
  if (!families_.emplace(name).second) throw InternalError("metric family " + std::string(name) + " begun twice");
  current_ = name;
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  append_escaped(text_, help, false);
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += type == Type::kCounter ? " counter\n" : type == Type::kGauge ? " gauge\n" : " histogram\n";
}

void MetricsText::sample(std::initializer_list<Label> labels, double value) { sample({}, labels, value); }

void MetricsText::sample(std::string_view suffix, std::initializer_list<Label> labels, double value) {
  if (current_.empty()) throw InternalError("a metric sample before its family");
  if (!std::all_of(suffix.begin(), suffix.end(),
                   [](char ch) { return name_start(ch, true) || (ch >= '0' && ch <= '9'); })) {
    throw InternalError("not a metric name suffix: " + std::string(suffix));
  }
  text_ += current_;
  text_ += suffix;
  if (labels.size() > 0) {
    text_ += '{';
    bool first = true;
    for (const auto& [name, label_value] : labels) {
      if (!valid_name(name, false) || name.starts_with("__")) {
        throw InternalError("not a label name: " + std::string(name));
      }
      if (!first) text_ += ',';
      first = false;
      text_ += name;
      text_ += "=\"";
      append_escaped(text_, label_value, true);
      text_ += '"';
    }
    text_ += '}';
  }
  text_ += ' ';
  append_value(text_, value);
  text_ += '\n';
}

}  // namespace samverkan::http

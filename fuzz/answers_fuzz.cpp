// Answer validation (eservices::validate_answers) against a definition with every field type
// and conditions (fuzz/data/all_types.xml). Input: two bytes for the date of submission, then
// lines "field=value" (repeatable for several values) and "@field=bytes" for attachments.
// Invariants: errors name a field and a code and never repeat the answer; only shown fields
// of the definition are accepted; accepted personnummer are 12 digits that parse back; and
// normalisation is stable: the accepted answers, submitted again, are accepted as they are.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>

#include "samverkan/eservices/answers.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

namespace {

const eservices::Definition& definition() {
  static const eservices::Definition parsed = [] {
    const auto file = fuzz::source_dir() / "fuzz/data/all_types.xml";
    return eservices::load_definition_file(file, fuzz::source_dir() / "xsd");
  }();
  return parsed;
}

eservices::Answers decode(std::string_view text) {
  eservices::Answers answers;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(start, end - start);
    start = end + 1;
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string key(line.substr(0, equals));
    const std::string value(line.substr(equals + 1));
    if (!key.empty() && key[0] == '@') {
      answers.attachments[key.substr(1)] = eservices::Attachment{"file.bin", value};
    } else {
      answers.values[key].push_back(value);
    }
  }
  return answers;
}

// Digits and ASCII letters moved one step (9 → 0, z → a): usually the same kind of mistake.
std::string shifted(const std::string& value) {
  std::string out = value;
  for (char& c : out) {
    if (c >= '0' && c <= '9') c = c == '9' ? '0' : static_cast<char>(c + 1);
    if (c >= 'a' && c <= 'z') c = c == 'z' ? 'a' : static_cast<char>(c + 1);
    if (c >= 'A' && c <= 'Z') c = c == 'Z' ? 'A' : static_cast<char>(c + 1);
  }
  return out;
}

// An error message that contains an answer either repeats it or contains the same text by
// chance (a phone number that is the message's own example). Validating again with the answer
// shifted tells them apart: a repeated answer moves with it.
void check_no_echo(const eservices::ValidationResult& result, const eservices::Answers& answers,
                   std::chrono::year_month_day today) {
  for (const auto& error : result.errors) {
    const auto found = answers.values.find(error.field);
    if (found == answers.values.end()) continue;
    for (std::size_t i = 0; i < found->second.size(); ++i) {
      const std::string& value = found->second[i];
      if (value.size() < 4 || shifted(value) == value) continue;
      if (error.message.sv.find(value) == std::string::npos && error.message.en.find(value) == std::string::npos) {
        continue;
      }
      auto moved = answers;
      moved.values[error.field][i] = shifted(value);
      const auto again = eservices::validate_answers(definition(), moved, today);
      const auto* other = again.error_for(error.field);
      if (other == nullptr) continue;
      for (const auto* message : {&other->message.sv, &other->message.en}) {
        check(message->find(value) != std::string::npos || message->find(shifted(value)) == std::string::npos,
              "an error message repeats the answer", *message);
      }
    }
  }
}

void check_messages(const eservices::ValidationResult& result, std::string_view input) {
  for (const auto& error : result.errors) {
    check(!error.code.empty(), "an error has a code");
    // Every field of the definition has an id; only an answer to "" (an unknown field) has none.
    check(!error.field.empty() || error.code == "unknown-field", "an error names its field", error.code);
    check(!error.message.sv.empty() && !error.message.en.empty(), "an error has a Swedish and an English message");
    fuzz::check_no_identifier_echo(error.message.sv, input);
    fuzz::check_no_identifier_echo(error.message.en, input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 || size > 4096) return 0;
  const auto today = fuzz::reference_date(data[0], data[1]);
  const auto input = fuzz::as_text(data + 2, size - 2);
  const auto answers = decode(input);
  const auto result = eservices::validate_answers(definition(), answers, today);
  check_messages(result, input);
  check_no_echo(result, answers, today);

  std::set<std::string> shown;
  for (const auto* field : eservices::shown_fields(definition(), answers, today)) shown.insert(field->id);
  for (const auto& [id, values] : result.accepted.values) {
    check(shown.contains(id), "only shown fields are accepted", id);
    const auto* field = definition().find_field(id);
    check(field != nullptr, "only fields of the definition are accepted", id);
    if (field->type == eservices::FieldType::kPersonnummer) {
      for (const auto& value : values) {
        check(value.size() == 12 && ids::Personnummer::parse_any(value, today).digits() == value,
              "an accepted personnummer is its 12 digits");
      }
    }
  }
  for (const auto& [id, file] : result.accepted.attachments) check(shown.contains(id), "only shown attachments");

  if (result.ok()) {
    eservices::Answers again;
    again.values = result.accepted.values;
    for (const auto& [id, file] : result.accepted.attachments) again.attachments[id] = {file.file_name, file.bytes};
    const auto second = eservices::validate_answers(definition(), again, today);
    check(second.ok(), "accepted answers are accepted again",
          second.errors.empty() ? "" : second.errors.front().field + ": " + second.errors.front().code);
    check(second.accepted.values == result.accepted.values, "normalising accepted answers changes nothing");
  }
  return 0;
}

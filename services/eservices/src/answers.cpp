#include "samverkan/eservices/answers.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "detail/text.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/ids/organisationsnummer.hpp"
#include "samverkan/ids/personnummer.hpp"

namespace samverkan::eservices {
namespace {

std::string number_text(double value) {
  // Shortest form that reads back the same: 12, 12.5, 0.25.
  std::string text = std::to_string(value);
  if (text.find('.') != std::string::npos) {
    while (!text.empty() && text.back() == '0') text.pop_back();
    if (!text.empty() && text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string size_text(std::size_t bytes) {
  constexpr std::size_t kMiB = std::size_t{1024} * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " kB";
  return std::to_string(bytes) + " bytes";
}

// Short names of the media types citizens meet; others are shown as they are.
std::string type_name(const std::string& media_type) {
  if (media_type == "application/pdf") return "PDF";
  if (media_type == "image/jpeg") return "JPEG";
  if (media_type == "image/png") return "PNG";
  if (media_type == "image/gif") return "GIF";
  if (media_type == "image/tiff") return "TIFF";
  if (media_type == "image/heic") return "HEIC";
  if (media_type == "text/plain") return "text";
  if (media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") return "Word (docx)";
  return media_type;
}

std::string type_list(const std::vector<std::string>& types, std::string_view last_joiner) {
  std::string list;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) list += i + 1 == types.size() ? std::string(last_joiner) : std::string(", ");
    list += type_name(types[i]);
  }
  return list;
}

// What one field's answer turned out to be.
struct Outcome {
  std::vector<std::string> values;  // accepted, normalised; empty: no answer
  std::optional<FieldError> error;
};

FieldError error(const Field& field, std::string code, std::string sv, std::string en) {
  return FieldError{field.id, std::move(code), LocalizedText{std::move(sv), std::move(en)}};
}

bool has_control_characters(std::string_view text, bool multi_line) {
  return std::any_of(text.begin(), text.end(), [&](char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (multi_line && (c == '\n' || c == '\r' || c == '\t')) return false;
    return byte < 0x20 || byte == 0x7F;
  });
}

bool valid_email(std::string_view text) {
  if (text.size() > 254) return false;
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto local = text.substr(0, at);
  const auto domain = text.substr(at + 1);
  const auto local_ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) != std::string_view::npos;
  };
  if (!std::all_of(local.begin(), local.end(), local_ok) || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  // Domain: dot-separated labels of letters, digits and inner hyphens (IDN as punycode or
  // UTF-8 letters), at least two labels, the last not all digits.
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view last;
  for (std::size_t start = 0; start <= domain.size();) {
    const auto dot = std::min(domain.find('.', start), domain.size());
    const auto label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      const auto byte = static_cast<unsigned char>(c);
      const bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || byte >= 0x80;
      if (!ok) return false;
    }
    ++labels;
    last = label;
    start = dot + 1;
  }
  return labels >= 2 && !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Digits with spaces, hyphens and one pair of parentheses, optionally a leading '+';
// 7 to 15 digits (E.164 at most 15). Normalised to the digits with the leading '+' kept.
std::optional<std::string> normal_phone(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && i == 0) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (digits.size() < 7 || digits.size() > 15) return std::nullopt;
  if (!plus && digits.front() != '0') return std::nullopt;  // national numbers start with 0
  return (plus ? "+" : "") + digits;
}

std::chrono::year_month_day bound_date(const DateBound& bound, std::chrono::year_month_day today) {
  return bound.today ? today : bound.date;
}

Outcome check_text(const Definition& definition, const Field& field, const std::string& raw) {
  Outcome outcome;
  const bool multi_line = field.type == FieldType::kTextArea;
  // A text area keeps its inner lines; both lose surrounding whitespace.
  const std::string value(detail::trim(raw));
  const auto length = detail::utf8_length(value);
  if (!length || has_control_characters(value, multi_line)) {
    outcome.error = error(field, "invalid-text", "Texten innehåller otillåtna tecken.",
                          "The text contains characters that are not allowed.");
    return outcome;
  }
  if (field.min_length && *length < *field.min_length) {
    outcome.error = error(field, "too-short", "Skriv minst " + std::to_string(*field.min_length) + " tecken.",
                          "Enter at least " + std::to_string(*field.min_length) + " characters.");
    return outcome;
  }
  if (*length > field.max_length) {
    outcome.error = error(field, "too-long", "Skriv högst " + std::to_string(field.max_length) + " tecken.",
                          "Enter at most " + std::to_string(field.max_length) + " characters.");
    return outcome;
  }
  if (field.pattern && !definition.matches_pattern(field, value)) {
    outcome.error = FieldError{field.id, "pattern", field.pattern->message};
    return outcome;
  }
  outcome.values.push_back(value);
  return outcome;
}

Outcome check_number(const Field& field, std::string_view value) {
  Outcome outcome;
  unsigned decimals = 0;
  const auto number = detail::parse_decimal(value, decimals);
  if (!number) {
    outcome.error = error(field, "not-a-number", "Ange ett tal, till exempel 12 eller 12,5.",
                          "Enter a number, for example 12 or 12.5.");
    return outcome;
  }
  if (decimals > field.decimals) {
    outcome.error = field.decimals == 0 ? error(field, "too-many-decimals", "Ange ett heltal.", "Enter a whole number.")
                                        : error(field, "too-many-decimals",
                                                "Ange högst " + std::to_string(field.decimals) + " decimaler.",
                                                "Enter at most " + std::to_string(field.decimals) + " decimals.");
    return outcome;
  }
  const std::string unit = field.unit.empty() ? "" : " " + field.unit;
  if (field.min && *number < *field.min) {
    outcome.error = error(field, "too-small", "Ange minst " + number_text(*field.min) + unit + ".",
                          "Enter at least " + number_text(*field.min) + unit + ".");
    return outcome;
  }
  if (field.max && *number > *field.max) {
    outcome.error = error(field, "too-large", "Ange högst " + number_text(*field.max) + unit + ".",
                          "Enter at most " + number_text(*field.max) + unit + ".");
    return outcome;
  }
  outcome.values.push_back(number_text(*number));
  return outcome;
}

Outcome check_date(const Field& field, std::string_view value, std::chrono::year_month_day today) {
  Outcome outcome;
  const auto date = calendar::try_parse_iso_date(value);
  if (!date) {
    outcome.error = error(field, "not-a-date", "Ange ett datum som finns, i formen ÅÅÅÅ-MM-DD.",
                          "Enter a real date as YYYY-MM-DD.");
    return outcome;
  }
  if (field.earliest && *date < bound_date(*field.earliest, today)) {
    const auto limit = calendar::format_iso_date(bound_date(*field.earliest, today));
    outcome.error =
        field.earliest->today
            ? error(field, "too-early", "Datumet får inte ha passerat.", "The date must not be in the past.")
            : error(field, "too-early", "Ange " + limit + " eller senare.", "Enter " + limit + " or later.");
    return outcome;
  }
  if (field.latest && *date > bound_date(*field.latest, today)) {
    const auto limit = calendar::format_iso_date(bound_date(*field.latest, today));
    outcome.error =
        field.latest->today
            ? error(field, "too-late", "Datumet får inte vara i framtiden.", "The date must not be in the future.")
            : error(field, "too-late", "Ange " + limit + " eller tidigare.", "Enter " + limit + " or earlier.");
    return outcome;
  }
  outcome.values.push_back(calendar::format_iso_date(*date));
  return outcome;
}

Outcome check_personnummer(const Field& field, std::string_view value, std::chrono::year_month_day today) {
  Outcome outcome;
  try {
    const auto number = ids::Personnummer::parse_any(value, today);
    if (number.is_samordningsnummer() && !field.allow_samordningsnummer) {
      outcome.error = error(field, "samordningsnummer-not-allowed",
                            "Ange ett personnummer. Samordningsnummer kan inte användas här.",
                            "Enter a personal identity number. A coordination number cannot be used here.");
      return outcome;
    }
    outcome.values.push_back(number.digits());
  } catch (const InvalidInput&) {
    // The parser's reason is not shown: it is in English and about the number's parts.
    outcome.error = field.allow_samordningsnummer
                        ? error(field, "invalid-personnummer",
                                "Ange ett giltigt personnummer eller samordningsnummer, ÅÅÅÅMMDD-NNNN.",
                                "Enter a valid personal identity number or coordination number, YYYYMMDD-NNNN.")
                        : error(field, "invalid-personnummer", "Ange ett giltigt personnummer, ÅÅÅÅMMDD-NNNN.",
                                "Enter a valid personal identity number, YYYYMMDD-NNNN.");
  }
  return outcome;
}

Outcome check_organisationsnummer(const Field& field, std::string_view value) {
  Outcome outcome;
  try {
    outcome.values.push_back(ids::Organisationsnummer::parse(value).formatted());
  } catch (const InvalidInput&) {
    outcome.error = error(field, "invalid-organisationsnummer", "Ange ett giltigt organisationsnummer, NNNNNN-NNNN.",
                          "Enter a valid organisation number, NNNNNN-NNNN.");
  }
  return outcome;
}

Outcome check_choices(const Field& field, const std::vector<std::string>& raw) {
  Outcome outcome;
  std::vector<std::string> chosen;
  for (const auto& value : raw) {
    const std::string trimmed(detail::trim(value));
    if (trimmed.empty()) continue;
    if (field.find_option(trimmed) == nullptr) {
      outcome.error = error(field, "not-an-option", "Välj ett av alternativen.", "Choose one of the options.");
      return outcome;
    }
    if (std::find(chosen.begin(), chosen.end(), trimmed) != chosen.end()) {
      outcome.error =
          error(field, "duplicate-option", "Ett alternativ är valt två gånger.", "An option was chosen twice.");
      return outcome;
    }
    chosen.push_back(trimmed);
  }
  if (field.type == FieldType::kSingleChoice && chosen.size() > 1) {
    outcome.error = error(field, "single-value-expected", "Välj bara ett alternativ.", "Choose only one option.");
    return outcome;
  }
  if (field.type == FieldType::kMultipleChoice && !chosen.empty()) {
    if (field.min_selected && chosen.size() < *field.min_selected) {
      outcome.error = error(field, "too-few-selected", "Välj minst " + std::to_string(*field.min_selected) + ".",
                            "Choose at least " + std::to_string(*field.min_selected) + ".");
      return outcome;
    }
    if (field.max_selected && chosen.size() > *field.max_selected) {
      outcome.error = error(field, "too-many-selected", "Välj högst " + std::to_string(*field.max_selected) + ".",
                            "Choose at most " + std::to_string(*field.max_selected) + ".");
      return outcome;
    }
  }
  // Stored in the definition's option order, whatever order the browser sent.
  for (const auto& option : field.options) {
    if (std::find(chosen.begin(), chosen.end(), option.value) != chosen.end()) outcome.values.push_back(option.value);
  }
  return outcome;
}

// A checkbox: checked ("true", "on", "1", "yes") or not ("false", "0", "", absent). A shown
// checkbox always has an answer.
Outcome check_checkbox(const Field& field, const std::vector<std::string>* raw) {
  Outcome outcome;
  std::string value = raw != nullptr && !raw->empty() ? std::string(detail::trim(raw->front())) : std::string();
  if (raw != nullptr && raw->size() > 1) {
    outcome.error =
        error(field, "single-value-expected", "Rutan kan bara ha ett värde.", "The box can have only one value.");
    return outcome;
  }
  if (value == "true" || value == "on" || value == "1" || value == "yes") {
    outcome.values.emplace_back("true");
  } else if (value == "false" || value == "0" || value.empty()) {
    outcome.values.emplace_back("false");
  } else {
    outcome.error =
        error(field, "invalid-checkbox", "Rutan är antingen ikryssad eller inte.", "The box is either checked or not.");
  }
  return outcome;
}

struct Evaluation {
  ValidationResult result;
  std::vector<const Field*> shown;
};

bool holds(const Condition& condition, const std::map<std::string, std::vector<std::string>>& accepted) {
  const auto found = accepted.find(condition.field);
  const bool answered = found != accepted.end() && !found->second.empty();
  switch (condition.test) {
    case Condition::Test::kAnswered:
      return answered;
    case Condition::Test::kNotAnswered:
      return !answered;
    case Condition::Test::kEquals:
    case Condition::Test::kNotEquals: {
      const bool equal =
          answered && std::find(found->second.begin(), found->second.end(), condition.value) != found->second.end();
      return condition.test == Condition::Test::kEquals ? equal : !equal;
    }
  }
  return false;
}

bool all_hold(const std::vector<Condition>& conditions,
              const std::map<std::string, std::vector<std::string>>& accepted) {
  return std::all_of(conditions.begin(), conditions.end(),
                     [&](const Condition& condition) { return holds(condition, accepted); });
}

Evaluation evaluate(const Definition& definition, const Answers& answers, std::chrono::year_month_day today,
                    const ContentTypeDetector* detector) {
  Evaluation evaluation;
  auto& result = evaluation.result;
  // Condition tests see accepted answers, plus "answered" markers for attachments.
  std::map<std::string, std::vector<std::string>> seen;

  for (const Field* field_pointer : definition.fields()) {
    const Field& field = *field_pointer;
    if (!all_hold(field.show_when, seen)) continue;  // hidden: its answer, if any, is dropped
    evaluation.shown.push_back(&field);
    const bool required = field.required || (!field.required_when.empty() && all_hold(field.required_when, seen));

    if (field.type == FieldType::kAttachment) {
      const auto file = answers.attachments.find(field.id);
      const bool present = file != answers.attachments.end() && !file->second.bytes.empty();
      if (!present) {
        if (file != answers.attachments.end() && !file->second.file_name.empty()) {
          result.errors.push_back(error(field, "empty-file", "Filen är tom.", "The file is empty."));
        } else if (required) {
          result.errors.push_back(error(field, "required", "Bifoga en fil.", "Attach a file."));
        }
        continue;
      }
      if (detector == nullptr) {  // shown_fields(): presence is enough
        seen[field.id] = {"attached"};
        continue;
      }
      const std::string allowed_sv = type_list(field.accept, " eller ");
      const std::string allowed_en = type_list(field.accept, " or ");
      if (file->second.bytes.size() > field.max_bytes) {
        result.errors.push_back(error(field, "file-too-large",
                                      "Filen är för stor. Den får vara högst " + size_text(field.max_bytes) + ".",
                                      "The file is too large. It may be at most " + size_text(field.max_bytes) + "."));
        continue;
      }
      const std::string media_type = detector->detect(file->second.bytes);
      if (std::find(field.accept.begin(), field.accept.end(), media_type) == field.accept.end()) {
        result.errors.push_back(error(field, "file-type-not-allowed",
                                      "Filen är inte av en tillåten typ. Bifoga en fil av typen " + allowed_sv + ".",
                                      "The file is not of an allowed type. Attach a file of type " + allowed_en + "."));
        continue;
      }
      seen[field.id] = {"attached"};
      result.accepted.attachments[field.id] =
          AcceptedAttachment{file->second.file_name, media_type, file->second.bytes};
      continue;
    }

    const auto raw = answers.values.find(field.id);
    const std::vector<std::string>* values = raw == answers.values.end() ? nullptr : &raw->second;
    Outcome outcome;
    if (field.type == FieldType::kCheckbox) {
      outcome = check_checkbox(field, values);
      if (!outcome.error && required && outcome.values.front() != "true") {
        outcome.error = error(field, "required", "Du måste kryssa i rutan för att gå vidare.",
                              "You must check the box to continue.");
      }
    } else if (field.type == FieldType::kSingleChoice || field.type == FieldType::kMultipleChoice) {
      outcome = values == nullptr ? Outcome{} : check_choices(field, *values);
    } else {
      // One value at most; an empty one is no answer.
      std::vector<std::string> given;
      if (values != nullptr) {
        for (const auto& value : *values) {
          if (!detail::trim(value).empty()) given.push_back(value);
        }
      }
      if (given.size() > 1) {
        outcome.error = error(field, "single-value-expected", "Ange bara ett svar.", "Give only one answer.");
      } else if (given.size() == 1) {
        const std::string_view value = detail::trim(given.front());
        switch (field.type) {
          case FieldType::kText:
          case FieldType::kTextArea:
            outcome = check_text(definition, field, given.front());
            break;
          case FieldType::kNumber:
            outcome = check_number(field, value);
            break;
          case FieldType::kDate:
            outcome = check_date(field, value, today);
            break;
          case FieldType::kEmail:
            if (valid_email(value)) {
              outcome.values.emplace_back(value);
            } else {
              outcome.error =
                  error(field, "invalid-email", "Ange en giltig e-postadress, till exempel namn@exempel.se.",
                        "Enter a valid e-mail address, for example name@example.com.");
            }
            break;
          case FieldType::kPhone:
            if (const auto phone = normal_phone(value)) {
              outcome.values.push_back(*phone);
            } else {
              outcome.error =
                  error(field, "invalid-phone", "Ange ett giltigt telefonnummer, till exempel 070-123 45 67.",
                        "Enter a valid phone number, for example +46 70 123 45 67.");
            }
            break;
          case FieldType::kPersonnummer:
            outcome = check_personnummer(field, value, today);
            break;
          case FieldType::kOrganisationsnummer:
            outcome = check_organisationsnummer(field, value);
            break;
          case FieldType::kSingleChoice:
          case FieldType::kMultipleChoice:
          case FieldType::kCheckbox:
          case FieldType::kAttachment:
            break;  // handled above
        }
      }
    }
    if (!outcome.error && outcome.values.empty() && required) {
      outcome.error = field.type == FieldType::kSingleChoice || field.type == FieldType::kMultipleChoice
                          ? error(field, "required", "Välj ett alternativ.", "Choose an option.")
                          : error(field, "required", "Fältet måste fyllas i.", "This field is required.");
    }
    if (outcome.error) {
      result.errors.push_back(std::move(*outcome.error));
      continue;
    }
    if (!outcome.values.empty()) {
      seen[field.id] = outcome.values;
      result.accepted.values[field.id] = std::move(outcome.values);
    }
  }

  // Answers to fields the definition does not have.
  std::set<std::string> unknown;
  for (const auto& [id, values] : answers.values) {
    if (definition.find_field(id) == nullptr || definition.find_field(id)->type == FieldType::kAttachment) {
      unknown.insert(id);
    }
  }
  for (const auto& [id, file] : answers.attachments) {
    if (definition.find_field(id) == nullptr || definition.find_field(id)->type != FieldType::kAttachment) {
      unknown.insert(id);
    }
  }
  for (const auto& id : unknown) {
    result.errors.push_back(FieldError{
        id, "unknown-field", LocalizedText{"Formuläret har inget sådant fält.", "The form has no such field."}});
  }
  if (!result.ok()) result.accepted = AcceptedAnswers{};
  return evaluation;
}

}  // namespace

const FieldError* ValidationResult::error_for(std::string_view field) const noexcept {
  for (const auto& e : errors) {
    if (e.field == field) return &e;
  }
  return nullptr;
}

ValidationResult validate_answers(const Definition& definition, const Answers& answers,
                                  std::chrono::year_month_day today, const ContentTypeDetector& detector) {
  return evaluate(definition, answers, today, &detector).result;
}

std::vector<const Field*> shown_fields(const Definition& definition, const Answers& answers,
                                       std::chrono::year_month_day today) {
  return evaluate(definition, answers, today, nullptr).shown;
}

}  // namespace samverkan::eservices

#pragma once
/// A citizen's answers to a form, and their validation on the server against the exact
/// definition version (the browser's checks are a convenience only).
///
///   eservices::Answers answers;
///   answers.values["child-personnummer"] = {"20150314-1236"};
///   answers.attachments["certificate"] = {"intyg.pdf", pdf_bytes};
///   const auto result = eservices::validate_answers(definition, answers, today);
///   if (!result.ok()) for (const auto& e : result.errors) show(e.field, e.message.in(lang));
///
/// Rules, in field order:
///   - a field is shown when every showWhen holds; a condition tests the *accepted* answer of
///     an earlier field, and a hidden field has no answer. Answers to hidden fields are
///     dropped, not stored (a browser without JavaScript sends what was typed before a choice
///     changed); they are never an error;
///   - a shown field is required when required="true" or every requiredWhen holds; a required
///     checkbox must be checked;
///   - an empty answer (only whitespace) is no answer;
///   - an answer to a field the definition does not have is an error (code "unknown-field");
///   - every other error names its field id and has a Swedish and an English message that
///     never repeats the answer (it may be a personnummer).

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/eservices/content_type.hpp"
#include "samverkan/eservices/definition.hpp"

namespace samverkan::eservices {

/// An uploaded file as received. The name is kept for the handler; it decides nothing.
struct Attachment {
  std::string file_name;
  std::string bytes;
};

/// The answers as received (form fields or JSON).
struct Answers {
  /// Field id → its answer; several values only for a multiple choice.
  std::map<std::string, std::vector<std::string>> values;
  /// Attachment field id → the file.
  std::map<std::string, Attachment> attachments;
};

/// One problem with one field's answer.
struct FieldError {
  std::string field;  ///< the field id
  /// Stable machine code: "required", "too-short", "too-long", "pattern", "not-a-number",
  /// "too-many-decimals", "too-small", "too-large", "not-a-date", "too-early", "too-late",
  /// "invalid-email", "invalid-phone", "invalid-personnummer", "samordningsnummer-not-allowed",
  /// "invalid-organisationsnummer", "not-an-option", "too-few-selected", "too-many-selected",
  /// "duplicate-option", "invalid-checkbox", "single-value-expected", "invalid-text",
  /// "file-too-large", "file-type-not-allowed", "empty-file", "unknown-field"; on the hosted
  /// pages also "answer-not-used" (an answer whose condition on the same page is off).
  std::string code;
  LocalizedText message;  ///< for the citizen, without the answer itself
};

/// An attachment that passed: its media type is the one found by content.
struct AcceptedAttachment {
  std::string file_name;
  std::string media_type;
  std::string bytes;
};

/// The answers that will be stored: only shown fields with an answer, normalised
/// (personnummer as 12 digits, organisationsnummer as NNNNNN-NNNN, numbers with '.', checkboxes
/// "true"/"false", text trimmed).
struct AcceptedAnswers {
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, AcceptedAttachment> attachments;
};

struct ValidationResult {
  std::vector<FieldError> errors;  ///< in the definition's field order; unknown fields last
  AcceptedAnswers accepted;        ///< complete only when ok()

  bool ok() const noexcept { return errors.empty(); }
  /// The first error of a field, or nullptr.
  const FieldError* error_for(std::string_view field) const noexcept;
};

/// Validates `answers` against `definition`. `today` is the date of submission (date limits
/// "today", the century of a 10-digit personnummer). Attachments are typed by `detector`.
/// Never throws for bad answers (they are errors in the result); throws samverkan::InternalError
/// only if libmagic fails.
ValidationResult validate_answers(const Definition& definition, const Answers& answers,
                                  std::chrono::year_month_day today,
                                  const ContentTypeDetector& detector = ContentTypeDetector::shared());

/// Which fields are shown for these answers (same rules as validate_answers, attachments
/// counted as answered when non-empty), for rendering a step.
std::vector<const Field*> shown_fields(const Definition& definition, const Answers& answers,
                                       std::chrono::year_month_day today);

}  // namespace samverkan::eservices

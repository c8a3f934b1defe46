#pragma once
/// An e-service definition (e-tjänst): one version of one citizen-facing form, as defined by
/// xsd/eservice.xsd. Loaded from XML, validated against the schema and then checked for the
/// rules a schema cannot express; the result is immutable and cheap to copy (shared state).
///
///   const auto definition = eservices::load_definition_file("skolskjuts.xml");
///   for (const auto& step : definition.steps()) ...
///
/// A published version never changes; a change is a new version (see catalogue.hpp).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/xml/diagnostic.hpp"

namespace samverkan::eservices {

/// The languages every text of a definition is given in. Swedish is the default.
enum class Language { kSwedish, kEnglish };

/// "sv" or "en".
std::string_view to_string(Language language) noexcept;

/// A text in Swedish and English.
struct LocalizedText {
  std::string sv;
  std::string en;

  const std::string& in(Language language) const noexcept { return language == Language::kEnglish ? en : sv; }
  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

/// The field types, one element each in the schema.
enum class FieldType {
  kText,                 ///< one line
  kTextArea,             ///< several lines
  kNumber,               ///< decimal number, comma or point
  kDate,                 ///< ISO date YYYY-MM-DD
  kEmail,                ///< e-mail address
  kPhone,                ///< phone number
  kPersonnummer,         ///< personnummer (optionally samordningsnummer)
  kOrganisationsnummer,  ///< organisationsnummer
  kSingleChoice,         ///< one option
  kMultipleChoice,       ///< any number of options
  kCheckbox,             ///< checked or not ("true" / "false")
  kAttachment,           ///< one uploaded file
};

/// The schema's element name: "text", "textArea", "singleChoice", ...
std::string_view to_string(FieldType type) noexcept;

/// Where a service is listed (the schema's Category).
enum class Category {
  kEducation,
  kSocialCare,
  kStreetsParks,
  kEnvironmentHealth,
  kBuildingPlanning,
  kBusiness,
  kCultureLeisure,
  kMunicipality,
  kOther,
};

/// The schema's value: "education", "streets-parks", ...
std::string_view to_string(Category category) noexcept;

/// The e-identification assurance level a service requires.
enum class LoginLevel {
  kNone,         ///< no login required
  kLow,          ///< LoA 2
  kSubstantial,  ///< LoA 3 (BankID)
  kHigh,         ///< LoA 4
};

/// "none", "low", "substantial", "high".
std::string_view to_string(LoginLevel level) noexcept;

/// A test on the answer to an earlier field (showWhen / requiredWhen).
struct Condition {
  enum class Test {
    kEquals,       ///< the answer is `value` (a multiple choice: contains it)
    kNotEquals,    ///< the opposite of kEquals
    kAnswered,     ///< the field has an answer
    kNotAnswered,  ///< the field has no answer
  };
  std::string field;  ///< the id of the field tested
  Test test = Test::kEquals;
  std::string value;  ///< for kEquals and kNotEquals
};

/// One option of a choice field.
struct Option {
  std::string value;
  LocalizedText label;
};

/// A regular expression in XML Schema syntax (anchored), with its message.
struct Pattern {
  std::string regex;
  LocalizedText message;
};

/// A date limit: a fixed date, or the day of submission.
struct DateBound {
  bool today = false;
  std::chrono::year_month_day date{};  ///< when !today
};

/// One field. Only the members that apply to its type are set.
struct Field {
  std::string id;
  FieldType type = FieldType::kText;
  LocalizedText label;
  std::optional<LocalizedText> help;
  bool required = false;
  std::vector<Condition> show_when;      ///< shown only when all hold
  std::vector<Condition> required_when;  ///< required when all hold (and shown)
  int line = 0;                          ///< line in the definition, for messages

  // text, textArea
  std::optional<std::size_t> min_length;
  std::size_t max_length = 0;  ///< 200 for text, 4000 for textArea unless given
  std::optional<Pattern> pattern;
  // number (kept as the schema's decimal text and as double for comparison)
  std::optional<double> min;
  std::optional<double> max;
  unsigned decimals = 0;
  std::string unit;
  // date
  std::optional<DateBound> earliest;
  std::optional<DateBound> latest;
  // personnummer
  bool allow_samordningsnummer = false;
  // singleChoice, multipleChoice
  std::vector<Option> options;
  bool display_as_list = false;  ///< singleChoice display="list"
  std::optional<std::size_t> min_selected;
  std::optional<std::size_t> max_selected;
  // attachment
  std::vector<std::string> accept;  ///< media types
  std::size_t max_bytes = 0;

  /// The option with this value, or nullptr.
  const Option* find_option(std::string_view value) const noexcept;
};

/// One step (page, section) of the form.
struct Step {
  std::string id;
  LocalizedText title;
  std::optional<LocalizedText> description;
  std::vector<Field> fields;
};

/// What happens on submit.
struct SubmitActions {
  /// Register a case in this board's diary with this case type.
  struct CaseRegistration {
    std::string board;      ///< diary prefix, e.g. "BUN"
    std::string case_type;  ///< e.g. "Skolskjuts"
  };
  // An errand is always created.
  std::optional<CaseRegistration> register_case;
  bool send_receipt = false;
  std::string receipt_email_field;  ///< an email field's id, or empty
};

/// One problem found in a definition; format() gives "file:line: message".
using Diagnostic = xml::Diagnostic;

/// Thrown when a definition is unreadable, malformed, invalid against the schema or breaks
/// a rule. what() lists every diagnostic as "file:line: message", one per line, sorted by line.
class DefinitionError : public InvalidInput {
 public:
  explicit DefinitionError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// An immutable, validated definition. Copies share the same state; safe to read from several
/// threads at once.
class Definition {
 public:
  struct Data;

  const std::string& id() const noexcept;
  int version() const noexcept;
  const LocalizedText& title() const noexcept;
  const LocalizedText& description() const noexcept;
  const ids::Kommunkod& owner() const noexcept;
  Category category() const noexcept;
  /// kNone when login is not required.
  LoginLevel login_level() const noexcept;
  bool login_required() const noexcept { return login_level() != LoginLevel::kNone; }
  const std::vector<Step>& steps() const noexcept;
  const SubmitActions& on_submit() const noexcept;

  /// The field with this id, or nullptr.
  const Field* find_field(std::string_view id) const noexcept;
  /// Every field of every step, in order.
  std::vector<const Field*> fields() const;

  /// The definition's XML exactly as loaded (what the catalogue stores).
  const std::string& source() const noexcept;
  /// Lower-case hex SHA-256 of source(): equal digests mean the same definition bytes.
  const std::string& digest() const noexcept;

  /// True when `text` matches the field's pattern (the whole text). Precondition: the field
  /// belongs to this definition and has a pattern.
  bool matches_pattern(const Field& field, std::string_view text) const;

 private:
  friend Definition parse_definition(std::string_view, std::string_view, const std::filesystem::path&);
  explicit Definition(std::shared_ptr<const Data> data) noexcept : data_(std::move(data)) {}
  std::shared_ptr<const Data> data_;
};

/// The folder holding xsd/eservice.xsd (the same as the cooperation file's: $SAMVERKAN_XSD_DIR,
/// the source tree's xsd/, or the installed share/samverkan/xsd).
std::filesystem::path default_xsd_dir();

/// Parses and checks a definition from bytes (an upload, a database row). `name` names it in
/// messages. Throws DefinitionError listing every problem (schema and semantic) at once.
Definition parse_definition(std::string_view xml, std::string_view name,
                            const std::filesystem::path& xsd_dir = default_xsd_dir());

/// Reads a definition file (the path is its name in messages). Throws DefinitionError.
Definition load_definition_file(const std::filesystem::path& file,
                                const std::filesystem::path& xsd_dir = default_xsd_dir());

}  // namespace samverkan::eservices

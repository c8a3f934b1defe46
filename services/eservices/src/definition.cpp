#include "samverkan/eservices/definition.hpp"

#include <libxml/xmlregexp.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <utility>

#include "detail/text.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/element.hpp"
#include "samverkan/xml/native.hpp"
#include "samverkan/xml/schema.hpp"

namespace samverkan::eservices {

namespace {

constexpr std::string_view kNamespace = "urn:samverkan:eservice:1";
constexpr std::string_view kSchemaFile = "eservice.xsd";
constexpr std::size_t kDefaultTextMax = 200;
constexpr std::size_t kDefaultTextAreaMax = 4000;

using detail::collapse;

struct RegexDeleter {
  void operator()(xmlRegexp* regex) const noexcept { xmlRegFreeRegexp(regex); }
};
using RegexPointer = std::unique_ptr<xmlRegexp, RegexDeleter>;

// libxml2's generic error callback that drops the message (compile errors are reported by us).
extern "C" void ignore_generic_error(void* /*context*/, const char* /*format*/, ...) {}

// Compiles an XML Schema regular expression; nothing when it does not compile. libxml2 reports
// compile errors through the generic error handler, which is silenced for this thread.
RegexPointer compile_regex(const std::string& regex) {
  xml::ensure_libxml_initialized();
  xmlSetGenericErrorFunc(nullptr, ignore_generic_error);
  RegexPointer compiled(xmlRegexpCompile(reinterpret_cast<const xmlChar*>(regex.c_str())));
  xmlSetGenericErrorFunc(nullptr, nullptr);
  return compiled;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Gathers every problem of one definition, schema and semantic, in one list.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}

  void add(int line, std::string message, xml::DiagnosticKind kind = xml::DiagnosticKind::kSchema) {
    diagnostics_.push_back(Diagnostic{file_, line, std::move(message), kind});
  }

  // libxml2's messages without "{urn:samverkan:eservice:1}" on every name and without the
  // follow-up that only restates a facet failure on the same line. Identity-constraint
  // violations (duplicate ids) are left out: the semantic checks report them with both lines.
  void add_schema(const std::vector<xml::Diagnostic>& diagnostics) {
    for (const auto& diagnostic : diagnostics) {
      if (diagnostic.kind == xml::DiagnosticKind::kIdentityConstraint) continue;
      std::string message = diagnostic.message;
      replace_all(message, "{" + std::string(kNamespace) + "}", "");
      const bool restates_type = message.find("is not a valid value of the") != std::string::npos ||
                                 message.find("No precomputed value available") != std::string::npos;
      if (restates_type && last_facet_line_ == diagnostic.line && diagnostic.line > 0) continue;
      last_facet_line_ = message.find("[facet '") != std::string::npos ? diagnostic.line : -1;
      schema_lines_.insert(diagnostic.line);
      diagnostics_.push_back(Diagnostic{diagnostic.file.empty() ? file_ : diagnostic.file, diagnostic.line,
                                        std::move(message), diagnostic.kind});
    }
  }

  // A value the schema already refused on this line is not reported a second time.
  void add_value_problem(int line, std::string message) {
    if (schema_lines_.contains(line)) return;
    add(line, std::move(message));
  }
  bool schema_refused(int line) const { return schema_lines_.contains(line); }

  bool empty() const noexcept { return diagnostics_.empty(); }

  [[noreturn]] void raise() {
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
    throw DefinitionError(std::move(diagnostics_));
  }

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  std::set<int> schema_lines_;
  int last_facet_line_ = -1;
};

std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    text += xml::format(diagnostic);
  }
  return text;
}

// The compiled schema per file, loaded once per process (Schema::validate is thread-safe).
std::shared_ptr<const xml::Schema> schema_for(const std::filesystem::path& xsd_dir) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const xml::Schema>> cache;
  const std::string key = (xsd_dir / kSchemaFile).lexically_normal().string();
  std::lock_guard lock(mutex);
  if (const auto found = cache.find(key); found != cache.end()) return found->second;
  auto schema = std::make_shared<const xml::Schema>(xml::Schema::load(key));
  cache.emplace(key, schema);
  return schema;
}

std::string child_text(const xml::Element& parent, std::string_view name) {
  const auto child = parent.first_child(name, kNamespace);
  return child ? collapse(child->text()) : std::string();
}

LocalizedText localized(const xml::Element& element) {
  return LocalizedText{child_text(element, "sv"), child_text(element, "en")};
}

std::optional<LocalizedText> localized_child(const xml::Element& parent, std::string_view name) {
  const auto child = parent.first_child(name, kNamespace);
  if (!child) return std::nullopt;
  return localized(*child);
}

std::optional<std::string> attribute(const xml::Element& element, std::string_view name) {
  auto value = element.attribute(name);
  if (!value) return std::nullopt;
  return collapse(*value);
}

bool boolean_attribute(const xml::Element& element, std::string_view name) {
  const auto value = attribute(element, name);
  return value && (*value == "true" || *value == "1");
}

// Attribute values the schema has already typed; a value it refused yields nothing.
std::optional<std::size_t> size_attribute(const xml::Element& element, std::string_view name) {
  const auto value = attribute(element, name);
  if (!value) return std::nullopt;
  std::size_t number = 0;
  const auto result = std::from_chars(value->data(), value->data() + value->size(), number);
  if (result.ec != std::errc() || result.ptr != value->data() + value->size()) return std::nullopt;
  return number;
}

std::optional<double> decimal_attribute(const xml::Element& element, std::string_view name) {
  const auto value = attribute(element, name);
  if (!value) return std::nullopt;
  unsigned ignored = 0;
  return detail::parse_decimal(*value, ignored);
}

std::optional<DateBound> date_attribute(Problems& problems, const xml::Element& element, std::string_view name) {
  const auto value = attribute(element, name);
  if (!value) return std::nullopt;
  if (*value == "today") return DateBound{true, {}};
  if (const auto date = calendar::try_parse_iso_date(*value)) return DateBound{false, *date};
  problems.add_value_problem(element.line(), std::string(name) + " '" + *value +
                                                 "' must be a date YYYY-MM-DD without a time zone, or \"today\"");
  return std::nullopt;
}

const std::map<std::string_view, FieldType>& field_types() {
  static const std::map<std::string_view, FieldType> kTypes = {
      {"text", FieldType::kText},
      {"textArea", FieldType::kTextArea},
      {"number", FieldType::kNumber},
      {"date", FieldType::kDate},
      {"email", FieldType::kEmail},
      {"phone", FieldType::kPhone},
      {"personnummer", FieldType::kPersonnummer},
      {"organisationsnummer", FieldType::kOrganisationsnummer},
      {"singleChoice", FieldType::kSingleChoice},
      {"multipleChoice", FieldType::kMultipleChoice},
      {"checkbox", FieldType::kCheckbox},
      {"attachment", FieldType::kAttachment},
  };
  return kTypes;
}

// Appended, as GCC 12 -O3 falsely warns on "'" + std::string&& (-Wrestrict, GCC bug 105329).
std::string in_quotes(std::string_view text) { return std::string("'").append(text).append("'"); }

std::string option_list(const Field& field) {
  std::string list;
  for (const auto& option : field.options) {
    if (!list.empty()) list += ", ";
    list += option.value;
  }
  return list;
}

// A condition as read, with where it was written.
struct ConditionSite {
  const Condition* condition;
  int line;
  std::size_t field_index;  // the field it belongs to
  std::string_view kind;    // "showWhen" or "requiredWhen"
};

std::optional<Condition> read_condition(Problems& problems, const xml::Element& element) {
  Condition condition;
  condition.field = attribute(element, "field").value_or("");
  const auto equals = attribute(element, "equals");
  const auto not_equals = attribute(element, "notEquals");
  const auto answered = attribute(element, "answered");
  const int given = (equals ? 1 : 0) + (not_equals ? 1 : 0) + (answered ? 1 : 0);
  if (given != 1) {
    problems.add(element.line(), std::string(element.local_name()) +
                                     " needs exactly one of the attributes equals, notEquals and answered (" +
                                     std::to_string(given) + " given)");
    return std::nullopt;
  }
  if (equals) {
    condition.test = Condition::Test::kEquals;
    condition.value = *equals;
  } else if (not_equals) {
    condition.test = Condition::Test::kNotEquals;
    condition.value = *not_equals;
  } else {
    condition.test =
        (*answered == "true" || *answered == "1") ? Condition::Test::kAnswered : Condition::Test::kNotAnswered;
  }
  return condition;
}

Field read_field(Problems& problems, const xml::Element& element, FieldType type,
                 std::vector<std::pair<int, std::vector<int>>>& condition_lines) {
  Field field;
  field.type = type;
  field.line = element.line();
  field.id = attribute(element, "id").value_or("");
  field.required = boolean_attribute(element, "required");
  if (const auto label = localized_child(element, "label")) field.label = *label;
  field.help = localized_child(element, "help");

  std::vector<int> show_lines;
  std::vector<int> required_lines;
  for (const auto& condition : element.children("showWhen", kNamespace)) {
    if (auto read = read_condition(problems, condition)) {
      field.show_when.push_back(std::move(*read));
      show_lines.push_back(condition.line());
    }
  }
  for (const auto& condition : element.children("requiredWhen", kNamespace)) {
    if (auto read = read_condition(problems, condition)) {
      field.required_when.push_back(std::move(*read));
      required_lines.push_back(condition.line());
    }
  }
  show_lines.insert(show_lines.end(), required_lines.begin(), required_lines.end());
  condition_lines.emplace_back(element.line(), std::move(show_lines));

  switch (type) {
    case FieldType::kText:
    case FieldType::kTextArea: {
      field.min_length = size_attribute(element, "minLength");
      field.max_length = size_attribute(element, "maxLength")
                             .value_or(type == FieldType::kText ? kDefaultTextMax : kDefaultTextAreaMax);
      if (const auto pattern = element.first_child("pattern", kNamespace)) {
        Pattern read;
        read.regex = pattern->attribute("regex").value_or("");
        if (const auto message = localized_child(*pattern, "message")) read.message = *message;
        field.pattern = std::move(read);
      }
      break;
    }
    case FieldType::kNumber:
      field.min = decimal_attribute(element, "min");
      field.max = decimal_attribute(element, "max");
      field.decimals = static_cast<unsigned>(size_attribute(element, "decimals").value_or(0));
      field.unit = attribute(element, "unit").value_or("");
      break;
    case FieldType::kDate:
      field.earliest = date_attribute(problems, element, "earliest");
      field.latest = date_attribute(problems, element, "latest");
      break;
    case FieldType::kPersonnummer:
      field.allow_samordningsnummer = boolean_attribute(element, "allowSamordningsnummer");
      break;
    case FieldType::kSingleChoice:
    case FieldType::kMultipleChoice: {
      std::map<std::string, int> values;
      for (const auto& option : element.children("option", kNamespace)) {
        const std::string value = attribute(option, "value").value_or("");
        const auto [at, inserted] = values.emplace(value, option.line());
        if (!inserted) {
          problems.add(option.line(),
                       "duplicate option value " + in_quotes(value) + " in field " + in_quotes(field.id) +
                           " (first defined at line " + std::to_string(at->second) + ")",
                       xml::DiagnosticKind::kIdentityConstraint);
          continue;
        }
        field.options.push_back(Option{value, localized(option)});
      }
      field.display_as_list = attribute(element, "display").value_or("radio") == "list";
      field.min_selected = size_attribute(element, "minSelected");
      field.max_selected = size_attribute(element, "maxSelected");
      break;
    }
    case FieldType::kAttachment:
      for (const auto& accept : element.children("accept", kNamespace)) {
        const std::string type_name = collapse(accept.text());
        if (std::find(field.accept.begin(), field.accept.end(), type_name) == field.accept.end()) {
          field.accept.push_back(type_name);
        }
      }
      field.max_bytes = size_attribute(element, "maxBytes").value_or(0);
      break;
    case FieldType::kEmail:
    case FieldType::kPhone:
    case FieldType::kOrganisationsnummer:
    case FieldType::kCheckbox:
      break;
  }
  return field;
}

// The rules a schema cannot express, for one field's own settings.
void check_field_settings(Problems& problems, const Field& field) {
  const std::string name = "field " + in_quotes(field.id);
  if (field.required && !field.required_when.empty()) {
    problems.add(field.line, name + " is required=\"true\" and also has requiredWhen: one or the other");
  }
  if (field.min_length && *field.min_length > field.max_length) {
    problems.add_value_problem(field.line, name + ": minLength " + std::to_string(*field.min_length) +
                                               " is greater than maxLength " + std::to_string(field.max_length));
  }
  if (field.min && field.max && *field.min > *field.max) {
    problems.add_value_problem(field.line, name + ": min is greater than max");
  }
  if (field.earliest && field.latest && !field.earliest->today && !field.latest->today &&
      field.earliest->date > field.latest->date) {
    problems.add_value_problem(field.line, name + ": earliest " + calendar::format_iso_date(field.earliest->date) +
                                               " is after latest " + calendar::format_iso_date(field.latest->date));
  }
  if (field.type == FieldType::kMultipleChoice) {
    const std::size_t count = field.options.size();
    if (field.min_selected && field.max_selected && *field.min_selected > *field.max_selected) {
      problems.add_value_problem(field.line, name + ": minSelected " + std::to_string(*field.min_selected) +
                                                 " is greater than maxSelected " + std::to_string(*field.max_selected));
    } else if (field.min_selected && *field.min_selected > count) {
      problems.add_value_problem(field.line, name + ": minSelected " + std::to_string(*field.min_selected) +
                                                 " is more than its " + std::to_string(count) + " options");
    }
  }
  if (field.type == FieldType::kSingleChoice || field.type == FieldType::kMultipleChoice) {
    if (field.options.empty() && !problems.schema_refused(field.line)) {
      problems.add(field.line, name + " is a choice without options");
    }
  }
}

}  // namespace

// ----------------------------------------------------------------------------- the model

struct Definition::Data {
  std::string id;
  int version = 0;
  LocalizedText title;
  LocalizedText description;
  std::optional<ids::Kommunkod> owner;  // always set once loaded
  Category category = Category::kOther;
  LoginLevel login_level = LoginLevel::kNone;
  std::vector<Step> steps;
  SubmitActions on_submit;
  std::string source;
  std::string digest;
  std::map<std::string, const Field*, std::less<>> fields;  // into steps
  std::map<std::string, RegexPointer, std::less<>> patterns;
  mutable std::mutex pattern_mutex;  // xmlRegexpExec on one compiled expression, one at a time
};

std::string_view to_string(Language language) noexcept { return language == Language::kEnglish ? "en" : "sv"; }

std::string_view to_string(FieldType type) noexcept {
  for (const auto& [name, value] : field_types()) {
    if (value == type) return name;
  }
  return "text";
}

std::string_view to_string(Category category) noexcept {
  switch (category) {
    case Category::kEducation:
      return "education";
    case Category::kSocialCare:
      return "social-care";
    case Category::kStreetsParks:
      return "streets-parks";
    case Category::kEnvironmentHealth:
      return "environment-health";
    case Category::kBuildingPlanning:
      return "building-planning";
    case Category::kBusiness:
      return "business";
    case Category::kCultureLeisure:
      return "culture-leisure";
    case Category::kMunicipality:
      return "municipality";
    case Category::kOther:
      return "other";
  }
  return "other";
}

std::string_view to_string(LoginLevel level) noexcept {
  switch (level) {
    case LoginLevel::kNone:
      return "none";
    case LoginLevel::kLow:
      return "low";
    case LoginLevel::kSubstantial:
      return "substantial";
    case LoginLevel::kHigh:
      return "high";
  }
  return "none";
}

const Option* Field::find_option(std::string_view value) const noexcept {
  for (const auto& option : options) {
    if (option.value == value) return &option;
  }
  return nullptr;
}

DefinitionError::DefinitionError(std::vector<Diagnostic> diagnostics)
    : InvalidInput(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

const std::string& Definition::id() const noexcept { return data_->id; }
int Definition::version() const noexcept { return data_->version; }
const LocalizedText& Definition::title() const noexcept { return data_->title; }
const LocalizedText& Definition::description() const noexcept { return data_->description; }
const ids::Kommunkod& Definition::owner() const noexcept { return *data_->owner; }
Category Definition::category() const noexcept { return data_->category; }
LoginLevel Definition::login_level() const noexcept { return data_->login_level; }
const std::vector<Step>& Definition::steps() const noexcept { return data_->steps; }
const SubmitActions& Definition::on_submit() const noexcept { return data_->on_submit; }
const std::string& Definition::source() const noexcept { return data_->source; }
const std::string& Definition::digest() const noexcept { return data_->digest; }

const Field* Definition::find_field(std::string_view id) const noexcept {
  const auto found = data_->fields.find(id);
  return found == data_->fields.end() ? nullptr : found->second;
}

std::vector<const Field*> Definition::fields() const {
  std::vector<const Field*> result;
  for (const auto& step : data_->steps) {
    for (const auto& field : step.fields) result.push_back(&field);
  }
  return result;
}

bool Definition::matches_pattern(const Field& field, std::string_view text) const {
  const auto found = data_->patterns.find(field.id);
  if (found == data_->patterns.end()) throw InternalError("field " + field.id + " has no pattern");
  const std::string value(text);
  std::lock_guard lock(data_->pattern_mutex);
  return xmlRegexpExec(found->second.get(), reinterpret_cast<const xmlChar*>(value.c_str())) == 1;
}

std::filesystem::path default_xsd_dir() { return config::default_xsd_dir(); }

// ----------------------------------------------------------------------------- the loader

Definition parse_definition(std::string_view xml_text, std::string_view name, const std::filesystem::path& xsd_dir) {
  const std::string file_name(name);
  std::optional<xml::Document> document;
  try {
    document = xml::parse_untrusted(xml_text, name);
  } catch (const xml::XmlError& error) {
    throw DefinitionError(error.diagnostics());
  }
  std::shared_ptr<const xml::Schema> schema;
  try {
    schema = schema_for(xsd_dir);
  } catch (const xml::XmlError& error) {
    throw DefinitionError(error.diagnostics());
  }

  Problems problems(file_name);
  problems.add_schema(schema->validate(*document));

  // The semantic checks run even when the schema found problems, so that one run reports
  // everything; they skip what is missing (the schema has said so already).
  const xml::Element root = document->root();
  if (!root.is("eservice", kNamespace)) problems.raise();  // the schema has said why

  auto data = std::make_shared<Definition::Data>();
  data->source = std::string(xml_text);
  data->digest = detail::sha256_hex(xml_text);
  data->id = attribute(root, "id").value_or("");
  data->version = static_cast<int>(size_attribute(root, "version").value_or(0));
  if (const auto title = localized_child(root, "title")) data->title = *title;
  if (const auto description = localized_child(root, "description")) data->description = *description;

  if (const auto owner = root.first_child("owner", kNamespace)) {
    const std::string code = collapse(owner->text());
    try {
      data->owner = ids::Kommunkod::parse(code);
    } catch (const InvalidInput& error) {
      problems.add_value_problem(owner->line(),
                                 "invalid owner municipality code " + in_quotes(code) + ": " + error.what());
    }
  }
  const std::string category = child_text(root, "category");
  for (const auto candidate : {Category::kEducation, Category::kSocialCare, Category::kStreetsParks,
                               Category::kEnvironmentHealth, Category::kBuildingPlanning, Category::kBusiness,
                               Category::kCultureLeisure, Category::kMunicipality, Category::kOther}) {
    if (to_string(candidate) == category) data->category = candidate;
  }

  if (const auto login = root.first_child("login", kNamespace)) {
    const bool required = boolean_attribute(*login, "required");
    const auto level = attribute(*login, "level");
    if (required && !level) {
      problems.add(login->line(), "login required=\"true\" needs a level (low, substantial or high)");
    } else if (!required && level) {
      problems.add(login->line(), "login level " + in_quotes(*level) + " given although login is not required");
    } else if (required) {
      for (const auto candidate : {LoginLevel::kLow, LoginLevel::kSubstantial, LoginLevel::kHigh}) {
        if (to_string(candidate) == *level) data->login_level = candidate;
      }
    }
  }

  // Steps and fields, with duplicate ids reported with both lines.
  std::map<std::string, int> step_ids;
  std::map<std::string, int> field_ids;
  std::vector<std::pair<int, std::vector<int>>> condition_lines;  // per field: its line, its conditions' lines
  if (const auto steps = root.first_child("steps", kNamespace)) {
    for (const auto& step_element : steps->children("step", kNamespace)) {
      Step step;
      step.id = attribute(step_element, "id").value_or("");
      if (!step.id.empty()) {
        const auto [at, inserted] = step_ids.emplace(step.id, step_element.line());
        if (!inserted) {
          problems.add(
              step_element.line(),
              "duplicate step id " + in_quotes(step.id) + " (first defined at line " + std::to_string(at->second) + ")",
              xml::DiagnosticKind::kIdentityConstraint);
        }
      }
      if (const auto title = localized_child(step_element, "title")) step.title = *title;
      step.description = localized_child(step_element, "description");
      for (const auto& child : step_element.children()) {
        const auto type = field_types().find(child.local_name());
        if (type == field_types().end() || child.namespace_uri() != kNamespace) continue;
        Field field = read_field(problems, child, type->second, condition_lines);
        if (!field.id.empty()) {
          const auto [at, inserted] = field_ids.emplace(field.id, field.line);
          if (!inserted) {
            problems.add(field.line,
                         "duplicate field id " + in_quotes(field.id) + " (first defined at line " +
                             std::to_string(at->second) + ")",
                         xml::DiagnosticKind::kIdentityConstraint);
          }
        }
        step.fields.push_back(std::move(field));
      }
      data->steps.push_back(std::move(step));
    }
  }

  // Field order, for "refers to an earlier field".
  std::vector<const Field*> ordered;
  for (const auto& step : data->steps) {
    for (const auto& field : step.fields) ordered.push_back(&field);
  }
  std::map<std::string, std::size_t, std::less<>> position;
  for (std::size_t i = 0; i < ordered.size(); ++i) position.emplace(ordered[i]->id, i);  // first wins

  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const Field& field = *ordered[i];
    check_field_settings(problems, field);
    if (field.pattern) {
      if (auto compiled = compile_regex(field.pattern->regex)) {
        data->patterns.emplace(field.id, std::move(compiled));
      } else {
        problems.add(field.line, "field " + in_quotes(field.id) + ": pattern " + in_quotes(field.pattern->regex) +
                                     " is not a valid XML Schema regular expression");
      }
    }
    // Conditions: an earlier field, and a value it can have.
    const auto& lines = condition_lines[i].second;
    std::size_t k = 0;
    for (const auto* list : {&field.show_when, &field.required_when}) {
      const std::string_view kind = list == &field.show_when ? "showWhen" : "requiredWhen";
      for (const auto& condition : *list) {
        const int line = k < lines.size() ? lines[k] : field.line;
        ++k;
        const auto target = position.find(condition.field);
        if (target == position.end()) {
          problems.add(line, std::string(kind) + " of field " + in_quotes(field.id) + " refers to unknown field " +
                                 in_quotes(condition.field));
          continue;
        }
        if (target->second >= i) {
          problems.add(line, std::string(kind) + " of field " + in_quotes(field.id) + " refers to field " +
                                 in_quotes(condition.field) + ", which does not come before it (line " +
                                 std::to_string(ordered[target->second]->line) + ")");
          continue;
        }
        const Field& tested = *ordered[target->second];
        const bool compares =
            condition.test == Condition::Test::kEquals || condition.test == Condition::Test::kNotEquals;
        if (!compares) continue;
        if (tested.type == FieldType::kSingleChoice || tested.type == FieldType::kMultipleChoice) {
          if (tested.find_option(condition.value) == nullptr) {
            problems.add(line, std::string(kind) + " of field " + in_quotes(field.id) + ": " +
                                   in_quotes(condition.value) + " is not an option of field " + in_quotes(tested.id) +
                                   " (options: " + option_list(tested) + ")");
          }
        } else if (tested.type == FieldType::kCheckbox) {
          if (condition.value != "true" && condition.value != "false") {
            problems.add(line, std::string(kind) + " of field " + in_quotes(field.id) + ": checkbox " +
                                   in_quotes(tested.id) + " is \"true\" or \"false\", not " +
                                   in_quotes(condition.value));
          }
        } else if (tested.type == FieldType::kAttachment) {
          problems.add(line, std::string(kind) + " of field " + in_quotes(field.id) + ": attachment " +
                                 in_quotes(tested.id) + " can only be tested with answered");
        }
      }
    }
  }

  if (const auto on_submit = root.first_child("onSubmit", kNamespace)) {
    if (const auto register_case = on_submit->first_child("registerCase", kNamespace)) {
      data->on_submit.register_case = SubmitActions::CaseRegistration{
          attribute(*register_case, "board").value_or(""), attribute(*register_case, "caseType").value_or("")};
    }
    if (const auto receipt = on_submit->first_child("sendReceipt", kNamespace)) {
      data->on_submit.send_receipt = true;
      data->on_submit.receipt_email_field = attribute(*receipt, "emailField").value_or("");
      const auto& email_field = data->on_submit.receipt_email_field;
      if (!email_field.empty()) {
        const auto target = position.find(email_field);
        if (target == position.end()) {
          problems.add(receipt->line(), "sendReceipt emailField refers to unknown field " + in_quotes(email_field));
        } else if (ordered[target->second]->type != FieldType::kEmail) {
          problems.add(receipt->line(), "sendReceipt emailField " + in_quotes(email_field) + " is a " +
                                            std::string(to_string(ordered[target->second]->type)) +
                                            " field, not an email field");
        }
      }
    }
  }

  if (!problems.empty()) problems.raise();
  if (!data->owner || data->version <= 0 || data->id.empty()) {
    // The schema requires all three; reaching here means it let something through.
    throw InternalError("definition " + file_name + " passed the schema without id, version or owner");
  }
  for (const auto& step : data->steps) {
    for (const auto& field : step.fields) data->fields.emplace(field.id, &field);
  }
  return Definition(std::move(data));
}

Definition load_definition_file(const std::filesystem::path& file, const std::filesystem::path& xsd_dir) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw DefinitionError({Diagnostic{file.string(), 0, "cannot read the file", xml::DiagnosticKind::kIo}});
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return parse_definition(bytes.str(), file.string(), xsd_dir);
}

}  // namespace samverkan::eservices

#include "samverkan/eservices/definition_changes.hpp"

#include <algorithm>
#include <tuple>

namespace samverkan::eservices {
namespace {

using Kind = DefinitionChange::Kind;

// The members of a field that decide which answers it takes, as one comparable value.
auto rules(const Field& field) {
  const auto conditions = [](const std::vector<Condition>& list) {
    std::vector<std::tuple<std::string, Condition::Test, std::string>> out;
    out.reserve(list.size());
    for (const auto& c : list) out.emplace_back(c.field, c.test, c.value);
    return out;
  };
  const auto bound = [](const std::optional<DateBound>& b) {
    return b ? std::optional(std::tuple(b->today, b->date)) : std::nullopt;
  };
  return std::tuple(field.min_length, field.max_length, field.pattern ? field.pattern->regex : std::string(), field.min,
                    field.max, field.decimals, field.unit, bound(field.earliest), bound(field.latest),
                    field.allow_samordningsnummer, field.min_selected, field.max_selected, field.accept,
                    field.max_bytes, conditions(field.show_when), conditions(field.required_when));
}

auto options(const Field& field) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& o : field.options) out.emplace_back(o.value, o.label.sv, o.label.en);
  return std::tuple(out, field.display_as_list);
}

template <typename T, typename Id>
const T* find_by_id(const std::vector<T>& list, const Id& id) {
  const auto found = std::find_if(list.begin(), list.end(), [&](const T& item) { return item.id == id; });
  return found == list.end() ? nullptr : &*found;
}

}  // namespace

std::string_view to_string(DefinitionChange::Kind kind) noexcept {
  switch (kind) {
    case Kind::kTitle:
      return "title";
    case Kind::kDescription:
      return "description";
    case Kind::kCategory:
      return "category";
    case Kind::kLoginLevel:
      return "login-level";
    case Kind::kOnSubmit:
      return "on-submit";
    case Kind::kStepAdded:
      return "step-added";
    case Kind::kStepRemoved:
      return "step-removed";
    case Kind::kStepText:
      return "step-text";
    case Kind::kFieldAdded:
      return "field-added";
    case Kind::kFieldRemoved:
      return "field-removed";
    case Kind::kFieldText:
      return "field-text";
    case Kind::kFieldType:
      return "field-type";
    case Kind::kFieldRequired:
      return "field-required";
    case Kind::kFieldOptions:
      return "field-options";
    case Kind::kFieldRules:
      return "field-rules";
  }
  return "unknown";
}

std::vector<DefinitionChange> compare_definitions(const Definition& before, const Definition& after) {
  std::vector<DefinitionChange> changes;
  const auto add = [&](Kind kind, const std::string& subject = {}) { changes.push_back({kind, subject}); };
  if (before.title() != after.title()) add(Kind::kTitle);
  if (before.description() != after.description()) add(Kind::kDescription);
  if (before.category() != after.category()) add(Kind::kCategory);
  if (before.login_level() != after.login_level()) add(Kind::kLoginLevel);
  const auto& was = before.on_submit();
  const auto& now = after.on_submit();
  const auto registration = [](const SubmitActions& a) {
    return a.register_case ? std::optional(std::tuple(a.register_case->board, a.register_case->case_type))
                           : std::nullopt;
  };
  if (registration(was) != registration(now) || was.send_receipt != now.send_receipt ||
      was.receipt_email_field != now.receipt_email_field) {
    add(Kind::kOnSubmit);
  }

  for (const auto& step : after.steps()) {
    const Step* old = find_by_id(before.steps(), step.id);
    if (old == nullptr) {
      add(Kind::kStepAdded, step.id);
    } else if (old->title != step.title || old->description != step.description) {
      add(Kind::kStepText, step.id);
    }
    for (const auto& field : step.fields) {
      const Field* previous = before.find_field(field.id);
      if (previous == nullptr) {
        add(Kind::kFieldAdded, field.id);
        continue;
      }
      if (previous->label != field.label || previous->help != field.help) add(Kind::kFieldText, field.id);
      if (previous->type != field.type) add(Kind::kFieldType, field.id);
      if (previous->required != field.required) add(Kind::kFieldRequired, field.id);
      if (options(*previous) != options(field)) add(Kind::kFieldOptions, field.id);
      if (rules(*previous) != rules(field)) add(Kind::kFieldRules, field.id);
    }
  }
  for (const auto& step : before.steps()) {
    if (find_by_id(after.steps(), step.id) == nullptr) add(Kind::kStepRemoved, step.id);
  }
  for (const Field* field : before.fields()) {
    if (after.find_field(field->id) == nullptr) add(Kind::kFieldRemoved, field->id);
  }
  return changes;
}

}  // namespace samverkan::eservices

// The manager's form: its checks (each problem named by its field, in Swedish as the pages show
// it), its JSON (drafts keep the form as typed), and "system/role" references.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "detail/hiring.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/text.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/mail/smtp_mailer.hpp"

namespace samverkan::hiring {

InvalidForm::InvalidForm(std::vector<FieldError> errors)
    : InvalidInput([&] {
        std::string message = "the form has problems: ";
        for (std::size_t i = 0; i < errors.size(); ++i) {
          message += (i == 0 ? "" : "; ") + errors[i].field + ": " + errors[i].message;
        }
        return message;
      }()),
      errors_(std::move(errors)) {}

namespace detail {
namespace {

bool plain_text(std::string_view text, std::size_t max_characters) {
  const auto length = text::utf8_length(text);
  return length && *length <= max_characters && !text::has_control_character(text);
}

std::optional<int> whole_number(const std::string& text) {
  const std::string trimmed = text::collapse_whitespace(text);
  int value = 0;
  const auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (trimmed.empty() || error != std::errc() || end != trimmed.data() + trimmed.size()) return std::nullopt;
  return value;
}

std::optional<std::chrono::year_month_day> form_date(const std::string& text) {
  try {
    return calendar::parse_iso_date(text::collapse_whitespace(text), "date");
  } catch (const InvalidInput&) {
    return std::nullopt;
  }
}

bool mobile_number(const std::string& text) {
  std::size_t digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!(c == ' ' || c == '-' || (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= 8 && digits <= 15;
}

bool postal_code(const std::string& text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ') {
      return false;
    }
  }
  return digits.size() == 5;
}

}  // namespace

std::optional<RoleRef> parse_role_ref(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= text.size()) return std::nullopt;
  if (text.find('/', slash + 1) != std::string_view::npos) return std::nullopt;
  return RoleRef{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

std::string format_role_ref(const RoleRef& role) { return role.system + "/" + role.role; }

std::vector<FieldError> check_form(const config::HiringSettings& settings, const HireForm& form,
                                   std::chrono::year_month_day today) {
  std::vector<FieldError> errors;
  const auto problem = [&](const char* field, std::string message) { errors.push_back({field, std::move(message)}); };
  const auto name = [&](const char* field, const std::string& value, const char* missing) {
    const std::string text = text::collapse_whitespace(value);
    if (text.empty()) {
      problem(field, missing);
    } else if (!plain_text(text, 100)) {
      problem(field, "Högst 100 tecken, utan styrtecken");
    }
  };
  name("givenName", form.given_name, "Ange förnamn");
  name("familyName", form.family_name, "Ange efternamn");
  if (text::collapse_whitespace(form.personnummer).empty()) {
    problem("personnummer", "Ange personnummer eller samordningsnummer");
  } else {
    try {
      ids::Personnummer::parse_any(text::collapse_whitespace(form.personnummer), today);
    } catch (const InvalidInput&) {
      problem("personnummer", "Personnumret är inte giltigt (ÅÅÅÅMMDD-NNNN)");
    }
  }
  const std::string email = text::collapse_whitespace(form.private_email);
  if (email.empty()) {
    problem("privateEmail", "Ange en privat e-postadress");
  } else if (!mail::is_plain_address(email) || email.find('.', email.find('@')) == std::string::npos) {
    problem("privateEmail", "E-postadressen är inte giltig (namn@exempel.se)");
  }
  const std::string mobile = text::collapse_whitespace(form.mobile);
  if (mobile.empty()) {
    problem("mobile", "Ange ett mobilnummer");
  } else if (!mobile_number(mobile)) {
    problem("mobile", "Mobilnumret är inte giltigt (till exempel 070-123 45 67)");
  }
  const bool any_address = !form.street.empty() || !form.postal_code.empty() || !form.city.empty();
  if (any_address) {
    if (text::collapse_whitespace(form.street).empty() || !plain_text(form.street, 100)) {
      problem("street", "Ange gatuadress (högst 100 tecken) eller lämna adressen tom");
    }
    if (!postal_code(form.postal_code)) problem("postalCode", "Postnumret är fem siffror");
    if (text::collapse_whitespace(form.city).empty() || !plain_text(form.city, 60)) {
      problem("city", "Ange postort (högst 60 tecken)");
    }
  }

  std::optional<adapters::EmploymentType> type;
  try {
    type = adapters::parse_employment_type(form.employment_type);
  } catch (const InvalidInput&) {
    problem("employmentType", "Välj anställningsform");
  }
  const auto start = form_date(form.start_date);
  if (form.start_date.empty()) {
    problem("startDate", "Ange första anställningsdag");
  } else if (!start) {
    problem("startDate", "Första dagen är inte ett giltigt datum (ÅÅÅÅ-MM-DD)");
  } else if (*start < today) {
    problem("startDate", "Första dagen har redan varit");
  }
  const auto end = form_date(form.end_date);
  if (type == adapters::EmploymentType::kFixedTerm && form.end_date.empty()) {
    problem("endDate", "En visstidsanställning behöver en sista dag");
  } else if (!form.end_date.empty() && !end) {
    problem("endDate", "Sista dagen är inte ett giltigt datum (ÅÅÅÅ-MM-DD)");
  } else if (end && type == adapters::EmploymentType::kPermanent) {
    problem("endDate", "En tillsvidareanställning har ingen sista dag");
  } else if (end && start && *end < *start) {
    problem("endDate", "Sista dagen är före första dagen");
  }
  name("title", form.title, "Ange befattning");
  const config::HiringUnit* unit = settings.find_unit(form.unit);
  if (unit == nullptr) problem("unit", form.unit.empty() ? "Välj enhet" : "Enheten finns inte");

  std::set<std::string> seen;
  for (const auto& id : form.equipment) {
    if (settings.find_article(id) == nullptr || !seen.insert("e:" + id).second) {
      problem("equipment", "Välj utrustning ur katalogen, var sak en gång");
      break;
    }
  }
  for (const auto& zone : form.card_areas) {
    if (settings.find_area(zone) == nullptr || !seen.insert("z:" + zone).second) {
      problem("cardAreas", "Välj passerområden ur listan, vart område en gång");
      break;
    }
  }
  for (const auto& text : form.roles) {
    const auto ref = parse_role_ref(text);
    const config::CatalogueRole* role = ref ? settings.find_role(ref->system, ref->role) : nullptr;
    if (role == nullptr || !seen.insert("r:" + text).second) {
      problem("roles", "Välj behörigheter ur katalogen, var behörighet en gång");
      break;
    }
    if (unit != nullptr && !role->allowed_in(unit->id)) {
      problem("roles", "Behörigheten " + role->system_name + " – " + role->name + " ges inte i enheten " + unit->name);
      break;
    }
  }

  const auto rate = whole_number(form.employment_rate);
  if (!rate || *rate < 1 || *rate > 100) problem("employmentRate", "Sysselsättningsgraden är 1–100 procent");
  const bool hourly = type == adapters::EmploymentType::kHourly;
  if (form.monthly_salary.empty() && !hourly) {
    problem("monthlySalary", "Ange månadslön i kronor");
  } else if (!form.monthly_salary.empty()) {
    const auto salary = whole_number(form.monthly_salary);
    if (!salary || *salary < (hourly ? 0 : 1) || *salary > 10'000'000) {
      problem("monthlySalary", "Månadslönen är ett helt antal kronor");
    }
  }
  // Line breaks are allowed in the terms (they become paragraphs of the contract).
  const auto terms_length = text::xml_text_length(form.other_terms);
  if (!terms_length || *terms_length > 2000) problem("otherTerms", "Högst 2000 tecken");
  return errors;
}

namespace {

Poco::JSON::Array::Ptr string_array(const std::vector<std::string>& values) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& value : values) array->add(value);
  return array;
}

std::string member(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name) || object.isNull(name)) return {};
  const auto value = object.get(name);
  if (!value.isString()) throw InvalidInput("\"" + name + "\" must be a string");
  return value.extract<std::string>();
}

std::vector<std::string> strings(const Poco::JSON::Object& object, const std::string& name) {
  std::vector<std::string> out;
  if (!object.has(name) || object.isNull(name)) return out;
  const auto array = object.getArray(name);
  if (!array) throw InvalidInput("\"" + name + "\" must be an array of strings");
  if (array->size() > 100) throw InvalidInput("\"" + name + "\" holds at most 100 values");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned>(i));
    if (!value.isString()) throw InvalidInput("\"" + name + "\" must be an array of strings");
    out.push_back(value.extract<std::string>());
  }
  return out;
}

}  // namespace

Poco::JSON::Object::Ptr form_to_json(const HireForm& form) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("givenName", form.given_name);
  out->set("familyName", form.family_name);
  out->set("personnummer", form.personnummer);
  out->set("privateEmail", form.private_email);
  out->set("mobile", form.mobile);
  out->set("protectedIdentity", form.protected_identity);
  out->set("street", form.street);
  out->set("postalCode", form.postal_code);
  out->set("city", form.city);
  out->set("employmentType", form.employment_type);
  out->set("startDate", form.start_date);
  out->set("endDate", form.end_date);
  out->set("title", form.title);
  out->set("unit", form.unit);
  out->set("equipment", string_array(form.equipment));
  out->set("cardAreas", string_array(form.card_areas));
  out->set("roles", string_array(form.roles));
  out->set("employmentRate", form.employment_rate);
  out->set("monthlySalary", form.monthly_salary);
  out->set("otherTerms", form.other_terms);
  return out;
}

HireForm form_from_json(const Poco::JSON::Object& object) {
  HireForm form;
  form.given_name = member(object, "givenName");
  form.family_name = member(object, "familyName");
  form.personnummer = member(object, "personnummer");
  form.private_email = member(object, "privateEmail");
  form.mobile = member(object, "mobile");
  if (object.has("protectedIdentity") && !object.isNull("protectedIdentity")) {
    const auto value = object.get("protectedIdentity");
    if (!value.isBoolean()) throw InvalidInput("\"protectedIdentity\" must be true or false");
    form.protected_identity = value.extract<bool>();
  }
  form.street = member(object, "street");
  form.postal_code = member(object, "postalCode");
  form.city = member(object, "city");
  form.employment_type = member(object, "employmentType");
  form.start_date = member(object, "startDate");
  form.end_date = member(object, "endDate");
  form.title = member(object, "title");
  form.unit = member(object, "unit");
  form.equipment = strings(object, "equipment");
  form.card_areas = strings(object, "cardAreas");
  form.roles = strings(object, "roles");
  // Numbers may come as JSON numbers from the API or as text from the pages.
  for (const auto& [name, target] :
       {std::pair{"employmentRate", &form.employment_rate}, std::pair{"monthlySalary", &form.monthly_salary}}) {
    if (!object.has(name) || object.isNull(name)) continue;
    const auto value = object.get(name);
    if (value.isInteger()) {
      *target = std::to_string(value.convert<long long>());
    } else if (value.isString()) {
      *target = value.extract<std::string>();
    } else {
      throw InvalidInput("\"" + std::string(name) + "\" must be a whole number");
    }
  }
  form.other_terms = member(object, "otherTerms");
  return form;
}

HireForm parse_form_json(const std::string& text) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(text);
    if (const auto& object = parsed.extract<Poco::JSON::Object::Ptr>(); !object.isNull())
      return form_from_json(*object);
  } catch (const Poco::Exception&) {
  }
  throw InvalidInput("the form must be a JSON object");
}

std::string form_json_text(const HireForm& form) { return http::to_json(*form_to_json(form)); }

}  // namespace detail
}  // namespace samverkan::hiring

// The cooperation's landing page, and for each member the accessibility statement (Digg's
// structure), the privacy notice and the cookie statement: public pages, the same for every
// visitor, without a session. What differs between members comes from the cooperation file
// (<publicInformation>); the law's fixed parts (Digg, IMY, the legal bases) are in the templates.
#include <string>

#include "detail/pages.hpp"
#include "samverkan/auth/session_store.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {
namespace {

/// The language flags the statement templates choose their text by, and the member's name and
/// contact details, which every statement names.
mu::data about_data(const Visit& visit, const config::Municipality& municipality) {
  mu::data data{mu::data::type::object};
  data.set("sv", visit.language == Language::kSwedish);
  data.set("en", visit.language == Language::kEnglish);
  data.set("municipality", municipality.name);
  data.set("email", municipality.contact.email);
  data.set("phone", municipality.contact.phone);
  data.set("address", municipality.contact.address);
  return data;
}

/// "0380-461 00" as a tel: URI ("+4638046100"): digits only, the trunk zero replaced.
std::string phone_uri(const std::string& phone) {
  std::string digits;
  for (const char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits.size() > 1 && digits[0] == '0' ? "+46" + digits.substr(1) : digits;
}

}  // namespace

http::Response Pages::landing_page(http::Request& request) const {
  Visit visit;
  visit.language = language_of(request);
  visit.path = request.path;
  auto data = base_data(visit);
  data.set("cooperation", cooperation_.name);
  mu::list members;
  for (const auto& member : cooperation_.members) {
    mu::data item{mu::data::type::object};
    item.set("code", member.code.str());
    item.set("name", member.name);
    item.set("eservices", home(member, visit.language));
    item.set("notice_board", "/anslagstavla/" + member.code.str() + lang_query(visit.language));
    item.set("email", member.contact.email);
    item.set("phone", member.contact.phone);
    item.set("phone_uri", phone_uri(member.contact.phone));
    item.set("address", member.contact.address);
    item.set("website", member.contact.website);
    members.push_back(item);
  }
  data.set("members", members);
  return html(200, page(visit, nullptr, ui_text(visit.language, "eservices"), render("landing", data), "/"));
}

http::Response Pages::accessibility_page(http::Request&, Visit& visit, const config::Municipality& municipality) {
  auto data = about_data(visit, municipality);
  data.set("t", ui_texts(visit.language));
  const auto& statement = municipality.accessibility;
  data.set("missing", !statement);
  data.set("report_email",
           statement && !statement->report_email.empty() ? statement->report_email : municipality.contact.email);
  if (statement) {
    data.set("full", statement->compliance == "full");
    data.set("partial", statement->compliance == "partial");
    data.set("none", statement->compliance == "none");
    data.set("self", statement->method == "self");
    data.set("external", statement->method == "external");
    data.set("assessed", statement->assessed);
    data.set("updated", statement->updated);
    mu::list shortcomings;
    for (const auto& item : statement->shortcomings) shortcomings.emplace_back(item);
    data.set("has_shortcomings", !shortcomings.empty());
    data.set("shortcomings", shortcomings);
  }
  return html(200, page(visit, &municipality, ui_text(visit.language, "accessibility"), render("accessibility", data),
                        "/e/" + municipality.code.str() + "/tillganglighet"));
}

http::Response Pages::privacy_page(http::Request&, Visit& visit, const config::Municipality& municipality) {
  auto data = about_data(visit, municipality);
  data.set("organisation_number", municipality.organisation_number.formatted());
  data.set("cooperation", cooperation_.name);
  const auto& notice = municipality.privacy;
  if (notice) {
    data.set("dpo_email", notice->dpo_email);
    if (!notice->dpo_phone.empty()) data.set("dpo_phone", notice->dpo_phone);
  }
  data.set("retention", notice && !notice->retention.empty()
                            ? notice->retention
                            : std::string("Ärenden och bilagor bevaras eller gallras enligt arkivlagen och kommunens "
                                          "dokumenthanteringsplan."));
  return html(200, page(visit, &municipality, ui_text(visit.language, "privacy"), render("privacy", data),
                        "/e/" + municipality.code.str() + "/personuppgifter"));
}

http::Response Pages::cookies_page(http::Request&, Visit& visit, const config::Municipality& municipality) {
  auto data = about_data(visit, municipality);
  data.set("cookie", std::string(auth::kSessionCookieName));
  return html(200, page(visit, &municipality, ui_text(visit.language, "cookies"), render("cookies", data),
                        "/e/" + municipality.code.str() + "/kakor"));
}

}  // namespace samverkan::eservices::detail

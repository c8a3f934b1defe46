#include "samverkan/http/citizen_site.hpp"

#include <map>
#include <regex>
#include <string>

namespace samverkan::http {
namespace citizen_detail {
/// Generated from libcore/templates/citizen (cmake/EmbedTemplates.cmake).
const std::map<std::string, std::string_view>& templates();
}  // namespace citizen_detail

namespace {

const Templates& frame_templates() {
  static const Templates kTemplates(citizen_detail::templates());
  return kTemplates;
}

std::string member_base(const config::Municipality& municipality) { return "/e/" + municipality.code.str(); }

}  // namespace

const Texts& citizen_texts() {
  static const Texts kTexts =
      Texts::from_json(frame_templates().source("sv.json"), frame_templates().source("en.json"));
  return kTexts;
}

std::string_view citizen_lang_query(Language language) noexcept {
  return language == Language::kEnglish ? "?lang=en" : "";
}

std::string render_citizen_page(const CitizenPage& page) {
  const std::string lang(citizen_lang_query(page.language));
  mustache::data data{mustache::data::type::object};
  data.set("lang", std::string(to_string(page.language)));
  data.set("t", citizen_texts().data(page.language));
  data.set("title", page.title);
  data.set("content", page.content);
  data.set("cooperation", page.cooperation.name);
  data.set("cooperation_href", "/" + lang);
  data.set("site_name", page.municipality != nullptr ? page.municipality->name : page.cooperation.name);
  data.set("stylesheet", std::string(kCitizenStylesheetPath));
  mustache::data sheets{mustache::data::type::list};
  if (page.municipality != nullptr) sheets.push_back(mustache::data(citizen_brand_path(*page.municipality)));
  for (const auto& sheet : page.stylesheets) sheets.push_back(mustache::data(sheet));
  data.set("stylesheets", sheets);
  mustache::data scripts{mustache::data::type::list};
  for (const auto& script : page.scripts) scripts.push_back(mustache::data(script));
  data.set("scripts", scripts);
  if (page.refresh_seconds > 0) data.set("refresh", std::to_string(page.refresh_seconds));
  if (page.municipality != nullptr) {
    const std::string base = member_base(*page.municipality);
    data.set("home", base + lang);
    data.set("eservices", base + lang);
    data.set("notice_board", "/anslagstavla/" + page.municipality->code.str() + lang);
    data.set("mina_sidor", base + "/mina-sidor" + lang);
  }
  // The statements of the member whose page this is; on the cooperation's own pages, the host's.
  const config::Municipality* owner =
      page.municipality != nullptr ? page.municipality : page.cooperation.find(page.cooperation.host);
  if (owner != nullptr) {
    const std::string base = member_base(*owner);
    data.set("accessibility_href", base + "/tillganglighet" + lang);
    data.set("privacy_href", base + "/personuppgifter" + lang);
    data.set("cookies_href", base + "/kakor" + lang);
  }
  const bool english = page.language == Language::kEnglish;
  data.set("switch_href", page.path + (english ? "" : "?lang=en"));
  data.set("switch_lang", english ? "sv" : "en");
  data.set("switch_label", english ? "På svenska" : "In English");
  return frame_templates().render("layout", data);
}

std::string_view citizen_stylesheet() { return frame_templates().source("site.css"); }

std::string_view citizen_bankid_script() { return frame_templates().source("bankid.js"); }

std::string qr_svg(std::string_view content) {
  mustache::data data{mustache::data::type::object};
  set_qr_code(data, content);
  return frame_templates().render("qr-svg", data);
}

std::string citizen_brand_path(const config::Municipality& municipality) {
  return member_base(municipality) + "/brand.css";
}

std::string citizen_brand_stylesheet(const config::Municipality& municipality) {
  static const std::regex kColour("#[0-9A-Fa-f]{6}");
  const std::string& colour = municipality.branding.primary_color;
  mustache::data data{mustache::data::type::object};
  data.set("colour", std::regex_match(colour, kColour) ? colour : std::string("#0b4a8b"));
  return frame_templates().render("brand", data);
}

}  // namespace samverkan::http

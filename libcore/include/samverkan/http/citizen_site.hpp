#pragma once
/// The frame of every page citizens see, whichever service renders it (the e-services, the
/// notice board, the landing page): the member's name and colour in the header, its e-services,
/// notice board and Mina sidor in the menu, the language switch, and a footer naming the
/// cooperation with the member's accessibility statement, privacy notice and cookie statement.
///
///   http::CitizenPage page{cooperation, &member, http::Language::kSwedish};
///   page.title = "Anslagstavla";
///   page.path = "/anslagstavla/0199";
///   page.content = templates.render("notice-board", data);  // the <main> content
///   return http::html_response(200, http::render_citizen_page(page));
///
/// The style sheets are served by the e-services (kCitizenStylesheetPath and the member's
/// citizen_brand_path); the frame's texts are libcore/templates/citizen/{sv,en}.json.

#include <string>
#include <string_view>
#include <vector>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/http/page.hpp"

namespace samverkan::http {

/// The shared style sheet of the citizen pages.
inline constexpr std::string_view kCitizenStylesheetPath = "/e/static/site.css";
/// The BankID page's script (the animated QR code and the automatic collect), same-origin as
/// the Content-Security-Policy requires.
inline constexpr std::string_view kBankIdScriptPath = "/e/static/bankid.js";

struct CitizenPage {
  const config::Cooperation& cooperation;
  /// Whose page; nullptr for the cooperation's own (the landing page, an unknown member).
  const config::Municipality* municipality = nullptr;
  Language language = Language::kSwedish;
  std::string title{};                     ///< the page's heading; <title> adds the member's (or cooperation's) name
  std::string content{};                   ///< the HTML of <main>, rendered by another template
  std::string path{};                      ///< the page's path without a query, for the language switch
  std::vector<std::string> stylesheets{};  ///< a service's own, after the shared ones
  std::vector<std::string> scripts{};      ///< same-origin scripts (deferred)
  /// When over 0, a browser without JavaScript reloads the page after this many seconds (a
  /// page that waits on something, like a BankID login).
  int refresh_seconds = 0;
};

/// The whole page (lang, <title>, header, menu, <main>, footer), every text escaped but content.
std::string render_citizen_page(const CitizenPage& page);

/// The frame's texts ({{t.key}}), for pages that name the same things (the statements' titles).
const Texts& citizen_texts();

/// The shared style sheet, and the member's colour as a style sheet (served at
/// citizen_brand_path: the Content-Security-Policy allows no inline style).
std::string_view citizen_stylesheet();
/// The BankID page's script (served at kBankIdScriptPath).
std::string_view citizen_bankid_script();
/// A QR code of `content` as a standalone SVG image (image/svg+xml), with a quiet zone of 4
/// modules: the BankID page's animated QR code. Throws as encode_qr.
std::string qr_svg(std::string_view content);
std::string citizen_brand_stylesheet(const config::Municipality& municipality);
std::string citizen_brand_path(const config::Municipality& municipality);

/// "" for Swedish, "?lang=en" for English: appended to every link of the citizen pages.
std::string_view citizen_lang_query(Language language) noexcept;

}  // namespace samverkan::http

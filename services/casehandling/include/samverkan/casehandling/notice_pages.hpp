#pragma once
/// The public notice-board page (anslagstavla) of a municipality: accessible HTML in Swedish or
/// English listing the posted notices with the posting day, where the minutes are kept, the last
/// day to appeal and links to the public minutes (HTML and PDF), in the member's citizen frame
/// (http/citizen_site.hpp), with the machine-readable notices under "Öppna data".

#include <string>
#include <string_view>
#include <vector>

#include "samverkan/casehandling/notice_board.hpp"
#include "samverkan/config/cooperation.hpp"

namespace samverkan::casehandling {

struct NoticePage {
  const config::Cooperation& cooperation;
  const config::Municipality& municipality;  ///< whose notice board
  std::string lang = "sv";                   ///< "sv" or "en"
};

/// The page's path: "/anslagstavla/0199".
std::string notice_page_path(std::string_view kommunkod);
/// The public minutes' path (HTML; "?format=pdf" for the PDF).
std::string public_minutes_path(std::string_view kommunkod, long long minutes_id);

/// "sv" or "en" from a ?lang= value (anything else: "sv").
std::string notice_page_language(std::string_view requested);

/// The stylesheet of the notice-board and minutes pages, served at kStylesheetPath (the
/// platform's Content-Security-Policy allows no inline styles).
inline constexpr std::string_view kStylesheetPath = "/anslagstavla/static/casehandling.css";
std::string_view stylesheet();

/// The whole page in the member's citizen frame; every text escaped.
std::string render_notice_page(const NoticePage& page, const std::vector<Notice>& notices);

}  // namespace samverkan::casehandling

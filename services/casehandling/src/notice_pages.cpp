#include "samverkan/casehandling/notice_pages.hpp"

#include <kainjow/mustache.hpp>

#include "detail/templates.hpp"
#include "samverkan/http/citizen_site.hpp"

namespace samverkan::casehandling {
namespace {

namespace mu = kainjow::mustache;

const char* title(bool english) { return english ? "Official notice board" : "Anslagstavla"; }

mu::data texts(bool english) {
  mu::data t;
  const auto set = [&t, english](const char* key, const char* sv, const char* en) { t.set(key, english ? en : sv); };
  t.set("title", title(english));
  set("open_data", "Öppna data", "Open data");
  set("open_data_intro", "Anslagen finns också i maskinläsbar form, för den som vill återanvända dem.",
      "The notices are also available in machine-readable form, for reuse.");
  set("feed", "Anslagen som JSON", "The notices as JSON");
  set("intro", "Tillkännagivanden om justerade protokoll från kommunens nämnder och styrelse.",
      "Notices of adjusted minutes from the municipality's boards and committees (in Swedish: anslag).");
  set("minutes_of", "Protokoll", "Minutes");
  set("board", "Organ", "Board");
  set("meeting_date", "Sammanträdesdatum", "Meeting date");
  set("posted_on", "Anslaget", "Posted on");
  set("kept_at", "Protokollet förvaras", "The minutes are kept at");
  set("appeal_deadline", "Sista dag att överklaga", "Last day to appeal");
  set("read_minutes", "Läs protokollet", "Read the minutes");
  set("pdf", "PDF", "PDF");
  set("none", "Det finns inga anslag just nu.", "There are no notices at the moment.");
  set("appeal_info",
      "Ett beslut kan överklagas genom laglighetsprövning inom tre veckor från den dag då justeringen av "
      "protokollet tillkännagavs på anslagstavlan (kommunallagen 13 kap. 5 §).",
      "A decision can be appealed (laglighetsprövning) within three weeks of the day the adjustment of the "
      "minutes was announced on the notice board (Local Government Act, chapter 13, section 5).");
  return t;
}

}  // namespace

std::string notice_page_path(std::string_view kommunkod) { return "/anslagstavla/" + std::string(kommunkod); }

std::string public_minutes_path(std::string_view kommunkod, long long minutes_id) {
  return "/api/v1/municipalities/" + std::string(kommunkod) + "/minutes/" + std::to_string(minutes_id) + "/public";
}

std::string_view stylesheet() { return templates_detail::templates().at("casehandling.css"); }

std::string notice_page_language(std::string_view requested) { return requested == "en" ? "en" : "sv"; }

std::string render_notice_page(const NoticePage& page, const std::vector<Notice>& notices) {
  const bool english = page.lang == "en";
  const std::string kommunkod = page.municipality.code.str();
  mu::data d;
  d.set("t", texts(english));
  d.set("feed_href", "/api/v1/municipalities/" + kommunkod + "/notice-board");
  mu::data list{mu::data::type::list};
  for (const auto& n : notices) {
    mu::data item;
    item.set("id", std::to_string(n.id));
    item.set("board_name", n.board_name.empty() ? n.prefix : n.board_name);
    item.set("prefix", n.prefix);
    item.set("meeting_date", n.meeting_date);
    item.set("posted_on", n.posted_on);
    item.set("kept_at", n.kept_at);
    item.set("appeal_deadline", n.appeal_deadline);
    const std::string minutes = public_minutes_path(kommunkod, n.minutes_id);
    item.set("minutes_href", minutes);
    item.set("minutes_pdf_href", minutes + "?format=pdf");
    list.push_back(item);
  }
  d.set("has_notices", notices.empty() ? mu::data(mu::data::type::bool_false) : mu::data(mu::data::type::bool_true));
  d.set("notices", list);
  http::CitizenPage frame{page.cooperation, &page.municipality,
                          english ? http::Language::kEnglish : http::Language::kSwedish};
  frame.title = title(english);
  frame.content = render_template("notice-board", d);
  frame.path = notice_page_path(kommunkod);
  frame.stylesheets.emplace_back(kStylesheetPath);
  return http::render_citizen_page(frame);
}

}  // namespace samverkan::casehandling

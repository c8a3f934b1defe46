#include "samverkan/casehandling/open_data.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "samverkan/casehandling/vote_json.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::casehandling {
namespace {

std::string csv_row(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_cell(cells[i]);
  }
  return out + "\r\n";
}

}  // namespace

std::string csv_cell(const std::string& text) {
  std::string value = text;
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string open_data_json(const MinutesView& view) {
  Poco::JSON::Object out;
  out.set("municipality", view.municipality);
  out.set("board", view.prefix);
  out.set("boardName", view.board_name);
  out.set("meetingId", view.meeting_id);
  out.set("meetingDate", view.meeting_date);
  out.set("minutesId", view.minutes_id);
  Poco::JSON::Array decisions;
  for (const auto& p : view.paragraphs) {
    if (p.secret()) continue;
    Poco::JSON::Object d;
    d.set("paragraph", p.number);
    d.set("year", p.year);
    d.set("caseNumber", p.case_number);
    d.set("heading", p.heading);
    d.set("proposal", p.proposal);
    d.set("decision", p.decision);
    d.set("immediatelyAdjusted", p.immediately_adjusted);
    if (p.has_vote) {
      Poco::JSON::Array votes;
      for (const auto& v : p.votes) {
        Poco::JSON::Object line;
        line.set("name", v.name);
        line.set("party", v.party);
        line.set("vote", v.vote);
        votes.add(line);
      }
      d.set("vote", vote_json(p.yes_means, p.no_means, {p.yes, p.no, p.abstain, p.result}, votes));
    } else {
      d.set("vote", Poco::Dynamic::Var());
    }
    decisions.add(d);
  }
  out.set("decisions", decisions);
  return http::to_json(out);
}

std::string open_data_decisions_csv(const MinutesView& view) {
  std::string out =
      csv_row({"meeting_date", "board", "paragraph", "case_number", "heading", "decision", "vote_result"});
  for (const auto& p : view.paragraphs) {
    if (p.secret()) continue;
    out += csv_row({view.meeting_date, view.prefix, std::to_string(p.number), p.case_number, p.heading, p.decision,
                    p.has_vote ? p.result : std::string()});
  }
  return out;
}

std::string open_data_votes_csv(const MinutesView& view) {
  std::string out = csv_row({"meeting_date", "board", "paragraph", "case_number", "name", "party", "vote"});
  for (const auto& p : view.paragraphs) {
    if (p.secret() || !p.has_vote) continue;
    for (const auto& v : p.votes) {
      out +=
          csv_row({view.meeting_date, view.prefix, std::to_string(p.number), p.case_number, v.name, v.party, v.vote});
    }
  }
  return out;
}

std::string open_data_index_json(const std::string& municipality, const std::vector<PublishedMinutes>& list) {
  Poco::JSON::Object out;
  out.set("municipality", municipality);
  Poco::JSON::Array meetings;
  for (const auto& m : list) {
    Poco::JSON::Object o;
    o.set("meetingId", m.meeting_id);
    o.set("minutesId", m.minutes_id);
    o.set("board", m.prefix);
    o.set("boardName", m.board_name);
    o.set("meetingDate", m.meeting_date);
    meetings.add(o);
  }
  out.set("meetings", meetings);
  return http::to_json(out);
}

}  // namespace samverkan::casehandling

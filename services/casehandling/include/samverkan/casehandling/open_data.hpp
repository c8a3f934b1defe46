#pragma once
/// Open data (öppna data): the decisions and votes of adjusted minutes, per meeting, as JSON and
/// CSV, for anyone. Only public paragraphs are published: a secret paragraph is left out whole
/// (not even its number), whatever the view holds.

#include <string>
#include <vector>

#include "samverkan/casehandling/minutes_document.hpp"

namespace samverkan::casehandling {

/// {"municipality","board","boardName","meetingId","meetingDate","minutesId","decisions":[{"paragraph",
/// "year","caseNumber","heading","proposal","decision","immediatelyAdjusted","vote":{"yesMeans",
/// "noMeans","yes","no","abstain","result","votes":[{"name","party","vote"}]}|null}]}
std::string open_data_json(const MinutesView& view);

/// One row per public paragraph: meeting_date,board,paragraph,case_number,heading,decision,vote_result
/// (RFC 4180, CRLF, header row; cells starting with = + - @ get a leading ' against formula injection).
std::string open_data_decisions_csv(const MinutesView& view);

/// One row per vote cast in a public paragraph: meeting_date,board,paragraph,case_number,name,party,vote.
std::string open_data_votes_csv(const MinutesView& view);

/// The index: {"municipality","meetings":[{"meetingId","minutesId","board","boardName","meetingDate"}]}.
std::string open_data_index_json(const std::string& municipality, const std::vector<PublishedMinutes>& list);

/// One CSV cell, quoted when needed (exposed for tests).
std::string csv_cell(const std::string& text);

}  // namespace samverkan::casehandling

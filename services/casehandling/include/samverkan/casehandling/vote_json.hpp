#pragma once
/// A paragraph's vote (votering) as JSON, one shape for the API's paragraphs and for open data.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>

#include "samverkan/casehandling/meeting_service.hpp"

namespace samverkan::casehandling {

/// {"yesMeans","noMeans","yes","no","abstain","result","votes": votes}. `votes` says who voted
/// how in the caller's shape (the API: {"userId": "ja"}; open data: [{"name","party","vote"}]).
Poco::JSON::Object vote_json(const std::string& yes_means, const std::string& no_means, const VoteTally& tally,
                             const Poco::Dynamic::Var& votes);

}  // namespace samverkan::casehandling

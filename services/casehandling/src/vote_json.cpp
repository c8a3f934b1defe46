#include "samverkan/casehandling/vote_json.hpp"

namespace samverkan::casehandling {

Poco::JSON::Object vote_json(const std::string& yes_means, const std::string& no_means, const VoteTally& tally,
                             const Poco::Dynamic::Var& votes) {
  Poco::JSON::Object vote;
  vote.set("yesMeans", yes_means);
  vote.set("noMeans", no_means);
  vote.set("yes", tally.yes);
  vote.set("no", tally.no);
  vote.set("abstain", tally.abstain);
  vote.set("result", tally.result);
  vote.set("votes", votes);
  return vote;
}

}  // namespace samverkan::casehandling

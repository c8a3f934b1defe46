#pragma once
// The JSON body of a submission by a trusted integration (POST .../eservices/{id}/submissions),
// internal to the e-services library; the JSON fuzz target calls it too.

#include <chrono>
#include <string>

#include "samverkan/eservices/errand_intake.hpp"

namespace samverkan::eservices::detail {

/// {"requestId", "personnummer", "version", "answers": {field: "value" | ["v", ...]},
///  "attachments": {field: {"fileName", "contentBase64"}}}. `today` resolves the century of a
/// 10-digit personnummer. Throws samverkan::InvalidInput saying which member is missing or
/// malformed (never repeating the personnummer).
IntakeRequest parse_intake(const std::string& body, std::chrono::year_month_day today);

}  // namespace samverkan::eservices::detail

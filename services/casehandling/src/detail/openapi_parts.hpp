#pragma once
// The parts of the service's API document, one per source file (openapi.cpp, openapi_meetings.cpp).
#include "samverkan/http/openapi.hpp"

namespace samverkan::casehandling {

/// Committees, members, meetings, agendas, attendance, minutes, paragraphs, signatures, the notice
/// board and open data; the BankID signing operations only `with_bankid_signing`.
void describe_meeting_routes(http::OpenApi& api, bool with_bankid_signing);

}  // namespace samverkan::casehandling

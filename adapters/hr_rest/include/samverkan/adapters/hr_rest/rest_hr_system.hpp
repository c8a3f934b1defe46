#pragma once
/// HrSystem over a small REST/JSON contract, for an HR system reached through an integration
/// platform or an HR system's own web API mapped onto it; product hr-rest (register.hpp). The
/// contract (all bodies JSON, UTF-8; the token from restApi tokenFile as a bearer token):
///
///   GET {base}/employments/{employmentId}
///     200 {"employmentId": "100234", "givenName": "Anna", "familyName": "Andersson",
///          "personalIdentityNumber": "198503122383",      personnummer or samordningsnummer
///          "startDate": "2026-08-17", "endDate": "2027-08-16",        endDate absent: open-ended
///          "position": "Undersköterska", "unit": "Äldreomsorg Norr",
///          "manager": {"employmentId": "100017", "name": "Karin Lund"}}   manager may be absent
///     404                                     no such employment
///   POST {base}/employment-changes        Idempotency-Key: <key>
///     {"employmentId": "100234", "kind": "change" | "termination", "effectiveDate": "2026-09-01",
///      "position": "...", "unit": "...", "managerEmploymentId": "..."}
///                                             the new values of a change; absent: unchanged
///     201 {"changeId": "CH-17"}               recorded
///     200 {"changeId": "CH-17"}               this key was recorded before with the same body (a replay)
///     404                                     no such employment
///     409                                     this key was used for a different change
///     422 {"message": "..."}                  refused (a termination before the start date, ...)
///
/// Employment ids are 1..64 characters of A-Z a-z 0-9 '-' '_' '.'. An answer that breaks the
/// contract (a missing field, a malformed date or personnummer) is samverkan::Unavailable
/// whose message names the field, never its value: answers carry personal data.

#include <string_view>

#include "samverkan/adapters/hr_system.hpp"
#include "samverkan/adapters/rest_client.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::adapters::hr_rest {

class RestHrSystem final : public HrSystem {
 public:
  /// `clock` (which must outlive this) resolves the century of a ten-digit personnummer in an
  /// answer; `backend` names the HR system in messages ("Exempelby's HR system (hr-rest)").
  /// Throws samverkan::InvalidInput for bad settings (see RestClient).
  RestHrSystem(RestApiSettings settings, const Clock& clock, std::string backend = "the HR system");

  Employee employee(std::string_view employment_id) override;
  OrderReceipt report_change(const EmploymentChange& change) override;

 private:
  RestClient client_;
  const Clock& clock_;
};

}  // namespace samverkan::adapters::hr_rest

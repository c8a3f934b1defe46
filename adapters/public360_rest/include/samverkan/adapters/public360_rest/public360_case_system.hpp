#pragma once
/// A diary in Tieto Evry Public 360°, through its SIF web API (JSON over HTTPS); product
/// public360-rest (register.hpp). The parts used, as 360 exposes them (POST
/// {base}/SIF/<Service>/<Method>?authkey=<key>, JSON in and out, HTTP 200 with "Successful": false and an
/// "ErrorMessage" when 360 refuses):
///
///   CaseService/GetCases          {"CaseNumber": "KS 2026/142"} or {"ExternalId": {...}}
///                                 -> {"Successful": true, "Cases": [{"CaseNumber", "Status", "Title"}]}
///   CaseService/CreateCase        {"Title", "DiaryPrefix", "Unit", "AccessCode", "Paragraph", "ExternalId"}
///                                 -> {"Successful": true, "CaseNumber": "KS 2026/142", "Recno": 2001}
///   DocumentService/GetDocuments  {"ExternalId": {"Id": "<key>", "Type": "samverkan"}}
///                                 -> {"Successful": true, "Documents": [{"DocumentNumber", "CaseNumber", "Notes"}]}
///   DocumentService/CreateDocument {"CaseNumber", "Title", "Category": "Inkommande", "DocumentDate",
///                                   "Contacts": [{"Role": "Avsändare", "Name"}], "AccessCode", "Paragraph",
///                                   "Files": [{"Title", "Format", "Base64Data"}], "ExternalId", "Notes"}
///                                 -> {"Successful": true, "DocumentNumber": "KS 2026/142-3"}
///   An outgoing document (always into an existing case) has "Category": "Utgående" and its
///   contact the role "Mottagare" (the recipient).
///
/// Idempotency: 360 has no idempotency keys, but cases and documents carry an ExternalId that
/// can be searched. The key is the ExternalId of the document (and of a case created for it),
/// and the document's Notes hold "samverkan-sha256:<fingerprint of the request>". A retry
/// finds the document and returns it (or throws samverkan::Conflict when the fingerprint
/// differs); a retry after a crash between creating the case and the document finds the case
/// and does not create a second one. Access codes: "U" (public) or "S" (secret) with the OSL
/// paragraph in "Paragraph".

#include <string>

#include "samverkan/adapters/case_system.hpp"
#include "samverkan/adapters/rest_client.hpp"

namespace samverkan::adapters::public360_rest {

class Public360CaseSystem final : public CaseSystem {
 public:
  /// The API key (authkey) is read from the restApi token file for every request. `backend`
  /// names the diary in messages ("Exempelby's case system (public360-rest)"). Throws
  /// samverkan::InvalidInput for bad settings (see RestClient).
  explicit Public360CaseSystem(RestApiSettings settings, std::string backend = "Public 360");

  CaseRegistration register_document(const IncomingDocument& document) override;

 private:
  struct Answer;
  Answer invoke(const std::string& method, const std::string& json_body) const;

  RestClient client_;
};

}  // namespace samverkan::adapters::public360_rest

#pragma once
/// The case-handling REST API, under /api/v1/municipalities/{kommunkod}/ (permissions in
/// parentheses; each checked by the service when the route calls it):
///   GET  register?q=&board=&from=&to=&number=&limit=&offset=   the public register (anyone)
///   POST cases                                   register a case (case.register) → 201
///   GET  cases/{prefix}/{year}/{number}          a case with its parties (case.read)
///   POST cases/{prefix}/{year}/{number}/status   {"status":"prepared"} (case.handle)
///   GET  cases/{prefix}/{year}/{number}/history  (case.read)
///   POST cases/{prefix}/{year}/{number}/links    {"to":"KS 2026/3","note":"..."} (case.handle) → 204
///   POST cases/{prefix}/{year}/{number}/documents   {"direction","title","counterpartKind",
///        "counterpart","registeredOn","contentType","contentBase64","secrecy","secrecyReference",
///        "maskedParts"} (case.register) → 201 the document's metadata
///   GET  cases/{prefix}/{year}/{number}/documents   metadata (case.read)
///   GET  cases/{prefix}/{year}/{number}/documents/{n}/content   the file (case.read, and
///        secret-document.read when it is secret or partly secret)
///   POST diaries/{prefix}/reservations           {"note"} (case.register) → 201 {"number"}
///   POST reservations/{prefix}/{year}/{number}/release   {"reason"} (case.register): unused
/// Boards, meetings and minutes (meeting.read to read, meeting.manage to change, minutes.sign):
///   GET  boards/{prefix}/members?day=YYYY-MM-DD   the composition on that day (default today)
///   POST boards/{prefix}/members   {"term","userId","name","kind","function","validFrom"} → 201
///   POST boards/{prefix}/members/{id}/end   {"validTo"}
///   GET|POST boards/{prefix}/meetings   POST {"date","startsAt","place"} → 201
///   GET  meetings/{id}
///   GET  meetings/{id}/agenda;  POST meetings/{id}/agenda (adds the prepared cases)
///   POST meetings/{id}/agenda/items   {"heading"} an information item → 201
///   GET|PUT meetings/{id}/attendance   PUT {"attendance":[{"userId","presence","servingFor"}]}
///   POST meetings/{id}/minutes   {"keptAt","adjusters":["userId"]} → 201;  GET meetings/{id}/minutes
///   GET  minutes/{id};  GET|POST minutes/{id}/paragraphs   POST {"agendaItem"?,"heading"?} → 201
///   POST minutes/{id}/signatures   {"signature"} (minutes.sign; the chair or an adjuster)
///   GET|PATCH paragraphs/{id}   PATCH {"heading","secrecyReference","proposal","procedure","decision"}
///   POST paragraphs/{id}/entries   {"kind":"motion|reservation|protocol-note","userId","text"}
///   POST paragraphs/{id}/conflicts-of-interest   {"userId"} (jäv) → 200 the paragraph
///   POST paragraphs/{id}/votes   {"yesMeans","noMeans","votes":{"userId":"ja|nej|avstår"}} → 200
///   POST paragraphs/{id}/immediate-adjustment
///   GET  notice-board   the posted notices (anyone); GET notices/{id} (meeting.read)
///   POST boards/{prefix}/members/{id}/personnummer   {"personnummer"} (meeting.manage) → 204: kept
///        only as a blind index, to check who signs with BankID
///   POST minutes/{id}/signatures/bankid   (minutes.sign) → 201 {"orderRef","autoStartToken","qrStartToken"}
///   POST minutes/{id}/signatures/bankid/{orderRef}/collect → {"status","hintCode","minutes"?}
///        these three are mounted only when `bankid` is given
/// Minutes as documents, open data and the notice-board page:
///   GET  minutes/{id}/document?format=html|pdf   the full minutes (meeting.read; audited)
///   GET  minutes/{id}/public?format=html|pdf     the public version of adjusted minutes (anyone)
///   GET  open-data/meetings                      meetings with adjusted minutes (anyone)
///   GET  open-data/meetings/{id}/decisions?format=json|csv   public paragraphs' decisions and votes
///   GET  open-data/meetings/{id}/votes           one CSV row per vote in the public paragraphs
///   GET  /anslagstavla/{kommunkod}?lang=sv|en    the notice-board page (HTML)
///   GET  /anslagstavla/static/casehandling.css   its stylesheet (and the minutes pages')
/// A change of adjusted minutes is 409 and audited "minutes.change-refused".
/// Every call but the public ones needs a principal (bearer token, SITHS, session). A principal
/// of another municipality gets 404, as for a case that does not exist. Errors are problem+json.

#include "samverkan/bankid/client.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/openapi.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/http/routes.hpp"

namespace samverkan::casehandling {

/// Mounts the routes above (http::Routes). The services they use are created here and live
/// as long as the router; `router`, `deps`' references, `keyring` and `bankid` must outlive it.
void mount_routes(http::Router& router, const http::RouteServices& deps, const crypto::Keyring& keyring,
                  bankid::Client* bankid = nullptr);

/// Describes the routes above in the API document. `with_bankid_signing`: the routes that sign
/// minutes with BankID are mounted (BankID is configured).
void describe_routes(http::OpenApi& api, bool with_bankid_signing);

}  // namespace samverkan::casehandling

#pragma once
/// Case handling's sections of the staff web (http/staff_area.hpp), with their templates and
/// texts in services/casehandling/templates/staff:
///   /staff/{kommunkod}/diarium        registrars: the diary and the public register (case.read)
///   /staff/{kommunkod}/sammantraden   committee secretaries: boards, meetings, minutes (meeting.read)
///
/// The registrar's pages (issue 14.3), each calling the service functions the API routes call
/// (routes.cpp), with their permissions and audit entries:
///   GET  /diarium                                 the diary: a case by number, the cases of a party
///                                                 (personnummer), a diary's numbers of a year, and the
///                                                 form that reserves a number (case.read; the view audited)
///   POST /diarium/reservationer                   reserves a number (case.register)
///   GET  /diarium/nytt   POST /diarium/nytt       registers a case (case.register); ?reserverat= fills
///                                                 in a reserved number
///   GET  /diarium/arenden/{case}                  a case: facts, parties, documents, history, the forms
///                                                 (case.read; the view audited). {case} is "KS-2026-14"
///   POST /diarium/arenden/{case}/handlingar       registers a document: upload, secrecy with its OSL
///                                                 provision, partial secrecy (case.register; multipart)
///   GET  /diarium/arenden/{case}/handlingar/{document}   a document's content (case.read, and
///                                                 secret-document.read when secret; audited)
///   POST /diarium/arenden/{case}/status           moves the case on, up to closing it (case.handle)
///   GET  /diarium/allmanna-registret              the public register as anyone sees it (case.read)
/// A refused form comes back with the error summary, its fields marked and what was typed kept.
///
/// The committee secretary's pages (issue 14.4), on MeetingService, BoardMembers, the minutes
/// documents, MinutesSigning and the notice board, as the API routes call them:
///   GET  /sammantraden                            the member's boards (meeting.read)
///   GET  /sammantraden/namnder/{board}?dag=       a board's members on a day and its meetings, the forms
///                                                 that add or end a membership, record a member's
///                                                 personnummer (for BankID) and create a meeting
///                                                 (meeting.read; the view audited)
///   POST /sammantraden/namnder/{board}/ledamoter, .../ledamoter/{member}/avslut,
///        .../ledamoter/{member}/personnummer, .../moten        (meeting.manage)
///   GET  /sammantraden/moten/{meeting}            the meeting: agenda, attendance and quorum, the minutes'
///                                                 opening (meeting.read; audited)
///   POST /sammantraden/moten/{meeting}/dagordning (the prepared cases), .../informationsarenden,
///        .../narvaro (attendance, substitutes serving), .../protokoll (kept at, adjusters) (meeting.manage)
///   GET  /sammantraden/protokoll/{minutes}        paragraphs, signers, the notice once posted (audited)
///   POST /sammantraden/protokoll/{minutes}/paragrafer   the next § (meeting.manage)
///   GET  /sammantraden/protokoll/{minutes}/forhandsvisning?format=html|pdf   the full minutes (audited)
///   POST /sammantraden/protokoll/{minutes}/justering    starts the signer's BankID order (minutes.sign):
///                                                 the signing page with the QR code
///   POST /sammantraden/protokoll/{minutes}/justering/{order}   checks it; the last signature adjusts
///                                                 the minutes and posts the notice (minutes.sign)
///   GET  /sammantraden/paragrafer/{paragraph}     a § with its texts, motions, reservations, jäv, votes
///                                                 (meeting.read; audited)
///   POST /sammantraden/paragrafer/{paragraph}/text, /poster, /jav, /votering, /omedelbar-justering
///                                                 (meeting.manage)

#include "samverkan/bankid/client.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::casehandling {

/// Adds the sections above to the staff web. Without `keyring` (parties and documents are
/// encrypted at rest, personnummer blind-indexed) both sections show their summaries only.
/// Without `bankid` the minutes cannot be signed from the pages (503). `services`' references,
/// `keyring` and `bankid` must outlive the area's router.
void mount_staff_pages(http::StaffArea& area, const http::StaffAreaServices& services, const crypto::Keyring* keyring,
                       bankid::Client* bankid = nullptr);

}  // namespace samverkan::casehandling

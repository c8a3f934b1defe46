#pragma once
// Handler work on errands (assignment, internal notes, messages with the citizen), checked
// identically on SQLite (errand_work_test) and PostgreSQL (errand_work_pgtest).
#include <soci/soci.h>

#include <string>

#include "samverkan/eservices/errand_work.hpp"
#include "services/eservices/submissions_checks.hpp"

namespace samverkan::test {

struct ErrandWorkWorld : SubmissionWorld {
  explicit ErrandWorkWorld(storage::Database& database) : SubmissionWorld(database) {
    // Staff users are cooperation-wide; their roles are per municipality.
    add_staff("anna.h", "SE2321000065-h001", nassjo, "case-handler");
    add_staff("bo.h", "", nassjo, "case-handler");
    add_staff("cilla.reader", "", nassjo, "reader");
    add_staff("dan.eksjo", "", eksjo, "case-handler");
  }

  void add_staff(const std::string& username, const std::string& hsa_id, const ids::Kommunkod& where,
                 const std::string& role) {
    auto session = db.acquire();
    const std::string at = "2026-11-22T08:00:00.000Z";
    soci::indicator hsa_indicator = hsa_id.empty() ? soci::i_null : soci::i_ok;
    *session << "INSERT INTO staff_user (username, hsa_id, display_name, created_at) VALUES (:u, :h, :d, :at)",
        soci::use(username, "u"), soci::use(hsa_id, hsa_indicator, "h"), soci::use(username, "d"), soci::use(at, "at");
    long long id = 0;
    *session << "SELECT id FROM staff_user WHERE username = :u", soci::use(username, "u"), soci::into(id);
    const std::string code = where.str();
    *session << "INSERT INTO staff_role (staff_user, municipality, role, granted_at) VALUES (:id, :m, :r, :at)",
        soci::use(id, "id"), soci::use(code, "m"), soci::use(role, "r"), soci::use(at, "at");
  }

  eservices::ErrandWork work{submissions, keyring};
  security::Principal anna_h =
      security::Principal::staff("SE2321000065-h001", {{nassjo, {security::Role::kCaseHandler}}});
  security::Principal bo_h = security::Principal::staff("bo.h", {{nassjo, {security::Role::kCaseHandler}}});
  security::Principal reader = security::Principal::staff("cilla.reader", {{nassjo, {security::Role::kReader}}});
  security::Principal eksjo_staff = security::Principal::staff("dan.eksjo", {{eksjo, {security::Role::kCaseHandler}}});

  std::string submit_school_transport(const security::Principal& citizen) {
    return submit(citizen, nassjo, "skolskjuts", 1, school_transport()).receipt.value().reference;
  }

  static eservices::InboxFilter filter(eservices::InboxFilter::Assignment assignment, std::string handler = {}) {
    eservices::InboxFilter out;
    out.assignment = assignment;
    out.handler = std::move(handler);
    return out;
  }

  std::vector<std::string> inbox_references(const security::Principal& who, const eservices::InboxFilter& filter) {
    const auto rows = as(who, nassjo, [&](auto& ctx) { return work.inbox(ctx, filter); });
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.summary.reference);
    return out;
  }
};

inline void check_assignment_and_my_errands(storage::Database& db) {
  ErrandWorkWorld world(db);
  using eservices::InboxFilter;
  const std::string first = world.submit_school_transport(world.anna);
  const std::string second = world.submit_school_transport(world.bertil);

  // By user name or HSA-id; the handler is kept by HSA-id when there is one.
  const auto assigned =
      world.as(world.bo_h, world.nassjo, [&](auto& ctx) { return world.work.assign(ctx, first, "anna.h"); });
  BOOST_TEST(assigned == "SE2321000065-h001");
  BOOST_TEST(world.as(world.bo_h, world.nassjo, [&](auto& ctx) { return world.work.assign(ctx, second, "bo.h"); }) ==
             "bo.h");
  BOOST_TEST(
      world.as(world.reader, world.nassjo, [&](auto& ctx) { return world.work.assignee(ctx, first); }).value_or("") ==
      "SE2321000065-h001");

  // "My errands": each handler sees theirs; the reader has none; filters combine with status.
  InboxFilter mine;
  mine.assignment = InboxFilter::Assignment::kMine;
  BOOST_TEST(world.inbox_references(world.anna_h, mine) == std::vector<std::string>{first});
  BOOST_TEST(world.inbox_references(world.bo_h, mine) == std::vector<std::string>{second});
  BOOST_TEST(world.inbox_references(world.reader, mine).empty());
  InboxFilter by_handler;
  by_handler.assignment = InboxFilter::Assignment::kHandler;
  by_handler.handler = "bo.h";
  BOOST_TEST(world.inbox_references(world.reader, by_handler) == std::vector<std::string>{second});
  mine.status = eservices::ErrandStatus::kInProgress;
  BOOST_TEST(world.inbox_references(world.anna_h, mine).empty());
  BOOST_TEST(world.inbox_references(world.anna_h, InboxFilter{}).size() == 2u);

  // Not a handler here: a reader, another municipality's handler, nobody. Nothing changes.
  for (const char* who : {"cilla.reader", "dan.eksjo", "nobody", "SE2321000065-h00"}) {
    BOOST_CHECK_THROW(world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.work.assign(ctx, first, who); }),
                      InvalidInput);
  }
  BOOST_TEST(
      world.as(world.reader, world.nassjo, [&](auto& ctx) { return world.work.assignee(ctx, first); }).value_or("") ==
      "SE2321000065-h001");
  // A reader may not assign; another municipality's staff cannot see the errand; an unknown errand.
  BOOST_CHECK_THROW(world.as(world.reader, world.nassjo, [&](auto& ctx) { world.work.assign(ctx, first, "bo.h"); }),
                    Forbidden);
  BOOST_CHECK_THROW(
      world.as(world.eksjo_staff, world.nassjo, [&](auto& ctx) { world.work.assign(ctx, first, "bo.h"); }), NotFound);
  BOOST_CHECK_THROW(world.as(world.eksjo_staff, world.nassjo, [&](auto& ctx) { world.work.unassign(ctx, first); }),
                    NotFound);
  BOOST_CHECK_THROW(
      world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.work.assign(ctx, "ET-2026-999999", "bo.h"); }),
      NotFound);
  // An API client has no errands of its own.
  const auto client = security::Principal::api_client("c1", world.nassjo, {"errands:read"});
  BOOST_CHECK_THROW(world.inbox_references(client, ErrandWorkWorld::filter(InboxFilter::Assignment::kMine)),
                    InvalidInput);
  // Eksjö's inbox never lists Nässjö's errands, whatever the filter.
  const auto eksjo_rows = world.as(world.eksjo_staff, world.eksjo, [&](auto& ctx) {
    return world.work.inbox(ctx, ErrandWorkWorld::filter(InboxFilter::Assignment::kHandler, "bo.h"));
  });
  BOOST_TEST(eksjo_rows.empty());

  // Unassign: the errand is in the unassigned list again.
  world.clock.advance(std::chrono::minutes(5));
  world.as(world.anna_h, world.nassjo, [&](auto& ctx) { world.work.unassign(ctx, first); });
  BOOST_TEST(!world.as(world.reader, world.nassjo, [&](auto& ctx) { return world.work.assignee(ctx, first); }));
  BOOST_TEST(world.inbox_references(world.anna_h, ErrandWorkWorld::filter(InboxFilter::Assignment::kUnassigned)) ==
             std::vector<std::string>{first});

  // The history holds both, in order, with who did it.
  const auto history = world.as(world.reader, world.nassjo, [&](auto& ctx) { return world.work.history(ctx, first); });
  BOOST_TEST_REQUIRE(history.size() == 3u);
  using Kind = eservices::ErrandHistoryEntry::Kind;
  BOOST_TEST((history[0].kind == Kind::kSubmitted));
  BOOST_TEST((history[1].kind == Kind::kAssigned));
  BOOST_TEST(history[1].actor == "staff:bo.h");
  BOOST_TEST(history[1].detail == "SE2321000065-h001");
  BOOST_TEST((history[2].kind == Kind::kUnassigned));
  BOOST_TEST(history[2].actor == "staff:SE2321000065-h001");
  BOOST_TEST((history[2].at - history[1].at == std::chrono::minutes(5)));
  BOOST_TEST(world.audit_count("errand.assign", "success") == 2);
  BOOST_TEST(world.audit_count("errand.assign", "refused") == 2, "the reader and Eksjö's handler");
  BOOST_TEST(world.audit_count("errand.unassign", "success") == 1);

  // A closed errand is not assigned any more.
  for (const auto to : {eservices::ErrandStatus::kClosed}) {
    world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.submissions.change_status(ctx, second, to); });
  }
  BOOST_CHECK_THROW(world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.work.assign(ctx, second, "anna.h"); }),
                    Conflict);
}

inline void check_notes_and_messages(storage::Database& db) {
  ErrandWorkWorld world(db);
  const std::string reference = world.submit_school_transport(world.anna);
  const std::string note_text = "Ring skolan om Bertils schema";
  const std::string question = "Vilken hållplats gäller? Skicka gärna intyget igen.";
  const std::string answer = "Hållplats Furulid, intyget kommer i morgon.";

  world.clock.advance(std::chrono::minutes(1));
  const auto note =
      world.as(world.bo_h, world.nassjo, [&](auto& ctx) { return world.work.add_note(ctx, reference, note_text); });
  BOOST_TEST(note.id.size() == 32u);
  BOOST_TEST(note.author == "staff:bo.h");
  world.clock.advance(std::chrono::minutes(1));
  const auto sent =
      world.as(world.bo_h, world.nassjo, [&](auto& ctx) { return world.work.post_message(ctx, reference, question); });
  BOOST_TEST((sent.direction == eservices::MessageDirection::kToCitizen));

  // The citizen sees the message, never the note, and replies.
  const auto own = world.as(world.anna, world.nassjo, [&](auto& ctx) { return world.work.own_errand(ctx, reference); });
  BOOST_TEST(own.service_id == "skolskjuts");
  BOOST_TEST_REQUIRE(own.messages.size() == 1u);
  BOOST_TEST(own.messages[0].body == question);
  world.clock.advance(std::chrono::minutes(1));
  const auto reply =
      world.as(world.anna, world.nassjo, [&](auto& ctx) { return world.work.reply(ctx, reference, answer); });
  BOOST_TEST(reply.author == "citizen");

  // Staff read both ways and the notes; a reader may read but not write.
  const auto messages =
      world.as(world.reader, world.nassjo, [&](auto& ctx) { return world.work.messages(ctx, reference); });
  BOOST_TEST_REQUIRE(messages.size() == 2u);
  BOOST_TEST(messages[0].body == question);
  BOOST_TEST(messages[1].body == answer);
  BOOST_TEST((messages[1].direction == eservices::MessageDirection::kFromCitizen));
  const auto notes = world.as(world.reader, world.nassjo, [&](auto& ctx) { return world.work.notes(ctx, reference); });
  BOOST_TEST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0].body == note_text);
  BOOST_CHECK_THROW(world.as(world.reader, world.nassjo, [&](auto& ctx) { world.work.add_note(ctx, reference, "x"); }),
                    Forbidden);
  BOOST_CHECK_THROW(
      world.as(world.reader, world.nassjo, [&](auto& ctx) { world.work.post_message(ctx, reference, "x"); }),
      Forbidden);

  // Encrypted at rest: no text in the tables.
  BOOST_TEST(world.raw("SELECT body FROM eservice_errand_note").find("Bertil") == std::string::npos);
  BOOST_TEST(world.raw("SELECT body FROM eservice_errand_message WHERE direction = 'to-citizen'").find("hållplats") ==
             std::string::npos);
  BOOST_TEST(world.raw("SELECT body FROM eservice_errand_message WHERE direction = 'from-citizen'").find("Furulid") ==
             std::string::npos);
  // A ciphertext moved to another row does not decrypt (bound to its errand and id).
  {
    auto session = world.db.acquire();
    *session << "UPDATE eservice_errand_message SET body = (SELECT body FROM eservice_errand_note) "
                "WHERE direction = 'to-citizen'";
  }
  BOOST_CHECK_THROW(world.as(world.reader, world.nassjo, [&](auto& ctx) { world.work.messages(ctx, reference); }),
                    std::exception);

  // Someone else's errand: another citizen, anonymous, staff as "citizen", another municipality.
  BOOST_CHECK_THROW(world.as(world.bertil, world.nassjo, [&](auto& ctx) { world.work.own_errand(ctx, reference); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(world.bertil, world.nassjo, [&](auto& ctx) { world.work.reply(ctx, reference, "hej"); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(security::Principal::anonymous(), world.nassjo,
                             [&](auto& ctx) { world.work.own_errand(ctx, reference); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.work.own_errand(ctx, reference); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(world.anna, world.eksjo, [&](auto& ctx) { world.work.own_errand(ctx, reference); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(world.eksjo_staff, world.nassjo, [&](auto& ctx) { world.work.notes(ctx, reference); }),
                    NotFound);
  BOOST_CHECK_THROW(
      world.as(world.eksjo_staff, world.nassjo, [&](auto& ctx) { world.work.post_message(ctx, reference, "hej"); }),
      NotFound);

  // Bad texts are refused by both sides.
  for (const std::string& bad : {std::string(" \n\t "), std::string(eservices::kMaxMessageBytes + 1, 'a'),
                                 std::string("bell\x07"), std::string("\xff\xfe")}) {
    BOOST_CHECK_THROW(world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.work.add_note(ctx, reference, bad); }),
                      InvalidInput);
    BOOST_CHECK_THROW(world.as(world.anna, world.nassjo, [&](auto& ctx) { world.work.reply(ctx, reference, bad); }),
                      InvalidInput);
  }
  BOOST_TEST(!eservices::message_problem("Rad ett\r\nRad två\tmed tabb").has_value());
  BOOST_TEST((eservices::message_problem("") == eservices::MessageProblem::kEmpty));

  // The history lists the note and the messages (no texts), in order.
  const auto history =
      world.as(world.reader, world.nassjo, [&](auto& ctx) { return world.work.history(ctx, reference); });
  using Kind = eservices::ErrandHistoryEntry::Kind;
  BOOST_TEST_REQUIRE(history.size() == 4u);
  BOOST_TEST((history[1].kind == Kind::kNote));
  BOOST_TEST(history[1].detail == note.id);
  BOOST_TEST((history[2].kind == Kind::kMessageToCitizen));
  BOOST_TEST(history[2].detail == sent.id);
  BOOST_TEST((history[3].kind == Kind::kMessageFromCitizen));
  BOOST_TEST(history[3].actor == "citizen");
  BOOST_TEST(world.audit_count("errand.note.add", "success") == 1);
  BOOST_TEST(world.audit_count("errand.message.send", "success") == 1);
  BOOST_TEST(world.audit_count("errand.message.reply", "success") == 1);
  BOOST_TEST(world.audit_count("errand.read-own", "success") == 1);
  BOOST_TEST(world.audit_count("errand.note.read", "success") == 1);

  // Closed: no more messages either way. An anonymous errand has nobody to write to.
  for (const auto to : {eservices::ErrandStatus::kClosed}) {
    world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.submissions.change_status(ctx, reference, to); });
  }
  BOOST_CHECK_THROW(world.as(world.anna, world.nassjo, [&](auto& ctx) { world.work.reply(ctx, reference, "hej"); }),
                    Conflict);
  BOOST_CHECK_THROW(
      world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.work.post_message(ctx, reference, "hej"); }), Conflict);
  const auto anonymous = world.submit(security::Principal::anonymous(), world.eksjo, "felanmalan-gata-park", 1,
                                      SubmissionWorld::fault_report());
  BOOST_CHECK_THROW(
      world.as(world.eksjo_staff, world.eksjo,
               [&](auto& ctx) { world.work.post_message(ctx, anonymous.receipt.value().reference, "hej"); }),
      Conflict);
}

}  // namespace samverkan::test

namespace samverkan::test {

// The inbox's e-service filter, order and paging; one attachment by field; the case file.
inline void check_inbox_paging_attachment_and_case_file(storage::Database& db) {
  ErrandWorkWorld world(db);
  using eservices::InboxFilter;
  // Nässjö adopts the fault report too: two e-services in one inbox.
  world.as(CatalogueWorld::editor(world.nassjo), world.nassjo,
           [&](auto& ctx) { world.catalogue.publish(ctx, "felanmalan-gata-park", 1, {}); });
  const auto anonymous = security::Principal::anonymous();
  std::vector<std::string> all;  // oldest first
  for (int i = 0; i < 5; ++i) {
    all.push_back(
        i % 2 == 0 ? world.submit_school_transport(world.anna)
                   : world.submit(anonymous, world.nassjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report())
                         .receipt.value()
                         .reference);
  }
  const std::vector<std::string> newest_first(all.rbegin(), all.rend());
  BOOST_TEST(world.inbox_references(world.reader, InboxFilter{}) == newest_first);
  InboxFilter oldest;
  oldest.oldest_first = true;
  BOOST_TEST(world.inbox_references(world.reader, oldest) == all);

  // Pages of two: 2 + 2 + 1, and nothing after the end.
  InboxFilter paged;
  paged.limit = 2;
  BOOST_TEST(world.inbox_references(world.reader, paged) == (std::vector<std::string>{all[4], all[3]}));
  paged.offset = 2;
  BOOST_TEST(world.inbox_references(world.reader, paged) == (std::vector<std::string>{all[2], all[1]}));
  paged.offset = 4;
  BOOST_TEST(world.inbox_references(world.reader, paged) == std::vector<std::string>{all[0]});
  paged.offset = 6;
  BOOST_TEST(world.inbox_references(world.reader, paged).empty());

  // By e-service, combined with order, status and assignment.
  InboxFilter school;
  school.service_id = "skolskjuts";
  school.oldest_first = true;
  BOOST_TEST(world.inbox_references(world.reader, school) == (std::vector<std::string>{all[0], all[2], all[4]}));
  school.service_id = "felanmalan-gata-park";
  BOOST_TEST(world.inbox_references(world.reader, school) == (std::vector<std::string>{all[1], all[3]}));
  school.service_id = "no-such-service";
  BOOST_TEST(world.inbox_references(world.reader, school).empty());
  world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.work.assign(ctx, all[3], "bo.h"); });
  InboxFilter mine_faults;
  mine_faults.service_id = "felanmalan-gata-park";
  mine_faults.assignment = InboxFilter::Assignment::kMine;
  BOOST_TEST(world.inbox_references(world.bo_h, mine_faults) == std::vector<std::string>{all[3]});
  mine_faults.status = eservices::ErrandStatus::kClosed;
  BOOST_TEST(world.inbox_references(world.bo_h, mine_faults).empty());
  BOOST_TEST(world.audit_count("errand.list", "success") >= 10);

  // One attachment by its field: read, audited; none for another field, errand or member.
  const auto file = world.as(world.reader, world.nassjo,
                             [&](auto& ctx) { return world.submissions.attachment(ctx, all[0], "certificate"); });
  BOOST_TEST(file.file_name == "läkarintyg.pdf");
  BOOST_TEST(file.media_type == "application/pdf");
  BOOST_TEST(file.bytes == minimal_pdf());
  BOOST_TEST(world.audit_count("errand.attachment.read", "success") == 1);
  BOOST_CHECK_THROW(
      world.as(world.reader, world.nassjo, [&](auto& ctx) { world.submissions.attachment(ctx, all[0], "school"); }),
      NotFound);
  BOOST_CHECK_THROW(world.as(world.reader, world.nassjo,
                             [&](auto& ctx) { world.submissions.attachment(ctx, all[1], "certificate"); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(world.eksjo_staff, world.nassjo,
                             [&](auto& ctx) { world.submissions.attachment(ctx, all[0], "certificate"); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(world.eksjo_staff, world.eksjo,
                             [&](auto& ctx) { world.submissions.attachment(ctx, all[0], "certificate"); }),
                    NotFound);

  // The case file: everything the errand's page shows, in one call.
  world.as(world.bo_h, world.nassjo, [&](auto& ctx) {
    world.work.add_note(ctx, all[0], "Ring skolan");
    world.work.post_message(ctx, all[0], "Vi har tagit emot ansökan.");
    world.work.assign(ctx, all[0], "bo.h");
  });
  const auto case_file =
      world.as(world.reader, world.nassjo, [&](auto& ctx) { return world.work.case_file(ctx, all[0]); });
  BOOST_TEST(case_file.errand.summary.reference == all[0]);
  BOOST_TEST(case_file.title.sv == "Skolskjuts i Nässjö");
  BOOST_TEST(case_file.definition.find_field("child-name") != nullptr);
  BOOST_TEST(case_file.errand.answers.values.at("child-name").front() == "Bertil Andersson");
  BOOST_TEST(case_file.errand.answers.attachments.at("certificate").file_name == "läkarintyg.pdf");
  BOOST_TEST(case_file.assigned_to.value_or("") == "bo.h");
  BOOST_TEST_REQUIRE(case_file.notes.size() == 1u);
  BOOST_TEST(case_file.notes[0].body == "Ring skolan");
  BOOST_TEST_REQUIRE(case_file.messages.size() == 1u);
  BOOST_TEST(case_file.messages[0].body == "Vi har tagit emot ansökan.");
  BOOST_TEST(case_file.history.size() == 4u, "submitted, note, message, assigned");
  BOOST_CHECK_THROW(world.as(world.eksjo_staff, world.nassjo, [&](auto& ctx) { world.work.case_file(ctx, all[0]); }),
                    NotFound);
  BOOST_CHECK_THROW(
      world.as(world.reader, world.nassjo, [&](auto& ctx) { world.work.case_file(ctx, "ET-2026-999999"); }), NotFound);
}

// The overdue filter: received or in progress longer than the handling time after submission.
// Waiting for the citizen, decided and closed errands are never overdue; the boundary is
// strict (exactly the handling time is not yet overdue); combined with the other filters;
// another member's errands never show; a handling time under a day is refused.
inline void check_overdue_filter(storage::Database& db) {
  ErrandWorkWorld world(db);
  using eservices::ErrandStatus;
  using eservices::InboxFilter;
  const auto change = [&](const std::string& reference, ErrandStatus status) {
    world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.submissions.change_status(ctx, reference, status); });
  };
  InboxFilter overdue;
  overdue.overdue = true;
  overdue.oldest_first = true;
  const std::string received = world.submit_school_transport(world.anna);
  const std::string in_progress = world.submit_school_transport(world.bertil);
  const std::string waiting = world.submit_school_transport(world.anna);
  const std::string decided = world.submit_school_transport(world.anna);
  const std::string closed = world.submit_school_transport(world.anna);
  change(in_progress, ErrandStatus::kInProgress);
  change(waiting, ErrandStatus::kInProgress);
  change(waiting, ErrandStatus::kWaitingForCitizen);
  change(decided, ErrandStatus::kInProgress);
  change(decided, ErrandStatus::kDecided);
  change(closed, ErrandStatus::kClosed);
  // Eksjö's errand of the same age must never show in Nässjö's inbox.
  world.submit(security::Principal::anonymous(), world.eksjo, "felanmalan-gata-park", 1,
               SubmissionWorld::fault_report());

  // Fresh errands are not overdue; exactly the handling time later is not yet either.
  BOOST_TEST(world.inbox_references(world.reader, overdue).empty());
  world.clock.advance(eservices::kDefaultHandlingTime);
  BOOST_TEST(world.inbox_references(world.reader, overdue).empty());
  world.clock.advance(std::chrono::seconds(1));
  BOOST_TEST(world.inbox_references(world.reader, overdue) == (std::vector<std::string>{received, in_progress}));

  // A newer errand is not overdue while the older ones are.
  const std::string newer = world.submit_school_transport(world.bertil);
  BOOST_TEST(world.inbox_references(world.reader, overdue) == (std::vector<std::string>{received, in_progress}));
  const auto everything = world.inbox_references(world.reader, InboxFilter{});
  BOOST_TEST_REQUIRE(everything.size() == 6u);
  BOOST_TEST(everything.front() == newer);

  // Combined with status, assignment and e-service.
  overdue.status = ErrandStatus::kInProgress;
  BOOST_TEST(world.inbox_references(world.reader, overdue) == std::vector<std::string>{in_progress});
  overdue.status = ErrandStatus::kWaitingForCitizen;
  BOOST_TEST(world.inbox_references(world.reader, overdue).empty());
  overdue.status.reset();
  world.as(world.bo_h, world.nassjo, [&](auto& ctx) { world.work.assign(ctx, received, "bo.h"); });
  overdue.assignment = InboxFilter::Assignment::kMine;
  BOOST_TEST(world.inbox_references(world.bo_h, overdue) == std::vector<std::string>{received});
  overdue.assignment = InboxFilter::Assignment::kUnassigned;
  BOOST_TEST(world.inbox_references(world.bo_h, overdue) == std::vector<std::string>{in_progress});
  overdue.assignment = InboxFilter::Assignment::kAny;
  overdue.service_id = "felanmalan-gata-park";
  BOOST_TEST(world.inbox_references(world.reader, overdue).empty());
  overdue.service_id.clear();

  // Waiting for the citizen and back to in progress: the municipality's turn again, overdue.
  change(waiting, ErrandStatus::kInProgress);
  BOOST_TEST(world.inbox_references(world.reader, overdue) ==
             (std::vector<std::string>{received, in_progress, waiting}));
  // Closing takes an errand off the list.
  change(received, ErrandStatus::kClosed);
  BOOST_TEST(world.inbox_references(world.reader, overdue) == (std::vector<std::string>{in_progress, waiting}));

  // Another handling time: 30 days is not yet passed for any of them.
  overdue.handling_time = std::chrono::days{30};
  BOOST_TEST(world.inbox_references(world.reader, overdue).empty());
  overdue.handling_time = std::chrono::days{0};
  BOOST_CHECK_THROW(world.inbox_references(world.reader, overdue), InvalidInput);
  // Eksjö's own overdue errand shows in Eksjö's inbox only.
  const auto eksjo_rows = world.as(world.eksjo_staff, world.eksjo, [&](auto& ctx) {
    InboxFilter own;
    own.overdue = true;
    return world.work.inbox(ctx, own);
  });
  BOOST_TEST(eksjo_rows.size() == 1u);
  BOOST_TEST(eksjo_rows.at(0).summary.service_id == "felanmalan-gata-park");
  BOOST_TEST(world.audit_count("errand.list", "success") >= 10);
}

}  // namespace samverkan::test

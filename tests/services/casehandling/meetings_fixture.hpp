#pragma once
// A casehandling fixture with board composition, meetings and the notice board: Aneby's KS with
// five ordinary members (m1 chair, m2 vice chair), two substitutes and a secretary, and helpers
// that register prepared cases and run a meeting.
#include <string>
#include <vector>

#include "casehandling_fixture.hpp"
#include "samverkan/casehandling/board_members.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/meeting_service.hpp"
#include "samverkan/casehandling/notice_board.hpp"
#include "samverkan/jobs/job_queue.hpp"

namespace samverkan::test {

struct MeetingsFixture : CasehandlingFixture {
  explicit MeetingsFixture(Backend backend = Backend::kSqlite) : CasehandlingFixture(backend) {}

  security::Principal secretary =
      security::Principal::staff("secretary-a", {{kAneby, {security::Role::kCommitteeSecretary}}});
  security::Principal eksjo_secretary =
      security::Principal::staff("secretary-e", {{kEksjo, {security::Role::kCommitteeSecretary}}});
  static security::Principal member(const std::string& user) {
    return security::Principal::staff(user, {{kAneby, {security::Role::kCommitteeMember}}});
  }

  casehandling::CaseService cases{diary, keyring};
  casehandling::BoardMembers members{boards};
  jobs::JobQueue queue{*db, clock, jobs::QueueOptions{.jitter = [] { return 0.5; }}};
  casehandling::NoticeBoard notices{boards, queue};
  casehandling::MeetingService meetings{boards, members, notices};

  /// KS 2023-2026: m1 (chair), m2 (vice chair), m3, m4, m5 ordinary; s1, s2 substitutes; sec.
  void seat_board(const std::string& prefix = "KS") {
    auto ctx = context(secretary, kAneby);
    using casehandling::BoardFunction;
    using casehandling::MemberKind;
    const auto add = [&](const std::string& user, MemberKind kind, BoardFunction function) {
      members.add(*ctx, {prefix, "2023-2026", user, "Ledamot " + user, kind, function, "2023-01-01"});
    };
    add("m1", MemberKind::kOrdinary, BoardFunction::kChair);
    add("m2", MemberKind::kOrdinary, BoardFunction::kViceChair);
    add("m3", MemberKind::kOrdinary, BoardFunction::kNone);
    add("m4", MemberKind::kOrdinary, BoardFunction::kNone);
    add("m5", MemberKind::kOrdinary, BoardFunction::kNone);
    add("s1", MemberKind::kSubstitute, BoardFunction::kNone);
    add("s2", MemberKind::kSubstitute, BoardFunction::kNone);
    add("sec", MemberKind::kSecretary, BoardFunction::kNone);
    ctx->commit();
  }

  /// Registers a case in `prefix` and marks it prepared for decision.
  casehandling::CaseNumber prepared_case(const std::string& title, const std::string& secrecy = {},
                                         const std::string& prefix = "KS") {
    auto ctx = context(aneby_registrar, kAneby);
    casehandling::NewCase input;
    input.diary = prefix;
    input.title = title;
    input.case_type = "beslut";
    if (!secrecy.empty()) input.title_secrecy = {casehandling::SecrecyLevel::kSecret, secrecy, ""};
    const auto number = cases.register_case(*ctx, input).number;
    ctx->commit();
    auto handle = context(aneby_handler, kAneby);
    cases.change_status(*handle, number, casehandling::CaseStatus::kPrepared);
    handle->commit();
    return number;
  }

  /// A KS meeting on `date` with everyone but m5 present and s1 serving for m5.
  long long held_meeting(const std::string& date, const std::string& prefix = "KS") {
    auto ctx = context(secretary, kAneby);
    const auto m = meetings.create_meeting(*ctx, {prefix, date, "13:00", "Sessionssalen"});
    meetings.set_attendance(*ctx, m.id,
                            {{"m1", casehandling::Presence::kPresent, ""},
                             {"m2", casehandling::Presence::kPresent, ""},
                             {"m3", casehandling::Presence::kPresent, ""},
                             {"m4", casehandling::Presence::kPresent, ""},
                             {"m5", casehandling::Presence::kAbsent, ""},
                             {"s1", casehandling::Presence::kServing, "m5"}});
    ctx->commit();
    return m.id;
  }

  /// Every voting participant of held_meeting() votes `vote`.
  static std::map<std::string, casehandling::Vote> all_vote(casehandling::Vote vote) {
    return {{"m1", vote}, {"m2", vote}, {"m3", vote}, {"m4", vote}, {"s1", vote}};
  }
};

}  // namespace samverkan::test

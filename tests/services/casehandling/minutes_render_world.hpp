#pragma once
// Shared by the minutes rendering and open data tests: one KS meeting whose minutes hold many
// paragraphs of random secrecy (fixed seed, as in public_register_checks.hpp), each with unique
// words in every text (proposal, procedure, decision, motions, reservations, notes, what ja and
// nej mean), some with votes, jäv and immediate adjustment; then adjusted by m1 and m3.
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "meetings_fixture.hpp"

namespace samverkan::test {

struct MinutesWorld {
  long long meeting = 0;
  long long minutes = 0;
  std::set<std::string> forbidden;        ///< words only secret paragraphs hold
  std::vector<std::string> public_words;  ///< words public paragraphs hold
  std::vector<int> secret_numbers;        ///< § numbers of the secret paragraphs
  std::vector<std::string> secret_references;
  std::vector<std::string> secret_case_numbers;
  std::vector<int> public_with_vote;  ///< § numbers of public paragraphs with a vote
};

inline MinutesWorld fill_minutes_with_random_secrecy(MeetingsFixture& f, int count, bool adjust = true,
                                                     unsigned seed = 20261122) {
  using namespace casehandling;
  std::mt19937 random(seed);
  const auto chance = [&](int percent) { return static_cast<int>(random() % 100) < percent; };
  const std::vector<std::string> references = {"OSL 26 kap. 1 §", "OSL 19 kap. 1 §", "OSL 21 kap. 1 §"};
  for (int i = 0; i < count; ++i) {
    if (chance(35)) {
      const std::string reference = references[random() % references.size()];
      f.prepared_case("Hemligt ärende titelord" + std::to_string(i) + "q", reference);
    } else {
      f.prepared_case("Öppet ärende nummer " + std::to_string(i));
    }
  }
  MinutesWorld world;
  world.meeting = f.held_meeting("2026-12-01");
  auto ctx = f.context(f.secretary, kAneby);
  const auto items = f.meetings.build_agenda(*ctx, world.meeting);
  world.minutes = f.meetings.open_minutes(*ctx, world.meeting, "Kommunkansliet, Stadshuset", {"m3"}).id;
  // Titles of secret cases are secret too (the agenda shows them masked).
  for (int i = 0; i < count; ++i) world.forbidden.insert("titelord" + std::to_string(i) + "q");
  int n = 0;
  for (const auto& item : items) {
    ++n;
    Paragraph p = f.meetings.add_paragraph(*ctx, world.minutes, item.id);
    std::string reference = item.secrecy_reference;
    // Some paragraphs without a secret case are made secret by the secretary.
    if (reference.empty() && chance(15)) {
      reference = references[random() % references.size()];
      f.meetings.update_paragraph(*ctx, p.id, {std::nullopt, reference, std::nullopt, std::nullopt, std::nullopt});
    }
    const bool secret = !reference.empty();
    const std::string tag = (secret ? "hemlig" : "publik") + std::to_string(n);
    const auto word = [&](const std::string& what) {
      const std::string w = tag + what + std::to_string(random() % 100000) + "z";
      if (secret) {
        world.forbidden.insert(w);
      } else {
        world.public_words.push_back(w);
      }
      return w;
    };
    f.meetings.update_paragraph(
        *ctx, p.id,
        {std::nullopt, std::nullopt, "Förslaget " + word("forslag") + " bifalls.",
         "Ordföranden ställer " + word("proposition") + " mot avslag.", "Beslutet " + word("beslut") + " fattas."});
    const bool jav = chance(20) || n == 1;  // at least one jäv
    if (jav) f.meetings.declare_conflict(*ctx, p.id, "m4");
    if (chance(50)) f.meetings.add_entry(*ctx, p.id, "motion", "m2", "Jag yrkar " + word("yrkande") + ".");
    if (!jav && chance(40)) {
      f.meetings.add_entry(*ctx, p.id, "reservation", "m4", "Reservation " + word("reservation") + ".");
    }
    if (chance(30)) f.meetings.add_entry(*ctx, p.id, "protocol-note", "s1", "Anteckning " + word("anteckning"));
    if (chance(50) || n == 2) {
      std::map<std::string, Vote> votes;
      for (const std::string voter : {"m1", "m2", "m3", "m4", "s1"}) {
        if (jav && voter == "m4") continue;
        votes[voter] = static_cast<Vote>(random() % 3);
      }
      f.meetings.record_vote(*ctx, p.id, votes, "bifall " + word("ja"), "avslag " + word("nej"));
      if (!secret) world.public_with_vote.push_back(p.number);
    }
    if (chance(10)) f.meetings.adjust_immediately(*ctx, p.id);
    if (secret) {
      world.secret_numbers.push_back(p.number);
      world.secret_references.push_back(reference);
      if (item.case_number) world.secret_case_numbers.push_back(item.case_number->str());
    }
  }
  ctx->commit();
  if (adjust) {
    for (const std::string user : {"m1", "m3"}) {
      auto sign = f.context(MeetingsFixture::member(user), kAneby);
      f.meetings.sign(*sign, world.minutes, "staff-signature:" + user);
      sign->commit();
    }
  }
  return world;
}

}  // namespace samverkan::test

// Minutes as HTML and PDF: the public version never carries a secret paragraph's texts (many
// random secret paragraphs; checked in the HTML, in the text handed to the PDF writer, in the
// PDF's metadata and in the PDF's extracted text), the full version shows them to an entitled
// member, a reader without entitlement sees them withheld, and drafts are not public.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "libcore/pdf/pdf_text.hpp"
#include "minutes_render_world.hpp"
#include "samverkan/casehandling/minutes_document.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
using test::kAneby;
using test::kEksjo;

namespace {

/// Records everything written to the PDF, as one text.
class Recorder : public MinutesTextSink {
 public:
  void heading(const std::string& text, int level) override {
    add("H" + std::to_string(level) + " " + text);
    const std::string tag = "h" + std::to_string(std::min(level, 3));
    html.push_back("<" + tag + ">" + text + "</" + tag + ">");
  }
  void paragraph(const std::string& text) override {
    add(text);
    html.push_back("<p>" + text + "</p>");
  }
  void field(const std::string& label, const std::string& value) override {
    add(label + ": " + value);
    html.push_back("<dt>" + label + "</dt><dd>" + value + "</dd>");
  }
  void note(const std::string& text) override {
    add(text);
    html.push_back("<p class=\"note\">" + text + "</p>");
  }
  void space(double) override {}
  void table(const std::string& caption, const std::vector<std::string>&,
             const std::vector<std::vector<std::string>>& rows) override {
    add("T " + caption);
    html.push_back("<caption>" + caption + "</caption>");
    for (const auto& row : rows) add(row.at(0) + ": " + row.at(1));
  }
  std::string all;
  /// What each recorded block looks like in the HTML page, in order (tables by their caption).
  std::vector<std::string> html;

 private:
  void add(const std::string& line) { all += line + "\n"; }
};

struct Fixture : test::MeetingsFixture {
  Fixture() { seat_board(); }

  /// Adjusted minutes with one paragraph on a prepared case `title`, kept at `kept_at`, with
  /// `decision` as the paragraph's decision when given; signed by the chair and the adjuster.
  long long one_paragraph_minutes(const std::string& title, const std::string& kept_at,
                                  const std::optional<std::string>& decision = std::nullopt) {
    prepared_case(title);
    const long long meeting = held_meeting("2026-12-01");
    long long minutes = 0;
    {
      auto ctx = context(secretary, kAneby);
      const auto items = meetings.build_agenda(*ctx, meeting);
      minutes = meetings.open_minutes(*ctx, meeting, kept_at, {"m3"}).id;
      const auto p = meetings.add_paragraph(*ctx, minutes, items.at(0).id);
      if (decision) {
        meetings.update_paragraph(*ctx, p.id, {std::nullopt, std::nullopt, std::nullopt, std::nullopt, decision});
      }
      ctx->commit();
    }
    for (const std::string user : {"m1", "m3"}) {
      auto ctx = context(member(user), kAneby);
      meetings.sign(*ctx, minutes, "staff-signature:" + user);
      ctx->commit();
    }
    return minutes;
  }

  MinutesView public_view(long long minutes, const ids::Kommunkod& where = kAneby) {
    auto ctx = context(security::Principal::anonymous(), where, tenancy::Context::Intent::kRead);
    auto view = public_minutes(*ctx, boards, minutes);
    ctx->commit();
    return view;
  }

  MinutesView full_view(const security::Principal& who, long long minutes) {
    auto ctx = context(who, kAneby, tenancy::Context::Intent::kRead);
    auto view = full_minutes(*ctx, meetings, boards, minutes);
    ctx->commit();
    return view;
  }
};

void check_absent(const std::string& output, const std::set<std::string>& forbidden, const std::string& what) {
  for (const auto& word : forbidden) {
    BOOST_TEST_INFO(what << " leaks " << word);
    BOOST_TEST(output.find(word) == std::string::npos);
  }
}

std::string recorded(const MinutesView& view, MinutesVersion version) {
  Recorder recorder;
  write_minutes(view, version, recorder);
  return recorder.all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(minutes_render_test)

BOOST_FIXTURE_TEST_CASE(public_version_never_shows_secret_paragraphs, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 40);
  BOOST_REQUIRE_GE(world.secret_numbers.size(), 8u);
  BOOST_REQUIRE_GE(world.public_words.size(), 40u);
  const MinutesView view = public_view(world.minutes);

  // The view itself holds nothing of a secret paragraph but number, heading and reference.
  for (const auto& p : view.paragraphs) {
    if (!p.secret()) continue;
    BOOST_TEST(p.proposal.empty());
    BOOST_TEST(p.decision.empty());
    BOOST_TEST(p.procedure.empty());
    BOOST_TEST(p.case_number.empty());
    BOOST_TEST(p.votes.empty());
    BOOST_TEST(p.motions.empty());
    BOOST_TEST(p.reservations.empty());
    BOOST_TEST(p.notes.empty());
    BOOST_TEST(p.recused.empty());
  }

  const std::string html = render_minutes_html(view, MinutesVersion::kPublic);
  const std::string sink = recorded(view, MinutesVersion::kPublic);
  const pdf::Setup setup = minutes_pdf_setup(view, MinutesVersion::kPublic);
  const std::string pdf = render_minutes_pdf(view, MinutesVersion::kPublic);
  const std::string pdf_text = test::pdf_to_text(pdf);
  check_absent(html, world.forbidden, "html");
  check_absent(sink, world.forbidden, "pdf text");
  check_absent(setup.title + setup.author + setup.footer, world.forbidden, "pdf metadata");
  check_absent(pdf, world.forbidden, "pdf bytes");
  check_absent(pdf_text, world.forbidden, "extracted pdf text");
  check_absent(test::pdf_info(pdf, "Title") + test::pdf_info(pdf, "Author"), world.forbidden, "pdf info");
  for (const auto& number : world.secret_case_numbers) {
    BOOST_TEST(html.find("<dd>" + number + "</dd>") == std::string::npos);
    BOOST_TEST(sink.find("Diarienummer: " + number + "\n") == std::string::npos);
  }
  // A secret paragraph still shows its number and secrecy reference.
  for (std::size_t i = 0; i < world.secret_numbers.size(); ++i) {
    const std::string number = "§ " + std::to_string(world.secret_numbers[i]) + " ";
    BOOST_TEST(html.find(number) != std::string::npos);
    BOOST_TEST(sink.find("H2 " + number) != std::string::npos);
    BOOST_TEST(html.find("Sekretess enligt " + world.secret_references[i]) != std::string::npos);
  }
  // And the public paragraphs are all there, so the checks above are not vacuous.
  for (const auto& word : world.public_words) {
    BOOST_TEST(html.find(word) != std::string::npos);
    BOOST_TEST(sink.find(word) != std::string::npos);
    BOOST_TEST(pdf_text.find(word) != std::string::npos);
  }
  BOOST_TEST(pdf.rfind("%PDF-", 0) == 0);
  BOOST_TEST(test::pdf_page_objects(pdf) >= 2);
  BOOST_TEST(test::pdf_info(pdf, "Title") == "Protokoll Kommunstyrelsen 2026-12-01 (offentlig version)");
}

BOOST_FIXTURE_TEST_CASE(public_renderers_drop_secret_texts_even_when_the_view_has_them, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 25, true, 7);
  // A full view (as the entitled member reads it) rendered as the public version.
  const MinutesView full = full_view(member("m2"), world.minutes);
  check_absent(render_minutes_html(full, MinutesVersion::kPublic), world.forbidden, "html");
  check_absent(recorded(full, MinutesVersion::kPublic), world.forbidden, "pdf text");
  check_absent(test::pdf_to_text(render_minutes_pdf(full, MinutesVersion::kPublic)), world.forbidden, "pdf");
}

BOOST_FIXTURE_TEST_CASE(full_version_shows_everything_to_an_entitled_member, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 25);
  const MinutesView view = full_view(member("m2"), world.minutes);
  const std::string html = render_minutes_html(view, MinutesVersion::kFull);
  const std::string pdf_text = test::pdf_to_text(render_minutes_pdf(view, MinutesVersion::kFull));
  for (const auto& word : world.forbidden) {
    if (word.find("titelord") != std::string::npos) continue;  // secret case titles are masked even here
    BOOST_TEST_INFO(word);
    BOOST_TEST(html.find(word) != std::string::npos);
    BOOST_TEST(pdf_text.find(word) != std::string::npos);
  }
  for (const auto& word : world.public_words) BOOST_TEST(html.find(word) != std::string::npos);
  // Heading, attendance, adjusters and signatures.
  BOOST_TEST(html.find("<html lang=\"sv\">") != std::string::npos);
  BOOST_TEST(html.find("Sessionssalen") != std::string::npos);
  BOOST_TEST(html.find("13:00") != std::string::npos);
  BOOST_TEST(html.find("Kommunkansliet, Stadshuset") != std::string::npos);
  BOOST_TEST(html.find("Ledamot s1 (tjänstgörande ersättare för Ledamot m5)") != std::string::npos);
  BOOST_TEST(html.find("<dt>Frånvarande</dt><dd>Ledamot m5</dd>") != std::string::npos);
  BOOST_TEST(html.find("<dt>Ordförande</dt><dd>Ledamot m1, signerat 2026-11-22 11:00</dd>") != std::string::npos);
  BOOST_TEST(html.find("<dt>Justerare</dt><dd>Ledamot m3, signerat 2026-11-22 11:00</dd>") != std::string::npos);
  BOOST_TEST(pdf_text.find("Ledamot m3, signerat 2026-11-22 11:00") != std::string::npos);
  BOOST_TEST(html.find("Justerat protokoll") != std::string::npos);
  // Votes per member, and jäv.
  bool saw_vote = false;
  bool saw_jav = false;
  for (const auto& p : view.paragraphs) {
    if (p.has_vote) {
      saw_vote = true;
      BOOST_TEST(p.votes.size() == static_cast<std::size_t>(p.yes + p.no + p.abstain));
      BOOST_TEST(html.find("<caption>Omröstning § " + std::to_string(p.number) + "</caption>") != std::string::npos);
    }
    if (!p.recused.empty()) {
      saw_jav = true;
      BOOST_TEST(p.recused.front() == "Ledamot m4");
    }
  }
  BOOST_TEST(saw_vote);
  BOOST_TEST(saw_jav);
  BOOST_TEST(html.find("Ledamot m4 anmäler jäv och deltar inte i handläggningen.") != std::string::npos);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'minutes.render'") == 1);
}

BOOST_FIXTURE_TEST_CASE(a_reader_without_entitlement_sees_secret_texts_withheld, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 20, true, 99);
  const MinutesView view = full_view(aneby_reader, world.minutes);
  const std::string html = render_minutes_html(view, MinutesVersion::kFull);
  check_absent(html, world.forbidden, "html");
  check_absent(recorded(view, MinutesVersion::kFull), world.forbidden, "pdf text");
  BOOST_TEST(html.find("Paragrafens text omfattas av sekretess och visas inte för dig.") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(draft_minutes_are_not_public_and_full_needs_meeting_read, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 4, false);
  BOOST_CHECK_THROW(public_view(world.minutes), NotFound);
  // The draft in full, for the board, says it is not adjusted.
  const auto draft = full_view(member("m2"), world.minutes);
  BOOST_TEST(!draft.adjusted);
  BOOST_TEST(render_minutes_html(draft, MinutesVersion::kFull).find("Protokollet är inte justerat.") !=
             std::string::npos);
  // Nobody outside reads the full minutes; another municipality does not see them exist.
  {
    auto ctx = context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
    BOOST_CHECK_THROW(full_minutes(*ctx, meetings, boards, world.minutes), Error);
  }
  {
    auto ctx = context(eksjo_secretary, kEksjo, tenancy::Context::Intent::kRead);
    BOOST_CHECK_THROW(full_minutes(*ctx, meetings, boards, world.minutes), NotFound);
  }
}

BOOST_FIXTURE_TEST_CASE(adjusted_minutes_are_public_only_in_their_municipality, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 3);
  BOOST_TEST(public_view(world.minutes).adjusted);
  BOOST_CHECK_THROW(public_view(world.minutes, kEksjo), NotFound);
  BOOST_CHECK_THROW(public_view(world.minutes + 1000), NotFound);
}

BOOST_FIXTURE_TEST_CASE(texts_are_escaped_in_html_and_literal_in_pdf, Fixture) {
  const long long minutes =
      one_paragraph_minutes("Budget", "Kansliet <b>", std::string("<script>alert(1)</script> & \"citat\""));
  const auto view = public_view(minutes);
  const std::string html = render_minutes_html(view, MinutesVersion::kPublic);
  BOOST_TEST(html.find("<script>") == std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot;") != std::string::npos);
  BOOST_TEST(html.find("Kansliet &lt;b&gt;") != std::string::npos);
  const std::string text = test::pdf_to_text(render_minutes_pdf(view, MinutesVersion::kPublic));
  BOOST_TEST(text.find("<script>alert(1)</script> & \"citat\"") != std::string::npos);
}

// The HTML page and the PDF come from one model: every block written for the PDF is on the
// page, in the same order, and a paragraph shows only the parts it has (a regression: the page
// printed "Sekretess enligt ." and empty "Förslag till beslut" and "Propositionsordning"
// headings for a paragraph without them, while the PDF was right).
BOOST_FIXTURE_TEST_CASE(the_page_and_the_pdf_show_the_same_blocks, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 12);
  for (const auto version : {MinutesVersion::kPublic, MinutesVersion::kFull}) {
    const MinutesView view =
        version == MinutesVersion::kPublic ? public_view(world.minutes) : full_view(member("m2"), world.minutes);
    Recorder recorder;
    write_minutes(view, version, recorder);
    const std::string html = render_minutes_html(view, version);
    BOOST_REQUIRE_GT(recorder.html.size(), 20u);
    std::size_t at = 0;
    for (const auto& block : recorder.html) {
      BOOST_TEST_INFO(block);
      const std::size_t found = html.find(block, at);
      BOOST_TEST(found != std::string::npos);
      if (found != std::string::npos) at = found + block.size();
    }
  }
}

BOOST_FIXTURE_TEST_CASE(a_paragraph_shows_only_the_parts_it_has, Fixture) {
  const long long minutes = one_paragraph_minutes("Information", "Kansliet");
  for (const auto version : {MinutesVersion::kPublic, MinutesVersion::kFull}) {
    const auto view = version == MinutesVersion::kPublic ? public_view(minutes) : full_view(member("m2"), minutes);
    BOOST_REQUIRE_EQUAL(view.paragraphs.size(), 1u);
    const std::string html = render_minutes_html(view, version);
    const std::string pdf = test::pdf_to_text(render_minutes_pdf(view, version));
    for (const std::string absent : {"Sekretess enligt", "Förslag till beslut", "Propositionsordning", "Yrkanden",
                                     "Omröstning", "Reservationer", "Protokollsanteckningar"}) {
      BOOST_TEST_INFO(absent);
      BOOST_TEST(html.find(absent) == std::string::npos);
      BOOST_TEST(pdf.find(absent) == std::string::npos);
    }
    BOOST_TEST(html.find("<h2>§ " + std::to_string(view.paragraphs.front().number) + " ") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(party_from_the_member_name) {
  BOOST_TEST(party_of("Anna Andersson (S)") == "S");
  BOOST_TEST(party_of("Bo Ek (KD)") == "KD");
  BOOST_TEST(party_of("Ledamot m1").empty());
  BOOST_TEST(party_of("(S)").empty());
  BOOST_TEST(party_of("Namn ()").empty());
}

BOOST_AUTO_TEST_SUITE_END()

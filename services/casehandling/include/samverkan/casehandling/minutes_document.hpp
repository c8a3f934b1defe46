#pragma once
/// The minutes (protokoll) as a document: HTML (kainjow mustache, escaped, lang="sv") and PDF
/// (samverkan::pdf), in a full version for the board and a public version for anyone.
///
/// In the public version a secret paragraph (one with a secrecy reference) shows only its
/// number, heading and secrecy reference. public_minutes() never reads a secret paragraph's
/// texts, votes or entries from the database, and the renderers leave them out again for
/// MinutesVersion::kPublic whatever the view holds (defence in depth).
///
///   auto view = full_minutes(ctx, meetings, boards, minutes_id);   // meeting.read, audited
///   std::string html = render_minutes_html(view, MinutesVersion::kFull);
///   std::string pdf = render_minutes_pdf(view, MinutesVersion::kFull);

#include <string>
#include <utility>
#include <vector>

#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/meeting_service.hpp"
#include "samverkan/pdf/document.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {

enum class MinutesVersion { kFull, kPublic };

/// A member's text in a paragraph: a motion, reservation or protocol note.
struct MinutesStatement {
  std::string name;
  std::string text;
};

struct MinutesVoteLine {
  std::string name;
  std::string party;  ///< from a trailing "(S)" in the member's name; empty when none
  std::string vote;   ///< "ja", "nej", "avstår"
};

struct MinutesParagraphView {
  int number = 0;
  int year = 0;
  std::string case_number;  ///< "KS 2026/12", empty for a paragraph without a case
  std::string heading;
  std::string secrecy_reference;  ///< set: the paragraph is secret
  bool texts_withheld = false;    ///< full version read by someone not entitled to secrets
  std::string proposal;
  std::string procedure;
  std::string decision;
  std::vector<MinutesStatement> motions;
  std::vector<MinutesStatement> reservations;
  std::vector<MinutesStatement> notes;
  std::vector<std::string> recused;                              ///< jäv: names
  std::vector<std::pair<std::string, std::string>> stepping_in;  ///< substitute, for whom
  bool has_vote = false;
  std::string yes_means;
  std::string no_means;
  std::vector<MinutesVoteLine> votes;
  int yes = 0;
  int no = 0;
  int abstain = 0;
  std::string result;  ///< "ja", "nej", "lika"
  bool immediately_adjusted = false;

  bool secret() const noexcept { return !secrecy_reference.empty(); }
};

struct MinutesSignerView {
  std::string name;
  std::string role;       ///< "chair" or "adjuster"
  std::string signed_at;  ///< "2026-11-22 14:05" Swedish time; empty when not signed
};

struct MinutesView {
  long long minutes_id = 0;
  long long meeting_id = 0;
  std::string municipality;       ///< kommunkod
  std::string municipality_name;  ///< filled by the caller when known ("Exempelby kommun")
  std::string prefix;
  std::string board_name;
  std::string meeting_date;
  std::string starts_at;
  std::string place;
  std::string kept_at;
  bool adjusted = false;
  std::vector<std::string> present;                          ///< ordinary members present
  std::vector<std::pair<std::string, std::string>> serving;  ///< substitute, serving for
  std::vector<std::string> substitutes_present;              ///< substitutes present, not serving
  std::vector<std::string> others_present;                   ///< the secretary
  std::vector<std::string> absent;
  std::vector<MinutesSignerView> signers;
  std::vector<MinutesParagraphView> paragraphs;
};

/// The full minutes through MeetingService (Permission::kMeetingRead, audited by its reads,
/// plus "minutes.render"). A secret paragraph's texts are there for those MeetingService
/// shows them to (texts_withheld otherwise).
MinutesView full_minutes(tenancy::Context& ctx, MeetingService& meetings, const BoardDirectory& boards,
                         long long minutes_id);

/// The public minutes, for anyone: adjusted minutes only (NotFound for a draft, an unknown id
/// or another municipality's). Secret paragraphs carry only number, heading and reference.
MinutesView public_minutes(tenancy::Context& ctx, const BoardDirectory& boards, long long minutes_id);

/// The ids of the municipality's adjusted minutes, newest meeting first, with meeting id,
/// board and date (anyone): the index of the open data.
struct PublishedMinutes {
  long long minutes_id = 0;
  long long meeting_id = 0;
  std::string prefix;
  std::string board_name;
  std::string meeting_date;
};
std::vector<PublishedMinutes> published_minutes(tenancy::Context& ctx, const BoardDirectory& boards);
/// The adjusted minutes of a meeting (NotFound when none), for anyone.
long long published_minutes_of_meeting(tenancy::Context& ctx, long long meeting_id);

/// The HTML page (a whole document, lang="sv"), everything escaped.
std::string render_minutes_html(const MinutesView& view, MinutesVersion version);

/// Where write_minutes writes: the one rendering model of the minutes, so that the HTML page and
/// the PDF show the same things under the same rules (what a secret paragraph shows, which
/// headings a paragraph has). The HTML renderer, pdf::Document, and a recorder in tests.
class MinutesTextSink {
 public:
  virtual ~MinutesTextSink() = default;
  virtual void heading(const std::string& text, int level) = 0;
  virtual void paragraph(const std::string& text) = 0;
  /// A labelled value; a value of several lines keeps its line breaks.
  virtual void field(const std::string& label, const std::string& value) = 0;
  virtual void note(const std::string& text) = 0;
  virtual void space(double points) = 0;
  /// A table with a caption, column headings and rows of as many cells.
  virtual void table(const std::string& caption, const std::vector<std::string>& columns,
                     const std::vector<std::vector<std::string>>& rows) = 0;
};

/// The PDF's metadata and footer for the view (title "Protokoll KS 2026-11-20", author the
/// municipality or board); never anything of a paragraph.
pdf::Setup minutes_pdf_setup(const MinutesView& view, MinutesVersion version);
/// Writes the minutes' text into `sink` (the seam under render_minutes_pdf).
void write_minutes(const MinutesView& view, MinutesVersion version, MinutesTextSink& sink);
/// The PDF bytes.
std::string render_minutes_pdf(const MinutesView& view, MinutesVersion version);

/// "ja", "nej", "avstår" as shown.
std::string vote_label(Vote vote);
/// "(S)" at the end of "Anna Andersson (S)" → "S"; empty when there is none.
std::string party_of(const std::string& name);

}  // namespace samverkan::casehandling

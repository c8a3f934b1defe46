#include <kainjow/mustache.hpp>

#include <map>
#include <string>
#include <string_view>

#include "detail/templates.hpp"
#include "samverkan/casehandling/minutes_document.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::casehandling {
namespace {

namespace mu = kainjow::mustache;

std::string title_of(const MinutesView& view) {
  return "Protokoll " + (view.board_name.empty() ? view.prefix : view.board_name) + " " + view.meeting_date;
}

std::string role_label(const std::string& role) { return role == "chair" ? "ordförande" : "justerare"; }

std::string result_label(const std::string& result) {
  if (result == "ja") return "bifall (ja)";
  if (result == "nej") return "avslag (nej)";
  return "lika röstetal";
}

mu::data statements(const std::vector<MinutesStatement>& list) {
  mu::data out{mu::data::type::list};
  for (const auto& s : list) {
    mu::data item;
    item.set("name", s.name);
    item.set("text", s.text);
    out.push_back(item);
  }
  return out;
}

mu::data names(const std::vector<std::string>& list) {
  mu::data out{mu::data::type::list};
  for (const auto& n : list) out.push_back(mu::data(n));
  return out;
}

mu::data pairs(const std::vector<std::pair<std::string, std::string>>& list) {
  mu::data out{mu::data::type::list};
  for (const auto& [name, for_whom] : list) {
    mu::data item;
    item.set("name", name);
    item.set("for", for_whom);
    out.push_back(item);
  }
  return out;
}

mu::data flag(bool value) { return value ? mu::data(mu::data::type::bool_true) : mu::data(mu::data::type::bool_false); }

/// One paragraph for the template. For the public version a secret paragraph carries its
/// number, heading and reference and nothing else, whatever the view holds.
mu::data paragraph_data(const MinutesParagraphView& p, MinutesVersion version) {
  mu::data d;
  d.set("number", std::to_string(p.number));
  d.set("heading", p.heading);
  d.set("secrecy_reference", p.secrecy_reference);
  if (version == MinutesVersion::kPublic && p.secret()) {
    d.set("secret_only", flag(true));
    return d;
  }
  d.set("secret_only", flag(false));
  d.set("case_number", p.case_number);
  d.set("withheld", flag(p.texts_withheld));
  d.set("proposal", p.proposal);
  d.set("procedure", p.procedure);
  d.set("decision", p.decision);
  d.set("has_motions", flag(!p.motions.empty()));
  d.set("motions", statements(p.motions));
  d.set("has_reservations", flag(!p.reservations.empty()));
  d.set("reservations", statements(p.reservations));
  d.set("has_notes", flag(!p.notes.empty()));
  d.set("notes", statements(p.notes));
  mu::data recused{mu::data::type::list};
  for (const auto& r : p.recused) {
    mu::data item;
    item.set("name", r);
    recused.push_back(item);
  }
  d.set("recused", recused);
  d.set("stepping_in", pairs(p.stepping_in));
  if (p.has_vote) {
    mu::data voting;
    voting.set("yes_means", p.yes_means);
    voting.set("no_means", p.no_means);
    mu::data votes{mu::data::type::list};
    for (const auto& v : p.votes) {
      mu::data item;
      item.set("name", v.name);
      item.set("vote", v.vote);
      votes.push_back(item);
    }
    voting.set("votes", votes);
    voting.set("yes", std::to_string(p.yes));
    voting.set("no", std::to_string(p.no));
    voting.set("abstain", std::to_string(p.abstain));
    voting.set("result", result_label(p.result));
    d.set("voting", voting);
  } else {
    d.set("voting", flag(false));
  }
  d.set("immediately_adjusted", flag(p.immediately_adjusted));
  return d;
}

/// The paragraph as the public version may show it.
MinutesParagraphView visible_paragraph(const MinutesParagraphView& p, MinutesVersion version) {
  if (version == MinutesVersion::kFull || !p.secret()) return p;
  MinutesParagraphView only;
  only.number = p.number;
  only.year = p.year;
  only.heading = p.heading;
  only.secrecy_reference = p.secrecy_reference;
  return only;
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string statements_text(const std::vector<MinutesStatement>& list) {
  std::string out;
  for (const auto& s : list) {
    if (!out.empty()) out += "\n";
    out += s.name + ": " + s.text;
  }
  return out;
}

/// A sink writing into a pdf::Document.
class DocumentSink : public MinutesTextSink {
 public:
  explicit DocumentSink(pdf::Document& doc) : doc_(doc) {}
  void heading(const std::string& text, int level) override { doc_.heading(text, level); }
  void paragraph(const std::string& text) override { doc_.paragraph(text); }
  void field(const std::string& label, const std::string& value) override { doc_.field(label, value); }
  void note(const std::string& text) override { doc_.note(text); }
  void space(double points) override { doc_.space(points); }

 private:
  pdf::Document& doc_;
};

}  // namespace

std::string render_minutes_html(const MinutesView& view, MinutesVersion version) {
  mu::data d;
  d.set("title", title_of(view));
  d.set("public", flag(version == MinutesVersion::kPublic));
  d.set("adjusted", flag(view.adjusted));
  d.set("municipality_name", view.municipality_name);
  d.set("board_name", view.board_name);
  d.set("prefix", view.prefix);
  d.set("meeting_date", view.meeting_date);
  d.set("starts_at", view.starts_at);
  d.set("place", view.place);
  d.set("kept_at", view.kept_at);
  d.set("present", names(view.present));
  d.set("serving", pairs(view.serving));
  d.set("has_substitutes_present", flag(!view.substitutes_present.empty()));
  d.set("substitutes_present", names(view.substitutes_present));
  d.set("has_others", flag(!view.others_present.empty()));
  d.set("others_present", names(view.others_present));
  d.set("has_absent", flag(!view.absent.empty()));
  d.set("absent", names(view.absent));
  mu::data adjusters{mu::data::type::list};
  mu::data signers{mu::data::type::list};
  for (const auto& s : view.signers) {
    mu::data item;
    item.set("name", s.name);
    item.set("role", role_label(s.role));
    item.set("signed_at", s.signed_at);
    if (s.role != "chair") adjusters.push_back(item);
    signers.push_back(item);
  }
  d.set("adjusters", adjusters);
  d.set("signers", signers);
  mu::data paragraphs{mu::data::type::list};
  for (const auto& p : view.paragraphs) paragraphs.push_back(paragraph_data(p, version));
  d.set("paragraphs", paragraphs);
  return render_template("minutes", d);
}

pdf::Setup minutes_pdf_setup(const MinutesView& view, MinutesVersion version) {
  pdf::Setup setup;
  setup.title = title_of(view) + (version == MinutesVersion::kPublic ? " (offentlig version)" : "");
  setup.author = view.municipality_name.empty() ? view.board_name : view.municipality_name;
  setup.footer = "Protokoll " + view.prefix + " " + view.meeting_date;
  return setup;
}

void write_minutes(const MinutesView& view, MinutesVersion version, MinutesTextSink& out) {
  out.heading(title_of(view), 1);
  if (version == MinutesVersion::kPublic) {
    out.note("Offentlig version. Paragrafer med sekretess visar bara nummer, rubrik och sekretessbestämmelse.");
  }
  out.paragraph(view.adjusted ? "Justerat protokoll" : "Ej justerat (utkast)");
  if (!view.municipality_name.empty()) out.field("Kommun", view.municipality_name);
  out.field("Organ", view.board_name + " (" + view.prefix + ")");
  out.field("Sammanträdesdatum", view.meeting_date);
  if (!view.starts_at.empty()) out.field("Tid", view.starts_at);
  out.field("Plats", view.place);
  out.field("Protokollet förvaras", view.kept_at);

  out.heading("Närvaro", 2);
  std::vector<std::string> deciding = view.present;
  for (const auto& [name, for_whom] : view.serving)
    deciding.push_back(name + " (tjänstgörande ersättare för " + for_whom + ")");
  out.field("Beslutande", joined(deciding));
  if (!view.substitutes_present.empty()) out.field("Ersättare", joined(view.substitutes_present));
  if (!view.others_present.empty()) out.field("Övriga närvarande", joined(view.others_present));
  if (!view.absent.empty()) out.field("Frånvarande", joined(view.absent));
  std::vector<std::string> adjusters;
  for (const auto& s : view.signers) {
    if (s.role != "chair") adjusters.push_back(s.name);
  }
  out.field("Justerare", joined(adjusters));

  for (const auto& original : view.paragraphs) {
    const MinutesParagraphView p = visible_paragraph(original, version);
    out.heading("§ " + std::to_string(p.number) + " " + p.heading, 2);
    if (p.secret()) out.note("Sekretess enligt " + p.secrecy_reference + ".");
    if (version == MinutesVersion::kPublic && p.secret()) continue;
    if (!p.case_number.empty()) out.field("Diarienummer", p.case_number);
    if (p.texts_withheld) out.note("Paragrafens text omfattas av sekretess och visas inte för dig.");
    for (const auto& r : p.recused) out.paragraph(r + " anmäler jäv och deltar inte i handläggningen.");
    for (const auto& [name, for_whom] : p.stepping_in) {
      out.paragraph(name + " tjänstgör i stället för " + for_whom + " under paragrafen.");
    }
    if (!p.proposal.empty()) out.field("Förslag till beslut", p.proposal);
    if (!p.motions.empty()) out.field("Yrkanden", statements_text(p.motions));
    if (!p.procedure.empty()) out.field("Propositionsordning", p.procedure);
    if (p.has_vote) {
      out.field("Omröstning", "Ja: " + p.yes_means + ". Nej: " + p.no_means + ".");
      std::string lines;
      for (const auto& v : p.votes) {
        if (!lines.empty()) lines += "\n";
        lines += v.name + ": " + v.vote;
      }
      out.paragraph(lines);
      out.field("Resultat", std::to_string(p.yes) + " ja, " + std::to_string(p.no) + " nej, " +
                                std::to_string(p.abstain) + " avstår. Utfall: " + result_label(p.result) + ".");
    }
    if (!p.decision.empty()) out.field("Beslut", p.decision);
    if (!p.reservations.empty()) out.field("Reservationer", statements_text(p.reservations));
    if (!p.notes.empty()) out.field("Protokollsanteckningar", statements_text(p.notes));
    if (p.immediately_adjusted) out.note("Paragrafen justerades omedelbart.");
    out.space(4);
  }

  out.heading("Justering", 2);
  if (view.adjusted) {
    for (const auto& s : view.signers) {
      out.field(role_label(s.role) == "ordförande" ? "Ordförande" : "Justerare",
                s.name + (s.signed_at.empty() ? std::string() : ", signerat " + s.signed_at));
    }
  } else {
    out.paragraph("Protokollet är inte justerat.");
  }
}

std::string render_minutes_pdf(const MinutesView& view, MinutesVersion version) {
  pdf::Document doc(minutes_pdf_setup(view, version));
  DocumentSink sink(doc);
  write_minutes(view, version, sink);
  return doc.finish();
}

}  // namespace samverkan::casehandling

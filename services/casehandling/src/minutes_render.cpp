#include <kainjow/mustache.hpp>

#include <string>
#include <utility>
#include <vector>

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

/// A sink writing into a pdf::Document. A table becomes one line per row ("Name: ja").
class DocumentSink : public MinutesTextSink {
 public:
  explicit DocumentSink(pdf::Document& doc) : doc_(doc) {}
  void heading(const std::string& text, int level) override { doc_.heading(text, level); }
  void paragraph(const std::string& text) override { doc_.paragraph(text); }
  void field(const std::string& label, const std::string& value) override { doc_.field(label, value); }
  void note(const std::string& text) override { doc_.note(text); }
  void space(double points) override { doc_.space(points); }
  void table(const std::string& /*caption*/, const std::vector<std::string>& /*columns*/,
             const std::vector<std::vector<std::string>>& rows) override {
    std::string lines;
    for (const auto& row : rows) {
      if (!lines.empty()) lines += "\n";
      for (std::size_t i = 0; i < row.size(); ++i) lines += (i == 0 ? "" : i == 1 ? ": " : ", ") + row[i];
    }
    doc_.paragraph(lines);
  }

 private:
  pdf::Document& doc_;
};

/// A sink collecting the blocks of the HTML page for the "minutes" template, which escapes
/// every text. Consecutive fields form one description list.
class HtmlSink : public MinutesTextSink {
 public:
  void heading(const std::string& text, int level) override {
    add(level <= 1 ? "h1" : level == 2 ? "h2" : "h3", text_data(text));
  }
  void paragraph(const std::string& text) override { add("paragraph", text_data(text)); }
  void note(const std::string& text) override { add("note", text_data(text)); }
  void field(const std::string& label, const std::string& value) override {
    if (!open_fields_) {
      blocks_.push_back({"fields", mu::data{}, {}});
      open_fields_ = true;
    }
    blocks_.back().fields.emplace_back(label, value);
  }
  void space(double /*points*/) override { open_fields_ = false; }
  void table(const std::string& caption, const std::vector<std::string>& columns,
             const std::vector<std::vector<std::string>>& rows) override {
    mu::data t;
    t.set("caption", caption);
    mu::data heads{mu::data::type::list};
    for (const auto& c : columns) heads.push_back(mu::data(c));
    t.set("columns", heads);
    mu::data body{mu::data::type::list};
    for (const auto& row : rows) {
      mu::data cells{mu::data::type::list};
      for (const auto& cell : row) cells.push_back(mu::data(cell));
      mu::data r;
      r.set("cells", cells);
      body.push_back(r);
    }
    t.set("rows", body);
    add("table", t);
  }

  /// The blocks for the template: each an object with one key, the block's kind.
  mu::data blocks() const {
    mu::data out{mu::data::type::list};
    for (const auto& b : blocks_) {
      mu::data block;
      if (b.kind == "fields") {
        mu::data list{mu::data::type::list};
        for (const auto& [label, value] : b.fields) {
          mu::data item;
          item.set("label", label);
          item.set("value", value);
          list.push_back(item);
        }
        mu::data fields;
        fields.set("items", list);
        block.set("fields", fields);
      } else {
        block.set(b.kind, b.content);
      }
      out.push_back(block);
    }
    return out;
  }

 private:
  struct Block {
    std::string kind;
    mu::data content;
    std::vector<std::pair<std::string, std::string>> fields;
  };

  static mu::data text_data(const std::string& text) {
    mu::data d;
    d.set("text", text);
    return d;
  }
  void add(std::string kind, mu::data content) {
    blocks_.push_back({std::move(kind), std::move(content), {}});
    open_fields_ = false;
  }

  std::vector<Block> blocks_;
  bool open_fields_ = false;  // whether the last block is a description list still open
};

}  // namespace

std::string render_minutes_html(const MinutesView& view, MinutesVersion version) {
  HtmlSink sink;
  write_minutes(view, version, sink);
  mu::data d;
  d.set("title", title_of(view));
  d.set("blocks", sink.blocks());
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
      std::vector<std::vector<std::string>> rows;
      rows.reserve(p.votes.size());
      for (const auto& v : p.votes) rows.push_back({v.name, v.vote});
      out.table("Omröstning § " + std::to_string(p.number), {"Ledamot", "Röst"}, rows);
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

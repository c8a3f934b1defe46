#pragma once
/// A small flowing-text PDF writer (cairo + Pango): headings, paragraphs, key/value lines and
/// page breaks, laid out on A4 with automatic wrapping and pagination. The text is real text
/// (selectable and searchable), set in DejaVu Sans; every string is UTF-8 and is set as plain
/// text (never interpreted as Pango markup).
///
///   pdf::Document doc({.title = "Protokoll KS 2026-11-20", .author = "Exempelby kommun"});
///   doc.heading("Kommunstyrelsen", 1);
///   doc.paragraph("Sammanträdesdatum 2026-11-20");
///   const std::string bytes = doc.finish();   // "%PDF-1.5 ..."

#include <memory>
#include <string>
#include <string_view>

namespace samverkan::pdf {

/// Document metadata and page geometry (points; A4 and 20 mm margins by default).
struct Setup {
  std::string title{};
  std::string author{};
  double page_width = 595.28;
  double page_height = 841.89;
  double margin = 56.69;
  /// Printed at the foot of every page with its number ("Sida 2 av 5" is not possible in one
  /// pass; this writes "<footer> – sida N"). Empty: only the page number.
  std::string footer{};
};

/// One PDF being written. Not thread-safe; one per thread.
class Document {
 public:
  explicit Document(Setup setup = {});
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  /// A heading; level 1 (largest) to 3. Kept on the same page as the line that follows.
  void heading(std::string_view text, int level = 1);
  /// A wrapped paragraph; '\n' in the text starts a new line within it.
  void paragraph(std::string_view text);
  /// A label and its value on one line (wrapped under the value when long): "Plats: Stadshuset".
  void field(std::string_view label, std::string_view value);
  /// A paragraph in a smaller, grey type (notes, secrecy references).
  void note(std::string_view text);
  /// Vertical space, in points.
  void space(double points);
  /// Starts a new page.
  void page_break();
  /// Moves the cursor to an absolute position on the current page (points from the top-left
  /// corner), for fixed blocks such as a letter's address window; the next text starts there.
  /// The x position holds for that one next block only (later blocks start at the left
  /// margin again). Throws InvalidInput outside the printable area.
  void move_to(double x, double y);

  /// Pages written so far (at least 1).
  int pages() const;
  /// Finishes the document and returns the PDF bytes. The document cannot be used afterwards:
  /// any later call throws Conflict. Invalid UTF-8 in any text is replaced, not refused.
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverkan::pdf

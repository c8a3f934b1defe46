#include "samverkan/pdf/document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "samverkan/core/error.hpp"

namespace samverkan::pdf {
namespace {

constexpr const char* kFamily = "DejaVu Sans";
constexpr double kBodySize = 10.5;
constexpr double kNoteSize = 8.5;
constexpr double kFooterSize = 8.0;
constexpr double kParagraphGap = 6.0;

double heading_size(int level) {
  switch (level) {
    case 1:
      return 17.0;
    case 2:
      return 13.5;
    default:
      return 11.5;
  }
}

int to_pango(double points) { return static_cast<int>(points * PANGO_SCALE); }
double from_pango(int units) { return static_cast<double>(units) / PANGO_SCALE; }

struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using FontPtr = std::unique_ptr<PangoFontDescription, FontDeleter>;

struct ObjectDeleter {
  void operator()(gpointer object) const { g_object_unref(object); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, ObjectDeleter>;

FontPtr make_font(double size, bool bold) {
  FontPtr font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kFamily);
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return font;
}

/// Pango wants valid UTF-8; invalid sequences are replaced rather than refused, so that one bad
/// byte in a stored text does not stop a whole document.
std::string valid_utf8(std::string_view text) {
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
    return std::string(text);
  }
  gchar* fixed = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
  std::string out(fixed);
  g_free(fixed);
  return out;
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

/// One laid-out block and the colour it is drawn in.
struct Block {
  LayoutPtr layout;
  double grey = 0.0;
  double gap_after = kParagraphGap;
  double x = 0.0;
};

}  // namespace

struct Document::Impl {
  Setup setup;
  std::string bytes;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  PangoContext* context = nullptr;
  int page = 1;
  double y = 0.0;
  /// A one-shot x position from move_to(); negative: the left margin.
  double next_x = -1.0;
  bool finished = false;
  std::vector<Block> pending_headings;

  explicit Impl(Setup s) : setup(std::move(s)) {
    if (setup.page_width <= 2 * setup.margin + 36 || setup.page_height <= 2 * setup.margin + 72 || setup.margin < 0) {
      throw InvalidInput("pdf: the page is too small for its margins");
    }
    surface = cairo_pdf_surface_create_for_stream(append_to_string, &bytes, setup.page_width, setup.page_height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
      cairo_surface_destroy(surface);
      throw InternalError("pdf: cannot create the PDF surface");
    }
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    if (!setup.title.empty()) {
      cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, valid_utf8(setup.title).c_str());
    }
    if (!setup.author.empty()) {
      cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, valid_utf8(setup.author).c_str());
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Samverkan");
    cr = cairo_create(surface);
    context = pango_cairo_create_context(cr);
    // Unhinted metrics: the layout must not depend on a screen's pixel grid.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    y = setup.margin;
  }

  ~Impl() {
    if (context != nullptr) g_object_unref(context);
    if (cr != nullptr) cairo_destroy(cr);
    if (surface != nullptr) cairo_surface_destroy(surface);
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void ensure_open() const {
    if (finished) throw Conflict("pdf: the document is already finished");
  }

  double left() const { return setup.margin; }
  double bottom() const { return setup.page_height - setup.margin; }
  double text_width(double x) const { return setup.page_width - setup.margin - x; }

  Block make_block(std::string_view text, const FontPtr& font, double x) {
    Block block{LayoutPtr(pango_layout_new(context))};
    block.x = x;
    PangoLayout* layout = block.layout.get();
    pango_layout_set_font_description(layout, font.get());
    pango_layout_set_width(layout, to_pango(text_width(x)));
    // A word longer than the line (a URL, a hash) is broken between characters.
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    const std::string utf8 = valid_utf8(text);
    pango_layout_set_text(layout, utf8.c_str(), static_cast<int>(utf8.size()));
    return block;
  }

  double take_x() {
    const double x = next_x >= 0 ? next_x : left();
    next_x = -1.0;
    return x;
  }

  void draw_footer() {
    const std::string text = setup.footer.empty() ? "Sida " + std::to_string(page)
                                                  : valid_utf8(setup.footer) + " \u2013 sida " + std::to_string(page);
    const FontPtr font = make_font(kFooterSize, false);
    Block block = make_block(text, font, left());
    pango_layout_set_alignment(block.layout.get(), PANGO_ALIGN_CENTER);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, left(), setup.page_height - setup.margin * 0.6);
    pango_cairo_show_layout(cr, block.layout.get());
    cairo_restore(cr);
  }

  void new_page() {
    draw_footer();
    cairo_show_page(cr);
    ++page;
    y = setup.margin;
  }

  static double first_line_height(const Block& block) {
    PangoLayoutIter* iter = pango_layout_get_iter(block.layout.get());
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    pango_layout_iter_free(iter);
    return from_pango(logical.height);
  }

  /// Draws a block line by line, breaking the page where a line would cross the bottom margin.
  void draw(const Block& block) {
    PangoLayoutIter* iter = pango_layout_get_iter(block.layout.get());
    cairo_save(cr);
    cairo_set_source_rgb(cr, block.grey, block.grey, block.grey);
    double line_top_in_layout = 0.0;
    double page_offset = y;  // where the layout's top sits on the current page
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double top = from_pango(logical.y);
      const double height = from_pango(logical.height);
      if (page_offset + top + height > bottom() && page_offset + top > setup.margin) {
        cairo_restore(cr);
        new_page();
        cairo_save(cr);
        cairo_set_source_rgb(cr, block.grey, block.grey, block.grey);
        page_offset = setup.margin - top;
      }
      const double baseline = from_pango(pango_layout_iter_get_baseline(iter));
      cairo_move_to(cr, block.x + from_pango(logical.x), page_offset + baseline);
      pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter));
      line_top_in_layout = top + height;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    cairo_restore(cr);
    y = page_offset + line_top_in_layout + block.gap_after;
  }

  /// Draws the waiting headings and then the block, moving all of them to a new page when the
  /// headings and the block's first line would not fit together.
  void emit(const Block& block) {
    if (!pending_headings.empty()) {
      double needed = 0.0;
      for (const Block& h : pending_headings) {
        PangoRectangle logical;
        pango_layout_get_extents(h.layout.get(), nullptr, &logical);
        needed += from_pango(logical.height) + h.gap_after;
      }
      needed += first_line_height(block);
      if (y + needed > bottom() && y > setup.margin) new_page();
      std::vector<Block> headings = std::move(pending_headings);
      pending_headings.clear();
      for (const Block& h : headings) draw(h);
    }
    draw(block);
  }

  void flush_headings() {
    std::vector<Block> headings = std::move(pending_headings);
    pending_headings.clear();
    for (const Block& h : headings) draw(h);
  }
};

Document::Document(Setup setup) : impl_(std::make_unique<Impl>(std::move(setup))) {}

Document::~Document() = default;

void Document::heading(std::string_view text, int level) {
  impl_->ensure_open();
  if (level < 1 || level > 3) throw InvalidInput("pdf: heading level must be 1 to 3");
  const FontPtr font = make_font(heading_size(level), true);
  Block block = impl_->make_block(text, font, impl_->take_x());
  block.gap_after = level == 1 ? 8.0 : 4.0;
  // Space above a heading, unless it starts the page.
  if (impl_->y > impl_->setup.margin && impl_->pending_headings.empty()) {
    impl_->y += level == 1 ? 10.0 : 6.0;
  }
  impl_->pending_headings.push_back(std::move(block));
}

void Document::paragraph(std::string_view text) {
  impl_->ensure_open();
  const FontPtr font = make_font(kBodySize, false);
  const Block block = impl_->make_block(text, font, impl_->take_x());
  impl_->emit(block);
}

void Document::field(std::string_view label, std::string_view value) {
  impl_->ensure_open();
  const std::string label_text = valid_utf8(label) + ": ";
  const FontPtr font = make_font(kBodySize, false);
  Block block = impl_->make_block(label_text + valid_utf8(value), font, impl_->take_x());
  PangoLayout* layout = block.layout.get();

  // The label in bold, as an attribute over its bytes (the text itself is never markup).
  PangoAttrList* attrs = pango_attr_list_new();
  PangoAttribute* bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
  bold->start_index = 0;
  bold->end_index = static_cast<guint>(label_text.size());
  pango_attr_list_insert(attrs, bold);
  pango_layout_set_attributes(layout, attrs);
  pango_attr_list_unref(attrs);

  // Continuation lines hang under the value, unless the label takes most of the line.
  const FontPtr bold_font = make_font(kBodySize, true);
  LayoutPtr measure(pango_layout_new(impl_->context));
  pango_layout_set_font_description(measure.get(), bold_font.get());
  pango_layout_set_text(measure.get(), label_text.c_str(), static_cast<int>(label_text.size()));
  int label_width = 0;
  pango_layout_get_size(measure.get(), &label_width, nullptr);
  if (from_pango(label_width) < impl_->text_width(block.x) / 2) {
    pango_layout_set_indent(layout, -label_width);
  }
  block.gap_after = 2.0;
  impl_->emit(block);
}

void Document::note(std::string_view text) {
  impl_->ensure_open();
  const FontPtr font = make_font(kNoteSize, false);
  Block block = impl_->make_block(text, font, impl_->take_x());
  block.grey = 0.4;
  block.gap_after = 4.0;
  impl_->emit(block);
}

void Document::space(double points) {
  impl_->ensure_open();
  if (points < 0) throw InvalidInput("pdf: space must not be negative");
  impl_->y = std::min(impl_->y + points, impl_->bottom());
}

void Document::page_break() {
  impl_->ensure_open();
  impl_->flush_headings();
  impl_->new_page();
}

void Document::move_to(double x, double y) {
  impl_->ensure_open();
  const Setup& s = impl_->setup;
  if (x < 0 || y < 0 || x >= s.page_width - s.margin - 36 || y >= s.page_height - s.margin) {
    throw InvalidInput("pdf: position outside the printable area");
  }
  impl_->flush_headings();
  impl_->next_x = x;
  impl_->y = y;
}

int Document::pages() const { return impl_->page; }

std::string Document::finish() {
  impl_->ensure_open();
  impl_->flush_headings();
  impl_->draw_footer();
  impl_->finished = true;
  // cairo_surface_finish() emits the current (last) page.
  g_object_unref(impl_->context);
  impl_->context = nullptr;
  cairo_destroy(impl_->cr);
  impl_->cr = nullptr;
  cairo_surface_finish(impl_->surface);
  const cairo_status_t status = cairo_surface_status(impl_->surface);
  cairo_surface_destroy(impl_->surface);
  impl_->surface = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) throw InternalError("pdf: writing the PDF failed");
  return std::move(impl_->bytes);
}

}  // namespace samverkan::pdf

#include "samverkan/pdf/document.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "libcore/pdf/pdf_text.hpp"
#include "samverkan/core/error.hpp"

namespace pdf = samverkan::pdf;
using samverkan::test::pdf_info;
using samverkan::test::pdf_page_objects;
using samverkan::test::pdf_to_text;

namespace {

// Text without spaces or line breaks, so that wrapping and hyphen-free joins compare equal.
std::string squeeze(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\f' && c != '\r') out += c;
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pdf_document_test)

BOOST_AUTO_TEST_CASE(a_short_document_is_one_valid_page) {
  pdf::Document doc({.title = "Protokoll", .author = "Aneby kommun"});
  doc.heading("Kommunstyrelsen", 1);
  doc.paragraph("Sammanträdesdatum 2026-11-20");
  BOOST_TEST(doc.pages() == 1);
  const std::string bytes = doc.finish();
  BOOST_TEST(bytes.rfind("%PDF-1.5", 0) == 0);
  BOOST_TEST(bytes.find("%%EOF") != std::string::npos);
  BOOST_TEST(pdf_page_objects(bytes) == 1);
  const std::string text = pdf_to_text(bytes);
  BOOST_TEST(text.find("Kommunstyrelsen") != std::string::npos);
  BOOST_TEST(text.find("Sammanträdesdatum 2026-11-20") != std::string::npos);
  BOOST_TEST(text.find("Sida 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(long_text_flows_over_several_pages_with_numbered_footers) {
  pdf::Document doc({.title = "Lång", .footer = "Protokoll KS"});
  std::string paragraph;
  for (int i = 0; i < 40; ++i) paragraph += "Detta är en mening som fyller ut stycket. ";
  for (int i = 0; i < 12; ++i) {
    doc.heading("Paragraf " + std::to_string(i + 1), 2);
    doc.paragraph(paragraph);
  }
  const int pages = doc.pages();
  BOOST_TEST(pages >= 3);
  const std::string bytes = doc.finish();
  BOOST_TEST(pdf_page_objects(bytes) == pages);
  BOOST_TEST(pdf_info(bytes, "Pages") == std::to_string(pages));
  const std::string text = pdf_to_text(bytes);
  for (int page = 1; page <= pages; ++page) {
    BOOST_TEST(text.find("Protokoll KS \u2013 sida " + std::to_string(page)) != std::string::npos);
  }
  BOOST_TEST(text.find("sida " + std::to_string(pages + 1)) == std::string::npos);
  // Every heading reached the output once.
  for (int i = 1; i <= 12; ++i) {
    BOOST_TEST(text.find("Paragraf " + std::to_string(i) + "\n") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_heading_is_kept_with_the_line_after_it) {
  pdf::Document doc;
  // Fill the first page with short lines until a heading would be the last line on it.
  int lines = 0;
  while (doc.pages() == 1) {
    doc.paragraph("rad " + std::to_string(++lines));
  }
  // `lines` lines made a second page; lines - 1 filled page 1. Leave room for a heading
  // but not for the heading plus the next line.
  pdf::Document doc2;
  for (int i = 1; i < lines - 1; ++i) doc2.paragraph("rad " + std::to_string(i));
  doc2.heading("Rubriken", 1);
  doc2.paragraph("Första raden efter rubriken");
  BOOST_TEST(doc2.pages() == 2);
  const std::string text = pdf_to_text(doc2.finish());
  const std::size_t page_break = text.find('\f');
  BOOST_REQUIRE(page_break != std::string::npos);
  BOOST_TEST(text.find("Rubriken") > page_break);
  BOOST_TEST(text.find("Första raden efter rubriken") > page_break);
}

BOOST_AUTO_TEST_CASE(swedish_characters_survive) {
  pdf::Document doc({.title = "Överklagande – Åre och Älmhult"});
  doc.paragraph("Kommunfullmäktige i Åre beslöt att överlåta ärendet. ÅÄÖ åäö é ü");
  doc.field("Plats", "Stadshuset, Sessionssalen");
  doc.note("Sekretess enligt 26 kap. 1 § OSL");
  const std::string bytes = doc.finish();
  const std::string text = pdf_to_text(bytes);
  BOOST_TEST(text.find("Kommunfullmäktige i Åre beslöt att överlåta ärendet. ÅÄÖ åäö é ü") != std::string::npos);
  BOOST_TEST(text.find("Plats: Stadshuset, Sessionssalen") != std::string::npos);
  BOOST_TEST(text.find("26 kap. 1 § OSL") != std::string::npos);
  BOOST_TEST(pdf_info(bytes, "Title") == "Överklagande – Åre och Älmhult");
}

BOOST_AUTO_TEST_CASE(a_word_longer_than_the_line_is_wrapped) {
  const std::string word(400, 'x');
  pdf::Document doc;
  doc.paragraph("före " + word + " efter");
  const std::string text = pdf_to_text(doc.finish());
  // All of it is there, over several lines, and no line is longer than the page allows.
  BOOST_TEST(squeeze(text).find("före" + word + "efter") != std::string::npos);
  std::size_t longest = 0;
  std::size_t start = 0;
  int lines_with_x = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (line.find('x') != std::string::npos) ++lines_with_x;
    longest = std::max(longest, line.size());
    start = end + 1;
  }
  BOOST_TEST(lines_with_x >= 3);
  BOOST_TEST(longest < 200u);
}

BOOST_AUTO_TEST_CASE(field_values_wrap_and_keep_the_label) {
  pdf::Document doc;
  std::string value;
  for (int i = 0; i < 30; ++i) value += "ordet" + std::to_string(i) + " ";
  doc.field("Beslut", value);
  const std::string text = pdf_to_text(doc.finish());
  BOOST_TEST(text.find("Beslut: ordet0") != std::string::npos);
  BOOST_TEST(text.find("ordet29") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(metadata_title_and_author) {
  pdf::Document doc({.title = "Protokoll KS 2026-11-20", .author = "Aneby kommun"});
  doc.paragraph("text");
  const std::string bytes = doc.finish();
  BOOST_TEST(pdf_info(bytes, "Title") == "Protokoll KS 2026-11-20");
  BOOST_TEST(pdf_info(bytes, "Author") == "Aneby kommun");
  BOOST_TEST(pdf_info(bytes, "Creator") == "Samverkan");
}

BOOST_AUTO_TEST_CASE(no_metadata_when_none_is_given) {
  pdf::Document doc;
  doc.paragraph("text");
  const std::string bytes = doc.finish();
  BOOST_TEST(pdf_info(bytes, "Title").empty());
  BOOST_TEST(pdf_info(bytes, "Author").empty());
}

BOOST_AUTO_TEST_CASE(markup_looking_text_stays_literal) {
  pdf::Document doc({.title = "<b>titel</b>"});
  doc.heading("<span foreground=\"red\">Rubrik</span> & mer", 2);
  doc.paragraph("<b>fet</b> &amp; <i>kursiv</i> <big>x</big>");
  doc.field("<u>Etikett</u>", "<s>värde</s>");
  doc.note("</span>");
  const std::string bytes = doc.finish();
  const std::string text = pdf_to_text(bytes);
  BOOST_TEST(text.find("<span foreground=\"red\">Rubrik</span> & mer") != std::string::npos);
  BOOST_TEST(text.find("<b>fet</b> &amp; <i>kursiv</i> <big>x</big>") != std::string::npos);
  BOOST_TEST(text.find("<u>Etikett</u>: <s>värde</s>") != std::string::npos);
  BOOST_TEST(text.find("</span>") != std::string::npos);
  BOOST_TEST(pdf_info(bytes, "Title") == "<b>titel</b>");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_replaced_not_fatal) {
  pdf::Document doc;
  doc.paragraph(std::string("före \xff\xfe efter"));
  const std::string text = pdf_to_text(doc.finish());
  BOOST_TEST(text.find("före") != std::string::npos);
  BOOST_TEST(text.find("efter") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(page_break_and_move_to) {
  pdf::Document doc;
  doc.paragraph("första sidan");
  doc.page_break();
  BOOST_TEST(doc.pages() == 2);
  doc.move_to(300, 400);
  doc.paragraph("adressfältet");
  doc.paragraph("brödtext");
  const std::string bytes = doc.finish();
  BOOST_TEST(pdf_page_objects(bytes) == 2);
  // Positions from pdftotext -bbox: the moved text starts at x 300, the next block at the margin.
  const std::string boxes = pdf_to_text(bytes, {"-bbox"});
  const auto x_of = [&](const std::string& word) {
    const std::size_t at = boxes.find(">" + word + "<");
    BOOST_REQUIRE(at != std::string::npos);
    const std::size_t x = boxes.rfind("xMin=\"", at);
    return std::stod(boxes.substr(x + 6));
  };
  BOOST_TEST(x_of("adressfältet") == 300.0, boost::test_tools::tolerance(1.0));
  BOOST_TEST(x_of("brödtext") == 56.69, boost::test_tools::tolerance(1.0));
}

BOOST_AUTO_TEST_CASE(wrong_use_is_refused) {
  pdf::Document doc;
  BOOST_CHECK_THROW(doc.heading("x", 0), samverkan::InvalidInput);
  BOOST_CHECK_THROW(doc.heading("x", 4), samverkan::InvalidInput);
  BOOST_CHECK_THROW(doc.space(-1), samverkan::InvalidInput);
  BOOST_CHECK_THROW(doc.move_to(-5, 10), samverkan::InvalidInput);
  BOOST_CHECK_THROW(doc.move_to(10, 5000), samverkan::InvalidInput);
  BOOST_CHECK_THROW(pdf::Document({.page_width = 100, .page_height = 100, .margin = 60}), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_CASE(finish_twice_is_refused) {
  pdf::Document doc;
  doc.paragraph("en gång");
  const std::string bytes = doc.finish();
  BOOST_TEST(!bytes.empty());
  BOOST_CHECK_THROW(doc.finish(), samverkan::Conflict);
  BOOST_CHECK_THROW(doc.paragraph("igen"), samverkan::Conflict);
  BOOST_CHECK_THROW(doc.page_break(), samverkan::Conflict);
}

BOOST_AUTO_TEST_CASE(an_empty_document_is_one_page) {
  pdf::Document doc;
  const std::string bytes = doc.finish();
  BOOST_TEST(pdf_page_objects(bytes) == 1);
}

BOOST_AUTO_TEST_SUITE_END()

// The BankID QR code of the login page, an SVG image drawn from libqrencode's module matrix
// each second: the image's grid is read back and compared, module by module, with the matrix
// libqrencode itself makes of the content the order's stored secret gives for that second.
#include <qrencode.h>

#include <boost/test/unit_test.hpp>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include <memory>
#include <vector>

#include <soci/soci.h>

#include <thread>

#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/http/qr_code.hpp"
#include "services/eservices/pages_fixture.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

using Grid = std::vector<std::vector<bool>>;

// libqrencode's own matrix of `text` (8-bit data, level M, smallest version).
Grid reference_matrix(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      QRcode_free);
  BOOST_REQUIRE(qr != nullptr);
  Grid grid(static_cast<std::size_t>(qr->width), std::vector<bool>(static_cast<std::size_t>(qr->width)));
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) grid[y][x] = (qr->data[y * qr->width + x] & 1) != 0;
  }
  return grid;
}

// The grid an SVG image draws: its view box less the quiet zone of 4 modules, and
// a dark module under every black rect of height 1. Any rect outside the grid fails the test.
Grid grid_of_svg(const std::string& page) {
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(page.data(), static_cast<int>(page.size()), "page.html", "UTF-8",
                     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING),
      xmlFreeDoc);
  BOOST_REQUIRE(doc != nullptr);
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(xmlXPathNewContext(doc.get()),
                                                                       xmlXPathFreeContext);
  const auto nodes = [&](const char* xpath) {
    return std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)>(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath), ctx.get()), xmlXPathFreeObject);
  };
  const auto attribute = [](xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return out;
  };
  const auto svg = nodes("//svg");
  BOOST_REQUIRE(svg && svg->nodesetval && svg->nodesetval->nodeNr == 1);
  // libxml2's HTML parser keeps attribute names in lower case.
  const std::string view_box = attribute(svg->nodesetval->nodeTab[0], "viewbox");
  int x0 = -1, y0 = -1, w = 0, h = 0;
  BOOST_REQUIRE(std::sscanf(view_box.c_str(), "%d %d %d %d", &x0, &y0, &w, &h) == 4);
  BOOST_REQUIRE(x0 == 0 && y0 == 0 && w == h && w > 8);
  const int size = w - 8;
  Grid grid(static_cast<std::size_t>(size), std::vector<bool>(static_cast<std::size_t>(size)));
  const auto rects = nodes("//svg/rect[@fill='#000000']");
  BOOST_REQUIRE(rects && rects->nodesetval && rects->nodesetval->nodeNr > 0);
  for (int i = 0; i < rects->nodesetval->nodeNr; ++i) {
    xmlNode* rect = rects->nodesetval->nodeTab[i];
    const int x = std::stoi(attribute(rect, "x")) - 4;
    const int y = std::stoi(attribute(rect, "y")) - 4;
    const int run = std::stoi(attribute(rect, "width"));
    BOOST_REQUIRE(attribute(rect, "height") == "1");
    BOOST_REQUIRE(x >= 0 && y >= 0 && y < size && run > 0 && x + run <= size);
    for (int k = 0; k < run; ++k) {
      BOOST_REQUIRE_MESSAGE(!grid[y][x + k], "a module drawn twice");
      grid[y][x + k] = true;
    }
  }
  return grid;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(qr_login_test)

BOOST_FIXTURE_TEST_CASE(the_login_page_draws_the_animated_bankid_qr_code_as_svg, PagesFixture) {
  auto b = browser();
  auto r = b.get("/e/0686/logga-in?next=%2Fe%2F0686");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).count("//img") == 0, "no QR code before the login is started");
  r = b.post("/e/0686/logga-in", "_csrf=" + encode(Browser::csrf(r.body)) + "&next=%2Fe%2F0686");
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const Html page(b.get(r.headers.at("location")).body);
  const std::string image = page.value("string(//img/@src)");
  BOOST_TEST_REQUIRE(image.find("/qr.svg?") != std::string::npos, image);
  BOOST_TEST(page.value("string(//img/@alt)") == "QR-kod för inloggning med BankID på en annan enhet");

  // What the code must say: "bankid.<token>.<seconds>.<HMAC of seconds under the secret>",
  // from the order as the database holds it (the secret sealed for its row).
  std::string row_id, token, sealed;
  {
    auto lease = platform->database().acquire();
    *lease << "SELECT id, qr_start_token, qr_start_secret FROM bankid_login", soci::into(row_id), soci::into(token),
        soci::into(sealed);
  }
  const std::string secret = crypto::decrypt(platform->keyring(), sealed,
                                             crypto::associated_data("bankid_login", "qr_start_secret", {row_id}));
  // The second the image was drawn for: the platform runs on the real clock.
  const auto second_of = [&](const Grid& drawn) {
    for (int seconds = 0; seconds < 30; ++seconds) {
      if (drawn == reference_matrix(bankid::qr_content(token, secret, seconds))) return seconds;
    }
    return -1;
  };
  auto svg = b.get(image);
  BOOST_TEST_REQUIRE(svg.status == 200, svg.body);
  BOOST_TEST(svg.content_type == "image/svg+xml");
  BOOST_TEST(svg.headers.at("cache-control") == "no-store");
  const int first = second_of(grid_of_svg(svg.body));
  BOOST_TEST_REQUIRE(first >= 0, "the image is the order's QR code, module for module");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const int next = second_of(grid_of_svg(b.get(image).body));
  BOOST_TEST(next > first, "a new code a second later");

  // Another browser gets no image of this login.
  auto other = browser();
  BOOST_TEST(other.get(image).status == 404);
}

BOOST_AUTO_TEST_CASE(encode_qr_matches_libqrencode_and_refuses_what_does_not_fit) {
  const std::string text = "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.0.dc69358e712458a66a7525beef148ae8526b1c71";
  const auto code = http::encode_qr(text);
  const Grid expected = reference_matrix(text);
  BOOST_TEST_REQUIRE(static_cast<std::size_t>(code.size) == expected.size());
  std::size_t drawn = 0, dark = 0;
  for (const auto& run : http::dark_runs(code)) {
    for (int k = 0; k < run.length; ++k) BOOST_TEST(expected[run.y][run.x + k]);
    drawn += static_cast<std::size_t>(run.length);
  }
  for (const auto& row : expected) dark += static_cast<std::size_t>(std::count(row.begin(), row.end(), true));
  BOOST_TEST(drawn == dark, "every dark module is in exactly one run");
  BOOST_CHECK_THROW(http::encode_qr(""), InvalidInput);
  BOOST_CHECK_THROW(http::encode_qr(std::string(4000, 'x')), InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()

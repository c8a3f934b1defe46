#pragma once
// A server-rendered page parsed with libxml2's HTML parser (no network), queried with XPath.
#include <boost/test/unit_test.hpp>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>

namespace samverkan::test {

class HtmlPage {
 public:
  explicit HtmlPage(const std::string& text)
      : doc_(htmlReadMemory(text.data(), static_cast<int>(text.size()), "page.html", "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS),
             xmlFreeDoc) {
    BOOST_REQUIRE(doc_ != nullptr);
  }

  // The string value of an XPath expression ("string(...)", "count(...)" as text).
  std::string value(const std::string& xpath) const {
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(xmlXPathNewContext(doc_.get()),
                                                                         xmlXPathFreeContext);
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx.get()), xmlXPathFreeObject);
    BOOST_REQUIRE_MESSAGE(result != nullptr, "bad xpath " << xpath);
    xmlChar* text = xmlXPathCastToString(result.get());
    std::string out(reinterpret_cast<const char*>(text));
    xmlFree(text);
    return out;
  }
  int count(const std::string& xpath) const { return std::stoi(value("count(" + xpath + ")")); }

 private:
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
};

}  // namespace samverkan::test

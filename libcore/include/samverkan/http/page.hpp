#pragma once
/// The building blocks of server-rendered pages: mustache templates compiled into the binary,
/// texts kept in one file per language, form bodies, and the HTML and redirect responses.
///
///   // templates/*.mustache, *.css and sv.json / en.json, embedded by
///   // samverkan_embed_templates(target dir namespace function) (cmake/EmbedTemplates.cmake)
///   const http::Templates templates(my_detail::templates());
///   const auto texts = http::Texts::from_json(templates.source("sv.json"), templates.source("en.json"));
///   mustache::data data{mustache::data::type::object};
///   data.set("t", texts.data(http::Language::kSwedish));
///   return http::html_response(200, templates.render("inbox", data));
///
/// kainjow mustache HTML-escapes every {{value}}; {{{value}}} is only for HTML that another
/// template rendered.

#include <kainjow/mustache.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samverkan/http/message.hpp"

namespace samverkan::http {

namespace mustache = kainjow::mustache;

enum class Language { kSwedish, kEnglish };

/// "sv" or "en" (the lang attribute's value).
std::string_view to_string(Language language) noexcept;

/// A folder of templates compiled into the binary: name (file name without .mustache; style
/// sheets and text files with their extension) to text. The map must outlive this object.
class Templates {
 public:
  explicit Templates(const std::map<std::string, std::string_view>& sources) : sources_(sources) {}

  /// Renders template `name` with `data`. Throws samverkan::InternalError for an unknown or
  /// broken template (a programming error).
  std::string render(const std::string& name, const mustache::data& data) const;

  /// The text of `name` as embedded ("staff.css", "sv.json"); samverkan::InternalError when
  /// there is none.
  std::string_view source(const std::string& name) const;

 private:
  const std::map<std::string, std::string_view>& sources_;
};

/// The texts of a set of pages, one JSON object {"key": "text"} per language, so that each
/// language is kept in one place. Both languages must have the same keys.
class Texts {
 public:
  Texts() = default;
  /// Throws samverkan::InternalError when a text is not a JSON object of strings, or a key is
  /// in one language only (named in the message).
  static Texts from_json(std::string_view swedish, std::string_view english);

  bool has(std::string_view key) const;
  /// The text of `key`; samverkan::InternalError for an unknown key.
  const std::string& get(Language language, std::string_view key) const;
  /// Every text of `language` as a mustache object ({{t.key}} in templates).
  mustache::data data(Language language) const;
  /// Adds `other`'s texts; its keys win over these.
  void merge(const Texts& other);

 private:
  std::map<std::string, std::string, std::less<>> swedish_;
  std::map<std::string, std::string, std::less<>> english_;
};

/// A file sent with a multipart/form-data form.
struct FormFile {
  std::string field;  ///< the form field's name
  std::string file_name;
  std::string content_type;  ///< as the browser claimed it; check the bytes, not this
  std::string bytes;
};

/// A form body: application/x-www-form-urlencoded or multipart/form-data.
struct Form {
  std::vector<std::pair<std::string, std::string>> fields;  ///< in the order sent
  std::vector<FormFile> files;                              ///< non-empty files only

  /// The first value of `name`, "" when absent.
  std::string value(std::string_view name) const;
  /// Every value of `name`, in the order sent.
  std::vector<std::string> values(std::string_view name) const;
  /// The file of field `name`, nullptr when none was sent.
  const FormFile* file(std::string_view name) const;
};

/// Parses the request's form body (at most 500 fields). Throws samverkan::InvalidInput for a
/// body that cannot be read as a form.
Form parse_form(const Request& request);

/// A QR code for a page template: sets "qr_view" (the SVG's size in modules, a quiet zone of
/// four included) and "qr_runs" (a list of {x, y, w}: one <rect> per run of dark modules) in
/// `data`, as the templates draw it:
///   <svg viewBox="0 0 {{qr_view}} {{qr_view}}" ...>{{#qr_runs}}<rect x="{{x}}" y="{{y}}"
///   width="{{w}}" height="1"/>{{/qr_runs}}</svg>
/// Throws what encode_qr (qr_code.hpp) throws.
void set_qr_code(mustache::data& data, std::string_view content);

/// A text/html page, never cached.
Response html_response(int status, std::string body);

/// 303 See Other to a local path (after a form, or to a login page).
Response see_other(const std::string& location);

}  // namespace samverkan::http

#pragma once
// What the archival package writer and validator share: the namespaces, libmagic, file
// reading and writing, and a small owner of libxml2 documents for writing XML with the tree
// API (never by concatenating text).
#include <libxml/tree.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace samverkan::casehandling::archive::detail {

inline constexpr const char* kMetsNs = "http://www.loc.gov/METS/";
inline constexpr const char* kXlinkNs = "http://www.w3.org/1999/xlink";
inline constexpr const char* kCsipNs = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS";
inline constexpr const char* kSipNs = "https://DILCIS.eu/XML/METS/SIPExtensionMETS";
inline constexpr const char* kErmsNs = "https://DILCIS.eu/XML/ERMS";
inline constexpr const char* kVocabularyNs = "https://DILCIS.eu/XML/Vocabularies/IP";
/// mets.xsd imports xlink from here; the validator maps it to the local copy.
inline constexpr const char* kXlinkLocation = "http://www.loc.gov/standards/xlink/xlink.xsd";

/// The MIME type libmagic gives for `bytes` (MAGIC_MIME_TYPE, no decompression). Thread-safe.
/// Throws samverkan::Unavailable when libmagic or its database cannot be loaded.
std::string mime_type(std::string_view bytes);

/// The whole file; throws samverkan::Unavailable naming it when it cannot be read.
std::string read_bytes(const std::filesystem::path& file);
/// Writes `bytes` to a new file readable by its owner only (0600); throws samverkan::Conflict
/// when it exists, samverkan::Unavailable when it cannot be written.
void write_bytes(const std::filesystem::path& file, std::string_view bytes);

/// The regular files under `folder`, relative, with '/' separators, sorted.
std::vector<std::string> list_files(const std::filesystem::path& folder);

/// libxml2's character type for UTF-8 text (what BAD_CAST does, without an old-style cast).
inline const xmlChar* x(const char* text) noexcept { return reinterpret_cast<const xmlChar*>(text); }
inline const xmlChar* x(const std::string& text) noexcept { return x(text.c_str()); }

struct DocDeleter {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

/// Helpers over libxml2's tree API: text and attribute values are escaped by libxml2.
xmlNode* add(xmlNode* parent, xmlNs* ns, const char* name);
xmlNode* add_text(xmlNode* parent, xmlNs* ns, const char* name, std::string_view text);
void set(xmlNode* node, const char* name, std::string_view value);
void set(xmlNode* node, xmlNs* ns, const char* name, std::string_view value);
/// The document as indented UTF-8 with an XML declaration.
std::string serialize(xmlDoc* doc);

/// "2026-11-22T10:00:00.000Z".
std::string xml_time(std::chrono::system_clock::time_point at);

}  // namespace samverkan::casehandling::archive::detail

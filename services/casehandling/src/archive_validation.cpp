#include "samverkan/casehandling/archive_validation.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "detail/archive_common.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/private_files.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/schema.hpp"

namespace samverkan::casehandling::archive {
namespace {

namespace fs = std::filesystem;
using detail::kCsipNs;
using detail::kMetsNs;
using detail::kXlinkNs;
using Vocabulary = std::set<std::string, std::less<>>;

// The canonical locations of the schemas; the wrapper imports them from there and Schema::load
// reads each from its local copy instead (nothing is fetched).
constexpr const char* kMetsLocation = "https://www.loc.gov/standards/mets/mets.xsd";
constexpr const char* kCsipLocation = "https://earkcsip.dilcis.eu/schema/DILCISExtensionMETS.xsd";
constexpr const char* kSipLocation = "https://earksip.dilcis.eu/schema/DILCISExtensionSIPMETS.xsd";

// The profile requirements checked below, in profile order (each finding names its id).
const std::vector<std::string_view> kChecked = {
    "CSIP1",   "CSIP2",   "CSIP3",   "CSIP4",   "CSIP5",   "CSIP6",   "CSIP117", "CSIP7",   "CSIP9",   "CSIP10",
    "CSIP11",  "CSIP13",  "CSIP14",  "CSIP15",  "CSIP16",  "CSIP18",  "CSIP19",  "CSIP20",  "CSIP22",  "CSIP23",
    "CSIP24",  "CSIP25",  "CSIP26",  "CSIP27",  "CSIP28",  "CSIP29",  "CSIP30",  "CSIP33",  "CSIP34",  "CSIP36",
    "CSIP37",  "CSIP38",  "CSIP39",  "CSIP40",  "CSIP41",  "CSIP42",  "CSIP43",  "CSIP44",  "CSIP46",  "CSIP47",
    "CSIP49",  "CSIP50",  "CSIP51",  "CSIP52",  "CSIP53",  "CSIP54",  "CSIP55",  "CSIP56",  "CSIP57",  "CSIP58",
    "CSIP59",  "CSIP60",  "CSIP113", "CSIP114", "CSIP62",  "CSIP63",  "CSIP64",  "CSIP65",  "CSIP66",  "CSIP67",
    "CSIP68",  "CSIP69",  "CSIP70",  "CSIP71",  "CSIP72",  "CSIP76",  "CSIP77",  "CSIP78",  "CSIP79",  "CSIP80",
    "CSIP81",  "CSIP82",  "CSIP83",  "CSIP84",  "CSIP85",  "CSIP88",  "CSIP89",  "CSIP91",  "CSIP92",  "CSIP93",
    "CSIP94",  "CSIP96",  "CSIP116", "CSIP97",  "CSIP98",  "CSIP100", "CSIP118", "CSIP101", "CSIP102", "CSIP104",
    "CSIP119", "CSIP106", "CSIP107", "CSIP109", "CSIP110", "CSIP111", "CSIP112", "SIP2",    "SIP3",    "SIP4",
    "SIP5",    "SIP9",    "SIP10",   "SIP11",   "SIP13",   "SIP14",   "SIP15",   "SIP17",   "SIP18",   "SIP20",
    "SIP24",   "SIP26",   "SIP28",   "SIP31",
};

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

Vocabulary load_vocabulary(const fs::path& file) {
  if (!fs::is_regular_file(file)) throw NotFound("the vocabulary " + file.string() + " is missing");
  const xml::Document document = xml::parse_file(file);
  Vocabulary terms;
  for (const auto& vocabulary : document.root().children("Vocabulary", detail::kVocabularyNs)) {
    for (const auto& entry : vocabulary.children("Entry", detail::kVocabularyNs)) {
      for (const auto& term : entry.children("Term", detail::kVocabularyNs)) terms.insert(trim(term.text()));
    }
  }
  return terms;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A reference to a file inside the package: relative, no scheme, never leaving the folder.
std::optional<std::string> package_path(std::string_view href) {
  if (href.empty() || href.front() == '/' || href.find('\\') != std::string_view::npos) return std::nullopt;
  const auto colon = href.find(':');
  const auto slash = href.find('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) return std::nullopt;
  std::string decoded = percent_decode(href);
  if (decoded.starts_with("./")) decoded.erase(0, 2);
  for (std::size_t start = 0; start <= decoded.size();) {
    const auto end = std::min(decoded.find('/', start), decoded.size());
    const std::string_view segment(decoded.data() + start, end - start);
    if (segment == ".." || segment == "." || segment.empty()) return std::nullopt;
    start = end + 1;
  }
  return decoded;
}

// A file a METS points at (a fileSec file or an mdRef), with what it claims.
struct Listed {
  std::string href;
  std::optional<std::string> size;
  std::optional<std::string> checksum;
  std::optional<std::string> checksum_type;
  std::optional<std::string> mime;
  std::string where;  // "file file-3", "dmdSec dmd-erms"
};

// Collects findings for one package (or its packed form).
class Checker {
 public:
  Checker(std::vector<Finding>& findings, std::string file) : findings_(findings), file_(std::move(file)) {}

  void need(bool ok, std::string_view requirement, const std::string& message) {
    if (!ok) findings_.push_back({std::string(requirement), file_, message});
  }
  void add(std::string_view requirement, const std::string& file, const std::string& message) {
    findings_.push_back({std::string(requirement), file, message});
  }

 private:
  std::vector<Finding>& findings_;
  std::string file_;
};

std::optional<std::string> attr(const xml::Element& element, std::string_view name, std::string_view ns = "") {
  return element.attribute(name, ns);
}

bool has(const xml::Element& element, std::string_view name, std::string_view ns = "") {
  const auto value = element.attribute(name, ns);
  return value && !trim(*value).empty();
}

std::string where(const xml::Element& element) { return "line " + std::to_string(element.line()); }

// The requirement ids of the attributes an mdRef must carry, for dmdSec, digiprovMD and rightsMD.
struct MdRefIds {
  std::string_view section_id, status, loctype, xlink_type, href, mdtype, mime, size, created, checksum, checksum_type;
};
constexpr MdRefIds kDmdIds{"CSIP18", "CSIP20", "CSIP22", "CSIP23", "CSIP24", "CSIP25",
                           "CSIP26", "CSIP27", "CSIP28", "CSIP29", "CSIP30"};
constexpr MdRefIds kDigiprovIds{"CSIP33", "CSIP34", "CSIP36", "CSIP37", "CSIP38", "CSIP39",
                                "CSIP40", "CSIP41", "CSIP42", "CSIP43", "CSIP44"};
constexpr MdRefIds kRightsIds{"CSIP46", "CSIP47", "CSIP49", "CSIP50", "CSIP51", "CSIP52",
                              "CSIP53", "CSIP54", "CSIP55", "CSIP56", "CSIP57"};

}  // namespace

std::string format(const Finding& finding) { return finding.requirement + " " + finding.file + ": " + finding.message; }

const std::vector<std::string_view>& checked_requirements() { return kChecked; }

struct PackageValidator::Impl {
  xml::Schema mets;
  xml::Schema erms;
  Vocabulary content_categories, content_information_types, package_types, note_types, other_agent_types, statuses,
      record_statuses, record_id_types;

  static xml::Schema load_mets(const SchemaFiles& schemas) {
    // The three schemas and xlink in one compiled set: a wrapper imports them by their
    // canonical locations, each mapped to its local copy; the wrapper lives in a private
    // temporary folder only while it is compiled.
    const fs::path folder = fs::temp_directory_path() / ("samverkan-archive-" + crypto::random_hex(8));
    core::create_private_directories(folder);
    struct Cleanup {
      fs::path folder;
      ~Cleanup() {
        std::error_code ignored;
        fs::remove_all(folder, ignored);
      }
    } cleanup{folder};
    detail::DocPtr doc(xmlNewDoc(detail::x("1.0")));
    xmlNode* root = xmlNewNode(nullptr, detail::x("schema"));
    xmlDocSetRootElement(doc.get(), root);
    xmlNs* xs = xmlNewNs(root, detail::x("http://www.w3.org/2001/XMLSchema"), detail::x("xs"));
    xmlSetNs(root, xs);
    for (const auto& [ns, location] : {std::pair{kMetsNs, kMetsLocation}, std::pair{kCsipNs, kCsipLocation},
                                       std::pair{detail::kSipNs, kSipLocation}}) {
      xmlNode* import = detail::add(root, xs, "import");
      detail::set(import, "namespace", ns);
      detail::set(import, "schemaLocation", location);
    }
    detail::write_bytes(folder / "package-mets.xsd", detail::serialize(doc.get()));
    const xml::Schema::LocalCopies copies = {{kMetsLocation, schemas.mets},
                                             {kCsipLocation, schemas.csip_extension},
                                             {kSipLocation, schemas.sip_extension},
                                             {detail::kXlinkLocation, schemas.xlink}};
    return xml::Schema::load(folder / "package-mets.xsd", copies);
  }

  explicit Impl(const SchemaFiles& schemas)
      : mets(load_mets(schemas)),
        erms(xml::Schema::load(schemas.erms)),
        content_categories(load_vocabulary(schemas.csip_vocabularies / "CSIPVocabularyContentCategory.xml")),
        content_information_types(
            load_vocabulary(schemas.csip_vocabularies / "CSIPVocabularyContentInformationType.xml")),
        package_types(load_vocabulary(schemas.csip_vocabularies / "CSIPVocabularyOAISPackageType.xml")),
        note_types(load_vocabulary(schemas.csip_vocabularies / "CSIPVocabularyNoteType.xml")),
        other_agent_types(load_vocabulary(schemas.csip_vocabularies / "CSIPVocabularyAgentOtherType.xml")),
        statuses(load_vocabulary(schemas.csip_vocabularies / "CSIPVocabularyStatus.xml")),
        record_statuses(load_vocabulary(schemas.sip_vocabularies / "SIPVocabularyRecordStatus.xml")),
        record_id_types(load_vocabulary(schemas.sip_vocabularies / "SIPVocabularyRecordIDType.xml")) {}

  void check_root(const xml::Element& mets_root, const std::string& folder_name, Checker& check) const;
  void check_header(const xml::Element& header, Checker& check) const;
  void check_md_ref(const xml::Element& section, const MdRefIds& ids, std::vector<Listed>& listed,
                    Checker& check) const;
  std::map<std::string, std::string> check_file_sec(const xml::Element& mets_root, std::vector<Listed>& listed,
                                                    Checker& check) const;
  void check_struct_map(const xml::Element& mets_root, const std::map<std::string, std::string>& groups,
                        Checker& check) const;
  std::vector<Listed> check_mets(const xml::Document& document, const std::string& folder_name,
                                 std::vector<Finding>& findings) const;
  void check_erms(const xml::Document& document, const std::string& name, std::vector<Finding>& findings,
                  const std::set<std::string>* package_files) const;
};

void PackageValidator::Impl::check_root(const xml::Element& root, const std::string& folder_name,
                                        Checker& check) const {
  const auto object_id = attr(root, "OBJID");
  check.need(object_id && !trim(*object_id).empty(), "CSIP1", "mets/@OBJID is missing");
  if (object_id && !folder_name.empty()) {
    check.need(*object_id == folder_name, "CSIP1",
               "mets/@OBJID '" + *object_id + "' is not the package folder's name '" + folder_name + "'");
  }
  const auto type = attr(root, "TYPE");
  check.need(type.has_value(), "CSIP2", "mets/@TYPE is missing");
  if (type) {
    const bool other = *type == "OTHER" || *type == "Other";
    check.need(other || content_categories.contains(*type), "CSIP2",
               "mets/@TYPE '" + *type + "' is not in the content category vocabulary");
    if (other) check.need(has(root, "OTHERTYPE", kCsipNs), "CSIP3", "mets/@TYPE is OTHER without @csip:OTHERTYPE");
  }
  if (const auto info = attr(root, "CONTENTINFORMATIONTYPE", kCsipNs)) {
    check.need(content_information_types.contains(*info), "CSIP4",
               "mets/@csip:CONTENTINFORMATIONTYPE '" + *info + "' is not in the vocabulary");
    if (*info == "OTHER") {
      check.need(has(root, "OTHERCONTENTINFORMATIONTYPE", kCsipNs), "CSIP5",
                 "@csip:CONTENTINFORMATIONTYPE is OTHER without @csip:OTHERCONTENTINFORMATIONTYPE");
    }
  }
  const auto profile = attr(root, "PROFILE");
  check.need(profile.has_value(), "CSIP6", "mets/@PROFILE is missing");
  if (profile) {
    check.need(*profile == kSipProfile, "SIP2",
               "mets/@PROFILE is '" + *profile + "', not the SIP profile " + std::string(kSipProfile));
  }
}

void PackageValidator::Impl::check_header(const xml::Element& header, Checker& check) const {
  check.need(has(header, "CREATEDATE"), "CSIP7", "metsHdr/@CREATEDATE is missing");
  const auto package_type = attr(header, "OAISPACKAGETYPE", kCsipNs);
  check.need(package_type.has_value(), "CSIP9", "metsHdr/@csip:OAISPACKAGETYPE is missing");
  if (package_type) {
    check.need(package_types.contains(*package_type), "CSIP9",
               "@csip:OAISPACKAGETYPE '" + *package_type + "' is not in the vocabulary");
    check.need(*package_type == "SIP", "SIP4", "@csip:OAISPACKAGETYPE is '" + *package_type + "', not SIP");
  }
  if (const auto status = attr(header, "RECORDSTATUS")) {
    check.need(record_statuses.contains(*status), "SIP3",
               "metsHdr/@RECORDSTATUS '" + *status + "' is not in the vocabulary");
  }
  for (const auto& alt : header.children("altRecordID", kMetsNs)) {
    const auto type = attr(alt, "TYPE");
    check.need(type && record_id_types.contains(*type), "SIP5",
               "altRecordID at " + where(alt) + " has no @TYPE from the record id vocabulary");
  }

  const auto agents = header.children("agent", kMetsNs);
  check.need(!agents.empty(), "CSIP10", "metsHdr has no agent");
  int software = 0;
  int submitting = 0;
  int archival_creators = 0;
  int preservation = 0;
  for (const auto& agent : agents) {
    const std::string role = attr(agent, "ROLE").value_or("");
    const std::string type = attr(agent, "TYPE").value_or("");
    const auto names = agent.children("name", kMetsNs);
    const auto notes = agent.children("note", kMetsNs);
    const std::string at = "the agent at " + where(agent);
    if (role == "CREATOR" && type == "OTHER") {
      ++software;
      check.need(attr(agent, "OTHERTYPE").value_or("") == "SOFTWARE" &&
                     other_agent_types.contains(attr(agent, "OTHERTYPE").value_or("")),
                 "CSIP13", at + ": a CREATOR agent of TYPE OTHER must have OTHERTYPE SOFTWARE");
      check.need(names.size() == 1 && !trim(names.front().text()).empty(), "CSIP14",
                 at + ": the software agent needs one name");
      check.need(notes.size() == 1, "CSIP15", at + ": the software agent needs one note with its version");
      for (const auto& note : notes) {
        check.need(attr(note, "NOTETYPE", kCsipNs).value_or("") == "SOFTWARE VERSION", "CSIP16",
                   at + ": the software agent's note needs @csip:NOTETYPE 'SOFTWARE VERSION'");
      }
      continue;
    }
    if (role == "CREATOR" && type == "INDIVIDUAL") {  // a contact person (SIP21-25)
      check.need(names.size() == 1, "SIP24", at + ": the contact person needs one name");
      continue;
    }
    if (role == "CREATOR") {  // the submitting agent (SIP15-20)
      ++submitting;
      check.need(type == "ORGANIZATION", "SIP17",
                 at + ": the submitting agent's TYPE must be ORGANIZATION or INDIVIDUAL");
      check.need(names.size() == 1 && !trim(names.front().text()).empty(), "SIP18",
                 at + ": the submitting agent needs one name");
      for (const auto& note : notes) {
        check.need(attr(note, "NOTETYPE", kCsipNs).value_or("") == "IDENTIFICATIONCODE", "SIP20",
                   at + ": the submitting agent's note needs @csip:NOTETYPE 'IDENTIFICATIONCODE'");
      }
      continue;
    }
    if (role == "ARCHIVIST") {  // the archival creator (SIP9-14)
      ++archival_creators;
      check.need(type == "ORGANIZATION" || type == "INDIVIDUAL", "SIP11",
                 at + ": the archival creator's TYPE must be ORGANIZATION or INDIVIDUAL");
      check.need(notes.size() <= 1, "SIP13", at + ": the archival creator has more than one note");
      for (const auto& note : notes) {
        const auto note_type = attr(note, "NOTETYPE", kCsipNs);
        check.need(note_type == "IDENTIFICATIONCODE" && note_types.contains(*note_type), "SIP14",
                   at + ": the archival creator's note needs @csip:NOTETYPE 'IDENTIFICATIONCODE'");
      }
      continue;
    }
    if (role == "PRESERVATION") {  // SIP26-31
      ++preservation;
      check.need(type == "ORGANIZATION", "SIP28", at + ": the preservation agent's TYPE must be ORGANIZATION");
      for (const auto& note : notes) {
        check.need(attr(note, "NOTETYPE", kCsipNs).value_or("") == "IDENTIFICATIONCODE", "SIP31",
                   at + ": the preservation agent's note needs @csip:NOTETYPE 'IDENTIFICATIONCODE'");
      }
      continue;
    }
    check.need(!role.empty(), "SIP10", at + " has no ROLE");
  }
  check.need(software == 1, "CSIP11",
             "metsHdr needs exactly one software agent (ROLE CREATOR, TYPE OTHER); it has " + std::to_string(software));
  check.need(submitting >= 1, "SIP15", "metsHdr has no submitting agent (ROLE CREATOR, TYPE ORGANIZATION)");
  check.need(submitting <= 1, "SIP15", "metsHdr has more than one submitting agent");
  check.need(archival_creators <= 1, "SIP9", "metsHdr has more than one archival creator agent (ROLE ARCHIVIST)");
  check.need(preservation <= 1, "SIP26", "metsHdr has more than one preservation agent");
}

void PackageValidator::Impl::check_md_ref(const xml::Element& section, const MdRefIds& ids, std::vector<Listed>& listed,
                                          Checker& check) const {
  const std::string name = std::string(section.local_name()) + " at " + where(section);
  check.need(has(section, "ID"), ids.section_id, name + " has no ID");
  if (section.local_name() == "dmdSec") check.need(has(section, "CREATED"), "CSIP19", name + " has no CREATED");
  if (const auto status = attr(section, "STATUS")) {
    check.need(statuses.contains(*status), ids.status, name + ": STATUS '" + *status + "' is not in the vocabulary");
  }
  for (const auto& ref : section.children("mdRef", kMetsNs)) {
    check.need(attr(ref, "LOCTYPE").value_or("") == "URL", ids.loctype, name + ": mdRef/@LOCTYPE must be URL");
    check.need(attr(ref, "type", kXlinkNs).value_or("") == "simple", ids.xlink_type,
               name + ": mdRef/@xlink:type must be simple");
    check.need(has(ref, "href", kXlinkNs), ids.href, name + ": mdRef/@xlink:href is missing");
    check.need(has(ref, "MDTYPE"), ids.mdtype, name + ": mdRef/@MDTYPE is missing");
    check.need(has(ref, "MIMETYPE"), ids.mime, name + ": mdRef/@MIMETYPE is missing");
    check.need(has(ref, "SIZE"), ids.size, name + ": mdRef/@SIZE is missing");
    check.need(has(ref, "CREATED"), ids.created, name + ": mdRef/@CREATED is missing");
    check.need(has(ref, "CHECKSUM"), ids.checksum, name + ": mdRef/@CHECKSUM is missing");
    check.need(has(ref, "CHECKSUMTYPE"), ids.checksum_type, name + ": mdRef/@CHECKSUMTYPE is missing");
    if (const auto href = attr(ref, "href", kXlinkNs)) {
      listed.push_back(
          {*href, attr(ref, "SIZE"), attr(ref, "CHECKSUM"), attr(ref, "CHECKSUMTYPE"), attr(ref, "MIMETYPE"), name});
    }
  }
}

std::map<std::string, std::string> PackageValidator::Impl::check_file_sec(const xml::Element& root,
                                                                          std::vector<Listed>& listed,
                                                                          Checker& check) const {
  std::map<std::string, std::string> groups;  // ID -> USE
  const auto file_secs = root.children("fileSec", kMetsNs);
  check.need(file_secs.size() <= 1, "CSIP58", "more than one fileSec");
  int documentation = 0;
  int schemas = 0;
  int representations = 0;
  for (const auto& file_sec : file_secs) {
    check.need(has(file_sec, "ID"), "CSIP59", "fileSec has no ID");
    for (const auto& group : file_sec.children("fileGrp", kMetsNs)) {
      const std::string at = "fileGrp at " + where(group);
      const std::string use = attr(group, "USE").value_or("");
      check.need(!use.empty(), "CSIP64", at + " has no USE");
      check.need(has(group, "ID"), "CSIP65", at + " has no ID");
      if (use == "Documentation") ++documentation;
      if (use == "Schemas") ++schemas;
      if (use.starts_with("Representations")) {
        ++representations;
        const auto info = attr(group, "CONTENTINFORMATIONTYPE", kCsipNs);
        check.need(info.has_value(), "CSIP62", at + " (a representation) has no @csip:CONTENTINFORMATIONTYPE");
        if (info) {
          check.need(content_information_types.contains(*info), "CSIP62",
                     at + ": @csip:CONTENTINFORMATIONTYPE '" + *info + "' is not in the vocabulary");
          if (*info == "OTHER") {
            check.need(has(group, "OTHERCONTENTINFORMATIONTYPE", kCsipNs), "CSIP63",
                       at + ": CONTENTINFORMATIONTYPE OTHER without @csip:OTHERCONTENTINFORMATIONTYPE");
          }
        }
      }
      if (const auto id = attr(group, "ID")) groups[*id] = use;
      const auto files = group.children("file", kMetsNs);
      check.need(!files.empty(), "CSIP66", at + " has no file");
      for (const auto& file : files) {
        const std::string file_at = "file " + attr(file, "ID").value_or("at " + where(file));
        check.need(has(file, "ID"), "CSIP67", file_at + " has no ID");
        check.need(has(file, "MIMETYPE"), "CSIP68", file_at + " has no MIMETYPE");
        check.need(has(file, "SIZE"), "CSIP69", file_at + " has no SIZE");
        check.need(has(file, "CREATED"), "CSIP70", file_at + " has no CREATED");
        check.need(has(file, "CHECKSUM"), "CSIP71", file_at + " has no CHECKSUM");
        check.need(has(file, "CHECKSUMTYPE"), "CSIP72", file_at + " has no CHECKSUMTYPE");
        const auto locations = file.children("FLocat", kMetsNs);
        check.need(locations.size() == 1, "CSIP76", file_at + " needs exactly one FLocat");
        for (const auto& location : locations) {
          check.need(attr(location, "LOCTYPE").value_or("") == "URL", "CSIP77",
                     file_at + ": FLocat/@LOCTYPE must be URL");
          check.need(attr(location, "type", kXlinkNs).value_or("") == "simple", "CSIP78",
                     file_at + ": FLocat/@xlink:type must be simple");
          const auto href = attr(location, "href", kXlinkNs);
          check.need(href && !href->empty(), "CSIP79", file_at + ": FLocat/@xlink:href is missing");
          if (href) {
            listed.push_back({*href, attr(file, "SIZE"), attr(file, "CHECKSUM"), attr(file, "CHECKSUMTYPE"),
                              attr(file, "MIMETYPE"), file_at});
          }
        }
      }
    }
  }
  check.need(documentation >= 1, "CSIP60", "no fileGrp with USE 'Documentation'");
  check.need(schemas >= 1, "CSIP113", "no fileGrp with USE 'Schemas'");
  check.need(representations >= 1, "CSIP114", "no fileGrp with USE starting with 'Representations'");
  return groups;
}

void PackageValidator::Impl::check_struct_map(const xml::Element& root,
                                              const std::map<std::string, std::string>& groups, Checker& check) const {
  std::vector<xml::Element> csip_maps;
  for (const auto& map : root.children("structMap", kMetsNs)) {
    if (attr(map, "LABEL").value_or("") == "CSIP") csip_maps.push_back(map);
  }
  check.need(!root.children("structMap", kMetsNs).empty(), "CSIP80", "the METS has no structMap");
  check.need(csip_maps.size() == 1, "CSIP82",
             "there must be exactly one structMap with LABEL 'CSIP'; there are " + std::to_string(csip_maps.size()));
  if (csip_maps.size() != 1) return;
  const xml::Element& map = csip_maps.front();
  check.need(attr(map, "TYPE").value_or("") == "PHYSICAL", "CSIP81", "the CSIP structMap's TYPE must be PHYSICAL");
  check.need(has(map, "ID"), "CSIP83", "the CSIP structMap has no ID");
  const auto top = map.children("div", kMetsNs);
  check.need(top.size() == 1, "CSIP84", "the CSIP structMap must have a single div");
  if (top.size() != 1) return;
  check.need(has(top.front(), "ID"), "CSIP85", "the CSIP structMap's div has no ID");

  std::map<std::string, std::vector<xml::Element>> by_label;
  for (const auto& div : top.front().children("div", kMetsNs)) {
    const std::string label = attr(div, "LABEL").value_or("");
    check.need(has(div, "ID"), "CSIP106", "the division '" + label + "' has no ID");
    by_label[label.starts_with("Representations/") ? "Representations/" : label].push_back(div);
  }
  // Every file group of a kind is referenced from its division, one fptr each.
  const auto referenced = [&](const xml::Element& div) {
    std::set<std::string> ids;
    for (const auto& pointer : div.children("fptr", kMetsNs)) ids.insert(attr(pointer, "FILEID").value_or(""));
    return ids;
  };
  const auto groups_of = [&](const std::function<bool(const std::string&)>& use_matches) {
    std::set<std::string> ids;
    for (const auto& [id, use] : groups) {
      if (use_matches(use)) ids.insert(id);
    }
    return ids;
  };

  const auto metadata = by_label["Metadata"];
  check.need(metadata.size() == 1, "CSIP88", "there must be one division with LABEL 'Metadata'");
  for (const auto& div : metadata) {
    check.need(has(div, "ID"), "CSIP89", "the Metadata division has no ID");
    std::set<std::string> dmd_ids;
    const std::string listed = attr(div, "DMDID").value_or("");
    for (std::size_t start = 0; start < listed.size();) {
      const auto end = std::min(listed.find(' ', start), listed.size());
      if (end > start) dmd_ids.insert(listed.substr(start, end - start));
      start = end + 1;
    }
    for (const auto& dmd : root.children("dmdSec", kMetsNs)) {
      if (attr(dmd, "STATUS").value_or("CURRENT") != "CURRENT") continue;
      const std::string id = attr(dmd, "ID").value_or("");
      check.need(dmd_ids.contains(id), "CSIP92", "the Metadata division's DMDID does not name the dmdSec '" + id + "'");
    }
    const std::string adm = attr(div, "ADMID").value_or("");
    for (const auto& amd : root.children("amdSec", kMetsNs)) {
      for (const auto& section : amd.children()) {
        const std::string id = attr(section, "ID").value_or("");
        if (attr(section, "STATUS").value_or("CURRENT") != "CURRENT" || id.empty()) continue;
        check.need((" " + adm + " ").find(" " + id + " ") != std::string::npos, "CSIP91",
                   "the Metadata division's ADMID does not name '" + id + "'");
      }
    }
  }
  struct Kind {
    std::string label;
    std::string_view division, id, reference, group_reference;
  };
  const Kind kinds[] = {{"Documentation", "CSIP93", "CSIP94", "CSIP96", "CSIP116"},
                        {"Schemas", "CSIP97", "CSIP98", "CSIP100", "CSIP118"}};
  for (const Kind& kind : kinds) {
    const auto& divs = by_label[kind.label];
    check.need(divs.size() <= 1, kind.division, "more than one division with LABEL '" + kind.label + "'");
    const auto expected = groups_of([&](const std::string& use) { return use == kind.label; });
    if (divs.empty()) {
      check.need(expected.empty(), kind.group_reference,
                 "no division with LABEL '" + kind.label + "' references its file group");
      continue;
    }
    check.need(has(divs.front(), "ID"), kind.id, "the " + kind.label + " division has no ID");
    const auto pointers = referenced(divs.front());
    for (const auto& id : expected) {
      check.need(pointers.contains(id), kind.group_reference,
                 "the " + kind.label + " division does not reference the file group '" + id + "'");
    }
    for (const auto& id : pointers) {
      check.need(groups.contains(id) && groups.at(id) == kind.label, kind.reference,
                 "the " + kind.label + " division references '" + id + "', which is no " + kind.label + " file group");
    }
  }
  // Content without representation METS files: one "Representations" division (CSIP101-104,
  // 119); with them, one "Representations/<name>" division each, pointing at its METS (CSIP105-112).
  const auto& content = by_label["Representations"];
  const auto& representations = by_label["Representations/"];
  check.need(content.size() <= 1, "CSIP101", "more than one division with LABEL 'Representations'");
  check.need(!content.empty() || !representations.empty(), "CSIP119",
             "no division references the representations' file groups");
  const auto content_groups = groups_of([](const std::string& use) { return use.starts_with("Representations"); });
  for (const auto& div : content) {
    check.need(has(div, "ID"), "CSIP102", "the Representations division has no ID");
    const auto pointers = referenced(div);
    for (const auto& id : pointers) {
      check.need(content_groups.contains(id), "CSIP104",
                 "the Representations division references '" + id + "', which is no Representations file group");
    }
    if (representations.empty()) {
      for (const auto& id : content_groups) {
        check.need(pointers.contains(id), "CSIP119",
                   "the Representations division does not reference the file group '" + id + "'");
      }
    }
  }
  for (const auto& div : representations) {
    const std::string label = attr(div, "LABEL").value_or("");
    check.need(has(div, "ID"), "CSIP106", "the division '" + label + "' has no ID");
    const auto pointers = div.children("mptr", kMetsNs);
    check.need(pointers.size() == 1, "CSIP109", "the division '" + label + "' needs exactly one mptr");
    for (const auto& pointer : pointers) {
      check.need(has(pointer, "href", kXlinkNs), "CSIP110",
                 "the division '" + label + "': mptr/@xlink:href is missing");
      check.need(attr(pointer, "type", kXlinkNs).value_or("") == "simple", "CSIP111",
                 "the division '" + label + "': mptr/@xlink:type must be simple");
      check.need(attr(pointer, "LOCTYPE").value_or("") == "URL", "CSIP112",
                 "the division '" + label + "': mptr/@LOCTYPE must be URL");
    }
    check.need(groups_of([&](const std::string& use) { return use.starts_with(label); }).size() >= 1, "CSIP107",
               "the division '" + label + "' names no representation file group");
  }
}

std::vector<Listed> PackageValidator::Impl::check_mets(const xml::Document& document, const std::string& folder_name,
                                                       std::vector<Finding>& findings) const {
  Checker check(findings, "METS.xml");
  for (const auto& diagnostic : mets.validate(document)) {
    check.add("METS-XSD", "METS.xml", "line " + std::to_string(diagnostic.line) + ": " + diagnostic.message);
  }
  const xml::Element root = document.root();
  std::vector<Listed> listed;
  if (!root.is("mets", kMetsNs)) {
    check.add("METS-XSD", "METS.xml", "the root element is not mets:mets");
    return listed;
  }
  check_root(root, folder_name, check);
  const auto headers = root.children("metsHdr", kMetsNs);
  check.need(headers.size() == 1, "CSIP117", "the METS needs exactly one metsHdr");
  for (const auto& header : headers) check_header(header, check);
  for (const auto& dmd : root.children("dmdSec", kMetsNs)) check_md_ref(dmd, kDmdIds, listed, check);
  for (const auto& amd : root.children("amdSec", kMetsNs)) {
    for (const auto& provenance : amd.children("digiprovMD", kMetsNs))
      check_md_ref(provenance, kDigiprovIds, listed, check);
    for (const auto& rights : amd.children("rightsMD", kMetsNs)) check_md_ref(rights, kRightsIds, listed, check);
  }
  const auto groups = check_file_sec(root, listed, check);
  check_struct_map(root, groups, check);
  return listed;
}

namespace {

// Checksums, sizes and MIME types of the listed files against their bytes; `bytes_of` gives a
// file's bytes by its package path, or nothing when it is not there.
void check_fixity(const std::vector<Listed>& listed,
                  const std::function<std::optional<std::string>(const std::string&)>& bytes_of,
                  std::vector<Finding>& findings, bool check_mime) {
  for (const Listed& item : listed) {
    const auto path = package_path(item.href);
    if (!path) {
      findings.push_back(
          {"CSIP79", item.href, item.where + ": '" + item.href + "' is not a relative location inside the package"});
      continue;
    }
    const auto bytes = bytes_of(*path);
    if (!bytes) {
      findings.push_back({"INVENTORY", *path, item.where + " lists a file that is not in the package"});
      continue;
    }
    if (item.size && *item.size != std::to_string(bytes->size())) {
      findings.push_back(
          {"FIXITY", *path, "SIZE is " + *item.size + " but the file has " + std::to_string(bytes->size()) + " bytes"});
    }
    if (item.checksum && item.checksum_type) {
      if (*item.checksum_type != "SHA-256") {
        findings.push_back(
            {"FIXITY", *path, "CHECKSUMTYPE " + *item.checksum_type + " cannot be verified (only SHA-256)"});
      } else {
        std::string recorded = *item.checksum;
        std::transform(recorded.begin(), recorded.end(), recorded.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (recorded != crypto::sha256_hex(*bytes)) {
          findings.push_back({"FIXITY", *path, "the SHA-256 checksum does not match the file's bytes"});
        }
      }
    }
    if (check_mime && item.mime) {
      const std::string detected = detail::mime_type(*bytes);
      if (*item.mime != detected) {
        findings.push_back({"CSIP68", *path, "MIMETYPE is " + *item.mime + " but libmagic finds " + detected});
      }
    }
  }
}

}  // namespace

void PackageValidator::Impl::check_erms(const xml::Document& document, const std::string& name,
                                        std::vector<Finding>& findings,
                                        const std::set<std::string>* package_files) const {
  for (const auto& diagnostic : erms.validate(document)) {
    findings.push_back({"ERMS-XSD", name, "line " + std::to_string(diagnostic.line) + ": " + diagnostic.message});
  }
  // erms.sch's co-occurrence rules: a value "other" needs the attribute that says what it is.
  struct Rule {
    std::string_view attribute, value, other;
  };
  constexpr Rule kRules[] = {{"aggregationType", "own_aggregation_definition", "otherAggregationType"},
                             {"dateType", "other", "otherDateType"},
                             {"directionDefinition", "other", "otherDirectionDefinition"},
                             {"addressLineType", "other", "otherAddressLineType"},
                             {"contactLineType", "other", "otherContactLineType"},
                             {"agentType", "other", "otherAgentType"},
                             {"disposalDateType", "other_date", "otherDisposalDateType"},
                             {"restrictionType", "other_type", "otherRestrictionType"},
                             {"relationType", "own_relation_definition", "otherRelationType"}};
  std::function<void(const xml::Element&)> walk = [&](const xml::Element& element) {
    for (const Rule& rule : kRules) {
      if (attr(element, rule.attribute).value_or("") == rule.value && !has(element, rule.other)) {
        findings.push_back({"ERMS-SCH", name,
                            where(element) + ": " + std::string(rule.attribute) + " '" + std::string(rule.value) +
                                "' needs " + std::string(rule.other)});
      }
    }
    if (package_files != nullptr && element.is("appendix", detail::kErmsNs)) {
      const std::string path = attr(element, "path").value_or("");
      const auto inside = package_path(path);
      if (!inside || !package_files->contains(*inside)) {
        findings.push_back({"ERMS-REF", name, where(element) + ": the appendix '" + path + "' is not in the package"});
      }
    }
    for (const auto& child : element.children()) walk(child);
  };
  walk(document.root());
}

PackageValidator::PackageValidator(const SchemaFiles& schemas) : impl_(std::make_unique<Impl>(schemas)) {}
PackageValidator::PackageValidator(PackageValidator&&) noexcept = default;
PackageValidator& PackageValidator::operator=(PackageValidator&&) noexcept = default;
PackageValidator::~PackageValidator() = default;

std::vector<Finding> PackageValidator::validate(const fs::path& folder) const {
  std::vector<Finding> findings;
  std::vector<std::string> files;
  try {
    files = detail::list_files(folder);
  } catch (const Error& error) {
    return {{"INVENTORY", "", error.what()}};
  }
  if (std::find(files.begin(), files.end(), "METS.xml") == files.end()) {
    return {{"CSIP1", "METS.xml", "the package has no METS.xml at its root"}};
  }
  std::vector<Listed> listed;
  try {
    const xml::Document document = xml::parse_file(folder / "METS.xml");
    listed = impl_->check_mets(document, folder.filename().string(), findings);
  } catch (const xml::XmlError& error) {
    for (const auto& diagnostic : error.diagnostics())
      findings.push_back({"METS-XSD", "METS.xml", xml::format(diagnostic)});
    return findings;
  }
  const std::set<std::string> present(files.begin(), files.end());
  check_fixity(
      listed,
      [&](const std::string& path) -> std::optional<std::string> {
        if (!present.contains(path)) return std::nullopt;
        try {
          return detail::read_bytes(folder / path);
        } catch (const Error&) {
          return std::nullopt;  // unreadable: reported as missing
        }
      },
      findings, true);
  // Every file but the METS itself is listed, once.
  std::map<std::string, int> times;
  for (const Listed& item : listed) {
    if (const auto path = package_path(item.href)) ++times[*path];
  }
  for (const auto& file : files) {
    if (file == "METS.xml") continue;
    const auto count = times.find(file);
    if (count == times.end()) {
      findings.push_back({"INVENTORY", file, "the file is in the package but no METS lists it"});
    } else if (count->second > 1) {
      findings.push_back({"INVENTORY", file, "the METS lists the file " + std::to_string(count->second) + " times"});
    }
  }
  // The descriptive metadata: every ERMS document the METS points at.
  for (const Listed& item : listed) {
    const auto path = package_path(item.href);
    if (!path || !item.where.starts_with("dmdSec") || !present.contains(*path)) continue;
    try {
      const xml::Document erms = xml::parse_file(folder / *path);
      if (erms.root().is("erms", detail::kErmsNs)) impl_->check_erms(erms, *path, findings, &present);
    } catch (const xml::XmlError& error) {
      for (const auto& diagnostic : error.diagnostics())
        findings.push_back({"ERMS-XSD", *path, xml::format(diagnostic)});
    }
  }
  return findings;
}

std::vector<Finding> PackageValidator::validate_erms(const fs::path& erms_file) const {
  std::vector<Finding> findings;
  try {
    const xml::Document erms = xml::parse_file(erms_file);
    impl_->check_erms(erms, erms_file.filename().string(), findings, nullptr);
  } catch (const xml::XmlError& error) {
    for (const auto& diagnostic : error.diagnostics()) {
      findings.push_back({"ERMS-XSD", erms_file.filename().string(), xml::format(diagnostic)});
    }
  }
  return findings;
}

std::vector<Finding> PackageValidator::validate_tar(const fs::path& tar_file, const fs::path& folder) const {
  std::vector<Finding> findings;
  const std::string name = tar_file.filename().string();
  std::vector<TarEntry> entries;
  try {
    entries = read_tar(tar_file);
  } catch (const Error& error) {
    return {{"TAR", name, error.what()}};
  }
  const std::string top = folder.filename().string() + "/";
  std::map<std::string, std::string> packed;
  for (auto& entry : entries) {
    if (!entry.path.starts_with(top)) {
      findings.push_back({"TAR", entry.path, "outside the package folder " + top});
      continue;
    }
    const std::string relative = entry.path.substr(top.size());
    if (!packed.emplace(relative, std::move(entry.content)).second) {
      findings.push_back({"TAR", relative, "packed twice"});
    }
  }
  const std::vector<std::string> files = detail::list_files(folder);
  for (const auto& file : files) {
    const auto found = packed.find(file);
    if (found == packed.end()) {
      findings.push_back({"TAR", file, "in the folder but not in " + name});
    } else if (found->second != detail::read_bytes(folder / file)) {
      findings.push_back({"TAR", file, "the packed bytes differ from the folder's"});
    }
  }
  for (const auto& [file, bytes] : packed) {
    if (std::find(files.begin(), files.end(), file) == files.end()) {
      findings.push_back({"TAR", file, "in " + name + " but not in the folder"});
    }
  }
  // The checksums once more, against the packed bytes and the packed METS.
  const auto mets = packed.find("METS.xml");
  if (mets == packed.end()) {
    findings.push_back({"TAR", "METS.xml", "the tar holds no METS.xml"});
    return findings;
  }
  try {
    const xml::Document document = xml::parse_untrusted(mets->second, top + "METS.xml");
    std::vector<Finding> ignored;
    const std::vector<Listed> listed = impl_->check_mets(document, folder.filename().string(), ignored);
    check_fixity(
        listed,
        [&](const std::string& path) -> std::optional<std::string> {
          const auto found = packed.find(path);
          if (found == packed.end()) return std::nullopt;
          return found->second;
        },
        findings, false);
  } catch (const xml::XmlError& error) {
    for (const auto& diagnostic : error.diagnostics()) findings.push_back({"TAR", "METS.xml", xml::format(diagnostic)});
  }
  return findings;
}

std::vector<Finding> validate_package(const fs::path& folder, const fs::path& schema_dir) {
  return PackageValidator(SchemaFiles::in_folder(schema_dir)).validate(folder);
}

}  // namespace samverkan::casehandling::archive

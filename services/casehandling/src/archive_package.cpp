#include "samverkan/casehandling/archive_package.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "detail/archive_common.hpp"
#include "samverkan/casehandling/public_register.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/private_files.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/xml/native.hpp"

#ifndef SAMVERKAN_VERSION
#define SAMVERKAN_VERSION "unknown"
#endif

namespace samverkan::casehandling::archive {
namespace {

namespace fs = std::filesystem;
using detail::add;
using detail::add_text;
using detail::set;

constexpr std::string_view kDataFolder = "representations/rep1/data";
constexpr std::string_view kErmsPath = "metadata/descriptive/ERMS.xml";

// A file written into the package and what the METS says about it.
struct PackedFile {
  std::string path;  // relative to the package folder
  std::string mime;
  std::size_t size = 0;
  std::string sha256;
};

std::string extension_for(std::string_view content_type) {
  static const std::map<std::string_view, std::string_view> kExtensions = {
      {"application/pdf", "pdf"},
      {"image/png", "png"},
      {"image/jpeg", "jpg"},
      {"text/plain", "txt"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
      {"application/vnd.oasis.opendocument.text", "odt"},
  };
  const auto found = kExtensions.find(content_type);
  return std::string(found == kExtensions.end() ? "bin" : found->second);
}

// File names carry no title (a title may be secret): the case's document number only.
std::string document_file_name(const ArchiveDocument& document) {
  return "document-" + std::to_string(document.record.document_number) + "." +
         extension_for(document.record.content_type);
}

PackedFile put(const fs::path& folder, const std::string& relative, std::string_view bytes) {
  const fs::path target = folder / relative;
  core::create_private_directories(target.parent_path());
  detail::write_bytes(target, bytes);
  return {relative, detail::mime_type(bytes), bytes.size(), crypto::sha256_hex(bytes)};
}

// ---------------------------------------------------------------- ERMS (CITS ERMS 2.1)

// A date the record holds as a Swedish calendar day ("2026-11-22"): xs:dateTime without a zone.
std::string day_as_datetime(const std::string& day) { return day + "T00:00:00"; }

void add_restriction(xmlNode* parent, xmlNs* ns, const Secrecy& secrecy) {
  if (secrecy.level == SecrecyLevel::kPublic) return;
  xmlNode* restriction = add(parent, ns, "restriction");
  set(restriction, "restrictionType", "confidential");
  const std::string text =
      secrecy.level == SecrecyLevel::kSecret ? std::string("Sekretess") : "Delvis sekretess: " + secrecy.masked_parts;
  add_text(restriction, ns, "explanatoryText", text);
  add_text(restriction, ns, "regulation", secrecy.legal_reference);
}

void add_agent(xmlNode* agents, xmlNs* ns, std::string_view type, std::string_view name, std::string_view id_type = {},
               std::string_view id = {}, std::string_view role = {}, std::string_view other_type = {}) {
  xmlNode* agent = add(agents, ns, "agent");
  set(agent, "agentType", type);
  if (!other_type.empty()) set(agent, "otherAgentType", other_type);
  add_text(agent, ns, "name", name);
  if (!id.empty()) {
    xmlNode* number = add_text(agent, ns, "idNumber", id);
    set(number, "idNumberType", id_type);
  }
  if (!role.empty()) add_text(agent, ns, "role", role);
}

std::string erms_document(const ArchiveCase& input, const ArchivalCreator& creator, const PackageOptions& options,
                          const std::string& version) {
  const CaseRecord& c = input.record;
  // A secret title hides who the case is about: private persons are masked as the public
  // register masks them.
  const bool mask_persons = c.title_secrecy.level != SecrecyLevel::kPublic;

  detail::DocPtr doc(xmlNewDoc(detail::x("1.0")));
  xmlNode* root = xmlNewNode(nullptr, detail::x("erms"));
  xmlDocSetRootElement(doc.get(), root);
  xmlNs* ns = xmlNewNs(root, detail::x(detail::kErmsNs), nullptr);
  xmlSetNs(root, ns);

  xmlNode* control = add(root, ns, "control");
  xmlNode* identification = add_text(control, ns, "identification", options.software_name);
  set(identification, "identificationType", "system");
  xmlNode* maintenance = add(control, ns, "maintenanceInformation");
  set(add(maintenance, ns, "maintenanceStatus"), "value", "new");
  xmlNode* agency = add(maintenance, ns, "maintenanceAgency");
  set(add_text(agency, ns, "agencyCode", creator.organisation_number), "type", "organisationsnummer");
  set(add_text(agency, ns, "otherAgencyCode", creator.kommunkod), "type", "kommunkod");
  add_text(agency, ns, "agencyName", creator.name);
  xmlNode* event = add(add(maintenance, ns, "maintenanceHistory"), ns, "maintenanceEvent");
  set(add(event, ns, "eventType"), "value", "created");
  add_text(event, ns, "eventDateTime", detail::xml_time(options.created));
  xmlNode* event_agent = add(event, ns, "agent");
  set(event_agent, "agentType", "creator");
  add_text(event_agent, ns, "name", options.software_name + " " + version);

  xmlNode* aggregation = add(add(root, ns, "aggregations"), ns, "aggregation");
  set(aggregation, "systemIdentifier", c.number.str());
  set(aggregation, "aggregationType", "caseFile");
  add_text(aggregation, ns, "objectId", c.number.str());
  set(add_text(aggregation, ns, "extraId", c.number.str()), "extraIdType", "diarienummer");
  xmlNode* classification = add_text(aggregation, ns, "classification", input.board_name);
  set(classification, "classificationCode", c.number.prefix);
  add_text(aggregation, ns, "title", c.title);
  if (c.public_title != c.title) set(add_text(aggregation, ns, "otherTitle", c.public_title), "titleType", "public");
  add_text(aggregation, ns, "subject", c.case_type);
  set(add(aggregation, ns, "status"), "value", c.status == CaseStatus::kClosed ? "closed" : "in_progress");
  add_restriction(aggregation, ns, c.title_secrecy);

  xmlNode* agents = add(aggregation, ns, "agents");
  add_agent(agents, ns, "creator", creator.name, "organisationsnummer", creator.organisation_number);
  if (!c.registered_by.empty()) add_agent(agents, ns, "other", c.registered_by, {}, {}, "registrator", "registrar");
  if (!c.officer.empty() || !c.handling_unit.empty()) {
    xmlNode* agent = add(agents, ns, "agent");
    set(agent, "agentType", "responsible_person");
    add_text(agent, ns, "name", c.officer.empty() ? c.handling_unit : c.officer);
    if (!c.handling_unit.empty()) add_text(agent, ns, "unitName", c.handling_unit);
    add_text(agent, ns, "role", "handläggare");
  }
  for (const Party& party : c.parties) {
    if (party.kind == PartyKind::kOrganisation) {
      add_agent(agents, ns, "counterpart", party.name, "organisationsnummer", party.identity, party.role);
    } else if (mask_persons) {
      add_agent(agents, ns, "counterpart", kMaskedPerson, {}, {}, party.role);
    } else {
      add_agent(agents, ns, "counterpart", party.name, "personnummer", party.identity, party.role);
    }
  }

  xmlNode* dates = add(aggregation, ns, "dates");
  xmlNode* created =
      add_text(dates, ns, "date",
               input.registered_at ? detail::xml_time(*input.registered_at) : day_as_datetime(c.registered_on));
  set(created, "dateType", "created");
  if (input.closed_at) set(add_text(dates, ns, "date", detail::xml_time(*input.closed_at)), "dateType", "closed");

  if (!c.links.empty()) {
    xmlNode* notes = add(aggregation, ns, "notes");
    for (const CaseLink& link : c.links) {
      const std::string text = link.note.empty() ? link.other.str() : link.other.str() + ": " + link.note;
      set(add_text(notes, ns, "note", text), "noteType", "related_case");
    }
  }

  for (const ArchiveDocument& document : input.documents) {
    const DocumentRecord& d = document.record;
    xmlNode* record = add(aggregation, ns, "record");
    const std::string id = c.number.str() + "-" + std::to_string(d.document_number);
    set(record, "systemIdentifier", id);
    set(record, "recordType", "document");
    set(record, "recordPhysicalOrDigital", "digitial");  // sic: the schema's spelling
    add_text(record, ns, "objectId", id);
    add_text(record, ns, "title", d.title);
    if (d.public_title != d.title) set(add_text(record, ns, "otherTitle", d.public_title), "titleType", "public");
    add_text(record, ns, "runningNumber", std::to_string(d.document_number));
    add_restriction(record, ns, d.secrecy);
    xmlNode* direction = add(record, ns, "direction");
    switch (d.direction) {
      case Direction::kIncoming:
        set(direction, "directionDefinition", "incoming");
        break;
      case Direction::kOutgoing:
        set(direction, "directionDefinition", "outgoing");
        break;
      case Direction::kDrawnUp:
        set(direction, "directionDefinition", "other");
        set(direction, "otherDirectionDefinition", "drawn_up");
        break;
    }
    if (d.counterpart_kind && !d.counterpart.empty()) {
      const bool masked = *d.counterpart_kind == PartyKind::kPerson && mask_persons;
      add_agent(add(record, ns, "agents"), ns, d.direction == Direction::kOutgoing ? "receiver" : "sender",
                masked ? std::string(kMaskedPerson) : d.counterpart);
    }
    const char* date_type = d.direction == Direction::kIncoming   ? "received"
                            : d.direction == Direction::kOutgoing ? "sent"
                                                                  : "created";
    set(add_text(add(record, ns, "dates"), ns, "date", day_as_datetime(d.registered_on)), "dateType", date_type);
    xmlNode* appendix = add(add(record, ns, "additionalInformation"), ns, "appendix");
    set(appendix, "name", document_file_name(document));
    set(appendix, "path", std::string(kDataFolder) + "/" + document_file_name(document));
    set(appendix, "fileFormat", d.content_type);
  }
  return detail::serialize(doc.get());
}

// ---------------------------------------------------------------- METS (CSIP/SIP 2.1.0)

void add_mets_agent(xmlNode* header, xmlNs* mets, xmlNs* csip, std::string_view role, std::string_view type,
                    std::string_view name, std::string_view note_type, std::string_view note) {
  xmlNode* agent = add(header, mets, "agent");
  set(agent, "ROLE", role);
  if (type == "SOFTWARE") {
    set(agent, "TYPE", "OTHER");
    set(agent, "OTHERTYPE", "SOFTWARE");
  } else {
    set(agent, "TYPE", type);
  }
  add_text(agent, mets, "name", name);
  set(add_text(agent, mets, "note", note), csip, "NOTETYPE", note_type);
}

void describe_file(xmlNode* node, const PackedFile& file, const std::string& created) {
  set(node, "MIMETYPE", file.mime);
  set(node, "SIZE", std::to_string(file.size));
  set(node, "CREATED", created);
  set(node, "CHECKSUM", file.sha256);
  set(node, "CHECKSUMTYPE", "SHA-256");
}

void locate(xmlNode* node, xmlNs* xlink, const std::string& href) {
  set(node, "LOCTYPE", "URL");
  set(node, xlink, "type", "simple");
  set(node, xlink, "href", href);
}

struct Group {
  std::string id;
  std::string use;
  std::vector<PackedFile> files;
  bool representation = false;
};

std::string mets_document(const std::string& object_id, const ArchiveCase& input, const ArchivalCreator& creator,
                          const PackageOptions& options, const std::string& version, const PackedFile& erms,
                          const std::vector<Group>& groups) {
  const std::string created = detail::xml_time(options.created);
  detail::DocPtr doc(xmlNewDoc(detail::x("1.0")));
  xmlNode* root = xmlNewNode(nullptr, detail::x("mets"));
  xmlDocSetRootElement(doc.get(), root);
  xmlNs* mets = xmlNewNs(root, detail::x(detail::kMetsNs), detail::x("mets"));
  xmlSetNs(root, mets);
  xmlNs* xlink = xmlNewNs(root, detail::x(detail::kXlinkNs), detail::x("xlink"));
  xmlNs* csip = xmlNewNs(root, detail::x(detail::kCsipNs), detail::x("csip"));
  xmlNewNs(root, detail::x(detail::kSipNs), detail::x("sip"));

  set(root, "OBJID", object_id);                                       // CSIP1
  set(root, "LABEL", input.record.number.str());                       // SIP1
  set(root, "TYPE", kContentCategory);                                 // CSIP2
  set(root, csip, "CONTENTINFORMATIONTYPE", kContentInformationType);  // CSIP4
  set(root, "PROFILE", kSipProfile);                                   // CSIP6, SIP2

  xmlNode* header = add(root, mets, "metsHdr");  // CSIP117
  set(header, "CREATEDATE", created);            // CSIP7
  set(header, "RECORDSTATUS", "NEW");            // SIP3
  set(header, csip, "OAISPACKAGETYPE", "SIP");   // CSIP9, SIP4
  add_mets_agent(header, mets, csip, "CREATOR", "SOFTWARE", options.software_name, "SOFTWARE VERSION",
                 version);  // CSIP10-16
  add_mets_agent(header, mets, csip, "ARCHIVIST", "ORGANIZATION", creator.name, "IDENTIFICATIONCODE",
                 creator.organisation_number);  // SIP9-14
  add_mets_agent(header, mets, csip, "CREATOR", "ORGANIZATION", creator.name, "IDENTIFICATIONCODE",
                 creator.organisation_number);  // SIP15-20
  if (!options.submission_agreement.empty()) {
    set(add_text(header, mets, "altRecordID", options.submission_agreement), "TYPE", "SUBMISSIONAGREEMENT");  // SIP5
  }

  xmlNode* dmd = add(root, mets, "dmdSec");   // CSIP17
  set(dmd, "ID", "dmd-erms");                 // CSIP18
  set(dmd, "CREATED", created);               // CSIP19
  set(dmd, "STATUS", "CURRENT");              // CSIP20
  xmlNode* md_ref = add(dmd, mets, "mdRef");  // CSIP21
  locate(md_ref, xlink, erms.path);           // CSIP22-24
  set(md_ref, "MDTYPE", "OTHER");             // CSIP25
  set(md_ref, "OTHERMDTYPE", "ERMS");
  set(md_ref, "MDTYPEVERSION", "2.1.2");
  describe_file(md_ref, erms, created);  // CSIP26-30

  xmlNode* file_sec = add(root, mets, "fileSec");  // CSIP58
  set(file_sec, "ID", "filesec");                  // CSIP59
  int file_number = 0;
  for (const Group& group : groups) {
    xmlNode* grp = add(file_sec, mets, "fileGrp");                                                // CSIP60, 113, 114
    set(grp, "ID", group.id);                                                                     // CSIP65
    set(grp, "USE", group.use);                                                                   // CSIP64
    if (group.representation) set(grp, csip, "CONTENTINFORMATIONTYPE", kContentInformationType);  // CSIP62
    for (const PackedFile& packed : group.files) {
      xmlNode* file = add(grp, mets, "file");                    // CSIP66
      set(file, "ID", "file-" + std::to_string(++file_number));  // CSIP67
      describe_file(file, packed, created);                      // CSIP68-72
      locate(add(file, mets, "FLocat"), xlink, packed.path);     // CSIP76-79
    }
  }

  xmlNode* struct_map = add(root, mets, "structMap");   // CSIP80
  set(struct_map, "ID", "structmap-csip");              // CSIP83
  set(struct_map, "TYPE", "PHYSICAL");                  // CSIP81
  set(struct_map, "LABEL", "CSIP");                     // CSIP82
  xmlNode* package_div = add(struct_map, mets, "div");  // CSIP84
  set(package_div, "ID", "div-package");                // CSIP85
  set(package_div, "LABEL", object_id);
  xmlNode* metadata_div = add(package_div, mets, "div");  // CSIP88
  set(metadata_div, "ID", "div-metadata");                // CSIP89
  set(metadata_div, "LABEL", "Metadata");                 // CSIP90
  set(metadata_div, "DMDID", "dmd-erms");                 // CSIP92
  const std::map<std::string, std::string> div_ids = {
      {"Documentation", "div-documentation"}, {"Schemas", "div-schemas"}, {"Representations", "div-representations"}};
  for (const Group& group : groups) {
    // One division per kind (CSIP93, 97, 101), pointing at its file group (CSIP96/116,
    // CSIP100/118, CSIP104/119). The content has no representation METS, so its division is
    // "Representations", as in the SIP profile's appendix.
    const std::string label = group.representation ? "Representations" : group.use;
    xmlNode* div = add(package_div, mets, "div");
    set(div, "ID", div_ids.at(label));  // CSIP94, 98, 102
    set(div, "LABEL", label);           // CSIP95, 99, 103
    set(add(div, mets, "fptr"), "FILEID", group.id);
  }
  return detail::serialize(doc.get());
}

std::string documentation_text(const std::string& object_id, const ArchiveCase& input, const ArchivalCreator& creator,
                               const PackageOptions& options, const std::string& version) {
  // No title and no names here: a title may be secret; the ERMS document holds the record.
  std::string text;
  text += "Arkivpaket (E-ARK SIP 2.1.0 / FGS Paketstruktur 2.0) " + object_id + "\n";
  text +=
      "Arkivbildare: " + creator.name + " (" + creator.organisation_number + ", kommunkod " + creator.kommunkod + ")\n";
  text += "Ärende: " + input.record.number.str() + " (" + input.board_name + ")\n";
  text += "Handlingar: " + std::to_string(input.documents.size()) + "\n";
  text += "Skapat: " + detail::xml_time(options.created) + " av " + options.software_name + " " + version + "\n\n";
  text += "METS.xml                             paketets METS (CSIP/SIP 2.1.0)\n";
  text += "metadata/descriptive/ERMS.xml        ärendet enligt CITS ERMS 2.1 (FGS Ärendehantering)\n";
  text += "representations/rep1/data/           handlingarna som de registrerades\n";
  text += "schemas/                             XML-scheman som paketet använder\n\n";
  text += "Sekretessmarkeringar (OSL 2009:400) finns i ERMS.xml (restriction).\n";
  return text;
}

}  // namespace

SchemaFiles SchemaFiles::in_folder(const fs::path& folder) {
  SchemaFiles files;
  const bool published = fs::exists(folder / "eark" / "csip" / "mets.xsd");
  if (published) {
    files.mets = folder / "eark/csip/mets.xsd";
    files.csip_extension = folder / "eark/csip/DILCISExtensionMETS.xsd";
    files.sip_extension = folder / "eark/sip/DILCISExtensionSIPMETS.xsd";
    files.erms = folder / "fgs/erms-dilcis/ERMS.xsd";
    files.xlink = folder / "fgs/paketstruktur/xlink.xsd";
    files.csip_vocabularies = folder / "eark/csip";
    files.sip_vocabularies = folder / "eark/sip";
  } else {
    files.mets = folder / "mets.xsd";
    files.csip_extension = folder / "DILCISExtensionMETS.xsd";
    files.sip_extension = folder / "DILCISExtensionSIPMETS.xsd";
    files.erms = folder / "ERMS.xsd";
    files.xlink = folder / "xlink.xsd";
    files.csip_vocabularies = folder;
    files.sip_vocabularies = folder;
  }
  std::string missing;
  for (const fs::path* file : {&files.mets, &files.csip_extension, &files.sip_extension, &files.erms, &files.xlink}) {
    if (!fs::is_regular_file(*file)) missing += (missing.empty() ? "" : ", ") + file->string();
  }
  if (!missing.empty()) throw NotFound("the archive schemas are missing: " + missing);
  return files;
}

std::string new_object_id() {
  std::string hex = crypto::random_hex(16);
  hex[12] = '4';                                                    // version 4
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // variant 10xx
  return "uuid-" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

WrittenPackage write_package(const ArchiveCase& input, const ArchivalCreator& creator, const SchemaFiles& schemas,
                             const PackageOptions& options, const fs::path& parent) {
  if (input.documents.empty()) {
    // CSIP114 and CSIP66: a package needs content in its representation.
    throw InvalidInput(input.record.number.str() + " has no documents: a package needs at least one");
  }
  const std::string version = options.software_version.empty() ? SAMVERKAN_VERSION : options.software_version;
  WrittenPackage written;
  written.object_id = options.object_id.empty() ? new_object_id() : options.object_id;
  written.folder = parent / written.object_id;
  core::create_private_directories(parent);
  std::error_code error;
  if (!fs::create_directory(written.folder, error)) {
    if (error) throw Unavailable("cannot create " + written.folder.string() + ": " + error.message());
    throw Conflict(written.folder.string() + " exists already");
  }
  fs::permissions(written.folder, fs::perms::owner_all, error);

  Group documentation{"grp-documentation", "Documentation", {}, false};
  documentation.files.push_back(put(written.folder, "documentation/package.txt",
                                    documentation_text(written.object_id, input, creator, options, version)));
  Group schema_group{"grp-schemas", "Schemas", {}, false};
  for (const fs::path* file :
       {&schemas.mets, &schemas.xlink, &schemas.csip_extension, &schemas.sip_extension, &schemas.erms}) {
    schema_group.files.push_back(
        put(written.folder, "schemas/" + file->filename().string(), detail::read_bytes(*file)));
  }
  Group data{"grp-rep1-data", "Representations/rep1/data", {}, true};
  for (const ArchiveDocument& document : input.documents) {
    if (crypto::sha256_hex(document.content) != document.record.content_sha256) {
      throw InternalError(input.record.number.str() + " document " + std::to_string(document.record.document_number) +
                          ": the content does not match the checksum registered with it");
    }
    data.files.push_back(
        put(written.folder, std::string(kDataFolder) + "/" + document_file_name(document), document.content));
  }
  const PackedFile erms = put(written.folder, std::string(kErmsPath), erms_document(input, creator, options, version));
  const std::string mets =
      mets_document(written.object_id, input, creator, options, version, erms, {documentation, schema_group, data});
  detail::write_bytes(written.folder / "METS.xml", mets);
  written.files = detail::list_files(written.folder);
  return written;
}

// ---------------------------------------------------------------- the tar form

namespace {

struct ArchiveWriteDeleter {
  void operator()(struct archive* a) const noexcept { archive_write_free(a); }
};
struct ArchiveReadDeleter {
  void operator()(struct archive* a) const noexcept { archive_read_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const noexcept { archive_entry_free(e); }
};

[[noreturn]] void fail_write(struct archive* a, const fs::path& tar_file) {
  const char* reason = archive_error_string(a);
  throw Unavailable("cannot write " + tar_file.string() + ": " + (reason != nullptr ? reason : "libarchive error"));
}

}  // namespace

void write_tar(const fs::path& package_folder, const fs::path& tar_file, Clock::TimePoint mtime) {
  const std::string top = package_folder.filename().string();
  const std::vector<std::string> files = detail::list_files(package_folder);
  std::unique_ptr<struct archive, ArchiveWriteDeleter> a(archive_write_new());
  if (!a) throw Unavailable("libarchive could not start a tar");
  // pax restricted: ustar headers, with pax extensions only where ustar cannot say it (long or
  // non-ASCII names): the most widely readable POSIX form.
  if (archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK) fail_write(a.get(), tar_file);
  if (fs::exists(tar_file)) throw Conflict(tar_file.string() + " exists already");
  if (archive_write_open_filename(a.get(), tar_file.c_str()) != ARCHIVE_OK) fail_write(a.get(), tar_file);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(mtime.time_since_epoch()).count();

  std::vector<std::string> folders{top};
  for (const auto& file : files) {
    for (auto slash = file.find('/'); slash != std::string::npos; slash = file.find('/', slash + 1)) {
      folders.push_back(top + "/" + file.substr(0, slash));
    }
  }
  std::sort(folders.begin(), folders.end());
  folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
  const auto header = [&](const std::string& path, mode_t type, int perm, la_int64_t size) {
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    archive_entry_set_pathname_utf8(entry.get(), path.c_str());
    archive_entry_set_filetype(entry.get(), type);
    archive_entry_set_perm(entry.get(), perm);
    archive_entry_set_size(entry.get(), size);
    archive_entry_set_mtime(entry.get(), static_cast<time_t>(seconds), 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK) fail_write(a.get(), tar_file);
  };
  for (const auto& folder : folders) header(folder + "/", AE_IFDIR, 0700, 0);
  for (const auto& file : files) {
    const std::string bytes = detail::read_bytes(package_folder / file);
    header(top + "/" + file, AE_IFREG, 0600, static_cast<la_int64_t>(bytes.size()));
    if (!bytes.empty() &&
        archive_write_data(a.get(), bytes.data(), bytes.size()) != static_cast<la_ssize_t>(bytes.size())) {
      fail_write(a.get(), tar_file);
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) fail_write(a.get(), tar_file);
  std::error_code ignored;
  fs::permissions(tar_file, fs::perms::owner_read | fs::perms::owner_write, ignored);
}

std::vector<TarEntry> read_tar(const fs::path& tar_file, std::size_t max_total_bytes) {
  std::unique_ptr<struct archive, ArchiveReadDeleter> a(archive_read_new());
  if (!a) throw Unavailable("libarchive could not start reading");
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), tar_file.c_str(), std::size_t{64} * 1024) != ARCHIVE_OK) {
    const char* reason = archive_error_string(a.get());
    throw InvalidInput("cannot read " + tar_file.string() + ": " + (reason != nullptr ? reason : "not a tar"));
  }
  std::vector<TarEntry> entries;
  std::size_t total = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    const int status = archive_read_next_header(a.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK) {
      const char* reason = archive_error_string(a.get());
      throw InvalidInput("cannot read " + tar_file.string() + ": " + (reason != nullptr ? reason : "damaged"));
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    TarEntry out;
    const char* name = archive_entry_pathname_utf8(entry);
    out.path = name != nullptr ? name : archive_entry_pathname(entry);
    const auto size = archive_entry_size(entry);
    if (size < 0 || total + static_cast<std::size_t>(size) > max_total_bytes) {
      throw TooLarge(tar_file.string() + " holds more than " + std::to_string(max_total_bytes) + " bytes");
    }
    total += static_cast<std::size_t>(size);
    out.content.resize(static_cast<std::size_t>(size));
    if (size > 0 && archive_read_data(a.get(), out.content.data(), out.content.size()) != size) {
      throw InvalidInput("cannot read " + out.path + " in " + tar_file.string());
    }
    entries.push_back(std::move(out));
  }
  return entries;
}

}  // namespace samverkan::casehandling::archive

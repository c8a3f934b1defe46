#include "samverkan/config/cooperation.hpp"

#include <map>
#include <string_view>
#include <utility>

#include "adapters/detail/settings_reader.hpp"
#include "config/detail/hiring_reader.hpp"
#include "config/detail/problems.hpp"
#include "samverkan/xml/element.hpp"

namespace samverkan::config {
namespace {

constexpr std::string_view kNamespace = "urn:samverkan:cooperation:1";
constexpr std::string_view kSchemaFile = "cooperation.xsd";

using detail::collapse;
using detail::Problems;

std::string_view legal_form_name(ids::LegalFormGroup group) noexcept {
  switch (group) {
    case ids::LegalFormGroup::kEstate:
      return "an estate";
    case ids::LegalFormGroup::kPublic:
      return "a public body";
    case ids::LegalFormGroup::kForeign:
      return "a foreign company";
    case ids::LegalFormGroup::kUnknown:
      return "an unknown legal form";
    case ids::LegalFormGroup::kLimitedCompany:
      return "a limited company";
    case ids::LegalFormGroup::kSimplePartnership:
      return "a simple partnership";
    case ids::LegalFormGroup::kEconomicAssociation:
      return "an economic association";
    case ids::LegalFormGroup::kNonProfit:
      return "a non-profit association or foundation";
    case ids::LegalFormGroup::kPartnership:
      return "a partnership";
  }
  return "an unknown legal form";
}

std::string child_text(const xml::Element& parent, std::string_view name) {
  const auto child = parent.first_child(name, kNamespace);
  return child ? collapse(child->text()) : std::string();
}

std::optional<ids::Kommunkod> parse_kommunkod(Problems& problems, int line, const std::string& text,
                                              std::string_view what) {
  try {
    return ids::Kommunkod::parse(text);
  } catch (const InvalidInput& error) {
    problems.add_value_problem(line, "invalid " + std::string(what) + " '" + text + "': " + error.what());
    return std::nullopt;
  }
}

std::optional<ids::Organisationsnummer> parse_organisation_number(Problems& problems, const xml::Element& element) {
  const std::string text = collapse(element.text());
  std::optional<ids::Organisationsnummer> number;
  try {
    number = ids::Organisationsnummer::parse(text);
  } catch (const InvalidInput& error) {
    problems.add_value_problem(element.line(), "invalid organisation number '" + text + "': " + error.what());
    return std::nullopt;
  }
  if (number->legal_form_group() != ids::LegalFormGroup::kPublic) {
    problems.add_value_problem(element.line(), "organisation number " + number->formatted() +
                                                   " is not a municipality's: legal-form " + "group " +
                                                   std::to_string(static_cast<int>(number->legal_form_group())) + " (" +
                                                   std::string(legal_form_name(number->legal_form_group())) +
                                                   "), a municipality's is in group 2 (212000-NNNN)");
    return std::nullopt;
  }
  return number;
}

std::filesystem::path resolve_path(const std::filesystem::path& base_dir, const std::string& text) {
  const std::filesystem::path path(text);
  return path.is_absolute() ? path : (base_dir / path).lexically_normal();
}

// A file an attribute of `element` names (the schema requires the attribute), recorded in
// `files` for the existence check of check-config and serve.
std::filesystem::path referenced_file(std::vector<FileReference>& files, const Problems& problems,
                                      const xml::Element& element, std::string_view attribute,
                                      const std::filesystem::path& base_dir) {
  const std::string text = collapse(element.attribute(attribute).value_or(""));
  if (text.empty()) return {};
  std::filesystem::path path = resolve_path(base_dir, text);
  // Appended, as GCC 12 -O3 falsely warns on "<" + std::string&& (-Wrestrict, GCC bug 105329).
  files.push_back(FileReference{path, std::string("<").append(element.local_name()) + "> " + std::string(attribute),
                                problems.file(), element.line(), false});
  return path;
}

// A <seal>, <signing> or <tlsClient> (the schema requires both attributes).
KeyPairFiles read_key_pair(std::vector<FileReference>& files, const Problems& problems, const xml::Element& element,
                           const std::filesystem::path& base_dir) {
  auto key = referenced_file(files, problems, element, "keyFile", base_dir);
  auto certificate = referenced_file(files, problems, element, "certificateFile", base_dir);
  return KeyPairFiles{std::move(key), std::move(certificate)};
}

// The key and the certificate of one pair must be two files: a key file named twice is a
// typing error that would otherwise surface only when the first letter is signed.
void check_key_pair(Problems& problems, const xml::Element& element, const KeyPairFiles& pair) {
  if (!pair.key_file.empty() && pair.key_file == pair.certificate_file) {
    // Appended, as GCC 12 -O3 falsely warns on "<" + std::string&& (-Wrestrict, GCC bug 105329).
    problems.add(element.line(), std::string("<").append(element.local_name()) + "> names the same file " +
                                     pair.key_file.string() + " as key and certificate");
  }
}

std::optional<DigitalMail> read_digital_mail(Problems& problems, std::vector<FileReference>& files,
                                             const xml::Element& parent, const std::filesystem::path& base_dir) {
  const auto element = parent.first_child("digitalMail", kNamespace);
  if (!element) return std::nullopt;
  DigitalMail mail;
  if (const auto signing = element->first_child("signing", kNamespace)) {
    mail.signing = read_key_pair(files, problems, *signing, base_dir);
    check_key_pair(problems, *signing, mail.signing);
  }
  if (const auto client = element->first_child("tlsClient", kNamespace)) {
    mail.tls_client = read_key_pair(files, problems, *client, base_dir);
    check_key_pair(problems, *client, mail.tls_client);
  }
  return mail;
}

std::optional<MinaMeddelanden> read_mina_meddelanden(Problems& problems, std::vector<FileReference>& files,
                                                     const xml::Element& root, const std::filesystem::path& base_dir) {
  const auto element = root.first_child("minaMeddelanden", kNamespace);
  if (!element) return std::nullopt;
  MinaMeddelanden mm;
  if (const auto timeout = element->attribute("timeoutSeconds")) {
    try {
      mm.timeout = std::chrono::seconds(std::stoi(collapse(*timeout)));
    } catch (const std::exception&) {
      // The schema has reported it.
    }
  }
  if (const auto reg = element->first_child("recipientRegister", kNamespace)) {
    mm.register_url = collapse(reg->attribute("url").value_or(""));
    mm.register_ca_file = referenced_file(files, problems, *reg, "caFile", base_dir);
  }
  if (const auto operators = element->first_child("operators", kNamespace)) {
    mm.operators_ca_file = referenced_file(files, problems, *operators, "caFile", base_dir);
  }
  if (const auto seal = element->first_child("seal", kNamespace)) {
    mm.seal = read_key_pair(files, problems, *seal, base_dir);
    check_key_pair(problems, *seal, mm.seal);
  }
  return mm;
}

// Reports "duplicate <what> <key>[ in <where>] (first defined at line N)" for a key seen before;
// true when the key is new.
bool first_occurrence(Problems& problems, std::map<std::string, int>& seen, const std::string& key, int line,
                      std::string_view what, std::string_view where = {}) {
  const auto [at, inserted] = seen.emplace(key, line);
  if (!inserted) {
    std::string message = "duplicate ";
    message.append(what).append(" ").append(key);
    if (!where.empty()) message.append(" in ").append(where);
    message.append(" (first defined at line ").append(std::to_string(at->second)).append(")");
    problems.add(line, std::move(message));
  }
  return inserted;
}

// What one <municipality> yields; complete only when every part was valid.
struct MunicipalityDraft {
  std::optional<ids::Kommunkod> code;
  std::optional<ids::Organisationsnummer> organisation_number;
  std::string name;
  std::string short_name;
  Contact contact;
  Branding branding;
  std::vector<Board> boards;
  std::vector<Unit> units;
  std::vector<adapters::ProductSettings> adapters;
  std::vector<FileReference> adapter_files;
  std::optional<DigitalMail> digital_mail;
  int digital_mail_line = 0;
  std::optional<detail::HiringDraft> hiring;
  std::optional<AccessibilityStatement> accessibility;
  std::optional<PrivacyNotice> privacy;
  int line = 0;
};

// <publicInformation> (the schema has checked its shape and values).
void read_public_information(const xml::Element& element, MunicipalityDraft& draft) {
  const auto info = element.first_child("publicInformation", kNamespace);
  if (!info) return;
  if (const auto a = info->first_child("accessibility", kNamespace)) {
    AccessibilityStatement statement;
    statement.compliance = collapse(a->attribute("compliance").value_or(""));
    statement.method = collapse(a->attribute("method").value_or(""));
    statement.assessed = collapse(a->attribute("assessed").value_or(""));
    statement.updated = collapse(a->attribute("updated").value_or(""));
    for (const auto& item : a->children("shortcoming", kNamespace))
      statement.shortcomings.push_back(collapse(item.text()));
    statement.report_email = child_text(*a, "reportEmail");
    draft.accessibility = std::move(statement);
  }
  if (const auto p = info->first_child("privacy", kNamespace)) {
    PrivacyNotice notice;
    if (const auto dpo = p->first_child("dataProtectionOfficer", kNamespace)) {
      notice.dpo_email = child_text(*dpo, "email");
      notice.dpo_phone = child_text(*dpo, "phone");
    }
    notice.retention = child_text(*p, "retention");
    draft.privacy = std::move(notice);
  }
}

MunicipalityDraft read_municipality(Problems& problems, std::vector<FileReference>& files, const xml::Element& element,
                                    const std::string& code_text, const std::filesystem::path& base_dir) {
  MunicipalityDraft draft;
  draft.line = element.line();
  if (!code_text.empty()) {
    draft.code = parse_kommunkod(problems, element.line(), code_text, "municipality code");
  }
  if (const auto number = element.first_child("organisationNumber", kNamespace)) {
    draft.organisation_number = parse_organisation_number(problems, *number);
  }
  draft.name = child_text(element, "name");
  draft.short_name = child_text(element, "shortName");
  const std::string member = draft.short_name.empty() ? code_text : draft.short_name;

  if (const auto contact = element.first_child("contact", kNamespace)) {
    draft.contact = Contact{child_text(*contact, "email"), child_text(*contact, "phone"),
                            child_text(*contact, "address"), child_text(*contact, "website")};
  }
  if (const auto branding = element.first_child("branding", kNamespace)) {
    draft.branding = Branding{child_text(*branding, "primaryColor"), child_text(*branding, "logoUrl")};
  }
  read_public_information(element, draft);

  std::map<std::string, int> prefixes;
  for (const auto& boards : element.children("boards", kNamespace)) {
    for (const auto& board : boards.children("board", kNamespace)) {
      const std::string prefix = collapse(board.attribute("prefix").value_or(""));
      if (!prefix.empty() && !first_occurrence(problems, prefixes, prefix, board.line(), "board prefix", member)) {
        continue;
      }
      draft.boards.push_back(Board{prefix, collapse(board.text())});
    }
  }
  std::map<std::string, int> unit_ids;
  for (const auto& units : element.children("units", kNamespace)) {
    for (const auto& unit : units.children("unit", kNamespace)) {
      const std::string id = collapse(unit.attribute("id").value_or(""));
      if (!id.empty() && !first_occurrence(problems, unit_ids, id, unit.line(), "unit id", member)) {
        continue;
      }
      draft.units.push_back(Unit{id, collapse(unit.text())});
    }
  }
  if (const auto list = element.first_child("adapters", adapters::kAdaptersNamespace); list && draft.code) {
    auto settings = adapters::detail::read_adapter_list(*list, *draft.code, base_dir, problems);
    draft.adapters = std::move(settings.bindings);
    draft.adapter_files = std::move(settings.files);
  }
  draft.digital_mail = read_digital_mail(problems, files, element, base_dir);
  if (const auto mail = element.first_child("digitalMail", kNamespace)) draft.digital_mail_line = mail->line();
  draft.hiring = detail::read_hiring(problems, element, draft.units, member);
  return draft;
}

}  // namespace

const Municipality* Cooperation::find(const ids::Kommunkod& code) const noexcept {
  for (const auto& member : members) {
    if (member.code == code) return &member;
  }
  return nullptr;
}

const Municipality& Cooperation::require_member(std::string_view code) const {
  const Municipality* member = nullptr;
  try {
    member = find(ids::Kommunkod::parse(code));
  } catch (const InvalidInput&) {
  }
  if (member == nullptr) throw NotFound("no such municipality");
  return *member;
}

Cooperation load_cooperation(const std::filesystem::path& file, const std::filesystem::path& xsd_dir) {
  Problems problems(file.string());
  const xml::Document document = detail::load_validated(file, xsd_dir / kSchemaFile, problems);
  std::filesystem::path base_dir = file.parent_path();
  if (base_dir.empty()) base_dir = ".";

  // The semantic checks run even when the schema found problems, so that one run reports
  // everything; they skip what is missing (the schema has said so already).
  const xml::Element root = document.root();
  if (!root.is("cooperation", kNamespace)) problems.raise();  // the schema has said why

  std::vector<MunicipalityDraft> drafts;
  std::vector<FileReference> files;
  std::map<std::string, int> codes;
  for (const auto& members : root.children("members", kNamespace)) {
    for (const auto& element : members.children("municipality", kNamespace)) {
      const std::string code = collapse(element.attribute("code").value_or(""));
      const bool first = code.empty() || first_occurrence(problems, codes, code, element.line(), "municipality");
      // A duplicate is still read, so that its own problems are reported too.
      MunicipalityDraft draft = read_municipality(problems, files, element, code, base_dir);
      if (first) drafts.push_back(std::move(draft));
    }
  }

  std::optional<ids::Kommunkod> host;
  if (const auto host_element = root.first_child("host", kNamespace)) {
    const std::string text = collapse(host_element->text());
    if (!text.empty()) {
      host = parse_kommunkod(problems, host_element->line(), text, "host municipality code");
      if (host && !codes.contains(host->str())) {
        problems.add(host_element->line(), "host " + host->str() + " is not a member of the cooperation");
      }
    }
  }

  std::optional<MinaMeddelanden> mina_meddelanden = read_mina_meddelanden(problems, files, root, base_dir);
  if (!mina_meddelanden) {
    for (const auto& draft : drafts) {
      if (draft.digital_mail) {
        problems.add(draft.digital_mail_line,
                     "<digitalMail> of " + (draft.short_name.empty() ? draft.name : draft.short_name) +
                         " needs the cooperation's <minaMeddelanden> (register, operators, seal)");
      }
    }
  }

  std::vector<detail::HiringMember> hiring_members;
  for (auto& draft : drafts) {
    if (!draft.code) continue;
    hiring_members.push_back(detail::HiringMember{draft.code->str(),
                                                  draft.short_name.empty() ? draft.name : draft.short_name,
                                                  &draft.boards, draft.hiring ? &*draft.hiring : nullptr});
  }
  detail::resolve_hiring(problems, hiring_members);

  if (!host && problems.empty()) problems.add(0, "missing host");
  for (const auto& draft : drafts) {
    // Cannot happen without a problem reported (the schema requires both, a failed parse is a
    // problem), but an incomplete member must never reach the result.
    if ((!draft.code || !draft.organisation_number) && problems.empty()) {
      problems.add(0, "incomplete municipality " + draft.name);
    }
  }
  if (!problems.empty()) problems.raise();

  Cooperation cooperation{collapse(root.attribute("id").value_or("")),
                          child_text(root, "name"),
                          *host,
                          {},
                          file,
                          std::move(mina_meddelanden),
                          std::move(files)};
  for (auto& draft : drafts) {
    // Without problems every draft is complete: the schema requires code and number, and a
    // failed parse is a problem.
    adapters::AdapterSettings adapter_settings{*draft.code, file, std::move(draft.adapters),
                                               std::move(draft.adapter_files)};
    cooperation.members.push_back(
        Municipality{*draft.code, *draft.organisation_number, std::move(draft.name), std::move(draft.short_name),
                     std::move(draft.contact), std::move(draft.branding), std::move(draft.boards),
                     std::move(draft.units), std::move(adapter_settings), std::move(draft.digital_mail), draft.line});
    if (draft.hiring) cooperation.members.back().hiring = std::move(draft.hiring->settings);
    cooperation.members.back().accessibility = std::move(draft.accessibility);
    cooperation.members.back().privacy = std::move(draft.privacy);
  }
  return cooperation;
}

}  // namespace samverkan::config

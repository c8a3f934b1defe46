#include "samverkan/eservices/catalogue.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <array>

#include "detail/text.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::eservices {
namespace {

using security::Permission;

// The catalogue is shared by the cooperation: a definition row belongs to its owner, but any
// member may read it. Statements that read across owners still bind the tenant, as the
// condition that the acting municipality is a member.
constexpr std::string_view kMember = "EXISTS (SELECT 1 FROM municipality m WHERE m.code = :tenant)";

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxContact = 500;
constexpr std::size_t kMaxText = 4000;

using storage::database_failure;

std::string with_member_check(std::string_view sql) {
  std::string text(sql);
  const auto at = text.find("%MEMBER%");
  text.replace(at, 8, kMember);
  return text;
}

std::optional<std::string> row_text(const soci::row& row, std::size_t index) {
  if (row.get_indicator(index) == soci::i_null) return std::nullopt;
  return row.get<std::string>(index);
}

std::optional<LocalizedText> row_localized(const soci::row& row, std::size_t sv, std::size_t en) {
  auto sv_text = row_text(row, sv);
  auto en_text = row_text(row, en);
  if (!sv_text || !en_text) return std::nullopt;
  return LocalizedText{std::move(*sv_text), std::move(*en_text)};
}

std::string object_id(std::string_view service_id, int version) {
  return std::string(service_id) + "@" + std::to_string(version);
}

using Problem = OverrideError::Problem;

// An override text: trimmed, valid UTF-8 without control characters (a line may break in
// the longer texts), not too long; "" stays "" (no override). `name` is the override's.
std::string checked_text(const std::string& name, std::string_view what, std::string_view text, std::size_t max,
                         bool multi_line) {
  std::string value(detail::trim(text));
  const auto length = detail::utf8_length(value);
  if (!length) throw OverrideError(name, Problem::kNotText, std::string(what) + " is not valid UTF-8");
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && !(multi_line && (c == '\n' || c == '\r'))) || byte == 0x7F) {
      throw OverrideError(name, Problem::kNotText, std::string(what) + " contains a control character");
    }
  }
  if (*length > max) {
    throw OverrideError(name, Problem::kTooLong,
                        std::string(what) + " is longer than " + std::to_string(max) + " characters");
  }
  return value;
}

std::optional<LocalizedText> checked_localized(const std::string& name, std::string_view what,
                                               const std::optional<LocalizedText>& text, std::size_t max,
                                               bool multi_line) {
  if (!text) return std::nullopt;
  LocalizedText result{checked_text(name, std::string(what) + " (sv)", text->sv, max, multi_line),
                       checked_text(name, std::string(what) + " (en)", text->en, max, multi_line)};
  if (result.sv.empty() && result.en.empty()) return std::nullopt;
  if (result.sv.empty() || result.en.empty()) {
    throw OverrideError(name, Problem::kOneLanguageOnly,
                        std::string(what) + " must be given in both Swedish and English");
  }
  return result;
}

// soci::use needs an lvalue and an indicator for NULL.
struct NullableText {
  std::string value;
  soci::indicator indicator = soci::i_null;
  explicit NullableText(const std::optional<std::string>& text) {
    if (text && !text->empty()) {
      value = *text;
      indicator = soci::i_ok;
    }
  }
};

}  // namespace

Catalogue::Catalogue(const config::Cooperation& cooperation, std::filesystem::path xsd_dir)
    : cooperation_(cooperation), xsd_dir_(std::move(xsd_dir)) {}

Definition Catalogue::cached(const std::string& service_id, int version, const std::string& xml) {
  {
    std::lock_guard lock(cache_mutex_);
    if (const auto found = cache_.find({service_id, version}); found != cache_.end()) return found->second;
  }
  // Parsed outside the lock; a version never changes, so a concurrent parse yields the same.
  Definition definition = parse_definition(xml, object_id(service_id, version), xsd_dir_);
  std::lock_guard lock(cache_mutex_);
  return cache_.try_emplace({service_id, version}, std::move(definition)).first->second;
}

ImportOutcome Catalogue::import_definition(tenancy::Context& ctx, std::string_view xml, std::string_view name) {
  // Authorised before the untrusted XML is parsed (so a refusal cannot name the version yet).
  ctx.require(Permission::kEServiceEdit, {"eservice.import", "eservice-definition", ""},
              tenancy::Context::Visibility::kPublic);
  const Definition definition = parse_definition(xml, name, xsd_dir_);
  const std::string id = object_id(definition.id(), definition.version());
  if (definition.owner() != ctx.municipality()) {
    throw Forbidden("definition " + id + " is owned by " + definition.owner().str() +
                    "; only its e-service editors import it");
  }
  try {
    // Who owns the service id, and is this version already there?
    std::string owner;
    soci::indicator owner_indicator = soci::i_null;
    ctx.sql().exec(
        with_member_check("SELECT MIN(municipality) FROM eservice_definition WHERE service_id = :id AND %MEMBER%"),
        soci::use(definition.id(), "id"), soci::into(owner, owner_indicator));
    if (owner_indicator == soci::i_ok && owner != ctx.municipality().str()) {
      throw Conflict("service " + definition.id() + " belongs to municipality " + owner + " in the catalogue");
    }
    std::string digest;
    soci::indicator digest_indicator = soci::i_null;
    int version = definition.version();
    ctx.sql().exec(
        with_member_check(
            "SELECT digest FROM eservice_definition WHERE service_id = :id AND version = :version AND %MEMBER%"),
        soci::use(definition.id(), "id"), soci::use(version, "version"), soci::into(digest, digest_indicator));
    if (digest_indicator == soci::i_ok) {
      if (digest == definition.digest()) return ImportOutcome::kAlreadyPresent;
      throw Conflict("version " + std::to_string(version) + " of " + definition.id() +
                     " is already in the catalogue with different content; a published version never changes, "
                     "give the change a new version");
    }
    const std::string title_sv = definition.title().sv;
    const std::string title_en = definition.title().en;
    const std::string category(to_string(definition.category()));
    const std::string by = ctx.principal().id();
    const std::string at = storage::format_time(ctx.now());
    ctx.sql().exec(
        "INSERT INTO eservice_definition (service_id, version, municipality, digest, definition, title_sv, title_en, "
        "category, imported_by, imported_at) VALUES (:id, :version, :tenant, :digest, :definition, :title_sv, "
        ":title_en, :category, :by, :at)",
        soci::use(definition.id(), "id"), soci::use(version, "version"), soci::use(definition.digest(), "digest"),
        soci::use(definition.source(), "definition"), soci::use(title_sv, "title_sv"), soci::use(title_en, "title_en"),
        soci::use(category, "category"), soci::use(by, "by"), soci::use(at, "at"));
  } catch (const soci::soci_error& e) {
    database_failure("importing an e-service definition", e);
  }
  ctx.audit({"eservice.import", "eservice-definition", id, "sha256 " + definition.digest()});
  return ImportOutcome::kImported;
}

std::vector<CatalogueEntry> Catalogue::list(tenancy::Context& ctx) {
  std::vector<CatalogueEntry> entries;
  try {
    const auto rows = ctx.sql().rows(with_member_check(
        "SELECT service_id, version, municipality, title_sv, title_en, category, digest FROM eservice_definition "
        "WHERE %MEMBER% ORDER BY service_id, version"));
    for (const auto& row : rows) {
      entries.push_back(CatalogueEntry{row.get<std::string>(0), storage::row_int<int>(row, 1),
                                       ids::Kommunkod::parse(row.get<std::string>(2)),
                                       LocalizedText{row.get<std::string>(3), row.get<std::string>(4)},
                                       row.get<std::string>(5), row.get<std::string>(6)});
    }
  } catch (const soci::soci_error& e) {
    database_failure("listing the e-service catalogue", e);
  }
  return entries;
}

Definition Catalogue::definition(tenancy::Context& ctx, std::string_view service_id, int version) {
  const std::string id(service_id);
  std::string xml;
  soci::indicator indicator = soci::i_null;
  try {
    ctx.sql().exec(
        with_member_check(
            "SELECT definition FROM eservice_definition WHERE service_id = :id AND version = :version AND %MEMBER%"),
        soci::use(id, "id"), soci::use(version, "version"), soci::into(xml, indicator));
  } catch (const soci::soci_error& e) {
    database_failure("reading an e-service definition", e);
  }
  if (indicator != soci::i_ok) throw NotFound("no version " + std::to_string(version) + " of e-service " + id);
  return cached(id, version, xml);
}

void Catalogue::publish(tenancy::Context& ctx, std::string_view service_id, int version,
                        const LocalOverrides& overrides) {
  const std::string id(service_id);
  ctx.require(Permission::kEServiceEdit, {"eservice.publish", "eservice", id}, tenancy::Context::Visibility::kPublic);
  const Definition definition = this->definition(ctx, id, version);

  const config::Municipality* member = cooperation_.find(ctx.municipality());
  if (member == nullptr) throw NotFound("municipality " + ctx.municipality().str() + " is not a member");
  LocalOverrides checked;
  checked.title = checked_localized("title", "title", overrides.title, kMaxTitle, false);
  checked.contact = checked_text("contact", "contact", overrides.contact, kMaxContact, false);
  checked.handling_unit = checked_text("handling_unit", "handling unit", overrides.handling_unit, kMaxTitle, false);
  checked.fees = checked_localized("fees", "fees", overrides.fees, kMaxText, true);
  checked.information = checked_localized("information", "information", overrides.information, kMaxText, true);
  if (!checked.handling_unit.empty() &&
      std::none_of(member->units.begin(), member->units.end(),
                   [&](const config::Unit& unit) { return unit.id == checked.handling_unit; })) {
    throw OverrideError("handling_unit", Problem::kUnknownUnit,
                        member->short_name + " has no unit '" + checked.handling_unit + "'");
  }
  if (const auto& registration = definition.on_submit().register_case) {
    if (std::none_of(member->boards.begin(), member->boards.end(),
                     [&](const config::Board& board) { return board.prefix == registration->board; })) {
      throw Conflict(member->short_name + " has no board " + registration->board + ", in whose diary " + id +
                     " version " + std::to_string(version) + " registers its cases");
    }
  }

  NullableText title_sv(checked.title ? std::optional(checked.title->sv) : std::nullopt);
  NullableText title_en(checked.title ? std::optional(checked.title->en) : std::nullopt);
  NullableText contact(std::optional(checked.contact));
  NullableText unit(std::optional(checked.handling_unit));
  NullableText fees_sv(checked.fees ? std::optional(checked.fees->sv) : std::nullopt);
  NullableText fees_en(checked.fees ? std::optional(checked.fees->en) : std::nullopt);
  NullableText information_sv(checked.information ? std::optional(checked.information->sv) : std::nullopt);
  NullableText information_en(checked.information ? std::optional(checked.information->en) : std::nullopt);
  const std::string by = ctx.principal().id();
  const std::string at = storage::format_time(ctx.now());
  try {
    int existing = 0;
    ctx.sql().exec("SELECT COUNT(*) FROM eservice_publication WHERE {{tenant}} AND service_id = :id",
                   soci::use(id, "id"), soci::into(existing));
    const std::string sql =
        existing > 0
            ? "UPDATE eservice_publication SET version = :version, status = 'published', title_sv = :title_sv, "
              "title_en = :title_en, contact = :contact, handling_unit = :unit, fees_sv = :fees_sv, fees_en = "
              ":fees_en, information_sv = :information_sv, information_en = :information_en, published_by = :by, "
              "published_at = :at, withdrawn_by = NULL, withdrawn_at = NULL WHERE {{tenant}} AND service_id = :id"
            : "INSERT INTO eservice_publication (municipality, service_id, version, status, title_sv, title_en, "
              "contact, handling_unit, fees_sv, fees_en, information_sv, information_en, published_by, published_at) "
              "VALUES (:tenant, :id, :version, 'published', :title_sv, :title_en, :contact, :unit, :fees_sv, "
              ":fees_en, :information_sv, :information_en, :by, :at)";
    ctx.sql().exec(
        sql, soci::use(id, "id"), soci::use(version, "version"),
        soci::use(title_sv.value, title_sv.indicator, "title_sv"),
        soci::use(title_en.value, title_en.indicator, "title_en"),
        soci::use(contact.value, contact.indicator, "contact"), soci::use(unit.value, unit.indicator, "unit"),
        soci::use(fees_sv.value, fees_sv.indicator, "fees_sv"), soci::use(fees_en.value, fees_en.indicator, "fees_en"),
        soci::use(information_sv.value, information_sv.indicator, "information_sv"),
        soci::use(information_en.value, information_en.indicator, "information_en"), soci::use(by, "by"),
        soci::use(at, "at"));
  } catch (const soci::soci_error& e) {
    database_failure("publishing an e-service", e);
  }
  ctx.audit({"eservice.publish", "eservice", id, "version " + std::to_string(version)});
}

void Catalogue::withdraw(tenancy::Context& ctx, std::string_view service_id) {
  const std::string id(service_id);
  ctx.require(Permission::kEServiceEdit, {"eservice.withdraw", "eservice", id}, tenancy::Context::Visibility::kPublic);
  const std::string by = ctx.principal().id();
  const std::string at = storage::format_time(ctx.now());
  try {
    int published = 0;
    ctx.sql().exec(
        "SELECT COUNT(*) FROM eservice_publication WHERE {{tenant}} AND service_id = :id AND status = 'published'",
        soci::use(id, "id"), soci::into(published));
    if (published == 0) throw NotFound("e-service " + id + " is not published in " + ctx.municipality().str());
    ctx.sql().exec(
        "UPDATE eservice_publication SET status = 'withdrawn', withdrawn_by = :by, withdrawn_at = :at "
        "WHERE {{tenant}} AND service_id = :id",
        soci::use(by, "by"), soci::use(at, "at"), soci::use(id, "id"));
  } catch (const soci::soci_error& e) {
    database_failure("withdrawing an e-service", e);
  }
  ctx.audit({"eservice.withdraw", "eservice", id});
}

namespace {

constexpr std::string_view kPublicationColumns =
    "SELECT p.service_id, p.version, p.status, p.title_sv, p.title_en, p.contact, p.handling_unit, p.fees_sv, "
    "p.fees_en, p.information_sv, p.information_en, d.definition FROM eservice_publication p "
    "JOIN eservice_definition d ON d.service_id = p.service_id AND d.version = p.version ";

}  // namespace

std::vector<Adoption> Catalogue::adoptions(tenancy::Context& ctx) {
  std::vector<Adoption> result;
  try {
    const auto rows = ctx.sql().rows(
        with_member_check("SELECT municipality, service_id, version, status FROM eservice_publication WHERE %MEMBER% "
                          "ORDER BY service_id, municipality"));
    for (const auto& row : rows) {
      result.push_back(Adoption{
          ids::Kommunkod::parse(row.get<std::string>(0)), row.get<std::string>(1), storage::row_int<int>(row, 2),
          row.get<std::string>(3) == "published" ? PublicationStatus::kPublished : PublicationStatus::kWithdrawn});
    }
  } catch (const soci::soci_error& e) {
    database_failure("listing the members' e-services", e);
  }
  return result;
}

std::vector<Publication> Catalogue::published(tenancy::Context& ctx) {
  std::vector<Publication> result;
  try {
    const auto rows = ctx.sql().rows(std::string(kPublicationColumns) +
                                     "WHERE {{tenant:p}} AND p.status = 'published' ORDER BY p.service_id");
    for (const auto& row : rows) {
      const std::string id = row.get<std::string>(0);
      const int version = storage::row_int<int>(row, 1);
      LocalOverrides overrides{row_localized(row, 3, 4), row_text(row, 5).value_or(""), row_text(row, 6).value_or(""),
                               row_localized(row, 7, 8), row_localized(row, 9, 10)};
      result.push_back(Publication{ctx.municipality(), id, version, PublicationStatus::kPublished, std::move(overrides),
                                   cached(id, version, row.get<std::string>(11))});
    }
  } catch (const soci::soci_error& e) {
    database_failure("listing published e-services", e);
  }
  return result;
}

Publication Catalogue::publication(tenancy::Context& ctx, std::string_view service_id) {
  // Read on every submission: one statement with plain outputs (a row set would prepare and
  // deallocate a named statement, three round trips to PostgreSQL).
  const std::string id(service_id);
  std::string found_id;
  int version = 0;
  std::string status;
  std::string xml;
  std::array<std::string, 8> texts;
  std::array<soci::indicator, 8> indicators{};
  soci::indicator found = soci::i_null;
  try {
    ctx.sql().exec(std::string(kPublicationColumns) + "WHERE {{tenant:p}} AND p.service_id = :id", soci::use(id, "id"),
                   soci::into(found_id, found), soci::into(version), soci::into(status),
                   soci::into(texts[0], indicators[0]), soci::into(texts[1], indicators[1]),
                   soci::into(texts[2], indicators[2]), soci::into(texts[3], indicators[3]),
                   soci::into(texts[4], indicators[4]), soci::into(texts[5], indicators[5]),
                   soci::into(texts[6], indicators[6]), soci::into(texts[7], indicators[7]), soci::into(xml));
  } catch (const soci::soci_error& e) {
    database_failure("reading a published e-service", e);
  }
  if (found != soci::i_ok) throw NotFound("e-service " + id + " is not published in " + ctx.municipality().str());
  const auto text = [&](std::size_t i) {
    return indicators[i] == soci::i_null ? std::optional<std::string>() : std::optional<std::string>(texts[i]);
  };
  const auto localized = [&](std::size_t sv, std::size_t en) -> std::optional<LocalizedText> {
    if (!text(sv) || !text(en)) return std::nullopt;
    return LocalizedText{texts[sv], texts[en]};
  };
  LocalOverrides overrides{localized(0, 1), text(2).value_or(""), text(3).value_or(""), localized(4, 5),
                           localized(6, 7)};
  const auto publication_status = status == "published" ? PublicationStatus::kPublished : PublicationStatus::kWithdrawn;
  return Publication{ctx.municipality(),      id, version, publication_status, std::move(overrides),
                     cached(id, version, xml)};
}

LocalizedText Catalogue::title_of(tenancy::Context& ctx, std::string_view service_id, int version) {
  try {
    return publication(ctx, service_id).title();
  } catch (const NotFound&) {
    return definition(ctx, service_id, version).title();
  }
}

Definition Catalogue::definition_for_submission(tenancy::Context& ctx, std::string_view service_id, int version) {
  return publication_for_submission(ctx, service_id, version).definition;
}

Publication Catalogue::publication_for_submission(tenancy::Context& ctx, std::string_view service_id, int version) {
  Publication publication = this->publication(ctx, service_id);
  if (publication.status == PublicationStatus::kWithdrawn) {
    throw Conflict("e-service " + publication.service_id + " has been withdrawn in " + ctx.municipality().str());
  }
  if (publication.version != version) {
    throw Conflict("the form was answered against version " + std::to_string(version) + " of " +
                   publication.service_id + ", but version " + std::to_string(publication.version) +
                   " is published now; load the form again");
  }
  return publication;
}

}  // namespace samverkan::eservices

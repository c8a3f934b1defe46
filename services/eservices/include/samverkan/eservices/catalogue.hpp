#pragma once
/// The cooperation's shared e-service catalogue and each member's publications.
///
/// A definition version is imported once, by an e-service editor of its owner municipality, and
/// never changes afterwards (the same id and version with other bytes is a Conflict). Any member
/// then publishes it with local overrides (title, contact, handling unit, fees, extra
/// information) and can withdraw it: a pilot municipality publishes first, the others adopt the
/// same catalogue entry later, without copying the definition.
///
///   eservices::Catalogue catalogue(cooperation);
///   tenancy::Context ctx(db, editor, ids::Kommunkod::parse("0199"), clock, &audit);
///   catalogue.import_definition(ctx, xml, "skolskjuts.xml");
///   catalogue.publish(ctx, "skolskjuts", 1, overrides);
///   ctx.commit();
///
/// Every function runs in the caller's Context (municipality, transaction, clock): writes need
/// security::Permission::kEServiceEdit there and are audited in the same transaction; the caller
/// commits. Reading the catalogue and the published services needs no permission: definitions
/// and publications hold no personal data and are public to citizens. Errors are the
/// samverkan error kinds (InvalidInput, NotFound, Forbidden, Conflict, InternalError).

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/eservices/definition.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices {

/// A municipality's own wording and routing for a service it publishes. Empty or absent:
/// the definition's text, or nothing.
struct LocalOverrides {
  std::optional<LocalizedText> title;        ///< at most 200 characters each
  std::string contact;                       ///< e.g. "Skolskjutsenheten, 0380-51 80 00"; at most 500
  std::string handling_unit;                 ///< a unit id of the municipality (cooperation file)
  std::optional<LocalizedText> fees;         ///< at most 4000 characters each
  std::optional<LocalizedText> information;  ///< extra information, at most 4000 each
};

/// One version in the catalogue.
struct CatalogueEntry {
  std::string service_id;
  int version = 0;
  ids::Kommunkod owner;
  LocalizedText title;
  std::string category;  ///< to_string(Category)
  std::string digest;    ///< SHA-256 of the definition's bytes
};

enum class PublicationStatus { kPublished, kWithdrawn };

/// A service as one municipality offers it.
struct Publication {
  ids::Kommunkod municipality;
  std::string service_id;
  int version = 0;
  PublicationStatus status = PublicationStatus::kPublished;
  LocalOverrides overrides;
  Definition definition;  ///< the exact version published

  /// The title citizens see: the override, else the definition's.
  const LocalizedText& title() const noexcept { return overrides.title ? *overrides.title : definition.title(); }
};

/// Which member offers which service in which version: a row of the cooperation's view of the
/// catalogue (who piloted a service is its definition's owner; the others adopted it).
struct Adoption {
  ids::Kommunkod municipality;
  std::string service_id;
  int version = 0;
  PublicationStatus status = PublicationStatus::kPublished;
};

/// A local override that publish() refused, naming the override, so that a form can mark the
/// field and say what was wrong in its own language.
class OverrideError : public InvalidInput {
 public:
  enum class Problem {
    kNotText,          ///< not valid UTF-8, or a control character
    kTooLong,          ///< longer than the override's limit
    kOneLanguageOnly,  ///< a text given in Swedish or in English but not both
    kUnknownUnit,      ///< a handling unit the municipality does not have
  };
  /// `override_name`: "title", "contact", "handling_unit", "fees" or "information".
  OverrideError(std::string override_name, Problem problem, const std::string& message)
      : InvalidInput(message), override_(std::move(override_name)), problem_(problem) {}
  const std::string& override_name() const noexcept { return override_; }
  Problem problem() const noexcept { return problem_; }

 private:
  std::string override_;
  Problem problem_;
};

/// Whether an import added a version or found it already there, byte for byte.
enum class ImportOutcome { kImported, kAlreadyPresent };

class Catalogue {
 public:
  /// `cooperation` gives the members, their units and boards (checked when publishing); it must
  /// outlive the catalogue.
  explicit Catalogue(const config::Cooperation& cooperation, std::filesystem::path xsd_dir = default_xsd_dir());

  /// Imports a definition version into the catalogue. Requires kEServiceEdit in ctx's
  /// municipality, which must be the definition's owner (Forbidden otherwise). Throws
  /// DefinitionError (an InvalidInput) for an invalid definition; Conflict when the same id and
  /// version exist with different bytes, or when the service id belongs to another owner.
  /// Importing the same bytes again changes nothing and returns kAlreadyPresent.
  ImportOutcome import_definition(tenancy::Context& ctx, std::string_view xml, std::string_view name);

  /// Every version in the catalogue, by service id and version.
  std::vector<CatalogueEntry> list(tenancy::Context& ctx);

  /// One version. Throws NotFound.
  Definition definition(tenancy::Context& ctx, std::string_view service_id, int version);

  /// Publishes (or re-publishes, possibly another version or new overrides) a catalogue
  /// service in ctx's municipality. Requires kEServiceEdit. Throws NotFound for an unknown
  /// version; OverrideError (an InvalidInput) for overrides that are too long, not text, given
  /// in one language only, or name a unit the municipality does not have; Conflict when the definition registers cases
  /// with a board the municipality does not have.
  void publish(tenancy::Context& ctx, std::string_view service_id, int version, const LocalOverrides& overrides);

  /// Withdraws a published service (kept for its errands; can be published again). Requires
  /// kEServiceEdit. Throws NotFound when it is not published here.
  void withdraw(tenancy::Context& ctx, std::string_view service_id);

  /// Every member's publications, published or withdrawn, by service id and kommunkod: who
  /// adopted what. Needs no permission (what members offer is public to citizens).
  std::vector<Adoption> adoptions(tenancy::Context& ctx);

  /// The services published (not withdrawn) in ctx's municipality, by service id.
  std::vector<Publication> published(tenancy::Context& ctx);

  /// One service as ctx's municipality offers it, published or withdrawn. Throws NotFound when
  /// the municipality never published it.
  Publication publication(tenancy::Context& ctx, std::string_view service_id);

  /// The title citizens see for an errand of `service_id` submitted in `version`: the title
  /// published here now (with its override), or, for a service withdrawn or never published
  /// here, that version's own. Throws NotFound for an unknown version.
  LocalizedText title_of(tenancy::Context& ctx, std::string_view service_id, int version);

  /// The definition a submission must be validated against: the service must be published in
  /// ctx's municipality (NotFound when it never was, Conflict when withdrawn) and `version`
  /// must be the published version (Conflict otherwise: the form changed since it was loaded).
  Definition definition_for_submission(tenancy::Context& ctx, std::string_view service_id, int version);
  /// As definition_for_submission, but the whole publication (its title and handling unit too),
  /// read once.
  Publication publication_for_submission(tenancy::Context& ctx, std::string_view service_id, int version);

 private:
  Definition cached(const std::string& service_id, int version, const std::string& xml);

  const config::Cooperation& cooperation_;
  std::filesystem::path xsd_dir_;
  std::mutex cache_mutex_;
  std::map<std::pair<std::string, int>, Definition> cache_;  ///< versions never change
};

}  // namespace samverkan::eservices

#pragma once
/// Who is acting: a citizen (personnummer), a staff user (roles per municipality), an API
/// client (one municipality, scopes), or the system itself (background jobs). A
/// cooperation-wide role (platform administrator) is explicit, never implied by other roles.

#include <map>
#include <optional>
#include <set>
#include <string>

#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/ids/personnummer.hpp"

namespace samverkan::security {

enum class PrincipalKind { kAnonymous, kCitizen, kStaff, kApiClient, kSystem };

/// Roles a staff user holds in one municipality.
enum class Role {
  kAdministrator,       ///< the municipality's own administrator (users, clients, audit)
  kRegistrar,           ///< registrator: registers cases and documents in the diary
  kCaseHandler,         ///< handläggare: handles errands and cases
  kCommitteeSecretary,  ///< nämndsekreterare: meetings, agendas, minutes
  kCommitteeMember,     ///< ledamot / ersättare
  kEServiceEditor,      ///< publishes and edits e-services
  kReader,              ///< reads cases and errands, changes nothing
  kHiringManager,       ///< chef: hires, changes and ends employments in the units they manage
  kHrOfficer,           ///< HR: every hire of the municipality; assigns managers' units
  kArchivist,           ///< arkivarie: exports closed cases to the e-archive (reads them, secrets included)
};

std::string_view to_string(Role role) noexcept;
/// Parses "administrator", "registrar", "case-handler", ...; throws samverkan::InvalidInput.
Role parse_role(std::string_view text);

class Principal {
 public:
  static Principal anonymous();
  static Principal citizen(const ids::Personnummer& personnummer);
  /// `user_id` is the HSA-id or user name; `platform_administrator` is the cooperation-wide role.
  static Principal staff(const std::string& user_id, std::map<ids::Kommunkod, std::set<Role>> roles,
                         bool platform_administrator = false);
  static Principal api_client(const std::string& client_id, ids::Kommunkod municipality, std::set<std::string> scopes);
  /// A background job acting for the platform (e.g. "jobs/notice-removal").
  static Principal system(const std::string& job_name);

  PrincipalKind kind() const noexcept { return kind_; }
  /// Stable identifier for logs and the audit trail: "staff:SE2120000142-abc",
  /// "client:<id>", "system:<job>", "citizen:<personnummer>", "anonymous".
  const std::string& id() const noexcept { return id_; }
  /// The citizen's personnummer, for citizens only.
  const std::optional<ids::Personnummer>& personnummer() const noexcept { return personnummer_; }

  bool is_platform_administrator() const noexcept { return platform_administrator_; }
  /// Staff with at least one role there, or an API client of that municipality.
  bool belongs_to(const ids::Kommunkod& municipality) const;
  bool has_role(const ids::Kommunkod& municipality, Role role) const;
  bool has_scope(std::string_view scope) const;
  const std::map<ids::Kommunkod, std::set<Role>>& roles() const noexcept { return roles_; }
  const std::set<std::string>& scopes() const noexcept { return scopes_; }
  /// For API clients: the municipality the client belongs to.
  const std::optional<ids::Kommunkod>& client_municipality() const noexcept { return client_municipality_; }

 private:
  Principal(PrincipalKind kind, std::string id) : kind_(kind), id_(std::move(id)) {}

  PrincipalKind kind_;
  std::string id_;
  std::optional<ids::Personnummer> personnummer_;
  std::map<ids::Kommunkod, std::set<Role>> roles_;
  std::set<std::string> scopes_;
  std::optional<ids::Kommunkod> client_municipality_;
  bool platform_administrator_ = false;
};

}  // namespace samverkan::security

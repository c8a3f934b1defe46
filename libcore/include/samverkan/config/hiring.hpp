#pragma once
/// A member's hiring process settings: the <hiring> element of its <municipality> in the
/// cooperation file (xsd/hiring.xsd, namespace urn:samverkan:hiring:1), read by
/// config::load_cooperation into config::Municipality::hiring.
///
/// What the manager's form offers (units, equipment, access-card areas, roles in business
/// systems), when each order must be done (service levels in Swedish working days before the
/// first day), where escalations go, and the contract template. A member that adopts another
/// member's form (adopted_from) gets the pilot's equipment catalogue, service levels and
/// contract unless it gives its own; the loader resolves that, so the settings here are
/// complete for every member.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/ids/kommunkod.hpp"

namespace samverkan::config {

/// A unit a manager may hire into: one of the member's <units>, with what the orders need.
struct HiringUnit {
  std::string id;           ///< the member's unit id ("gatuenheten")
  std::string name;         ///< its name, from the member's <units>
  std::string cost_centre;  ///< kostnadsställe the orders are charged to
  std::string workplace;    ///< where the new employee starts and equipment is delivered
};

/// An article of the IT service desk's catalogue.
struct EquipmentArticle {
  std::string id;     ///< stable key ("telefon")
  std::string kind;   ///< "phone" or "computer"
  std::string model;  ///< the desk's model key ("standard")
  std::string name;   ///< "Mobiltelefon"
};

/// An area of the property access system.
struct CardArea {
  std::string zone;  ///< the system's zone id ("KOMMUNHUSET")
  std::string name;  ///< "Kommunhuset"
};

/// A role in a business system, as the form offers it.
struct CatalogueRole {
  std::string system;              ///< the system's key in the permission system ("procapita")
  std::string system_name;         ///< "Procapita"
  std::string role;                ///< the role's key ("handlaggare")
  std::string name;                ///< "Handläggare"
  std::vector<std::string> units;  ///< the hiring units where it may be given; empty: any unit
  bool by_default = false;         ///< every hire in those units gets it

  /// Whether the role may be given in `unit`.
  bool allowed_in(const std::string& unit) const;
};

/// A paragraph of the contract; its text may name the hire's facts as {{placeholders}}.
struct ContractClause {
  std::string heading;
  std::string text;
};

struct ContractTemplate {
  std::string board;              ///< the diary's board prefix for the personnel case ("KS")
  std::string case_type;          ///< the diary's case type ("anställningsavtal")
  std::string secrecy_reference;  ///< "OSL 39 kap. 3 §": marked when the hire has a protected identity
  std::string title;              ///< "Anställningsavtal"
  std::vector<ContractClause> clauses;
  std::string support_text;   ///< the letter's Supportinfo
  std::string support_email;  ///< may be empty
  std::string support_phone;  ///< may be empty
};

struct HiringSettings {
  std::chrono::year_month_day since{};         ///< the member started using the process
  std::optional<ids::Kommunkod> adopted_from;  ///< the pilot whose form it adopted
  std::string intranet_url;
  std::string hr_email;  ///< HR's shared mailbox for escalations
  std::vector<HiringUnit> units;
  std::vector<EquipmentArticle> equipment;  ///< may be empty: no equipment is offered
  std::vector<CardArea> card_areas;
  std::vector<CatalogueRole> roles;  ///< every role of every system, in file order
  /// Working days before the first day, per order kind ("employment", "account", "equipment",
  /// "card", "permissions"); a kind without an entry is due on the first day.
  std::map<std::string, int> service_levels;
  int at_risk_working_days = 1;
  ContractTemplate contract;
  int line = 0;  ///< the <hiring> element's line

  const HiringUnit* find_unit(const std::string& id) const noexcept;
  const EquipmentArticle* find_article(const std::string& id) const noexcept;
  const CardArea* find_area(const std::string& zone) const noexcept;
  const CatalogueRole* find_role(const std::string& system, const std::string& role) const noexcept;
  /// The working days before the first day for `kind` (0 when not listed).
  int working_days_before_start(const std::string& kind) const;
};

}  // namespace samverkan::config

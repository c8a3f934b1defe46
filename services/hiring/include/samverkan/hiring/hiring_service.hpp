#pragma once
/// The hiring process (anställningsprocessen), one service function per thing a manager, HR or
/// an integration does: the form (drafts, checks, submission), the list and a hire's page, a
/// change of unit or title, a termination, and HR's record of managers and their units.
///
///   hiring::HiringService hiring(cooperation, keyring);
///   tenancy::Context ctx(db, manager, municipality, clock, &audit);
///   const hiring::Hire hire = hiring.create(ctx, form);   // the hire and its orders' jobs
///   ctx.commit();                                        // the jobs run once this commits
///
/// Who sees what: Permission::kHireRead / kHireWrite (roles manager and hr; scopes hiring:read
/// and hiring:write). A manager sees and hires only in the units HR has recorded for them
/// (set_manager); HR (kHireAllUnits) and API clients with hiring:read see every unit of their
/// municipality. A hire outside what the principal sees answers NotFound, like one that does
/// not exist, and the refusal is audited. Every read of a hire's personal data is audited
/// ("hire.read", "hire.list").
///
/// Submitting the form enqueues, in the same transaction, one durable job per order (queue
/// kOrderQueue): the employment to the HR system, the account and the equipment to the IT
/// service desk, the card to the property access system, the roles to the permission system;
/// each with its own idempotency key and a due time derived from the start date in Swedish
/// working days (the member's service levels). order_jobs.hpp places and follows them.
///
/// A member without <hiring> in the cooperation file answers NotFound for every call.

#include <optional>
#include <string>
#include <vector>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/hiring/hire.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::hiring {

/// A form with problems: InvalidInput whose message lists them ("startDate: ...; unit: ..."),
/// and the problems one by one for the error summary of the pages.
class InvalidForm : public InvalidInput {
 public:
  explicit InvalidForm(std::vector<FieldError> errors);
  const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

/// A saved draft in the owner's list.
struct DraftSummary {
  std::string id;
  std::string unit;
  std::string name;  ///< the new employee's name as typed so far; may be empty
  Clock::TimePoint updated_at{};
};

class HiringService {
 public:
  /// Both must outlive the service.
  HiringService(const config::Cooperation& cooperation, const crypto::Keyring& keyring);

  /// The member's hiring settings. Throws samverkan::NotFound when it does not run hiring.
  const config::HiringSettings& settings(const ids::Kommunkod& municipality) const;

  /// The checks of the form, each problem with its field; empty when the form may be
  /// submitted. `today` is the Swedish date (start dates before it are refused).
  static std::vector<FieldError> check_form(const config::HiringSettings& settings, const HireForm& form,
                                            std::chrono::year_month_day today);

  // --- managers (HR) ---------------------------------------------------------------------

  /// Records or replaces a manager's profile: name, notice e-mail and units (hiring units of
  /// the member). Permission::kHiringAdminister; audited "hiring.manager-set". InvalidInput for
  /// an unknown unit, an empty name or a malformed e-mail.
  void set_manager(tenancy::Context& ctx, const Manager& manager);
  /// Every manager's profile (kHiringAdminister).
  std::vector<Manager> managers(tenancy::Context& ctx);
  /// The units the principal may hire into (kHireWrite): every hiring unit for HR and API
  /// clients, the manager's recorded units for a manager (none when HR has recorded none).
  std::vector<config::HiringUnit> units_for(tenancy::Context& ctx);

  // --- the form ----------------------------------------------------------------------------

  /// Saves the form as typed, new (no id) or over the principal's own draft. kHireWrite;
  /// returns the draft's id. NotFound for a draft that is not the principal's.
  std::string save_draft(tenancy::Context& ctx, const std::optional<std::string>& id, const HireForm& form);
  /// The principal's own draft (audited "hire-draft.read"). NotFound otherwise.
  HireForm draft(tenancy::Context& ctx, const std::string& id);
  /// The principal's drafts, newest first.
  std::vector<DraftSummary> drafts(tenancy::Context& ctx);
  /// Deletes the principal's own draft. NotFound otherwise.
  void delete_draft(tenancy::Context& ctx, const std::string& id);

  /// Submits the form: checks it (InvalidForm), refuses a unit the principal may not hire into
  /// (NotFound, audited), a person with an open hire in the municipality (Conflict), gives the
  /// employment its number and the account its name, stores the hire encrypted, enqueues its
  /// orders, and deletes the draft it came from when `draft_id` is given. kHireWrite; audited
  /// "hire.create". The caller commits.
  Hire create(tenancy::Context& ctx, const HireForm& form, const std::optional<std::string>& draft_id = {});

  // --- reading -----------------------------------------------------------------------------

  /// The hires the principal sees, newest first (kHireRead; audited "hire.list").
  std::vector<HireSummary> list(tenancy::Context& ctx, const HireFilter& filter);
  /// One hire with its orders and contract (kHireRead; audited "hire.read").
  Hire get(tenancy::Context& ctx, const std::string& id);
  /// The contract's PDF of a hire the principal sees (kHireRead; audited "hire.contract-read").
  /// NotFound for a hire outside what the principal sees, or before the contract is drawn up.
  std::string contract_pdf(tenancy::Context& ctx, const std::string& id);
  /// Median lead times over the hires the principal sees (kHireRead).
  LeadTimes lead_times(tenancy::Context& ctx);

  // --- change and end ----------------------------------------------------------------------

  /// A change of unit, title or roles from the effective date, or the extension of a
  /// fixed-term employment (kHireWrite; the principal must see the hire, and a manager also
  /// the new unit). Computes the permission delta: roles bound to units the new unit is not
  /// among are revoked, the new unit's default roles and add_roles granted, remove_roles
  /// revoked; the HR system is told at once and the permission system at 00:00 Swedish time on
  /// the effective date. An extension moves the scheduled end. Audited "hire.change".
  /// InvalidInput for a bad date or role, Conflict for an ended or ending employment.
  ChangeResult change(tenancy::Context& ctx, const std::string& id, const ChangeRequest& request);

  /// Ends the employment after its last day: the HR system is told at once; every role is
  /// revoked, the card deactivated and the equipment ordered back at 00:00 Swedish time after
  /// the last day (the midnight that ends it). Replaces a fixed-term employment's scheduled
  /// end. kHireWrite; audited "hire.terminate". Conflict when already ending or ended.
  Hire terminate(tenancy::Context& ctx, const std::string& id, const TerminationRequest& request);

 private:
  const config::Cooperation& cooperation_;
  const crypto::Keyring& keyring_;
};

}  // namespace samverkan::hiring

#pragma once
/// Hires (nyanställningar) under /api/v1/municipalities/{kommunkod}: the manager's form for a
/// new employee, which orders the employment (HR system), the account and equipment (IT
/// service desk), the access card and the roles in business systems in the background; the
/// hires with their orders, a change of unit, title or roles, the end of an employment, and the
/// lead times. Reading needs the scope hiring:read, the rest hiring:write; an API client sees
/// every unit only with hiring:read, so a client that submits or changes hires needs both.
/// Every read of a hire is audited.
///
/// A submission is not idempotent by a key: the platform refuses a second open hire of the same
/// person in the municipality (Conflict, the open hire's id in the detail), so a submission
/// whose connection broke is not sent again by the client; submit again and read the id from
/// the Conflict, or list the hires.
///
///   samverkan::client::Hires hires(api, kommunkod);  // the four digits of your municipality
///   samverkan::client::HireForm form;
///   form.given_name = "Anna"; ...
///   const auto hire = hires.submit(form);   // InvalidRequest: field_errors() name the fields
///
/// A hire's id is its employment number, ten digits (YYYY and six more); another id is a
/// UsageError before anything is sent.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/client/client.hpp"

namespace samverkan::client {

/// The manager's form. Dates are YYYY-MM-DD; catalogue values (unit, equipment, card areas,
/// roles) are the ids of the member's hiring settings.
struct HireForm {
  std::string given_name;
  std::string family_name;
  std::string personnummer;   ///< personnummer or samordningsnummer, with or without a dash
  std::string private_email;  ///< for the invitation before day one
  std::string mobile;
  bool protected_identity = false;  ///< skyddad identitet: the contract never goes on paper
  std::string street;               ///< a postal address for a paper contract: all three or none
  std::string postal_code;
  std::string city;
  std::string employment_type;          ///< permanent, fixed-term or hourly
  std::string start_date;               ///< the first day, not in the past
  std::string end_date;                 ///< the last day: required for fixed-term, none for permanent
  std::string title;                    ///< befattning, e.g. Undersköterska
  std::string unit;                     ///< a hiring unit's id
  std::vector<std::string> equipment;   ///< article ids
  std::vector<std::string> card_areas;  ///< zones
  std::vector<std::string> roles;       ///< "system/role" beyond the unit's default roles
  int employment_rate = 100;            ///< percent, 1 to 100
  std::optional<int> monthly_salary;    ///< SEK a month; may be left out for hourly
  std::string other_terms;              ///< free text for the contract
};

/// One order of a hire to one of the member's systems.
struct HireOrder {
  long long id = 0;
  std::string purpose;    ///< hire, change1, change2, ..., termination, end-YYYYMMDD
  std::string kind;       ///< employment, account, equipment, card or permissions
  std::string status;     ///< ordered, confirmed, done, failed, overdue or cancelled
  std::string summary;    ///< what it carries, for people
  std::string reference;  ///< the system's id of it; empty before it is confirmed
  std::string failure;    ///< why it failed
  /// RFC 3339, UTC; none when not (yet) so.
  std::optional<std::string> created_at, run_at, at_risk_at, due_at, confirmed_at, done_at, escalated_at;
  std::optional<std::chrono::seconds> lead_time;  ///< created to done, once done
};

struct HireContract {
  std::string state;        ///< none, drawn-up, registered, sent, signed or failed
  std::string sha256;       ///< of the PDF, once drawn up
  std::string case_number;  ///< the personnel case in the diary, once registered
  std::string letter;       ///< the mailbox letter's id, once sent
  std::optional<std::string> signed_at;
};

struct Hire {
  std::string id;      ///< the employment number
  std::string status;  ///< submitted, ready, ending or ended
  std::string given_name;
  std::string family_name;
  std::string personnummer;  ///< 12 digits
  std::string private_email;
  std::string mobile;
  bool protected_identity = false;
  std::string street, postal_code, city;
  std::string employment_type;
  std::string start_date;
  std::string end_date;  ///< empty: open-ended
  std::string title;
  std::string unit;
  std::string unit_name;
  std::string workplace;
  std::string manager;       ///< who submitted it: a manager's user id, or the API client
  std::string manager_name;  ///< as HR recorded it
  std::string account;       ///< the user account's name
  std::vector<std::string> equipment;
  std::vector<std::string> card_areas;
  std::vector<std::string> roles;  ///< "system/role" held, or to be held once the orders are done
  int employment_rate = 0;
  int monthly_salary = 0;
  std::string other_terms;
  std::optional<std::string> submitted_at, ready_at, ended_at;  ///< RFC 3339, UTC
  std::optional<std::chrono::seconds> lead_time;                ///< submitted to ready
  HireContract contract;
  std::vector<HireOrder> orders;
};

/// A hire in a list: no more personal data than the name.
struct HireSummary {
  std::string id;
  std::string status;
  std::string given_name;
  std::string family_name;
  std::string title;
  std::string unit;
  std::string start_date;
  std::string manager;
  std::optional<std::string> submitted_at, ready_at;
  std::string contract;  ///< the contract's state
  int orders = 0;        ///< the hire's own orders (purpose hire)
  int orders_done = 0;   ///< of those, done
  int late = 0;          ///< orders of any purpose overdue or escalated and not done
  int failed = 0;
};

/// Filters and paging of the list; empty values do not filter.
struct HireQuery {
  std::optional<std::string> status;  ///< submitted, ready, ending or ended
  std::string unit;
  bool late_only = false;   ///< only hires with an order overdue or at risk
  std::string starts_from;  ///< first day on or after, YYYY-MM-DD
  std::string starts_to;    ///< first day on or before
  std::size_t limit = 100;  ///< 1 to 500 per page
  std::size_t offset = 0;
};

/// A change of unit or title (and roles) from a date, or a fixed-term employment's extension.
struct HireChange {
  std::string effective_date;             ///< YYYY-MM-DD, not before the start date
  std::string unit;                       ///< the new unit; empty: unchanged
  std::string title;                      ///< the new title; empty: unchanged
  std::vector<std::string> add_roles;     ///< "system/role" to grant as well
  std::vector<std::string> remove_roles;  ///< "system/role" to revoke
  std::string end_date;                   ///< a fixed-term employment's new last day; empty: unchanged
};

/// What a change did to the roles (the old unit's own roles go, the new unit's defaults come).
struct HireChangeResult {
  std::string purpose;  ///< change1, change2, ...: the purpose of its orders
  std::vector<std::string> granted;
  std::vector<std::string> revoked;
};

/// Median lead times over the hires the client sees.
struct HiringLeadTimes {
  int hires_ready = 0;                                             ///< hires that became ready
  std::optional<std::chrono::seconds> median;                      ///< submitted to ready; none without ready hires
  std::map<std::string, std::chrono::seconds> order_kind_medians;  ///< order kind -> submitted to done
};

class Hires {
 public:
  Hires(Client& client, const std::string& kommunkod);

  /// hiring:write (and hiring:read to hire into any unit). Invalid fields are InvalidRequest
  /// with a field error each (messages in Swedish); an open hire of the person Conflict.
  Hire submit(const HireForm& form);
  /// One page, newest first (hiring:read).
  std::vector<HireSummary> list(const HireQuery& query = {});
  /// Every hire matching `query` from its offset on, page by page (query.limit per request),
  /// each passed to `visit`; returns how many were visited. `visit` returning false stops.
  std::size_t each(HireQuery query, const std::function<bool(const HireSummary&)>& visit);
  /// One hire with its orders and contract (hiring:read).
  Hire get(const std::string& id);
  /// Changes unit, title or roles from a date, or extends a fixed-term employment
  /// (hiring:write). A change that changes nothing is InvalidRequest; an ending hire Conflict.
  HireChangeResult change(const std::string& id, const HireChange& request);
  /// Ends the employment after `last_day` (hiring:write); the hire as it stands then (ending).
  /// A hire already ending is Conflict.
  Hire terminate(const std::string& id, const std::string& last_day);
  /// The lead times (hiring:read).
  HiringLeadTimes lead_times();

  /// The JSON the form is sent as.
  static Poco::JSON::Object to_json(const HireForm& form);

 private:
  std::string path(const std::string& id, const std::string& tail = {}) const;

  Client& client_;
  std::string base_;
};

}  // namespace samverkan::client

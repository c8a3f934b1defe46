#pragma once
// The hiring process over a migrated database (SQLite, or PostgreSQL for the pgtests) with the
// test cooperation (hiring_cooperation.xml: Lekeberg pilots, Askersund and Laxå adopt), an
// injected clock, recording test doubles of each member's HR system, IT service desk, property
// access system and permission system, an SMTP sink, and the job handlers run by hand
// (header-only; for hiring_*_test and hiring_*_pgtest).
#include <soci/soci.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "samverkan/adapters/case_system.hpp"
#include "samverkan/adapters/registry.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/hiring/hiring_service.hpp"
#include "samverkan/hiring/order_jobs.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mail/letter_sender.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/eservices/smtp_sink.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::hiring {
inline std::ostream& operator<<(std::ostream& out, OrderStatus status) { return out << to_string(status); }
inline std::ostream& operator<<(std::ostream& out, HireStatus status) { return out << to_string(status); }
inline std::ostream& operator<<(std::ostream& out, OrderKind kind) { return out << to_string(kind); }
}  // namespace samverkan::hiring

namespace samverkan::hiring::test {

inline const ids::Kommunkod kLekeberg = ids::Kommunkod::parse("1814");
inline const ids::Kommunkod kAskersund = ids::Kommunkod::parse("1882");
inline const ids::Kommunkod kLaxa = ids::Kommunkod::parse("1860");

/// A valid personnummer (Luhn) born 1990-01-01 for the n-th test person (n < 900).
inline std::string nth_personnummer(int n) {
  std::string digits = "19900101" + std::to_string(100 + n % 900);
  int sum = 0;
  for (std::size_t i = 2; i < 11; ++i) {
    const int d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += d / 10 + d % 10;
  }
  digits.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  return digits;
}

/// What an order API remembers: each key's content and answer, how often it was placed
/// (created) and asked again (replayed); a key reused for other content is a Conflict.
class KeyLedger {
 public:
  /// {id, replayed}; throws Conflict for a key seen with other content.
  adapters::OrderReceipt record(const std::string& key, const std::string& content, const std::string& prefix) {
    std::lock_guard lock(mutex_);
    if (down) throw Unavailable("the test system is down");
    adapters::OrderReceipt receipt;
    const auto found = entries_.find(key);
    if (found == entries_.end()) {
      receipt = {prefix + "-" + std::to_string(entries_.size() + 1), false};
      entries_.emplace(key, Entry{content, receipt.id, 1, 0});
      keys_.push_back(key);
    } else {
      if (found->second.content != content) throw Conflict("key " + key + " used for another order");
      ++found->second.replays;
      receipt = {found->second.id, true};
    }
    // The system took the order, but its answer is lost on the way back (a reset connection):
    // the caller sees a failure and must be able to ask again without ordering twice.
    if (lose_replies > 0) {
      --lose_replies;
      throw Unavailable("the test system's answer was lost");
    }
    return receipt;
  }
  std::vector<std::string> keys() const {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  int created(const std::string& key) const {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(key);
    return found == entries_.end() ? 0 : found->second.created;
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }
  std::atomic<bool> down{false};
  std::atomic<int> lose_replies{0};  ///< the next N answers are lost after the order was recorded

 private:
  struct Entry {
    std::string content;
    std::string id;
    int created = 0;
    int replays = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::vector<std::string> keys_;
};

class FakeHr final : public adapters::HrSystem {
 public:
  adapters::Employee employee(std::string_view id) override {
    std::lock_guard lock(mutex_);
    const auto found = registered_.find(std::string(id));
    if (found == registered_.end() || !visible) throw NotFound("no such employment");
    const auto& e = found->second;
    return adapters::Employee{e.employment_id, e.given_name, e.family_name, e.personal_number, e.start_date,
                              e.end_date,      e.position,   e.unit,        std::nullopt};
  }
  adapters::OrderReceipt register_employment(const adapters::NewEmployment& employment) override {
    adapters::validate(employment);
    const auto receipt = ledger.record(employment.idempotency_key.str(),
                                       employment.employment_id + "|" + employment.personal_number.digits(), "NY");
    std::lock_guard lock(mutex_);
    registered_.emplace(employment.employment_id, employment);
    return receipt;
  }
  adapters::OrderReceipt report_change(const adapters::EmploymentChange& change) override {
    adapters::validate(change);
    const auto receipt = ledger.record(change.idempotency_key.str(),
                                       change.employment_id + "|" + std::string(adapters::to_string(change.kind)) +
                                           "|" + calendar::format_iso_date(change.effective_date),
                                       "CH");
    std::lock_guard lock(mutex_);
    if (applied_.insert(change.idempotency_key.str()).second) changes.push_back(change);
    return receipt;
  }
  std::optional<adapters::NewEmployment> registration(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto found = registered_.find(id);
    return found == registered_.end() ? std::nullopt : std::optional(found->second);
  }

  KeyLedger ledger;
  std::atomic<bool> visible{true};  ///< false: registered employments are not yet readable (a nightly import)
  std::vector<adapters::EmploymentChange> changes;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, adapters::NewEmployment> registered_;
  std::set<std::string> applied_;
};

class FakeDesk final : public adapters::ItServiceDesk {
 public:
  adapters::OrderReceipt order_equipment(const adapters::EquipmentOrder& order) override {
    adapters::validate(order);
    std::string content = order.employment_id + "|" + order.cost_centre;
    for (const auto& item : order.items) {
      content += '|';
      content += adapters::to_string(item.kind);
      content += ':';
      content += item.model;
    }
    return open(ledger.record(order.idempotency_key.str(), content, "EQ"), "equipment " + order.employment_id);
  }
  adapters::OrderReceipt order_account(const adapters::AccountOrder& order) override {
    adapters::validate(order);
    return open(ledger.record(order.idempotency_key.str(), order.account + "|" + order.employment_id, "AC"),
                "account " + order.account);
  }
  adapters::OrderReceipt activate_account(const adapters::AccountActivation& activation) override {
    adapters::validate(activation);
    return open(ledger.record(activation.idempotency_key.str(), activation.account, "ACT"),
                "activation " + activation.account);
  }
  adapters::OrderReceipt order_return(const adapters::EquipmentReturn& order) override {
    adapters::validate(order);
    return open(ledger.record(order.idempotency_key.str(),
                              order.employment_id + "|" + calendar::format_iso_date(order.return_date), "RET"),
                "return " + order.employment_id);
  }
  adapters::TicketState ticket_status(std::string_view id) override {
    std::lock_guard lock(mutex_);
    const auto found = tickets_.find(std::string(id));
    if (found == tickets_.end()) throw NotFound("no such ticket");
    return {found->first, found->second.second, std::nullopt, ""};
  }
  /// Every open ticket delivered.
  void deliver_all() {
    std::lock_guard lock(mutex_);
    for (auto& [id, ticket] : tickets_) ticket.second = adapters::TicketStatus::kDelivered;
  }
  void reject(const std::string& what) {
    std::lock_guard lock(mutex_);
    for (auto& [id, ticket] : tickets_) {
      if (ticket.first == what) ticket.second = adapters::TicketStatus::kRejected;
    }
  }
  std::vector<std::string> ticket_subjects() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [id, ticket] : tickets_) out.push_back(ticket.first);
    return out;
  }

  KeyLedger ledger;

 private:
  adapters::OrderReceipt open(adapters::OrderReceipt receipt, std::string what) {
    std::lock_guard lock(mutex_);
    tickets_.emplace(receipt.id, std::pair{std::move(what), adapters::TicketStatus::kOpen});
    return receipt;
  }
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<std::string, adapters::TicketStatus>> tickets_;
};

class FakeProperty final : public adapters::PropertyAccess {
 public:
  adapters::OrderReceipt order_card(const adapters::AccessCardOrder& order) override {
    adapters::validate(order);
    std::string content = order.employment_id;
    for (const auto& zone : order.zones) content += "|" + zone;
    auto receipt = ledger.record(order.idempotency_key.str(), content, "CARD");
    std::lock_guard lock(mutex_);
    states_.emplace(receipt.id, adapters::AccessOrderStatus::kQueued);
    if (applied_.insert(order.idempotency_key.str()).second) cards.push_back(order);
    return receipt;
  }
  adapters::OrderReceipt revoke_cards(const adapters::AccessCardRevocation& revocation) override {
    adapters::validate(revocation);
    auto receipt =
        ledger.record(revocation.idempotency_key.str(),
                      revocation.employment_id + "|" + calendar::format_iso_date(revocation.effective_date), "REV");
    std::lock_guard lock(mutex_);
    states_.emplace(receipt.id, adapters::AccessOrderStatus::kQueued);
    if (applied_.insert(revocation.idempotency_key.str()).second) revocations.push_back(revocation);
    return receipt;
  }
  adapters::AccessOrderState status(std::string_view id) override {
    std::lock_guard lock(mutex_);
    const auto found = states_.find(std::string(id));
    if (found == states_.end()) throw NotFound("no such order");
    return {found->first, found->second, ""};
  }
  void complete_all() {
    std::lock_guard lock(mutex_);
    for (auto& [id, state] : states_) state = adapters::AccessOrderStatus::kDone;
  }

  KeyLedger ledger;
  std::vector<adapters::AccessCardOrder> cards;
  std::vector<adapters::AccessCardRevocation> revocations;

 private:
  std::mutex mutex_;
  std::map<std::string, adapters::AccessOrderStatus> states_;
  std::set<std::string> applied_;
};

class FakePermissions final : public adapters::PermissionSystem {
 public:
  adapters::OrderReceipt grant(const adapters::RoleAssignment& a) override { return change(a, true); }
  adapters::OrderReceipt revoke(const adapters::RoleAssignment& a) override { return change(a, false); }
  std::vector<adapters::Role> roles(std::string_view account) override {
    std::lock_guard lock(mutex_);
    const auto found = held_.find(std::string(account));
    if (found == held_.end()) throw NotFound("no such account");
    return {found->second.begin(), found->second.end()};
  }
  adapters::OrderReceipt activate_account(const adapters::AccountActivation& activation) override {
    adapters::validate(activation);
    return ledger.record(activation.idempotency_key.str(), "activate|" + activation.account, "ACT");
  }
  std::set<adapters::Role> held(const std::string& account) {
    std::lock_guard lock(mutex_);
    return held_[account];
  }
  /// Every grant and revoke as "grant system/role" in the order they were carried out.
  std::vector<std::string> log() {
    std::lock_guard lock(mutex_);
    return log_;
  }

  KeyLedger ledger;

 private:
  adapters::OrderReceipt change(const adapters::RoleAssignment& a, bool grant) {
    adapters::validate(a);
    const std::string what = std::string(grant ? "grant " : "revoke ") + a.role.system + "/" + a.role.role;
    auto receipt = ledger.record(a.idempotency_key.str(), a.user_account + "|" + what, "RC");
    std::lock_guard lock(mutex_);
    if (applied_.insert(a.idempotency_key.str()).second) {
      if (grant) {
        held_[a.user_account].insert(a.role);
      } else {
        held_[a.user_account].erase(a.role);
      }
      log_.push_back(what);
    }
    return receipt;
  }
  std::mutex mutex_;
  std::map<std::string, std::set<adapters::Role>> held_;
  std::vector<std::string> log_;
  std::set<std::string> applied_;
};

/// A member's diary: each idempotency key registered once, cases numbered "<board> 2026/N".
class FakeDiary final : public adapters::CaseSystem {
 public:
  adapters::CaseRegistration register_document(const adapters::IncomingDocument& document) override {
    adapters::validate(document);
    std::lock_guard lock(mutex_);
    if (down) throw Unavailable("the test diary is down");
    if (refuse) throw InvalidInput("the test diary has no board " + document.board);
    const auto found = by_key_.find(document.idempotency_key.str());
    if (found != by_key_.end()) {
      auto again = found->second;
      again.replayed = true;
      return again;
    }
    adapters::CaseRegistration out;
    if (document.existing_case) {
      out.case_number = *document.existing_case;
    } else {
      out.case_number = document.board + " 2026/" + std::to_string(++cases_);
    }
    out.registration_number = out.case_number + "-" + std::to_string(++documents_in_[out.case_number]);
    by_key_.emplace(document.idempotency_key.str(), out);
    documents.push_back(document);
    return out;
  }
  std::vector<adapters::IncomingDocument> registered() {
    std::lock_guard lock(mutex_);
    return documents;
  }
  std::atomic<bool> down{false};
  std::atomic<bool> refuse{false};

 private:
  std::mutex mutex_;
  int cases_ = 0;
  std::map<std::string, int> documents_in_;
  std::map<std::string, adapters::CaseRegistration> by_key_;
  std::vector<adapters::IncomingDocument> documents;
};

/// The mailbox service as the hiring process sees it: letters kept in order, the same client
/// request id with the same letter answered with the same id (another letter: Conflict).
class FakeLetters final : public mail::LetterSender {
 public:
  mail::LetterState send(tenancy::Context& ctx, const mail::Letter& letter) override {
    ctx.require(security::Permission::kMailboxSend, {"letter.send", "letter", letter.client_request_id});
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < letters_.size(); ++i) {
      if (letters_[i].client_request_id != letter.client_request_id) continue;
      if (letters_[i].body != letter.body) throw Conflict("client request id used for another letter");
      return {"L" + std::to_string(i + 1), mail::LetterStatus::kQueued, std::nullopt};
    }
    letters_.push_back(letter);
    return {"L" + std::to_string(letters_.size()), mail::LetterStatus::kQueued, std::nullopt};
  }
  mail::LetterState status(tenancy::Context&, std::string_view id) override {
    return {std::string(id), mail::LetterStatus::kQueued, std::nullopt};
  }
  std::vector<mail::Letter> letters() {
    std::lock_guard lock(mutex_);
    return letters_;
  }

 private:
  std::mutex mutex_;
  std::vector<mail::Letter> letters_;
};

/// One member's test doubles, owned by the registry.
struct Systems {
  FakeHr* hr = nullptr;
  FakeDesk* desk = nullptr;
  FakeProperty* property = nullptr;
  FakePermissions* permissions = nullptr;
  FakeDiary* diary = nullptr;
};

/// A throwaway SQLite database for a test (derive from it before HiringWorld).
struct SqliteDatabase {
  samverkan::test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "hiring.db").string()), 4);
};

struct HiringWorld {
  explicit HiringWorld(storage::Database& database) : db(database) {
    storage::Migrator(db, server::platform_migrations()).migrate();
    server::sync_municipalities(db, cooperation);
    for (const auto& code : {kLekeberg, kAskersund, kLaxa}) {
      Systems s;
      auto hr = std::make_unique<FakeHr>();
      auto desk = std::make_unique<FakeDesk>();
      auto property = std::make_unique<FakeProperty>();
      auto permissions = std::make_unique<FakePermissions>();
      auto diary = std::make_unique<FakeDiary>();
      s = Systems{hr.get(), desk.get(), property.get(), permissions.get(), diary.get()};
      registry.add<adapters::CaseSystem>(code, code.str() + ".case-system.test", std::move(diary));
      registry.add<adapters::HrSystem>(code, code.str() + ".hr-system.test", std::move(hr));
      registry.add<adapters::ItServiceDesk>(code, code.str() + ".it-service-desk.test", std::move(desk));
      registry.add<adapters::PropertyAccess>(code, code.str() + ".property-access.test", std::move(property));
      registry.add<adapters::PermissionSystem>(code, code.str() + ".permission-system.test", std::move(permissions));
      systems[code.str()] = s;
    }
    registry.freeze();
    workers.set_contract_delivery(&letters, "https://samverkan.test");
    // HR records the managers and their units.
    set_manager(kLekeberg, {"karin.lund", "Karin Lund", "karin.lund@lekeberg.example", {"hemtjansten"}});
    set_manager(kLekeberg, {"olle.gata", "Olle Gata", "olle@lekeberg.example", {"gatuenheten"}});
    set_manager(kAskersund, {"asa.ask", "Åsa Ask", "asa@askersund.example", {"kontaktcenter"}});
    set_manager(kLaxa, {"lars.laxa", "Lars Laxå", "lars@laxa.example", {"medborgarservice"}});
  }

  static config::Cooperation load() {
    return config::load_cooperation(
        std::filesystem::path(SAMVERKAN_SOURCE_DIR) / "tests/services/hiring/hiring_cooperation.xml",
        std::filesystem::path(SAMVERKAN_SOURCE_DIR) / "xsd");
  }

  static security::Principal manager(const std::string& user, const ids::Kommunkod& where) {
    return security::Principal::staff(user, {{where, {security::Role::kHiringManager}}});
  }
  static security::Principal hr(const ids::Kommunkod& where) {
    return security::Principal::staff("hr.officer", {{where, {security::Role::kHrOfficer}}});
  }

  template <typename Body>
  auto as(const security::Principal& who, const ids::Kommunkod& where, Body&& body) {
    tenancy::Context ctx(db, who, where, clock, &audit_log);
    if constexpr (std::is_void_v<decltype(body(ctx))>) {
      body(ctx);
      ctx.commit();
    } else {
      auto result = body(ctx);
      ctx.commit();
      return result;
    }
  }

  void set_manager(const ids::Kommunkod& where, const hiring::Manager& manager) {
    as(hr(where), where, [&](auto& ctx) { service.set_manager(ctx, manager); });
  }

  /// A complete form for Lekeberg's home care: start 2026-08-17 (a Monday), phone and computer,
  /// the town hall card, Lifecare planner.
  static hiring::HireForm form(int person = 1) {
    hiring::HireForm f;
    f.given_name = "Anna";
    f.family_name = "Andersson";
    f.personnummer = nth_personnummer(person);
    f.private_email = "anna.privat@example.com";
    f.mobile = "070-123 45 67";
    f.employment_type = "permanent";
    f.start_date = "2026-08-17";
    f.title = "Undersköterska";
    f.unit = "hemtjansten";
    f.equipment = {"telefon", "dator"};
    f.card_areas = {"KOMMUNHUSET", "HEMTJANST-FJUGESTA"};
    f.roles = {"lifecare/planerare"};
    f.employment_rate = "100";
    f.monthly_salary = "31500";
    return f;
  }

  hiring::Hire create(const security::Principal& who, const ids::Kommunkod& where, const hiring::HireForm& f) {
    return as(who, where, [&](auto& ctx) { return service.create(ctx, f); });
  }

  hiring::Hire get(const std::string& id, const ids::Kommunkod& where = kLekeberg) {
    return as(hr(where), where, [&](auto& ctx) { return service.get(ctx, id); });
  }

  /// Runs every due job until none is left (at most `rounds` rounds).
  std::size_t run_jobs(int rounds = 20) {
    std::size_t total = 0;
    for (int i = 0; i < rounds; ++i) {
      const std::size_t ran = workers.run_once();
      total += ran;
      if (ran == 0) break;
    }
    return total;
  }

  /// Moves the clock on and runs what became due.
  void advance(std::chrono::system_clock::duration by) {
    clock.advance(by);
    run_jobs();
  }

  hiring::Order order(const hiring::Hire& hire, const std::string& purpose, hiring::OrderKind kind) {
    for (const auto& o : get(hire.id).orders) {
      if (o.purpose == purpose && o.kind == kind) return o;
    }
    BOOST_FAIL("no order " + purpose + " " + std::string(hiring::to_string(kind)));
    return {};
  }

  long long count(const std::string& sql) {
    auto session = db.acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }

  Systems& at(const ids::Kommunkod& where) { return systems[where.str()]; }

  /// The mails to managers and HR (escalation notices), not the invitations to new employees'
  /// private addresses.
  std::vector<samverkan::test::SmtpSink::Mail> notices() {
    std::vector<samverkan::test::SmtpSink::Mail> out;
    for (auto& mail : sink.mails()) {
      if (mail.data.find("hire-") != std::string::npos &&
          mail.data.find("-invitation@samverkan>") != std::string::npos) {
        continue;
      }
      out.push_back(std::move(mail));
    }
    return out;
  }

  storage::Database& db;
  config::Cooperation cooperation = load();
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")});
  audit::AuditLog audit_log{keyring};
  // Monday 1 June 2026, 10:00 in Sweden.
  ManualClock clock{std::chrono::sys_days(std::chrono::year(2026) / 6 / 1) + std::chrono::hours(8)};
  adapters::Registry registry{cooperation};
  std::map<std::string, Systems> systems;
  jobs::JobQueue queue{db, clock,
                       jobs::QueueOptions{.first_backoff = std::chrono::seconds(1),
                                          .max_backoff = std::chrono::seconds(60),
                                          .jitter = [] { return 0.5; }}};
  samverkan::test::SmtpSink sink;
  FakeLetters letters;
  hiring::HiringService service{cooperation, keyring};
  hiring::HiringWorkers workers{
      db,
      cooperation,
      keyring,
      audit_log,
      registry,
      clock,
      queue,
      mail::SmtpOptions{.host = "127.0.0.1", .port = sink.port(), .from = "noreply@sydnarke.example"},
      "https://samverkan.test",
      nullptr};
  security::Principal karin = manager("karin.lund", kLekeberg);
  security::Principal olle = manager("olle.gata", kLekeberg);
  security::Principal asa = manager("asa.ask", kAskersund);
  security::Principal lars = manager("lars.laxa", kLaxa);
};

}  // namespace samverkan::hiring::test

// The contract's tables (migrations/4001_hiring_employee.sql) and the contract columns of
// hiring_hire: every statement through the context's TenantSession.
#include <soci/soci.h>

#include "detail/contract_store.hpp"
#include "detail/hiring.hpp"
#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::hiring::detail {
namespace {

using storage::row_optional_text;
using storage::row_optional_time;
using storage::row_text;
using storage::row_time;
using storage::sql_guard;

// crypto::associated_data(table, column, {municipality, key}), as register_encrypted_columns
// registers them.
std::string associated(std::string_view table, std::string_view column, const tenancy::Context& ctx,
                       std::string_view key) {
  return crypto::associated_data(table, column, {ctx.municipality().str(), std::string(key)});
}

}  // namespace

std::optional<ContractState> contract_state(tenancy::Context& ctx, const std::string& hire_id) {
  return sql_guard("reading a contract's state", [&] {
    std::optional<ContractState> state;
    for (const auto& row : ctx.sql().rows("SELECT contract_state FROM hiring_hire WHERE {{tenant}} AND id = :id",
                                          soci::use(hire_id, "id"))) {
      state = parse_contract_state(row_text(row, 0));
    }
    return state;
  });
}

Hire read_hire_for_contract(tenancy::Context& ctx, const crypto::Keyring& keyring,
                            const config::HiringSettings& settings, const std::string& hire_id) {
  auto hire = read_hire(ctx, keyring, hire_id);
  if (!hire) throw InternalError("a contract without its hire");
  if (const config::HiringUnit* unit = settings.find_unit(hire->unit)) {
    hire->unit_name = unit->name;
    hire->workplace = unit->workplace;
  }
  if (const auto manager = read_manager(ctx, hire->manager)) hire->manager_name = manager->name;
  return *hire;
}

bool store_contract(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& hire_id,
                    const std::string& pdf, const std::string& token) {
  const std::string sha256 = crypto::sha256_hex(pdf);
  const std::string now = storage::format_time(ctx.now());
  if (!changed(ctx, "drawing up a contract",
               "UPDATE hiring_hire SET contract_state = 'drawn-up', contract_sha256 = :sha, updated_at = :now "
               "WHERE {{tenant}} AND id = :id AND contract_state = 'none' RETURNING id",
               soci::use(sha256, "sha"), soci::use(now, "now"), soci::use(hire_id, "id"))) {
    return false;
  }
  const std::string sealed_pdf = crypto::encrypt(keyring, pdf, associated("hiring_contract", "pdf", ctx, hire_id));
  const std::string sealed_token =
      crypto::encrypt(keyring, token, associated("hiring_contract", "link_token", ctx, hire_id));
  const std::string link_hash = crypto::sha256_hex(token);
  sql_guard("storing a contract", [&] {
    ctx.sql().exec(
        "INSERT INTO hiring_contract (municipality, hire_id, pdf, sha256, link_hash, link_token, created_at, "
        "updated_at) VALUES (:tenant, :id, :pdf, :sha, :link, :token, :now, :now)",
        soci::use(hire_id, "id"), soci::use(sealed_pdf, "pdf"), soci::use(sha256, "sha"), soci::use(link_hash, "link"),
        soci::use(sealed_token, "token"), soci::use(now, "now"));
  });
  return true;
}

std::optional<StoredContract> read_contract(tenancy::Context& ctx, const crypto::Keyring& keyring,
                                            const std::string& hire_id) {
  return sql_guard("reading a contract", [&] {
    std::optional<StoredContract> found;
    for (const auto& row :
         ctx.sql().rows("SELECT c.pdf, c.sha256, c.link_token, h.contract_case, c.registration, c.evidence, "
                        "c.evidence_registration, c.failure FROM hiring_contract c JOIN hiring_hire h ON "
                        "h.municipality = c.municipality AND h.id = c.hire_id WHERE {{tenant:c}} AND c.hire_id = :id",
                        soci::use(hire_id, "id"))) {
      StoredContract c;
      c.pdf = crypto::decrypt(keyring, row_text(row, 0), associated("hiring_contract", "pdf", ctx, hire_id));
      c.sha256 = row_text(row, 1);
      c.token = crypto::decrypt(keyring, row_text(row, 2), associated("hiring_contract", "link_token", ctx, hire_id));
      c.case_number = row_optional_text(row, 3).value_or("");
      c.registration = row_optional_text(row, 4).value_or("");
      if (const auto evidence = row_optional_text(row, 5)) {
        c.evidence = crypto::decrypt(keyring, *evidence, associated("hiring_contract", "evidence", ctx, hire_id));
      }
      c.evidence_registration = row_optional_text(row, 6).value_or("");
      c.failure = row_optional_text(row, 7).value_or("");
      found = std::move(c);
    }
    return found;
  });
}

bool contract_registered(tenancy::Context& ctx, const std::string& hire_id, const std::string& case_number,
                         const std::string& registration) {
  const std::string now = storage::format_time(ctx.now());
  if (!changed(ctx, "registering a contract",
               "UPDATE hiring_hire SET contract_state = 'registered', contract_case = :case, updated_at = :now "
               "WHERE {{tenant}} AND id = :id AND contract_state = 'drawn-up' RETURNING id",
               soci::use(case_number, "case"), soci::use(now, "now"), soci::use(hire_id, "id"))) {
    return false;
  }
  sql_guard("registering a contract", [&] {
    ctx.sql().exec(
        "UPDATE hiring_contract SET registration = :registration, updated_at = :now WHERE {{tenant}} AND "
        "hire_id = :id",
        soci::use(registration, "registration"), soci::use(now, "now"), soci::use(hire_id, "id"));
  });
  return true;
}

bool contract_sent(tenancy::Context& ctx, const std::string& hire_id, const std::string& letter) {
  const std::string now = storage::format_time(ctx.now());
  return changed(ctx, "sending a contract",
                 "UPDATE hiring_hire SET contract_state = 'sent', contract_letter = :letter, updated_at = :now "
                 "WHERE {{tenant}} AND id = :id AND contract_state = 'registered' RETURNING id",
                 soci::use(letter, "letter"), soci::use(now, "now"), soci::use(hire_id, "id"));
}

bool contract_signed(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& hire_id,
                     const std::string& evidence) {
  const std::string now = storage::format_time(ctx.now());
  if (!changed(ctx, "recording a signature",
               "UPDATE hiring_hire SET contract_state = 'signed', contract_signed_at = :now, updated_at = :now "
               "WHERE {{tenant}} AND id = :id AND contract_state = 'sent' RETURNING id",
               soci::use(now, "now"), soci::use(hire_id, "id"))) {
    return false;
  }
  const std::string sealed =
      crypto::encrypt(keyring, evidence, associated("hiring_contract", "evidence", ctx, hire_id));
  sql_guard("recording a signature", [&] {
    ctx.sql().exec(
        "UPDATE hiring_contract SET evidence = :evidence, updated_at = :now WHERE {{tenant}} AND "
        "hire_id = :id",
        soci::use(sealed, "evidence"), soci::use(now, "now"), soci::use(hire_id, "id"));
  });
  return true;
}

void contract_failed(tenancy::Context& ctx, const std::string& hire_id, const std::string& reason) {
  const std::string now = storage::format_time(ctx.now());
  sql_guard("failing a contract", [&] {
    ctx.sql().exec(
        "UPDATE hiring_hire SET contract_state = 'failed', updated_at = :now WHERE {{tenant}} AND id = :id AND "
        "contract_state <> 'signed'",
        soci::use(now, "now"), soci::use(hire_id, "id"));
    ctx.sql().exec(
        "UPDATE hiring_contract SET failure = :reason, updated_at = :now WHERE {{tenant}} AND "
        "hire_id = :id",
        soci::use(reason, "reason"), soci::use(now, "now"), soci::use(hire_id, "id"));
  });
}

void evidence_registered(tenancy::Context& ctx, const std::string& hire_id, const std::string& registration) {
  const std::string now = storage::format_time(ctx.now());
  sql_guard("registering a signature", [&] {
    ctx.sql().exec(
        "UPDATE hiring_contract SET evidence_registration = :registration, updated_at = :now WHERE "
        "{{tenant}} AND hire_id = :id",
        soci::use(registration, "registration"), soci::use(now, "now"), soci::use(hire_id, "id"));
  });
}

std::optional<ContractByToken> contract_by_token(tenancy::Context& ctx, std::string_view token) {
  // The token is 64 hex characters; anything else cannot be one (and is not looked up).
  if (token.size() != 64 || token.find_first_not_of("0123456789abcdef") != std::string_view::npos) return {};
  const std::string link_hash = crypto::sha256_hex(token);
  return sql_guard("finding a contract", [&] {
    std::optional<ContractByToken> found;
    for (const auto& row : ctx.sql().rows(
             "SELECT c.hire_id, c.sha256, h.title, h.contract_state, h.contract_signed_at FROM hiring_contract c "
             "JOIN hiring_hire h ON h.municipality = c.municipality AND h.id = c.hire_id "
             "WHERE {{tenant:c}} AND c.link_hash = :link",
             soci::use(link_hash, "link"))) {
      found = ContractByToken{row_text(row, 0), row_text(row, 1), row_text(row, 2),
                              parse_contract_state(row_text(row, 3)), row_optional_time(row, 4)};
    }
    return found;
  });
}

SignStarted record_bankid_order(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& hire_id,
                                std::string_view purpose, const bankid::Order& order, const std::string& digest) {
  SignStarted started;
  started.signing_id = crypto::random_hex(16);
  started.auto_start_token = order.auto_start_token;
  started.qr = bankid::qr_content(order.qr_start_token, order.qr_start_secret, 0);
  const std::string& id = started.signing_id;
  const std::string secret =
      crypto::encrypt(keyring, order.qr_start_secret, associated("hiring_bankid_order", "qr_start_secret", ctx, id));
  const std::string started_at = storage::format_time(order.started_at);
  const std::string what(purpose);
  sql_guard("recording a BankID order", [&] {
    ctx.sql().exec(
        "INSERT INTO hiring_bankid_order (id, municipality, hire_id, purpose, order_ref, auto_start_token, "
        "qr_start_token, qr_start_secret, digest, started_at) VALUES (:id, :tenant, :hire, :purpose, :ref, :auto, "
        ":qr, :secret, :digest, :at)",
        soci::use(id, "id"), soci::use(hire_id, "hire"), soci::use(what, "purpose"), soci::use(order.order_ref, "ref"),
        soci::use(order.auto_start_token, "auto"), soci::use(order.qr_start_token, "qr"), soci::use(secret, "secret"),
        soci::use(digest, "digest"), soci::use(started_at, "at"));
  });
  return started;
}

std::optional<BankIdOrder> read_bankid_order(tenancy::Context& ctx, const crypto::Keyring& keyring, std::string_view id,
                                             const std::string& hire_id, std::string_view purpose) {
  const std::string key(id);
  const std::string what(purpose);
  return sql_guard("reading a BankID order", [&] {
    std::optional<BankIdOrder> found;
    for (const auto& row :
         ctx.sql().rows("SELECT order_ref, auto_start_token, qr_start_token, qr_start_secret, digest, started_at FROM "
                        "hiring_bankid_order WHERE {{tenant}} AND id = :id AND hire_id = :hire AND purpose = :purpose",
                        soci::use(key, "id"), soci::use(hire_id, "hire"), soci::use(what, "purpose"))) {
      found = BankIdOrder{
          row_text(row, 0),
          row_text(row, 1),
          row_text(row, 2),
          crypto::decrypt(keyring, row_text(row, 3), associated("hiring_bankid_order", "qr_start_secret", ctx, key)),
          row_text(row, 4),
          row_time(row, 5)};
    }
    return found;
  });
}

void delete_bankid_order(tenancy::Context& ctx, std::string_view id) {
  const std::string key(id);
  sql_guard("closing a BankID order", [&] {
    ctx.sql().exec("DELETE FROM hiring_bankid_order WHERE {{tenant}} AND id = :id", soci::use(key, "id"));
  });
}

std::string invitation_token(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& hire_id) {
  const auto stored = sql_guard("reading an invitation", [&] {
    std::optional<std::string> found;
    for (const auto& row : ctx.sql().rows("SELECT token FROM hiring_invitation WHERE {{tenant}} AND hire_id = :id",
                                          soci::use(hire_id, "id"))) {
      found = row_text(row, 0);
    }
    return found;
  });
  if (stored) return crypto::decrypt(keyring, *stored, associated("hiring_invitation", "token", ctx, hire_id));
  std::string token = crypto::random_hex(32);
  const std::string sealed = crypto::encrypt(keyring, token, associated("hiring_invitation", "token", ctx, hire_id));
  const std::string hash = crypto::sha256_hex(token);
  const std::string now = storage::format_time(ctx.now());
  sql_guard("storing an invitation", [&] {
    ctx.sql().exec(
        "INSERT INTO hiring_invitation (municipality, hire_id, token_hash, token, created_at) VALUES (:tenant, :id, "
        ":hash, :token, :now)",
        soci::use(hire_id, "id"), soci::use(hash, "hash"), soci::use(sealed, "token"), soci::use(now, "now"));
  });
  return token;
}

void invitation_sent(tenancy::Context& ctx, const std::string& hire_id) {
  const std::string now = storage::format_time(ctx.now());
  sql_guard("recording an invitation", [&] {
    ctx.sql().exec("UPDATE hiring_invitation SET sent_at = :now WHERE {{tenant}} AND hire_id = :id AND sent_at IS NULL",
                   soci::use(now, "now"), soci::use(hire_id, "id"));
  });
}

std::optional<Invitation> invitation_by_token(tenancy::Context& ctx, std::string_view token) {
  if (token.size() != 64 || token.find_first_not_of("0123456789abcdef") != std::string_view::npos) return {};
  const std::string hash = crypto::sha256_hex(token);
  return sql_guard("finding an invitation", [&] {
    std::optional<Invitation> found;
    for (const auto& row : ctx.sql().rows(
             "SELECT hire_id, used_at, activated_at, activation_hash, activation_expires FROM hiring_invitation "
             "WHERE {{tenant}} AND token_hash = :hash",
             soci::use(hash, "hash"))) {
      found = Invitation{row_text(row, 0), row_optional_time(row, 1).has_value(), row_optional_time(row, 2).has_value(),
                         row_optional_text(row, 3).value_or(""), row_optional_time(row, 4)};
    }
    return found;
  });
}

bool use_invitation(tenancy::Context& ctx, const std::string& hire_id, const std::string& activation_hash,
                    Clock::TimePoint expires) {
  const std::string now = storage::format_time(ctx.now());
  const std::string until = storage::format_time(expires);
  return changed(ctx, "using an invitation",
                 "UPDATE hiring_invitation SET used_at = :now, activation_hash = :hash, activation_expires = :until "
                 "WHERE {{tenant}} AND hire_id = :id AND used_at IS NULL RETURNING hire_id",
                 soci::use(now, "now"), soci::use(activation_hash, "hash"), soci::use(until, "until"),
                 soci::use(hire_id, "id"));
}

bool invitation_activated(tenancy::Context& ctx, const std::string& hire_id) {
  const std::string now = storage::format_time(ctx.now());
  return changed(ctx, "activating an account",
                 "UPDATE hiring_invitation SET activated_at = :now, activation_hash = NULL WHERE {{tenant}} AND "
                 "hire_id = :id AND activated_at IS NULL RETURNING hire_id",
                 soci::use(now, "now"), soci::use(hire_id, "id"));
}

}  // namespace samverkan::hiring::detail

#include "samverkan/audit/audit_log.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <chrono>

#include "audit/detail/stored_entry.hpp"
#include "crypto/detail/openssl_util.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/time.hpp"
#include "samverkan/tenancy/tenant_session.hpp"

namespace samverkan::audit {
namespace {

using store::entry_columns;
using store::read_entry;
using store::time_column;

namespace detail = crypto::detail;

constexpr std::string_view kFormat = "samverkan.audit.v1";
constexpr std::string_view kCitizenIndexPurpose = "audit.principal";
constexpr int kVerifyBatch = 1000;

std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

// Lock waits, deadlocks, serialisation failures and a busy SQLite are worth retrying later:
// Unavailable. Everything else is a bug or a broken schema: InternalError.
[[noreturn]] void rethrow_database_error(const soci::soci_error& e, const std::string& what) {
  const std::string message = what + ": " + first_line(e.what());
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const std::string state = pg->sqlstate();
    if (state == "55P03" || state == "40P01" || state == "40001" || state.starts_with("08")) {
      throw Unavailable(message);
    }
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    const int code = lite->result() & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) throw Unavailable(message);
  }
  if (e.get_error_category() == soci::soci_error::connection_error) throw Unavailable(message);
  throw InternalError(message);
}

void append_field(std::string& out, std::string_view field) {
  if (field.size() > 0xffffffffu) throw InvalidInput("audit field too long");
  const auto length = static_cast<std::uint32_t>(field.size());
  out += static_cast<char>((length >> 24) & 0xff);
  out += static_cast<char>((length >> 16) & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  out += static_cast<char>(length & 0xff);
  out.append(field);
}

bool valid_hash_text(std::string_view hex) {
  return hex.size() == 64 && hex.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The hash `entry` would have if its sequence were `sequence`; empty when prev_hash is malformed.
std::string hash_as(const AuditEntry& entry, long long sequence) {
  if (!valid_hash_text(entry.prev_hash)) return {};
  AuditEntry copy = entry;
  copy.sequence = sequence;
  return entry_hash(entry.prev_hash, copy);
}

std::string entry_name(long long sequence) { return "entry " + std::to_string(sequence); }

class ChainVerifier {
 public:
  ChainVerifier(soci::session& session, const storage::Dialect& dialect, std::string municipality)
      : session_(session), dialect_(dialect), municipality_(std::move(municipality)) {}

  // Walks the chain; returns the first break and adds the intact entries to `checked`.
  std::optional<Break> run(long long& checked) {
    long long expected = 1;
    std::string prev(kGenesisHash);
    const std::string select = "SELECT " + entry_columns(dialect_) +
                               " FROM audit_entry WHERE municipality = :m AND sequence > :after"
                               " ORDER BY sequence LIMIT :batch";
    long long after = 0;
    while (true) {
      std::vector<AuditEntry> batch;
      {
        soci::rowset<soci::row> rows = (session_.prepare << select, soci::use(municipality_, "m"),
                                        soci::use(after, "after"), soci::use(kVerifyBatch, "batch"));
        for (const auto& row : rows) batch.push_back(read_entry(row));
      }
      if (batch.empty()) break;
      for (const auto& entry : batch) {
        after = entry.sequence;
        if (entry.sequence != expected) {
          // Sequences are unique and ordered, so a different number means a gap.
          return broken(expected, entry_name(expected) + " is missing: the chain goes from " +
                                      (expected == 1 ? std::string("its start") : entry_name(expected - 1)) + " to " +
                                      entry_name(entry.sequence));
        }
        if (auto found = check(entry, prev)) return found;
        ++checked;
        prev = entry.hash;
        ++expected;
      }
    }
    return check_head(expected - 1, prev);
  }

 private:
  Break broken(long long sequence, std::string reason) const {
    return Break{municipality_, sequence, std::move(reason)};
  }

  std::optional<Break> check(const AuditEntry& entry, const std::string& prev) {
    const long long i = entry.sequence;
    const std::string recomputed = hash_as(entry, i);
    const bool self_consistent = !recomputed.empty() && recomputed == entry.hash;
    const bool linked = entry.prev_hash == prev;
    if (linked && self_consistent) return std::nullopt;
    if (linked) return broken(i, entry_name(i) + " was edited: its content does not match its hash");

    // The entry does not link to its predecessor. Find out why, most specific first.
    // Reordered: the entry that really follows the predecessor sits at another sequence and
    // verifies there as entry i.
    if (auto moved = find_moved(i, prev)) {
      return broken(
          i, entry_name(i) + " was reordered: its original content is now at sequence " + std::to_string(*moved));
    }
    // Renumbered upwards: this entry verifies as i-1, so something was inserted before it.
    if (i > 1 && hash_as(entry, i - 1) == entry.hash) {
      return broken(i - 1, entry_name(i - 1) + " was inserted: the entry now numbered " + std::to_string(i) +
                               " was entry " + std::to_string(i - 1) + " and later entries were renumbered");
    }
    // Renumbered downwards: this entry verifies as i+1, so entry i was deleted and the gap closed.
    if (hash_as(entry, i + 1) == entry.hash) {
      return broken(i, entry_name(i) + " is missing: later entries were renumbered to close the gap");
    }
    const std::string predecessor = i == 1 ? std::string("the start of the chain") : entry_name(i - 1);
    if (self_consistent) {
      return broken(i, entry_name(i) + " does not link to " + predecessor + ": an entry was inserted there or " +
                           (i == 1 ? std::string("the chain was rewritten") : entry_name(i - 1) + " was rewritten"));
    }
    return broken(i, entry_name(i) + " does not link to " + predecessor +
                         " and does not match its own hash: it was forged or edited");
  }

  std::optional<long long> find_moved(long long i, const std::string& prev) {
    const std::string select = "SELECT " + entry_columns(dialect_) +
                               " FROM audit_entry WHERE municipality = :m AND prev_hash = :prev AND sequence <> :i";
    soci::rowset<soci::row> rows =
        (session_.prepare << select, soci::use(municipality_, "m"), soci::use(prev, "prev"), soci::use(i, "i"));
    for (const auto& row : rows) {
      const AuditEntry candidate = read_entry(row);
      if (hash_as(candidate, i) == candidate.hash) return candidate.sequence;
    }
    return std::nullopt;
  }

  std::optional<Break> check_head(long long last, const std::string& last_hash) {
    long long head_sequence = 0;
    std::string head_hash;
    soci::indicator found = soci::i_null;
    session_ << "SELECT sequence, hash FROM audit_head WHERE municipality = :m", soci::use(municipality_, "m"),
        soci::into(head_sequence, found), soci::into(head_hash);
    if (!session_.got_data() || found != soci::i_ok) {
      if (last == 0) return std::nullopt;
      return broken(last, "the chain has " + std::to_string(last) + " entries but no head: audit_head was deleted");
    }
    if (head_sequence > last) {
      return broken(last + 1, entry_name(last + 1) + " is missing: the chain ends at " +
                                  (last == 0 ? std::string("its start") : entry_name(last)) + " but its head records " +
                                  entry_name(head_sequence));
    }
    if (head_sequence < last) {
      return broken(head_sequence + 1, entry_name(head_sequence + 1) + " was inserted: the head records " +
                                           entry_name(head_sequence) + " but the chain goes on to " + entry_name(last));
    }
    if (head_hash != last_hash) {
      return broken(last, last == 0 ? std::string("the head of the empty chain has been changed")
                                    : entry_name(last) + " was rewritten: its hash differs from the chain head's");
    }
    return std::nullopt;
  }

  soci::session& session_;
  const storage::Dialect& dialect_;
  std::string municipality_;
};

}  // namespace

std::string_view to_string(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::kSuccess:
      return "success";
    case Outcome::kRefused:
      return "refused";
    case Outcome::kFailed:
      return "failed";
  }
  return "failed";
}

std::string canonical_bytes(const AuditEntry& entry) {
  std::string out;
  out.reserve(128 + entry.principal.size() + entry.action.size() + entry.object_type.size() + entry.object_id.size() +
              entry.detail.size());
  append_field(out, kFormat);
  append_field(out, entry.municipality);
  append_field(out, std::to_string(entry.sequence));
  append_field(out, entry.at);
  append_field(out, entry.principal);
  append_field(out, entry.action);
  append_field(out, entry.object_type);
  append_field(out, entry.object_id);
  append_field(out, entry.outcome);
  append_field(out, entry.detail);
  return out;
}

std::string entry_hash(std::string_view prev_hash_hex, const AuditEntry& entry) {
  const auto prev = prev_hash_hex.size() == 64 ? detail::from_hex(prev_hash_hex) : std::nullopt;
  if (!prev) throw InvalidInput("an audit hash must be 64 hex digits");
  const std::string canonical = canonical_bytes(entry);
  return crypto::sha256_hex(detail::as_string(*prev) + canonical);
}

AuditLog::AuditLog(const crypto::Keyring& keyring) : keyring_(keyring) {}

std::string citizen_pseudonym(const crypto::Keyring& keyring, const ids::Personnummer& personnummer) {
  return "citizen:" + keyring.blind_index(kCitizenIndexPurpose, personnummer.digits());
}

std::string AuditLog::recorded_principal(const security::Principal& principal) const {
  if (principal.kind() == security::PrincipalKind::kCitizen) {
    if (!principal.personnummer()) throw InternalError("a citizen principal without a personnummer");
    return citizen_pseudonym(keyring_, *principal.personnummer());
  }
  return principal.id();
}

void AuditLog::append(tenancy::TenantSession& tx, const security::Principal& principal, Clock::TimePoint at,
                      const AuditEvent& event, Outcome outcome) const {
  AuditEntry entry;
  entry.municipality = tx.municipality().str();
  entry.at = storage::format_time(at);
  entry.principal = recorded_principal(principal);
  entry.action = event.action;
  entry.object_type = event.object_type;
  entry.object_id = event.object_id;
  entry.outcome = to_string(outcome);
  entry.detail = event.detail;
  const bool postgresql = tx.dialect().backend() == storage::Backend::kPostgresql;
  try {
    const std::string genesis(kGenesisHash);
    long long head_sequence = -1;
    std::string head_hash;
    soci::indicator head_found = soci::i_null;
    if (postgresql) {
      // Lock the head row: appends to one chain queue up here. Only a chain's first append
      // finds no row; it creates one (a concurrent creator waits on the key, then does nothing)
      // and locks it.
      const std::string lock = "SELECT sequence, hash FROM audit_head WHERE {{tenant}} FOR UPDATE";
      tx.exec(lock, soci::into(head_sequence, head_found), soci::into(head_hash));
      if (head_found != soci::i_ok) {
        tx.exec(
            "INSERT INTO audit_head (municipality, sequence, hash) VALUES (:tenant, 0, :genesis) "
            "ON CONFLICT (municipality) DO NOTHING",
            soci::use(genesis, "genesis"));
        tx.exec(lock, soci::into(head_sequence, head_found), soci::into(head_hash));
      }
    } else {
      // SQLite: write first, so that this statement takes the database's write lock (a read
      // first would let two appenders read the same head and then fail to upgrade).
      tx.exec(
          "INSERT INTO audit_head (municipality, sequence, hash) VALUES (:tenant, 0, :genesis) "
          "ON CONFLICT (municipality) DO NOTHING",
          soci::use(genesis, "genesis"));
      tx.exec("SELECT sequence, hash FROM audit_head WHERE {{tenant}}", soci::into(head_sequence, head_found),
              soci::into(head_hash));
    }
    if (head_found != soci::i_ok || head_sequence < 0 || !valid_hash_text(head_hash)) {
      throw InternalError("the audit head of " + entry.municipality + " is missing or corrupt; run audit verify");
    }
    entry.sequence = head_sequence + 1;
    entry.prev_hash = head_hash;
    entry.hash = entry_hash(entry.prev_hash, entry);
    const std::string insert =
        "INSERT INTO audit_entry (municipality, sequence, at, principal, action, object_type, object_id, "
        "outcome, detail, prev_hash, hash) VALUES (:tenant, :sequence, :at, :principal, :action, :object_type, "
        ":object_id, :outcome, :detail, :prev_hash, :hash)";
    if (postgresql) {
      // The entry and the new head in one round trip (a data-modifying CTE: both or neither).
      // The head is set from the inserted row itself, so each value is bound once.
      tx.exec("WITH entry AS (" + insert +
                  " RETURNING municipality, sequence, hash) UPDATE audit_head SET sequence = entry.sequence, "
                  "hash = entry.hash FROM entry WHERE audit_head.municipality = entry.municipality",
              soci::use(entry.sequence, "sequence"), soci::use(entry.at, "at"), soci::use(entry.principal, "principal"),
              soci::use(entry.action, "action"), soci::use(entry.object_type, "object_type"),
              soci::use(entry.object_id, "object_id"), soci::use(entry.outcome, "outcome"),
              soci::use(entry.detail, "detail"), soci::use(entry.prev_hash, "prev_hash"),
              soci::use(entry.hash, "hash"));
    } else {
      tx.exec(insert, soci::use(entry.sequence, "sequence"), soci::use(entry.at, "at"),
              soci::use(entry.principal, "principal"), soci::use(entry.action, "action"),
              soci::use(entry.object_type, "object_type"), soci::use(entry.object_id, "object_id"),
              soci::use(entry.outcome, "outcome"), soci::use(entry.detail, "detail"),
              soci::use(entry.prev_hash, "prev_hash"), soci::use(entry.hash, "hash"));
      tx.exec("UPDATE audit_head SET sequence = :sequence, hash = :hash WHERE {{tenant}}",
              soci::use(entry.sequence, "sequence"), soci::use(entry.hash, "hash"));
    }
  } catch (const soci::soci_error& e) {
    rethrow_database_error(e, "cannot append to the audit trail of " + entry.municipality);
  }
}

void AuditLog::append_separately(storage::Database& db, const ids::Kommunkod& municipality,
                                 const security::Principal& principal, Clock::TimePoint at, const AuditEvent& event,
                                 Outcome outcome) const {
  auto session = db.acquire();
  try {
    soci::transaction transaction(*session);
    if (db.dialect().backend() == storage::Backend::kPostgresql) {
      // The caller may hold this chain's head lock in its own (other) connection: fail, don't hang.
      *session << "SET LOCAL lock_timeout = '10s'";
    }
    tenancy::TenantSession tx(*session, db.dialect(), municipality);
    append(tx, principal, at, event, outcome);
    transaction.commit();
  } catch (const soci::soci_error& e) {
    rethrow_database_error(e, "cannot append to the audit trail of " + municipality.str());
  }
}

VerifyResult AuditLog::verify(storage::Database& db, const std::optional<ids::Kommunkod>& municipality) {
  VerifyResult result;
  auto session = db.acquire();
  try {
    // One snapshot for the whole walk, so appends committed meanwhile are either wholly seen
    // (entry and head) or not at all.
    soci::transaction transaction(*session);
    if (db.dialect().backend() == storage::Backend::kPostgresql) {
      *session << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    }
    std::vector<std::string> codes;
    if (municipality) {
      codes.push_back(municipality->str());
    } else {
      soci::rowset<soci::row> rows = (session->prepare << "SELECT municipality FROM audit_head UNION "
                                                          "SELECT municipality FROM audit_entry ORDER BY 1");
      for (const auto& row : rows) codes.push_back(row.get<std::string>(0));
    }
    for (const auto& code : codes) {
      ChainVerifier verifier(*session, db.dialect(), code);
      if (auto found = verifier.run(result.entries_checked)) {
        result.first_break = std::move(found);
        break;
      }
    }
    transaction.rollback();  // read only
  } catch (const soci::soci_error& e) {
    rethrow_database_error(e, "cannot verify the audit trail");
  }
  return result;
}

std::pair<long long, std::string> AuditLog::head(storage::Database& db, const ids::Kommunkod& municipality) {
  auto session = db.acquire();
  long long sequence = 0;
  std::string hash;
  soci::indicator found = soci::i_null;
  try {
    const std::string& code = municipality.str();
    *session << "SELECT sequence, hash FROM audit_head WHERE municipality = :m", soci::use(code, "m"),
        soci::into(sequence, found), soci::into(hash);
    if (!session->got_data() || found != soci::i_ok) return {0, std::string(kGenesisHash)};
  } catch (const soci::soci_error& e) {
    rethrow_database_error(e, "cannot read the audit head of " + municipality.str());
  }
  return {sequence, hash};
}

}  // namespace samverkan::audit

#pragma once
/// The audit trail: append-only, one hash chain per municipality. Each entry holds the time,
/// the principal, the action, the object, the outcome, and
///   hash = SHA-256(previous entry's hash || canonical bytes of this entry).
/// Entries are written in the transaction of the change they describe (Context::audit), so
/// a change and its record commit or vanish together. Refusals are written in a transaction
/// of their own.
///
/// Canonical bytes (format "samverkan.audit.v1"), fixed so that anyone can recompute a chain:
/// the concatenation of ten fields, each as a 4-byte big-endian length followed by its UTF-8
/// bytes:
///   1 "samverkan.audit.v1"   2 municipality ("0199")   3 sequence (decimal, "17")
///   4 time (ISO-8601 UTC with milliseconds, "2026-11-22T10:15:30.123Z")
///   5 principal   6 action   7 object_type   8 object_id
///   9 outcome ("success" | "refused" | "failed")   10 detail
/// The hash input is the 32 raw bytes of the previous hash (32 zero bytes for sequence 1)
/// followed by the canonical bytes; hashes are stored as lower-case hex.
///
/// Principals are recorded by Principal::id(), except citizens: "citizen:" +
/// keyring.blind_index("audit.principal", personnummer digits), so the trail holds no
/// personnummer and yet all entries of one citizen can be found.
///
/// Anchoring: the chain proves that entries were not changed relative to each other and to the
/// head. Someone with write access to the database could rewrite a whole chain from some point
/// on; publish head() elsewhere now and then (anchoring) to detect that as well.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::crypto {
class Keyring;
}

namespace samverkan::tenancy {
class TenantSession;
}

namespace samverkan::audit {

enum class Outcome { kSuccess, kRefused, kFailed };

/// "success", "refused", "failed".
std::string_view to_string(Outcome outcome) noexcept;

/// What happened: action "errand.read", object type "errand", object id "42".
/// Object ids are ours (row ids, case numbers), never personal data.
struct AuditEvent {
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string detail = {};  ///< optional, no personal data
};

}  // namespace samverkan::audit

namespace samverkan::audit {

/// The first broken link found by verify().
struct Break {
  std::string municipality;
  long long sequence = 0;  ///< the entry's sequence number in its chain
  std::string reason;      ///< "entry 17 was edited", "entry 17 is missing", ...
};

struct VerifyResult {
  long long entries_checked = 0;
  std::optional<Break> first_break;  ///< empty when every chain is intact
};

/// One stored entry, as hashed.
struct AuditEntry {
  std::string municipality;
  long long sequence = 0;
  std::string at;  ///< ISO-8601 UTC with milliseconds, see storage::format_time()
  std::string principal;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string outcome;  ///< to_string(Outcome)
  std::string detail;
  std::string prev_hash;  ///< hex
  std::string hash;       ///< hex
};

/// The previous hash of a chain's first entry, and the head hash of an empty chain: 64 zeros.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry's `at`: "2026-11-22T10:15:30.123Z", UTC, milliseconds, truncated towards the past
/// (storage/time.hpp's one formatter, the same text as the {{timestamp}} columns).
using storage::format_time;

/// The canonical bytes described above (prev_hash and hash are not part of them).
std::string canonical_bytes(const AuditEntry& entry);

/// hex(SHA-256(bytes of prev_hash_hex || canonical_bytes(entry))). Throws samverkan::InvalidInput
/// when `prev_hash_hex` is not 64 hex digits.
std::string entry_hash(std::string_view prev_hash_hex, const AuditEntry& entry);

/// How a citizen is recorded in the trail: "citizen:" + blind index (see above). For naming a
/// citizen in an entry's detail, e.g. whom an integration submitted for.
std::string citizen_pseudonym(const crypto::Keyring& keyring, const ids::Personnummer& personnummer);

class AuditLog {
 public:
  /// `keyring` pseudonymises citizens: a citizen is recorded as "citizen:" + its blind index,
  /// never by personnummer. The keyring must outlive the log.
  explicit AuditLog(const crypto::Keyring& keyring);

  /// Appends an entry in the caller's transaction (the session's municipality). On PostgreSQL
  /// it locks the chain's head row until the caller's transaction ends, so keep audited
  /// transactions short (and append late in them); it takes two statements (lock the head;
  /// the entry and the new head in one), three for a chain's first entry. On SQLite it takes
  /// the database's write lock. Throws
  /// samverkan::InternalError / Unavailable when the database fails (the caller rolls back).
  void append(tenancy::TenantSession& tx, const security::Principal& principal, Clock::TimePoint at,
              const AuditEvent& event, Outcome outcome) const;

  /// Appends an entry in a transaction of its own (for refusals, which the caller rolls back).
  /// Leases a second session from `db`: do not call it while holding the pool's last session.
  /// If the caller's own transaction has appended to the same municipality's chain it holds the
  /// head lock; on PostgreSQL this call then gives up after 10 s with samverkan::Unavailable
  /// rather than waiting forever.
  void append_separately(storage::Database& db, const ids::Kommunkod& municipality,
                         const security::Principal& principal, Clock::TimePoint at, const AuditEvent& event,
                         Outcome outcome) const;

  /// Walks the chain of one municipality (or all) and reports the first broken link:
  /// an edited, deleted, reordered or inserted entry. Reads in one snapshot (REPEATABLE READ on
  /// PostgreSQL, a read transaction on SQLite), so concurrent appends do not disturb it.
  /// Chains are checked in municipality-code order; entries_checked counts the entries that
  /// verified before the first break. Throws samverkan::Unavailable / InternalError when the
  /// database fails.
  static VerifyResult verify(storage::Database& db, const std::optional<ids::Kommunkod>& municipality);

  /// The latest hash of a municipality's chain (hex) and its sequence number, for anchoring
  /// elsewhere; sequence 0 and the genesis hash for an empty chain.
  static std::pair<long long, std::string> head(storage::Database& db, const ids::Kommunkod& municipality);

  /// How `principal` is recorded in the trail (see above).
  std::string recorded_principal(const security::Principal& principal) const;

 private:
  const crypto::Keyring& keyring_;
};

}  // namespace samverkan::audit

#pragma once
// Key rotation checked identically on SQLite (key_rotation_test) and PostgreSQL
// (key_rotation_pgtest), on a small table the checks create themselves.
#include <soci/soci.h>
#include <boost/test/unit_test.hpp>

#include <map>

#include "libcore/crypto/crypto_test_keys.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/crypto/key_rotation.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::test {

struct SimulatedCrash {};

inline std::string note_place(const std::string& municipality, const std::string& id) {
  return "secret_note.body|" + municipality + "|" + id;
}

inline crypto::RotationTarget note_target() {
  return crypto::RotationTarget{"secret_note", "id", "body", {"municipality"}, [](const crypto::RotationRow& row) {
                                  return note_place(row.context.at(0), row.id);
                                }};
}

inline std::string note_plaintext(int id) { return "note number " + std::to_string(id); }

inline std::string note_municipality(int id) { return id % 2 == 0 ? "0604" : "0680"; }

/// Creates secret_note with rows 1..count encrypted under `ring`'s active key, and one row
/// (count + 1) whose body is NULL.
inline void create_notes(storage::Database& db, const crypto::Keyring& ring, int count) {
  auto session = db.acquire();
  *session << db.dialect().expand("CREATE TABLE secret_note (id {{id}}, municipality CHAR(4) NOT NULL, body TEXT)");
  for (int id = 1; id <= count; ++id) {
    const std::string municipality = note_municipality(id);
    const std::string body = crypto::encrypt(ring, note_plaintext(id), note_place(municipality, std::to_string(id)));
    *session << "INSERT INTO secret_note (id, municipality, body) VALUES (:id, :m, :body)", soci::use(id, "id"),
        soci::use(municipality, "m"), soci::use(body, "body");
  }
  const int null_id = count + 1;
  *session << "INSERT INTO secret_note (id, municipality, body) VALUES (:id, '0604', NULL)", soci::use(null_id, "id");
}

/// id -> body (empty optional for NULL).
inline std::map<int, std::optional<std::string>> read_notes(storage::Database& db) {
  std::map<int, std::optional<std::string>> notes;
  auto session = db.acquire();
  soci::rowset<soci::row> rows = (session->prepare << "SELECT CAST(id AS TEXT), body FROM secret_note");
  for (const auto& row : rows) {
    std::optional<std::string> body;
    if (row.get_indicator(1) == soci::i_ok) body = row.get<std::string>(1);
    notes.emplace(std::stoi(row.get<std::string>(0)), body);
  }
  return notes;
}

inline std::map<std::string, int> key_ids_in_use(storage::Database& db) {
  std::map<std::string, int> ids;
  for (const auto& [id, body] : read_notes(db)) {
    if (body) ++ids[crypto::key_id_of(*body)];
  }
  return ids;
}

inline void check_all_notes_decrypt(storage::Database& db, const crypto::Keyring& ring, int count) {
  const auto notes = read_notes(db);
  BOOST_TEST(notes.size() == static_cast<std::size_t>(count + 1));
  for (const auto& [id, body] : notes) {
    if (id == count + 1) {
      BOOST_TEST(!body.has_value(), "the NULL value stays NULL");
      continue;
    }
    BOOST_REQUIRE(body.has_value());
    BOOST_TEST(crypto::decrypt(ring, *body, note_place(note_municipality(id), std::to_string(id))) ==
               note_plaintext(id));
  }
}

inline void check_rotation_resumes_after_a_crash(storage::Database& db) {
  create_notes(db, ring_k1(), 25);
  const auto ring = ring_k1_k2();
  BOOST_TEST(crypto::count_pending(db, ring, note_target()) == 25u);

  // A run that "crashes" after its second batch: the two committed batches stay.
  std::size_t seen_batches = 0;
  BOOST_CHECK_THROW(crypto::rotate_column(db, ring, note_target(), 4,
                                          [&](const crypto::RotationProgress& progress) {
                                            seen_batches = progress.batches;
                                            if (progress.batches == 2) throw SimulatedCrash{};
                                          }),
                    SimulatedCrash);
  BOOST_TEST(seen_batches == 2u);
  BOOST_TEST(crypto::count_pending(db, ring, note_target()) == 17u);
  BOOST_TEST((key_ids_in_use(db) == std::map<std::string, int>{{"k1", 17}, {"k2", 8}}));
  check_all_notes_decrypt(db, ring, 25);  // a half-rotated column is fully readable

  // Running it again continues where it stopped.
  std::vector<std::size_t> rotated_after_batch;
  const auto progress = crypto::rotate_column(
      db, ring, note_target(), 4, [&](const crypto::RotationProgress& p) { rotated_after_batch.push_back(p.rotated); });
  BOOST_TEST(progress.pending_at_start == 17u);
  BOOST_TEST(progress.rotated == 17u);
  BOOST_TEST(progress.batches == 5u);
  BOOST_TEST(progress.complete);
  BOOST_TEST(progress.active_key == "k2");
  BOOST_TEST((rotated_after_batch == std::vector<std::size_t>{4, 8, 12, 16, 17}));
  BOOST_TEST((key_ids_in_use(db) == std::map<std::string, int>{{"k2", 25}}));
  check_all_notes_decrypt(db, ring, 25);

  // Nothing left to do.
  const auto idle = crypto::rotate_column(db, ring, note_target(), 4);
  BOOST_TEST(idle.rotated == 0u);
  BOOST_TEST(idle.batches == 0u);
  BOOST_TEST(idle.complete);
}

inline void check_rotation_stops_at_an_undecryptable_value(storage::Database& db) {
  create_notes(db, ring_k1(), 10);
  {
    // Row 6 holds row 7's ciphertext (a swap between rows): it must not decrypt at row 6.
    auto session = db.acquire();
    *session << "UPDATE secret_note SET body = (SELECT body FROM secret_note WHERE id = 7) WHERE id = 6";
  }
  const auto ring = ring_k1_k2();
  BOOST_CHECK_EXCEPTION(crypto::rotate_column(db, ring, note_target(), 2), InternalError, [](const InternalError& e) {
    const std::string message = e.what();
    return message.find("rotation of secret_note.body stopped at id 6 after 4 values") == 0 &&
           message.find("failed authentication") != std::string::npos;
  });
  // The batches before the bad row stay committed; the bad row's batch rolled back.
  BOOST_TEST(crypto::count_pending(db, ring, note_target()) == 6u);
  BOOST_TEST((key_ids_in_use(db) == std::map<std::string, int>{{"k1", 6}, {"k2", 4}}));
}

inline void check_rotation_refuses_bad_identifiers(storage::Database& db) {
  create_notes(db, ring_k1(), 2);
  const auto ring = ring_k1_k2();
  for (const std::string bad : {"secret_note; DROP TABLE secret_note", "Secret_note", "", "secret note",
                                "secret_note--", "\"secret_note\"", "secret_note2"}) {
    auto target = note_target();
    target.table = bad;
    BOOST_CHECK_THROW(crypto::rotate_column(db, ring, target, 10), InvalidInput);
    target = note_target();
    target.value_column = bad;
    BOOST_CHECK_THROW(crypto::rotate_column(db, ring, target, 10), InvalidInput);
    target = note_target();
    target.context_columns = {bad};
    BOOST_CHECK_THROW(crypto::count_pending(db, ring, target), InvalidInput);
  }
  auto no_builder = note_target();
  no_builder.associated_data = nullptr;
  BOOST_CHECK_THROW(crypto::rotate_column(db, ring, no_builder, 10), InvalidInput);
  BOOST_TEST(crypto::count_pending(db, ring, note_target()) == 2u, "the table is untouched");
}

}  // namespace samverkan::test

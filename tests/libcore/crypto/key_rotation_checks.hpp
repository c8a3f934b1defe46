#pragma once
// Key rotation checked identically on SQLite (key_rotation_test) and PostgreSQL
// (key_rotation_pgtest), on a small table the checks create themselves.
#include <soci/soci.h>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "libcore/crypto/crypto_test_keys.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/encrypted_columns.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/crypto/key_rotation.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::test {

struct SimulatedCrash {};

inline std::string note_place(const std::string& municipality, const std::string& id) {
  return crypto::associated_data("secret_note", "body", {municipality, id});
}

inline crypto::EncryptedTable note_table() {
  return crypto::EncryptedTable{.owner = "test",
                                .table = "secret_note",
                                .key_columns = {"id"},
                                .tenant_column = "municipality",
                                .columns = {"body"},
                                .associated_columns = {"municipality", "id"}};
}

inline crypto::EncryptedColumns note_columns() {
  crypto::EncryptedColumns columns;
  columns.add(note_table());
  return columns;
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
  BOOST_TEST(crypto::count_pending(db, ring, note_table(), "body") == 25u);

  // A run that "crashes" after its second batch: the two committed batches stay.
  std::size_t seen_batches = 0;
  BOOST_CHECK_THROW(crypto::rotate_column(db, ring, note_table(), "body", 4,
                                          [&](const crypto::RotationProgress& progress) {
                                            seen_batches = progress.batches;
                                            if (progress.batches == 2) throw SimulatedCrash{};
                                          }),
                    SimulatedCrash);
  BOOST_TEST(seen_batches == 2u);
  BOOST_TEST(crypto::count_pending(db, ring, note_table(), "body") == 17u);
  BOOST_TEST((key_ids_in_use(db) == std::map<std::string, int>{{"k1", 17}, {"k2", 8}}));
  check_all_notes_decrypt(db, ring, 25);  // a half-rotated column is fully readable

  // Running it again continues where it stopped.
  std::vector<std::size_t> rotated_after_batch;
  const auto progress =
      crypto::rotate_column(db, ring, note_table(), "body", 4,
                            [&](const crypto::RotationProgress& p) { rotated_after_batch.push_back(p.rotated); });
  BOOST_TEST(progress.pending_at_start == 17u);
  BOOST_TEST(progress.rotated == 17u);
  BOOST_TEST(progress.batches == 5u);
  BOOST_TEST(progress.complete);
  BOOST_TEST(progress.active_key == "k2");
  BOOST_TEST((rotated_after_batch == std::vector<std::size_t>{4, 8, 12, 16, 17}));
  BOOST_TEST((key_ids_in_use(db) == std::map<std::string, int>{{"k2", 25}}));
  check_all_notes_decrypt(db, ring, 25);

  // Nothing left to do.
  const auto idle = crypto::rotate_column(db, ring, note_table(), "body", 4);
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
  BOOST_CHECK_EXCEPTION(crypto::rotate_column(db, ring, note_table(), "body", 2), InternalError,
                        [](const InternalError& e) {
                          const std::string message = e.what();
                          return message.find("rotation of secret_note.body stopped at id 6 after 4 values") == 0 &&
                                 message.find("failed authentication") != std::string::npos;
                        });
  // The batches before the bad row stay committed; the bad row's batch rolled back.
  BOOST_TEST(crypto::count_pending(db, ring, note_table(), "body") == 6u);
  BOOST_TEST((key_ids_in_use(db) == std::map<std::string, int>{{"k1", 6}, {"k2", 4}}));
}

inline void check_rotation_refuses_bad_identifiers(storage::Database& db) {
  create_notes(db, ring_k1(), 2);
  const auto ring = ring_k1_k2();
  for (const std::string bad : {"secret_note; DROP TABLE secret_note", "Secret_note", "", "secret note",
                                "secret_note--", "\"secret_note\"", "secret_note2"}) {
    BOOST_TEST_CONTEXT(bad) {
      auto table = note_table();
      table.table = bad;
      BOOST_CHECK_THROW(crypto::rotate_column(db, ring, table, "body", 10), InvalidInput);
      BOOST_CHECK_THROW(crypto::EncryptedColumns().add(table), InvalidInput);
      table = note_table();
      table.columns = {bad};
      BOOST_CHECK_THROW(crypto::rotate_column(db, ring, table, bad, 10), InvalidInput);
      BOOST_CHECK_THROW(crypto::EncryptedColumns().add(table), InvalidInput);
      table = note_table();
      table.key_columns = {bad};
      BOOST_CHECK_THROW(crypto::count_pending(db, ring, table, "body"), InvalidInput);
      table = note_table();
      table.associated_columns = {"municipality", bad};
      BOOST_CHECK_THROW(crypto::count_pending(db, ring, table, "body"), InvalidInput);
      BOOST_CHECK_THROW(crypto::EncryptedColumns().add(table), InvalidInput);
    }
  }
  // A column the table did not register, a table without associated data, one registered twice.
  BOOST_CHECK_THROW(crypto::rotate_column(db, ring, note_table(), "municipality", 10), InvalidInput);
  auto no_context = note_table();
  no_context.associated_columns.clear();
  BOOST_CHECK_THROW(crypto::rotate_column(db, ring, no_context, "body", 10), InvalidInput);
  BOOST_CHECK_THROW(crypto::EncryptedColumns().add(no_context), InvalidInput);
  auto twice = note_columns();
  auto again = note_table();
  again.owner = "another module";
  BOOST_CHECK_EXCEPTION(twice.add(again), Conflict, [](const Conflict& e) {
    return std::string(e.what()) == "encrypted table secret_note is registered twice: by test and by another module";
  });
  BOOST_TEST(crypto::count_pending(db, ring, note_table(), "body") == 2u, "the table is untouched");
}

/// A table keyed by two text columns, as most service tables are: (municipality, reference).
inline void check_rotation_walks_a_composite_key(storage::Database& db) {
  {
    auto session = db.acquire();
    *session << "CREATE TABLE filed_letter (municipality CHAR(4) NOT NULL, reference TEXT NOT NULL, subject TEXT, "
                "content TEXT, PRIMARY KEY (municipality, reference))";
  }
  const crypto::EncryptedTable letters{.owner = "test",
                                       .table = "filed_letter",
                                       .key_columns = {"municipality", "reference"},
                                       .tenant_column = "municipality",
                                       .columns = {"subject", "content"},
                                       .associated_columns = {"municipality", "reference"}};
  const auto place = [](const std::string& column, const std::string& m, const std::string& r) {
    return crypto::associated_data("filed_letter", column, {m, r});
  };
  std::vector<std::pair<std::string, std::string>> keys;
  for (const std::string m : {"0604", "0680", "0686"}) {
    for (int i = 0; i < 9; ++i) keys.emplace_back(m, "R-" + std::to_string(i * 7 % 9) + (i % 2 == 0 ? "a" : ""));
  }
  {
    auto session = db.acquire();
    for (const auto& [m, r] : keys) {
      const std::string subject = crypto::encrypt(ring_k1(), "subject " + m + r, place("subject", m, r));
      const std::string content = crypto::encrypt(ring_k1(), "content " + m + r, place("content", m, r));
      *session << "INSERT INTO filed_letter (municipality, reference, subject, content) VALUES (:m, :r, :s, :c)",
          soci::use(m, "m"), soci::use(r, "r"), soci::use(subject, "s"), soci::use(content, "c");
    }
  }
  const auto ring = ring_k1_k2();
  for (const std::string column : {"subject", "content"}) {
    std::vector<std::size_t> after_each;
    const auto progress = crypto::rotate_column(
        db, ring, letters, column, 4, [&](const crypto::RotationProgress& p) { after_each.push_back(p.rotated); });
    BOOST_TEST(progress.rotated == keys.size());
    BOOST_TEST(progress.batches == 7u, "27 rows in batches of 4, each batch continuing after the last key");
    BOOST_TEST(after_each.back() == keys.size());
    BOOST_TEST(progress.complete);
    BOOST_TEST(crypto::count_pending(db, ring, letters, column) == 0u);
    BOOST_TEST(crypto::count_under_key(db, letters, column, "k1") == 0u);
    BOOST_TEST(crypto::count_under_key(db, letters, column, "k2") == keys.size());
  }
  auto session = db.acquire();
  for (const auto& [m, r] : keys) {
    std::string subject, content;
    *session << "SELECT subject, content FROM filed_letter WHERE municipality = :m AND reference = :r",
        soci::use(m, "m"), soci::use(r, "r"), soci::into(subject), soci::into(content);
    BOOST_TEST(crypto::decrypt(ring, subject, place("subject", m, r)) == "subject " + m + r);
    BOOST_TEST(crypto::decrypt(ring, content, place("content", m, r)) == "content " + m + r);
  }
}

/// Servers keep writing while the rotation runs: every value they wrote survives (no lost
/// update), everything else keeps its plaintext, and all of it ends on the active key.
inline void check_rotation_keeps_concurrent_writes(storage::Database& db) {
  constexpr int kNotes = 120;
  create_notes(db, ring_k1(), kNotes);
  const auto ring = ring_k1_k2();
  std::map<int, std::string> written;  // id -> the writer's last committed plaintext
  std::atomic<bool> rotating{true};
  std::string writer_error;
  std::thread writer([&] {
    try {
      for (int round = 0; rotating.load() || round < 40; ++round) {
        const int id = 1 + (round * 37) % kNotes;
        const std::string text = "rewritten in round " + std::to_string(round);
        const std::string body = crypto::encrypt(ring, text, note_place(note_municipality(id), std::to_string(id)));
        auto session = db.acquire();
        *session << "UPDATE secret_note SET body = :b WHERE id = :id", soci::use(body, "b"), soci::use(id, "id");
        written[id] = text;
      }
    } catch (const std::exception& e) {
      writer_error = e.what();
    }
  });
  crypto::RotationProgress progress;
  try {
    progress = crypto::rotate_column(db, ring, note_table(), "body", 7);
  } catch (...) {
    rotating = false;
    writer.join();
    throw;
  }
  rotating = false;
  writer.join();
  BOOST_TEST(writer_error.empty(), writer_error);
  BOOST_TEST(written.size() > 30u, "the writer wrote while the rotation ran");
  BOOST_TEST(progress.complete);
  BOOST_TEST(crypto::count_pending(db, ring, note_table(), "body") == 0u);
  for (const auto& [id, body] : read_notes(db)) {
    if (id == kNotes + 1) continue;  // the NULL row
    BOOST_REQUIRE(body.has_value());
    const auto found = written.find(id);
    const std::string expected = found != written.end() ? found->second : note_plaintext(id);
    BOOST_TEST(crypto::decrypt(ring, *body, note_place(note_municipality(id), std::to_string(id))) == expected,
               "note " << id);
  }
}

/// A server still running with the old key file keeps writing under the old key: the rotation
/// does not claim success, it says what to do.
inline void check_rotation_reports_a_writer_on_the_old_key(storage::Database& db) {
  create_notes(db, ring_k1(), 10);
  const auto ring = ring_k1_k2();
  const auto old_server_writes = [&](const crypto::RotationProgress&) {
    const std::string body = crypto::encrypt(ring_k1(), "from an old server", note_place(note_municipality(1), "1"));
    auto session = db.acquire();
    *session << "UPDATE secret_note SET body = :b WHERE id = 1", soci::use(body, "b");
  };
  BOOST_CHECK_EXCEPTION(crypto::rotate_column(db, ring, note_table(), "body", 100, old_server_writes), Conflict,
                        [](const Conflict& e) {
                          const std::string message = e.what();
                          return message.find(
                                     "rotation of secret_note.body: 1 values are still not on key k2 after "
                                     "3 passes") == 0 &&
                                 message.find("restart every server with the new key file") != std::string::npos;
                        });
}

}  // namespace samverkan::test

#include <boost/test/unit_test.hpp>

#include "libcore/audit/audit_log_checks.hpp"
#include "libcore/crypto/crypto_test_keys.hpp"
#include "libcore/crypto/key_rotation_checks.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/key_registry.hpp"
#include "samverkan/storage/migrator.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct MigratedSqlite {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "db.sqlite").string()), 2);
  crypto::EncryptedColumns columns;  // none: these cases are about the keys alone
  MigratedSqlite() { storage::Migrator(*db).migrate(); }
};

bool says(const Conflict& e, const std::string& text) { return std::string(e.what()).find(text) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(key_registry_test)

BOOST_FIXTURE_TEST_CASE(records_keys_on_first_sight, MigratedSqlite) {
  const auto first = crypto::check_keyring(*db, test::ring_k1(), columns);
  BOOST_TEST((first.newly_registered == std::vector<std::string>{"k1"}));
  BOOST_TEST(first.missing_from_keyring.empty());
  BOOST_TEST(crypto::check_keyring(*db, test::ring_k1(), columns).newly_registered.empty());

  const auto rotated = crypto::check_keyring(*db, test::ring_k1_k2(), columns);
  BOOST_TEST((rotated.newly_registered == std::vector<std::string>{"k2"}));

  // Going back to a ring without k2 is allowed but reported: k2's values are unreadable.
  const auto back = crypto::check_keyring(*db, test::ring_k1(), columns);
  BOOST_TEST((back.missing_from_keyring == std::vector<std::string>{"k2"}));
}

BOOST_FIXTURE_TEST_CASE(refuses_a_different_key_under_a_known_id, MigratedSqlite) {
  crypto::check_keyring(*db, test::ring_k1_k2(), columns);
  const auto impostor = crypto::Keyring::from_lines(test::kKeyLine1 + "\nk2:" + test::kKeyLine1.substr(3), "wrong");
  BOOST_CHECK_EXCEPTION(crypto::check_keyring(*db, impostor, columns), Conflict, [](const Conflict& e) {
    return says(e, "key 'k2' in the keyring (wrong) differs from the key 'k2' this database was written with");
  });
}

BOOST_FIXTURE_TEST_CASE(refuses_a_changed_blind_index_root, MigratedSqlite) {
  crypto::check_keyring(*db, test::ring_k1_k2(), columns);
  // The operator "retired" k1 by deleting the first line: every blind index would stop matching.
  const auto without_first = crypto::Keyring::from_lines(test::kKeyLine2, "keys");
  BOOST_CHECK_EXCEPTION(crypto::check_keyring(*db, without_first, columns), Conflict, [](const Conflict& e) {
    return says(e, "the blind-index key changed") && says(e, "made with key 'k1' first") && says(e, "starts with 'k2'");
  });
  // Reordering is as bad.
  const auto reordered = crypto::Keyring::from_lines(test::kKeyLine2 + "\n" + test::kKeyLine1, "keys");
  BOOST_CHECK_THROW(crypto::check_keyring(*db, reordered, columns), Conflict);
}

BOOST_FIXTURE_TEST_CASE(refuses_to_lose_a_key_that_still_encrypts_values, MigratedSqlite) {
  test::create_notes(*db, test::ring_k1_k2(), 4);  // under k2
  columns = test::note_columns();
  crypto::check_keyring(*db, test::ring_k1_k2(), columns);
  const auto without_k2 = crypto::Keyring::from_lines(test::kKeyLine1, "keys.txt");
  BOOST_CHECK_EXCEPTION(crypto::check_keyring(*db, without_k2, columns), Conflict, [](const Conflict& e) {
    return std::string(e.what()) ==
           "key 'k2' is no longer in the keyring (keys.txt) but 4 values are still encrypted with it "
           "(secret_note.body 4); put the key back, restart, run samverkan keys rotate, and remove it only then";
  });
  // Once nothing is under k2 any more, it may go.
  test::exec_sql(*db, "UPDATE secret_note SET body = NULL");
  const auto retired = crypto::check_keyring(*db, without_k2, columns);
  BOOST_TEST((retired.missing_from_keyring == std::vector<std::string>{"k2"}));
}

BOOST_FIXTURE_TEST_CASE(refuses_a_registration_that_does_not_match_the_schema, MigratedSqlite) {
  test::create_notes(*db, test::ring_k1(), 1);
  auto table = test::note_table();
  table.columns = {"body", "title"};  // secret_note has no title
  columns.add(table);
  BOOST_CHECK_EXCEPTION(crypto::check_keyring(*db, test::ring_k1(), columns), InternalError,
                        [](const InternalError& e) {
                          return std::string(e.what()).find(
                                     "the encrypted table secret_note registered by test does "
                                     "not match the database") == 0;
                        });
}

BOOST_AUTO_TEST_SUITE_END()

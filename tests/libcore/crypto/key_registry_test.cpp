#include <boost/test/unit_test.hpp>

#include "libcore/crypto/crypto_test_keys.hpp"
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
  MigratedSqlite() { storage::Migrator(*db).migrate(); }
};

bool says(const Conflict& e, const std::string& text) { return std::string(e.what()).find(text) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(key_registry_test)

BOOST_FIXTURE_TEST_CASE(records_keys_on_first_sight, MigratedSqlite) {
  const auto first = crypto::check_keyring(*db, test::ring_k1());
  BOOST_TEST((first.newly_registered == std::vector<std::string>{"k1"}));
  BOOST_TEST(first.missing_from_keyring.empty());
  BOOST_TEST(crypto::check_keyring(*db, test::ring_k1()).newly_registered.empty());

  const auto rotated = crypto::check_keyring(*db, test::ring_k1_k2());
  BOOST_TEST((rotated.newly_registered == std::vector<std::string>{"k2"}));

  // Going back to a ring without k2 is allowed but reported: k2's values are unreadable.
  const auto back = crypto::check_keyring(*db, test::ring_k1());
  BOOST_TEST((back.missing_from_keyring == std::vector<std::string>{"k2"}));
}

BOOST_FIXTURE_TEST_CASE(refuses_a_different_key_under_a_known_id, MigratedSqlite) {
  crypto::check_keyring(*db, test::ring_k1_k2());
  const auto impostor = crypto::Keyring::from_lines(test::kKeyLine1 + "\nk2:" + test::kKeyLine1.substr(3), "wrong");
  BOOST_CHECK_EXCEPTION(crypto::check_keyring(*db, impostor), Conflict, [](const Conflict& e) {
    return says(e, "key 'k2' in the keyring (wrong) differs from the key 'k2' this database was written with");
  });
}

BOOST_FIXTURE_TEST_CASE(refuses_a_changed_blind_index_root, MigratedSqlite) {
  crypto::check_keyring(*db, test::ring_k1_k2());
  // The operator "retired" k1 by deleting the first line: every blind index would stop matching.
  const auto without_first = crypto::Keyring::from_lines(test::kKeyLine2, "keys");
  BOOST_CHECK_EXCEPTION(crypto::check_keyring(*db, without_first), Conflict, [](const Conflict& e) {
    return says(e, "the blind-index key changed") && says(e, "made with key 'k1' first") && says(e, "starts with 'k2'");
  });
  // Reordering is as bad.
  const auto reordered = crypto::Keyring::from_lines(test::kKeyLine2 + "\n" + test::kKeyLine1, "keys");
  BOOST_CHECK_THROW(crypto::check_keyring(*db, reordered), Conflict);
}

BOOST_AUTO_TEST_SUITE_END()

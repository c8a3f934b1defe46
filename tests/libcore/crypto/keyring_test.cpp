#include <boost/test/unit_test.hpp>

#include "libcore/crypto/crypto_test_keys.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "support/file_mode.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using crypto::Keyring;

namespace {

// Expects InvalidInput whose message contains `expected` and none of the key material.
void expect_rejected(const std::string& text, const std::string& expected) {
  try {
    Keyring::from_lines(text, "keys.txt");
    BOOST_FAIL("accepted: " + expected);
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find(expected) != std::string::npos, message);
    BOOST_TEST(message.find("AAECAwQF") == std::string::npos, "a message must not show key material: " + message);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(keyring_test)

BOOST_AUTO_TEST_CASE(parses_lines_last_is_active) {
  const auto ring = Keyring::from_lines("# comment\n\n  " + test::kKeyLine1 + "  \r\n" + test::kKeyLine2 + "\n", "f");
  BOOST_TEST(ring.keys().size() == 2u);
  BOOST_TEST(ring.active().id == "k2");
  BOOST_TEST(ring.active().bytes.size() == 32u);
  BOOST_TEST(ring.active().bytes.front() == 0x20);
  BOOST_TEST(ring.find("k1") != nullptr);
  BOOST_TEST(ring.find("k1")->bytes.back() == 0x1f);
  BOOST_TEST(ring.find("k3") == nullptr);
  BOOST_TEST(ring.source() == "f");
}

BOOST_AUTO_TEST_CASE(semicolons_separate_entries_like_lines) {
  const auto ring = Keyring::from_lines(test::kKeyLine1 + ";" + test::kKeyLine2, "SAMVERKAN_KEYS");
  BOOST_TEST(ring.active().id == "k2");
  BOOST_TEST(ring.keys().front().id == "k1");
}

BOOST_AUTO_TEST_CASE(parse_errors_name_the_line_and_reason) {
  expect_rejected("", "keys.txt holds no keys");
  expect_rejected("# only a comment\n", "keys.txt holds no keys");
  expect_rejected(test::kKeyLine1 + "\nk2", "keys.txt line 2: expected ID:BASE64-KEY");
  expect_rejected("k.1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "line 1: the key id must be 1 to 32 characters");
  expect_rejected(":AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "line 1: the key id must be");
  expect_rejected(std::string(33, 'a') + ":AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "the key id must be");
  expect_rejected("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "line 1: the key of 'k1' is not valid base64");
  expect_rejected("k1:AAECAwQF!gcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "the key of 'k1' is not valid base64");
  expect_rejected("k1:AAECAwQFBgcICQoLDA0ODw==", "line 1: the key of 'k1' is 16 bytes, must be 32");
  expect_rejected(test::kKeyLine1 + "\n\n" + test::kKeyLine1, "keys.txt line 3: duplicate key id 'k1'");
}

BOOST_AUTO_TEST_CASE(from_keys_checks_like_from_lines) {
  BOOST_CHECK_THROW(Keyring::from_keys({}), InvalidInput);
  BOOST_CHECK_THROW(Keyring::from_keys({crypto::Key{"k1", std::vector<std::uint8_t>(31)}}), InvalidInput);
  BOOST_CHECK_THROW(Keyring::from_keys({Keyring::generate_key("a"), Keyring::generate_key("a")}), InvalidInput);
  BOOST_CHECK_THROW(Keyring::generate_key("no spaces"), InvalidInput);
  const auto key = Keyring::generate_key("2026-11");
  const auto ring = Keyring::from_lines(Keyring::format_line(key), "x");
  BOOST_TEST(ring.active().bytes == key.bytes);
  BOOST_TEST(Keyring::generate_key("a").bytes != Keyring::generate_key("a").bytes);
}

BOOST_AUTO_TEST_CASE(load_creates_a_private_key_file_once) {
  test::EnvironmentGuard no_env(Keyring::kEnvironmentVariable, std::nullopt);
  test::TempDir dir;
  const auto file = dir / "data/keys/samverkan.keys";
  BOOST_CHECK_THROW(Keyring::load(file, false), InvalidInput);
  BOOST_TEST(!std::filesystem::exists(file));

  const auto created = Keyring::load(file, true);
  BOOST_TEST(std::filesystem::exists(file));
  BOOST_TEST(test::mode_of(file) == 0600u);
  BOOST_TEST(test::mode_of(dir / "data/keys") == 0700u, "the folders it created are its owner's only");
  BOOST_TEST(test::mode_of(dir / "data") == 0700u);
  BOOST_TEST(created.keys().size() == 1u);
  BOOST_TEST(created.active().id == "k1");
  BOOST_TEST(created.source() == file.string());
  // No temporary file is left beside it.
  BOOST_TEST(std::distance(std::filesystem::directory_iterator(file.parent_path()),
                           std::filesystem::directory_iterator()) == 1);

  const auto again = Keyring::load(file, true);
  BOOST_TEST(again.active().bytes == created.active().bytes, "the second load reads the same key");
  const auto read = Keyring::from_file(file);
  BOOST_TEST(read.active().bytes == created.active().bytes);
}

BOOST_AUTO_TEST_CASE(a_key_file_open_to_group_or_others_is_refused) {
  test::EnvironmentGuard no_env(Keyring::kEnvironmentVariable, std::nullopt);
  test::TempDir dir;
  const auto file = dir.write_secret("keys", test::kKeyLine1 + "\n");
  BOOST_TEST(Keyring::load(file, false).active().id == "k1");
  namespace fs = std::filesystem;
  for (const auto& [extra, octal] :
       {std::pair{fs::perms::others_read, "0604"}, std::pair{fs::perms::group_read, "0640"},
        std::pair{fs::perms::group_write, "0620"}}) {
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | extra);
    const std::string mode = octal;  // a copy: clang 14 cannot capture a structured binding
    BOOST_CHECK_EXCEPTION(Keyring::load(file, false), InvalidInput, [&](const InvalidInput& e) {
      const std::string message = e.what();
      BOOST_TEST_MESSAGE(message);
      return message == "the field-encryption key file " + file.string() + " is open to group or others (mode " + mode +
                            "); make it readable by its owner only: chmod 600 " + file.string();
    });
    BOOST_CHECK_THROW(Keyring::from_file(file), InvalidInput);
  }
  fs::permissions(file, fs::perms::owner_read);
  BOOST_TEST(Keyring::from_file(file).active().id == "k1", "read-only for its owner is fine");
}

BOOST_AUTO_TEST_CASE(environment_takes_precedence_over_the_file) {
  test::TempDir dir;
  const auto file = dir.write_secret("keys", test::kKeyLine1 + "\n");
  {
    test::EnvironmentGuard env(Keyring::kEnvironmentVariable, test::kKeyLine1 + ";" + test::kKeyLine2);
    const auto ring = Keyring::load(file, false);
    BOOST_TEST(ring.active().id == "k2");
    BOOST_TEST(ring.source() == "SAMVERKAN_KEYS");
    // Even with no file at all, and nothing is created.
    const auto none = dir / "missing";
    BOOST_TEST(Keyring::load(none, true).keys().size() == 2u);
    BOOST_TEST(!std::filesystem::exists(none));
  }
  {
    test::EnvironmentGuard empty(Keyring::kEnvironmentVariable, std::string());
    const auto ring = Keyring::load(file, false);
    BOOST_TEST(ring.active().id == "k1", "an empty SAMVERKAN_KEYS counts as unset");
    BOOST_TEST(ring.source() == file.string());
  }
  {
    test::EnvironmentGuard bad(Keyring::kEnvironmentVariable, "k1:short");
    BOOST_CHECK_EXCEPTION(Keyring::load(file, false), InvalidInput, [](const InvalidInput& e) {
      return std::string(e.what()).find("SAMVERKAN_KEYS line 1") == 0;
    });
  }
}

BOOST_AUTO_TEST_CASE(unreadable_key_file_is_reported) {
  test::TempDir dir;
  BOOST_CHECK_EXCEPTION(Keyring::from_file(dir / "nope"), InvalidInput, [](const InvalidInput& e) {
    return std::string(e.what()).find("cannot read the key file") == 0;
  });
}

BOOST_AUTO_TEST_CASE(blind_index_known_answer) {
  // HKDF-SHA-256(key 00..1f, no salt, info "samverkan blind index") then HMAC-SHA-256 of
  // "audit.principal" 0x00 "191212121212", computed independently (Python hmac/hashlib).
  BOOST_TEST(test::ring_k1().blind_index("audit.principal", "191212121212") ==
             "fd8ecaf910a51ac20b97ddac9930581f3cc3d7bd541d4658fbc47f6b187df7a9");
}

BOOST_AUTO_TEST_CASE(blind_index_is_stable_across_rotation_and_separates_purposes) {
  const auto one = test::ring_k1();
  const auto two = test::ring_k1_k2();
  BOOST_TEST(one.blind_index("person", "191212121212") == two.blind_index("person", "191212121212"),
             "appending a key must not change blind indexes");
  BOOST_TEST(one.blind_index("person", "191212121212") != one.blind_index("other", "191212121212"));
  BOOST_TEST(one.blind_index("person", "191212121212") != one.blind_index("person", "191212121213"));
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  BOOST_TEST(one.blind_index("ab", "c") != one.blind_index("a", "bc"));
  const auto other_root = Keyring::from_lines(test::kKeyLine2, "x");
  BOOST_TEST(one.blind_index("person", "x") != other_root.blind_index("person", "x"));
  BOOST_TEST(one.blind_index("person", "x").size() == 64u);
  BOOST_CHECK_THROW(one.blind_index("", "x"), InvalidInput);
  BOOST_CHECK_THROW(one.blind_index(std::string("a\0b", 3), "x"), InvalidInput);
  BOOST_CHECK_THROW(Keyring().blind_index("p", "x"), InternalError);
  BOOST_CHECK_THROW(Keyring().active(), InternalError);
}

BOOST_AUTO_TEST_CASE(fingerprints_identify_keys) {
  const auto ring = test::ring_k1_k2();
  BOOST_TEST(Keyring::fingerprint(ring.keys()[0]) == Keyring::fingerprint(test::ring_k1().active()));
  BOOST_TEST(Keyring::fingerprint(ring.keys()[0]) != Keyring::fingerprint(ring.keys()[1]));
  BOOST_TEST(ring.index_key_fingerprint() == test::ring_k1().index_key_fingerprint());
  BOOST_TEST(ring.index_key_fingerprint() != Keyring::fingerprint(ring.keys()[0]));
}

BOOST_AUTO_TEST_SUITE_END()

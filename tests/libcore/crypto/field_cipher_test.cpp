#include <boost/test/unit_test.hpp>

#include <regex>
#include <set>

#include "libcore/crypto/crypto_test_keys.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"

using namespace samverkan;

namespace {

const std::string kPlace = "errand.answers|0604|42";

// True when decrypting `token` throws a samverkan::Error (of any kind): it must never succeed.
bool refused(const crypto::Keyring& ring, const std::string& token, const std::string& ad = kPlace) {
  try {
    crypto::decrypt(ring, token, ad);
    return false;
  } catch (const Error&) {
    return true;
  }
}

bool authentication_failure(const InternalError& e) {
  return std::string(e.what()).find("failed authentication") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(field_cipher_test)

BOOST_AUTO_TEST_CASE(round_trip) {
  const auto ring = test::ring_k1_k2();
  const std::string binary("a\0b\xff\xfe", 5);
  for (const std::string& plaintext :
       {std::string(), std::string("x"), std::string("Åsa Öberg, Storgatan 1"), binary, std::string(100000, 'z')}) {
    const auto token = crypto::encrypt(ring, plaintext, kPlace);
    BOOST_TEST(crypto::decrypt(ring, token, kPlace) == plaintext);
  }
}

BOOST_AUTO_TEST_CASE(token_is_self_describing) {
  const auto ring = test::ring_k1_k2();
  const auto token = crypto::encrypt(ring, "hello", kPlace);
  BOOST_TEST(std::regex_match(token, std::regex("v1\\.k2\\.[A-Za-z0-9_-]+")), token);
  // nonce 12 + ciphertext 5 + tag 16 = 33 bytes = 44 base64url characters without padding.
  BOOST_TEST(token.size() == std::string("v1.k2.").size() + 44);
  BOOST_TEST(crypto::key_id_of(token) == "k2");
  BOOST_TEST(crypto::key_id_of("v1.2026-11_a.xyz") == "2026-11_a");
  BOOST_CHECK_THROW(crypto::key_id_of("v2.k1.abc"), InvalidInput);
  BOOST_CHECK_THROW(crypto::key_id_of("v1.k1"), InvalidInput);
}

BOOST_AUTO_TEST_CASE(nonces_are_unique) {
  const auto ring = test::ring_k1();
  std::set<std::string> tokens;
  std::set<std::string> nonces;
  for (int i = 0; i < 2000; ++i) {
    const auto token = crypto::encrypt(ring, "same value", kPlace);
    tokens.insert(token);
    nonces.insert(token.substr(6, 16));  // 16 base64url characters = exactly the 12 nonce bytes
  }
  BOOST_TEST(tokens.size() == 2000u);
  BOOST_TEST(nonces.size() == 2000u);
}

BOOST_AUTO_TEST_CASE(any_flipped_byte_is_refused) {
  const auto ring = test::ring_k1_k2();
  const auto token = crypto::encrypt(ring, "personal data", kPlace);
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (const int bit : {0x01, 0x02, 0x20, 0x80}) {
      std::string tampered = token;
      tampered[i] = static_cast<char>(static_cast<unsigned char>(tampered[i]) ^ bit);
      BOOST_TEST(refused(ring, tampered), "flipping bit " << bit << " of character " << i << " went unnoticed");
    }
  }
  // Truncated and extended tokens too.
  BOOST_TEST(refused(ring, token.substr(0, token.size() - 1)));
  BOOST_TEST(refused(ring, token.substr(0, token.size() - 4)));
  BOOST_TEST(refused(ring, token + "A"));
  BOOST_TEST(refused(ring, token + "AAAA"));
}

BOOST_AUTO_TEST_CASE(tampered_ciphertext_fails_authentication) {
  const auto ring = test::ring_k1_k2();
  const auto token = crypto::encrypt(ring, "personal data", kPlace);
  // Change one character inside the payload for another valid base64url character: the token
  // stays well-formed, so it is the GCM tag that must catch it.
  for (const std::size_t position : {std::size_t{6}, std::size_t{20}, std::size_t{30}, token.size() - 2}) {
    std::string tampered = token;
    tampered[position] = tampered[position] == 'A' ? 'B' : 'A';
    BOOST_CHECK_EXCEPTION(crypto::decrypt(ring, tampered, kPlace), InternalError, authentication_failure);
  }
}

BOOST_AUTO_TEST_CASE(wrong_associated_data_fails_authentication) {
  const auto ring = test::ring_k1_k2();
  const auto token = crypto::encrypt(ring, "personal data", "errand.answers|0604|42");
  // Another row, another municipality, another column, or none.
  for (const char* other : {"errand.answers|0604|43", "errand.answers|0680|42", "errand.notes|0604|42", ""}) {
    BOOST_CHECK_EXCEPTION(crypto::decrypt(ring, token, other), InternalError, authentication_failure);
  }
}

BOOST_AUTO_TEST_CASE(wrong_key_with_the_same_id_fails_authentication) {
  const auto token = crypto::encrypt(test::ring_k1(), "x", kPlace);
  const auto impostor = crypto::Keyring::from_lines("k1:" + test::kKeyLine2.substr(3), "x");
  BOOST_CHECK_EXCEPTION(crypto::decrypt(impostor, token, kPlace), InternalError, authentication_failure);
}

BOOST_AUTO_TEST_CASE(unknown_key_id_is_named) {
  const auto token = crypto::encrypt(test::ring_k1_k2(), "x", kPlace);  // under k2
  BOOST_CHECK_EXCEPTION(crypto::decrypt(test::ring_k1(), token, kPlace), InternalError, [](const InternalError& e) {
    return std::string(e.what()).find("key 'k2' which is not in the keyring (test)") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(old_keys_still_decrypt_after_a_new_key_is_added) {
  const auto old_token = crypto::encrypt(test::ring_k1(), "kept", kPlace);
  const auto ring = test::ring_k1_k2();
  BOOST_TEST(crypto::decrypt(ring, old_token, kPlace) == "kept");
  BOOST_TEST(crypto::key_id_of(crypto::encrypt(ring, "new", kPlace)) == "k2");
}

BOOST_AUTO_TEST_CASE(malformed_tokens_are_invalid_input) {
  const auto ring = test::ring_k1();
  const auto good = crypto::encrypt(ring, "x", kPlace);
  for (const std::string& bad :
       {std::string(), std::string("plain text"), std::string("v2.k1.") + good.substr(6), std::string("v1."),
        std::string("v1.k1"), std::string("v1.k1."), std::string("v1.k 1.") + good.substr(6),
        std::string("v1.k1.") + "!!!!", std::string("v1.k1.AAAA"), std::string("v1.k1.") + good.substr(6) + "=",
        std::string("v1.k1.") + good.substr(6) + "\n"}) {
    BOOST_CHECK_THROW(crypto::decrypt(ring, bad, kPlace), InvalidInput);
  }
}

BOOST_AUTO_TEST_CASE(oversized_values_are_refused) {
  const std::string huge(crypto::kMaxFieldPlaintext + 1, 'x');
  BOOST_CHECK_THROW(crypto::encrypt(test::ring_k1(), huge, kPlace), TooLarge);
}

BOOST_AUTO_TEST_SUITE_END()

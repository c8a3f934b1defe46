#include <boost/test/unit_test.hpp>

#include <time.h>

#include <chrono>
#include <future>
#include <vector>

#include "samverkan/auth/password_hash.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;

namespace {

auth::Argon2Parameters cheap() {
  auth::Argon2Parameters p;
  p.iterations = 1;
  p.memory_kib = 1024;
  return p;
}

// Thread CPU time, so the figure does not depend on how busy the test machine is.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(password_hash_test)

BOOST_AUTO_TEST_CASE(default_parameters_hash_and_verify) {
  const auto wall_start = std::chrono::steady_clock::now();
  const auto started = cpu_ms();
  const std::string hash = auth::hash_password("correct horse battery staple");
  const auto hashed = cpu_ms();
  BOOST_TEST(hash.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"));
  BOOST_TEST(hash.find("correct horse") == std::string::npos);

  constexpr int kRounds = 5;
  for (int i = 0; i < kRounds; ++i) BOOST_TEST(auth::verify_password(hash, "correct horse battery staple"));
  const auto verified = cpu_ms();
  const auto wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count();
  BOOST_TEST(!auth::verify_password(hash, "correct horse battery stapl"));
  BOOST_TEST(!auth::verify_password(hash, ""));
  BOOST_TEST_MESSAGE("Argon2id t=3 m=64MiB p=1, CPU time: hash "
                     << hashed - started << " ms, verify " << (verified - hashed) / kRounds << " ms (mean of "
                     << kRounds << "); wall " << wall / (kRounds + 1) << " ms each");
  BOOST_TEST(!auth::needs_rehash(hash));
}

BOOST_AUTO_TEST_CASE(each_hash_has_its_own_salt) {
  const auto a = auth::hash_password("same secret", cheap());
  const auto b = auth::hash_password("same secret", cheap());
  BOOST_TEST(a != b);
  BOOST_TEST(auth::verify_password(a, "same secret"));
  BOOST_TEST(auth::verify_password(b, "same secret"));
  BOOST_TEST(a.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
}

BOOST_AUTO_TEST_CASE(bad_hashes_and_secrets_never_verify) {
  const auto hash = auth::hash_password("secret", cheap());
  BOOST_TEST(!auth::verify_password("", "secret"));
  BOOST_TEST(!auth::verify_password("not a hash", "secret"));
  BOOST_TEST(!auth::verify_password("$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "secret"), "only argon2id");
  BOOST_TEST(!auth::verify_password(hash.substr(0, hash.size() - 4), "secret"), "truncated");
  std::string tampered = hash;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  BOOST_TEST(!auth::verify_password(tampered, "secret"));
  const std::string long_secret(auth::kMaxSecretBytes + 1, 'x');
  BOOST_TEST(!auth::verify_password(hash, long_secret));
  BOOST_CHECK_THROW(auth::hash_password(long_secret, cheap()), InvalidInput);
}

BOOST_AUTO_TEST_CASE(needs_rehash_when_parameters_change) {
  const auto hash = auth::hash_password("secret", cheap());
  BOOST_TEST(auth::needs_rehash(hash));
  BOOST_TEST(!auth::needs_rehash(hash, cheap()));
  BOOST_TEST(auth::needs_rehash("garbage"));
}

BOOST_AUTO_TEST_CASE(decoy_hash_is_valid_and_matches_nothing_guessable) {
  const auto& decoy = auth::decoy_password_hash();
  BOOST_TEST(decoy.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"));
  BOOST_TEST(&decoy == &auth::decoy_password_hash(), "made once per process");
  BOOST_TEST(!auth::verify_password(decoy, ""));
  BOOST_TEST(!auth::verify_password(decoy, "password"));
}

BOOST_AUTO_TEST_CASE(many_concurrent_verifications_all_finish) {
  const auto hash = auth::hash_password("secret", cheap());
  std::vector<std::future<bool>> results;
  for (int i = 0; i < 3 * auth::kMaxConcurrentArgon2; ++i) {
    results.push_back(std::async(std::launch::async,
                                 [&hash, i] { return auth::verify_password(hash, i % 2 == 0 ? "secret" : "wrong"); }));
  }
  for (std::size_t i = 0; i < results.size(); ++i) BOOST_TEST(results[i].get() == (i % 2 == 0));
}

BOOST_AUTO_TEST_SUITE_END()

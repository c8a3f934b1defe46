// SigningIdentityCache: a municipality's key is parsed once, and again only when its files change.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "mailbox_test_data.hpp"
#include "mailbox_test_pki.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/compose.hpp"
#include "samverkan/mailbox/signing.hpp"
#include "samverkan/mailbox/verify.hpp"
#include "support/temp_dir.hpp"

namespace mb = samverkan::mailbox;
namespace mt = samverkan::mailbox::test;

BOOST_AUTO_TEST_SUITE(signing_identity_test)

BOOST_AUTO_TEST_CASE(schemas_load_before_and_after_xmlsec_starts) {
  // xmlsec's initialisation replaces libxml2's external entity loader, which xml::Schema::load
  // relies on for local copies (SchemaSet uses them). Run alone (as CTest does), this suite
  // loads schemas first, then starts xmlsec, then loads schemas again.
  BOOST_CHECK_NO_THROW(mb::SchemaSet::load(mt::schema_dir()));
  const auto& pki = mt::make_mailbox_test_pki();
  const mb::SigningIdentity identity =
      mb::SigningIdentity::from_pem(pki.municipality.key_pem, pki.municipality.certificate_pem);
  BOOST_CHECK_NO_THROW(mb::compose_signed_delivery(mt::valid_delivery(), identity));
  BOOST_CHECK_NO_THROW(mb::SchemaSet::load(mt::schema_dir()));
}

BOOST_AUTO_TEST_CASE(cache_parses_once_and_reloads_changed_files) {
  samverkan::test::TempDir dir;
  const auto& pki = mt::make_mailbox_test_pki();
  const auto [key, cert] = pki.municipality.write(dir.path(), "kommun");
  mb::SigningIdentityCache cache;
  const mb::SigningIdentity first = cache.get(key, cert);
  const mb::SigningIdentity second = cache.get(key, cert);
  BOOST_TEST(cache.loads() == 1U);
  BOOST_TEST(&first.impl() == &second.impl());  // the same parsed key
  BOOST_TEST(first.subject().find("CN=Testkommunen") != std::string::npos, first.subject());

  // Renewed: another key and certificate in the same files.
  pki.other_municipality.write(dir.path(), "kommun");
  const auto later = std::filesystem::file_time_type::clock::now() + std::chrono::seconds(5);
  std::filesystem::last_write_time(key, later);
  std::filesystem::last_write_time(cert, later);
  const mb::SigningIdentity renewed = cache.get(key, cert);
  BOOST_TEST(cache.loads() == 2U);
  BOOST_TEST(renewed.subject().find("CN=Grannkommunen") != std::string::npos, renewed.subject());
  (void)cache.get(key, cert);
  BOOST_TEST(cache.loads() == 2U);

  // A missing file is reported each time, never cached.
  BOOST_CHECK_THROW(cache.get(dir / "missing-key.pem", cert), samverkan::InvalidInput);
  BOOST_CHECK_THROW(cache.get(dir / "missing-key.pem", cert), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()

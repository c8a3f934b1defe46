#include <boost/test/unit_test.hpp>

#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>

#include "samverkan/tls/dev_certificate.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(dev_certificate_test)

BOOST_AUTO_TEST_CASE(generated_once_then_reused) {
  test::TempDir dir;
  const auto files = tls::ensure_dev_certificate(dir / "tls");
  const auto first = test::read_file(files.certificate);
  BOOST_TEST(first.find("BEGIN CERTIFICATE") != std::string::npos);
  struct stat info {};
  BOOST_REQUIRE(::stat(files.private_key.c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600u, "the private key is readable by its owner only");
  tls::ensure_dev_certificate(dir / "tls");
  BOOST_TEST(test::read_file(files.certificate) == first, "an existing valid certificate is reused");
}

BOOST_AUTO_TEST_CASE(certificate_names_localhost) {
  test::TempDir dir;
  const auto files = tls::ensure_dev_certificate(dir.path());
  FILE* file = std::fopen(files.certificate.c_str(), "r");
  X509* cert = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  BOOST_REQUIRE(cert != nullptr);
  BOOST_TEST(X509_check_host(cert, "localhost", 0, 0, nullptr) == 1);
  BOOST_TEST(X509_check_ip_asc(cert, "127.0.0.1", 0) == 1);
  BOOST_TEST(X509_check_host(cert, "example.org", 0, 0, nullptr) == 0);
  X509_free(cert);
}

BOOST_AUTO_TEST_CASE(broken_certificate_is_replaced) {
  test::TempDir dir;
  dir.write("dev-cert.pem", "garbage");
  dir.write("dev-key.pem", "garbage");
  const auto files = tls::ensure_dev_certificate(dir.path());
  BOOST_TEST(test::read_file(files.certificate).find("BEGIN CERTIFICATE") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

#include "provision/dev_provision.hpp"

#include <Poco/Base64Encoder.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "services/mailbox/mailbox_test_pki.hpp"

namespace samverkan::dev_provision {
namespace {

namespace fs = std::filesystem;
namespace pki = mailbox::test::pki_detail;

constexpr long kMinimumValiditySeconds = 24L * 3600;

std::optional<std::string> read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Creates `folder` and its parents; a folder made here gets `mode`.
void make_folder(const fs::path& folder, fs::perms mode, Result& result) {
  if (folder.empty() || fs::is_directory(folder)) return;
  make_folder(folder.parent_path(), mode, result);
  std::error_code error;
  if (!fs::create_directory(folder, error) && !fs::is_directory(folder)) {
    throw Unavailable("cannot create the folder " + folder.string() + ": " + error.message());
  }
  fs::permissions(folder, mode, error);
  result.created.push_back(folder);
}

// Writes `content` to `file` with `mode` from the first byte on: a temporary file beside it,
// then rename().
void write_file(const fs::path& file, const std::string& content, mode_t mode, Result& result) {
  make_folder(file.parent_path(), mode == 0600 ? fs::perms::owner_all : fs::perms(0755), result);
  // Appended, as GCC 12 -O3 falsely warns on "." + std::string&& (-Wrestrict, GCC bug 105329).
  const auto temporary =
      file.parent_path() / std::string(".").append(file.filename().string()).append(".provision.tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw Unavailable("cannot write " + file.string() + ": " + std::strerror(errno));
  ::fchmod(fd, mode);
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      throw Unavailable("cannot write " + file.string() + ": " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    throw Unavailable("cannot write " + file.string() + ": " + reason);
  }
  result.created.push_back(file);
}

// A file that must hold exactly `content` (a CA certificate copy).
void ensure_content(const fs::path& file, const std::string& content, Result& result) {
  if (read_text(file) != content) write_file(file, content, 0644, result);
}

pki::X509Ptr read_certificate(const fs::path& file) {
  const auto text = read_text(file);
  if (!text) return nullptr;
  pki::BioPtr bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  return pki::X509Ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

pki::PKeyPtr read_key(const fs::path& file) {
  const auto text = read_text(file);
  if (!text) return nullptr;
  pki::BioPtr bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  return pki::PKeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

// The certificate's subject serialNumber ("16" + organisation number), "" when it has none.
std::string subject_serial_number(const X509* certificate) {
  const X509_NAME* name = X509_get_subject_name(certificate);
  const int index = X509_NAME_get_index_by_NID(name, NID_serialNumber, -1);
  if (index < 0) return {};
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     static_cast<std::size_t>(ASN1_STRING_length(value)));
}

bool valid_for_a_while(const X509* certificate) {
  std::time_t soon = std::time(nullptr) + kMinimumValiditySeconds;
  return X509_cmp_time(X509_get0_notAfter(certificate), &soon) > 0;
}

// A key pair on disk that is what it should be: the key matches the certificate, `issuer` signed
// it (itself for a CA), it carries `serial_number` ("" for none) and it stays valid for a day.
std::optional<pki::Issued> load_valid(const fs::path& key_file, const fs::path& certificate_file,
                                      const pki::Issued* issuer, const std::string& serial_number) {
  pki::Issued pair{read_key(key_file), read_certificate(certificate_file)};
  if (!pair.key || !pair.certificate) return std::nullopt;
  EVP_PKEY* issuer_key = issuer != nullptr ? issuer->key.get() : pair.key.get();
  const bool right = X509_check_private_key(pair.certificate.get(), pair.key.get()) == 1 &&
                     X509_verify(pair.certificate.get(), issuer_key) == 1 &&
                     subject_serial_number(pair.certificate.get()) == serial_number &&
                     valid_for_a_while(pair.certificate.get());
  ERR_clear_error();
  if (!right) return std::nullopt;
  return pair;
}

void write_pair(const pki::Issued& pair, const fs::path& key_file, const fs::path& certificate_file, Result& result) {
  write_file(key_file, pki::key_pem(pair.key.get()), 0600, result);
  write_file(certificate_file, pki::certificate_pem(pair.certificate.get()), 0644, result);
}

// The CA in `folder` (`stem`.pem, `stem`-key.pem), made when missing or no longer right.
pki::Issued ensure_ca(const fs::path& folder, const std::string& stem, const std::string& name, Result& result) {
  const auto key_file = folder / (stem + "-key.pem");
  const auto certificate_file = folder / (stem + ".pem");
  if (auto existing = load_valid(key_file, certificate_file, nullptr, "")) return std::move(*existing);
  pki::Issued ca = pki::make_ca(name, pki::KeyType::kEcP256);
  write_pair(ca, key_file, certificate_file, result);
  return ca;
}

struct Leaf {
  std::string common_name;
  std::string organisation_number;  ///< 10 digits, or "" for none
  pki::KeyType key_type = pki::KeyType::kRsa2048;
  const char* extended_usage = nullptr;
  const char* subject_alt_name = nullptr;
};

void ensure_leaf(const config::KeyPairFiles& files, const pki::Issued& ca, const Leaf& leaf, Result& result) {
  const std::string serial = leaf.organisation_number.empty() ? "" : "16" + leaf.organisation_number;
  if (load_valid(files.key_file, files.certificate_file, &ca, serial)) return;
  const auto pair =
      pki::make_leaf(leaf.common_name, leaf.organisation_number, ca, leaf.extended_usage, leaf.subject_alt_name);
  write_pair(pair, files.key_file, files.certificate_file, result);
}

std::string random_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw InternalError("OpenSSL could not make random bytes");
  std::ostringstream text;
  Poco::Base64Encoder encoder(text, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.write(reinterpret_cast<const char*>(bytes), sizeof bytes);
  encoder.close();
  return text.str() + "\n";
}

[[noreturn]] void fail(const std::string& file, int line, const std::string& message) {
  throw config::ConfigError({config::Diagnostic{file, line, message}});
}

// Each member's <digitalMail> and the cooperation's <minaMeddelanden>.
void provision_digital_mail(const config::Cooperation& cooperation, const pki::Issued& tls_ca,
                            const std::string& tls_ca_pem, const pki::Issued& signing_ca, Result& result) {
  const config::Municipality* host = cooperation.find(cooperation.host);
  // A TLS client pair several members share (or the host's) is the platform's: the host's number.
  std::map<fs::path, std::vector<const config::Municipality*>> tls_users;
  std::map<fs::path, const config::Municipality*> signers;
  for (const auto& member : cooperation.members) {
    if (!member.digital_mail) continue;
    tls_users[member.digital_mail->tls_client.key_file].push_back(&member);
    const auto [first, inserted] = signers.emplace(member.digital_mail->signing.key_file, &member);
    if (!inserted) {
      fail(cooperation.source_file.string(), member.line,
           member.display_name() + " names the signing key " + first->first.string() + " that " +
               first->second->display_name() + " names too: each member signs with its own key");
    }
  }
  for (const auto& member : cooperation.members) {
    if (!member.digital_mail) continue;
    const auto& mail = *member.digital_mail;
    ensure_leaf(mail.signing, signing_ca, {member.name, member.organisation_number.digits()}, result);
    const auto& users = tls_users[mail.tls_client.key_file];
    const auto* owner = users.size() > 1 ? host : &member;
    ensure_leaf(
        mail.tls_client, tls_ca,
        {owner->name + " (Mina meddelanden)", owner->organisation_number.digits(), pki::KeyType::kEcP256, "clientAuth"},
        result);
  }
  if (const auto& mm = cooperation.mina_meddelanden) {
    ensure_content(mm->register_ca_file, tls_ca_pem, result);
    ensure_content(mm->operators_ca_file, tls_ca_pem, result);
    ensure_leaf(mm->seal, signing_ca, {cooperation.name + " (sigill)", host->organisation_number.digits()}, result);
  }
}

// Each member's product settings: token files, CA files and the exchange folders.
void provision_adapters(const config::Cooperation& cooperation, const std::string& tls_ca_pem, Result& result) {
  for (const auto& member : cooperation.members) {
    for (auto binding : member.adapters.bindings) {  // a copy: reading marks settings used
      if (binding.has_rest_api()) {
        const auto& api = binding.rest_api();
        if (!api.token_file.empty() && !fs::exists(api.token_file)) {
          write_file(api.token_file, random_token(), 0600, result);
        }
        if (!api.ca_file.empty()) ensure_content(api.ca_file, tls_ca_pem, result);
      }
      if (binding.has_outbox()) {
        const auto& outbox = binding.outbox();
        make_folder(outbox.directory, fs::perms(0750), result);
        if (!outbox.receipts.empty()) make_folder(outbox.receipts, fs::perms(0750), result);
      }
      if (binding.has_csv_export()) make_folder(binding.csv_export().directory, fs::perms(0750), result);
    }
  }
}

}  // namespace

Result provision(const Options& options) {
  const auto cooperation = config::load_cooperation(options.cooperation_file, options.xsd_dir);
  Result result;
  const fs::path pki_dir = options.pki_dir.empty() ? cooperation.source_file.parent_path() / "secrets" / "dev-pki"
                                                   : fs::absolute(options.pki_dir);
  make_folder(pki_dir, fs::perms::owner_all, result);

  const auto tls_ca = ensure_ca(pki_dir, "ca", cooperation.name + " development TLS CA", result);
  const auto signing_ca = ensure_ca(pki_dir, "signing-ca", cooperation.name + " development signing CA", result);
  const std::string tls_ca_pem = pki::certificate_pem(tls_ca.certificate.get());
  result.pki = {pki_dir / "ca.pem", pki_dir / "server-cert.pem", pki_dir / "server-key.pem",
                pki_dir / "signing-ca.pem"};
  ensure_leaf({result.pki.server_key, result.pki.server_certificate}, tls_ca,
              {"localhost", "", pki::KeyType::kEcP256, "serverAuth", "DNS:localhost,IP:127.0.0.1,IP:::1"}, result);

  provision_digital_mail(cooperation, tls_ca, tls_ca_pem, signing_ca, result);
  provision_adapters(cooperation, tls_ca_pem, result);
  if (!options.data_dir.empty()) {
    make_folder(options.data_dir, fs::perms::owner_all, result);
    const auto key_file = options.data_dir / "keys";
    if (!fs::exists(key_file)) {
      crypto::Keyring::load(key_file, true);
      result.created.push_back(key_file);
    }
  }

  // Whatever the cooperation file names and this tool does not know how to make.
  std::vector<config::FileReference> references = cooperation.files;
  for (const auto& member : cooperation.members) {
    references.insert(references.end(), member.adapters.files.begin(), member.adapters.files.end());
  }
  auto missing = config::check_referenced_files(references);
  if (!missing.empty()) {
    for (auto& diagnostic : missing) diagnostic.message += " (samverkan-dev-provision does not make this kind of file)";
    throw config::ConfigError(std::move(missing));
  }
  return result;
}

}  // namespace samverkan::dev_provision

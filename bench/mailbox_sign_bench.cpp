// Signed Mina meddelanden deliveries per second, in process, beside the raw RSA-2048 sign rate
// measured in the same run (OpenSSL EVP, SHA-256), on 1 and 2 threads, per wall-clock second and
// per CPU-second (the unit of `openssl speed`). Letters with a 30 KiB PDF and without attachment.
// Not a test.
//   samverkan-bench-mailbox-sign [SECONDS=3] [--write-files DIR]
// --write-files writes the key, the certificate and the same delivery as an xmlsec1 template
// (signature values emptied) into DIR, for bench/mailbox_sign.sh to run `xmlsec1 --sign`.
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <time.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "samverkan/mailbox/compose.hpp"
#include "samverkan/mailbox/message.hpp"
#include "samverkan/mailbox/signing.hpp"

namespace mb = samverkan::mailbox;

namespace {

using Clock = std::chrono::steady_clock;

std::string to_pem(const std::function<int(BIO*)>& write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio || write(bio.get()) != 1) throw std::runtime_error("cannot write PEM");
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

struct Identity {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{nullptr, &EVP_PKEY_free};
  std::string key_pem;
  std::string certificate_pem;
};

// A throwaway RSA-2048 key with a self-signed certificate (serialNumber=16<orgnr>).
Identity make_identity() {
  Identity out;
  out.key.reset(EVP_RSA_gen(2048));
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  if (!out.key || !cert) throw std::runtime_error("cannot generate a key");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 3600);
  X509_set_pubkey(cert.get(), out.key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("SE"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Benchkommunen"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "serialNumber", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("162120000142"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Benchkommunen"), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), out.key.get(), EVP_sha256()) == 0) throw std::runtime_error("cannot sign the certificate");
  out.key_pem = to_pem(
      [&](BIO* bio) { return PEM_write_bio_PrivateKey(bio, out.key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
  out.certificate_pem = to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
  return out;
}

// A typical letter: a short text body and a ~30 kB PDF decision (or no attachment).
mb::Delivery letter(int number, bool with_pdf = true) {
  mb::Delivery delivery;
  delivery.sender_organisation_number = "2120000142";
  delivery.sender_name = "Benchkommunen";
  delivery.recipient = "191212121212";
  delivery.reference = "KS 2026/" + std::to_string(number);
  mb::Message message;
  message.id = "bench-" + std::to_string(number);
  message.subject = "Beslut i ärende KS 2026/" + std::to_string(number);
  message.support.text = "Kontakta kommunens kontaktcenter";
  message.body = "Hej!\nDitt ärende är beslutat. Beslutet finns i bilagan.\n";
  std::string pdf = "%PDF-1.4\n";
  pdf.resize(30 * 1024, 'x');
  if (with_pdf) message.attachments.push_back(mb::Attachment{"beslut.pdf", pdf});
  delivery.messages.push_back(std::move(message));
  return delivery;
}

struct Rate {
  double wall = 0;  ///< operations per second of wall-clock time
  double cpu = 0;   ///< operations per CPU-second of this process (what `openssl speed` reports)
};

double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Runs `work` on `threads` threads for `seconds`.
Rate rate(int threads, double seconds, const std::function<void(int)>& work) {
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  const double cpu_start = process_cpu_seconds();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      int i = t * 1000000;
      while (!stop.load(std::memory_order_relaxed)) {
        work(i++);
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& thread : pool) thread.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = process_cpu_seconds() - cpu_start;
  return Rate{static_cast<double>(done.load()) / elapsed, static_cast<double>(done.load()) / cpu};
}

void raw_sign(EVP_PKEY* key) {
  static const std::string data(256, 'd');
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char signature[512];
  std::size_t length = sizeof signature;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &length, reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
          1) {
    throw std::runtime_error("EVP_DigestSign failed");
  }
}

// As `openssl speed` does it: one EVP_PKEY_CTX per thread, reused, signing a ready digest.
void raw_sign_reused_context(EVP_PKEY* key) {
  thread_local std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(nullptr, &EVP_PKEY_CTX_free);
  if (!ctx) {
    ctx.reset(EVP_PKEY_CTX_new(key, nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1) {
      throw std::runtime_error("EVP_PKEY_sign_init failed");
    }
  }
  static const unsigned char digest[32] = {1, 2, 3};
  unsigned char signature[512];
  std::size_t length = sizeof signature;
  if (EVP_PKEY_sign(ctx.get(), signature, &length, digest, sizeof digest) != 1)
    throw std::runtime_error("EVP_PKEY_sign failed");
}

std::string emptied(std::string xml, const std::string& open, const std::string& close) {
  const auto start = xml.find(open);
  const auto end = xml.find(close, start);
  return xml.replace(start + open.size(), end - start - open.size(), "");
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  std::filesystem::path write_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--write-files" && i + 1 < argc) {
      write_dir = argv[++i];
    } else {
      seconds = std::stod(arg);
    }
  }
  const Identity identity = make_identity();
  const mb::SigningIdentity signer = mb::SigningIdentity::from_pem(identity.key_pem, identity.certificate_pem);
  const std::string sample = mb::compose_signed_delivery(letter(0), signer);

  if (!write_dir.empty()) {
    std::filesystem::create_directories(write_dir);
    std::ofstream(write_dir / "key.pem") << identity.key_pem;
    std::ofstream(write_dir / "cert.pem") << identity.certificate_pem;
    // The same document as an xmlsec1 template: values emptied, KeyInfo left for xmlsec1 to fill.
    std::string tmpl =
        emptied(emptied(sample, "<DigestValue>", "</DigestValue>"), "<SignatureValue>", "</SignatureValue>");
    tmpl = emptied(tmpl, "<X509SubjectName>", "</X509SubjectName>");
    tmpl = emptied(tmpl, "<X509Certificate>", "</X509Certificate>");
    std::ofstream(write_dir / "template.xml") << tmpl;
  }

  std::cout << "document: SignedDelivery with a 30 KiB PDF, " << sample.size() << " bytes; " << seconds
            << " s per figure. Rates per wall-clock second and per CPU-second of this process (the\n"
            << "latter is what `openssl speed` reports, and stays comparable on a busy machine).\n";
  std::cout << std::fixed << std::setprecision(1);
  const auto show = [](const char* what, const Rate& r) {
    std::cout << "  " << std::left << std::setw(58) << what << std::right << std::setw(8) << r.wall << "/s  "
              << std::setw(8) << r.cpu << "/CPU-s\n";
  };
  const auto ratio = [](const char* what, double value) {
    std::cout << "  " << what << std::setprecision(2) << value << std::setprecision(1) << " x raw\n";
  };
  const mb::Seal seal{std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{2}},
                      true};
  for (int threads : {1, 2}) {
    std::cout << threads << " thread" << (threads == 1 ? "" : "s") << ":\n";
    const Rate reused = rate(threads, seconds, [&](int) { raw_sign_reused_context(identity.key.get()); });
    show("raw RSA-2048 sign, reused context (as openssl speed)", reused);
    const Rate raw = rate(threads, seconds, [&](int) { raw_sign(identity.key.get()); });
    show("raw RSA-2048 sign, new context per signature (as xmlsec)", raw);
    const Rate composed = rate(threads, seconds, [&](int i) { (void)mb::compose_signed_delivery(letter(i), signer); });
    show("signed deliveries (30 KiB PDF)", composed);
    const Rate small =
        rate(threads, seconds, [&](int i) { (void)mb::compose_signed_delivery(letter(i, false), signer); });
    show("signed deliveries (no attachment, ~3 KiB)", small);
    const Rate sealed = rate(threads, seconds, [&](int i) {
      (void)mb::seal_delivery(mb::compose_signed_delivery(letter(i), signer), seal, signer);
    });
    show("signed + sealed deliveries (2 signatures, 30 KiB PDF)", sealed);
    ratio("signed deliveries (30 KiB PDF) per CPU-s / raw reused: ", composed.cpu / reused.cpu);
    ratio("signed deliveries (no attachment) per CPU-s / raw reused: ", small.cpu / reused.cpu);
    ratio("signatures in signed+sealed per CPU-s / raw reused: ", 2 * sealed.cpu / reused.cpu);
  }
  return 0;
}

#include "samverkan/auth/certificate_revocation.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

#include "crypto/detail/openssl_util.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/tls/context.hpp"

namespace samverkan::auth {
namespace {

using crypto::detail::Deleter;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using CrlPtr = std::shared_ptr<X509_CRL>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, Deleter<OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, Deleter<OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, Deleter<OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, Deleter<OCSP_CERTID_free>>;

// How far an OCSP answer's thisUpdate may lie in the future, and its nextUpdate in the past
// (clock skew between us and the responder).
constexpr std::time_t kOcspLeewaySeconds = 300;

CrlPtr own(X509_CRL* crl) { return CrlPtr(crl, X509_CRL_free); }

std::time_t seconds_of(Clock::TimePoint t) { return std::chrono::system_clock::to_time_t(t); }

std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string("(no name)");
}

// "2026-11-22T10:00:00Z", or "(unknown time)".
std::string time_text(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return "(unknown time)";
  char text[32];
  return std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0 ? std::string(text) : "(unknown time)";
}

// True when `time` is at or before `when`.
bool at_or_before(const ASN1_TIME* time, std::time_t when) {
  std::time_t copy = when;
  return X509_cmp_time(time, &copy) < 0;
}

void check_url(const std::string& url, const char* what) {
  try {
    const Poco::URI uri(url);
    if ((uri.getScheme() == "http" || uri.getScheme() == "https") && !uri.getHost().empty()) return;
  } catch (const Poco::Exception&) {
  }
  throw InvalidInput(std::string(what) + " '" + url + "' is not an http:// or https:// URL");
}

// One HTTP exchange with a CRL distribution point or an OCSP responder: the body of a 200
// answer, at most `max_bytes`. Throws samverkan::Unavailable with the reason.
std::string http_exchange(const std::string& url, const std::string& method, const std::string& content_type,
                          const std::string& body, std::chrono::seconds timeout, std::size_t max_bytes) {
  try {
    const Poco::URI uri(url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
      session =
          std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls::system_client_context());
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(static_cast<long>(timeout.count()), 0));
    const std::string target = uri.getPathEtc().empty() ? "/" : uri.getPathEtc();
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!content_type.empty()) {
      request.setContentType(content_type);
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    auto& in = session->receiveResponse(response);
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
      throw Unavailable("answered HTTP " + std::to_string(static_cast<int>(response.getStatus())));
    }
    std::string out;
    char buffer[16384];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      out.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (out.size() > max_bytes)
        throw Unavailable("the answer is larger than " + std::to_string(max_bytes) + " bytes");
    }
    return out;
  } catch (const Poco::Exception& e) {
    throw Unavailable(e.displayText());
  }
}

// A CRL in DER or PEM; null when neither.
CrlPtr parse_crl(const std::string& bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (X509_CRL* crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size()))) return own(crl);
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  X509_CRL* crl = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr);
  ERR_clear_error();
  return crl != nullptr ? own(crl) : nullptr;
}

std::string crl_der(X509_CRL* crl) {
  unsigned char* out = nullptr;
  const int length = i2d_X509_CRL(crl, &out);
  if (length <= 0) return {};
  std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(length));
  OPENSSL_free(out);
  return der;
}

struct CrlSource {
  std::string url;
  CrlPtr crl;  // null until the first good download
  Clock::TimePoint fetched{};
  std::optional<Clock::TimePoint> last_attempt;
  std::string last_error;  // of the last failed attempt, "" after a success
};

struct OcspAnswer {
  RevocationStatus status;
  Clock::TimePoint until;
};

}  // namespace

std::string_view to_string(RevocationMode mode) noexcept { return mode == RevocationMode::kHardFail ? "hard" : "soft"; }

RevocationMode parse_revocation_mode(std::string_view text) {
  if (text == "soft") return RevocationMode::kSoftFail;
  if (text == "hard") return RevocationMode::kHardFail;
  throw InvalidInput("the revocation mode is 'soft' or 'hard'");
}

std::string_view to_string(RevocationState state) noexcept {
  switch (state) {
    case RevocationState::kGood:
      return "good";
    case RevocationState::kRevoked:
      return "revoked";
    case RevocationState::kUnknown:
      break;
  }
  return "unknown";
}

struct RevocationChecker::Impl {
  const RevocationOptions& options;
  const Clock& clock;
  log::Logger* logger;
  std::vector<X509Ptr> cas;

  std::mutex mutex;  // guards sources, ocsp_answers, ocsp_down and last_unknown_log
  std::vector<CrlSource> sources;
  std::map<std::string, OcspAnswer> ocsp_answers;                             // by SHA-256 of the certificate
  std::map<std::string, std::pair<Clock::TimePoint, std::string>> ocsp_down;  // responder → until, why
  std::optional<Clock::TimePoint> last_unknown_log;
  std::mutex download_mutex;  // one download at a time

  Impl(const RevocationOptions& o, const Clock& c, log::Logger* l) : options(o), clock(c), logger(l) {}

  void warn(std::string_view message, std::initializer_list<log::Field> fields) {
    if (logger != nullptr) logger->warning(message, fields);
  }

  // The staff CA that issued and signed `crl`, or null.
  const X509* crl_signer(X509_CRL* crl) const {
    for (const auto& ca : cas) {
      if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(ca.get())) != 0) continue;
      EVP_PKEY* key = X509_get0_pubkey(ca.get());
      if (key != nullptr && X509_CRL_verify(crl, key) == 1) return ca.get();
    }
    ERR_clear_error();
    return nullptr;
  }

  std::filesystem::path cache_file(const std::string& url) const {
    return options.cache_dir / ("crl-" + crypto::sha256_hex(url).substr(0, 16) + ".der");
  }

  void load_cache() {
    if (options.cache_dir.empty()) return;
    for (auto& source : sources) {
      std::ifstream in(cache_file(source.url), std::ios::binary);
      if (!in) continue;
      std::ostringstream bytes;
      bytes << in.rdbuf();
      auto crl = parse_crl(bytes.str());
      if (!crl || crl_signer(crl.get()) == nullptr) {
        warn("ignoring a cached CRL that is unreadable or not signed by a staff CA", {{"url", source.url}});
        continue;
      }
      source.crl = std::move(crl);
      // Its age is unknown here; a download is due at start anyway.
      source.fetched = Clock::TimePoint{};
    }
  }

  void save_cache(const std::string& url, X509_CRL* crl) {
    if (options.cache_dir.empty()) return;
    std::error_code error;
    std::filesystem::create_directories(options.cache_dir, error);
    const auto target = cache_file(url);
    const auto temporary = target.string() + ".tmp";
    const std::string der = crl_der(crl);
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out.write(der.data(), static_cast<std::streamsize>(der.size()));
      if (!out) {
        warn("cannot write the CRL cache", {{"file", temporary}});
        return;
      }
    }
    std::filesystem::rename(temporary, target, error);
    if (error) warn("cannot write the CRL cache", {{"file", target.string()}});
  }

  bool due(const CrlSource& source, Clock::TimePoint now) const {
    if (source.last_attempt && now - *source.last_attempt < options.retry_after) return false;
    if (!source.crl) return true;
    if (now - source.fetched >= options.crl_refresh) return true;
    const ASN1_TIME* next = X509_CRL_get0_nextUpdate(source.crl.get());
    return next != nullptr && at_or_before(next, seconds_of(now));
  }

  // Downloads sources[index]; true when a new CRL replaced the one in hand.
  bool download(std::size_t index) {
    std::lock_guard downloading(download_mutex);
    std::string url;
    CrlPtr current;
    {
      std::lock_guard lock(mutex);
      url = sources[index].url;
      current = sources[index].crl;
      sources[index].last_attempt = clock.now();
    }
    std::string problem;
    CrlPtr crl;
    try {
      crl = parse_crl(http_exchange(url, "GET", "", "", options.timeout, options.max_crl_bytes));
      if (!crl) {
        problem = "the answer is not a CRL (DER or PEM)";
      } else if (crl_signer(crl.get()) == nullptr) {
        problem = "the CRL of " + name_text(X509_CRL_get_issuer(crl.get())) + " is not signed by one of the staff CAs";
      } else if (current &&
                 ASN1_TIME_compare(X509_CRL_get0_lastUpdate(crl.get()), X509_CRL_get0_lastUpdate(current.get())) < 0) {
        problem = "the CRL downloaded was issued " + time_text(X509_CRL_get0_lastUpdate(crl.get())) +
                  ", before the one in hand (" + time_text(X509_CRL_get0_lastUpdate(current.get())) + ")";
      }
    } catch (const Error& e) {
      problem = e.what();
    }
    if (!problem.empty()) {
      {
        std::lock_guard lock(mutex);
        sources[index].last_error = problem;
      }
      warn("CRL download failed; the CRL in hand is kept", {{"url", url}, {"reason", problem}});
      return false;
    }
    save_cache(url, crl.get());
    const std::string next = time_text(X509_CRL_get0_nextUpdate(crl.get()));
    {
      std::lock_guard lock(mutex);
      sources[index].crl = crl;
      sources[index].fetched = clock.now();
      sources[index].last_error.clear();
    }
    if (logger != nullptr) logger->info("CRL downloaded", {{"url", url}, {"next_update", next}});
    return true;
  }

  // A store of the staff CAs (and `crls`) verifying at our clock's time.
  StorePtr make_store(const std::vector<CrlPtr>& crls, std::time_t now) const {
    StorePtr store(X509_STORE_new());
    if (!store) throw InternalError("OpenSSL cannot make a certificate store");
    for (const auto& ca : cas) X509_STORE_add_cert(store.get(), ca.get());
    for (const auto& crl : crls) X509_STORE_add_crl(store.get(), crl.get());
    X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), now);
    return store;
  }

  std::optional<RevocationStatus> check_crl(X509* leaf, const X509* issuer) {
    const auto now = clock.now();
    const std::string issuer_name = name_text(X509_get_subject_name(issuer));
    // A CRL of this issuer past its nextUpdate is downloaded again first (once per retry_after).
    std::vector<std::size_t> expired;
    {
      std::lock_guard lock(mutex);
      for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& s = sources[i];
        const bool ours = s.crl && X509_NAME_cmp(X509_CRL_get_issuer(s.crl.get()), X509_get_subject_name(issuer)) == 0;
        if ((ours || !s.crl) && due(s, now)) expired.push_back(i);
      }
    }
    for (const auto index : expired) download(index);

    std::vector<CrlPtr> crls;
    std::string errors;
    {
      std::lock_guard lock(mutex);
      for (const auto& s : sources) {
        if (s.crl) crls.push_back(s.crl);
        if (!s.last_error.empty()) errors += "; " + s.url + ": " + s.last_error;
      }
    }
    const std::time_t now_seconds = seconds_of(now);
    auto store = make_store(crls, now_seconds);
    StoreCtxPtr context(X509_STORE_CTX_new());
    if (!context || X509_STORE_CTX_init(context.get(), store.get(), leaf, nullptr) != 1) {
      ERR_clear_error();
      return RevocationStatus{RevocationState::kUnknown, "the CRL check could not be set up"};
    }
    X509_STORE_CTX_set_flags(context.get(), X509_V_FLAG_CRL_CHECK);
    const bool verified = X509_verify_cert(context.get()) == 1;
    const int error = X509_STORE_CTX_get_error(context.get());
    ERR_clear_error();

    // The CRL of this issuer that lists the certificate, if any (also an expired one).
    const auto listing = [&]() -> std::string {
      for (const auto& crl : crls) {
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer)) != 0) continue;
        X509_REVOKED* entry = nullptr;
        if (X509_CRL_get0_by_cert(crl.get(), &entry, leaf) == 1 && entry != nullptr) {
          return "the CRL of " + issuer_name + " issued " + time_text(X509_CRL_get0_lastUpdate(crl.get())) +
                 " lists it as revoked since " + time_text(X509_REVOKED_get0_revocationDate(entry));
        }
      }
      return {};
    };
    if (verified) {
      return RevocationStatus{RevocationState::kGood, "the CRL of " + issuer_name + " does not list it"};
    }
    switch (error) {
      case X509_V_ERR_CERT_REVOKED: {
        const auto where = listing();
        return RevocationStatus{RevocationState::kRevoked,
                                where.empty() ? "the CRL of " + issuer_name + " lists it as revoked" : where};
      }
      case X509_V_ERR_CRL_HAS_EXPIRED:
        if (auto where = listing(); !where.empty()) return RevocationStatus{RevocationState::kRevoked, where};
        return RevocationStatus{
            RevocationState::kUnknown,
            "the CRL of " + issuer_name + " has expired and could not be downloaded again" + errors};
      case X509_V_ERR_UNABLE_TO_GET_CRL:
        return RevocationStatus{RevocationState::kUnknown, "no CRL of " + issuer_name + " is at hand" + errors};
      default:
        return RevocationStatus{RevocationState::kUnknown,
                                std::string("the CRL check failed: ") + X509_verify_cert_error_string(error)};
    }
  }

  std::string responder_of(X509* leaf) const {
    if (options.ocsp_url != "aia") return options.ocsp_url;
    STACK_OF(OPENSSL_STRING)* urls = X509_get1_ocsp(leaf);
    std::string url;
    if (urls != nullptr && sk_OPENSSL_STRING_num(urls) > 0) url = sk_OPENSSL_STRING_value(urls, 0);
    X509_email_free(urls);
    return url;
  }

  // Asks the responder; throws samverkan::Unavailable with the reason when it cannot answer
  // or its answer is not acceptable.
  OcspAnswer ask_ocsp(const std::string& url, X509* leaf, const X509* issuer) {
    OcspCertIdPtr id(OCSP_cert_to_id(nullptr, leaf, issuer));
    OcspRequestPtr request(OCSP_REQUEST_new());
    if (!id || !request || OCSP_request_add0_id(request.get(), OCSP_CERTID_dup(id.get())) == nullptr ||
        OCSP_request_add1_nonce(request.get(), nullptr, -1) != 1) {
      ERR_clear_error();
      throw InternalError("OpenSSL cannot make an OCSP request");
    }
    unsigned char* der = nullptr;
    const int length = i2d_OCSP_REQUEST(request.get(), &der);
    if (length <= 0) throw InternalError("OpenSSL cannot encode an OCSP request");
    const std::string body(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);

    const std::string answer =
        http_exchange(url, "POST", "application/ocsp-request", body, options.timeout, std::size_t{1} << 20);
    const auto* p = reinterpret_cast<const unsigned char*>(answer.data());
    OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(answer.size())));
    if (!response) throw Unavailable("the answer is not an OCSP response");
    if (const int status = OCSP_response_status(response.get()); status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
      throw Unavailable(std::string("the responder answered ") + OCSP_response_status_str(status));
    }
    OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
    if (!basic) throw Unavailable("the OCSP response has no basic response");
    // 1: our nonce came back; -1: the responder sends none (pre-produced answers). 0 is a
    // different nonce: an answer to another request.
    if (const int nonce = OCSP_check_nonce(request.get(), basic.get()); nonce != 1 && nonce != -1) {
      throw Unavailable("the OCSP response does not answer our nonce");
    }
    const std::time_t now = seconds_of(clock.now());
    auto store = make_store({}, now);
    STACK_OF(X509)* candidates = sk_X509_new_null();
    for (const auto& ca : cas) sk_X509_push(candidates, ca.get());
    const int verified = OCSP_basic_verify(basic.get(), candidates, store.get(), 0);
    sk_X509_free(candidates);
    if (verified <= 0) {
      ERR_clear_error();
      throw Unavailable("the OCSP response is not signed by the issuing CA or a responder it authorised");
    }
    int status = 0;
    int reason = 0;
    ASN1_GENERALIZEDTIME* revoked_at = nullptr;
    ASN1_GENERALIZEDTIME* this_update = nullptr;
    ASN1_GENERALIZEDTIME* next_update = nullptr;
    if (OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked_at, &this_update, &next_update) != 1) {
      throw Unavailable("the OCSP response does not mention the certificate");
    }
    if (this_update == nullptr || !at_or_before(this_update, now + kOcspLeewaySeconds) ||
        (next_update != nullptr && at_or_before(next_update, now - kOcspLeewaySeconds))) {
      throw Unavailable("the OCSP response is not current (thisUpdate " + time_text(this_update) + ", nextUpdate " +
                        time_text(next_update) + ")");
    }
    auto until = clock.now() + options.ocsp_cache;
    if (next_update != nullptr) {
      std::tm tm{};
      if (ASN1_TIME_to_tm(next_update, &tm) == 1) {
        until = std::min(until, std::chrono::system_clock::from_time_t(timegm(&tm)));
      }
    }
    switch (status) {
      case V_OCSP_CERTSTATUS_GOOD:
        return {{RevocationState::kGood, "the OCSP responder " + url + " answered good"}, until};
      case V_OCSP_CERTSTATUS_REVOKED:
        return {{RevocationState::kRevoked,
                 "the OCSP responder " + url + " answered revoked since " + time_text(revoked_at)},
                until};
      default:
        // Not cached: the responder may learn of the certificate.
        return {{RevocationState::kUnknown, "the OCSP responder " + url + " does not know the certificate"},
                clock.now()};
    }
  }

  RevocationStatus check_ocsp(X509* leaf, const X509* issuer, const std::string& key) {
    const auto now = clock.now();
    const std::string url = responder_of(leaf);
    if (url.empty()) return {RevocationState::kUnknown, "the certificate names no OCSP responder"};
    try {
      check_url(url, "the OCSP responder");
    } catch (const InvalidInput& e) {
      return {RevocationState::kUnknown, e.what()};
    }
    {
      std::lock_guard lock(mutex);
      if (const auto cached = ocsp_answers.find(key); cached != ocsp_answers.end()) {
        if (now < cached->second.until) return cached->second.status;
        ocsp_answers.erase(cached);
      }
      if (const auto down = ocsp_down.find(url); down != ocsp_down.end() && now < down->second.first) {
        return {RevocationState::kUnknown, "the OCSP responder " + url + " failed: " + down->second.second};
      }
    }
    try {
      auto answer = ask_ocsp(url, leaf, issuer);
      std::lock_guard lock(mutex);
      ocsp_down.erase(url);
      if (answer.status.state != RevocationState::kUnknown) ocsp_answers[key] = answer;
      return answer.status;
    } catch (const Error& e) {
      warn("OCSP query failed", {{"responder", url}, {"reason", std::string_view(e.what())}});
      std::lock_guard lock(mutex);
      ocsp_down[url] = {now + options.retry_after, e.what()};
      return {RevocationState::kUnknown, "the OCSP responder " + url + " failed: " + e.what()};
    }
  }

  RevocationStatus check(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509Ptr leaf(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!leaf) {
      ERR_clear_error();
      return {RevocationState::kUnknown, "the certificate cannot be read"};
    }
    const X509* issuer = nullptr;
    for (const auto& ca : cas) {
      if (X509_check_issued(ca.get(), leaf.get()) == X509_V_OK) {
        issuer = ca.get();
        break;
      }
    }
    ERR_clear_error();
    if (issuer == nullptr) {
      return {RevocationState::kUnknown,
              "its issuer " + name_text(X509_get_issuer_name(leaf.get())) + " is not one of the staff CAs"};
    }
    std::optional<RevocationStatus> by_crl;
    if (!sources.empty()) {
      by_crl = check_crl(leaf.get(), issuer);
      if (by_crl->state == RevocationState::kRevoked) return *by_crl;
    }
    if (options.ocsp_url.empty()) return *by_crl;  // the constructor ensures one source
    auto by_ocsp = check_ocsp(leaf.get(), issuer, crypto::sha256_hex(der));
    if (by_ocsp.state != RevocationState::kUnknown || !by_crl) return by_ocsp;
    if (by_crl->state == RevocationState::kGood) return *by_crl;
    return {RevocationState::kUnknown, by_crl->detail + "; " + by_ocsp.detail};
  }
};

RevocationChecker::RevocationChecker(const std::filesystem::path& ca_file, RevocationOptions options,
                                     const Clock& clock, log::Logger* logger)
    : options_(std::move(options)) {
  if (options_.crl_urls.empty() && options_.ocsp_url.empty()) {
    throw InvalidInput("revocation checking needs a CRL distribution point or an OCSP responder");
  }
  for (const auto& url : options_.crl_urls) check_url(url, "the CRL distribution point");
  if (!options_.ocsp_url.empty() && options_.ocsp_url != "aia") check_url(options_.ocsp_url, "the OCSP responder");
  impl_ = std::make_unique<Impl>(options_, clock, logger);
  BioPtr bio(BIO_new_file(ca_file.c_str(), "r"));
  if (!bio) {
    ERR_clear_error();
    throw InvalidInput("cannot read the staff CA file " + ca_file.string());
  }
  while (X509* ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) impl_->cas.emplace_back(ca);
  ERR_clear_error();
  if (impl_->cas.empty()) throw InvalidInput("the staff CA file " + ca_file.string() + " holds no certificate");
  for (const auto& url : options_.crl_urls) impl_->sources.push_back(CrlSource{url, nullptr, {}, std::nullopt, {}});
  impl_->load_cache();
}

RevocationChecker::~RevocationChecker() { stop(); }

void RevocationChecker::start() {
  refresh_due();
  if (options_.crl_urls.empty() || thread_.joinable()) return;
  // Wakes often enough to see a CRL's nextUpdate pass soon after; refresh_due() decides.
  const auto poll =
      std::clamp<std::chrono::seconds>(options_.crl_refresh, std::chrono::seconds(1), std::chrono::seconds(60));
  thread_ = std::thread([this, poll] {
    std::unique_lock lock(thread_mutex_);
    while (!wake_.wait_for(lock, poll, [this] { return stopping_; })) {
      lock.unlock();
      refresh_due();
      lock.lock();
    }
  });
}

void RevocationChecker::stop() {
  {
    std::lock_guard lock(thread_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int RevocationChecker::refresh_due() {
  int replaced = 0;
  for (std::size_t i = 0; i < impl_->sources.size(); ++i) {
    bool is_due = false;
    {
      std::lock_guard lock(impl_->mutex);
      is_due = impl_->due(impl_->sources[i], impl_->clock.now());
    }
    if (is_due && impl_->download(i)) ++replaced;
  }
  return replaced;
}

RevocationStatus RevocationChecker::check(std::string_view certificate_der) {
  RevocationStatus status;
  try {
    status = impl_->check(certificate_der);
  } catch (const std::exception& e) {
    status = {RevocationState::kUnknown, std::string("the revocation check failed: ") + e.what()};
  }
  if (status.state == RevocationState::kUnknown) {
    // At most one line per retry_after: a distribution point that is down would otherwise log
    // on every request of every card.
    const auto now = impl_->clock.now();
    std::lock_guard lock(impl_->mutex);
    if (!impl_->last_unknown_log || now - *impl_->last_unknown_log >= options_.retry_after) {
      impl_->last_unknown_log = now;
      impl_->warn("the revocation status of a staff certificate is unknown",
                  {{"mode", to_string(options_.mode)}, {"reason", std::string_view(status.detail)}});
    }
  }
  return status;
}

}  // namespace samverkan::auth

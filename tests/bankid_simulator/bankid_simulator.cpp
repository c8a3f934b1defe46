#include "bankid_simulator/bankid_simulator.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/ThreadPool.h>
#include <Poco/UUIDGenerator.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <ctime>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

#include "samverkan/core/error.hpp"
#include "samverkan/tls/context.hpp"

namespace samverkan::bankid_simulator {
namespace {

namespace chr = std::chrono;

constexpr std::string_view kApiPrefix = "/rp/v6.0/";
constexpr std::size_t kMaxBodyBytes = 1 << 20;
// Limits of the real API on the base64 text (userNonVisibleData: 200 000 is documented by
// BankID; userVisibleData: 1 500 as we remember the documentation).
constexpr std::size_t kMaxVisibleData = 1500;
constexpr std::size_t kMaxNonVisibleData = 200000;

// An answer: HTTP status and JSON body.
struct Answer {
  int status = 200;
  std::string body;
};

std::string to_text(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

Answer error_answer(int status, std::string_view code, std::string_view details) {
  Poco::JSON::Object body;
  body.set("errorCode", std::string(code));
  body.set("details", std::string(details));
  return {status, to_text(body)};
}

Answer invalid_parameters(std::string_view details) { return error_answer(400, "invalidParameters", details); }

bool is_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return false;
  const auto body = text.substr(0, text.find_last_not_of('=') + 1);
  if (text.size() - body.size() > 2) return false;
  return std::all_of(body.begin(), body.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
  });
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int length =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(length));
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string iso_time(Clock::TimePoint t) {
  const std::time_t seconds = Clock::TimePoint::clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

// Independent of libcore's bankid::qr_auth_code on purpose: the simulator checks the client.
std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, sizeof mac,
                &length) == nullptr) {
    throw InternalError("HMAC-SHA256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < length; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 0x0f];
  }
  return hex;
}

std::string new_uuid() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

struct OrderRecord {
  std::string order_ref;
  std::string auto_start_token;
  std::string qr_start_token;
  std::string qr_start_secret;
  std::string operation;    // "auth" or "sign"
  std::string user;         // 12 digits
  bool user_named = false;  // requirement.personalNumber was given
  Scenario scenario;
  Clock::TimePoint created;
  bool superseded = false;  // a new order for the same user cancelled this one
  std::string end_user_ip;
  std::string user_visible_data;      // base64 as received
  std::string user_non_visible_data;  // base64 as received
  bool mrtd = false;
};

struct State {
  std::string status;  // "pending", "failed", "complete"
  std::string hint_code;
};

}  // namespace

Scenario Scenario::complete(chr::milliseconds after) {
  Scenario s;
  s.result = Result::kComplete;
  s.scan_after = after / 2;
  s.finish_after = after;
  return s;
}

Scenario Scenario::fail(std::string hint_code, chr::milliseconds after) {
  Scenario s;
  s.result = Result::kFail;
  const bool app_never_has_it = hint_code == "startFailed" || hint_code == "expiredTransaction";
  s.failure_hint = std::move(hint_code);
  s.scan_after = app_never_has_it ? after : after / 2;
  s.finish_after = after;
  return s;
}

Scenario Scenario::never_scan() {
  Scenario s;
  s.scan_after = chr::milliseconds::max();
  s.finish_after = chr::milliseconds::max();
  return s;
}

Scenario Scenario::never_sign(chr::milliseconds scan_after) {
  Scenario s;
  s.scan_after = scan_after;
  s.finish_after = chr::milliseconds::max();
  return s;
}

struct Simulator::Impl {
  Impl(SimulatorOptions o, const Clock& c, log::Logger* l) : options(std::move(o)), clock(c), logger(l) {}

  SimulatorOptions options;
  const Clock& clock;
  log::Logger* logger;

  mutable std::mutex mutex;
  std::map<std::string, OrderRecord> orders;  // by orderRef
  std::map<std::string, Scenario> scenarios;  // by 12-digit personal number
  std::string default_user;
  std::deque<Answer> injected_failures;
  std::size_t served = 0;
  std::vector<std::string> common_names;

  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::SecureServerSocket> socket;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  std::uint16_t port = 0;

  // --- order logic; callers hold the mutex ---

  State state_of(const OrderRecord& order, Clock::TimePoint now) const {
    if (order.superseded) return {"failed", "cancelled"};
    const auto age = chr::duration_cast<chr::milliseconds>(now - order.created);
    const Scenario& s = order.scenario;
    // When does the order end, and how?
    chr::milliseconds end;
    State final_state;
    if (s.scan_after >= options.start_timeout && s.finish_after >= options.start_timeout) {
      end = options.start_timeout;  // the QR code was never scanned in time
      final_state = {"failed", "expiredTransaction"};
    } else if (s.finish_after >= options.order_timeout) {
      end = options.order_timeout;  // scanned, but never finished in time
      final_state = {"failed", "expiredTransaction"};
    } else {
      end = s.finish_after;
      final_state = s.result == Scenario::Result::kComplete ? State{"complete", ""} : State{"failed", s.failure_hint};
    }
    if (age >= end) return final_state;
    return {"pending", age >= s.scan_after ? "userSign" : "outstandingTransaction"};
  }

  bool running(const OrderRecord& order, Clock::TimePoint now) const {
    return state_of(order, now).status == "pending";
  }

  void forget_old_orders(Clock::TimePoint now) {
    std::erase_if(orders, [&](const auto& entry) {
      return now - entry.second.created >= options.forget_after && !running(entry.second, now);
    });
  }

  Scenario scenario_for(const std::string& user) const {
    const auto it = scenarios.find(user);
    return it != scenarios.end() ? it->second : Scenario::complete(options.complete_after);
  }

  // --- the API ---

  Answer start_order(const std::string& operation, const Poco::JSON::Object::Ptr& body) {
    OrderRecord order;
    order.operation = operation;
    if (!body->has("endUserIp") || !body->get("endUserIp").isString()) return invalid_parameters("Missing endUserIp");
    order.end_user_ip = body->getValue<std::string>("endUserIp");
    Poco::Net::IPAddress ip;
    if (!Poco::Net::IPAddress::tryParse(order.end_user_ip, ip)) return invalid_parameters("Incorrect endUserIp");

    if (body->has("userVisibleData")) {
      const auto value = body->get("userVisibleData");
      if (!value.isString() || !is_base64(value.extract<std::string>())) {
        return invalid_parameters("Incorrect userVisibleData");
      }
      order.user_visible_data = value.extract<std::string>();
      if (order.user_visible_data.size() > kMaxVisibleData) return invalid_parameters("userVisibleData too long");
    } else if (operation == "sign") {
      return invalid_parameters("Missing userVisibleData");
    }
    if (body->has("userVisibleDataFormat") &&
        (!body->get("userVisibleDataFormat").isString() ||
         body->getValue<std::string>("userVisibleDataFormat") != "simpleMarkdownV1")) {
      return invalid_parameters("Incorrect userVisibleDataFormat");
    }
    if (body->has("userNonVisibleData")) {
      const auto value = body->get("userNonVisibleData");
      if (!value.isString() || !is_base64(value.extract<std::string>())) {
        return invalid_parameters("Incorrect userNonVisibleData");
      }
      order.user_non_visible_data = value.extract<std::string>();
      if (order.user_non_visible_data.size() > kMaxNonVisibleData) {
        return invalid_parameters("userNonVisibleData too long");
      }
    }
    order.user = default_user;
    if (body->has("requirement")) {
      const auto requirement = body->getObject("requirement");
      if (!requirement) return invalid_parameters("Incorrect requirement");
      if (requirement->has("personalNumber")) {
        const auto value = requirement->get("personalNumber");
        const std::string text = value.isString() ? value.extract<std::string>() : std::string();
        try {
          if (text.size() != 12) throw InvalidInput("not 12 digits");
          order.user = ids::Personnummer::parse(text, chr::year_month_day{chr::floor<chr::days>(clock.now())}).digits();
        } catch (const InvalidInput&) {
          return invalid_parameters("Incorrect personalNumber");
        }
        order.user_named = true;
      }
      if (requirement->has("mrtd")) {
        const auto value = requirement->get("mrtd");
        if (!value.isBoolean()) return invalid_parameters("Incorrect requirement.mrtd");
        order.mrtd = value.extract<bool>();
      }
    }

    const auto now = clock.now();
    if (order.user_named) {
      // The real service: "An order for this user is already in progress. The order is aborted.
      // No order is created." The running order then fails with hintCode cancelled.
      bool in_progress = false;
      for (auto& [ref, other] : orders) {
        if (other.user == order.user && running(other, now)) {
          other.superseded = true;
          in_progress = true;
        }
      }
      if (in_progress) return error_answer(400, "alreadyInProgress", "Order already in progress for pno");
    }

    order.order_ref = new_uuid();
    order.auto_start_token = new_uuid();
    order.qr_start_token = new_uuid();
    order.qr_start_secret = new_uuid();
    order.scenario = scenario_for(order.user);
    order.created = now;

    Poco::JSON::Object answer;
    answer.set("orderRef", order.order_ref);
    answer.set("autoStartToken", order.auto_start_token);
    answer.set("qrStartToken", order.qr_start_token);
    answer.set("qrStartSecret", order.qr_start_secret);
    const std::string ref = order.order_ref;
    orders.emplace(ref, std::move(order));
    return {200, to_text(answer)};
  }

  std::optional<std::string> order_ref_of(const Poco::JSON::Object::Ptr& body) const {
    if (!body->has("orderRef") || !body->get("orderRef").isString()) return std::nullopt;
    return body->getValue<std::string>("orderRef");
  }

  Poco::JSON::Object::Ptr completion_data(const OrderRecord& order, Clock::TimePoint completed) const {
    const Scenario& s = order.scenario;
    const std::string name = s.given_name + " " + s.surname;
    Poco::JSON::Object::Ptr user = new Poco::JSON::Object;
    user->set("personalNumber", order.user);
    user->set("name", name);
    user->set("givenName", s.given_name);
    user->set("surname", s.surname);
    Poco::JSON::Object::Ptr device = new Poco::JSON::Object;
    device->set("ipAddress", order.end_user_ip);
    device->set("uhi", base64(order.order_ref.substr(0, 18)));

    const auto element = [](const std::string& tag, const std::string& text) {
      return "  <" + tag + ">" + text + "</" + tag + ">\n";
    };
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<simulatedSignature xmlns=\"urn:samverkan:bankid-simulator\">\n";
    xml += element("notice", "Made by the Samverkan BankID simulator. Not an XML signature; proves nothing.");
    xml += element("operation", order.operation);
    xml += element("orderRef", order.order_ref);
    xml += element("personalNumber", order.user);
    xml += element("name", xml_escape(name));
    xml += element("userVisibleData", order.user_visible_data);  // base64: nothing to escape
    xml += element("userNonVisibleData", order.user_non_visible_data);
    xml += element("signedAt", iso_time(completed));
    xml += "</simulatedSignature>\n";

    Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
    data->set("user", user);
    data->set("device", device);
    data->set("bankIdIssueDate", "2024-01-15");
    if (order.mrtd) {
      Poco::JSON::Object::Ptr step_up = new Poco::JSON::Object;
      step_up->set("mrtd", true);
      data->set("stepUp", step_up);
    }
    data->set("signature", base64(xml));
    data->set("ocspResponse", base64("Samverkan BankID simulator: placeholder, not a DER OCSP response"));
    return data;
  }

  Answer collect(const Poco::JSON::Object::Ptr& body) {
    const auto ref = order_ref_of(body);
    if (!ref) return invalid_parameters("Missing orderRef");
    const auto it = orders.find(*ref);
    if (it == orders.end()) return invalid_parameters("No such order");
    const OrderRecord& order = it->second;
    const State state = state_of(order, clock.now());

    Poco::JSON::Object answer;
    answer.set("orderRef", order.order_ref);
    answer.set("status", state.status);
    if (state.status == "complete") {
      // Completed when finish_after passed, so a repeated collect answers the same.
      answer.set("completionData", completion_data(order, order.created + order.scenario.finish_after));
    } else {
      answer.set("hintCode", state.hint_code);
    }
    return {200, to_text(answer)};
  }

  Answer cancel(const Poco::JSON::Object::Ptr& body) {
    const auto ref = order_ref_of(body);
    if (!ref) return invalid_parameters("Missing orderRef");
    if (orders.erase(*ref) == 0) return invalid_parameters("No such order");
    return {200, "{}"};
  }

  // One API request; `operation` is the path after /rp/v6.0/.
  Answer handle(const std::string& method, const std::string& operation, const std::string& content_type,
                const std::string& body_text, const std::string& common_name) {
    std::lock_guard lock(mutex);
    ++served;
    common_names.push_back(common_name);
    if (!injected_failures.empty()) {
      Answer failure = std::move(injected_failures.front());
      injected_failures.pop_front();
      return failure;
    }
    forget_old_orders(clock.now());
    const bool known = operation == "auth" || operation == "sign" || operation == "collect" || operation == "cancel";
    if (!known) return error_answer(404, "notFound", "No such endpoint");
    if (method != "POST") return error_answer(405, "methodNotAllowed", "Use POST");
    if (content_type.rfind("application/json", 0) != 0) {
      return error_answer(415, "unsupportedMediaType", "Use Content-Type application/json");
    }
    Poco::JSON::Object::Ptr body;
    try {
      Poco::JSON::Parser parser;
      auto value = parser.parse(body_text);
      if (value.type() == typeid(Poco::JSON::Object::Ptr)) body = value.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
    }
    if (!body) return invalid_parameters("The body is not a JSON object");

    if (operation == "auth" || operation == "sign") return start_order(operation, body);
    if (operation == "collect") return collect(body);
    return cancel(body);
  }
};

namespace {

// Answers one API request: (method, operation after /rp/v6.0/, content type, body, client CN).
using Dispatch = std::function<Answer(const std::string&, const std::string&, const std::string&, const std::string&,
                                      const std::string&)>;

class ApiHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  ApiHandler(const Dispatch& dispatch, log::Logger* logger) : dispatch_(dispatch), logger_(logger) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    Answer answer;
    std::string path = request.getURI();
    path = path.substr(0, path.find('?'));
    std::string body;
    if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(kMaxBodyBytes)) {
      answer = invalid_parameters("The body is too large");
      response.setKeepAlive(false);
    } else {
      auto& in = request.stream();
      char buffer[16384];
      while ((in.read(buffer, sizeof buffer) || in.gcount() > 0) && body.size() <= kMaxBodyBytes) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
      }
      if (path.rfind(kApiPrefix, 0) != 0) {
        answer = error_answer(404, "notFound", "No such endpoint");
      } else if (body.size() > kMaxBodyBytes) {
        answer = invalid_parameters("The body is too large");
        response.setKeepAlive(false);
      } else {
        answer = dispatch_(request.getMethod(), path.substr(kApiPrefix.size()), request.getContentType(), body,
                           client_common_name(request));
      }
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.sendBuffer(answer.body.data(), answer.body.size());
    if (logger_) {
      logger_->info("bankid simulator request", {{"path", path}, {"status", static_cast<long long>(answer.status)}});
    }
  }

 private:
  // The handshake already demanded and verified the certificate; this only names it.
  static std::string client_common_name(Poco::Net::HTTPServerRequest& request) {
    try {
      Poco::Net::SecureStreamSocket socket(static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket());
      if (socket.havePeerCertificate()) return socket.peerCertificate().commonName();
    } catch (const Poco::Exception&) {
    }
    return {};
  }

  const Dispatch& dispatch_;
  log::Logger* logger_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(Dispatch dispatch, log::Logger* logger) : dispatch_(std::move(dispatch)), logger_(logger) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new ApiHandler(dispatch_, logger_);
  }

 private:
  Dispatch dispatch_;
  log::Logger* logger_;
};

}  // namespace

Simulator::Simulator(SimulatorOptions options, const Clock& clock, log::Logger* logger)
    : impl_(std::make_unique<Impl>(std::move(options), clock, logger)) {
  impl_->default_user =
      ids::Personnummer::parse(impl_->options.default_user, chr::year_month_day{chr::floor<chr::days>(clock.now())})
          .digits();
}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
  auto& o = impl_->options;
  // BankID's RP API demands a relying-party certificate in the handshake.
  const auto context = tls::make_server_context({.certificate_file = o.certificate_file,
                                                 .private_key_file = o.private_key_file,
                                                 .client_ca_file = o.client_ca_file,
                                                 .client_certificates = tls::ClientCertificates::kRequired,
                                                 .session_id_context = "samverkan-bankid-sim"});

  try {
    impl_->socket = std::make_unique<Poco::Net::SecureServerSocket>(context);
    impl_->socket->bind(Poco::Net::SocketAddress(o.listen), true, false);
    impl_->socket->listen(64);
    impl_->port = impl_->socket->address().port();
  } catch (const Poco::Exception& e) {
    impl_->socket.reset();
    throw Unavailable("cannot listen on " + o.listen + ": " + e.displayText());
  }

  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(16);
  params->setMaxQueued(64);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(5, 0));
  params->setTimeout(Poco::Timespan(30, 0));
  params->setServerName("samverkan-bankid-simulator");
  impl_->pool = std::make_unique<Poco::ThreadPool>(2, 17, 60);
  Impl* impl = impl_.get();
  auto dispatch = [impl](const std::string& method, const std::string& operation, const std::string& content_type,
                         const std::string& body, const std::string& common_name) {
    return impl->handle(method, operation, content_type, body, common_name);
  };
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(dispatch, impl_->logger), *impl_->pool,
                                                          *impl_->socket, params);
  impl_->server->start();
}

void Simulator::stop() {
  if (!impl_->server) return;
  impl_->server->stopAll(true);
  impl_->pool->joinAll();
  impl_->server.reset();
  impl_->socket.reset();
}

std::uint16_t Simulator::port() const {
  if (impl_->port == 0) throw InternalError("the BankID simulator is not started");
  return impl_->port;
}

std::string Simulator::base_url() const {
  return "https://localhost:" + std::to_string(port()) + std::string(kApiPrefix);
}

void Simulator::set_scenario(const ids::Personnummer& user, Scenario scenario) {
  std::lock_guard lock(impl_->mutex);
  impl_->scenarios[user.digits()] = std::move(scenario);
}

void Simulator::set_default_user(const ids::Personnummer& user) {
  std::lock_guard lock(impl_->mutex);
  impl_->default_user = user.digits();
}

void Simulator::fail_next_request(int http_status, const std::string& error_code, const std::string& details) {
  std::lock_guard lock(impl_->mutex);
  impl_->injected_failures.push_back(error_answer(http_status, error_code, details));
}

void Simulator::answer_next_request(int http_status, std::string body) {
  std::lock_guard lock(impl_->mutex);
  impl_->injected_failures.push_back(Answer{http_status, std::move(body)});
}

bool Simulator::accepts_qr(std::string_view content) const {
  // bankid.<token>.<time>.<code>; the token is a UUID and has no dots.
  constexpr std::string_view kPrefix = "bankid.";
  if (content.substr(0, kPrefix.size()) != kPrefix) return false;
  const auto rest = content.substr(kPrefix.size());
  const auto first = rest.find('.');
  const auto second = first == std::string_view::npos ? first : rest.find('.', first + 1);
  if (second == std::string_view::npos) return false;
  const auto token = rest.substr(0, first);
  const auto time_text = rest.substr(first + 1, second - first - 1);
  const auto code = rest.substr(second + 1);
  if (time_text.empty() || time_text.size() > 9 ||
      !std::all_of(time_text.begin(), time_text.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (time_text.size() > 1 && time_text[0] == '0')) {
    return false;
  }
  const long long time = std::stoll(std::string(time_text));

  std::lock_guard lock(impl_->mutex);
  const auto now = impl_->clock.now();
  for (const auto& [ref, order] : impl_->orders) {
    if (order.qr_start_token != token) continue;
    if (!impl_->running(order, now)) return false;
    const auto age = chr::duration_cast<chr::seconds>(now - order.created).count();
    if (time > age || time < age - impl_->options.qr_tolerance.count()) return false;
    return hmac_sha256_hex(order.qr_start_secret, time_text) == code;
  }
  return false;
}

std::size_t Simulator::requests_served() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->served;
}

std::vector<std::string> Simulator::client_common_names() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->common_names;
}

std::size_t Simulator::order_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->orders.size();
}

namespace {

chr::milliseconds milliseconds_member(const Poco::JSON::Object::Ptr& object, const std::string& name,
                                      chr::milliseconds fallback, const std::string& where) {
  if (!object->has(name)) return fallback;
  const auto value = object->get(name);
  if (!value.isInteger() || value.convert<long long>() < 0) {
    throw InvalidInput(where + ": " + name + " must be a non-negative integer");
  }
  return chr::milliseconds(value.convert<long long>());
}

std::string string_member(const Poco::JSON::Object::Ptr& object, const std::string& name, std::string fallback,
                          const std::string& where) {
  if (!object->has(name)) return fallback;
  const auto value = object->get(name);
  if (!value.isString()) throw InvalidInput(where + ": " + name + " must be a string");
  return value.extract<std::string>();
}

}  // namespace

void load_scenarios(Simulator& simulator, const std::filesystem::path& file, chr::milliseconds default_finish_after) {
  const std::string where = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput("cannot read the scenario file " + where);
  std::ostringstream text;
  text << in.rdbuf();

  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    auto value = parser.parse(text.str());
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) root = value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw InvalidInput(where + ": not JSON: " + e.displayText());
  }
  if (!root) throw InvalidInput(where + ": the top level must be an object");
  const chr::year_month_day today{chr::floor<chr::days>(chr::system_clock::now())};

  if (root->has("defaultUser")) {
    try {
      simulator.set_default_user(ids::Personnummer::parse(string_member(root, "defaultUser", "", where), today));
    } catch (const InvalidInput& e) {
      throw InvalidInput(where + ": defaultUser is not a personal number: " + e.what());
    }
  }
  if (!root->has("users")) return;
  const auto users = root->getObject("users");
  if (!users) throw InvalidInput(where + ": users must be an object");
  for (const auto& member : *users) {
    const std::string& key = member.first;
    const std::string place = where + ": users." + key;
    ids::Personnummer user = [&] {
      try {
        return ids::Personnummer::parse(key, today);
      } catch (const InvalidInput& e) {
        throw InvalidInput(place + ": not a personal number: " + e.what());
      }
    }();
    const auto entry = users->getObject(key);
    if (!entry) throw InvalidInput(place + " must be an object");

    const auto finish_after = milliseconds_member(entry, "finishAfterMs", default_finish_after, place);
    const std::string result = string_member(entry, "result", "complete", place);
    Scenario scenario;
    if (result == "complete") {
      scenario = Scenario::complete(finish_after);
    } else if (result == "failed") {
      scenario = Scenario::fail(string_member(entry, "hintCode", "userCancel", place), finish_after);
    } else if (result == "neverScan") {
      scenario = Scenario::never_scan();
    } else if (result == "neverSign") {
      scenario = Scenario::never_sign(milliseconds_member(entry, "scanAfterMs", chr::milliseconds(0), place));
    } else {
      throw InvalidInput(place + ": result must be complete, failed, neverScan or neverSign");
    }
    if (result == "complete" || result == "failed") {
      scenario.scan_after = milliseconds_member(entry, "scanAfterMs", scenario.scan_after, place);
    }
    scenario.given_name = string_member(entry, "givenName", scenario.given_name, place);
    scenario.surname = string_member(entry, "surname", scenario.surname, place);
    simulator.set_scenario(user, std::move(scenario));
  }
}

}  // namespace samverkan::bankid_simulator

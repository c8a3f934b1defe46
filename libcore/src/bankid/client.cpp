#include "samverkan/bankid/client.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <mutex>
#include <sstream>

#include "samverkan/core/base64.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/tls/context.hpp"

namespace samverkan::bankid {
namespace {

// A collect answer with a signature is some tens of kilobytes; anything far larger is broken.
constexpr std::size_t kMaxAnswerBytes = 1 << 20;

void check_end_user_ip(const std::string& ip) {
  if (ip.empty()) throw InvalidInput("BankID needs the user's IP address (endUserIp)");
  Poco::Net::IPAddress parsed;
  if (!Poco::Net::IPAddress::tryParse(ip, parsed)) {
    throw InvalidInput("the user's IP address (endUserIp) is not an IPv4 or IPv6 address");
  }
}

Poco::JSON::Object::Ptr requirement_json(const Requirement& r) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  if (r.personal_number) out->set("personalNumber", r.personal_number->digits());
  if (r.pin_code) out->set("pinCode", *r.pin_code);
  if (r.mrtd) out->set("mrtd", *r.mrtd);
  if (r.card_reader) out->set("cardReader", *r.card_reader);
  if (!r.certificate_policies.empty()) {
    Poco::JSON::Array::Ptr policies = new Poco::JSON::Array;
    for (const auto& oid : r.certificate_policies) policies->add(oid);
    out->set("certificatePolicies", policies);
  }
  return out;
}

// The members auth and sign share.
Poco::JSON::Object order_json(const std::string& end_user_ip, const std::optional<std::string>& visible,
                              TextFormat format, const std::optional<std::string>& non_visible,
                              const Requirement& requirement) {
  Poco::JSON::Object body;
  body.set("endUserIp", end_user_ip);
  if (visible) {
    body.set("userVisibleData", base64::encode(*visible));
    if (format == TextFormat::kSimpleMarkdownV1) body.set("userVisibleDataFormat", "simpleMarkdownV1");
  }
  if (non_visible) body.set("userNonVisibleData", base64::encode(*non_visible));
  auto req = requirement_json(requirement);
  if (req->size() > 0) body.set("requirement", req);
  return body;
}

// Reading the answers: a missing or mistyped member is a broken answer, i.e. Unavailable.
class Reader {
 public:
  explicit Reader(std::string_view operation) : operation_(operation) {}

  Poco::JSON::Object::Ptr parse(const std::string& text) const {
    try {
      Poco::JSON::Parser parser;
      auto value = parser.parse(text);
      if (value.type() == typeid(Poco::JSON::Object::Ptr)) return value.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
      // fall through: reported below without the parser's text, which may quote the body
    }
    throw broken("the body is not a JSON object");
  }

  std::string string(const Poco::JSON::Object::Ptr& object, const std::string& name) const {
    auto value = optional_string(object, name);
    if (!value || value->empty()) throw broken("it lacks " + name);
    return *value;
  }

  std::optional<std::string> optional_string(const Poco::JSON::Object::Ptr& object, const std::string& name) const {
    if (!object->has(name) || object->isNull(name)) return std::nullopt;
    const auto value = object->get(name);
    if (!value.isString()) throw broken(name + " is not a string");
    return value.extract<std::string>();
  }

  Poco::JSON::Object::Ptr object(const Poco::JSON::Object::Ptr& parent, const std::string& name) const {
    auto child = parent->getObject(name);
    if (!child) throw broken("it lacks the object " + name);
    return child;
  }

  Unavailable broken(const std::string& why) const {
    return Unavailable("BankID sent an unusable answer to " + std::string(operation_) + ": " + why);
  }

 private:
  std::string_view operation_;
};

}  // namespace

struct Client::Impl {
  ClientOptions options;
  const Clock& clock;
  Poco::Net::Context::Ptr context;
  std::string host;
  std::uint16_t port = 443;
  std::string path_prefix;  // "/rp/v6.0/"

  // POSTs `body` to base_url + operation and returns the JSON object of a 200 answer.
  Poco::JSON::Object::Ptr post(std::string_view operation, const Poco::JSON::Object& body) const;
};

Client::Client(ClientOptions options, const Clock& clock)
    : impl_(std::make_unique<Impl>(Impl{std::move(options), clock, {}, {}, 443, {}})) {
  auto& o = impl_->options;

  Poco::URI uri;
  try {
    uri = Poco::URI(o.base_url);
  } catch (const Poco::Exception& e) {
    throw InvalidInput("the BankID base URL is malformed: " + e.message());
  }
  if (uri.getScheme() != "https" || uri.getHost().empty() || !uri.getUserInfo().empty() || !uri.getRawQuery().empty() ||
      !uri.getFragment().empty()) {
    throw InvalidInput("the BankID base URL must be https://host[:port]/path/ without user, query or fragment");
  }
  impl_->host = uri.getHost();
  impl_->port = uri.getPort();
  impl_->path_prefix = uri.getPath().empty() ? "/" : uri.getPath();
  if (impl_->path_prefix.back() != '/') impl_->path_prefix += '/';
  if (o.connect_timeout.count() <= 0 || o.io_timeout.count() <= 0) {
    throw InvalidInput("the BankID client timeouts must be positive");
  }

  if (o.client_certificate_file.empty() || o.client_private_key_file.empty() || o.server_ca_file.empty()) {
    throw InvalidInput("the BankID client needs a client certificate, its key and the server CA");
  }
  // Only BankID's own CA may vouch for BankID (never the system's CAs).
  impl_->context = tls::make_client_context({.ca_file = o.server_ca_file,
                                             .certificate_file = o.client_certificate_file,
                                             .private_key_file = o.client_private_key_file});
}

Client::~Client() = default;

const ClientOptions& Client::options() const noexcept { return impl_->options; }

Poco::JSON::Object::Ptr Client::Impl::post(std::string_view operation, const Poco::JSON::Object& body) const {
  const std::string request_body = http::to_json(body);
  const std::string where = "BankID " + std::string(operation) + " at " + host + ":" + std::to_string(port);
  int status = 0;
  std::string answer;
  try {
    Poco::Net::HTTPSClientSession session(host, port, context);
    const auto ms = [](std::chrono::milliseconds d) { return Poco::Timespan(d.count() * 1000); };
    session.setTimeout(ms(options.connect_timeout), ms(options.io_timeout), ms(options.io_timeout));
    session.setKeepAlive(false);

    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path_prefix + std::string(operation),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.set("Accept", "application/json");
    request.setContentLength(static_cast<std::streamsize>(request_body.size()));
    std::ostream& out = session.sendRequest(request);
    // Let the socket's own exception (a timeout, a TLS alert) through instead of a bare badbit.
    out.exceptions(std::ios::badbit);
    out << request_body;
    out.flush();
    if (!out) throw Unavailable(where + " failed: the request could not be sent");

    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    in.exceptions(std::ios::badbit);
    status = static_cast<int>(response.getStatus());
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      answer.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (answer.size() > kMaxAnswerBytes) throw Unavailable(where + " failed: the answer is too large");
    }
    if (in.bad()) throw Unavailable(where + " failed: the answer could not be read");
  } catch (const Error&) {
    throw;
  } catch (const Poco::TimeoutException& e) {
    throw Unavailable(where + " timed out: " + e.displayText());
  } catch (const Poco::Net::SSLException& e) {
    // Our certificate refused, theirs not trusted or for another host, or no common protocol.
    throw Unavailable("TLS with " + where + " failed: " + e.displayText());
  } catch (const Poco::Net::ConnectionResetException& e) {
    // In TLS 1.3 the server judges our certificate after our side of the handshake is done;
    // its refusal often arrives as a reset rather than as a readable alert.
    throw Unavailable(
        where + " reset the connection (BankID does so when it refuses our client certificate): " + e.displayText());
  } catch (const Poco::Exception& e) {
    throw Unavailable("cannot reach " + where + ": " + e.displayText());
  } catch (const std::exception& e) {
    throw Unavailable("cannot reach " + where + ": " + e.what());
  }

  const Reader reader(operation);
  if (status != 200) {
    std::string error_code;
    std::string details;
    try {
      auto object = reader.parse(answer);
      error_code = reader.optional_string(object, "errorCode").value_or("");
      details = reader.optional_string(object, "details").value_or("");
    } catch (const Error&) {
      // Not BankID's error JSON (a proxy's page, say): the status alone decides.
    }
    throw ApiError::from_answer(operation, status, std::move(error_code), std::move(details));
  }
  return reader.parse(answer);
}

namespace {

Order order_from(const Poco::JSON::Object::Ptr& object, std::string_view operation, Clock::TimePoint received) {
  const Reader reader(operation);
  Order order;
  order.order_ref = reader.string(object, "orderRef");
  order.auto_start_token = reader.string(object, "autoStartToken");
  order.qr_start_token = reader.string(object, "qrStartToken");
  order.qr_start_secret = reader.string(object, "qrStartSecret");
  order.started_at = received;
  return order;
}

void check_order_ref(std::string_view order_ref) {
  if (order_ref.empty()) throw InvalidInput("the BankID orderRef is empty");
}

}  // namespace

Order Client::auth(const AuthRequest& request) {
  check_end_user_ip(request.end_user_ip);
  const auto body = order_json(request.end_user_ip, request.user_visible_data, request.user_visible_data_format,
                               request.user_non_visible_data, request.requirement);
  const auto answer = impl_->post("auth", body);
  return order_from(answer, "auth", impl_->clock.now());
}

Order Client::sign(const SignRequest& request) {
  check_end_user_ip(request.end_user_ip);
  if (request.user_visible_data.empty()) throw InvalidInput("a BankID signature needs a text to sign");
  const auto body = order_json(request.end_user_ip, request.user_visible_data, request.user_visible_data_format,
                               request.user_non_visible_data, request.requirement);
  const auto answer = impl_->post("sign", body);
  return order_from(answer, "sign", impl_->clock.now());
}

CollectResult Client::collect(std::string_view order_ref) {
  check_order_ref(order_ref);
  Poco::JSON::Object body;
  body.set("orderRef", std::string(order_ref));
  const auto answer = impl_->post("collect", body);

  const Reader reader("collect");
  CollectResult result;
  result.order_ref = reader.string(answer, "orderRef");
  const std::string status = reader.string(answer, "status");
  if (status == "pending") {
    result.status = CollectStatus::kPending;
  } else if (status == "failed") {
    result.status = CollectStatus::kFailed;
  } else if (status == "complete") {
    result.status = CollectStatus::kComplete;
  } else {
    throw reader.broken("the status is not pending, failed or complete");
  }
  result.hint_code_text = reader.optional_string(answer, "hintCode").value_or("");
  result.hint_code = parse_hint_code(result.hint_code_text);
  if (result.status != CollectStatus::kComplete) return result;

  const auto data = reader.object(answer, "completionData");
  const auto user = reader.object(data, "user");
  const auto device = reader.object(data, "device");
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(impl_->clock.now())};
  std::optional<ids::Personnummer> personal_number;
  try {
    personal_number = ids::Personnummer::parse(reader.string(user, "personalNumber"), today);
  } catch (const InvalidInput& e) {
    // e.what() names the faulty part, never the number.
    throw reader.broken(std::string("the personal number is not valid: ") + e.what());
  }
  CompletionData completion{
      User{*personal_number, reader.string(user, "name"), reader.string(user, "givenName"),
           reader.string(user, "surname")},
      Device{reader.optional_string(device, "ipAddress").value_or(""),
             reader.optional_string(device, "uhi").value_or("")},
      reader.optional_string(data, "bankIdIssueDate").value_or(""),
      reader.string(data, "signature"),
      reader.string(data, "ocspResponse"),
      std::nullopt,
      reader.optional_string(data, "risk"),
  };
  if (auto step_up = data->getObject("stepUp"); step_up && step_up->has("mrtd")) {
    const auto mrtd = step_up->get("mrtd");
    if (!mrtd.isBoolean()) throw reader.broken("stepUp.mrtd is not a boolean");
    completion.step_up_mrtd = mrtd.extract<bool>();
  }
  result.completion_data = std::move(completion);
  return result;
}

void Client::cancel(std::string_view order_ref) {
  check_order_ref(order_ref);
  Poco::JSON::Object body;
  body.set("orderRef", std::string(order_ref));
  impl_->post("cancel", body);
}

}  // namespace samverkan::bankid

#include "minameddelanden_simulator/mm_simulator.hpp"

#include <Poco/UUIDGenerator.h>
#include <libxml/tree.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <ostream>

#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/mailbox/delivery_client.hpp"
#include "samverkan/mailbox/verify.hpp"
#include "samverkan/xml/native.hpp"
#include "samverkan/xml/schema.hpp"

namespace samverkan::mm_simulator {
namespace {

namespace soap = mailbox::soap;

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
const xmlChar* x(const std::string& text) { return reinterpret_cast<const xmlChar*>(text.c_str()); }

constexpr std::size_t kMaxRequestBytes = 8u << 20;

http::Response soap_response(int status, std::string envelope) {
  http::Response response;
  response.status = status;
  response.content_type = "text/xml; charset=utf-8";
  response.body = std::move(envelope);
  return response;
}

// SOAP 1.1 over HTTP answers every fault with 500.
http::Response fault_response(const soap::Fault& fault, int status = 500) {
  return soap_response(status, soap::write_fault(fault));
}

soap::Fault client_fault(int code, std::string message) {
  return soap::Fault{"Client", std::move(message), code, std::nullopt, std::nullopt};
}

// A null sink for the http::Server's request log when no logger is given.
struct NullLog {
  std::ostream stream{nullptr};
  log::Logger logger{stream};
};

// The payload as the root of its own document, for schema validation.
std::vector<xml::Diagnostic> validate_payload(const xml::Schema& schema, const xml::Element& payload) {
  xml::ensure_libxml_initialized();
  xmlDoc* doc = xmlNewDoc(x("1.0"));
  if (doc == nullptr) throw InternalError("libxml2 could not allocate a document");
  xml::Document owned = xml::DocumentAccess::adopt(doc, "request");
  xmlNode* copy = xmlDocCopyNode(xml::ElementAccess::native(payload), doc, 1);
  if (copy == nullptr) throw InternalError("libxml2 could not copy the request");
  xmlDocSetRootElement(doc, copy);
  return schema.validate(owned);
}

std::string first_problems(const std::vector<xml::Diagnostic>& diagnostics) {
  std::string text;
  for (std::size_t i = 0; i < diagnostics.size() && i < 3; ++i) {
    if (!text.empty()) text += "; ";
    text += diagnostics[i].message;
  }
  return text;
}

// Children by local name, whatever the namespace (the simulator only reads what it records).
std::vector<xml::Element> children_named(const xml::Element& parent, std::string_view name) {
  std::vector<xml::Element> out;
  for (const auto& child : parent.children()) {
    if (child.local_name() == name) out.push_back(child);
  }
  return out;
}

std::optional<xml::Element> child_named(const xml::Element& parent, std::string_view name) {
  for (const auto& child : parent.children()) {
    if (child.local_name() == name) return child;
  }
  return std::nullopt;
}

// Serves one SOAP endpoint with mutual TLS through libcore's http::Server.
class Endpoint {
 public:
  using Handler = std::function<http::Response(const http::Request&)>;

  Endpoint(ServerSettings settings, std::string path, log::Logger* logger)
      : settings_(std::move(settings)), path_(std::move(path)), logger_(logger) {}

  void start(Handler handler) {
    if (settings_.client_ca_file.empty()) throw InvalidInput("the simulator needs the CA of client certificates");
    auto router = std::make_shared<http::Router>();
    router->add("POST", path_, [this, handler = std::move(handler)](http::Request& request) {
      if (!request.client_certificate) {
        {
          std::lock_guard lock(mutex_);
          ++refused_without_certificate_;
        }
        return fault_response(client_fault(1003, "A client certificate is required (mutual TLS)"), 403);
      }
      {
        std::lock_guard lock(mutex_);
        if (!canned_.empty()) {
          http::Response response = std::move(canned_.front());
          canned_.pop_front();
          return response;
        }
      }
      return handler(request);
    });
    http::ServerOptions options;
    options.listen = settings_.listen;
    options.certificate_file = settings_.certificate_file;
    options.private_key_file = settings_.private_key_file;
    options.client_ca_file = settings_.client_ca_file;
    options.max_threads = 32;
    options.max_body_bytes = kMaxRequestBytes;
    options.hsts = false;
    server_ = std::make_unique<http::Server>(options, std::move(router), logger_ ? *logger_ : null_log_.logger);
    server_->start();
  }

  void stop() {
    if (server_) server_->stop(std::chrono::seconds(2));
  }

  std::uint16_t port() const {
    if (!server_) throw InternalError("the simulator is not started");
    return server_->port();
  }
  std::string url() const { return "https://localhost:" + std::to_string(port()) + path_; }
  std::size_t refused_without_certificate() const {
    std::lock_guard lock(mutex_);
    return refused_without_certificate_;
  }
  const ServerSettings& settings() const { return settings_; }
  void answer_next_request(int status, std::string content_type, std::string body) {
    http::Response response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    std::lock_guard lock(mutex_);
    canned_.push_back(std::move(response));
  }

 private:
  ServerSettings settings_;
  std::string path_;
  log::Logger* logger_;
  NullLog null_log_;
  std::unique_ptr<http::Server> server_;
  mutable std::mutex mutex_;
  std::size_t refused_without_certificate_ = 0;
  std::deque<http::Response> canned_;
};

}  // namespace

// --- the recipient register ---

struct RecipientRegister::Impl {
  Impl(ServerSettings s, log::Logger* l) : endpoint(std::move(s), "/Recipient/v3", l) {}

  Endpoint endpoint;
  std::optional<xml::Schema> schema;
  mutable std::mutex mutex;
  std::map<std::string, Account> accounts;
  std::optional<Account> default_account;
  std::deque<soap::Fault> failures;
  std::vector<std::size_t> batches;

  http::Response handle(const http::Request& request) {
    std::optional<soap::Message> message;
    try {
      message.emplace(soap::parse_envelope(request.body, "isReachable request"));
    } catch (const InvalidInput& e) {
      return fault_response(client_fault(1004, std::string("Not a SOAP 1.1 request: ") + e.what()));
    }
    const xml::Element payload = message->body_element;
    if (!payload.is("isReachable", mailbox::kRecipientV3Namespace)) {
      return fault_response(client_fault(1004, "Only isReachable is simulated"));
    }
    const auto ids = payload.children("recipientId", mailbox::kRecipientV3Namespace);
    std::unique_lock lock(mutex);
    batches.push_back(ids.size());
    if (!failures.empty()) {
      soap::Fault fault = std::move(failures.front());
      failures.pop_front();
      return fault_response(fault);
    }
    lock.unlock();
    if (schema) {
      const auto problems = validate_payload(*schema, payload);
      if (!problems.empty()) return fault_response(client_fault(1001, "Invalid request: " + first_problems(problems)));
    } else if (ids.size() > 1000) {
      return fault_response(client_fault(1001, "At most 1000 recipientId per call"));
    }
    const auto sender = payload.required_child("senderOrgNr", mailbox::kRecipientV3Namespace).text();
    return soap_response(200, answer(sender, ids));
  }

  std::string answer(const std::string& sender, const std::vector<xml::Element>& ids) {
    xml::ensure_libxml_initialized();
    xmlDoc* doc = xmlNewDoc(x("1.0"));
    if (doc == nullptr) throw InternalError("libxml2 could not allocate a document");
    xml::Document owned = xml::DocumentAccess::adopt(doc, "isReachableResponse");
    xmlNode* root = xmlNewDocNode(doc, nullptr, x("isReachableResponse"), nullptr);
    xmlDocSetRootElement(doc, root);
    xmlNs* v3 = xmlNewNs(root, x(std::string(mailbox::kRecipientV3Namespace)), nullptr);
    xmlNs* v1 = xmlNewNs(root, x(std::string(mailbox::kRecipientNamespace)), x("rec"));
    xmlSetNs(root, v3);

    std::lock_guard lock(mutex);
    for (const auto& element : ids) {
      const std::string id = element.text();
      const auto it = accounts.find(id);
      const Account* account = it != accounts.end() ? &it->second : (default_account ? &*default_account : nullptr);
      xmlNode* item = xmlNewChild(root, v3, x("return"), nullptr);
      xmlNode* status = xmlNewChild(item, v1, x("AccountStatus"), nullptr);
      xmlNewTextChild(status, v1, x("RecipientId"), x(id));
      xmlNewTextChild(status, v1, x("Type"), x(account ? account->type : std::string("Not")));
      xmlNewTextChild(status, v1, x("Pending"), x(account && account->pending ? "true" : "false"));
      if (account && account->service_supplier) {
        const auto& supplier = *account->service_supplier;
        xmlNode* node = xmlNewChild(status, v1, x("ServiceSupplier"), nullptr);
        xmlNewTextChild(node, v1, x("Id"), x(supplier.id));
        xmlNewTextChild(node, v1, x("Name"), x(supplier.name));
        xmlNewTextChild(node, v1, x("ServiceAdress"), x(supplier.service_address));
        xmlNewTextChild(node, v1, x("InternalServiceAdress"), x(supplier.service_address));
      }
      const bool accepted = account && account->sender_accepted && !account->blocked_senders.count(sender);
      xmlNewTextChild(item, v1, x("SenderAccepted"), x(accepted ? "true" : "false"));
    }
    return soap::write_envelope(owned);
  }
};

RecipientRegister::RecipientRegister(ServerSettings settings, log::Logger* logger)
    : impl_(std::make_unique<Impl>(std::move(settings), logger)) {}

RecipientRegister::~RecipientRegister() { stop(); }

void RecipientRegister::start() {
  const auto& dir = impl_->endpoint.settings().schema_dir;
  if (!dir.empty()) impl_->schema.emplace(xml::Schema::load(dir / "v3" / "Recipient.xsd"));
  Impl* impl = impl_.get();
  impl_->endpoint.start([impl](const http::Request& request) { return impl->handle(request); });
}

void RecipientRegister::stop() { impl_->endpoint.stop(); }
std::uint16_t RecipientRegister::port() const { return impl_->endpoint.port(); }
std::string RecipientRegister::url() const { return impl_->endpoint.url(); }

void RecipientRegister::set_account(const std::string& recipient_id, Account account) {
  std::lock_guard lock(impl_->mutex);
  impl_->accounts.insert_or_assign(recipient_id, std::move(account));
}

void RecipientRegister::set_default_account(std::optional<Account> account) {
  std::lock_guard lock(impl_->mutex);
  impl_->default_account = std::move(account);
}

void RecipientRegister::fail_next_request(soap::Fault fault) {
  std::lock_guard lock(impl_->mutex);
  impl_->failures.push_back(std::move(fault));
}

std::size_t RecipientRegister::is_reachable_calls() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->batches.size();
}

std::vector<std::size_t> RecipientRegister::batch_sizes() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->batches;
}

void RecipientRegister::answer_next_request(int http_status, std::string content_type, std::string body) {
  impl_->endpoint.answer_next_request(http_status, std::move(content_type), std::move(body));
}

std::size_t RecipientRegister::refused_without_certificate() const {
  return impl_->endpoint.refused_without_certificate();
}

// --- the mailbox operator ---

Behaviour Behaviour::deliver_after(std::chrono::milliseconds delay) {
  Behaviour b;
  b.delay = delay;
  return b;
}

Behaviour Behaviour::fail(bool permanent, std::string message) {
  Behaviour b;
  b.kind = Kind::kFail;
  b.fault.code = permanent ? "Client" : "Server";
  b.fault.message = std::move(message);
  return b;
}

Behaviour Behaviour::hang() {
  Behaviour b;
  b.kind = Kind::kHang;
  return b;
}

struct MailboxOperator::Impl {
  Impl(ServerSettings s, SignatureVerifier v, log::Logger* l)
      : endpoint(std::move(s), "/Service/v3", l), verifier(std::move(v)) {}

  Endpoint endpoint;
  SignatureVerifier verifier;
  std::optional<xml::Schema> schema;

  mutable std::mutex mutex;
  std::condition_variable wake;  // hanging and slow requests wait on it
  std::uint64_t release_generation = 0;
  bool stopping = false;
  std::map<std::string, Behaviour> behaviours;
  std::vector<AcceptedDelivery> accepted;
  std::map<std::string, std::size_t> per_message;
  std::map<std::string, std::string> trans_id_of;  // message id -> the TransId it was first given
  bool recognise_resends = false;
  bool keep_record = true;
  std::size_t accepted_count = 0;
  std::size_t resends = 0;
  std::size_t refusals = 0;
  std::string last_refusal;

  http::Response refuse(const soap::Fault& fault) {
    {
      std::lock_guard lock(mutex);
      ++refusals;
      last_refusal = fault.code + ": " + fault.message;
    }
    return fault_response(fault);
  }

  http::Response handle(const http::Request& request) {
    std::optional<soap::Message> message;
    try {
      message.emplace(soap::parse_envelope(request.body, "deliverSecure request"));
    } catch (const InvalidInput& e) {
      return refuse(client_fault(1004, std::string("Not a SOAP 1.1 request: ") + e.what()));
    }
    const xml::Element payload = message->body_element;
    if (!payload.is("deliverSecure", mailbox::kServiceV3Namespace)) {
      return refuse(client_fault(1004, "Only deliverSecure is simulated"));
    }
    const auto problems = validate_payload(*schema, payload);
    if (!problems.empty()) return refuse(client_fault(1001, "Invalid deliverSecure: " + first_problems(problems)));

    const std::string sealed = mailbox::rebuild_sealed_delivery(payload);
    if (verifier) {
      const std::string reason = verifier(sealed);
      if (!reason.empty()) return refuse(client_fault(1002, "Signature check failed: " + reason));
    }

    AcceptedDelivery delivery;
    delivery.client_common_name = request.client_certificate->common_name;
    const xml::Document document = xml::parse_untrusted(sealed, "SealedDelivery");
    if (const auto signed_delivery = child_named(document.root(), "SignedDelivery")) {
      if (const auto inner = child_named(*signed_delivery, "Delivery")) {
        if (const auto header = child_named(*inner, "Header")) {
          if (const auto recipient = child_named(*header, "Recipient")) delivery.recipient_id = recipient->text();
          if (const auto sender = child_named(*header, "Sender")) {
            if (const auto id = child_named(*sender, "Id")) delivery.sender_org_nr = id->text();
          }
        }
        for (const auto& item : children_named(*inner, "Message")) {
          if (const auto header = child_named(item, "Header")) {
            if (const auto id = child_named(*header, "Id")) delivery.message_ids.push_back(id->text());
          }
          if (const auto body = child_named(item, "Body")) {
            if (const auto text = child_named(*body, "Body")) {
              delivery.bodies.push_back(base64::decode(text->text(), base64::Whitespace::kSkipped).value_or(""));
            }
          }
          for (const auto& attachment : children_named(item, "Attachment")) {
            ReceivedAttachment received;
            if (const auto name = child_named(attachment, "Filename")) received.file_name = name->text();
            if (const auto type = child_named(attachment, "ContentType")) received.content_type = type->text();
            if (const auto checksum = child_named(attachment, "Checksum")) received.checksum = checksum->text();
            if (const auto body = child_named(attachment, "Body")) {
              received.content = base64::decode(body->text(), base64::Whitespace::kSkipped).value_or("");
            }
            delivery.attachments.push_back(std::move(received));
          }
        }
      }
    }

    std::unique_lock lock(mutex);
    const auto it = behaviours.find(delivery.recipient_id);
    const Behaviour behaviour = it != behaviours.end() ? it->second : Behaviour{};
    if (behaviour.kind == Behaviour::Kind::kFail) {
      lock.unlock();
      return refuse(behaviour.fault);
    }
    if (behaviour.kind == Behaviour::Kind::kHang) {
      const auto generation = release_generation;
      // Bounded, so a forgotten hang cannot keep a thread forever.
      wake.wait_for(lock, std::chrono::minutes(10), [&] { return stopping || release_generation != generation; });
      lock.unlock();
      return refuse(soap::Fault{"Server", "Released after hanging", 2001, std::nullopt, std::nullopt});
    }
    if (behaviour.delay.count() > 0) {
      wake.wait_for(lock, behaviour.delay, [&] { return stopping; });
      if (stopping) {
        lock.unlock();
        return refuse(soap::Fault{"Server", "Shutting down", 2001, std::nullopt, std::nullopt});
      }
    }
    const bool resent = keep_record && recognise_resends && !delivery.message_ids.empty() &&
                        std::all_of(delivery.message_ids.begin(), delivery.message_ids.end(),
                                    [&](const std::string& id) { return trans_id_of.contains(id); });
    if (resent) {
      delivery.trans_id = trans_id_of.at(delivery.message_ids.front());
      ++resends;
    } else if (!keep_record) {
      delivery.trans_id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
      ++accepted_count;
    } else {
      delivery.trans_id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
      ++accepted_count;
      for (const auto& id : delivery.message_ids) {
        ++per_message[id];
        trans_id_of.emplace(id, delivery.trans_id);
      }
      accepted.push_back(delivery);
    }
    lock.unlock();

    mailbox::DeliveryResult result;
    result.trans_id = delivery.trans_id;
    result.statuses.push_back({delivery.recipient_id, true});
    return soap_response(200, mailbox::write_deliver_secure_response(result));
  }
};

MailboxOperator::MailboxOperator(ServerSettings settings, SignatureVerifier verifier, log::Logger* logger)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(verifier), logger)) {}

MailboxOperator::~MailboxOperator() { stop(); }

void MailboxOperator::start() {
  const auto& dir = impl_->endpoint.settings().schema_dir;
  if (dir.empty()) throw InvalidInput("the mailbox operator simulator needs the folder of the official schemas");
  impl_->schema.emplace(xml::Schema::load(dir / "v3" / "Service.xsd"));
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = false;
  }
  Impl* impl = impl_.get();
  impl_->endpoint.start([impl](const http::Request& request) { return impl->handle(request); });
}

void MailboxOperator::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->endpoint.stop();
}

std::uint16_t MailboxOperator::port() const { return impl_->endpoint.port(); }
std::string MailboxOperator::url() const { return impl_->endpoint.url(); }

mailbox::MailboxOperator MailboxOperator::as_service_supplier(std::string name, std::string id) const {
  return mailbox::MailboxOperator{std::move(id), std::move(name), url()};
}

void MailboxOperator::set_behaviour(const std::string& recipient_id, Behaviour behaviour) {
  std::lock_guard lock(impl_->mutex);
  impl_->behaviours.insert_or_assign(recipient_id, std::move(behaviour));
}

void MailboxOperator::clear_behaviours() {
  std::lock_guard lock(impl_->mutex);
  impl_->behaviours.clear();
}

void MailboxOperator::release_hanging() {
  {
    std::lock_guard lock(impl_->mutex);
    ++impl_->release_generation;
  }
  impl_->wake.notify_all();
}

void MailboxOperator::set_recognise_resends(bool on) {
  std::lock_guard lock(impl_->mutex);
  impl_->recognise_resends = on;
}

void MailboxOperator::set_keep_record(bool on) {
  std::lock_guard lock(impl_->mutex);
  impl_->keep_record = on;
}

std::size_t MailboxOperator::accepted_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->accepted_count;
}

std::size_t MailboxOperator::resends_recognised() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->resends;
}

std::vector<AcceptedDelivery> MailboxOperator::deliveries() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->accepted;
}

std::size_t MailboxOperator::times_delivered(const std::string& message_id) const {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->per_message.find(message_id);
  return it == impl_->per_message.end() ? 0 : it->second;
}

std::size_t MailboxOperator::refused() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->refusals;
}

std::string MailboxOperator::last_refusal() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->last_refusal;
}

void MailboxOperator::answer_next_request(int http_status, std::string content_type, std::string body) {
  impl_->endpoint.answer_next_request(http_status, std::move(content_type), std::move(body));
}

std::size_t MailboxOperator::refused_without_certificate() const {
  return impl_->endpoint.refused_without_certificate();
}

SignatureVerifier mailbox_signature_verifier(const std::filesystem::path& schema_dir,
                                             const std::filesystem::path& trusted_ca) {
  // Compiled once per folder and process: compiling is slow, and a later compilation can fail
  // once xmlsec has replaced libxml2's external entity loader (libcore's Schema::load refuses
  // to map remote schema locations then).
  static std::mutex cache_mutex;
  static std::map<std::filesystem::path, std::shared_ptr<const mailbox::SchemaSet>> cache;
  std::shared_ptr<const mailbox::SchemaSet> schemas;
  {
    std::lock_guard lock(cache_mutex);
    auto& cached = cache[schema_dir.lexically_normal()];
    if (!cached) cached = std::make_shared<const mailbox::SchemaSet>(mailbox::SchemaSet::load(schema_dir));
    schemas = cached;
  }
  std::shared_ptr<const mailbox::TrustStore> trust;
  if (!trusted_ca.empty()) {
    trust = std::make_shared<const mailbox::TrustStore>(mailbox::TrustStore::load_pem_file(trusted_ca));
  }
  return [schemas, trust](const std::string& sealed) -> std::string {
    mailbox::VerifyOptions options;
    options.trust = trust.get();
    const auto result = mailbox::verify_sealed_delivery(sealed, *schemas, options);
    if (result.ok) return {};
    return result.reason.empty() ? std::string("the delivery does not verify") : result.reason;
  };
}

}  // namespace samverkan::mm_simulator

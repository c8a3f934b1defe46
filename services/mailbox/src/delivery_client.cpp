#include "samverkan/mailbox/delivery_client.hpp"

#include <libxml/tree.h>

#include "samverkan/xml/native.hpp"

namespace samverkan::mailbox {
namespace {

constexpr std::string_view kService = "the mailbox operator";

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
const xmlChar* x(const std::string& text) { return reinterpret_cast<const xmlChar*>(text.c_str()); }

xml::Document new_document(const char* name) {
  xml::ensure_libxml_initialized();
  xmlDoc* doc = xmlNewDoc(x("1.0"));
  if (doc == nullptr) throw InternalError("libxml2 could not allocate a document");
  return xml::DocumentAccess::adopt(doc, name);
}

// Copies every child node of `from` (elements, and the text between them, which the enveloping
// signature covers) under `to`, and the unqualified attributes (Id) of `from` onto `to`. Each
// element is copied unattached first, so the namespace declarations it needs are declared on
// it and its prefixes stay as signed.
void copy_content(const xmlNode* from, xmlNode* to) {
  for (const xmlAttr* attribute = from->properties; attribute != nullptr; attribute = attribute->next) {
    if (attribute->ns != nullptr) continue;
    xmlChar* value = xmlNodeListGetString(from->doc, attribute->children, 1);
    xmlSetProp(to, attribute->name, value != nullptr ? value : x(""));
    xmlFree(value);
  }
  for (const xmlNode* child = from->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE && child->type != XML_TEXT_NODE && child->type != XML_CDATA_SECTION_NODE) {
      continue;  // comments and PIs are outside what is signed (Exclusive C14N without comments)
    }
    xmlNode* copy = xmlDocCopyNode(const_cast<xmlNode*>(child), to->doc, 1);
    if (copy == nullptr) throw InternalError("libxml2 could not copy a node");
    if (xmlAddChild(to, copy) == nullptr) {
      xmlFreeNode(copy);
      throw InternalError("libxml2 could not add a node");
    }
  }
}

std::string serialize(const xml::Document& document) {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(xml::DocumentAccess::native(document), &buffer, &size, "UTF-8");
  if (buffer == nullptr) throw InternalError("libxml2 could not write a document");
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
  xmlFree(buffer);
  return out;
}

Unavailable broken(const std::string& why) {
  return Unavailable(std::string(kService) + " sent an unusable deliverSecure answer: " + why);
}

bool boolean(const std::string& text, const std::string& where) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw broken(where + ": not a boolean");
}

}  // namespace

bool DeliveryResult::all_delivered() const noexcept {
  if (statuses.empty()) return false;
  for (const auto& status : statuses) {
    if (!status.delivered) return false;
  }
  return true;
}

bool is_transient(const Error& error) noexcept { return error.kind() == ErrorKind::kUnavailable; }

std::string write_deliver_secure(std::string_view sealed_delivery_document) {
  if (sealed_delivery_document.size() > kMaxSealedDeliveryBytes) {
    throw TooLarge("the SealedDelivery is " + std::to_string(sealed_delivery_document.size()) + " bytes; at most " +
                   std::to_string(kMaxSealedDeliveryBytes) + " are sent");
  }
  const xml::Document sealed = xml::parse_untrusted(sealed_delivery_document, "SealedDelivery");
  const xml::Element root = sealed.root();
  if (!root.is("SealedDelivery", kMessageV3Namespace)) {
    throw InvalidInput("the document to deliver is <" + std::string(root.local_name()) + "> in \"" +
                       std::string(root.namespace_uri()) + "\", not a Message/v3 SealedDelivery");
  }

  xml::Document payload = new_document("deliverSecure");
  xmlDoc* doc = xml::DocumentAccess::native(payload);
  xmlNode* outer = xmlNewDocNode(doc, nullptr, x("deliverSecure"), nullptr);
  xmlDocSetRootElement(doc, outer);
  xmlNs* ns = xmlNewNs(outer, x(std::string(kServiceV3Namespace)), x("svc"));
  xmlSetNs(outer, ns);
  xmlNode* inner = xmlNewChild(outer, ns, x("deliverSecure"), nullptr);
  copy_content(xml::ElementAccess::native(root), inner);
  return soap::write_envelope(payload);
}

std::string rebuild_sealed_delivery(const xml::Element& deliver_secure) {
  if (!deliver_secure.is("deliverSecure", kServiceV3Namespace)) {
    throw InvalidInput("the request holds <" + std::string(deliver_secure.local_name()) + ">, not deliverSecure");
  }
  const auto inner = deliver_secure.required_child("deliverSecure", kServiceV3Namespace);
  xml::Document sealed = new_document("SealedDelivery");
  xmlDoc* doc = xml::DocumentAccess::native(sealed);
  xmlNode* root = xmlNewDocNode(doc, nullptr, x("SealedDelivery"), nullptr);
  xmlDocSetRootElement(doc, root);
  xmlSetNs(root, xmlNewNs(root, x(std::string(kMessageV3Namespace)), nullptr));
  copy_content(xml::ElementAccess::native(inner), root);
  return serialize(sealed);
}

std::string write_deliver_secure_response(const DeliveryResult& result) {
  xml::Document payload = new_document("deliverSecureResponse");
  xmlDoc* doc = xml::DocumentAccess::native(payload);
  xmlNode* root = xmlNewDocNode(doc, nullptr, x("deliverSecureResponse"), nullptr);
  xmlDocSetRootElement(doc, root);
  xmlNs* v3 = xmlNewNs(root, x(std::string(kServiceV3Namespace)), nullptr);
  xmlNs* v1 = xmlNewNs(root, x(std::string(kServiceNamespace)), x("service"));
  xmlSetNs(root, v3);
  xmlNode* ret = xmlNewChild(root, v3, x("return"), nullptr);
  xmlNewTextChild(ret, v1, x("TransId"), x(result.trans_id));
  for (const auto& status : result.statuses) {
    xmlNode* node = xmlNewChild(ret, v1, x("Status"), nullptr);
    xmlNewTextChild(node, v1, x("RecipientId"), x(status.recipient_id));
    xmlNewTextChild(node, v1, x("Delivered"), x(status.delivered ? "true" : "false"));
  }
  return soap::write_envelope(payload);
}

DeliveryResult read_deliver_secure_response(const xml::Element& payload) {
  if (!payload.is("deliverSecureResponse", kServiceV3Namespace)) {
    throw broken("the Body holds <" + std::string(payload.local_name()) + ">, not deliverSecureResponse");
  }
  const auto ret = payload.first_child("return", kServiceV3Namespace);
  if (!ret) throw broken("missing return");
  DeliveryResult result;
  const auto trans_id = ret->first_child("TransId", kServiceNamespace);
  if (!trans_id || trans_id->text().empty()) throw broken("missing TransId");
  result.trans_id = trans_id->text();
  for (const auto& status : ret->children("Status", kServiceNamespace)) {
    const auto recipient = status.first_child("RecipientId", kServiceNamespace);
    const auto delivered = status.first_child("Delivered", kServiceNamespace);
    if (!recipient || !delivered) throw broken(status.location() + ": Status without RecipientId or Delivered");
    result.statuses.push_back({recipient->text(), boolean(delivered->text(), status.location() + " Delivered")});
  }
  if (result.statuses.empty()) throw broken("no Status");
  return result;
}

DeliveryClient::DeliveryClient(soap::TlsClientOptions tls)
    : transport_(std::make_unique<soap::Transport>(std::move(tls))) {}

DeliveryClient::~DeliveryClient() = default;

DeliveryResult DeliveryClient::deliver_secure(std::string_view service_address,
                                              std::string_view sealed_delivery_document) const {
  const std::string envelope = write_deliver_secure(sealed_delivery_document);
  const auto message = transport_->call(service_address, envelope, kService);
  return read_deliver_secure_response(message.body_element);
}

}  // namespace samverkan::mailbox

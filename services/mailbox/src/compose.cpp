#include "samverkan/mailbox/compose.hpp"

#include <cstdio>
#include <memory>

#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "detail/signer.hpp"
#include "detail/xmlsec_runtime.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/native.hpp"

namespace samverkan::mailbox {
namespace {

constexpr const char* kV3 = "http://minameddelanden.gov.se/schema/Message/v3";
constexpr const char* kV2 = "http://minameddelanden.gov.se/schema/Message/v2";
constexpr const char* kV1 = "http://minameddelanden.gov.se/schema/Message";
constexpr const char* kSenderNs = "http://minameddelanden.gov.se/schema/Sender";

struct DocDeleter {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

const xmlChar* x(const char* text) noexcept { return reinterpret_cast<const xmlChar*>(text); }

// Builds a tree in which every element carries its namespace as the default namespace: an
// element in the same namespace as its parent reuses the parent's declaration, any other
// declares xmlns="..." on itself (never a prefix).
class Writer {
 public:
  explicit Writer(xmlDoc* doc) : doc_(doc) {}

  xmlNode* root(const char* name, const char* ns) {
    xmlNode* node = make(name);
    xmlDocSetRootElement(doc_, node);
    xmlSetNs(node, xmlNewNs(node, x(ns), nullptr));
    return node;
  }

  xmlNode* element(xmlNode* parent, const char* name, const char* ns) {
    xmlNode* node = make(name);
    if (xmlAddChild(parent, node) == nullptr) {
      xmlFreeNode(node);
      throw InternalError("libxml2 cannot add an element");
    }
    if (parent->ns != nullptr && xmlStrEqual(parent->ns->href, x(ns)) != 0) {
      xmlSetNs(node, parent->ns);
    } else {
      xmlNs* declared = xmlNewNs(node, x(ns), nullptr);
      if (declared == nullptr) throw InternalError("libxml2 cannot declare a namespace");
      xmlSetNs(node, declared);
    }
    return node;
  }

  // Base64 text (A-Z a-z 0-9 + / =) never needs escaping: the text node is marked so that the
  // serialiser copies it as is instead of escaping it character by character (most of a large
  // delivery is base64). Canonicalisation and parsing see an ordinary text node.
  xmlNode* base64_text(xmlNode* parent, const char* name, const char* ns, const std::string& base64) {
    xmlNode* node = element(parent, name, ns);
    xmlNode* text =
        xmlNewDocTextLen(doc_, reinterpret_cast<const xmlChar*>(base64.data()), static_cast<int>(base64.size()));
    if (text == nullptr) throw InternalError("libxml2 cannot create a text node");
    text->name = xmlStringTextNoenc;
    if (xmlAddChild(node, text) == nullptr) {
      xmlFreeNode(text);
      throw InternalError("libxml2 cannot add a text node");
    }
    return node;
  }

  xmlNode* text(xmlNode* parent, const char* name, const char* ns, std::string_view value) {
    xmlNode* node = element(parent, name, ns);
    // Raw text; libxml2 escapes it when serialising.
    xmlNodeAddContentLen(node, reinterpret_cast<const xmlChar*>(value.data()), static_cast<int>(value.size()));
    return node;
  }

 private:
  xmlNode* make(const char* name) {
    xmlNode* node = xmlNewDocNode(doc_, nullptr, x(name), nullptr);
    if (node == nullptr) throw InternalError("libxml2 cannot create an element");
    return node;
  }
  xmlDoc* doc_;
};

DocPtr new_document() {
  xml::ensure_libxml_initialized();
  DocPtr doc(xmlNewDoc(x("1.0")));
  if (!doc) throw InternalError("libxml2 cannot create a document");
  return doc;
}

std::string serialise(xmlDoc* doc) {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &buffer, &size, "UTF-8");
  if (buffer == nullptr || size <= 0) throw InternalError("libxml2 cannot serialise the document");
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
  xmlFree(buffer);
  return out;
}

void write_message(Writer& w, xmlNode* delivery, const Message& message) {
  xmlNode* node = w.element(delivery, "Message", kV3);
  xmlNode* header = w.element(node, "Header", kV3);
  w.text(header, "Id", kV3, message.id);
  w.text(header, "Subject", kV3, message.subject);
  xmlNode* support = w.element(header, "Supportinfo", kV3);
  w.text(support, "Text", kV3, message.support.text);
  if (message.support.url) w.text(support, "URL", kV3, *message.support.url);
  if (message.support.phone_number) w.text(support, "PhoneNumber", kV3, *message.support.phone_number);
  if (message.support.email) w.text(support, "EmailAdress", kV3, *message.support.email);
  w.text(header, "Language", kV3, message.language);
  if (message.reply) w.text(header, "Reply", kV3, to_string(*message.reply));
  if (message.receipt) w.text(header, "ReceiptRequest", kV3, to_string(*message.receipt));

  xmlNode* body = w.element(node, "Body", kV3);
  w.text(body, "ContentType", kV1, to_content_type(message.body_type));
  w.base64_text(body, "Body", kV1, base64::encode(message.body));

  for (const Attachment& attachment : message.attachments) {
    xmlNode* element = w.element(node, "Attachment", kV3);
    w.text(element, "ContentType", kV1, "application/pdf");
    w.base64_text(element, "Body", kV1, base64::encode(attachment.content));
    w.text(element, "Checksum", kV1, crypto::md5_hex(attachment.content));
    w.text(element, "Filename", kV1, attachment.filename);
  }
}

std::string iso_date(std::chrono::year_month_day date) {
  if (!date.ok()) throw InvalidInput("the seal's received date is not a valid date");
  return calendar::format_iso_date(date);
}

}  // namespace

std::string compose_signed_delivery(const Delivery& delivery, const SigningIdentity& sender) {
  validate(delivery);
  DocPtr doc = new_document();
  Writer w(doc.get());
  xmlNode* root = w.root("SignedDelivery", kV3);
  xmlNode* content = w.element(root, "Delivery", kV3);
  xmlNode* header = w.element(content, "Header", kV3);
  xmlNode* sender_node = w.element(header, "Sender", kV2);
  w.text(sender_node, "Id", kSenderNs, sender_id(delivery));
  w.text(sender_node, "Name", kSenderNs, delivery.sender_name);
  w.text(header, "Recipient", kV2, recipient_id(delivery));
  if (delivery.reference) w.text(header, "Reference", kV2, *delivery.reference);
  if (delivery.correlation_id) w.text(header, "CorrelationId", kV2, *delivery.correlation_id);
  for (const Message& message : delivery.messages) write_message(w, content, message);

  detail::sign_enveloped(doc.get(), sender);
  std::string out = serialise(doc.get());
  if (out.size() > kMaxDeliveryBytes) {
    throw TooLarge("the signed delivery is " + std::to_string(out.size()) + " bytes, over the limit of " +
                   std::to_string(kMaxDeliveryBytes) + " bytes (2 MiB)");
  }
  return out;
}

std::string seal_delivery(std::string_view signed_delivery_xml, const Seal& seal, const SigningIdentity& intermediary) {
  const std::string received = iso_date(seal.received_date);
  const xml::Document input = xml::parse_untrusted(signed_delivery_xml, "signed delivery");
  if (!input.root().is("SignedDelivery", kV3)) {
    throw InvalidInput("the document to seal is not a SignedDelivery (Message/v3)");
  }
  DocPtr doc = new_document();
  Writer w(doc.get());
  xmlNode* root = w.root("SealedDelivery", kV3);
  xmlNode* copy = xmlDocCopyNode(xml::ElementAccess::native(input.root()), doc.get(), 1);
  if (copy == nullptr || xmlAddChild(root, copy) == nullptr) {
    if (copy != nullptr) xmlFreeNode(copy);
    throw InternalError("libxml2 cannot copy the SignedDelivery");
  }
  xmlNode* seal_node = w.element(root, "Seal", kV3);
  w.text(seal_node, "ReceivedTime", kV1, received);
  w.text(seal_node, "SignaturesOK", kV1, seal.signatures_ok ? "true" : "false");
  detail::sign_enveloped(doc.get(), intermediary);
  return serialise(doc.get());
}

}  // namespace samverkan::mailbox

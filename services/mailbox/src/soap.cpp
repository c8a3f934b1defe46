#include "samverkan/mailbox/soap.hpp"

#include <Poco/UUIDGenerator.h>
#include <libxml/tree.h>

#include <charconv>
#include <memory>

#include "samverkan/xml/native.hpp"

namespace samverkan::mailbox::soap {
namespace {

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
const xmlChar* x(const std::string& text) { return reinterpret_cast<const xmlChar*>(text.c_str()); }

struct DocDeleter {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

std::string local_part(std::string_view qname) {
  const auto colon = qname.find(':');
  std::string_view local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
  // Trim the whitespace a pretty-printing service may leave around the QName.
  while (!local.empty() &&
         (local.front() == ' ' || local.front() == '\n' || local.front() == '\t' || local.front() == '\r')) {
    local.remove_prefix(1);
  }
  while (!local.empty() &&
         (local.back() == ' ' || local.back() == '\n' || local.back() == '\t' || local.back() == '\r')) {
    local.remove_suffix(1);
  }
  return std::string(local);
}

// SOAP 1.1 leaves faultcode, faultstring and detail unqualified; some stacks qualify them.
std::optional<xml::Element> child_by_local_name(const xml::Element& parent, std::string_view name) {
  for (const auto& child : parent.children()) {
    if (child.local_name() == name && (child.namespace_uri().empty() || child.namespace_uri() == kEnvelopeNamespace)) {
      return child;
    }
  }
  return std::nullopt;
}

std::string serialize(xmlDoc* doc) {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &buffer, &size, "UTF-8");
  if (buffer == nullptr) throw InternalError("libxml2 could not write a SOAP envelope");
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
  xmlFree(buffer);
  return out;
}

// A new document <soapenv:Envelope><soapenv:Body/></soapenv:Envelope>; returns the Body.
xmlNode* new_envelope(DocPtr& doc) {
  xml::ensure_libxml_initialized();
  doc.reset(xmlNewDoc(x("1.0")));
  if (!doc) throw InternalError("libxml2 could not allocate a document");
  xmlNode* envelope = xmlNewDocNode(doc.get(), nullptr, x("Envelope"), nullptr);
  xmlDocSetRootElement(doc.get(), envelope);
  xmlNs* ns = xmlNewNs(envelope, x(std::string(kEnvelopeNamespace)), x("soapenv"));
  xmlSetNs(envelope, ns);
  return xmlNewChild(envelope, ns, x("Body"), nullptr);
}

}  // namespace

bool Fault::permanent() const noexcept {
  return code == "Client" || code.rfind("Client.", 0) == 0 || code == "VersionMismatch" || code == "MustUnderstand";
}

namespace {

std::string fault_text(std::string_view service, const Fault& fault) {
  std::string text = std::string(service) + " answered with a SOAP fault (" + fault.code + "): " + fault.message;
  if (fault.error_code) {
    text += " [error " + std::to_string(*fault.error_code);
    if (fault.description && *fault.description != fault.message) text += ": " + *fault.description;
    if (fault.call_id) text += "; call id " + *fault.call_id;
    text += "]";
  }
  return text;
}

}  // namespace

const Error& FaultError::error() const noexcept {
  // Every FaultError is also an Error (ClientFaultError or ServerFaultError).
  return dynamic_cast<const Error&>(*this);
}

ClientFaultError::ClientFaultError(std::string_view service, Fault fault)
    : InvalidInput(fault_text(service, fault)), FaultError(std::move(fault)) {}

ServerFaultError::ServerFaultError(std::string_view service, Fault fault)
    : Unavailable(fault_text(service, fault)), FaultError(std::move(fault)) {}

void throw_fault(std::string_view service, Fault fault) {
  if (fault.permanent()) throw ClientFaultError(service, std::move(fault));
  throw ServerFaultError(service, std::move(fault));
}

std::string write_envelope(const xml::Document& payload) {
  DocPtr doc;
  xmlNode* body = new_envelope(doc);
  xmlNode* root = xmlDocGetRootElement(xml::DocumentAccess::native(payload));
  if (root == nullptr) throw InternalError("a SOAP payload document without a root element");
  // Copied unattached, so the namespace declarations the payload needs are copied onto it and
  // its prefixes stay as they were (signed content must keep its exact form).
  xmlNode* copy = xmlDocCopyNode(root, doc.get(), 1);
  if (copy == nullptr || xmlAddChild(body, copy) == nullptr) {
    if (copy != nullptr) xmlFreeNode(copy);
    throw InternalError("libxml2 could not copy the SOAP payload");
  }
  return serialize(doc.get());
}

std::string write_fault(const Fault& fault) {
  DocPtr doc;
  xmlNode* body = new_envelope(doc);
  xmlNs* env = xmlDocGetRootElement(doc.get())->ns;
  xmlNode* node = xmlNewChild(body, env, x("Fault"), nullptr);
  // faultcode is a QName in the envelope namespace; the children themselves are unqualified
  // (xmlNewChild would give them the parent's namespace).
  const auto unqualified = [&](xmlNode* parent, const char* name, const std::string* text) {
    xmlNode* child = xmlNewDocNode(doc.get(), nullptr, x(name), nullptr);
    if (text != nullptr) xmlNodeAddContent(child, x(*text));
    return xmlAddChild(parent, child);
  };
  const std::string code = "soapenv:" + fault.code;
  unqualified(node, "faultcode", &code);
  unqualified(node, "faultstring", &fault.message);
  if (fault.error_code) {
    xmlNode* detail = unqualified(node, "detail", nullptr);
    xmlNode* application = xmlNewChild(detail, nullptr, x("applicationFault"), nullptr);
    xmlNs* common = xmlNewNs(application, x(std::string(kCommonV3Namespace)), nullptr);
    xmlSetNs(application, common);
    xmlNewTextChild(application, common, x("ErrorCode"), x(std::to_string(*fault.error_code)));
    xmlNewTextChild(application, common, x("Description"), x(fault.description.value_or(fault.message)));
    const std::string call_id =
        fault.call_id.value_or(Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
    xmlNewTextChild(application, common, x("CallId"), x(call_id));
  }
  return serialize(doc.get());
}

Message parse_envelope(std::string_view bytes, std::string_view name_for_messages) {
  xml::Document document = xml::parse_untrusted(bytes, name_for_messages);
  const xml::Element root = document.root();
  if (!root.is("Envelope", kEnvelopeNamespace)) {
    throw InvalidInput(std::string(name_for_messages) + " is not a SOAP 1.1 envelope (root <" +
                       std::string(root.local_name()) + "> in namespace \"" + std::string(root.namespace_uri()) +
                       "\")");
  }
  const xml::Element body = root.required_child("Body", kEnvelopeNamespace);
  const auto children = body.children();
  if (children.empty()) throw InvalidInput(std::string(name_for_messages) + ": the SOAP Body is empty");
  const xml::Element first = children.front();
  return Message{std::move(document), first};
}

Fault read_fault(const xml::Element& element) {
  Fault fault;
  const auto code = child_by_local_name(element, "faultcode");
  if (!code) throw InvalidInput(element.location() + ": a SOAP Fault without faultcode");
  fault.code = local_part(code->text());
  if (fault.code.empty()) throw InvalidInput(element.location() + ": a SOAP Fault with an empty faultcode");
  if (const auto text = child_by_local_name(element, "faultstring")) fault.message = text->text();
  if (const auto detail = child_by_local_name(element, "detail")) {
    if (const auto application = detail->first_child("applicationFault", kCommonV3Namespace)) {
      if (const auto error_code = application->first_child("ErrorCode", kCommonV3Namespace)) {
        const std::string text = error_code->text();
        int value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size()) fault.error_code = value;
      }
      if (const auto description = application->first_child("Description", kCommonV3Namespace)) {
        fault.description = description->text();
      }
      if (const auto call_id = application->first_child("CallId", kCommonV3Namespace)) {
        fault.call_id = call_id->text();
      }
    }
  }
  return fault;
}

Message read_answer(int http_status, std::string_view body, std::string_view service) {
  const std::string where = std::string(service) + " (HTTP " + std::to_string(http_status) + ")";
  std::optional<Message> message;
  std::string why;
  try {
    message.emplace(parse_envelope(body, std::string(service) + " answer"));
  } catch (const InvalidInput& e) {
    why = e.what();
  }
  if (!message) {
    if (http_status == 413) throw TooLarge(std::string(service) + " refused the request as too large (HTTP 413)");
    // Cut the parser's message: a proxy's HTML page could make it long.
    if (why.size() > 300) why.resize(300);
    throw Unavailable(where + " sent an answer that is not a SOAP envelope: " + why);
  }
  if (message->body_element.is("Fault", kEnvelopeNamespace)) {
    Fault fault;
    try {
      fault = read_fault(message->body_element);
    } catch (const InvalidInput& e) {
      throw Unavailable(where + " sent a broken SOAP fault: " + e.what());
    }
    throw_fault(service, std::move(fault));
  }
  if (http_status == 413) throw TooLarge(std::string(service) + " refused the request as too large (HTTP 413)");
  if (http_status != 200) throw Unavailable(where + " answered without a SOAP fault");
  return std::move(*message);
}

}  // namespace samverkan::mailbox::soap

#include "samverkan/mailbox/reachability.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <set>

#include "samverkan/ids/organisationsnummer.hpp"
#include "samverkan/xml/native.hpp"

namespace samverkan::mailbox {
namespace {

constexpr std::size_t kMaxPerCall = 1000;  // isReachable: recipientId maxOccurs="1000"
constexpr std::string_view kService = "the Mina meddelanden recipient register";

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
const xmlChar* x(const std::string& text) { return reinterpret_cast<const xmlChar*>(text.c_str()); }

bool twelve_digits(std::string_view text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Unavailable broken(const std::string& why) {
  return Unavailable(std::string(kService) + " sent an unusable isReachable answer: " + why);
}

std::string required_text(const xml::Element& parent, std::string_view name) {
  const auto child = parent.first_child(name, kRecipientNamespace);
  if (!child) throw broken(parent.location() + ": missing " + std::string(name));
  return child->text();
}

bool boolean(const std::string& text, const std::string& where) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw broken(where + ": not a boolean");
}

}  // namespace

std::string_view to_string(UnreachableReason reason) noexcept {
  switch (reason) {
    case UnreachableReason::kNotSecure:
      return "not-secure";
    case UnreachableReason::kPending:
      return "pending";
    case UnreachableReason::kSenderNotAccepted:
      return "sender-not-accepted";
    case UnreachableReason::kNoServiceSupplier:
      return "no-service-supplier";
  }
  return "unknown";
}

Reachability judge(const ReachabilityStatus& status) {
  Reachability verdict;
  verdict.recipient_id = status.recipient_id;
  if (status.account_type != "Secure") {
    verdict.reason = UnreachableReason::kNotSecure;
  } else if (status.pending) {
    verdict.reason = UnreachableReason::kPending;
  } else if (!status.sender_accepted) {
    verdict.reason = UnreachableReason::kSenderNotAccepted;
  } else if (!status.service_supplier || status.service_supplier->service_address.rfind("https://", 0) != 0) {
    // We deliver over mutual TLS only; an operator without an https address cannot be used.
    verdict.reason = UnreachableReason::kNoServiceSupplier;
  } else {
    verdict.mailbox = status.service_supplier;
  }
  return verdict;
}

std::string sender_org_nr(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c != '-') digits += c;
  }
  if (digits.size() == 12 && digits.rfind("16", 0) == 0) digits = digits.substr(2);
  return ids::Organisationsnummer::parse(digits).with_prefix();
}

std::string write_is_reachable(std::string_view sender, const std::vector<std::string>& recipient_ids) {
  if (recipient_ids.size() > kMaxPerCall) {
    throw InvalidInput("isReachable takes at most 1000 recipients, not " + std::to_string(recipient_ids.size()));
  }
  if (!twelve_digits(sender) || sender.substr(0, 2) != "16") {
    throw InvalidInput("the sender's organisation number must be 16 followed by 10 digits");
  }
  xml::ensure_libxml_initialized();
  xmlDoc* doc = xmlNewDoc(x("1.0"));
  if (doc == nullptr) throw InternalError("libxml2 could not allocate a document");
  xml::Document owned = xml::DocumentAccess::adopt(doc, "isReachable");
  xmlNode* root = xmlNewDocNode(doc, nullptr, x("isReachable"), nullptr);
  xmlDocSetRootElement(doc, root);
  xmlNs* ns = xmlNewNs(root, x(std::string(kRecipientV3Namespace)), nullptr);
  xmlSetNs(root, ns);
  xmlNewTextChild(root, ns, x("senderOrgNr"), x(std::string(sender)));
  for (const auto& id : recipient_ids) {
    if (!twelve_digits(id)) throw InvalidInput("a recipient id must be 12 digits (YYYYMMDDNNNN)");
    xmlNewTextChild(root, ns, x("recipientId"), x(id));
  }
  return soap::write_envelope(owned);
}

std::vector<ReachabilityStatus> read_is_reachable_response(const xml::Element& payload) {
  if (!payload.is("isReachableResponse", kRecipientV3Namespace)) {
    throw broken("the Body holds <" + std::string(payload.local_name()) + ">, not isReachableResponse");
  }
  std::vector<ReachabilityStatus> statuses;
  for (const auto& item : payload.children("return", kRecipientV3Namespace)) {
    const auto account = item.first_child("AccountStatus", kRecipientNamespace);
    if (!account) throw broken(item.location() + ": missing AccountStatus");
    ReachabilityStatus status;
    status.recipient_id = required_text(*account, "RecipientId");
    status.account_type = required_text(*account, "Type");
    status.pending = boolean(required_text(*account, "Pending"), account->location() + " Pending");
    status.sender_accepted = boolean(required_text(item, "SenderAccepted"), item.location() + " SenderAccepted");
    if (const auto supplier = account->first_child("ServiceSupplier", kRecipientNamespace)) {
      MailboxOperator mailbox;
      mailbox.id = required_text(*supplier, "Id");
      mailbox.name = required_text(*supplier, "Name");
      if (const auto address = supplier->first_child("ServiceAdress", kRecipientNamespace)) {
        mailbox.service_address = address->text();
      }
      status.service_supplier = std::move(mailbox);
    }
    statuses.push_back(std::move(status));
  }
  return statuses;
}

ReachabilityClient::ReachabilityClient(ReachabilityOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {
  if (options_.batch_size == 0 || options_.batch_size > kMaxPerCall) {
    throw InvalidInput("the reachability batch size must be 1..1000");
  }
  if (options_.register_url.rfind("https://", 0) != 0) {
    throw InvalidInput("the recipient register's address must be an https URL");
  }
  if (options_.cache_ttl.count() < 0) throw InvalidInput("the reachability cache time must not be negative");
  transport_ = std::make_unique<soap::Transport>(options_.tls);
}

ReachabilityClient::~ReachabilityClient() = default;

std::vector<Reachability> ReachabilityClient::check(std::string_view sender,
                                                    const std::vector<std::string>& recipient_ids) {
  const std::string org_nr = sender_org_nr(sender);
  for (const auto& id : recipient_ids) {
    if (!twelve_digits(id)) throw InvalidInput("a recipient id must be 12 digits (YYYYMMDDNNNN)");
  }
  const auto key = [&](const std::string& id) { return org_nr + ":" + id; };

  // What the cache knows; the rest is asked, each id once.
  std::map<std::string, Reachability> known;
  std::vector<std::string> to_ask;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    std::set<std::string> asked;
    for (const auto& id : recipient_ids) {
      if (known.count(id) || asked.count(id)) continue;
      const auto it = cache_.find(key(id));
      if (it != cache_.end() && now < it->second.expires) {
        known.emplace(id, it->second.verdict);
      } else {
        asked.insert(id);
        to_ask.push_back(id);
      }
    }
  }

  for (std::size_t start = 0; start < to_ask.size(); start += options_.batch_size) {
    const auto end = std::min(to_ask.size(), start + options_.batch_size);
    const std::vector<std::string> batch(to_ask.begin() + static_cast<std::ptrdiff_t>(start),
                                         to_ask.begin() + static_cast<std::ptrdiff_t>(end));
    const auto message = transport_->call(options_.register_url, write_is_reachable(org_nr, batch), kService);
    std::map<std::string, Reachability> answered;
    for (const auto& status : read_is_reachable_response(message.body_element)) {
      answered.insert_or_assign(status.recipient_id, judge(status));
    }
    std::size_t missing = 0;
    for (const auto& id : batch) {
      if (!answered.count(id)) ++missing;
    }
    if (missing > 0) {
      throw Unavailable(std::string(kService) + " answered isReachable without a status for " +
                        std::to_string(missing) + " of " + std::to_string(batch.size()) + " recipients");
    }

    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    if (options_.cache_ttl.count() > 0 && cache_.size() + batch.size() > options_.cache_capacity) {
      std::erase_if(cache_, [&](const auto& entry) { return !(now < entry.second.expires); });
      if (cache_.size() + batch.size() > options_.cache_capacity) cache_.clear();
    }
    for (const auto& id : batch) {
      const auto& verdict = answered.at(id);
      known.insert_or_assign(id, verdict);
      if (options_.cache_ttl.count() > 0) cache_.insert_or_assign(key(id), Cached{verdict, now + options_.cache_ttl});
    }
  }

  std::vector<Reachability> out;
  out.reserve(recipient_ids.size());
  for (const auto& id : recipient_ids) out.push_back(known.at(id));
  return out;
}

Reachability ReachabilityClient::check_one(std::string_view sender, const std::string& recipient_id) {
  return check(sender, {recipient_id}).front();
}

void ReachabilityClient::clear_cache() {
  std::lock_guard lock(mutex_);
  cache_.clear();
}

std::size_t ReachabilityClient::cache_size() const {
  std::lock_guard lock(mutex_);
  return cache_.size();
}

}  // namespace samverkan::mailbox

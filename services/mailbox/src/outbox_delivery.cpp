#include "samverkan/mailbox/outbox_delivery.hpp"

#include <chrono>

#include "outbox_store.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/compose.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::mailbox {
namespace {

using Intent = tenancy::Context::Intent;

security::Principal worker_principal() { return security::Principal::system("mailbox.delivery"); }

}  // namespace

struct OutboxDelivery::Clients {
  Clients(const OutboxSettings& settings, const SenderSettings& sender, const Clock& clock)
      : reachability(
            ReachabilityOptions{
                .register_url = settings.register_url, .tls = sender.tls, .cache_ttl = settings.reachability_cache_ttl},
            clock),
        delivery(sender.tls) {}
  ReachabilityClient reachability;
  DeliveryClient delivery;
};

OutboxDelivery::OutboxDelivery(storage::Database& db, const crypto::Keyring& keyring, audit::AuditLog& audit,
                               const adapters::Registry& registry, OutboxSettings settings, const Clock& clock,
                               ForwardingRoute* forwarding)
    : db_(db),
      keyring_(keyring),
      audit_(audit),
      registry_(registry),
      settings_(std::move(settings)),
      clock_(clock),
      forwarding_(forwarding),
      platform_(SigningIdentity::from_pem_files(settings_.platform_key_file, settings_.platform_certificate_file)) {}

OutboxDelivery::~OutboxDelivery() = default;

jobs::Worker::Handler OutboxDelivery::handler() {
  return [this](const jobs::Job& job) { handle(job); };
}

void OutboxDelivery::set_fault_injection(std::function<void(std::string_view stage)> hook) {
  fault_injection_ = std::move(hook);
}

void OutboxDelivery::stage(std::string_view name) {
  if (fault_injection_) fault_injection_(name);
}

OutboxDelivery::Clients& OutboxDelivery::clients_for(const ids::Kommunkod& municipality, const SenderSettings& sender) {
  std::lock_guard lock(mutex_);
  auto& slot = clients_[municipality];
  if (!slot) slot = std::make_unique<Clients>(settings_, sender, clock_);
  return *slot;
}

void OutboxDelivery::finish_failed(const ids::Kommunkod& municipality, const std::string& id,
                                   const std::string& reason) {
  tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
  detail::mark_failed(ctx, id, reason);
  ctx.audit({"mailbox.failed", "mailbox_message", id, reason});
  ctx.commit();
}

void OutboxDelivery::paper_route(const ids::Kommunkod& municipality, const std::string& id, const LetterRequest& letter,
                                 const std::string& why) {
  if (letter.protected_identity) {
    if (forwarding_ == nullptr) {
      finish_failed(municipality, id,
                    why +
                        "; protected identity (skyddad identitet): printing is not allowed and no forwarding "
                        "route is configured");
      return;
    }
    const std::string reference = forwarding_->forward(municipality, id, letter);  // Unavailable: retry
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
    detail::mark_paper(ctx, id, "forwarding", reference);
    ctx.audit({"mailbox.forwarded", "mailbox_message", id, why});
    ctx.commit();
    return;
  }
  adapters::PrintVendor* vendor = registry_.find<adapters::PrintVendor>(municipality);
  if (vendor == nullptr) {
    finish_failed(municipality, id, why + "; the municipality has no print vendor");
    return;
  }
  std::optional<adapters::PrintJob> job;
  try {
    job.emplace(print_job_for(id, letter));
  } catch (const Error& e) {
    finish_failed(municipality, id, why + "; " + e.what());
    return;
  }
  adapters::OrderReceipt receipt;
  try {
    receipt = vendor->submit(*job);
  } catch (const Unavailable&) {
    throw;
  } catch (const Error& e) {
    finish_failed(municipality, id, why + "; the print vendor refused the letter: " + e.what());
    return;
  }
  tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
  detail::mark_paper(ctx, id, print_batch_id(municipality, clock_.now()), receipt.id);
  ctx.audit({"mailbox.paper", "mailbox_message", id, why});
  ctx.commit();
}

void OutboxDelivery::handle(const jobs::Job& job) {
  const ids::Kommunkod municipality = job.municipality;
  const std::string id = job.idempotency_key;
  const bool last_attempt = job.attempts >= job.max_attempts;

  std::optional<detail::StoredLetter> letter;
  std::optional<detail::AttemptRecord> attempt;
  detail::Sender sender;
  {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kRead);
    letter = detail::load_letter(ctx, keyring_, id);
    if (!letter) throw NotFound("no letter " + id + " in the outbox");
    if (letter->state.status != LetterStatus::kQueued) return;  // done before (a job run again)
    attempt = detail::read_attempt(ctx, id);
    sender = detail::sender_of(ctx);
  }
  const LetterRequest& request = letter->request;

  // The operator already accepted it (the job stopped before the letter was marked).
  if (attempt && attempt->state == "accepted") {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
    detail::mark_delivered(ctx, id, attempt->operator_id, attempt->operator_name, attempt->trans_id);
    ctx.audit({"mailbox.delivered", "mailbox_message", id, "operator " + attempt->operator_id});
    ctx.commit();
    return;
  }

  const auto configured = settings_.senders.find(municipality);
  if (configured == settings_.senders.end()) {
    paper_route(municipality, id, request, "the municipality does not send digital mail");
    return;
  }
  Clients& clients = clients_for(municipality, configured->second);

  // A transient failure is retried, unless this was the job's last attempt: then the letter
  // goes on paper instead of staying queued for ever.
  const auto transient = [&](const Error& e) {
    {
      tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
      detail::note_attempt(ctx, id, e.what());
      ctx.commit();
    }
    if (last_attempt) {
      paper_route(municipality, id, request, std::string("digital delivery kept failing: ") + e.what());
      return;
    }
    throw Unavailable(std::string("delivery of ") + id + " will be retried: " + e.what());
  };

  Reachability verdict;
  try {
    verdict = clients.reachability.check_one(sender.organisation_number,
                                             recipient_id(detail::to_delivery(request, sender, id)));
  } catch (const Unavailable& e) {
    transient(e);
    return;
  } catch (const Error& e) {
    paper_route(municipality, id, request, std::string("the recipient register refused the question: ") + e.what());
    return;
  }
  if (!verdict.digital()) {
    paper_route(
        municipality, id, request,
        "no digital mailbox (" + std::string(to_string(verdict.reason.value_or(UnreachableReason::kNotSecure))) + ")");
    return;
  }
  const MailboxOperator& mailbox = *verdict.mailbox;

  // The municipality's signing identity; a missing or broken key file is an operator's error
  // to fix (retried), not a reason to print the letter.
  std::optional<SigningIdentity> municipality_identity;
  try {
    municipality_identity.emplace(
        identities_.get(configured->second.signing_key_file, configured->second.signing_certificate_file));
  } catch (const Error& e) {
    transient(Unavailable(std::string("the municipality's signing identity cannot be loaded: ") + e.what()));
    return;
  }
  std::string sealed;
  try {
    const std::string signed_xml =
        compose_signed_delivery(detail::to_delivery(request, sender, id), *municipality_identity);
    const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(clock_.now())};
    sealed = seal_delivery(signed_xml, Seal{today, true}, platform_);
  } catch (const InternalError& e) {
    finish_failed(municipality, id, std::string("the letter could not be signed: ") + e.what());
    return;
  } catch (const Error& e) {
    paper_route(municipality, id, request, std::string("the letter could not be composed: ") + e.what());
    return;
  }

  {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
    detail::record_sending(ctx, id, mailbox.id, mailbox.name, mailbox.service_address);
    ctx.commit();
  }
  stage("before-delivery");
  DeliveryResult result;
  try {
    result = clients.delivery.deliver_secure(mailbox.service_address, sealed);
  } catch (const Error& e) {
    if (is_transient(e)) {
      transient(e);
      return;
    }
    paper_route(municipality, id, request, std::string("the mailbox operator refused the letter: ") + e.what());
    return;
  }
  if (!result.all_delivered()) {
    paper_route(municipality, id, request, "the mailbox operator did not deliver the letter");
    return;
  }
  {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
    detail::record_accepted(ctx, id, result.trans_id);
    ctx.commit();
  }
  stage("after-delivery");
  tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
  detail::mark_delivered(ctx, id, mailbox.id, mailbox.name, result.trans_id);
  ctx.audit({"mailbox.delivered", "mailbox_message", id, "operator " + mailbox.id});
  ctx.commit();
}

}  // namespace samverkan::mailbox

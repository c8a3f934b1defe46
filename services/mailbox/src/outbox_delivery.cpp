#include "samverkan/mailbox/outbox_delivery.hpp"

#include <algorithm>
#include <chrono>

#include "outbox_store.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/compose.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::mailbox {
namespace {

using Intent = tenancy::Context::Intent;

security::Principal worker_principal() { return security::Principal::system("mailbox.delivery"); }

// The first `limit` characters (code points) of valid UTF-8 text.
std::string first_characters(const std::string& text, std::size_t limit) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0U) != 0x80U && characters++ == limit) return text.substr(0, i);
  }
  return text;
}

}  // namespace

struct OutboxDelivery::Clients {
  Clients(const OutboxSettings& settings, const SenderSettings& sender, const Clock& clock)
      : reachability(
            ReachabilityOptions{
                .register_url = settings.register_url,
                .tls = register_tls(settings, sender),
                .cache_ttl = settings.reachability_cache_ttl},
            clock),
        delivery(sender.tls) {}
  // The register may be trusted through another CA bundle than the operators.
  static soap::TlsClientOptions register_tls(const OutboxSettings& settings, const SenderSettings& sender) {
    soap::TlsClientOptions tls = sender.tls;
    if (!settings.register_ca_file.empty()) tls.server_ca_file = settings.register_ca_file;
    return tls;
  }
  ReachabilityClient reachability;
  DeliveryClient delivery;
};

std::optional<OutboxSettings> outbox_settings(const config::Cooperation& cooperation) {
  if (!cooperation.mina_meddelanden) return std::nullopt;
  const config::MinaMeddelanden& mm = *cooperation.mina_meddelanden;
  OutboxSettings settings;
  settings.register_url = mm.register_url;
  settings.register_ca_file = mm.register_ca_file;
  settings.platform_key_file = mm.seal.key_file;
  settings.platform_certificate_file = mm.seal.certificate_file;
  for (const auto& member : cooperation.members) {
    settings.sender_names.emplace(member.code, member.name);
    if (!member.digital_mail) continue;
    SenderSettings sender;
    sender.signing_key_file = member.digital_mail->signing.key_file;
    sender.signing_certificate_file = member.digital_mail->signing.certificate_file;
    sender.tls.client_certificate_file = member.digital_mail->tls_client.certificate_file;
    sender.tls.client_private_key_file = member.digital_mail->tls_client.key_file;
    sender.tls.server_ca_file = mm.operators_ca_file;
    sender.tls.io_timeout = mm.timeout;
    sender.tls.connect_timeout = std::min<std::chrono::milliseconds>(mm.timeout, std::chrono::seconds(10));
    settings.senders.emplace(member.code, std::move(sender));
  }
  return settings;
}

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
      platform_(SigningIdentity::from_pem_files(settings_.platform_key_file, settings_.platform_certificate_file)),
      jobs_(db, clock) {}

OutboxDelivery::~OutboxDelivery() = default;

jobs::Worker::Handler OutboxDelivery::handler() {
  return [this](const jobs::Job& job) { handle(job); };
}

jobs::Worker::Handler OutboxDelivery::case_registration_handler() {
  return [this](const jobs::Job& job) { register_on_case(job); };
}

void OutboxDelivery::enqueue_case_registration(tenancy::Context& ctx, const std::string& id,
                                               const LetterRequest& letter) {
  if (!letter.case_number) return;
  jobs_.enqueue(ctx, jobs::NewJob{.queue = std::string(kCaseRegistrationQueue),
                                  .idempotency_key = id,
                                  .payload = "{\"message\":\"" + id + "\"}"});
}

void OutboxDelivery::register_on_case(const jobs::Job& job) {
  const ids::Kommunkod municipality = job.municipality;
  const std::string id = job.idempotency_key;
  std::optional<detail::StoredLetter> letter;
  {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kRead);
    letter = detail::load_letter(ctx, keyring_, id);
  }
  if (!letter) throw NotFound("no letter " + id + " in the outbox");
  const LetterRequest& request = letter->request;
  if (!request.case_number) return;
  if (letter->state.status == LetterStatus::kQueued) throw Unavailable("letter " + id + " is not sent yet");
  if (letter->state.status == LetterStatus::kFailed) return;  // never sent: nothing went out on the case

  const auto audit_only = [&](std::string_view action, const std::string& detail) {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
    ctx.audit({std::string(action), "mailbox_message", id, detail});
    ctx.commit();
  };
  adapters::CaseSystem* diary = registry_.find<adapters::CaseSystem>(municipality);
  if (diary == nullptr) {
    audit_only("mailbox.case-registration.skipped", "the municipality has no case system");
    return;
  }

  adapters::IncomingDocument document{adapters::IdempotencyKey::parse("mailbox-case-" + id)};
  document.direction = adapters::DocumentDirection::kOutgoing;
  document.existing_case = *request.case_number;
  document.board = request.case_number->substr(0, request.case_number->find(' '));
  document.title = first_characters(request.subject, 250);
  // The recipient as the diary shows it; a protected identity's name stays out of the diary.
  document.sender = request.protected_identity ? std::string("Skyddad identitet")
                    : request.postal_address && !request.postal_address->name.empty() ? request.postal_address->name
                                                                                       : std::string("Privatperson");
  document.received = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock_.now())};
  if (request.protected_identity) {
    document.secret = true;
    document.secrecy_reference = "OSL 21 kap. 3 §";
  }
  for (const auto& attachment : request.attachments) {
    document.files.push_back(adapters::DocumentFile{attachment.filename, "application/pdf", attachment.content});
  }
  if (document.files.empty()) {
    document.files.push_back(adapters::DocumentFile{
        request.body_type == BodyType::kTextHtml ? "brev.html" : "brev.txt", std::string(to_content_type(request.body_type)),
        request.body});
  }

  adapters::CaseRegistration registration;
  try {
    registration = diary->register_document(document);
  } catch (const Unavailable&) {
    throw;  // retried with backoff
  } catch (const Error& e) {
    audit_only("mailbox.case-registration.failed", std::string("the case system refused: ") + e.what());
    throw;
  }
  audit_only("mailbox.case-registered", registration.registration_number);
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
    enqueue_case_registration(ctx, id, letter);
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
    // A letter without a PDF of its own is printed as render_letter lays it out.
    const auto sender_name = settings_.sender_names.find(municipality);
    if (sender_name != settings_.sender_names.end()) {
      job.emplace(print_job_for(id, letter, sender_name->second, clock_.now()));
    } else {
      job.emplace(print_job_for(id, letter));
    }
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
  enqueue_case_registration(ctx, id, letter);
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
    enqueue_case_registration(ctx, id, request);
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
  enqueue_case_registration(ctx, id, request);
  ctx.audit({"mailbox.delivered", "mailbox_message", id, "operator " + mailbox.id});
  ctx.commit();
}

}  // namespace samverkan::mailbox

namespace samverkan::mailbox {

std::chrono::seconds delivery_lease(const OutboxSettings& settings) {
  std::chrono::milliseconds longest{0};
  for (const auto& [code, sender] : settings.senders) longest = std::max(longest, sender.tls.io_timeout);
  return std::chrono::ceil<std::chrono::seconds>(6 * longest) + std::chrono::seconds(10);
}

namespace {

jobs::WorkerOptions one_at_a_time(jobs::WorkerOptions options) {
  options.batch = 1;
  return options;
}

}  // namespace

OutboxWorker::OutboxWorker(storage::Database& db, const crypto::Keyring& keyring, audit::AuditLog& audit,
                           const adapters::Registry& registry, OutboxSettings settings, const Clock& clock,
                           log::Logger* logger, jobs::WorkerOptions options)
    : queue_(db, clock, jobs::QueueOptions{.lease = delivery_lease(settings)}),
      delivery_(db, keyring, audit, registry, std::move(settings), clock),
      worker_(queue_, std::string(kDeliveryQueue), delivery_.handler(), one_at_a_time(options), logger),
      registrar_(queue_, std::string(kCaseRegistrationQueue), delivery_.case_registration_handler(),
                 one_at_a_time(options), logger) {}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  worker_.start();
  registrar_.start();
}

void OutboxWorker::stop() {
  worker_.stop();
  registrar_.stop();
}

void OutboxWorker::wake() { worker_.wake(); }

}  // namespace samverkan::mailbox

#include "samverkan/mailbox/outbox_delivery.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "detail/outbox_store.hpp"
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
      : reachability(ReachabilityOptions{.register_url = settings.register_url,
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
  document.sender = request.protected_identity                                        ? std::string("Skyddad identitet")
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
    document.files.push_back(adapters::DocumentFile{request.body_type == BodyType::kTextHtml ? "brev.html" : "brev.txt",
                                                    std::string(to_content_type(request.body_type)), request.body});
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

// One letter of a batch: what is known of it so far and how its job ends.
struct OutboxDelivery::Item {
  explicit Item(jobs::Job claimed) : job(std::move(claimed)) {}

  jobs::Job job;
  std::optional<detail::StoredLetter> letter;
  std::optional<detail::AttemptRecord> attempt;
  std::optional<MailboxOperator> mailbox;
  std::string sealed;
  std::string trans_id;      ///< the operator's TransId, recorded: mark it delivered
  bool accepted = false;     ///< the operator has it and trans_id is committed
  bool done = false;         ///< finished (delivered, on paper or failed): complete the job
  bool completed = false;    ///< its job is completed already (work_batch)
  bool left = false;         ///< not started before the deadline: its job is retried (work_batch)
  std::exception_ptr error;  ///< for the worker: retried or failed by its kind

  const std::string& id() const noexcept { return job.idempotency_key; }
  bool open() const noexcept { return !done && !left && !accepted && !error; }
};

namespace {

// Runs one step of one letter; what it throws is that letter's outcome, not the batch's.
template <typename Item, typename Step>
void guarded(Item& item, Step&& step) {
  try {
    step();
  } catch (...) {
    item.error = std::current_exception();
  }
}

}  // namespace

// A transient failure is retried, unless this was the job's last attempt: then the letter goes
// on paper instead of staying queued for ever.
void OutboxDelivery::transient(Item& item, const Error& e) {
  const ids::Kommunkod& municipality = item.job.municipality;
  {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
    detail::note_attempt(ctx, item.id(), e.what());
    ctx.commit();
  }
  if (item.job.attempts >= item.job.max_attempts) {
    paper_route(municipality, item.id(), item.letter->request,
                std::string("digital delivery kept failing: ") + e.what());
    item.done = true;
    return;
  }
  throw Unavailable(std::string("delivery of ") + item.id() + " will be retried: " + e.what());
}

void OutboxDelivery::work(const ids::Kommunkod& municipality, const std::vector<Item*>& items,
                          std::chrono::steady_clock::time_point deadline, jobs::JobQueue* queue) {
  const auto each_open = [&](auto&& step) {
    for (Item* item : items) {
      if (item->open()) guarded(*item, [&] { step(*item); });
    }
  };
  // A finished letter's job is completed at once (work_batch), not at the end of the batch:
  // a process that dies holds back only the jobs it has not finished.
  const auto settle = [&](Item& item) {
    if (queue == nullptr || !item.done || item.error || item.completed) return;
    try {
      item.completed = true;
      queue->complete(item.job);  // false (the lease ran out): nothing to undo, the letter is finished
    } catch (const std::exception&) {
      item.completed = false;  // tried again at the end of the batch
    }
  };
  const auto paper = [&](Item& item, const std::string& why) {
    paper_route(municipality, item.id(), item.letter->request, why);
    item.done = true;
    settle(item);
  };

  // Letters whose TransId is committed and that are not marked delivered yet.
  std::vector<Item*> unmarked;
  const auto mark_delivered = [&](tenancy::Context& ctx, const std::vector<Item*>& letters) {
    for (Item* item : letters) {
      if (item->error) continue;  // its worker "died" after the TransId (tests): marked when it runs again
      detail::mark_delivered(ctx, item->id(), item->mailbox->id, item->mailbox->name, item->trans_id);
      enqueue_case_registration(ctx, item->id(), item->letter->request);
      ctx.audit({"mailbox.delivered", "mailbox_message", item->id(), "operator " + item->mailbox->id});
    }
  };
  const auto marked = [&](std::vector<Item*>& letters) {
    for (Item* item : letters) {
      if (item->error) continue;
      item->done = true;
      settle(*item);
    }
    letters.clear();
  };

  // The letters, their delivery attempt records and the sender, in one read transaction.
  detail::Sender sender;
  try {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kRead);
    each_open([&](Item& item) {
      item.letter = detail::load_letter(ctx, keyring_, item.id());
      if (!item.letter) throw NotFound("no letter " + item.id() + " in the outbox");
      if (item.letter->state.status != LetterStatus::kQueued) {
        item.done = true;  // done before (a job run again)
        return;
      }
      item.attempt = detail::read_attempt(ctx, item.id());
      // The operator already accepted it (the job stopped before the letter was marked).
      if (item.attempt && item.attempt->state == "accepted") {
        item.mailbox =
            MailboxOperator{item.attempt->operator_id, item.attempt->operator_name, item.attempt->service_address};
        item.trans_id = item.attempt->trans_id;
        item.accepted = true;
        unmarked.push_back(&item);
      }
    });
    bool any_open = false;
    for (const Item* item : items) any_open = any_open || item->open();
    if (any_open) sender = detail::sender_of(ctx);
  } catch (...) {
    for (Item* item : items) {
      if (item->open()) item->error = std::current_exception();
    }
  }

  const auto configured = settings_.senders.find(municipality);
  if (configured == settings_.senders.end()) {
    each_open([&](Item& item) { paper(item, "the municipality does not send digital mail"); });
  }

  // Reachability: one question for the whole batch.
  std::vector<Item*> asked;
  std::vector<std::string> recipients;
  each_open([&](Item& item) {
    try {
      recipients.push_back(recipient_id(detail::to_delivery(item.letter->request, sender, item.id())));
      asked.push_back(&item);
    } catch (const Error& e) {
      paper(item, std::string("the recipient register refused the question: ") + e.what());
    }
  });
  if (asked.empty()) {
    // nothing to ask (all done, failed or accepted before)
  } else {
    Clients& clients = clients_for(municipality, configured->second);
    std::vector<std::optional<Reachability>> verdicts(asked.size());
    bool one_by_one = false;
    try {
      auto all = clients.reachability.check(sender.organisation_number, recipients);
      for (std::size_t i = 0; i < asked.size(); ++i) verdicts[i] = std::move(all.at(i));
    } catch (const Unavailable& e) {
      for (Item* item : asked) guarded(*item, [&] { transient(*item, e); });
    } catch (const Error& e) {
      if (asked.size() == 1) {
        guarded(*asked[0],
                [&] { paper(*asked[0], std::string("the recipient register refused the question: ") + e.what()); });
      } else {
        one_by_one = true;  // find the recipient it refused; the others go on
      }
    }
    for (std::size_t i = 0; one_by_one && i < asked.size(); ++i) {
      Item& item = *asked[i];
      guarded(item, [&] {
        try {
          verdicts[i] = clients.reachability.check_one(sender.organisation_number, recipients[i]);
        } catch (const Unavailable& e) {
          transient(item, e);
        } catch (const Error& e) {
          paper(item, std::string("the recipient register refused the question: ") + e.what());
        }
      });
    }
    for (std::size_t i = 0; i < asked.size(); ++i) {
      Item& item = *asked[i];
      if (!item.open() || !verdicts[i]) continue;
      guarded(item, [&] {
        if (!verdicts[i]->digital()) {
          paper(item, "no digital mailbox (" +
                          std::string(to_string(verdicts[i]->reason.value_or(UnreachableReason::kNotSecure))) + ")");
          return;
        }
        item.mailbox = verdicts[i]->mailbox;
      });
    }

    // The municipality's signing identity; a missing or broken key file is an operator's error
    // to fix (retried), not a reason to print the letter.
    std::optional<SigningIdentity> municipality_identity;
    try {
      municipality_identity.emplace(
          identities_.get(configured->second.signing_key_file, configured->second.signing_certificate_file));
    } catch (const Error& e) {
      const Unavailable why(std::string("the municipality's signing identity cannot be loaded: ") + e.what());
      each_open([&](Item& item) { transient(item, why); });
    }
    const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(clock_.now())};
    each_open([&](Item& item) {
      try {
        const std::string signed_xml = compose_signed_delivery(
            detail::to_delivery(item.letter->request, sender, item.id()), *municipality_identity);
        item.sealed = seal_delivery(signed_xml, Seal{today, true}, platform_);
      } catch (const InternalError& e) {
        finish_failed(municipality, item.id(), std::string("the letter could not be signed: ") + e.what());
        item.done = true;
      } catch (const Error& e) {
        paper(item, std::string("the letter could not be composed: ") + e.what());
      }
    });

    // Each letter: "sending" committed before the call, its TransId the moment the operator
    // answers. The transaction that commits a TransId also marks the letter before it delivered
    // and records the next one as sending, so a batch costs about one transaction per letter;
    // a letter is marked only after its TransId is committed (a crash in between is taken up
    // again from the record, never sent twice).
    std::vector<Item*> to_send;
    for (Item* item : items) {
      if (item->open()) to_send.push_back(item);
    }
    bool next_recorded = false;  // to_send[k]'s "sending" is committed already
    for (std::size_t k = 0; k < to_send.size(); ++k) {
      Item& item = *to_send[k];
      if (!next_recorded && std::chrono::steady_clock::now() > deadline) {
        item.left = true;
        continue;
      }
      Item* next = k + 1 < to_send.size() ? to_send[k + 1] : nullptr;
      guarded(item, [&] {
        if (!next_recorded) {
          tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
          mark_delivered(ctx, unmarked);
          detail::record_sending(ctx, item.id(), item.mailbox->id, item.mailbox->name, item.mailbox->service_address);
          ctx.commit();
          marked(unmarked);
        }
        next_recorded = false;
        stage("before-delivery");
        DeliveryResult result;
        try {
          result = clients.delivery.deliver_secure(item.mailbox->service_address, item.sealed);
        } catch (const Error& e) {
          if (is_transient(e)) {
            transient(item, e);
            return;
          }
          paper(item, std::string("the mailbox operator refused the letter: ") + e.what());
          return;
        }
        if (!result.all_delivered()) {
          paper(item, "the mailbox operator did not deliver the letter");
          return;
        }
        {
          tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
          detail::record_accepted(ctx, item.id(), result.trans_id);
          mark_delivered(ctx, unmarked);
          const bool record_next = next != nullptr && std::chrono::steady_clock::now() <= deadline;
          if (record_next) {
            detail::record_sending(ctx, next->id(), next->mailbox->id, next->mailbox->name,
                                   next->mailbox->service_address);
          }
          ctx.commit();
          marked(unmarked);
          next_recorded = record_next;
        }
        item.trans_id = result.trans_id;
        item.accepted = true;
        unmarked.push_back(&item);
        stage("after-delivery");
      });
    }
  }

  // The letters accepted last (and any whose marking failed above), in one transaction. Should
  // it fail, their jobs run again and find the TransIds recorded.
  if (unmarked.empty()) return;
  try {
    tenancy::Context ctx(db_, worker_principal(), municipality, clock_, &audit_, Intent::kWrite);
    mark_delivered(ctx, unmarked);
    ctx.commit();
    marked(unmarked);
  } catch (...) {
    for (Item* item : unmarked) {
      if (!item->error) item->error = std::current_exception();
    }
  }
}

void OutboxDelivery::handle(const jobs::Job& job) {
  Item item(job);
  work(job.municipality, {&item}, std::chrono::steady_clock::time_point::max(), nullptr);
  if (item.error) std::rethrow_exception(item.error);
}

std::size_t OutboxDelivery::work_batch(jobs::JobQueue& queue, const std::string& worker, std::size_t limit,
                                       log::Logger* logger) {
  const auto claimed_at = std::chrono::steady_clock::now();
  const auto jobs = queue.claim(kDeliveryQueue, worker, std::clamp<std::size_t>(limit, 1, 1000));
  if (jobs.empty()) return 0;

  // No delivery starts later than this: each may take two calls of the longest timeout, and
  // the lease (delivery_lease) must not run out while the last one is under way.
  std::chrono::milliseconds longest{0};
  for (const auto& [code, sender] : settings_.senders) longest = std::max(longest, sender.tls.io_timeout);
  const auto deadline = claimed_at + std::chrono::duration_cast<std::chrono::steady_clock::duration>(4 * longest);

  std::vector<Item> items;
  items.reserve(jobs.size());
  for (const auto& job : jobs) items.emplace_back(job);
  std::map<ids::Kommunkod, std::vector<Item*>> by_municipality;
  for (auto& item : items) by_municipality[item.job.municipality].push_back(&item);
  for (const auto& [municipality, group] : by_municipality) work(municipality, group, deadline, &queue);

  for (const Item& item : items) {
    if (item.completed) continue;
    const auto log = [&](std::string_view message, std::string_view error) {
      if (logger == nullptr) return;
      logger->warning(message, {{"queue", std::string_view(item.job.queue)},
                                {"job", static_cast<long long>(item.job.id)},
                                {"municipality", item.job.municipality.str()},
                                {"attempt", static_cast<long long>(item.job.attempts)},
                                {"error", error}});
    };
    bool kept = true;
    try {
      // Not started: back to the queue after the first backoff rather than after the lease.
      if (item.left) throw Unavailable("not started: the batch's time ran short (slow operator or register)");
      if (item.error) std::rethrow_exception(item.error);
      kept = queue.complete(item.job);
    } catch (const Error& error) {
      if (jobs::is_permanent(error)) {
        log("job failed", error.what());
        kept = queue.fail(item.job, error.what());
      } else {
        log("job will be retried", error.what());
        kept = queue.retry(item.job, error.what());
      }
    } catch (const std::exception& error) {
      log("job will be retried", error.what());
      kept = queue.retry(item.job, error.what());
    }
    if (!kept) log("the job's lease ran out and another worker took it over", "");
  }
  return jobs.size();
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
                           log::Logger* logger, const jobs::WorkerOptions& options)
    : queue_(db, clock, jobs::QueueOptions{.lease = delivery_lease(settings)}),
      delivery_(db, keyring, audit, registry, std::move(settings), clock),
      options_(options),
      logger_(logger),
      registrar_(queue_, std::string(kCaseRegistrationQueue), delivery_.case_registration_handler(),
                 one_at_a_time(options), logger) {
  options_.batch = std::clamp<std::size_t>(std::max(options_.batch, kDeliveryBatch), 1, 1000);
  if (options_.name.empty()) {
    static std::atomic<int> counter{0};
    options_.name = "mailbox-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  }
}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  registrar_.start();
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void OutboxWorker::stop() {
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
  registrar_.stop();
}

void OutboxWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

void OutboxWorker::loop() {
  while (!stopping_) {
    std::size_t ran = 0;
    try {
      ran = delivery_.work_batch(queue_, options_.name, options_.batch, logger_);
    } catch (const std::exception& error) {
      // The database is away: wait and poll again.
      if (logger_ != nullptr) {
        logger_->error("mail worker cannot claim", {{"queue", kDeliveryQueue}, {"error", error.what()}});
      }
    }
    if (ran > 0) continue;
    std::unique_lock lock(mutex_);
    wakeup_.wait_for(lock, options_.idle_wait, [this] { return woken_ || stopping_.load(); });
    woken_ = false;
  }
}

}  // namespace samverkan::mailbox

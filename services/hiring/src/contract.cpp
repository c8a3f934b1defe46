// The employment contract: drawn up, registered, sent (ContractJobs), and signed on the hosted
// page (ContractSigning). Tables in migrations/4001_hiring_employee.sql.
#include "samverkan/hiring/contract.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include "detail/contract_store.hpp"
#include "detail/hiring.hpp"
#include "samverkan/adapters/case_system.hpp"
#include "samverkan/auth/citizen_login.hpp"
#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/http/page.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/pdf/document.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::hiring {
namespace {

using storage::row_optional_text;
using storage::row_text;
using storage::row_time;
using storage::sql_guard;

std::string employment_type_text(const std::string& type) {
  if (type == "permanent") return "Tillsvidareanställning";
  if (type == "fixed-term") return "Visstidsanställning";
  if (type == "hourly") return "Timavlönad anställning";
  return type;
}

// The template's {{placeholders}} filled in as plain text (the PDF is not HTML: no escaping).
std::string fill(const std::string& text, const http::mustache::data& facts) {
  http::mustache::mustache tmpl(text);
  if (!tmpl.is_valid()) throw InvalidInput("the contract template is malformed: " + tmpl.error_message());
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(facts);
}

// "YYYYMMDD-NNNN": the 12-digit form, which reads the same whatever the reference date.
std::string person_number_text(const std::string& digits) {
  return digits.size() == 12 ? digits.substr(0, 8) + "-" + digits.substr(8) : digits;
}

std::string contract_key(const ids::Kommunkod& municipality, const std::string& hire_id, std::string_view step) {
  return "hire-" + municipality.str() + "-" + hire_id + "-" + std::string(step);
}

const config::HiringSettings& settings_of(const config::Cooperation& cooperation, const ids::Kommunkod& m) {
  const config::Municipality* member = cooperation.find(m);
  if (member == nullptr || !member->hiring) throw NotFound("the municipality does not run hiring");
  return *member->hiring;
}

std::string display_name(const Hire& hire) { return hire.given_name + " " + hire.family_name; }

}  // namespace

std::string draw_contract(const config::Municipality& member, const Hire& hire) {
  if (!member.hiring) throw NotFound("the municipality does not run hiring");
  const config::ContractTemplate& t = member.hiring->contract;
  const std::string unit = hire.unit_name.empty() ? hire.unit : hire.unit_name;
  http::mustache::data facts{http::mustache::data::type::object};
  facts.set("givenName", hire.given_name);
  facts.set("familyName", hire.family_name);
  facts.set("personnummer", person_number_text(hire.personnummer));
  facts.set("employmentId", hire.id);
  facts.set("title", hire.title);
  facts.set("unit", unit);
  facts.set("workplace", hire.workplace);
  facts.set("employmentType", employment_type_text(hire.employment_type));
  facts.set("startDate", hire.start_date);
  facts.set("endDate", hire.end_date);
  facts.set("employmentRate", std::to_string(hire.employment_rate));
  facts.set("monthlySalary", std::to_string(hire.monthly_salary));
  facts.set("manager", hire.manager_name);
  facts.set("municipality", member.name);

  pdf::Document doc({.title = t.title + " " + hire.id, .author = member.name, .footer = t.title + " " + hire.id});
  doc.heading(t.title, 1);
  doc.field("Arbetsgivare", member.name);
  doc.field("Arbetstagare", display_name(hire));
  doc.field("Personnummer", person_number_text(hire.personnummer));
  doc.field("Anställningsnummer", hire.id);
  doc.field("Befattning", hire.title);
  doc.field("Enhet", unit);
  if (!hire.workplace.empty()) doc.field("Arbetsplats", hire.workplace);
  doc.field("Anställningsform", employment_type_text(hire.employment_type));
  doc.field("Tillträdesdag", hire.start_date);
  if (!hire.end_date.empty()) doc.field("Anställningen upphör", hire.end_date);
  doc.field("Sysselsättningsgrad", std::to_string(hire.employment_rate) + " %");
  if (hire.monthly_salary > 0) doc.field("Månadslön", std::to_string(hire.monthly_salary) + " kronor");
  if (!hire.manager_name.empty()) doc.field("Närmaste chef", hire.manager_name);
  doc.space(12);
  for (const auto& clause : t.clauses) {
    if (!clause.heading.empty()) doc.heading(clause.heading, 2);
    doc.paragraph(fill(clause.text, facts));
  }
  if (!hire.other_terms.empty()) {
    doc.heading("Övriga villkor", 2);
    doc.paragraph(hire.other_terms);
  }
  doc.space(12);
  doc.note(
      "Arbetstagaren skriver under avtalet med BankID. Underskriften gäller avtalets kontrollsumma "
      "(SHA-256), som visas i BankID-appen och på sidan för underskrift.");
  return doc.finish();
}

std::string signing_path(const ids::Kommunkod& municipality, std::string_view token) {
  return "/anstallning/" + municipality.str() + "/avtal/" + std::string(token);
}

// --- ContractJobs ------------------------------------------------------------------------------

ContractJobs::ContractJobs(storage::Database& db, const config::Cooperation& cooperation,
                           const crypto::Keyring& keyring, audit::AuditLog& audit_log,
                           const adapters::Registry& adapters, mail::LetterSender* letters, const Clock& clock)
    : db_(db),
      cooperation_(cooperation),
      keyring_(keyring),
      audit_log_(audit_log),
      adapters_(adapters),
      letters_(letters),
      clock_(clock) {}

security::Principal ContractJobs::principal(const ids::Kommunkod& municipality) {
  return security::Principal::api_client("hiring.contract", municipality,
                                         {"hiring:read", "hiring:write", "mailbox:send"});
}

template <typename Body>
void ContractJobs::record(const ids::Kommunkod& municipality, Body&& body) {
  tenancy::Context ctx(db_, principal(municipality), municipality, clock_, &audit_log_);
  body(ctx);
  ctx.commit();
}

void ContractJobs::run(const jobs::Job& job) {
  Poco::JSON::Object::Ptr payload;
  try {
    payload = Poco::JSON::Parser().parse(job.payload).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    throw InternalError("malformed hiring contract job payload");
  }
  if (payload.isNull() || !payload->has("hire")) throw InternalError("a contract job without its hire");
  const std::string hire_id = payload->getValue<std::string>("hire");
  const auto& m = job.municipality;
  if (payload->optValue<bool>("evidence", false)) {
    register_evidence(m, hire_id);
    return;
  }
  // Each step moves the state on in its own transaction; a crash resumes at the next one.
  for (;;) {
    std::optional<ContractState> state;
    record(m, [&](tenancy::Context& ctx) { state = detail::contract_state(ctx, hire_id); });
    if (!state) return;  // the hire is gone (a test database reset): nothing to do
    switch (*state) {
      case ContractState::kNone:
        draw_up(m, hire_id);
        break;
      case ContractState::kDrawnUp:
        register_contract(m, hire_id);
        break;
      case ContractState::kRegistered:
        send(m, hire_id);
        break;
      case ContractState::kSent:
      case ContractState::kSigned:
      case ContractState::kFailed:
        return;
    }
  }
}

void ContractJobs::draw_up(const ids::Kommunkod& m, const std::string& hire_id) {
  const config::Municipality* member = cooperation_.find(m);
  if (member == nullptr || !member->hiring) throw Unavailable("the municipality no longer runs hiring");
  record(m, [&](tenancy::Context& ctx) {
    Hire hire = detail::read_hire_for_contract(ctx, keyring_, *member->hiring, hire_id);
    ctx.audit({"hire.read", "hire", hire_id, "contract"});
    const std::string pdf = draw_contract(*member, hire);
    if (!detail::store_contract(ctx, keyring_, hire_id, pdf, crypto::random_hex(32))) return;  // drawn meanwhile
    ctx.audit({"hire.contract-drawn-up", "hire", hire_id, crypto::sha256_hex(pdf)});
  });
}

struct ContractJobs::Loaded {
  const config::Municipality* member = nullptr;
  Hire hire;
  std::optional<detail::StoredContract> contract;
};

ContractJobs::Loaded ContractJobs::load(const ids::Kommunkod& m, const std::string& hire_id, const char* why) {
  Loaded out;
  out.member = cooperation_.find(m);
  if (out.member == nullptr || !out.member->hiring) throw Unavailable("the municipality no longer runs hiring");
  record(m, [&](tenancy::Context& ctx) {
    out.hire = detail::read_hire_for_contract(ctx, keyring_, *out.member->hiring, hire_id);
    out.contract = detail::read_contract(ctx, keyring_, hire_id);
    ctx.audit({"hire.read", "hire", hire_id, why});
  });
  return out;
}

void ContractJobs::register_contract(const ids::Kommunkod& m, const std::string& hire_id) {
  const Loaded loaded = load(m, hire_id, "contract registration");
  const config::Municipality* member = loaded.member;
  const config::ContractTemplate& t = member->hiring->contract;
  const Hire* hire = &loaded.hire;
  const auto& contract = loaded.contract;
  if (!contract) throw InternalError("a contract drawn up without its row");
  adapters::IncomingDocument document{adapters::IdempotencyKey::parse(contract_key(m, hire_id, "contract"))};
  document.board = t.board;
  document.title = t.title + " " + hire_id + ", " + hire->title + ", " + hire->unit_name;
  if (document.title.size() > 250) document.title.resize(250);
  document.sender = member->name;
  document.received = calendar::swedish_date(clock_.now());
  document.secret = hire->protected_identity;
  if (document.secret) document.secrecy_reference = t.secrecy_reference;
  document.case_type = t.case_type;
  document.files.push_back({"anstallningsavtal-" + hire_id + ".pdf", "application/pdf", contract->pdf});
  adapters::CaseRegistration registration;
  try {
    registration = adapters_.case_system(m).register_document(document);
  } catch (const Unavailable&) {
    throw;  // retried with backoff
  } catch (const Error& e) {
    fail(m, hire_id, std::string("the diary refused the contract: ") + e.what());
    return;
  }
  record(m, [&](tenancy::Context& ctx) {
    if (!detail::contract_registered(ctx, hire_id, registration.case_number, registration.registration_number)) return;
    ctx.audit({"hire.contract-registered", "hire", hire_id, registration.registration_number});
  });
}

void ContractJobs::send(const ids::Kommunkod& m, const std::string& hire_id) {
  if (letters_ == nullptr) throw Unavailable("no letter sender is configured; the contract waits");
  if (pages_url_.empty()) throw Unavailable("the platform's public address is not known; the contract waits");
  const config::Municipality* member = cooperation_.find(m);
  if (member == nullptr || !member->hiring) throw Unavailable("the municipality no longer runs hiring");
  const config::ContractTemplate& t = member->hiring->contract;
  try {
    record(m, [&](tenancy::Context& ctx) {
      const Hire hire = detail::read_hire_for_contract(ctx, keyring_, *member->hiring, hire_id);
      const auto contract = detail::read_contract(ctx, keyring_, hire_id);
      if (!contract) throw InternalError("a contract registered without its row");
      ctx.audit({"hire.read", "hire", hire_id, "contract letter"});
      mail::Letter letter;
      letter.client_request_id = contract_key(m, hire_id, "contract");
      letter.recipient = hire.personnummer;
      letter.protected_identity = hire.protected_identity;
      letter.subject = t.title + " från " + member->name;
      letter.body = "Hej " + hire.given_name + "!\n\nHär är ditt anställningsavtal från " + member->name +
                    " (anställning " + hire_id + ", " + hire.title + " från och med " + hire.start_date +
                    "). Avtalet finns i den bifogade filen.\n\nSkriv under avtalet med BankID på sidan\n" + pages_url_ +
                    signing_path(m, contract->token) + "\n\nAvtalets kontrollsumma (SHA-256) är\n" + contract->sha256 +
                    "\nDen visas också i BankID-appen när du skriver under.\n";
      letter.attachments.push_back({"anstallningsavtal-" + hire_id + ".pdf", contract->pdf});
      letter.support_text = t.support_text.empty() ? "Frågor om avtalet: " + member->name : t.support_text;
      if (!t.support_email.empty()) letter.support_email = t.support_email;
      if (!t.support_phone.empty()) letter.support_phone = t.support_phone;
      if (!contract->case_number.empty()) letter.case_number = contract->case_number;
      if (!hire.protected_identity && !hire.street.empty()) {
        letter.postal_address = adapters::PostalAddress{.name = display_name(hire),
                                                        .street_lines = {hire.street},
                                                        .postal_code = hire.postal_code,
                                                        .city = hire.city};
      }
      const mail::LetterState state = letters_->send(ctx, letter);
      if (!detail::contract_sent(ctx, hire_id, state.id)) return;
      ctx.audit({"hire.contract-sent", "hire", hire_id, "letter " + state.id});
    });
  } catch (const Unavailable&) {
    throw;
  } catch (const InternalError&) {
    throw;
  } catch (const Error& e) {
    fail(m, hire_id, std::string("the letter was refused: ") + e.what());
  }
}

void ContractJobs::register_evidence(const ids::Kommunkod& m, const std::string& hire_id) {
  const Loaded loaded = load(m, hire_id, "signature registration");
  const config::ContractTemplate& t = loaded.member->hiring->contract;
  const Hire* hire = &loaded.hire;
  const auto& contract = loaded.contract;
  if (!contract || contract->evidence.empty() || !contract->evidence_registration.empty()) return;
  if (contract->case_number.empty()) throw Unavailable("the contract is not registered yet");
  adapters::IncomingDocument document{adapters::IdempotencyKey::parse(contract_key(m, hire_id, "signature"))};
  document.board = t.board;
  document.title = "Underskrift med BankID av " + t.title + " " + hire_id;
  document.sender = hire->protected_identity ? std::string("Arbetstagaren") : display_name(*hire);
  document.received = calendar::swedish_date(hire->contract.signed_at.value_or(clock_.now()));
  document.existing_case = contract->case_number;
  document.secret = hire->protected_identity;
  if (document.secret) document.secrecy_reference = t.secrecy_reference;
  // Plain text (JSON), which every diary takes; the BankID signature inside is base64 as sent.
  document.files.push_back({"underskrift-" + hire_id + ".txt", "text/plain", contract->evidence});
  adapters::CaseRegistration registration;
  try {
    registration = adapters_.case_system(m).register_document(document);
  } catch (const Unavailable&) {
    throw;
  } catch (const Error& e) {
    record(m, [&](tenancy::Context& ctx) { ctx.audit({"hire.contract-evidence-refused", "hire", hire_id, e.what()}); });
    throw;  // kept in the job's failure as well
  }
  record(m, [&](tenancy::Context& ctx) {
    detail::evidence_registered(ctx, hire_id, registration.registration_number);
    ctx.audit({"hire.contract-evidence-registered", "hire", hire_id, registration.registration_number});
  });
}

void ContractJobs::fail(const ids::Kommunkod& m, const std::string& hire_id, const std::string& reason) {
  record(m, [&](tenancy::Context& ctx) {
    detail::contract_failed(ctx, hire_id, reason);
    ctx.audit({"hire.contract-failed", "hire", hire_id, reason});
  });
}

// --- ContractSigning ---------------------------------------------------------------------------

namespace detail {

std::pair<SignProgress, std::optional<bankid::CompletionData>> collect_once(tenancy::Context& ctx,
                                                                            bankid::Client& bankid,
                                                                            const BankIdOrder& order,
                                                                            std::string_view id) {
  const bankid::CollectResult result = bankid.collect(order.order_ref);
  SignProgress progress;
  progress.hint_code = result.hint_code_text;
  progress.message = std::string(auth::user_message(result.status, bankid::parse_hint_code(result.hint_code_text)));
  if (result.status == bankid::CollectStatus::kPending) {
    progress.state = SignState::kPending;
    progress.auto_start_token = order.auto_start_token;
    progress.qr =
        bankid::AnimatedQr(order.qr_start_token, order.qr_start_secret, order.started_at, ctx.clock()).content();
    return {progress, std::nullopt};
  }
  delete_bankid_order(ctx, id);
  progress.state = result.status == bankid::CollectStatus::kFailed ? SignState::kFailed : SignState::kComplete;
  return {progress, result.completion_data};
}

}  // namespace detail

ContractView ContractSigning::view(tenancy::Context& ctx, std::string_view token) {
  const auto found = detail::contract_by_token(ctx, token);
  if (!found) throw NotFound("no contract has this link");
  const config::Municipality* member = cooperation_.find(ctx.municipality());
  ContractView out;
  out.hire_id = found->hire_id;
  out.member_name = member != nullptr ? member->name : ctx.municipality().str();
  out.title = member != nullptr && member->hiring ? member->hiring->contract.title : "Anställningsavtal";
  out.position = found->position;
  out.sha256 = found->sha256;
  out.state = found->state;
  out.signed_at = found->signed_at;
  return out;
}

SignStarted ContractSigning::start(tenancy::Context& ctx, std::string_view token, std::string_view end_user_ip) {
  if (bankid_ == nullptr) throw Unavailable("BankID is not configured on this platform");
  const auto found = detail::contract_by_token(ctx, token);
  if (!found) throw NotFound("no contract has this link");
  if (found->state == ContractState::kSigned) throw Conflict("the contract is signed already");
  if (found->state != ContractState::kSent) throw Conflict("the contract is not ready to be signed yet");
  const auto& settings = settings_of(cooperation_, ctx.municipality());
  const Hire hire = detail::read_hire_for_contract(ctx, keyring_, settings, found->hire_id);
  ctx.audit({"hire.read", "hire", found->hire_id, "signing page"});
  const config::Municipality* member = cooperation_.find(ctx.municipality());
  bankid::SignRequest request;
  request.end_user_ip = std::string(end_user_ip);
  request.user_visible_data = "Jag skriver under mitt " + settings.contract.title + " med " + member->name +
                              " (anställning " + hire.id + ", " + hire.title + " från och med " + hire.start_date +
                              ").\nAvtalets kontrollsumma SHA-256: " + found->sha256;
  request.user_non_visible_data = found->sha256;
  request.requirement.personal_number = ids::Personnummer::parse_any(hire.personnummer);
  const bankid::Order order = bankid_->sign(request);
  SignStarted out = detail::record_bankid_order(ctx, keyring_, found->hire_id, "sign", order, found->sha256);
  ctx.audit({"hire.contract-sign-start", "hire", found->hire_id});
  return out;
}

SignProgress ContractSigning::poll(tenancy::Context& ctx, std::string_view token, std::string_view signing_id) {
  if (bankid_ == nullptr) throw Unavailable("BankID is not configured on this platform");
  const auto found = detail::contract_by_token(ctx, token);
  if (!found) throw NotFound("no contract has this link");
  const auto order = detail::read_bankid_order(ctx, keyring_, signing_id, found->hire_id, "sign");
  if (!order) throw NotFound("no such signing");
  auto [progress, completed] = detail::collect_once(ctx, *bankid_, *order, signing_id);
  if (progress.state == SignState::kPending) return progress;
  if (progress.state == SignState::kFailed) {
    ctx.audit({"hire.contract-sign-failed", "hire", found->hire_id, progress.hint_code});
    return progress;
  }
  const auto& completion = *completed;
  const auto& settings = settings_of(cooperation_, ctx.municipality());
  const Hire hire = detail::read_hire_for_contract(ctx, keyring_, settings, found->hire_id);
  if (completion.user.personal_number.digits() != hire.personnummer) {
    ctx.audit({"hire.contract-sign-refused", "hire", found->hire_id, "another person signed"});
    ctx.commit();  // keep the refusal: the order row is gone and the audit entry says why
    throw Forbidden("the person who signed with BankID is not the employee of this contract");
  }
  if (order->digest != found->sha256) {
    ctx.audit({"hire.contract-sign-refused", "hire", found->hire_id, "the contract changed"});
    ctx.commit();
    throw Conflict("the contract changed after the signature was started: sign again");
  }
  Poco::JSON::Object evidence;
  evidence.set("contract", found->hire_id);
  evidence.set("sha256", found->sha256);
  evidence.set("signedAt", storage::format_time(ctx.now()));
  evidence.set("orderRef", order->order_ref);
  evidence.set("personalNumber", completion.user.personal_number.digits());
  evidence.set("name", completion.user.name);
  evidence.set("deviceIpAddress", completion.device.ip_address);
  evidence.set("bankIdIssueDate", completion.bank_id_issue_date);
  evidence.set("signature", completion.signature);
  evidence.set("ocspResponse", completion.ocsp_response);
  if (!detail::contract_signed(ctx, keyring_, found->hire_id, http::to_json(evidence))) {
    throw Conflict("the contract is signed already");
  }
  jobs::JobQueue queue(ctx.database(), ctx.clock());
  queue.enqueue(ctx, {.queue = std::string(detail::kContractQueue),
                      .idempotency_key = contract_key(ctx.municipality(), found->hire_id, "signature"),
                      .payload = R"({"hire":")" + found->hire_id + R"(","evidence":true})",
                      .max_attempts = 30});
  ctx.audit({"hire.contract-signed", "hire", found->hire_id, found->sha256});
  progress.state = SignState::kComplete;
  return progress;
}

void ContractSigning::cancel(tenancy::Context& ctx, std::string_view token, std::string_view signing_id) {
  const auto found = detail::contract_by_token(ctx, token);
  if (!found) throw NotFound("no contract has this link");
  const auto order = detail::read_bankid_order(ctx, keyring_, signing_id, found->hire_id, "sign");
  if (!order) return;
  detail::delete_bankid_order(ctx, signing_id);
  if (bankid_ != nullptr) {
    try {
      bankid_->cancel(order->order_ref);
    } catch (const Error&) {
      // BankID forgets orders by itself; the row is gone, which is what the page needs
    }
  }
  ctx.audit({"hire.contract-sign-cancelled", "hire", found->hire_id});
}

}  // namespace samverkan::hiring

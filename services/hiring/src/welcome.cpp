// Before day one (welcome.hpp): the employee's BankID login from the invitation's one-time
// link, the overview, and the activation of the account.
#include "samverkan/hiring/welcome.hpp"

#include "detail/contract_store.hpp"
#include "detail/hiring.hpp"
#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/ids/personnummer.hpp"

namespace samverkan::hiring {
namespace {

// How long the overview's activation code holds.
constexpr auto kActivationWindow = std::chrono::minutes(30);

const config::Municipality& member_of(const config::Cooperation& cooperation, const ids::Kommunkod& m) {
  const config::Municipality* member = cooperation.find(m);
  if (member == nullptr || !member->hiring) throw NotFound("the municipality does not run hiring");
  return *member;
}

}  // namespace

std::string welcome_path(const ids::Kommunkod& municipality, std::string_view token) {
  return "/anstallning/" + municipality.str() + "/start/" + std::string(token);
}

WelcomeView EmployeeWelcome::view(tenancy::Context& ctx, std::string_view token) {
  const auto invitation = detail::invitation_by_token(ctx, token);
  if (!invitation) throw NotFound("no invitation has this link");
  return {member_of(cooperation_, ctx.municipality()).name, invitation->used, invitation->activated};
}

SignStarted EmployeeWelcome::start_login(tenancy::Context& ctx, std::string_view token, std::string_view end_user_ip) {
  if (bankid_ == nullptr) throw Unavailable("BankID is not configured on this platform");
  const auto invitation = detail::invitation_by_token(ctx, token);
  if (!invitation) throw NotFound("no invitation has this link");
  if (invitation->used) throw Conflict("the link has been used already");
  const auto& member = member_of(cooperation_, ctx.municipality());
  const Hire hire = detail::read_hire_for_contract(ctx, keyring_, *member.hiring, invitation->hire_id);
  ctx.audit({"hire.read", "hire", invitation->hire_id, "welcome login"});
  bankid::AuthRequest request;
  request.end_user_ip = std::string(end_user_ip);
  request.user_visible_data = "Logga in för att se vad som är förberett inför din första dag hos " + member.name + ".";
  request.requirement.personal_number = ids::Personnummer::parse_any(hire.personnummer);
  const bankid::Order order = bankid_->auth(request);
  // A login signs nothing: no digest.
  SignStarted out =
      detail::record_bankid_order(ctx, keyring_, invitation->hire_id, "login", order, std::string(64, '0'));
  ctx.audit({"hire.welcome-login-start", "hire", invitation->hire_id});
  return out;
}

WelcomeProgress EmployeeWelcome::poll_login(tenancy::Context& ctx, std::string_view token, std::string_view login_id) {
  if (bankid_ == nullptr) throw Unavailable("BankID is not configured on this platform");
  const auto invitation = detail::invitation_by_token(ctx, token);
  if (!invitation) throw NotFound("no invitation has this link");
  const auto order = detail::read_bankid_order(ctx, keyring_, login_id, invitation->hire_id, "login");
  if (!order) throw NotFound("no such login");
  WelcomeProgress out;
  auto [progress, completed] = detail::collect_once(ctx, *bankid_, *order, login_id);
  out.login = progress;
  if (progress.state == SignState::kPending) return out;
  if (progress.state == SignState::kFailed) {
    ctx.audit({"hire.welcome-login-failed", "hire", invitation->hire_id, progress.hint_code});
    return out;
  }
  const auto& member = member_of(cooperation_, ctx.municipality());
  const Hire hire = detail::read_hire_for_contract(ctx, keyring_, *member.hiring, invitation->hire_id);
  if (completed->user.personal_number.digits() != hire.personnummer) {
    ctx.audit({"hire.welcome-login-refused", "hire", invitation->hire_id, "another person logged in"});
    ctx.commit();
    throw Forbidden("the person who logged in with BankID is not the new employee of this invitation");
  }
  const std::string code = crypto::random_hex(16);
  if (!detail::use_invitation(ctx, invitation->hire_id, crypto::sha256_hex(code), ctx.now() + kActivationWindow)) {
    throw Conflict("the link has been used already");
  }
  ctx.audit({"hire.welcome-login", "hire", invitation->hire_id});
  out.overview = overview(ctx, invitation->hire_id);
  out.overview->activation_code = out.overview->activated ? std::string() : code;
  return out;
}

WelcomeOverview EmployeeWelcome::activate(tenancy::Context& ctx, std::string_view token, std::string_view code) {
  const auto invitation = detail::invitation_by_token(ctx, token);
  if (!invitation) throw NotFound("no invitation has this link");
  if (invitation->activated) throw Conflict("the account is activated already");
  const bool valid = invitation->used && !invitation->activation_hash.empty() && invitation->activation_expires &&
                     ctx.now() < *invitation->activation_expires &&
                     crypto::sha256_hex(code) == invitation->activation_hash;
  if (!valid) {
    ctx.audit({"hire.welcome-activate-refused", "hire", invitation->hire_id});
    ctx.commit();
    throw Forbidden("the activation code is wrong or has expired: log in again through your invitation's link");
  }
  if (!detail::invitation_activated(ctx, invitation->hire_id)) throw Conflict("the account is activated already");
  const auto& member = member_of(cooperation_, ctx.municipality());
  const Hire hire = detail::read_hire_for_contract(ctx, keyring_, *member.hiring, invitation->hire_id);
  detail::add_orders(ctx, hire.id, detail::plan_activation_orders(hire, ctx.now()));
  ctx.audit({"hire.account-activated", "hire", hire.id, hire.account});
  return overview(ctx, hire.id);
}

WelcomeOverview EmployeeWelcome::overview(tenancy::Context& ctx, const std::string& hire_id) {
  const auto& member = member_of(cooperation_, ctx.municipality());
  const Hire hire = detail::read_hire_for_contract(ctx, keyring_, *member.hiring, hire_id);
  ctx.audit({"hire.read", "hire", hire_id, "welcome overview"});
  WelcomeOverview out;
  out.hire_id = hire.id;
  out.member_name = member.name;
  out.given_name = hire.given_name;
  out.family_name = hire.family_name;
  out.title = hire.title;
  out.unit_name = hire.unit_name;
  out.workplace = hire.workplace;
  out.start_date = hire.start_date;
  out.manager_name = hire.manager_name;
  out.account = hire.account;
  out.intranet_url = member.hiring->intranet_url;
  out.contract = hire.contract.state;
  for (auto& order : detail::read_orders(ctx, hire_id)) {
    if (order.purpose == "hire" || order.purpose == "activation") out.orders.push_back(std::move(order));
  }
  const auto invitation = detail::invitation_by_token(ctx, detail::invitation_token(ctx, keyring_, hire_id));
  out.activated = invitation && invitation->activated;
  return out;
}

}  // namespace samverkan::hiring

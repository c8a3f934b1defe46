#include "samverkan/casehandling/minutes_signing.hpp"

#include "detail/sql_util.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/ids/personnummer.hpp"

namespace samverkan::casehandling {
namespace {

using detail::row_text;
using detail::sql_guard;
using security::Permission;

constexpr std::string_view kIndexPurpose = "board_member.personnummer";

/// Length-prefixed, so no two different paragraph lists give the same bytes.
void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

/// The principal's signer entry in the minutes; Forbidden when they are not a signer.
const Signer& signer_of(const tenancy::Context& ctx, const MinutesInfo& info) {
  for (const auto& s : info.signers) {
    if (ctx.principal().id() == "staff:" + s.user_id) return s;
  }
  throw Forbidden("only the chair and the appointed adjusters sign these minutes");
}

}  // namespace

void MinutesSigning::bind_personnummer(tenancy::Context& ctx, long long member_id, std::string_view personnummer) {
  ctx.require(Permission::kMeetingManage, {"board-member.bind", "board-member", std::to_string(member_id)});
  const auto number = ids::Personnummer::parse_any(personnummer, calendar::swedish_date(ctx.now()));
  const std::string index = keyring_.blind_index(kIndexPurpose, number.digits());
  const bool found = sql_guard("binding a personnummer", [&] {
    bool changed = false;
    for (const auto& row : ctx.sql().rows(
             "UPDATE board_member SET personnummer_index = :index WHERE {{tenant}} AND id = :id RETURNING id",
             soci::use(index, "index"), soci::use(member_id, "id"))) {
      (void)row;
      changed = true;
    }
    return changed;
  });
  if (!found) throw NotFound("no such board member");
  ctx.audit({"board-member.bind", "board-member", std::to_string(member_id)});
}

std::string MinutesSigning::digest(const std::vector<Paragraph>& paragraphs) {
  std::string bytes;
  for (const auto& p : paragraphs) {
    append_field(bytes, p.prefix + " " + std::to_string(p.year) + " §" + std::to_string(p.number));
    append_field(bytes, p.case_number ? p.case_number->str() : "");
    for (const auto* text : {&p.heading, &p.secrecy_reference, &p.proposal, &p.procedure, &p.decision,
                             &p.vote_yes_means, &p.vote_no_means}) {
      append_field(bytes, *text);
    }
    for (const auto& e : p.entries) append_field(bytes, e.kind + "|" + e.user_id + "|" + e.text);
    for (const auto& r : p.recused) append_field(bytes, "jäv|" + r);
    for (const auto& [user, vote] : p.votes) append_field(bytes, "vote|" + user + "|" + std::string(to_string(vote)));
  }
  return crypto::sha256_hex(bytes);
}

bankid::Order MinutesSigning::start(tenancy::Context& ctx, long long minutes_id, std::string_view end_user_ip) {
  ctx.require(Permission::kMinutesSign, {"minutes.sign-start", "minutes", std::to_string(minutes_id)});
  if (bankid_ == nullptr) throw Unavailable("BankID is not configured on this platform");
  const MinutesInfo info = meetings_.minutes(ctx, minutes_id);
  if (info.status != MinutesStatus::kDraft) throw Conflict("the minutes are adjusted already");
  const Signer& me = signer_of(ctx, info);
  if (me.signed_at) throw Conflict("you have signed these minutes already");
  const Meeting meeting = meetings_.meeting(ctx, info.meeting_id);
  const std::string index = sql_guard("reading a board member", [&] {
    std::string found;
    for (const auto& row : ctx.sql().rows(
             "SELECT personnummer_index FROM board_member WHERE {{tenant}} AND prefix = :prefix AND user_id = :user "
             "AND valid_from <= :day AND (valid_to IS NULL OR valid_to >= :day)",
             soci::use(meeting.prefix, "prefix"), soci::use(me.user_id, "user"), soci::use(meeting.date, "day"))) {
      found = row_text(row, 0);
    }
    return found;
  });
  if (index.empty()) throw InvalidInput("no personnummer is recorded for " + me.user_id + ": BankID cannot check them");
  const auto paragraphs = meetings_.paragraphs(ctx, minutes_id);
  const std::string hash = digest(paragraphs);
  std::string text = "Justering av protokoll från sammanträde " + meeting.date + " (" + meeting.prefix + "), ";
  text += paragraphs.empty()
              ? std::string("inga paragrafer")
              : "§ " + std::to_string(paragraphs.front().number) + "–" + std::to_string(paragraphs.back().number);
  text += ". Jag justerar protokollet som " + std::string(me.role == "chair" ? "ordförande" : "justerare") +
          ". Kontrollsumma SHA-256 " + hash + ".";
  bankid::SignRequest request;
  request.end_user_ip = std::string(end_user_ip);
  request.user_visible_data = text;
  request.user_non_visible_data = hash;
  bankid::Order order = bankid_->sign(request);
  sql_guard("recording a sign order", [&] {
    const std::string at = detail::time_text(ctx.now());
    ctx.sql().exec(
        "INSERT INTO minutes_sign_order (order_ref, municipality, minutes_id, user_id, digest, started_at) "
        "VALUES (:order, :tenant, :minutes, :user, :digest, :at)",
        soci::use(order.order_ref, "order"), soci::use(minutes_id, "minutes"), soci::use(me.user_id, "user"),
        soci::use(hash, "digest"), soci::use(at, "at"));
  });
  ctx.audit({"minutes.sign-start", "minutes", std::to_string(minutes_id), me.role});
  return order;
}

SigningProgress MinutesSigning::collect(tenancy::Context& ctx, long long minutes_id, std::string_view order_ref) {
  ctx.require(Permission::kMinutesSign, {"minutes.sign-collect", "minutes", std::to_string(minutes_id)});
  if (bankid_ == nullptr) throw Unavailable("BankID is not configured on this platform");
  const std::string ref(order_ref);
  struct OrderRow {
    std::string user_id;
    std::string digest;
  };
  const auto order = sql_guard("reading a sign order", [&] {
    std::optional<OrderRow> found;
    for (const auto& row :
         ctx.sql().rows("SELECT user_id, digest FROM minutes_sign_order WHERE {{tenant}} AND order_ref = :order "
                        "AND minutes_id = :minutes",
                        soci::use(ref, "order"), soci::use(minutes_id, "minutes"))) {
      found = OrderRow{row_text(row, 0), row_text(row, 1)};
    }
    return found;
  });
  if (!order || ctx.principal().id() != "staff:" + order->user_id) throw NotFound("no such sign order");
  const bankid::CollectResult result = bankid_->collect(ref);
  SigningProgress progress;
  progress.status = result.status;
  progress.hint_code = result.hint_code_text;
  if (result.status == bankid::CollectStatus::kPending) return progress;
  sql_guard("closing a sign order", [&] {
    ctx.sql().exec("DELETE FROM minutes_sign_order WHERE {{tenant}} AND order_ref = :order", soci::use(ref, "order"));
  });
  if (result.status == bankid::CollectStatus::kFailed) {
    ctx.audit({"minutes.sign-failed", "minutes", std::to_string(minutes_id), result.hint_code_text});
    return progress;
  }
  const auto& completion = *result.completion_data;
  const std::string signed_index = keyring_.blind_index(kIndexPurpose, completion.user.personal_number.digits());
  const MinutesInfo info = meetings_.minutes(ctx, minutes_id);
  const Meeting meeting = meetings_.meeting(ctx, info.meeting_id);
  const bool same_person = sql_guard("checking the signer", [&] {
    bool match = false;
    for (const auto& row : ctx.sql().rows(
             "SELECT personnummer_index FROM board_member WHERE {{tenant}} AND prefix = :prefix AND user_id = :user "
             "AND valid_from <= :day AND (valid_to IS NULL OR valid_to >= :day)",
             soci::use(meeting.prefix, "prefix"), soci::use(order->user_id, "user"), soci::use(meeting.date, "day"))) {
      match = match || row_text(row, 0) == signed_index;
    }
    return match;
  });
  if (!same_person) {
    // Keep the refusal: the order row is gone and the audit entry says why.
    ctx.audit({"minutes.sign-refused", "minutes", std::to_string(minutes_id), "another person signed"});
    ctx.commit();
    throw Forbidden("the person who signed with BankID is not " + order->user_id);
  }
  if (digest(meetings_.paragraphs(ctx, minutes_id)) != order->digest) {
    ctx.audit({"minutes.sign-refused", "minutes", std::to_string(minutes_id), "the minutes changed"});
    ctx.commit();
    throw Conflict("the minutes changed after the signature was started: sign again");
  }
  progress.minutes = meetings_.sign(
      ctx, minutes_id,
      "bankid;orderRef=" + ref + ";signature=" + completion.signature + ";ocspResponse=" + completion.ocsp_response);
  return progress;
}

}  // namespace samverkan::casehandling

#include "detail/page_store.hpp"

#include "samverkan/eservices/pages.hpp"

#include <soci/soci.h>

#include <vector>

#include "detail/answers_json.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/time.hpp"
#include "samverkan/storage/write_transaction.hpp"

namespace samverkan::eservices::detail {
namespace {

using storage::database_failure;

// The associated data of each encrypted column: its row's key, as encrypted_columns.cpp says.
std::string answers_data(const std::string& session, const std::string& municipality, const std::string& service) {
  return crypto::associated_data("eservice_page_draft", "answers", {session, municipality, service});
}

std::string file_data(const char* column, const std::string& session, const std::string& municipality,
                      const std::string& service, const std::string& field) {
  return crypto::associated_data("eservice_page_file", column, {session, municipality, service, field});
}

std::size_t draft_bytes(const std::string& answers_json, const Answers& answers) {
  std::size_t bytes = answers_json.size();
  for (const auto& [field, file] : answers.attachments) bytes += file.file_name.size() + file.bytes.size();
  return bytes;
}

}  // namespace

std::optional<PageDraft> PageStore::load(const std::string& session, const ids::Kommunkod& municipality,
                                         const std::string& service) const {
  const std::string& code = municipality.str();
  std::optional<PageDraft> draft;
  try {
    auto lease = db_.acquire();
    int version = 0;
    std::string step, answers;
    *lease << "SELECT version, step, answers FROM eservice_page_draft WHERE session_id = :session AND "
              "municipality = :municipality AND service_id = :service",
        soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service"),
        soci::into(version), soci::into(step), soci::into(answers);
    if (!lease->got_data()) return std::nullopt;
    draft.emplace();
    draft->version = version;
    draft->step = step;
    draft->answers.values = values_from_json(crypto::decrypt(keyring_, answers, answers_data(session, code, service)));
    const soci::rowset<soci::row> files =
        (lease->prepare << "SELECT field_id, file_name, content FROM eservice_page_file WHERE session_id = :session "
                           "AND municipality = :municipality AND service_id = :service",
         soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service"));
    for (const auto& row : files) {
      const auto field = row.get<std::string>(0);
      draft->answers.attachments[field] = {
          crypto::decrypt(keyring_, row.get<std::string>(1), file_data("file_name", session, code, service, field)),
          crypto::decrypt(keyring_, row.get<std::string>(2), file_data("content", session, code, service, field))};
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading a draft", e);
  }
  return draft;
}

void PageStore::store(const std::string& session, const ids::Kommunkod& municipality, const std::string& service,
                      const PageDraft& draft) {
  const std::string& code = municipality.str();
  const std::string json = values_to_json(draft.answers.values);
  const auto bytes = static_cast<long long>(draft_bytes(json, draft.answers));
  const std::string answers = crypto::encrypt(keyring_, json, answers_data(session, code, service));
  const std::string now = storage::format_time(clock_.now());
  try {
    auto lease = db_.acquire();
    storage::WriteTransaction transaction(*lease, db_.dialect().backend());
    // The limits, counting everything but this draft's old version.
    long long others = 0, session_bytes = 0, total_bytes = 0;
    *lease << "SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM eservice_page_draft WHERE session_id = :session AND "
              "NOT (municipality = :municipality AND service_id = :service)",
        soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service"),
        soci::into(others), soci::into(session_bytes);
    *lease << "SELECT COALESCE(SUM(bytes), 0) FROM eservice_page_draft WHERE NOT (session_id = :session AND "
              "municipality = :municipality AND service_id = :service)",
        soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service"),
        soci::into(total_bytes);
    if (static_cast<std::size_t>(others) >= limits_.drafts_per_session) {
      throw TooLarge("a visitor may keep at most " + std::to_string(limits_.drafts_per_session) + " drafts");
    }
    if (static_cast<std::size_t>(session_bytes + bytes) > limits_.bytes_per_session) {
      throw TooLarge("a visitor's drafts may hold at most " + std::to_string(limits_.bytes_per_session) + " bytes");
    }
    if (static_cast<std::size_t>(total_bytes + bytes) > limits_.total_draft_bytes) {
      throw TooLarge("the drafts of all visitors are at their limit; try again later");
    }
    soci::statement update =
        (lease->prepare << "UPDATE eservice_page_draft SET version = :version, step = :step, answers = :answers, "
                           "bytes = :bytes, updated_at = :now WHERE session_id = :session AND municipality = "
                           ":municipality AND service_id = :service",
         soci::use(draft.version, "version"), soci::use(draft.step, "step"), soci::use(answers, "answers"),
         soci::use(bytes, "bytes"), soci::use(now, "now"), soci::use(session, "session"),
         soci::use(code, "municipality"), soci::use(service, "service"));
    update.execute(true);
    if (update.get_affected_rows() == 0) {
      *lease << "INSERT INTO eservice_page_draft (session_id, municipality, service_id, version, step, answers, "
                "bytes, updated_at) VALUES (:session, :municipality, :service, :version, :step, :answers, :bytes, "
                ":now)",
          soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service"),
          soci::use(draft.version, "version"), soci::use(draft.step, "step"), soci::use(answers, "answers"),
          soci::use(bytes, "bytes"), soci::use(now, "now");
    }
    for (const auto& field : draft.files_changed) {
      *lease << "DELETE FROM eservice_page_file WHERE session_id = :session AND municipality = :municipality AND "
                "service_id = :service AND field_id = :field",
          soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service"),
          soci::use(field, "field");
      const auto file = draft.answers.attachments.find(field);
      if (file == draft.answers.attachments.end()) continue;
      const std::string name =
          crypto::encrypt(keyring_, file->second.file_name, file_data("file_name", session, code, service, field));
      const std::string content =
          crypto::encrypt(keyring_, file->second.bytes, file_data("content", session, code, service, field));
      const auto size = static_cast<long long>(file->second.bytes.size());
      *lease << "INSERT INTO eservice_page_file (session_id, municipality, service_id, field_id, file_name, content, "
                "size_bytes) VALUES (:session, :municipality, :service, :field, :name, :content, :size)",
          soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service"),
          soci::use(field, "field"), soci::use(name, "name"), soci::use(content, "content"), soci::use(size, "size");
    }
    transaction.commit();
  } catch (const soci::soci_error& e) {
    database_failure("saving a draft", e);
  }
}

void PageStore::erase(const std::string& session, const ids::Kommunkod& municipality, const std::string& service) {
  const std::string& code = municipality.str();
  try {
    auto lease = db_.acquire();
    storage::WriteTransaction transaction(*lease, db_.dialect().backend());
    // The files first: not every database is told to cascade.
    *lease << "DELETE FROM eservice_page_file WHERE session_id = :session AND municipality = :municipality AND "
              "service_id = :service",
        soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service");
    *lease << "DELETE FROM eservice_page_draft WHERE session_id = :session AND municipality = :municipality AND "
              "service_id = :service",
        soci::use(session, "session"), soci::use(code, "municipality"), soci::use(service, "service");
    transaction.commit();
  } catch (const soci::soci_error& e) {
    database_failure("deleting a draft", e);
  }
}

void PageStore::add_receipt(const std::string& session, const Receipt& receipt) {
  const std::string& code = receipt.municipality.str();
  const std::string at = storage::format_time(receipt.submitted_at);
  try {
    auto lease = db_.acquire();
    storage::WriteTransaction transaction(*lease, db_.dialect().backend());
    *lease << "INSERT INTO eservice_page_receipt (session_id, municipality, reference, service_id, version, "
              "submitted_at) VALUES (:session, :municipality, :reference, :service, :version, :at)",
        soci::use(session, "session"), soci::use(code, "municipality"), soci::use(receipt.reference, "reference"),
        soci::use(receipt.service_id, "service"), soci::use(receipt.version, "version"), soci::use(at, "at");
    // Only the newest are kept.
    std::vector<std::pair<std::string, std::string>> older;
    const soci::rowset<soci::row> rows =
        (lease->prepare << "SELECT municipality, reference FROM eservice_page_receipt WHERE session_id = :session "
                           "ORDER BY submitted_at DESC, reference DESC",
         soci::use(session, "session"));
    std::size_t seen = 0;
    for (const auto& row : rows) {
      if (++seen > limits_.receipts_per_session) older.emplace_back(row.get<std::string>(0), row.get<std::string>(1));
    }
    for (const auto& [municipality, reference] : older) {
      *lease << "DELETE FROM eservice_page_receipt WHERE session_id = :session AND municipality = :municipality AND "
                "reference = :reference",
          soci::use(session, "session"), soci::use(municipality, "municipality"), soci::use(reference, "reference");
    }
    transaction.commit();
  } catch (const soci::soci_error& e) {
    database_failure("keeping a receipt", e);
  }
}

std::optional<Receipt> PageStore::receipt(const std::string& session, const ids::Kommunkod& municipality,
                                          const std::string& reference) const {
  const std::string& code = municipality.str();
  try {
    auto lease = db_.acquire();
    std::string service, at;
    int version = 0;
    *lease << "SELECT service_id, version, submitted_at FROM eservice_page_receipt WHERE session_id = :session AND "
              "municipality = :municipality AND reference = :reference",
        soci::use(session, "session"), soci::use(code, "municipality"), soci::use(reference, "reference"),
        soci::into(service), soci::into(version), soci::into(at);
    if (!lease->got_data()) return std::nullopt;
    return Receipt{reference, service, version, {}, municipality, storage::parse_time(at)};
  } catch (const soci::soci_error& e) {
    database_failure("reading a receipt", e);
  }
}

std::size_t PageStore::purge(Clock::TimePoint idle_before) { return purge_page_state(db_, idle_before); }

}  // namespace samverkan::eservices::detail

namespace samverkan::eservices {

std::size_t purge_page_state(storage::Database& db, Clock::TimePoint idle_before) {
  const std::string before = storage::format_time(idle_before);
  try {
    auto lease = db.acquire();
    storage::WriteTransaction transaction(*lease, db.dialect().backend());
    // A draft ends with its session, or after a day untouched; its files go with it.
    *lease << "DELETE FROM eservice_page_file WHERE EXISTS (SELECT 1 FROM eservice_page_draft d WHERE "
              "d.session_id = eservice_page_file.session_id AND d.municipality = eservice_page_file.municipality "
              "AND d.service_id = eservice_page_file.service_id AND (d.updated_at < :before OR NOT EXISTS "
              "(SELECT 1 FROM web_session w WHERE w.id = d.session_id)))",
        soci::use(before, "before");
    soci::statement drafts =
        (lease->prepare << "DELETE FROM eservice_page_draft WHERE updated_at < :before OR NOT EXISTS (SELECT 1 FROM "
                           "web_session w WHERE w.id = eservice_page_draft.session_id)",
         soci::use(before, "before"));
    drafts.execute(true);
    soci::statement receipts = (lease->prepare << "DELETE FROM eservice_page_receipt WHERE submitted_at < :before OR "
                                                  "NOT EXISTS (SELECT 1 FROM web_session w WHERE w.id = "
                                                  "eservice_page_receipt.session_id)",
                                soci::use(before, "before"));
    receipts.execute(true);
    transaction.commit();
    return static_cast<std::size_t>(drafts.get_affected_rows() + receipts.get_affected_rows());
  } catch (const soci::soci_error& e) {
    storage::database_failure("purging the pages' drafts", e);
  }
}

}  // namespace samverkan::eservices

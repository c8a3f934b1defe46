#include "samverkan/eservices/encrypted_columns.hpp"

namespace samverkan::eservices {

// Each associated_columns list is what submissions.cpp, errand_work.cpp, page_store.cpp and
// citizen_notices.cpp pass to
// crypto::associated_data, in the same order.
void register_encrypted_columns(crypto::EncryptedColumns& columns) {
  const std::string owner = "eservices";
  columns.add({.owner = owner,
               .table = "eservice_draft",
               .key_columns = {"municipality", "citizen", "service_id"},
               .tenant_column = "municipality",
               .columns = {"answers"},
               .associated_columns = {"municipality", "citizen", "service_id"}});
  columns.add({.owner = owner,
               .table = "eservice_page_draft",
               .key_columns = {"session_id", "municipality", "service_id"},
               .tenant_column = "municipality",
               .columns = {"answers"},
               .associated_columns = {"session_id", "municipality", "service_id"}});
  columns.add({.owner = owner,
               .table = "eservice_page_file",
               .key_columns = {"session_id", "municipality", "service_id", "field_id"},
               .tenant_column = "municipality",
               .columns = {"file_name", "content"},
               .associated_columns = {"session_id", "municipality", "service_id", "field_id"}});
  columns.add({.owner = owner,
               .table = "eservice_errand",
               .key_columns = {"municipality", "reference"},
               .tenant_column = "municipality",
               .columns = {"answers"},
               .associated_columns = {"municipality", "reference"}});
  columns.add({.owner = owner,
               .table = "eservice_attachment",
               .key_columns = {"municipality", "reference", "field_id"},
               .tenant_column = "municipality",
               .columns = {"file_name", "content"},
               .associated_columns = {"municipality", "reference", "field_id"}});
  columns.add({.owner = owner,
               .table = "eservice_errand_note",
               .key_columns = {"municipality", "note_id"},
               .tenant_column = "municipality",
               .columns = {"body"},
               .associated_columns = {"municipality", "reference", "note_id"}});
  columns.add({.owner = owner,
               .table = "eservice_errand_message",
               .key_columns = {"municipality", "message_id"},
               .tenant_column = "municipality",
               .columns = {"body"},
               .associated_columns = {"municipality", "reference", "message_id"}});
  columns.add({.owner = owner,
               .table = "eservice_notice_preference",
               .key_columns = {"municipality", "citizen"},
               .tenant_column = "municipality",
               .columns = {"email", "mobile"},
               .associated_columns = {"municipality", "citizen"}});
}

}  // namespace samverkan::eservices

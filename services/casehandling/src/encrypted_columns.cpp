#include "samverkan/casehandling/encrypted_columns.hpp"

namespace samverkan::casehandling {

// As case_service.cpp encrypts: crypto::associated_data(table, column, {municipality, id}).
void register_encrypted_columns(crypto::EncryptedColumns& columns) {
  columns.add({.owner = "casehandling",
               .table = "case_party",
               .key_columns = {"id"},
               .tenant_column = "municipality",
               .columns = {"person_name", "person_identity"},
               .associated_columns = {"municipality", "id"}});
  columns.add({.owner = "casehandling",
               .table = "case_document",
               .key_columns = {"id"},
               .tenant_column = "municipality",
               .columns = {"counterpart_person", "content"},
               .associated_columns = {"municipality", "id"}});
}

}  // namespace samverkan::casehandling

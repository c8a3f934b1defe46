#include "samverkan/hiring/encrypted_columns.hpp"

#include "detail/hiring.hpp"

namespace samverkan::hiring {

// As store.cpp encrypts: crypto::associated_data(table, column, {municipality, id}).
void register_encrypted_columns(crypto::EncryptedColumns& columns) {
  columns.add({.owner = "hiring",
               .table = "hiring_hire",
               .key_columns = {"id"},
               .tenant_column = "municipality",
               .columns = {std::begin(detail::kPersonalColumns), std::end(detail::kPersonalColumns)},
               .associated_columns = {"municipality", "id"}});
  columns.add({.owner = "hiring",
               .table = "hiring_draft",
               .key_columns = {"id"},
               .tenant_column = "municipality",
               .columns = {"content"},
               .associated_columns = {"municipality", "id"}});
  // As contract_store.cpp encrypts: {municipality, hire_id} and {municipality, id}.
  columns.add({.owner = "hiring",
               .table = "hiring_contract",
               .key_columns = {"hire_id"},
               .tenant_column = "municipality",
               .columns = {"pdf", "link_token", "evidence"},
               .associated_columns = {"municipality", "hire_id"}});
  columns.add({.owner = "hiring",
               .table = "hiring_bankid_order",
               .key_columns = {"id"},
               .tenant_column = "municipality",
               .columns = {"qr_start_secret"},
               .associated_columns = {"municipality", "id"}});
  columns.add({.owner = "hiring",
               .table = "hiring_invitation",
               .key_columns = {"hire_id"},
               .tenant_column = "municipality",
               .columns = {"token"},
               .associated_columns = {"municipality", "hire_id"}});
}

}  // namespace samverkan::hiring

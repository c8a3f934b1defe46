#include "samverkan/mailbox/encrypted_columns.hpp"

namespace samverkan::mailbox {

// As outbox_store.cpp encrypts: crypto::associated_data("mailbox_message", column, {municipality, id}).
void register_encrypted_columns(crypto::EncryptedColumns& columns) {
  columns.add({.owner = "mailbox",
               .table = "mailbox_message",
               .key_columns = {"municipality", "id"},
               .tenant_column = "municipality",
               .columns = {"recipient", "subject", "content"},
               .associated_columns = {"municipality", "id"}});
}

}  // namespace samverkan::mailbox

#include "samverkan/server/encrypted_columns.hpp"

#include "samverkan/auth/encrypted_columns.hpp"
#include "samverkan/casehandling/encrypted_columns.hpp"
#include "samverkan/eservices/encrypted_columns.hpp"
#include "samverkan/mailbox/encrypted_columns.hpp"

namespace samverkan::server {

crypto::EncryptedColumns encrypted_columns() {
  crypto::EncryptedColumns columns;
  auth::register_encrypted_columns(columns);
  eservices::register_encrypted_columns(columns);
  casehandling::register_encrypted_columns(columns);
  mailbox::register_encrypted_columns(columns);
  return columns;
}

}  // namespace samverkan::server

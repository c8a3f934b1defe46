#include "samverkan/auth/encrypted_columns.hpp"

#include "samverkan/crypto/field_cipher.hpp"

#include "auth/detail/common.hpp"

namespace samverkan::auth {

namespace detail {

std::string totp_associated_data(std::string_view user_id) {
  return crypto::associated_data("staff_user", "totp_secret", {user_id});
}

std::string session_personnummer_associated_data(std::string_view session_id) {
  return crypto::associated_data("web_session", "personnummer", {session_id});
}

std::string bankid_login_associated_data(std::string_view column, std::string_view login_row_id) {
  return crypto::associated_data("bankid_login", column, {login_row_id});
}

}  // namespace detail

void register_encrypted_columns(crypto::EncryptedColumns& columns) {
  // Staff users and sessions belong to the cooperation, not to one municipality: no tenant column.
  columns.add({.owner = "libcore auth",
               .table = "staff_user",
               .key_columns = {"id"},
               .tenant_column = "",
               .columns = {"totp_secret"},
               .associated_columns = {"id"}});
  columns.add({.owner = "libcore auth",
               .table = "web_session",
               .key_columns = {"id"},
               .tenant_column = "",
               .columns = {"personnummer"},
               .associated_columns = {"id"}});
  columns.add({.owner = "libcore auth",
               .table = "bankid_login",
               .key_columns = {"id"},
               .tenant_column = "",
               .columns = {"order_ref", "auto_start_token", "qr_start_secret"},
               .associated_columns = {"id"}});
}

}  // namespace samverkan::auth

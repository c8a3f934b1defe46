#pragma once
/// The encrypted columns of libcore's authentication tables, for crypto::EncryptedColumns:
/// staff_user.totp_secret (the TOTP seed) and web_session.personnummer (a citizen's session).

#include "samverkan/crypto/encrypted_columns.hpp"

namespace samverkan::auth {

/// Registers staff_user and web_session (crypto::EncryptedColumns::add; its errors).
void register_encrypted_columns(crypto::EncryptedColumns& columns);

}  // namespace samverkan::auth

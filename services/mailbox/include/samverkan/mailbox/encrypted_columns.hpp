#pragma once
/// The digital mailbox's encrypted columns, for crypto::EncryptedColumns: every letter's
/// recipient, subject and content.

#include "samverkan/crypto/encrypted_columns.hpp"

namespace samverkan::mailbox {

/// Registers mailbox_message (crypto::EncryptedColumns::add; its errors).
void register_encrypted_columns(crypto::EncryptedColumns& columns);

}  // namespace samverkan::mailbox

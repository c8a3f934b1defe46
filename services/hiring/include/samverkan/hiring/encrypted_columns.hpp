#pragma once
/// Hiring's encrypted columns, for crypto::EncryptedColumns: the new employee's personal data on
/// the hire (names, personnummer, private e-mail, mobile, details) and the manager's drafts.

#include "samverkan/crypto/encrypted_columns.hpp"

namespace samverkan::hiring {

/// Registers hiring_hire and hiring_draft (crypto::EncryptedColumns::add; its errors).
void register_encrypted_columns(crypto::EncryptedColumns& columns);

}  // namespace samverkan::hiring

#pragma once
/// Case handling's encrypted columns, for crypto::EncryptedColumns: the parties of a case (name
/// and identity number) and the documents (counterpart and content).

#include "samverkan/crypto/encrypted_columns.hpp"

namespace samverkan::casehandling {

/// Registers case_party and case_document (crypto::EncryptedColumns::add; its errors).
void register_encrypted_columns(crypto::EncryptedColumns& columns);

}  // namespace samverkan::casehandling

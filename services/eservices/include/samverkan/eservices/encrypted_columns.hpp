#pragma once
/// The e-services' encrypted columns, for crypto::EncryptedColumns: draft and errand answers,
/// attachments (file name and content), internal notes and messages with the citizen.

#include "samverkan/crypto/encrypted_columns.hpp"

namespace samverkan::eservices {

/// Registers eservice_draft, eservice_errand, eservice_attachment, eservice_errand_note and
/// eservice_errand_message (crypto::EncryptedColumns::add; its errors).
void register_encrypted_columns(crypto::EncryptedColumns& columns);

}  // namespace samverkan::eservices

#pragma once
/// Every encrypted column of the platform: libcore's authentication tables and each linked
/// service's, each registered by its owning module (crypto/encrypted_columns.hpp), as
/// migrations.hpp joins their migrations. Read by `samverkan keys rotate`, by the start-up key
/// check (crypto::check_keyring) and by every command that opens the keyring.

#include "samverkan/crypto/encrypted_columns.hpp"

namespace samverkan::server {

/// A fresh registry with every module's tables. Throws samverkan::Conflict / InvalidInput when
/// two modules register one table or a registration is malformed (a build defect).
crypto::EncryptedColumns encrypted_columns();

}  // namespace samverkan::server

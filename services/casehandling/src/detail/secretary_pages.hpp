#pragma once
// The committee secretary's pages of the staff web (secretary_pages.cpp), mounted by
// mount_staff_pages on the "sammantraden" section (staff_pages.hpp lists them).

#include "samverkan/bankid/client.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::casehandling::detail {

/// Adds the boards', meetings', minutes' and adjustment pages to `section`. The services they
/// call are made here and kept alive by the router; `db`, `clock`, `cooperation`, `keyring` and
/// `bankid` (none: signing with BankID answers 503) must outlive it.
void mount_secretary_pages(http::StaffSection& section, storage::Database& db, const Clock& clock,
                           const config::Cooperation& cooperation, const crypto::Keyring& keyring,
                           bankid::Client* bankid);

}  // namespace samverkan::casehandling::detail

#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "samverkan/core/error.hpp"
#include "samverkan/security/permission.hpp"

using namespace samverkan;
using security::Permission;
using security::Principal;
using security::Role;

namespace {

const auto kAneby = ids::Kommunkod::parse("0604");
const auto kEksjo = ids::Kommunkod::parse("0686");

const std::vector<Permission> kAllPermissions = {
    Permission::kAuditRead,        Permission::kApiClientManage,    Permission::kStaffManage,
    Permission::kAdapterConfigure, Permission::kEServiceEdit,       Permission::kErrandRead,
    Permission::kErrandHandle,     Permission::kCaseRead,           Permission::kCaseRegister,
    Permission::kCaseHandle,       Permission::kSecretDocumentRead, Permission::kMeetingManage,
    Permission::kMinutesSign,      Permission::kMeetingRead,        Permission::kMailboxSend,
    Permission::kEServiceSubmit,   Permission::kHireRead,           Permission::kHireWrite,
    Permission::kHireAllUnits,     Permission::kHiringAdminister,   Permission::kStatisticsRead,
    Permission::kArchiveExport,
};
const std::vector<Role> kAllRoles = {
    Role::kAdministrator,  Role::kRegistrar, Role::kCaseHandler,   Role::kCommitteeSecretary, Role::kCommitteeMember,
    Role::kEServiceEditor, Role::kReader,    Role::kHiringManager, Role::kHrOfficer,          Role::kArchivist};

}  // namespace

BOOST_AUTO_TEST_SUITE(permission_test)

BOOST_AUTO_TEST_CASE(every_permission_has_a_distinct_name) {
  std::set<std::string_view> names;
  for (auto permission : kAllPermissions) names.insert(security::to_string(permission));
  BOOST_TEST(names.size() == kAllPermissions.size());
  // The table has a row for each permission this test knows, and no other: a new permission
  // is added to both.
  const auto table = security::all_permissions();
  BOOST_TEST(table.size() == kAllPermissions.size());
  for (auto permission : kAllPermissions) {
    BOOST_TEST((std::find(table.begin(), table.end(), permission) != table.end()), security::to_string(permission));
  }
}

BOOST_AUTO_TEST_CASE(roles_in_one_municipality_grant_nothing_in_another) {
  // Every role of Aneby, alone and all together: no permission at all in Eksjö.
  std::set<Role> everything(kAllRoles.begin(), kAllRoles.end());
  for (auto role : kAllRoles) {
    const auto one = Principal::staff("u", {{kAneby, {role}}});
    for (auto permission : kAllPermissions) BOOST_TEST(!security::allows(one, kEksjo, permission));
  }
  const auto all = Principal::staff("u", {{kAneby, everything}});
  for (auto permission : kAllPermissions) {
    BOOST_TEST(!security::allows(all, kEksjo, permission), security::to_string(permission));
  }
}

BOOST_AUTO_TEST_CASE(role_table_examples) {
  const auto registrar = Principal::staff("r", {{kAneby, {Role::kRegistrar}}});
  BOOST_TEST(security::allows(registrar, kAneby, Permission::kCaseRegister));
  BOOST_TEST(security::allows(registrar, kAneby, Permission::kSecretDocumentRead));
  BOOST_TEST(!security::allows(registrar, kAneby, Permission::kAuditRead));
  const auto reader = Principal::staff("x", {{kAneby, {Role::kReader}}});
  BOOST_TEST(security::allows(reader, kAneby, Permission::kCaseRead));
  BOOST_TEST(!security::allows(reader, kAneby, Permission::kCaseRegister));
  BOOST_TEST(!security::allows(reader, kAneby, Permission::kSecretDocumentRead));
}

BOOST_AUTO_TEST_CASE(platform_administrator_is_explicit_and_limited) {
  const auto admin = Principal::staff("it", {}, true);
  BOOST_TEST(security::allows(admin, kEksjo, Permission::kAuditRead));
  BOOST_TEST(security::allows(admin, kAneby, Permission::kApiClientManage));
  // Not implied: the platform administrator reads no errands, cases or secrets.
  BOOST_TEST(!security::allows(admin, kAneby, Permission::kErrandRead));
  BOOST_TEST(!security::allows(admin, kAneby, Permission::kSecretDocumentRead));
  const auto municipal_admin = Principal::staff("a", {{kAneby, {Role::kAdministrator}}});
  BOOST_TEST(!municipal_admin.is_platform_administrator());
  BOOST_TEST(!security::allows(municipal_admin, kEksjo, Permission::kAuditRead));
}

BOOST_AUTO_TEST_CASE(api_clients_need_scope_and_home_municipality) {
  const auto client = Principal::api_client("c1", kAneby, {"errands:read"});
  BOOST_TEST(security::allows(client, kAneby, Permission::kErrandRead));
  BOOST_TEST(!security::allows(client, kAneby, Permission::kErrandHandle));
  BOOST_TEST(!security::allows(client, kEksjo, Permission::kErrandRead));
  const auto greedy = Principal::api_client("c2", kAneby, {"audit.read", "secret-document.read"});
  BOOST_TEST(!security::allows(greedy, kAneby, Permission::kAuditRead), "no scope grants audit reading");
  BOOST_TEST(!security::allows(greedy, kAneby, Permission::kSecretDocumentRead));
}

BOOST_AUTO_TEST_CASE(citizens_system_and_anonymous_hold_no_staff_permission) {
  const auto citizen = Principal::citizen(ids::Personnummer::parse("191212121212"));
  for (auto permission : kAllPermissions) {
    BOOST_TEST(!security::allows(citizen, kAneby, permission));
    BOOST_TEST(!security::allows(Principal::anonymous(), kAneby, permission));
    BOOST_TEST(!security::allows(Principal::system("job"), kAneby, permission));
  }
}

BOOST_AUTO_TEST_CASE(role_names_round_trip) {
  for (auto role : kAllRoles) BOOST_TEST((security::parse_role(security::to_string(role)) == role));
  BOOST_CHECK_EXCEPTION(security::parse_role("boss"), InvalidInput,
                        [](const InvalidInput& e) { return std::string(e.what()).find("unknown role 'boss'") == 0; });
}

BOOST_AUTO_TEST_CASE(hiring_roles_reach_hires_and_nothing_else) {
  // A manager and HR read and write hires; only HR sees every unit and assigns managers'
  // units. Neither reads errands, cases or meetings.
  const auto manager = Principal::staff("m", {{kAneby, {Role::kHiringManager}}});
  const auto hr = Principal::staff("h", {{kAneby, {Role::kHrOfficer}}});
  for (const auto& who : {manager, hr}) {
    BOOST_TEST(security::allows(who, kAneby, Permission::kHireRead));
    BOOST_TEST(security::allows(who, kAneby, Permission::kHireWrite));
    for (auto permission : {Permission::kErrandRead, Permission::kCaseRead, Permission::kMeetingRead,
                            Permission::kSecretDocumentRead, Permission::kMailboxSend}) {
      BOOST_TEST(!security::allows(who, kAneby, permission), security::to_string(permission));
    }
    BOOST_TEST(!security::allows(who, kEksjo, Permission::kHireRead));
  }
  BOOST_TEST(!security::allows(manager, kAneby, Permission::kHireAllUnits));
  BOOST_TEST(!security::allows(manager, kAneby, Permission::kHiringAdminister));
  BOOST_TEST(security::allows(hr, kAneby, Permission::kHireAllUnits));
  BOOST_TEST(security::allows(hr, kAneby, Permission::kHiringAdminister));
  BOOST_TEST((security::parse_role("manager") == Role::kHiringManager));
  BOOST_TEST((security::parse_role("hr") == Role::kHrOfficer));
  // Clients: hiring:read reads every unit of their municipality, hiring:write writes.
  const auto reader = Principal::api_client("c", kAneby, {"hiring:read"});
  BOOST_TEST(security::allows(reader, kAneby, Permission::kHireRead));
  BOOST_TEST(security::allows(reader, kAneby, Permission::kHireAllUnits));
  BOOST_TEST(!security::allows(reader, kAneby, Permission::kHireWrite));
  BOOST_TEST(!security::allows(reader, kEksjo, Permission::kHireRead));
  BOOST_TEST(security::scope_for(Permission::kHireWrite) == "hiring:write");
  BOOST_TEST(security::scope_for(Permission::kHiringAdminister).empty());
}

BOOST_AUTO_TEST_SUITE_END()

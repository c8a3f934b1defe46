// The isolation matrix: for every resource kind and operation that libcore exposes through a
// tenancy::Context, a principal of Aneby (0604) acting on an object of Eksjö (0686) is refused
// with "not found" (hidden objects: existence is not leaked), and nothing changes. Services
// add their resource kinds to this matrix as they arrive.
#include <boost/test/unit_test.hpp>

#include <functional>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using security::Principal;
using security::Role;

namespace {

struct MatrixFixture : test::AuthFixture {
  std::unique_ptr<auth::AuthServices> services;
  std::string eksjo_client;
  const Principal platform_admin = Principal::staff("it-drift", {}, true);

  MatrixFixture() {
    services = std::make_unique<auth::AuthServices>(*db, clock, keyring, &audit, options());
    tenancy::Context ctx(*db, platform_admin, eksjo, clock, &audit);
    eksjo_client = services->clients().create(ctx, {"errands:read"}).client.id;
    auth::NewStaffUserRequest request;
    request.username = "eva.eksjo";
    request.roles = {Role::kCaseHandler};
    services->staff().create(ctx, request);
    ctx.commit();
  }

  int refusals() {
    auto session = db->acquire();
    int count = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE outcome = 'refused'", soci::into(count);
    return count;
  }
};

// Every role Aneby has, all at once: the strongest municipal principal there is.
Principal aneby_everything() {
  return Principal::staff("anna.aneby",
                          {{ids::Kommunkod::parse("0604"),
                            {Role::kAdministrator, Role::kRegistrar, Role::kCaseHandler, Role::kCommitteeSecretary,
                             Role::kCommitteeMember, Role::kEServiceEditor, Role::kReader}}});
}

struct Operation {
  std::string name;
  std::function<void(MatrixFixture&, tenancy::Context&)> run;
};

std::vector<Operation> operations() {
  return {
      {"api-client.create",
       [](MatrixFixture& f, tenancy::Context& ctx) { f.services->clients().create(ctx, {"errands:read"}); }},
      {"api-client.revoke",
       [](MatrixFixture& f, tenancy::Context& ctx) { f.services->clients().revoke(ctx, f.eksjo_client); }},
      {"staff.create",
       [](MatrixFixture& f, tenancy::Context& ctx) {
         auth::NewStaffUserRequest request;
         request.username = "intrang";
         request.roles = {Role::kReader};
         f.services->staff().create(ctx, request);
       }},
      {"staff.grant",
       [](MatrixFixture& f, tenancy::Context& ctx) {
         f.services->staff().grant(ctx, "eva.eksjo", {Role::kAdministrator});
       }},
      {"staff.revoke",
       [](MatrixFixture& f, tenancy::Context& ctx) {
         f.services->staff().revoke(ctx, "eva.eksjo", {Role::kCaseHandler});
       }},
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(isolation_matrix_test)

BOOST_FIXTURE_TEST_CASE(aneby_principals_cannot_act_in_eksjo, MatrixFixture) {
  const std::vector<std::pair<std::string, Principal>> principals = {
      {"aneby staff with every role", aneby_everything()},
      {"aneby api client with every scope",
       Principal::api_client("0604-c", aneby,
                             {"errands:read", "errands:write", "cases:read", "cases:write", "eservices:write",
                              "eservices:submit", "mailbox:send"})},
  };
  int expected_refusals = refusals();
  for (const auto& [who, principal] : principals) {
    for (const auto& operation : operations()) {
      tenancy::Context ctx(*db, principal, eksjo, clock, &audit);
      BOOST_CHECK_THROW(operation.run(*this, ctx), NotFound);
      ++expected_refusals;
      BOOST_TEST(refusals() == expected_refusals, who << " / " << operation.name << " refusal is audited");
    }
  }
  // Nothing changed in Eksjö.
  BOOST_TEST(services->clients().is_active(eksjo_client));
  BOOST_TEST(services->clients().list(eksjo).size() == 1u);
  const auto eva = services->staff().find("eva.eksjo");
  BOOST_REQUIRE(eva.has_value());
  BOOST_TEST((eva->roles.at(eksjo) == std::set<Role>{Role::kCaseHandler}));
  BOOST_TEST(!services->staff().find("intrang").has_value());
  BOOST_TEST(!audit::AuditLog::verify(*db, std::nullopt).first_break.has_value());
}

BOOST_FIXTURE_TEST_CASE(an_eksjo_object_named_from_an_aneby_context_is_not_found, MatrixFixture) {
  // The Aneby administrator works in Aneby but names Eksjö's client: not found, untouched.
  tenancy::Context ctx(*db, aneby_everything(), aneby, clock, &audit);
  BOOST_CHECK_THROW(services->clients().revoke(ctx, eksjo_client), NotFound);
  BOOST_TEST(services->clients().is_active(eksjo_client));
}

BOOST_FIXTURE_TEST_CASE(the_platform_administrator_may_administer_both, MatrixFixture) {
  for (const auto& municipality : {aneby, eksjo}) {
    tenancy::Context ctx(*db, platform_admin, municipality, clock, &audit);
    BOOST_CHECK_NO_THROW(services->clients().create(ctx, {"cases:read"}));
    ctx.commit();
  }
}

BOOST_AUTO_TEST_SUITE_END()

#pragma once
// The example e-service "felanmalan-gata-park" imported and published (version 1) by a member,
// for the client tests that submit to it over HTTPS.
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"

namespace samverkan::test {

inline void publish_example_eservice(server::Platform& platform, const ids::Kommunkod& municipality) {
  const auto editor = security::Principal::staff("editor", {{municipality, {security::Role::kEServiceEditor}}});
  tenancy::Context ctx(platform.database(), editor, municipality, SystemClock::instance(), &platform.audit_log());
  eservices::Catalogue catalogue(platform.cooperation());
  catalogue.import_definition(ctx, read_file(source_dir() / "examples/hoglandet/eservices/felanmalan-gata-park.xml"),
                              "felanmalan-gata-park.xml");
  catalogue.publish(ctx, "felanmalan-gata-park", 1, {});
  ctx.commit();
}

}  // namespace samverkan::test

#pragma once
// The e-services API tests' fixture (errand_routes_test, eservices_routes_test): the whole
// platform (SQLite, HTTPS on a free port) with the fault report published in Eksjö, OAuth
// clients made by each municipality's administrator, and calls with their bearer tokens.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <map>
#include <set>
#include <string>

#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"

namespace samverkan::test {

struct EServicesRoutesFixture : PlatformFixture {
  const ids::Kommunkod kEksjo = ids::Kommunkod::parse("0686");
  const ids::Kommunkod kVetlanda = ids::Kommunkod::parse("0685");

  static Poco::JSON::Object::Ptr parse(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  }

  /// Publishes examples/hoglandet/eservices/felanmalan-gata-park.xml version 1 in Eksjö.
  void publish_fault_report(const eservices::LocalOverrides& overrides = {}) {
    const auto editor = security::Principal::staff("editor", {{kEksjo, {security::Role::kEServiceEditor}}});
    tenancy::Context ctx(platform->database(), editor, kEksjo, SystemClock::instance(), &platform->audit_log());
    catalogue.import_definition(ctx, read_file(source_dir() / "examples/hoglandet/eservices/felanmalan-gata-park.xml"),
                                "felanmalan-gata-park.xml");
    catalogue.publish(ctx, "felanmalan-gata-park", 1, overrides);
    ctx.commit();
  }

  /// A pothole report submitted in Eksjö by `who`; returns its reference.
  std::string submit_fault_report(const security::Principal& who) {
    eservices::Answers answers;
    answers.values = {{"fault-type", {"pothole"}},
                      {"description", {"A deep hole by the school crossing"}},
                      {"address", {"Storgatan 1, Eksjö"}}};
    tenancy::Context ctx(platform->database(), who, kEksjo, SystemClock::instance(), &platform->audit_log());
    auto reference = submissions.submit(ctx, "felanmalan-gata-park", 1, answers).receipt.value().reference;
    ctx.commit();
    return reference;
  }

  /// A JSON call with the bearer `token` (none when empty).
  HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                  const std::string& body = {}) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return client().request(method, path, body, "application/json", headers);
  }

  eservices::Catalogue catalogue{platform->cooperation()};
  eservices::Submissions submissions{catalogue, platform->keyring()};
};

}  // namespace samverkan::test

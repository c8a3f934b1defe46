// The checks every adapter applies before it asks a backend: idempotency keys, dates, and
// validate() of each interface's orders.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "samverkan/adapters/case_system.hpp"
#include "samverkan/adapters/hr_system.hpp"
#include "samverkan/adapters/it_service_desk.hpp"
#include "samverkan/adapters/permission_system.hpp"
#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/adapters/property_access.hpp"
#include "samverkan/adapters/rest_client.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

namespace adapters = samverkan::adapters;
namespace calendar = samverkan::calendar;
using namespace std::chrono;
using samverkan::InvalidInput;

namespace {

adapters::IdempotencyKey key(const char* text = "k1") { return adapters::IdempotencyKey::parse(text); }

const std::string kPdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

adapters::PrintJob print_job() {
  return adapters::PrintJob{key(), "Anställningsavtal", kPdf,
                            adapters::PostalAddress{"Anna Andersson", "", {"Storgatan 1"}, "575 80", "Eksjö", "SE"}};
}

adapters::EquipmentOrder equipment_order() {
  return adapters::EquipmentOrder{key(),
                                  "Anna Andersson",
                                  "100234",
                                  {adapters::EquipmentItem{adapters::EquipmentKind::kComputer, "", 1}},
                                  2026y / August / 17d,
                                  "1230",
                                  "Stadshuset, Eksjö"};
}

adapters::AccessCardOrder card_order() {
  return adapters::AccessCardOrder{
      key(), "Anna Andersson", "100234", {"STADSHUSET", "SKOLA-NORR/KOK"}, 2026y / August / 17d, std::nullopt, "1230"};
}

adapters::IncomingDocument incoming() {
  return adapters::IncomingDocument{key(), "KS", "Ansökan om skolskjuts", "Privatperson", 2026y / March / 2d};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(adapter_values_test)

BOOST_AUTO_TEST_CASE(idempotency_keys) {
  BOOST_TEST(adapters::IdempotencyKey::parse("hire-0686-2026-000123.phone_1").str() == "hire-0686-2026-000123.phone_1");
  for (const std::string& bad :
       std::vector<std::string>{"", "-leading", ".leading", "has space", "slash/inside", "ä", std::string(101, 'a')}) {
    BOOST_CHECK_THROW(adapters::IdempotencyKey::parse(bad), InvalidInput);
  }
  BOOST_TEST((adapters::IdempotencyKey::parse("A") != adapters::IdempotencyKey::parse("a")));
}

BOOST_AUTO_TEST_CASE(iso_dates) {
  BOOST_TEST(calendar::format_iso_date(2026y / August / 7d) == "2026-08-07");
  BOOST_TEST((calendar::parse_iso_date("2028-02-29", "d") == 2028y / February / 29d));
  for (const char* bad : {"2027-02-29", "2026-8-07", "20260807", "2026-13-01", "1899-12-31", "2026-08-07T00"}) {
    BOOST_CHECK_THROW(calendar::parse_iso_date(bad, "start date"), InvalidInput);
  }
  try {
    calendar::parse_iso_date("x", "start date");
  } catch (const InvalidInput& e) {
    BOOST_TEST(std::string(e.what()).find("start date") == 0u);
  }
}

BOOST_AUTO_TEST_CASE(print_jobs) {
  BOOST_CHECK_NO_THROW(adapters::validate(print_job()));
  BOOST_TEST(adapters::normalised_postal_code("575 80") == "57580");

  auto job = print_job();
  job.pdf = "<html>";
  BOOST_CHECK_THROW(adapters::validate(job), InvalidInput);
  job.pdf = kPdf.substr(0, kPdf.size() - 7);  // truncated: no %%EOF
  BOOST_CHECK_THROW(adapters::validate(job), InvalidInput);
  job.pdf = "%PDF-1.7\n" + std::string(adapters::kMaxPrintPdfBytes, ' ') + "%%EOF";
  BOOST_CHECK_THROW(adapters::validate(job), samverkan::TooLarge);

  for (const char* code : {"5758", "57 580", "05758", "575-80", ""}) {
    job = print_job();
    job.recipient.postal_code = code;
    BOOST_CHECK_THROW(adapters::validate(job), InvalidInput);
  }
  job = print_job();
  job.recipient.street_lines = {"a", "b", "c"};
  BOOST_CHECK_THROW(adapters::validate(job), InvalidInput);
  job = print_job();
  job.recipient.country_code = "NO";
  BOOST_CHECK_THROW(adapters::validate(job), InvalidInput);
  job = print_job();
  job.recipient.name = "Anna\nAndersson";
  BOOST_CHECK_THROW(adapters::validate(job), InvalidInput);
  job = print_job();
  job.recipient.city = std::string(51, 'x');
  BOOST_CHECK_THROW(adapters::validate(job), InvalidInput);
  job = print_job();
  job.recipient.city = "\xC3";  // not UTF-8
  BOOST_CHECK_THROW(adapters::validate(job), InvalidInput);
}

BOOST_AUTO_TEST_CASE(equipment_orders) {
  BOOST_CHECK_NO_THROW(adapters::validate(equipment_order()));
  auto order = equipment_order();
  order.items.clear();
  BOOST_CHECK_THROW(adapters::validate(order), InvalidInput);
  order = equipment_order();
  order.items.front().quantity = 0;
  BOOST_CHECK_THROW(adapters::validate(order), InvalidInput);
  order = equipment_order();
  order.cost_centre = "12 30";
  BOOST_CHECK_THROW(adapters::validate(order), InvalidInput);
  order = equipment_order();
  order.delivery_date = 2026y / February / 30d;
  BOOST_CHECK_THROW(adapters::validate(order), InvalidInput);
}

BOOST_AUTO_TEST_CASE(access_card_orders) {
  BOOST_CHECK_NO_THROW(adapters::validate(card_order()));
  auto order = card_order();
  order.zones.push_back("STADSHUSET");
  BOOST_CHECK_THROW(adapters::validate(order), InvalidInput);
  order = card_order();
  order.zones = {"../../etc"};
  BOOST_CHECK_NO_THROW(adapters::validate(order));  // a zone id is only text; it never becomes a path
  order.zones = {"ZON E"};
  BOOST_CHECK_THROW(adapters::validate(order), InvalidInput);
  order = card_order();
  order.valid_until = 2026y / August / 16d;
  BOOST_CHECK_THROW(adapters::validate(order), InvalidInput);
  order = card_order();
  order.zones.clear();
  BOOST_CHECK_THROW(adapters::validate(order), InvalidInput);
  BOOST_CHECK_THROW(adapters::validate(adapters::AccessCardRevocation{key(), "", 2026y / August / 16d}), InvalidInput);
}

BOOST_AUTO_TEST_CASE(role_assignments) {
  const adapters::RoleAssignment good{key(), "anan01", {"procapita", "handläggare"}, "new hire"};
  BOOST_CHECK_NO_THROW(adapters::validate(good));
  auto bad = good;
  bad.user_account = "anna andersson";
  BOOST_CHECK_THROW(adapters::validate(bad), InvalidInput);
  bad = good;
  bad.role.role = "a/b";
  BOOST_CHECK_THROW(adapters::validate(bad), InvalidInput);
  bad = good;
  bad.role.system = "";
  BOOST_CHECK_THROW(adapters::validate(bad), InvalidInput);
}

BOOST_AUTO_TEST_CASE(employment_changes) {
  adapters::EmploymentChange change{key(), "100234", adapters::EmploymentChangeKind::kChange, 2026y / September / 1d};
  BOOST_CHECK_THROW(adapters::validate(change), InvalidInput);  // nothing changes
  change.new_position = "Enhetschef";
  BOOST_CHECK_NO_THROW(adapters::validate(change));
  change.kind = adapters::EmploymentChangeKind::kTermination;
  BOOST_CHECK_THROW(adapters::validate(change), InvalidInput);  // a termination has no new values
  change.new_position.reset();
  BOOST_CHECK_NO_THROW(adapters::validate(change));
  change.kind = adapters::EmploymentChangeKind::kChange;
  change.new_manager_employment_id = "100234";
  BOOST_CHECK_THROW(adapters::validate(change), InvalidInput);  // own manager
}

BOOST_AUTO_TEST_CASE(incoming_documents) {
  BOOST_CHECK_NO_THROW(adapters::validate(incoming()));
  auto document = incoming();
  document.board = "ÖFN";
  BOOST_CHECK_NO_THROW(adapters::validate(document));
  document.board = "ks";
  BOOST_CHECK_THROW(adapters::validate(document), InvalidInput);
  document = incoming();
  document.existing_case = "KS 2026/142";
  BOOST_CHECK_NO_THROW(adapters::validate(document));
  for (const char* bad : {"KS 26/142", "KS 2026/0", "KS2026/142", "BUN 2026/142", "KS 2026/"}) {
    document.existing_case = bad;
    BOOST_CHECK_THROW(adapters::validate(document), InvalidInput);
  }
  document = incoming();
  document.secret = true;
  BOOST_CHECK_THROW(adapters::validate(document), InvalidInput);  // no OSL paragraph
  document.secrecy_reference = "OSL 26 kap. 1 §";
  BOOST_CHECK_NO_THROW(adapters::validate(document));
  document.files.push_back(adapters::DocumentFile{"../evil.pdf", "application/pdf", "x"});
  BOOST_CHECK_THROW(adapters::validate(document), InvalidInput);
}

BOOST_AUTO_TEST_CASE(a_path_segment_escapes_every_byte_but_the_unreserved) {
  for (int c = 0; c < 256; ++c) {
    const char byte = static_cast<char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' || byte == '~';
    static constexpr char kHex[] = "0123456789ABCDEF";
    const std::string escaped{'%', kHex[c >> 4], kHex[c & 0x0f]};
    const std::string segment = std::string("a") + byte;
    BOOST_TEST(adapters::encode_path_segment(segment) == "a" + (unreserved ? std::string(1, byte) : escaped), c);
  }
  BOOST_TEST(adapters::encode_path_segment(".") == "%2E");
  BOOST_TEST(adapters::encode_path_segment("å ä") == "%C3%A5%20%C3%A4");
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>

#include "services/server/encrypted_columns_checks.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(encrypted_columns_test)

BOOST_AUTO_TEST_CASE(every_encrypted_value_is_rotated) {
  test::TempDir dir;
  const std::string url = "sqlite:" + (dir / "samverkan.db").string();
  auto db = storage::Database::open(storage::DatabaseUrl::parse(url), 4);
  test::check_every_encrypted_value_is_rotated(*db, url, dir);
}

BOOST_AUTO_TEST_CASE(every_module_registers_its_tables_once) {
  const auto columns = server::encrypted_columns();
  std::map<std::string, std::string> owners;
  for (const auto& table : columns.tables()) owners[table.table] = table.owner;
  BOOST_TEST((owners == std::map<std::string, std::string>{{"bankid_login", "libcore auth"},
                                                           {"case_document", "casehandling"},
                                                           {"case_party", "casehandling"},
                                                           {"eservice_attachment", "eservices"},
                                                           {"eservice_draft", "eservices"},
                                                           {"eservice_errand", "eservices"},
                                                           {"eservice_errand_message", "eservices"},
                                                           {"eservice_errand_note", "eservices"},
                                                           {"eservice_notice_preference", "eservices"},
                                                           {"eservice_page_draft", "eservices"},
                                                           {"eservice_page_file", "eservices"},
                                                           {"hiring_bankid_order", "hiring"},
                                                           {"hiring_contract", "hiring"},
                                                           {"hiring_draft", "hiring"},
                                                           {"hiring_hire", "hiring"},
                                                           {"hiring_invitation", "hiring"},
                                                           {"mailbox_message", "mailbox"},
                                                           {"staff_user", "libcore auth"},
                                                           {"web_session", "libcore auth"}}));
  BOOST_TEST(columns.column_count() == 35u);
  BOOST_TEST(columns.table("eservice_attachment").tenant_column == "municipality");
  BOOST_TEST(columns.table("staff_user").tenant_column.empty(), "staff users belong to the cooperation");
  BOOST_CHECK_THROW(columns.table("municipality"), NotFound);
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>

#include <sstream>

#include "libcore/audit/audit_log_checks.hpp"
#include "libcore/crypto/key_rotation_checks.hpp"
#include "samverkan/server/cli_security.hpp"
#include "samverkan/server/migrations.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

struct CliFixture {
  test::TempDir dir;
  std::string url = "sqlite:" + (dir / "samverkan.db").string();
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(url), 2);
  test::EnvironmentGuard no_env_keys{crypto::Keyring::kEnvironmentVariable, std::nullopt};
};

template <typename F>
Run capture(F&& f) {
  std::ostringstream out, err;
  const int code = f(out, err);
  return {code, out.str(), err.str()};
}

Run verify(const std::string& url, const std::optional<std::string>& municipality = std::nullopt) {
  return capture(
      [&](std::ostream& out, std::ostream& err) { return server::run_audit_verify(url, municipality, out, err); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_security_test)

BOOST_FIXTURE_TEST_CASE(audit_verify_reports_intact_and_broken_trails, CliFixture) {
  test::AuditWorld world(*db);
  world.fill_standard();
  const auto intact = verify(url);
  BOOST_TEST(intact.code == 0);
  BOOST_TEST(intact.out == "audit trail intact: 5 entries\n");
  BOOST_TEST(intact.err.empty());
  BOOST_TEST(verify(url, "0680").out == "audit trail intact: 2 entries\n");

  test::exec_sql(*db, "UPDATE audit_entry SET detail = 'x' WHERE municipality = '0604' AND sequence = 2");
  const auto broken = verify(url);
  BOOST_TEST(broken.code == 1);
  BOOST_TEST(broken.out.empty());
  BOOST_TEST(broken.err ==
             "audit trail broken: municipality 0604, entry 2: entry 2 was edited: its content does not match its "
             "hash (1 entries verified before it)\n");
  BOOST_TEST(verify(url, "0680").code == 0, "the other municipality's chain is intact");
}

BOOST_FIXTURE_TEST_CASE(audit_verify_usage_and_failures, CliFixture) {
  const auto bad_code = verify(url, "06x4");
  BOOST_TEST(bad_code.code == 2);
  BOOST_TEST(bad_code.err.find("samverkan audit verify: --municipality: ") == 0);
  // An unmigrated database has no audit tables: a failure with the reason, not a crash.
  const auto unmigrated = verify(url);
  BOOST_TEST(unmigrated.code == 1);
  BOOST_TEST(unmigrated.err.find("samverkan audit verify: cannot verify the audit trail") == 0);
  const auto bad_url = verify("mysql://nowhere");
  BOOST_TEST(bad_url.code == 1);
}

BOOST_FIXTURE_TEST_CASE(audit_head_prints_sequence_and_hash, CliFixture) {
  test::AuditWorld world(*db);
  world.fill_standard();
  const auto head =
      capture([&](std::ostream& out, std::ostream& err) { return server::run_audit_head(url, "0604", out, err); });
  BOOST_TEST(head.code == 0);
  BOOST_TEST(head.out == "0604 3 " + test::read_stored(*db, "0604", 3).hash + "\n");
  const auto empty =
      capture([&](std::ostream& out, std::ostream& err) { return server::run_audit_head(url, "0617", out, err); });
  BOOST_TEST(empty.out == "0617 0 " + std::string(audit::kGenesisHash) + "\n");
  const auto bad =
      capture([&](std::ostream& out, std::ostream& err) { return server::run_audit_head(url, "12345", out, err); });
  BOOST_TEST(bad.code == 2);
}

BOOST_FIXTURE_TEST_CASE(keys_rotate_covers_the_registered_columns, CliFixture) {
  storage::Migrator(*db, server::platform_migrations()).migrate();
  const auto keys = dir.write_secret("keys", test::kKeyLine1 + "\n" + test::kKeyLine2 + "\n");
  const auto run =
      capture([&](std::ostream& out, std::ostream& err) { return server::run_keys_rotate(url, keys, 100, out, err); });
  BOOST_TEST(run.code == 0, run.err);
  BOOST_TEST(run.out.find("keys from " + keys.string() + ": 2 keys, active key k2\n") == 0);
  BOOST_TEST(run.out.find("staff_user.totp_secret: done, 0 values") != std::string::npos, run.out);
  BOOST_TEST(run.out.find("web_session.personnummer: done, 0 values") != std::string::npos, run.out);
  BOOST_TEST(run.out.find("eservice_notice_preference.email: done, 0 values") != std::string::npos, run.out);
  BOOST_TEST(run.out.find("eservice_notice_preference.mobile: done, 0 values") != std::string::npos, run.out);
  for (const std::string column :
       {"eservice_draft.answers",       "eservice_errand.answers",     "eservice_attachment.file_name",
        "eservice_attachment.content",  "eservice_errand_note.body",   "eservice_errand_message.body",
        "case_party.person_name",       "case_party.person_identity",  "case_document.counterpart_person",
        "case_document.content",        "mailbox_message.recipient",   "mailbox_message.subject",
        "mailbox_message.content",      "hiring_hire.given_name",      "hiring_hire.family_name",
        "hiring_hire.personnummer",     "hiring_hire.private_email",   "hiring_hire.mobile",
        "hiring_hire.details",          "hiring_draft.content",        "hiring_contract.pdf",
        "hiring_contract.link_token",   "hiring_contract.evidence",    "hiring_bankid_order.qr_start_secret",
        "hiring_invitation.token",      "bankid_login.order_ref",      "bankid_login.auto_start_token",
        "bankid_login.qr_start_secret", "eservice_page_draft.answers", "eservice_page_file.file_name",
        "eservice_page_file.content"}) {
    BOOST_TEST(run.out.find(column + ": done, 0 values") != std::string::npos, column);
  }
  BOOST_TEST(run.out.find("every encrypted column (35 in 19 tables) is on key k2\n") != std::string::npos, run.out);
}

BOOST_FIXTURE_TEST_CASE(keys_rotate_refuses_to_drop_a_key_still_in_use, CliFixture) {
  storage::Migrator(*db, server::platform_migrations()).migrate();
  test::create_notes(*db, test::ring_k1(), 3);
  const auto all = dir.write_secret("all", test::kKeyLine1 + "\n" + test::kKeyLine2 + "\n");
  const auto first = capture([&](std::ostream& out, std::ostream& err) {
    return server::run_keys_rotate(url, all, 2, test::note_columns(), out, err);
  });
  BOOST_TEST(first.code == 0, first.err);
  // Every note is now under k2. The operator adds k3 and, too early, removes k2.
  const auto third = crypto::Keyring::generate_key("k3");
  const auto without_k2 =
      dir.write_secret("without-k2", test::kKeyLine1 + "\n" + crypto::Keyring::format_line(third) + "\n");
  const auto refused = capture([&](std::ostream& out, std::ostream& err) {
    return server::run_keys_rotate(url, without_k2, 2, test::note_columns(), out, err);
  });
  BOOST_TEST(refused.code == 1);
  BOOST_TEST(refused.err.find("key 'k2' is no longer in the keyring (" + without_k2.string() +
                              ") but 3 values are still encrypted with it (secret_note.body 3); put the key back") !=
                 std::string::npos,
             refused.err);
  // With k2 back (after k3), the rotation moves everything to k3 and k2 may go.
  const auto with_k2 = dir.write_secret(
      "with-k2", test::kKeyLine1 + "\n" + test::kKeyLine2 + "\n" + crypto::Keyring::format_line(third) + "\n");
  const auto rotated = capture([&](std::ostream& out, std::ostream& err) {
    return server::run_keys_rotate(url, with_k2, 2, test::note_columns(), out, err);
  });
  BOOST_TEST(rotated.code == 0, rotated.err);
  const auto retired = capture([&](std::ostream& out, std::ostream& err) {
    return server::run_keys_rotate(url, without_k2, 2, test::note_columns(), out, err);
  });
  BOOST_TEST(retired.code == 0, retired.err);
  BOOST_TEST(retired.out.find("key 'k2' is retired: no value is encrypted with it any more\n") != std::string::npos,
             retired.out);
}

BOOST_FIXTURE_TEST_CASE(keys_rotate_rotates_and_reports_progress, CliFixture) {
  storage::Migrator(*db, server::platform_migrations()).migrate();
  test::create_notes(*db, test::ring_k1(), 5);
  const auto keys = dir.write_secret("keys", test::kKeyLine1 + "\n" + test::kKeyLine2 + "\n");
  const auto run = capture([&](std::ostream& out, std::ostream& err) {
    return server::run_keys_rotate(url, keys, 2, test::note_columns(), out, err);
  });
  BOOST_TEST(run.code == 0, run.err);
  BOOST_TEST(run.out == "keys from " + keys.string() +
                            ": 2 keys, active key k2\n"
                            "secret_note.body: batch 1, 2 of 5 re-encrypted\n"
                            "secret_note.body: batch 2, 4 of 5 re-encrypted\n"
                            "secret_note.body: batch 3, 5 of 5 re-encrypted\n"
                            "secret_note.body: done, 5 values re-encrypted; all on key k2\n"
                            "every encrypted column (1 in 1 tables) is on key k2\n");
  BOOST_TEST((test::key_ids_in_use(*db) == std::map<std::string, int>{{"k2", 5}}));
  test::check_all_notes_decrypt(*db, test::ring_k1_k2(), 5);
}

BOOST_FIXTURE_TEST_CASE(keys_rotate_failures, CliFixture) {
  storage::Migrator(*db, server::platform_migrations()).migrate();
  const auto zero = capture(
      [&](std::ostream& out, std::ostream& err) { return server::run_keys_rotate(url, dir / "keys", 0, out, err); });
  BOOST_TEST(zero.code == 2);
  const auto missing = capture([&](std::ostream& out, std::ostream& err) {
    return server::run_keys_rotate(url, dir / "no-such-file", 10, out, err);
  });
  BOOST_TEST(missing.code == 1);
  BOOST_TEST(missing.err.find("samverkan keys rotate: no keys: SAMVERKAN_KEYS is not set") == 0);
  BOOST_TEST(!std::filesystem::exists(dir / "no-such-file"), "rotate never creates keys");

  // A key file whose k1 is not the key this database knows as k1 is refused before any rotation.
  const auto good = dir.write_secret("good", test::kKeyLine1 + "\n");
  const auto first =
      capture([&](std::ostream& out, std::ostream& err) { return server::run_keys_rotate(url, good, 10, out, err); });
  BOOST_TEST(first.code == 0, first.err);
  const auto wrong = dir.write_secret("wrong", "k1:" + test::kKeyLine2.substr(3) + "\n");
  const auto refused =
      capture([&](std::ostream& out, std::ostream& err) { return server::run_keys_rotate(url, wrong, 10, out, err); });
  BOOST_TEST(refused.code == 1);
  BOOST_TEST(refused.err.find("the blind-index key changed") != std::string::npos, refused.err);
}

BOOST_AUTO_TEST_SUITE_END()

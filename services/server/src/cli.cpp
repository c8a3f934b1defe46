#include "samverkan/server/cli.hpp"

#include <pthread.h>
#include <signal.h>

#include <boost/program_options.hpp>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/config/diagnostics.hpp"
#include "samverkan/config/schema_reference.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/ids/identifier_check.hpp"
#include "samverkan/server/cli_auth.hpp"
#include "samverkan/server/cli_calendar.hpp"
#include "samverkan/server/cli_eservice.hpp"
#include "samverkan/server/cli_mail.hpp"
#include "samverkan/server/cli_mail_client.hpp"
#include "samverkan/server/cli_security.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/server/products.hpp"
#include "samverkan/server/version.hpp"
#include "samverkan/storage/migrator.hpp"

#include "detail/cli_support.hpp"

namespace samverkan::server {
namespace po = boost::program_options;
namespace {

using cli::kFailed;
using cli::kOk;
using cli::kUsage;

struct Command {
  std::string summary;
  std::string usage;
  std::function<void(po::options_description&, po::positional_options_description&)> describe;
  std::function<int(const po::variables_map&, std::ostream&, std::ostream&)> run;
};

int run_serve(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
  // Block the termination signals before any thread starts, so that only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  struct RestoreMask {
    sigset_t mask;
    ~RestoreMask() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{previous};

  log::Logger logger(err);
  PlatformOptions options;
  options.config_file = vm["config"].as<std::string>();
  options.data_dir = vm["data"].as<std::string>();
  options.database_url = vm["db"].as<std::string>();
  options.database_password_file = vm["db-password-file"].as<std::string>();
  options.listen = vm["listen"].as<std::string>();
  options.public_url = vm["public-url"].as<std::string>();
  options.key_file = vm["key-file"].as<std::string>();
  options.metrics_token_file = vm["metrics-token-file"].as<std::string>();
  options.staff_ca_file = vm["staff-ca"].as<std::string>();
  if (vm.count("staff-crl") > 0 || !vm["staff-ocsp"].as<std::string>().empty()) {
    auth::RevocationOptions revocation;
    if (vm.count("staff-crl") > 0) revocation.crl_urls = vm["staff-crl"].as<std::vector<std::string>>();
    revocation.ocsp_url = vm["staff-ocsp"].as<std::string>();
    revocation.mode = auth::parse_revocation_mode(vm["staff-revocation"].as<std::string>());
    const int refresh = vm["staff-crl-refresh"].as<int>();
    if (refresh < 60) throw InvalidInput("--staff-crl-refresh: at least 60 seconds");
    revocation.crl_refresh = std::chrono::seconds(refresh);
    options.staff_revocation = std::move(revocation);
  }
  if (!vm["bankid-url"].as<std::string>().empty()) {
    bankid::ClientOptions bankid;
    bankid.base_url = vm["bankid-url"].as<std::string>();
    bankid.client_certificate_file = vm["bankid-cert"].as<std::string>();
    bankid.client_private_key_file = vm["bankid-key"].as<std::string>();
    bankid.server_ca_file = vm["bankid-ca"].as<std::string>();
    options.bankid = bankid;
  }
  if (!vm["smtp-host"].as<std::string>().empty()) {
    eservices::SmtpOptions smtp;
    smtp.host = vm["smtp-host"].as<std::string>();
    smtp.port = vm["smtp-port"].as<std::uint16_t>();
    smtp.from = vm["smtp-from"].as<std::string>();
    smtp.ca_file = vm["smtp-ca"].as<std::string>();
    smtp.require_tls = vm["smtp-require-tls"].as<bool>();
    options.smtp = smtp;
  }
  options.tls_certificate = vm["tls-cert"].as<std::string>();
  options.tls_private_key = vm["tls-key"].as<std::string>();
  options.server.max_threads = vm["max-connections"].as<int>();
  const int idle_minutes = vm["session-idle-timeout"].as<int>();
  if (idle_minutes < 1 || idle_minutes > 24 * 60) {
    throw InvalidInput("--session-idle-timeout is 1 to 1440 minutes");
  }
  options.sessions.idle_timeout = std::chrono::minutes(idle_minutes);
  auto platform = Platform::start(options, logger);
  out << "Samverkan " << version() << " serves " << platform->cooperation().name << " at " << platform->url()
      << "\n  health: " << platform->url() << "/health\n  stop with Ctrl-C or SIGTERM" << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  logger.info("shutting down", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  platform->stop(std::chrono::seconds(vm["shutdown-grace"].as<int>()));
  return kOk;
}

int run_migrate(const po::variables_map& vm, std::ostream& out, std::ostream&) {
  auto db = open_database(vm["db"].as<std::string>(), {}, vm["db-password-file"].as<std::string>(), 1);
  storage::Migrator migrator(*db, platform_migrations());
  const auto applied = migrator.migrate();
  if (applied.empty()) {
    out << db->url().redacted() << ": already at schema version " << migrator.current_version() << ", nothing to do\n";
  } else {
    out << db->url().redacted() << ": applied";
    for (int version : applied) out << ' ' << version;
    out << "; schema version is now " << migrator.current_version() << '\n';
  }
  return kOk;
}

int run_check_config(const po::variables_map& vm, std::ostream& out, std::ostream&) {
  const auto file = vm["file"].as<std::string>();
  const auto cooperation = config::load_cooperation(file);
  // The same check as serve's, without building the platform's own diary.
  const auto products = product_catalogue();
  bind_members(cooperation, products, nullptr);
  out << file << ": valid; " << cooperation.name << " with " << cooperation.members.size() << " members:";
  for (const auto& member : cooperation.members) out << ' ' << member.code.str();
  out << '\n';
  for (const auto& member : cooperation.members) {
    out << "  " << member.code.str() << ' ' << member.display_name() << ':';
    std::string separator = " ";
    for (const auto kind : adapters::kAllAdapterKinds) {
      const auto* binding = member.adapters.find(kind);
      const auto* fallback = products.default_product(kind);
      if (binding == nullptr && fallback == nullptr) continue;
      out << separator << adapters::element_name(kind) << ' '
          << (binding != nullptr ? binding->product() : fallback->key + " (default)");
      separator = ", ";
    }
    out << '\n';
  }
  return kOk;
}

std::chrono::year_month_day parse_date(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char dash1 = 0, dash2 = 0;
  std::istringstream in(text);
  in >> y >> dash1 >> m >> dash2 >> d;
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!in || !in.eof() || dash1 != '-' || dash2 != '-' || !date.ok()) {
    throw InvalidInput("--reference-date must be a date YYYY-MM-DD, not '" + text + "'");
  }
  return date;
}

int run_id(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
  const auto action = vm["action"].as<std::string>();
  if (action != "check") {
    err << "samverkan id: unknown action '" << action << "' (use: samverkan id check VALUE)\n";
    return kUsage;
  }
  const auto reference =
      vm.count("reference-date") != 0 ? parse_date(vm["reference-date"].as<std::string>()) : ids::today_utc();
  const auto result = ids::check_identifier(vm["value"].as<std::string>(), reference);
  out << "kind: " << result.kind_name() << "\nnormalised: " << result.normalised << '\n';
  if (result.birth_date) out << "birth date: " << *result.birth_date << '\n';
  if (result.gender) out << "legal gender: " << ids::to_string(*result.gender) << '\n';
  if (!result.description.empty()) out << "about: " << result.description << '\n';
  return kOk;
}

int run_version(const po::variables_map&, std::ostream& out, std::ostream&) {
  out << "samverkan " << version() << '\n';
  return kOk;
}

std::map<std::string, Command> commands() {
  std::map<std::string, Command> all;
  all["serve"] = {
      "start the platform over HTTPS", "samverkan serve --config FILE [--db URL] [--listen ADDR:PORT] [--data DIR]",
      [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("config", po::value<std::string>()->required(),
                        "the cooperation file (XML, validated against xsd/cooperation.xsd), e.g. "
                        "examples/NAME/cooperation.xml")(
            "db", po::value<std::string>()->default_value(""),
            "database URL: sqlite:PATH or postgresql://user@host:port/dbname (default sqlite:DATA/samverkan.db)")(
            "db-password-file", po::value<std::string>()->default_value(""),
            "file holding the PostgreSQL password (or set PGPASSWORD)")(
            "listen", po::value<std::string>()->default_value("127.0.0.1:8443"), "address and port to serve on")(
            "public-url", po::value<std::string>()->default_value(""),
            "the address people reach the platform at, https://samverkan.example (links in letters and "
            "notices; default: https://localhost:PORT)")(
            "data", po::value<std::string>()->default_value("data"),
            "data folder: the SQLite database and the development certificate")(
            "key-file", po::value<std::string>()->default_value(""),
            "field-encryption key file (default: DATA/keys, created on first start; SAMVERKAN_KEYS wins)")(
            "tls-cert", po::value<std::string>()->default_value(""),
            "PEM certificate (default: a self-signed development certificate in DATA/tls)")(
            "tls-key", po::value<std::string>()->default_value(""), "PEM private key for --tls-cert")(
            "staff-ca", po::value<std::string>()->default_value(""),
            "PEM bundle of CAs for staff card (SITHS) client certificates; off when empty")(
            "staff-crl", po::value<std::vector<std::string>>()->composing(),
            "CRL distribution point (http:// or https://) of a staff CA, repeatable; downloaded at start, kept in "
            "DATA/crl, refreshed every --staff-crl-refresh seconds and when its nextUpdate passes")(
            "staff-ocsp", po::value<std::string>()->default_value(""),
            "OCSP responder for staff certificates (http:// or https://), or 'aia' for each certificate's own")(
            "staff-revocation", po::value<std::string>()->default_value("soft"),
            "when a staff certificate's revocation status cannot be established: 'soft' accepts it (logged), "
            "'hard' refuses it")("staff-crl-refresh", po::value<int>()->default_value(3600),
                                 "seconds between CRL downloads (>= 60)")(
            "bankid-url", po::value<std::string>()->default_value(""),
            "BankID RP API v6 base URL, e.g. https://appapi2.test.bankid.com/rp/v6.0/ (citizen login off when empty)")(
            "bankid-cert", po::value<std::string>()->default_value(""), "our BankID RP client certificate (PEM)")(
            "bankid-key", po::value<std::string>()->default_value(""), "its private key (PEM)")(
            "bankid-ca", po::value<std::string>()->default_value(""), "the CA of BankID's server certificate (PEM)")(
            "smtp-host", po::value<std::string>()->default_value(""),
            "SMTP relay for e-mail receipts (STARTTLS when offered, no login); receipts wait when empty")(
            "smtp-port", po::value<std::uint16_t>()->default_value(25), "the relay's port")(
            "smtp-from", po::value<std::string>()->default_value(""), "sender address of receipts, noreply@...")(
            "smtp-ca", po::value<std::string>()->default_value(""),
            "PEM CAs for the relay's STARTTLS (default: system)")(
            "smtp-require-tls", po::value<bool>()->default_value(false), "refuse a relay that does not offer STARTTLS")(
            "max-connections", po::value<int>()->default_value(128),
            "connections served at once (one thread each; keep-alive clients hold one)")(
            "shutdown-grace", po::value<int>()->default_value(10),
            "seconds in-flight requests get to finish on SIGTERM")(
            "session-idle-timeout", po::value<int>()->default_value(20),
            "minutes without a request after which a staff or citizen browser session ends")(
            "metrics-token-file", po::value<std::string>()->default_value(""),
            "owner-only file holding the bearer token (32+ characters) that /metrics is scraped with; "
            "/metrics is off when empty");
      },
      run_serve};
  all["migrate"] = {"apply the database schema migrations (idempotent)",
                    "samverkan migrate --db URL [--db-password-file FILE]",
                    [](po::options_description& o, po::positional_options_description&) {
                      o.add_options()("db", po::value<std::string>()->required(),
                                      "database URL: sqlite:PATH or postgresql://user@host:port/dbname")(
                          "db-password-file", po::value<std::string>()->default_value(""),
                          "file holding the PostgreSQL password (or set PGPASSWORD)");
                    },
                    run_migrate};
  all["check-config"] = {"validate a cooperation file; errors are printed as file:line: reason",
                         "samverkan check-config FILE",
                         [](po::options_description& o, po::positional_options_description& p) {
                           o.add_options()("file", po::value<std::string>()->required(), "the cooperation file");
                           p.add("file", 1);
                         },
                         run_check_config};
  all["config"] = {
      "print the configuration reference (Markdown, every element and attribute) generated from the schemas",
      "samverkan config reference [--xsd-dir DIR]",
      [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("action", po::value<std::string>()->required(), "reference")(
            "xsd-dir", po::value<std::string>(),
            "the schema folder (default: $SAMVERKAN_XSD_DIR, else the source tree's xsd/, else the installed "
            "share/samverkan/xsd)");
        p.add("action", 1);
      },
      [](const po::variables_map& vm, std::ostream& out, std::ostream& err) {
        if (vm["action"].as<std::string>() != "reference") {
          err << "samverkan config: the only action is 'reference' (samverkan config reference [--xsd-dir DIR])\n";
          return kUsage;
        }
        const std::filesystem::path dir = vm.count("xsd-dir") != 0
                                              ? std::filesystem::path(vm["xsd-dir"].as<std::string>())
                                              : config::default_xsd_dir();
        // Generated whole before anything is written, so that a failure prints no half reference.
        out << config::schema_reference_markdown(dir);
        return kOk;
      }};
  all["eservice"] = {
      "check, import, publish or withdraw e-service definitions in the shared catalogue (as the console "
      "operator with the administrator role in the municipality concerned)",
      "samverkan eservice check FILE.xml\n"
      "       samverkan eservice import FILE.xml --db URL --config FILE [--key-file FILE]\n"
      "       samverkan eservice publish ID --municipality CODE --db URL --config FILE [--version N] [--title TEXT]\n"
      "                                 [--unit UNIT] [--contact TEXT] [--fees TEXT] [--information TEXT]\n"
      "       samverkan eservice withdraw ID --municipality CODE --db URL --config FILE",
      [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("action", po::value<std::string>()->required(), "check, import, publish or withdraw")(
            "target", po::value<std::string>(), "the definition file (check, import) or the e-service id")(
            "db", po::value<std::string>(), "database URL")(
            "key-file", po::value<std::string>()->default_value("data/keys"),
            "field-encryption key file (the default is created when missing, as serve does; SAMVERKAN_KEYS wins)")(
            "config", po::value<std::string>(), "the cooperation file (members, units, boards); required with --db")(
            "municipality", po::value<std::string>(), "kommunkod (publish, withdraw)")(
            "version", po::value<int>(), "the version to publish (default: the newest)")(
            "title", po::value<std::string>(), "local title (both languages)")(
            "unit", po::value<std::string>()->default_value(""), "handling unit id of the municipality")(
            "contact", po::value<std::string>()->default_value(""), "local contact")(
            "fees", po::value<std::string>(), "local fees text (both languages)")(
            "information", po::value<std::string>(), "extra local information (both languages)");
        p.add("action", 1).add("target", 1);
      },
      [](const po::variables_map& vm, std::ostream& out, std::ostream& err) {
        const auto action = vm["action"].as<std::string>();
        const auto optional = [&](const char* name) {
          return vm.count(name) != 0 ? std::optional<std::string>(vm[name].as<std::string>()) : std::nullopt;
        };
        const auto target = optional("target");
        if (action == "check" && target) return run_eservice_check(*target, out, err);
        EServiceStore store;
        if (vm.count("db") != 0) {
          store.db_url = vm["db"].as<std::string>();
          store.key_file = vm["key-file"].as<std::string>();
          store.create_key_file = vm["key-file"].defaulted();
          if (vm.count("config") == 0) {
            err << "samverkan eservice: give the cooperation file with --config FILE\n";
            return kUsage;
          }
          store.cooperation = vm["config"].as<std::string>();
        }
        const auto municipality = optional("municipality");
        if (action == "import" && target && vm.count("db") != 0) return run_eservice_import(store, *target, out, err);
        if (action == "publish" && target && municipality && vm.count("db") != 0) {
          EServicePublishRequest request;
          request.service_id = *target;
          request.municipality = *municipality;
          if (vm.count("version") != 0) request.version = vm["version"].as<int>();
          request.title = optional("title");
          request.unit = vm["unit"].as<std::string>();
          request.contact = vm["contact"].as<std::string>();
          request.fees = optional("fees");
          request.information = optional("information");
          return run_eservice_publish(store, request, out, err);
        }
        if (action == "withdraw" && target && municipality && vm.count("db") != 0) {
          return run_eservice_withdraw(store, *target, *municipality, out, err);
        }
        err << "samverkan eservice: use 'check FILE', 'import FILE --db URL', "
               "'publish ID --municipality CODE --db URL' or 'withdraw ID --municipality CODE --db URL'\n";
        return kUsage;
      }};
  all["id"] = {"check a Swedish identifier: personnummer, samordningsnummer, organisationsnummer, HSA-id, kommunkod",
               "samverkan id check VALUE [--reference-date YYYY-MM-DD]",
               [](po::options_description& o, po::positional_options_description& p) {
                 o.add_options()("action", po::value<std::string>()->required(), "check")(
                     "value", po::value<std::string>()->required(), "the identifier")(
                     "reference-date", po::value<std::string>(),
                     "the date that decides the century of 10-digit personnummer (default: today)");
                 p.add("action", 1).add("value", 1);
               },
               run_id};
  all["audit"] = {
      "verify the audit trail's hash chains, or print a chain's head for anchoring elsewhere",
      "samverkan audit verify --db URL [--municipality CODE] | samverkan audit head --db URL --municipality CODE",
      [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("action", po::value<std::string>()->required(), "verify or head")(
            "db", po::value<std::string>()->required(), "database URL")(
            "municipality", po::value<std::string>(), "kommunkod (required for head; verify checks all when absent)");
        p.add("action", 1);
      },
      [](const po::variables_map& vm, std::ostream& out, std::ostream& err) {
        const auto action = vm["action"].as<std::string>();
        const auto db = vm["db"].as<std::string>();
        std::optional<std::string> municipality;
        if (vm.count("municipality") != 0) municipality = vm["municipality"].as<std::string>();
        if (action == "verify") return run_audit_verify(db, municipality, out, err);
        if (action == "head" && municipality) return run_audit_head(db, *municipality, out, err);
        err << "samverkan audit: use 'verify' or 'head --municipality CODE'\n";
        return kUsage;
      }};
  all["keys"] = {"re-encrypt stored personal data with the active key, in resumable batches",
                 "samverkan keys rotate --db URL [--key-file FILE] [--batch-size N]",
                 [](po::options_description& o, po::positional_options_description& p) {
                   o.add_options()("action", po::value<std::string>()->required(), "rotate")(
                       "db", po::value<std::string>()->required(), "database URL")(
                       "key-file", po::value<std::string>()->default_value("data/keys"),
                       "the key file (SAMVERKAN_KEYS takes precedence); its last key is the active one")(
                       "batch-size", po::value<std::size_t>()->default_value(500), "rows per transaction");
                   p.add("action", 1);
                 },
                 [](const po::variables_map& vm, std::ostream& out, std::ostream& err) {
                   if (vm["action"].as<std::string>() != "rotate") {
                     err << "samverkan keys: the only action is 'rotate'\n";
                     return kUsage;
                   }
                   return run_keys_rotate(vm["db"].as<std::string>(), vm["key-file"].as<std::string>(),
                                          vm["batch-size"].as<std::size_t>(), out, err);
                 }};
  all["client"] = {
      "create, list or revoke the API clients of one municipality (OAuth 2.0 client credentials)",
      "samverkan client create --db URL --municipality CODE --scopes errands:read,cases:read [--key-file FILE]\n"
      "       samverkan client list --db URL --municipality CODE [--key-file FILE]\n"
      "       samverkan client revoke ID --db URL [--key-file FILE]",
      [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("action", po::value<std::string>()->required(), "create, list or revoke")(
            "id", po::value<std::string>(), "the client id (revoke)")("db", po::value<std::string>()->required(),
                                                                      "database URL")(
            "key-file", po::value<std::string>()->default_value("data/keys"), "field-encryption key file")(
            "municipality", po::value<std::string>(), "kommunkod of the client's municipality (create, list)")(
            "scopes", po::value<std::string>(), "comma-separated scopes (create)");
        p.add("action", 1).add("id", 1);
      },
      [](const po::variables_map& vm, std::ostream& out, std::ostream& err) {
        const auto action = vm["action"].as<std::string>();
        const auto db = vm["db"].as<std::string>();
        const std::filesystem::path keys = vm["key-file"].as<std::string>();
        if (action == "create" && vm.count("municipality") != 0 && vm.count("scopes") != 0) {
          return run_client_create(db, keys, vm["municipality"].as<std::string>(), vm["scopes"].as<std::string>(), out,
                                   err);
        }
        if (action == "list" && vm.count("municipality") != 0) {
          return run_client_list(db, keys, vm["municipality"].as<std::string>(), out, err);
        }
        if (action == "revoke" && vm.count("id") != 0) {
          return run_client_revoke(db, keys, vm["id"].as<std::string>(), out, err);
        }
        err << "samverkan client: use 'create --municipality CODE --scopes S', 'list --municipality CODE' or "
               "'revoke ID'\n";
        return kUsage;
      }};
  all["staff"] = {
      "create a staff user (one-time password and TOTP secret printed once) or grant roles",
      "samverkan staff create --db URL --username U [--hsa-id ID] [--name NAME] --municipality CODE --roles R,R\n"
      "       samverkan staff grant --db URL --username U --municipality CODE --roles R,R",
      [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("action", po::value<std::string>()->required(), "create or grant")(
            "db", po::value<std::string>()->required(), "database URL")(
            "key-file", po::value<std::string>()->default_value("data/keys"), "field-encryption key file")(
            "username", po::value<std::string>()->required(), "the user name")(
            "hsa-id", po::value<std::string>()->default_value(""), "HSA-id of the user's staff card (SITHS)")(
            "name", po::value<std::string>()->default_value(""), "display name")(
            "municipality", po::value<std::string>()->required(), "kommunkod")(
            "roles", po::value<std::string>()->required(),
            "comma-separated: administrator, registrar, case-handler, committee-secretary, committee-member, "
            "eservice-editor, reader, manager, hr, archivist");
        p.add("action", 1);
      },
      [](const po::variables_map& vm, std::ostream& out, std::ostream& err) {
        const auto action = vm["action"].as<std::string>();
        const auto db = vm["db"].as<std::string>();
        const std::filesystem::path keys = vm["key-file"].as<std::string>();
        if (action == "create") {
          return run_staff_create(db, keys, vm["username"].as<std::string>(), vm["hsa-id"].as<std::string>(),
                                  vm["name"].as<std::string>(), vm["municipality"].as<std::string>(),
                                  vm["roles"].as<std::string>(), out, err);
        }
        if (action == "grant") {
          return run_staff_grant(db, keys, vm["username"].as<std::string>(), vm["municipality"].as<std::string>(),
                                 vm["roles"].as<std::string>(), out, err);
        }
        err << "samverkan staff: use 'create' or 'grant'\n";
        return kUsage;
      }};
  all["calendar"] = {"Swedish public holidays of a year, or the last day to appeal a decision posted on a day",
                     "samverkan calendar holidays YEAR | samverkan calendar appeal-deadline --posted YYYY-MM-DD",
                     [](po::options_description& o, po::positional_options_description& p) {
                       o.add_options()("action", po::value<std::string>()->required(), "holidays or appeal-deadline")(
                           "year", po::value<std::string>(), "the year (holidays)")(
                           "posted", po::value<std::string>(), "the day the notice was posted (appeal-deadline)");
                       p.add("action", 1).add("year", 1);
                     },
                     [](const po::variables_map& vm, std::ostream& out, std::ostream& err) {
                       const auto action = vm["action"].as<std::string>();
                       if (action == "holidays" && vm.count("year") != 0 && vm.count("posted") == 0) {
                         return run_calendar_holidays(vm["year"].as<std::string>(), out, err);
                       }
                       if (action == "appeal-deadline" && vm.count("posted") != 0 && vm.count("year") == 0) {
                         return run_calendar_appeal_deadline(vm["posted"].as<std::string>(), out, err);
                       }
                       err << "samverkan calendar: use 'holidays YEAR' or 'appeal-deadline --posted YYYY-MM-DD'\n";
                       return kUsage;
                     }};
  all["mail"] = {
      "send letters through a server (send, bulk); compose or verify a signed delivery (no server)",
      std::string(
          "samverkan mail compose --sender-org ORGNR --to PERSONNUMMER --subject TEXT --body-file FILE "
          "[--body-type text/plain|text/html] [--attach FILE.pdf]... --key KEY.pem --cert CERT.pem --out OUT.xml\n"
          "       samverkan mail verify FILE.xml [--schema-dir DIR] [--ca FILE] [--sender-org ORGNR]\n"
          "       samverkan mail send --server URL --client-id ID --municipality KOMMUNKOD --to PERSONNUMMER "
          "--subject TEXT (--body TEXT | --body-file FILE) [--attach FILE.pdf]... [--case-number NR] [--wait] "
          "[--ca FILE]\n"
          "       samverkan mail bulk FILE.csv --server URL --client-id ID --municipality KOMMUNKOD [--chunk N] "
          "[--no-wait] [--ca FILE]\n"
          "send and bulk read the API client's secret from $SAMVERKAN_CLIENT_SECRET.\n") +
          kMailBulkCsvHelp,
      describe_mail_command, run_mail_command};
  all["version"] = {"print the version", "samverkan version",
                    [](po::options_description&, po::positional_options_description&) {}, run_version};
  return all;
}

void print_overview(std::ostream& os, const std::map<std::string, Command>& all) {
  os << "usage: samverkan COMMAND [OPTIONS]   (samverkan COMMAND --help for its options)\n\ncommands:\n";
  for (const auto& [name, command] : all) {
    os << "  " << name << std::string(name.size() < 14 ? 14 - name.size() : 1, ' ') << command.summary << '\n';
  }
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const auto all = commands();
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_overview(args.empty() ? err : out, all);
    return args.empty() ? kUsage : kOk;
  }
  const auto found = all.find(args[0]);
  if (found == all.end()) {
    err << "samverkan: unknown command '" << args[0] << "'\n\n";
    print_overview(err, all);
    return kUsage;
  }
  const Command& command = found->second;
  po::options_description options("options");
  options.add_options()("help,h", "show this help");
  po::positional_options_description positional;
  command.describe(options, positional);

  po::variables_map vm;
  try {
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    po::store(po::command_line_parser(rest).options(options).positional(positional).run(), vm);
    if (vm.count("help") != 0) {
      out << "usage: " << command.usage << "\n" << command.summary << "\n\n" << options;
      return kOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    err << "samverkan " << args[0] << ": " << e.what() << "\nusage: " << command.usage << '\n';
    return kUsage;
  }

  try {
    return command.run(vm, out, err);
  } catch (const config::ConfigError& e) {
    err << e.what() << (std::string_view(e.what()).ends_with('\n') ? "" : "\n");
    err << "samverkan " << args[0] << ": the configuration is invalid (" << e.diagnostics().size() << " problem"
        << (e.diagnostics().size() == 1 ? "" : "s") << ")\n";
    return kFailed;
  } catch (const Error& e) {
    err << "samverkan " << args[0] << ": " << e.what() << '\n';
    return kFailed;
  } catch (const std::exception& e) {
    err << "samverkan " << args[0] << ": unexpected error: " << e.what() << '\n';
    return kFailed;
  }
}

}  // namespace samverkan::server

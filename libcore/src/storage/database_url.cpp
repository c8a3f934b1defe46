#include "samverkan/storage/database_url.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <charconv>
#include <fstream>

#include "samverkan/core/error.hpp"

namespace samverkan::storage {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";

std::string decode(const std::string& text) {
  std::string out;
  Poco::URI::decode(text, out);
  return out;
}

// libpq conninfo values are single-quoted with backslash escapes.
std::string conninfo_value(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace

DatabaseUrl DatabaseUrl::parse(std::string_view url) {
  DatabaseUrl result;
  if (url.starts_with(kSqlitePrefix)) {
    auto path = url.substr(kSqlitePrefix.size());
    if (path.starts_with("//")) path.remove_prefix(2);  // tolerate sqlite://PATH
    if (const auto question = path.rfind('?'); question != std::string_view::npos) {
      const auto option = path.substr(question + 1);
      path = path.substr(0, question);
      if (option == "synchronous=full") {
        result.sqlite_synchronous = SqliteSynchronous::kFull;
      } else if (option == "synchronous=normal") {
        result.sqlite_synchronous = SqliteSynchronous::kNormal;
      } else {
        throw InvalidInput("database URL option '" + std::string(option) +
                           "' is not known; a sqlite: URL takes ?synchronous=full (the default) or "
                           "?synchronous=normal");
      }
    }
    if (path.empty()) throw InvalidInput("database URL 'sqlite:' needs a file path, e.g. sqlite:data/samverkan.db");
    result.backend = Backend::kSqlite;
    result.sqlite_path = std::string(path);
    return result;
  }
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
    throw InvalidInput("database URL must start with 'sqlite:' or 'postgresql://'");
  }
  Poco::URI uri;
  try {
    uri = Poco::URI(std::string(url));
  } catch (const Poco::Exception& e) {
    throw InvalidInput("database URL is malformed: " + e.message());
  }
  result.backend = Backend::kPostgresql;
  result.host = uri.getHost();
  if (result.host.empty()) throw InvalidInput("database URL has no host");
  result.port = uri.getPort() == 0 ? 5432 : uri.getPort();
  const std::string user_info = uri.getUserInfo();
  if (const auto colon = user_info.find(':'); colon != std::string::npos) {
    result.user = decode(user_info.substr(0, colon));
    result.password = decode(user_info.substr(colon + 1));
  } else {
    result.user = decode(user_info);
  }
  std::string path = uri.getPath();
  if (path.size() <= 1) throw InvalidInput("database URL has no database name (postgresql://user@host:port/dbname)");
  result.dbname = decode(path.substr(1));
  if (result.dbname.find('/') != std::string::npos) {
    throw InvalidInput("database name must not contain '/'");
  }
  // postgresql://user@%2Fvar%2Frun%2Fpostgresql/db names a socket directory as the host.
  result.host = decode(result.host);
  return result;
}

void DatabaseUrl::read_password_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) {
    throw InvalidInput("cannot read the database password file " + file.string());
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  password = line;
}

std::string DatabaseUrl::connect_string() const {
  if (backend == Backend::kSqlite) {
    return "db=" + sqlite_path.string() + " timeout=10";
  }
  std::string info = "host=" + conninfo_value(host) + " port=" + std::to_string(port) +
                     " dbname=" + conninfo_value(dbname) + " application_name='samverkan'" + " connect_timeout=5";
  if (!user.empty()) info += " user=" + conninfo_value(user);
  if (!password.empty()) info += " password=" + conninfo_value(password);
  return info;
}

std::string DatabaseUrl::redacted() const {
  if (backend == Backend::kSqlite) {
    return "sqlite:" + sqlite_path.string() +
           (sqlite_synchronous == SqliteSynchronous::kNormal ? "?synchronous=normal" : "");
  }
  std::string out = "postgresql://";
  if (!user.empty()) out += user + (password.empty() ? "" : ":***") + "@";
  out += host + ":" + std::to_string(port) + "/" + dbname;
  return out;
}

}  // namespace samverkan::storage

// Anonymous visitors and their attachments (issue 15, point 7): the platform in a child process
// of its own on SQLite (HTTPS on a free port, the example cooperation, the fault report
// published), and
// VISITORS anonymous visitors, each with a session of its own, posting the fault report's
// second step with a FILE_KIB KiB photo over CONNECTIONS connections at once.
//   mode "refused":  the step lacks its address, so it fails validation and keeps no file (what
//                    a security review once did to fill the server's memory);
//   mode "kept":     the step is valid, so each photo is kept in the visitor's draft (in the
//                    database, encrypted) until the drafts of all visitors reach their limit.
// Prints the visitors per second, the answers by status, latency percentiles, and the server
// process's resident memory (VmRSS) every 10 % and its peak (VmHWM). Not a test: nothing is
// asserted.
//   samverkan-bench-visitor-drafts [MODE=refused] [VISITORS=10000] [FILE_KIB=900] [CONNECTIONS=8]
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/example_copy.hpp"
#include "support/html_page.hpp"
#include "support/https_client.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

long status_kib(pid_t pid, const char* field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
  }
  return -1;
}

std::string encode(const std::string& value) {
  std::string out;
  for (const unsigned char c : value) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

struct Visit {
  int status = 0;
  double ms = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "refused";
  const int visitors = argc > 2 ? std::stoi(argv[2]) : 10000;
  const std::size_t file_kib = argc > 3 ? std::stoul(argv[3]) : 900;
  const int connections = argc > 4 ? std::stoi(argv[4]) : 8;
  if (mode != "refused" && mode != "kept") {
    std::cerr << "usage: samverkan-bench-visitor-drafts [refused|kept] [VISITORS] [FILE_KIB] [CONNECTIONS]\n";
    return 2;
  }
  test::TempDir dir;
  server::PlatformOptions options;
  options.config_file = test::runnable_example(dir);
  options.data_dir = dir.path() / "data";
  options.listen = "127.0.0.1:0";
  // Every visitor comes from 127.0.0.1 here: the per-address limit on anonymous posts is lifted.
  options.pages.anonymous_posts = {.per_second = 1e6, .burst = 1e6};
  // The server in a child process (forked before any thread), so that its memory is its own.
  int ready[2];
  if (pipe(ready) != 0) return 1;
  const pid_t server_pid = fork();
  if (server_pid == 0) {
    close(ready[0]);
    std::ofstream log_file(dir.path() / "server.log");  // on disk, not in the server's memory
    log::Logger logger(log_file);
    auto platform = server::Platform::start(options, logger);
    const auto eksjo = ids::Kommunkod::parse("0686");
    const auto editor = security::Principal::staff("editor", {{eksjo, {security::Role::kEServiceEditor}}});
    eservices::Catalogue catalogue(platform->cooperation());
    tenancy::Context ctx(platform->database(), editor, eksjo, SystemClock::instance(), &platform->audit_log());
    std::ifstream file(test::source_dir() / "examples/hoglandet/eservices/felanmalan-gata-park.xml");
    std::stringstream xml;
    xml << file.rdbuf();
    catalogue.import_definition(ctx, xml.str(), "felanmalan-gata-park.xml");
    catalogue.publish(ctx, "felanmalan-gata-park", 1, {});
    ctx.commit();
    const std::string line = std::to_string(platform->port()) + " " + platform->certificate_file().string() + "\n";
    if (write(ready[1], line.data(), line.size()) < 0) _exit(1);
    close(ready[1]);
    for (;;) pause();  // until the bench ends it
  }
  close(ready[1]);
  std::string line;
  char c = 0;
  while (read(ready[0], &c, 1) == 1 && c != '\n') line += c;
  close(ready[0]);
  if (line.empty()) {
    std::cerr << "the server did not start\n";
    return 1;
  }
  const auto port = static_cast<std::uint16_t>(std::stoi(line.substr(0, line.find(' '))));
  const std::filesystem::path certificate = line.substr(line.find(' ') + 1);
  // A PNG by its first bytes (the server checks the type by content), padded to the size.
  const unsigned char png_head[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
                                    'I',  'H', 'D', 'R', 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01};
  std::string photo(reinterpret_cast<const char*>(png_head), sizeof png_head);
  photo.resize(file_kib * 1024, '\0');
  const std::string fault = "/e/0686/tjanst/felanmalan-gata-park/steg/fault";
  const std::string place = "/e/0686/tjanst/felanmalan-gata-park/steg/place";
  const std::string boundary = "----benchBoundary";

  std::cout << "== visitor drafts: mode " << mode << ", " << visitors << " visitors, " << file_kib << " KiB each, "
            << connections << " connections, SQLite, " << std::thread::hardware_concurrency() << " cores ==\n"
            << "before: VmRSS " << status_kib(server_pid, "VmRSS:") / 1024 << " MiB\n";
  std::atomic<int> next{0};
  std::mutex mutex;
  std::vector<Visit> visits;
  visits.reserve(static_cast<std::size_t>(visitors));
  std::atomic<int> done{0};
  std::string first_other;  // the first answer that is neither 303 nor 422, for the report
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < connections; ++t) {
    threads.emplace_back([&] {
      test::HttpsClient client(certificate, port);
      for (int i = next++; i < visitors; i = next++) {
        // A new visitor: a session of its own, the first step, then the photo.
        auto first = client.request("GET", fault, {}, "text/html");
        const auto set = first.headers["set-cookie"];
        const std::map<std::string, std::string> cookie = {{"Cookie", set.substr(0, set.find(';'))}};
        const std::string csrf = test::HtmlPage(first.body).value("string(//input[@name='_csrf']/@value)");
        client.request(
            "POST", fault,
            "_csrf=" + encode(csrf) + "&fault-type=pothole&description=" + encode("Ett hål i gatan") + "&_nav=next",
            "application/x-www-form-urlencoded", cookie);
        const std::string address = mode == "kept" ? "Storgatan " + std::to_string(i) : "";
        std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf +
                           "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"address\"\r\n\r\n" +
                           address + "\r\n--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"foto.png\"\r\n"
                           "Content-Type: image/png\r\n\r\n" +
                           photo + "\r\n--" + boundary + "--\r\n";
        const auto at = std::chrono::steady_clock::now();
        const auto r = client.request("POST", place, body, "multipart/form-data; boundary=" + boundary, cookie);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - at).count();
        {
          std::lock_guard lock(mutex);
          visits.push_back({r.status, ms});
          if (r.status != 422 && r.status != 303 && first_other.empty()) {
            first_other = std::to_string(r.status) + ": " + r.body.substr(0, 2000);
          }
        }
        const int count = ++done;
        if (count % std::max(1, visitors / 10) == 0) {
          std::lock_guard lock(mutex);
          std::cout << "  " << count << " visitors: VmRSS " << status_kib(server_pid, "VmRSS:") / 1024 << " MiB\n"
                    << std::flush;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::map<int, int> by_status;
  std::vector<double> latencies;
  for (const auto& visit : visits) {
    ++by_status[visit.status];
    latencies.push_back(visit.ms);
  }
  std::sort(latencies.begin(), latencies.end());
  const auto percentile = [&](double p) {
    return latencies.empty() ? 0.0 : latencies[static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1))];
  };
  std::cout << "visitors/s: " << static_cast<double>(visitors) / seconds << " (" << seconds << " s)\n";
  std::cout << "answers to the photo step:";
  for (const auto& [status, count] : by_status) std::cout << " " << status << "×" << count;
  std::cout << "\nlatency of the photo step ms: p50 " << percentile(0.5) << ", p95 " << percentile(0.95) << ", p99 "
            << percentile(0.99) << ", max " << percentile(1.0) << "\n";
  long long files = 0, bytes = 0;
  {
    soci::session database("sqlite3", "db=" + (options.data_dir / "samverkan.db").string());
    database << "SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM eservice_page_file", soci::into(files),
        soci::into(bytes);
  }
  std::cout << "files kept in the database: " << files << " (" << bytes / (1024 * 1024) << " MiB)\n";
  std::cout << "after: VmRSS " << status_kib(server_pid, "VmRSS:") / 1024 << " MiB, peak VmHWM "
            << status_kib(server_pid, "VmHWM:") / 1024 << " MiB (the server process)\n";
  kill(server_pid, SIGTERM);
  waitpid(server_pid, nullptr, 0);
  return 0;
}

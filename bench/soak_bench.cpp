// Soak: a mixed load of e-service submissions, handler inbox reads and letters over HTTPS, first
// as fast as it goes (the capacity), then for a long time at a fixed fraction of that capacity,
// counting every error and sampling the server's resident memory. Run by bench/soak.sh, which
// starts PostgreSQL, the Mina meddelanden simulators and the server and makes the API clients.
//   samverkan-bench-soak PORT CERT.pem SERVER_PID TARGETS_FILE
//                        [CAPACITY_SECONDS=60] [SOAK_MINUTES=30] [FRACTION=0.5] [CONNECTIONS=8] [WARMUP_MINUTES=5]
// TARGETS_FILE: one line per municipality, "<kommunkod> <submit client id> <secret> <read+send client id>
// <secret>": two API clients per municipality, whose access tokens the bench fetches with the client
// credentials grant and fetches again a minute before they expire, as an integration does.
//
// The soak phase is an open loop: operation i is due at start + i / rate, whoever is free takes
// the next due operation, and its latency is counted from when it was due (so a stall shows as
// latency, not as fewer requests: no coordinated omission). An error is a status other than the
// operation's success status, or a failed connection. Prints a line per minute (operations,
// errors, p50/p99/max latency, server RSS) and a summary: errors in all, RSS at the end of the
// warm-up against the largest and smallest after it (flat when within 10 %). Not a test.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// An API client's access token (POST /oauth/token, client credentials), shared by every
// connection. Half-way through its lifetime one caller fetches the next while the others go on
// with the current one, which is still valid: nobody waits for a token after the first.
class Token {
 public:
  Token(std::string client_id, std::string secret) : client_id_(std::move(client_id)), secret_(std::move(secret)) {}

  std::string get(Poco::UInt16 port, const Poco::Net::Context::Ptr& context) {
    std::unique_lock lock(mutex_);
    if (token_.empty()) {  // the first: everyone waits for it
      std::tie(token_, refresh_at_) = fetch(port, context);
      return token_;
    }
    if (Clock::now() < refresh_at_ || fetching_) return token_;
    fetching_ = true;
    lock.unlock();
    try {
      auto [token, refresh_at] = fetch(port, context);
      lock.lock();
      token_ = std::move(token);
      refresh_at_ = refresh_at;
    } catch (...) {
      lock.lock();  // the current token is still valid for the other half of its lifetime
      refresh_at_ = Clock::now() + std::chrono::seconds(5);
    }
    fetching_ = false;
    return token_;
  }

 private:
  std::pair<std::string, Clock::time_point> fetch(Poco::UInt16 port, const Poco::Net::Context::Ptr& context) const {
    Poco::Net::HTTPSClientSession session("localhost", port, context);
    session.setTimeout(Poco::Timespan(60, 0));
    Poco::Net::HTTPRequest request("POST", "/oauth/token", Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.add("grant_type", "client_credentials");
    form.add("client_id", client_id_);
    form.add("client_secret", secret_);
    form.prepareSubmit(request);
    form.write(session.sendRequest(request));
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    std::string body;
    Poco::StreamCopier::copyToString(in, body);
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
      throw std::runtime_error("no access token for " + client_id_ + ": " + body.substr(0, 300));
    }
    const auto answer = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    const int lifetime = answer->optValue("expires_in", 300);
    return {answer->getValue<std::string>("access_token"), Clock::now() + std::chrono::seconds(lifetime / 2)};
  }

  const std::string client_id_;
  const std::string secret_;
  std::mutex mutex_;
  std::string token_;
  Clock::time_point refresh_at_;
  bool fetching_ = false;
};

struct Member {
  std::string code;
  std::unique_ptr<Token> submit;
  std::unique_ptr<Token> work;
};

enum class Kind { kSubmit, kInbox, kLetter };
constexpr std::size_t kKinds = 3;
constexpr const char* kKindNames[kKinds] = {"submission", "inbox read", "letter"};

// Latencies and counts of one window (a minute of the soak, or the capacity run).
struct Window {
  std::mutex mutex;
  std::vector<double> latencies_ms;
  long operations[kKinds] = {};
  long errors = 0;
  std::string last_error;

  void record(Kind kind, double ms, bool ok, const std::string& error) {
    std::lock_guard lock(mutex);
    latencies_ms.push_back(ms);
    ++operations[static_cast<std::size_t>(kind)];
    if (!ok) {
      ++errors;
      last_error = error;
    }
  }
  long total() const { return operations[0] + operations[1] + operations[2]; }
};

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
}

long rss_kib(int pid) {
  // (Appended, not `"literal" + std::string&&`: GCC 12's -O3 -Wrestrict false positive, bug 105329.)
  std::string file = "/proc/";
  file += std::to_string(pid);
  file += "/status";
  std::ifstream status(file);
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// Runs COMMAND (it prints how many letters are still queued) once a second until it prints 0, at
// most 15 minutes; returns the seconds it took (0 without a command).
double wait_for_outbox(const char* command) {
  if (command == nullptr || *command == '\0') return 0.0;
  const auto start = Clock::now();
  for (;;) {
    long queued = -1;
    if (FILE* pipe = popen(command, "r")) {
      if (std::fscanf(pipe, "%ld", &queued) != 1) queued = -1;
      pclose(pipe);
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (queued == 0 || elapsed > 900.0) return elapsed;
    if (queued < 0) throw std::runtime_error(std::string("the queue command failed: ") + command);
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// One client connection (keep-alive) that runs operations of every kind for every member.
class Client {
 public:
  Client(Poco::UInt16 port, Poco::Net::Context::Ptr context, const std::vector<Member>& members, int id)
      : session_("localhost", port, context), port_(port), context_(context), members_(members), id_(id) {
    session_.setKeepAlive(true);
    session_.setTimeout(Poco::Timespan(30, 0));
  }

  /// Runs operation number `n` (its kind and member follow from n); true when it succeeded.
  bool run(long n, std::string& error) {
    const auto kind = static_cast<Kind>(n % static_cast<long>(kKinds));
    const auto& member =
        members_[static_cast<std::size_t>((n / static_cast<long>(kKinds)) % static_cast<long>(members_.size()))];
    const std::string base = "/api/v1/municipalities/" + member.code;
    const std::string unique = std::to_string(id_) + "-" + std::to_string(n) + "-" + std::to_string(run_id());
    try {
      return run(kind, member, base, unique, n, error);
    } catch (const std::exception& e) {  // no access token: the token endpoint failed
      error = e.what();
      return false;
    }
  }

  /// Requests sent again on a new connection (see call()).
  long retries() const { return retries_; }

 private:
  bool run(Kind kind, const Member& member, const std::string& base, const std::string& unique, long n,
           std::string& error) {
    switch (kind) {
      case Kind::kSubmit:
        return call("POST", base + "/eservices/felanmalan-gata-park/submissions", member.submit->get(port_, context_),
                    R"({"requestId":"soak-)" + unique +
                        R"(","personnummer":"19121212-1212","version":1,"answers":{"fault-type":"pothole",)"
                        R"("description":"Ett djupt hål i vägen vid busshållplatsen","address":"Storgatan )" +
                        std::to_string(n % 200 + 1) + R"("}})",
                    201, error);
      case Kind::kInbox:
        return call("GET", base + "/errands?status=received", member.work->get(port_, context_), "", 200, error);
      case Kind::kLetter:
        return call("POST", base + "/messages", member.work->get(port_, context_),
                    R"({"clientRequestId":"soak-)" + unique +
                        R"(","recipient":"198507099805","subject":"Beslut i ditt ärende",)"
                        R"("body":"Hej! Ditt ärende är nu beslutat. Beslutet finns i bilagan.",)"
                        R"("support":{"text":"Kommunens kontaktcenter"}})",
                    202, error);
    }
    return false;
  }

  static long run_id() {
    static const long id = std::chrono::system_clock::now().time_since_epoch().count() % 1000000007L;
    return id;
  }

  bool call(const std::string& method, const std::string& path, const std::string& token, const std::string& body,
            int expected, std::string& error, bool retried = false) {
    try {
      Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
      request.setKeepAlive(true);
      request.set("Authorization", "Bearer " + token);
      if (!body.empty()) {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
      }
      session_.sendRequest(request) << body;
      Poco::Net::HTTPResponse response;
      auto& in = session_.receiveResponse(response);
      std::string answer;
      Poco::StreamCopier::copyToString(in, answer);
      if (static_cast<int>(response.getStatus()) == expected) return true;
      error = method + " " + path + ": " + std::to_string(static_cast<int>(response.getStatus())) + " " +
              answer.substr(0, 300);
      return false;
    } catch (const Poco::Net::NoMessageException& e) {
      // The server closed the kept-alive connection before this request reached it (its idle
      // timeout, or its request limit per connection): sent again once on a new connection, as
      // HTTP clients do. Safe for every request here: submissions and letters carry their
      // idempotency key, the inbox read changes nothing.
      session_.reset();
      if (!retried) {
        ++retries_;
        return call(method, path, token, body, expected, error, true);
      }
      error = method + " " + path + ": " + e.displayText();
      return false;
    } catch (const Poco::Exception& e) {
      error = method + " " + path + ": " + e.displayText();
      session_.reset();
      return false;
    }
  }

  Poco::Net::HTTPSClientSession session_;
  long retries_ = 0;
  Poco::UInt16 port_;
  Poco::Net::Context::Ptr context_;
  const std::vector<Member>& members_;
  int id_;
};

std::vector<Member> read_targets(const std::string& file) {
  std::ifstream in(file);
  std::vector<Member> members;
  std::string code, submit_id, submit_secret, work_id, work_secret;
  while (in >> code >> submit_id >> submit_secret >> work_id >> work_secret) {
    members.push_back(
        Member{code, std::make_unique<Token>(submit_id, submit_secret), std::make_unique<Token>(work_id, work_secret)});
  }
  return members;
}

void print_window(const std::string& label, Window& window, double seconds, int pid) {
  std::vector<double> sorted = window.latencies_ms;
  std::sort(sorted.begin(), sorted.end());
  std::printf(
      "%-10s %8ld ops %8.1f/s  (%ld submissions, %ld inbox reads, %ld letters)  errors %ld  "
      "p50 %.1f ms  p99 %.1f ms  max %.1f ms  server RSS %.1f MiB\n",
      label.c_str(), window.total(), static_cast<double>(window.total()) / seconds, window.operations[0],
      window.operations[1], window.operations[2], window.errors, percentile(sorted, 0.50), percentile(sorted, 0.99),
      sorted.empty() ? 0.0 : sorted.back(), static_cast<double>(rss_kib(pid)) / 1024.0);
  if (window.errors > 0) std::printf("           last error: %s\n", window.last_error.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: samverkan-bench-soak PORT CERT.pem SERVER_PID TARGETS_FILE [CAPACITY_SECONDS=60] "
                 "[SOAK_MINUTES=30] [FRACTION=0.5] [CONNECTIONS=8] [WARMUP_MINUTES=5]\n";
    return 2;
  }
  const auto port = static_cast<Poco::UInt16>(std::stoi(argv[1]));
  const std::string cert = argv[2];
  const int pid = std::stoi(argv[3]);
  const auto members = read_targets(argv[4]);
  const int capacity_seconds = argc > 5 ? std::stoi(argv[5]) : 60;
  const double soak_minutes = argc > 6 ? std::stod(argv[6]) : 30.0;
  const double fraction = argc > 7 ? std::stod(argv[7]) : 0.5;
  const int connections = argc > 8 ? std::stoi(argv[8]) : 8;
  const double warmup_minutes = argc > 9 ? std::stod(argv[9]) : 5.0;
  if (members.empty()) {
    std::cerr << "no targets in " << argv[4] << "\n";
    return 2;
  }

  Poco::Net::initializeSSL();
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", cert, Poco::Net::Context::VERIFY_STRICT);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < connections; ++i) clients.push_back(std::make_unique<Client>(port, context, members, i));
  std::atomic<long> next{0};

  // 1. Capacity: every connection back to back.
  std::printf(
      "capacity: %d connections, %d s, closed loop; the mix is one submission, one inbox read and one "
      "letter in turn, over %zu municipalities\n",
      connections, capacity_seconds, members.size());
  Window capacity;
  {
    const auto deadline = Clock::now() + std::chrono::seconds(capacity_seconds);
    std::vector<std::thread> threads;
    for (int i = 0; i < connections; ++i) {
      threads.emplace_back([&, i] {
        std::string error;
        while (Clock::now() < deadline) {
          const long n = next++;
          const auto start = Clock::now();
          const bool ok = clients[static_cast<std::size_t>(i)]->run(n, error);
          capacity.record(static_cast<Kind>(n % 3),
                          std::chrono::duration<double, std::milli>(Clock::now() - start).count(), ok, error);
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  print_window("capacity", capacity, capacity_seconds, pid);
  // The letters accepted in that minute are signed, sealed and delivered afterwards, on the same
  // cores: the capacity counts the time until the outbox has drained them.
  const double drain_seconds = wait_for_outbox(std::getenv("SOAK_QUEUED_COMMAND"));
  const double capacity_rate = static_cast<double>(capacity.total()) / (capacity_seconds + drain_seconds);
  std::printf("capacity with the letters delivered: the outbox drained in %.0f s after it, %.1f operations/s\n",
              drain_seconds, capacity_rate);
  const double rate = fraction * capacity_rate;
  std::printf("soak: %.1f operations/s (%.2f x capacity) for %.0f min, open loop, %d connections; warm-up %.0f min\n",
              rate, fraction, soak_minutes, connections, warmup_minutes);
  std::fflush(stdout);

  // 2. Soak at a fixed rate.
  const auto soak_start = Clock::now();
  const auto soak_end =
      soak_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(soak_minutes * 60.0));
  const long first = next.load();
  std::atomic<long> due_index{0};
  std::mutex windows_mutex;
  auto window = std::make_shared<Window>();
  long total_ops = 0, total_errors = 0;
  long kind_totals[kKinds] = {};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&, i] {
      std::string error;
      for (;;) {
        const long k = due_index++;
        const auto due = soak_start + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(static_cast<double>(k) / rate));
        if (due >= soak_end) break;
        std::this_thread::sleep_until(due);
        const long n = first + k;
        const bool ok = clients[static_cast<std::size_t>(i)]->run(n, error);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - due).count();
        std::shared_ptr<Window> current;
        {
          std::lock_guard lock(windows_mutex);
          current = window;
        }
        current->record(static_cast<Kind>(n % 3), ms, ok, error);
      }
    });
  }
  // Every minute: the window's line and an RSS sample.
  std::vector<long> rss_after_warmup;
  long rss_at_warmup_end = -1;
  std::thread reporter([&] {
    int minute = 0;
    auto next_report = soak_start + std::chrono::minutes(1);
    while (!done) {
      std::this_thread::sleep_until(std::min(next_report, soak_end + std::chrono::seconds(1)));
      if (Clock::now() < next_report && !done) continue;
      ++minute;
      std::shared_ptr<Window> finished;
      {
        std::lock_guard lock(windows_mutex);
        finished = window;
        window = std::make_shared<Window>();
      }
      std::string label = "minute ";
      label += std::to_string(minute);
      print_window(label, *finished, 60.0, pid);
      total_ops += finished->total();
      total_errors += finished->errors;
      for (std::size_t k = 0; k < kKinds; ++k) kind_totals[k] += finished->operations[k];
      const long rss = rss_kib(pid);
      if (minute == static_cast<int>(warmup_minutes)) rss_at_warmup_end = rss;
      if (minute > static_cast<int>(warmup_minutes)) rss_after_warmup.push_back(rss);
      next_report += std::chrono::minutes(1);
      if (next_report > soak_end + std::chrono::seconds(30)) break;
    }
  });
  for (auto& t : threads) t.join();
  done = true;
  reporter.join();
  {
    // What finished after the last full minute.
    std::lock_guard lock(windows_mutex);
    total_ops += window->total();
    total_errors += window->errors;
    for (std::size_t k = 0; k < kKinds; ++k) kind_totals[k] += window->operations[k];
  }

  std::printf("\nsoak summary: %ld operations (", total_ops);
  for (std::size_t k = 0; k < kKinds; ++k) std::printf("%s%ld %ss", k ? ", " : "", kind_totals[k], kKindNames[k]);
  long retries = 0;
  for (const auto& client : clients) retries += client->retries();
  std::printf(
      ") at %.1f/s, errors %ld; requests sent again on a new connection after the server closed an idle one: %ld "
      "(capacity phase included)\n",
      rate, total_errors, retries);
  if (rss_at_warmup_end > 0 && !rss_after_warmup.empty()) {
    const auto [low, high] = std::minmax_element(rss_after_warmup.begin(), rss_after_warmup.end());
    const double spread =
        100.0 * static_cast<double>(*high - rss_at_warmup_end) / static_cast<double>(rss_at_warmup_end);
    std::printf(
        "server RSS: %.1f MiB at the end of the warm-up; after it between %.1f and %.1f MiB (largest %+.1f %%): %s\n",
        static_cast<double>(rss_at_warmup_end) / 1024.0, static_cast<double>(*low) / 1024.0,
        static_cast<double>(*high) / 1024.0, spread, spread <= 10.0 ? "flat within 10 %" : "NOT flat");
  }
  return total_errors == 0 ? 0 : 1;
}

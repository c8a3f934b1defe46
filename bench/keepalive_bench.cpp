// Keep-alive fairness and latency of GET /health over HTTPS.
// Opens N persistent connections (one thread each), sends requests back to back on each for
// D seconds, and prints throughput, latency percentiles, requests per connection (min/max: a
// starved connection shows as min 0) and connection errors.
//   samverkan-bench-keepalive PORT CERT.pem [CONNECTIONS=64] [SECONDS=10]
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct ConnectionResult {
  long requests = 0;
  long errors = 0;
  std::vector<double> latencies_ms;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: samverkan-bench-keepalive PORT CERT.pem [CONNECTIONS=64] [SECONDS=10]\n";
    return 2;
  }
  const auto port = static_cast<Poco::UInt16>(std::stoi(argv[1]));
  const std::string cert = argv[2];
  const int connections = argc > 3 ? std::stoi(argv[3]) : 64;
  const int seconds = argc > 4 ? std::stoi(argv[4]) : 10;

  Poco::Net::initializeSSL();
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", cert, Poco::Net::Context::VERIFY_STRICT);
  std::vector<ConnectionResult> results(static_cast<std::size_t>(connections));
  std::atomic<bool> go{false};
  const auto deadline_after = std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&, i] {
      auto& result = results[static_cast<std::size_t>(i)];
      while (!go) std::this_thread::yield();
      const auto deadline = std::chrono::steady_clock::now() + deadline_after;
      Poco::Net::HTTPSClientSession session("localhost", port, context);
      session.setKeepAlive(true);
      session.setTimeout(Poco::Timespan(10, 0));
      while (std::chrono::steady_clock::now() < deadline) {
        const auto start = std::chrono::steady_clock::now();
        try {
          Poco::Net::HTTPRequest request("GET", "/health", Poco::Net::HTTPMessage::HTTP_1_1);
          request.setKeepAlive(true);
          session.sendRequest(request);
          Poco::Net::HTTPResponse response;
          auto& body = session.receiveResponse(response);
          Poco::NullOutputStream sink;
          Poco::StreamCopier::copyStream(body, sink);
          if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) ++result.errors;
          ++result.requests;
          result.latencies_ms.push_back(
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        } catch (const Poco::Exception& e) {
          ++result.errors;
          session.reset();
        }
      }
    });
  }
  const auto started = std::chrono::steady_clock::now();
  go = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::vector<double> all;
  long total = 0, errors = 0, min_per_conn = -1, max_per_conn = 0;
  for (const auto& r : results) {
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    total += r.requests;
    errors += r.errors;
    min_per_conn = min_per_conn < 0 ? r.requests : std::min(min_per_conn, r.requests);
    max_per_conn = std::max(max_per_conn, r.requests);
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0
                       : all[std::min(all.size() - 1, static_cast<std::size_t>(p * static_cast<double>(all.size())))];
  };
  const long starved = std::count_if(results.begin(), results.end(), [](const auto& r) { return r.requests == 0; });
  std::cout << "connections: " << connections << ", duration: " << elapsed << " s\n"
            << "requests: " << total << " (" << static_cast<long>(static_cast<double>(total) / elapsed)
            << " req/s), errors: " << errors << '\n'
            << "latency ms: p50 " << pct(0.50) << ", p90 " << pct(0.90) << ", p99 " << pct(0.99) << ", max "
            << (all.empty() ? 0.0 : all.back()) << '\n'
            << "requests per connection: min " << min_per_conn << ", max " << max_per_conn << '\n'
            << "starved connections (0 requests): " << starved << '\n';
  return 0;
}

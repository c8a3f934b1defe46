// Bulk mail end to end against the Mina meddelanden simulators (in this process, real sockets,
// mutual TLS): N letters accepted through BulkMail in batches of 1,000, then delivered by the
// outbox workers (reachability, compose, sign as the municipality, seal as the platform, deliver
// to the operator simulator, which schema-validates and verifies both signatures). Prints the
// acceptance and delivery rates and the resident memory after each tenth, to show it flat.
// Not a test.
// The workers claim --batch letters at a time (OutboxDelivery::work_batch, as OutboxWorker
// does; default kDeliveryBatch); --per-letter runs them as before, a jobs::Worker calling
// OutboxDelivery::handle for each letter (the "before" figures).
//   samverkan-bench-mailbox-bulk [LETTERS=10000] [WORKERS=2] [--pg URL] [--batch N | --per-letter]
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "outbox_fixture.hpp"
#include "samverkan/mailbox/bulk.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Resident set size now, in MiB (from /proc/self/statm).
double rss_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// CPU seconds (user + system) of the whole process so far.
double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Heap bytes of a string (0 when it fits in the object) plus malloc's 16-byte header.
std::size_t heap_bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 + 16 : 0; }

// An estimate of what the operator simulator keeps in memory about its deliveries: the vector
// of AcceptedDelivery (with its strings) and its two maps keyed by message id (a std::map node
// is about 48 bytes of links and header besides its value).
double simulator_record_mib(const std::vector<mm_simulator::AcceptedDelivery>& deliveries) {
  std::size_t bytes = deliveries.capacity() * sizeof(mm_simulator::AcceptedDelivery);
  for (const auto& d : deliveries) {
    bytes += heap_bytes(d.recipient_id) + heap_bytes(d.sender_org_nr) + heap_bytes(d.trans_id) +
             heap_bytes(d.client_common_name) + d.message_ids.capacity() * sizeof(std::string) + 16;
    for (const auto& id : d.message_ids) {
      bytes += heap_bytes(id);
      // per_message (id -> count) and trans_id_of (id -> TransId)
      bytes += 2 * (48 + sizeof(std::string) + heap_bytes(id)) + sizeof(std::size_t) + sizeof(std::string) +
               heap_bytes(d.trans_id);
    }
  }
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

double peak_rss_mib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// A valid personnummer (Luhn) for the n-th letter: born 1950..1999, so the set is varied.
std::string personnummer(std::size_t n) {
  char digits[13];
  std::snprintf(digits, sizeof digits, "19%02zu%02zu%02zu%03zu", 50 + n % 50, 1 + n % 12, 1 + n % 28, n % 1000);
  int sum = 0;
  for (int i = 2; i < 11; ++i) {
    int d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += d / 10 + d % 10;
  }
  digits[11] = static_cast<char>('0' + (10 - sum % 10) % 10);
  digits[12] = '\0';
  return digits;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t letters = 10000;
  std::size_t workers = 2;
  std::string pg;
  std::size_t claim = kDeliveryBatch;
  bool per_letter = false;
  bool keep_record = false;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--pg" && i + 1 < argc) {
      pg = argv[++i];
    } else if (arg == "--batch" && i + 1 < argc) {
      claim = std::stoul(argv[++i]);
    } else if (arg == "--per-letter") {
      per_letter = true;
    } else if (arg == "--keep-record") {
      keep_record = true;
    } else {
      positional.push_back(arg);
    }
  }
  if (!positional.empty()) letters = std::stoul(positional[0]);
  if (positional.size() > 1) workers = std::stoul(positional[1]);
  if (!pg.empty()) ::setenv("SAMVERKAN_TEST_PG", pg.c_str(), 1);

  mailbox::test::OutboxFixture fixture(!pg.empty(), workers + 2);
  fixture.recipient_register->set_default_account(fixture.reachable_account());
  // Without --keep-record the operator simulator only counts what it accepts, so the RSS below
  // is the platform's (and SQLite's page cache), not the simulator's growing record.
  fixture.mailbox_operator->set_keep_record(keep_record);
  std::printf("database: %s, letters: %zu, workers: %zu, %s\n", pg.empty() ? "sqlite" : "postgresql", letters, workers,
              per_letter ? "one letter at a time (jobs::Worker + handle)"
                         : ("batches of " + std::to_string(claim) + " (work_batch)").c_str());
  std::printf("rss at start: %.1f MiB\n", rss_mib());

  // Accept: batches of kMaxBulkLetters, one transaction each.
  BulkMail bulk(fixture.keyring, fixture.queue);
  const auto accept_start = std::chrono::steady_clock::now();
  for (std::size_t done = 0; done < letters;) {
    std::vector<LetterRequest> batch;
    for (; done < letters && batch.size() < kMaxBulkLetters; ++done) {
      LetterRequest r = mailbox::test::test_letter("bench-" + std::to_string(done), personnummer(done));
      r.subject = "Beslut " + std::to_string(done);
      batch.push_back(std::move(r));
    }
    tenancy::Context ctx(*fixture.db, fixture.clerk, mailbox::test::kSender, fixture.clock, &fixture.audit);
    bulk.send(ctx, batch);
    ctx.commit();
  }
  const double accept_seconds = seconds_since(accept_start);
  std::printf("accepted %zu letters in %.1f s = %.0f letters/s (rss %.1f MiB)\n", letters, accept_seconds,
              static_cast<double>(letters) / accept_seconds, rss_mib());

  // Deliver: `workers` threads working the queue until it is empty.
  std::atomic<std::size_t> delivered{0};
  std::atomic<bool> stop{false};
  const auto deliver_start = std::chrono::steady_clock::now();
  const double deliver_cpu_start = cpu_seconds();
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      const std::string name = "bench-" + std::to_string(w);
      auto worker = fixture.worker(name);
      while (!stop) {
        const std::size_t n = per_letter ? worker.run_once() : fixture.delivery->work_batch(fixture.queue, name, claim);
        if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        delivered += n;
      }
    });
  }
  std::size_t next_report = letters / 10;
  while (delivered < letters) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (delivered >= next_report && next_report > 0) {
      std::printf("  %6zu delivered, %.0f letters/s, rss %.1f MiB\n", delivered.load(),
                  static_cast<double>(delivered) / seconds_since(deliver_start), rss_mib());
      std::fflush(stdout);
      next_report += letters / 10;
    }
    if (fixture.count("SELECT COUNT(*) FROM job WHERE state IN ('queued', 'running')") == 0) break;
  }
  stop = true;
  for (auto& t : threads) t.join();
  const double deliver_seconds = seconds_since(deliver_start);
  const double deliver_cpu = cpu_seconds() - deliver_cpu_start;
  const double peak = peak_rss_mib();  // before the copy of the simulator's record below
  const long long digital = fixture.count("SELECT COUNT(*) FROM mailbox_message WHERE status = 'delivered'");
  const long long other = fixture.count("SELECT COUNT(*) FROM mailbox_message WHERE status <> 'delivered'");
  std::printf("delivered %lld letters digitally (%lld otherwise) in %.1f s = %.1f letters/s with %zu workers\n",
              digital, other, deliver_seconds, static_cast<double>(digital) / deliver_seconds, workers);
  std::printf("delivery CPU (user+sys, whole process incl. simulators): %.1f s = %.2f ms per letter, %.2f cores busy\n",
              deliver_cpu, 1000.0 * deliver_cpu / static_cast<double>(std::max<long long>(digital, 1)),
              deliver_cpu / deliver_seconds);
  std::printf("operator simulator accepted %zu deliveries\n", fixture.mailbox_operator->accepted_count());
  if (keep_record) {
    const auto record = fixture.mailbox_operator->deliveries();
    std::printf("operator simulator recorded %zu deliveries, about %.1f MiB of the RSS (its record, estimated)\n",
                record.size(), simulator_record_mib(record));
  }
  std::printf("rss at the end %.1f MiB\n", rss_mib());
  std::printf("end to end: %.1f letters/s; peak rss %.1f MiB (simulators and database cache included)\n",
              static_cast<double>(digital) / (accept_seconds + deliver_seconds), peak);
  return digital == static_cast<long long>(letters) &&
                 fixture.mailbox_operator->accepted_count() == static_cast<std::size_t>(letters)
             ? 0
             : 1;
}

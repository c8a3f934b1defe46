// Sends a letter to each citizen listed in a CSV file, in as few bulk requests as the platform's
// limits allow, printing progress after each accepted batch, then waits for every letter to be
// delivered to a digital mailbox, sent on paper, or failed, and prints each one's outcome.
//   bulk_mailing KOMMUNKOD MAILING_ID LETTERS.csv [--batch N] [--wait SECONDS]
// MAILING_ID names this mailing (e.g. avgift-2026-11): each letter's clientRequestId is
// MAILING_ID-<line>, so running the same command again sends nothing twice (the platform answers
// with the letters it accepted before) and only waits again; a line changed since is refused
// (409) rather than sent as another letter. A new mailing needs a new MAILING_ID.
// --batch: at most N letters per request (default 1000; a request is also cut at ~900 KB).
// --wait: how long to wait for the letters' final states (default 300 s; 0: look once).
// Exit status: 0 every letter delivered or on paper; 1 a letter failed or the mailing could not
// be sent (the reason printed); 2 bad arguments; 3 letters still queued when the wait ended.
// Scope: mailbox:send.
//
// LETTERS.csv: UTF-8, a header row (skipped), then one letter per line:
//   personnummer,subject,body text
// The parsing is deliberately simple: a line is cut at its first two commas, so the body is the
// rest of the line and may hold commas, but no field may hold a line break and quotes are not
// special (no RFC 4180 quoting). Use a real CSV reader for files from a spreadsheet.
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "environment.hpp"
#include "samverkan/client/errors.hpp"
#include "samverkan/client/letters.hpp"

namespace sc = samverkan::client;

namespace {

struct Row {
  std::size_t line = 0;  // in the file, the header being line 1
  sc::Letter letter;
};

// The letters of the file; throws std::runtime_error naming a bad line.
std::vector<Row> read_letters(const std::string& file, const std::string& mailing) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file);
  std::vector<Row> rows;
  std::string text;
  for (std::size_t line = 1; std::getline(in, text); ++line) {
    if (!text.empty() && text.back() == '\r') text.pop_back();  // a file saved on Windows
    if (line == 1 || text.empty()) continue;                    // the header row, empty lines
    const auto first = text.find(','), second = text.find(',', first == std::string::npos ? 0 : first + 1);
    if (first == std::string::npos || second == std::string::npos) {
      throw std::runtime_error(file + ":" + std::to_string(line) + ": personnummer,subject,body expected");
    }
    Row row;
    row.line = line;
    row.letter.recipient = text.substr(0, first);
    row.letter.subject = text.substr(first + 1, second - first - 1);
    row.letter.body = text.substr(second + 1);
    row.letter.client_request_id = mailing + "-" + std::to_string(line);
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw std::runtime_error(file + ": no letters");
  return rows;
}

std::string outcome(const sc::LetterState& state) {
  if (state.status == "delivered") {
    return "delivered (" + state.operator_name.value_or("mailbox") + ", TransId " + state.trans_id.value_or("-") + ")";
  }
  if (state.status == "paper") return "paper (print batch " + state.print_batch.value_or("-") + ")";
  if (state.status == "failed") return "failed: " + state.reason.value_or("no reason given");
  return state.status;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc % 2 != 0) {
    std::cerr << "usage: bulk_mailing KOMMUNKOD MAILING_ID LETTERS.csv [--batch N] [--wait SECONDS]\n";
    return 2;
  }
  const std::string kommunkod = argv[1], mailing = argv[2], file = argv[3];
  sc::BatchLimits limits;  // the bulk route's: 1,000 letters, ~900 KB
  std::chrono::seconds wait(300);
  for (int i = 4; i + 1 < argc; i += 2) {
    const std::string option = argv[i], value = argv[i + 1];
    const bool number =
        !value.empty() && value.find_first_not_of("0123456789") == std::string::npos && value.size() < 9;
    if (option == "--batch" && number) {
      limits.max_letters = std::stoul(value);
    } else if (option == "--wait" && number) {
      wait = std::chrono::seconds(std::stol(value));
    } else {
      std::cerr << "bulk_mailing: " << option << " " << value << ": --batch N or --wait SECONDS\n";
      return 2;
    }
  }
  std::vector<Row> rows;
  try {
    rows = read_letters(file, mailing);
  } catch (const std::exception& e) {
    std::cerr << "bulk_mailing: " << e.what() << '\n';
    return 2;
  }
  std::vector<sc::Letter> all;
  for (const auto& row : rows) all.push_back(row.letter);

  try {
    sc::Client api(options_from_environment({"mailbox:send"}));
    sc::Letters letters(api, kommunkod);

    // Send: one line per accepted batch. A batch is all or nothing; the ones before a refused
    // batch stay accepted, and running the command again sends none of them twice.
    std::size_t accepted = 0;
    sc::BulkSent sent;
    try {
      sent = letters.send_bulk_all(all, limits, [&](const sc::BatchSent& batch) {
        accepted = batch.done;
        std::cout << "sent " << batch.done << "/" << batch.total << " letters: batch " << batch.batch_id << " ("
                  << batch.created << " new, " << batch.replayed << " sent before)\n"
                  << std::flush;
      });
    } catch (const sc::LetterTooLarge& e) {
      std::cerr << "bulk_mailing: " << file << ":" << rows.at(e.index()).line << ": the letter is " << e.bytes()
                << " bytes, more than a request may be (" << e.limit() << "); nothing was sent\n";
      return 1;
    } catch (const sc::ApiError& e) {
      // The refused letters by their index among those given: their lines in the file.
      std::cerr << "bulk_mailing: a batch was refused: " << e.what() << '\n';
      for (const auto& error : e.field_errors()) {
        std::cerr << "  " << file << ":"
                  << (error.index && *error.index < rows.size() ? std::to_string(rows[*error.index].line) : "?") << ": "
                  << error.message << '\n';
      }
      std::cerr << "bulk_mailing: " << accepted << " of " << rows.size() << " letters were accepted before\n";
      return 1;
    }

    // Wait until every letter is delivered, on paper or failed (or the time is up).
    std::map<std::string, std::size_t> line_of;  // letter id -> line
    for (std::size_t i = 0; i < sent.letters.size(); ++i) line_of[sent.letters[i].id] = rows[i].line;
    std::map<std::size_t, sc::LetterState> states;  // line -> state
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
      bool open = false;
      for (const auto& batch_id : sent.batch_ids) {
        for (const auto& state : letters.batch(batch_id).letters) {
          states[line_of.at(state.id)] = state;
          open = open || !state.final();
        }
      }
      if (!open || std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::seconds(2));
    }

    std::size_t delivered = 0, paper = 0, failed = 0, queued = 0;
    for (const auto& [line, state] : states) {
      std::cout << file << ":" << line << ": " << outcome(state) << '\n';
      if (state.status == "delivered") {
        ++delivered;
      } else if (state.status == "paper") {
        ++paper;
      } else if (state.status == "failed") {
        ++failed;
      } else {
        ++queued;
      }
    }
    std::cout << states.size() << " letters: " << delivered << " delivered, " << paper << " on paper, " << failed
              << " failed, " << queued << " still queued\n";
    if (failed != 0) {
      std::cerr << "bulk_mailing: " << failed << " letter(s) failed (the reasons above)\n";
      return 1;
    }
    if (queued != 0) {
      std::cerr << "bulk_mailing: " << queued << " letter(s) still queued after " << wait.count()
                << " s; run the same command again later (nothing is sent twice)\n";
      return 3;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bulk_mailing: " << e.what() << '\n';
    return 1;
  }
}

// Copies a municipality's inbox to another system, here a folder: every errand not copied
// before is read and written as OUT_FOLDER/<reference>.json, and its reference appended to
// STATE_FILE. Running it again copies only what is new (and an interrupted run continues), so a
// scheduler can run it every few minutes.
//   sync_inbox KOMMUNKOD STATE_FILE OUT_FOLDER [--status STATUS] [--page N]
// Scope: errands:read.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "environment.hpp"
#include "samverkan/client/errands.hpp"
#include "samverkan/client/errors.hpp"

namespace sc = samverkan::client;

namespace {

// The errand as the other system would take it.
std::string to_json(const sc::Errand& errand) {
  Poco::JSON::Object out;
  out.set("reference", errand.summary.reference);
  out.set("service", errand.summary.service);
  out.set("status", errand.summary.status);
  out.set("submittedAt", errand.summary.submitted_at);
  Poco::JSON::Object answers;
  for (const auto& [field, values] : errand.answers) {
    Poco::JSON::Array list;
    for (const auto& value : values) list.add(value);
    answers.set(field, list);
  }
  out.set("answers", answers);
  std::ostringstream text;
  out.stringify(text, 2);
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: sync_inbox KOMMUNKOD STATE_FILE OUT_FOLDER [--status STATUS] [--page N]\n";
    return 2;
  }
  const std::string kommunkod = argv[1];
  const std::filesystem::path state_file = argv[2], out_folder = argv[3];
  sc::InboxQuery query;
  query.limit = 50;
  for (int i = 4; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--status") {
      query.status = argv[i + 1];
    } else if (option == "--page") {
      query.limit = std::stoul(argv[i + 1]);
    } else {
      std::cerr << "sync_inbox: unknown option " << option << '\n';
      return 2;
    }
  }
  try {
    std::set<std::string> synced;
    {
      std::ifstream in(state_file);
      for (std::string line; std::getline(in, line);) {
        if (!line.empty()) synced.insert(line);
      }
    }
    std::filesystem::create_directories(out_folder);
    std::ofstream state(state_file, std::ios::app);
    sc::Client api(options_from_environment({"errands:read"}));
    sc::Errands errands(api, kommunkod);
    std::size_t copied = 0, before = 0;
    const auto seen = errands.each(query, [&](const sc::ErrandSummary& summary) {
      if (synced.contains(summary.reference)) {
        ++before;
        return true;
      }
      auto errand = errands.get(summary.reference);
      errand.summary.submitted_at = summary.submitted_at;
      // The file first, then the state: a crash between the two copies the errand again, never skips it.
      const auto file = out_folder / (summary.reference + ".json");
      std::ofstream(file) << to_json(errand) << '\n';
      state << summary.reference << '\n' << std::flush;
      synced.insert(summary.reference);
      ++copied;
      return true;
    });
    std::cout << "inbox: " << seen << " errands, " << copied << " copied now, " << before << " copied before\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "sync_inbox: " << e.what() << '\n';
    return 1;
  }
}

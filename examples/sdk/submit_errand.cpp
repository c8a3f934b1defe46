// Submits an e-service's form on behalf of a citizen and follows the errand it becomes.
//   submit_errand KOMMUNKOD SERVICE PERSONNUMMER field=value... [--request-id ID] [--follow SECONDS]
// The answers are the form's field ids (GET .../eservices/SERVICE gives them) with their values;
// a field given twice is a multiple choice. The request id (default: a new one) makes the
// submission idempotent: the same id again returns the first receipt. With --follow it asks for
// the errand's status every two seconds and prints each change until the errand is closed or the
// time is up. Scopes: eservices:submit, errands:read.
#include <chrono>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "environment.hpp"
#include "samverkan/client/errands.hpp"
#include "samverkan/client/errors.hpp"

namespace sc = samverkan::client;

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: submit_errand KOMMUNKOD SERVICE PERSONNUMMER field=value... [--request-id ID] "
                 "[--follow SECONDS]\n";
    return 2;
  }
  const std::string kommunkod = argv[1], service = argv[2];
  sc::Submission submission;
  submission.personnummer = argv[3];
  int follow_seconds = 0;
  for (int i = 4; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--request-id" && i + 1 < argc) {
      submission.request_id = argv[++i];
    } else if (argument == "--follow" && i + 1 < argc) {
      follow_seconds = std::stoi(argv[++i]);
    } else if (const auto equals = argument.find('='); equals != std::string::npos && equals > 0) {
      submission.answers[argument.substr(0, equals)].push_back(argument.substr(equals + 1));
    } else {
      std::cerr << "submit_errand: not field=value: " << argument << '\n';
      return 2;
    }
  }
  try {
    sc::Client api(options_from_environment({"eservices:submit", "errands:read"}));
    sc::EServices services(api, kommunkod);
    // The answers are for the version published now.
    for (const auto& published : services.list()) {
      if (published.id == service) submission.version = published.version;
    }
    if (submission.version == 0) {
      std::cerr << "submit_errand: " << kommunkod << " publishes no e-service " << service << '\n';
      return 1;
    }
    const auto receipt = services.submit(service, submission);
    std::cout << (receipt.repeated ? "already submitted: " : "submitted: ") << receipt.reference << " ("
              << receipt.title.sv << ", " << receipt.submitted_at << ")\n";

    sc::Errands errands(api, kommunkod);
    std::string last;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(follow_seconds);
    do {
      const auto errand = errands.get(receipt.reference).summary;
      if (errand.status != last) {
        std::cout << "status: " << errand.status;
        if (errand.case_number) std::cout << " (case " << *errand.case_number << ")";
        std::cout << '\n' << std::flush;
        last = errand.status;
      }
      if (last == "closed" || std::chrono::steady_clock::now() >= until) break;
      std::this_thread::sleep_for(std::chrono::seconds(2));
    } while (true);
    return 0;
  } catch (const sc::InvalidRequest& e) {
    std::cerr << "submit_errand: " << e.detail() << '\n';
    for (const auto& error : e.field_errors()) std::cerr << "  " << error.field << ": " << error.message << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "submit_errand: " << e.what() << '\n';
    return 1;
  }
}

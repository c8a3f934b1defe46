// Registers a case with one incoming document in a municipality's diary, then looks it up in the
// public register as anyone can (no token), showing what the public sees of it.
//   register_case KOMMUNKOD DIARY TITLE CASE_TYPE DOCUMENT.pdf [--party KIND:IDENTITY:NAME:ROLE]...
// KIND is person or organisation; a person's name never shows in the public register.
// Scopes: cases:write, cases:read.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "environment.hpp"
#include "samverkan/client/cases.hpp"
#include "samverkan/client/errors.hpp"

namespace sc = samverkan::client;

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: register_case KOMMUNKOD DIARY TITLE CASE_TYPE DOCUMENT.pdf "
                 "[--party KIND:IDENTITY:NAME:ROLE]...\n";
    return 2;
  }
  const std::string kommunkod = argv[1];
  sc::NewCase input;
  input.diary = argv[2];
  input.title = argv[3];
  input.case_type = argv[4];
  const std::string file = argv[5];
  for (int i = 6; i + 1 < argc; i += 2) {
    std::string party = argv[i + 1];
    std::vector<std::string> fields;
    for (std::size_t at = 0;;) {
      const auto colon = party.find(':', at);
      fields.push_back(party.substr(at, colon == std::string::npos ? std::string::npos : colon - at));
      if (colon == std::string::npos) break;
      at = colon + 1;
    }
    if (std::string(argv[i]) != "--party" || fields.size() != 4) {
      std::cerr << "register_case: --party KIND:IDENTITY:NAME:ROLE\n";
      return 2;
    }
    input.parties.push_back({fields[0], fields[1], fields[2], fields[3]});
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "register_case: cannot read " << file << '\n';
    return 1;
  }
  sc::NewDocument document;
  document.title = input.title;
  document.content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  try {
    sc::Client api(options_from_environment({"cases:write", "cases:read"}));
    sc::Cases cases(api, kommunkod);
    const auto registered = cases.register_case(input);
    const auto added = cases.add_document(registered.number, document);
    std::cout << "registered: " << registered.number << " \"" << registered.title << "\", document "
              << added.document_number << " (" << added.content_size << " bytes, sha256 " << added.content_sha256
              << ")\n";
    sc::RegisterQuery query;
    query.number = registered.number;
    for (const auto& found : cases.search_register(query)) {
      std::cout << "public register: " << found.number << " " << found.board << ": \"" << found.title << "\", "
                << found.status << ", " << found.documents.size() << " document(s)\n";
      for (const auto& party : found.parties) std::cout << "  party: " << party.name << " (" << party.role << ")\n";
    }
    return 0;
  } catch (const sc::InvalidRequest& e) {
    std::cerr << "register_case: " << e.detail() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "register_case: " << e.what() << '\n';
    return 1;
  }
}

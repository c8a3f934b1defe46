#pragma once
// An example's eservices/publish.txt, read as scripts/run.sh reads it: one publication a line,
// "service id | kommunkod | handling unit | local contact | local title", '#' comments.
#include <boost/algorithm/string/trim.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace samverkan::test {

struct Publication {
  int line = 0;
  std::string service;
  std::string municipality;
  std::string unit;
  std::string contact;
  std::string title;  ///< empty: the definition's
};

inline std::vector<Publication> read_publish_list(const std::filesystem::path& file) {
  std::vector<Publication> publications;
  std::istringstream text(read_file(file));
  int number = 0;
  for (std::string line; std::getline(text, line);) {
    ++number;
    boost::algorithm::trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    std::istringstream parts(line);
    for (std::string field; std::getline(parts, field, '|');) fields.push_back(boost::algorithm::trim_copy(field));
    fields.resize(5);
    publications.push_back({number, fields[0], fields[1], fields[2], fields[3], fields[4]});
  }
  return publications;
}

/// The `samverkan eservice publish` arguments of one publication (run.sh's), before --db etc.
inline std::vector<std::string> publish_arguments(const Publication& publication) {
  std::vector<std::string> args = {
      "eservice", "publish",        publication.service, "--municipality",   publication.municipality,
      "--unit",   publication.unit, "--contact",         publication.contact};
  if (!publication.title.empty()) {
    args.push_back("--title");
    args.push_back(publication.title);
  }
  return args;
}

}  // namespace samverkan::test

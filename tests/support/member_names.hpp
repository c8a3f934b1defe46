#pragma once
// The check that no code outside examples/ and tests/ names a member municipality, a kommunkod
// or a cooperation: the names come from every examples/*/cooperation.xml (so a new example is
// covered without touching the test), the scan looks for each as a whole word.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/config/cooperation.hpp"

namespace samverkan::test {

/// A text the scan looks for, and why.
struct ForbiddenName {
  std::string text;  ///< "Eksjö", "eksjo", "0686", "Höglandets IT", "hoglandet"
  std::string why;   ///< "short name of 0686 (examples/hoglandet)"
};

/// Where a forbidden name was found.
struct NameFinding {
  std::filesystem::path file;
  int line = 0;
  std::string text;
  std::string why;
};

/// ASCII-folds Swedish letters (å ä → a, ö → o, é → e, ü → u, capitals alike): "Nässjö" → "Nassjo".
std::string ascii_fold(std::string_view text);

/// For each member: its name ("Eksjö kommun"), short name ("Eksjö"), the short name's genitive
/// ("Eksjös"), their lower-case, ASCII-folded lower-case ("eksjo"), folded capitalised ("Eksjo")
/// and folded upper-case ("EKSJO") forms, and its kommunkod. For each cooperation: its name
/// ("Höglandets IT"), id ("hoglandet"), the proper nouns in its name and their stems
/// ("Höglandets", "Höglandet"), folded likewise. Lower-case forms that are ordinary Swedish words
/// ("vara", as in "måste vara ifylld") are left out; their capitalised forms stay.
std::vector<ForbiddenName> forbidden_names(const config::Cooperation& cooperation, std::string_view source);

/// Every occurrence of a name in `text` as a whole word: not preceded or followed by a letter
/// or digit (UTF-8 letters count as letters), except a camel-case joint ("kEksjo",
/// "eksjoAdapter"). Lines are 1-based.
std::vector<NameFinding> scan_text(std::string_view text, const std::vector<ForbiddenName>& names,
                                   const std::filesystem::path& file);

/// scan_text over every regular file under `folder` (recursively); `files` counts them.
std::vector<NameFinding> scan_folder(const std::filesystem::path& folder, const std::vector<ForbiddenName>& names,
                                     int& files);

}  // namespace samverkan::test

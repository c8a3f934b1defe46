#include "support/member_names.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace samverkan::test {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kFolds = {{
    {"å", "a"},
    {"ä", "a"},
    {"ö", "o"},
    {"é", "e"},
    {"ü", "u"},
    {"æ", "ae"},
    {"Å", "A"},
    {"Ä", "A"},
    {"Ö", "O"},
    {"É", "E"},
    {"Ü", "U"},
    {"Æ", "AE"},
}};

// Lower-case forms that are ordinary Swedish words: matching them would flag Swedish text.
const std::set<std::string>& common_words() {
  static const std::set<std::string> words{"vara"};
  return words;
}

// Lower-cases ASCII and the Swedish capitals.
std::string lower(std::string_view text) {
  std::string result(text);
  for (const auto& [upper, lower_case] :
       std::array<std::pair<std::string_view, std::string_view>, 4>{{{"Å", "å"}, {"Ä", "ä"}, {"Ö", "ö"}, {"É", "é"}}}) {
    for (auto at = result.find(upper); at != std::string::npos; at = result.find(upper, at)) {
      result.replace(at, upper.size(), lower_case);
    }
  }
  for (char& c : result) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return result;
}

std::string upper_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

bool is_letter_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

void add_forms(std::vector<ForbiddenName>& names, const std::string& text, const std::string& why) {
  if (text.empty()) return;
  const std::string folded = ascii_fold(text);
  for (const std::string& form :
       {text, lower(text), lower(folded), capitalised(lower(folded)), upper_ascii(folded), folded}) {
    if (form != text && common_words().contains(form)) continue;
    names.push_back(ForbiddenName{form, why});
  }
}

// The proper nouns of a cooperation's name: words of letters only, capitalised, not all
// capitals ("IT"), at least four letters; with a genitive -s also the stem.
std::vector<std::string> proper_nouns(const std::string& name) {
  std::vector<std::string> result;
  std::istringstream words(name);
  for (std::string word; words >> word;) {
    const bool letters = std::all_of(word.begin(), word.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
    });
    if (!letters || word.size() < 4 || !is_upper(word[0]) || upper_ascii(word) == word) continue;
    result.push_back(word);
    if (word.back() == 's') result.push_back(word.substr(0, word.size() - 1));
  }
  return result;
}

}  // namespace

std::string ascii_fold(std::string_view text) {
  std::string result(text);
  for (const auto& [from, to] : kFolds) {
    for (auto at = result.find(from); at != std::string::npos; at = result.find(from, at + to.size())) {
      result.replace(at, from.size(), to);
    }
  }
  return result;
}

std::vector<ForbiddenName> forbidden_names(const config::Cooperation& cooperation, std::string_view source) {
  std::vector<ForbiddenName> names;
  const std::string where = " (" + std::string(source) + ")";
  for (const auto& member : cooperation.members) {
    const std::string code = member.code.str();
    names.push_back(ForbiddenName{code, "kommunkod of " + member.name + where});
    add_forms(names, member.name, "name of " + code + where);
    add_forms(names, member.short_name, "short name of " + code + where);
    if (!member.short_name.empty()) add_forms(names, member.short_name + "s", "short name of " + code + where);
  }
  add_forms(names, cooperation.name, "name of the cooperation" + where);
  add_forms(names, cooperation.id, "id of the cooperation" + where);
  for (const auto& noun : proper_nouns(cooperation.name)) add_forms(names, noun, "the cooperation's name" + where);
  return names;
}

std::vector<NameFinding> scan_text(std::string_view text, const std::vector<ForbiddenName>& names,
                                   const std::filesystem::path& file) {
  std::vector<NameFinding> findings;
  for (const auto& name : names) {
    const std::string& needle = name.text;
    for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
      const auto end = at + needle.size();
      const bool starts =
          at == 0 || !is_letter_or_digit(text[at - 1]) || (is_lower(text[at - 1]) && is_upper(needle.front()));
      const bool ends =
          end == text.size() || !is_letter_or_digit(text[end]) || (is_upper(text[end]) && is_lower(needle.back()));
      if (!starts || !ends) continue;
      const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
      findings.push_back(NameFinding{file, line, needle, name.why});
    }
  }
  std::sort(findings.begin(), findings.end(), [](const NameFinding& a, const NameFinding& b) {
    return std::tie(a.file, a.line, a.text) < std::tie(b.file, b.line, b.text);
  });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const NameFinding& a, const NameFinding& b) {
                               return a.file == b.file && a.line == b.line && a.text == b.text;
                             }),
                 findings.end());
  return findings;
}

std::vector<NameFinding> scan_folder(const std::filesystem::path& folder, const std::vector<ForbiddenName>& names,
                                     int& files) {
  std::vector<NameFinding> findings;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    for (auto& finding : scan_text(content.str(), names, entry.path())) findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace samverkan::test

#pragma once
/// The boards (nämnder) of each member municipality, each with its own diary, as the
/// cooperation file declares them (config::Board: prefix "KS", name "Kommunstyrelsen").

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/ids/kommunkod.hpp"

namespace samverkan::config {
struct Cooperation;
}

namespace samverkan::casehandling {

struct BoardInfo {
  std::string prefix;  ///< "KS"
  std::string name;    ///< "Kommunstyrelsen"
};

class BoardDirectory {
 public:
  /// Every member's boards.
  static BoardDirectory from_cooperation(const config::Cooperation& cooperation);

  /// Adds a board. Throws samverkan::InvalidInput for a malformed prefix or a duplicate.
  void add(const ids::Kommunkod& municipality, std::string prefix, std::string name);

  /// The board with this prefix, or nullptr.
  const BoardInfo* find(const ids::Kommunkod& municipality, std::string_view prefix) const;

  /// As find(); throws samverkan::InvalidInput ("0199 has no diary 'XX'") when there is none.
  const BoardInfo& require(const ids::Kommunkod& municipality, std::string_view prefix) const;

  /// The boards of one municipality in declaration order (empty when none).
  std::vector<BoardInfo> boards(const ids::Kommunkod& municipality) const;

 private:
  std::map<std::string, std::vector<BoardInfo>> boards_;  ///< by kommunkod
};

}  // namespace samverkan::casehandling

#include "samverkan/casehandling/board_directory.hpp"

#include "samverkan/casehandling/case_number.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::casehandling {

BoardDirectory BoardDirectory::from_cooperation(const config::Cooperation& cooperation) {
  BoardDirectory out;
  for (const auto& member : cooperation.members) {
    for (const auto& board : member.boards) out.add(member.code, board.prefix, board.name);
  }
  return out;
}

void BoardDirectory::add(const ids::Kommunkod& municipality, std::string prefix, std::string name) {
  if (!is_valid_prefix(prefix)) throw InvalidInput("a diary prefix is 1-16 upper-case letters, not '" + prefix + "'");
  if (find(municipality, prefix) != nullptr) {
    throw InvalidInput(municipality.str() + " already has a diary '" + prefix + "'");
  }
  boards_[municipality.str()].push_back({std::move(prefix), std::move(name)});
}

const BoardInfo* BoardDirectory::find(const ids::Kommunkod& municipality, std::string_view prefix) const {
  const auto found = boards_.find(municipality.str());
  if (found == boards_.end()) return nullptr;
  for (const auto& board : found->second) {
    if (board.prefix == prefix) return &board;
  }
  return nullptr;
}

const BoardInfo& BoardDirectory::require(const ids::Kommunkod& municipality, std::string_view prefix) const {
  if (const auto* board = find(municipality, prefix)) return *board;
  throw InvalidInput(municipality.str() + " has no diary '" + std::string(prefix.substr(0, 16)) + "'");
}

std::vector<BoardInfo> BoardDirectory::boards(const ids::Kommunkod& municipality) const {
  const auto found = boards_.find(municipality.str());
  return found == boards_.end() ? std::vector<BoardInfo>{} : found->second;
}

}  // namespace samverkan::casehandling

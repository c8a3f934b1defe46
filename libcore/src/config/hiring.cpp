#include "samverkan/config/hiring.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "config/detail/hiring_reader.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::config {

bool CatalogueRole::allowed_in(const std::string& unit) const {
  return units.empty() || std::find(units.begin(), units.end(), unit) != units.end();
}

const HiringUnit* HiringSettings::find_unit(const std::string& id) const noexcept {
  for (const auto& unit : units) {
    if (unit.id == id) return &unit;
  }
  return nullptr;
}

const EquipmentArticle* HiringSettings::find_article(const std::string& id) const noexcept {
  for (const auto& article : equipment) {
    if (article.id == id) return &article;
  }
  return nullptr;
}

const CardArea* HiringSettings::find_area(const std::string& zone) const noexcept {
  for (const auto& area : card_areas) {
    if (area.zone == zone) return &area;
  }
  return nullptr;
}

const CatalogueRole* HiringSettings::find_role(const std::string& system, const std::string& role) const noexcept {
  for (const auto& entry : roles) {
    if (entry.system == system && entry.role == role) return &entry;
  }
  return nullptr;
}

int HiringSettings::working_days_before_start(const std::string& kind) const {
  const auto found = service_levels.find(kind);
  return found == service_levels.end() ? 0 : found->second;
}

namespace detail {
namespace {

std::string attribute(const xml::Element& element, std::string_view name) {
  return collapse(element.attribute(name).value_or(""));
}

int int_attribute(const xml::Element& element, std::string_view name, int fallback) {
  const std::string text = attribute(element, name);
  if (text.empty()) return fallback;
  try {
    return std::stoi(text);
  } catch (const std::exception&) {
    return fallback;  // the schema has reported it
  }
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text + " ") {
    if (c == ' ') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  return words;
}

}  // namespace

std::optional<HiringDraft> read_hiring(Problems& problems, const xml::Element& municipality,
                                       const std::vector<Unit>& units, const std::string& member) {
  const auto element = municipality.first_child("hiring", kHiringNamespace);
  if (!element) return std::nullopt;
  HiringDraft draft;
  auto& settings = draft.settings;
  settings.line = element->line();
  try {
    settings.since = calendar::parse_iso_date(attribute(*element, "since"), "since");
  } catch (const InvalidInput&) {
    // The schema has reported it (xs:date).
  }
  if (const std::string pilot = attribute(*element, "adoptedFrom"); !pilot.empty()) {
    try {
      settings.adopted_from = ids::Kommunkod::parse(pilot);
    } catch (const InvalidInput& error) {
      problems.add_value_problem(element->line(), "invalid adoptedFrom '" + pilot + "': " + error.what());
    }
  }
  if (const auto intranet = element->first_child("intranet", kHiringNamespace)) {
    settings.intranet_url = attribute(*intranet, "url");
  }
  if (const auto notices = element->first_child("notices", kHiringNamespace)) {
    settings.hr_email = attribute(*notices, "hrEmail");
  }
  for (const auto& list : element->children("units", kHiringNamespace)) {
    for (const auto& unit : list.children("unit", kHiringNamespace)) {
      const std::string ref = attribute(unit, "ref");
      const auto own = std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.id == ref; });
      if (own == units.end()) {
        problems.add(unit.line(), "hiring unit " + ref + " is not one of " + member + "'s units");
        continue;
      }
      settings.units.push_back(HiringUnit{ref, own->name, attribute(unit, "costCentre"), attribute(unit, "workplace")});
    }
  }
  if (const auto equipment = element->first_child("equipment", kHiringNamespace)) {
    draft.has_equipment = true;
    for (const auto& item : equipment->children("item", kHiringNamespace)) {
      settings.equipment.push_back(EquipmentArticle{attribute(item, "id"), attribute(item, "kind"),
                                                    attribute(item, "model"), collapse(item.text())});
    }
  }
  for (const auto& list : element->children("cardAreas", kHiringNamespace)) {
    for (const auto& area : list.children("area", kHiringNamespace)) {
      settings.card_areas.push_back(CardArea{attribute(area, "zone"), collapse(area.text())});
    }
  }
  for (const auto& list : element->children("permissions", kHiringNamespace)) {
    for (const auto& system : list.children("system", kHiringNamespace)) {
      for (const auto& role : system.children("role", kHiringNamespace)) {
        CatalogueRole entry{attribute(system, "id"),
                            attribute(system, "name"),
                            attribute(role, "id"),
                            collapse(role.text()),
                            split_words(attribute(role, "units")),
                            attribute(role, "default") == "true" || attribute(role, "default") == "1"};
        for (const auto& unit : entry.units) {
          if (settings.find_unit(unit) == nullptr) {
            problems.add(role.line(), "role " + entry.system + "/" + entry.role + " names unit " + unit +
                                          ", which is not a hiring unit of " + member);
          }
        }
        settings.roles.push_back(std::move(entry));
      }
    }
  }
  if (const auto levels = element->first_child("serviceLevels", kHiringNamespace)) {
    draft.has_service_levels = true;
    settings.at_risk_working_days = int_attribute(*levels, "atRiskWorkingDays", 1);
    for (const auto& order : levels->children("order", kHiringNamespace)) {
      settings.service_levels[attribute(order, "kind")] = int_attribute(order, "workingDaysBeforeStart", 0);
    }
  }
  if (const auto contract = element->first_child("contract", kHiringNamespace)) {
    draft.has_contract = true;
    auto& tmpl = settings.contract;
    tmpl.board = attribute(*contract, "board");
    tmpl.case_type = attribute(*contract, "caseType");
    tmpl.secrecy_reference = attribute(*contract, "secrecyReference");
    if (const auto title = contract->first_child("title", kHiringNamespace)) tmpl.title = collapse(title->text());
    for (const auto& clause : contract->children("clause", kHiringNamespace)) {
      tmpl.clauses.push_back(ContractClause{attribute(clause, "heading"), clause.text()});
    }
    if (const auto support = contract->first_child("support", kHiringNamespace)) {
      tmpl.support_text = attribute(*support, "text");
      tmpl.support_email = attribute(*support, "email");
      tmpl.support_phone = attribute(*support, "phone");
    }
  }
  return draft;
}

void resolve_hiring(Problems& problems, std::vector<HiringMember>& members) {
  std::map<std::string, const HiringMember*> by_code;
  for (const auto& member : members) by_code.emplace(member.code, &member);
  // Members whose adoptedFrom was refused: their missing contract is that error's consequence.
  std::set<std::string> bad_adoption;
  for (auto& member : members) {
    if (member.hiring == nullptr || !member.hiring->settings.adopted_from) continue;
    auto& draft = *member.hiring;
    const std::string pilot_code = draft.settings.adopted_from->str();
    const auto found = by_code.find(pilot_code);
    const int line = draft.settings.line;
    if (pilot_code == member.code) {
      problems.add(line, member.name + " cannot adopt the hiring form from itself");
      bad_adoption.insert(member.code);
      continue;
    }
    if (found == by_code.end() || found->second->hiring == nullptr) {
      problems.add(line, member.name + " adopts the hiring form from " + pilot_code +
                             (found == by_code.end() ? ", which is not a member" : ", which does not run hiring"));
      bad_adoption.insert(member.code);
      continue;
    }
    const HiringDraft& pilot = *found->second->hiring;
    if (pilot.settings.adopted_from) {
      problems.add(line, member.name + " adopts the hiring form from " + found->second->name +
                             ", which adopted it from " + pilot.settings.adopted_from->str() +
                             " itself: name the pilot");
      bad_adoption.insert(member.code);
      continue;
    }
    if (!draft.has_equipment) draft.settings.equipment = pilot.settings.equipment;
    if (!draft.has_service_levels) {
      draft.settings.service_levels = pilot.settings.service_levels;
      draft.settings.at_risk_working_days = pilot.settings.at_risk_working_days;
    }
    if (!draft.has_contract && pilot.has_contract) {
      draft.settings.contract = pilot.settings.contract;
      draft.has_contract = true;
    }
  }
  for (auto& member : members) {
    if (member.hiring == nullptr) continue;
    const auto& settings = member.hiring->settings;
    if (!member.hiring->has_contract) {
      if (!settings.adopted_from) {
        problems.add(settings.line, "the hiring process of " + member.name + " has no <contract> and adopts none");
      } else if (!bad_adoption.contains(member.code)) {
        problems.add(settings.line, "the hiring process of " + member.name + " has no <contract>, nor has " +
                                        settings.adopted_from->str() + " whose form it adopts");
      }
      continue;
    }
    const auto& board = settings.contract.board;
    const bool own =
        std::any_of(member.boards->begin(), member.boards->end(), [&](const Board& b) { return b.prefix == board; });
    if (!own) {
      problems.add(settings.line, "the contract of " + member.name + " is registered in board " + board +
                                      ", which is not one of its boards");
    }
  }
}

}  // namespace detail
}  // namespace samverkan::config

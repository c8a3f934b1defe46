#pragma once
/// What changed from one version of an e-service definition to another: the summary a publisher
/// reads before adopting a new version (staff_pages.hpp) and after importing one.
///
///   for (const auto& change : eservices::compare_definitions(version1, version2)) {
///     std::cout << to_string(change.kind) << ' ' << change.subject << '\n';  // "field-added email"
///   }

#include <string>
#include <string_view>
#include <vector>

#include "samverkan/eservices/definition.hpp"

namespace samverkan::eservices {

/// One difference between two versions.
struct DefinitionChange {
  enum class Kind {
    kTitle,          ///< the service's title
    kDescription,    ///< the service's description
    kCategory,       ///< the service's category
    kLoginLevel,     ///< the e-legitimation it asks for
    kOnSubmit,       ///< what happens on submit (case registration, receipt)
    kStepAdded,      ///< subject: the step's id
    kStepRemoved,    ///< subject: the step's id
    kStepText,       ///< the step's title or description
    kFieldAdded,     ///< subject: the field's id
    kFieldRemoved,   ///< subject: the field's id
    kFieldText,      ///< the field's label or help
    kFieldType,      ///< the field's type
    kFieldRequired,  ///< required, or no longer required
    kFieldOptions,   ///< the choices offered
    kFieldRules,     ///< lengths, pattern, limits, conditions, accepted files
  };
  Kind kind;
  std::string subject = {};  ///< the step's or field's id; empty for the service itself

  friend bool operator==(const DefinitionChange&, const DefinitionChange&) = default;
};

/// "title", "field-added", …: a stable name for each kind (for texts and tests).
std::string_view to_string(DefinitionChange::Kind kind) noexcept;

/// The differences from `before` to `after`, the service's first, then by step and field in
/// `after`'s order (removed ones after). Empty when the forms are the same. Never throws but
/// std::bad_alloc.
std::vector<DefinitionChange> compare_definitions(const Definition& before, const Definition& after);

}  // namespace samverkan::eservices

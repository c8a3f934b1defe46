#pragma once
// Internal to libcore: reads a municipality's <adapters> list (already validated against
// xsd/adapters.xsd as part of the cooperation file) and adds its semantic problems (two
// adapters of one kind, a name used twice, an option given twice) to the file's problems.

#include <filesystem>

#include "config/detail/problems.hpp"
#include "samverkan/adapters/adapter_settings.hpp"

namespace samverkan::adapters::detail {

AdapterSettings read_adapter_list(const xml::Element& list, const ids::Kommunkod& municipality,
                                  const std::filesystem::path& base_dir, config::detail::Problems& problems);

}  // namespace samverkan::adapters::detail

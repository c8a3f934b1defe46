#pragma once
/// The composition root's product wiring, read top to bottom in src/products.cpp: every product
/// connector the platform knows (one line per product), the platform's own diary as the
/// product samverkan-diary, what each process needs of a member (one row per need), and the one
/// check that `samverkan check-config` and `serve` share.

#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "samverkan/adapters/case_system.hpp"
#include "samverkan/adapters/product_binding.hpp"
#include "samverkan/adapters/products.hpp"
#include "samverkan/adapters/registry.hpp"
#include "samverkan/config/cooperation.hpp"

namespace samverkan::server {

/// The product key of the platform's own diary (casehandling::DiaryCaseSystem): the
/// CaseSystem of every member that binds no <caseSystem>, and bindable by name too.
inline constexpr std::string_view kDiaryProduct = "samverkan-diary";

/// Builds the platform's own diary of one member (it needs the running platform's database).
using DiaryFactory = std::function<std::unique_ptr<adapters::CaseSystem>(const ids::Kommunkod& municipality)>;

/// Every product the platform can bind. `diary` builds the platform's own diary when serving;
/// without it (check-config) the product is still known, and a check never builds it.
adapters::Products product_catalogue(DiaryFactory diary = {});

/// What the processes need of a member that runs them: one row per (process, kind).
std::span<const adapters::ProcessNeed> process_needs();

/// The one check of `check-config` and `serve` (adapters::bind_products with process_needs()):
/// the files the cooperation file names exist, each binding names a known product of its kind
/// that reads every setting given, each member has the kinds its processes need. With
/// `registry`, also registers every member's connectors (serve). Throws config::ConfigError
/// with every problem as file:line: reason.
void bind_members(const config::Cooperation& cooperation, const adapters::Products& products,
                  adapters::Registry* registry);

}  // namespace samverkan::server

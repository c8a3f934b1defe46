#include "samverkan/server/products.hpp"

#include <string>

#include "samverkan/adapters/access_card_folder/register.hpp"
#include "samverkan/adapters/access_card_rest/register.hpp"
#include "samverkan/adapters/hr_rest/register.hpp"
#include "samverkan/adapters/permissions_rest/register.hpp"
#include "samverkan/adapters/personec_csv/register.hpp"
#include "samverkan/adapters/print_folder/register.hpp"
#include "samverkan/adapters/print_rest/register.hpp"
#include "samverkan/adapters/public360_rest/register.hpp"
#include "samverkan/adapters/servicedesk_rest/register.hpp"
#include "samverkan/adapters/sms_rest/register.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::server {
namespace {

bool has_digital_mail(const config::Municipality& member) { return member.digital_mail.has_value(); }
bool runs_hiring(const config::Municipality& member) { return member.hiring.has_value(); }

// One row per kind a process needs of the members that run it; a process that comes with new
// needs (hiring: an HR system, a property access system, ...) adds its rows here.
constexpr adapters::ProcessNeed kProcessNeeds[] = {
    // Digital mail: a letter to someone without a digital mailbox goes on paper.
    {"the paper route of digital mail", adapters::AdapterKind::kPrintVendor, has_digital_mail},
    // Hiring orders the employment, the account and equipment, the card and the roles.
    {"hiring", adapters::AdapterKind::kHrSystem, runs_hiring},
    {"hiring", adapters::AdapterKind::kItServiceDesk, runs_hiring},
    {"hiring", adapters::AdapterKind::kPropertyAccess, runs_hiring},
    {"hiring", adapters::AdapterKind::kPermissionSystem, runs_hiring},
};

}  // namespace

adapters::Products product_catalogue(DiaryFactory diary) {
  adapters::Products products;
  // The product connectors under adapters/, one line each.
  adapters::access_card_folder::register_product(products);
  adapters::access_card_rest::register_product(products);
  adapters::hr_rest::register_product(products);
  adapters::permissions_rest::register_product(products);
  adapters::personec_csv::register_product(products);
  adapters::print_folder::register_product(products);
  adapters::print_rest::register_product(products);
  adapters::public360_rest::register_product(products);
  adapters::servicedesk_rest::register_product(products);
  adapters::sms_rest::register_product(products);

  // The platform's own diary (services/casehandling), the default CaseSystem.
  products.add_platform<adapters::CaseSystem>(
      std::string(kDiaryProduct), "the platform's own diary (case handling); the default case system, no settings",
      [diary = std::move(diary)](adapters::ProductSettings&, const adapters::ProductContext& context) {
        if (!diary) throw InternalError("the platform's own diary is built only by a running platform");
        return diary(context.municipality);
      });
  products.set_default(adapters::AdapterKind::kCaseSystem, kDiaryProduct);
  return products;
}

std::span<const adapters::ProcessNeed> process_needs() { return kProcessNeeds; }

void bind_members(const config::Cooperation& cooperation, const adapters::Products& products,
                  adapters::Registry* registry) {
  adapters::bind_products(cooperation, products, process_needs(), registry);
}

}  // namespace samverkan::server

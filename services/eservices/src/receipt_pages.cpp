#include <optional>
#include <string>

#include "detail/pages.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {

// The receipt: this session's own submission, or a logged-in citizen's own errand.
Receipt Pages::find_receipt(const Visit& visit, const config::Municipality& municipality,
                            const std::string& reference) {
  if (auto own = page_store_.receipt(visit.session.id, municipality.code, reference)) {
    const auto ctx = context(visit, municipality, Intent::kRead);
    try {
      own->service_title = catalogue_.publication(*ctx, own->service_id).title();
    } catch (const NotFound&) {  // withdrawn since: the title of the version it was sent to
      own->service_title = catalogue_.definition(*ctx, own->service_id, own->version).title();
    }
    return *own;
  }
  if (!visit.citizen()) throw NotFound("no such receipt");
  const auto ctx = context(visit, municipality, Intent::kRead);
  auto receipt = submissions_.receipt(*ctx, reference);
  ctx->commit();
  return receipt;
}

mu::data Pages::receipt_data(const Visit& visit, const config::Municipality& municipality,
                             const Receipt& receipt) const {
  auto data = base_data(visit);
  data.set("reference", receipt.reference);
  data.set("service_title", receipt.service_title.in(visit.language));
  data.set("submitted", format_time(receipt.submitted_at));
  data.set("municipality", municipality.name);
  data.set("home", home(municipality, visit.language));
  data.set("text_href",
           "/e/" + municipality.code.str() + "/kvitto/" + receipt.reference + "/text" + lang_query(visit.language));
  return data;
}

http::Response Pages::receipt_page(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const auto receipt = find_receipt(visit, municipality, request.path_params.at("reference"));
  const auto data = receipt_data(visit, municipality, receipt);
  return html(200, page(visit, &municipality, ui_text(visit.language, "receipt_heading"), render("receipt", data),
                        "/e/" + municipality.code.str() + "/kvitto/" + receipt.reference));
}

http::Response Pages::receipt_text(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const auto receipt = find_receipt(visit, municipality, request.path_params.at("reference"));
  http::Response response;
  response.content_type = "text/plain; charset=utf-8";
  response.body = render("receipt-text", receipt_data(visit, municipality, receipt));
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + receipt.reference + ".txt\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace samverkan::eservices::detail

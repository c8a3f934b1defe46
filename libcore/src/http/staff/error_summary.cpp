#include "samverkan/http/error_summary.hpp"

namespace samverkan::http {

void set_error_summary(mustache::data& data, const FormErrors& errors) {
  if (errors.empty()) return;
  mustache::data items{mustache::data::type::list};
  for (const auto& [field, message] : errors) {
    mustache::data item{mustache::data::type::object};
    item.set("anchor", field);
    item.set("message", message);
    items.push_back(item);
    data.set("error_" + field, message);
  }
  data.set("has_errors", true);
  data.set("errors", items);
}

}  // namespace samverkan::http

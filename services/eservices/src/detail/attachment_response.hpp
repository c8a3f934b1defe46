#pragma once
// An errand's attachment as a download, for the staff pages and the API alike (internal).
#include "samverkan/eservices/answers.hpp"
#include "samverkan/http/message.hpp"

namespace samverkan::eservices::detail {

/// The file with its media type (found by content when it was accepted), a Content-Disposition
/// naming it (RFC 6266: an ASCII fallback and the exact UTF-8 name) and no caching.
http::Response attachment_response(const AcceptedAttachment& file);

}  // namespace samverkan::eservices::detail

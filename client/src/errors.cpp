#include "samverkan/client/errors.hpp"

#include <utility>

namespace samverkan::client {
namespace {

std::string message_of(const Problem& problem) {
  std::string text = problem.detail.empty() ? problem.title : problem.detail;
  text += " (" + std::to_string(problem.status);
  if (!problem.request_id.empty()) text += ", request " + problem.request_id;
  text += ")";
  return text;
}

}  // namespace

ApiError::ApiError(Problem problem) : Error(message_of(problem)), problem_(std::move(problem)) {}

void throw_problem(Problem problem) {
  switch (problem.status) {
    case 400:
    case 422:
      throw InvalidRequest(std::move(problem));
    case 401:
      throw Unauthenticated(std::move(problem));
    case 403:
      throw Forbidden(std::move(problem));
    case 404:
      throw NotFound(std::move(problem));
    case 409:
      throw Conflict(std::move(problem));
    case 413:
      throw TooLarge(std::move(problem));
    case 429:
      throw RateLimited(std::move(problem));
    default:
      if (problem.status >= 500) throw ServerError(std::move(problem));
      throw ApiError(std::move(problem));
  }
}

}  // namespace samverkan::client

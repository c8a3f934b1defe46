#pragma once
/// How satisfied citizens are, and how many errands are resolved at first contact, per
/// e-service and member: the two figures a municipality reports on its e-services.
///
///   eservices::Satisfaction satisfaction(submissions, keyring);
///   // the citizen, on Mina sidor, once the errand is closed (optional):
///   satisfaction.answer(citizen_ctx, "ET-2026-000042", {.overall = 9, .expectations = 8, .ideal = 8});
///   // staff, or an API client with statistics:read:
///   const auto figures = satisfaction.figures(staff_ctx, 2026);
///
/// The survey is the three questions of a customer satisfaction index (NKI, as SCB and SKR's
/// Insikt ask them), each answered 1-10. The index is their mean rescaled to 0-100 with equal
/// weights: (mean - 1) / 9 * 100. An answer is anonymous in what staff see: it is stored
/// without the errand, the citizen or a time finer than the month, and the index of a group is
/// shown only from kMinimumAnswersShown answers on.
///
/// An errand is resolved when it first reaches "decided" or "closed"; it was resolved at first
/// contact when, before that, the municipality never had to ask the citizen again: it was never
/// waiting for the citizen and the citizen sent no message. Messages after the resolution (a
/// thank-you) do not count. Figures cover one calendar year in Swedish time: errands by the
/// day they were resolved, answers by the month they were given.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/definition.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices {

/// The lowest and the highest answer to a survey question.
inline constexpr int kSurveyLowest = 1;
inline constexpr int kSurveyHighest = 10;

/// A group's index is shown (on the staff pages, in the API and the metrics) only from this
/// many answers on, so that no single citizen's answer can be read out of it.
inline constexpr long long kMinimumAnswersShown = 5;

/// A citizen's answers to the three questions, each kSurveyLowest..kSurveyHighest.
struct SurveyAnswer {
  int overall = 0;       ///< how satisfied, all in all, with the errand's handling
  int expectations = 0;  ///< how well the handling met one's expectations
  int ideal = 0;         ///< how close to an ideal handling it came
};

/// The index of answers whose three values add up to `score_sum` over `answers` answers:
/// (mean - 1) / 9 * 100; nullopt for no answers.
std::optional<double> satisfaction_index(long long score_sum, long long answers) noexcept;

/// Where a citizen's errand stands with the survey.
enum class SurveyState {
  kNotYet,    ///< the errand is not closed
  kOpen,      ///< closed, not answered: the survey may be answered
  kAnswered,  ///< answered (once per errand)
};

/// One e-service's figures (or, with an empty service_id, the member's over all e-services).
struct ServiceFigures {
  std::string service_id;
  LocalizedText title;
  long long resolved = 0;       ///< errands resolved in the year
  long long first_contact = 0;  ///< of those, resolved at first contact
  long long answers = 0;        ///< survey answers given in the year
  long long score_sum = 0;      ///< the sum of every answer's three values

  /// first_contact / resolved; nullopt when nothing was resolved.
  std::optional<double> first_contact_share() const noexcept;
  /// The index, from kMinimumAnswersShown answers on; nullopt below.
  std::optional<double> index() const noexcept;
};

/// A member's figures for one year.
struct SatisfactionFigures {
  int year = 0;
  std::vector<ServiceFigures> services;  ///< each e-service with an errand resolved or an answer, by id
  ServiceFigures total;                  ///< all e-services together
};

class Satisfaction {
 public:
  /// `submissions` and `keyring` must outlive this object.
  Satisfaction(Submissions& submissions, const crypto::Keyring& keyring);

  /// Where the logged-in citizen's own errand stands with the survey. NotFound for anyone
  /// else's errand, an unknown one, or a principal that is not a citizen. Not audited (the
  /// page that asks has read the errand, audited, in the same transaction).
  SurveyState state(tenancy::Context& ctx, std::string_view reference);

  /// The citizen's answers on their own closed errand, once. NotFound as state(); InvalidInput
  /// for an answer outside 1-10; Conflict when the errand is not closed or already answered.
  /// Audited as "errand.survey.answer" without the answers.
  void answer(tenancy::Context& ctx, std::string_view reference, const SurveyAnswer& answer);

  /// The member's figures for `year` (Swedish calendar year). Requires
  /// Permission::kStatisticsRead; InvalidInput for a year before 2000 or after next year. No
  /// personal data: not audited.
  SatisfactionFigures figures(tenancy::Context& ctx, int year);

 private:
  Submissions& submissions_;
  const crypto::Keyring& keyring_;
};

}  // namespace samverkan::eservices

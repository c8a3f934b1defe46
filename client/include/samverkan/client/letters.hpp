#pragma once
/// Letters to citizens' digital mailboxes (Mina meddelanden), on paper when the citizen has
/// none: POST/GET /api/v1/municipalities/{kommunkod}/messages[/bulk], scope mailbox:send.
/// Every letter has a clientRequestId: the same id sends the letter once however often it is
/// sent (a letter without one gets a new random id, kept across the client's retries).
///
/// Many letters: send_bulk_all cuts them into bulk requests by count and by request size (each
/// letter serialised once, its JSON kept for the request), reports each accepted batch, and maps
/// a refused letter back to its position in what you gave:
///
///   std::vector<samverkan::client::Letter> all = ...;   // e.g. one per row of a file
///   letters.send_bulk_all(all, {}, [](const samverkan::client::BatchSent& sent) {
///     std::cout << sent.done << "/" << sent.total << " letters, batch " << sent.batch_id << '\n';
///   });
///
/// Letters read one at a time (attachments from files) go through the LetterSource overload,
/// so that memory holds one batch at a time.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/client/client.hpp"
#include "samverkan/client/errors.hpp"

namespace samverkan::client {

struct PostalAddress {
  std::string name;
  std::optional<std::string> care_of;
  std::vector<std::string> street;  ///< one line each
  std::string postal_code;
  std::string city;
};

struct LetterAttachment {
  std::string filename;  ///< e.g. beslut.pdf
  std::string content;   ///< the PDF's bytes (sent base64)
};

struct Letter {
  std::string recipient;  ///< personnummer or samordningsnummer, 12 digits or with a dash
  std::string subject;    ///< at most 255 characters
  std::string body;
  std::string body_type = "text/plain";  ///< or text/html
  /// Supportinfo shown with the letter: whom to ask.
  std::string support_text = "Har du frågor? Kontakta kommunen.";
  std::optional<std::string> reference;    ///< the sender's reference
  std::optional<std::string> case_number;  ///< the case (diarienummer): registered there once sent
  std::vector<LetterAttachment> attachments;
  std::optional<PostalAddress> postal_address;   ///< for the paper route
  std::optional<std::string> client_request_id;  ///< [A-Za-z0-9._:-]{1,100}; default a random one
};

/// Where a letter stands.
struct LetterState {
  std::string id;
  std::string client_request_id;
  std::string status;  ///< queued, delivered, paper or failed
  int attempts = 0;
  std::optional<bool> created;  ///< on acceptance: false when the clientRequestId was accepted before
  std::optional<std::string> operator_id, operator_name;  ///< the mailbox operator (delivered)
  std::optional<std::string> trans_id;                    ///< Mina meddelanden's TransId (delivered)
  std::optional<std::string> print_batch, print_job;      ///< the print batch (paper)
  std::optional<std::string> reason;                      ///< why it failed
  std::optional<std::size_t> index;                       ///< its position in a batch

  /// delivered, paper or failed: nothing more will happen to it.
  bool final() const noexcept { return status == "delivered" || status == "paper" || status == "failed"; }
};

/// The answer to a bulk request: every letter accepted (or none: InvalidRequest with a field
/// error per refused letter, by index).
struct BatchAccepted {
  std::string batch_id;
  std::size_t created = 0;   ///< letters new now
  std::size_t replayed = 0;  ///< letters whose clientRequestId was accepted before
  std::vector<LetterState> letters;
};

struct BatchState {
  std::string id;
  std::string created_at;
  std::size_t total = 0;
  std::size_t queued = 0, delivered = 0, paper = 0, failed = 0;
  std::vector<LetterState> letters;

  bool final() const noexcept { return queued == 0; }
};

/// The bulk route's limits: at most this many letters in one request ...
inline constexpr std::size_t kMaxBatchLetters = 1000;
/// ... and a request body of at most this many bytes: the server takes 1 MiB by default; the
/// rest is headroom (a proxy in front of it may count its own headers).
inline constexpr std::size_t kMaxBatchBytes = std::size_t{900} * 1024;

/// How letters are cut into bulk requests.
struct BatchLimits {
  std::size_t max_letters = kMaxBatchLetters;  ///< letters in one request, 1..1000
  std::size_t max_bytes = kMaxBatchBytes;      ///< bytes of one request's body ({"letters":[...]})
};

/// A letter serialised for a bulk request: its JSON is made once and sent as it is.
struct PreparedLetter {
  std::size_t index = 0;          ///< its position among the letters given (0-based)
  std::string client_request_id;  ///< the letter's own, or the random one it got when prepared
  std::string json;               ///< its JSON object as the request carries it
};

/// The letters of one bulk request.
struct Batch {
  std::vector<PreparedLetter> letters;
  std::size_t bytes = 0;  ///< the size of body(): exactly what is sent

  /// The request body: {"letters":[<json>,<json>,...]}.
  std::string body() const;
};

/// A letter larger, as JSON, than a bulk request may be even alone (its attachments, mostly).
/// Nothing of it was sent; send it with Letters::send, or make it smaller.
class LetterTooLarge : public UsageError {
 public:
  LetterTooLarge(std::size_t index, std::string client_request_id, std::size_t bytes, std::size_t limit);
  std::size_t index() const noexcept { return index_; }  ///< its position among the letters given
  const std::string& client_request_id() const noexcept { return client_request_id_; }
  std::size_t bytes() const noexcept { return bytes_; }  ///< a request with it alone
  std::size_t limit() const noexcept { return limit_; }  ///< BatchLimits::max_bytes

 private:
  std::size_t index_;
  std::string client_request_id_;
  std::size_t bytes_, limit_;
};

/// Cuts letters into batches as they come, in their order: a batch is complete when it holds
/// max_letters letters or the next letter would take its body past max_bytes.
///
///   BatchPlanner planner({.max_letters = 500});
///   for (const auto& letter : letters) {
///     if (auto batch = planner.add(letter)) send(*batch);
///   }
///   if (auto batch = planner.finish()) send(*batch);
class BatchPlanner {
 public:
  /// Throws UsageError for limits of no letter, more than 1,000 letters, or no room for a
  /// letter in the body.
  explicit BatchPlanner(BatchLimits limits = {});

  /// Serialises the letter (Letters::prepare, with the next index) and adds it. Returns the batch
  /// it completed, if any: the batch before it when it does not fit there (it then starts the
  /// next one), or the batch it filled to max_letters. Throws LetterTooLarge, adding nothing,
  /// for a letter no batch can hold.
  std::optional<Batch> add(const Letter& letter);
  /// The batch being filled, if it holds a letter (call it after the last letter).
  std::optional<Batch> finish();
  /// The letters added so far: the index the next one gets.
  std::size_t added() const noexcept { return added_; }
  const BatchLimits& limits() const noexcept { return limits_; }

 private:
  BatchLimits limits_;
  Batch filling_;
  std::size_t added_ = 0;
};

/// What send_bulk_all reports after each accepted batch (before it sends the next).
struct BatchSent {
  std::string batch_id;
  std::vector<std::size_t> indices;  ///< the batch's letters: their positions among the letters given
  std::vector<LetterState> letters;  ///< their states as accepted, in the same order
  std::size_t created = 0;           ///< letters new now
  std::size_t replayed = 0;          ///< letters whose clientRequestId was accepted before
  std::size_t bytes = 0;             ///< the request body's size
  std::size_t done = 0;              ///< letters accepted so far by this call, these included
  std::size_t total = 0;             ///< letters to send in all; 0 when not known
};
using BatchCallback = std::function<void(const BatchSent&)>;

/// The next letter to send, or nullopt after the last.
using LetterSource = std::function<std::optional<Letter>()>;

/// What send_bulk_all did.
struct BulkSent {
  std::vector<std::string> batch_ids;  ///< in the order sent
  std::vector<LetterState> letters;    ///< one per letter given, in that order
  std::size_t created = 0;             ///< letters new now
  std::size_t replayed = 0;            ///< letters whose clientRequestId was accepted before
};

class Letters {
 public:
  /// The letters of the municipality `kommunkod` (the API client's own).
  Letters(Client& client, const std::string& kommunkod);

  /// Sends one letter; its state as accepted (queued, or already further when sent before).
  LetterState send(const Letter& letter);
  /// Sends up to 1,000 letters in one request (at most ~1 MB of JSON): all or none.
  BatchAccepted send_bulk(const std::vector<Letter>& letters);

  /// Sends any number of letters in as many bulk requests as `limits` need (send_batch each, in
  /// order), calling `on_batch` after each accepted one. Every letter is planned (serialised)
  /// first, so a LetterTooLarge comes before anything is sent. A refused batch throws its
  /// ApiError (InvalidRequest, Conflict, TooLarge, ...) with the field errors' indices as
  /// positions in `letters`; the batches before it stay accepted (on_batch has reported them).
  /// An exception thrown by `on_batch` ends the call with nothing more sent. Give each letter
  /// your own client_request_id: then the same call again (after a refusal, a crash, in the next
  /// run of your program) sends none of them twice, the server answering the letters accepted
  /// before as replayed. A letter without one gets a random id (BulkSent::letters says which),
  /// which a second call cannot know.
  BulkSent send_bulk_all(const std::vector<Letter>& letters, const BatchLimits& limits = {},
                         const BatchCallback& on_batch = {});
  /// The same for letters made one at a time (read from a file, attachments loaded): memory
  /// holds one batch and the next letter. `total` is passed on to `on_batch` (0: not known). A
  /// letter too large is found when it comes: LetterTooLarge is thrown after the batches before
  /// it were sent (and reported); the indices are positions in what `next` gave.
  BulkSent send_bulk_all(const LetterSource& next, std::size_t total, const BatchLimits& limits = {},
                         const BatchCallback& on_batch = {});
  /// Sends one planned batch as it is (its body is the letters' JSON, not made again): all or
  /// none. A refused letter's FieldError::index is its PreparedLetter::index.
  BatchAccepted send_batch(const Batch& batch);
  /// `letters` cut into batches (BatchPlanner), every letter serialised once; throws
  /// LetterTooLarge naming the first letter no batch can hold.
  static std::vector<Batch> plan_batches(const std::vector<Letter>& letters, const BatchLimits& limits = {});
  /// The letter as a bulk request carries it (its clientRequestId, or a new random one).
  static PreparedLetter prepare(const Letter& letter, std::size_t index = 0);
  /// The letter's state now.
  LetterState status(const std::string& id);
  /// The batch's counts and every letter's state now.
  BatchState batch(const std::string& batch_id);

  /// The JSON a letter is sent as (its clientRequestId given), e.g. to size a batch.
  static Poco::JSON::Object to_json(const Letter& letter, const std::string& client_request_id);

 private:
  Client& client_;
  std::string base_;
};

}  // namespace samverkan::client

#pragma once
/// Letters to citizens' digital mailboxes (Mina meddelanden), on paper when the citizen has
/// none: POST/GET /api/v1/municipalities/{kommunkod}/messages[/bulk], scope mailbox:send.
/// Every letter has a clientRequestId: the same id sends the letter once however often it is
/// sent (a letter without one gets a new random id, kept across the client's retries).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/client/client.hpp"

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

class Letters {
 public:
  /// The letters of the municipality `kommunkod` (the API client's own).
  Letters(Client& client, const std::string& kommunkod);

  /// Sends one letter; its state as accepted (queued, or already further when sent before).
  LetterState send(const Letter& letter);
  /// Sends up to 1,000 letters in one request (at most ~1 MB of JSON): all or none.
  BatchAccepted send_bulk(const std::vector<Letter>& letters);
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

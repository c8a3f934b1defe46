#pragma once
/// Shared e-services and their errands (ärenden) under /api/v1/municipalities/{kommunkod}:
///   EServices: what the municipality publishes (public), and submissions on behalf of a citizen
///              by a trusted integration (scope eservices:submit);
///   Errands:   the municipality's inbox (scope errands:read), and handling: status, assignment,
///              notes, messages to the citizen (errands:write).

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/client/client.hpp"

namespace samverkan::client {

/// A text in Swedish and English.
struct LocalizedText {
  std::string sv;
  std::string en;
};

struct EServiceSummary {
  std::string id;
  int version = 0;
  LocalizedText title;
  LocalizedText description;
  std::string category;
  bool login_required = false;
  std::string login_level;
  std::string contact;
  std::string handling_unit;
};

struct SubmissionAttachment {
  std::string file_name;
  std::string content;  ///< the file's bytes (sent base64; the platform checks the type by content)
};

/// A submission of a service's form on behalf of a citizen.
struct Submission {
  std::string personnummer;
  int version = 0;  ///< required: the published version the answers are for (EServiceSummary::version)
  std::map<std::string, std::vector<std::string>> answers;  ///< field id -> value(s)
  std::map<std::string, SubmissionAttachment> attachments;  ///< field id -> file
  /// [A-Za-z0-9._:-]{1,100}: the same id submits once (a repeat gets the first receipt);
  /// default a random one, kept across the client's retries.
  std::optional<std::string> request_id;
};

struct SubmissionReceipt {
  std::string reference;  ///< the errand's reference, e.g. ET-2026-000123
  std::string service;
  int version = 0;
  LocalizedText title;
  std::string submitted_at;
  bool repeated = false;  ///< true when the request id had been submitted before
};

class EServices {
 public:
  EServices(Client& client, const std::string& kommunkod);

  /// The published e-services.
  std::vector<EServiceSummary> list();
  /// The published definition of `id` (the form's XML, as in xsd/eservice.xsd).
  std::string definition_xml(const std::string& id);
  /// Submits the answers; invalid ones throw InvalidRequest with a field error per answer.
  SubmissionReceipt submit(const std::string& id, const Submission& submission);

 private:
  Client& client_;
  std::string base_;
};

struct ErrandSummary {
  std::string reference;
  std::string service;
  int version = 0;
  std::string status;  ///< received, in-progress, waiting-for-citizen, decided, closed
  std::string handling_unit;
  std::optional<std::string> case_number;
  std::optional<std::string> assigned_to;
  std::string submitted_at;  ///< in the inbox only
};

struct ErrandAttachmentInfo {
  std::string file_name;
  std::string media_type;
  std::size_t size = 0;
};

/// An attachment's file as the citizen sent it.
struct ErrandAttachmentFile {
  std::string media_type;  ///< found by content when it was accepted, e.g. image/png
  std::string bytes;
};

struct Errand {
  ErrandSummary summary;
  std::map<std::string, std::vector<std::string>> answers;
  std::map<std::string, ErrandAttachmentInfo> attachments;  ///< field id -> file
};

struct ErrandNote {
  std::string id;
  std::string at;
  std::string author;
  std::string body;
};

struct ErrandMessage {
  std::string id;
  std::string at;
  std::string direction;  ///< to-citizen or from-citizen
  std::string author;
  std::string body;
};

struct InboxQuery {
  std::optional<std::string> status;
  std::optional<std::string> assigned_to;  ///< "me", "none" or a handler's user id
  std::size_t limit = 100;                 ///< 1..1000 per page
  std::size_t offset = 0;
};

class Errands {
 public:
  Errands(Client& client, const std::string& kommunkod);

  /// One page of the inbox, newest first.
  std::vector<ErrandSummary> inbox(const InboxQuery& query = {});
  /// Every errand matching `query` from its offset on, page by page (query.limit per request),
  /// each passed to `visit`; returns how many were visited. `visit` returning false stops.
  std::size_t each(InboxQuery query, const std::function<bool(const ErrandSummary&)>& visit);

  Errand get(const std::string& reference);
  /// Sets the status; returns the status set.
  std::string set_status(const std::string& reference, const std::string& status);
  /// Assigns the errand to the handler (user id); returns who has it now.
  std::string assign(const std::string& reference, const std::string& handler);
  void unassign(const std::string& reference);
  std::vector<ErrandNote> notes(const std::string& reference);
  ErrandNote add_note(const std::string& reference, const std::string& body);
  std::vector<ErrandMessage> messages(const std::string& reference);
  /// The file attached for the form field `field` (attachments in get() lists them; errands:read,
  /// audited). NotFound for a field without one.
  ErrandAttachmentFile attachment(const std::string& reference, const std::string& field);
  /// A message to the citizen (shown on Mina sidor, with a notice by e-mail or SMS).
  ErrandMessage send_message(const std::string& reference, const std::string& body);

 private:
  std::string path(const std::string& reference, const std::string& tail = {}) const;

  Client& client_;
  std::string base_;
};

}  // namespace samverkan::client

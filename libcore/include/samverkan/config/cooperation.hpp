#pragma once
/// The cooperation (samverkan) configuration: the member municipalities, their boards and
/// units, contact details, branding and adapter settings. Loaded from an XML file validated against
/// xsd/cooperation.xsd, then checked for rules a schema cannot express (Luhn of organisation
/// numbers, county codes, duplicates, the host being a member).

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/config/diagnostics.hpp"
#include "samverkan/config/hiring.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/ids/organisationsnummer.hpp"

namespace samverkan::config {

struct Contact {
  std::string email;
  std::string phone;
  std::string address;
  std::string website;
};

struct Branding {
  std::string primary_color;  ///< "#RRGGBB"
  std::string logo_url;       ///< may be empty
};

/// A board (nämnd) with its own diary: KS, KF, BUN, SBN, ...
struct Board {
  std::string prefix;  ///< diary prefix, upper-case letters, unique within the municipality
  std::string name;    ///< "Kommunstyrelsen"
};

/// An organisational unit that can handle errands (e.g. "Gatuenheten").
struct Unit {
  std::string id;  ///< stable key, unique within the municipality
  std::string name;
};

/// A private key file (PEM) and its certificate file (PEM). Paths are absolute: relative ones
/// in the file are resolved against the cooperation file's folder when it is loaded. The files
/// are not read by the loader; they are listed in Cooperation::files, whose existence
/// `check-config` and `serve` check, and their users report problems with their content.
struct KeyPairFiles {
  std::filesystem::path key_file;
  std::filesystem::path certificate_file;
};

/// A member's identity towards Mina meddelanden (<digitalMail>). The sender's organisation
/// number is the member's own (Municipality::organisation_number).
struct DigitalMail {
  KeyPairFiles signing;     ///< signs the member's SignedDelivery (RSA >= 2048)
  KeyPairFiles tls_client;  ///< mutual TLS towards the register and the operators
};

/// The cooperation's connection to Mina meddelanden (<minaMeddelanden>).
struct MinaMeddelanden {
  std::string register_url;                 ///< Recipient/v3 endpoint, https
  std::filesystem::path register_ca_file;   ///< CA bundle for the register's server certificate
  std::filesystem::path operators_ca_file;  ///< CA bundle for the operators' server certificates
  KeyPairFiles seal;                        ///< the platform's (intermediary's) seal
  std::chrono::seconds timeout{30};         ///< each wait on the network
};

/// The accessibility statement of a member's pages (<accessibility>), in Digg's structure.
struct AccessibilityStatement {
  std::string compliance;  ///< "full", "partial" or "none"
  std::string method;      ///< "self" (own assessment) or "external"
  std::string assessed;    ///< ISO date of the assessment
  std::string updated;     ///< ISO date the statement was last updated
  std::vector<std::string> shortcomings;
  std::string report_email;  ///< where to report a problem; empty: the contact e-mail
};

/// The member-specific parts of the privacy notice (<privacy>).
struct PrivacyNotice {
  std::string dpo_email;  ///< the data protection officer's
  std::string dpo_phone;  ///< may be empty
  std::string retention;  ///< may be empty
};

struct Municipality {
  ids::Kommunkod code;
  ids::Organisationsnummer organisation_number;
  std::string name;        ///< "Exempelby kommun"
  std::string short_name;  ///< "Exempelby"
  Contact contact;
  Branding branding;
  std::vector<Board> boards;
  std::vector<Unit> units;
  adapters::AdapterSettings adapters;  ///< its <adapters>; an empty list when it has none
  /// Its <digitalMail>; none: its letters go the paper route.
  std::optional<DigitalMail> digital_mail{};
  int line = 0;  ///< the <municipality> element's line, for messages
  /// Its <hiring> (config/hiring.hpp), adoption resolved; none: it does not run the process.
  std::optional<HiringSettings> hiring{};
  /// Its <publicInformation>; none: the pages say no assessment was given.
  std::optional<AccessibilityStatement> accessibility{};
  std::optional<PrivacyNotice> privacy{};

  /// The short name, or the name when there is none: how messages name the member.
  const std::string& display_name() const noexcept { return short_name.empty() ? name : short_name; }
};

struct Cooperation {
  std::string id;    ///< stable key, e.g. "exempel-it"
  std::string name;  ///< "Exempelbygdens IT"
  ids::Kommunkod host;
  std::vector<Municipality> members;
  std::filesystem::path source_file;
  /// <minaMeddelanden>; none: letters are accepted but stay queued (nobody delivers them).
  std::optional<MinaMeddelanden> mina_meddelanden{};
  /// The key, certificate and CA files of <digitalMail> and <minaMeddelanden>, with their lines
  /// (each member's product bindings list theirs: adapters::ProductSettings::files(), and all of
  /// them together in Municipality::adapters.files).
  std::vector<FileReference> files{};

  /// The member with this code, or nullptr.
  const Municipality* find(const ids::Kommunkod& code) const noexcept;

  /// The member named by untrusted text (a request's {kommunkod}). Throws samverkan::NotFound
  /// "no such municipality" for malformed text and for a code that is not a member alike, so
  /// that an unknown municipality answers like any unknown resource.
  const Municipality& require_member(std::string_view code) const;
};

/// Loads and validates a cooperation file (with each member's adapter settings). Throws
/// ConfigError with all problems found. Does not look at the files the cooperation file names,
/// nor at whether a product key exists: adapters::bind_products does, for `check-config` and
/// `serve` alike.
Cooperation load_cooperation(const std::filesystem::path& file,
                             const std::filesystem::path& xsd_dir = default_xsd_dir());

}  // namespace samverkan::config

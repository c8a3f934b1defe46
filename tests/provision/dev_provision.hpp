#pragma once
/// Development provisioning: makes every file and folder a cooperation file names, at the path
/// it names, so that an example (or a copy of one with a member added) can be served on one
/// machine without a list of members anywhere else. Reads the file through
/// config::load_cooperation and derives everything from it:
///
///   <digitalMail><signing>      an RSA key and certificate for the member's organisation
///                               number (subject serialNumber "16"+orgnr), from the signing CA
///   <digitalMail><tlsClient>    a TLS client key and certificate (clientAuth), from the TLS CA
///   <minaMeddelanden><seal>     the platform's seal, for the host's organisation number
///   CA files (register, operators, <restApi caFile>)   the TLS CA's certificate
///   <restApi tokenFile>         a random token (256 bits, base64url)
///   <outbox>, <csvExport>       their folders (and the receipts folder an outbox names)
///
/// The CAs (and their keys, which a later run needs to issue for a new member) and the
/// simulators' server certificate for localhost live in the PKI folder: ca.pem, ca-key.pem,
/// signing-ca.pem, signing-ca-key.pem, server-cert.pem, server-key.pem. Keys are written with
/// mode 0600 (their folders 0700). Idempotent: what exists and is still right (issued by the
/// current CA, its key matching, the organisation number it should carry, valid for more than a
/// day) is kept; anything else is made again. Never for production: the CAs are throwaway.

#include <filesystem>
#include <vector>

#include "samverkan/config/diagnostics.hpp"

namespace samverkan::dev_provision {

struct Options {
  std::filesystem::path cooperation_file;
  /// The development CAs and the simulators' server certificate; empty: secrets/dev-pki beside
  /// the cooperation file.
  std::filesystem::path pki_dir{};
  /// When set, also DATA/keys (the field-encryption key file `samverkan serve` would create), so
  /// that commands given an explicit --key-file work before the first start.
  std::filesystem::path data_dir{};
  std::filesystem::path xsd_dir = config::default_xsd_dir();
};

/// The PKI folder's files, for starting the simulators.
struct PkiFiles {
  std::filesystem::path ca_certificate;      ///< ca.pem: the TLS CA (--client-ca of the simulators)
  std::filesystem::path server_certificate;  ///< server-cert.pem: localhost, 127.0.0.1, ::1
  std::filesystem::path server_key;          ///< server-key.pem
  std::filesystem::path signing_ca;          ///< signing-ca.pem: the signers' CA (--trust-ca)
};

struct Result {
  std::vector<std::filesystem::path> created;  ///< files and folders made or made again, in order
  PkiFiles pki;
};

/// Provisions `options.cooperation_file`. Throws config::ConfigError when the file does not
/// load, when two members name the same signing key file, or when a file the cooperation file
/// names is still missing afterwards (a kind of reference this tool does not know how to make);
/// samverkan::Unavailable when a file cannot be written.
Result provision(const Options& options);

}  // namespace samverkan::dev_provision

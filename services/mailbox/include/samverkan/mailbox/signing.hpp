#pragma once
/// Who signs a delivery: a municipality (the sender's layer, SignedDelivery) or the platform as
/// intermediary (the seal, SealedDelivery). An identity is an RSA private key and its X.509
/// certificate, parsed once and then reused for any number of signatures from any thread.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace samverkan::mailbox {

/// An RSA key (at least 2048 bits) with its certificate. Cheap to copy (the parsed key is
/// shared); safe to use from several threads at once. Signing with it never re-reads PEM.
class SigningIdentity {
 public:
  /// Parses an unencrypted PEM private key (PKCS#8 or traditional RSA) and a PEM certificate.
  /// Throws samverkan::InvalidInput when either does not parse, the key is not RSA or shorter
  /// than 2048 bits, or the certificate is not the key's.
  static SigningIdentity from_pem(std::string_view private_key_pem, std::string_view certificate_pem);
  /// Reads both PEM files. Throws samverkan::InvalidInput also when a file cannot be read
  /// (naming the file).
  static SigningIdentity from_pem_files(const std::filesystem::path& private_key_file,
                                        const std::filesystem::path& certificate_file);

  /// The certificate's subject, RFC 2253 ("CN=Kommun A,O=Kommun A,C=SE").
  const std::string& subject() const noexcept;
  /// The certificate's subject serialNumber (OID 2.5.4.5), "" when absent; for Swedish
  /// organisation certificates it holds the organisation number (often with the "16" prefix).
  const std::string& subject_serial_number() const noexcept;
  /// The subject's organisation (O), or its common name (CN) when there is no O; "" when
  /// neither is present. A sensible default for Sender/Name.
  const std::string& organisation_name() const noexcept;

  struct Impl;  ///< defined in the implementation (holds the parsed xmlsec key)
  const Impl& impl() const noexcept { return *impl_; }

 private:
  explicit SigningIdentity(std::shared_ptr<const Impl> impl) noexcept : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

/// Signing identities loaded from files, parsed once and kept: the outbox asks for a
/// municipality's identity for every letter, and this returns the parsed one unless a file has
/// changed since (modification time or size), e.g. after a certificate renewal. Thread-safe.
class SigningIdentityCache {
 public:
  SigningIdentityCache();
  ~SigningIdentityCache();
  SigningIdentityCache(const SigningIdentityCache&) = delete;
  SigningIdentityCache& operator=(const SigningIdentityCache&) = delete;

  /// The identity for these two files; loads them (SigningIdentity::from_pem_files, with its
  /// errors) the first time and whenever one of them changed.
  SigningIdentity get(const std::filesystem::path& private_key_file, const std::filesystem::path& certificate_file);
  /// How many times files were parsed (for tests and metrics).
  std::size_t loads() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace samverkan::mailbox

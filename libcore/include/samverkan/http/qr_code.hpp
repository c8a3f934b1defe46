#pragma once
/// QR codes for server-rendered pages (the animated BankID QR of the citizen login, the staff
/// web's TOTP enrolment), without JavaScript:
/// the module matrix from libqrencode, and its dark modules as horizontal runs for drawing
/// (one SVG <rect> per run, placed by the page template).

#include <string_view>
#include <vector>

namespace samverkan::http {

/// The modules of one QR code, row by row; `size` modules wide and high, without quiet zone.
struct QrCode {
  int size = 0;
  std::vector<bool> dark{};  ///< size * size entries, row-major
  bool at(int x, int y) const {
    return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)];
  }
};

/// Encodes `text` as 8-bit data with error correction level M (what BankID's own QR codes use),
/// the smallest version that holds it. Throws samverkan::InvalidInput when `text` is empty or too
/// long for a QR code; samverkan::InternalError when libqrencode fails otherwise.
QrCode encode_qr(std::string_view text);

/// A horizontal run of dark modules: `length` modules from (x, y).
struct QrRun {
  int x = 0;
  int y = 0;
  int length = 0;
};

/// The dark modules of `code` as runs, row by row, left to right.
std::vector<QrRun> dark_runs(const QrCode& code);

}  // namespace samverkan::http

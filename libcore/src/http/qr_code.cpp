#include "samverkan/http/qr_code.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <string>

#include "samverkan/core/error.hpp"

namespace samverkan::http {

QrCode encode_qr(std::string_view text) {
  if (text.empty()) throw InvalidInput("a QR code needs some data");
  const std::string data(text);
  // Version 0: the smallest that fits. QRcode_encodeData takes the bytes as they are (8-bit).
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeData(static_cast<int>(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0,
                        QR_ECLEVEL_M),
      QRcode_free);
  if (!qr) {
    if (errno == ERANGE) throw InvalidInput("the data is too long for a QR code");
    throw InternalError("libqrencode could not encode the QR code");
  }
  QrCode code;
  code.size = qr->width;
  code.dark.resize(static_cast<std::size_t>(qr->width) * static_cast<std::size_t>(qr->width));
  for (std::size_t i = 0; i < code.dark.size(); ++i) code.dark[i] = (qr->data[i] & 1u) != 0;  // bit 0: dark
  return code;
}

std::vector<QrRun> dark_runs(const QrCode& code) {
  std::vector<QrRun> runs;
  for (int y = 0; y < code.size; ++y) {
    int x = 0;
    while (x < code.size) {
      if (!code.at(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < code.size && code.at(x, y)) ++x;
      runs.push_back(QrRun{start, y, x - start});
    }
  }
  return runs;
}

}  // namespace samverkan::http

#pragma once
// A guardian's valid answers to the school transport example (examples/hoglandet/eservices/
// skolskjuts.xml), with a PDF certificate: shared by the submission checks, the staff pages'
// tests and the handler's e2e test. Needs the e-services library only.
#include <string>

#include "samverkan/eservices/answers.hpp"

namespace samverkan::test {

/// The smallest well-formed PDF (libmagic types it application/pdf).
inline std::string minimal_pdf() {
  return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
         "endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}

/// The answers for the child Bertil Andersson, the certificate named `certificate_name`.
inline eservices::Answers school_transport_answers(const std::string& certificate_name = "läkarintyg.pdf") {
  eservices::Answers answers;
  answers.values = {{"child-personnummer", {"201503141234"}},
                    {"child-name", {"Bertil Andersson"}},
                    {"school", {"Furulidsskolan"}},
                    {"school-year", {"4-6"}},
                    {"start-date", {"2027-01-08"}},
                    {"reason", {"disability"}},
                    {"guardian-email", {"anna@example.se"}},
                    {"guardian-phone", {"070-123 45 67"}},
                    {"truthful", {"on"}}};
  answers.attachments["certificate"] = {certificate_name, minimal_pdf()};
  return answers;
}

}  // namespace samverkan::test

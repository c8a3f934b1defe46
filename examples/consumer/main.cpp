// A program outside the Samverkan tree embedding its libraries without the server: it loads a
// cooperation file (core), computes an appeal deadline (core's calendar), numbers a case
// (casehandling), reads an e-service definition (eservices) and signs a Mina meddelanden
// delivery for the first member (mailbox).
//
// Usage: samverkan-consumer COOPERATION.xml [DEFINITION.xml KEY.pem CERTIFICATE.pem]
#include <chrono>
#include <iostream>

#include <samverkan/calendar/appeal_period.hpp>
#include <samverkan/casehandling/case_number.hpp>
#include <samverkan/config/cooperation.hpp>
#include <samverkan/core/error.hpp>
#include <samverkan/eservices/definition.hpp>
#include <samverkan/mailbox/compose.hpp>
#include <samverkan/mailbox/message.hpp>
#include <samverkan/mailbox/signing.hpp>

#ifndef SAMVERKAN_CONSUMER_XSD_DIR
#define SAMVERKAN_CONSUMER_XSD_DIR ""  // built with pkg-config: the library's own default
#endif

int main(int argc, char** argv) {
  if (argc != 2 && argc != 5) {
    std::cerr << "usage: samverkan-consumer COOPERATION.xml [DEFINITION.xml KEY.pem CERTIFICATE.pem]\n";
    return 2;
  }
  try {
    namespace sv = samverkan;
    const auto cooperation = sv::config::load_cooperation(argv[1]);
    std::cout << cooperation.name << '\n';
    for (const auto& member : cooperation.members) {
      std::cout << member.code.str() << ' ' << member.short_name << ' ' << member.organisation_number.formatted()
                << '\n';
    }
    if (argc == 2) return 0;

    using namespace std::chrono;
    const auto deadline = sv::calendar::appeal_deadline(year_month_day{year{2026}, December, day{3}});
    std::cout << "appeal deadline for a notice posted 2026-12-03: " << static_cast<int>(deadline.year()) << '-'
              << static_cast<unsigned>(deadline.month()) << '-' << static_cast<unsigned>(deadline.day()) << '\n';

    const auto number = sv::casehandling::CaseNumber::parse("KS 2026/142");
    std::cout << "case number: " << number.str() << " (diary " << number.prefix << ", number " << number.number
              << ")\n";

    const std::string xsd_dir = SAMVERKAN_CONSUMER_XSD_DIR;
    const auto definition = xsd_dir.empty() ? sv::eservices::load_definition_file(argv[2])
                                            : sv::eservices::load_definition_file(argv[2], xsd_dir);
    std::cout << "e-service definition: " << definition.id() << '\n';

    const auto& sender = cooperation.members.front();
    sv::mailbox::Delivery delivery;
    delivery.sender_organisation_number = sender.organisation_number.formatted();
    delivery.sender_name = sender.name;
    delivery.recipient = "19121212-1212";
    sv::mailbox::Message message;
    message.id = "consumer-1";
    message.subject = "Välkommen";
    message.support.text = "Kontakta kommunens kundcenter";
    message.body = "Hej! Det här brevet är signerat av ett program utanför plattformen.";
    delivery.messages.push_back(message);
    const auto identity = sv::mailbox::SigningIdentity::from_pem_files(argv[3], argv[4]);
    const auto signed_delivery = sv::mailbox::compose_signed_delivery(delivery, identity);
    std::cout << "signed delivery: " << signed_delivery.size() << " bytes, signed by " << identity.subject()
              << (signed_delivery.find("<SignatureValue>") != std::string::npos ? ", with a signature" : "") << '\n';
    return 0;
  } catch (const samverkan::Error& error) {
    std::cerr << error.what() << '\n';
    return 1;
  }
}

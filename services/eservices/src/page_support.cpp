#include <Poco/URI.h>

#include <regex>
#include <string>

#include "detail/pages.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/citizen_site.hpp"

namespace samverkan::eservices::detail {
namespace {

struct UiText {
  const char* key;
  const char* sv;
  const char* en;
};

constexpr UiText kTexts[] = {
    {"landing_intro", "Kommunerna i samverkan erbjuder sina e-tjänster här.",
     "The municipalities of the cooperation offer their e-services here."},
    {"members", "Kommuner", "Municipalities"},
    {"eservices_of", "E-tjänster", "E-services"},
    {"email", "E-post", "E-mail"},
    {"phone", "Telefon", "Phone"},
    {"address", "Adress", "Address"},
    {"website", "Webbplats", "Website"},
    {"start_heading", "E-tjänster", "E-services"},
    {"start_intro", "Här kan du söka, anmäla och ansöka digitalt.", "Here you can apply and report online."},
    {"login_note", "Du loggar in med BankID.", "You log in with BankID."},
    {"no_services", "Det finns inga e-tjänster här just nu.", "There are no e-services here at the moment."},
    {"error_summary", "Det finns fel i formuläret", "There is a problem with your answers"},
    {"required_note", "Fält markerade med (obligatoriskt) måste fyllas i.",
     "Fields marked (required) must be answered."},
    {"required", "obligatoriskt", "required"},
    {"error", "Fel", "Error"},
    {"choose", "Välj", "Choose"},
    {"back", "Föregående", "Back"},
    {"next", "Nästa", "Next"},
    {"review_heading", "Granska dina svar", "Check your answers"},
    {"review_intro", "Kontrollera dina svar innan du skickar in.", "Check your answers before you send them."},
    {"change", "Ändra", "Change"},
    {"submit", "Skicka in", "Send"},
    {"not_answered", "Inte besvarad", "Not answered"},
    {"yes", "Ja", "Yes"},
    {"no", "Nej", "No"},
    {"receipt_heading", "Tack, vi har tagit emot ditt ärende", "Thank you, we have received your errand"},
    {"receipt_reference", "Ditt ärendenummer är", "Your reference is"},
    {"service", "E-tjänst", "E-service"},
    {"submitted", "Inskickat", "Sent"},
    {"download_receipt", "Ladda ner kvittot som text", "Download the receipt as text"},
    {"back_to_start", "Till startsidan för e-tjänster", "To the e-services start page"},
    {"login_heading", "Logga in med BankID", "Log in with BankID"},
    {"login_intro", "Den här e-tjänsten kräver att du loggar in med BankID.",
     "This e-service requires that you log in with BankID."},
    {"login_start", "Logga in med BankID", "Log in with BankID"},
    {"login_qr_alt", "QR-kod för inloggning med BankID på en annan enhet",
     "QR code for logging in with BankID on another device"},
    {"login_qr_intro", "Starta BankID-appen och skanna QR-koden, eller öppna BankID på den här enheten.",
     "Start the BankID app and scan the QR code, or open BankID on this device."},
    {"login_same_device", "Öppna BankID på den här enheten", "Open BankID on this device"},
    {"too_large_heading", "För mycket på en gång", "Too much at once"},
    {"too_large_text",
     "Det du skickade, eller det du redan har sparat här, är större än vi kan ta emot. Välj en mindre bilaga eller "
     "skicka in ett påbörjat ärende innan du börjar på ett nytt.",
     "What you sent, or what you have already saved here, is more than we can take. Choose a smaller attachment or "
     "send a started errand before you begin a new one."},
    {"login_refreshes", "Sidan uppdateras av sig själv medan du legitimerar dig.",
     "The page updates itself while you identify yourself."},
    {"login_cancel", "Avbryt inloggningen", "Cancel the login"},
    {"login_cancelled", "Inloggningen avbröts.", "The login was cancelled."},
    {"login_retry", "Försök igen", "Try again"},
    {"login_gone", "Inloggningen pågår inte längre: den är klar, avbruten eller för gammal. Börja om.",
     "The login is no longer in progress: it is done, cancelled or too old. Please start again."},
    {"login_unavailable", "Inloggning med BankID är inte tillgänglig just nu.",
     "Login with BankID is not available at the moment."},
    {"my_errands", "Dina ärenden", "Your errands"},
    {"reference", "Ärendenummer", "Reference"},
    {"status", "Status", "Status"},
    {"no_errands", "Du har inga ärenden här.", "You have no errands here."},
    {"logout", "Logga ut", "Log out"},
    {"step_of", "Steg", "Step"},
    {"of", "av", "of"},
    {"forbidden_heading", "Åtkomst nekad", "Access denied"},
    {"forbidden_text", "Formuläret kunde inte skickas. Ladda om sidan och försök igen.",
     "The form could not be sent. Reload the page and try again."},
    {"not_found_heading", "Sidan finns inte", "Page not found"},
    {"not_found_text", "Vi hittar inte sidan du söker.", "We cannot find the page you are looking for."},
    {"conflict_heading", "E-tjänsten har ändrats", "The e-service has changed"},
    {"conflict_text", "E-tjänsten har ändrats eller tagits bort sedan du började. Börja om från startsidan.",
     "The e-service has changed or been withdrawn since you started. Start again from the start page."},
    {"bad_request_heading", "Felaktig begäran", "Bad request"},
    {"bad_request_text", "Begäran kunde inte behandlas.", "The request could not be handled."},
    {"unavailable_heading", "Tjänsten är inte tillgänglig", "Service unavailable"},
    {"too_many_heading", "För många försök", "Too many attempts"},
    {"too_many_text", "Vänta en stund och försök igen.", "Wait a moment and try again."},
    {"errand_heading", "Ärende", "Errand"},
    {"messages", "Meddelanden", "Messages"},
    {"no_messages", "Det finns inga meddelanden i ärendet.", "There are no messages in this errand."},
    {"you", "Du", "You"},
    {"reply_heading", "Svara", "Reply"},
    {"reply_label", "Ditt svar", "Your reply"},
    {"reply_hint", "Ditt svar skickas till den som handlägger ärendet.",
     "Your reply goes to the person handling the errand."},
    {"send_reply", "Skicka svar", "Send reply"},
    {"reply_empty", "Skriv ditt svar.", "Write your reply."},
    {"reply_too_long", "Svaret får vara högst 10 000 tecken.", "The reply can be at most 10,000 characters."},
    {"reply_not_text", "Svaret innehåller tecken som inte kan tas emot.",
     "The reply contains characters that cannot be accepted."},
    {"errand_closed", "Ärendet är avslutat. Du kan inte svara här längre.",
     "The errand is closed. You can no longer reply here."},
    {"back_to_my_pages", "Till Mina sidor", "To My pages"},
    {"survey_heading", "Hur tyckte du att det gick?", "How did it go?"},
    {"survey_intro",
     "Vill du svara på tre korta frågor om hur ditt ärende hanterades? Det är frivilligt. Svaren sparas utan ditt "
     "namn och utan koppling till ärendet, och de som arbetar här ser bara sammanräknade resultat.",
     "Would you answer three short questions on how your errand was handled? It is optional. The answers are kept "
     "without your name and without a link to the errand, and the staff here only see totals."},
    {"survey_overall", "Hur nöjd är du sammantaget med hur ditt ärende hanterades?",
     "All in all, how satisfied are you with how your errand was handled?"},
    {"survey_overall_hint", "1 betyder mycket missnöjd och 10 mycket nöjd.",
     "1 means very dissatisfied and 10 very satisfied."},
    {"survey_expectations", "Hur väl motsvarade hanteringen dina förväntningar?",
     "How well did the handling meet your expectations?"},
    {"survey_expectations_hint", "1 betyder inte alls och 10 helt och hållet.",
     "1 means not at all and 10 completely."},
    {"survey_ideal", "Hur nära en perfekt hantering kom den?", "How close did it come to a perfect handling?"},
    {"survey_ideal_hint", "1 betyder mycket långt ifrån och 10 helt perfekt.",
     "1 means very far from it and 10 perfect."},
    {"survey_missing", "Välj ett svar från 1 till 10.", "Choose an answer from 1 to 10."},
    {"survey_send", "Skicka svaren", "Send the answers"},
    {"survey_thanks", "Tack för dina svar!", "Thank you for your answers!"},
    {"notices_heading", "Besked när något händer", "Notices when something happens"},
    {"notices_intro",
     "Vi kan meddela dig när en handläggare skriver till dig eller när ett ärende ändrar status. Beskedet säger "
     "bara att det finns något nytt och hur du loggar in här; det innehåller inget om ditt ärende.",
     "We can tell you when a case handler writes to you or when an errand changes status. The notice only says that "
     "there is news and how to log in here; it holds nothing about your errand."},
    {"notices_how", "Hur vill du få besked?", "How do you want to be notified?"},
    {"notices_by_email", "Med e-post", "By e-mail"},
    {"notices_by_sms", "Med sms", "By text message (SMS)"},
    {"notices_email", "E-postadress", "E-mail address"},
    {"notices_email_hint", "Till exempel namn@exempel.se", "For example name@example.com"},
    {"notices_mobile", "Mobilnummer", "Mobile number"},
    {"notices_mobile_hint", "Till exempel 070-123 45 67, eller med landsnummer +46 70 123 45 67",
     "For example 070-123 45 67, or with the country code +46 70 123 45 67"},
    {"notices_save", "Spara val för besked", "Save notice choices"},
    {"notices_saved", "Dina val för besked är sparade.", "Your notice choices are saved."},
    {"notices_email_missing", "Skriv din e-postadress, eller ta bort valet e-post.",
     "Enter your e-mail address, or untick e-mail."},
    {"notices_email_invalid", "Skriv e-postadressen i formen namn@exempel.se.",
     "Enter the e-mail address in the form name@example.com."},
    {"notices_mobile_missing", "Skriv ditt mobilnummer, eller ta bort valet sms.",
     "Enter your mobile number, or untick text message."},
    {"notices_mobile_invalid", "Skriv ett telefonnummer med bara siffror, till exempel 070-123 45 67.",
     "Enter a phone number with digits only, for example 070-123 45 67."},
    {"notices_mobile_not_mobile", "Numret är inte ett mobilnummer. Svenska mobilnummer börjar med 07.",
     "The number is not a mobile number. Swedish mobile numbers start with 07."},
    {"notices_sms_unavailable", "Sms erbjuds inte här. Välj e-post i stället.",
     "Text messages are not offered here. Choose e-mail instead."},
};

}  // namespace

// The shared frame's texts (my_pages, notice_board, accessibility, ...) come with these.
const char* ui_text(Language language, std::string_view key) {
  for (const auto& entry : kTexts) {
    if (key == entry.key) return language == Language::kEnglish ? entry.en : entry.sv;
  }
  const auto& frame = http::citizen_texts();
  return frame.has(key) ? frame.get(http_language(language), key).c_str() : "";
}

mu::data ui_texts(Language language) {
  mu::data out = http::citizen_texts().data(http_language(language));
  for (const auto& entry : kTexts) out.set(entry.key, language == Language::kEnglish ? entry.en : entry.sv);
  return out;
}

http::Language http_language(Language language) {
  return language == Language::kEnglish ? http::Language::kEnglish : http::Language::kSwedish;
}

const char* status_text(ErrandStatus status, Language language) {
  const bool en = language == Language::kEnglish;
  switch (status) {
    case ErrandStatus::kReceived:
      return en ? "Received" : "Mottaget";
    case ErrandStatus::kInProgress:
      return en ? "In progress" : "Under handläggning";
    case ErrandStatus::kWaitingForCitizen:
      return en ? "Waiting for you" : "Väntar på dig";
    case ErrandStatus::kDecided:
      return en ? "Decided" : "Beslutat";
    case ErrandStatus::kClosed:
      return en ? "Closed" : "Avslutat";
  }
  return "";
}

std::string render(const std::string& name, const mu::data& data) {
  const auto& all = pages_detail::templates();
  const auto found = all.find(name);
  if (found == all.end()) throw InternalError("no page template " + name);
  mu::mustache tmpl{std::string(found->second)};
  if (!tmpl.is_valid()) throw InternalError("page template " + name + ": " + tmpl.error_message());
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) throw InternalError("page template " + name + ": " + tmpl.error_message());
  return out;
}

std::string format_time(Clock::TimePoint at) { return calendar::format_swedish_minute(at); }

Language language_of(const http::Request& request) {
  return request.query_param("lang").value_or("") == "en" ? Language::kEnglish : Language::kSwedish;
}

std::string lang_query(Language language) { return language == Language::kEnglish ? "?lang=en" : ""; }

std::string encode(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
  return out;
}

bool safe_next(const std::string& next) {
  static const std::regex kLocal("/e/[0-9]{4}(/[A-Za-z0-9._~-]+)*(\\?lang=(en|sv))?");
  return std::regex_match(next, kLocal);
}

http::Response html(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http::Response redirect(const std::string& location) {
  http::Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace samverkan::eservices::detail

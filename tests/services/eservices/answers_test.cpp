#include "samverkan/eservices/answers.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "samverkan/eservices/content_type.hpp"
#include "services/eservices/sample_files.hpp"
#include "support/temp_dir.hpp"

namespace eservices = samverkan::eservices;
namespace fs = std::filesystem;
using samverkan::test::jpeg_bytes;
using samverkan::test::pdf_bytes;
using samverkan::test::png_bytes;
using namespace std::chrono;

namespace {

fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }
fs::path examples_dir() { return samverkan::test::source_dir() / "examples/hoglandet/eservices"; }

constexpr year_month_day kToday{year(2026), month(11), day(22)};

// One field of every type, with the validation settings that apply to it.
const std::string kAllTypes = R"(<?xml version="1.0" encoding="UTF-8"?>
<eservice xmlns="urn:samverkan:eservice:1" id="all-types" version="1">
  <title><sv>Alla typer</sv><en>All types</en></title>
  <description><sv>Test.</sv><en>Test.</en></description>
  <owner>0604</owner>
  <category>other</category>
  <login required="false"/>
  <steps>
    <step id="one">
      <title><sv>Ett</sv><en>One</en></title>
      <text id="text" minLength="2" maxLength="5"><label><sv>T</sv><en>T</en></label></text>
      <text id="code"><label><sv>K</sv><en>C</en></label>
        <pattern regex="[A-Z]{3}[0-9]{3}"><message><sv>Ange tre bokstäver och tre siffror.</sv><en>Enter three letters and three digits.</en></message></pattern>
      </text>
      <textArea id="area" maxLength="10"><label><sv>A</sv><en>A</en></label></textArea>
      <number id="count" min="1" max="10"><label><sv>N</sv><en>N</en></label></number>
      <number id="amount" min="-5.5" max="1000" decimals="2" unit="kr"><label><sv>B</sv><en>A</en></label></number>
      <date id="when" earliest="2026-01-01" latest="2026-12-31"><label><sv>D</sv><en>D</en></label></date>
      <date id="future" earliest="today"><label><sv>F</sv><en>F</en></label></date>
      <date id="past" latest="today"><label><sv>P</sv><en>P</en></label></date>
      <email id="email"><label><sv>E</sv><en>E</en></label></email>
      <phone id="phone"><label><sv>Tel</sv><en>Phone</en></label></phone>
      <personnummer id="pnr"><label><sv>Pnr</sv><en>Pnr</en></label></personnummer>
      <personnummer id="pnr-or-snr" allowSamordningsnummer="true"><label><sv>Pnr</sv><en>Pnr</en></label></personnummer>
      <organisationsnummer id="orgnr"><label><sv>Org</sv><en>Org</en></label></organisationsnummer>
    </step>
    <step id="two">
      <title><sv>Två</sv><en>Two</en></title>
      <singleChoice id="single"><label><sv>S</sv><en>S</en></label>
        <option value="a"><sv>A</sv><en>A</en></option>
        <option value="b"><sv>B</sv><en>B</en></option>
      </singleChoice>
      <multipleChoice id="multi" minSelected="2" maxSelected="3"><label><sv>M</sv><en>M</en></label>
        <option value="x"><sv>X</sv><en>X</en></option>
        <option value="y"><sv>Y</sv><en>Y</en></option>
        <option value="z"><sv>Z</sv><en>Z</en></option>
        <option value="w"><sv>W</sv><en>W</en></option>
      </multipleChoice>
      <checkbox id="box"><label><sv>C</sv><en>C</en></label></checkbox>
      <checkbox id="consent" required="true"><label><sv>Samtycke</sv><en>Consent</en></label></checkbox>
      <attachment id="file" maxBytes="2000">
        <label><sv>Fil</sv><en>File</en></label>
        <accept>application/pdf</accept>
        <accept>image/jpeg</accept>
      </attachment>
    </step>
  </steps>
  <onSubmit><createErrand/></onSubmit>
</eservice>
)";

const eservices::Definition& all_types() {
  static const auto definition = eservices::parse_definition(kAllTypes, "all-types.xml", xsd_dir());
  return definition;
}

// The answers every all-types test starts from: only the required consent.
eservices::Answers base() {
  eservices::Answers answers;
  answers.values["consent"] = {"on"};
  return answers;
}

// Validates one field's answer on top of base(); returns the error code ("" when accepted).
std::string code_for(const std::string& field, std::vector<std::string> values) {
  auto answers = base();
  answers.values[field] = std::move(values);
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  const auto* error = result.error_for(field);
  return error == nullptr ? std::string() : error->code;
}
std::string code_for(const std::string& field, const std::string& value) {
  return code_for(field, std::vector<std::string>{value});
}

// The accepted (normalised) value of one field's answer.
std::string accepted(const std::string& field, const std::string& value) {
  auto answers = base();
  answers.values[field] = {value};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST_REQUIRE(result.ok(), field << " '" << value
                                        << "' refused: " << (result.errors.empty() ? "" : result.errors.front().code));
  return result.accepted.values.at(field).at(0);
}

std::string attachment_code(const std::string& file_name, const std::string& bytes) {
  auto answers = base();
  answers.attachments["file"] = {file_name, bytes};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  const auto* error = result.error_for("file");
  return error == nullptr ? std::string() : error->code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(answers_test)

BOOST_AUTO_TEST_CASE(empty_optional_answers_are_accepted_and_not_stored) {
  auto answers = base();
  answers.values["text"] = {"   "};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST(result.ok());
  BOOST_TEST(!result.accepted.values.contains("text"));
  BOOST_TEST(result.accepted.values.at("consent").at(0) == "true");
  BOOST_TEST(result.accepted.values.at("box").at(0) == "false", "a shown checkbox always has an answer");
}

BOOST_AUTO_TEST_CASE(text_length_and_characters) {
  BOOST_TEST(code_for("text", "ab") == "");
  BOOST_TEST(code_for("text", "åäöüé") == "", "length counts characters, not bytes");
  BOOST_TEST(code_for("text", "a") == "too-short");
  BOOST_TEST(code_for("text", "abcdef") == "too-long");
  BOOST_TEST(code_for("text", "ab\x01") == "invalid-text");
  BOOST_TEST(code_for("text", "a\nb") == "invalid-text", "one line only");
  BOOST_TEST(code_for("text", std::string("a\xC3")) == "invalid-text", "not UTF-8");
  BOOST_TEST(code_for("text", std::string("\xC0\xAF") + "a") == "invalid-text", "overlong UTF-8");
  BOOST_TEST(accepted("text", "  abc  ") == "abc");
  BOOST_TEST(code_for("area", "rad 1\nrad 2") == "too-long");
  BOOST_TEST(code_for("area", "a\nb\tc") == "");
  BOOST_TEST(code_for("text", std::vector<std::string>{"ab", "cd"}) == "single-value-expected");
}

BOOST_AUTO_TEST_CASE(pattern_must_match_the_whole_answer_with_the_definitions_message) {
  BOOST_TEST(code_for("code", "ABC123") == "");
  BOOST_TEST(code_for("code", "abc123") == "pattern");
  BOOST_TEST(code_for("code", "ABC1234") == "pattern");
  BOOST_TEST(code_for("code", "XABC123") == "pattern");
  auto answers = base();
  answers.values["code"] = {"nope"};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST_REQUIRE(result.error_for("code") != nullptr);
  BOOST_TEST(result.error_for("code")->message.sv == "Ange tre bokstäver och tre siffror.");
  BOOST_TEST(result.error_for("code")->message.en == "Enter three letters and three digits.");
}

BOOST_AUTO_TEST_CASE(numbers_range_and_decimals) {
  BOOST_TEST(code_for("count", "1") == "");
  BOOST_TEST(code_for("count", "10") == "");
  BOOST_TEST(code_for("count", "0") == "too-small");
  BOOST_TEST(code_for("count", "11") == "too-large");
  BOOST_TEST(code_for("count", "2.5") == "too-many-decimals");
  BOOST_TEST(code_for("count", "ten") == "not-a-number");
  BOOST_TEST(code_for("count", "1e3") == "not-a-number");
  BOOST_TEST(code_for("count", "1 000") == "not-a-number");
  BOOST_TEST(code_for("count", "") == "", "empty is no answer");
  BOOST_TEST(code_for("amount", "12,50") == "", "comma as decimal separator");
  BOOST_TEST(accepted("amount", "12,50") == "12.5");
  BOOST_TEST(accepted("amount", "-5.5") == "-5.5");
  BOOST_TEST(code_for("amount", "-5.51") == "too-small");
  BOOST_TEST(code_for("amount", "1.005") == "too-many-decimals");
  BOOST_TEST(code_for("amount", "1000.01") == "too-large");

  auto answers = base();
  answers.values["amount"] = {"2000"};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST(result.error_for("amount")->message.sv == "Ange högst 1000 kr.");
  BOOST_TEST(result.error_for("amount")->message.en == "Enter at most 1000 kr.");
}

BOOST_AUTO_TEST_CASE(dates_are_real_iso_dates_within_the_limits) {
  BOOST_TEST(code_for("when", "2026-06-15") == "");
  BOOST_TEST(code_for("when", "2026-02-30") == "not-a-date");
  BOOST_TEST(code_for("when", "2026-13-01") == "not-a-date");
  BOOST_TEST(code_for("when", "15/06/2026") == "not-a-date");
  BOOST_TEST(code_for("when", "2026-6-15") == "not-a-date");
  BOOST_TEST(code_for("when", "2026-06-15T10:00") == "not-a-date");
  BOOST_TEST(code_for("when", "2025-12-31") == "too-early");
  BOOST_TEST(code_for("when", "2027-01-01") == "too-late");
  BOOST_TEST(code_for("future", "2026-11-22") == "", "today counts");
  BOOST_TEST(code_for("future", "2026-11-21") == "too-early");
  BOOST_TEST(code_for("past", "2026-11-23") == "too-late");
  BOOST_TEST(code_for("past", "2024-02-29") == "", "a leap day");
  BOOST_TEST(code_for("past", "2025-02-29") == "not-a-date");
}

BOOST_AUTO_TEST_CASE(email_and_phone) {
  for (const std::string valid : {"anna@example.se", "anna.svensson+test@kommun.aneby.se", "a@b.co"}) {
    BOOST_TEST(code_for("email", valid) == "", valid);
  }
  for (const std::string invalid :
       {"anna", "anna@", "@example.se", "anna@example", "anna@@example.se", "an na@example.se", "anna@exa_mple.se",
        "anna.@example.se", "anna@example.123", "anna@-example.se"}) {
    BOOST_TEST(code_for("email", invalid) == "invalid-email", invalid);
  }
  for (const std::string valid : {"070-123 45 67", "0380-461 00", "+46 70 123 45 67", "(0380) 46100"}) {
    BOOST_TEST(code_for("phone", valid) == "", valid);
  }
  BOOST_TEST(accepted("phone", "+46 70-123 45 67") == "+46701234567");
  for (const std::string invalid : {"12345", "70 123 45 67", "070 123 45 67 89 01 23", "070-ABC", "46+70123456"}) {
    BOOST_TEST(code_for("phone", invalid) == "invalid-phone", invalid);
  }
}

BOOST_AUTO_TEST_CASE(personnummer_and_organisationsnummer_through_libcore_ids) {
  BOOST_TEST(accepted("pnr", "19121212-1212") == "191212121212");
  BOOST_TEST(accepted("pnr", "121212-1212") == "201212121212", "century from the submission date (2026)");
  BOOST_TEST(accepted("pnr", "121212+1212") == "191212121212", "'+': 100 years or older");
  BOOST_TEST(accepted("pnr", "201503141234") == "201503141234");
  BOOST_TEST(code_for("pnr", "19121212-1213") == "invalid-personnummer", "check digit");
  BOOST_TEST(code_for("pnr", "19121232-1212") == "invalid-personnummer", "no 32nd day");
  BOOST_TEST(code_for("pnr", "1212121212x") == "invalid-personnummer");
  BOOST_TEST(code_for("pnr", "191212721235") == "samordningsnummer-not-allowed");
  BOOST_TEST(code_for("pnr-or-snr", "191212721235") == "");
  BOOST_TEST(code_for("pnr-or-snr", "191212721236") == "invalid-personnummer");

  auto answers = base();
  answers.values["pnr"] = {"19121212-1213"};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  const auto& message = result.error_for("pnr")->message;
  BOOST_TEST(message.sv.find("1212") == std::string::npos, "the message never repeats the number");
  BOOST_TEST(message.en.find("1212") == std::string::npos);

  BOOST_TEST(accepted("orgnr", "5560360793") == "556036-0793");
  BOOST_TEST(accepted("orgnr", "212000-0142") == "212000-0142");
  BOOST_TEST(code_for("orgnr", "556036-0794") == "invalid-organisationsnummer");
  BOOST_TEST(code_for("orgnr", "5560360") == "invalid-organisationsnummer");
}

BOOST_AUTO_TEST_CASE(choices_must_be_among_the_options) {
  BOOST_TEST(code_for("single", "a") == "");
  BOOST_TEST(code_for("single", "c") == "not-an-option");
  BOOST_TEST(code_for("single", std::vector<std::string>{"a", "b"}) == "single-value-expected");
  BOOST_TEST(code_for("multi", std::vector<std::string>{"x", "y"}) == "");
  BOOST_TEST(code_for("multi", std::vector<std::string>{"x"}) == "too-few-selected");
  BOOST_TEST(code_for("multi", std::vector<std::string>{"x", "y", "z", "w"}) == "too-many-selected");
  BOOST_TEST(code_for("multi", std::vector<std::string>{"x", "nope"}) == "not-an-option");
  BOOST_TEST(code_for("multi", std::vector<std::string>{"x", "x"}) == "duplicate-option");
  BOOST_TEST(code_for("multi", std::vector<std::string>{}) == "", "none chosen of an optional field");

  auto answers = base();
  answers.values["multi"] = {"z", "x"};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST(result.accepted.values.at("multi") == (std::vector<std::string>{"x", "z"}), "stored in option order");
}

BOOST_AUTO_TEST_CASE(checkboxes_and_a_required_one) {
  BOOST_TEST(accepted("box", "on") == "true");
  BOOST_TEST(accepted("box", "false") == "false");
  BOOST_TEST(code_for("box", "maybe") == "invalid-checkbox");
  eservices::Answers answers;  // no consent
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].field == "consent");
  BOOST_TEST(result.errors[0].code == "required");
  BOOST_TEST(result.errors[0].message.sv == "Du måste kryssa i rutan för att gå vidare.");
  BOOST_TEST(result.accepted.values.empty(), "nothing is accepted from answers with errors");
}

BOOST_AUTO_TEST_CASE(attachments_are_checked_by_content_not_by_name) {
  BOOST_TEST(eservices::ContentTypeDetector::shared().detect(pdf_bytes()) == "application/pdf");
  BOOST_TEST(eservices::ContentTypeDetector::shared().detect(png_bytes()) == "image/png");
  BOOST_TEST(eservices::ContentTypeDetector::shared().detect(jpeg_bytes()) == "image/jpeg");

  BOOST_TEST(attachment_code("intyg.pdf", pdf_bytes()) == "");
  BOOST_TEST(attachment_code("foto.jpg", jpeg_bytes()) == "");
  BOOST_TEST(attachment_code("intyg.pdf", png_bytes()) == "file-type-not-allowed", "a PNG renamed .pdf");
  BOOST_TEST(attachment_code("anything.jpg", "just some text, not an image") == "file-type-not-allowed");
  BOOST_TEST(attachment_code("big.pdf", pdf_bytes() + std::string(2000, ' ')) == "file-too-large");
  BOOST_TEST(attachment_code("empty.pdf", "") == "empty-file");

  auto answers = base();
  answers.attachments["file"] = {"scan.png.pdf", png_bytes()};
  auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST(result.error_for("file")->message.sv ==
             "Filen är inte av en tillåten typ. Bifoga en fil av typen PDF eller JPEG.");
  BOOST_TEST(result.error_for("file")->message.en ==
             "The file is not of an allowed type. Attach a file of type PDF or JPEG.");

  answers.attachments["file"] = {"renamed.png", pdf_bytes()};
  result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST_REQUIRE(result.ok());
  BOOST_TEST(result.accepted.attachments.at("file").media_type == "application/pdf", "the content decides");
  BOOST_TEST(result.accepted.attachments.at("file").file_name == "renamed.png");
}

BOOST_AUTO_TEST_CASE(answers_to_unknown_fields_are_refused) {
  auto answers = base();
  answers.values["no-such-field"] = {"x"};
  answers.values["file"] = {"a value for an attachment field"};
  answers.attachments["text"] = {"a.pdf", pdf_bytes()};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST(result.error_for("no-such-field")->code == "unknown-field");
  BOOST_TEST(result.error_for("file")->code == "unknown-field");
  BOOST_TEST(result.error_for("text")->code == "unknown-field");
}

BOOST_AUTO_TEST_CASE(errors_come_in_field_order_with_both_languages) {
  eservices::Answers answers;
  answers.values["orgnr"] = {"1"};
  answers.values["text"] = {"x"};
  const auto result = eservices::validate_answers(all_types(), answers, kToday);
  BOOST_TEST_REQUIRE(result.errors.size() == 3u);
  BOOST_TEST(result.errors[0].field == "text");
  BOOST_TEST(result.errors[1].field == "orgnr");
  BOOST_TEST(result.errors[2].field == "consent");
  for (const auto& error : result.errors) {
    BOOST_TEST(!error.message.sv.empty());
    BOOST_TEST(!error.message.en.empty());
    BOOST_TEST(error.message.sv != error.message.en);
  }
}

// ------------------------------------------------------------------------ conditions

BOOST_AUTO_TEST_CASE(conditions_show_and_require_fields) {
  const auto definition = eservices::load_definition_file(examples_dir() / "skolskjuts.xml", xsd_dir());
  eservices::Answers answers;
  answers.values = {{"child-personnummer", {"201503141234"}},
                    {"child-name", {"Alva Svensson"}},
                    {"school", {"Furulidsskolan"}},
                    {"school-year", {"4-6"}},
                    {"start-date", {"2027-01-08"}},
                    {"reason", {"distance"}},
                    {"guardian-email", {"anna@example.se"}},
                    {"guardian-phone", {"070-123 45 67"}},
                    {"truthful", {"on"}}};

  // The distance is shown and required when the reason is distance.
  auto result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].field == "distance-km");
  BOOST_TEST(result.errors[0].code == "required");

  answers.values["distance-km"] = {"3,7"};
  answers.values["traffic-description"] = {"typed before changing the reason"};  // hidden: dropped
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST_REQUIRE(result.ok());
  BOOST_TEST(result.accepted.values.at("distance-km").at(0) == "3.7");
  BOOST_TEST(!result.accepted.values.contains("traffic-description"), "a hidden field's answer is dropped");
  BOOST_TEST(result.accepted.values.at("child-personnummer").at(0) == "201503141234");

  // Another reason hides the distance (its answer dropped, even an invalid one) and requires
  // the certificate.
  answers.values["reason"] = {"disability"};
  answers.values["distance-km"] = {"not a number"};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].field == "certificate");
  BOOST_TEST(result.errors[0].code == "required");
  answers.attachments["certificate"] = {"intyg.pdf", pdf_bytes()};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.ok());
  BOOST_TEST(!result.accepted.values.contains("distance-km"));
  BOOST_TEST(result.accepted.attachments.contains("certificate"));

  // No reason at all: the reason is required, and nothing that depends on it is shown.
  answers.values.erase("reason");
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].field == "reason");
  BOOST_TEST(result.accepted.attachments.empty());
}

BOOST_AUTO_TEST_CASE(not_equals_and_answered_conditions_on_choices_and_attachments) {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<eservice xmlns="urn:samverkan:eservice:1" id="conditions" version="1">
  <title><sv>Villkor</sv><en>Conditions</en></title>
  <description><sv>Test.</sv><en>Test.</en></description>
  <owner>0604</owner>
  <category>other</category>
  <login required="false"/>
  <steps>
    <step id="one">
      <title><sv>Ett</sv><en>One</en></title>
      <multipleChoice id="pets"><label><sv>Djur</sv><en>Pets</en></label>
        <option value="dog"><sv>Hund</sv><en>Dog</en></option>
        <option value="cat"><sv>Katt</sv><en>Cat</en></option>
      </multipleChoice>
      <text id="no-dog"><label><sv>Ingen hund</sv><en>No dog</en></label>
        <showWhen field="pets" notEquals="dog"/>
        <requiredWhen field="pets" answered="true"/>
      </text>
      <attachment id="photo" maxBytes="1000"><label><sv>Foto</sv><en>Photo</en></label><accept>application/pdf</accept></attachment>
      <text id="caption"><label><sv>Bildtext</sv><en>Caption</en></label>
        <showWhen field="photo" answered="true"/>
        <requiredWhen field="photo" answered="true"/>
      </text>
    </step>
  </steps>
  <onSubmit><createErrand/></onSubmit>
</eservice>
)";
  const auto definition = eservices::parse_definition(xml, "conditions.xml", xsd_dir());
  eservices::Answers answers;
  answers.values["no-dog"] = {"kept"};
  // No pets chosen: "not a dog" holds, but nothing is answered, so not required.
  auto result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.ok());
  BOOST_TEST(result.accepted.values.at("no-dog").at(0) == "kept");
  // A cat: shown and now required.
  answers.values = {{"pets", {"cat"}}};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.error_for("no-dog")->code == "required");
  // A dog among the choices: hidden, its answer dropped.
  answers.values = {{"pets", {"cat", "dog"}}, {"no-dog", {"dropped"}}};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.ok());
  BOOST_TEST(!result.accepted.values.contains("no-dog"));
  // A caption is shown and required only with an accepted photo; a refused one counts as none.
  answers.values = {};
  answers.attachments["photo"] = {"photo.pdf", pdf_bytes()};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.error_for("caption")->code == "required");
  answers.attachments["photo"] = {"photo.pdf", png_bytes()};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].field == "photo");
}

BOOST_AUTO_TEST_CASE(a_condition_sees_only_accepted_answers_and_chains_through_hidden_fields) {
  const auto definition = eservices::load_definition_file(examples_dir() / "felanmalan-gata-park.xml", xsd_dir());
  eservices::Answers answers;
  answers.values = {
      {"fault-type", {"pothole"}}, {"description", {"A deep hole by the crossing"}}, {"address", {"Storgatan 1"}}};
  auto result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.ok());

  // Feedback wanted: the e-mail is required unless a phone number is answered (answered="false").
  answers.values["wants-feedback"] = {"on"};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].field == "reporter-email");
  answers.values["reporter-phone"] = {"0381-360 00"};
  BOOST_TEST(eservices::validate_answers(definition, answers, kToday).ok());
  // An invalid phone is no answer to the condition: the e-mail is required again.
  answers.values["reporter-phone"] = {"not a phone"};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.error_for("reporter-phone")->code == "invalid-phone");
  BOOST_TEST(result.error_for("reporter-email")->code == "required");

  // Without feedback, the contact fields are hidden: neither their answers nor requirements count.
  answers.values["wants-feedback"] = {"false"};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.ok());
  BOOST_TEST(!result.accepted.values.contains("reporter-phone"));

  // Multiple choice shown for playgrounds, with its own minimum.
  answers.values["fault-type"] = {"playground"};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.error_for("playground-parts")->code == "required");
  answers.values["playground-parts"] = {"swing", "fence"};
  BOOST_TEST(eservices::validate_answers(definition, answers, kToday).ok());

  // The lamp number's pattern applies only when it is shown.
  answers.values["lamp-number"] = {"bad lamp"};
  BOOST_TEST(eservices::validate_answers(definition, answers, kToday).ok());
  answers.values["fault-type"] = {"lighting"};
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.error_for("lamp-number")->code == "pattern");

  const auto shown = eservices::shown_fields(definition, answers, kToday);
  const auto is_shown = [&](const std::string& id) {
    return std::any_of(shown.begin(), shown.end(), [&](const auto* f) { return f->id == id; });
  };
  BOOST_TEST(is_shown("lamp-number"));
  BOOST_TEST(!is_shown("playground-parts"));
  BOOST_TEST(!is_shown("reporter-email"));
}

BOOST_AUTO_TEST_CASE(food_business_conditions_on_multiple_choice_and_checkbox) {
  const auto definition = eservices::load_definition_file(examples_dir() / "livsmedelsanlaggning.xml", xsd_dir());
  eservices::Answers answers;
  answers.values = {{"operator-kind", {"company"}},
                    {"organisation-number", {"556036-0793"}},
                    {"operator-personnummer", {"191212121212"}},  // hidden for a company: dropped
                    {"operator-name", {"Vetlanda Mat AB"}},
                    {"operator-email", {"info@vetlandamat.se"}},
                    {"operator-phone", {"0383-970 00"}},
                    {"establishment-name", {"Torgets kök"}},
                    {"establishment-address", {"Storgatan 12, Vetlanda"}},
                    {"postcode", {"574 80"}},
                    {"start-date", {"2026-12-15"}},
                    {"activities", {"retail"}},
                    {"truthful", {"on"}}};
  answers.attachments["floor-plan"] = {"plan.pdf", pdf_bytes()};
  auto result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST_REQUIRE(result.ok(), (result.errors.empty() ? "" : result.errors[0].field + " " + result.errors[0].code));
  BOOST_TEST(!result.accepted.values.contains("operator-personnummer"));

  answers.values["activities"] = {"retail", "restaurant"};  // shows the required portions
  answers.values["drinking-water-own-well"] = {"on"};       // requires the water analysis
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST(result.error_for("portions-per-day")->code == "required");
  BOOST_TEST(result.error_for("water-analysis")->code == "required");
  BOOST_TEST(result.errors.size() == 2u);

  answers.values["portions-per-day"] = {"120"};
  answers.attachments["water-analysis"] = {"vatten.pdf", png_bytes()};  // a PNG renamed .pdf
  result = eservices::validate_answers(definition, answers, kToday);
  BOOST_TEST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].code == "file-type-not-allowed");
}

BOOST_AUTO_TEST_SUITE_END()

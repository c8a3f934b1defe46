// The API document's operations for committees, meetings, minutes, the notice board and open
// data (describe_routes adds them after the diary's). Every body is typed from what routes.cpp
// and the services it calls read and write (member_json, meeting_json, agenda_json,
// attendance_json, minutes_json, paragraph_json, notice_json, open_data.cpp).
#include <string>
#include <vector>

#include "detail/openapi_parts.hpp"

namespace samverkan::casehandling {
namespace {

constexpr const char* kBase = "/api/v1/municipalities/{kommunkod}";
const std::string kTag = "Committees and minutes";

// --- shared pieces ----------------------------------------------------------------------------

const std::string kId = R"({"type":"integer","minimum":1})";
const std::string kDate = R"({"type":"string","format":"date"})";
const std::string kBoard =
    R"({"type":"string","description":"the board's diary prefix (1-16 upper-case letters), e.g. \"KS\""})";
const std::string kMunicipality = R"({"type":"string","pattern":"^[0-9]{4}$","description":"the kommunkod"})";
const std::string kCaseNumber =
    R"({"type":"string","description":"the case's registration number (diarienummer), e.g. \"KS 2026/142\"; empty when the item or paragraph has no case"})";
const std::string kUserId = R"({"type":"string","description":"a staff user id: what the member signs in with"})";
const std::string kStartsAt =
    R"({"type":"string","pattern":"^(([01][0-9]|2[0-3]):[0-5][0-9])?$","description":"HH:MM; empty when not given"})";
const std::string kMemberKind =
    R"({"type":"string","enum":["ordinary","substitute","secretary"],"description":"ordinarie ledamot, ersättare or sekreterare"})";
const std::string kFunction = R"({"type":"string","enum":["none","chair","vice-chair"]})";
const std::string kPresence = R"({"type":"string","enum":["present","absent","serving"],
  "description":"serving: a substitute serving (tjänstgörande ersättare) for an absent ordinary member"})";
const std::string kEntryKind = R"({"type":"string","enum":["motion","reservation","protocol-note"],
  "description":"yrkande, reservation or protokollsanteckning"})";
const std::string kSecrecyReference =
    R"({"type":"string","description":"the secrecy provision (e.g. \"OSL 19 kap. 1 §\") of a secret item; empty when public"})";

// --- responses --------------------------------------------------------------------------------

const std::string kMember =
    R"({"type":"object","required":["id","board","term","userId","name","kind","function","validFrom","validTo"],
  "properties":{"id":)" +
    kId + R"(,"board":)" + kBoard + R"(,
  "term":{"type":"string","pattern":"^[0-9]{4}-[0-9]{4}$","description":"the term of office, mandatperiod"},
  "userId":)" +
    kUserId +
    R"(,"name":{"type":"string","description":"as shown in the minutes, e.g. \"Anna Andersson (S)\""},
  "kind":)" +
    kMemberKind + R"(,"function":)" + kFunction + R"(,"validFrom":)" + kDate + R"(,
  "validTo":{"type":"string","anyOf":[{"const":""},{"format":"date"}],"description":"the last day; empty while the membership runs"}}})";

const std::string kMeeting = R"({"type":"object","required":["id","board","date","startsAt","place"],"properties":{
  "id":)" + kId + R"(,"board":)" +
                             kBoard + R"(,"date":)" + kDate + R"(,"startsAt":)" + kStartsAt +
                             R"(,"place":{"type":"string"}}})";

const std::string kAgenda = R"({"type":"object","required":["items"],"properties":{"items":{"type":"array",
  "items":{"type":"object","required":["id","ordinal","kind","case","heading","secrecyReference"],"properties":{
  "id":)" + kId + R"(,"ordinal":{"type":"integer","minimum":1,"description":"the place on the agenda: 1, 2, ..."},
  "kind":{"type":"string","enum":["case","information"],"description":"a case for decision or an information item"},
  "case":)" + kCaseNumber +
                            R"(,"heading":{"type":"string","description":"the case's public title, masked when secret"},
  "secrecyReference":)" + kSecrecyReference +
                            "}}}}}";

const std::string kAttendance = R"({"type":"object","required":["attendance","seats","voting","quorum"],"properties":{
  "attendance":{"type":"array","description":"the board's composition on the meeting day, ordinary members first; members not recorded are absent",
  "items":{"type":"object","required":["userId","name","kind","presence","servingFor"],"properties":{
  "userId":)" + kUserId + R"(,"name":{"type":"string"},"kind":)" +
                                kMemberKind + R"(,"presence":)" + kPresence + R"(,
  "servingFor":{"type":"string","description":"a serving substitute: the user id of the ordinary member served for; empty otherwise"}}}},
  "seats":{"type":"integer","minimum":0,"description":"ordinary members on the meeting day"},
  "voting":{"type":"integer","minimum":0,"description":"ordinary members present plus substitutes serving"},
  "quorum":{"type":"boolean","description":"more than half of the seats vote, Kommunallagen 6 kap. 27 §"}}})";

const std::string kMinutes = R"({"type":"object","required":["id","meeting","board","keptAt","status","signers"],
  "properties":{"id":)" + kId +
                             R"(,"meeting":{"type":"integer","minimum":1,"description":"the meeting's id"},
  "board":)" + kBoard + R"(,"keptAt":{"type":"string","description":"where the minutes are kept"},
  "status":{"type":"string","enum":["draft","adjusted"],"description":"adjusted (justerat) and locked once every signer has signed"},
  "signers":{"type":"array","description":"the chair and the adjusters, justerare","items":{"type":"object",
  "required":["userId","role","signedAt"],"properties":{"userId":)" +
                             kUserId + R"(,"role":{"type":"string","enum":["chair","adjuster"]},
  "signedAt":{"type":"string","anyOf":[{"const":""},{"format":"date-time"}],"description":"when they signed (UTC); empty until then"}}}},
  "notice":{"type":"integer","minimum":1,"description":"the notice on the notice board; present once the minutes are adjusted"}}})";

// The tally of a vote: shared by the API's paragraphs and open data, which list who voted how
// each in its own shape ("votes").
const std::string kVoteRequired = R"("required":["yesMeans","noMeans","yes","no","abstain","result","votes"])";
const std::string kTally = R"("yesMeans":{"type":"string","description":"what ja means, e.g. bifall till förslaget"},
  "noMeans":{"type":"string","description":"what nej means"},
  "yes":{"type":"integer","minimum":0},"no":{"type":"integer","minimum":0},"abstain":{"type":"integer","minimum":0},
  "result":{"type":"string","enum":["ja","nej","lika"],"description":"on a tie the chair's vote decides (utslagsröst); lika when the chair did not vote ja or nej"})";

const std::string kParagraph =
    R"({"type":"object","required":["id","minutes","board","year","number","case","heading","secrecyReference",
  "proposal","procedure","decision","immediatelyAdjusted","textsWithheld","entries","conflictsOfInterest","substitutes"],
  "properties":{"id":)" +
    kId + R"(,"minutes":{"type":"integer","minimum":1,"description":"the minutes' id"},"board":)" + kBoard + R"(,
  "year":{"type":"integer"},"number":{"type":"integer","minimum":1,"description":"the § number, per board and year"},
  "case":)" +
    kCaseNumber + R"(,"heading":{"type":"string"},"secrecyReference":)" + kSecrecyReference + R"(,
  "proposal":{"type":"string","description":"the proposal for a decision; empty when withheld"},
  "procedure":{"type":"string","description":"the order of propositions (propositionsordning); empty when withheld"},
  "decision":{"type":"string","description":"empty when withheld"},
  "immediatelyAdjusted":{"type":"boolean","description":"adjusted at once (omedelbar justering) and locked"},
  "textsWithheld":{"type":"boolean","description":"a secret paragraph read by someone not entitled to secret material: proposal, procedure, decision, what ja and nej meant and the entries' texts are empty"},
  "entries":{"type":"array","items":{"type":"object","required":["kind","userId","text"],"properties":{
    "kind":)" +
    kEntryKind + R"(,"userId":)" + kUserId + R"(,"text":{"type":"string","description":"empty when withheld"}}}},
  "conflictsOfInterest":{"type":"array","items":{"type":"string"},"description":"user ids of the members with jäv, who take no part"},
  "substitutes":{"type":"array","description":"substitutes stepping in for a member with jäv, in this paragraph only",
    "items":{"type":"object","required":["userId","servingFor"],"properties":{"userId":)" +
    kUserId + R"(,
    "servingFor":{"type":"string","description":"the user id of the member with jäv"}}}},
  "vote":{"type":"object","description":"the open vote (votering), once recorded",)" +
    kVoteRequired + R"(,"properties":{)" + kTally + R"(,
    "votes":{"type":"object","description":"each voter's vote by user id","additionalProperties":{"type":"string","enum":["ja","nej","avstar"]}}}}}})";

const std::string kParagraphs =
    R"({"type":"object","required":["paragraphs"],"properties":{"paragraphs":{"type":"array","items":)" + kParagraph +
    "}}}";

const std::string kNotice =
    R"({"type":"object","required":["id","board","boardName","meetingDate","postedOn","appealDeadline","removeOn","keptAt",
  "status","paragraphs"],"properties":{"id":)" +
    kId + R"(,"board":)" + kBoard + R"(,"boardName":{"type":"string"},"meetingDate":)" + kDate + R"(,"postedOn":)" +
    kDate + R"(,
  "appealDeadline":{"type":"string","format":"date","description":"the last day to appeal: three weeks, Kommunallagen 13 kap. 5 §"},
  "removeOn":{"type":"string","format":"date","description":"the day the notice is taken down: the day after the deadline"},
  "keptAt":{"type":"string","description":"where the minutes are kept"},
  "status":{"type":"string","enum":["posted","archived"]},
  "paragraphs":{"type":"array","items":{"type":"object","required":["number","heading"],
    "description":"a public paragraph carries its decision, a secret one only its secrecy reference",
    "properties":{"number":{"type":"integer","minimum":1},"heading":{"type":"string"},"decision":{"type":"string"},
    "secrecyReference":{"type":"string"}}}}}})";

const std::string kNoticeBoard =
    R"({"type":"object","required":["municipality","notices"],"properties":{"municipality":)" + kMunicipality +
    R"(,"notices":{"type":"array","description":"posted notices, newest first","items":)" + kNotice + "}}}";

const std::string kOpenDataMeetings =
    R"({"type":"object","required":["municipality","meetings"],"properties":{"municipality":)" + kMunicipality + R"(,
  "meetings":{"type":"array","items":{"type":"object","required":["meetingId","minutesId","board","boardName","meetingDate"],
  "properties":{"meetingId":)" +
    kId + R"(,"minutesId":)" + kId + R"(,"board":)" + kBoard + R"(,"boardName":{"type":"string"},"meetingDate":)" +
    kDate + "}}}}}";

const std::string kOpenDataDecisions =
    R"({"type":"object","required":["municipality","board","boardName","meetingId","meetingDate","minutesId","decisions"],
  "properties":{"municipality":)" +
    kMunicipality + R"(,"board":)" + kBoard + R"(,"boardName":{"type":"string"},"meetingId":)" + kId +
    R"(,"meetingDate":)" + kDate + R"(,"minutesId":)" + kId + R"(,
  "decisions":{"type":"array","description":"the public paragraphs in § order; secret ones are left out",
  "items":{"type":"object","required":["paragraph","year","caseNumber","heading","proposal","decision",
  "immediatelyAdjusted","vote"],"properties":{"paragraph":{"type":"integer","minimum":1,"description":"the § number"},
  "year":{"type":"integer"},"caseNumber":)" +
    kCaseNumber + R"(,"heading":{"type":"string"},"proposal":{"type":"string"},
  "decision":{"type":"string"},"immediatelyAdjusted":{"type":"boolean"},
  "vote":{"type":["object","null"],"description":"the open vote; null when there was none",)" +
    kVoteRequired + R"(,"properties":{)" + kTally + R"(,
    "votes":{"type":"array","items":{"type":"object","required":["name","party","vote"],"properties":{
    "name":{"type":"string"},"party":{"type":"string","description":"from a trailing \"(S)\" in the member's name; empty when none"},
    "vote":{"type":"string","enum":["ja","nej","avstår"]}}}}}}}}}}})";

const std::string kBankIdOrder =
    R"({"type":"object","required":["orderRef","autoStartToken","qrStartToken"],"properties":{
  "orderRef":{"type":"string","description":"the order to collect"},
  "autoStartToken":{"type":"string","description":"starts the BankID app on the same device"},
  "qrStartToken":{"type":"string","description":"for the animated QR code"}}})";

const std::string kBankIdProgress = R"({"type":"object","required":["status","hintCode"],"properties":{
  "status":{"type":"string","enum":["pending","failed","complete"]},
  "hintCode":{"type":"string","description":"BankID's hintCode as sent (e.g. outstandingTransaction, userSign, userCancel); empty when none"},
  "minutes":)" + kMinutes.substr(0, kMinutes.size() - 1) +
                                    R"(,"description":"once complete: the minutes with the signature recorded"}}})";

// --- requests ---------------------------------------------------------------------------------

const std::string kNewMember = R"({"type":"object","required":["term","userId","name","kind","validFrom"],"properties":{
  "term":{"type":"string","pattern":"^[0-9]{4}-[0-9]{4}$","description":"the term of office, at most eight years, e.g. 2023-2026"},
  "userId":{"type":"string","minLength":1,"maxLength":200,"description":"the staff user id they sign in with; at most 200 bytes"},
  "name":{"type":"string","minLength":1,"maxLength":300,"description":"as shown in the minutes; a trailing \"(S)\" is the party in open data; at most 300 bytes"},
  "kind":)" + kMemberKind +
                               R"json(,
  "function":{"type":"string","enum":["none","chair","vice-chair",""],"description":"chair or vice chair: ordinary members only; none when left out or empty"},
  "validFrom":{"type":"string","format":"date","description":"the first day, within the term"}},
  "examples":[{"term":"2023-2026","userId":"anna.andersson","name":"Anna Andersson (S)","kind":"ordinary",
  "function":"chair","validFrom":"2023-01-01"}]})json";

const std::string kEndMember = R"({"type":"object","required":["validTo"],"properties":{
  "validTo":{"type":"string","format":"date","description":"the last day of the membership, not before validFrom"}},
  "examples":[{"validTo":"2025-06-30"}]})";

const std::string kNewMeeting = R"({"type":"object","required":["date","place"],"properties":{"date":)" + kDate + R"(,
  "startsAt":{"type":"string","pattern":"^(([01][0-9]|2[0-3]):[0-5][0-9])?$","description":"HH:MM"},
  "place":{"type":"string","minLength":1,"maxLength":300,"description":"at most 300 bytes"}},
  "examples":[{"date":"2026-11-20","startsAt":"13:00","place":"Sessionssalen, Stadshuset"}]})";

const std::string kNewAgendaItem = R"({"type":"object","required":["heading"],"properties":{
  "heading":{"type":"string","minLength":1,"maxLength":500,"description":"the information item's heading; at most 500 bytes"}},
  "examples":[{"heading":"Information om budgetuppföljning oktober"}]})";

const std::string kAttendanceInput = R"({"type":"object","required":["attendance"],"properties":{
  "attendance":{"type":"array","description":"replaces what was recorded; members left out are absent; each member at most once",
  "items":{"type":"object","required":["userId","presence"],"properties":{
  "userId":{"type":"string","description":"a member of the board on the meeting day"},"presence":)" +
                                     kPresence + R"(,
  "servingFor":{"type":"string","description":"with presence serving only: the absent ordinary member the substitute serves for"}}}}},
  "examples":[{"attendance":[{"userId":"anna.andersson","presence":"present"},{"userId":"bertil.berg","presence":"absent"},
  {"userId":"cecilia.carlsson","presence":"serving","servingFor":"bertil.berg"}]}]})";

const std::string kNewMinutes = R"({"type":"object","required":["keptAt","adjusters"],"properties":{
  "keptAt":{"type":"string","minLength":1,"maxLength":300,"description":"where the minutes are kept; at most 300 bytes"},
  "adjusters":{"type":"array","minItems":1,"maxItems":5,"uniqueItems":true,"items":{"type":"string"},
  "description":"the adjusters' (justerare) user ids: voting participants of the meeting, not the chair, who signs anyway"}},
  "examples":[{"keptAt":"Kommunkansliet, Stadshuset","adjusters":["david.dahl"]}]})";

const std::string kNewParagraph = R"({"type":"object","properties":{
  "agendaItem":{"type":"integer","minimum":0,"description":"an item of the meeting's agenda: the paragraph takes its case and heading; 0 or left out: a paragraph of its own"},
  "heading":{"type":"string","maxLength":500,"description":"required without agendaItem (e.g. Val av justerare); with one it replaces the item's heading"}},
  "examples":[{"heading":"Val av justerare"}]})";

const std::string kSignature = R"({"type":"object","required":["signature"],"properties":{
  "signature":{"type":"string","minLength":1,"maxLength":500000,"description":"the signature reference: a staff signature record"}},
  "examples":[{"signature":"staff-signature:anna.andersson"}]})";

const std::string kParagraphText = R"({"type":"object","description":"members left out are unchanged","properties":{
  "heading":{"type":"string","minLength":1,"maxLength":500},
  "secrecyReference":{"type":"string","maxLength":200,"description":"the secrecy provision; empty: public, refused for the paragraph of a secret case"},
  "proposal":{"type":"string","maxLength":20000,"description":"the proposal for a decision, förslag till beslut"},
  "procedure":{"type":"string","maxLength":20000,"description":"the order of propositions, propositionsordning"},
  "decision":{"type":"string","maxLength":20000}},
  "examples":[{"proposal":"Kommunstyrelsen föreslås anta detaljplanen för Skolgatan.","decision":"Detaljplanen för Skolgatan antas."}]})";

const std::string kNewEntry =
    R"({"type":"object","required":["kind","userId","text"],"properties":{"kind":)" + kEntryKind + R"(,
  "userId":{"type":"string","description":"a voting participant of the paragraph, not one with jäv"},
  "text":{"type":"string","minLength":1,"maxLength":20000}},
  "examples":[{"kind":"reservation","userId":"erik.ek","text":"Jag reserverar mig mot beslutet till förmån för mitt yrkande."}]})";

const std::string kNewVote = R"({"type":"object","required":["yesMeans","noMeans","votes"],"properties":{
  "yesMeans":{"type":"string","minLength":1,"maxLength":2000,"description":"what ja means"},
  "noMeans":{"type":"string","minLength":1,"maxLength":2000,"description":"what nej means"},
  "votes":{"type":"object","description":"every voting participant of the paragraph (without the members with jäv, with the substitutes stepping in) exactly once, by user id",
  "additionalProperties":{"type":"string","enum":["ja","nej","avstår","avstar"]}}},
  "examples":[{"yesMeans":"bifall till förslaget","noMeans":"bifall till Erik Eks yrkande om avslag",
  "votes":{"anna.andersson":"ja","cecilia.carlsson":"ja","erik.ek":"nej"}}]})";

const std::string kConflict = R"({"type":"object","required":["userId"],"properties":{
  "userId":{"type":"string","description":"a member of the board on the meeting day"}},
  "examples":[{"userId":"cecilia.carlsson"}]})";

const std::string kPersonnummer = R"({"type":"object","required":["personnummer"],"properties":{
  "personnummer":{"type":"string","description":"personnummer or samordningsnummer, 10 or 12 digits, with or without separator"}},
  "examples":[{"personnummer":"191212121212"}]})";

const std::string kText = R"({"type":"string"})";

// The format query parameter of the documents and open data: one of `values`, `fallback` when left out.
http::ApiParameter format_parameter(const std::string& description, const std::string& values,
                                    const std::string& fallback) {
  return {"format", "query", description,
          R"({"type":"string","enum":)" + values + R"(,"default":")" + fallback + R"("})", false};
}

}  // namespace

void describe_meeting_routes(http::OpenApi& api, bool with_bankid_signing) {
  const auto auth = http::ApiSecurity::kBearerOrSession;
  const auto read = std::vector<std::string>{"cases:read"};
  const auto write = std::vector<std::string>{"meetings:write"};
  http::describe(
      api, kBase, kTag,
      {
          {.method = "GET",
           .path = "/boards/{prefix}/members",
           .operation_id = "listBoardMembers",
           .summary = "The board's members and substitutes on a day, with their roles",
           .security = auth,
           .scopes = read,
           .errors = {400},
           .query = {{"day", "query", "the day (YYYY-MM-DD); today in Sweden when left out", kDate, false}},
           .response_schema = R"({"type":"object","required":["day","members"],"properties":{"day":)" + kDate +
                              R"(,"members":{"type":"array","description":"ordinary members first","items":)" +
                              kMember + "}}}"},
          {.method = "POST",
           .path = "/boards/{prefix}/members",
           .operation_id = "addBoardMember",
           .summary = "Appoint a member or substitute for a term",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400, 409},
           .request_schema = kNewMember,
           .response_schema = kMember},
          {.method = "POST",
           .path = "/boards/{prefix}/members/{member}/end",
           .operation_id = "endBoardMembership",
           .summary = "End a membership early",
           .security = auth,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kEndMember,
           .response_schema = kMember},
          {.method = "GET",
           .path = "/boards/{prefix}/meetings",
           .operation_id = "listMeetings",
           .summary = "The board's meetings, by date",
           .security = auth,
           .scopes = read,
           .errors = {400},
           .response_schema = R"({"type":"object","required":["meetings"],"properties":{"meetings":{"type":"array",
             "items":)" + kMeeting +
                              "}}}"},
          {.method = "POST",
           .path = "/boards/{prefix}/meetings",
           .operation_id = "scheduleMeeting",
           .summary = "Schedule a meeting (date and place)",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400},
           .request_schema = kNewMeeting,
           .response_schema = kMeeting},
          {.method = "GET",
           .path = "/meetings/{meeting}",
           .operation_id = "getMeeting",
           .summary = "One meeting",
           .security = auth,
           .scopes = read,
           .response_schema = kMeeting},
          {.method = "GET",
           .path = "/meetings/{meeting}/agenda",
           .operation_id = "getAgenda",
           .summary = "The meeting's agenda (föredragningslista)",
           .security = auth,
           .scopes = read,
           .response_schema = kAgenda},
          {.method = "POST",
           .path = "/meetings/{meeting}/agenda",
           .operation_id = "assembleAgenda",
           .summary = "Assemble the agenda from the cases prepared for decision; answers the whole agenda",
           .security = auth,
           .scopes = write,
           .errors = {409},
           .response_schema = kAgenda},
          {.method = "POST",
           .path = "/meetings/{meeting}/agenda/items",
           .operation_id = "addAgendaItem",
           .summary = "Add an information item; answers the new item alone",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400, 409},
           .request_schema = kNewAgendaItem,
           .response_schema = kAgenda},
          {.method = "GET",
           .path = "/meetings/{meeting}/attendance",
           .operation_id = "getAttendance",
           .summary = "Who is present, absent or serving for whom",
           .security = auth,
           .scopes = read,
           .response_schema = kAttendance},
          {.method = "PUT",
           .path = "/meetings/{meeting}/attendance",
           .operation_id = "recordAttendance",
           .summary = "Record attendance; answers whether the board has a quorum",
           .security = auth,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kAttendanceInput,
           .response_schema = kAttendance},
          {.method = "GET",
           .path = "/meetings/{meeting}/minutes",
           .operation_id = "getMeetingMinutes",
           .summary = "The meeting's minutes",
           .security = auth,
           .scopes = read,
           .response_schema = kMinutes},
          {.method = "POST",
           .path = "/meetings/{meeting}/minutes",
           .operation_id = "openMinutes",
           .summary = "Start the minutes (protokoll) of a meeting",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400, 409},
           .request_schema = kNewMinutes,
           .response_schema = kMinutes},
          {.method = "GET",
           .path = "/minutes/{minutes}",
           .operation_id = "getMinutes",
           .summary = "Minutes with their adjusters and signatures",
           .security = auth,
           .scopes = read,
           .response_schema = kMinutes},
          {.method = "GET",
           .path = "/minutes/{minutes}/paragraphs",
           .operation_id = "listParagraphs",
           .summary = "The minutes' paragraphs (§)",
           .security = auth,
           .scopes = read,
           .response_schema = kParagraphs},
          {.method = "POST",
           .path = "/minutes/{minutes}/paragraphs",
           .operation_id = "addParagraph",
           .summary = "Add a paragraph, numbered on per board and year",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400, 409},
           .request_schema = kNewParagraph,
           .response_schema = kParagraph},
          {.method = "POST",
           .path = "/minutes/{minutes}/signatures",
           .operation_id = "signMinutes",
           .summary = "Adjust (justera) the minutes as chair or adjuster; locked once all have signed",
           .security = http::ApiSecurity::kSession,
           .success = 200,
           .errors = {400, 409},
           .request_schema = kSignature,
           .response_schema = kMinutes},
          {.method = "GET",
           .path = "/paragraphs/{paragraph}",
           .operation_id = "getParagraph",
           .summary = "One paragraph with motions, votes and decision",
           .security = auth,
           .scopes = read,
           .response_schema = kParagraph},
          {.method = "PATCH",
           .path = "/paragraphs/{paragraph}",
           .operation_id = "editParagraph",
           .summary = "Change a paragraph's texts (refused once the minutes are locked)",
           .security = auth,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kParagraphText,
           .response_schema = kParagraph},
          {.method = "POST",
           .path = "/paragraphs/{paragraph}/entries",
           .operation_id = "addParagraphEntry",
           .summary = "Add a motion, reservation or protocol note",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400, 409},
           .request_schema = kNewEntry,
           .response_schema = kParagraph},
          {.method = "POST",
           .path = "/paragraphs/{paragraph}/votes",
           .operation_id = "recordVote",
           .summary = "Record an open vote: each member's ja, nej or avstår, and the result",
           .security = auth,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kNewVote,
           .response_schema = kParagraph},
          {.method = "POST",
           .path = "/paragraphs/{paragraph}/conflicts-of-interest",
           .operation_id = "recordConflictOfInterest",
           .summary = "Record jäv: the member takes no part in the paragraph",
           .security = auth,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kConflict,
           .response_schema = kParagraph},
          {.method = "POST",
           .path = "/paragraphs/{paragraph}/immediate-adjustment",
           .operation_id = "adjustParagraphImmediately",
           .summary = "Adjust one paragraph at once (omedelbar justering)",
           .security = auth,
           .scopes = write,
           .errors = {400, 409},
           .response_schema = kParagraph},
          {.method = "GET",
           .path = "/notice-board",
           .operation_id = "listNotices",
           .summary = "The official notice board (anslagstavla): posted notices with the last day to appeal",
           .response_schema = kNoticeBoard},
          {.method = "GET",
           .path = "/notices/{notice}",
           .operation_id = "getNotice",
           .summary = "One notice, also after its removal (archived)",
           .security = auth,
           .scopes = read,
           .response_schema = kNotice},
      });
  http::describe(
      api, kBase, kTag,
      {
          {.method = "GET",
           .path = "/minutes/{minutes}/document",
           .operation_id = "getMinutesDocument",
           .summary = "The full minutes as an HTML page or a PDF (format=pdf); secret paragraphs' texts only for those "
                      "entitled (audited)",
           .security = auth,
           .scopes = read,
           .errors = {400},
           .query = {format_parameter("html (default) or pdf", R"(["html","pdf"])", "html")},
           .response_type = "text/html",
           .response_schema = kText,
           .other_response_types = {"application/pdf"}},
          {.method = "GET",
           .path = "/minutes/{minutes}/public",
           .operation_id = "getPublicMinutes",
           .summary = "The public version of adjusted minutes as an HTML page or a PDF (format=pdf): a secret "
                      "paragraph shows only its number, heading and secrecy reference",
           .errors = {400},
           .query = {format_parameter("html (default) or pdf", R"(["html","pdf"])", "html")},
           .response_type = "text/html",
           .response_schema = kText,
           .other_response_types = {"application/pdf"}},
          {.method = "GET",
           .path = "/open-data/meetings",
           .operation_id = "listOpenDataMeetings",
           .summary = "Open data: the meetings whose minutes are adjusted, newest first",
           .response_schema = kOpenDataMeetings},
          {.method = "GET",
           .path = "/open-data/meetings/{meeting}/decisions",
           .operation_id = "getOpenDataDecisions",
           .summary = "Open data: the decisions and votes of a meeting's public paragraphs (JSON; format=csv: "
                      "text/csv, one row per decision)",
           .errors = {400},
           .query = {format_parameter("json (default) or csv", R"(["json","csv"])", "json")},
           .response_schema = kOpenDataDecisions,
           .other_response_types = {"text/csv"}},
          {.method = "GET",
           .path = "/open-data/meetings/{meeting}/votes",
           .operation_id = "getOpenDataVotes",
           .summary = "Open data: one CSV row per vote cast in a meeting's public paragraphs (name, party, vote)",
           .response_type = "text/csv",
           .response_schema = kText},
      });
  if (!with_bankid_signing) return;
  http::describe(
      api, kBase, kTag,
      {
          {.method = "POST",
           .path = "/boards/{prefix}/members/{member}/personnummer",
           .operation_id = "setMemberPersonnummer",
           .summary = "Record a member's personnummer (kept only as a keyed blind index) to match BankID signatures",
           .security = auth,
           .scopes = write,
           .success = 204,
           .errors = {400},
           .request_schema = kPersonnummer},
          {.method = "POST",
           .path = "/minutes/{minutes}/signatures/bankid",
           .operation_id = "startMinutesBankIdSignature",
           .summary = "Start signing the minutes with BankID (the adjuster's own order)",
           .security = http::ApiSecurity::kSession,
           .success = 201,
           .errors = {400, 409, 503},
           .response_schema = kBankIdOrder},
          {.method = "POST",
           .path = "/minutes/{minutes}/signatures/bankid/{order}/collect",
           .operation_id = "collectMinutesBankIdSignature",
           .summary = "Poll a BankID signature; on completion it is recorded (and the minutes locked when all have "
                      "signed)",
           .security = http::ApiSecurity::kSession,
           .errors = {409, 503},
           .response_schema = kBankIdProgress},
      });
}

}  // namespace samverkan::casehandling

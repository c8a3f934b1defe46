#include <algorithm>
#include <string>
#include <vector>

#include "detail/pages.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {

PageDraft Pages::load_draft(const Visit& visit, const config::Municipality& municipality,
                            const Publication& publication) {
  auto draft = page_store_.load(visit.session.id, municipality.code, publication.service_id).value_or(PageDraft{});
  if (visit.citizen() && draft.version == 0) {
    const auto ctx = context(visit, municipality, Intent::kWrite);  // reading a draft is audited
    if (auto saved = submissions_.draft(*ctx, publication.service_id)) {
      draft.version = saved->version;
      draft.step = saved->step;
      draft.answers = saved->answers;
    }
    ctx->commit();
  }
  if (draft.version == 0) draft.version = publication.version;
  return draft;
}

// The session's draft, with its files, goes to the database; a citizen's answers also to their
// own draft (without files), which outlives the session.
void Pages::store_draft(const Visit& visit, const config::Municipality& municipality, const Publication& publication,
                        const PageDraft& draft) {
  if (visit.citizen()) {
    Answers without_files = draft.answers;
    without_files.attachments.clear();
    const auto ctx = context(visit, municipality, Intent::kWrite);
    submissions_.save_draft(*ctx, publication.service_id, draft.version, draft.step, without_files);
    ctx->commit();
  }
  page_store_.store(visit.session.id, municipality.code, publication.service_id, draft);
}

Publication Pages::published_service(const Visit& visit, const config::Municipality& municipality,
                                     const std::string& service) {
  const auto ctx = context(visit, municipality, Intent::kRead);
  auto publication = catalogue_.publication(*ctx, service);
  if (publication.status != PublicationStatus::kPublished) throw NotFound("not published");
  return publication;
}

// A service that requires login sends anyone else to the login page, then back.
std::optional<http::Response> Pages::login_gate(const http::Request& request, const Visit& visit,
                                                const config::Municipality& municipality,
                                                const Publication& publication) const {
  if (!publication.definition.login_required() || visit.citizen()) return std::nullopt;
  return login_redirect(request, visit, municipality);
}

http::Response Pages::resume_service(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const auto publication = published_service(visit, municipality, request.path_params.at("service"));
  if (auto gate = login_gate(request, visit, municipality, publication)) return *gate;
  const auto draft = load_draft(visit, municipality, publication);
  const auto& steps = publication.definition.steps();
  std::string step = steps.front().id;
  for (const auto& candidate : steps) {
    if (candidate.id == draft.step) step = candidate.id;
  }
  return redirect(service_base(municipality, publication.service_id) + "/steg/" + step + lang_query(visit.language));
}

std::size_t Pages::step_index(const Definition& definition, const std::string& step) {
  const auto& steps = definition.steps();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].id == step) return i;
  }
  throw NotFound("no such step");
}

http::Response Pages::step_page(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const auto publication = published_service(visit, municipality, request.path_params.at("service"));
  if (auto gate = login_gate(request, visit, municipality, publication)) return *gate;
  const auto draft = load_draft(visit, municipality, publication);
  const auto definition = definition_of(visit, municipality, publication, draft);
  const std::size_t index = step_index(definition, request.path_params.at("step"));
  return render_step(visit, municipality, publication, definition, index, draft.answers, {}, 200);
}

Definition Pages::definition_of(const Visit& visit, const config::Municipality& municipality,
                                const Publication& publication, const PageDraft& draft) {
  if (draft.version == publication.version) return publication.definition;
  const auto ctx = context(visit, municipality, Intent::kRead);
  return catalogue_.definition_for_submission(*ctx, publication.service_id, draft.version);
}

http::Response Pages::render_step(const Visit& visit, const config::Municipality& municipality,
                                  const Publication& publication, const Definition& definition, std::size_t index,
                                  const Answers& answers, const std::vector<FieldError>& errors, int status) const {
  const Language language = visit.language;
  const Step& step = definition.steps().at(index);
  const auto shown = shown_fields(definition, answers, today());
  const auto in_step = [&step](const std::string& id) {
    return std::any_of(step.fields.begin(), step.fields.end(), [&id](const Field& f) { return f.id == id; });
  };
  auto data = base_data(visit);
  data.set("service_title", publication.title().in(language));
  data.set("step_title", step.title.in(language));
  if (step.description) data.set("step_description", step.description->in(language));
  data.set("progress", std::string(ui_text(language, "step_of")) + " " + std::to_string(index + 1) + " " +
                           ui_text(language, "of") + " " + std::to_string(definition.steps().size()));
  const std::string path = service_base(municipality, publication.service_id) + "/steg/" + step.id;
  data.set("action", path + lang_query(language));
  data.set("back", index > 0);
  bool multipart = false;
  mu::list fields;
  for (const auto& field : step.fields) {
    // Shown by the answers so far, or depending on an answer on this same page (without
    // JavaScript the page cannot change as the citizen answers; a hidden answer is dropped).
    const bool is_shown = std::find(shown.begin(), shown.end(), &field) != shown.end() ||
                          std::any_of(field.show_when.begin(), field.show_when.end(),
                                      [&](const Condition& c) { return in_step(c.field); });
    if (!is_shown) continue;
    fields.push_back(field_data(field, answers, errors, language));
    if (field.type == FieldType::kAttachment) multipart = true;
  }
  data.set("fields", fields);
  data.set("multipart", multipart);
  mu::list error_list;
  for (const auto& error : errors) {
    const Field* field = definition.find_field(error.field);
    if (field == nullptr || !in_step(error.field)) continue;
    mu::data item{mu::data::type::object};
    item.set("anchor", anchor_of(*field));
    item.set("label", field->label.in(language));
    item.set("message", error.message.in(language));
    error_list.push_back(item);
  }
  data.set("has_errors", !error_list.empty());
  data.set("errors", error_list);
  std::string title = step.title.in(language) + " – " + publication.title().in(language);
  if (!error_list.empty()) title = std::string(ui_text(language, "error")) + ": " + title;
  return html(status, page(visit, &municipality, title, render("step", data), path));
}

// Where the error summary links to: the control itself, or the first option of a choice.
std::string Pages::anchor_of(const Field& field) {
  const bool radios = field.type == FieldType::kSingleChoice && !field.display_as_list;
  if ((radios || field.type == FieldType::kMultipleChoice) && !field.options.empty()) {
    return field.id + "-0";
  }
  return field.id;
}

const char* Pages::input_type(FieldType type) {
  switch (type) {
    case FieldType::kNumber:
      return "text";  // inputmode-free text: "1,5" is a valid answer
    case FieldType::kDate:
      return "date";
    case FieldType::kEmail:
      return "email";
    case FieldType::kPhone:
      return "tel";
    default:
      return "text";
  }
}

const char* Pages::autocomplete(FieldType type) {
  switch (type) {
    case FieldType::kEmail:
      return "email";
    case FieldType::kPhone:
      return "tel";
    default:
      return "";
  }
}

mu::data Pages::field_data(const Field& field, const Answers& answers, const std::vector<FieldError>& errors,
                           Language language) {
  mu::data item{mu::data::type::object};
  item.set("id", field.id);
  item.set("name", field.id);
  item.set("label", field.label.in(language));
  item.set("required", field.required);
  std::string described;
  if (field.help) {
    item.set("help", field.help->in(language));
    described = field.id + "-hint";
  }
  const auto error =
      std::find_if(errors.begin(), errors.end(), [&](const FieldError& e) { return e.field == field.id; });
  if (error != errors.end()) {
    item.set("error", error->message.in(language));
    described += (described.empty() ? "" : " ") + field.id + "-error";
  }
  if (!described.empty()) item.set("describedby", described);
  const auto found = answers.values.find(field.id);
  const std::vector<std::string> values = found != answers.values.end() ? found->second : std::vector<std::string>{};
  const std::string value = values.empty() ? std::string() : values.front();
  item.set("value", value);
  item.set("is_input", false);
  item.set("is_textarea", false);
  item.set("is_select", false);
  item.set("is_choices", false);
  item.set("is_checkbox", false);
  item.set("is_file", false);
  item.set("checked", false);
  switch (field.type) {
    case FieldType::kTextArea:
      item.set("is_textarea", true);
      break;
    case FieldType::kSingleChoice:
    case FieldType::kMultipleChoice: {
      const bool select = field.type == FieldType::kSingleChoice && field.display_as_list;
      item.set(select ? "is_select" : "is_choices", true);
      item.set("choice_type", field.type == FieldType::kSingleChoice ? "radio" : "checkbox");
      mu::list options;
      for (std::size_t i = 0; i < field.options.size(); ++i) {
        const auto& option = field.options[i];
        mu::data entry{mu::data::type::object};
        entry.set("value", option.value);
        entry.set("label", option.label.in(language));
        entry.set("option_id", field.id + "-" + std::to_string(i));
        entry.set("checked", std::find(values.begin(), values.end(), option.value) != values.end());
        options.push_back(entry);
      }
      item.set("options", options);
      break;
    }
    case FieldType::kCheckbox:
      item.set("is_checkbox", true);
      item.set("checked", value == "true");
      break;
    case FieldType::kAttachment: {
      item.set("is_file", true);
      std::string accept;
      for (const auto& type : field.accept) accept += (accept.empty() ? "" : ",") + type;
      item.set("accept", accept);
      break;
    }
    default:
      item.set("is_input", true);
      item.set("input_type", input_type(field.type));
      if (*autocomplete(field.type) != '\0') item.set("autocomplete", autocomplete(field.type));
      if (!field.unit.empty()) item.set("unit", field.unit);
      break;
  }
  return item;
}

// Without JavaScript a page cannot hide a field as the citizen answers, so a field that depends
// on an answer on the same page is always shown (render_step). When the citizen has answered it
// but its condition is off, the answer would be dropped without a word: instead the step is
// shown again with the answer kept and an error saying which choice it depends on.
// Only what this request posted counts: a file attached earlier stays in the draft (there is
// no way to take it back on the page), so once the citizen has been told, posting the page
// again without a new file goes on.
void Pages::unused_answer_errors(const Definition& definition, const Step& step, const Answers& answers,
                                 const Form& form, std::vector<FieldError>& errors) const {
  const auto shown = shown_fields(definition, answers, today());
  for (const auto& field : step.fields) {
    if (field.show_when.empty() || std::find(shown.begin(), shown.end(), &field) != shown.end()) continue;
    const auto value = answers.values.find(field.id);  // what this request posted (post_step)
    const auto* file = form.file(field.id);
    const bool answered =
        (value != answers.values.end() && !value->second.empty()) || (file != nullptr && !file->bytes.empty());
    if (!answered) continue;
    const Condition* same_page = nullptr;
    for (const auto& condition : field.show_when) {
      if (std::any_of(step.fields.begin(), step.fields.end(),
                      [&](const Field& f) { return f.id == condition.field; })) {
        same_page = &condition;
        break;
      }
    }
    if (same_page == nullptr) continue;  // not shown on this page: kept out of it by render_step
    const Field* depends_on = definition.find_field(same_page->field);
    const LocalizedText label =
        depends_on != nullptr ? depends_on->label : LocalizedText{same_page->field, same_page->field};
    errors.push_back(
        FieldError{field.id, "answer-not-used",
                   LocalizedText{"Svaret används bara om du ändrar ditt val vid ”" + label.in(Language::kSwedish) +
                                     "”. Ändra valet eller töm fältet.",
                                 "This answer is only used if you change your choice at \"" +
                                     label.in(Language::kEnglish) + "\". Change that choice or clear this field."}});
  }
}

http::Response Pages::post_step(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const auto publication = published_service(visit, municipality, request.path_params.at("service"));
  if (auto gate = login_gate(request, visit, municipality, publication)) return *gate;
  auto draft = load_draft(visit, municipality, publication);
  const auto definition = definition_of(visit, municipality, publication, draft);
  const std::size_t index = step_index(definition, request.path_params.at("step"));
  const Step& step = definition.steps()[index];
  const Form& form = visit.form;
  // What the draft held for this step's files: a step that fails validation keeps no file it
  // was sent (the citizen chooses it again; nothing piles up from failed posts).
  std::map<std::string, Attachment> files_before;
  for (const auto& field : step.fields) {
    if (field.type != FieldType::kAttachment) continue;
    if (const auto found = draft.answers.attachments.find(field.id); found != draft.answers.attachments.end()) {
      files_before.emplace(field.id, found->second);
    }
  }
  // This step's answers replace what the draft held for its fields; other names are ignored.
  for (const auto& field : step.fields) {
    if (field.type == FieldType::kAttachment) {
      if (const auto* file = form.file(field.id)) {
        draft.answers.attachments[field.id] = {file->file_name, file->bytes};
        draft.files_changed.insert(field.id);
      }
      continue;
    }
    draft.answers.values.erase(field.id);
    const auto posted = form.values(field.id);
    if (posted.empty()) continue;
    std::vector<std::string> kept;
    for (const auto& value : posted) {
      if (value.find_first_not_of(" \t\r\n") != std::string::npos) kept.push_back(value);
    }
    if (field.type != FieldType::kMultipleChoice && kept.size() > 1) kept.resize(1);
    if (!kept.empty()) draft.answers.values[field.id] = std::move(kept);
  }
  draft.step = step.id;
  const std::string base = service_base(municipality, publication.service_id);
  const std::string lang = lang_query(visit.language);
  if (form.value("_nav") == "back" && index > 0) {
    draft.step = definition.steps()[index - 1].id;
    store_draft(visit, municipality, publication, draft);
    return redirect(base + "/steg/" + draft.step + lang);
  }
  const auto result = validate_answers(definition, draft.answers, today());
  std::vector<FieldError> errors;
  for (const auto& error : result.errors) {
    if (std::any_of(step.fields.begin(), step.fields.end(), [&](const Field& f) { return f.id == error.field; })) {
      errors.push_back(error);
    }
  }
  unused_answer_errors(definition, step, draft.answers, form, errors);
  if (!errors.empty()) {
    for (const auto& field : step.fields) {
      if (field.type != FieldType::kAttachment) continue;
      const auto before = files_before.find(field.id);
      if (before == files_before.end()) {
        draft.answers.attachments.erase(field.id);
      } else {
        draft.answers.attachments[field.id] = before->second;
      }
      draft.files_changed.erase(field.id);  // the stored file (or none) stays as it was
    }
    store_draft(visit, municipality, publication, draft);
    return render_step(visit, municipality, publication, definition, index, draft.answers, errors, 422);
  }
  const bool last = index + 1 == definition.steps().size();
  draft.step = last ? step.id : definition.steps()[index + 1].id;
  store_draft(visit, municipality, publication, draft);
  return redirect(last ? base + "/granska" + lang : base + "/steg/" + draft.step + lang);
}

std::string Pages::display_value(const Field& field, const Answers& answers, Language language) {
  if (field.type == FieldType::kAttachment) {
    const auto file = answers.attachments.find(field.id);
    return file != answers.attachments.end() ? file->second.file_name : std::string();
  }
  const auto found = answers.values.find(field.id);
  return found == answers.values.end() ? std::string() : answer_text(field, found->second, language);
}

std::string answer_text(const Field& field, const std::vector<std::string>& values, Language language) {
  if (values.empty()) return {};
  if (field.type == FieldType::kCheckbox) return ui_text(language, values.front() == "true" ? "yes" : "no");
  std::string out;
  for (const auto& value : values) {
    const Option* option = field.find_option(value);
    out += (out.empty() ? "" : ", ") + (option != nullptr ? option->label.in(language) : value);
  }
  if (!field.unit.empty()) out += " " + field.unit;
  return out;
}

http::Response Pages::review_page(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const auto publication = published_service(visit, municipality, request.path_params.at("service"));
  if (auto gate = login_gate(request, visit, municipality, publication)) return *gate;
  const auto draft = load_draft(visit, municipality, publication);
  const auto definition = definition_of(visit, municipality, publication, draft);
  const Language language = visit.language;
  const auto shown = shown_fields(definition, draft.answers, today());
  const std::string base = service_base(municipality, publication.service_id);
  auto data = base_data(visit);
  data.set("service_title", publication.title().in(language));
  mu::list steps;
  for (const auto& step : definition.steps()) {
    mu::list rows;
    for (const auto& field : step.fields) {
      if (std::find(shown.begin(), shown.end(), &field) == shown.end()) continue;
      mu::data row{mu::data::type::object};
      row.set("label", field.label.in(language));
      const std::string value = display_value(field, draft.answers, language);
      row.set("value", value.empty() ? std::string(ui_text(language, "not_answered")) : value);
      row.set("change_href", base + "/steg/" + step.id + lang_query(language) + "#" + anchor_of(field));
      rows.push_back(row);
    }
    mu::data entry{mu::data::type::object};
    entry.set("title", step.title.in(language));
    entry.set("answers", rows);
    steps.push_back(entry);
  }
  data.set("steps", steps);
  data.set("action", base + "/granska" + lang_query(language));
  return html(200, page(visit, &municipality,
                        std::string(ui_text(language, "review_heading")) + " – " + publication.title().in(language),
                        render("review", data), base + "/granska"));
}

http::Response Pages::post_submit(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const auto publication = published_service(visit, municipality, request.path_params.at("service"));
  if (auto gate = login_gate(request, visit, municipality, publication)) return *gate;
  const auto draft = load_draft(visit, municipality, publication);
  SubmitOutcome outcome;
  {
    const auto ctx = context(visit, municipality, Intent::kWrite);
    outcome = submissions_.submit(*ctx, publication.service_id, draft.version, draft.answers);
    if (outcome.receipt) ctx->commit();
  }
  if (!outcome.receipt) {
    // Back to the first step with a problem, its errors shown.
    const auto definition = definition_of(visit, municipality, publication, draft);
    std::size_t index = 0;
    bool found = false;
    for (std::size_t i = 0; i < definition.steps().size() && !found; ++i) {
      for (const auto& field : definition.steps()[i].fields) {
        if (!outcome.errors.empty() && field.id == outcome.errors.front().field) {
          index = i;
          found = true;
        }
      }
    }
    return render_step(visit, municipality, publication, definition, index, draft.answers, outcome.errors, 422);
  }
  const Receipt receipt = *outcome.receipt;
  page_store_.erase(visit.session.id, municipality.code, publication.service_id);
  page_store_.add_receipt(visit.session.id, receipt);
  return redirect("/e/" + municipality.code.str() + "/kvitto/" + receipt.reference + lang_query(visit.language));
}

}  // namespace samverkan::eservices::detail

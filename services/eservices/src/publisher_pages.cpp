// The publishers' section of the staff web ("e-tjanster"): the cooperation's shared catalogue
// (who piloted which service, who adopted it), a service's page with this member's publication
// (adopt or change it with local overrides, withdraw it), importing a new definition version
// with a summary of what changed, and a preview of the form as citizens see it. Every page
// calls the Catalogue the CLI and the citizen pages call; its writes are audited there, in the
// page's transaction. Catalogue and publications hold no personal data: no PageView.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "detail/pages.hpp"
#include "detail/publisher_pages.hpp"
#include "detail/staff_support.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/text.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/definition_changes.hpp"
#include "samverkan/security/permission.hpp"

namespace samverkan::eservices::detail {
namespace {

using security::Permission;
using Data = http::mustache::data;

Data object() { return staff_object(); }
Data list() { return staff_list(); }

/// A version number from the path or a form: 1..99999, InvalidInput otherwise.
int version_param(const std::string& text) {
  const auto version = text::positive_number(text, 5);
  if (!version) throw InvalidInput("a version is a number from 1");
  return *version;
}

/// What the publication form sent: the overrides and the version, as typed.
struct PublishForm {
  std::string version;
  std::string title_sv, title_en, unit, contact, fees_sv, fees_en, information_sv, information_en;

  static PublishForm from(const http::Form& form) {
    return {form.value("version"), form.value("title_sv"),       form.value("title_en"),
            form.value("unit"),    form.value("contact"),        form.value("fees_sv"),
            form.value("fees_en"), form.value("information_sv"), form.value("information_en")};
  }
  static PublishForm from(const Publication& p) {
    const auto sv = [](const std::optional<LocalizedText>& t) { return t ? t->sv : std::string(); };
    const auto en = [](const std::optional<LocalizedText>& t) { return t ? t->en : std::string(); };
    const auto& o = p.overrides;
    return {
        std::to_string(p.version), sv(o.title),      en(o.title), o.handling_unit, o.contact, sv(o.fees), en(o.fees),
        sv(o.information),         en(o.information)};
  }
  /// Both texts as the catalogue takes them (it trims them and treats two empty ones as none).
  static std::optional<LocalizedText> pair(const std::string& sv, const std::string& en) {
    return LocalizedText{sv, en};
  }
  LocalOverrides overrides() const {
    return {pair(title_sv, title_en), contact, unit, pair(fees_sv, fees_en), pair(information_sv, information_en)};
  }
};

/// A refused form: the control the error summary links to and its message.
struct Refusal {
  std::string field;
  std::string message;
};

struct PublisherPages {
  explicit PublisherPages(const config::Cooperation& members) : cooperation(members), catalogue(members) {}

  const config::Cooperation& cooperation;
  Catalogue catalogue;

  std::string member_name(const ids::Kommunkod& code) const {
    const auto* member = cooperation.find(code);
    return member != nullptr ? member->display_name() : code.str();
  }

  /// The versions of one service in the catalogue, oldest first. NotFound when it has none.
  std::vector<CatalogueEntry> versions(http::StaffCall& c, const std::string& service_id) {
    std::vector<CatalogueEntry> found;
    for (auto& entry : catalogue.list(c.ctx())) {
      if (entry.service_id == service_id) found.push_back(std::move(entry));
    }
    if (found.empty()) throw NotFound("e-service " + service_id + " is not in the catalogue");
    return found;
  }

  std::string status_text(const http::StaffCall& c, const Adoption* here) const {
    if (here == nullptr) return c.text("publication_none");
    if (here->status == PublicationStatus::kWithdrawn) return c.text("publication_withdrawn");
    return c.text("publication_published") + " " + std::to_string(here->version);
  }

  // --- the catalogue --------------------------------------------------------------------------

  http::Response catalogue_page(http::StaffCall& c) {
    const auto entries = catalogue.list(c.ctx());
    const auto adoptions = catalogue.adoptions(c.ctx());
    const Language language = language_of(c);
    auto rows = list();
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& entry = entries[i];
      if (i + 1 < entries.size() && entries[i + 1].service_id == entry.service_id) continue;  // the newest only
      auto row = object();
      row.set("id", entry.service_id);
      row.set("title", entry.title.in(language));
      row.set("pilot", member_name(entry.owner));
      row.set("version", std::to_string(entry.version));
      std::string adopted;
      const Adoption* here = nullptr;
      for (const auto& adoption : adoptions) {
        if (adoption.service_id != entry.service_id) continue;
        if (adoption.municipality == c.municipality().code) here = &adoption;
        if (adoption.status != PublicationStatus::kPublished) continue;
        adopted += (adopted.empty() ? "" : ", ") + member_name(adoption.municipality);
      }
      row.set("adopted", adopted.empty() ? c.text("nobody") : adopted);
      row.set("here", status_text(c, here));
      rows.push_back(row);
    }
    auto data = object();
    if (!rows.is_empty_list()) data.set("has_services", true);
    data.set("services", rows);
    return c.page(c.text("catalogue_title"), c.render("catalogue", data));
  }

  // --- a service ------------------------------------------------------------------------------

  /// The service's page; with `refusal` and what was typed when the publication form was refused.
  http::Response service_page(http::StaffCall& c, const std::string& service_id,
                              const std::optional<Refusal>& refusal = std::nullopt,
                              const std::optional<PublishForm>& typed = std::nullopt, int status = 200) {
    const auto entries = versions(c, service_id);
    const Language language = language_of(c);
    const auto& newest = entries.back();
    std::optional<Publication> ours;
    try {
      ours = catalogue.publication(c.ctx(), service_id);
    } catch (const NotFound&) {
    }
    const PublishForm form = typed  ? *typed
                             : ours ? PublishForm::from(*ours)
                                    : PublishForm{std::to_string(newest.version), {}, {}, {}, {}, {}, {}, {}, {}};

    auto data = object();
    data.set("id", service_id);
    data.set("title", newest.title.in(language));
    data.set("pilot", member_name(newest.owner));
    if (newest.owner == c.municipality().code) data.set("we_pilot", true);

    auto version_rows = list();
    for (const auto& entry : entries) {
      auto row = object();
      row.set("version", std::to_string(entry.version));
      row.set("href", c.url("/" + service_id + "/versioner/" + std::to_string(entry.version)));
      row.set("title", entry.title.in(language));
      row.set("selected", form.version == std::to_string(entry.version));
      version_rows.push_back(row);
    }
    data.set("versions", version_rows);

    auto members = list();
    for (const auto& adoption : catalogue.adoptions(c.ctx())) {
      if (adoption.service_id != service_id) continue;
      auto row = object();
      row.set("member", member_name(adoption.municipality));
      row.set("role", c.text(adoption.municipality == newest.owner ? "role_pilot" : "role_adopter"));
      row.set("status", status_text(c, &adoption));
      members.push_back(row);
    }
    if (!members.is_empty_list()) data.set("has_members", true);
    data.set("members", members);

    if (ours) {
      data.set("our_status", ours->status == PublicationStatus::kPublished
                                 ? c.text("publication_published") + " " + std::to_string(ours->version)
                                 : c.text("publication_withdrawn"));
      data.set("our_title", ours->title().in(language));
      if (ours->status == PublicationStatus::kPublished) data.set("may_withdraw", true);
    } else {
      data.set("our_status", c.text("publication_none"));
    }

    auto units = list();
    for (const auto& unit : c.municipality().units) {
      auto option = object();
      option.set("value", unit.id);
      option.set("label", unit.name);
      option.set("selected", unit.id == form.unit);
      units.push_back(option);
    }
    data.set("units", units);
    data.set("title_sv", form.title_sv);
    data.set("title_en", form.title_en);
    data.set("contact", form.contact);
    data.set("fees_sv", form.fees_sv);
    data.set("fees_en", form.fees_en);
    data.set("information_sv", form.information_sv);
    data.set("information_en", form.information_en);

    std::string page_title = newest.title.in(language);
    if (refusal) {
      set_refusal(data, refusal->field, refusal->message);
      page_title = c.text("refused_prefix") + page_title;
    }
    return c.page(page_title, c.render("service", data), status);
  }

  http::Response publish(http::StaffCall& c) {
    const std::string service_id = c.path("service");
    versions(c, service_id);  // an unknown service is a 404 page, not a form error
    const auto form = PublishForm::from(c.form());
    try {
      const int version = version_param(form.version);
      catalogue.publish(c.ctx(), service_id, version, form.overrides());
    } catch (const OverrideError& e) {
      // The field of the override, in the form's language; the first of a pair when both are.
      const std::string& name = e.override_name();
      const std::string field = name == "handling_unit" ? "unit" : name == "contact" ? "contact" : name + "_sv";
      std::string problem;
      switch (e.problem()) {
        case OverrideError::Problem::kNotText:
          problem = "problem_not_text";
          break;
        case OverrideError::Problem::kTooLong:
          problem = "problem_too_long";
          break;
        case OverrideError::Problem::kOneLanguageOnly:
          problem = "problem_one_language";
          break;
        case OverrideError::Problem::kUnknownUnit:
          problem = "problem_unknown_unit";
          break;
      }
      return service_page(c, service_id, Refusal{field, c.text("override_" + name) + ": " + c.text(problem)}, form,
                          400);
    } catch (const InvalidInput&) {
      return service_page(c, service_id, Refusal{"version", c.text("refused_version")}, form, 400);
    } catch (const NotFound&) {
      return service_page(c, service_id, Refusal{"version", c.text("refused_version")}, form, 400);
    } catch (const Conflict& e) {
      // The definition registers cases with a board this member does not have.
      return service_page(c, service_id, Refusal{"version", c.text("conflict_board") + " (" + e.what() + ")"}, form,
                          409);
    }
    return c.redirect(c.url("/" + service_id));
  }

  http::Response withdraw(http::StaffCall& c) {
    const std::string service_id = c.path("service");
    versions(c, service_id);
    try {
      catalogue.withdraw(c.ctx(), service_id);
    } catch (const NotFound&) {
      return service_page(c, service_id, Refusal{"withdraw", c.text("refused_withdraw")}, std::nullopt, 409);
    }
    return c.redirect(c.url("/" + service_id));
  }

  // --- a version: what changed, and the preview -----------------------------------------------

  http::Response version_page(http::StaffCall& c) {
    const std::string service_id = c.path("service");
    const int version = version_param_or_404(c.path("version"));
    const auto entries = versions(c, service_id);
    const Definition definition = catalogue.definition(c.ctx(), service_id, version);
    const Language language = language_of(c);
    auto data = object();
    data.set("id", service_id);
    data.set("version", std::to_string(version));
    data.set("title", definition.title().in(language));
    data.set("pilot", member_name(definition.owner()));
    data.set("service_href", c.url("/" + service_id));
    data.set("preview_href", c.url("/" + service_id + "/versioner/" + std::to_string(version) + "/forhandsgranskning"));
    // The version before this one in the catalogue, if any.
    std::optional<int> previous;
    for (const auto& entry : entries) {
      if (entry.version < version) previous = entry.version;
    }
    if (previous) {
      data.set("previous", std::to_string(*previous));
      auto changes = list();
      const Definition before = catalogue.definition(c.ctx(), service_id, *previous);
      for (const auto& change : compare_definitions(before, definition)) {
        auto item = object();
        item.set("what", c.text("change_" + std::string(to_string(change.kind))));
        item.set("subject", change.subject);
        changes.push_back(item);
      }
      if (changes.is_empty_list()) data.set("no_changes", true);
      data.set("changes", changes);
    } else {
      data.set("first_version", true);
    }
    return c.page(definition.title().in(language) + " – " + c.text("version") + " " + std::to_string(version),
                  c.render("version", data));
  }

  http::Response preview_page(http::StaffCall& c) {
    const std::string service_id = c.path("service");
    const int version = version_param_or_404(c.path("version"));
    const Definition definition = catalogue.definition(c.ctx(), service_id, version);
    const Language language = language_of(c);
    const auto& steps = definition.steps();
    std::size_t index = 0;
    if (const auto step = c.request.query_param("steg"); step && !step->empty()) {
      const auto found =
          std::find_if(steps.begin(), steps.end(), [&](const Step& candidate) { return candidate.id == *step; });
      if (found == steps.end()) throw NotFound("the form has no step " + *step);
      index = static_cast<std::size_t>(found - steps.begin());
    }
    const Step& step = steps.at(index);
    // The citizen's step template, without its form: the fields as a citizen sees them, with
    // this member's title when it publishes the service.
    LocalizedText service_title = definition.title();
    try {
      service_title = catalogue.publication(c.ctx(), service_id).title();
    } catch (const NotFound&) {
    }
    mu::data step_data = ui_texts(language);
    mu::data citizen{mu::data::type::object};
    citizen.set("t", step_data);
    citizen.set("preview", true);
    citizen.set("service_title", service_title.in(language));
    citizen.set("step_title", step.title.in(language));
    if (step.description) citizen.set("step_description", step.description->in(language));
    citizen.set("progress", std::string(ui_text(language, "step_of")) + " " + std::to_string(index + 1) + " " +
                                ui_text(language, "of") + " " + std::to_string(steps.size()));
    mu::list fields;
    for (const auto& field : step.fields) fields.push_back(Pages::field_data(field, {}, {}, language));
    citizen.set("fields", fields);
    citizen.set("has_errors", false);

    const std::string base = "/" + service_id + "/versioner/" + std::to_string(version) + "/forhandsgranskning";
    auto data = object();
    data.set("step_html", render("step", citizen));
    data.set("version_href", c.url("/" + service_id + "/versioner/" + std::to_string(version)));
    data.set("version", std::to_string(version));
    if (index > 0) data.set("previous_step", c.url(base + "?steg=" + encode(steps[index - 1].id)));
    if (index + 1 < steps.size()) data.set("next_step", c.url(base + "?steg=" + encode(steps[index + 1].id)));
    return c.page(c.text("preview_title") + ": " + step.title.in(language) + " – " + service_title.in(language),
                  c.render("preview", data));
  }

  static int version_param_or_404(const std::string& text) {
    try {
      return version_param(text);
    } catch (const InvalidInput&) {
      throw NotFound("no such version");
    }
  }

  // --- import -----------------------------------------------------------------------------------

  http::Response import_page(http::StaffCall& c, const std::vector<std::string>& problems = {}, int status = 200) {
    auto data = object();
    if (!problems.empty()) {
      set_refusal(data, "definition", c.text("refused_import"));
      auto lines = list();
      for (const auto& problem : problems) lines.push_back(Data(problem));
      data.set("problems", lines);
    }
    return c.page(problems.empty() ? c.text("import_title") : c.text("refused_prefix") + c.text("import_title"),
                  c.render("import", data), status);
  }

  http::Response import(http::StaffCall& c) {
    const http::FormFile* file = c.form().file("definition");
    if (file == nullptr) return import_page(c, {c.text("import_no_file")}, 400);
    ImportOutcome outcome{};
    std::string service_id;
    int version = 0;
    try {
      // Parsed again by the catalogue, after its permission check: this one only names the version.
      const Definition definition = parse_definition(file->bytes, file->file_name);
      service_id = definition.id();
      version = definition.version();
      outcome = catalogue.import_definition(c.ctx(), file->bytes, file->file_name);
    } catch (const DefinitionError& e) {
      std::vector<std::string> problems;
      for (const auto& diagnostic : e.diagnostics()) problems.push_back(xml::format(diagnostic));
      return import_page(c, problems, 400);
    } catch (const Forbidden& e) {
      return import_page(c, {c.text("import_not_owner") + " (" + e.what() + ")"}, 403);
    } catch (const Conflict& e) {
      return import_page(c, {c.text("import_conflict") + " (" + e.what() + ")"}, 409);
    }
    (void)outcome;  // imported or already there, the version's page shows it
    return c.redirect(c.url("/" + service_id + "/versioner/" + std::to_string(version)));
  }
};

}  // namespace

void mount_publisher_pages(http::StaffSection& section, const config::Cooperation& cooperation) {
  // The router's handlers keep the pages alive.
  auto pages = std::make_shared<PublisherPages>(cooperation);
  const auto edit = Permission::kEServiceEdit;
  section.add({"GET", "", edit}, [pages](http::StaffCall& c) { return pages->catalogue_page(c); });
  section.add({"GET", "/importera", edit}, [pages](http::StaffCall& c) { return pages->import_page(c); });
  section.add({"POST", "/importera", edit}, [pages](http::StaffCall& c) { return pages->import(c); });
  section.add({"GET", "/{service}", edit},
              [pages](http::StaffCall& c) { return pages->service_page(c, c.path("service")); });
  section.add({"POST", "/{service}/publicering", edit}, [pages](http::StaffCall& c) { return pages->publish(c); });
  section.add({"POST", "/{service}/tillbakadragning", edit},
              [pages](http::StaffCall& c) { return pages->withdraw(c); });
  section.add({"GET", "/{service}/versioner/{version}", edit},
              [pages](http::StaffCall& c) { return pages->version_page(c); });
  section.add({"GET", "/{service}/versioner/{version}/forhandsgranskning", edit},
              [pages](http::StaffCall& c) { return pages->preview_page(c); });
}

}  // namespace samverkan::eservices::detail

#pragma once
/// The configuration reference: every element and attribute of our configuration files, as
/// Markdown generated from the schemas in xsd/ (cooperation.xsd, adapters.xsd, eservice.xsd,
/// hiring.xsd), so that the reference cannot drift from what the loaders accept.
/// `samverkan config reference` prints it; docs/configuration-reference.md is its output for
/// the repository's xsd/, and a test keeps the two equal.

#include <filesystem>
#include <string>

namespace samverkan::config {

/// The reference of the schemas (*.xsd) directly in `xsd_dir`, as Markdown: one section per
/// schema file in file-name order, holding the schema's documentation and one subsection per
/// element, depth first from each global element, with its path from the root ("/cooperation/
/// members/municipality"), how often it occurs (minOccurs..maxOccurs), its type (named simple
/// types with their base type, enumerations, patterns, lengths and bounds), its text content or
/// child elements, its xs:documentation, and a table of its attributes (type, required or
/// optional with the default, documentation).
///
/// Named types are followed through xs:include and xs:import of files inside the folder (a
/// schemaLocation outside it, e.g. a URL, is never fetched: its types are named, not described).
/// A named complex type is described where it first occurs in a section; later uses refer to
/// that path, and a type that contains itself stops at the repeat. An element referenced from
/// another schema file (ref="a:adapters") is described in that file's section, which names
/// where it is used. The schemas are parsed with xml::parse_file (no network, no DTD, no
/// entities). The output names files by their name in the folder, never the folder itself, and
/// is the same byte for byte for the same schemas.
///
/// Throws samverkan::InvalidInput naming the folder when it does not exist or holds no .xsd
/// file, and naming the file (and line) when a schema is not well-formed, is not an xs:schema,
/// includes or imports a file of the folder that does not exist, or refers to a type, element,
/// attribute or group that its schemas do not define.
std::string schema_reference_markdown(const std::filesystem::path& xsd_dir);

}  // namespace samverkan::config

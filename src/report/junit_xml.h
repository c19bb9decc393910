#pragma once
// What the JUnit XML writers share: the document root and the test counts on suites.

#include <pugixml.hpp>

#include <cstddef>

namespace rolecall::report {

// Counts of one suite (or all of them).
struct JunitCounts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

// Sets tests, failures, errors, skipped and time="0" on `node`.
inline void set_junit_counts(pugi::xml_node node, const JunitCounts& c) {
  node.append_attribute("tests") = static_cast<unsigned long long>(c.tests);
  node.append_attribute("failures") = static_cast<unsigned long long>(c.failures);
  node.append_attribute("errors") = static_cast<unsigned long long>(c.errors);
  node.append_attribute("skipped") = static_cast<unsigned long long>(c.skipped);
  node.append_attribute("time") = "0";
}

// Appends the XML declaration and the <testsuites name="`name`"> root to `doc`; returns the root.
inline pugi::xml_node junit_root(pugi::xml_document& doc, const char* name) {
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("testsuites");
  root.append_attribute("name") = name;
  return root;
}

}  // namespace rolecall::report

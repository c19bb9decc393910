#pragma once
// Section-1 man pages (roff, man macros) generated from the command tree, so they say what --help says.

#include <string>

#include "cli/command_tree.h"

namespace rolecall::cli {

// The name of `command`'s page: "rolecall", "rolecall-scan", "rolecall-config-validate".
std::string man_page_stem(const CommandInfo& command);

// Its file name: man_page_stem + ".1".
std::string man_page_name(const CommandInfo& command);

// The page of `command` (a node of `root`'s tree). `version` goes in the footer; no date, so the
// pages are reproducible.
std::string render_man_page(const CommandInfo& root, const CommandInfo& command, const std::string& version);

}  // namespace rolecall::cli

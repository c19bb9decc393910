#pragma once
// The journal in a PostgreSQL database, for a team: every machine that points its journal at the
// same postgresql:// URL sees, resumes and rolls back every operator's runs.

#include <memory>
#include <string>

#include "remediate/journal.h"

namespace rolecall::remediate {

// Opens the journal in the database `url` names as Journal::open describes: kWrite creates or
// upgrades the schema (pg_journal_schema.h) when needed; kRead changes nothing and reads a database
// without a journal as empty. Every error names the URL without its password.
Result<std::unique_ptr<Journal>> open_pg_journal(const std::string& url, const base::Clock& clock,
                                                 Journal::Access access);

}  // namespace rolecall::remediate

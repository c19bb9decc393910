#pragma once
// SigV4 canonicalisation pieces shared by signing and verification (internal to src/aws).

#include <string>
#include <string_view>
#include <vector>

#include "aws/http/transport.h"
#include "rolecall/error.h"

namespace rolecall::aws::sigv4::detail {

// An absolute URL cut into the parts a signature needs; views into the original string.
struct UrlParts {
  std::string_view scheme;     // "http" / "https"
  std::string_view authority;  // host[:port] as written
  std::string_view path;       // raw path as sent on the wire, "" when absent
  std::string_view query;      // raw query without '?', "" when absent
  std::string_view base;       // everything before '?' (scheme://authority/path)
};

// Splits "scheme://authority/path?query"; fails naming `url` when it is not absolute.
Result<UrlParts> split_url(std::string_view url);

// The Host header value implied by a URL: the authority minus a default port (:80 / :443).
std::string host_from_url(const UrlParts& url);

// Decodes %XX escapes; '+' stays literal and malformed escapes are kept as written.
std::string percent_decode(std::string_view in);

// The canonical URI: optional RFC 3986 dot-segment and duplicate-slash removal, then each
// segment URI-encoded once more (`double_encode`, every service but S3) or exactly once (S3).
std::string canonical_uri(std::string_view path, bool normalize, bool double_encode);

// One decoded query parameter.
struct QueryParam {
  std::string key;
  std::string value;
};

// Decodes a raw query string into parameters, in order; empty pieces ("a&&b") are dropped.
std::vector<QueryParam> parse_query(std::string_view query);

// The canonical query string: keys and values URI-encoded, sorted by encoded key then value,
// "key=" for empty values. Parameters whose decoded key equals `skip_key` are left out.
std::string canonical_query(std::string_view raw_query, std::string_view skip_key = {});

// Canonical header block ("name:value\n" lines) and the ';'-joined signed header list.
struct CanonicalHeaders {
  std::string block;
  std::string signed_list;
};

// Canonicalises every header except those never signed (authorization, user-agent, ...):
// names lowercased and sorted, values trimmed with whitespace runs (and folded lines)
// collapsed to one space, duplicates joined with ',' in the order received.
CanonicalHeaders canonical_headers_all(const HttpHeaders& headers);

// Canonicalises exactly `names` (lowercase, any order, duplicates ignored); a name absent from
// `headers` contributes `fallback_host` for "host" (so a request without a Host header still
// verifies) or "".
CanonicalHeaders canonical_headers_named(const HttpHeaders& headers, const std::vector<std::string>& names,
                                         std::string_view fallback_host);

// Trims `value` and collapses every run of spaces, tabs, CR or LF to a single space.
std::string trim_collapse(std::string_view value);

}  // namespace rolecall::aws::sigv4::detail

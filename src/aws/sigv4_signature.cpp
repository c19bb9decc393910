#include "aws/sigv4.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>

#include "aws/sigv4_canonical.h"
#include "base/ascii.h"
#include "base/sha256.h"

namespace rolecall::aws::sigv4 {
namespace {

using Digest = base::Sha256Digest;

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";
constexpr std::chrono::seconds kMaxExpires{604800};  // seven days, the SigV4 maximum

std::string_view view(const Digest& digest) { return {reinterpret_cast<const char*>(digest.data()), digest.size()}; }

// The derived key depends only on the day, so consecutive signatures share it.
Digest signing_key(std::string_view secret, std::string_view date, std::string_view region, std::string_view service) {
  struct Cache {
    std::string secret, date, region, service;
    Digest key{};
    ~Cache() { OPENSSL_cleanse(secret.data(), secret.size()); }
  };
  thread_local Cache cache;
  if (!cache.secret.empty() && cache.secret == secret && cache.date == date && cache.region == region &&
      cache.service == service) {
    return cache.key;
  }
  std::string seed = "AWS4";
  seed.append(secret);
  const Digest k_date = base::hmac_sha256(seed, date);
  OPENSSL_cleanse(seed.data(), seed.size());
  const Digest k_region = base::hmac_sha256(view(k_date), region);
  const Digest k_service = base::hmac_sha256(view(k_region), service);
  const Digest key = base::hmac_sha256(view(k_service), kTerminator);
  OPENSSL_cleanse(cache.secret.data(), cache.secret.size());
  cache.secret.assign(secret);
  cache.date.assign(date);
  cache.region.assign(region);
  cache.service.assign(service);
  cache.key = key;
  return key;
}

std::string scope_of(std::string_view date, std::string_view region, std::string_view service) {
  std::string scope;
  scope.reserve(date.size() + region.size() + service.size() + kTerminator.size() + 3);
  scope.append(date).append("/").append(region).append("/").append(service).append("/").append(kTerminator);
  return scope;
}

std::string canonical_request(std::string_view method, std::string_view uri, std::string_view query,
                              const detail::CanonicalHeaders& headers, std::string_view payload_hash) {
  std::string out;
  out.reserve(method.size() + uri.size() + query.size() + headers.block.size() + headers.signed_list.size() +
              payload_hash.size() + 8);
  out.append(method).append("\n").append(uri).append("\n").append(query).append("\n");
  out.append(headers.block).append("\n").append(headers.signed_list).append("\n").append(payload_hash);
  return out;
}

// Fills string_to_sign and signature of `result` from its canonical_request.
void finish(SigningResult& result, std::string_view amz, std::string_view date, std::string_view region,
            std::string_view service, std::string_view secret) {
  const auto scope = scope_of(date, region, service);
  result.string_to_sign.reserve(kAlgorithm.size() + amz.size() + scope.size() + 67);
  result.string_to_sign.append(kAlgorithm).append("\n").append(amz).append("\n").append(scope).append("\n");
  result.string_to_sign.append(base::sha256_hex(result.canonical_request));
  const Digest key = signing_key(secret, date, region, service);
  const Digest signature = base::hmac_sha256(view(key), result.string_to_sign);
  result.signature = base::to_hex(signature);
}

bool is_s3(std::string_view service) { return service == "s3"; }

Error auth_error(std::string code, std::string message) {
  return Error::credentials(std::move(message)).with_code(std::move(code));
}

// Names of the query parameters a presigned request carries; stripped before re-presigning.
constexpr std::string_view kPresignKeys[] = {"X-Amz-Algorithm", "X-Amz-Credential",    "X-Amz-Date",
                                             "X-Amz-Expires",   "X-Amz-SignedHeaders", "X-Amz-Security-Token",
                                             "X-Amz-Signature"};

std::string strip_presign_params(std::string_view query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    auto end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const auto piece = query.substr(start, end - start);
    const auto key = detail::percent_decode(piece.substr(0, piece.find('=')));
    const bool ours = std::find(std::begin(kPresignKeys), std::end(kPresignKeys), key) != std::end(kPresignKeys);
    if (!piece.empty() && !ours) {
      if (!out.empty()) out.push_back('&');
      out.append(piece);
    }
    start = end + 1;
  }
  return out;
}

struct Credential {
  std::string access_key_id, date, region, service;
};

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<Credential> parse_credential(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() != 5 || parts[4] != kTerminator ||
      std::any_of(parts.begin(), parts.end(), [](std::string_view p) { return p.empty(); })) {
    return std::unexpected(
        auth_error("IncompleteSignature", "credential must be <key id>/<yyyymmdd>/<region>/<service>/aws4_request"));
  }
  if (parts[1].size() != 8 || !all_digits(parts[1])) {
    return std::unexpected(auth_error("IncompleteSignature", "credential scope date is not yyyymmdd"));
  }
  return Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
}

std::vector<std::string> split_signed_headers(std::string_view list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(';', start);
    if (end == std::string_view::npos) end = list.size();
    names.push_back(base::to_lower(detail::trim_collapse(list.substr(start, end - start))));
    start = end + 1;
  }
  return names;
}

// Shared checks of both forms once their fields are collected.
Result<ParsedAuthorization> complete(ParsedAuthorization auth, std::string_view credential,
                                     std::string_view signed_headers) {
  auto cred = parse_credential(credential);
  if (!cred) return std::unexpected(cred.error());
  auth.access_key_id = std::move(cred->access_key_id);
  auth.date = std::move(cred->date);
  auth.region = std::move(cred->region);
  auth.service = std::move(cred->service);
  auth.signed_headers = split_signed_headers(signed_headers);
  if (std::any_of(auth.signed_headers.begin(), auth.signed_headers.end(),
                  [](const std::string& h) { return h.empty(); })) {
    return std::unexpected(auth_error("IncompleteSignature", "SignedHeaders has an empty header name"));
  }
  if (std::find(auth.signed_headers.begin(), auth.signed_headers.end(), "host") == auth.signed_headers.end()) {
    return std::unexpected(auth_error("IncompleteSignature", "the Host header must be signed"));
  }
  if (auth.signature.empty()) return std::unexpected(auth_error("IncompleteSignature", "the signature is empty"));
  if (auth.amz_date.empty()) {
    return std::unexpected(auth_error("IncompleteSignature", "the request has no X-Amz-Date"));
  }
  if (!parse_amz_date(auth.amz_date)) {
    return std::unexpected(
        auth_error("IncompleteSignature", "X-Amz-Date '" + auth.amz_date + "' is not yyyymmddThhmmssZ"));
  }
  if (auth.amz_date.compare(0, 8, auth.date) != 0) {
    return std::unexpected(auth_error(
        "SignatureDoesNotMatch", "credential scope date " + auth.date + " does not match X-Amz-Date " + auth.amz_date));
  }
  return auth;
}

Result<ParsedAuthorization> parse_header_form(std::string_view header, const HttpRequest& request) {
  const auto space = header.find(' ');
  if (header.substr(0, space) != kAlgorithm || space == std::string_view::npos) {
    return std::unexpected(
        auth_error("IncompleteSignature", "unsupported Authorization scheme (expected AWS4-HMAC-SHA256)"));
  }
  std::string credential, signed_headers;
  ParsedAuthorization auth;
  bool have_credential = false, have_signed = false, have_signature = false;
  std::string_view rest = header.substr(space + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto field = detail::trim_collapse(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto eq = field.find('=');
    const std::string_view name = std::string_view(field).substr(0, eq);
    const std::string value = eq == std::string::npos ? std::string() : field.substr(eq + 1);
    if (name == "Credential") {
      credential = value;
      have_credential = true;
    } else if (name == "SignedHeaders") {
      signed_headers = value;
      have_signed = true;
    } else if (name == "Signature") {
      auth.signature = value;
      have_signature = true;
    }
  }
  if (!have_credential || !have_signed || !have_signature) {
    return std::unexpected(
        auth_error("IncompleteSignature", "Authorization header needs Credential, SignedHeaders and Signature"));
  }
  auth.amz_date = detail::trim_collapse(request.header("X-Amz-Date"));
  auth.session_token = detail::trim_collapse(request.header("X-Amz-Security-Token"));
  return complete(std::move(auth), credential, signed_headers);
}

Result<ParsedAuthorization> parse_query_form(const std::vector<detail::QueryParam>& params) {
  auto find = [&](std::string_view key) -> const std::string* {
    for (const auto& p : params) {
      if (p.key == key) return &p.value;
    }
    return nullptr;
  };
  const std::string* algorithm = find("X-Amz-Algorithm");
  if (algorithm == nullptr || *algorithm != kAlgorithm) {
    return std::unexpected(auth_error("IncompleteSignature", "X-Amz-Algorithm must be AWS4-HMAC-SHA256"));
  }
  for (std::string_view key : {"X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature"}) {
    if (find(key) == nullptr) {
      return std::unexpected(auth_error("IncompleteSignature", "presigned request lacks " + std::string(key)));
    }
  }
  ParsedAuthorization auth;
  auth.presigned = true;
  auth.signature = *find("X-Amz-Signature");
  auth.amz_date = *find("X-Amz-Date");
  if (const auto* token = find("X-Amz-Security-Token")) auth.session_token = *token;
  if (const auto* expires = find("X-Amz-Expires")) {
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(expires->data(), expires->data() + expires->size(), seconds);
    if (ec != std::errc() || end != expires->data() + expires->size() || seconds < 1 || seconds > kMaxExpires.count()) {
      return std::unexpected(auth_error("AuthorizationQueryParametersError",
                                        "X-Amz-Expires '" + *expires + "' must be 1..604800 seconds"));
    }
    auth.expires = std::chrono::seconds(seconds);
  }
  return complete(std::move(auth), *find("X-Amz-Credential"), *find("X-Amz-SignedHeaders"));
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(time);
  const auto day = floor<days>(seconds);
  const year_month_day ymd{day};
  const hh_mm_ss hms{seconds - day};
  const int fields[] = {static_cast<int>(ymd.year()),
                        static_cast<int>(static_cast<unsigned>(ymd.month())),
                        static_cast<int>(static_cast<unsigned>(ymd.day())),
                        static_cast<int>(hms.hours().count()),
                        static_cast<int>(hms.minutes().count()),
                        static_cast<int>(hms.seconds().count())};
  std::string out = "00000000T000000Z";
  auto put = [&](std::size_t pos, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      out[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, fields[0], 4);
  put(4, fields[1], 2);
  put(6, fields[2], 2);
  put(9, fields[3], 2);
  put(11, fields[4], 2);
  put(13, fields[5], 2);
  return out;
}

Result<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text) {
  auto bad = [&] { return fail(ErrorKind::kParse, "date '" + std::string(text) + "' is not yyyymmddThhmmssZ"); };
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !all_digits(text.substr(0, 8)) ||
      !all_digits(text.substr(9, 6))) {
    return bad();
  }
  auto number = [&](std::size_t pos, std::size_t width) {
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) value = value * 10 + (text[pos + i] - '0');
    return value;
  };
  using namespace std::chrono;
  const year_month_day ymd{year{number(0, 4)}, month{static_cast<unsigned>(number(4, 2))},
                           day{static_cast<unsigned>(number(6, 2))}};
  const int h = number(9, 2), m = number(11, 2), s = number(13, 2);
  if (!ymd.ok() || h > 23 || m > 59 || s > 59) return bad();
  return sys_days{ymd} + hours{h} + minutes{m} + seconds{s};
}

Result<SigningResult> sign_request(HttpRequest& request, const SigningParams& params) {
  auto url = detail::split_url(request.url);
  if (!url) return std::unexpected(url.error().with_context("cannot sign request"));
  if (request.header("Host").empty()) request.headers.push_back({"Host", detail::host_from_url(*url)});
  const std::string amz = amz_date(params.time);
  request.set_header("X-Amz-Date", amz);
  const bool token = !params.session_token.empty();
  if (token && !params.omit_session_token) {
    request.set_header("X-Amz-Security-Token", params.session_token);
  } else if (token) {
    // Added back after signing, so an old value is never signed.
    std::erase_if(request.headers,
                  [](const HttpHeader& h) { return base::to_lower(h.name) == "x-amz-security-token"; });
  }
  std::string payload_hash = request.header("x-amz-content-sha256");
  if (params.sign_body || payload_hash.empty()) payload_hash = base::sha256_hex(request.body);
  if (params.sign_body) request.set_header("x-amz-content-sha256", payload_hash);
  std::erase_if(request.headers, [](const HttpHeader& h) { return base::to_lower(h.name) == "authorization"; });

  const auto headers = detail::canonical_headers_all(request.headers);
  SigningResult result;
  result.canonical_request =
      canonical_request(request.method, detail::canonical_uri(url->path, params.normalize_path, !is_s3(params.service)),
                        detail::canonical_query(url->query), headers, payload_hash);
  const auto date = std::string_view(amz).substr(0, 8);
  finish(result, amz, date, params.region, params.service, params.secret_access_key);
  const auto scope = scope_of(date, params.region, params.service);
  result.authorization.reserve(200);
  result.authorization.append(kAlgorithm).append(" Credential=").append(params.access_key_id).append("/").append(scope);
  result.authorization.append(", SignedHeaders=")
      .append(headers.signed_list)
      .append(", Signature=")
      .append(result.signature);
  request.headers.push_back({"Authorization", result.authorization});
  if (token && params.omit_session_token) request.headers.push_back({"X-Amz-Security-Token", params.session_token});
  return result;
}

Result<SigningResult> presign_request(HttpRequest& request, const SigningParams& params) {
  auto url = detail::split_url(request.url);
  if (!url) return std::unexpected(url.error().with_context("cannot presign request"));
  if (params.expires < std::chrono::seconds(1) || params.expires > kMaxExpires) {
    return fail(ErrorKind::kInvalidArgument, "presign expiry must be 1..604800 seconds");
  }
  if (request.header("Host").empty()) request.headers.push_back({"Host", detail::host_from_url(*url)});
  const std::string amz = amz_date(params.time);
  const auto scope = scope_of(amz.substr(0, 8), params.region, params.service);
  const auto headers = detail::canonical_headers_all(request.headers);
  const bool token = !params.session_token.empty();

  std::string query = strip_presign_params(url->query);
  if (!query.empty()) query.push_back('&');
  query.append("X-Amz-Algorithm=").append(kAlgorithm);
  query.append("&X-Amz-Credential=").append(uri_encode(params.access_key_id + "/" + scope, false));
  query.append("&X-Amz-Date=").append(amz);
  query.append("&X-Amz-SignedHeaders=").append(uri_encode(headers.signed_list, false));
  query.append("&X-Amz-Expires=").append(std::to_string(params.expires.count()));
  const std::string token_param = token ? "&X-Amz-Security-Token=" + uri_encode(params.session_token, false) : "";
  if (!params.omit_session_token) query.append(token_param);

  SigningResult result;
  const std::string payload_hash = is_s3(params.service) ? "UNSIGNED-PAYLOAD" : base::sha256_hex(request.body);
  result.canonical_request =
      canonical_request(request.method, detail::canonical_uri(url->path, params.normalize_path, !is_s3(params.service)),
                        detail::canonical_query(query), headers, payload_hash);
  finish(result, amz, std::string_view(amz).substr(0, 8), params.region, params.service, params.secret_access_key);
  if (params.omit_session_token) query.append(token_param);
  query.append("&X-Amz-Signature=").append(result.signature);
  request.url = std::string(url->base) + "?" + query;
  return result;
}

Result<ParsedAuthorization> parse_authorization(const HttpRequest& request) {
  auto url = detail::split_url(request.url);
  if (!url) return std::unexpected(url.error());
  const auto params = detail::parse_query(url->query);
  const bool query_form = std::any_of(params.begin(), params.end(), [](const detail::QueryParam& p) {
    return p.key == "X-Amz-Algorithm" || p.key == "X-Amz-Signature" || p.key == "X-Amz-Credential";
  });
  const std::string header = detail::trim_collapse(request.header("Authorization"));
  if (!header.empty() && query_form) {
    return std::unexpected(
        auth_error("IncompleteSignature", "request carries both an Authorization header and X-Amz-* query signing"));
  }
  if (!header.empty()) return parse_header_form(header, request);
  if (query_form) return parse_query_form(params);
  return std::unexpected(auth_error("MissingAuthenticationToken", "request is not signed"));
}

Result<SigningResult> verify_request(const HttpRequest& request, const ParsedAuthorization& auth,
                                     const std::string& secret_access_key, bool normalize_path) {
  auto url = detail::split_url(request.url);
  if (!url) return std::unexpected(url.error());
  if (auth.amz_date.size() < 8 || auth.date.empty() || auth.region.empty() || auth.service.empty()) {
    return std::unexpected(auth_error("IncompleteSignature", "incomplete signature scope"));
  }
  const auto headers =
      detail::canonical_headers_named(request.headers, auth.signed_headers, detail::host_from_url(*url));

  const std::string body_hash = base::sha256_hex(request.body);
  std::string payload_hash = body_hash;
  if (auth.presigned) {
    if (is_s3(auth.service)) payload_hash = "UNSIGNED-PAYLOAD";
  } else if (const auto claimed = detail::trim_collapse(request.header("x-amz-content-sha256")); !claimed.empty()) {
    const bool unsigned_s3 =
        is_s3(auth.service) && (claimed == "UNSIGNED-PAYLOAD" || claimed.starts_with("STREAMING-"));
    if (!unsigned_s3 && claimed != body_hash) {
      return std::unexpected(auth_error("XAmzContentSHA256Mismatch", "x-amz-content-sha256 does not match the body"));
    }
    payload_hash = claimed;
  }

  SigningResult result;
  result.canonical_request = canonical_request(
      request.method, detail::canonical_uri(url->path, normalize_path, !is_s3(auth.service)),
      detail::canonical_query(url->query, auth.presigned ? "X-Amz-Signature" : ""), headers, payload_hash);
  finish(result, auth.amz_date, auth.date, auth.region, auth.service, secret_access_key);
  if (result.signature.size() != auth.signature.size() ||
      CRYPTO_memcmp(result.signature.data(), auth.signature.data(), result.signature.size()) != 0) {
    return std::unexpected(auth_error("SignatureDoesNotMatch", "the request signature does not match"));
  }
  if (!auth.presigned) {
    result.authorization = std::string(kAlgorithm) + " Credential=" + auth.access_key_id + "/" +
                           scope_of(auth.date, auth.region, auth.service) + ", SignedHeaders=" + headers.signed_list +
                           ", Signature=" + result.signature;
  }
  return result;
}

}  // namespace rolecall::aws::sigv4

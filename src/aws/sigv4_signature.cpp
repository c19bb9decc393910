#include "aws/sigv4_signature.h"

#include <openssl/crypto.h>

#include "base/iso8601.h"
#include "base/sha256.h"

namespace rolecall::aws::sigv4 {
namespace {

using Digest = base::Sha256Digest;
using detail::kTerminator;

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

}  // namespace

namespace detail {

std::string scope_of(std::string_view date, std::string_view region, std::string_view service) {
  std::string scope;
  scope.reserve(date.size() + region.size() + service.size() + kTerminator.size() + 3);
  scope.append(date).append("/").append(region).append("/").append(service).append("/").append(kTerminator);
  return scope;
}

std::string canonical_request(std::string_view method, std::string_view uri, std::string_view query,
                              const CanonicalHeaders& headers, std::string_view payload_hash) {
  std::string out;
  out.reserve(method.size() + uri.size() + query.size() + headers.block.size() + headers.signed_list.size() +
              payload_hash.size() + 8);
  out.append(method).append("\n").append(uri).append("\n").append(query).append("\n");
  out.append(headers.block).append("\n").append(headers.signed_list).append("\n").append(payload_hash);
  return out;
}

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

Error auth_error(std::string code, std::string message) {
  return Error::credentials(std::move(message)).with_code(std::move(code));
}

}  // namespace detail

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
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !detail::all_digits(text.substr(0, 8)) ||
      !detail::all_digits(text.substr(9, 6))) {
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
  // system_clock counts nanoseconds in 64 bits (about 1678..2261): a date outside would overflow.
  const sys_days day{ymd};
  if (!base::day_in_clock_range(day)) return bad();
  return day + hours{h} + minutes{m} + seconds{s};
}

}  // namespace rolecall::aws::sigv4

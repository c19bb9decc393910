#include "inventory/trail_file_parse.h"

#include <simdjson.h>

#include <array>
#include <cstring>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "inventory/gzip_inflate.h"

namespace rolecall::inventory {
namespace {

namespace od = simdjson::ondemand;

Error trail_parse_error(std::string message) { return Error::parse(std::move(message)); }

Error not_trail_file(std::string_view why) {
  return trail_parse_error(fmt::format("not a CloudTrail log file: {}", why));
}

Error record_error(std::size_t index, std::string_view why) {
  return trail_parse_error(fmt::format("Records[{}]: {}", index, why));
}

// CloudTrail writes eventTime as "2026-11-30T12:34:56Z"; rolecall orders events by its text.
bool is_trail_time(std::string_view t) {
  if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
    return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  return true;
}

// Who a record's caller is, once its userIdentity was read.
enum class Interest {
  kUnread,  // no userIdentity (yet): an AWS service's own event has none
  kKey,     // a long-term key: counted, and must be well formed
  kRole,    // an instance role session: counted when well formed
  kNone,    // anyone else: the rest of the record is skipped unread
};

// A record's fields as read, before knowing whether it is counted.
struct RecordFields {
  TrailKeyRecord fields;
  Interest interest = Interest::kUnread;
  const char* wrong = nullptr;  // the first field read with the wrong type
};

// True when object key `key` is `wanted` (N - 1 characters), compared as simdjson compares raw keys
// (escapes unread) but with the length known at compile time: no strlen, and the closing quote is
// checked before any byte, so most other keys cost one comparison.
template <std::size_t N>
bool key_is(const od::raw_json_string& key, const char (&wanted)[N]) {
  const char* raw = key.raw();
  return raw[N - 1] == '"' && std::memcmp(raw, wanted, N - 1) == 0;
}

// Reads string field `f` into `into`; a null or another type leaves it empty and names the field.
void read_string_field(od::value& v, std::string_view& into, const char* name, RecordFields& r) {
  std::string_view s;
  if (v.get_string().get(s) == simdjson::SUCCESS) {
    into = s;
    return;
  }
  bool null = false;
  if (r.wrong == nullptr && (v.is_null().get(null) != simdjson::SUCCESS || !null)) r.wrong = name;
}

// "arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION" -> ROLE and SESSION; false for any other
// ARN (an assumed-role ARN has no role path).
bool split_session_arn(std::string_view arn, std::string_view& role, std::string_view& session) {
  constexpr std::string_view kMarker = ":assumed-role/";
  if (!arn.starts_with("arn:")) return false;
  const std::size_t at = arn.find(kMarker);
  if (at == std::string_view::npos) return false;
  const std::string_view rest = arn.substr(at + kMarker.size());
  const std::size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos) return false;
  role = rest.substr(0, slash);
  session = rest.substr(slash + 1);
  return !session.empty() && session.find('/') == std::string_view::npos;
}

simdjson::error_code read_identity(od::value& v, RecordFields& r) {
  od::object identity;
  if (v.get_object().get(identity) != simdjson::SUCCESS) return simdjson::SUCCESS;  // AWS services: none
  std::string_view type;
  std::string_view arn;
  const char* wrong_before = r.wrong;
  for (auto field : identity) {
    if (auto e = field.error()) return e;
    od::field& f = field.value_unsafe();
    const od::raw_json_string key = f.key();
    // type and arn only choose the caller: a wrong type there reads as "not counted".
    switch (key.raw()[0]) {
      case 'a':
        if (key_is(key, "accessKeyId")) {
          read_string_field(f.value(), r.fields.key_id, "userIdentity.accessKeyId", r);
        } else if (key_is(key, "arn")) {
          if (f.value().get_string().get(arn) != simdjson::SUCCESS) arn = {};
        }
        break;
      case 'u':
        if (key_is(key, "userName")) read_string_field(f.value(), r.fields.user, "userIdentity.userName", r);
        break;
      case 't':
        if (key_is(key, "type") && f.value().get_string().get(type) != simdjson::SUCCESS) type = {};
        break;
      default: break;
    }
  }
  TrailKeyRecord& out = r.fields;
  if (out.key_id.starts_with("AKIA")) {
    r.interest = Interest::kKey;
  } else if (type == "AssumedRole" && split_session_arn(arn, out.role_name, out.session_name) &&
             is_instance_id(out.session_name)) {
    r.interest = Interest::kRole;
    out.caller = TrailCaller::kInstanceRole;
    out.user = {};
  } else {
    r.interest = Interest::kNone;
  }
  if (r.interest != Interest::kKey) r.wrong = wrong_before;  // the identity's own fields count for a key only
  return simdjson::SUCCESS;
}

// The string field of a record that `key` names, and its name for errors; nullptr for the fields
// not read. Dispatched on the first character: most of a record's fields cost one comparison.
std::string_view* record_slot(const od::raw_json_string& key, TrailKeyRecord& f, const char*& name) {
  auto is = [&]<std::size_t N>(const char(&wanted)[N], std::string_view& slot) -> std::string_view* {
    if (!key_is(key, wanted)) return nullptr;
    name = wanted;
    return &slot;
  };
  switch (key.raw()[0]) {
    case 'e': {
      if (auto* slot = is("eventTime", f.event_time)) return slot;
      if (auto* slot = is("eventName", f.event_name)) return slot;
      return is("eventSource", f.event_source);
    }
    case 'a': return is("awsRegion", f.region);
    case 's': return is("sourceIPAddress", f.source_ip);
    case 'r': return is("recipientAccountId", f.account);
    case 'v': return is("vpcEndpointId", f.vpc_endpoint_id);
    case 'u': return is("userAgent", f.user_agent);
    default: return nullptr;
  }
}

// Reads one record's fields; the key's record is checked by the caller.
simdjson::error_code read_record(od::object record, RecordFields& r) {
  for (auto field : record) {
    if (auto e = field.error()) return e;
    od::field& f = field.value_unsafe();
    const od::raw_json_string key = f.key();
    const char* name = nullptr;
    if (std::string_view* slot = record_slot(key, r.fields, name)) {
      read_string_field(f.value(), *slot, name, r);
    } else if (key_is(key, "userIdentity")) {
      if (auto e = read_identity(f.value(), r)) return e;
      // Not a counted caller's call: the rest of the record is skipped unread.
      if (r.interest == Interest::kNone) return simdjson::SUCCESS;
    }
  }
  return simdjson::SUCCESS;
}

// What a counted record must have.
std::optional<std::string> missing_in(const RecordFields& r) {
  if (r.wrong != nullptr) return fmt::format("{} is not a string", r.wrong);
  const TrailKeyRecord& f = r.fields;
  if (!is_trail_time(f.event_time)) return std::string("eventTime is missing or not YYYY-MM-DDTHH:MM:SSZ");
  if (f.event_name.empty()) return std::string("eventName is missing");
  if (f.region.empty()) return std::string("awsRegion is missing");
  if (f.source_ip.empty()) return std::string("sourceIPAddress is missing");
  if (f.account.empty()) return std::string("recipientAccountId is missing");
  return std::nullopt;
}

}  // namespace

bool is_instance_id(std::string_view name) {
  static constexpr std::array<bool, 256> kLowerHex = [] {
    std::array<bool, 256> hex{};
    for (char c : std::string_view("0123456789abcdef")) hex[static_cast<unsigned char>(c)] = true;
    return hex;
  }();
  if ((name.size() != 10 && name.size() != 19) || name[0] != 'i' || name[1] != '-') return false;
  bool all = true;  // no early exit: a branch per digit costs more than the rare non-id reads
  for (char c : name.substr(2)) all &= kLowerHex[static_cast<unsigned char>(c)];
  return all;
}

struct TrailFileParser::State {
  GzipInflater inflater;
  std::string text;  // the decompressed (or copied) JSON, with simdjson's padding past its end
  od::parser parser{kMaxTrailFileBytes};
};

TrailFileParser::TrailFileParser() : state_(std::make_unique<State>()) {}
TrailFileParser::~TrailFileParser() = default;

Result<TrailFileCounts> TrailFileParser::parse(std::string_view bytes,
                                               const std::function<void(const TrailKeyRecord&)>& on_record) {
  std::string& text = state_->text;
  if (is_gzip(bytes)) {
    auto inflated = state_->inflater.inflate(bytes, text, kMaxTrailFileBytes, simdjson::SIMDJSON_PADDING);
    if (!inflated) return fail(inflated.error());
  } else {
    if (bytes.size() > kMaxTrailFileBytes)
      return fail(trail_parse_error(fmt::format("file exceeds {} bytes", kMaxTrailFileBytes)));
    text.reserve(bytes.size() + simdjson::SIMDJSON_PADDING);
    text.assign(bytes);
  }
  od::document doc;
  if (auto e = state_->parser.iterate(simdjson::padded_string_view(text.data(), text.size(), text.capacity())).get(doc))
    return fail(not_trail_file(simdjson::error_message(e)));
  od::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) return fail(not_trail_file("not a JSON object"));
  TrailFileCounts counts;
  bool records_seen = false;
  for (auto field : root) {
    if (auto e = field.error()) return fail(not_trail_file(simdjson::error_message(e)));
    od::field& f = field.value_unsafe();
    if (f.key() != "Records") continue;
    od::array records;
    if (f.value().get_array().get(records) != simdjson::SUCCESS) return fail(not_trail_file("Records is not an array"));
    records_seen = true;
    for (auto element : records) {
      od::object record;
      if (auto e = element.get_object().get(record)) {
        return fail(e == simdjson::INCORRECT_TYPE ? record_error(counts.records, "not a JSON object")
                                                  : not_trail_file(simdjson::error_message(e)));
      }
      RecordFields r;
      if (auto e = read_record(record, r)) return fail(record_error(counts.records, simdjson::error_message(e)));
      const std::size_t index = counts.records++;
      if (r.interest == Interest::kKey) {
        if (auto why = missing_in(r)) return fail(record_error(index, *why));
        ++counts.key_records;
        on_record(r.fields);
      } else if (r.interest == Interest::kRole && !missing_in(r)) {
        ++counts.session_records;
        on_record(r.fields);
      }
    }
  }
  if (!records_seen) return fail(not_trail_file("no Records array"));
  return counts;
}

}  // namespace rolecall::inventory

// The measurements behind the trail file reader's choice of decompressor and JSON parser
// (docs/benchmarks.md, "Trail files"): each gzip decompressor (zlib, libdeflate, ISA-L) over the
// same files, then each JSON parser (nlohmann, simdjson on-demand) over their decompressed text,
// counting the long-term key records so both parsers are checked to agree. Single-threaded: the
// reader runs one file per thread, so per-core throughput is what it scales.
// Usage: bench_trail_codecs FILE.json.gz... (bench/trail_files/run_bench.py passes a sample of its files)
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <simdjson.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t isize_of(const std::string& gz) {
  const auto* p = reinterpret_cast<const unsigned char*>(gz.data() + gz.size() - 4);
  return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::size_t>(p[3]) << 24);
}

bool inflate_zlib(const std::string& gz, std::string& out) {
  out.resize(isize_of(gz));
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}

bool inflate_libdeflate(libdeflate_decompressor* d, const std::string& gz, std::string& out) {
  out.resize(isize_of(gz));
  std::size_t n = 0;
  return libdeflate_gzip_decompress(d, gz.data(), gz.size(), out.data(), out.size(), &n) == LIBDEFLATE_SUCCESS;
}

bool inflate_isal(const std::string& gz, std::string& out) {
  out.resize(isize_of(gz));
  inflate_state s;
  isal_inflate_init(&s);
  s.crc_flag = ISAL_GZIP;
  s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(gz.data()));
  s.avail_in = static_cast<uint32_t>(gz.size());
  s.next_out = reinterpret_cast<uint8_t*>(out.data());
  s.avail_out = static_cast<uint32_t>(out.size());
  return isal_inflate(&s) == ISAL_DECOMP_OK && s.block_state == ISAL_BLOCK_FINISH;
}

std::size_t count_nlohmann(const std::string& text) {
  std::size_t n = 0;
  auto doc = nlohmann::json::parse(text);
  for (const auto& r : doc.at("Records")) {
    auto id = r.find("userIdentity");
    if (id == r.end() || !id->is_object()) continue;
    auto k = id->find("accessKeyId");
    if (k != id->end() && k->is_string() && k->get_ref<const std::string&>().starts_with("AKIA")) ++n;
  }
  return n;
}

std::size_t count_simdjson(simdjson::ondemand::parser& parser, const std::string& text) {
  std::size_t n = 0;
  simdjson::padded_string_view view(text.data(), text.size(), text.capacity());
  auto doc = parser.iterate(view);
  for (auto r : doc["Records"].get_array()) {
    std::string_view k;
    if (!r["userIdentity"]["accessKeyId"].get_string().get(k) && k.starts_with("AKIA")) ++n;
  }
  return n;
}

std::size_t count_simdjson_dom(simdjson::dom::parser& parser, const std::string& text) {
  std::size_t n = 0;
  simdjson::dom::element doc;
  if (parser.parse(text.data(), text.size(), false).get(doc)) return 0;
  for (simdjson::dom::element r : doc["Records"].get_array()) {
    std::string_view k;
    if (!r["userIdentity"]["accessKeyId"].get_string().get(k) && k.starts_with("AKIA")) ++n;
  }
  return n;
}

template <typename F>
double time_it(const char* what, std::size_t bytes, F&& f) {
  const auto t0 = Clock::now();
  f();
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("%-22s %8.3f s %8.1f MB/s\n", what, s, static_cast<double>(bytes) / s / 1e6);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  std::size_t gz_bytes = 0, text_bytes = 0;
  for (int i = 1; i < argc; ++i) {
    files.push_back(slurp(argv[i]));
    gz_bytes += files.back().size();
    text_bytes += isize_of(files.back());
  }
  std::printf("%zu files, %zu compressed bytes, %zu decompressed bytes (rates per compressed byte)\n", files.size(),
              gz_bytes, text_bytes);
  std::string out;
  out.reserve(text_bytes / files.size() * 4 + simdjson::SIMDJSON_PADDING);
  bool ok = true;
  time_it("zlib", gz_bytes, [&] {
    for (const auto& f : files) ok = inflate_zlib(f, out) && ok;
  });
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  time_it("libdeflate", gz_bytes, [&] {
    for (const auto& f : files) ok = inflate_libdeflate(d, f, out) && ok;
  });
  time_it("isa-l", gz_bytes, [&] {
    for (const auto& f : files) ok = inflate_isal(f, out) && ok;
  });
  std::vector<std::string> texts;
  for (const auto& f : files) {
    ok = inflate_libdeflate(d, f, out) && ok;
    texts.push_back(out);
    texts.back().reserve(texts.back().size() + simdjson::SIMDJSON_PADDING);
  }
  libdeflate_free_decompressor(d);
  std::size_t a = 0, b = 0;
  std::printf("(parse rates per decompressed byte)\n");
  time_it("nlohmann", text_bytes, [&] {
    for (const auto& t : texts) a += count_nlohmann(t);
  });
  simdjson::ondemand::parser parser;
  time_it("simdjson on-demand", text_bytes, [&] {  // compiled for the build's target: the fallback kernel
    for (const auto& t : texts) b += count_simdjson(parser, t);
  });
  simdjson::dom::parser dom_parser;
  std::size_t c = 0;
  time_it("simdjson DOM", text_bytes, [&] {
    for (const auto& t : texts) c += count_simdjson_dom(dom_parser, t);
  });
  std::printf("long-term key records: nlohmann %zu, simdjson on-demand %zu, DOM %zu; simdjson kernel %s\n", a, b, c,
              simdjson::get_active_implementation()->name().c_str());
  return ok && a == b && b == c ? 0 : 1;
}

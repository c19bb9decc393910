// TLS: verification is always on; a CA bundle (--ca-bundle / AWS_CA_BUNDLE) adds trust.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "aws/http/curl_blocking_client.h"
#include "aws/http/curl_loop.h"
#include "aws/http/local_server.h"
#include "support/temp_dir.h"

namespace rolecall::aws {
namespace {

using rolecall::testing::LocalServer;

struct KeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertDeleter {
  void operator()(X509* c) const { X509_free(c); }
};

// A self-signed certificate for IP 127.0.0.1, made fresh for the test.
struct SelfSigned {
  std::unique_ptr<EVP_PKEY, KeyDeleter> key;
  std::unique_ptr<X509, CertDeleter> cert;
};

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

SelfSigned make_certificate() {
  SelfSigned s;
  s.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", const_cast<char*>("P-256")));
  s.cert.reset(X509_new());
  X509* c = s.cert.get();
  X509_set_version(c, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c), 4242);
  X509_gmtime_adj(X509_getm_notBefore(c), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c), 3600);
  X509_NAME* name = X509_get_subject_name(c);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(c, name);
  X509_set_pubkey(c, s.key.get());
  add_extension(c, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(c, NID_subject_alt_name, "IP:127.0.0.1");
  X509_sign(c, s.key.get(), EVP_sha256());
  return s;
}

// Writes `cert` as PEM to `path` and returns the path.
std::string write_pem(X509* cert, const std::filesystem::path& path) {
  FILE* f = std::fopen(path.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
  return path.string();
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    creds_ = make_certificate();
    ASSERT_TRUE(creds_.key && creds_.cert);
    server_ = std::make_unique<LocalServer>(std::make_unique<httplib::SSLServer>(creds_.cert.get(), creds_.key.get()));
    server_->server().Get(
        "/hello", [](const httplib::Request&, httplib::Response& res) { res.set_content("over tls", "text/plain"); });
    server_->start();
    bundle_ = write_pem(creds_.cert.get(), dir_ / "ca.pem");
  }
  void TearDown() override { server_.reset(); }

  Result<HttpResponse> fetch_async(const HttpOptions& options) {
    CurlLoop loop(options);
    std::optional<Result<HttpResponse>> outcome;
    HttpRequest r;
    r.url = server_->url("/hello", "https");
    loop.send(r, [&](Result<HttpResponse> got) { outcome = std::move(got); });
    loop.run();
    return std::move(*outcome);
  }

  SelfSigned creds_;
  std::unique_ptr<LocalServer> server_;
  rolecall::testing::TempDir dir_{"rolecall-ca"};
  std::string bundle_;
};

TEST_F(TlsTest, UntrustedCertificateIsRejected) {
  auto outcome = fetch_async(HttpOptions{});
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().kind, ErrorKind::kNetwork);
}

TEST_F(TlsTest, CaBundleMakesItTrusted) {
  HttpOptions options;
  options.ca_bundle = bundle_;
  auto outcome = fetch_async(options);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(outcome->body, "over tls");
}

TEST_F(TlsTest, BlockingClientVerifiesToo) {
  HttpRequest r;
  r.url = server_->url("/hello", "https");
  CurlBlockingClient untrusting;
  EXPECT_FALSE(untrusting.fetch(r).has_value());
  HttpOptions options;
  options.ca_bundle = bundle_;
  CurlBlockingClient trusting(options);
  auto outcome = trusting.fetch(r);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(outcome->body, "over tls");
}

}  // namespace
}  // namespace rolecall::aws

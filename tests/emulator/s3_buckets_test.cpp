// S3's account-level and bucket-policy operations: ListBuckets (GET / on the service endpoint: the
// caller's account's buckets by name, CreationDate, BucketRegion when the request has a parameter,
// max-buckets paging and its continuation token, prefix and bucket-region, s3:ListAllMyBuckets) and
// Put/Get/DeleteBucketPolicy (`/{Bucket}?policy`: the document kept as given, MalformedPolicy,
// NoSuchBucketPolicy, only the owner account's principals), and their routing beside the
// sub-resources the emulator does not serve.
#include <gtest/gtest.h>

#include "aws/sigv4.h"
#include "emulator/services/s3/operations.h"
#include "fixture.h"

namespace rolecall::testing {
namespace {

// The parameters of a query string.
emulator::Params s3_query(std::initializer_list<std::pair<std::string, std::string>> values) {
  return emulator::Params(std::vector<std::pair<std::string, std::string>>(values));
}

class S3Buckets : public EmulatorTest {
 public:
  // Makes `name` as `who`, in us-east-1 or (with a constraint) `region`.
  void make(const Identity& who, const std::string& name, const std::string& region = "us-east-1") {
    const std::string config = region == "us-east-1" ? std::string()
                                                     : "<CreateBucketConfiguration><LocationConstraint>" + region +
                                                           "</LocationConstraint></CreateBucketConfiguration>";
    Answer made = s3_send(who, "PUT", "/" + name, config, config.empty() ? "" : "application/xml", region);
    ASSERT_EQ(made.status, 200) << made.body;
  }
  Answer list(const Identity& who, const std::string& query = "") { return s3_get(who, "/" + query); }
  Answer put_policy(const Identity& who, const std::string& bucket, const std::string& document) {
    return s3_send(who, "PUT", "/" + bucket + "?policy", document, "", "us-east-1");
  }
};

TEST_F(S3Buckets, ListBucketsShowsTheCallersAccountsBucketsByName) {
  make(admin_identity(), "charlie-logs");
  advance(std::chrono::seconds(90));
  make(admin_identity(), "alpha-logs");
  make(admin_identity(), "bravo-eu", "eu-west-1");
  make(dev_identity(), "dev-only");

  Answer all = list(admin_identity());
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.xml.first_child().name(), std::string("ListAllMyBucketsResult"));
  EXPECT_EQ(std::string(all.xml.first_child().attribute("xmlns").value()), "http://s3.amazonaws.com/doc/2006-03-01/");
  EXPECT_EQ(all.all("Name"), (std::vector<std::string>{"alpha-logs", "bravo-eu", "charlie-logs"}));
  EXPECT_EQ(all.all("CreationDate"), (std::vector<std::string>{"2026-01-01T12:01:30.000Z", "2026-01-01T12:01:30.000Z",
                                                               "2026-01-01T12:00:00.000Z"}));
  EXPECT_TRUE(all.all("BucketRegion").empty()) << "no parameter, no BucketRegion: " << all.body;
  EXPECT_EQ(all.find("ContinuationToken"), "");
  EXPECT_TRUE(all.all("Prefix").empty());
  const std::string owner = all.find("ID");
  EXPECT_EQ(owner.size(), 64u) << "a canonical user ID";

  Answer dev = list(dev_identity());
  ASSERT_EQ(dev.status, 200) << dev.body;
  EXPECT_EQ(dev.all("Name"), std::vector<std::string>{"dev-only"});
  EXPECT_NE(dev.find("ID"), owner);
  EXPECT_EQ(list(admin_identity()).find("ID"), owner) << "the account's ID is stable";

  Answer by_prefix = list(admin_identity(), "?prefix=b");
  ASSERT_EQ(by_prefix.status, 200) << by_prefix.body;
  EXPECT_EQ(by_prefix.all("Name"), std::vector<std::string>{"bravo-eu"});
  EXPECT_EQ(by_prefix.all("BucketRegion"), std::vector<std::string>{"eu-west-1"});
  EXPECT_EQ(by_prefix.find("Prefix"), "b");
  Answer by_region = list(admin_identity(), "?bucket-region=us-east-1");
  EXPECT_EQ(by_region.all("Name"), (std::vector<std::string>{"alpha-logs", "charlie-logs"}));
  EXPECT_EQ(by_region.all("BucketRegion"), (std::vector<std::string>{"us-east-1", "us-east-1"}));
  EXPECT_TRUE(list(admin_identity(), "?prefix=zzz").all("Name").empty());
}

TEST_F(S3Buckets, ListBucketsPagesByMaxBuckets) {
  for (const char* name : {"page-c", "page-a", "page-b"}) make(admin_identity(), name);
  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  do {
    Answer page =
        list(admin_identity(),
             "?max-buckets=1" +
                 (token.empty() ? std::string() : "&continuation-token=" + aws::sigv4::uri_encode(token, false)));
    ASSERT_EQ(page.status, 200) << page.body;
    ASSERT_EQ(page.all("Name").size(), 1u) << page.body;
    EXPECT_EQ(page.all("BucketRegion"), std::vector<std::string>{"us-east-1"}) << "max-buckets asks for BucketRegion";
    names.push_back(page.all("Name")[0]);
    token = page.find("ContinuationToken");
    ASSERT_LE(++pages, 3);
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names, (std::vector<std::string>{"page-a", "page-b", "page-c"}));
  Answer two = list(admin_identity(), "?max-buckets=2");
  EXPECT_EQ(two.all("Name").size(), 2u);
  EXPECT_FALSE(two.find("ContinuationToken").empty());
  EXPECT_TRUE(list(admin_identity(), "?max-buckets=10000").find("ContinuationToken").empty());

  // A token is bound to its listing: forged, or another prefix's, it is refused as S3 refuses one.
  const std::string first = list(admin_identity(), "?max-buckets=1").find("ContinuationToken");
  for (const std::string& query :
       {std::string("?continuation-token=bm9wZQ"),
        "?prefix=page&max-buckets=1&continuation-token=" + aws::sigv4::uri_encode(first, false)}) {
    Answer bad = list(admin_identity(), query);
    EXPECT_EQ(bad.status, 400) << query;
    EXPECT_EQ(bad.code(), "InvalidArgument") << bad.body;
    EXPECT_EQ(bad.xml.first_child().name(), std::string("Error"));
  }
  for (const char* max : {"0", "10001", "-1", "two", ""}) {
    Answer bad = list(admin_identity(), std::string("?max-buckets=") + max);
    EXPECT_EQ(bad.status, 400) << max;
    EXPECT_EQ(bad.code(), "InvalidArgument") << max;
  }
}

TEST_F(S3Buckets, ListBucketsNeedsListAllMyBuckets) {
  make(admin_identity(), "listed");
  Answer denied = list(nobody_identity());
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.code(), "AccessDenied") << denied.body;
  Answer reader = list(reader_identity());  // ReadOnlyAccess: s3:List*
  ASSERT_EQ(reader.status, 200) << reader.body;
  EXPECT_EQ(reader.all("Name"), std::vector<std::string>{"listed"});
  Answer ec2only = list(ec2only_identity());
  EXPECT_EQ(ec2only.code(), "AccessDenied");
}

TEST_F(S3Buckets, BucketPoliciesArePutReadAndDeleted) {
  make(admin_identity(), "shared-data");
  Answer none = s3_get(admin_identity(), "/shared-data?policy");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(none.code(), "NoSuchBucketPolicy");
  EXPECT_EQ(none.find("Message"), "The bucket policy does not exist");

  // Kept byte for byte as given: whitespace, key order and all.
  const std::string document = R"({ "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/reader"},
                   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-data/*"}]})";
  Answer put = put_policy(admin_identity(), "shared-data", document);
  EXPECT_EQ(put.status, 204) << put.body;
  Answer got = s3_get(admin_identity(), "/shared-data?policy");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, document);
  EXPECT_EQ(got.content_type, "application/json");
  Answer by_reader = s3_get(reader_identity(), "/shared-data?policy");  // ReadOnlyAccess: s3:Get*
  EXPECT_EQ(by_reader.body, document);

  const std::string single = R"({"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}})";
  EXPECT_EQ(put_policy(admin_identity(), "shared-data", single).status, 204);
  EXPECT_EQ(s3_get(admin_identity(), "/shared-data?policy").body, single) << "a second put replaces the first";

  EXPECT_EQ(s3_send(admin_identity(), "DELETE", "/shared-data?policy", "", "", "us-east-1").status, 204);
  EXPECT_EQ(s3_get(admin_identity(), "/shared-data?policy").code(), "NoSuchBucketPolicy");
  EXPECT_EQ(s3_send(admin_identity(), "DELETE", "/shared-data?policy", "", "", "us-east-1").status, 204)
      << "204 whether or not there was one";
  EXPECT_EQ(s3_get(admin_identity(), "/shared-data?list-type=2").status, 200) << "the bucket stays";
}

TEST_F(S3Buckets, MalformedPoliciesAreRefused) {
  make(admin_identity(), "strict");
  for (const std::string& bad :
       {std::string("not json"), std::string(""), std::string("[]"), std::string(R"({"Version":"2012-10-17"})"),
        std::string(R"({"Statement":[]})"), std::string(R"({"Statement":"Allow"})"),
        std::string(R"({"Statement":[1]})"), std::string(R"({"Statement":[{}]} trailing)")}) {
    Answer refused = put_policy(admin_identity(), "strict", bad);
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_EQ(refused.code(), "MalformedPolicy") << bad << ": " << refused.body;
  }
  EXPECT_EQ(s3_get(admin_identity(), "/strict?policy").code(), "NoSuchBucketPolicy") << "nothing refused was kept";
  EXPECT_EQ(put_policy(admin_identity(), "no-such-bucket", R"({"Statement":[]})").code(), "NoSuchBucket");
  EXPECT_EQ(s3_get(admin_identity(), "/no-such-bucket?policy").code(), "NoSuchBucket");
  EXPECT_EQ(s3_send(admin_identity(), "DELETE", "/no-such-bucket?policy", "", "", "us-east-1").code(), "NoSuchBucket");
}

TEST_F(S3Buckets, BucketPoliciesAreTheOwnerAccountsToChange) {
  make(admin_identity(), "guarded");
  const std::string document = R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
                                   "Resource":"arn:aws:s3:::guarded/*"}]})";
  ASSERT_EQ(put_policy(admin_identity(), "guarded", document).status, 204);
  // No identity policy allows it (nobody; the reader may read but not write), or another account's
  // admin: the emulator does not evaluate bucket policies, so none grants it.
  for (const Identity& who : {nobody_identity(), reader_identity(), dev_identity()}) {
    Answer put = put_policy(who, "guarded", R"({"Statement":[{}]})");
    EXPECT_EQ(put.status, 403) << who.key;
    EXPECT_EQ(put.code(), "AccessDenied") << who.key;
    EXPECT_EQ(s3_send(who, "DELETE", "/guarded?policy", "", "", "us-east-1").code(), "AccessDenied") << who.key;
  }
  for (const Identity& who : {nobody_identity(), dev_identity()})
    EXPECT_EQ(s3_get(who, "/guarded?policy").code(), "AccessDenied") << who.key;
  EXPECT_EQ(s3_get(admin_identity(), "/guarded?policy").body, document) << "unchanged by the refused calls";
}

TEST_F(S3Buckets, OnlyThePolicySubResourceIsServed) {
  make(admin_identity(), "subs");
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{{"PUT", "/subs?acl"},
                                                                                     {"PUT", "/subs?policy&acl"},
                                                                                     {"GET", "/subs?acl"},
                                                                                     {"DELETE", "/subs"},
                                                                                     {"DELETE", "/subs?tagging"},
                                                                                     {"HEAD", "/"}}) {
    Answer refused = s3_send(admin_identity(), method, path, "", "", "us-east-1");
    EXPECT_EQ(refused.status, 405) << method << " " << path;
  }
  EXPECT_EQ(emulator::s3::route("GET", "/", s3_query({})).action, "ListBuckets");
  EXPECT_EQ(emulator::s3::route("GET", "/", s3_query({{"max-buckets", "1"}})).action, "ListBuckets");
  EXPECT_EQ(emulator::s3::route("PUT", "/b", s3_query({{"policy", ""}})).action, "PutBucketPolicy");
  EXPECT_EQ(emulator::s3::route("PUT", "/b", s3_query({{"policy", ""}, {"x-id", "PutBucketPolicy"}})).action,
            "PutBucketPolicy");
  EXPECT_EQ(emulator::s3::route("GET", "/b", s3_query({{"policy", ""}})).action, "GetBucketPolicy");
  EXPECT_EQ(emulator::s3::route("DELETE", "/b", s3_query({{"policy", ""}})).action, "DeleteBucketPolicy");
  EXPECT_EQ(emulator::s3::route("PUT", "/b/key", s3_query({{"policy", ""}})).action, "");
  EXPECT_EQ(emulator::s3::route("DELETE", "/b/key", s3_query({{"policy", ""}})).action, "");
  EXPECT_EQ(emulator::s3::route("PUT", "/b", s3_query({{"policy", ""}, {"acl", ""}})).action, "");
}

}  // namespace
}  // namespace rolecall::testing

#include "aws/protocol/query.h"

#include <gtest/gtest.h>

namespace rolecall::aws {
namespace {

TEST(EncodeForm, KeepsUnreservedAndEscapesEverythingElse) {
  QueryParams p{{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}, {"v", "aZ09-_.~"}};
  EXPECT_EQ(encode_form(p), "Action=DescribeInstances&Version=2016-11-15&v=aZ09-_.~");
  EXPECT_EQ(encode_form({{"k", "a b+c*d/e=f&g%h:i"}}), "k=a%20b%2Bc%2Ad%2Fe%3Df%26g%25h%3Ai");
  EXPECT_EQ(encode_form({{"Filter.1.Name", "tag:Owner"}}), "Filter.1.Name=tag%3AOwner");
}

TEST(EncodeForm, EscapesUtf8BytesAsUppercaseHex) {
  EXPECT_EQ(encode_form({{"k", "caf\xC3\xA9"}}), "k=caf%C3%A9");
  EXPECT_EQ(encode_form({{"k", "\xF0\x9F\x94\x91"}}), "k=%F0%9F%94%91");  // U+1F511
  EXPECT_EQ(encode_form({{"k", std::string("a\0b", 3)}}), "k=a%00b");
}

TEST(EncodeForm, KeepsOrderAndEmptyValues) {
  EXPECT_EQ(encode_form({{"b", ""}, {"a", "1"}}), "b=&a=1");
  EXPECT_EQ(encode_form({}), "");
}

TEST(EncodeQueryBody, ActionAndVersionFirstThenTheParamsInOrder) {
  EXPECT_EQ(encode_query_body("GetRole", "2010-05-08", {{"RoleName", "a b"}, {"Z", ""}}),
            "Action=GetRole&Version=2010-05-08&RoleName=a%20b&Z=");
  EXPECT_EQ(encode_query_body("GetCallerIdentity", "2011-06-15", {}), "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST(DecodeForm, RoundTripsEncodedParams) {
  QueryParams p{{"Action", "X"}, {"Name", "caf\xC3\xA9 & co=1"}, {"Empty", ""}, {"Tilde", "~"}};
  QueryParams out;
  ASSERT_TRUE(decode_form(encode_form(p), out));
  EXPECT_EQ(out, p);
}

TEST(DecodeForm, AcceptsPlusAsSpaceLowercaseHexAndBareKeys) {
  QueryParams out;
  ASSERT_TRUE(decode_form("a=x+y&b=%2f%2F&flag&&c=", out));
  QueryParams want{{"a", "x y"}, {"b", "//"}, {"flag", ""}, {"c", ""}};
  EXPECT_EQ(out, want);
}

TEST(DecodeForm, RejectsBadEscapesWithoutTouchingOutput) {
  for (const char* bad : {"a=%G1", "a=%4", "a=abc%", "%=1", "a=%%41"}) {
    QueryParams out{{"keep", "me"}};
    EXPECT_FALSE(decode_form(bad, out)) << bad;
    ASSERT_EQ(out.size(), 1u) << bad;
    EXPECT_EQ(out[0].first, "keep");
  }
}

TEST(AddEc2List, NumbersFromOne) {
  QueryParams p;
  add_ec2_list(p, "InstanceId", {"i-1", "i-2", "i-3"});
  QueryParams want{{"InstanceId.1", "i-1"}, {"InstanceId.2", "i-2"}, {"InstanceId.3", "i-3"}};
  EXPECT_EQ(p, want);
  add_ec2_list(p, "Other", {});
  EXPECT_EQ(p.size(), 3u);
}

TEST(AddEc2Filter, NumbersFiltersAfterExistingOnes) {
  QueryParams p{{"MaxResults", "5"}};
  add_ec2_filter(p, "instance-state-name", {"running", "stopped"});
  add_ec2_filter(p, "tag:Owner", {"me"});
  QueryParams want{{"MaxResults", "5"},
                   {"Filter.1.Name", "instance-state-name"},
                   {"Filter.1.Value.1", "running"},
                   {"Filter.1.Value.2", "stopped"},
                   {"Filter.2.Name", "tag:Owner"},
                   {"Filter.2.Value.1", "me"}};
  EXPECT_EQ(p, want);
  EXPECT_EQ(encode_form(p),
            "MaxResults=5&Filter.1.Name=instance-state-name&Filter.1.Value.1=running&Filter.1.Value.2=stopped"
            "&Filter.2.Name=tag%3AOwner&Filter.2.Value.1=me");
}

TEST(AddEc2Filter, SkipsPastHighestExistingNumber) {
  QueryParams p{{"Filter.9.Name", "x"}, {"Filter.9.Value.1", "y"}, {"Filter.10.Name", "z"}};
  add_ec2_filter(p, "state", {"associated"});
  EXPECT_EQ(p[3], (std::pair<std::string, std::string>{"Filter.11.Name", "state"}));
  EXPECT_EQ(p[4], (std::pair<std::string, std::string>{"Filter.11.Value.1", "associated"}));
}

TEST(AddMemberList, UsesMemberStyle) {
  QueryParams p;
  add_member_list(p, "ActionNames", {"ec2:AssociateIamInstanceProfile", "iam:PassRole"});
  QueryParams want{{"ActionNames.member.1", "ec2:AssociateIamInstanceProfile"},
                   {"ActionNames.member.2", "iam:PassRole"}};
  EXPECT_EQ(p, want);
  EXPECT_EQ(encode_form(p),
            "ActionNames.member.1=ec2%3AAssociateIamInstanceProfile&ActionNames.member.2=iam%3APassRole");
}

}  // namespace
}  // namespace rolecall::aws

#pragma once
// Every way user data is known to carry a script: one real-looking key id and its secret key, hidden
// in each encoding the decoder must peel (the secrets and checks tests share this table).

#include <string>
#include <vector>

#include "support/encode.h"

namespace rolecall::testing {

// The credentials hidden in every encoding (not a real key; shaped like one).
inline constexpr const char* kHiddenKeyId = "AKIAZ7RW3QTLXM4NB6KE";
inline constexpr const char* kHiddenSecret = "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";

// One encoding: the raw user data (before the outer base64 EC2 applies) and a fragment the location
// of the finding must hold (which layer the key was found in).
struct UserDataEncoding {
  std::string name;
  std::string raw;
  std::string location;
};

inline std::string hidden_shell_script() {
  return std::string("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=") + kHiddenKeyId +
         "\nexport AWS_SECRET_ACCESS_KEY=" + kHiddenSecret + "\naws s3 sync s3://bucket /srv\n";
}

inline std::string hidden_powershell() {
  return std::string("<powershell>\r\n$env:AWS_ACCESS_KEY_ID = '") + kHiddenKeyId +
         "'\r\n$env:AWS_SECRET_ACCESS_KEY = '" + kHiddenSecret +
         "'\r\nRead-S3Object -BucketName b\r\n</powershell>\r\n";
}

// A multipart message around `inside` (the body of a shell-script part), with `before` as the
// preamble and `after` as the epilogue.
inline std::string hidden_multipart(const std::string& part_headers, const std::string& inside,
                                    const std::string& before = "", const std::string& after = "") {
  return "Content-Type: multipart/mixed; boundary=\"==BOUNDARY==\"\nMIME-Version: 1.0\n\n" + before +
         "--==BOUNDARY==\nContent-Type: text/cloud-config; charset=\"us-ascii\"\n\n#cloud-config\npackages: [jq]\n"
         "--==BOUNDARY==\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\n" +
         part_headers + "\n" + inside + "--==BOUNDARY==--\n" + after;
}

// The fourteen encodings of the issue 17 audit (the first seven were decoded before it, the others
// were not) and UTF-16LE without a byte order mark.
inline std::vector<UserDataEncoding> hidden_key_encodings() {
  const std::string script = hidden_shell_script();
  std::string quoted;  // quoted-printable: '=' is =3D
  for (const char c : script) quoted += c == '=' ? std::string("=3D") : std::string(1, c);
  return {
      {"plain", script, "user-data > line 2"},
      {"gzip", gzip(script), "user-data > gzip > line 2"},
      {"mime_part", hidden_multipart("", script), "part 2 (text/x-shellscript) > line 2"},
      {"mime_base64_part", hidden_multipart("Content-Transfer-Encoding: base64\n", base64(script) + "\n"),
       "part 2 (text/x-shellscript) > line 2"},
      {"mime_quoted_printable_part", hidden_multipart("Content-Transfer-Encoding: quoted-printable\n", quoted),
       "part 2 (text/x-shellscript) > line 2"},
      {"cloud_config_gz_b64",
       "#cloud-config\nwrite_files:\n  - path: /etc/profile.d/aws.sh\n    encoding: gz+b64\n    content: " +
           base64(gzip(script)) + "\n",
       "write_files[0] /etc/profile.d/aws.sh (gz+b64) > gzip > line 2"},
      {"powershell_encoded_command",
       "<powershell>\npowershell.exe -NoProfile -EncodedCommand " + base64(utf16le(hidden_powershell(), false)) +
           "\n</powershell>\n",
       "base64 UTF-16LE (line 2) > line 2"},
      {"mime_preamble", hidden_multipart("", "echo ok\n", "This is a multi-part message.\n" + script),
       "user-data > preamble > line 3"},
      {"mime_epilogue", hidden_multipart("", "echo ok\n", "", script), "user-data > epilogue > line 2"},
      {"mime_part_headers",
       hidden_multipart(std::string("X-Deploy-Access-Key-Id: ") + kHiddenKeyId +
                            "\nX-Deploy-Secret-Access-Key: " + kHiddenSecret + "\n",
                        "echo ok\n"),
       "part 2 (text/x-shellscript) > headers > line 2"},
      {"utf16le_bom", utf16le(hidden_powershell(), true), "user-data > UTF-16LE > line 2"},
      {"bzip2", bzip2(script), "user-data > bzip2 > line 2"},
      {"xz", xz(script), "user-data > xz > line 2"},
      {"zip", zip({{"README.txt", "nothing here\n"}, {"setup/run.sh", script}}),
       "user-data > zip setup/run.sh > line 2"},
      {"utf16le_no_bom", utf16le(hidden_powershell(), false), "user-data > UTF-16LE > line 2"},
  };
}

}  // namespace rolecall::testing

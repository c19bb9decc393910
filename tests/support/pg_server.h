#pragma once
// A real PostgreSQL server for the store's and the journal's tests: a fresh private copy of a data directory initdb
// made once (kept under the temporary directory, per user and PostgreSQL build), `postgres`
// listening only on a Unix socket there (no TCP), fsync off; one per test process, started on first
// use and stopped at exit (and killed with the process if it dies). As root, the server runs as the
// `postgres` user (initdb refuses root). Tests fail, never skip, when it cannot start.

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <memory>
#include <string>

#include "rolecall/error.h"
#include "support/temp_dir.h"

namespace rolecall::testing {

class PgServer {
 public:
  // The process's server, started on first call; an error (kIo) says why it could not start.
  static Result<PgServer*> shared();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;
  ~PgServer();

  // A new, empty database; returns its URL (postgresql://rolecall@/NAME?host=SOCKET_DIR).
  Result<std::string> create_database();
  // The URL of database `name`.
  std::string url(const std::string& name) const;
  // The directory holding the server's socket.
  std::string socket_dir() const { return (dir_ / "sock").string(); }

 private:
  PgServer() = default;
  Result<void> start();

  TempDir dir_{"rolecall-pg"};
  int pid_ = -1;
  int databases_ = 0;
};

// Runs `sql` (no parameters) on the database at `url`; an error says what failed.
Result<void> pg_exec(const std::string& url, const std::string& sql);

// The definitions, here so every test area that links libpq can use the server.
namespace pg_server_detail {

// The directory of PostgreSQL's server programs: `pg_config --bindir`, else the newest
// /usr/lib/postgresql/*/bin with an initdb.
inline std::string pg_server_bindir() {
  if (FILE* p = ::popen("pg_config --bindir 2>/dev/null", "r")) {
    char line[512] = {};
    const bool got = std::fgets(line, sizeof line, p) != nullptr;
    ::pclose(p);
    std::string dir = got ? line : "";
    while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
    if (!dir.empty() && std::filesystem::exists(dir + "/initdb")) return dir;
  }
  std::string best;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto bin = entry.path() / "bin";
    if (std::filesystem::exists(bin / "initdb") && bin.string() > best) best = bin.string();
  }
  return best;
}

// Who runs the server: nobody-in-particular when we are not root, else the `postgres` user.
struct PgServerUser {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

inline Result<PgServerUser> pg_server_user() {
  if (::geteuid() != 0) return PgServerUser{};
  const passwd* pw = ::getpwnam("postgres");
  if (pw == nullptr) {
    return fail(Error::io("running as root, and there is no postgres user to run the test server as"));
  }
  return PgServerUser{true, pw->pw_uid, pw->pw_gid};
}

// Starts `argv` as `user`, its output appended to `log`; the child dies with this thread.
inline Result<pid_t> pg_spawn(const std::vector<std::string>& argv, const PgServerUser& user, const std::string& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) return fail(Error::io("cannot open " + log));
  if (user.switch_user && ::fchown(out, user.uid, user.gid) != 0) {
    ::close(out);
    return fail(Error::io("cannot chown " + log));
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out);
    return fail(Error::io("fork failed"));
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    ::dup2(out, 1);
    ::dup2(out, 2);
    if (user.switch_user && (::setgroups(0, nullptr) != 0 || ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0)) {
      ::_exit(126);
    }
    ::prctl(PR_SET_PDEATHSIG, SIGQUIT);  // after setuid, which clears it
    if (::getppid() != parent) ::_exit(125);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out);
  return pid;
}

inline std::string pg_read_log(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Runs `argv` as `user` to its end; an error with the log when it fails.
inline Result<void> pg_run(const std::vector<std::string>& argv, const PgServerUser& user, const std::string& log) {
  auto pid = pg_spawn(argv, user, log);
  if (!pid) return fail(pid.error());
  int status = 0;
  ::waitpid(*pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(Error::io(fmt::format("{} failed ({}): {}", argv.front(), status, pg_read_log(log))));
  }
  return {};
}

// A data directory initdb made once per machine, user and PostgreSQL build (under the temporary
// directory, kept between runs), which each test process copies: initdb is most of a start.
inline Result<std::string> pg_template_data(const std::string& bindir, const PgServerUser& user,
                                            const std::string& log) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() /
                        fmt::format("rolecall-pg-template-{}-{:x}", ::geteuid(), std::hash<std::string>{}(bindir));
  const uid_t owner = user.switch_user ? user.uid : ::geteuid();
  const auto ready = [&] {
    struct stat st {};
    std::error_code ec;
    return ::lstat(root.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == owner &&
           fs::exists(root / "data" / "PG_VERSION", ec);
  };
  if (ready()) return (root / "data").string();
  // One process makes it; the others wait for it here.
  const std::string lock_path = root.string() + ".lock";
  const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (lock < 0) return fail(Error::io("cannot open " + lock_path));
  std::unique_ptr<int, void (*)(int*)> unlock(new int(lock), [](int* fd) {
    ::close(*fd);
    delete fd;
  });
  if (::flock(lock, LOCK_EX) != 0) return fail(Error::io("cannot lock " + lock_path));
  if (ready()) return (root / "data").string();
  std::error_code ec;
  fs::remove_all(root, ec);
  const fs::path building = root.string() + ".new";
  fs::remove_all(building, ec);
  if (!fs::create_directory(building, ec)) return fail(Error::io("cannot create " + building.string()));
  if (user.switch_user && ::chown(building.c_str(), user.uid, user.gid) != 0) {
    return fail(Error::io("cannot chown " + building.string()));
  }
  if (auto r = pg_run({bindir + "/initdb", "-D", (building / "data").string(), "-U", "rolecall", "-A", "trust",
                       "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions"},
                      user, log);
      !r) {
    return fail(r.error());
  }
  fs::rename(building, root, ec);
  if (ec) return fail(Error::io("cannot rename " + building.string() + ": " + ec.message()));
  return (root / "data").string();
}

}  // namespace pg_server_detail

inline Result<PgServer*> PgServer::shared() {
  static std::unique_ptr<PgServer> server;
  static std::optional<Error> failed;
  if (server) return server.get();
  if (failed) return fail(*failed);
  std::unique_ptr<PgServer> s(new PgServer());
  if (auto r = s->start(); !r) {
    failed = r.error();
    return fail(r.error());
  }
  server = std::move(s);
  return server.get();
}

inline Result<void> PgServer::start() {
  using namespace pg_server_detail;
  const std::string bindir = pg_server_bindir();
  if (bindir.empty()) {
    return fail(
        Error::io("no PostgreSQL server programs (pg_config --bindir, /usr/lib/postgresql/*/bin): "
                  "install Debian's postgresql (scripts/install-deps.sh)"));
  }
  auto user = pg_server_user();
  if (!user) return fail(user.error());
  const std::string data = (dir_ / "data").string();
  const std::string sock = socket_dir();
  const std::string log = (dir_ / "server.log").string();
  std::filesystem::create_directory(sock);
  if (user->switch_user) {
    for (const auto& p : {dir_.string(), sock}) {
      if (::chown(p.c_str(), user->uid, user->gid) != 0) return fail(Error::io("cannot chown " + p));
    }
  }
  auto made = pg_template_data(bindir, *user, log);
  if (!made) return fail(made.error());
  if (auto r = pg_run({"/bin/cp", "-a", *made, data}, *user, log); !r) return fail(r.error());
  int status = 0;
  auto server = pg_spawn({bindir + "/postgres", "-D", data, "-k", sock, "-c", "listen_addresses=", "-c", "fsync=off",
                          "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=40"},
                         *user, log);
  if (!server) return fail(server.error());
  pid_ = *server;
  const std::string ping = url("postgres");
  for (int i = 0; i < 600; ++i) {
    if (PQping(ping.c_str()) == PQPING_OK) return {};
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return fail(Error::io(fmt::format("postgres exited at start ({}): {}", status, pg_read_log(log))));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return fail(Error::io("postgres did not accept connections within 30 s: " + pg_read_log(log)));
}

inline PgServer::~PgServer() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGINT);  // fast shutdown: ends the sessions, then exits
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

inline std::string PgServer::url(const std::string& name) const {
  return fmt::format("postgresql://rolecall@/{}?host={}", name, socket_dir());
}

inline Result<std::string> PgServer::create_database() {
  const std::string name = fmt::format("db_{}", ++databases_);
  if (auto r = pg_exec(url("postgres"), "CREATE DATABASE " + name); !r) return fail(r.error());
  return url(name);
}

inline Result<void> pg_exec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::unique_ptr<PGconn, decltype(&PQfinish)> owner(conn, &PQfinish);
  if (PQstatus(conn) != CONNECTION_OK) return fail(Error::io(url + ": " + PQerrorMessage(conn)));
  PGresult* res = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(res);
  const std::string why = PQresultErrorMessage(res);
  PQclear(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return fail(Error::io(sql + ": " + why));
  return {};
}

}  // namespace rolecall::testing

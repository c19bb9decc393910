#!/usr/bin/python3
"""Store benchmark: what recording a scan with --store adds to its wall time, on SQLite and PostgreSQL.

Starts rolecall-emulator with a generated estate (latency, throttling) and a throwaway PostgreSQL
server (initdb into a temporary directory, a Unix socket only, default durability settings), then
runs in one go, each --repeat times (the median reported): rolecall's scan without a store; with
--store on a new SQLite file; again into that file (a second scan: every finding updated, not
inserted); with --store on a new PostgreSQL database; and again into it. Prints wall time, client
CPU and peak memory of each, and what storing adds to the scan without a store.

Usage: run_bench.py --rolecall BIN --emulator BIN [--accounts 20 --regions 17 --instances 100000
                    --latency-ms 30 --throttle on --checks instance-has-role,profile-has-role --repeat 3]
"""
import argparse
import os
import pwd
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "scan_estate"))
from emulator import add_estate_arguments, start_emulator  # noqa: E402
from run_bench import REGIONS, measure  # noqa: E402


def start_postgres(work):
    """initdb and a server on a Unix socket in `work` (as the postgres user when root); returns
    (url, stop)."""
    bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
    if not os.path.exists(os.path.join(bindir, "initdb")):
        sys.exit("no PostgreSQL server programs (pg_config --bindir); install Debian's postgresql")
    as_user = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(work, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(work, "data")
    subprocess.run(as_user + [f"{bindir}/initdb", "-D", data, "-U", "rolecall", "-A", "trust", "-E", "UTF8",
                              "--locale=C", "--no-instructions"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(as_user + [f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(work, "server.log"), "-w",
                              "-o", f"-c listen_addresses='' -k {work}", "start"], check=True,
                   stdout=subprocess.DEVNULL)

    def stop():
        subprocess.run(as_user + [f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return bindir, f"postgresql://rolecall@/%s?host={work}", stop


def main():
    parser = argparse.ArgumentParser()
    add_estate_arguments(parser)
    parser.add_argument("--checks", default="instance-has-role,profile-has-role",
                        help="the scan's --checks ('' for every check)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    spec = f"accounts={args.accounts},regions={args.regions},instances={args.instances},seed=1,compliant=30"
    emu = start_emulator(args.emulator, spec, args.latency_ms, args.throttle, "rolecall-bench-store-")
    pg_work = tempfile.mkdtemp(prefix="rolecall-bench-pg-")
    stop_pg = None
    try:
        bindir, pg_url, stop_pg = start_postgres(pg_work)
        profiles = []
        with open(emu.creds) as f:
            profiles = [line.strip()[1:-1] for line in f if line.startswith("[")]
        regions = REGIONS[:args.regions]
        base = [args.rolecall, "--endpoint-url", emu.endpoint, "--quiet", "--output", "json"]
        for p in profiles:
            base += ["--profile", p]
        scan = base + ["scan", "--regions", ",".join(regions), "--fail-on", "none"]
        if args.checks:
            scan += ["--checks", args.checks]
        env = dict(emu.env, XDG_STATE_HOME=os.path.join(emu.work, "state"))
        report = os.path.join(emu.work, "report.json")
        pid = emu.process.pid

        def run(label, extra):
            return measure(label, scan + extra, env, pid, report)

        run("warm-up", [])
        rows = {}
        for i in range(args.repeat):
            sqlite_file = os.path.join(emu.work, f"store-{i}.db")
            db = f"bench_{i}"
            subprocess.run([f"{bindir}/createdb", "-h", pg_work, "-U", "rolecall", db], check=True)
            for label, extra in (("no store", []),
                                 ("SQLite, first scan", ["--store", sqlite_file]),
                                 ("SQLite, second scan", ["--store", sqlite_file]),
                                 ("PostgreSQL, first scan", ["--store", pg_url % db]),
                                 ("PostgreSQL, second scan", ["--store", pg_url % db])):
                rows.setdefault(label, []).append(run(label, extra))
        with open(report) as f:
            import json
            summary = json.load(f)["summary"]
        print(f"estate {spec}, latency {args.latency_ms} ms, throttle {args.throttle}, "
              f"checks {args.checks or 'all'}; last report: {summary}")
        baseline = statistics.median(r["wall"] for r in rows["no store"])
        print(f"{'run':28} {'wall s':>8} {'added':>8} {'client CPU s':>13} {'peak RSS MB':>12}   (median of {args.repeat})")
        for label, runs in rows.items():
            wall = statistics.median(r["wall"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            rss = statistics.median(r["rss_mb"] for r in runs)
            added = "" if label == "no store" else f"{(wall - baseline) / baseline * 100:+.0f}%"
            print(f"{label:28} {wall:8.2f} {added:>8} {cpu:13.2f} {rss:12.0f}")
    finally:
        if stop_pg:
            stop_pg()
        shutil.rmtree(pg_work, ignore_errors=True)
        emu.stop()
        shutil.rmtree(emu.work, ignore_errors=True)


if __name__ == "__main__":
    main()

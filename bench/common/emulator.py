"""Starting rolecall-emulator for a benchmark: a generated estate on a free loopback port, and the
environment that points the AWS CLI, boto3 and rolecall at it (shared by bench/*/run_bench.py)."""
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass


@dataclass
class Emulator:
    process: subprocess.Popen
    endpoint: str   # http://127.0.0.1:PORT
    work: str       # scratch directory of this run
    creds: str      # shared-credentials file the emulator wrote (one profile per account)
    env: dict       # os.environ plus AWS_* pointing at creds and an empty config

    def stop(self):
        self.process.terminate()
        self.process.wait()


def add_estate_arguments(parser, accounts=20, regions=17, instances=100000):
    """The options every estate benchmark takes: the two binaries, the generated estate's size, the
    emulator's latency per request and its throttling (default: the 100k estate, 30 ms, on)."""
    parser.add_argument("--rolecall", required=True)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--accounts", type=int, default=accounts)
    parser.add_argument("--regions", type=int, default=regions)
    parser.add_argument("--instances", type=int, default=instances)
    parser.add_argument("--latency-ms", type=int, default=30)
    parser.add_argument("--throttle", default="on")


def start_emulator(binary, spec, latency_ms, throttle, prefix, extra=(), stderr_path=None):
    """Starts `binary` with `--generate spec`; exits the benchmark when it does not come up. The
    emulator's stderr (its --verbose request log) goes to `stderr_path` when given."""
    work = tempfile.mkdtemp(prefix=prefix)
    creds = os.path.join(work, "credentials")
    process = subprocess.Popen(
        [binary, "--port", "0", "--generate", spec, "--credentials-out", creds,
         "--latency-ms", str(latency_ms), "--throttle", throttle, *extra],
        stdout=subprocess.PIPE, stderr=open(stderr_path, "w") if stderr_path else subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith("listening on "):
        sys.exit(f"emulator did not start: {line!r}")
    env = dict(os.environ, AWS_SHARED_CREDENTIALS_FILE=creds, AWS_CONFIG_FILE=os.path.join(work, "config"),
               AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true", LC_ALL="C", AWS_PAGER="")
    open(env["AWS_CONFIG_FILE"], "w").close()
    return Emulator(process, line.split()[-1], work, creds, env)

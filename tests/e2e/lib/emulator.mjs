// Starts rolecall-emulator (path in ROLECALL_EMULATOR) on a free port and hands real AWS SDK
// clients its endpoint, the credentials it wrote, its ground truth and its admin API.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const kStartTimeoutMs = 30000;

// Parses an AWS shared-credentials file into { profile: { accessKeyId, secretAccessKey } }.
export function parseCredentialsFile(text) {
  const profiles = {};
  let current = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const section = line.match(/^\[(.+)\]$/);
    if (section) {
      current = profiles[section[1]] = {};
      continue;
    }
    const kv = line.match(/^(\w+)\s*=\s*(.*)$/);
    if (kv && current) {
      if (kv[1] === 'aws_access_key_id') current.accessKeyId = kv[2];
      if (kv[1] === 'aws_secret_access_key') current.secretAccessKey = kv[2];
    }
  }
  return profiles;
}

// Starts the emulator with a generated estate; resolves once it prints its listening line.
export async function startEmulator({ generate = 'accounts=2,regions=2,instances=24,seed=7', args = [] } = {}) {
  const bin = process.env.ROLECALL_EMULATOR;
  if (!bin) throw new Error('set ROLECALL_EMULATOR to the rolecall-emulator binary');
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-e2e-'));
  const token = `e2e-${process.pid}`;
  const child = spawn(
    bin,
    ['--port', '0', '--generate', generate, '--truth-out', join(dir, 'truth.json'), '--credentials-out',
      join(dir, 'credentials'), '--admin-token', token, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const endpoint = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start in ${kStartTimeoutMs} ms: ${stderr}`)),
      kStartTimeoutMs);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/^listening on (http:\/\/127\.0\.0\.1:\d+)\n/m);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  const credentialsFile = join(dir, 'credentials');
  const profiles = parseCredentialsFile(readFileSync(credentialsFile, 'utf8'));
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));

  const admin = async (method, path) => {
    const res = await fetch(`${endpoint}/_emulator/${path}`, { method, headers: { 'X-Emulator-Token': token } });
    if (!res.ok) throw new Error(`admin ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
  };
  return {
    endpoint,
    dir,
    credentialsFile,
    profiles,
    truth,
    // The current estate (docs/estate-schema.md), associations and states included.
    state: () => admin('GET', 'state'),
    // Back to the estate loaded at start.
    reset: () => admin('POST', 'reset'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const { code, signal } = await exited;
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`emulator exited with ${code ?? signal}: ${stderr}`);
    },
  };
}

// SDK client configuration for `profile` of the running emulator; no retries so errors surface.
export function clientConfig(emu, { profile = 'default', region = 'us-east-1', credentials } = {}) {
  return {
    endpoint: emu.endpoint,
    region,
    credentials: credentials ?? emu.profiles[profile],
    maxAttempts: 1,
  };
}

// Runs `fn` and returns the error it throws (fails when it does not throw).
export async function errorOf(fn) {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, the call succeeded');
}

// Injected faults as the AWS SDK for JavaScript v3 classifies them: 500/503 answers are server
// faults the SDK retries (so rolecall's own retry policy is exercised against what AWS sends).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

import { clientConfig, errorOf, startEmulator } from '../lib/emulator.mjs';

for (const [fault, expected] of [
  ['internal', { ec2: ['InternalError', 500], iam: ['InternalFailure', 500], sts: ['InternalFailure', 500] }],
  ['unavailable', { ec2: ['Unavailable', 503], iam: ['ServiceUnavailable', 503], sts: ['ServiceUnavailable', 503] }],
]) {
  describe(`--faults ${fault}=1`, () => {
    let emu;
    before(async () => {
      emu = await startEmulator({ generate: 'accounts=1,regions=1,instances=5,seed=3', args: ['--faults', `${fault}=1`] });
    });
    after(async () => { await emu?.stop(); });

    test('every service answers the AWS error code; the SDK retries it as a server fault', async () => {
      const calls = {
        ec2: [new EC2Client({ ...clientConfig(emu), maxAttempts: 2 }), new DescribeRegionsCommand({})],
        iam: [new IAMClient({ ...clientConfig(emu), maxAttempts: 2 }), new ListRolesCommand({})],
        sts: [new STSClient({ ...clientConfig(emu), maxAttempts: 2 }), new GetCallerIdentityCommand({})],
      };
      for (const [service, [client, command]] of Object.entries(calls)) {
        const err = await errorOf(() => client.send(command));
        client.destroy();
        const [name, status] = expected[service];
        assert.equal(err.name, name, service);
        assert.equal(err.$metadata.httpStatusCode, status, service);
        assert.equal(err.$fault, 'server', service);
        assert.equal(err.$metadata.attempts, 2, `${service}: retried once`);
      }
    });
  });
}

// Authentication failures as the AWS SDK for JavaScript v3 surfaces them from rolecall-emulator:
// a wrong secret is SignatureDoesNotMatch (Query services) / InvalidSignatureException (JSON 1.1,
// 400, as DynamoDB and Organizations answer), an unknown key AuthFailure (EC2) / InvalidClientTokenId
// (IAM, STS) / UnrecognizedClientException (Organizations, 400); a permission gap is service-specific.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AssociateIamInstanceProfileCommand, DescribeInstancesCommand, DescribeRegionsCommand, EC2Client, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateInstanceProfileCommand, GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

import { clientConfig, errorOf, startEmulator } from '../lib/emulator.mjs';
import { instancesIn } from '../lib/estate.mjs';

describe('authentication and authorization failures', () => {
  let emu;
  let state;
  let good;

  before(async () => {
    emu = await startEmulator({ generate: 'accounts=1,regions=2,instances=10,seed=4' });
    state = await emu.state();
    good = emu.profiles.default;
  });
  after(async () => { await emu?.stop(); });

  const wrongSecret = () => ({ accessKeyId: good.accessKeyId, secretAccessKey: `${good.secretAccessKey.slice(0, -4)}AAAA` });
  const unknownKey = () => ({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: good.secretAccessKey });

  test('wrong secret: SignatureDoesNotMatch (403) / InvalidSignatureException (400, JSON 1.1)', async () => {
    const credentials = wrongSecret();
    const calls = [
      [new EC2Client(clientConfig(emu, { credentials })), new DescribeRegionsCommand({})],
      [new IAMClient(clientConfig(emu, { credentials })), new ListRolesCommand({})],
      [new STSClient(clientConfig(emu, { credentials })), new GetCallerIdentityCommand({})],
      [new OrganizationsClient(clientConfig(emu, { credentials })), new ListAccountsCommand({})],
    ];
    for (const [client, command] of calls) {
      const err = await errorOf(() => client.send(command));
      client.destroy();
      const json = client instanceof OrganizationsClient;
      assert.equal(err.name, json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch', command.constructor.name);
      assert.equal(err.$metadata.httpStatusCode, json ? 400 : 403, command.constructor.name);
      assert.match(err.message, /signature we calculated does not match/);
      assert.equal(err.$fault, 'client');
      assert.ok(err.$metadata.requestId, `${command.constructor.name} carries a request id`);
      assert.ok(!err.message.includes(good.secretAccessKey), 'the secret never appears in an error');
    }
  });

  test('unknown access key: AuthFailure (EC2), InvalidClientTokenId (IAM, STS), UnrecognizedClientException', async () => {
    const credentials = unknownKey();
    const expected = [
      [new EC2Client(clientConfig(emu, { credentials })), new DescribeInstancesCommand({}), 'AuthFailure', 401],
      [new IAMClient(clientConfig(emu, { credentials })), new ListRolesCommand({}), 'InvalidClientTokenId', 403],
      [new STSClient(clientConfig(emu, { credentials })), new GetCallerIdentityCommand({}), 'InvalidClientTokenId', 403],
      [new OrganizationsClient(clientConfig(emu, { credentials })), new ListAccountsCommand({}), 'UnrecognizedClientException', 400],
    ];
    for (const [client, command, name, status] of expected) {
      const err = await errorOf(() => client.send(command));
      client.destroy();
      assert.equal(err.name, name, command.constructor.name);
      assert.equal(err.$metadata.httpStatusCode, status, command.constructor.name);
    }
  });

  test('a region the account has not enabled answers AuthFailure (EC2) and InvalidClientTokenId (STS)', async () => {
    const region = state.opt_in_regions.find((r) => !state.accounts[0].enabled_regions.includes(r));
    assert.ok(region, 'an opt-in region that is not enabled');
    const ec2 = new EC2Client(clientConfig(emu, { region }));
    const e = await errorOf(() => ec2.send(new DescribeInstancesCommand({})));
    ec2.destroy();
    assert.equal(e.name, 'AuthFailure');
    const sts = new STSClient(clientConfig(emu, { region }));
    const s = await errorOf(() => sts.send(new GetCallerIdentityCommand({})));
    sts.destroy();
    assert.equal(s.name, 'InvalidClientTokenId');
  });

  test('permission gaps: UnauthorizedOperation (EC2, DryRun included) and AccessDenied (IAM)', async () => {
    // readonly-auditor (ReadOnlyAccess only) is the second user of the account.
    const account = state.accounts[0];
    const user = account.users.find((u) => u.name === 'readonly-auditor');
    const key = user.access_keys.find((k) => k.status === 'Active');
    const credentials = { accessKeyId: key.id, secretAccessKey: key.secret };
    const region = account.enabled_regions[0];
    const target = instancesIn(account, region).find((i) => i.state === 'running' && !i.instance_profile) ??
      instancesIn(account, region).find((i) => i.state === 'running');
    const ec2 = new EC2Client(clientConfig(emu, { credentials, region }));
    const reads = await ec2.send(new DescribeInstancesCommand({}));
    assert.ok(reads.Reservations.length > 0, 'ReadOnlyAccess reads instances');
    const dry = await errorOf(() => ec2.send(new StopInstancesCommand({ InstanceIds: [target.id], DryRun: true })));
    assert.equal(dry.name, 'UnauthorizedOperation');
    assert.equal(dry.$metadata.httpStatusCode, 403);
    const assoc = await errorOf(() => ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: target.id, IamInstanceProfile: { Name: 'app-web' },
    })));
    assert.equal(assoc.name, 'UnauthorizedOperation');
    assert.match(assoc.message, /not authorized/);
    ec2.destroy();

    const iam = new IAMClient(clientConfig(emu, { credentials }));
    assert.ok((await iam.send(new GetRoleCommand({ RoleName: account.roles[0].name }))).Role);
    const create = await errorOf(() => iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'e2e-denied' })));
    assert.equal(create.name, 'AccessDenied');
    assert.equal(create.$metadata.httpStatusCode, 403);
    assert.match(create.message, /readonly-auditor is not authorized to perform: iam:CreateInstanceProfile/);
    iam.destroy();
  });
});

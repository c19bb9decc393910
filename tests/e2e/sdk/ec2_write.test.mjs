// AWS SDK for JavaScript v3 EC2 client against rolecall-emulator: the remediation calls
// (associate/replace/disassociate a profile, stop/start) with AWS's states, errors and DryRun.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
  AssociateIamInstanceProfileCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DisassociateIamInstanceProfileCommand,
  EC2Client,
  ReplaceIamInstanceProfileAssociationCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';

import { clientConfig, errorOf, startEmulator } from '../lib/emulator.mjs';
import { accountOf, flattenReservations, hasProfile, instancesIn, profileArn } from '../lib/estate.mjs';

const kRegion = 'us-east-1';

describe('EC2 remediation calls', () => {
  let emu;
  let account;
  let ec2;
  let bare;        // a running EBS instance without a profile
  let associated;  // a running instance whose profile exists

  const describeOne = async (id) => flattenReservations(await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })))[0];
  const associationsOf = async (id) => (await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({
    Filters: [{ Name: 'instance-id', Values: [id] }],
  }))).IamInstanceProfileAssociations;

  before(async () => {
    emu = await startEmulator({ generate: 'accounts=1,regions=1,instances=60,seed=21' });
    account = accountOf(await emu.state(), 'default');
    ec2 = new EC2Client(clientConfig(emu, { region: kRegion }));
    const candidates = instancesIn(account, kRegion).filter((i) => i.state === 'running' && i.root_device_type === 'ebs');
    bare = candidates.find((i) => !i.instance_profile);
    associated = candidates.find((i) => i.instance_profile && hasProfile(account, i.instance_profile));
    assert.ok(bare && associated, 'the estate has a running instance with and one without a profile');
  });
  beforeEach(async () => { await emu.reset(); });
  after(async () => {
    ec2?.destroy();
    await emu?.stop();
  });

  test('Associate (by Name, as the spec does) answers associating, then the instance shows the profile', async () => {
    const out = await ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: bare.id, IamInstanceProfile: { Name: 'app-web' },
    }));
    const a = out.IamInstanceProfileAssociation;
    assert.equal(a.InstanceId, bare.id);
    assert.equal(a.State, 'associating');
    assert.equal(a.IamInstanceProfile.Arn, profileArn(account, 'app-web'));
    assert.match(a.IamInstanceProfile.Id, /^AIPA[A-Z0-9]{17}$/);
    assert.match(a.AssociationId, /^iip-assoc-[0-9a-f]{17}$/);

    const listed = await associationsOf(bare.id);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].AssociationId, a.AssociationId);
    assert.equal(listed[0].State, 'associated');
    const inst = await describeOne(bare.id);
    assert.equal(inst.IamInstanceProfile.Arn, profileArn(account, 'app-web'));
    assert.equal(inst.IamInstanceProfile.Id, a.IamInstanceProfile.Id);
  });

  test('Associate by Arn works; a second association is IncorrectState', async () => {
    await ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: bare.id, IamInstanceProfile: { Arn: profileArn(account, 'app-data') },
    }));
    const again = await errorOf(() => ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: bare.id, IamInstanceProfile: { Name: 'app-web' },
    })));
    assert.equal(again.name, 'IncorrectState');
    assert.equal(again.$metadata.httpStatusCode, 400);
    assert.match(again.message, new RegExp(bare.id));
    const existing = await errorOf(() => ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: associated.id, IamInstanceProfile: { Name: 'app-web' },
    })));
    assert.equal(existing.name, 'IncorrectState');
  });

  test('Associate errors: unknown profile, unknown and malformed instance ids, missing parameters', async () => {
    const noProfile = await errorOf(() => ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: bare.id, IamInstanceProfile: { Name: 'no-such-profile' },
    })));
    assert.equal(noProfile.name, 'InvalidParameterValue');
    assert.match(noProfile.message, /no-such-profile/);
    const noArn = await errorOf(() => ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: bare.id, IamInstanceProfile: { Arn: profileArn(account, 'no-such-profile') },
    })));
    assert.equal(noArn.name, 'InvalidParameterValue');
    const notFound = await errorOf(() => ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: 'i-0123456789abcdef0', IamInstanceProfile: { Name: 'app-web' },
    })));
    assert.equal(notFound.name, 'InvalidInstanceID.NotFound');
    const malformed = await errorOf(() => ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: 'instance-1', IamInstanceProfile: { Name: 'app-web' },
    })));
    assert.equal(malformed.name, 'InvalidInstanceID.Malformed');
    // Nothing changed.
    assert.deepEqual(await associationsOf(bare.id), []);
  });

  test('Replace swaps the profile under a new association id', async () => {
    const [before] = await associationsOf(associated.id);
    const target = associated.instance_profile === 'app-web' ? 'app-data' : 'app-web';
    const out = await ec2.send(new ReplaceIamInstanceProfileAssociationCommand({
      AssociationId: before.AssociationId, IamInstanceProfile: { Name: target },
    }));
    const a = out.IamInstanceProfileAssociation;
    assert.equal(a.InstanceId, associated.id);
    assert.equal(a.State, 'associating');
    assert.equal(a.IamInstanceProfile.Arn, profileArn(account, target));
    assert.notEqual(a.AssociationId, before.AssociationId);
    const inst = await describeOne(associated.id);
    assert.equal(inst.IamInstanceProfile.Arn, profileArn(account, target));

    const unknown = await errorOf(() => ec2.send(new ReplaceIamInstanceProfileAssociationCommand({
      AssociationId: 'iip-assoc-0123456789abcdef0', IamInstanceProfile: { Name: target },
    })));
    assert.equal(unknown.name, 'InvalidAssociationID.NotFound');
    const badProfile = await errorOf(() => ec2.send(new ReplaceIamInstanceProfileAssociationCommand({
      AssociationId: a.AssociationId, IamInstanceProfile: { Name: 'no-such-profile' },
    })));
    assert.equal(badProfile.name, 'InvalidParameterValue');
  });

  test('Disassociate answers disassociating, then the association and the instance profile are gone', async () => {
    const [assoc] = await associationsOf(associated.id);
    const out = await ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: assoc.AssociationId }));
    const a = out.IamInstanceProfileAssociation;
    assert.equal(a.AssociationId, assoc.AssociationId);
    assert.equal(a.InstanceId, associated.id);
    assert.equal(a.State, 'disassociating');
    assert.equal(a.IamInstanceProfile.Arn, profileArn(account, associated.instance_profile));
    assert.deepEqual(await associationsOf(associated.id), []);
    assert.equal((await describeOne(associated.id)).IamInstanceProfile, undefined);

    const again = await errorOf(() => ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: assoc.AssociationId })));
    assert.equal(again.name, 'InvalidAssociationID.NotFound');
    // The backout plan's last step: reassign.
    const re = await ec2.send(new AssociateIamInstanceProfileCommand({
      InstanceId: associated.id, IamInstanceProfile: { Name: associated.instance_profile },
    }));
    assert.equal(re.IamInstanceProfileAssociation.State, 'associating');
  });

  test('Stop/Start DryRun: DryRunOperation (412) when allowed, and nothing changes', async () => {
    const stop = await errorOf(() => ec2.send(new StopInstancesCommand({ InstanceIds: [bare.id], DryRun: true })));
    assert.equal(stop.name, 'DryRunOperation');
    assert.equal(stop.$metadata.httpStatusCode, 412);
    assert.match(stop.message, /would have succeeded/);
    const start = await errorOf(() => ec2.send(new StartInstancesCommand({ InstanceIds: [bare.id], DryRun: true })));
    assert.equal(start.name, 'DryRunOperation');
    // AssociateIamInstanceProfile has no DryRun member in the EC2 model: the SDK cannot send one.
    assert.equal((await describeOne(bare.id)).State.Name, 'running');
    assert.deepEqual(await associationsOf(bare.id), []);
  });

  test('Stop then Start move through stopping/stopped and pending/running with AWS state codes', async () => {
    const stop = await ec2.send(new StopInstancesCommand({ InstanceIds: [bare.id] }));
    assert.deepEqual(stop.StoppingInstances, [{
      InstanceId: bare.id, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' },
    }]);
    const stopped = await describeOne(bare.id);
    assert.deepEqual(stopped.State, { Code: 80, Name: 'stopped' });

    const start = await ec2.send(new StartInstancesCommand({ InstanceIds: [bare.id] }));
    assert.deepEqual(start.StartingInstances, [{
      InstanceId: bare.id, CurrentState: { Code: 0, Name: 'pending' }, PreviousState: { Code: 80, Name: 'stopped' },
    }]);
    assert.deepEqual((await describeOne(bare.id)).State, { Code: 16, Name: 'running' });

    const missing = await errorOf(() => ec2.send(new StopInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
    assert.equal(missing.name, 'InvalidInstanceID.NotFound');
  });
});

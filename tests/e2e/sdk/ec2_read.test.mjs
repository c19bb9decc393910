// AWS SDK for JavaScript v3 EC2 client against rolecall-emulator: the read calls rolecall makes
// (regions, instances with pagination and filters, associations, user data, launch templates).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeRegionsCommand,
  EC2Client,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';

import { clientConfig, errorOf, startEmulator } from '../lib/emulator.mjs';
import { accountOf, flattenReservations, instancesIn, profileArn, sorted } from '../lib/estate.mjs';

const kRegion = 'us-east-1';

describe('EC2 reads', () => {
  let emu;
  let state;
  let account;
  let ec2;

  before(async () => {
    emu = await startEmulator({ generate: 'accounts=2,regions=2,instances=60,seed=7' });
    state = await emu.state();
    account = accountOf(state, 'default');
    ec2 = new EC2Client(clientConfig(emu, { region: kRegion }));
  });
  after(async () => {
    ec2?.destroy();
    await emu?.stop();
  });

  test('DescribeRegions lists the enabled regions; AllRegions adds the not-opted-in ones', async () => {
    const out = await ec2.send(new DescribeRegionsCommand({}));
    assert.deepEqual(sorted(out.Regions.map((r) => r.RegionName)), sorted(account.enabled_regions));
    for (const r of out.Regions) {
      assert.equal(r.Endpoint, `ec2.${r.RegionName}.amazonaws.com`);
      assert.equal(r.OptInStatus, 'opt-in-not-required');
    }
    assert.ok(out.$metadata.requestId, 'request id parsed from the response');

    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    assert.deepEqual(sorted(all.Regions.map((r) => r.RegionName)), sorted(state.regions));
    const optIn = all.Regions.filter((r) => r.OptInStatus === 'not-opted-in').map((r) => r.RegionName);
    assert.deepEqual(sorted(optIn), sorted(state.opt_in_regions.filter((r) => !account.enabled_regions.includes(r))));
  });

  test('DescribeInstances returns every instance with its state and profile ARN', async () => {
    for (const region of account.enabled_regions) {
      const client = new EC2Client(clientConfig(emu, { region }));
      const got = flattenReservations(await client.send(new DescribeInstancesCommand({})));
      client.destroy();
      const want = instancesIn(account, region, { terminated: true });
      assert.ok(want.length > 0, `estate has instances in ${region}`);
      assert.deepEqual(sorted(got.map((i) => i.InstanceId)), sorted(want.map((i) => i.id)));
      for (const w of want) {
        const g = got.find((i) => i.InstanceId === w.id);
        assert.equal(g.State.Name, w.state, w.id);
        assert.equal(g.InstanceType, w.instance_type, w.id);
        assert.equal(g.Placement.AvailabilityZone, w.availability_zone, w.id);
        assert.equal(g.RootDeviceType, w.root_device_type, w.id);
        assert.equal(g.MetadataOptions?.HttpTokens, w.http_tokens, w.id);
        assert.ok(g.LaunchTime instanceof Date && !Number.isNaN(g.LaunchTime.getTime()), w.id);
        assert.equal(g.LaunchTime.toISOString().replace('.000Z', 'Z'), w.launch_time, w.id);
        assert.equal(g.Tags.find((t) => t.Key === 'Name')?.Value, w.tags.Name, w.id);
        if (w.instance_profile && w.state !== 'terminated') {
          assert.equal(g.IamInstanceProfile?.Arn, profileArn(account, w.instance_profile), w.id);
          assert.match(g.IamInstanceProfile.Id, /^AIPA[A-Z0-9]{17}$/);
        } else {
          assert.equal(g.IamInstanceProfile, undefined, w.id);
        }
      }
    }
  });

  test('DescribeInstances pages with MaxResults and NextToken (manually and with the paginator)', async () => {
    const want = sorted(instancesIn(account, kRegion, { terminated: true }).map((i) => i.id));
    assert.ok(want.length > 5, 'more instances than one page');
    const seen = [];
    let token;
    let pages = 0;
    do {
      const out = await ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: token }));
      const ids = flattenReservations(out).map((i) => i.InstanceId);
      assert.ok(ids.length <= 5, `page of ${ids.length}`);
      seen.push(...ids);
      token = out.NextToken;
      pages += 1;
      assert.ok(pages < 100, 'pagination terminates');
    } while (token);
    assert.equal(pages, Math.ceil(want.length / 5));
    assert.deepEqual(sorted(seen), want);

    const viaPaginator = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 6 }, {})) {
      viaPaginator.push(...flattenReservations(page).map((i) => i.InstanceId));
    }
    assert.deepEqual(sorted(viaPaginator), want);
  });

  test('DescribeInstances rejects MaxResults below 5 and forged tokens', async () => {
    const small = await errorOf(() => ec2.send(new DescribeInstancesCommand({ MaxResults: 4 })));
    assert.equal(small.name, 'InvalidParameterValue');
    assert.equal(small.$metadata.httpStatusCode, 400);
    const forged = await errorOf(() => ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: 'bm90LWEtdG9rZW4' })));
    assert.equal(forged.name, 'InvalidPaginationToken');
  });

  test('DescribeInstances filters: instance-state-name, instance-id, iam-instance-profile.arn', async () => {
    const all = instancesIn(account, kRegion, { terminated: true });
    for (const stateName of ['running', 'stopped']) {
      const out = await ec2.send(new DescribeInstancesCommand({
        Filters: [{ Name: 'instance-state-name', Values: [stateName] }],
      }));
      assert.deepEqual(sorted(flattenReservations(out).map((i) => i.InstanceId)),
        sorted(all.filter((i) => i.state === stateName).map((i) => i.id)), stateName);
    }
    const two = all.slice(0, 2).map((i) => i.id);
    const byId = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: two }] }));
    assert.deepEqual(sorted(flattenReservations(byId).map((i) => i.InstanceId)), sorted(two));

    const withProfile = all.find((i) => i.instance_profile && i.state !== 'terminated');
    const arn = profileArn(account, withProfile.instance_profile);
    const byArn = await ec2.send(new DescribeInstancesCommand({
      Filters: [{ Name: 'iam-instance-profile.arn', Values: [arn] }],
    }));
    assert.deepEqual(sorted(flattenReservations(byArn).map((i) => i.InstanceId)),
      sorted(all.filter((i) => i.instance_profile === withProfile.instance_profile && i.state !== 'terminated')
        .map((i) => i.id)));

    const combined = await ec2.send(new DescribeInstancesCommand({
      InstanceIds: [withProfile.id],
      Filters: [{ Name: 'instance-state-name', Values: ['running', 'stopped', 'pending', 'stopping', 'shutting-down'] }],
    }));
    assert.deepEqual(flattenReservations(combined).map((i) => i.InstanceId), [withProfile.id]);
  });

  test('DescribeInstances with unknown or malformed ids answers the documented errors', async () => {
    const missing = await errorOf(() => ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
    assert.equal(missing.name, 'InvalidInstanceID.NotFound');
    assert.match(missing.message, /i-0123456789abcdef0/);
    const malformed = await errorOf(() => ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-xyz'] })));
    assert.equal(malformed.name, 'InvalidInstanceID.Malformed');
    const badFilter = await errorOf(() => ec2.send(new DescribeInstancesCommand({
      Filters: [{ Name: 'no-such-filter', Values: ['x'] }],
    })));
    assert.equal(badFilter.name, 'InvalidParameterValue');
  });

  test('DescribeIamInstanceProfileAssociations lists associated instances; state and instance-id filters', async () => {
    const want = instancesIn(account, kRegion).filter((i) => i.instance_profile);
    const out = await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({
      Filters: [{ Name: 'state', Values: ['associated'] }],
    }));
    assert.deepEqual(sorted(out.IamInstanceProfileAssociations.map((a) => a.InstanceId)), sorted(want.map((i) => i.id)));
    for (const a of out.IamInstanceProfileAssociations) {
      const inst = want.find((i) => i.id === a.InstanceId);
      assert.equal(a.State, 'associated');
      assert.match(a.AssociationId, /^iip-assoc-[0-9a-f]{17}$/);
      assert.equal(a.IamInstanceProfile.Arn, profileArn(account, inst.instance_profile));
    }
    const none = await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({
      Filters: [{ Name: 'state', Values: ['disassociating'] }],
    }));
    assert.deepEqual(none.IamInstanceProfileAssociations, []);

    const one = await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({
      Filters: [{ Name: 'instance-id', Values: [want[0].id] }],
    }));
    assert.deepEqual(one.IamInstanceProfileAssociations.map((a) => a.InstanceId), [want[0].id]);

    const paged = [];
    let token;
    do {
      const page = await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ MaxResults: 5, NextToken: token }));
      assert.ok(page.IamInstanceProfileAssociations.length <= 5);
      paged.push(...page.IamInstanceProfileAssociations.map((a) => a.InstanceId));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(sorted(paged), sorted(want.map((i) => i.id)));
  });

  test('DescribeInstanceAttribute userData returns the base64 user data', async () => {
    const withData = instancesIn(account, kRegion).find((i) => i.user_data);
    const withoutData = instancesIn(account, kRegion).find((i) => !i.user_data);
    assert.ok(withData, 'an instance with user data');
    const out = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: withData.id, Attribute: 'userData' }));
    assert.equal(out.InstanceId, withData.id);
    assert.equal(out.UserData.Value, withData.user_data);
    if (withoutData) {
      const empty = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: withoutData.id, Attribute: 'userData' }));
      assert.equal(empty.UserData?.Value, undefined);
    }
    const typeOut = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: withData.id, Attribute: 'instanceType' }));
    assert.equal(typeOut.InstanceType.Value, withData.instance_type);
    const missing = await errorOf(() => ec2.send(new DescribeInstanceAttributeCommand({
      InstanceId: 'i-0123456789abcdef0', Attribute: 'userData',
    })));
    assert.equal(missing.name, 'InvalidInstanceID.NotFound');
  });

  test('DescribeLaunchTemplates and DescribeLaunchTemplateVersions', async () => {
    const want = account.launch_templates.filter((t) => t.region === kRegion);
    assert.ok(want.length > 0, 'estate has launch templates');
    const out = await ec2.send(new DescribeLaunchTemplatesCommand({}));
    assert.deepEqual(sorted(out.LaunchTemplates.map((t) => t.LaunchTemplateId)), sorted(want.map((t) => t.id)));
    for (const t of want) {
      const g = out.LaunchTemplates.find((x) => x.LaunchTemplateId === t.id);
      assert.equal(g.LaunchTemplateName, t.name);
      assert.equal(g.DefaultVersionNumber, t.default_version);
      assert.equal(g.LatestVersionNumber, Math.max(...t.versions.map((v) => v.number)));
      assert.ok(g.CreateTime instanceof Date);

      const versions = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: t.id }));
      assert.deepEqual(sorted(versions.LaunchTemplateVersions.map((v) => v.VersionNumber)),
        sorted(t.versions.map((v) => v.number)));
      for (const v of t.versions) {
        const gv = versions.LaunchTemplateVersions.find((x) => x.VersionNumber === v.number);
        assert.equal(gv.LaunchTemplateId, t.id);
        assert.equal(gv.DefaultVersion, v.number === t.default_version);
        const data = gv.LaunchTemplateData;
        assert.equal(data.UserData ?? '', v.user_data ?? '');
        if (v.instance_profile) {
          assert.ok(data.IamInstanceProfile.Name === v.instance_profile ||
            data.IamInstanceProfile.Arn === profileArn(account, v.instance_profile), `${t.id} v${v.number}`);
        } else {
          assert.equal(data.IamInstanceProfile, undefined);
        }
        assert.equal(data.MetadataOptions?.HttpTokens, v.http_tokens);
      }
    }
    const byName = await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [want[0].name] }));
    assert.deepEqual(byName.LaunchTemplates.map((t) => t.LaunchTemplateId), [want[0].id]);
    const defaults = await ec2.send(new DescribeLaunchTemplateVersionsCommand({
      LaunchTemplateId: want[0].id, Versions: ['$Default'],
    }));
    assert.deepEqual(defaults.LaunchTemplateVersions.map((v) => v.VersionNumber), [want[0].default_version]);
    const missing = await errorOf(() => ec2.send(new DescribeLaunchTemplateVersionsCommand({
      LaunchTemplateId: 'lt-0123456789abcdef0',
    })));
    assert.equal(missing.name, 'InvalidLaunchTemplateId.NotFound');
  });
});

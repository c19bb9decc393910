// AWS SDK for JavaScript v3 STS and Organizations clients against rolecall-emulator: identity,
// AssumeRole into a member account (then using the session there), web identity, ListAccounts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

import { clientConfig, errorOf, startEmulator } from '../lib/emulator.mjs';
import { flattenReservations, instancesIn, sorted } from '../lib/estate.mjs';

// A JWT valid for an hour: the emulator checks its claims (iss, aud, exp), not a signature.
function jwt(claims) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ exp, ...claims })}.c2lnbmF0dXJl`;
}

describe('STS and Organizations', () => {
  let emu;
  let state;
  let management;
  let member;

  before(async () => {
    emu = await startEmulator({ generate: 'accounts=3,regions=1,instances=30,seed=9' });
    state = await emu.state();
    management = state.accounts.find((a) => a.id === state.organization.management_account);
    member = state.accounts.find((a) => a.id !== management.id);
  });
  after(async () => { await emu?.stop(); });

  test('GetCallerIdentity answers each profile\'s account and user', async () => {
    for (const account of state.accounts) {
      const sts = new STSClient(clientConfig(emu, { profile: account.name }));
      const out = await sts.send(new GetCallerIdentityCommand({}));
      sts.destroy();
      assert.equal(out.Account, account.id);
      assert.equal(out.Arn, `arn:aws:iam::${account.id}:user/${account.users[0].name}`);
      assert.match(out.UserId, /^AIDA[A-Z0-9]{17}$/);
      assert.ok(out.$metadata.requestId);
    }
    const sts = new STSClient(clientConfig(emu, { profile: 'default' }));
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, state.accounts[0].id);
    sts.destroy();
  });

  test('AssumeRole into a member account; the session reads that account\'s EC2 and identity', async () => {
    const sts = new STSClient(clientConfig(emu, { profile: management.name }));
    const roleArn = `arn:aws:iam::${member.id}:role/OrganizationAccountAccessRole`;
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'e2e', DurationSeconds: 900 }));
    sts.destroy();
    const c = out.Credentials;
    assert.match(c.AccessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.ok(c.SecretAccessKey.length >= 40 && c.SessionToken.length > 100);
    assert.ok(c.Expiration instanceof Date);
    const lifetime = c.Expiration.getTime() - Date.now();
    assert.ok(lifetime > 800e3 && lifetime <= 900e3 + 5e3, `expires in ${lifetime} ms`);
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${member.id}:assumed-role/OrganizationAccountAccessRole/e2e`);
    assert.match(out.AssumedRoleUser.AssumedRoleId, /^AROA[A-Z0-9]{17}:e2e$/);

    const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    const asMember = new STSClient(clientConfig(emu, { credentials }));
    const who = await asMember.send(new GetCallerIdentityCommand({}));
    asMember.destroy();
    assert.equal(who.Account, member.id);
    assert.equal(who.Arn, out.AssumedRoleUser.Arn);

    const region = member.enabled_regions[0];
    const ec2 = new EC2Client(clientConfig(emu, { credentials, region }));
    const got = flattenReservations(await ec2.send(new DescribeInstancesCommand({})));
    ec2.destroy();
    assert.deepEqual(sorted(got.map((i) => i.InstanceId)), sorted(instancesIn(member, region, { terminated: true }).map((i) => i.id)));

    const forged = new STSClient(clientConfig(emu, { credentials: { ...credentials, sessionToken: 'IQoJforged' } }));
    const err = await errorOf(() => forged.send(new GetCallerIdentityCommand({})));
    forged.destroy();
    assert.ok(['InvalidClientTokenId', 'ExpiredToken'].includes(err.name), err.name);
  });

  test('AssumeRole refusals: untrusted caller, unknown role', async () => {
    const sts = new STSClient(clientConfig(emu, { profile: member.name }));
    const other = state.accounts.find((a) => a.id !== management.id && a.id !== member.id);
    const untrusted = await errorOf(() => sts.send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${other.id}:role/OrganizationAccountAccessRole`, RoleSessionName: 'e2e',
    })));
    assert.equal(untrusted.name, 'AccessDenied');
    assert.equal(untrusted.$metadata.httpStatusCode, 403);
    const missing = await errorOf(() => sts.send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${member.id}:role/no-such-role`, RoleSessionName: 'e2e',
    })));
    assert.equal(missing.name, 'AccessDenied');
    sts.destroy();
  });

  test('AssumeRoleWithWebIdentity (unsigned call) for a role trusting a federated provider', async () => {
    const estate = structuredClone(state);
    const target = estate.accounts[0];
    const provider = `arn:aws:iam::${target.id}:oidc-provider/token.actions.githubusercontent.com`;
    target.roles.push({
      name: 'ci-deploy',
      trust_policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity' }],
      },
      attached_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inline_policies: [],
    });
    const res = await fetch(`${emu.endpoint}/_emulator/load`, {
      method: 'POST', headers: { 'X-Emulator-Token': `e2e-${process.pid}` }, body: JSON.stringify(estate),
    });
    assert.equal(res.status, 200, await res.text());
    try {
      const sts = new STSClient({ endpoint: emu.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
      const out = await sts.send(new AssumeRoleWithWebIdentityCommand({
        RoleArn: `arn:aws:iam::${target.id}:role/ci-deploy`,
        RoleSessionName: 'gha',
        WebIdentityToken: jwt({ sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', iss: 'https://token.actions.githubusercontent.com' }),
      }));
      assert.equal(out.SubjectFromWebIdentityToken, 'repo:acme/app:ref:refs/heads/main');
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${target.id}:assumed-role/ci-deploy/gha`);
      const c = out.Credentials;
      const asRole = new STSClient(clientConfig(emu, {
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
      }));
      assert.equal((await asRole.send(new GetCallerIdentityCommand({}))).Arn, out.AssumedRoleUser.Arn);
      asRole.destroy();
      const refused = await errorOf(() => sts.send(new AssumeRoleWithWebIdentityCommand({
        RoleArn: `arn:aws:iam::${target.id}:role/OrganizationAccountAccessRole`.replace(target.id, member.id),
        RoleSessionName: 'gha',
        WebIdentityToken: jwt({ sub: 'x', aud: 'sts.amazonaws.com', iss: 'https://token.actions.githubusercontent.com' }),
      })));
      assert.equal(refused.name, 'AccessDenied');
      const expired = await errorOf(() => sts.send(new AssumeRoleWithWebIdentityCommand({
        RoleArn: `arn:aws:iam::${target.id}:role/ci-deploy`,
        RoleSessionName: 'gha',
        WebIdentityToken: jwt({ sub: 'x', aud: 'sts.amazonaws.com', iss: 'https://token.actions.githubusercontent.com', exp: 1 }),
      })));
      assert.equal(expired.name, 'ExpiredTokenException');
      sts.destroy();
    } finally {
      await emu.reset();
    }
  });

  test('Organizations ListAccounts (JSON 1.1) pages and lists every account; members are refused', async () => {
    const org = new OrganizationsClient(clientConfig(emu, { profile: management.name }));
    const accounts = [];
    let pages = 0;
    for await (const page of paginateListAccounts({ client: org, pageSize: 1 }, {})) {
      pages += 1;
      assert.ok(page.Accounts.length <= 1);
      accounts.push(...page.Accounts);
    }
    assert.equal(pages, state.accounts.length);
    assert.deepEqual(sorted(accounts.map((a) => a.Id)), sorted(state.accounts.map((a) => a.id)));
    for (const a of accounts) {
      const want = state.accounts.find((x) => x.id === a.Id);
      assert.equal(a.Name, want.name);
      assert.equal(a.Email, want.email);
      assert.equal(a.Status, want.status);
      assert.equal(a.Arn, `arn:aws:organizations::${management.id}:account/${state.organization.id}/${a.Id}`);
      assert.ok(a.JoinedTimestamp instanceof Date && !Number.isNaN(a.JoinedTimestamp.getTime()));
    }
    const desc = await org.send(new DescribeOrganizationCommand({}));
    assert.equal(desc.Organization.Id, state.organization.id);
    assert.equal(desc.Organization.MasterAccountId, management.id);
    const badToken = await errorOf(() => org.send(new ListAccountsCommand({ NextToken: 'forged' })));
    assert.equal(badToken.name, 'InvalidInputException');
    org.destroy();

    const asMember = new OrganizationsClient(clientConfig(emu, { profile: member.name }));
    const denied = await errorOf(() => asMember.send(new ListAccountsCommand({})));
    asMember.destroy();
    assert.equal(denied.name, 'AccessDeniedException');
  });
});

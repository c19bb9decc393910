// AWS SDK for JavaScript v3 IAM client against rolecall-emulator: every IAM call rolecall makes,
// compared with the estate (policy documents arrive URL-encoded, as from AWS).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetAccountAuthorizationDetailsCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  SimulatePrincipalPolicyCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListInstanceProfiles,
} from '@aws-sdk/client-iam';

import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

import { clientConfig, errorOf, startEmulator } from '../lib/emulator.mjs';
import { accountOf, profileArn, sorted } from '../lib/estate.mjs';

const decodeDocument = (text) => JSON.parse(decodeURIComponent(text));

describe('IAM', () => {
  let emu;
  let account;
  let iam;

  before(async () => {
    emu = await startEmulator({ generate: 'accounts=2,regions=1,instances=10,seed=5' });
    account = accountOf(await emu.state(), 'default');
    iam = new IAMClient(clientConfig(emu));
  });
  after(async () => {
    iam?.destroy();
    await emu?.stop();
  });

  test('GetAccountAuthorizationDetails pages with MaxItems/Marker and returns every role, profile and policy', async () => {
    const roles = [];
    const profiles = new Set();
    const users = [];
    const policies = [];
    let pages = 0;
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 4 }, {})) {
      pages += 1;
      const items = (page.RoleDetailList ?? []).length + (page.UserDetailList ?? []).length +
        (page.Policies ?? []).length + (page.GroupDetailList ?? []).length;
      assert.ok(items <= 4, `page ${pages} holds ${items} items`);
      if (page.IsTruncated) assert.ok(page.Marker, 'truncated page carries a Marker');
      roles.push(...(page.RoleDetailList ?? []));
      users.push(...(page.UserDetailList ?? []));
      policies.push(...(page.Policies ?? []));
      for (const r of page.RoleDetailList ?? []) for (const p of r.InstanceProfileList ?? []) profiles.add(p.Arn);
    }
    assert.ok(pages > 1, 'more than one page');
    assert.deepEqual(sorted(roles.map((r) => r.RoleName)), sorted(account.roles.map((r) => r.name)));
    assert.deepEqual(sorted(users.map((u) => u.UserName)), sorted(account.users.map((u) => u.name)));
    const withRoles = account.instance_profiles.filter((p) => p.roles.length > 0);
    assert.deepEqual(sorted(profiles), sorted(withRoles.map((p) => profileArn(account, p.name))));
    for (const want of account.roles) {
      const got = roles.find((r) => r.RoleName === want.name);
      assert.equal(got.Arn, `arn:aws:iam::${account.id}:role/${want.name}`);
      assert.deepEqual(decodeDocument(got.AssumeRolePolicyDocument), want.trust_policy, want.name);
      assert.deepEqual(sorted(got.AttachedManagedPolicies.map((p) => p.PolicyArn)), sorted(want.attached_policy_arns));
      assert.deepEqual(sorted(got.RolePolicyList.map((p) => p.PolicyName)), sorted(want.inline_policies.map((p) => p.name)));
      for (const p of want.inline_policies) {
        const g = got.RolePolicyList.find((x) => x.PolicyName === p.name);
        assert.deepEqual(decodeDocument(g.PolicyDocument), p.document, `${want.name}/${p.name}`);
      }
    }
    const customer = policies.find((p) => p.PolicyName === account.managed_policies[0].name);
    assert.ok(customer, 'customer managed policy listed');
    const version = customer.PolicyVersionList.find((v) => v.IsDefaultVersion);
    assert.equal(version.VersionId, customer.DefaultVersionId);
    assert.deepEqual(decodeDocument(version.Document), account.managed_policies[0].document);

    const filtered = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000 }));
    assert.equal(filtered.RoleDetailList.length, account.roles.length);
    assert.deepEqual(filtered.UserDetailList ?? [], []);
    assert.equal(filtered.IsTruncated, false);
  });

  test('GetInstanceProfile and ListInstanceProfiles (paginated)', async () => {
    const want = account.instance_profiles.find((p) => p.roles.length === 1);
    const out = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: want.name }));
    const p = out.InstanceProfile;
    assert.equal(p.InstanceProfileName, want.name);
    assert.equal(p.Arn, profileArn(account, want.name));
    assert.match(p.InstanceProfileId, /^AIPA[A-Z0-9]{17}$/);
    assert.ok(p.CreateDate instanceof Date);
    assert.deepEqual(p.Roles.map((r) => r.RoleName), want.roles);
    const role = account.roles.find((r) => r.name === want.roles[0]);
    assert.deepEqual(decodeDocument(p.Roles[0].AssumeRolePolicyDocument), role.trust_policy);

    const names = [];
    for await (const page of paginateListInstanceProfiles({ client: iam, pageSize: 3 }, {})) {
      assert.ok(page.InstanceProfiles.length <= 3);
      names.push(...page.InstanceProfiles.map((x) => x.InstanceProfileName));
    }
    assert.deepEqual(sorted(names), sorted(account.instance_profiles.map((x) => x.name)));

    const missing = await errorOf(() => iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'no-such-profile' })));
    assert.equal(missing.name, 'NoSuchEntityException');
    assert.equal(missing.$metadata.httpStatusCode, 404);
    assert.match(missing.message, /no-such-profile/);
  });

  test('GetRole, ListRoles, ListAttachedRolePolicies, ListRolePolicies, GetRolePolicy', async () => {
    const want = account.roles.find((r) => r.inline_policies.length > 0 && r.attached_policy_arns.length > 0);
    const role = (await iam.send(new GetRoleCommand({ RoleName: want.name }))).Role;
    assert.equal(role.RoleName, want.name);
    assert.equal(role.Arn, `arn:aws:iam::${account.id}:role/${want.name}`);
    assert.match(role.RoleId, /^AROA[A-Z0-9]{17}$/);
    assert.deepEqual(decodeDocument(role.AssumeRolePolicyDocument), want.trust_policy);

    const listed = [];
    let marker;
    do {
      const page = await iam.send(new ListRolesCommand({ MaxItems: 3, Marker: marker }));
      assert.ok(page.Roles.length <= 3);
      listed.push(...page.Roles.map((r) => r.RoleName));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    assert.deepEqual(sorted(listed), sorted(account.roles.map((r) => r.name)));

    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: want.name }));
    assert.deepEqual(sorted(attached.AttachedPolicies.map((p) => p.PolicyArn)), sorted(want.attached_policy_arns));
    for (const p of attached.AttachedPolicies) assert.equal(p.PolicyName, p.PolicyArn.split('/').pop());

    const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: want.name }));
    assert.deepEqual(sorted(inline.PolicyNames), sorted(want.inline_policies.map((p) => p.name)));
    const doc = await iam.send(new GetRolePolicyCommand({ RoleName: want.name, PolicyName: want.inline_policies[0].name }));
    assert.equal(doc.RoleName, want.name);
    assert.equal(doc.PolicyName, want.inline_policies[0].name);
    assert.deepEqual(decodeDocument(doc.PolicyDocument), want.inline_policies[0].document);

    const missing = await errorOf(() => iam.send(new GetRoleCommand({ RoleName: 'no-such-role' })));
    assert.equal(missing.name, 'NoSuchEntityException');
    const noPolicy = await errorOf(() => iam.send(new GetRolePolicyCommand({ RoleName: want.name, PolicyName: 'nope' })));
    assert.equal(noPolicy.name, 'NoSuchEntityException');
  });

  test('GetPolicy and GetPolicyVersion for customer and AWS managed policies', async () => {
    const customerArn = `arn:aws:iam::${account.id}:policy/${account.managed_policies[0].name}`;
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: customerArn }))).Policy;
    assert.equal(policy.Arn, customerArn);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: customerArn, VersionId: policy.DefaultVersionId }));
    assert.equal(version.PolicyVersion.IsDefaultVersion, true);
    assert.deepEqual(decodeDocument(version.PolicyVersion.Document), account.managed_policies[0].document);

    const admin = await iam.send(new GetPolicyVersionCommand({
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1',
    }));
    assert.deepEqual(decodeDocument(admin.PolicyVersion.Document).Statement,
      [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const noVersion = await errorOf(() => iam.send(new GetPolicyVersionCommand({ PolicyArn: customerArn, VersionId: 'v9' })));
    assert.equal(noVersion.name, 'NoSuchEntityException');
  });

  test('CreateInstanceProfile and AddRoleToInstanceProfile, with EntityAlreadyExists and LimitExceeded', async () => {
    const created = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'e2e-created', Path: '/e2e/' }));
    assert.equal(created.InstanceProfile.Arn, profileArn(account, 'e2e-created', '/e2e/'));
    assert.equal(created.InstanceProfile.Path, '/e2e/');
    assert.deepEqual(created.InstanceProfile.Roles, []);
    const dup = await errorOf(() => iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'e2e-created' })));
    assert.equal(dup.name, 'EntityAlreadyExistsException');
    assert.equal(dup.$metadata.httpStatusCode, 409);

    const roleName = account.roles[0].name;
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'e2e-created', RoleName: roleName }));
    const got = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'e2e-created' }));
    assert.deepEqual(got.InstanceProfile.Roles.map((r) => r.RoleName), [roleName]);
    const second = await errorOf(() => iam.send(new AddRoleToInstanceProfileCommand({
      InstanceProfileName: 'e2e-created', RoleName: account.roles[1].name,
    })));
    assert.equal(second.name, 'LimitExceededException');
    const noRole = await errorOf(() => iam.send(new AddRoleToInstanceProfileCommand({
      InstanceProfileName: 'e2e-created', RoleName: 'no-such-role',
    })));
    assert.equal(noRole.name, 'NoSuchEntityException');
  });

  test('permissions boundaries: CreateRole/CreateUser set them, Put/Delete change them, reads return them', async () => {
    // An administrator's session in the member account (the auditor may not create roles).
    const member = (await emu.state()).accounts.find((a) => a.id !== account.id);
    const sts = new STSClient(clientConfig(emu));
    const assumed = await sts.send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${member.id}:role/OrganizationAccountAccessRole`, RoleSessionName: 'e2e-boundary',
    }));
    sts.destroy();
    const c = assumed.Credentials;
    const iam = new IAMClient(clientConfig(emu, {
      credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
    }));
    const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const created = await iam.send(new CreateRoleCommand({
      RoleName: 'e2e-bounded', AssumeRolePolicyDocument: trust, PermissionsBoundary: readOnly,
    }));
    assert.deepEqual(created.Role.PermissionsBoundary,
      { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: readOnly });
    const got = await iam.send(new GetRoleCommand({ RoleName: 'e2e-bounded' }));
    assert.equal(got.Role.PermissionsBoundary.PermissionsBoundaryArn, readOnly);
    const power = 'arn:aws:iam::aws:policy/PowerUserAccess';
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'e2e-bounded', PermissionsBoundary: power }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'e2e-bounded' }))).Role.PermissionsBoundary
      .PermissionsBoundaryArn, power);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: power }))).Policy.PermissionsBoundaryUsageCount, 1);
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'e2e-bounded' }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'e2e-bounded' }))).Role.PermissionsBoundary, undefined);
    const missing = await errorOf(() => iam.send(new PutRolePermissionsBoundaryCommand({
      RoleName: 'e2e-bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/NoSuchPolicy',
    })));
    assert.equal(missing.name, 'NoSuchEntityException');
    assert.match(missing.message, /^Scope ARN: arn:aws:iam::aws:policy\/NoSuchPolicy does not exist or is not attachable\.$/);

    await iam.send(new CreateUserCommand({ UserName: 'e2e-bounded-user', PermissionsBoundary: readOnly }));
    const user = await iam.send(new GetUserCommand({ UserName: 'e2e-bounded-user' }));
    assert.equal(user.User.PermissionsBoundary.PermissionsBoundaryArn, readOnly);
    iam.destroy();
  });

  test('SimulatePrincipalPolicy evaluates the users\' policies', async () => {
    const auditor = `arn:aws:iam::${account.id}:user/rolecall-auditor`;
    const out = await iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: auditor,
      ActionNames: ['ec2:AssociateIamInstanceProfile', 'iam:PassRole', 'ec2:DescribeInstances', 'iam:CreateUser'],
    }));
    const decisions = Object.fromEntries(out.EvaluationResults.map((r) => [r.EvalActionName, r.EvalDecision]));
    assert.deepEqual(decisions, {
      'ec2:AssociateIamInstanceProfile': 'allowed',
      'iam:PassRole': 'allowed',
      'ec2:DescribeInstances': 'allowed',
      'iam:CreateUser': 'implicitDeny',
    });
    const readonly = await iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${account.id}:user/readonly-auditor`,
      ActionNames: ['ec2:AssociateIamInstanceProfile', 'ec2:DescribeInstances'],
    }));
    assert.deepEqual(readonly.EvaluationResults.map((r) => [r.EvalActionName, r.EvalDecision]),
      [['ec2:AssociateIamInstanceProfile', 'implicitDeny'], ['ec2:DescribeInstances', 'allowed']]);
    const unknown = await errorOf(() => iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${account.id}:user/nobody`, ActionNames: ['ec2:DescribeInstances'],
    })));
    assert.equal(unknown.name, 'NoSuchEntityException');
  });
});

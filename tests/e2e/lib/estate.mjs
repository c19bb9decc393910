// Reads an estate document (GET /_emulator/state) the way the tests compare against it.

// The account a credentials profile belongs to (`default` is the first account).
export function accountOf(state, profile) {
  if (profile === 'default') return state.accounts[0];
  const account = state.accounts.find((a) => a.name === profile || a.id === profile);
  if (!account) throw new Error(`no account for profile ${profile}`);
  return account;
}

// Instances of `account` in `region`, optionally including terminated ones.
export function instancesIn(account, region, { terminated = false } = {}) {
  return account.instances.filter((i) => i.region === region && (terminated || i.state !== 'terminated'));
}

// arn:aws:iam::ACCOUNT:instance-profile/NAME (the generator uses path "/").
export function profileArn(account, name, path = '/') {
  return `arn:aws:iam::${account.id}:instance-profile${path}${name}`;
}

// A name that exists as an instance profile of `account`.
export function hasProfile(account, name) {
  return account.instance_profiles.some((p) => p.name === name);
}

// Sorted copy, for order-independent comparisons.
export function sorted(values) {
  return [...values].sort();
}

// Every instance of a DescribeInstances answer (all reservations, flattened).
export function flattenReservations(output) {
  return (output.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

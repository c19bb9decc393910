#!/usr/bin/env python3
"""Writes emulator/services/model/inputs.cpp: the request parameters each Query-protocol operation
(EC2, IAM, STS, Auto Scaling) defines, derived from botocore's service models, so the emulator refuses what the
API does not define (docs/emulator.md, "Parameters").

Which operations: every row of the emulator's tables (emulator/services/<svc>/operations.cpp),
every IAM and STS operation, and the EC2 operations in EXTRA_EC2 (the ones issue 16 plans to add),
so a helper adding one of those needs no regeneration. Adding another EC2 operation: add its row
to the table (or to EXTRA_EC2) and re-run this script.

A parameter name is written as a pattern: list indexes are `#` (EC2 flattens every list as
`Name.N`; IAM/STS write `Name.member.N` unless the list is flattened, and accept `Name=` for an
empty list), structure members are `.Member` with their serialized names (EC2: queryName, else
locationName with its first letter upper-cased, else the member name).

Required members (the shape's `required`, at the top level and inside structures and list
members) are written beside the names: the member's serialized pattern, how many leading segments
name its enclosing structure (0: the request itself), and how AWS names it in an error (EC2: the
serialized name; IAM/STS: the member names with their first letter lower-cased and a list element
as `#.member`, as in "Value null at 'tags.1.member.key'"). A nested member is required only where
its enclosing structure is sent.

Python 3 standard library only; botocore is found with `import botocore`.
Usage: scripts/gen_emulator_model.py [--check]   (--check: fail if the committed file differs)
"""
import gzip
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "emulator", "services", "model", "inputs.cpp")
SERVICES = {"ec2": "2016-11-15", "iam": "2010-05-08", "sts": "2011-06-15", "autoscaling": "2011-01-01"}
ALL_OPERATIONS = {"iam", "sts"}  # small services: every operation of the model
EXTRA_EC2 = [
    # issue 16: the sandbox's write operations and the networking reads
    "RunInstances", "TerminateInstances", "CreateLaunchTemplate", "CreateLaunchTemplateVersion",
    "ModifyLaunchTemplate", "DeleteLaunchTemplate", "DeleteLaunchTemplateVersions", "ModifyInstanceMetadataOptions", "ModifyInstanceAttribute",
    "DescribeVpcs", "DescribeSubnets", "DescribeAddresses", "DescribeNatGateways", "DescribeRouteTables",
    "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeInternetGateways", "DescribeAvailabilityZones",
    "DescribeInstanceStatus", "DescribeTags", "CreateTags", "DeleteTags", "DescribeImages", "DescribeVolumes",
    "DescribeKeyPairs", "DescribeAccountAttributes",
]
MAX_DEPTH = 8  # recursive shapes (none in these inputs today) stop here


def load_model(service, version):
    import botocore  # located wherever the interpreter finds it

    base = os.path.join(os.path.dirname(botocore.__file__), "data", service, version)
    for name, opener in (("service-2.json", open), ("service-2.json.gz", gzip.open)):
        path = os.path.join(base, name)
        if os.path.exists(path):
            with opener(path, "rt", encoding="utf-8") as f:
                return json.load(f)
    sys.exit(f"no botocore model for {service} {version} under {base}")


def table_operations(service):
    path = os.path.join(ROOT, "emulator", "services", service, "operations.cpp")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return re.findall(r'\{\s*"([A-Za-z0-9]+)"\s*,\s*(?:true|false)\s*,', f.read())


def ec2_name(ref, default):
    if "queryName" in ref:
        return ref["queryName"]
    if "locationName" in ref:
        name = ref["locationName"]
        return name[0].upper() + name[1:]
    return default


def query_name(ref, default):
    return ref.get("locationName", default)


def join(prefix, name):
    return f"{prefix}.{name}" if prefix else name


def lower_first(name):
    return name[:1].lower() + name[1:]


def patterns(model, ec2, ref, prefix, out, required, shown="", depth=0):
    """Adds every parameter name a value of shape `ref` serializes to under `prefix` to `out`, and
    every required member inside it to `required` as (pattern, parent segments, shown)."""
    shape = model["shapes"][ref["shape"]]
    kind = shape["type"]
    if depth > MAX_DEPTH:
        return
    if kind == "structure":
        must = set(shape.get("required", []))
        for member, member_ref in shape.get("members", {}).items():
            name = ec2_name(member_ref, member) if ec2 else query_name(member_ref, member)
            member_prefix = join(prefix, name)
            member_shown = member_prefix if ec2 else join(shown, lower_first(member))
            if member in must:
                # A list's elements carry its own name in EC2 (`InstanceId.1`) and the list's name
                # in IAM/STS (`Tags.member.1`); a flattened IAM list renamed by its member is not in
                # these models and is refused here rather than checked wrongly.
                target = model["shapes"][member_ref["shape"]]
                if target["type"] == "list" and not ec2 and target.get("flattened"):
                    sys.exit(f"{member_prefix}: a required flattened list is not supported")
                parent = len(prefix.split(".")) if prefix else 0
                required.append((member_prefix, parent, member_shown))
            patterns(model, ec2, member_ref, member_prefix, out, required, member_shown, depth + 1)
    elif kind == "list":
        if ec2:
            patterns(model, ec2, shape["member"], f"{prefix}.#", out, required, f"{prefix}.#", depth + 1)
            return
        out.add(prefix)  # the query protocol sends `Name=` for an empty list
        if shape.get("flattened"):
            list_prefix = prefix
            if "locationName" in shape["member"]:
                list_prefix = ".".join(prefix.split(".")[:-1] + [shape["member"]["locationName"]])
        else:
            list_prefix = f"{prefix}.{shape['member'].get('locationName', 'member')}"
        patterns(model, ec2, shape["member"], f"{list_prefix}.#", out, required, f"{shown}.#.member", depth + 1)
    elif kind == "map":
        entry = prefix if shape.get("flattened") else f"{prefix}.entry"
        key = query_name(shape["key"], "key")
        value = query_name(shape["value"], "value")
        out.add(f"{entry}.#.{key}")
        patterns(model, ec2, shape["value"], f"{entry}.#.{value}", out, required, f"{shown}.#.value", depth + 1)
    else:
        out.add(prefix)


def generate():
    import botocore

    rows = []
    for service, version in SERVICES.items():
        model = load_model(service, version)
        ec2 = model["metadata"]["protocol"] == "ec2"
        wanted = set(table_operations(service))
        if service in ALL_OPERATIONS:
            wanted |= set(model["operations"])
        if service == "ec2":
            wanted |= set(EXTRA_EC2)
        for name in sorted(wanted):
            op = model["operations"].get(name)
            if op is None:
                sys.exit(f"{service} {name}: not in botocore's {service} {version} model")
            out = set()
            required = []
            if "input" in op:
                patterns(model, ec2, op["input"], "", out, required)
            rows.append((service, name, sorted(out), required))
    lines = [
        "// Generated by scripts/gen_emulator_model.py from botocore "
        f"{botocore.__version__} (" + ", ".join(f"{s} {v}" for s, v in SERVICES.items()) + ").",
        "// Do not edit: re-run the script. The request parameters each operation defines (`#` = a list index)",
        "// and its required members {pattern, segments naming the enclosing structure, name in an error}.",
        "// clang-format off",
        '#include "emulator/services/model/model.h"',
        "",
        "namespace rolecall::emulator::model {",
        "",
        "const std::vector<OperationInputs>& generated_inputs() {",
        "  static const std::vector<OperationInputs> table = {",
    ]
    for service, name, params, required in rows:
        body = ", ".join(f'"{p}"' for p in params)
        must = ", ".join(f'{{"{p}", {n}, "{w}"}}' for p, n, w in required)
        lines.append(f'      {{"{service}", "{name}", {{{body}}}, {{{must}}}}},')
    lines += ["  };", "  return table;", "}", "", "}  // namespace rolecall::emulator::model", ""]
    return "\n".join(lines)


def main():
    text = generate()
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{OUT} is stale: run scripts/gen_emulator_model.py")
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()

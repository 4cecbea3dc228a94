#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the vfmgr generic netlink family.

Sends malformed and plausible requests to the "vfmgr" family over a raw
NETLINK_GENERIC socket and checks that every one is answered: by an error
ack, a successful ack (after any reply) or a dump ended by NLMSG_DONE.
Meant to run as root inside a test VM; every line printed is a KTAP
diagnostic ("# ...") so the output can be embedded in a KTAP stream.

What the family has (ops and the attributes their requests carry,
attribute sets, enums, policy limits) is read from its YNL spec,
Documentation/netlink/specs/vfmgr.yaml, so a new op or attribute is fuzzed
without editing this file.  With --policy, every limit the spec gives an
attribute of a request is also probed: values just inside must pass the
policy, values just outside (and attributes the request may not carry)
must be refused with EINVAL or ERANGE and an NLMSGERR_ATTR_OFFS pointing
at the attribute.  After the random messages, valid gets and dumps must
still work.

Messages are generated from --seed alone, so a run can be repeated
exactly; --dry-run shows the messages a run with the same options would
send, --list one line per message (neither needs a kernel).

Safety: ops other than "*-get" change something.  They are sent only when
every attribute they carry that reads as a PCI address names a --pf or no
PCI device of this machine; pf-set, which recreates the VFs, never
without --allow-pf-set.  Policy cases name only addresses no machine has.
An op the kernel has and the spec does not describe is never sent.

Exit status: 0 every message was answered (and the unprivileged pass, if
asked for, got only EPERM, and the policy cases went as the spec says);
1 a message went unanswered, an answer was malformed or not the one
expected; 2 setup failure (the spec cannot be read, the family is not
registered, no netlink socket, bad arguments, the unprivileged pass could
not drop privileges) with no other failure.
"""

import argparse
import errno
import os
import random
import re
import socket
import struct
import time

# Netlink and generic netlink (linux/netlink.h, linux/genetlink.h).
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11

NLMSG_HDR = struct.Struct("=IHHII")
GENL_HDR = struct.Struct("=BBH")
NLA_HDR = struct.Struct("=HH")
ERR_CODE = struct.Struct("=i")

NLMSG_NOOP = 1
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSG_OVERRUN = 4

NLM_F_REQUEST = 0x01
NLM_F_MULTI = 0x02
NLM_F_ACK = 0x04
NLM_F_ECHO = 0x08
NLM_F_DUMP_INTR = 0x10
NLM_F_ROOT = 0x100
NLM_F_MATCH = 0x200
NLM_F_ATOMIC = 0x400
NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
NLM_F_CAPPED = 0x100     # in NLMSG_ERROR: the request's payload left out
NLM_F_ACK_TLVS = 0x200   # in NLMSG_ERROR and NLMSG_DONE: extack follows

NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
NLMSGERR_ATTR_POLICY = 6

NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
NLA_TYPE_MASK = 0x3fff

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_VERSION = 3
CTRL_ATTR_HDRSIZE = 4
CTRL_ATTR_MAXATTR = 5
CTRL_ATTR_OPS = 6
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_OP_ID = 1
CTRL_ATTR_OP_FLAGS = 2
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
GENL_ADMIN_PERM = 0x01
GENL_CMD_CAP_DO = 0x02
GENL_CMD_CAP_DUMP = 0x04

# The vfmgr family is described by its YNL spec; everything the fuzzer knows
# about commands, attributes and their limits comes from there.
VFMGR_FAMILY_NAME = "vfmgr"
DEFAULT_SPEC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "Documentation", "netlink", "specs", "vfmgr.yaml")

# Fixed-width integer types of the YNL spec format; uint and sint are 4 or
# 8 bytes on the wire (the kernel takes either).
INT_FORMATS = {"u8": "=B", "u16": "=H", "u32": "=I", "u64": "=Q",
               "s8": "=b", "s16": "=h", "s32": "=i", "s64": "=q",
               "uint": "=Q", "sint": "=q"}
STRING_TYPES = ("string",)
BINARY_TYPES = ("binary",)


def limit_to_number(name):
    """A limit spelt u32-max, s64-min etc. as a number (as YNL reads it)."""
    if name[0] == "u" and name.endswith("-min"):
        return 0
    width = int(name[1:-4])
    if name[0] == "s":
        width -= 1
    value = (1 << width) - 1
    if name[0] == "s" and name.endswith("-min"):
        value = -value - 1
    return value


def int_bounds(atype):
    """Smallest and largest value an integer type holds."""
    bits = struct.calcsize(INT_FORMATS[atype]) * 8
    if atype[0] == "s":
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


class SpecError(Exception):
    """The spec cannot be read or uses something this fuzzer does not know."""


class SpecEnum:
    """An enum or flags definition: entry name -> value (a bit for flags)."""

    def __init__(self, yaml_enum):
        self.name = yaml_enum["name"]
        self.flags = yaml_enum["type"] == "flags"
        self.entries = {}
        value = yaml_enum.get("value-start", 0)
        for entry in yaml_enum.get("entries", []):
            if isinstance(entry, str):
                entry = {"name": entry}
            value = entry.get("value", value)
            self.entries[entry["name"]] = (1 << value) if self.flags else value
            value += 1

    def values(self):
        """The entries' values, in order."""
        return list(self.entries.values())

    def mask(self):
        """Flags: every defined bit."""
        mask = 0
        for value in self.entries.values():
            mask |= value
        return mask


class SpecAttr:  # pylint: disable=too-many-instance-attributes
    """One attribute of an attribute set, with the policy its checks imply.

    For integers @low and @high are the range the generated policy accepts
    (None when it only checks the width) and @mask the bits a flags enum
    allows; for strings and binaries @min_len, @max_len bound the payload
    (for strings, without the NUL, which @nul says is required).
    """

    def __init__(self, spec, aset, yaml_attr, value):
        self.aset = aset
        self.name = yaml_attr["name"]
        self.value = value
        self.type = yaml_attr.get("type", "nest")
        self.nested = yaml_attr.get("nested-attributes")
        self.hint = yaml_attr.get("display-hint")
        self.enum = None
        if "enum" in yaml_attr:
            self.enum = spec.enums.get(yaml_attr["enum"])
            if self.enum is None:
                raise SpecError(f"{aset}.{self.name}: no enum {yaml_attr['enum']}")
        checks = {key: spec.limit(val) if key != "unterminated-ok" else val
                  for key, val in (yaml_attr.get("checks") or {}).items()}
        self.checks = checks
        self.low = self.high = self.mask = None
        self.min_len = self.max_len = None
        self.nul = self.type in STRING_TYPES and not checks.get("unterminated-ok")
        if self.type in INT_FORMATS:
            self.low = checks.get("min")
            self.high = checks.get("max")
            as_flags = yaml_attr.get("enum-as-flags", False)
            if self.enum and as_flags and not self.enum.flags:
                self.mask = sum(1 << value for value in self.enum.values())
            elif self.enum and self.enum.flags:
                self.mask = self.enum.mask()
            elif self.enum and self.enum.entries:
                # As ynl-gen-c: the enum's range unless checks: says otherwise.
                values = self.enum.values()
                if self.low is None and (min(values) != 0 or self.type[0] == "s"):
                    self.low = min(values)
                if self.high is None:
                    self.high = max(values)
            if "flags-mask" in checks:
                self.mask = spec.enums[yaml_attr["checks"]["flags-mask"]].mask()
        elif "exact-len" in checks:
            self.min_len = self.max_len = checks["exact-len"]
        else:
            self.min_len = checks.get("min-len")
            self.max_len = checks.get("max-len")

    @property
    def is_int(self):
        """An integer attribute."""
        return self.type in INT_FORMATS

    @property
    def limited(self):
        """The policy refuses some values of the attribute's width."""
        return self.low is not None or self.high is not None or self.mask is not None

    @property
    def is_pci(self):
        """The project's naming rule: "pci" and "*-pci" hold a PCI address."""
        return self.type in STRING_TYPES and (self.name == "pci"
                                              or self.name.endswith("-pci"))

    def valid_range(self):
        """(low, high) the policy accepts, for an integer."""
        low, high = int_bounds(self.type)
        return (low if self.low is None else self.low,
                high if self.high is None else self.high)

    def __str__(self):
        return self.name


class SpecAttrSet:
    """An attribute set: attributes by value and by name."""

    def __init__(self, spec, yaml_set):
        self.name = yaml_set["name"]
        self.by_value = {}
        self.by_name = {}
        parent = yaml_set.get("subset-of")
        value = 1
        for yaml_attr in yaml_set.get("attributes", []):
            if parent:
                attr = spec.attr_sets[parent].by_name[yaml_attr["name"]]
            else:
                value = yaml_attr.get("value", value)
                attr = SpecAttr(spec, self.name, yaml_attr, value)
                value += 1
            self.by_value[attr.value] = attr
            self.by_name[attr.name] = attr

    def __getitem__(self, value):
        return self.by_value[value]

    def get(self, value):
        """The attribute of type @value, or None."""
        return self.by_value.get(value)

    def values(self):
        """The attribute types, in order."""
        return sorted(self.by_value)

    def attrs(self, names):
        """The attributes named in an op's list."""
        try:
            return [self.by_name[name] for name in names]
        except KeyError as err:
            raise SpecError(f"attribute set {self.name} has no {err}") from err


class SpecOp:  # pylint: disable=too-many-instance-attributes
    """An operation: its command value and what its requests may carry."""

    def __init__(self, spec, yaml_op, value):
        self.name = yaml_op["name"]
        self.value = value
        self.version = spec.version
        self.aset = spec.attr_sets[yaml_op.get("attribute-set", spec.default_set)]
        self.admin = "admin-perm" in yaml_op.get("flags", [])
        self.event = "event" in yaml_op or "notify" in yaml_op
        self.has_do = "do" in yaml_op
        self.has_dump = "dump" in yaml_op
        self.do_attrs = self.request(yaml_op, "do")
        self.dump_attrs = self.request(yaml_op, "dump")
        self.event_attrs = self.aset.attrs(
            (yaml_op.get("event") or {}).get("attributes", []))

    def request(self, yaml_op, mode):
        """The attributes a do or dump request may carry."""
        yaml_mode = yaml_op.get(mode) or {}
        names = (yaml_mode.get("request") or {}).get("attributes", [])
        return self.aset.attrs(names)

    @property
    def changing(self):
        """YNL naming: only "*-get" ops leave everything as it is."""
        return not self.event and not self.name.endswith("-get")

    def __str__(self):
        return self.name


class Spec:
    """The family as its YNL spec describes it."""

    def __init__(self, path):
        try:
            import yaml  # pylint: disable=import-outside-toplevel
        except ImportError as err:
            raise SpecError("PyYAML (python3-yaml) is needed to read the spec") from err
        try:
            with open(path, encoding="utf-8") as spec_file:
                doc = yaml.safe_load(spec_file)
        except (OSError, yaml.YAMLError) as err:
            raise SpecError(f"{path}: {err}") from err
        try:
            self.load(doc)
        except (KeyError, TypeError, ValueError) as err:
            raise SpecError(f"{path}: cannot read {err!r}") from err
        self.path = path

    def load(self, doc):
        """Definitions, attribute sets and operations, in that order."""
        self.name = doc["name"]
        if doc.get("protocol", "genetlink") not in ("genetlink", "genetlink-c",
                                                     "genetlink-legacy"):
            raise SpecError(f"protocol {doc['protocol']} is not generic netlink")
        self.version = doc.get("version", 1)
        self.consts = {}
        self.enums = {}
        for definition in doc.get("definitions", []):
            if definition["type"] == "const":
                self.consts[definition["name"]] = definition["value"]
            elif definition["type"] in ("enum", "flags"):
                self.enums[definition["name"]] = SpecEnum(definition)
        self.attr_sets = {}
        for yaml_set in doc.get("attribute-sets", []):
            self.attr_sets[yaml_set["name"]] = SpecAttrSet(self, yaml_set)
        for aset in self.attr_sets.values():
            for attr in aset.by_value.values():
                if attr.nested and attr.nested not in self.attr_sets:
                    raise SpecError(f"{aset.name}.{attr.name}: no attribute set "
                                    f"{attr.nested}")
        operations = doc.get("operations", {})
        if operations.get("enum-model", "unified") != "unified":
            raise SpecError(f"enum-model {operations['enum-model']} not supported")
        if operations.get("fixed-header"):
            raise SpecError("fixed-header not supported")
        self.default_set = next(iter(self.attr_sets), None)
        self.ops = {}
        value = 1
        for yaml_op in operations.get("list", []):
            value = yaml_op.get("value", value)
            self.ops[value] = SpecOp(self, yaml_op, value)
            value += 1

    def limit(self, value):
        """A checks: value: a number, a const's name or u32-max and the like."""
        if isinstance(value, (bool, int)):
            return value
        if value in self.consts:
            return self.consts[value]
        if value in self.enums:
            return value  # flags-mask names a flags definition
        return limit_to_number(value)

    def op_name(self, cmd):
        """The name of command @cmd, or "unknown"."""
        return self.ops[cmd].name if cmd in self.ops else "unknown"

    def request_ops(self):
        """The ops a request can name (notifications cannot)."""
        return [op for op in self.ops.values() if op.has_do or op.has_dump]

    def attr_name(self, cmd, atype):
        """Name of attribute @atype in command @cmd's set, or "?"."""
        attr = self.ops[cmd].aset.get(atype) if cmd in self.ops else None
        return attr.name if attr else "?"


# What the handlers check beyond the policy (driver/netlink.c), by attribute
# set and attribute: plausible requests stay within these, and out-of-range
# messages also try values past them.
PLAUSIBLE_VFS = 10
PLAUSIBLE_NUM_VFS = 7
MAX_TX_RATE_PORT = 1000
FRAME_MIN = 60
FRAME_MAX = 9728
# The attributes that name the object of a request, besides PCI addresses.
IDENTITY_NAMES = ("id",)
# An attribute that only means something along with another (its value
# must be 0 while the other's is).
DEPENDS_ON = {("vf", "qos"): "vlan"}
# Ops that may wreck the test's setup even on a --pf, and the option that
# allows them.
GUARDED_OPS = {"pf-set": "--allow-pf-set"}

WRONG_LENGTHS = (0, 1, 3, 5, 7, 31, 32, 64, 1000)
BINARY_WRONG_LENGTHS = (0, 1, 2, 5, 7, 8, 12, 16, 32, 1000)
LONG_STRING_LENGTHS = (31, 32, 33, 64, 255, 256, 1000, 4095, 4096, 8192)
HUGE_STRING_LENGTH = 65000
INTERESTING_INTS = (0, 1, 2, 3, 7, 8, 10, 11, 127, 128, 255, 256, 4095, 4096,
                    65535, 65536, 0x7fffffff, 0x80000000, 0xffffffff,
                    0x100000000, 0xffffffffffffffff)
WORDS = (b"igbvf", b"vfio-pci", b"eth0", b"ens4f0", b"", b" ", b"x" * 15,
         b"x" * 16, b"%s%s%s%n", b"\xff\xfe\xfd", b"../../..")
JUNK_ADDRESSES = (b"", b"0", b"0000:00:00", b"0000:00:00.0", b"0000:01:00.0 ",
                  b" 0000:01:00.0", b"0000:01:00.8", b"0000:zz:00.0",
                  b"ffff:ff:ff.f", b"0000:01:00.0/..", b"../../../..",
                  b"\xff" * 12, b"0" * 31)
# A PCI address in domain 0xfffe, which no machine has; the policy cases
# name only such addresses, so whatever passes the policy changes nothing.
NO_SUCH_PCI = b"fffe:ff:1f.7"
NEST_DEPTH = 2
DEFAULT_SEED = 1
DEFAULT_COUNT = 2000
DRY_RUN_COUNT = 8
RECV_SIZE = 1 << 18
SOCKBUF = 1 << 20
PCI_DEVICES = "/sys/bus/pci/devices"
PCI_ADDRESS = re.compile(rb"[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]")
FAILURES = ("timeout", "send-error", "recv-error", "malformed")
NATIVE_ORDER = "little" if struct.pack("=H", 1)[0] == 1 else "big"


def diag(text=""):
    """Print one KTAP diagnostic line."""
    print(("# " + text).rstrip(), flush=True)


def errno_name(code):
    """EINVAL for 22 (EOPNOTSUPP, as the kernel says, for 95)."""
    if code == errno.EOPNOTSUPP:
        return "EOPNOTSUPP"
    return errno.errorcode.get(code, f"E{code}")


def align4(length):
    """NLMSG_ALIGN / NLA_ALIGN."""
    return (length + 3) & ~3


def nla(atype, payload, pad=True, length=None):
    """An attribute; @length overrides nla_len (to lie about it)."""
    if length is None:
        length = NLA_HDR.size + len(payload)
    data = NLA_HDR.pack(length & 0xffff, atype & 0xffff) + payload
    if pad:
        data += bytes(-len(data) % 4)
    return data


def walk_attrs(data):
    """Attributes as the kernel's nla_for_each_attr() walks them.

    Returns [(nla_type, payload)] and the number of bytes left over.
    """
    attrs = []
    off = 0
    while len(data) - off >= NLA_HDR.size:
        length, atype = NLA_HDR.unpack_from(data, off)
        if length < NLA_HDR.size or length > len(data) - off:
            break
        attrs.append((atype, data[off + NLA_HDR.size:off + length]))
        off += align4(length)
    return attrs, max(len(data) - off, 0)


def attr_dict(data):
    """{type: payload} of a well-formed attribute stream (last one wins)."""
    return {atype & NLA_TYPE_MASK: payload
            for atype, payload in walk_attrs(data)[0]}


def get_uint(payload):
    """An unsigned integer attribute of any width."""
    if len(payload) not in (1, 2, 4, 8):
        return None
    return int.from_bytes(payload, NATIVE_ORDER)


def c_string(payload):
    """What strcmp() sees of a string attribute."""
    return payload.split(b"\0", 1)[0]


def flag_names(flags):
    """NLM_F_* of a request, for people."""
    names = []
    if flags & NLM_F_DUMP == NLM_F_DUMP:
        names.append("DUMP")
        flags &= ~NLM_F_DUMP
    for bit, name in ((NLM_F_REQUEST, "REQUEST"), (NLM_F_MULTI, "MULTI"),
                      (NLM_F_ACK, "ACK"), (NLM_F_ECHO, "ECHO"),
                      (NLM_F_DUMP_INTR, "DUMP_INTR"), (NLM_F_ROOT, "ROOT"),
                      (NLM_F_MATCH, "MATCH"), (NLM_F_ATOMIC, "ATOMIC")):
        if flags & bit:
            names.append(name)
            flags &= ~bit
    if flags:
        names.append(f"{flags:#x}")
    return "|".join(names)


def hexdump(data, limit=256):
    """Hex and ASCII of @data, as diagnostics."""
    for off in range(0, min(len(data), limit), 16):
        chunk = data[off:off + 16]
        hexes = " ".join(f"{b:02x}" for b in chunk)
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        diag(f"  {off:04x}  {hexes:<47}  {text}")
    if len(data) > limit:
        diag(f"  ... {len(data) - limit} more bytes")


def pack_int(atype, value):
    """@value as an integer of type @atype, truncated to fit."""
    fmt = INT_FORMATS[atype]
    bits = struct.calcsize(fmt) * 8
    value &= (1 << bits) - 1
    if atype[0] == "s" and value >> (bits - 1):
        value -= 1 << bits
    return struct.pack(fmt, value)


class Msg:
    """One request: the bytes after its netlink header and how they were made."""

    def __init__(self, cmd, flags, body, tags):
        self.cmd = cmd
        self.flags = flags
        self.body = body
        self.tags = tags

    def encode(self, family_id, seq):
        """The whole message, netlink header first (always a truthful one)."""
        return NLMSG_HDR.pack(NLMSG_HDR.size + len(self.body), family_id,
                              self.flags, seq, 0) + self.body

    def describe(self, spec):
        """One line about the message."""
        version = self.body[1] if len(self.body) > 1 else None
        return (f"cmd {self.cmd} ({spec.op_name(self.cmd)}) version {version} "
                f"flags {flag_names(self.flags)} "
                f"len {NLMSG_HDR.size + len(self.body)}: {', '.join(self.tags)}")


def identity(aset, attrs=None):
    """The attributes of @attrs (default: all of @aset) naming the object.

    Those are the set's first PCI address (the PF's, in every set of the
    family) and the ones in IDENTITY_NAMES.
    """
    if attrs is None:
        attrs = [aset[value] for value in aset.values()]
    pci = [attr for attr in attrs if attr.is_pci][:1]
    return pci + [attr for attr in attrs if attr.name in IDENTITY_NAMES]


class Generator:  # pylint: disable=too-many-public-methods
    """Requests, from a seeded random generator and the spec only."""

    def __init__(self, rng, pfs, spec):
        self.rng = rng
        self.pfs = [pf.encode() for pf in pfs]
        self.spec = spec
        self.sets = list(spec.attr_sets.values())
        self.cmds = sorted(op.value for op in spec.ops.values())
        self.huge_used = False  # one string near 64 KiB per message at most

    def randbytes(self, count):
        """@count random bytes."""
        if not count:
            return b""
        return self.rng.getrandbits(8 * count).to_bytes(count, "little")

    def command(self):
        """Mostly the family's commands, sometimes any byte."""
        if self.rng.random() < 0.7:
            return self.rng.randint(self.cmds[0], self.cmds[-1])
        return self.rng.randint(0, 255)

    def version(self):
        """Mostly the family's version."""
        roll = self.rng.random()
        if roll < 0.75:
            return self.spec.version
        if roll < 0.85:
            return 0
        return self.rng.randint(0, 255)

    def flags(self):
        """nlmsg_flags, NLM_F_ACK always."""
        rng = self.rng
        flags = NLM_F_ACK
        if rng.random() < 0.92:
            flags |= NLM_F_REQUEST
        if rng.random() < 0.3:
            flags |= NLM_F_DUMP
        elif rng.random() < 0.05:
            flags |= rng.choice((NLM_F_ROOT, NLM_F_MATCH))
        for bit, chance in ((NLM_F_ECHO, 0.1), (NLM_F_ATOMIC, 0.05),
                            (NLM_F_MULTI, 0.05), (NLM_F_DUMP_INTR, 0.02)):
            if rng.random() < chance:
                flags |= bit
        if rng.random() < 0.03:
            flags |= rng.getrandbits(16)
        return flags

    def pci_name(self):
        """A PF address: a --pf one, a made-up one, or junk."""
        rng = self.rng
        roll = rng.random()
        if self.pfs and roll < 0.6:
            return rng.choice(self.pfs)
        if roll < 0.8:
            return b"%04x:%02x:%02x.%x" % (rng.randint(0xf000, 0xffff),
                                           rng.randint(0, 255),
                                           rng.randint(0, 31),
                                           rng.randint(0, 7))
        return rng.choice(JUNK_ADDRESSES)

    def plausible_pci(self):
        """A --pf address, or one no machine has."""
        if self.pfs:
            return self.rng.choice(self.pfs)
        return b"fffe:%02x:00.0" % self.rng.randint(0, 255)

    def mac(self):
        """A unicast, locally administered MAC, or all zeroes."""
        if self.rng.random() < 0.2:
            return bytes(6)
        return b"\x02" + self.randbytes(5)

    def string_value(self, attr):
        """The text of a string attribute, without its NUL."""
        return self.pci_name() if attr.is_pci else self.rng.choice(WORDS)

    def valid_int(self, attr):
        """A value of an integer attribute that its policy accepts."""
        rng = self.rng
        key = (attr.aset, attr.name)
        if key == ("vf", "id"):
            return rng.randint(0, PLAUSIBLE_VFS)
        if attr.mask is not None:
            return rng.getrandbits(attr.mask.bit_length()) & attr.mask
        if attr.enum and attr.enum.entries and rng.random() < 0.8:
            return rng.choice(attr.enum.values())
        if attr.limited:
            return rng.randint(*attr.valid_range())
        return rng.choice(INTERESTING_INTS)

    def plausible_int(self, attr):
        """A value of an integer attribute its handler accepts, mostly."""
        rng = self.rng
        key = (attr.aset, attr.name)
        if key == ("pf", "num-vfs"):
            return rng.randint(0, PLAUSIBLE_NUM_VFS)
        if key == ("vf", "max-tx-rate"):
            return rng.choice((0, rng.randint(1, MAX_TX_RATE_PORT)))
        if key == ("vf", "max-frame"):
            return rng.choice((0, rng.randint(FRAME_MIN, FRAME_MAX)))
        if attr.enum and attr.enum.entries and attr.mask is None:
            return rng.choice(attr.enum.values())
        return self.valid_int(attr)

    def binary_value(self, attr):
        """A binary payload of a length the policy accepts."""
        if attr.hint == "mac" and attr.min_len in (None, 6) and attr.max_len in (None, 6):
            return self.mac()
        low = attr.min_len or 0
        high = attr.max_len if attr.max_len is not None else max(low, 64)
        return self.randbytes(self.rng.randint(low, high))

    def valid_payload(self, attr, plausible=False, depth=0):
        """A payload of the right type and within the policy."""
        if attr.is_int:
            value = self.plausible_int(attr) if plausible else self.valid_int(attr)
            return pack_int(attr.type, value)
        if attr.type in STRING_TYPES:
            if plausible and attr.is_pci:
                return self.plausible_pci() + b"\0"
            text = self.string_value(attr)
            if attr.max_len is not None:
                text = text[:attr.max_len]
            return text + (b"\0" if attr.nul else b"")
        if attr.type in BINARY_TYPES:
            return self.binary_value(attr)
        if attr.type == "flag":
            return b""
        if attr.type == "nest" and attr.nested and depth < NEST_DEPTH:
            inner = self.spec.attr_sets[attr.nested]
            picks = self.rng.sample(inner.values(), min(len(inner.values()),
                                                        self.rng.randint(0, 3)))
            return b"".join(nla(value, self.valid_payload(inner[value], plausible,
                                                          depth + 1))
                            for value in picks)
        return self.randbytes(self.rng.choice((0, 4, 8)))

    def base(self, aset):
        """The attributes that name the object: its PF, and its VF."""
        return [nla(attr.value, self.valid_payload(attr)) for attr in identity(aset)]

    def any_attr(self, aset):
        """A random attribute of @aset."""
        return aset[self.rng.choice(aset.values())]

    def pick(self, aset, test):
        """A random attribute of @aset passing @test (of any set if none does)."""
        attrs = [aset[v] for v in aset.values() if test(aset[v])]
        if not attrs:
            attrs = [s[v] for s in self.sets for v in s.values() if test(s[v])]
        return self.rng.choice(attrs) if attrs else None

    def mut_valid(self, aset):
        """A well-formed attribute."""
        attr = self.any_attr(aset)
        return nla(attr.value, self.valid_payload(attr)), f"valid({attr})"

    def mut_wrong_len(self, aset):
        """A known attribute with a payload of the wrong length."""
        attr = self.any_attr(aset)
        count = self.rng.choice(WRONG_LENGTHS)
        return nla(attr.value, self.randbytes(count)), f"wrong-len({attr},{count})"

    def mut_unknown_type(self, aset):
        """An attribute type past the set's last, up to 0xffff."""
        atype = self.rng.randint(max(aset.values()) + 1, 0xffff)
        payload = self.randbytes(self.rng.choice((0, 1, 4, 8, 13)))
        return nla(atype, payload), f"unknown-type({atype:#x})"

    def mut_flag_bits(self, aset):
        """A known attribute with NLA_F_NESTED and/or NLA_F_NET_BYTEORDER."""
        attr = self.any_attr(aset)
        bits = self.rng.choice((NLA_F_NESTED, NLA_F_NET_BYTEORDER,
                                NLA_F_NESTED | NLA_F_NET_BYTEORDER))
        return (nla(attr.value | bits, self.valid_payload(attr)),
                f"flag-bits({attr},{bits:#x})")

    def mut_no_nul(self, aset):
        """A string attribute without its terminating NUL."""
        attr = self.pick(aset, lambda a: a.type in STRING_TYPES)
        if attr is None:
            return self.mut_valid(aset)
        text = self.string_value(attr) or b"x"
        return nla(attr.value, text), f"no-nul({attr})"

    def mut_embedded_nul(self, aset):
        """A string attribute with a NUL inside."""
        attr = self.pick(aset, lambda a: a.type in STRING_TYPES)
        if attr is None:
            return self.mut_valid(aset)
        text = self.string_value(attr)
        cut = self.rng.randint(0, len(text))
        text = text[:cut] + b"\0" + text[cut:] + self.rng.choice((b"\0", b"", b"junk\0"))
        return nla(attr.value, text), f"embedded-nul({attr},{cut})"

    def mut_long_string(self, aset):
        """A string attribute longer than any the family wants."""
        attr = self.pick(aset, lambda a: a.type in STRING_TYPES)
        if attr is None:
            return self.mut_valid(aset)
        if self.rng.random() < 0.05 and not self.huge_used:
            count = HUGE_STRING_LENGTH
            self.huge_used = True
        else:
            count = self.rng.choice(LONG_STRING_LENGTHS)
        seed = self.string_value(attr) or b"A"
        text = (seed * (count // len(seed) + 1))[:count]
        nul = self.rng.random() < 0.5
        if nul:
            text = text[:-1] + b"\0" if text else b"\0"
        return (nla(attr.value, text),
                f"long-string({attr},{count},{'nul' if nul else 'no-nul'})")

    def mut_binary_len(self, aset):
        """A binary attribute (a MAC, in this family) of the wrong length."""
        attr = self.pick(aset, lambda a: a.type in BINARY_TYPES)
        if attr is None:
            return self.mut_valid(aset)
        count = self.rng.choice(BINARY_WRONG_LENGTHS)
        return nla(attr.value, self.randbytes(count)), f"bin-len({attr},{count})"

    def out_of_range_value(self, attr):
        """An integer past what the policy, or the handler, accepts."""
        rng = self.rng
        low, high = attr.valid_range()
        bottom, top = int_bounds(attr.type)
        choices = []
        if attr.mask is not None:
            outside = ~attr.mask & top
            if outside:
                choices += [outside, attr.mask | (outside & -outside)]
        if high < top:
            choices += [high + 1, top, min(top, high + rng.randint(1, 1000))]
        if low > bottom:
            choices += [low - 1, bottom, max(bottom, low - rng.randint(1, 1000))]
        key = (attr.aset, attr.name)
        if key == ("vf", "id"):
            choices.append(rng.randint(PLAUSIBLE_VFS + 1, high))
        if key == ("vf", "max-tx-rate"):
            choices.append(rng.randint(MAX_TX_RATE_PORT + 1, high))
        if key == ("vf", "max-frame"):
            choices += [rng.randint(1, FRAME_MIN - 1), rng.randint(FRAME_MAX + 1, high)]
        return rng.choice(choices) if choices else top

    def mut_out_of_range(self, aset):
        """An integer attribute with a value past its range."""
        attr = self.pick(aset, lambda a: a.is_int and a.limited)
        if attr is None:
            return self.mut_valid(aset)
        value = self.out_of_range_value(attr)
        return (nla(attr.value, pack_int(attr.type, value)),
                f"out-of-range({attr},{value})")

    def mut_int_width(self, aset):
        """An integer attribute of the wrong width."""
        attr = self.pick(aset, lambda a: a.is_int)
        if attr is None:
            return self.mut_valid(aset)
        size = struct.calcsize(INT_FORMATS[attr.type])
        width = self.rng.choice([t for t in ("u8", "u16", "u32", "u64")
                                 if struct.calcsize(INT_FORMATS[t]) != size])
        value = self.rng.choice(INTERESTING_INTS)
        return nla(attr.value, pack_int(width, value)), f"int-width({attr},{width})"

    MUTATIONS = (mut_valid, mut_valid, mut_wrong_len, mut_wrong_len,
                 mut_unknown_type, mut_flag_bits, mut_no_nul, mut_embedded_nul,
                 mut_long_string, mut_binary_len, mut_out_of_range,
                 mut_out_of_range, mut_int_width)

    def framing(self, blob, aset):
        """Break the attribute stream itself."""
        rng = self.rng
        how = rng.randrange(5)
        if how == 0:
            count = rng.randint(1, 3)
            return blob + self.randbytes(count), f"truncated-nla-header({count})"
        if how == 1:
            have = rng.choice((0, 1, 4, 8, 31))
            claim = rng.randint(NLA_HDR.size + have + 1, 0xffff)
            atype = rng.choice(aset.values())
            return (blob + nla(atype, self.randbytes(have), pad=False, length=claim),
                    f"nla-len-past-end({claim})")
        if how == 2:
            claim = rng.randint(0, NLA_HDR.size - 1)
            bogus = nla(rng.choice(aset.values()), b"", length=claim)
            cut = align4(rng.randint(0, len(blob)))
            cut = min(cut, len(blob))
            return blob[:cut] + bogus + blob[cut:], f"nla-len-short({claim})"
        if how == 3:
            attr = self.any_attr(aset)
            odd = self.randbytes(rng.choice((1, 2, 3, 5, 7)))
            return (nla(attr.value, odd, pad=False) + blob,
                    f"unpadded({attr},{len(odd)})")
        return blob + self.randbytes(rng.randint(1, 128)), "garbage"

    def fuzzed(self):
        """A request built to be wrong in some way."""
        rng = self.rng
        cmd = self.command()
        flags = self.flags()
        if cmd in self.spec.ops:
            aset = self.spec.ops[cmd].aset
        else:
            aset = rng.choice(self.sets)
        tags = []
        attrs = []
        self.huge_used = False
        if rng.random() < 0.5:
            attrs = self.base(aset)
            tags.append("base")
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4, 6))):
            data, tag = rng.choice(self.MUTATIONS)(self, aset)
            attrs.append(data)
            tags.append(tag)
        rng.shuffle(attrs)
        blob = b"".join(attrs)
        if rng.random() < 0.2:
            blob, tag = self.framing(blob, aset)
            tags.append(tag)
        reserved = 0
        if rng.random() < 0.03:
            reserved = rng.randint(1, 0xffff)
            tags.append(f"reserved({reserved:#x})")
        body = GENL_HDR.pack(cmd, self.version(), reserved) + blob
        if rng.random() < 0.03:
            cut = rng.randint(0, GENL_HDR.size - 1)
            body = body[:cut]
            tags.append(f"short-genl-header({cut})")
        return Msg(cmd, flags, body, tags or ["no-attrs"])

    def settings(self, attrs):
        """A few valid settings out of @attrs, as attributes.

        An attribute of DEPENDS_ON comes with the one it depends on, and
        is 0 while that one is.
        """
        rng = self.rng
        chosen = rng.sample(attrs, rng.randint(1, min(4, len(attrs))))
        by_name = {attr.name: attr for attr in attrs}
        for attr in list(chosen):
            other = by_name.get(DEPENDS_ON.get((attr.aset, attr.name)))
            if other and other not in chosen:
                chosen.append(other)
        values = {attr.name: self.valid_payload(attr, plausible=True) for attr in chosen}
        for attr in chosen:
            other = DEPENDS_ON.get((attr.aset, attr.name))
            if other in values and not any(values[other]):
                values[attr.name] = bytes(len(values[attr.name]))
        return [nla(attr.value, values[attr.name]) for attr in chosen]

    def plausible(self):
        """A well-formed request for a --pf PF and a VF 0..10."""
        rng = self.rng
        op = self.spec.ops[rng.choice(self.cmds)]
        flags = NLM_F_REQUEST | NLM_F_ACK
        if op.event:
            attrs = op.event_attrs
            names = identity(op.aset, attrs)
            chosen = names + [attr for attr in attrs if attr.is_int and attr.enum][:1]
            blobs = [nla(attr.value, self.valid_payload(attr, plausible=True))
                     for attr in chosen]
        elif op.has_dump and (not op.has_do or rng.random() < 0.4):
            flags |= NLM_F_DUMP
            blobs = []
            if op.dump_attrs and rng.random() < 0.5:
                blobs = [nla(attr.value, self.valid_payload(attr, plausible=True))
                         for attr in identity(op.aset, op.dump_attrs)]
        else:
            names = identity(op.aset, op.do_attrs)
            blobs = [nla(attr.value, self.valid_payload(attr, plausible=True))
                     for attr in names]
            others = [attr for attr in op.do_attrs if attr not in names]
            if others:
                blobs += self.settings(others)
        body = GENL_HDR.pack(op.value, self.spec.version, 0) + b"".join(blobs)
        return Msg(op.value, flags, body, ["plausible"])

    def message(self):
        """The next request of a run."""
        if self.rng.random() < 0.25:
            return self.plausible()
        return self.fuzzed()

    def dispatchable(self, ops):
        """A request that reaches an op's permission check.

        @ops maps the commands to use to their CTRL_ATTR_OP_FLAGS.
        """
        msg = self.message()
        cmd = self.rng.choice(sorted(ops))
        flags = NLM_F_REQUEST | NLM_F_ACK
        if ops[cmd] & GENL_CMD_CAP_DUMP and (
                not ops[cmd] & GENL_CMD_CAP_DO or self.rng.random() < 0.4):
            flags |= NLM_F_DUMP
        body = msg.body
        if len(body) < GENL_HDR.size:
            body = GENL_HDR.pack(cmd, self.spec.version, 0)
        else:
            # The genl core checks the reserved field before permissions.
            body = GENL_HDR.pack(cmd, body[1], 0) + body[GENL_HDR.size:]
        return Msg(cmd, flags, body, msg.tags)


class Safety:
    """Which messages may be sent on this machine."""

    def __init__(self, pfs, allowed, spec, kernel_ops=None):
        """@allowed: the GUARDED_OPS the command line allows."""
        self.pfs = {pf.encode() for pf in pfs}
        self.allowed = set(allowed)
        self.spec = spec
        # Commands the kernel serves and the spec does not know: nobody
        # can tell what they change.
        self.unknown = set(kernel_ops or ()) - set(spec.ops)
        try:
            self.devices = {os.fsencode(d) for d in os.listdir(PCI_DEVICES)}
        except OSError:
            self.devices = None

    def refuse(self, msg):
        """Why @msg must not be sent, or None."""
        if not msg.body:
            return None
        cmd = msg.body[0]
        if cmd in self.unknown:
            return "an op the spec does not describe"
        op = self.spec.ops.get(cmd)
        if op is None or not op.changing:
            return None
        if op.name in GUARDED_OPS and op.name not in self.allowed:
            return f"{op.name} without {GUARDED_OPS[op.name]}"
        # Any attribute may be read as a PCI address by some op: look at all.
        for _, payload in walk_attrs(msg.body[GENL_HDR.size:])[0]:
            name = c_string(payload)
            if name in self.pfs:
                continue
            if name in (self.devices if self.devices is not None else ()) \
                    or (self.devices is None and PCI_ADDRESS.fullmatch(name)):
                return "names a PCI device not given with --pf"
        return None


def _old_dump_parse():
    """Whether the running kernel predates 6.6's dump attribute parsing."""
    try:
        major, minor = (int(x) for x in os.uname().release.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) < (6, 6)


OLD_DUMP_PARSE = _old_dump_parse()


class PolicyCase:
    """One request probing one limit of one attribute of an op's request.

    @accept says whether the policy the spec describes takes the value
    (None: the kernel may take or refuse it); @offset is where the
    attribute under test starts in the message, which a refusal's
    NLMSGERR_ATTR_OFFS must point at.
    """

    def __init__(self, op, dump, attr, what, payload, accept, base):
        self.op = op
        self.dump = dump
        self.attr = attr
        self.what = what
        self.accept = accept
        self.offset = NLMSG_HDR.size + GENL_HDR.size + len(base)
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        atype = attr.value if hasattr(attr, "value") else attr
        name = attr.name if hasattr(attr, "name") else f"type {attr}"
        body = GENL_HDR.pack(op.value, op.version, 0) + base + nla(atype, payload)
        self.msg = Msg(op.value, flags, body,
                       [f"policy({'dump' if dump else 'do'},{name},{what})"])

    def describe(self):
        """One line about the case."""
        name = getattr(self.attr, "name", f"type {self.attr}")
        verdict = f"refused at offset {self.offset}"
        if self.accept:
            verdict = "accepted"
        elif self.accept is None:
            verdict = "ignored or " + verdict
        mode = "dump" if self.dump else "do"
        return f"{self.op.name} {mode} {name} {self.what}: {verdict}"

    def verdict(self, ans):
        """None when @ans is what the spec's policy implies, or what is wrong."""
        if ans.failed:
            return "no proper answer"
        at_attr = ans.kind == "error" and ans.offs == self.offset
        if self.accept:
            if at_attr and ans.policy:
                return "refused by the policy"
            return None
        if ans.kind != "error":
            return None if self.accept is None else "not refused"
        if self.accept is None and ans.err not in (errno.EINVAL, errno.ERANGE):
            return None
        if ans.err not in (errno.EINVAL, errno.ERANGE):
            return f"refused with {errno_name(ans.err)}, not EINVAL or ERANGE"
        if ans.offs is None:
            # Before 6.6 a dump's attributes are parsed by compat.c,
            # which refuses one the dump does not take without pointing
            # at it: a known limitation of that path, not of the policy.
            if self.dump and self.what == "not in the request" and OLD_DUMP_PARSE:
                return None
            return "no NLMSGERR_ATTR_OFFS"
        if ans.offs != self.offset:
            return f"NLMSGERR_ATTR_OFFS {ans.offs}, not {self.offset}"
        return None


def safe_string(attr, length):
    """A string of @length bytes no lookup will find (a PCI address when it fits)."""
    if attr.is_pci:
        return (NO_SUCH_PCI + b"x" * length)[:length]
    return (b"nl-fuzz-" * (length // 8 + 1))[:length]


def limit_cases(attr):
    """(what, payload, accepted) probing the limits of @attr's policy."""
    cases = []
    if attr.is_int:
        size = struct.calcsize(INT_FORMATS[attr.type])
        low, high = attr.valid_range()
        bottom, top = int_bounds(attr.type)
        if attr.mask is not None:
            cases.append((f"mask {attr.mask:#x}", pack_int(attr.type, attr.mask), True))
            outside = ~attr.mask & top
            if outside:
                bit = outside & -outside
                cases.append((f"bit {bit:#x}", pack_int(attr.type, bit), False))
        else:
            cases += [(f"={low}", pack_int(attr.type, low), True),
                      (f"={high}", pack_int(attr.type, high), True)]
            if attr.enum:
                cases += [(f"={value} ({name})", pack_int(attr.type, value), True)
                          for name, value in attr.enum.entries.items()
                          if low <= value <= high and value not in (low, high)]
            if high < top:
                cases.append((f"={high + 1}", pack_int(attr.type, high + 1), False))
                if top != high + 1:
                    cases.append((f"={top}", pack_int(attr.type, top), False))
            if low > bottom:
                cases.append((f"={low - 1}", pack_int(attr.type, low - 1), False))
        # Strict validation: integers have exactly their width (uint and
        # sint: 4 or 8 bytes).
        widths = (4, 8) if attr.type in ("uint", "sint") else (size,)
        for count in sorted({0, 1, 2, 4, 8, 16} - set(widths)):
            cases.append((f"len {count}", bytes(count), False))
    elif attr.type in STRING_TYPES:
        if attr.max_len is not None:
            cases.append((f"len {attr.max_len}",
                          safe_string(attr, attr.max_len) + b"\0", True))
            cases.append((f"len {attr.max_len + 1}",
                          safe_string(attr, attr.max_len + 1) + b"\0", False))
        if attr.min_len:
            cases.append((f"len {attr.min_len - 1}",
                          safe_string(attr, attr.min_len - 1) + b"\0", False))
        if attr.nul:
            cases.append(("no NUL", safe_string(attr, 12), False))
            cases.append(("empty", b"", False))
    elif attr.type in BINARY_TYPES:
        low = attr.min_len or 0
        if attr.min_len is not None or attr.max_len is not None:
            cases.append((f"len {low}", bytes(low), True))
        if attr.max_len is not None:
            cases.append((f"len {attr.max_len}", bytes(attr.max_len), True))
            cases.append((f"len {attr.max_len + 1}", bytes(attr.max_len + 1), False))
        if low:
            cases.append((f"len {low - 1}", bytes(low - 1), False))
    elif attr.type == "flag":
        cases += [("empty", b"", True), ("len 4", bytes(4), False)]
    return cases


def safe_base(op, attrs, skip):
    """Identity attributes of a request that name nothing on this machine."""
    base = b""
    for attr in identity(op.aset, attrs):
        if attr is skip:
            continue
        if attr.type in STRING_TYPES:
            base += nla(attr.value, safe_string(attr, len(NO_SUCH_PCI)) + b"\0")
        elif attr.is_int:
            base += nla(attr.value, pack_int(attr.type, attr.valid_range()[0]))
    return base


def policy_cases(spec):
    """Every limit of every attribute of every request, and attributes the
    requests may not carry, as PolicyCases."""
    cases = []
    for op in spec.request_ops():
        modes = [(False, op.do_attrs)] if op.has_do else []
        if op.has_dump:
            modes.append((True, op.dump_attrs))
        for dump, attrs in modes:
            for attr in attrs:
                base = safe_base(op, attrs, attr)
                for what, payload, accept in limit_cases(attr):
                    cases.append(PolicyCase(op, dump, attr, what, payload, accept, base))
            # The rest of the set, and the first type past it, are not
            # part of this request.  A request of no attributes has no
            # policy: since split ops (6.2) the genl core then parses
            # nothing and ignores them, before (compat.c) it refuses all.
            refused = False if attrs else None
            base = safe_base(op, attrs, None)
            for value in op.aset.values() + [max(op.aset.values()) + 1]:
                attr = op.aset.get(value)
                if attr in attrs:
                    continue
                if attr is not None and attr.type in STRING_TYPES:
                    payload = safe_string(attr, 12) + b"\0"
                else:
                    payload = bytes(4)
                cases.append(PolicyCase(op, dump, attr or value, "not in the request",
                                        payload, refused, base))
    return cases


class Answer:
    """What the kernel sent back for one request."""

    def __init__(self):
        self.kind = None        # "ack", "dump", "error", or one of FAILURES
        self.err = 0            # the errno of "error", send- and recv-error
        self.replies = []       # payloads before the ack or NLMSG_DONE
        self.extack = None
        self.offs = None        # NLMSGERR_ATTR_OFFS: the attribute blamed
        self.policy = False     # NLMSGERR_ATTR_POLICY: the policy refused it
        self.stray = 0          # messages of other requests, skipped
        self.intr = False       # NLM_F_DUMP_INTR seen
        self.note = ""

    def fail(self, kind, err=0, note=""):
        """End as a failure."""
        self.kind = kind
        self.err = err
        self.note = note
        return self

    def take_extack(self, attrs):
        """Note the extack attributes of the ack or NLMSG_DONE."""
        self.extack = extack_text(attrs)
        if NLMSGERR_ATTR_OFFS in attrs:
            self.offs = get_uint(attrs[NLMSGERR_ATTR_OFFS])
        self.policy = NLMSGERR_ATTR_POLICY in attrs

    @property
    def failed(self):
        """No proper answer."""
        return self.kind in FAILURES

    def key(self):
        """The answer's class, for counting."""
        if self.kind == "error":
            return errno_name(self.err)
        if self.kind == "ack":
            return "reply + ack" if self.replies else "ack"
        if self.kind == "dump":
            return "dump"
        if self.kind in ("send-error", "recv-error"):
            return f"{self.kind} {errno_name(self.err)}"
        return self.kind

    def describe(self):
        """One line about the answer."""
        text = self.key()
        if self.kind == "dump":
            text += f", {len(self.replies)} entries"
        if self.note:
            text += f" ({self.note})"
        if self.extack:
            text += f": {self.extack}"
        return text


def split_messages(buf):
    """(type, flags, seq, payload) of each netlink message in a datagram."""
    off = 0
    while off < len(buf):
        if len(buf) - off < NLMSG_HDR.size:
            raise ValueError(f"{len(buf) - off} bytes after the last message")
        length, mtype, flags, seq, _ = NLMSG_HDR.unpack_from(buf, off)
        if length < NLMSG_HDR.size or length > len(buf) - off:
            raise ValueError(f"nlmsg_len {length} with {len(buf) - off} bytes left")
        yield mtype, flags, seq, buf[off + NLMSG_HDR.size:off + length]
        off += align4(length)


def extack_text(attrs):
    """The extack message (and missing attribute) of an ack or done."""
    parts = []
    if NLMSGERR_ATTR_MSG in attrs:
        parts.append(c_string(attrs[NLMSGERR_ATTR_MSG]).decode(errors="replace"))
    if NLMSGERR_ATTR_MISS_TYPE in attrs:
        parts.append(f"missing attribute {get_uint(attrs[NLMSGERR_ATTR_MISS_TYPE])}")
    return "; ".join(parts) or None


def extack_attrs(flags, tlvs):
    """The extack attributes of an ack or done, {} when there are none."""
    if not flags & NLM_F_ACK_TLVS:
        return {}
    return attr_dict(tlvs)


def parse_error(flags, payload):
    """Error code and extack attributes of an NLMSG_ERROR."""
    if len(payload) < ERR_CODE.size + NLMSG_HDR.size:
        raise ValueError(f"NLMSG_ERROR of {len(payload)} bytes")
    (code,) = ERR_CODE.unpack_from(payload)
    if code > 0:
        raise ValueError(f"positive error code {code}")
    if flags & NLM_F_CAPPED:
        echoed = NLMSG_HDR.size
    else:
        echoed = NLMSG_HDR.unpack_from(payload, ERR_CODE.size)[0]
    off = ERR_CODE.size + align4(echoed)
    if off > len(payload):
        raise ValueError("NLMSG_ERROR shorter than the request it echoes")
    return -code, extack_attrs(flags, payload[off:])


def parse_done(flags, payload):
    """Error code and extack attributes of an NLMSG_DONE."""
    if len(payload) < ERR_CODE.size:
        return 0, {}
    (code,) = ERR_CODE.unpack_from(payload)
    return max(-code, 0), extack_attrs(flags, payload[ERR_CODE.size:])


def check_reply(payload):
    """A reply must carry a genl header and well-formed attributes."""
    if len(payload) < GENL_HDR.size:
        raise ValueError(f"reply of {len(payload)} bytes")
    _, left = walk_attrs(payload[GENL_HDR.size:])
    if left:
        raise ValueError(f"reply attributes leave {left} bytes")


class Link:
    """A NETLINK_GENERIC socket that sends a request and collects its answer."""

    def __init__(self, timeout):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKBUF)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKBUF)
        self.sock.bind((0, 0))
        self.sock.settimeout(timeout)
        self.seq = 0

    def close(self):
        """Close the socket."""
        self.sock.close()

    def next_seq(self):
        """A sequence number no earlier request used."""
        self.seq = (self.seq + 1) & 0xffffffff or 1
        return self.seq

    def transact(self, data, seq, reply_type):
        """Send one request and read until its ack, NLMSG_DONE or timeout."""
        ans = Answer()
        try:
            self.sock.send(data)
        except OSError as err:
            return ans.fail("send-error", err.errno)
        while ans.kind is None:
            try:
                buf, _, mflags, _ = self.sock.recvmsg(RECV_SIZE)
            except socket.timeout:
                return ans.fail("timeout", note=f"after {len(ans.replies)} replies")
            except OSError as err:
                return ans.fail("recv-error", err.errno)
            if mflags & socket.MSG_TRUNC:
                return ans.fail("malformed", note="datagram truncated")
            try:
                self.take(buf, seq, reply_type, ans)
            except ValueError as err:
                return ans.fail("malformed", note=str(err))
        return ans

    @staticmethod
    def take(buf, seq, reply_type, ans):
        """Account one datagram's messages to @ans."""
        for mtype, flags, mseq, payload in split_messages(buf):
            if mseq != seq or ans.kind is not None:
                ans.stray += 1
            elif mtype == NLMSG_ERROR:
                ans.err, extack = parse_error(flags, payload)
                ans.kind = "error" if ans.err else "ack"
                ans.take_extack(extack)
            elif mtype == NLMSG_DONE:
                ans.err, extack = parse_done(flags, payload)
                ans.kind = "error" if ans.err else "dump"
                ans.take_extack(extack)
                ans.intr = ans.intr or bool(flags & NLM_F_DUMP_INTR)
            elif mtype == NLMSG_OVERRUN:
                raise ValueError("NLMSG_OVERRUN")
            elif mtype == reply_type:
                check_reply(payload)
                ans.replies.append(payload)
                ans.intr = ans.intr or bool(flags & NLM_F_DUMP_INTR)
            elif mtype != NLMSG_NOOP:
                raise ValueError(f"message of type {mtype}")


class FamilyMissing(Exception):
    """The family is not registered (in this network namespace)."""


def parse_family(payload):
    """The CTRL_CMD_GETFAMILY reply: id, version, ops, groups."""
    attrs = attr_dict(payload[GENL_HDR.size:])
    if CTRL_ATTR_FAMILY_ID not in attrs:
        raise ValueError("no CTRL_ATTR_FAMILY_ID in the reply")
    family = {
        "id": get_uint(attrs[CTRL_ATTR_FAMILY_ID]),
        "name": c_string(attrs.get(CTRL_ATTR_FAMILY_NAME, b"")).decode(errors="replace"),
        "version": get_uint(attrs.get(CTRL_ATTR_VERSION, b"")),
        "hdrsize": get_uint(attrs.get(CTRL_ATTR_HDRSIZE, b"")),
        "maxattr": get_uint(attrs.get(CTRL_ATTR_MAXATTR, b"")),
        "ops": {},
        "groups": {},
    }
    for _, entry in walk_attrs(attrs.get(CTRL_ATTR_OPS, b""))[0]:
        op_attrs = attr_dict(entry)
        if CTRL_ATTR_OP_ID in op_attrs:
            family["ops"][get_uint(op_attrs[CTRL_ATTR_OP_ID])] = \
                get_uint(op_attrs.get(CTRL_ATTR_OP_FLAGS, b"\0")) or 0
    for _, entry in walk_attrs(attrs.get(CTRL_ATTR_MCAST_GROUPS, b""))[0]:
        grp = attr_dict(entry)
        name = c_string(grp.get(CTRL_ATTR_MCAST_GRP_NAME, b"")).decode(errors="replace")
        family["groups"][name] = get_uint(grp.get(CTRL_ATTR_MCAST_GRP_ID, b""))
    return family


def resolve_family(link, name):
    """Look the family up with CTRL_CMD_GETFAMILY."""
    body = (GENL_HDR.pack(CTRL_CMD_GETFAMILY, 1, 0)
            + nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
    seq = link.next_seq()
    data = NLMSG_HDR.pack(NLMSG_HDR.size + len(body), GENL_ID_CTRL,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body
    ans = link.transact(data, seq, GENL_ID_CTRL)
    if ans.kind == "error" and ans.err == errno.ENOENT:
        raise FamilyMissing(name)
    if ans.kind != "ack" or not ans.replies:
        raise OSError(f"CTRL_CMD_GETFAMILY {name}: {ans.describe()}")
    try:
        return parse_family(ans.replies[0])
    except ValueError as err:
        raise OSError(f"CTRL_CMD_GETFAMILY {name}: {err}") from err


def op_flag_names(flags):
    """CTRL_ATTR_OP_FLAGS, for people."""
    names = [name for bit, name in ((GENL_CMD_CAP_DO, "do"),
                                    (GENL_CMD_CAP_DUMP, "dump"),
                                    (GENL_ADMIN_PERM, "admin-perm"))
             if flags & bit]
    return " ".join(names) or f"{flags:#x}"


def show_family(family, spec):
    """Diagnostics about the resolved family."""
    diag(f"family {family['name']}: id {family['id']}, version {family['version']}, "
         f"hdrsize {family['hdrsize']}, maxattr {family['maxattr']}")
    names = {op.value: op.name for op in spec.ops.values()} \
        if family["name"] == spec.name else {}
    for cmd, flags in sorted(family["ops"].items()):
        diag(f"  op {cmd} ({names.get(cmd, '?')}): {op_flag_names(flags)}")
    for name, grp in sorted(family["groups"].items()):
        diag(f"  multicast group {name}: {grp}")


class Stats:  # pylint: disable=too-many-instance-attributes
    """Counts of one pass."""

    def __init__(self, spec):
        self.spec = spec
        self.sent = 0
        self.skipped = {}
        self.errors = {}        # errno name -> count
        self.successes = {}     # "ack", "reply + ack", "dump" -> count
        self.failed = {}        # failure -> count
        self.per_cmd = {}       # command -> {answer: count}
        self.extacks = {}
        self.replies = 0
        self.stray = 0
        self.intr = 0
        self.wrong = 0          # answered, but not as expected
        self.aborted = False

    @staticmethod
    def bump(table, key, count=1):
        """table[key] += count."""
        table[key] = table.get(key, 0) + count

    @property
    def failures(self):
        """Messages without a proper answer."""
        return sum(self.failed.values())

    def add(self, msg, ans):
        """Count one answer."""
        self.sent += 1
        key = ans.key()
        if ans.failed:
            self.bump(self.failed, key)
        elif ans.kind == "error":
            self.bump(self.errors, key)
        else:
            self.bump(self.successes, key)
        cmd = msg.cmd if msg.cmd in self.spec.ops else 0
        self.bump(self.per_cmd.setdefault(cmd, {}), key)
        if ans.extack:
            self.bump(self.extacks, ans.extack)
        self.replies += len(ans.replies)
        self.stray += ans.stray
        self.intr += ans.intr

    def show(self, label):
        """Summary diagnostics."""
        diag(f"{label}: {self.sent} sent, {sum(self.skipped.values())} skipped")
        for reason, count in sorted(self.skipped.items()):
            diag(f"  skipped, {reason}: {count}")
        for key, count in by_count(self.errors):
            diag(f"  errno {key}: {count}")
        kinds = ", ".join(f"{key} {count}" for key, count in by_count(self.successes))
        diag(f"  successes: {sum(self.successes.values())}"
             + (f" ({kinds})" if kinds else "")
             + f", {self.replies} reply messages")
        diag(f"  timeouts: {self.failed.get('timeout', 0)}")
        for key, count in by_count(self.failed):
            if key != "timeout":
                diag(f"  {key}: {count}")
        for cmd, table in sorted(self.per_cmd.items()):
            name = self.spec.ops[cmd].name if cmd else "other commands"
            diag(f"  {name}: "
                 + ", ".join(f"{key} {count}" for key, count in by_count(table)))
        for text, count in by_count(self.extacks)[:10]:
            diag(f"  extack {count}x: {text}")
        if self.stray or self.intr:
            diag(f"  {self.stray} stray messages, {self.intr} interrupted dumps")


def by_count(table):
    """(key, count) pairs, most frequent first."""
    return sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))


def show_message(index, msg, family_id, seq, spec):
    """A message in full, decoded and in hex."""
    diag(f"msg {index}: {msg.describe(spec)}")
    data = msg.encode(family_id, seq)
    attrs, left = walk_attrs(msg.body[GENL_HDR.size:])
    for atype, payload in attrs:
        name = spec.attr_name(msg.cmd, atype & NLA_TYPE_MASK)
        shown = payload[:40]
        more = "..." if len(payload) > len(shown) else ""
        diag(f"  attr {atype:#06x} ({name}) len {len(payload)}: {shown!r}{more}")
    if left:
        diag(f"  {left} bytes past the last attribute the kernel would read")
    hexdump(data)


def run_pass(link, family_id, messages, safety, opts):
    """Send @messages one by one; count the answers.

    opts["expect"](msg, ans) returns None for a good answer, or what is
    wrong with it.
    """
    spec = safety.spec
    stats = Stats(spec)
    streak = 0
    for index, msg in enumerate(messages, 1):
        reason = safety.refuse(msg)
        if reason:
            Stats.bump(stats.skipped, reason)
            if opts["verbose"]:
                diag(f"{opts['label']} msg {index}: skipped, {reason}: "
                     f"{msg.describe(spec)}")
            continue
        seq = link.next_seq()
        ans = link.transact(msg.encode(family_id, seq), seq, family_id)
        stats.add(msg, ans)
        wrong = "no proper answer" if ans.failed else opts["expect"](msg, ans)
        if wrong or opts["verbose"]:
            diag(f"{'FAIL ' if wrong else ''}{opts['label']} msg {index}: "
                 f"{msg.describe(spec)} -> {ans.describe()}"
                 + (f" ({wrong})" if wrong else ""))
        if wrong:
            stats.wrong += 1
            hexdump(msg.encode(family_id, seq))
        streak = streak + 1 if ans.kind == "timeout" else 0
        if streak >= opts["max_timeouts"]:
            diag(f"giving up after {streak} timeouts in a row")
            stats.aborted = True
            break
    return stats


def policy_pass(link, family, spec, opts):
    """Send every policy case; returns the exit status (0 or 1)."""
    cases = {id(case.msg): case for case in policy_cases(spec)}
    # Policy cases name only PCI addresses no machine has, so every op,
    # guarded or not, may be sent.
    safety = Safety([], GUARDED_OPS, spec, family["ops"])
    started = time.monotonic()
    opts = dict(opts, label="policy",
                expect=lambda msg, ans: cases[id(msg)].verdict(ans))
    stats = run_pass(link, family["id"], (case.msg for case in cases.values()),
                     safety, opts)
    stats.show(f"policy pass, {len(cases)} cases, {time.monotonic() - started:.1f} s")
    per_op = {}
    for case in cases.values():
        Stats.bump(per_op, case.op.name)
    diag("  cases per op: " + ", ".join(f"{name} {count}"
                                        for name, count in per_op.items()))
    if stats.wrong or stats.failures or stats.aborted or stats.skipped:
        diag(f"FAIL: {stats.wrong} policy cases answered against the spec, "
             f"{sum(stats.skipped.values())} not sent")
        return 1
    return 0


def alive(link, family, spec, pfs):
    """Valid requests still work: a get of each --pf, and dumps.

    Returns the number of failed requests.
    """
    bad = 0
    requests = []
    for op in spec.request_ops():
        if op.changing:
            continue
        if op.has_do:
            names = identity(op.aset, op.do_attrs)
            if len(names) == 1 and names[0].is_pci:
                requests += [(op, NLM_F_REQUEST | NLM_F_ACK,
                              nla(names[0].value, pf.encode() + b"\0"), "reply + ack",
                              (names[0].value, pf.encode()))
                             for pf in pfs]
        if op.has_dump:
            requests.append((op, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, b"", "dump",
                             None))
    for op, flags, blob, want, echo in requests:
        seq = link.next_seq()
        msg = Msg(op.value, flags, GENL_HDR.pack(op.value, spec.version, 0) + blob,
                  ["alive"])
        ans = link.transact(msg.encode(family["id"], seq), seq, family["id"])
        wrong = ans.key() != want
        if not wrong and echo:
            # The reply is about the object asked for.
            wrong = not any(c_string(attr_dict(reply[GENL_HDR.size:]).get(echo[0], b""))
                            == echo[1] for reply in ans.replies)
        if wrong:
            diag(f"FAIL alive: {msg.describe(spec)} -> {ans.describe()}, not {want}")
            bad += 1
    diag(f"alive: {len(requests) - bad} of {len(requests)} valid requests answered")
    return bad


def drop_privileges(uid, gid):
    """Become @uid:@gid with no supplementary groups and no capabilities."""
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    # Binary: after setuid a codec module may no longer be importable.
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"CapEff:") and int(line.split()[1], 16):
                    raise OSError(f"capabilities left after setuid: {line.split()[1]!r}")
    except FileNotFoundError:
        pass


def request_ops(family, spec, args):
    """Ops of the kernel's family that requests may name, with their flags."""
    allowed = {op.value for op in spec.request_ops()
               if op.name not in GUARDED_OPS or op.name in args.allow}
    return {cmd: flags for cmd, flags in family["ops"].items() if cmd in allowed}


def unprivileged_child(args, family, safety):
    """The unprivileged pass, in a child process.  Returns its exit code."""
    label = f"unprivileged (uid {args.unpriv_uid})"
    spec = safety.spec
    try:
        drop_privileges(args.unpriv_uid, args.unpriv_gid)
        link = Link(args.timeout)
    except OSError as err:
        diag(f"{label}: cannot set up: {err}")
        return 2
    ops = request_ops(family, spec, args)
    if not ops:
        diag(f"{label}: the family has no operations to try")
        return 1
    gen = Generator(random.Random(args.seed + 1), args.pf, spec)
    messages = (gen.dispatchable(ops) for _ in range(args.unpriv_count))
    opts = {"label": "unprivileged", "verbose": args.verbose,
            "max_timeouts": args.max_timeouts,
            "expect": lambda msg, ans: None if ans.kind == "error"
                      and ans.err == errno.EPERM else "not EPERM"}
    stats = run_pass(link, family["id"], messages, safety, opts)
    link.close()
    stats.show(label)
    eperm = stats.errors.get("EPERM", 0)
    others = stats.sent - eperm
    diag(f"{label}: {eperm} EPERM, {others} other answers")
    return 1 if others or stats.aborted or not stats.sent else 0


def unprivileged_pass(args, family, safety):
    """Fork, drop to --unpriv-uid and require EPERM for every request."""
    pid = os.fork()
    if pid == 0:
        code = 2
        try:
            code = unprivileged_child(args, family, safety)
        except Exception as err:  # pylint: disable=broad-except
            diag(f"unprivileged pass: {err!r}")
        finally:
            os._exit(code)  # pylint: disable=protected-access
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    diag(f"unprivileged pass: child ended by signal {os.WTERMSIG(status)}")
    return 1


def spec_family(spec):
    """What CTRL_CMD_GETFAMILY would say of the spec's family (for --dry-run)."""
    ops = {}
    for op in spec.request_ops():
        ops[op.value] = ((GENL_ADMIN_PERM if op.admin else 0)
                         | (GENL_CMD_CAP_DO if op.has_do else 0)
                         | (GENL_CMD_CAP_DUMP if op.has_dump else 0))
    return {"id": 0, "name": spec.name, "version": spec.version, "hdrsize": 0,
            "maxattr": None, "ops": ops, "groups": {}}


def show_spec(spec):
    """Diagnostics: what the fuzzer read from the spec."""
    diag(f"spec {spec.path}: family {spec.name} version {spec.version}")
    for op in spec.ops.values():
        parts = []
        if op.has_do:
            parts.append("do [" + " ".join(a.name for a in op.do_attrs) + "]")
        if op.has_dump:
            parts.append("dump [" + " ".join(a.name for a in op.dump_attrs) + "]")
        if op.event:
            parts.append("event")
        diag(f"  op {op.value} {op.name} ({op.aset.name}): {', '.join(parts)}"
             + (", changing" if op.changing else ""))
    for aset in spec.attr_sets.values():
        for value in aset.values():
            attr = aset[value]
            limits = []
            if attr.is_int and attr.limited:
                limits.append(f"mask {attr.mask:#x}" if attr.mask is not None
                              else "range %d..%d" % attr.valid_range())
            if attr.min_len is not None or attr.max_len is not None:
                limits.append(f"len {attr.min_len or 0}..{attr.max_len}")
            if attr.enum:
                limits.append(f"enum {attr.enum.name}")
            diag(f"  attr {aset.name}.{attr.name} = {value}: {attr.type}"
                 + (f" ({', '.join(limits)})" if limits else ""))


def dry_run(args, count, spec):
    """Build and show messages without sending them."""
    show_spec(spec)
    family = spec_family(spec)
    gen = Generator(random.Random(args.seed), args.pf, spec)
    safety = Safety(args.pf, args.allow, spec)
    for index in range(1, count + 1):
        msg = gen.message()
        show_message(index, msg, 0, index, spec)
        reason = safety.refuse(msg)
        diag(f"  -> {'skip: ' + reason if reason else 'send'}")
    if args.unpriv_uid is not None:
        ugen = Generator(random.Random(args.seed + 1), args.pf, spec)
        ops = request_ops(family, spec, args)
        for index in range(1, min(count, args.unpriv_count) + 1):
            msg = ugen.dispatchable(ops)
            show_message(f"unprivileged {index}", msg, 0, index, spec)
    if args.policy:
        for index, case in enumerate(policy_cases(spec), 1):
            show_message(f"policy {index}", case.msg, 0, index, spec)
            diag(f"  -> {case.describe()}")
    return 0


def list_cases(args, count, spec):
    """One line per message a run would send, then counts per op."""
    show_spec(spec)
    gen = Generator(random.Random(args.seed), args.pf, spec)
    safety = Safety(args.pf, args.allow, spec)
    per_op = {}
    for index in range(1, count + 1):
        msg = gen.message()
        reason = safety.refuse(msg)
        diag(f"msg {index}: {msg.describe(spec)}"
             + (f" [skip: {reason}]" if reason else ""))
        Stats.bump(per_op, spec.op_name(msg.cmd))
    diag(f"random messages per op: " + ", ".join(
        f"{name} {n}" for name, n in sorted(per_op.items())))
    if args.policy:
        per_op = {}
        for index, case in enumerate(policy_cases(spec), 1):
            diag(f"policy {index}: {case.describe()}")
            Stats.bump(per_op, case.op.name)
        diag("policy cases per op: " + ", ".join(
            f"{name} {n}" for name, n in per_op.items()))
    return 0


def parse_args():
    """The command line."""
    parser = argparse.ArgumentParser(
        description="Fuzz the vfmgr generic netlink family (run as root in a test VM).",
        epilog="Exit status: 0 every message answered (and only EPERM unprivileged, "
               "and every policy case as the spec says), 1 failures, 2 setup "
               "failure (e.g. vfmgr family not registered, spec unreadable).")
    parser.add_argument("--count", type=int, default=None,
                        help=f"random messages to send (default {DEFAULT_COUNT}; "
                             f"{DRY_RUN_COUNT} with --dry-run)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--spec", default=DEFAULT_SPEC, metavar="YAML",
                        help="the family's YNL spec (default: the tree's "
                             "Documentation/netlink/specs/vfmgr.yaml)")
    parser.add_argument("--pf", action="append", default=[], metavar="PCI",
                        help="PF PCI address plausible messages name, and the only "
                             "one changing commands may touch (repeatable)")
    parser.add_argument("--allow-pf-set", action="store_true",
                        help="also send pf-set (may change the number of VFs of a --pf)")
    parser.add_argument("--policy", action="store_true",
                        help="also check every limit of every request attribute "
                             "the spec gives (requests name no PCI device here)")
    parser.add_argument("--timeout", type=float, default=2.0,
                        help="seconds to wait for each answer (default 2)")
    parser.add_argument("--max-timeouts", type=int, default=10,
                        help="give up after this many unanswered messages in a row")
    parser.add_argument("--unpriv-uid", type=int, default=None, metavar="UID",
                        help="also send a sample as UID; each must fail with EPERM")
    parser.add_argument("--unpriv-gid", type=int, default=None, metavar="GID",
                        help="group for the unprivileged pass (default: UID)")
    parser.add_argument("--unpriv-count", type=int, default=200,
                        help="messages in the unprivileged pass (default 200)")
    parser.add_argument("--family", choices=(VFMGR_FAMILY_NAME, "nlctrl"),
                        default=VFMGR_FAMILY_NAME,
                        help="family to fuzz; nlctrl only checks the fuzzer itself "
                             "on a kernel without vfmgr")
    parser.add_argument("--dry-run", action="store_true",
                        help="build and hexdump messages, send nothing")
    parser.add_argument("--list", action="store_true",
                        help="print what the spec says and one line per message "
                             "(and policy case, with --policy), send nothing")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="one line per message")
    args = parser.parse_args()
    for name in ("count", "unpriv_count", "max_timeouts"):
        value = getattr(args, name)
        if value is not None and value < (0 if name == "count" else 1):
            parser.error(f"--{name.replace('_', '-')} {value}: out of range")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    if args.unpriv_gid is None:
        args.unpriv_gid = args.unpriv_uid
    args.allow = {"pf-set"} if args.allow_pf_set else set()
    return args


def main():  # pylint: disable=too-many-branches,too-many-return-statements
    """Run the fuzzer; returns the exit status."""
    args = parse_args()
    count = args.count
    if count is None:
        count = DRY_RUN_COUNT if args.dry_run else DEFAULT_COUNT
    diag(f"nl-fuzz: family {args.family}, seed {args.seed}, {count} messages, "
         f"PFs {' '.join(args.pf) or 'none'}"
         f"{', pf-set allowed' if args.allow_pf_set else ''}"
         f"{', policy cases' if args.policy else ''}")
    try:
        spec = Spec(args.spec)
    except SpecError as err:
        diag(f"cannot read the spec: {err}")
        return 2
    if args.list:
        return list_cases(args, count, spec)
    if args.dry_run:
        return dry_run(args, count, spec)
    if os.geteuid() != 0:
        diag("note: not root; expect EPERM everywhere")
    try:
        link = Link(args.timeout)
        family = resolve_family(link, args.family)
    except FamilyMissing:
        diag(f"{args.family} family not registered")
        return 2
    except OSError as err:
        diag(f"cannot resolve the {args.family} family: {err}")
        return 2
    show_family(family, spec)
    fuzzing_spec = family["name"] == spec.name
    safety = Safety(args.pf, args.allow, spec, family["ops"] if fuzzing_spec else None)
    for pf in args.pf:
        if safety.devices is not None and os.fsencode(pf) not in safety.devices:
            diag(f"note: --pf {pf} is not a PCI device here")

    gen = Generator(random.Random(args.seed), args.pf, spec)
    started = time.monotonic()
    opts = {"label": "privileged", "verbose": args.verbose,
            "max_timeouts": args.max_timeouts, "expect": lambda msg, ans: None}
    stats = run_pass(link, family["id"], (gen.message() for _ in range(count)),
                     safety, opts)
    stats.show(f"privileged pass, {time.monotonic() - started:.1f} s")
    status = 1 if stats.failures or stats.aborted else 0
    if stats.failures:
        diag(f"FAIL: {stats.failures} messages without a proper answer")
    if args.policy and fuzzing_spec and not stats.aborted:
        status = policy_pass(link, family, spec, opts) or status
    if fuzzing_spec and not stats.aborted and alive(link, family, spec, args.pf):
        status = 1
    link.close()

    if args.unpriv_uid is not None:
        unpriv = unprivileged_pass(args, family, safety)
        if unpriv == 2:
            diag("could not run the unprivileged pass")
            status = status or 2
        elif unpriv:
            diag("FAIL: unprivileged pass")
            status = 1
    diag(f"nl-fuzz: {'PASS' if status == 0 else 'FAIL'} (seed {args.seed})")
    return status


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the vfmgr generic netlink family.

Sends malformed and plausible requests to the "vfmgr" family over a raw
NETLINK_GENERIC socket and checks that every one is answered: by an error
ack, a successful ack (after any reply) or a dump ended by NLMSG_DONE.
Meant to run as root inside a test VM; every line printed is a KTAP
diagnostic ("# ...") so the output can be embedded in a KTAP stream.

Messages are generated from --seed alone, so a run can be repeated
exactly, and --dry-run shows the messages a run with the same options
would send.

Safety: pf-set is never sent without --allow-pf-set.  vf-set, vf-clear,
vf-reset (and pf-set when allowed) are sent only when every PCI address
they carry is one given with --pf or is not a PCI device of this machine.

Exit status: 0 every message was answered (and the unprivileged pass, if
asked for, got only EPERM); 1 a message went unanswered, an answer was
malformed, or the unprivileged pass got something other than EPERM; 2
setup failure (the family is not registered, no netlink socket, bad
arguments, the unprivileged pass could not drop privileges) with no other
failure.
"""

import argparse
import errno
import os
import random
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
NLMSGERR_ATTR_MISS_TYPE = 5

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

# The vfmgr family (uapi/linux/vfmgr.h).
VFMGR_FAMILY_NAME = "vfmgr"
VFMGR_FAMILY_VERSION = 1

CMD_PF_GET = 1
CMD_VF_GET = 2
CMD_VF_SET = 3
CMD_PF_SET = 4
CMD_VF_CLEAR = 5
CMD_VF_RESET = 6
CMD_VF_EVENT = 7
CMD_NAMES = {
    CMD_PF_GET: "pf-get",
    CMD_VF_GET: "vf-get",
    CMD_VF_SET: "vf-set",
    CMD_PF_SET: "pf-set",
    CMD_VF_CLEAR: "vf-clear",
    CMD_VF_RESET: "vf-reset",
    CMD_VF_EVENT: "vf-event",
}
# Commands that change something, and so are subject to the safety check.
CHANGING_CMDS = (CMD_VF_SET, CMD_PF_SET, CMD_VF_CLEAR, CMD_VF_RESET)

PF_A_PCI = 1
PF_A_NUM_VFS = 4
PF_A_VF_DRIVER = 8
VF_A_PF_PCI = 1
VF_A_ID = 2
VF_A_MAC = 4
VF_A_VLAN = 6
VF_A_QOS = 7
VF_A_SPOOFCHK = 8
VF_A_TRUST = 9
VF_A_LINK_STATE = 10
VF_A_MAX_TX_RATE = 11
VF_A_MAX_FRAME = 12
VF_A_EVENT = 25
# The PF's address has the same type in both sets: pf "pci", vf "pf-pci".
A_PF_ADDRESS = PF_A_PCI
assert A_PF_ADDRESS == VF_A_PF_PCI

# Attribute sets: type -> (name, kind, largest value the policy accepts).
# Kinds: "pci" a PCI address string, "str" a string, "mac" 6 bytes, or
# an integer width.
PF_ATTRS = {
    1: ("pci", "pci", None),
    2: ("ifindex", "u32", None),
    3: ("ifname", "str", None),
    4: ("num-vfs", "u32", None),
    5: ("total-vfs", "u32", None),
    6: ("link-up", "u8", None),
    7: ("link-speed", "u32", None),
    8: ("vf-driver", "u32", 3),
    9: ("mbx-requests", "u64", None),
    10: ("mbx-refused", "u64", None),
    11: ("vf-resets", "u64", None),
}
VF_ATTRS = {
    1: ("pf-pci", "pci", None),
    2: ("id", "u32", 255),
    3: ("pci", "str", None),
    4: ("mac", "mac", None),
    5: ("cur-mac", "mac", None),
    6: ("vlan", "u16", 4095),
    7: ("qos", "u8", 7),
    8: ("spoofchk", "u8", 1),
    9: ("trust", "u8", 1),
    10: ("link-state", "u32", 2),
    11: ("max-tx-rate", "u32", 100000),
    12: ("max-frame", "u32", 65535),
    13: ("cts", "u8", None),
    14: ("driver", "str", None),
    15: ("mbx-requests", "u64", None),
    16: ("mbx-accepted", "u64", None),
    17: ("mbx-refused", "u64", None),
    18: ("resets", "u64", None),
    19: ("rx-packets", "u64", None),
    20: ("tx-packets", "u64", None),
    21: ("rx-bytes", "u64", None),
    22: ("tx-bytes", "u64", None),
    23: ("multicast", "u64", None),
    24: ("iommu-group", "u32", None),
    25: ("event", "u32", 6),
    26: ("source", "u32", 2),
    27: ("reason", "str", None),
}
INT_FORMATS = {"u8": "=B", "u16": "=H", "u32": "=I", "u64": "=Q"}

# Values the handlers check beyond the policy (driver/netlink.c).
MAX_TX_RATE_PORT = 1000
FRAME_MIN = 60
FRAME_MAX = 9728
PLAUSIBLE_VFS = 10
PLAUSIBLE_NUM_VFS = 7

WRONG_LENGTHS = (0, 1, 3, 5, 7, 31, 32, 64, 1000)
MAC_WRONG_LENGTHS = (0, 1, 2, 5, 7, 8, 12, 16, 32, 1000)
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
DEFAULT_SEED = 1
DEFAULT_COUNT = 2000
DRY_RUN_COUNT = 8
RECV_SIZE = 1 << 18
SOCKBUF = 1 << 20
PCI_DEVICES = "/sys/bus/pci/devices"
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


def pack_int(kind, value):
    """@value as an integer of width @kind, truncated to fit."""
    bits = struct.calcsize(INT_FORMATS[kind]) * 8
    return struct.pack(INT_FORMATS[kind], value & ((1 << bits) - 1))


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

    def describe(self):
        """One line about the message."""
        name = CMD_NAMES.get(self.cmd, "unknown")
        version = self.body[1] if len(self.body) > 1 else None
        return (f"cmd {self.cmd} ({name}) version {version} "
                f"flags {flag_names(self.flags)} "
                f"len {NLMSG_HDR.size + len(self.body)}: {', '.join(self.tags)}")


def attr_set(cmd):
    """The attribute set a command uses."""
    return PF_ATTRS if cmd in (CMD_PF_GET, CMD_PF_SET) else VF_ATTRS


class Generator:  # pylint: disable=too-many-public-methods
    """Requests, from a seeded random generator only."""

    def __init__(self, rng, pfs):
        self.rng = rng
        self.pfs = [pf.encode() for pf in pfs]
        self.huge_used = False  # one string near 64 KiB per message at most

    def randbytes(self, count):
        """@count random bytes."""
        if not count:
            return b""
        return self.rng.getrandbits(8 * count).to_bytes(count, "little")

    def command(self):
        """Mostly the family's commands, sometimes any byte."""
        if self.rng.random() < 0.7:
            return self.rng.randint(CMD_PF_GET, CMD_VF_EVENT)
        return self.rng.randint(0, 255)

    def version(self):
        """Mostly the family's version."""
        roll = self.rng.random()
        if roll < 0.75:
            return VFMGR_FAMILY_VERSION
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

    def valid_payload(self, aset, atype):
        """A payload of the right type and within the policy."""
        _, kind, limit = aset[atype]
        if kind == "pci":
            return self.pci_name() + b"\0"
        if kind == "str":
            return self.rng.choice(WORDS) + b"\0"
        if kind == "mac":
            return self.mac()
        if aset is VF_ATTRS and atype == VF_A_ID:
            return pack_int(kind, self.rng.randint(0, PLAUSIBLE_VFS))
        if limit is not None:
            return pack_int(kind, self.rng.randint(0, limit))
        return pack_int(kind, self.rng.choice(INTERESTING_INTS))

    def base(self, aset):
        """The attributes that name the object: its PF, and its VF."""
        attrs = [nla(A_PF_ADDRESS, self.pci_name() + b"\0")]
        if aset is VF_ATTRS:
            attrs.append(nla(VF_A_ID, self.valid_payload(VF_ATTRS, VF_A_ID)))
        return attrs

    def pick(self, aset, kinds):
        """A random attribute of @aset of one of @kinds (VF set if none)."""
        types = [t for t, (_, kind, _) in aset.items() if kind in kinds]
        if not types:
            types = [t for t, (_, kind, _) in VF_ATTRS.items() if kind in kinds]
            aset = VF_ATTRS
        atype = self.rng.choice(types)
        return aset, atype, aset[atype][0]

    def mut_valid(self, aset):
        """A well-formed attribute."""
        atype = self.rng.choice(list(aset))
        return nla(atype, self.valid_payload(aset, atype)), f"valid({aset[atype][0]})"

    def mut_wrong_len(self, aset):
        """A known attribute with a payload of the wrong length."""
        atype = self.rng.choice(list(aset))
        count = self.rng.choice(WRONG_LENGTHS)
        return nla(atype, self.randbytes(count)), f"wrong-len({aset[atype][0]},{count})"

    def mut_unknown_type(self, aset):
        """An attribute type past the set's last, up to 0xffff."""
        atype = self.rng.randint(max(aset) + 1, 0xffff)
        payload = self.randbytes(self.rng.choice((0, 1, 4, 8, 13)))
        return nla(atype, payload), f"unknown-type({atype:#x})"

    def mut_flag_bits(self, aset):
        """A known attribute with NLA_F_NESTED and/or NLA_F_NET_BYTEORDER."""
        atype = self.rng.choice(list(aset))
        bits = self.rng.choice((NLA_F_NESTED, NLA_F_NET_BYTEORDER,
                                NLA_F_NESTED | NLA_F_NET_BYTEORDER))
        return (nla(atype | bits, self.valid_payload(aset, atype)),
                f"flag-bits({aset[atype][0]},{bits:#x})")

    def string_value(self, kind):
        """The text of a string attribute, without its NUL."""
        return self.pci_name() if kind == "pci" else self.rng.choice(WORDS)

    def mut_no_nul(self, aset):
        """A string attribute without its terminating NUL."""
        aset, atype, name = self.pick(aset, ("pci", "str"))
        text = self.string_value(aset[atype][1]) or b"x"
        return nla(atype, text), f"no-nul({name})"

    def mut_embedded_nul(self, aset):
        """A string attribute with a NUL inside."""
        aset, atype, name = self.pick(aset, ("pci", "str"))
        text = self.string_value(aset[atype][1])
        cut = self.rng.randint(0, len(text))
        text = text[:cut] + b"\0" + text[cut:] + self.rng.choice((b"\0", b"", b"junk\0"))
        return nla(atype, text), f"embedded-nul({name},{cut})"

    def mut_long_string(self, aset):
        """A string attribute longer than any the family wants."""
        aset, atype, name = self.pick(aset, ("pci", "str"))
        if self.rng.random() < 0.05 and not self.huge_used:
            count = HUGE_STRING_LENGTH
            self.huge_used = True
        else:
            count = self.rng.choice(LONG_STRING_LENGTHS)
        seed = self.string_value(aset[atype][1]) or b"A"
        text = (seed * (count // len(seed) + 1))[:count]
        nul = self.rng.random() < 0.5
        if nul:
            text = text[:-1] + b"\0" if text else b"\0"
        return nla(atype, text), f"long-string({name},{count},{'nul' if nul else 'no-nul'})"

    def mut_mac_len(self, aset):
        """A MAC attribute of the wrong length."""
        _, atype, name = self.pick(aset, ("mac",))
        count = self.rng.choice(MAC_WRONG_LENGTHS)
        return nla(atype, self.randbytes(count)), f"mac-len({name},{count})"

    def out_of_range_value(self, aset, atype):
        """An integer past what the policy, or the handler, accepts."""
        _, kind, limit = aset[atype]
        top = (1 << (struct.calcsize(INT_FORMATS[kind]) * 8)) - 1
        choices = [limit + 1, top, min(top, limit + self.rng.randint(1, 1000))]
        if aset is VF_ATTRS and atype == VF_A_ID:
            choices.append(self.rng.randint(PLAUSIBLE_VFS + 1, 255))
        if aset is VF_ATTRS and atype == VF_A_MAX_TX_RATE:
            choices.append(self.rng.randint(MAX_TX_RATE_PORT + 1, limit))
        if aset is VF_ATTRS and atype == VF_A_MAX_FRAME:
            choices += [self.rng.randint(1, FRAME_MIN - 1),
                        self.rng.randint(FRAME_MAX + 1, limit)]
        return self.rng.choice(choices)

    def mut_out_of_range(self, aset):
        """An integer attribute with a value past its range."""
        types = [t for t, (_, _, limit) in aset.items() if limit is not None]
        atype = self.rng.choice(types)
        value = self.out_of_range_value(aset, atype)
        return (nla(atype, pack_int(aset[atype][1], value)),
                f"out-of-range({aset[atype][0]},{value})")

    def mut_int_width(self, aset):
        """An integer attribute of the wrong width."""
        aset, atype, name = self.pick(aset, tuple(INT_FORMATS))
        kind = self.rng.choice([k for k in INT_FORMATS if k != aset[atype][1]])
        value = self.rng.choice(INTERESTING_INTS)
        return nla(atype, pack_int(kind, value)), f"int-width({name},{kind})"

    MUTATIONS = (mut_valid, mut_valid, mut_wrong_len, mut_wrong_len,
                 mut_unknown_type, mut_flag_bits, mut_no_nul, mut_embedded_nul,
                 mut_long_string, mut_mac_len, mut_out_of_range,
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
            atype = rng.choice(list(aset))
            return (blob + nla(atype, self.randbytes(have), pad=False, length=claim),
                    f"nla-len-past-end({claim})")
        if how == 2:
            claim = rng.randint(0, NLA_HDR.size - 1)
            bogus = nla(rng.choice(list(aset)), b"", length=claim)
            cut = align4(rng.randint(0, len(blob)))
            cut = min(cut, len(blob))
            return blob[:cut] + bogus + blob[cut:], f"nla-len-short({claim})"
        if how == 3:
            atype = rng.choice(list(aset))
            odd = self.randbytes(rng.choice((1, 2, 3, 5, 7)))
            return (nla(atype, odd, pad=False) + blob,
                    f"unpadded({aset[atype][0]},{len(odd)})")
        return blob + self.randbytes(rng.randint(1, 128)), "garbage"

    def fuzzed(self):
        """A request built to be wrong in some way."""
        rng = self.rng
        cmd = self.command()
        flags = self.flags()
        if cmd in CMD_NAMES:
            aset = attr_set(cmd)
        else:
            aset = rng.choice((PF_ATTRS, VF_ATTRS))
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

    def vf_settings(self):
        """A few valid vf-set settings."""
        rng = self.rng
        vlan = rng.choice((0, rng.randint(1, 4095)))
        settings = [
            nla(VF_A_MAC, self.mac()),
            nla(VF_A_VLAN, pack_int("u16", vlan))
            + nla(VF_A_QOS, pack_int("u8", rng.randint(0, 7) if vlan else 0)),
            nla(VF_A_SPOOFCHK, pack_int("u8", rng.randint(0, 1))),
            nla(VF_A_TRUST, pack_int("u8", rng.randint(0, 1))),
            nla(VF_A_LINK_STATE, pack_int("u32", rng.randint(0, 2))),
            nla(VF_A_MAX_TX_RATE, pack_int("u32", rng.choice(
                (0, rng.randint(1, MAX_TX_RATE_PORT))))),
            nla(VF_A_MAX_FRAME, pack_int("u32", rng.choice(
                (0, rng.randint(FRAME_MIN, FRAME_MAX))))),
        ]
        return rng.sample(settings, rng.randint(1, 4))

    def plausible(self):
        """A well-formed request for a --pf PF and a VF 0..10."""
        rng = self.rng
        cmd = rng.randint(CMD_PF_GET, CMD_VF_EVENT)
        flags = NLM_F_REQUEST | NLM_F_ACK
        pci = nla(A_PF_ADDRESS, self.plausible_pci() + b"\0")
        vf_id = nla(VF_A_ID, pack_int("u32", rng.randint(0, PLAUSIBLE_VFS)))
        if cmd in (CMD_PF_GET, CMD_VF_GET) and rng.random() < 0.4:
            flags |= NLM_F_DUMP
            attrs = [pci] if rng.random() < 0.5 else []
        elif cmd == CMD_PF_GET:
            attrs = [pci]
        elif cmd == CMD_VF_SET:
            attrs = [pci, vf_id] + self.vf_settings()
        elif cmd == CMD_PF_SET:
            attrs = [pci] + rng.sample(
                [nla(PF_A_NUM_VFS, pack_int("u32", rng.randint(0, PLAUSIBLE_NUM_VFS))),
                 nla(PF_A_VF_DRIVER, pack_int("u32", rng.randint(0, 3)))],
                rng.randint(1, 2))
        elif cmd == CMD_VF_EVENT:
            attrs = [pci, vf_id, nla(VF_A_EVENT, pack_int("u32", rng.randint(0, 6)))]
        else:
            attrs = [pci, vf_id]
        body = GENL_HDR.pack(cmd, VFMGR_FAMILY_VERSION, 0) + b"".join(attrs)
        return Msg(cmd, flags, body, ["plausible"])

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
            body = GENL_HDR.pack(cmd, VFMGR_FAMILY_VERSION, 0)
        else:
            # The genl core checks the reserved field before permissions.
            body = GENL_HDR.pack(cmd, body[1], 0) + body[GENL_HDR.size:]
        return Msg(cmd, flags, body, msg.tags)


class Safety:
    """Which messages may be sent on this machine."""

    def __init__(self, pfs, allow_pf_set):
        self.pfs = {pf.encode() for pf in pfs}
        self.allow_pf_set = allow_pf_set
        try:
            self.devices = {os.fsencode(d) for d in os.listdir(PCI_DEVICES)}
        except OSError:
            self.devices = None

    def refuse(self, msg):
        """Why @msg must not be sent, or None."""
        if not msg.body:
            return None
        cmd = msg.body[0]
        if cmd == CMD_PF_SET and not self.allow_pf_set:
            return "pf-set without --allow-pf-set"
        if cmd not in CHANGING_CMDS:
            return None
        for atype, payload in walk_attrs(msg.body[GENL_HDR.size:])[0]:
            if atype & NLA_TYPE_MASK != A_PF_ADDRESS:
                continue
            name = c_string(payload)
            if name in self.pfs:
                continue
            if self.devices is None or name in self.devices:
                return "names a PCI device not given with --pf"
        return None


class Answer:
    """What the kernel sent back for one request."""

    def __init__(self):
        self.kind = None        # "ack", "dump", "error", or one of FAILURES
        self.err = 0            # the errno of "error", send- and recv-error
        self.replies = []       # payloads before the ack or NLMSG_DONE
        self.extack = None
        self.stray = 0          # messages of other requests, skipped
        self.intr = False       # NLM_F_DUMP_INTR seen
        self.note = ""

    def fail(self, kind, err=0, note=""):
        """End as a failure."""
        self.kind = kind
        self.err = err
        self.note = note
        return self

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


def extack_text(flags, tlvs):
    """The extack message (and missing attribute) of an ack or done."""
    if not flags & NLM_F_ACK_TLVS:
        return None
    attrs = attr_dict(tlvs)
    parts = []
    if NLMSGERR_ATTR_MSG in attrs:
        parts.append(c_string(attrs[NLMSGERR_ATTR_MSG]).decode(errors="replace"))
    if NLMSGERR_ATTR_MISS_TYPE in attrs:
        parts.append(f"missing attribute {get_uint(attrs[NLMSGERR_ATTR_MISS_TYPE])}")
    return "; ".join(parts) or None


def parse_error(flags, payload):
    """Error code and extack of an NLMSG_ERROR."""
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
    return -code, extack_text(flags, payload[off:])


def parse_done(flags, payload):
    """Error code and extack of an NLMSG_DONE."""
    if len(payload) < ERR_CODE.size:
        return 0, None
    (code,) = ERR_CODE.unpack_from(payload)
    return max(-code, 0), extack_text(flags, payload[ERR_CODE.size:])


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
                ans.err, ans.extack = parse_error(flags, payload)
                ans.kind = "error" if ans.err else "ack"
            elif mtype == NLMSG_DONE:
                ans.err, ans.extack = parse_done(flags, payload)
                ans.kind = "error" if ans.err else "dump"
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


def show_family(family):
    """Diagnostics about the resolved family."""
    diag(f"family {family['name']}: id {family['id']}, version {family['version']}, "
         f"hdrsize {family['hdrsize']}, maxattr {family['maxattr']}")
    names = CMD_NAMES if family["name"] == VFMGR_FAMILY_NAME else {}
    for cmd, flags in sorted(family["ops"].items()):
        diag(f"  op {cmd} ({names.get(cmd, '?')}): {op_flag_names(flags)}")
    for name, grp in sorted(family["groups"].items()):
        diag(f"  multicast group {name}: {grp}")


class Stats:  # pylint: disable=too-many-instance-attributes
    """Counts of one pass."""

    def __init__(self):
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
        cmd = msg.cmd if msg.cmd in CMD_NAMES else 0
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
            diag(f"  {CMD_NAMES.get(cmd, 'other commands')}: "
                 + ", ".join(f"{key} {count}" for key, count in by_count(table)))
        for text, count in by_count(self.extacks)[:10]:
            diag(f"  extack {count}x: {text}")
        if self.stray or self.intr:
            diag(f"  {self.stray} stray messages, {self.intr} interrupted dumps")


def by_count(table):
    """(key, count) pairs, most frequent first."""
    return sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))


def show_message(index, msg, family_id, seq):
    """A message in full, decoded and in hex."""
    diag(f"msg {index}: {msg.describe()}")
    data = msg.encode(family_id, seq)
    attrs, left = walk_attrs(msg.body[GENL_HDR.size:])
    aset = attr_set(msg.cmd) if msg.cmd in CMD_NAMES else {}
    for atype, payload in attrs:
        spec = aset.get(atype & NLA_TYPE_MASK)
        name = spec[0] if spec else "?"
        shown = payload[:40]
        more = "..." if len(payload) > len(shown) else ""
        diag(f"  attr {atype:#06x} ({name}) len {len(payload)}: {shown!r}{more}")
    if left:
        diag(f"  {left} bytes past the last attribute the kernel would read")
    hexdump(data)


def run_pass(link, family_id, messages, safety, opts):
    """Send @messages one by one; count the answers."""
    stats = Stats()
    streak = 0
    for index, msg in enumerate(messages, 1):
        reason = safety.refuse(msg)
        if reason:
            Stats.bump(stats.skipped, reason)
            if opts["verbose"]:
                diag(f"{opts['label']} msg {index}: skipped, {reason}: {msg.describe()}")
            continue
        seq = link.next_seq()
        ans = link.transact(msg.encode(family_id, seq), seq, family_id)
        stats.add(msg, ans)
        bad = ans.failed or not opts["expect"](ans)
        if bad or opts["verbose"]:
            diag(f"{'FAIL ' if bad else ''}{opts['label']} msg {index}: "
                 f"{msg.describe()} -> {ans.describe()}")
        if bad:
            hexdump(msg.encode(family_id, seq))
        streak = streak + 1 if ans.kind == "timeout" else 0
        if streak >= opts["max_timeouts"]:
            diag(f"giving up after {streak} timeouts in a row")
            stats.aborted = True
            break
    return stats


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


def unprivileged_child(args, family, safety):
    """The unprivileged pass, in a child process.  Returns its exit code."""
    label = f"unprivileged (uid {args.unpriv_uid})"
    try:
        drop_privileges(args.unpriv_uid, args.unpriv_gid)
        link = Link(args.timeout)
    except OSError as err:
        diag(f"{label}: cannot set up: {err}")
        return 2
    ops = {cmd: flags for cmd, flags in family["ops"].items()
           if cmd in CMD_NAMES and cmd != CMD_VF_EVENT
           and (cmd != CMD_PF_SET or args.allow_pf_set)}
    if not ops:
        diag(f"{label}: the family has no operations to try")
        return 1
    gen = Generator(random.Random(args.seed + 1), args.pf)
    messages = (gen.dispatchable(ops) for _ in range(args.unpriv_count))
    opts = {"label": "unprivileged", "verbose": args.verbose,
            "max_timeouts": args.max_timeouts,
            "expect": lambda ans: ans.kind == "error" and ans.err == errno.EPERM}
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


def dry_run(args, count):
    """Build and show messages without sending them."""
    gen = Generator(random.Random(args.seed), args.pf)
    safety = Safety(args.pf, args.allow_pf_set)
    for index in range(1, count + 1):
        msg = gen.message()
        show_message(index, msg, 0, index)
        reason = safety.refuse(msg)
        diag(f"  -> {'skip: ' + reason if reason else 'send'}")
    if args.unpriv_uid is not None:
        ops = {cmd: GENL_ADMIN_PERM | GENL_CMD_CAP_DO
               | (GENL_CMD_CAP_DUMP if cmd in (CMD_PF_GET, CMD_VF_GET) else 0)
               for cmd in CMD_NAMES if cmd != CMD_VF_EVENT
               and (cmd != CMD_PF_SET or args.allow_pf_set)}
        ugen = Generator(random.Random(args.seed + 1), args.pf)
        for index in range(1, min(count, args.unpriv_count) + 1):
            msg = ugen.dispatchable(ops)
            show_message(f"unprivileged {index}", msg, 0, index)
    return 0


def parse_args():
    """The command line."""
    parser = argparse.ArgumentParser(
        description="Fuzz the vfmgr generic netlink family (run as root in a test VM).",
        epilog="Exit status: 0 every message answered (and only EPERM unprivileged), "
               "1 failures, 2 setup failure (e.g. vfmgr family not registered).")
    parser.add_argument("--count", type=int, default=None,
                        help=f"messages to send (default {DEFAULT_COUNT}; "
                             f"{DRY_RUN_COUNT} with --dry-run)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--pf", action="append", default=[], metavar="PCI",
                        help="PF PCI address plausible messages name, and the only "
                             "one changing commands may touch (repeatable)")
    parser.add_argument("--allow-pf-set", action="store_true",
                        help="also send pf-set (may change the number of VFs of a --pf)")
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
    return args


def main():
    """Run the fuzzer; returns the exit status."""
    args = parse_args()
    count = args.count
    if count is None:
        count = DRY_RUN_COUNT if args.dry_run else DEFAULT_COUNT
    diag(f"nl-fuzz: family {args.family}, seed {args.seed}, {count} messages, "
         f"PFs {' '.join(args.pf) or 'none'}"
         f"{', pf-set allowed' if args.allow_pf_set else ''}")
    if args.dry_run:
        return dry_run(args, count)
    safety = Safety(args.pf, args.allow_pf_set)
    for pf in args.pf:
        if safety.devices is not None and os.fsencode(pf) not in safety.devices:
            diag(f"note: --pf {pf} is not a PCI device here")
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
    show_family(family)

    gen = Generator(random.Random(args.seed), args.pf)
    started = time.monotonic()
    opts = {"label": "privileged", "verbose": args.verbose,
            "max_timeouts": args.max_timeouts, "expect": lambda ans: not ans.failed}
    stats = run_pass(link, family["id"], (gen.message() for _ in range(count)),
                     safety, opts)
    link.close()
    stats.show(f"privileged pass, {time.monotonic() - started:.1f} s")
    status = 1 if stats.failures or stats.aborted else 0
    if stats.failures:
        diag(f"FAIL: {stats.failures} messages without a proper answer")

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

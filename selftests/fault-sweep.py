#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fail each allocation of a vfmgr netlink request in turn.

For each case (a request to the "vfmgr" family), the request is first
sent once without a fault, to learn the state it leads to, and undone.
Then, for N = 1, 2, ..., the Nth fault point the request meets in the
kernel (a slab allocation, or a function armed in fail_function) is made
to fail through /proc/thread-self/fail-nth, until a request meets fewer
than N.  After each injected failure:

- a request that failed must have failed with an errno, and left the
  state (the port's pf-get, every VF's vf-get without counters, the
  port's switching registers, sriov_numvfs) exactly as before;
- a request that succeeded anyway (a failure the kernel tolerates, like
  a netlink buffer it could not trim) must have left the state it leads
  to without a fault, and answered as it does without one.

Either way the state is then brought back with the case's undo request.
What it prints is for KTAP diagnostics (faults.sh prefixes "# ").  Meant
for the debug kernel (fault injection, fail-nth) inside a test VM, as
root.

Usage: fault-sweep.py YNL_LIB_DIR SPEC PF [CASE...]
       fault-sweep.py --list   (the cases' names, one per line)
       fault-sweep.py --text MODULE   (the first and last address of the
                                       module's code, for failslab's
                                       require-start and require-end)
       fault-sweep.py --func FUNCTION (the same for one kernel function)
Exit status: 0 all cases passed, 1 one failed, 4 (KSFT_SKIP) no fail-nth.
"""

import gc
import json
import os
import sys
import time

KSFT_SKIP = 4
MAX_N = 400

# Counters and what changes without a request: left out of the state.
VOLATILE = ("mbx-", "resets", "vf-resets", "rx-", "tx-", "multicast",
            "link-up", "link-speed", "busy", "in-use", "quarantines", "cts")

# The cases' names, in order (main() builds the requests for a port).
CASES = ("vf-set mac", "vf-set vlan, qos",
         "vf-set trust, spoofchk, link-state, rate", "vf-set max-frame",
         "pf-set limits", "pf-set num-vfs 2 -> 3", "vf-reset", "pf-get",
         "vf-bind")


def module_text(module):
    """The range of MODULE's functions, from /proc/kallsyms (root sees
    the addresses); the end is one page past the last function's start,
    which covers that function's code."""
    addrs = []
    with open("/proc/kallsyms") as f:
        for line in f:
            fields = line.split()
            if len(fields) == 4 and fields[1] in "tT" and fields[3] == f"[{module}]":
                addrs.append(int(fields[0], 16))
    if not addrs or min(addrs) == 0:
        return None
    return min(addrs), max(addrs) + 4096


def function_text(name):
    """The range of kernel function NAME: its address up to the next
    symbol's, from /proc/kallsyms."""
    addrs = []
    start = None
    with open("/proc/kallsyms") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 3 and fields[1] in "tT":
                addr = int(fields[0], 16)
                addrs.append(addr)
                if fields[2] == name and len(fields) == 3:
                    start = addr
    if not start:
        return None
    return start, min(a for a in addrs if a > start)


def main():
    if sys.argv[1:] == ["--list"]:
        for name in CASES:
            print(name)
        return 0
    if len(sys.argv) == 3 and sys.argv[1] in ("--text", "--func"):
        find = module_text if sys.argv[1] == "--text" else function_text
        text = find(sys.argv[2])
        if text is None:
            print(f"no {sys.argv[2]} in /proc/kallsyms", file=sys.stderr)
            return 1
        print(f"{text[0]:#x} {text[1]:#x}")
        return 0
    ynl_dir, spec, pf = sys.argv[1:4]
    only = sys.argv[4:]
    sys.path.insert(0, ynl_dir)
    from lib import YnlFamily, NlError  # noqa: E402 (the kernel's YNL lib)

    try:
        nth = os.open("/proc/thread-self/fail-nth", os.O_RDWR)
    except OSError as e:
        print(f"SKIP: no fail-nth ({e}): the kernel has no fault injection")
        return KSFT_SKIP
    ynl = YnlFamily(spec, "")

    def clean(obj):
        if isinstance(obj, dict):
            return {k: clean(v) for k, v in obj.items()
                    if not any(k.startswith(p) for p in VOLATILE)}
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        return obj

    def regs():
        keep = ("VT_CTL", "DTXSWC", "VFRE", "VFTE", "RCTL", "RAR", "VLVF",
                "pool ")
        with open(f"/sys/kernel/debug/vfmgr/{pf}/regs") as f:
            lines = [ln.split(" RXDCTL")[0].strip() for ln in f
                     if ln.startswith(keep)]
        return sorted(" ".join(ln.split()[:1] + ln.split()[2:])
                      if ln.startswith("VLVF") else ln for ln in lines)

    def sysfs(path):
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            return None

    def vf_devices():
        """Each VF's driver_override and driver, from sysfs."""
        out = {}
        base = f"/sys/bus/pci/devices/{pf}"
        for name in sorted(os.listdir(base)):
            if name.startswith("virtfn"):
                drv = os.path.join(base, name, "driver")
                out[name] = (sysfs(os.path.join(base, name, "driver_override")),
                             os.path.basename(os.readlink(drv))
                             if os.path.exists(drv) else None)
        return out

    def snapshot():
        return json.dumps({
            "pf": clean(ynl.do("pf-get", {"pci": pf})),
            "vfs": clean(ynl.dump("vf-get", {"pf-pci": pf})),
            "regs": regs(),
            "numvfs": sysfs(f"/sys/bus/pci/devices/{pf}/sriov_numvfs"),
            "devices": vf_devices(),
        }, sort_keys=True, default=str)

    def state():
        """The state once it stops changing (a VF driver's handshake
        after a bind or a reset settles within a second or two)."""
        last = snapshot()
        for _ in range(20):
            time.sleep(0.3)
            now = snapshot()
            if now == last:
                return now
            last = now
        return last

    def revert(undo):
        for req in undo or []:
            ynl.do(*req)

    def fail_nth(n):
        os.pwrite(nth, str(n).encode(), 0)

    def left():
        return int(os.pread(nth, 32, 0).decode().strip() or "0")

    vf = {"pf-pci": pf, "id": 0}
    port = ynl.do("pf-get", {"pci": pf})
    limits = {k: port[k] for k in ("vf-mac-quota", "vf-vlan-quota", "vf-mbx-rate")}
    cases = [
        ("vf-set mac", "vf-set", dict(vf, mac=bytes.fromhex("020000000d01")),
         [("vf-clear", vf)]),
        ("vf-set vlan, qos", "vf-set", dict(vf, vlan=130, qos=3),
         [("vf-clear", vf)]),
        ("vf-set trust, spoofchk, link-state, rate", "vf-set",
         dict(vf, trust=1, spoofchk=0, **{"link-state": "disable",
                                          "max-tx-rate": 300}),
         [("vf-clear", vf)]),
        ("vf-set max-frame", "vf-set", dict(vf, **{"max-frame": 3000}),
         [("vf-clear", vf)]),
        ("pf-set limits", "pf-set",
         {"pci": pf, "vf-mac-quota": 2, "vf-vlan-quota": 6,
          "vf-mbx-rate": 150},
         [("pf-set", dict({"pci": pf}, **limits))]),
        # A new driver for the new VFs: when they cannot be created, the
        # old ones come back as they were, with the old driver.
        ("pf-set num-vfs 2 -> 3", "pf-set",
         {"pci": pf, "num-vfs": 3, "vf-driver": "kernel"},
         [("pf-set", {"pci": pf, "num-vfs": 2, "vf-driver": "none"})]),
        ("vf-reset", "vf-reset", vf, None),
        ("pf-get", "pf-get", {"pci": pf}, None),
        # With VF 1 on igbvf (faults.sh binds it first): when the new
        # driver cannot be set, VF 1 stays on igbvf.
        ("vf-bind", "vf-bind", {"pf-pci": pf, "id": 1, "vf-driver": "none"},
         [("vf-bind", {"pf-pci": pf, "id": 1, "vf-driver": "igbvf"})]),
    ]
    assert tuple(c[0] for c in cases) == CASES
    if only:
        cases = [c for c in cases if c[0] in only]

    gc.disable()
    failed = 0
    def answer(reply):
        return json.dumps(clean(reply), sort_keys=True, default=str)

    for name, op, attrs, undo in cases:
        before = state()
        expected = answer(ynl.do(op, attrs))
        after = state()
        revert(undo)
        if state() != before:
            print(f"{name}: the undo request does not bring the state back")
            failed += 1
            continue
        why = None
        errors = {}
        tolerated = 0
        n = 1
        for n in range(1, MAX_N + 1):
            err = None
            got = None
            fail_nth(n)
            try:
                got = answer(ynl.do(op, attrs))
            except NlError as e:
                err = e
            except Exception as e:  # the client's own allocation failed
                err = e
            injected = left() == 0
            fail_nth(0)
            now = state()
            if not injected:
                if err is not None:
                    why = f"failed without an injected fault: {err}"
                break
            if isinstance(err, NlError):
                errors[os.strerror(err.error)] = errors.get(os.strerror(err.error), 0) + 1
                if now != before:
                    why = (f"fault {n}: failed ({os.strerror(err.error)}) but changed "
                           f"the state:\nbefore {before}\nafter  {now}")
                    break
            elif err is not None:
                if now not in (before, after):
                    why = f"fault {n} (in the client: {err!r}): state half-applied"
                    break
            elif now != after:
                why = (f"fault {n}: succeeded but the state is not the one asked "
                       f"for:\nwanted {after}\ngot    {now}")
                break
            elif got != expected:
                why = (f"fault {n}: succeeded but answered differently:\n"
                       f"wanted {expected}\ngot    {got}")
                break
            else:
                tolerated += 1
            if now != before:
                revert(undo)
        else:
            why = f"still meeting faults after {MAX_N}"
        # The last request (met no fault, or the failing one) may have
        # applied the state: take it back before the next case.
        if state() != before:
            revert(undo)
        print(f"{name}: {n - 1} fault points; errors {errors or 'none'}; "
              f"{tolerated} tolerated (same state and answer as without a fault)")
        if why:
            print(f"{name}: {why}")
            failed += 1
        if state() != before:
            print(f"{name}: the state did not come back; stopping")
            return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

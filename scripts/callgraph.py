#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Find loops in the calls between object files.

Usage: scripts/callgraph.py [--nm NM] [-v] FILE.o...

Reads each object's symbols with nm: the functions it defines (global
text symbols, type T) and the symbols it leaves undefined.  File A uses
file B when A refers to a function B defines, called or only taken the
address of (a function pointer in a table counts: it is called through).
Data symbols, and symbols none of the given objects defines (libc,
libnl, the kernel), are left out.

Files that use each other, directly or round a longer loop, form one
strongly connected component (Tarjan's algorithm).  Each component of
more than one file is printed as one of its shortest loops, with the
functions that make each step, then the component's other uses, and the
exit status is 1; with none, it is 0 (-v prints the whole graph).  nm
failing, or no object given, is status 2.
"""

import argparse
import os
import signal
import subprocess
import sys


def symbols(nm, path):
    """(functions defined, symbols undefined) of one object file."""
    try:
        out = subprocess.run([nm, "-P", path], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, "stderr", "") or str(e)
        print(f"callgraph: {nm} {path}: {err.strip()}", file=sys.stderr)
        sys.exit(2)
    defined, undefined = set(), set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        if kind == "T":
            defined.add(name)
        elif kind == "U":
            undefined.add(name)
    return defined, undefined


def graph(nm, paths):
    """{file: {file it uses: sorted functions}} over the given files."""
    owner, undef = {}, {}
    for path in paths:
        defined, undefined = symbols(nm, path)
        undef[path] = undefined
        for name in defined:
            owner.setdefault(name, path)
    edges = {path: {} for path in paths}
    for path in paths:
        for name in sorted(undef[path]):
            other = owner.get(name)
            if other is not None and other != path:
                edges[path].setdefault(other, []).append(name)
    return edges


def components(edges):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on_stack = {}, {}, set()
    stack, result, counter = [], [], 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            for succ in it:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(edges[succ]))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        comp.append(member)
                        if member == node:
                            break
                    result.append(sorted(comp))
    return result


def loop_in(comp, edges):
    """One loop through the component's first file, as a list of files."""
    members = set(comp)
    start = comp[0]
    # Breadth-first from start's successors back to start: a shortest loop.
    prev = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for succ in sorted(edges[node]):
            if succ not in members:
                continue
            if succ == start:
                path = [node]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                path.reverse()
                return path + [start]
            if succ not in prev:
                prev[succ] = node
                queue.append(succ)
    return [start]


def name(path):
    return os.path.relpath(path)


def main():
    parser = argparse.ArgumentParser(
        description="Find loops in the calls between object files.")
    parser.add_argument("--nm", default=os.environ.get("NM", "nm"),
                        help="the nm to run (default $NM or nm)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every file's uses")
    parser.add_argument("objects", nargs="+", metavar="FILE.o")
    args = parser.parse_args()
    # Piped into head, stop quietly.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    edges = graph(args.nm, args.objects)
    if args.verbose:
        for path in args.objects:
            for other, names in sorted(edges[path].items()):
                print(f"{name(path)} -> {name(other)}: {' '.join(names)}")

    loops = [c for c in components(edges) if len(c) > 1]
    for comp in loops:
        print(f"callgraph: loop among {' '.join(name(p) for p in comp)}:")
        path = loop_in(comp, edges)
        steps = set(zip(path, path[1:]))
        for a, b in zip(path, path[1:]):
            print(f"  {name(a)} -> {name(b)} ({', '.join(edges[a][b])})")
        # The other uses inside the component: all are part of some loop.
        rest = [(a, b) for a in comp for b in sorted(edges[a])
                if b in comp and (a, b) not in steps]
        if rest:
            print("  its other uses:")
        for a, b in rest:
            print(f"  {name(a)} -> {name(b)} ({', '.join(edges[a][b])})")
    if loops:
        return 1
    print(f"callgraph: {len(args.objects)} objects, no loop")
    return 0


if __name__ == "__main__":
    sys.exit(main())

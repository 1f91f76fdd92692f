#!/usr/bin/env python3
"""Where container starts wait, from `perf script` output of bench/engine/trace.sh.

Reads events sched:sched_process_fork, sched:sched_process_exec and sched:sched_switch (with
kernel call chains). Each container start is the window from the exec of the runc that made it
to the exec of the container's program (`sleep`). Inside it, every switch of one of that runc's
processes into state D (uninterruptible) is a wait, timed until the process runs again and named
by the first known kernel function in its call chain. Starts are told apart by their ancestors:
podman's (podman exec'd above), Berth's (conmon above, no podman), bare `runc run` (neither).

Usage: perf script -i perf.data | bench/engine/offcpu.py
"""
import re
import statistics
import sys
from collections import defaultdict

HEADER = re.compile(r'^\s*(\S.*?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)$')
SWITCH = re.compile(r'prev_comm=.*? prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=.*? next_pid=(\d+)')
# What a wait is called: the first of these found in its kernel call chain, outermost last.
REASONS = [
    ('rcu_sync_enter', 'cgroup lock: RCU grace period (cgroup.procs write)'),
    ('synchronize_rcu', 'other RCU grace period'),
    ('fsync', 'fsync'),
    ('folio_wait', 'page I/O'),
    ('kernel_clone', 'clone (waiting for the child)'),
    ('rwsem', 'rw semaphore'),
    ('mutex_lock', 'mutex'),
]


def events(lines):
    """(time s, pid, event, rest, call chain) per event; chains are the indented lines after it."""
    current = None
    for line in lines:
        match = HEADER.match(line)
        if match:
            if current:
                yield current
            _, pid, _, time, event, rest = match.groups()
            current = (float(time), int(pid), event, rest, [])
        elif current and line.strip():
            parts = line.split()
            if len(parts) > 1:
                current[4].append(parts[1])
    if current:
        yield current


def reason(chain):
    frames = ' '.join(chain)
    for needle, name in REASONS:
        if needle in frames:
            return name
    return 'other'


def main():
    parent, execs, forks, switches = {}, defaultdict(list), [], []
    for event in events(sys.stdin):
        time, pid, kind, rest, chain = event
        if kind == 'sched:sched_process_fork':
            child = int(re.search(r'child_pid=(\d+)', rest).group(1))
            parent[child] = pid
            forks.append((time, pid, child))
        elif kind == 'sched:sched_process_exec':
            execs[pid].append((time, re.search(r'filename=(\S+)', rest).group(1)))
        if kind == 'sched:sched_switch':
            out_pid, state, in_pid = SWITCH.search(rest).groups()
            switches.append((time, int(out_pid), state, int(in_pid), chain))

    def ancestors(pid):
        chain = [pid]
        while pid in parent and len(chain) < 64:
            pid = parent[pid]
            chain.append(pid)
        return chain

    starts = []  # (class, runc exec time, program exec time, runc's processes)
    for pid, programs in execs.items():
        for program_time, filename in programs:
            if not filename.endswith('/sleep'):
                continue
            chain = ancestors(pid)
            names = {name for p in chain for t, name in execs.get(p, []) if t <= program_time}
            runcs = [p for p in chain if any(name.endswith('/runc') for _, name in execs.get(p, []))]
            if not runcs:
                continue
            top = runcs[-1]
            runc_time = max(t for t, name in execs[top] if name.endswith('/runc') and t <= program_time)
            kind = ('podman' if any(n.endswith('/podman') for n in names)
                    else 'berth' if any(n.endswith('/conmon') for n in names) else 'runc run')
            family = {top}
            for time, p, child in forks:
                if p in family and time <= program_time:
                    family.add(child)
            starts.append((kind, runc_time, program_time, family))

    waits = defaultdict(lambda: defaultdict(float))
    windows = defaultdict(list)
    for kind, begin, end, family in starts:
        windows[kind].append((end - begin) * 1e3)
        asleep = {}
        for time, out_pid, state, in_pid, chain in switches:
            if time < begin or time > end:
                continue
            if out_pid in family and state.startswith('D'):
                asleep[out_pid] = (time, reason(chain))
            if in_pid in asleep:
                since, why = asleep.pop(in_pid)
                waits[kind][why] += (time - since) * 1e3

    print('| starts | count | runc exec → program exec, median ms | waits in state D per start, mean ms |')
    print('| --- | --- | --- | --- |')
    for kind in sorted(windows):
        count = len(windows[kind])
        detail = '; '.join('%s %.1f' % (why, total / count)
                           for why, total in sorted(waits[kind].items(), key=lambda item: -item[1]) if total / count >= 0.1)
        print('| %s | %d | %.1f | %s |' % (kind, count, statistics.median(windows[kind]), detail or 'none over 0.1 ms'))


if __name__ == '__main__':
    main()

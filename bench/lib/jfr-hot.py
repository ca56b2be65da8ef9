#!/usr/bin/env python3
"""Summarises a JFR recording: the hottest frames (top of stack and anywhere in the stack, as a share of the execution
samples), the allocation by class (weight of jdk.ObjectAllocationSample) and the GC count and total pause.

    python3 bench/lib/jfr-hot.py recording.jfr [FILTER]   # FILTER: only stacks with a frame containing it
"""
import collections, json, subprocess, sys

def events(path, kind):
    out = subprocess.run(["jfr", "print", "--json", "--events", kind, path], check=True, capture_output=True).stdout
    return json.loads(out)["recording"]["events"]

def frame(f):
    m = f["method"]
    return m["type"]["name"] + "." + m["name"]

path = sys.argv[1]
only = sys.argv[2] if len(sys.argv) > 2 else None
samples = [e["values"]["stackTrace"]["frames"] for e in events(path, "jdk.ExecutionSample") if e["values"]["stackTrace"]]
if only:
    samples = [s for s in samples if any(only in frame(f) for f in s)]
top, anywhere = collections.Counter(), collections.Counter()
for s in samples:
    top[frame(s[0])] += 1
    for name in {frame(f) for f in s}:
        anywhere[name] += 1
n = max(1, len(samples))
print(f"{len(samples)} execution samples" + (f" with a frame containing {only}" if only else ""))
print("\n-- top of stack (self time)")
for name, c in top.most_common(25):
    print(f"{100 * c / n:5.1f} %  {name}")
print("\n-- anywhere in the stack (inclusive time)")
for name, c in anywhere.most_common(40):
    print(f"{100 * c / n:5.1f} %  {name}")
alloc = collections.Counter()
alloc_site = collections.Counter()
for e in events(path, "jdk.ObjectAllocationSample"):
    v = e["values"]
    cls = v["objectClass"]["name"]
    alloc[cls] += v["weight"]
    st = v["stackTrace"]
    if st and st["frames"]:
        site = next((frame(f) for f in st["frames"] if "openclaw" in frame(f)), frame(st["frames"][0]))
        alloc_site[cls + " <- " + site] += v["weight"]
total = max(1, sum(alloc.values()))
print(f"\n-- allocation by class ({total / 2**20:.0f} MiB sampled weight)")
for cls, w in alloc.most_common(15):
    print(f"{100 * w / total:5.1f} %  {cls}")
print("\n-- allocation by class and first openclaw frame")
for site, w in alloc_site.most_common(25):
    print(f"{100 * w / total:5.1f} %  {site}")
gcs = events(path, "jdk.GarbageCollection")
pause = sum(float(str(e["values"]["sumOfPauses"]).upper().lstrip("PT").rstrip("S") or 0) for e in gcs)
print(f"\n-- {len(gcs)} garbage collections, total pause {pause:.3f} s")

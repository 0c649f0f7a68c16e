#!/usr/bin/env python3
"""Where an FStore run's CPU goes, from a JFR recording (bench/mongodb.sh --fstore; not a test).

    python3 jfr_stages.py RECORDING.jfr STATE.json

Reads `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 96` and keeps the samples taken
between the run's startedAt and finishedAt (data/state/<group>.json), so JVM and Camel startup are left out.

Java samples (threads running Java code) are put in one stage each: walking the stack from its top frame down, the
first frame of a known package decides (org.bson.Document's own map methods are skipped, so a Document.get called
by the flattener counts as flattening; RocksDB's own classes are skipped, so a RocksDB call counts for the FStore
class that made it: the offline change state or the online store). Native samples (threads inside a native method:
RocksDB's C++ code, but also threads blocked in a socket poll waiting for the server) are counted apart, by the
same stages, a socket poll as "waiting for the server"; JFR takes them at its own rate, so they are not added to
the Java shares.
"""
import collections
import datetime
import json
import re
import subprocess
import sys

STAGES = [  # (stage, class name prefixes), first match wins per frame
    ("offline: change detection (StoredVersions in RocksDB, RowFingerprint)",
     ("io.fstore.store.offline.StoredVersions", "io.fstore.store.offline.RowFingerprint",
      "io.fstore.store.offline.VersionDigests")),
    ("offline: Parquet encode + write", ("io.fstore.store.offline.", "org.apache.parquet.", "shaded.parquet.",
                                         "org.apache.hadoop.", "org.xerial.snappy.", "io.airlift.compress.")),
    ("online: embedded store write (RocksDB)", ("io.fstore.store.online.",)),
    ("normalize (typed rows, quarantine checks)", ("io.fstore.normalize.",)),
    ("flatten (MongoDocuments, dotted paths)", ("io.fstore.source.mongodb.",)),
    ("driver: socket + BSON decode", ("com.mongodb.", "org.bson.")),
    ("pipeline bookkeeping (chunks, checkpoint)", ("io.fstore.",)),
    ("Camel routing", ("org.apache.camel.",)),
]
SKIP = ("org.bson.Document.", "org.rocksdb.")
FRAME = re.compile(r"^\s+([\w$.]+)\.([\w$<>]+)\(")


def parse(jfr_file):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample",
                          "--stack-depth", "96", jfr_file], capture_output=True, text=True, check=True).stdout
    event = None
    for line in out.splitlines():
        if line.startswith("jdk.ExecutionSample") or line.startswith("jdk.NativeMethodSample"):
            event = {"type": line.split()[0], "frames": [], "thread": "", "time": None}
        elif event is None:
            continue
        elif line.strip().startswith("startTime = "):
            event["time"] = line.split("=", 1)[1].strip()
        elif line.strip().startswith("sampledThread = "):
            event["thread"] = line.split("=", 1)[1].strip().split(" (javaThreadId")[0].strip('"')
        elif line == "}":
            yield event
            event = None
        else:
            m = FRAME.match(line)
            if m:
                event["frames"].append((m.group(1), m.group(2)))


def clock(text):
    """jfr print's startTime: '13:05:43.123 (2025-12-03)' in the local zone, or just the time."""
    m = re.match(r"(\d\d:\d\d:\d\d(?:\.\d+)?)(?: \((\d{4}-\d\d-\d\d)\))?", text)
    t = datetime.time.fromisoformat(m.group(1))
    return t, m.group(2)


def stage_of(frames):
    for cls, _ in frames:
        if cls.startswith(SKIP):
            continue
        for stage, prefixes in STAGES:
            if cls.startswith(prefixes):
                return stage
    return "other (JDK, Jackson, ...)"


def main():
    recording, state_file = sys.argv[1], sys.argv[2]
    run = json.load(open(state_file))["lastRun"]
    local = lambda iso: datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    start, end = local(run["startedAt"]), local(run["finishedAt"])
    stages, tops, packages, threads, natives = (collections.Counter() for _ in range(5))
    java = 0
    for e in parse(recording):
        if e["time"] is None or not e["frames"]:
            continue
        t, day = clock(e["time"])
        at = datetime.datetime.combine(datetime.date.fromisoformat(day) if day else start.date(), t,
                                       tzinfo=start.tzinfo)
        if not start <= at <= end:
            continue
        top_cls, top_method = e["frames"][0]
        if e["type"] == "jdk.NativeMethodSample":
            if e["thread"].startswith("vert.x-"):  # the idle HTTP server's event loops
                continue
            waiting = top_cls == "sun.nio.ch.Net" and top_method == "poll"
            natives["waiting for the server (socket poll)" if waiting else stage_of(e["frames"])] += 1
            continue
        java += 1
        stages[stage_of(e["frames"])] += 1
        tops[f"{top_cls}.{top_method}"] += 1
        packages[".".join(top_cls.split(".")[:3])] += 1
        threads[re.sub(r"#\d+", "#n", e["thread"])] += 1
    secs = (end - start).total_seconds()
    print(f"JFR: {java} Java execution samples in the run's {secs:.1f} s (about one per 10-20 ms per running thread)")
    print("  by stage (first known package from the top of the stack):")
    for stage, n in stages.most_common():
        print(f"    {100 * n / java:5.1f}%  {stage}")
    print("  by package of the top frame:")
    for pkg, n in packages.most_common(10):
        print(f"    {100 * n / java:5.1f}%  {pkg}")
    print("  hottest methods (top frame):")
    for method, n in tops.most_common(15):
        print(f"    {100 * n / java:5.1f}%  {method}")
    print("  by thread (the sinks run on RecipientList threads; after a chunk's parallel sinks the split goes on in"
          " the thread that finished last, so reading and normalizing mostly run there too):")
    for thread, n in threads.most_common(6):
        print(f"    {100 * n / java:5.1f}%  {thread}")
    print(f"  native samples ({sum(natives.values())}, JDK threads and the idle HTTP server left out), by stage:")
    for what, n in natives.most_common():
        print(f"    {n:6d}  {what}")

if __name__ == "__main__":
    main()

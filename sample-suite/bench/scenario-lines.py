#!/usr/bin/env python3
"""Lines a user writes for the sample's chaos scenarios: per scenario (each @Test method of a
*ScenarioIT class) and per application (the glue classes that start the system, proxy it and read
it). Counts code lines only: no blank lines, comments, imports or snippet markers.

Usage: sample-suite/bench/scenario-lines.py [git revision, default the working tree]
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = "sample-suite/src/test/java/io/infraaware/sample"
GLUE = ["E2eStack.java"]


def source(path, rev):
    if rev is None:
        return (ROOT / path).read_text()
    return subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{path}"],
                          capture_output=True, text=True, check=True).stdout


def files(rev):
    if rev is None:
        return sorted(p.name for p in (ROOT / TESTS).glob("*.java"))
    out = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{rev}:{TESTS}"],
                         capture_output=True, text=True, check=True).stdout
    return sorted(n for n in out.split() if n.endswith(".java"))


def code_lines(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("//") or s.startswith("import ") or s.startswith("package "):
            continue
        lines.append(line)
    return lines


def methods(text):
    """(name, code lines) of each @Test method."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "@Test":
            j = i + 1
            while "(" not in lines[j]:
                j += 1
            name = re.search(r"(\w+)\(", lines[j]).group(1)
            depth, k, body = 0, j, []
            while True:
                body.append(lines[k])
                depth += lines[k].count("{") - lines[k].count("}")
                if depth == 0 and "{" in "".join(body):
                    break
                k += 1
            out.append((name, len(code_lines("\n".join(body)))))
            i = k
        i += 1
    return out


def main():
    rev = sys.argv[1] if len(sys.argv) > 1 else None
    label = rev or "working tree"
    total, count, worst = 0, 0, ("", 0)
    print(f"[{label}] lines per scenario (code lines of each @Test method)")
    for name in files(rev):
        if not name.endswith("ScenarioIT.java"):
            continue
        for method, n in methods(source(f"{TESTS}/{name}", rev)):
            print(f"  {n:4d}  {name[:-5]}.{method}")
            total, count = total + n, count + 1
            if n > worst[1]:
                worst = (f"{name[:-5]}.{method}", n)
    print(f"  scenarios {count}, mean {total / max(count, 1):.1f}, largest {worst[1]} ({worst[0]})")
    glue = sum(len(code_lines(source(f"{TESTS}/{g}", rev))) for g in GLUE)
    print(f"[{label}] glue per application ({', '.join(GLUE)}): {glue} code lines")


if __name__ == "__main__":
    main()

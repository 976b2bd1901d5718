#!/usr/bin/env python3
"""Regenerate the output shown in docs/python.md (run with the installed package, e.g. the test venv):

    .build/pyvenv/bin/python python/update-doc.py docs/python.md           # rewrite in place
    .build/pyvenv/bin/python python/update-doc.py --check docs/python.md   # exit 1 if the output changed

Every ```python block runs, in order, in one namespace (working directory: the document's directory); what it
prints replaces the ```text block right after it (a block with no output has none). Standard library + brouwer.
"""

import argparse
import contextlib
import io
import os
import re
import sys
import warnings


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("file")
    a = ap.parse_args()
    a.file = os.path.abspath(a.file)
    lines = open(a.file, encoding="utf-8").read().split("\n")
    out, namespace, i = [], {"__name__": "__doc__"}, 0
    os.chdir(os.path.dirname(os.path.abspath(a.file)))
    warnings.simplefilter("ignore")
    while i < len(lines):
        out.append(lines[i])
        if lines[i].strip() != "```python":
            i += 1
            continue
        j = i + 1
        while lines[j].strip() != "```":
            j += 1
        code = "\n".join(lines[i + 1:j])
        out.extend(lines[i + 1:j + 1])
        i = j + 1
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, a.file, "exec"), namespace)
        text = buffer.getvalue().rstrip("\n")
        # drop an old output block
        k = i
        while k < len(lines) and lines[k].strip() == "":
            k += 1
        if k < len(lines) and lines[k].strip() == "```text":
            e = k + 1
            while lines[e].strip() != "```":
                e += 1
            i = e + 1
        if text:
            out += ["", "```text"] + text.split("\n") + ["```"]
    new = "\n".join(out)
    old = open(a.file, encoding="utf-8").read()
    if a.check:
        if new != old:
            print(f"{a.file}: output differs", file=sys.stderr)
            sys.exit(1)
        return
    open(a.file, "w", encoding="utf-8").write(new)


if __name__ == "__main__":
    main()

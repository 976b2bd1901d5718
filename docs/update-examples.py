#!/usr/bin/env python3
"""Regenerate the command output shown in ```console blocks of markdown files.

    swift build -c release
    docs/update-examples.py docs/cli.md docs/examples/*.md           # rewrite the files in place
    docs/update-examples.py --check docs/cli.md docs/examples/*.md   # exit 1 and show what would change

In every ```console block, each line that starts with "$ " is a command; the lines after it, up to the
next "$ " line or the end of the block, are its output. The commands of one block run in order, each as
`bash -c CMD` with stdout and stderr merged, stdin empty, LC_ALL=C.UTF-8 and the release build's
`brouwer` and `brouwer-bench` first on PATH (--bin, default .build/release; this script never builds),
in a fresh scratch directory that persists across the commands of the block and holds a symlink `Data`
to the repository's Data/. The output shown is replaced by the new one, with the scratch directory's
path (and the repository's) removed.

Fixtures: the content printed by a `$ cat FILE` line is remembered, and a later command of the same
document that names FILE while it does not exist in its scratch directory gets that content written
first (so a block can read a file an earlier block made and showed). A `$ cat FILE` line whose FILE
still does not exist writes FILE from the output the document shows under it (the document is then the
fixture's source: a file the reader is shown but never told how to make).

A block preceded (last non-blank line before the fence) by `<!-- not regenerated: REASON -->` is left
alone: timing-dependent output (brouwer-bench) or commands that cannot run on their own.

Standard library only.
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

FENCE_OPEN = re.compile(r"^```console\s*$")
FENCE_CLOSE = re.compile(r"^```\s*$")
SKIP_MARK = re.compile(r"^\s*<!--\s*not regenerated:\s*(.*?)\s*-->\s*$")
CAT_FILE = re.compile(r"^cat\s+([\w.+-]+)\s*$")
COMMAND_TIMEOUT_S = 900


class Block:
    """One ```console block: the line index of its opening fence and its commands with their output."""

    def __init__(self, start, end, skip_reason):
        self.start = start          # index of the ```console line
        self.end = end              # index of the closing ``` line
        self.skip_reason = skip_reason
        self.steps = []             # [(command, [output lines])]


def parse_blocks(lines, path):
    blocks = []
    i = 0
    while i < len(lines):
        if not FENCE_OPEN.match(lines[i]):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not FENCE_CLOSE.match(lines[j]):
            j += 1
        if j == len(lines):
            sys.exit(f"{path}:{i + 1}: ```console block is not closed")
        k = i - 1
        while k >= 0 and lines[k].strip() == "":
            k -= 1
        mark = SKIP_MARK.match(lines[k]) if k >= 0 else None
        block = Block(i, j, mark.group(1) if mark else None)
        for line in lines[i + 1:j]:
            if line.startswith("$ "):
                block.steps.append((line[2:], []))
            elif block.steps:
                block.steps[-1][1].append(line)
            elif line.strip():
                sys.exit(f"{path}:{i + 2}: ```console block starts with output, not a '$ ' command")
        blocks.append(block)
        i = j + 1
    return blocks


def names_file(command, name):
    """Whether `name` appears in `command` as a whole word (not part of a longer path or name)."""
    return re.search(r"(?<![\w./-])" + re.escape(name) + r"(?![\w.-])", command) is not None


def clean(text, replacements):
    for old, new in replacements:
        text = text.replace(old, new)
    return text


def run_block(block, path, env, repo, remembered):
    """Runs the block's commands in a fresh scratch directory; returns [(command, new output lines)]."""
    scratch = tempfile.mkdtemp(prefix="brouwer-docs-")
    try:
        os.symlink(os.path.join(repo, "Data"), os.path.join(scratch, "Data"))
        replacements = []
        for d in sorted({scratch, os.path.realpath(scratch)}, key=len, reverse=True):
            replacements += [(d + "/", ""), (d, ".")]
        replacements.append((repo + "/", ""))
        results = []
        line_no = block.start + 2
        for command, shown in block.steps:
            cat = CAT_FILE.match(command)
            for name, content in remembered.items():
                target = os.path.join(scratch, name)
                if not os.path.exists(target) and names_file(command, name):
                    with open(target, "w", encoding="utf-8") as f:
                        f.write(content)
                    print(f"{path}:{line_no}: fixture {name} written from an earlier `cat {name}`",
                          file=sys.stderr)
            if cat and not os.path.exists(os.path.join(scratch, cat.group(1))):
                with open(os.path.join(scratch, cat.group(1)), "w", encoding="utf-8") as f:
                    f.write("".join(l + "\n" for l in shown))
                print(f"{path}:{line_no}: fixture {cat.group(1)} written from the document", file=sys.stderr)
            proc = subprocess.run(["bash", "-c", command], cwd=scratch, env=env,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=COMMAND_TIMEOUT_S)
            text = clean(proc.stdout.decode("utf-8", errors="replace"), replacements)
            if proc.returncode != 0:
                print(f"{path}:{line_no}: exit status {proc.returncode}: $ {command}", file=sys.stderr)
            if cat:
                remembered[cat.group(1)] = text
            new = text.split("\n")
            if new and new[-1] == "":
                new.pop()
            results.append((command, new))
            line_no += 1 + len(shown)
        return results
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def render(block, results):
    out = []
    for command, output in results:
        out.append("$ " + command)
        out.extend(output)
    return out


def process(path, env, repo, check):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    blocks = parse_blocks(lines, path)
    remembered = {}
    changed = []
    new_lines = list(lines)
    # Replace from the last block backwards so that earlier indices stay valid.
    replaced = []
    for block in blocks:
        if block.skip_reason is not None:
            print(f"{path}:{block.start + 1}: left alone ({block.skip_reason})", file=sys.stderr)
            continue
        old = lines[block.start + 1:block.end]
        new = render(block, run_block(block, path, env, repo, remembered))
        if new != old:
            changed.append((block, old, new))
            replaced.append((block, new))
    for block, new in reversed(replaced):
        new_lines[block.start + 1:block.end] = new
    for block, old, new in changed:
        header = f"{path}:{block.start + 1}"
        if check:
            sys.stdout.writelines(difflib.unified_diff(
                [l + "\n" for l in old], [l + "\n" for l in new], header + " (shown)",
                header + " (now)", n=1))
        else:
            print(f"{header}: block regenerated", file=sys.stderr)
    if changed and not check:
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(new_lines))
    return len(changed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", metavar="FILE.md")
    parser.add_argument("--bin", default=".build/release",
                        help="directory holding the release brouwer and brouwer-bench (default .build/release)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; print the blocks that would change and exit 1 if any")
    args = parser.parse_args()

    repo = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    bin_dir = os.path.realpath(args.bin)
    if not os.access(os.path.join(bin_dir, "brouwer"), os.X_OK):
        sys.exit(f"update-examples: no executable brouwer in {args.bin} (run `swift build -c release` first, "
                 "or give --bin DIR)")
    env = dict(os.environ)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "/usr/bin:/bin")
    env["LC_ALL"] = "C.UTF-8"
    for name in ("LANG", "LANGUAGE", "COLUMNS", "LINES"):
        env.pop(name, None)

    total = sum(process(path, env, repo, args.check) for path in args.files)
    if args.check:
        print(f"update-examples: {total} block(s) would change", file=sys.stderr)
        sys.exit(1 if total else 0)
    print(f"update-examples: {total} block(s) regenerated", file=sys.stderr)


if __name__ == "__main__":
    main()

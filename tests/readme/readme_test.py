#!/usr/bin/python3
"""Runs every command of README.md against a real demo hub.

    /usr/bin/python3 tests/readme/readme_test.py REPO_DIR BUILD_DIR

The demo hub is started as tools/demo.sh starts it (tools/demo_start.sh:
hubd --insecure_demo_auth --demo_clock on 127.0.0.1:0, the seed catalog and
the demo year loaded) in a temporary directory that looks like the
repository root to the commands: build/, tests/ and tools/ link to the real
ones, hub-data/ is the demo hub's own. The commands then run there in README
order, in one bash session (so aliases and variables carry over, as in a
user's terminal):

  * a ```sh block is a script: each complete command in it is one step, and
    "# " comment lines directly under a command (no blank line between) are
    an excerpt of its output;
  * in a plain ``` block, each "$ " line (with its "\\" continuations) is a
    step and the lines up to the next "$ " are an excerpt of its output; a
    plain block without "$ " lines is prose and is not run;
  * a block right after the line <!-- readme-test: skip (why) --> is not run
    (the commands that build the tree and start this very hub).

A step fails on a non-zero exit status, or when an excerpt line is not in its
output: excerpt lines must appear in order, whitespace runs count as one
space, and "..." stands for any text. Prints every failure with the step's
README line, output and status, and exits 1 if there is any.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

SKIP_MARK = "<!-- readme-test: skip"


class Step:
    def __init__(self, line, text):
        self.line = line  # README line of the step's first line
        self.text = text
        self.expected = []  # excerpt lines

    def __repr__(self):
        return "README.md:%d: %s" % (self.line, self.text.splitlines()[0])


def complete(text):
    """True when text parses as complete bash (no open quote, heredoc, loop,
    or trailing line continuation)."""
    if text.rstrip().endswith("\\"):
        return False
    r = subprocess.run(["bash", "-n", "-c", text], capture_output=True,
                       text=True)
    return r.returncode == 0 and "here-document" not in r.stderr


def blocks(readme):
    """(fence info, first body line number, body lines) of each code block."""
    lines = readme.split("\n")
    out, i, skip = [], 0, False
    while i < len(lines):
        line = lines[i]
        if line.startswith(SKIP_MARK):
            skip = True
        elif line.startswith("```"):
            info, body, start = line[3:].strip(), [], i + 2
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            if not skip:
                out.append((info, start, body))
            skip = False
        elif line.strip():
            skip = skip and not line.strip()
        i += 1
    return out


def sh_steps(start, body):
    steps, current, last = [], None, None
    for n, line in enumerate(body):
        stripped = line.strip()
        if current is not None:
            current.text += "\n" + line
            if complete(current.text):
                steps.append(current)
                last, current = current, None
            continue
        if not stripped:
            last = None  # a blank line ends an excerpt
        elif stripped.startswith("#"):
            if last is not None:
                last.expected.append(stripped[1:].strip())
        else:
            step = Step(start + n, line)
            if complete(step.text):
                steps.append(step)
                last = step
            else:
                current = step
    if current is not None:
        raise SystemExit("README.md:%d: unfinished command" % current.line)
    return steps


def dollar_steps(start, body):
    steps, current, continued = [], None, False
    for n, line in enumerate(body):
        if continued:
            current.text += "\n" + line
            continued = line.endswith("\\")
        elif line.startswith("$ "):
            current = Step(start + n, line[2:])
            steps.append(current)
            continued = line.endswith("\\")
        elif current is not None and line.strip():
            current.expected.append(line.strip())
    return steps


def parse(readme):
    steps = []
    for info, start, body in blocks(readme):
        if info in ("sh", "bash"):
            steps += sh_steps(start, body)
        elif info == "" and any(l.startswith("$ ") for l in body):
            steps += dollar_steps(start, body)
    return steps


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def missing_excerpt(expected, output):
    """The first excerpt line not found (in order) in output, or None. Each
    excerpt line is looked for from the output line the one before matched
    (a long output line may hold several)."""
    lines = [squeeze(l) for l in output.splitlines()]
    at = 0
    for want in expected:
        pattern = ".*".join(re.escape(p) for p in squeeze(want).split("..."))
        while at < len(lines) and not re.search(pattern, lines[at]):
            at += 1
        if at == len(lines):
            return want
    return None


def make_root(repo, build, tmp):
    root = os.path.join(tmp, "repo")
    os.makedirs(root)
    for name in ("tests", "tools"):
        os.symlink(os.path.join(repo, name), os.path.join(root, name))
    os.symlink(build, os.path.join(root, "build"))
    shutil.copy(os.path.join(repo, "README.md"), root)
    return root


def start_hub(root):
    env = dict(os.environ, HUB_ADDR="127.0.0.1:0",
               HUB_DATA=os.path.join(root, "hub-data"))
    r = subprocess.run(["tools/demo_start.sh"], cwd=root, env=env,
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise SystemExit("demo hub did not start:\n" + r.stdout + r.stderr)
    with open(os.path.join(root, "hub-data", "hubd.port")) as f:
        return "127.0.0.1:" + f.read().strip()


def stop_hub(root):
    try:
        with open(os.path.join(root, "hub-data", "hubd.pid")) as f:
            pid = int(f.read())
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            os.kill(pid, 0)
            subprocess.run(["sleep", "0.1"])
    except (OSError, ValueError):
        pass


def run_steps(root, steps, addr, tmp):
    """Runs the steps in one bash session; returns [(output, status)]."""
    step_dir = os.path.join(tmp, "steps")
    os.makedirs(step_dir)
    script = ["shopt -s expand_aliases", "cd %s" % root]
    for i, step in enumerate(steps):
        path = os.path.join(step_dir, str(i))
        with open(path + ".sh", "w") as f:
            f.write(step.text + "\n")
        script.append("{ source %s.sh; } >%s.out 2>&1 </dev/null; echo $? >%s.rc"
                      % (path, path, path))
    env = dict(os.environ, HUB_ADDR=addr)
    # As a new user's shell: the default principal and language (Chinese).
    env.pop("HUB_PRINCIPAL", None)
    env.pop("HUB_LANG", None)
    subprocess.run(["bash", "-c", "\n".join(script)], cwd=root, env=env,
                   timeout=600)
    results = []
    for i in range(len(steps)):
        path = os.path.join(step_dir, str(i))
        with open(path + ".out", errors="replace") as f:
            output = f.read()
        with open(path + ".rc") as f:
            results.append((output, int(f.read())))
    return results


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    repo, build = (os.path.abspath(a) for a in sys.argv[1:])
    with open(os.path.join(repo, "README.md"), encoding="utf-8") as f:
        steps = parse(f.read())
    tmp = tempfile.mkdtemp(prefix="readme-test-")
    failures = []
    try:
        root = make_root(repo, build, tmp)
        addr = start_hub(root)
        for step, (output, status) in zip(steps, run_steps(root, steps, addr,
                                                           tmp)):
            why = "exit status %d" % status if status != 0 else None
            missing = missing_excerpt(step.expected, output)
            if why is None and missing is not None:
                why = "output lacks the README's line: %s" % missing
            if why is not None:
                failures.append("%r\n  %s\n  output:\n%s" % (
                    step, why, "".join("    " + l + "\n"
                                       for l in output.splitlines())))
    finally:
        stop_hub(os.path.join(tmp, "repo"))
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL " + f)
    print("readme_test: %d commands, %d failed" % (len(steps), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

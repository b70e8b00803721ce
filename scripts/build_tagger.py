"""Compile the tagger package (ingest/tagging) with Cython into ingest/_tagging_compiled.

The pure-Python package stays the source of truth and works alone: ingest/tagging uses
the compiled build only when it was built from its current sources (the build records
their SHA-256), so an edit never runs stale code; run this script again (setup does it)
to compile the edited sources. Without Cython or a C compiler it says so and exits 0.

Each module is compiled as a copy whose imports of its siblings point at the compiled
siblings; results.py is not compiled, so both builds return one set of result classes.
A .pxd file beside a module (matching.pxd) types its compiled build: typed classes and
loops, same behaviour. A fresh process then checks that the build tags the labelled
stories exactly as the pure-Python tagger does; a build that does not is removed.

    .venv/bin/python scripts/build_tagger.py [--force]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "_tagging_compiled"
TARGET = ROOT / "ingest" / NAME
COMPILED = ("matching", "cues", "clauses", "dates", "restated", "background", "modality", "datelines", "actors",
            "carried", "agents", "senses", "subjects", "triggers", "combine", "sentence", "events", "topics", "storymodel",
            "levelmodel", "tagger")


def source_digest() -> str:
    sys.path.insert(0, str(ROOT))
    from ingest.tagging import source_digest as digest

    return digest()


def built_digest() -> str | None:
    """The digest the current build was made from, read without importing the tagger."""
    marker = TARGET / "__init__.py"
    if not marker.exists():
        return None
    found = re.search(r"BUILT_FROM = '([0-9a-f]+)'", marker.read_text(encoding="utf-8"))
    return found.group(1) if found else None


def build(digest: str) -> None:
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    sibling = re.compile(r"\bingest\.tagging\.(" + "|".join(COMPILED) + r")\b")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        package = work / "ingest" / NAME
        package.mkdir(parents=True)
        for init in (work / "ingest" / "__init__.py", package / "__init__.py"):
            init.write_text("", encoding="utf-8")  # packages, so Cython finds each module's .pxd by its full name
        extensions = []
        for name in COMPILED:
            for suffix in (".py", ".pxd"):  # a .pxd beside a module types its compiled build (matching.pxd)
                source = ROOT / "ingest" / "tagging" / f"{name}{suffix}"
                if source.exists():
                    (package / f"{name}{suffix}").write_text(sibling.sub(rf"ingest.{NAME}.\1", source.read_text(encoding="utf-8")),
                                                            encoding="utf-8")
            extensions.append(Extension(f"ingest.{NAME}.{name}", [str(package / f"{name}.py")]))
        built = cythonize(extensions, quiet=True, build_dir=str(work / "c"),
                          compiler_directives={"language_level": 3, "binding": True,
                                               "annotation_typing": False})  # Python semantics: hints are not checks
        distribution = Distribution({"name": NAME, "ext_modules": built})
        command = build_ext(distribution)
        command.build_lib, command.build_temp = str(work / "lib"), str(work / "tmp")
        command.ensure_finalized()
        command.run()
        # A new folder renamed into place: a running process keeps the build it loaded
        # (writing over a loaded library in place could crash it).
        staged = TARGET.with_name(NAME + ".new")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(work / "lib" / "ingest" / NAME, staged)
        (staged / "__init__.py").write_text(
            f'"""ingest/tagging compiled by scripts/build_tagger.py; not edited by hand."""\nBUILT_FROM = {digest!r}\n',
            encoding="utf-8")
        old = TARGET.with_name(NAME + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if TARGET.exists():
            os.replace(TARGET, old)
        os.replace(staged, TARGET)
        shutil.rmtree(old, ignore_errors=True)


# Run in a fresh process after a build: the compiled tagger must tag the project's labelled
# stories as the pure-Python one does (a .pxd out of step with its module, a field the .pxd
# does not declare, shows here, not in a user's poll).
_CHECK = """
import sys, tomllib
from pathlib import Path
from ingest.config import DEFAULT_TAXONOMY_PATH
from ingest.tagging import IMPLEMENTATION, PurePythonTagger, Tagger
assert IMPLEMENTATION != "pure Python", "the build was not loaded"
stories = [("Russia recognises the Taliban government", "Germany deported 81 Afghans on a flight arranged with Kabul.")]
for path in sorted(Path("tests/data").glob("*_stories.toml")):
    stories += [(s["title"], s.get("summary", "")) for s in tomllib.loads(path.read_text(encoding="utf-8"))["stories"]]
compiled = Tagger.from_file(DEFAULT_TAXONOMY_PATH)
pure = PurePythonTagger(compiled.taxonomy)
for title, summary in stories:
    if compiled.tag(title, summary) != pure.tag(title, summary):
        sys.exit(f"tagged otherwise than the pure-Python tagger: {title!r}")
"""


def check() -> str | None:
    """None when the installed build tags as the pure-Python tagger does, else why not."""
    environment = {key: value for key, value in os.environ.items() if key != "MONITOR_PURE_PYTHON"}
    done = subprocess.run([sys.executable, "-c", _CHECK], cwd=ROOT, env=environment, capture_output=True, text=True)
    return None if done.returncode == 0 else (done.stderr.strip().splitlines() or ["failed"])[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when the build is current")
    args = parser.parse_args()
    digest = source_digest()
    if not args.force and built_digest() == digest:
        return 0
    print("setup: compiling ingest/tagging with Cython (about a minute)", file=sys.stderr)
    try:
        build(digest)
    except Exception as error:  # no compiler, no headers: the pure-Python tagger is used
        shutil.rmtree(TARGET, ignore_errors=True)
        print(f"setup: the tagger stays pure Python (could not compile it: {type(error).__name__}: {error})",
              file=sys.stderr)
        return 0
    problem = check()
    if problem is not None:
        shutil.rmtree(TARGET, ignore_errors=True)
        print(f"setup: the tagger stays pure Python (its compiled build failed its check: {problem})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

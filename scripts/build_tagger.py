"""Compile ingest/tagger.py with Cython into ingest/_tagger_compiled (same source, ~1.4x faster).

The pure-Python module stays the source of truth and works alone: ingest/tagger.py uses
the compiled build only when it was built from its current bytes (the build records
their SHA-256), so an edit never runs stale code; run this script again (setup does it)
to compile the edited source. Without Cython or a C compiler it says so and exits 0.

    .venv/bin/python scripts/build_tagger.py [--force]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "ingest" / "tagger.py"
NAME = "_tagger_compiled"
TARGET = ROOT / "ingest" / f"{NAME}{sysconfig.get_config_var('EXT_SUFFIX')}"


def source_digest() -> str:
    return hashlib.sha256(SOURCE.read_bytes()).hexdigest()


def built_digest() -> str | None:
    """The digest the current build was made from, read without importing it."""
    if not TARGET.exists():
        return None
    probe = f"import importlib.util as u; s = u.spec_from_file_location('{NAME}', r'{TARGET}'); " \
            "m = u.module_from_spec(s); s.loader.exec_module(m); print(m.SOURCE_DIGEST)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or None


def build() -> None:
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        module = work / f"{NAME}.py"
        module.write_text(SOURCE.read_text(encoding="utf-8")
                          + f"\n\n# Added by scripts/build_tagger.py\nSOURCE_DIGEST = {source_digest()!r}\n"
                          + "from ingest.tagger import ActorTag, EngagementTag, TagResult, TopicTag  # one set of result classes\n",
                          encoding="utf-8")
        extensions = cythonize([Extension(NAME, [str(module)])], quiet=True, build_dir=str(work / "c"),
                               compiler_directives={"language_level": 3, "binding": True,
                                                    "annotation_typing": False})  # Python semantics: hints are not checks
        distribution = Distribution({"name": NAME, "ext_modules": extensions})
        command = build_ext(distribution)
        command.build_lib, command.build_temp = str(work / "lib"), str(work / "tmp")
        command.ensure_finalized()
        command.run()
        # A new file renamed into place: a running process keeps the build it loaded (writing
        # over a loaded library in place could crash it).
        staged = TARGET.with_name(TARGET.name + ".new")
        shutil.copy2(next((work / "lib").glob(f"{NAME}*")), staged)
        os.replace(staged, TARGET)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when the build is current")
    args = parser.parse_args()
    if not args.force and built_digest() == source_digest():
        return 0
    print("setup: compiling ingest/tagger.py with Cython (about 30 s)", file=sys.stderr)
    try:
        build()
    except Exception as error:  # no compiler, no headers: the pure-Python tagger is used
        TARGET.unlink(missing_ok=True)
        print(f"setup: the tagger stays pure Python (could not compile it: {type(error).__name__}: {error})",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The pre-commit hook, tried on a sample repository with ``pre-commit try-repo``.

``try-repo`` clones this repository's HEAD (plus uncommitted changes to tracked
files), so the hook manifest must be committed. The ``-system`` variant is
tried: it runs the ``newskg`` on PATH, where the ``python`` variant would first
install newskg and spaCy into a fresh hook environment (minutes, network).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "validate"
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")


def _committed(path: str) -> bool:
    return subprocess.run(["git", "cat-file", "-e", f"HEAD:{path}"], cwd=ROOT, capture_output=True).returncode == 0


pytestmark = [
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not _committed(".pre-commit-hooks.yaml"), reason=".pre-commit-hooks.yaml is not committed yet"),
    pytest.mark.skipif(not (ROOT / "shapes" / "newskg.shacl.ttl").is_file(), reason="default shapes not written yet"),
]


def try_repo(sample: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "newskg-validate-system", "--all-files", "--verbose"],
                          cwd=sample, env=env, capture_output=True, text=True, timeout=600)


def sample_repo(tmp: Path, *files: Path) -> Path:
    sample = tmp / "sample"
    (sample / "data").mkdir(parents=True)
    for f in files:
        shutil.copy(f, sample / "data" / f.name)
    (sample / "README.md").write_text("not RDF: the hook must not look at this\n")
    subprocess.run(["git", "init", "-q"], cwd=sample, check=True)
    subprocess.run(["git", "add", "."], cwd=sample, check=True)
    return sample


def test_the_hook_passes_conforming_rdf(tmp_path: Path) -> None:
    done = try_repo(sample_repo(tmp_path, FIXTURES / "article.ttl"), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_the_hook_fails_a_broken_file_and_names_its_line(tmp_path: Path) -> None:
    done = try_repo(sample_repo(tmp_path, FIXTURES / "no-quote.ttl"), tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "data/no-quote.ttl:" in done.stdout and "stmt:dana-whitfield-depot" in done.stdout

"""The site reads the same whichever CPU runs it.

PyTorch picks its CPU kernels by what the processor offers (scalar, AVX2, AVX-512 on x86-64;
NEON/SVE on arm64), oneDNN and MKL pick theirs by CPU model on their own, and the number of
threads changes the order of reductions: float32 results differ in their last bits. A second
clean build that changes all of these at once (:data:`OTHER_CPU`, the furthest from this
machine one machine can go) must pass and show every page's text, alt text included, exactly
as the first build does; images may differ by pixels.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitetext import page_text, text_differences

from tools.buildsite import DOCS, SphinxBuild

#: The second build's environment: another CPU, as far as one machine can model one.
OTHER_CPU = {
    # PyTorch's own kernels: the scalar ones, not AVX2 or AVX-512 (ATen's dispatch).
    "ATEN_CPU_CAPABILITY": "default",
    # oneDNN (convolutions, some matmuls) capped at SSE4.1, as on a processor without AVX.
    "ONEDNN_MAX_CPU_ISA": "SSE41",
    # MKL (BLAS: torch.mm, nn.Linear) capped at SSE4.2 likewise.
    "MKL_ENABLE_INSTRUCTIONS": "SSE4_2",
    # One thread instead of this machine's several: reductions add in another order. (Pages
    # that set their own thread count keep it: that part of them is the same everywhere.)
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def native_capability() -> str:
    """The kernel path PyTorch picks on this machine (AVX512, AVX2, DEFAULT, ...)."""
    code = "import torch; print(torch.backends.cpu.get_cpu_capability())"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_another_cpu_gives_the_same_text(
    built_site: Path, tmp_path: Path, sphinx_build: SphinxBuild
) -> None:
    native = native_capability()
    other = tmp_path / "other-cpu" / "html"
    result = sphinx_build(DOCS, other, env=OTHER_CPU)
    if result.returncode != 0:
        pytest.fail(f"the build on another CPU's kernels failed:\n{result.stderr[-8000:]}")
    found = text_differences(built_site, other)
    settings = " ".join(f"{name}={value}" for name, value in OTHER_CPU.items())
    assert not found, (
        f"pages read differently natively ({native}) and with {settings}:\n" + "\n".join(found)
    )


def test_the_other_cpu_is_really_another_path() -> None:
    """The settings reach PyTorch: with them it reports its scalar kernels and one thread."""
    code = "import torch; print(torch.backends.cpu.get_cpu_capability(), torch.get_num_threads())"
    env = {**os.environ, **OTHER_CPU}
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    assert printed == ["DEFAULT", "1"]


def test_page_text_holds_what_a_reader_reads() -> None:
    html = (
        "<html><head><style>p {}</style><script>var x = 1;</script></head><body>"
        "<h1>Title</h1><p>The loss is <b>0.0673</b>.</p>"
        '<img src="a.png" alt="The loss falling."><p>Next</p></body></html>'
    )
    assert page_text(html) == ["Title", "The loss is 0.0673.", "[image: The loss falling.]", "Next"]


def test_a_changed_number_is_reported(tmp_path: Path) -> None:
    for name, value in (("a", "0.0673"), ("b", "0.0674")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "page.html").write_text(f"<p>loss {value}</p><p>same</p>")
    found = text_differences(tmp_path / "a", tmp_path / "b")
    assert len(found) == 1 and "-loss 0.0673" in found[0] and "+loss 0.0674" in found[0]

"""The site reads the same whichever CPU kernels PyTorch runs it on.

PyTorch picks its CPU kernels by what the processor offers (scalar, AVX2, AVX-512 on x86-64;
NEON/SVE on arm64), and their float32 results differ in the last bits. A second clean build
with ``ATEN_CPU_CAPABILITY=default`` (the scalar kernels: the nearest stand-in for another
processor that one machine can give) must pass and show every page's text, alt text
included, exactly as the first build does; images may differ by pixels.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import DOCS, sphinx_build
from sitetext import page_text, text_differences

pytestmark = pytest.mark.site


def native_capability() -> str:
    """The kernel path PyTorch picks on this machine (AVX512, AVX2, DEFAULT, ...)."""
    code = "import torch; print(torch.backends.cpu.get_cpu_capability())"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_scalar_kernels_give_the_same_text(built_site: Path, tmp_path: Path) -> None:
    native = native_capability()
    if native == "DEFAULT":
        pytest.skip("this CPU already runs PyTorch's scalar kernels: no second path to compare")
    scalar = tmp_path / "scalar" / "html"
    result = sphinx_build(DOCS, scalar, env={"ATEN_CPU_CAPABILITY": "default"})
    if result.returncode != 0:
        pytest.fail(f"the build on scalar kernels failed:\n{result.stderr[-8000:]}")
    found = text_differences(built_site, scalar)
    assert not found, f"pages read differently on {native} and scalar kernels:\n" + "\n".join(found)


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

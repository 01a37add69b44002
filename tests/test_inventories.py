"""The intersphinx inventories in docs/_inventories are build.py's output, and Sphinx reads them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sphinx.util.inventory import InventoryFile

from loopdocs.sphinxext.pages import load_script

FOLDER = Path(__file__).resolve().parents[1] / "docs" / "_inventories"
BUILD = load_script(FOLDER / "build.py")


@pytest.mark.parametrize("filename", sorted(BUILD.INVENTORIES))
def test_committed_inventory_matches_its_source_list(filename: str) -> None:
    project, version, objects = BUILD.INVENTORIES[filename]
    assert (FOLDER / filename).read_bytes() == BUILD.inventory_bytes(project, version, objects)


def test_sphinx_reads_the_torch_inventory_with_versioned_urls() -> None:
    base = "https://docs.pytorch.org/docs/2.13/"
    with (FOLDER / "torch.inv").open("rb") as stream:
        inventory = InventoryFile.load(io.BytesIO(stream.read()), base, lambda a, b: a + b)
    data = inventory.data if hasattr(inventory, "data") else inventory
    methods = data["py:method"]
    entry = methods["torch.optim.Optimizer.zero_grad"]
    uri = entry.uri if hasattr(entry, "uri") else entry[2]
    assert (
        uri
        == base + "generated/torch.optim.Optimizer.zero_grad.html#torch.optim.Optimizer.zero_grad"
    )

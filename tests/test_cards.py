"""Card tables are labelled as the site is built (loopdocs.sphinxext.cards)."""

from __future__ import annotations

import re
from pathlib import Path

from loopdocs.sphinxext.cards import label_cards

TABLE = """<div class="loopdocs-cards docutils container">
<table class="docutils align-default">
<thead>
<tr class="row-odd"><th class="head"><p>Symptom</p></th>
<th class="head"><p>Likely &amp; cause</p></th>
</tr>
</thead>
<tbody>
<tr class="row-even"><td><p>NaN</p></td>
<td><p>lr</p></td>
</tr>
<tr class="row-odd"><td><p>flat</p></td>
<td><p>scale</p></td>
</tr>
</tbody>
</table>
</div>"""


def test_every_body_cell_gets_its_heading_and_the_table_its_roles() -> None:
    page = "<p>before</p>" + TABLE + "<table><tr><td>outside</td></tr></table>"
    labelled = label_cards(page)
    assert labelled.count('data-label="Symptom"') == 2
    assert labelled.count('data-label="Likely &amp; cause"') == 2
    assert "role=" not in labelled  # HTML forbids roles on a table's cells; loopdocs.js sets them
    assert "<td>outside</td>" in labelled  # a table outside the block is left alone
    assert label_cards(labelled) == labelled  # labelling twice changes nothing


def test_every_table_of_a_block_is_labelled_and_nested_divs_are_followed() -> None:
    inner = TABLE.replace('<div class="loopdocs-cards docutils container">\n', "").replace(
        "</table>\n</div>", "</table>"
    )
    page = f'<div class="loopdocs-cards"><div class="x"><p>a</p></div>{inner}{inner}</div>{inner}'
    labelled = label_cards(page)
    assert labelled.count('data-label="Symptom"') == 4  # both tables inside, not the third


def test_built_card_tables_are_labelled_without_a_script(built_site: Path) -> None:
    page = (built_site / "troubleshooting" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td\b[^>]*>", page)
    assert cells and all("data-label=" in cell for cell in cells)
    script = (built_site / "_static" / "loopdocs.js").read_text(encoding="utf-8")
    assert "data-label" not in script and "dataset.label" not in script  # no relayout by script
    assert 'setAttribute("role", "cell")' in script  # the roles a table shown as blocks loses

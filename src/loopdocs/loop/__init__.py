"""The loop itself, with torch alone: seeded data, small models, the recorded training loop.

``data`` and ``datasets`` make seeded points, ``models`` the networks the pages train,
``train`` runs and records the five moves, ``stability`` the learning rate where a run stops
converging, ``landscape`` the loss over (w, b); ``checks`` refuses a bad tensor, model or
setting before any of them runs. Nothing here draws or knows about Sphinx.
"""

"""``python -m mindmap`` works like the ``mindmap`` command."""

from .cli import main

main()

"""``python -m yusuan.cli`` runs the command (as the ``yusuan`` script does)."""

from yusuan.cli import app

app()

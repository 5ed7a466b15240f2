"""The program a browser tab runs on the server (``python -m diklat.serve.session``).

textual-serve starts it with Textual's web driver; ``diklat serve`` tells it the
database and how it is served through the environment (diklat.serve.server). It has
no command line of its own: a tab reaches the app and nothing else.
"""

from __future__ import annotations

import os


def main() -> None:
    from diklat.tui.app import DiklatApp, Served

    url = os.environ["DIKLAT_DB"]

    def open_db():
        from diklat.db.engine import Database

        return Database.open(url)  # migrated by ``diklat serve`` before any tab

    try:
        idle = float(os.environ.get("DIKLAT_SERVE_IDLE_MINUTES", "30"))
    except ValueError:
        idle = 30.0
    served = Served(idle_minutes=idle, insecure=os.environ.get("DIKLAT_SERVE_INSECURE") == "1")
    app = DiklatApp(open_db=open_db, demo=os.environ.get("DIKLAT_SERVE_DEMO") == "1", served=served)
    app.run()


if __name__ == "__main__":
    main()

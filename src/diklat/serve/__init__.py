"""``diklat serve``: the app in the browser, one app process per tab (textual-serve).

``server`` runs the web server (aiohttp, through textual-serve) and admits sessions;
``session`` is the program each tab runs on the server; ``admission`` and ``binding``
hold the rules (how many sessions, from where, on which address) without a server.
Nothing imports this package: it uses the app (``diklat.tui``) and the services.
"""

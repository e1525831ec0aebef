"""``doorstep.measures.management``: this package holds Django's management commands, so
the management-information measures live in ``management_info``, ``explain`` and
``data_quality``. Their public functions can be imported from here too; they are loaded
only when asked for, so Django can find the commands before the apps are ready.
"""

_PUBLIC = {
    "management_measures": "doorstep.measures.management_info",
    "management_explain": "doorstep.measures.explain",
    "management_warnings": "doorstep.measures.data_quality",
}


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_PUBLIC[name]), name)

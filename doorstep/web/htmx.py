def is_htmx(request) -> bool:
    """True for a request htmx made to update part of a page (render the partial alone).

    History restores are full page loads in htmx's eyes, so they get the whole page.
    """
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")

"""One way to cut a long list into pages, shared by every list view.

Views page the rows they show; exports (CSV, spreadsheet) take the unpaged rows, so a download
still holds everything. The partial web/includes/pagination.html draws the links.
"""

from django.core.paginator import Page, Paginator

# Long enough to scan, short enough that a page stays small at 130,000 homes.
ROWS_PER_PAGE = 50


def page_of(request, rows, *, per_page: int = ROWS_PER_PAGE, param: str = "page") -> Page:
    """The page of ``rows`` asked for in the query string; a bad or too-high number gives the
    nearest real page rather than an error, since links are often edited or out of date."""
    return Paginator(rows, per_page).get_page(request.GET.get(param))

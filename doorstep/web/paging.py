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


def page_of_groups(request, groups, *, per_page: int = ROWS_PER_PAGE,
                   param: str = "page") -> Page:
    """A page of a list shown in groups (a queue by handler or team): the rows are paged in
    order across the groups, so a long group runs on to the next page. ``page.groups`` holds
    the page's part of each group as (owner, rows on this page, rows in the whole group), so
    a heading can still give the group's full size."""
    numbered = [(number, row) for number, (_, rows) in enumerate(groups) for row in rows]
    page = page_of(request, numbered, per_page=per_page, param=param)
    on_page: dict[int, list] = {}
    for number, row in page.object_list:
        on_page.setdefault(number, []).append(row)
    page.groups = [(groups[number][0], rows, len(groups[number][1]))
                   for number, rows in on_page.items()]
    return page

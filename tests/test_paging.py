"""Long lists page: one helper, one partial. Links keep the filters, mark the current page
for screen readers, and a second list on the same screen pages by its own parameter.

Worked by hand: 120 rows at 50 a page -> 3 pages; page 2 shows rows 51 to 100; "page=9"
gives the last page (rows 101 to 120); "page=abc" gives page 1.
"""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from doorstep.web.paging import page_of

ROWS = list(range(1, 121))


def render(query: str, *, param: str = "page") -> str:
    request = RequestFactory().get("/hazards/" + query)
    page = page_of(request, ROWS, param=param)
    return render_to_string("web/includes/pagination.html",
                            {"page": page, "label": "Pages of cases", "param": param},
                            request=request)


def test_it_pages_120_rows_into_3_pages_of_50():
    request = RequestFactory().get("/hazards/?page=2")
    page = page_of(request, ROWS)
    assert page.paginator.num_pages == 3
    assert (page.start_index(), page.end_index()) == (51, 100)


def test_it_gives_the_nearest_real_page_for_a_bad_number():
    factory = RequestFactory()
    assert page_of(factory.get("/?page=9"), ROWS).number == 3
    assert list(page_of(factory.get("/?page=9"), ROWS))[0] == 101
    assert page_of(factory.get("/?page=abc"), ROWS).number == 1


def test_it_keeps_the_filters_in_the_links():
    html = render("?clock=overdue&area=North&page=2")
    assert 'href="?clock=overdue&amp;area=North&amp;page=1" rel="prev"' in html
    assert 'href="?clock=overdue&amp;area=North&amp;page=3" rel="next"' in html


def test_it_names_the_list_and_marks_the_current_page():
    html = render("?page=2")
    assert '<nav class="pagination" aria-label="Pages of cases">' in html
    assert 'aria-current="page">Page 2 of 3<' in html


def test_it_pages_a_second_list_by_its_own_parameter():
    html = render("?page=2&repairs_page=1", param="repairs_page")
    assert 'href="?page=2&amp;repairs_page=2" rel="next"' in html
    assert "rel=\"prev\"" not in html


def test_it_draws_nothing_for_a_list_that_fits_on_one_page():
    request = RequestFactory().get("/")
    page = page_of(request, ROWS[:50])
    assert render_to_string("web/includes/pagination.html",
                            {"page": page, "label": "x"}, request=request).strip() == ""


def runs(how_many: int) -> None:
    from django.utils import timezone

    from doorstep.imports.models import ImportRun
    now = timezone.now()
    ImportRun.objects.bulk_create(
        ImportRun(dataset="buildings", file_name=f"b{n}.csv", file_sha256=f"{n:064d}",
                  run_by="asha (web)", started_at=now, finished_at=now, outcome="checked")
        for n in range(how_many))


def history_queries(client, admin) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    client.force_login(admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/imports/history/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_it_costs_the_same_queries_for_the_import_history_at_3_runs_and_at_80(client):
    # 25 runs a page: 80 runs make 4 pages; the first page's cost must not grow with rows.
    from doorstep.accounts.testing import cast
    admin = cast()["administrator"]
    runs(3)
    few, _ = history_queries(client, admin)
    runs(77)
    many, html = history_queries(client, admin)
    assert many == few
    assert "Page 1 of 4" in html

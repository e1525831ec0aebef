"""Publishing's addresses. Included at the site's root: the public ones are stable
(``/report/2025-26/``, ``/open/tsm/2025-26.csv``), so they do not sit under a staff prefix."""

from django.urls import path

from doorstep.publishing import views

app_name = "publishing"

urlpatterns = [
    path("published/", views.published_list, name="list"),
    path("published/<str:year>/", views.published_year, name="year"),
    path("published/<str:year>/return.xlsx", views.return_download, name="return"),
    path("report/<str:year>/", views.report_page, name="report"),
    path("report/<str:year>/report.pdf", views.report_pdf, name="report-pdf"),
    path("report/<str:year>/prepare-pdf/", views.report_prepare, name="report-prepare"),
    path("report/<str:year>/<str:language>/", views.report_page, name="report-language"),
    path("report/<str:year>/<str:language>/report.pdf", views.report_pdf,
         name="report-language-pdf"),
    path("open/tsm/<str:year>.csv", views.open_data_csv, name="open-csv"),
    path("open/tsm/<str:year>.json", views.open_data_json, name="open-json"),
    path("board/", views.board_index, name="board-index"),
    path("board/<str:year>/", views.board_page, name="board-year"),
    path("board/<str:year>/pdf/", views.board_pdf, name="board-year-pdf"),
    path("board/<str:year>/prepare-pdf/", views.board_prepare, name="board-year-prepare"),
    path("board/<str:year>/q<int:quarter>/prepare-pdf/", views.board_prepare,
         name="board-quarter-prepare"),
    path("board/<str:year>/q<int:quarter>/", views.board_page, name="board-quarter"),
    path("board/<str:year>/q<int:quarter>/pdf/", views.board_pdf, name="board-quarter-pdf"),
]

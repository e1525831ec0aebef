from django.urls import path

from doorstep.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.year_at_a_glance, name="year"),
    path("targets/", views.target_list, name="targets"),
    path("targets/<int:first_year>/<str:code>/<str:tenure>/", views.target_edit,
         name="target"),
    path("<str:code>/", views.measure, name="measure"),
    path("<str:code>/records/", views.records, name="records"),
    path("<str:code>/records.csv", views.records_download, {"kind": "csv"}, name="csv"),
    path("<str:code>/records.xlsx", views.records_download, {"kind": "xlsx"}, name="xlsx"),
]

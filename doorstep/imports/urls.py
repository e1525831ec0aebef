from django.urls import path

from doorstep.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("formats/", views.formats, name="formats"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/import/", views.confirm, name="confirm"),
]

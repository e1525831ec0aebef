from django.urls import path

from doorstep.benchmarks import views

app_name = "benchmarks"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_workbook, name="import"),
    path("groups/save/", views.save_group, name="save-group"),
    path("where-you-stand/", views.where_you_stand, name="where-you-stand"),
]

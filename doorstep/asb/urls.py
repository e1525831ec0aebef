from django.urls import path

from doorstep.asb import views

app_name = "asb"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<str:case_ref>/", views.case_page, name="case"),
]

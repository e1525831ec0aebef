from django.urls import path

from doorstep.repairs import views

app_name = "repairs"

urlpatterns = [
    path("", views.repair_list, name="list"),
    path("<str:repair_ref>/", views.repair_page, name="repair"),
]

from django.urls import path

from doorstep.stock import views

app_name = "stock"

urlpatterns = [
    path("safety/", views.safety_list, name="safety"),
]

from django.urls import path

from doorstep.panel import views

app_name = "panel"

urlpatterns = [
    path("", views.measures, name="measures"),
    path("comments/", views.comments, name="comments"),
]

from django.urls import path

from doorstep.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.comments, name="comments"),
    path("<int:pk>/", views.comment, name="comment"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("code-now/", views.code_now, name="code-now"),
    path("flags/", views.flags, name="flags"),
    path("flags/<int:pk>/", views.flag, name="flag"),
    path("key-drivers/", views.key_drivers, name="key-drivers"),
]

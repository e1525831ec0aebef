from django.urls import path

from doorstep.resident import views

app_name = "resident"

urlpatterns = [
    path("<str:token>/", views.start, name="start"),
    path("<str:token>/language/", views.language, name="language"),
    path("<str:token>/q/<str:code>/", views.question, name="question"),
    path("<str:token>/check/", views.check, name="check"),
    path("<str:token>/done/", views.done, name="done"),
]

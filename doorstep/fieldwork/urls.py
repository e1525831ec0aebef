from django.urls import path

from doorstep.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.survey_list, name="index"),
    path("surveys/<int:survey_id>/enter/", views.choose_household, name="household"),
    path("surveys/<int:survey_id>/enter/<str:reference>/<slug:channel>/", views.enter_answers,
         name="answers"),
    path("surveys/<int:survey_id>/paper/", views.paper_questionnaire, name="paper"),
]

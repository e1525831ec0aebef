from django.urls import path

from doorstep.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.new_survey, name="new"),
    path("<int:survey_id>/", views.questions, name="questions"),
    path("<int:survey_id>/questions/new/", views.add_question, name="add-question"),
    path("<int:survey_id>/questions/<str:code>/translations/", views.translate_question,
         name="translate-question"),
    path("<int:survey_id>/sample/", views.sample, name="sample"),
    path("<int:survey_id>/sample/exclusions/new/", views.add_exclusion, name="add-exclusion"),
    path("<int:survey_id>/links/", views.links, name="links"),
    path("<int:survey_id>/progress/", views.progress, name="progress"),
    path("<int:survey_id>/weighting/", views.weighting, name="weighting"),
    path("<int:survey_id>/weighting/clear/", views.unweight, name="clear-weights"),
    path("<int:survey_id>/approach/", views.approach, name="approach"),
    path("<int:survey_id>/approach.md", views.approach_markdown, name="approach-markdown"),
    path("<int:survey_id>/approach/edit/", views.approach_notes, name="approach-notes"),
]

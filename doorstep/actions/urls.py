from django.urls import path

from doorstep.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("new/", views.new_action, name="new"),
    path("<str:action_ref>/", views.action_page, name="action"),
    path("<str:action_ref>/edit/", views.edit_action, name="edit"),
    path("<str:action_ref>/milestones/new/", views.new_milestone, name="milestone-new"),
    path("<str:action_ref>/milestones/<int:milestone_id>/done/", views.milestone_done,
         name="milestone-done"),
    path("<str:action_ref>/<slug:step>/", views.step_page, name="step"),
]

from django.urls import path

from doorstep.involvement import views

app_name = "involvement"

urlpatterns = [
    path("", views.activities, name="activities"),
    path("new/", views.new_activity, name="new"),
    path("reach/", views.reach_page, name="reach"),
    path("impact/", views.impact_page, name="impact"),
    path("panel/", views.panel_page, name="panel"),
    path("consent/withdraw/", views.withdraw_consent, name="withdraw"),
    path("social-values/", views.social_values, name="social-values"),
    path("social-values/new/", views.edit_social_value, name="social-value-new"),
    path("social-values/<int:pk>/", views.edit_social_value, name="social-value-edit"),
    path("recommendations/<str:review_ref>/<int:number>/", views.recommendation_activities,
         name="recommendation-activities"),
    path("activity/<str:ref>/social-value/", views.record_social_value,
         name="social-value-record"),
    path("activity/<str:ref>/", views.activity, name="activity"),
    path("activity/<str:ref>/participants/", views.add_participant, name="participant-add"),
    path("activity/<str:ref>/actions/", views.link_action, name="action-link"),
    path("activity/<str:ref>/recommendations/", views.link_recommendation,
         name="recommendation-link"),
    path("activity/<str:ref>/feedback/", views.staff_feedback, name="feedback-entry"),
    path("activity/<str:ref>/paper/", views.paper_form, name="paper"),
    path("activity/<str:ref>/links/", views.issue_links, name="links"),
    path("activity/<str:ref>/case-studies/new/", views.new_case_study, name="case-study-new"),
    path("activity/<str:ref>/case-studies/<int:pk>/approve/", views.approve_case_study,
         name="case-study-approve"),
]

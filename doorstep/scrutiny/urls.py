from django.urls import path

from doorstep.scrutiny import views

app_name = "scrutiny"

urlpatterns = [
    path("", views.index, name="index"),
    path("members/", views.members, name="members"),
    path("members/add/", views.add_member, name="add-member"),
    path("members/<int:membership_id>/leave/", views.member_leaves, name="member-leaves"),
    path("terms/", views.terms, name="terms"),
    path("requests/", views.short_requests, name="short-requests"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.new_meeting, name="new-meeting"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/change/", views.change_meeting, name="change-meeting"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/papers/new/", views.add_paper, name="add-paper"),
    path("meetings/<int:pk>/papers/<int:paper_id>/", views.paper_file, name="paper-file"),
    path("reviews/new/", views.new_review, name="new-review"),
    path("reviews/<str:review_ref>/", views.review, name="review"),
    path("reviews/<str:review_ref>/scope/", views.scope, name="scope"),
    path("reviews/<str:review_ref>/evidence/new/", views.add_evidence, name="add-evidence"),
    path("reviews/<str:review_ref>/evidence/<int:evidence_id>/", views.evidence_file,
         name="evidence-file"),
    path("reviews/<str:review_ref>/packs/<int:pack_id>/", views.pack, name="pack"),
    path("reviews/<str:review_ref>/packs/<int:pack_id>/pdf/", views.pack_pdf, name="pack-pdf"),
    path("reviews/<str:review_ref>/findings/", views.findings, name="findings"),
    path("reviews/<str:review_ref>/recommendations/new/", views.new_recommendation,
         name="new-recommendation"),
    path("reviews/<str:review_ref>/close/", views.close, name="close"),
    path("reviews/<str:review_ref>/<slug:step>/", views.step, name="step"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/change/", views.edit_recommendation,
         name="edit-recommendation"),
    path("recommendations/<int:pk>/respond/", views.respond, name="respond"),
    path("responses/", views.responses, name="responses"),
    path("complaint-handling/<str:year>/", views.code_comments, name="code-comments"),
    path("notifications/", views.notifications, name="notifications"),
]

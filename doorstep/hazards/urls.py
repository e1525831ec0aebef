from django.urls import path

from doorstep.hazards import views

app_name = "hazards"

urlpatterns = [
    path("", views.hazard_list, name="list"),
    path("open/", views.open_from_report, name="open"),
    path("open/repair/<str:repair_ref>/", views.open_from_repair, name="open-from-repair"),
    path("open/comment/<int:flag_id>/", views.open_from_comment, name="open-from-comment"),
    path("open/complaint/<str:complaint_ref>/", views.open_from_complaint,
         name="open-from-complaint"),
    path("case/<str:hazard_ref>/", views.case_page, name="case"),
    path("case/<str:hazard_ref>/<slug:step>/", views.step_page, name="step"),
    path("report/", views.report_index, name="report-index"),
    path("report/<str:year>/", views.report_page, name="report"),
    path("report/<str:year>/pdf/", views.report_pdf, name="report-pdf"),
]

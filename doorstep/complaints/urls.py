from django.urls import path

from doorstep.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.log_complaint, name="log"),
    path("case/<str:complaint_ref>/", views.case_page, name="case"),
    path("case/<str:complaint_ref>/<slug:step>/", views.transition, name="step"),
    path("case/<str:complaint_ref>/letter/<slug:kind>/", views.letter, name="letter"),
    path("report/", views.report_index, name="report-index"),
    path("report/<str:year>/", views.annual_report_page, name="report"),
    path("report/<str:year>/pdf/", views.annual_report_pdf, name="report-pdf"),
    path("report/<str:year>/self-assessment/<int:section>/", views.self_assessment_edit,
         name="self-assessment"),
    path("report/<str:year>/governing-body/", views.governing_body_edit,
         name="governing-body"),
]

from django.urls import path

from doorstep.ops import views

app_name = "ops"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<int:job_id>/pdf/", views.prepared_pdf, name="prepared-pdf"),
    path("jobs/prepare-pdf/", views.prepare_pdf, name="prepare-pdf"),
]

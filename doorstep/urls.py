from django.contrib import admin
from django.urls import path

admin.site.site_header = "Doorstep administration"
admin.site.site_title = "Doorstep"

urlpatterns = [
    path("admin/", admin.site.urls),
]

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<int:pk>/docx/", views.download_docx, name="download_docx"),
    path("<int:pk>/pdf/", views.download_pdf, name="download_pdf"),
    path("<int:pk>/xlsx/", views.download_xlsx, name="download_xlsx"),
    path("<int:pk>/terbitkan/", views.publish, name="publish"),
    path("proses/<int:pk>/", views.job, name="job"),
    path("proses/<int:pk>/coba-lagi/", views.job_retry, name="job_retry"),
]

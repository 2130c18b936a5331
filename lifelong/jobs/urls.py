"""The progress of any job, for the progress bar's script (language-prefixed)."""

from django.urls import path

from lifelong.jobs import views

app_name = "jobs"
urlpatterns = [
    path("staff/jobs/<int:job_id>/progress/", views.progress, name="progress"),
]

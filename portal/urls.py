from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("dashboard/"), views.dashboard, name="dashboard"),
    path(_("work-queue/"), views.work_queue, name="work_queue"),
    path(_("history/<str:label>/<str:object_id>/"), views.history, name="history"),
]

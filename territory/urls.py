from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.index, name="index"),
    path(_("groups/new/"), views.group_create, name="group_create"),
    path("<str:code>/", views.detail, name="detail"),
    path(_("<str:code>/edit/"), views.group_edit, name="group_edit"),
]

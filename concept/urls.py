from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "concept"
urlpatterns = [
    path("", views.index, name="index"),
    path(_("pillar/<str:code>/"), views.pillar, name="pillar"),
    path("<str:code>/", views.area, name="area"),
]

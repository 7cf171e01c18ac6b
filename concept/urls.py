from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "concept"
urlpatterns = [
    path("", views.index, name="index"),
    path(_("pillar/<str:code>/"), views.pillar, name="pillar"),
    path(_("technologies/"), views.technologies, name="technologies"),
    path(_("technologies/<slug:code>/edit/"), views.technology_edit, name="technology_edit"),
    path(_("technologies/<slug:code>/state/"), views.technology_state,
         name="technology_state"),
    path("<str:code>/", views.area, name="area"),
]

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "funding"
urlpatterns = [
    path("", views.call_list, name="list"),
    path(_("calls/new/"), views.call_edit, name="call_create"),
    path(_("calls/<int:pk>/"), views.call_detail, name="call"),
    path(_("calls/<int:pk>/edit/"), views.call_edit, name="call_edit"),
    path(_("calls/<int:pk>/delete/"), views.call_delete, name="call_delete"),
    path(_("deleted/"), views.deleted_calls, name="deleted"),
    path(_("calls/import/"), views.call_import, name="import"),
    path(_("programmes/"), views.programme_list, name="programmes"),
    path(_("programmes/<int:pk>/edit/"), views.programme_edit, name="programme_edit"),
    path(_("calendar/"), views.calendar_view, name="calendar"),
    path(_("calendar.ics"), views.calendar_ics, name="calendar_ics"),
    path(_("follow/<str:kind>/<str:key>/"), views.follow, name="follow"),
]

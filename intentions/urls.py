from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "intentions"
urlpatterns = [
    path("", views.intention_list, name="list"),
    path(_("new/"), views.intention_create, name="create"),
    path(_("deleted/"), views.deleted_list, name="deleted"),
    path("<int:pk>/", views.intention_detail, name="detail"),
    path(_("<int:pk>/edit/<str:step>/"), views.intention_step, name="step"),
    path(_("<int:pk>/submit/"), views.intention_submit, name="submit"),
    path(_("<int:pk>/publish/"), views.intention_publish, name="publish"),
    path(_("<int:pk>/return/"), views.intention_return, name="return"),
    path(_("<int:pk>/withdraw/"), views.intention_withdraw, name="withdraw"),
    path(_("<int:pk>/status/<str:change>/"), views.intention_status, name="status"),
    path(_("<int:pk>/calls/"), views.intention_calls, name="calls"),
    path(_("<int:pk>/partnership/<int:partnership_pk>/<str:answer>/"),
         views.partnership_answer, name="partnership"),
    path(_("<int:pk>/fiche.<str:fmt>"), views.fiche, name="fiche"),
    path(_("unit/<str:code>/fiches.<str:fmt>"), views.unit_fiches, name="unit_fiches"),
]

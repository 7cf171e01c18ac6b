from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "mining"
urlpatterns = [
    path(_("status/<int:pk>/"), views.status, name="status"),
    path(_("passages/<int:pk>/correct/"), views.correct, name="correct"),
]

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "accounts"
urlpatterns = [
    path(_("memberships/"), views.memberships, name="memberships"),
    path(_("memberships/<int:pk>/remove/"), views.revoke, name="revoke"),
    path(_("api-tokens/"), views.api_tokens, name="api_tokens"),
    path(_("notifications/"), views.notification_settings, name="notifications"),
]

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.api import api
from core import choosers
from core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path(_("choose/<slug:source_name>/"), choosers.suggestions, name="choose"),
    path(_("territory/"), include("territory.urls")),
    path(_("concept/"), include("concept.urls")),
    path(_("strategies/"), include("strategies.urls")),
    path(_("search/"), include("search.urls")),
    path(_("intentions/"), include("intentions.urls")),
    path(_("funding/"), include("funding.urls")),
    path(_("mining/"), include("mining.urls")),
    path(_("account/"), include("accounts.urls")),
    path(_("account/"), include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

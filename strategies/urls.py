from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "strategies"
urlpatterns = [
    path("", views.strategy_list, name="list"),
    path(_("new/"), views.strategy_create, name="create"),
    path(_("overview/"), views.overview, name="overview"),
    path(_("deleted/"), views.deleted_list, name="deleted"),
    path("<int:pk>/", views.strategy_detail, name="detail"),
    path(_("<int:pk>/edit/"), views.strategy_edit, name="edit"),
    path(_("<int:pk>/delete/"), views.strategy_delete, name="delete"),
    path(_("<int:pk>/submit/"), views.strategy_submit, name="submit"),
    path(_("<int:pk>/publish/"), views.strategy_publish, name="publish"),
    path(_("<int:pk>/return/"), views.strategy_return, name="return"),
    path(_("<int:pk>/withdraw/"), views.strategy_withdraw, name="withdraw"),
    path(_("<int:pk>/changes/<int:revision_pk>/publish/"), views.revision_publish,
         name="revision_publish"),
    path(_("<int:pk>/changes/<int:revision_pk>/return/"), views.revision_return,
         name="revision_return"),
    path(_("<int:pk>/changes/<int:revision_pk>/withdraw/"), views.revision_withdraw,
         name="revision_withdraw"),
    path(_("<int:pk>/elements/new/"), views.node_add, name="node_add"),
    path(_("<int:pk>/structure/import/"), views.tree_import, name="tree_import"),
    path(_("<int:pk>/structure.<str:fmt>"), views.tree_export, name="tree_export"),
    path(_("<int:pk>/structure/accept/<int:extraction_pk>/"), views.accept_tree,
         name="accept_tree"),
    path(_("<int:pk>/documents/upload/"), views.document_upload, name="document_upload"),
    path(_("elements/<int:pk>/"), views.node_edit, name="node_edit"),
    path(_("elements/<int:pk>/rename/"), views.node_rename, name="node_rename"),
    path(_("<int:pk>/structure/merges/<int:merge_pk>/undo/"), views.merge_undo,
         name="merge_undo"),
    path(_("elements/<int:pk>/move/<str:direction>/"), views.node_move, name="node_move"),
    path(_("elements/<int:pk>/delete/"), views.node_delete, name="node_delete"),
    path(_("elements/<int:pk>/indicators/"), views.indicator_add, name="indicator_add"),
    path(_("indicators/<int:pk>/edit/"), views.indicator_edit, name="indicator_edit"),
    path(_("indicators/<int:pk>/values/"), views.indicator_value, name="indicator_value"),
    path(_("indicators/<int:pk>/delete/"), views.indicator_delete, name="indicator_delete"),
    path(_("documents/<int:pk>/"), views.document_detail, name="document"),
    path(_("documents/versions/<int:pk>/download/"), views.document_download,
         name="document_download"),
]

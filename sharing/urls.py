from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("sharing/", views.share_list, name="share_list"),
    path("sharing/new/", views.share_create, name="share_create"),
    path("sharing/<int:share_pk>/", views.share_detail, name="share_detail"),
    path("sharing/<int:share_pk>/preview/", views.share_preview, name="share_preview"),
    path("sharing/<int:share_pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("sharing/<int:share_pk>/notify/", views.share_notify, name="share_notify"),
    path("sharing/comments/<int:comment_pk>/accept/", views.comment_accept, name="comment_accept"),
    path(
        "sharing/comments/<int:comment_pk>/dismiss/", views.comment_dismiss, name="comment_dismiss"
    ),
    path("shared/", views.shared_with_me, name="shared_with_me"),
    path("shared/<int:share_pk>/", views.coach_view, name="coach_view"),
    path("shared/<int:share_pk>/rate/", views.coach_rate, name="coach_rate"),
    path("shared/<int:share_pk>/comment/", views.coach_comment, name="coach_comment"),
    # A private link: long, random, only its hash stored (sharing/models.py).
    path("s/<str:token>/", views.link_view, name="link_view"),
    path("s/<str:token>/rate/", views.link_rate, name="link_rate"),
    path("s/<str:token>/comment/", views.link_comment, name="link_comment"),
]

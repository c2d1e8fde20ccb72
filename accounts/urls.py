from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<str:token_key>/revoke/", views.token_revoke, name="token_revoke"),
]

from django.urls import include, path

app_name = "training"
urlpatterns: list = [
    path("roleplay/", include("training.roleplay.urls")),
]

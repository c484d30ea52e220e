from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [path("search/", views.search, name="search")]

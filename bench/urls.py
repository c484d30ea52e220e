"""Mounted by config/urls.py only when BENCH_FLOORS is set (the bench's gunicorn),
so the floors are never part of the product's URLconf."""

from django.urls import path

from . import views

urlpatterns = [
    path("floor/", views.floor, name="bench_floor"),
    path("floor-auth/", views.floor_auth, name="bench_floor_auth"),
]

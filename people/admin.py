from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Employee, Region, Store, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "language")}),
        ("Personal", {"fields": ("first_name", "last_name")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
    )
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2")}),)


admin.site.register(Region)
admin.site.register(Store)
admin.site.register(Team)


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "position", "store", "team", "status"]
    list_filter = ["status", "position", "store"]
    search_fields = ["number", "name"]
    raw_id_fields = ["user", "manager"]

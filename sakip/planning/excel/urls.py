"""Excel export and import of the plan; included into the planning namespace."""

urlpatterns: list = []

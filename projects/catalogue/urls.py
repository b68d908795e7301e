from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue_list, name="list"),
    path("new/", views.catalogue_edit, name="create"),
    path("<int:pk>/", views.catalogue_detail, name="detail"),
    path("<int:pk>/edit/", views.catalogue_edit, name="edit"),
    path("<int:pk>/delete/", views.catalogue_delete, name="delete"),
    path("<int:pk>/pdf/", views.catalogue_pdf, name="pdf"),
    path("<int:pk>/pdf/status/", views.catalogue_pdf_status, name="pdf_status"),
]

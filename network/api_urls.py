from rest_framework.routers import SimpleRouter

from .api import NetworkViewSet, PersonViewSet

router = SimpleRouter()
router.register("networks", NetworkViewSet, basename="network")
router.register("people", PersonViewSet, basename="person")

urlpatterns = router.urls

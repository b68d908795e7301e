from rest_framework.routers import SimpleRouter

from .api import CaseViewSet, GripViewSet, VoiceViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("grips", GripViewSet, basename="grip")
router.register("voices", VoiceViewSet, basename="voice")

urlpatterns = router.urls

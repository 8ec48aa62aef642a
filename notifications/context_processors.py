from .models import Notification


def unread_count(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.unread().filter(user=user).count()}

from zhangfang.core import selectors
from zhangfang.web.navigation import menu


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    company = getattr(request, "company", None)
    return {
        "nav": menu(user, company, request.path),
        "current_company": company,
        "my_companies": list(selectors.user_companies(user=user)),
        "unread_count": selectors.unread_notifications(user=user),
    }

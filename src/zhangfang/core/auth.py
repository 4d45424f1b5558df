from django.contrib.auth.backends import ModelBackend

from zhangfang.core import permissions


class CompanyRoleBackend(ModelBackend):
    """Password log-in as usual; rights come from the roles held in the current company.

    ``obj`` may be a company or any row with a ``company``; without one, the user's
    current company (set per request by CurrentCompanyMiddleware) is meant.
    """

    def _company(self, user_obj, obj):
        if obj is None:
            return getattr(user_obj, "current_company", None)
        return obj if obj.__class__.__name__ == "Company" else getattr(obj, "company", None)

    def get_all_permissions(self, user_obj, obj=None):
        return set(permissions.company_permissions(user_obj, self._company(user_obj, obj)))

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(app_label + ".") for p in self.get_all_permissions(user_obj))

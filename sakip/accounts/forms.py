from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

INVALID_LOGIN = _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil.")
INACTIVE_LOGIN = _("Akun ini tidak aktif. Hubungi administrator.")


class LoginForm(AuthenticationForm):
    """Django's login form with a plainer Indonesian message than its built-in one."""

    error_messages = {"invalid_login": INVALID_LOGIN, "inactive": INACTIVE_LOGIN}

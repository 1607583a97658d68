"""The top bar's signed-in part written in Python (shell/templatetags/shell_topbar.py) is the
template's markup: compared with the template it replaced, in both languages, with a name and a
path that need escaping, the year chosen, and the current language marked."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from sakip.accounts.models import User

# The template's own lines before issue 12 wrote them in Python (base.html).
TEMPLATE = """{% load i18n %}{% get_current_language as LANGUAGE_CODE %}
    <form method="post" action="{% url 'shell:choose_year' %}" class="d-flex align-items-center gap-1">
      {% csrf_token %}
      <input type="hidden" name="next" value="{{ request.get_full_path }}">
      <label for="year-select" class="text-white small">{% translate "Tahun" %}</label>
      <select id="year-select" name="year" class="form-select form-select-sm sakip-autosubmit">
        {% for y in year_choices %}<option value="{{ y }}"{% if y == selected_year %} selected{% endif %}>{{ y }}</option>{% endfor %}
      </select>
      <noscript><button class="btn btn-sm btn-light">{% translate "Tampilkan" %}</button></noscript>
    </form>
    <div class="dropdown">
      <button class="btn btn-sm btn-outline-light dropdown-toggle" data-bs-toggle="dropdown" aria-expanded="false" id="user-menu">
        <i class="bi bi-person-circle" aria-hidden="true"></i> {{ user.display_name }}
      </button>
      <ul class="dropdown-menu dropdown-menu-end" aria-labelledby="user-menu">
        <li><a class="dropdown-item" href="{% url 'accounts:profile' %}">{% translate "Profil" %}</a></li>
        <li><a class="dropdown-item" href="{% url 'accounts:password_change' %}">{% translate "Ubah kata sandi" %}</a></li>
        <li><hr class="dropdown-divider"></li>
        {% get_available_languages as languages %}
        {% for code, name in languages %}
        <li>
          <form method="post" action="{% url 'set_language' %}">{% csrf_token %}
            <input type="hidden" name="next" value="{{ request.get_full_path }}">
            <button class="dropdown-item" name="language" value="{{ code }}"{% if code == LANGUAGE_CODE %} aria-current="true"{% endif %}>
              {% if code == LANGUAGE_CODE %}<i class="bi bi-check" aria-hidden="true"></i>{% endif %} {% if code == "id" %}Bahasa Indonesia{% else %}English{% endif %}
            </button>
          </form>
        </li>
        {% endfor %}
        <li><hr class="dropdown-divider"></li>
        <li>
          <form method="post" action="{% url 'accounts:logout' %}">{% csrf_token %}
            <button class="dropdown-item" id="logout-button">{% translate "Keluar" %}</button>
          </form>
        </li>
      </ul>
    </div>
"""


def _spaced(html: str) -> str:
    """White space runs as one space, none between tags nor before a closing tag: what a
    browser lays out the same."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s+</", "</", re.sub(r">\s+<", "><", html)).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_topbar_is_the_templates_markup(language):
    user = User.objects.create_user(
        username="u", password="x", full_name='Ana <b>"Kepala"</b> & Co'
    )
    request = RequestFactory().get('/dasbor/?periode=tw&x="<script>"')
    request.user = user
    values = {
        "request": request,
        "user": user,
        "csrf_token": "tok<en>",
        "year_choices": [2025, 2026, 2027],
        "selected_year": 2026,
    }
    with translation.override(language):
        old = Template(TEMPLATE).render(Context(values))
        new = Template("{% load shell_topbar %}{% topbar_user %}").render(Context(values))
    assert _spaced(new) == _spaced(old)
    assert "&lt;b&gt;" in new and "x=%22%3Cscript%3E%22" in new
    assert '<option value="2026" selected>' in new

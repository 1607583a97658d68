"""The personas log in through the real login form: the CSRF token from the page, then the
form posted with it; the session cookie is what their requests carry afterwards."""

from __future__ import annotations

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

LOGIN_PATH = "/akun/masuk/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def login(host: str, port: int, username: str, password: str) -> str:
    """Log `username` in as a browser does; return the Cookie header of the signed-in session."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", LOGIN_PATH)
        page = conn.getresponse()
        body = page.read().decode()
        cookies = _cookies(page)
        match = TOKEN.search(body)
        if page.status != 200 or match is None or "csrftoken" not in cookies:
            raise RuntimeError(f"login page: {page.status}, no CSRF token")
        form = urlencode(
            {"csrfmiddlewaretoken": match.group(1), "username": username, "password": password}
        )
        conn.request(
            "POST",
            LOGIN_PATH,
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie_header(cookies),
                "Referer": f"http://{host}:{port}{LOGIN_PATH}",
            },
        )
        answer = conn.getresponse()
        answer.read()
        cookies.update(_cookies(answer))
        if answer.status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"{username} could not log in (HTTP {answer.status})")
        return cookie_header(cookies)
    finally:
        conn.close()

"""The baselines of ``bench/page_bench.py``: a minimal Flask app rendering a small Jinja template, and a bare WSGI
callable. Served by gunicorn as ``bench.page_bench_apps:flask_app`` and ``bench.page_bench_apps:bare``."""

from __future__ import annotations

from flask import Flask, render_template
from jinja2 import DictLoader

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body></html>"""

flask_app = Flask(__name__)
flask_app.jinja_loader = DictLoader({"page.html": PAGE})  # a template compiled once, as an app's templates are


@flask_app.route("/")
def page():
    return render_template("page.html", title="A minimal page", items=["one", "two", "three"])


BODY = b"<!DOCTYPE html><title>Bare</title><h1>Bare</h1>"


def bare(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))])
    return [BODY]

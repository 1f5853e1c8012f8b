"""gunicorn settings for one application host: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Every host runs the same file. Nothing a host keeps on its own disk is needed by another: sessions, rate
limits (Redis), the search index (``SEARCH_BACKEND=postgres``) and papers all live in shared services.
"""

import multiprocessing
import os

# The proxy reaches each host on this address (the host's private address in production).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one worker; two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 60  # an upload is checked within MAX_UPLOAD_MB and its own time bound; nothing else takes this long
graceful_timeout = 30
keepalive = 5
# Restart each worker now and then, a few at a time, so a slow leak can never grow for weeks.
max_requests = 5000
max_requests_jitter = 500
# The access log: the app cuts client addresses to their network and drops query strings in every line.
accesslog = "-"
errorlog = "-"
# The proxy is the only client: trust its X-Forwarded-* headers (set PROXY_FIX_X_FOR=1 for the app as well).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

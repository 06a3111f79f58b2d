"""What both browser tests need: a free port, waiting for a condition, a local Jupyter server
(jupyter_server for the widget page, classic Notebook 6 for the lecture notebook) on 127.0.0.1
with a token, headless Chromium through Selenium, and stopping them again."""
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

TIMEOUT = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, what, timeout=TIMEOUT):
    """condition() until it returns something true (returned); exceptions other than
    AssertionError count as "not yet" (the page may still be rendering)."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = condition()
            if last:
                return last
        except AssertionError:
            raise
        except Exception as e:
            last = e
        time.sleep(0.25)
    raise AssertionError("timed out after %d s waiting for %s (last: %r)" % (timeout, what, last))


class Server:
    """`python3 -m MODULE` serving root_dir on a free port with a fresh token; `app` is the
    traitlets class of its options (ServerApp for jupyter_server, NotebookApp for notebook)."""

    def __init__(self, module, app, root_option, root_dir, log_path, extra=()):
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = "http://127.0.0.1:%d" % self.port
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, "--no-browser", "--ip=127.0.0.1", "--port=%d" % self.port,
             "--port-retries=0", "--%s.token=%s" % (app, self.token), "--%s.%s=%s" % (app, root_option, root_dir)]
            + list(extra) + (["--allow-root"] if os.geteuid() == 0 else []),
            stdout=self.log, stderr=subprocess.STDOUT)

        def up():
            if self.process.poll() is not None:
                self.log.flush()
                raise AssertionError("the %s server exited: %s" % (module, open(log_path).read()[-2000:]))
            return urllib.request.urlopen(self.base + "/api/status?token=" + self.token, timeout=5).status == 200
        wait_for(up, "the %s server on port %d" % (module, self.port), 60)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def chromium():
    """Headless Chromium (Debian's chromium and chromium-driver, or $CHROMIUM/$CHROMEDRIVER)."""
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1200,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                              options=options)
    driver.set_script_timeout(TIMEOUT)
    return driver

"""One of FastAPI's tutorial apps, mounted under a prefix: for a chapter that
serves two tutorials whose routes share a path, one of them moved under a
prefix (a check names it `topic.tutorialNNN@/prefix`; the oracle sets the
variables below and puts FastAPI's sdist on PYTHONPATH).

    PYTHONPATH=<sdist> WORKBOOK_MOUNT_APP=docs_src.request_files.tutorial002 \\
        WORKBOOK_MOUNT_PREFIX=/multi \\
        uvicorn workbook_mount:app --app-dir tests/oracle/apps
"""

import importlib
import os

from fastapi import FastAPI

tutorial = importlib.import_module(os.environ["WORKBOOK_MOUNT_APP"]).app
app = FastAPI()
app.mount(os.environ["WORKBOOK_MOUNT_PREFIX"], tutorial)

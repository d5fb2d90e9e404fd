"""Chapter 12's uploads, written the FastAPI way: the reference the checker's
suite is proven against where the chapter goes beyond FastAPI's tutorials
(a size limit, files kept on disk under safe names, big files never held in
memory).

POST /uploads/ (multipart, one file in the field `file`) stores the file in
./uploads under a safe name and answers 201 {"filename", "size", "sha256"}.
A file over 50 MiB answers 413 {"detail": "File too large"} and nothing is
kept; a name with nothing usable left answers 400 {"detail": "Invalid
filename"}. GET /uploads/ lists the stored names; GET /uploads/{filename}
answers the bytes, or 404 {"detail": "File not found"}.

    uvicorn workbook_uploads.tutorial001:app --app-dir tests/oracle/apps
"""

import hashlib
import re
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, HTTPException, UploadFile
from fastapi.responses import FileResponse

UPLOAD_DIR = Path("uploads")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
CHUNK_BYTES = 64 * 1024

app = FastAPI()


def safe_name(filename: str) -> str:
    """The client's name made safe to store: only what follows the last / or
    \\, every character but A-Z a-z 0-9 . _ - replaced by _, no leading dots
    (so no "..", no hidden files)."""
    last = re.split(r"[/\\]", filename)[-1]
    return re.sub(r"[^A-Za-z0-9._-]", "_", last).lstrip(".")


@app.post("/uploads/", status_code=201)
async def store_upload(file: Annotated[UploadFile, File()]):
    name = safe_name(file.filename or "")
    if not name:
        raise HTTPException(status_code=400, detail="Invalid filename")
    UPLOAD_DIR.mkdir(exist_ok=True)
    # Starlette has already spooled the upload to a temporary file; it is
    # copied a chunk at a time, so memory holds one chunk, never the file.
    partial = UPLOAD_DIR / f".{name}.part"
    digest = hashlib.sha256()
    size = 0
    with partial.open("wb") as out:
        while chunk := await file.read(CHUNK_BYTES):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                out.close()
                partial.unlink()
                raise HTTPException(status_code=413, detail="File too large")
            digest.update(chunk)
            out.write(chunk)
    partial.replace(UPLOAD_DIR / name)
    return {"filename": name, "size": size, "sha256": digest.hexdigest()}


@app.get("/uploads/")
async def list_uploads():
    names = []
    if UPLOAD_DIR.is_dir():
        names = sorted(p.name for p in UPLOAD_DIR.iterdir() if not p.name.startswith("."))
    return {"filenames": names}


@app.get("/uploads/{filename}")
async def download_upload(filename: str):
    path = UPLOAD_DIR / filename
    if safe_name(filename) != filename or not path.is_file():
        raise HTTPException(status_code=404, detail="File not found")
    return FileResponse(path, media_type="application/octet-stream")

"""Chapter 11, part 2, written the FastAPI way: the reference the checker's
suite is proven against (no FastAPI tutorial sends email over HTTP).

POST /notifications {"email", "message"} answers 202 at once; a background
task sends {"to", "text"} to $EMAIL_API_URL/emails with a bearer key and an
idempotency key, retrying 5xx answers and timeouts (3 attempts, backoff),
never a 4xx. GET /notifications/{id} reports queued, sent or failed.

    EMAIL_API_URL=http://127.0.0.1:9000 \
        uvicorn workbook_notifications.tutorial001:app --app-dir tests/oracle/apps
"""

import asyncio
import os
import uuid
from typing import Literal

import httpx
from fastapi import BackgroundTasks, FastAPI, HTTPException
from pydantic import BaseModel

EMAIL_API_URL = os.environ.get("EMAIL_API_URL", "http://127.0.0.1:9000")
EMAIL_API_KEY = os.environ.get("EMAIL_API_KEY", "dev-email-key")
TIMEOUT_SECONDS = 1.0
ATTEMPTS = 3
FIRST_BACKOFF_SECONDS = 0.1

app = FastAPI()


class NotificationIn(BaseModel):
    email: str
    message: str


class Notification(BaseModel):
    id: str
    email: str
    message: str
    status: Literal["queued", "sent", "failed"] = "queued"
    attempts: int = 0


notifications: dict[str, Notification] = {}


async def deliver(notification: Notification) -> None:
    payload = {"to": notification.email, "text": notification.message}
    headers = {
        "Authorization": f"Bearer {EMAIL_API_KEY}",
        # The same key on every attempt: the API sends the email once.
        "Idempotency-Key": notification.id,
    }
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
        for attempt in range(1, ATTEMPTS + 1):
            notification.attempts = attempt
            try:
                response = await client.post(
                    f"{EMAIL_API_URL}/emails", json=payload, headers=headers
                )
            except httpx.TransportError:
                pass  # a timeout or a refused connection: worth another try
            else:
                if response.is_success:
                    notification.status = "sent"
                    return
                if response.status_code < 500:
                    break  # the API said no: trying again cannot help
            if attempt < ATTEMPTS:
                await asyncio.sleep(FIRST_BACKOFF_SECONDS * 2 ** (attempt - 1))
    notification.status = "failed"


@app.post("/notifications", status_code=202, response_model=Notification)
async def create_notification(body: NotificationIn, background_tasks: BackgroundTasks):
    notification = Notification(id=uuid.uuid4().hex, **body.model_dump())
    notifications[notification.id] = notification
    background_tasks.add_task(deliver, notification)
    return notification


@app.get("/notifications/{notification_id}", response_model=Notification)
async def read_notification(notification_id: str):
    if notification_id not in notifications:
        raise HTTPException(status_code=404, detail="Notification not found")
    return notifications[notification_id]

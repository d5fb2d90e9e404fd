"""Chapter 13's chat room, as FastAPI's docs would write it if the room had
to survive a client that stops reading.

`websockets_.tutorial003` broadcasts by awaiting each client's send in turn:
once one client's buffers are full, that await never ends and every other
client waits with it. Here each client has its own bounded queue and a task
that writes it out; a broadcast only puts into queues. A client whose queue
is full has fallen too far behind and is disconnected. The messages are the
tutorial's.

    uvicorn workbook_chat.tutorial001:app --app-dir tests/oracle/apps --port 8000
"""

import asyncio

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse

app = FastAPI()

# How many messages a client may fall behind before it is cut off.
QUEUE_SIZE = 64

html = """
<!DOCTYPE html>
<html>
    <head><title>Chat</title></head>
    <body>
        <h1>WebSocket Chat</h1>
        <p>Connect to <code>/ws/{client_id}</code>.</p>
    </body>
</html>
"""


class Client:
    def __init__(self, websocket: WebSocket):
        self.websocket = websocket
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.writer: asyncio.Task | None = None

    async def write(self):
        try:
            while True:
                message = await self.queue.get()
                await self.websocket.send_text(message)
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass


class ConnectionManager:
    def __init__(self):
        self.clients: list[Client] = []

    async def connect(self, websocket: WebSocket) -> Client:
        await websocket.accept()
        client = Client(websocket)
        client.writer = asyncio.create_task(client.write())
        self.clients.append(client)
        return client

    def disconnect(self, client: Client):
        if client in self.clients:
            self.clients.remove(client)
        if client.writer is not None:
            client.writer.cancel()

    def send_personal_message(self, message: str, client: Client):
        self.put(message, client)

    def broadcast(self, message: str):
        for client in list(self.clients):
            self.put(message, client)

    def put(self, message: str, client: Client):
        try:
            client.queue.put_nowait(message)
        except asyncio.QueueFull:
            # Too slow to keep up: cut it off rather than wait for it.
            self.disconnect(client)
            asyncio.create_task(client.websocket.close(code=1008))


manager = ConnectionManager()


@app.get("/")
async def get():
    return HTMLResponse(html)


@app.websocket("/ws/{client_id}")
async def websocket_endpoint(websocket: WebSocket, client_id: int):
    client = await manager.connect(websocket)
    try:
        while True:
            data = await websocket.receive_text()
            manager.send_personal_message(f"You wrote: {data}", client)
            manager.broadcast(f"Client #{client_id} says: {data}")
    except WebSocketDisconnect:
        manager.disconnect(client)
        manager.broadcast(f"Client #{client_id} left the chat")

"""Rewrite an answer of the app inside on its way out: the one buffering loop that the
static-asset compression (``encoding``) and the page shell's head (``pagemeta``) share.

Why one place: both must pass through untouched what they do not rewrite (another
status or media type, a body past their size limit, messages after the body) and must
never hold more than their limit in memory; that loop is easy to get subtly wrong twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Rewrite = Callable[[Message, bytes], Awaitable[None]]


async def rewrite_answer(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    wanted: Callable[[Message], bool],
    rewrite: Rewrite,
    limit: int,
) -> None:
    """Run ``app``; an answer whose start message is ``wanted`` and whose body ends
    within ``limit`` bytes is handed whole to ``rewrite(start, body)``, which sends it;
    any other answer goes to ``send`` as it comes (a body past the limit as buffered)."""
    start: Message | None = None
    parts: list[bytes] = []
    size = 0
    passing = False

    async def capture(message: Message) -> None:
        nonlocal start, passing, size
        if passing:
            await send(message)
            return
        if message["type"] == "http.response.start":
            if not wanted(message):
                passing = True
                await send(message)
                return
            start = message
            return
        if message["type"] == "http.response.body":
            assert start is not None
            body = message.get("body", b"")
            parts.append(body)
            size += len(body)
            more = message.get("more_body", False)
            if more and size < limit:
                return
            if more:  # past the limit: pass it on as it is
                passing = True
                await send(start)
                await send({**message, "body": b"".join(parts)})
                return
            await rewrite(start, b"".join(parts))
            return
        await send(message)

    await app(scope, receive, capture)

"""`POST /v1/decide`: EAR license determination over HTTP (same JSON as `tradeguard decide --json`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from starlette.concurrency import run_in_threadpool

from tradeguard.api.auth import caller
from tradeguard.api.routes import ready_engine
from tradeguard.api.schemas import ErrorOut
from tradeguard.decide.model import Transaction
from tradeguard.engine import Engine

router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorOut} for status in (401, 413, 422, 500, 503)}


def _decide(engine: Engine, data: dict[str, Any], actor: str) -> dict[str, Any]:
    # Validated here rather than by FastAPI so that errors name the field the way the CLI does (items[0].eccn).
    transaction = Transaction.parse(data, source="request body")
    return engine.audited(actor).decide(transaction).to_json_dict()


@router.post("/v1/decide", responses=_ERRORS, tags=["decisions"])
async def decide(
    request: Request,
    actor: Annotated[str, Depends(caller)],
    transaction: Annotated[dict[str, Any], Body(description="A transaction, as in `tradeguard decide` files.")],
) -> dict[str, Any]:
    """Apply the EAR to a transaction: the decision, and every requirement with its CFR citation."""
    engine = ready_engine(request)
    return await run_in_threadpool(_decide, engine, transaction, actor)

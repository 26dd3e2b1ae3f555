"""The example sites show what the seed APIs put on the wire, word for word.

The tables below are copied by hand from the seed documents in
`../shared/seeds/` (not computed from the catalogs or by the code under test):
every code the seed lists, with the status, message, problem title, retryable
flag and translations wherever the seed states them. Each example's generated
`errors.json` (and the code's section on its page) must agree. A `None`
message means the seed gives only a description for the code, no wire text.

The sites are the session builds shared with test_examples.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from htmltext import text_of

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # every test reads an example's built site

# -- 000 LVNG API ---------------------------------------------------------------
# code: (status, message). HTTP statuses from the seed's status table, which
# names VALIDATION_ERROR (400), ALREADY_EXISTS (409), DATABASE_ERROR and
# INTEGRATION_ERROR (500); NOT_FOUND (404) and PERMISSION_DENIED (403) by their
# descriptions. Socket.io codes have no status.
LVNG = {
    "VALIDATION_ERROR": (400, "Invalid request parameters"),
    "NOT_FOUND": (404, None),
    "ALREADY_EXISTS": (409, None),
    "DATABASE_ERROR": (500, None),
    "INTEGRATION_ERROR": (500, None),
    "PERMISSION_DENIED": (403, None),
    "RATE_LIMIT_EXCEEDED": (None, "Too many events. Please wait."),
    "INVALID_MESSAGE_CONTENT": (None, None),
    "MESSAGE_NOT_FOUND": (None, None),
    "REACTION_FAILED": (None, None),
    "INVALID_EMOJI": (None, None),
    "PRESENCE_UPDATE_FAILED": (None, None),
    "CHANNEL_NOT_FOUND": (None, None),
    "CHANNEL_ACCESS_DENIED": (None, None),
    "CHANNEL_JOIN_FAILED": (None, None),
    "CHANNEL_LEAVE_FAILED": (None, None),
    "CHANNEL_UPDATE_FAILED": (None, None),
    "INVALID_UPDATE": (None, None),
    "CONVERSATION_JOIN_FAILED": (None, None),
    "CONVERSATION_LEAVE_FAILED": (None, None),
    "CONVERSATION_REJOIN_FAILED": (None, None),
    "INVALID_CONVERSATION_DATA": (None, None),
    "SWARM_SUBSCRIBE_ERROR": (None, None),
    "INVALID_SWARM_DATA": (None, None),
    "ACTIVITY_JOIN_ERROR": (None, None),
    "INVALID_ACTIVITY_DATA": (None, None),
    "INVALID_ACTIVITY_ROOM": (None, None),
    "CALL_JOIN_FAILED": (None, None),
    "CALL_LEAVE_FAILED": (None, None),
    "INVALID_CALL_DATA": (None, None),
}
LVNG_RETRYABLE = {"DATABASE_ERROR": True}  # "Usually transient -- retry the request."

# -- 001 LangGraph API ----------------------------------------------------------
# code: (status, message, retryable). REST: the `detail` of each example and its
# **Retryable** line; VAL_002 is 404, the status of the backend's
# AssistantNotFoundError that raises its message (the heading says 400).
# Socket.IO: each event's `message` and `retryable`.
LANGGRAPH = {
    "AUTH_001": (401, "Incorrect username or password", True),
    "AUTH_002": (401, "Could not validate credentials", False),
    "AUTH_003": (401, "Not authenticated", False),
    "AUTH_004": (401, "Inactive user", False),
    "AUTH_005": (403, "Insufficient permissions for this operation", False),
    "VAL_001": (400, "Invalid request format", False),
    "VAL_002": (404, "Assistant chatbot-invalid not found", False),
    "VAL_003": (400, "Message content cannot be empty", True),
    "VAL_004": (400, "Temperature must be between 0.0 and 1.0", True),
    "RES_001": (404, "Assistant {assistant_id} not found", False),
    "RES_002": (404, "User not found", False),
    "RATE_001": (429, "Rate limit exceeded. Try again in 60 seconds.", True),
    "SRV_001": (500, "Assistant invocation failed: Connection timeout", True),
    "SRV_002": (500, "Internal server error occurred", True),
    "SRV_003": (500, "LangGraph service temporarily unavailable", True),
    "CONNECTION_ERROR": (None, "Failed to establish WebSocket connection", True),
    "AUTH_FAILED": (None, "Socket.IO authentication failed", False),
    "CONVERSATION_NOT_FOUND": (None, "Conversation conv_123 does not exist", False),
    "VALIDATION_ERROR": (None, "Invalid message format or content", True),
    "RATE_LIMIT": (None, "Message rate limit exceeded", True),
    "API_ERROR": (None, "LangGraph API request failed", True),
    "TIMEOUT": (None, "Assistant response timeout", True),
    "INVOCATION_ERROR": (None, "Assistant failed to process request", True),
    "ASSISTANT_UNAVAILABLE": (None, "Assistant is temporarily unavailable", True),
    "PERMISSION_DENIED": (None, "Insufficient permissions for this conversation", False),
}

# -- 002 LLM-CoPilot-Agent API --------------------------------------------------
# (number, code, status, message) from its tables. RATE_LIMIT_EXCEEDED: its
# table says "Rate limit exceeded", both responses it shows send the longer
# text below (the catalog keeps the wire text).
COPILOT = [
    (1000, "VALIDATION_ERROR", 400, "Request validation failed"),
    (1001, "INVALID_FORMAT", 400, "Invalid format"),
    (1002, "MISSING_REQUIRED_FIELD", 400, "Required field missing"),
    (1003, "INVALID_FIELD_VALUE", 400, "Invalid field value"),
    (1004, "FIELD_TOO_LONG", 400, "Field value too long"),
    (1005, "FIELD_TOO_SHORT", 400, "Field value too short"),
    (1006, "INVALID_PATTERN", 400, "Field does not match required pattern"),
    (1007, "INVALID_ENUM", 400, "Invalid enum value"),
    (1008, "INVALID_UUID", 400, "Invalid UUID format"),
    (1009, "INVALID_TIMESTAMP", 400, "Invalid timestamp format"),
    (1010, "INVALID_TIME_RANGE", 400, "Invalid time range"),
    (1011, "INVALID_JSON", 400, "Invalid JSON"),
    (1012, "INVALID_CONTENT_TYPE", 400, "Invalid Content-Type header"),
    (1013, "PAYLOAD_TOO_LARGE", 413, "Request payload too large"),
    (1014, "TOO_MANY_ITEMS", 400, "Too many items in collection"),
    (1015, "DUPLICATE_ENTRY", 400, "Duplicate entry"),
    (1016, "CIRCULAR_DEPENDENCY", 400, "Circular dependency detected"),
    (1017, "INVALID_DEPENDENCY", 400, "Invalid dependency reference"),
    (2000, "UNAUTHORIZED", 401, "Authentication required"),
    (2001, "INVALID_TOKEN", 401, "Invalid authentication token"),
    (2002, "EXPIRED_TOKEN", 401, "Authentication token expired"),
    (2003, "MISSING_TOKEN", 401, "Authentication token missing"),
    (2004, "INVALID_CREDENTIALS", 401, "Invalid credentials"),
    (2005, "TOKEN_REVOKED", 401, "Authentication token revoked"),
    (2006, "INVALID_SIGNATURE", 401, "Invalid token signature"),
    (2007, "INVALID_ISSUER", 401, "Invalid token issuer"),
    (2008, "INVALID_AUDIENCE", 401, "Invalid token audience"),
    (3000, "FORBIDDEN", 403, "Access forbidden"),
    (3001, "INSUFFICIENT_PERMISSIONS", 403, "Insufficient permissions"),
    (3002, "RESOURCE_ACCESS_DENIED", 403, "Resource access denied"),
    (3003, "OPERATION_NOT_ALLOWED", 403, "Operation not allowed"),
    (3004, "QUOTA_EXCEEDED", 429, "Quota exceeded"),
    (3005, "FEATURE_NOT_ENABLED", 403, "Feature not enabled"),
    (4000, "NOT_FOUND", 404, "Resource not found"),
    (4001, "RESOURCE_NOT_FOUND", 404, "Resource not found"),
    (4002, "SESSION_NOT_FOUND", 404, "Session not found"),
    (4003, "WORKFLOW_NOT_FOUND", 404, "Workflow not found"),
    (4004, "INCIDENT_NOT_FOUND", 404, "Incident not found"),
    (4005, "USER_NOT_FOUND", 404, "User not found"),
    (4006, "ALREADY_EXISTS", 409, "Resource already exists"),
    (4007, "RESOURCE_CONFLICT", 409, "Resource conflict"),
    (4008, "RESOURCE_LOCKED", 409, "Resource locked"),
    (4009, "RESOURCE_EXPIRED", 410, "Resource expired"),
    (5000, "RATE_LIMIT_EXCEEDED", 429, "Rate limit exceeded. Please retry after 3600 seconds"),
    (5001, "TOO_MANY_REQUESTS", 429, "Too many requests"),
    (5002, "QUOTA_LIMIT_EXCEEDED", 429, "Quota limit exceeded"),
    (5003, "CONCURRENCY_LIMIT_EXCEEDED", 429, "Concurrency limit exceeded"),
    (6000, "INVALID_STATE", 400, "Invalid state"),
    (6001, "WORKFLOW_EXECUTION_FAILED", 422, "Workflow execution failed"),
    (6002, "WORKFLOW_ALREADY_RUNNING", 409, "Workflow already running"),
    (6003, "WORKFLOW_NOT_APPROVED", 403, "Workflow not approved"),
    (6004, "APPROVAL_REQUIRED", 403, "Approval required"),
    (6005, "CANNOT_CANCEL_WORKFLOW", 422, "Cannot cancel workflow"),
    (6006, "TASK_EXECUTION_FAILED", 422, "Task execution failed"),
    (6007, "INVALID_WORKFLOW_STATE", 422, "Invalid workflow state"),
    (6008, "INCIDENT_ALREADY_CLOSED", 409, "Incident already closed"),
    (6009, "INCIDENT_NOT_RESOLVED", 422, "Incident not resolved"),
    (7000, "EXTERNAL_SERVICE_ERROR", 502, "External service error"),
    (7001, "LLM_API_ERROR", 502, "LLM API error"),
    (7002, "LLM_API_TIMEOUT", 504, "LLM API timeout"),
    (7003, "LLM_API_RATE_LIMITED", 429, "LLM API rate limited"),
    (7004, "PROMETHEUS_ERROR", 502, "Prometheus error"),
    (7005, "LOKI_ERROR", 502, "Loki error"),
    (7006, "TEMPO_ERROR", 502, "Tempo error"),
    (7007, "DATABASE_ERROR", 502, "Database error"),
    (7008, "CACHE_ERROR", 502, "Cache error"),
    (7009, "VECTOR_DB_ERROR", 502, "Vector database error"),
    (8000, "INTERNAL_ERROR", 500, "Internal server error"),
    (8001, "CONFIGURATION_ERROR", 500, "Configuration error"),
    (8002, "SERVICE_UNAVAILABLE", 503, "Service unavailable"),
    (8003, "DEPENDENCY_FAILURE", 502, "Dependency failure"),
    (8004, "DATABASE_CONNECTION_ERROR", 500, "Database connection error"),
    (8005, "CACHE_CONNECTION_ERROR", 500, "Cache connection error"),
    (8006, "MESSAGE_QUEUE_ERROR", 500, "Message queue error"),
    (8007, "SERIALIZATION_ERROR", 500, "Serialization error"),
    (8008, "DESERIALIZATION_ERROR", 500, "Deserialization error"),
    (9000, "STREAM_ERROR", 500, "Stream error"),
    (9001, "STREAM_CLOSED", 503, "Stream closed"),
    (9002, "STREAM_TIMEOUT", 504, "Stream timeout"),
    (9003, "INVALID_RESUME_TOKEN", 400, "Invalid resume token"),
    (9004, "STREAM_BACKPRESSURE", 503, "Stream backpressure"),
]
# "Localized Error Messages": NOT_FOUND by Accept-Language.
COPILOT_NOT_FOUND = {
    "en": "Resource not found",
    "es": "Recurso no encontrado",
    "fr": "Ressource non trouvée",
    "de": "Ressource nicht gefunden",
    "ja": "リソースが見つかりません",
    "zh": "未找到资源",
}
# Its client code waits for X-RateLimit-Reset and retries this one.
COPILOT_RETRYABLE = {"RATE_LIMIT_EXCEEDED": True}

# -- 003 Livestream API ---------------------------------------------------------
# Its HTTP responses carry no code: (statusCode, message, error) of each
# response the seed shows. "Validation failed" is its format example, a 400.
LIVESTREAM_HTTP = [
    (400, "Validation failed", "Bad Request"),
    (401, "Invalid API Key", "Unauthorized"),
    (403, "Access denied to this resource", "Forbidden"),
    (400, "name is required", "Bad Request"),
    (400, "projectId must be a valid UUID", "Bad Request"),
    (404, "Livestream not found", "Not Found"),
    (404, "Media server not found", "Not Found"),
    (429, "Rate limit exceeded", "Too Many Requests"),
]
# Statuses its table lists with no response shown: 409 and 500.
LIVESTREAM_HTTP_UNSHOWN = [409, 500]
# The names the system itself uses (push-token errors, a stream status); no messages.
LIVESTREAM_STREAM = ["INVALID_PUSH_TOKEN", "EXPIRED_PUSH_TOKEN", "TOKEN_MISMATCH", "TOKEN_EXPIRED"]

# -- 004 LevelChat --------------------------------------------------------------
# (code, status or None for "SDK only", Retryable badge, problem `title`).
LEVELCHAT = [
    ("unauthorized", 401, False, "Unauthorized"),
    ("token/invalid", 401, False, "Token is invalid"),
    ("token/expired", 401, True, "Token has expired"),
    ("token/unauthorized", 401, False, "Token lacks required scopes"),
    ("forbidden_workspace_role", 403, False, "Workspace role too low"),
    ("forbidden", 403, False, "Forbidden"),
    ("invite_required", 403, False, "Invite required for SSO"),
    ("sso_config_missing", 503, False, "SSO not configured"),
    ("sso_discovery_failed", 502, True, "OIDC discovery failed"),
    ("sso_email_domain_denied", 403, False, "Email domain not allowed by workspace"),
    ("sso_id_token_invalid", 401, False, "SSO id_token invalid"),
    ("sso_state_invalid", 400, False, "OIDC state mismatch"),
    ("sso_token_exchange_failed", 502, True, "Authorization code exchange failed"),
    ("sso_user_not_provisioned", 403, False, "SSO user not provisioned"),
    ("email_unverified", 403, False, "Email not verified"),
    ("bad_request", 400, False, "Malformed request"),
    ("config/invalid", 400, False, "SDK configuration invalid"),
    ("config/missing-api-key", 400, False, "SDK missing API key"),
    ("invalid_identity", 400, False, "Identity malformed"),
    ("invalid_role", 400, False, "Role not recognized"),
    ("invalid_room", 400, False, "Room ID malformed"),
    ("unknown_tier", 400, False, "Billing tier not recognized"),
    ("rate_limited", 429, True, "Rate limited"),
    ("network/rate-limited", 429, True, "SDK saw 429 from API"),
    ("quota_exceeded", 402, False, "Billing quota exhausted"),
    ("room/cap-denied", 429, False, "Room participant cap reached"),
    ("not_found", 404, False, "Resource not found"),
    ("room_not_found", 404, False, "Room does not exist"),
    ("not_a_member", 404, False, "User not a member of workspace"),
    ("recording_not_ready", 404, True, "Recording still processing"),
    ("conflict", 409, False, "State conflict"),
    ("external_id_taken", 409, False, "external_id already in use"),
    ("slug_taken", 409, False, "Workspace slug already in use"),
    ("node_exists", 409, False, "SFU node already registered"),
    ("invitation_invalid", 409, False, "Invitation invalid"),
    ("internal_error", 500, True, "Internal server error"),
    ("bad_gateway", 502, True, "Bad gateway"),
    ("upstream_unreachable", 502, True, "Upstream service unreachable"),
    ("upstream_request_failed", 502, True, "Upstream returned malformed response"),
    ("service_unavailable", 503, True, "Service unavailable"),
    ("room_check_failed", 503, True, "Room health check failed"),
    ("onprem_disabled", 503, False, "Feature disabled in self-hosted"),
    ("auth_unconfigured", 503, False, "Auth service URL not set"),
    ("scim_store_unconfigured", 503, False, "SCIM store unavailable"),
    ("sso_store_unconfigured", 503, False, "SSO store unavailable"),
    ("contact_sales_only", 403, False, "Feature requires sales contact"),
    ("billing_unconfigured", 503, False, "Billing not configured"),
    ("license_revoked", 403, False, "License revoked"),
    ("signup_disabled", 403, False, "Signups closed"),
    ("no_valid_recipients", 400, False, "Webhook has no valid endpoints"),
    ("node_revoked", 410, False, "SFU node revoked"),
    ("parent_revoked", 410, False, "Parent resource revoked"),
    ("media/permission-denied", None, False, "Media permission denied"),
    ("media/device-not-found", None, False, "Media device not found"),
    ("media/unsupported", None, False, "Media constraint unsupported"),
    ("media/constraint-not-satisfied", None, False, "Constraint not satisfied"),
    ("signaling/connect-failed", None, True, "Signaling connection failed"),
    ("signaling/closed", None, True, "Signaling connection closed"),
    ("signaling/timeout", None, True, "Signaling frame timeout"),
    ("signaling/protocol", None, False, "Signaling protocol error"),
    ("signaling/rpc-error", None, True, "Signaling RPC failed"),
    ("signaling/rpc-timeout", None, True, "Signaling RPC timed out"),
    ("transport/ice-failed", None, True, "ICE negotiation failed"),
    ("transport/dtls-failed", None, True, "DTLS handshake failed"),
    ("transport/unsupported", None, False, "WebRTC not supported"),
    ("codec/unsupported", None, False, "Codec not supported"),
    ("recording/not-permitted", None, False, "Recording not permitted"),
    ("recording/backend-failed", None, True, "Recording backend failed"),
    ("encryption/key-missing", None, False, "E2EE key missing"),
    ("encryption/unsupported", None, False, "E2EE not supported"),
]
# The one problem document the seed shows: its `detail` is quota_exceeded's message.
LEVELCHAT_DETAIL = {"quota_exceeded": "Workspace consumed 110% of monthly minutes."}

# Wire fragments (JSON as the site prints it) the seed shows in a code's example.
FRAGMENTS = {
    ("lvng", "VALIDATION_ERROR"): ['"message": "must be one of: agent, workflow, twin"'],
    ("langgraph", "VALIDATION_ERROR"): ['"reason": "Must be non-empty array"'],
    ("langgraph", "RATE_001"): ["X-RateLimit-Reset: 1640995200", "Retry-After: 60"],
    ("copilot", "VALIDATION_ERROR"): ['"message": "Timeout must be 5-1440 minutes"',
                                      '"constraint": "range: 5-1440"'],
    ("copilot", "RATE_LIMIT_EXCEEDED"): ["Retry-After: 3600", '"reset_at": "2025-11-25T11:00:00Z"'],
    ("livestream", "RATE_LIMIT_EXCEEDED"): ['"retryAfter": 60'],
    ("livestream", "VALIDATION_FAILED"): ['"message": "name must be a string"'],
}


class Site:
    """One example: its model (to find a code's section), its errors.json by code, its pages."""

    def __init__(self, name: str, folder: Path):
        self.name, self.folder = name, folder
        self.catalog = load_catalog(ROOT / "examples" / name)
        data = json.loads((folder / "errors.json").read_text(encoding="utf-8"))
        self.locales = data["locales"]
        self.errors = {x["code"]: x for x in data["errors"]}
        self._pages: dict[Path, str] = {}

    def section(self, code: str) -> str:
        """The text of a code's section on its page (from its anchor to the next h2), as read."""
        e = self.catalog.entry(code)
        page = self.folder / permalinks.layout(self.catalog).entry_page(e) / "index.html"
        if page not in self._pages:
            self._pages[page] = page.read_text(encoding="utf-8")
        text = self._pages[page]
        start = text.rindex("<h2", 0, text.index(f'id="{e.anchor}"'))
        end = text.find("<h2", start + 1)
        return text_of(text[start:end if end != -1 else len(text)])

    def message(self, code: str) -> str:
        return self.errors[code]["messages"][self.locales[0]]


@pytest.fixture(scope="module")
def example_site(build):
    made: dict[str, Site] = {}

    def _site(name: str) -> Site:
        if name not in made:
            made[name] = Site(name, build(ROOT / "examples" / name))
        return made[name]
    return _site


def _check(s: Site, code: str, status, message, retryable=None) -> None:
    assert code in s.errors, f"{s.name}: the seed's {code} is not on the site"
    x = s.errors[code]
    assert x["status"] == status, f"{s.name} {code}: status {x['status']}, the seed says {status}"
    if message is not None:
        assert s.message(code) == message, f"{s.name} {code}: message is not the seed's"
        assert message in s.section(code), f"{s.name} {code}: the page does not show the seed's message"
    if retryable is not None:
        assert x["retryable"] is retryable, f"{s.name} {code}: retryable is not what the seed says"


def test_lvng_says_what_the_seed_says(example_site):
    s = example_site("lvng")
    assert set(s.errors) == set(LVNG)
    for code, (status, message) in LVNG.items():
        _check(s, code, status, message, LVNG_RETRYABLE.get(code))


def test_langgraph_says_what_the_seed_says(example_site):
    s = example_site("langgraph")
    assert set(s.errors) == set(LANGGRAPH)
    for code, (status, message, retryable) in LANGGRAPH.items():
        _check(s, code, status, message, retryable)
    # The code travels in X-Error-Code next to the seed's `detail`.
    assert "X-Error-Code: AUTH_003" in s.section("AUTH_003")
    assert '"detail": "Not authenticated"' in s.section("AUTH_003")


def test_copilot_says_what_the_seed_says(example_site):
    s = example_site("copilot")
    assert set(s.errors) == {code for _, code, _, _ in COPILOT}
    for number, code, status, message in COPILOT:
        _check(s, code, status, message, COPILOT_RETRYABLE.get(code))
        assert s.errors[code]["number"] == number, code


def test_copilot_not_found_in_the_seeds_own_languages(example_site):
    s = example_site("copilot")
    assert s.errors["NOT_FOUND"]["messages"] == COPILOT_NOT_FOUND
    html_page = s.section("NOT_FOUND")
    for text in COPILOT_NOT_FOUND.values():
        assert text in html_page, text


def test_livestream_shows_each_seed_response_once(example_site):
    """Livestream sends no code: each response the seed shows is one entry by status and message."""
    s = example_site("livestream")
    for status, message, reason in LIVESTREAM_HTTP:
        found = [c for c, x in s.errors.items() if x["status"] == status and s.message(c) == message]
        assert len(found) == 1, f"{status} {message!r}: {found}"
        body = s.section(found[0])
        assert f'"statusCode": {status}' in body and f'"message": "{message}"' in body
        assert f'"error": "{reason}"' in body
    assert sorted(x["status"] for x in s.errors.values() if x["status"] is not None) == \
        sorted([st for st, _, _ in LIVESTREAM_HTTP] + LIVESTREAM_HTTP_UNSHOWN)
    for code in LIVESTREAM_STREAM:
        assert s.errors[code]["status"] is None and s.errors[code]["surfaces"] == ["stream"]


def test_levelchat_titles_are_the_problem_titles(example_site):
    s = example_site("levelchat")
    assert [x for x in s.errors] == [code for code, _, _, _ in LEVELCHAT]
    for code, status, retryable, title in LEVELCHAT:
        _check(s, code, status, LEVELCHAT_DETAIL.get(code), retryable)
        assert s.errors[code]["title"] == title, f"{code}: title is not the seed's"
        assert title in s.section(code), code
        if status is not None and "http" in s.errors[code]["surfaces"]:
            assert f'"title": "{title}"' in s.section(code), f"{code}: the problem example's title"


@pytest.mark.parametrize("name, code", sorted(FRAGMENTS))
def test_seed_wire_fragments_in_examples(example_site, name, code):
    body = example_site(name).section(code)
    for fragment in FRAGMENTS[(name, code)]:
        assert fragment in body, f"{name} {code}: {fragment}"

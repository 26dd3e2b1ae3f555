"""HTTP reason phrases: one fixed table, the same on every Python version.

`http.HTTPStatus` follows the running Python (3.13 renamed 413, 414, 416 and
422 to the RFC 9110 names), so pages built on two versions would differ. The
table is RFC 9110 section 15 plus the other codes of the IANA registry; the
frameworks that still send the older RFC 7231 names get them through
`FRAMEWORK_PHRASES`, keyed by the catalog's `envelope`.
"""
from __future__ import annotations

RFC9110: dict[int, str] = {
    100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
    200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information",
    204: "No Content", 205: "Reset Content", 206: "Partial Content", 207: "Multi-Status",
    208: "Already Reported", 226: "IM Used",
    300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    304: "Not Modified", 305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
    404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
    407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
    411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
    414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
    417: "Expectation Failed", 418: "I'm a Teapot", 421: "Misdirected Request",
    422: "Unprocessable Content", 423: "Locked", 424: "Failed Dependency", 425: "Too Early",
    426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
    431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
    500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates", 507: "Insufficient Storage", 508: "Loop Detected",
    510: "Not Extended", 511: "Network Authentication Required",
}

# What a framework puts on the wire where it differs from RFC 9110. NestJS's
# built-in exceptions (HttpStatus descriptions in @nestjs/common) keep the
# RFC 7231 names: PayloadTooLargeException sends "Payload Too Large",
# UnprocessableEntityException "Unprocessable Entity" (and Express, under
# NestJS, sends the same names in the status line).
FRAMEWORK_PHRASES: dict[str, dict[int, str]] = {
    "nest": {
        413: "Payload Too Large",
        422: "Unprocessable Entity",
    },
}


def reason_phrase(status: int | None, envelope: str | None = None) -> str:
    """The reason phrase of `status` as `envelope`'s framework sends it ('' when unknown)."""
    if status is None:
        return ""
    own = FRAMEWORK_PHRASES.get(envelope or "", {})
    return own.get(status) or RFC9110.get(status, "")

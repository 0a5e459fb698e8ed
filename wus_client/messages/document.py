"""A generic document: any bytes under any berichtsoort (SBR/XBRL filings and the like)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigurationError, MessageValidationError
from ..models import Identity
from .base import check_envelope_fields

__all__ = ["MAX_CONTENT_BYTES", "Document", "guess_mime_type"]

#: Digipoort accepts berichtInhoud up to 20 MiB (decoded).
MAX_CONTENT_BYTES = 20 * 1024 * 1024

_MIME_BY_SUFFIX = {
    ".xbrl": "application/xml",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".txt": "text/plain",
}


def guess_mime_type(path: str | Path) -> str:
    """By suffix: .xbrl/.xml -> application/xml, .pdf, .json, .txt; else application/octet-stream."""
    return _MIME_BY_SUFFIX.get(Path(path).suffix.lower(), "application/octet-stream")


@dataclass(frozen=True, kw_only=True)
class Document:
    """Opaque content with its berichtsoort given directly (flow ``""``)."""

    content: bytes = field(repr=False)
    berichtsoort: str
    identity: Identity
    filename: str
    mime_type: str = "application/xml"

    @property
    def flow(self) -> str:
        return ""

    def berichtsoort_override(self) -> str | None:
        return self.berichtsoort

    def validate(self) -> None:
        if not isinstance(self.content, bytes):
            raise MessageValidationError("content", "must be bytes")
        if not self.content:
            raise MessageValidationError("content", "is empty")
        if len(self.content) > MAX_CONTENT_BYTES:
            raise MessageValidationError(
                "content",
                f"is {len(self.content)} bytes; Digipoort accepts at most {MAX_CONTENT_BYTES} (20 MiB)",
            )
        if not self.berichtsoort or len(self.berichtsoort) > 80:
            raise MessageValidationError("berichtsoort", "must be 1..80 characters")
        if not self.identity.nummer or len(self.identity.nummer) > 35:
            raise MessageValidationError("identity.nummer", "must be 1..35 characters")
        if not self.identity.type or len(self.identity.type) > 20:
            raise MessageValidationError("identity.type", "must be 1..20 characters")
        check_envelope_fields(self.filename, self.mime_type)

    def to_xml(self) -> bytes:
        """The content as given (the name follows the protocol; the bytes need not be XML)."""
        return self.content

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        *,
        berichtsoort: str,
        identity: Identity,
        mime_type: str | None = None,
        filename: str | None = None,
    ) -> Document:
        """Read ``path``; the file name and (unless given) the mime type follow from it."""
        path = Path(path)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise ConfigurationError(f"cannot read document {path}: {exc.strerror or exc}") from exc
        return cls(
            content=content,
            berichtsoort=berichtsoort,
            identity=identity,
            filename=filename or path.name,
            mime_type=mime_type or guess_mime_type(path),
        )

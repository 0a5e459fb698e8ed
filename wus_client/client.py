"""WusClient: the public verbs. Orchestration only; every step lives in its own module.

    request builder (services) -> envelope (wsa headers) -> security.sign_envelope
        -> transport.post (mTLS) -> fault? -> security.verify_response -> parse verified Body

A WusClient is thread-safe: the signing key, the pinned certificates and the
connection pool are read-only after construction and shared by all threads.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import services
from .config import Environment, SecurityProfile
from .credentials import Credentials
from .errors import (
    ConfigurationError,
    FaultError,
    SecurityError,
    TransportError,
    UncertainDeliveryError,
)
from .exchange import SignedExchange
from .models import (
    Attachment,
    Identity,
    Receipt,
    new_aanleverkenmerk,
)
from .ophaal import OphaalVerbs
from .retry import RetryPolicy, call_with_retry, is_transient, provably_not_sent
from .security import Signer, TrustStore
from .statusinfo import StatusVerbs
from .transport import Transport

if TYPE_CHECKING:
    from lxml import etree

    from .journal import Journal
    from .messages import Message

__all__ = ["WusClient", "new_aanleverkenmerk"]

log = logging.getLogger(__name__)
T = TypeVar("T")

PathLike = str | os.PathLike[str]


class WusClient(StatusVerbs, OphaalVerbs):
    """A client for Digipoort's AanleverService, StatusinformatieService and OphaalService.

    Every request is signed (WS-Security X.509, wsa headers covered) and every response is
    verified against the pinned ``response_certificates`` before a byte of it is believed.
    There is no switch to turn verification off.
    """

    def __init__(
        self,
        *,
        environment: Environment,
        credentials: Credentials,
        response_certificates: Sequence[bytes | PathLike] | TrustStore,
        server_ca: PathLike | None = None,
        profile: SecurityProfile = SecurityProfile.DIGIPOORT,
        timeout: float = 30.0,
        clock_skew: timedelta = timedelta(minutes=5),
        timestamp_ttl: timedelta = timedelta(minutes=5),
        journal: PathLike | Journal | None = None,
        store_payloads: bool = False,
        berichtsoorten: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        transport: Transport | None = None,
    ) -> None:
        if not isinstance(environment, Environment):
            raise ConfigurationError("environment: expected a wus_client.Environment")
        if not isinstance(credentials, Credentials):
            raise ConfigurationError("credentials: expected wus_client.Credentials (from_pem or from_pkcs12)")
        if not isinstance(profile, SecurityProfile):
            raise ConfigurationError("profile: expected a wus_client.SecurityProfile")
        if timeout <= 0:
            raise ConfigurationError(f"timeout: must be > 0 seconds, got {timeout!r}")
        if isinstance(response_certificates, TrustStore):
            trust = response_certificates
        else:
            if isinstance(response_certificates, (str, bytes, os.PathLike)):
                response_certificates = [response_certificates]
            if not response_certificates:
                raise ConfigurationError(
                    "response_certificates: at least one pinned Digipoort signing certificate is "
                    "required (Logius publishes wus.<omgeving>.digipoort.logius.nl.cert); "
                    "set WUS_RESPONSE_CERT"
                )
            trust = TrustStore.load(list(response_certificates))
        self.environment = environment
        self.credentials = credentials
        self.profile = profile
        self.timeout = timeout
        self.clock_skew = clock_skew
        self.timestamp_ttl = timestamp_ttl
        self.berichtsoorten: Mapping[str, str] = dict(berichtsoorten or {})
        self.retry_policy = retry or RetryPolicy()
        self._transport = transport or Transport(credentials, server_ca=server_ca, timeout=timeout)
        self._exchange = SignedExchange(
            environment=environment,
            signer=Signer.from_credentials(credentials),
            trust=trust,
            transport=self._transport,
            profile=profile,
            timeout=timeout,
            clock_skew=clock_skew,
            timestamp_ttl=timestamp_ttl,
        )
        self.journal: Journal | None = self._open_journal(journal, store_payloads)

    @staticmethod
    def _open_journal(journal: PathLike | Journal | None, store_payloads: bool) -> Journal | None:
        if journal is None:
            return None
        from .journal import Journal

        if isinstance(journal, Journal):
            return journal
        return Journal(journal, store_payloads=store_payloads)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> WusClient:
        """Build a client from the ``WUS_*`` variables (see the README); keyword overrides win."""
        from .settings import Settings

        settings = Settings.load(environ=os.environ if environ is None else environ)
        return settings.client(**overrides)

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._transport.close()
        if self.journal is not None:
            self.journal.close()

    def __enter__(self) -> WusClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"WusClient(environment={self.environment.name!r}, profile={self.profile.name}, "
            f"credentials={self.credentials!r})"
        )

    # -- one exchange ------------------------------------------------------------------------

    def _query(self, operation_name: str, body: etree._Element, parse: Callable[[Any], T]) -> T:
        """A status or ophaal call: safe to repeat, so transient failures are retried."""

        def once() -> T:
            return parse(self._exchange(operation_name, body))

        return call_with_retry(once, policy=self.retry_policy, retry_on=is_transient)

    # -- AanleverService ---------------------------------------------------------------------

    def submit(
        self,
        *,
        berichtsoort: str,
        identity: Identity,
        content: bytes,
        filename: str,
        mime_type: str = "application/xml",
        aanleverkenmerk: str | None = None,
        rol: str = "Bedrijf",
        eerder_aanleverkenmerk: str | None = None,
        ontvanger: Identity | None = None,
        rol_ontvanger: str | None = None,
        bijlagen: Sequence[Attachment] = (),
        autorisatie_adres: str | None = "http://geenausp.nl",
    ) -> Receipt:
        """Submit one message (aanleveren) and return Digipoort's verified receipt.

        Input is validated before anything is sent. With a journal, the attempt is
        committed before the request leaves. A request that may have reached Digipoort
        without a verified answer raises :class:`UncertainDeliveryError` and is never
        resent automatically; only a request that provably did not leave is retried.
        """
        if not isinstance(content, (bytes, bytearray)):
            from .errors import MessageValidationError

            raise MessageValidationError("content", "must be bytes (the SDK base64-encodes it)")
        aanleverkenmerk = aanleverkenmerk or new_aanleverkenmerk()
        body, deferred = services.aanleveren_request_deferred(
            berichtsoort=berichtsoort,
            identity=identity,
            rol=rol,
            content=bytes(content),
            filename=filename,
            mime_type=mime_type,
            aanleverkenmerk=aanleverkenmerk,
            eerder_aanleverkenmerk=eerder_aanleverkenmerk,
            ontvanger=ontvanger,
            rol_ontvanger=rol_ontvanger,
            bijlagen=bijlagen,
            autorisatie_adres=autorisatie_adres,
        )
        url = self.environment.aanlever_url
        if self.journal is not None:
            self.journal.new_attempt(
                berichtsoort=berichtsoort,
                identity=identity,
                rol=rol,
                filename=filename,
                mime_type=mime_type,
                payload=bytes(content),
                endpoint=url,
                aanleverkenmerk=aanleverkenmerk,
                eerder_aanleverkenmerk=eerder_aanleverkenmerk,
            )
        elif log.isEnabledFor(logging.DEBUG):  # hashing 20 MiB is not free: only when asked
            digest = hashlib.sha256(content).hexdigest()
            log.debug("aanleveren %s: %d bytes, sha256 %s", aanleverkenmerk, len(content), digest)

        def once() -> Receipt:
            return services.parse_aanlever_response(self._exchange("aanleveren", body, deferred))

        try:
            receipt = call_with_retry(once, policy=self.retry_policy, retry_on=provably_not_sent)
        except FaultError as exc:
            self._journal_rejected(aanleverkenmerk, f"fault {exc.foutcode}: {exc.faultstring}")
            raise
        except TransportError as exc:
            if provably_not_sent(exc):
                self._journal_rejected(aanleverkenmerk, f"not sent: {exc}")
                raise
            self._journal_uncertain(aanleverkenmerk, str(exc))
            raise UncertainDeliveryError(
                f"aanleveren {aanleverkenmerk} may have reached Digipoort but no answer came back; "
                "it is NOT resent automatically (see WusClient.reconcile): " + str(exc),
                aanleverkenmerk=aanleverkenmerk,
                endpoint=exc.endpoint,
                operation="aanleveren",
                status_code=exc.status_code,
                request_sent=exc.request_sent,
            ) from exc
        except SecurityError as exc:
            # Digipoort answered, but the answer could not be trusted: the submission may exist.
            self._journal_uncertain(aanleverkenmerk, f"unverified response: {exc}")
            raise
        except BaseException as exc:
            self._journal_uncertain(aanleverkenmerk, f"interrupted: {type(exc).__name__}")
            raise
        if self.journal is not None:
            self.journal.mark_accepted(aanleverkenmerk, receipt)
        log.info("aanleveren %s accepted: kenmerk %s", aanleverkenmerk, receipt.kenmerk)
        return receipt

    def _journal_rejected(self, aanleverkenmerk: str, reason: str) -> None:
        if self.journal is not None:
            self.journal.mark_rejected(aanleverkenmerk, reason)

    def _journal_uncertain(self, aanleverkenmerk: str, reason: str) -> None:
        log.warning("aanleveren %s is uncertain: %s", aanleverkenmerk, reason)
        if self.journal is not None:
            self.journal.mark_uncertain(aanleverkenmerk, reason)

    @functools.cached_property
    def _config_file_berichtsoorten(self) -> dict[str, str]:
        """The config file's ``[berichtsoorten]`` table, read once per client."""
        from .settings import load_config_berichtsoorten

        return load_config_berichtsoorten()

    def submit_message(self, message: Message, **kwargs: Any) -> Receipt:
        """Validate a typed message (``wus_client.messages``) and submit it."""
        from .messages import resolve_berichtsoort

        berichtsoort = resolve_berichtsoort(
            message,
            configured=self.berichtsoorten,
            environ=os.environ,
            config_file=self._config_file_berichtsoorten,
        )
        message.validate()
        return self.submit(
            berichtsoort=berichtsoort,
            identity=message.identity,
            content=message.to_xml(),
            filename=message.filename,
            mime_type=message.mime_type,
            **kwargs,
        )

    # -- recovery, bulk follow-up and fetching (journal-backed) -------------------------------

    def _require_journal(self, verb: str) -> Journal:
        if self.journal is None:
            raise ConfigurationError(f"{verb}: needs a journal; pass journal='wus.sqlite' or set WUS_JOURNAL")
        return self.journal

    def reconcile(self, **kwargs: Any) -> Any:
        """Look up uncertain submissions on Digipoort and settle what can be matched.

        Returns a ``recovery.ReconcileReport``; what cannot be matched with certainty stays
        uncertain and is reported, never guessed (see ``wus_client.recovery``).
        """
        from .recovery import reconcile

        return reconcile(self, self._require_journal("reconcile"), **kwargs)

    def resubmit(self, aanleverkenmerk: str, **kwargs: Any) -> Receipt:
        """Explicitly submit an uncertain or rejected submission again, linked to the first
        (``eerderAanleverkenmerk``). The payload comes from the journal (``store_payloads``)
        or ``content=``."""
        from .recovery import resubmit

        return resubmit(self, self._require_journal("resubmit"), aanleverkenmerk, **kwargs)

    def follow(self, **kwargs: Any) -> Any:
        """Keep every open submission in the journal up to date until final."""
        from .follow import follow

        return follow(self, self._require_journal("follow"), **kwargs)

    def fetch_new(self, out_dir: PathLike, **kwargs: Any) -> Any:
        """Download new messages (e.g. UWV letters) into ``out_dir``, each exactly once."""
        from .fetch import fetch_new

        return fetch_new(self, self._require_journal("fetch_new"), Path(out_dir), **kwargs)

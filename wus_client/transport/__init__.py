"""The mutual-TLS HTTP transport (:class:`Transport`): one ``requests.Session`` with keep-alive pooling.

Security properties, all fixed at construction:

* one :class:`ssl.SSLContext`, built once: TLS 1.2 minimum, server certificate and
  hostname checked against ``server_ca`` (or the system store), client certificate and
  key loaded into it;
* ``trust_env`` is off, so ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``, ``.netrc`` and proxy
  variables cannot replace the CA or reroute traffic;
* requests' own ``verify=`` machinery is neutralised: it can neither turn verification
  off nor add certifi's bundle to our context;
* a timeout on every call, redirects never followed.

Every requests/urllib3/ssl error becomes a :class:`~wus_client.errors.TransportError`
naming the endpoint and operation, with ``request_sent`` telling whether the request
may have reached the server (the SDK's retry decisions depend on it).
"""

from ._transport import DEFAULT_USER_AGENT, HttpResponse, Transport, WireChunks

__all__ = ["DEFAULT_USER_AGENT", "HttpResponse", "Transport", "WireChunks"]

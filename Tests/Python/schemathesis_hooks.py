"""Schemathesis hooks for sms-functions.

`no_unexpected_server_error` replaces the stock not_a_server_error check with the one exception the API
documents: a webhook request without an Authorization header answers 503 on purpose (Vonage sends an unsigned
callback only on an internal error and retries it on 5xx, so it is not lost). Every other 5xx fails.
"""
import schemathesis


@schemathesis.check
def no_unexpected_server_error(ctx, response, case):
    if response.status_code < 500:
        return None
    sent = {k.lower() for k in response.request.headers.keys()}
    if response.status_code == 503 and case.path.startswith("/webhooks/") and "authorization" not in sent:
        return None
    raise AssertionError(f"Server error {response.status_code} for {case.method} {case.path}")

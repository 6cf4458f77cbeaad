#ifndef CTLSCLIENT_H
#define CTLSCLIENT_H
// One blocking HTTP/1.1 exchange over TCP, optionally TLS (OpenSSL), in C because OpenSSL's API is largely macros
// (SSL_set_tlsext_host_name, SSL_CTX_set_min_proto_version, ...) that Swift does not import. Swift builds the
// request bytes and parses the header block; C owns sockets, TLS, deadlines and response framing.
// This header includes no OpenSSL header on purpose: swift-crypto's BoringSSL headers must never meet OpenSSL's.
#include <stddef.h>

/// Why an exchange produced no response. The split mirrors what a caller decides on: whether the request can
/// have reached the server (CONNECT_FAILED: certainly not; CONNECTION_LOST: possibly).
typedef enum {
    CTLS_OK = 0,
    /// The arguments are unusable (no host, no request bytes).
    CTLS_INVALID_REQUEST = 1,
    /// Name resolution failed or no address accepted a connection: nothing was sent.
    CTLS_CONNECT_FAILED = 2,
    /// The connection broke, or the answer was unreadable or too large, once request bytes may have been sent.
    CTLS_CONNECTION_LOST = 3,
    /// The connect timeout or the overall deadline elapsed.
    CTLS_TIMED_OUT = 4,
    /// TLS set-up, handshake or certificate verification failed (before any request byte was sent).
    CTLS_TLS = 5,
    /// A local failure (out of memory, no socket).
    CTLS_OTHER = 6,
} ctls_result;

/// One exchange. Strings are NUL-terminated; `request` is the complete request (head and body) as sent.
typedef struct {
    /// Host name or IP literal as in the URL, without IPv6 brackets.
    const char *host;
    /// TCP port.
    unsigned short port;
    /// Non-zero: TLS with verification of the peer against `ca_file` or `ca_directory`.
    int use_tls;
    /// Non-zero: connect only to a loopback address (127.0.0.0/8, ::1), whatever the name resolves to; a host with
    /// no loopback address is CTLS_INVALID_REQUEST and nothing is contacted. For plain HTTP, which would carry
    /// credentials in clear text.
    int loopback_only;
    /// A PEM file of trusted certificates, or NULL.
    const char *ca_file;
    /// A hashed certificate directory (`openssl rehash`), or NULL; used only when `ca_file` is NULL.
    const char *ca_directory;
    /// The request bytes; they are never copied into an error detail.
    const unsigned char *request;
    /// Length of `request`.
    size_t request_length;
    /// Non-zero for a HEAD request: the response has no body whatever its headers say.
    int head_request;
    /// Seconds for the whole exchange.
    double timeout;
    /// Seconds for name resolution, TCP connect and TLS handshake; capped by `timeout`.
    double connect_timeout;
    /// Most bytes accepted from the server (header blocks plus body as received); more is CTLS_CONNECTION_LOST.
    size_t max_response_bytes;
} ctls_request;

/// The final response, or why there is none. Release with ctls_response_free.
typedef struct {
    /// Status code of the final (non-1xx) response.
    int status;
    /// The final response's header lines after the status line, each ending in CRLF or LF (malloc'ed).
    unsigned char *headers;
    /// Length of `headers`.
    size_t headers_length;
    /// The decoded body (chunked framing removed; malloc'ed, may be NULL when empty).
    unsigned char *body;
    /// Length of `body`.
    size_t body_length;
    /// Why the exchange failed, for logs: library and system text only, never request data.
    char detail[256];
} ctls_response;

/// Performs one exchange. On CTLS_OK `response` holds the final response; otherwise `response->detail` says why.
ctls_result ctls_perform(const ctls_request *request, ctls_response *response);

/// Reads a response from `bytes` as if they were the whole stream the server sent (at most `limit` bytes count):
/// the parser ctls_perform uses, without a connection, for the fuzzer and tests. Free with ctls_response_free.
ctls_result ctls_parse_response(const unsigned char *bytes, size_t length, size_t limit, ctls_response *response);

/// Frees what ctls_perform allocated in `response` (safe on a zeroed or failed response).
void ctls_response_free(ctls_response *response);

#endif

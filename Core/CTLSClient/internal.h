#ifndef CTLSCLIENT_INTERNAL_H
#define CTLSCLIENT_INTERNAL_H
// Shared between the client's parts: the connection (socket, optional TLS session, receive buffer, deadline).
#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>
#include "CTLSClient.h"

/// Milliseconds on the monotonic clock.
int64_t ctls_now_ms(void);

/// An open connection and the bytes received but not yet consumed.
typedef struct {
    int fd;
    SSL *ssl;              // NULL for plain TCP
    int64_t deadline_ms;   // overall deadline of the exchange
    unsigned char *data;   // received bytes; data[pos..len) are unconsumed
    size_t len, cap, pos;
    size_t received;       // bytes received in total, checked against limit
    size_t limit;
    int eof;               // the peer finished sending
    char *detail;          // ctls_response.detail
} ctls_conn;

/// Writes `detail` (printf format) into the response's detail buffer.
void ctls_set_detail(ctls_conn *c, const char *format, ...) __attribute__((format(printf, 2, 3)));

// socket_connect.c
/// Resolves `host` and connects to the first address that accepts, both within `deadline_ms` (only loopback
/// addresses when `loopback_only`); returns the non-blocking socket, or -1 with the result in *result
/// (CTLS_CONNECT_FAILED, CTLS_TIMED_OUT, or CTLS_INVALID_REQUEST for a host without a loopback address).
int ctls_connect(const char *host, unsigned short port, int loopback_only, int64_t deadline_ms, ctls_result *result,
                 char *detail);
/// Non-zero when `host` is an IPv4 or IPv6 literal.
int ctls_is_ip_literal(const char *host);

// tls_session.c
/// Sets up TLS on c->fd and completes the handshake by `deadline_ms`: CTLS_OK, CTLS_TLS or CTLS_TIMED_OUT.
ctls_result ctls_tls_start(ctls_conn *c, const ctls_request *request, int64_t deadline_ms);
/// Keeps the connection's TLS session for the next exchange with the same server, once a response was read.
void ctls_tls_keep_session(ctls_conn *c, const ctls_request *request);
/// Frees the connection's TLS state (the shared context stays cached).
void ctls_tls_close(ctls_conn *c);

// io.c
/// Grows the malloc'ed buffer *bytes (capacity *capacity, `used` bytes in use) so that `more` bytes fit after
/// them: doubling from `initial`. Returns 0 when out of memory (the buffer is then unchanged).
int ctls_grow(unsigned char **bytes, size_t *capacity, size_t used, size_t more, size_t initial);
/// Waits until the socket is ready for `events` (POLLIN/POLLOUT) or the deadline: CTLS_OK or CTLS_TIMED_OUT.
ctls_result ctls_wait(int fd, short events, int64_t deadline_ms, char *detail);
/// Writes all `length` bytes by the connection deadline: CTLS_OK, CTLS_CONNECTION_LOST or CTLS_TIMED_OUT.
ctls_result ctls_write_all(ctls_conn *c, const unsigned char *bytes, size_t length);
/// Receives more bytes into the buffer (sets c->eof at the end of the stream): CTLS_OK, CTLS_CONNECTION_LOST
/// (reset, TLS error, over the size limit) or CTLS_TIMED_OUT.
ctls_result ctls_fill(ctls_conn *c);

// http_response.c
/// Reads the final response (skipping 1xx) into `response`: CTLS_OK, CTLS_CONNECTION_LOST or CTLS_TIMED_OUT.
ctls_result ctls_read_response(ctls_conn *c, int head_request, ctls_response *response);

#endif

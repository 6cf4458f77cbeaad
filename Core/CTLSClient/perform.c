// One exchange from start to end: connect, TLS, write, read; SIGPIPE held back while it runs.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

static int64_t deadline_after(int64_t now, double seconds) {
    if (!(seconds > 0)) return now;
    if (seconds > 86400) seconds = 86400;
    return now + (int64_t)(seconds * 1000.0 + 0.999);
}

/// Connects, writes and reads; the caller owns the signal mask and frees the connection.
static ctls_result exchange(ctls_conn *c, const ctls_request *request, ctls_response *response) {
    int64_t now = ctls_now_ms();
    c->deadline_ms = deadline_after(now, request->timeout);
    double connect_seconds = request->connect_timeout < request->timeout ? request->connect_timeout : request->timeout;
    int64_t connect_deadline = deadline_after(now, connect_seconds);

    ctls_result result = CTLS_OK;
    c->fd = ctls_connect(request->host, request->port, request->loopback_only, connect_deadline, &result, c->detail);
    if (c->fd < 0) return result;
    if (request->use_tls) {
        // A TCP close without close_notify stays an error (the context never sets SSL_OP_IGNORE_UNEXPECTED_EOF):
        // for a body delimited by the end of the stream it is the only sign the answer was cut short. A framed
        // body (Content-Length, chunked) is complete before any EOF is read, so servers that skip close_notify
        // after one are not affected.
        result = ctls_tls_start(c, request, connect_deadline);
        if (result != CTLS_OK) return result;
    }
    // From the first byte written on, the server may act on the request: every failure is a lost connection
    // (the caller must not resend), except the deadline, which stays a timeout.
    result = ctls_write_all(c, request->request, request->request_length);
    if (result == CTLS_OK) result = ctls_read_response(c, request->head_request, response);
    if (result == CTLS_OK) ctls_tls_keep_session(c, request);
    return result == CTLS_OK || result == CTLS_TIMED_OUT ? result : CTLS_CONNECTION_LOST;
}

ctls_result ctls_perform(const ctls_request *request, ctls_response *response) {
    memset(response, 0, sizeof *response);
    if (!request->host || !request->host[0] || !request->request || request->request_length == 0) {
        snprintf(response->detail, sizeof response->detail, "incomplete request");
        return CTLS_INVALID_REQUEST;
    }
    if (request->use_tls && !request->ca_file && !request->ca_directory) {
        snprintf(response->detail, sizeof response->detail,
                 "no trusted CA certificates found: set VONAGE_CA_FILE or SSL_CERT_FILE to a PEM bundle");
        return CTLS_TLS;
    }
    if (!(request->timeout > 0)) {
        snprintf(response->detail, sizeof response->detail, "no time left for the request");
        return CTLS_TIMED_OUT;
    }

    // OpenSSL writes with write(2), so a peer that closed would raise SIGPIPE and end the process. Block it on
    // this thread for the exchange and discard one that became pending, leaving the process's handlers alone.
    sigset_t pipe_only, previous;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
    sigset_t pending;
    sigpending(&pending);
    int was_pending = sigismember(&pending, SIGPIPE);

    ctls_conn c = {.fd = -1, .limit = request->max_response_bytes, .detail = response->detail};
    ctls_result result = exchange(&c, request, response);
    ctls_tls_close(&c);
    if (c.fd >= 0) close(c.fd);
    free(c.data);

    if (!was_pending) {
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE)) {
            struct timespec zero = {0, 0};
            int saved = errno;
            sigtimedwait(&pipe_only, NULL, &zero);
            errno = saved;
        }
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (result != CTLS_OK && !response->detail[0]) {
        snprintf(response->detail, sizeof response->detail, "exchange failed");
    }
    return result;
}

void ctls_response_free(ctls_response *response) {
    free(response->headers);
    free(response->body);
    response->headers = NULL;
    response->body = NULL;
    response->headers_length = 0;
    response->body_length = 0;
}

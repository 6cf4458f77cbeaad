// Reads and writes on the non-blocking socket, each bounded by the exchange's deadline with poll.
#include <errno.h>
#include <openssl/err.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "internal.h"

int64_t ctls_now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

void ctls_set_detail(ctls_conn *c, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(c->detail, sizeof(((ctls_response *)0)->detail), format, arguments);
    va_end(arguments);
}

ctls_result ctls_wait(int fd, short events, int64_t deadline_ms, char *detail) {
    for (;;) {
        int64_t left = deadline_ms - ctls_now_ms();
        if (left <= 0) break;
        struct pollfd p = {.fd = fd, .events = events};
        int ready = poll(&p, 1, left > 60000 ? 60000 : (int)left);
        if (ready > 0) return CTLS_OK;  // readiness or an error condition: the next call reports which
        if (ready < 0 && errno != EINTR) {
            snprintf(detail, 256, "poll: %s", strerror(errno));
            return CTLS_OTHER;
        }
    }
    snprintf(detail, 256, "operation timed out");
    return CTLS_TIMED_OUT;
}

/// The text of OpenSSL's newest queued error, or of errno when the queue is empty (a system call failed).
static const char *ssl_error_text(char *buffer, size_t size, int saved_errno) {
    unsigned long code = ERR_peek_last_error();
    if (code) {
        ERR_error_string_n(code, buffer, size);
        return buffer;
    }
    return saved_errno ? strerror(saved_errno) : "connection closed";
}

ctls_result ctls_write_all(ctls_conn *c, const unsigned char *bytes, size_t length) {
    size_t sent = 0;
    while (sent < length) {
        short want = POLLOUT;
        if (c->ssl) {
            size_t written = 0;
            ERR_clear_error();
            if (SSL_write_ex(c->ssl, bytes + sent, length - sent, &written)) {
                sent += written;
                continue;
            }
            int saved = errno, error = SSL_get_error(c->ssl, 0);
            if (error == SSL_ERROR_WANT_READ) {
                want = POLLIN;
            } else if (error != SSL_ERROR_WANT_WRITE) {
                char text[160];
                ctls_set_detail(c, "send failed: %s", ssl_error_text(text, sizeof text, saved));
                return CTLS_CONNECTION_LOST;
            }
        } else {
            // MSG_NOSIGNAL: a peer that closed must not raise SIGPIPE and end the process.
            ssize_t written = send(c->fd, bytes + sent, length - sent, MSG_NOSIGNAL);
            if (written > 0) {
                sent += (size_t)written;
                continue;
            }
            if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                ctls_set_detail(c, "send failed: %s", strerror(errno));
                return CTLS_CONNECTION_LOST;
            }
        }
        ctls_result waited = ctls_wait(c->fd, want, c->deadline_ms, c->detail);
        if (waited != CTLS_OK) return waited;
    }
    return CTLS_OK;
}

/// Makes room for at least `more` bytes after data[len]: compacts consumed bytes away first, then grows.
static int reserve(ctls_conn *c, size_t more) {
    if (c->pos > 0) {
        memmove(c->data, c->data + c->pos, c->len - c->pos);
        c->len -= c->pos;
        c->pos = 0;
    }
    return ctls_grow(&c->data, &c->cap, c->len, more, 16384);
}

int ctls_grow(unsigned char **bytes, size_t *capacity, size_t used, size_t more, size_t initial) {
    if (*capacity - used >= more) return 1;
    size_t grown_capacity = *capacity ? *capacity : initial;
    while (grown_capacity - used < more) grown_capacity *= 2;
    unsigned char *grown = realloc(*bytes, grown_capacity);
    if (!grown) return 0;
    *bytes = grown;
    *capacity = grown_capacity;
    return 1;
}

ctls_result ctls_fill(ctls_conn *c) {
    if (c->received >= c->limit) {
        ctls_set_detail(c, "response larger than %zu bytes", c->limit);
        return CTLS_CONNECTION_LOST;
    }
    size_t chunk = c->limit - c->received < 16384 ? c->limit - c->received : 16384;
    if (!reserve(c, chunk)) {
        ctls_set_detail(c, "out of memory");
        return CTLS_OTHER;
    }
    for (;;) {
        short want = POLLIN;
        // Read before polling: bytes OpenSSL already decrypted (SSL_pending) never show on the socket.
        if (c->ssl) {
            size_t got = 0;
            ERR_clear_error();
            if (SSL_read_ex(c->ssl, c->data + c->len, chunk, &got)) {
                c->len += got;
                c->received += got;
                return CTLS_OK;
            }
            int saved = errno, error = SSL_get_error(c->ssl, 0);
            if (error == SSL_ERROR_ZERO_RETURN) {
                // close_notify: the peer finished sending; the framing decides whether the answer was complete.
                c->eof = 1;
                return CTLS_OK;
            }
            if (error == SSL_ERROR_WANT_WRITE) {
                want = POLLOUT;
            } else if (error != SSL_ERROR_WANT_READ) {
                char text[160];
                if (ERR_GET_REASON(ERR_peek_last_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
                    ctls_set_detail(c, "the TLS stream ended without close_notify: the answer may be cut short");
                } else {
                    ctls_set_detail(c, "receive failed: %s", ssl_error_text(text, sizeof text, saved));
                }
                return CTLS_CONNECTION_LOST;
            }
        } else {
            ssize_t got = recv(c->fd, c->data + c->len, chunk, 0);
            if (got > 0) {
                c->len += (size_t)got;
                c->received += (size_t)got;
                return CTLS_OK;
            }
            if (got == 0) {
                c->eof = 1;
                return CTLS_OK;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                ctls_set_detail(c, "receive failed: %s", strerror(errno));
                return CTLS_CONNECTION_LOST;
            }
        }
        ctls_result waited = ctls_wait(c->fd, want, c->deadline_ms, c->detail);
        if (waited != CTLS_OK) return waited;
    }
}

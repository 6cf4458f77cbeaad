// HTTP/1.1 response framing: status line, header block, then the body by Content-Length, chunked coding or the
// end of the connection. 1xx interim responses are skipped; nothing is followed (no redirects).
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"

/// A growable byte buffer for the decoded body.
typedef struct {
    unsigned char *bytes;
    size_t length, capacity;
} body_buffer;

static int append(body_buffer *body, const unsigned char *bytes, size_t length) {
    if (!ctls_grow(&body->bytes, &body->capacity, body->length, length, 4096)) return 0;
    memcpy(body->bytes + body->length, bytes, length);
    body->length += length;
    return 1;
}

/// The end (exclusive) of the header block starting at c->pos (a blank line, CRLF or bare LF), or 0 if incomplete.
static size_t header_block_end(const ctls_conn *c) {
    for (size_t i = c->pos; i < c->len; i++) {
        if (c->data[i] != '\n') continue;
        if (i + 1 < c->len && c->data[i + 1] == '\n') return i + 2;
        if (i + 2 < c->len && c->data[i + 1] == '\r' && c->data[i + 2] == '\n') return i + 3;
    }
    return 0;
}

/// Ensures a whole line is buffered at c->pos; returns its length including the LF.
static ctls_result next_line(ctls_conn *c, size_t *length) {
    for (;;) {
        unsigned char *newline = memchr(c->data + c->pos, '\n', c->len - c->pos);
        if (newline) {
            *length = (size_t)(newline - (c->data + c->pos)) + 1;
            return CTLS_OK;
        }
        if (c->eof) {
            ctls_set_detail(c, "connection closed inside a chunked body");
            return CTLS_CONNECTION_LOST;
        }
        ctls_result filled = ctls_fill(c);
        if (filled != CTLS_OK) return filled;
    }
}

/// Moves exactly `count` body bytes from the connection into `body`.
static ctls_result copy_body(ctls_conn *c, body_buffer *body, size_t count) {
    while (count > 0) {
        if (c->pos == c->len) {
            if (c->eof) {
                ctls_set_detail(c, "connection closed with %zu body bytes outstanding", count);
                return CTLS_CONNECTION_LOST;
            }
            ctls_result filled = ctls_fill(c);
            if (filled != CTLS_OK) return filled;
            continue;
        }
        size_t take = c->len - c->pos < count ? c->len - c->pos : count;
        if (!append(body, c->data + c->pos, take)) {
            ctls_set_detail(c, "out of memory");
            return CTLS_OTHER;
        }
        c->pos += take;
        count -= take;
    }
    return CTLS_OK;
}

/// Parses a "HTTP/1.x NNN ..." status line; returns the status or -1.
static int parse_status_line(const unsigned char *line, size_t length) {
    if (length < 12 || memcmp(line, "HTTP/1.", 7) != 0 || !isdigit(line[7]) || line[8] != ' ') return -1;
    if (!isdigit(line[9]) || !isdigit(line[10]) || !isdigit(line[11])) return -1;
    if (length > 12 && line[12] != ' ' && line[12] != '\r' && line[12] != '\n') return -1;
    return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
}

/// Framing read from the header lines: Content-Length (-1 when absent) and whether the coding ends in chunked.
typedef struct {
    long long content_length;
    int chunked;
    int malformed;
} framing;

static int name_is(const unsigned char *name, size_t length, const char *wanted) {
    return strlen(wanted) == length && strncasecmp((const char *)name, wanted, length) == 0;
}

static void trim(const unsigned char **start, const unsigned char **end) {
    while (*start < *end && (**start == ' ' || **start == '\t')) (*start)++;
    while (*end > *start && ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r')) (*end)--;
}

static void read_framing_header(framing *f, const unsigned char *line, const unsigned char *line_end) {
    const unsigned char *colon = memchr(line, ':', (size_t)(line_end - line));
    if (!colon) return;
    const unsigned char *value = colon + 1, *value_end = line_end;
    trim(&value, &value_end);
    if (name_is(line, (size_t)(colon - line), "content-length")) {
        long long parsed = 0;
        if (value == value_end || value_end - value > 18) f->malformed = 1;
        for (const unsigned char *p = value; p < value_end && !f->malformed; p++) {
            if (!isdigit(*p)) f->malformed = 1;
            parsed = parsed * 10 + (*p - '0');
        }
        // Repeated values must agree (RFC 9112 §6.3); different ones make the framing unknowable.
        if (!f->malformed && f->content_length >= 0 && f->content_length != parsed) f->malformed = 1;
        f->content_length = parsed;
    } else if (name_is(line, (size_t)(colon - line), "transfer-encoding")) {
        // Only the last coding matters to framing: chunked last means chunked, anything else means until close.
        const unsigned char *last = value_end;
        while (last > value && last[-1] != ',') last--;
        trim(&last, &value_end);
        f->chunked = name_is(last, (size_t)(value_end - last), "chunked");
    }
}

static ctls_result read_chunked(ctls_conn *c, body_buffer *body) {
    for (;;) {
        size_t length;
        ctls_result result = next_line(c, &length);
        if (result != CTLS_OK) return result;
        const unsigned char *line = c->data + c->pos;
        size_t size = 0, digits = 0;
        while (digits < length && isxdigit(line[digits])) {
            if (digits == 15) break;  // 15 hex digits are far beyond any size limit
            int digit = isdigit(line[digits]) ? line[digits] - '0' : tolower(line[digits]) - 'a' + 10;
            size = size * 16 + (size_t)digit;
            digits++;
        }
        if (digits == 0 || (line[digits] != ';' && line[digits] != ' ' && line[digits] != '\t'
                            && line[digits] != '\r' && line[digits] != '\n')) {
            ctls_set_detail(c, "malformed chunk size");
            return CTLS_CONNECTION_LOST;
        }
        c->pos += length;
        if (size == 0) break;
        if (size > c->limit) {
            ctls_set_detail(c, "response larger than %zu bytes", c->limit);
            return CTLS_CONNECTION_LOST;
        }
        result = copy_body(c, body, size);
        if (result != CTLS_OK) return result;
        result = next_line(c, &length);
        if (result != CTLS_OK) return result;
        if (length > 2 || (length == 2 && c->data[c->pos] != '\r')) {
            ctls_set_detail(c, "malformed chunk end");
            return CTLS_CONNECTION_LOST;
        }
        c->pos += length;
    }
    // Trailer fields up to the blank line; the body is complete, so a close here loses nothing.
    for (;;) {
        if (c->pos == c->len && c->eof) return CTLS_OK;
        size_t length;
        ctls_result result = next_line(c, &length);
        if (result != CTLS_OK) return result;
        c->pos += length;
        if (length <= 2) return CTLS_OK;
    }
}

ctls_result ctls_read_response(ctls_conn *c, int head_request, ctls_response *response) {
    size_t end;
    int status;
    for (;;) {
        while ((end = header_block_end(c)) == 0) {
            if (c->eof) {
                ctls_set_detail(c, c->received == 0 ? "empty reply from server"
                                                    : "connection closed before the response headers ended");
                return CTLS_CONNECTION_LOST;
            }
            ctls_result filled = ctls_fill(c);
            if (filled != CTLS_OK) return filled;
        }
        const unsigned char *block = c->data + c->pos;
        const unsigned char *newline = memchr(block, '\n', end - c->pos);
        status = parse_status_line(block, (size_t)(newline - block) + 1);
        if (status < 100 || status == 101) {
            ctls_set_detail(c, status == 101 ? "unexpected protocol switch" : "malformed status line");
            return CTLS_CONNECTION_LOST;
        }
        if (status >= 200) break;
        c->pos = end;  // an interim response (100 Continue, 103 Early Hints): the final one follows
    }

    const unsigned char *first = (const unsigned char *)memchr(c->data + c->pos, '\n', end - c->pos) + 1;
    const unsigned char *block_end = c->data + end;
    framing f = {.content_length = -1};
    for (const unsigned char *line = first; line < block_end;) {
        const unsigned char *line_end = memchr(line, '\n', (size_t)(block_end - line));
        read_framing_header(&f, line, line_end);
        line = line_end + 1;
    }
    if (f.malformed) {
        ctls_set_detail(c, "malformed Content-Length");
        return CTLS_CONNECTION_LOST;
    }
    response->status = status;
    response->headers_length = (size_t)(block_end - first);
    response->headers = malloc(response->headers_length ? response->headers_length : 1);
    if (!response->headers) {
        ctls_set_detail(c, "out of memory");
        return CTLS_OTHER;
    }
    memcpy(response->headers, first, response->headers_length);
    c->pos = end;

    body_buffer body = {0};
    ctls_result result = CTLS_OK;
    if (head_request || status == 204 || status == 304) {
        // No body by definition, whatever Content-Length says.
    } else if (f.chunked) {
        result = read_chunked(c, &body);
    } else if (f.content_length >= 0) {
        if ((unsigned long long)f.content_length > c->limit) {
            ctls_set_detail(c, "response larger than %zu bytes", c->limit);
            result = CTLS_CONNECTION_LOST;
        } else {
            result = copy_body(c, &body, (size_t)f.content_length);
        }
    } else {
        // Delimited by the end of the connection: everything until EOF.
        for (;;) {
            if (c->pos < c->len) {
                if (!append(&body, c->data + c->pos, c->len - c->pos)) {
                    ctls_set_detail(c, "out of memory");
                    result = CTLS_OTHER;
                    break;
                }
                c->pos = c->len;
            }
            if (c->eof) break;
            result = ctls_fill(c);
            if (result != CTLS_OK) break;
        }
    }
    response->body = body.bytes;
    response->body_length = body.length;
    return result;
}

ctls_result ctls_parse_response(const unsigned char *bytes, size_t length, size_t limit, ctls_response *response) {
    // The same reader over a connection whose stream is exactly `bytes`: no socket (a read past the end fails
    // like a reset), the stream already ended.
    ctls_conn c = {.fd = -1, .limit = limit, .detail = response->detail, .eof = 1, .deadline_ms = ctls_now_ms()};
    c.data = malloc(length ? length : 1);
    if (!c.data) return CTLS_OTHER;
    if (length) memcpy(c.data, bytes, length);
    c.len = c.cap = c.received = length;
    ctls_result result = ctls_read_response(&c, 0, response);
    free(c.data);
    return result;
}

/* The physical limit of a Lambda custom runtime under the RIE: a static C bootstrap that takes each event from the
 * Runtime API (GET .../invocation/next on one keep-alive connection), answers a small API Gateway proxy response
 * carrying the size of the event, and asks for the next one. No JSON parsing, no logging: whatever the RIE and the
 * load generator cost per invocation is all that is left, so every other bootstrap is measured against it. */
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static char buffer[1 << 20];
static size_t filled;

static int connect_api(const char *api) {
    char host[256];
    const char *colon = strrchr(api, ':');
    if (!colon || (size_t)(colon - api) >= sizeof host) return -1;
    memcpy(host, api, (size_t)(colon - api));
    host[colon - api] = 0;
    struct addrinfo hints = {0}, *result;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    if (getaddrinfo(host, colon + 1, &hints, &result) != 0) return -1;
    int fd = socket(result->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, result->ai_addr, result->ai_addrlen) != 0) return -1;
    freeaddrinfo(result);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n <= 0) return -1;
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

/* Reads one response (headers + Content-Length body); copies the request id header when asked. Returns the body
 * length, or -1. */
static long read_response(int fd, char *request_id, size_t id_size) {
    char *end;
    while (!(end = memmem(buffer, filled, "\r\n\r\n", 4))) {
        if (filled == sizeof buffer) return -1;
        ssize_t n = read(fd, buffer + filled, sizeof buffer - filled);
        if (n <= 0) return -1;
        filled += (size_t)n;
    }
    size_t head = (size_t)(end - buffer) + 4;
    long length = 0;
    for (char *line = strstr(buffer, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) length = strtol(line + 15, NULL, 10);
        if (request_id && strncasecmp(line, "Lambda-Runtime-Aws-Request-Id:", 30) == 0) {
            const char *value = line + 30;
            while (*value == ' ') value++;
            size_t n = strcspn(value, "\r");
            if (n >= id_size) return -1;
            memcpy(request_id, value, n);
            request_id[n] = 0;
        }
    }
    if (length < 0 || head + (size_t)length > sizeof buffer) return -1;
    while (filled < head + (size_t)length) {
        ssize_t n = read(fd, buffer + filled, sizeof buffer - filled);
        if (n <= 0) return -1;
        filled += (size_t)n;
    }
    memmove(buffer, buffer + head + length, filled - head - (size_t)length);
    filled -= head + (size_t)length;
    return length;
}

int main(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api) return 2;
    int fd = connect_api(api);
    if (fd < 0) return 1;
    char request[512], answer[256], id[128];
    for (;;) {
        int n = snprintf(request, sizeof request,
                         "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n", api);
        if (write_all(fd, request, (size_t)n) != 0) return 1;
        long size = read_response(fd, id, sizeof id);
        if (size < 0) return 1;
        int body = snprintf(answer, sizeof answer,
                            "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\"},"
                            "\"body\":\"{\\\"status\\\":\\\"ok\\\",\\\"received_bytes\\\":%ld}\"}", size);
        n = snprintf(request, sizeof request,
                     "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\n"
                     "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", id, api, body, answer);
        if (write_all(fd, request, (size_t)n) != 0) return 1;
        if (read_response(fd, NULL, 0) < 0) return 1;
    }
}

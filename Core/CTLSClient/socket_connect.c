// Name resolution and a non-blocking TCP connect bounded by the connect deadline.
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "internal.h"

int ctls_is_ip_literal(const char *host) {
    unsigned char address[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, address) == 1 || inet_pton(AF_INET6, host, address) == 1;
}

/// getaddrinfo, numeric first: an IP literal then never reaches NSS (/etc/hosts, DNS), which a static glibc
/// handles without dlopen but which costs file reads for nothing.
static int resolve(const char *host, unsigned short port, struct addrinfo **list) {
    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host, service, &hints, list) == 0) return 0;
    hints.ai_flags = AI_NUMERICSERV;
    return getaddrinfo(host, service, &hints, list);
}

/// Connects one address by `deadline_ms`: the socket, or -1 with errno (ETIMEDOUT when the deadline passed).
static int connect_one(const struct addrinfo *address, int64_t deadline_ms) {
    int fd = socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address->ai_protocol);
    if (fd < 0) return -1;
    if (connect(fd, address->ai_addr, address->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) goto fail;
        char ignored[8];
        if (ctls_wait(fd, POLLOUT, deadline_ms, ignored) != CTLS_OK) {
            errno = ETIMEDOUT;
            goto fail;
        }
        int error = 0;
        socklen_t length = sizeof error;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) goto fail;
        if (error != 0) {
            errno = error;
            goto fail;
        }
    }
    // The request goes out in one write and the answer is awaited: Nagle would only delay it.
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
fail:;
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int ctls_connect(const char *host, unsigned short port, int64_t deadline_ms, ctls_result *result, char *detail) {
    struct addrinfo *list = NULL;
    int status = resolve(host, port, &list);
    if (status != 0) {
        *result = CTLS_CONNECT_FAILED;
        snprintf(detail, 256, "could not resolve host: %s", gai_strerror(status));
        return -1;
    }
    size_t count = 0;
    for (struct addrinfo *a = list; a; a = a->ai_next) count++;
    int fd = -1, last_error = 0;
    for (struct addrinfo *a = list; a && fd < 0; a = a->ai_next, count--) {
        // Each address gets an equal share of the time left, so one that swallows SYNs leaves time for the next.
        int64_t now = ctls_now_ms();
        if (now >= deadline_ms) break;
        int64_t share = count > 1 ? now + (deadline_ms - now) / (int64_t)count : deadline_ms;
        fd = connect_one(a, share);
        if (fd < 0) last_error = errno;
    }
    freeaddrinfo(list);
    if (fd >= 0) return fd;
    if (ctls_now_ms() >= deadline_ms) {
        *result = CTLS_TIMED_OUT;
        snprintf(detail, 256, "connection timed out");
    } else {
        *result = CTLS_CONNECT_FAILED;
        snprintf(detail, 256, "could not connect: %s", last_error ? strerror(last_error) : "no address");
    }
    return -1;
}

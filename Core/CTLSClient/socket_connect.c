// Name resolution and a non-blocking TCP connect, both bounded by the connect deadline.
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

int ctls_is_ip_literal(const char *host) {
    unsigned char address[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, address) == 1 || inet_pton(AF_INET6, host, address) == 1;
}

/// One name lookup on its own thread, so the caller can stop waiting at its deadline: getaddrinfo has no timeout
/// of its own, and a slow resolver (glibc's default: 5 s per server and attempt) would otherwise outrun the
/// exchange's budget. The thread is detached; whichever side finishes last frees the lookup.
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t finished;
    int done, abandoned, status;
    struct addrinfo hints, *list;
    char service[8];
    char host[];
} lookup;

static void lookup_free(lookup *l) {
    if (l->list) freeaddrinfo(l->list);
    pthread_cond_destroy(&l->finished);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

static void *lookup_run(void *argument) {
    lookup *l = argument;
    struct addrinfo *list = NULL;
    int status = getaddrinfo(l->host, l->service, &l->hints, &list);
    pthread_mutex_lock(&l->lock);
    l->status = status;
    l->list = list;
    l->done = 1;
    int abandoned = l->abandoned;
    pthread_cond_signal(&l->finished);
    pthread_mutex_unlock(&l->lock);
    if (abandoned) lookup_free(l);
    return NULL;
}

/// getaddrinfo by `deadline_ms`: 0, a getaddrinfo error, or EAI_AGAIN with *timed_out set.
static int resolve_by(const char *host, const char *service, const struct addrinfo *hints, int64_t deadline_ms,
                      struct addrinfo **list, int *timed_out) {
    size_t length = strlen(host);
    lookup *l = calloc(1, sizeof *l + length + 1);
    if (!l) return EAI_MEMORY;
    memcpy(l->host, host, length + 1);
    snprintf(l->service, sizeof l->service, "%s", service);
    l->hints = *hints;
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&l->finished, &attributes);
    pthread_condattr_destroy(&attributes);
    pthread_mutex_init(&l->lock, NULL);
    pthread_attr_t thread_attributes;
    pthread_attr_init(&thread_attributes);
    pthread_attr_setdetachstate(&thread_attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int started = pthread_create(&thread, &thread_attributes, lookup_run, l);
    pthread_attr_destroy(&thread_attributes);
    if (started != 0) {
        lookup_free(l);
        return EAI_SYSTEM;
    }
    struct timespec until = {.tv_sec = (time_t)(deadline_ms / 1000), .tv_nsec = (long)(deadline_ms % 1000) * 1000000};
    pthread_mutex_lock(&l->lock);
    while (!l->done) {
        if (pthread_cond_timedwait(&l->finished, &l->lock, &until) == ETIMEDOUT && !l->done) break;
    }
    if (!l->done) {
        l->abandoned = 1;  // the thread frees it when getaddrinfo returns
        pthread_mutex_unlock(&l->lock);
        *timed_out = 1;
        return EAI_AGAIN;
    }
    pthread_mutex_unlock(&l->lock);
    int status = l->status;
    *list = l->list;
    l->list = NULL;
    lookup_free(l);
    return status;
}

/// getaddrinfo, numeric first: an IP literal then never reaches NSS (/etc/hosts, DNS) nor a thread, which a static
/// glibc handles without dlopen but which costs file reads for nothing. A name is looked up by `deadline_ms`.
static int resolve(const char *host, unsigned short port, int64_t deadline_ms, struct addrinfo **list,
                   int *timed_out) {
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
    return resolve_by(host, service, &hints, deadline_ms, list, timed_out);
}

/// Whether `address` is on the loopback network: 127.0.0.0/8, ::1, or 127.0.0.0/8 mapped into IPv6.
static int is_loopback(const struct addrinfo *address) {
    if (address->ai_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)address->ai_addr;
        return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    }
    if (address->ai_family == AF_INET6) {
        const struct in6_addr *v6 = &((const struct sockaddr_in6 *)address->ai_addr)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(v6) || (IN6_IS_ADDR_V4MAPPED(v6) && v6->s6_addr[12] == 127);
    }
    return 0;
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

int ctls_connect(const char *host, unsigned short port, int loopback_only, int64_t deadline_ms, ctls_result *result,
                 char *detail) {
    struct addrinfo *list = NULL;
    int timed_out = 0;
    int status = resolve(host, port, deadline_ms, &list, &timed_out);
    if (status != 0) {
        *result = timed_out ? CTLS_TIMED_OUT : CTLS_CONNECT_FAILED;
        if (timed_out) {
            snprintf(detail, 256, "name resolution timed out");
        } else {
            snprintf(detail, 256, "could not resolve host: %s", gai_strerror(status));
        }
        return -1;
    }
    size_t count = 0;
    for (struct addrinfo *a = list; a; a = a->ai_next) count += !loopback_only || is_loopback(a);
    if (count == 0) {
        freeaddrinfo(list);
        *result = CTLS_INVALID_REQUEST;
        snprintf(detail, 256, "plain http is allowed only to a loopback address");
        return -1;
    }
    int fd = -1, last_error = 0;
    for (struct addrinfo *a = list; a && fd < 0; a = a->ai_next) {
        if (loopback_only && !is_loopback(a)) continue;
        // Each address gets an equal share of the time left, so one that swallows SYNs leaves time for the next.
        int64_t now = ctls_now_ms();
        if (now >= deadline_ms) break;
        int64_t share = count > 1 ? now + (deadline_ms - now) / (int64_t)count : deadline_ms;
        fd = connect_one(a, share);
        if (fd < 0) last_error = errno;
        count--;
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

#include "CPostgres.h"

#include <errno.h>
#include <poll.h>

static void discard_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

void cpg_discard_notices(PGconn *conn) { PQsetNoticeProcessor(conn, discard_notice, NULL); }

int cpg_closed_while_idle(PGconn *conn) {
    // A server that ends an idle session sends an error message (FATAL) and closes the socket; libpq notices only
    // when it next reads, which without this would be the reply to the next request's first statement.
    for (int round = 0; round < 8; round++) {
        if (PQstatus(conn) != CONNECTION_OK) return 1;
        int fd = PQsocket(conn);
        if (fd < 0) return 1;
        struct pollfd pending = {.fd = fd, .events = POLLIN};
        int ready = poll(&pending, 1, 0);
        if (ready == 0) return 0;
        if (ready < 0) return errno == EINTR ? 0 : 1;
        if (!PQconsumeInput(conn)) return 1;
    }
    return PQstatus(conn) != CONNECTION_OK;
}

#include "CPostgres.h"

static void discard_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

void cpg_discard_notices(PGconn *conn) { PQsetNoticeProcessor(conn, discard_notice, NULL); }

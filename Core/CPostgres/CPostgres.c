#include "CPostgres.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

// One pointer per libpq function, filled by load_once; each has the exact type libpq-fe.h declares, so a
// mismatch is a compile error. The X-macro keeps the name list in one place.
#define CPG_FUNCTIONS(X)                                                                                    \
    X(PQconninfoParse) X(PQconninfoFree) X(PQfreemem) X(PQconnectdbParams) X(PQstatus) X(PQtransactionStatus) \
    X(PQerrorMessage) X(PQfinish) X(PQreset) X(PQexec) X(PQexecParams) X(PQresultStatus) X(PQresultErrorField) \
    X(PQntuples) X(PQnfields) X(PQgetvalue) X(PQgetisnull) X(PQgetlength) X(PQcmdTuples) X(PQclear) \
    X(PQsetNoticeProcessor)

#define CPG_DECLARE(name) static __typeof__(name) *p_##name;
CPG_FUNCTIONS(CPG_DECLARE)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;

static void load_once(void) {
    // RTLD_LOCAL: libpq's symbols stay out of the global namespace; the handle is kept for the process's life.
    void *handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) return;
#define CPG_RESOLVE(name)                                  \
    p_##name = (__typeof__(p_##name))dlsym(handle, #name); \
    if (p_##name == NULL) return;
    CPG_FUNCTIONS(CPG_RESOLVE)
    loaded = 1;
}

int cpg_load(void) {
    pthread_once(&once, load_once);
    return loaded;
}

PQconninfoOption *cpg_PQconninfoParse(const char *conninfo, char **errmsg) {
    return p_PQconninfoParse(conninfo, errmsg);
}
void cpg_PQconninfoFree(PQconninfoOption *connOptions) { p_PQconninfoFree(connOptions); }
void cpg_PQfreemem(void *ptr) { p_PQfreemem(ptr); }
PGconn *cpg_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    return p_PQconnectdbParams(keywords, values, expand_dbname);
}
ConnStatusType cpg_PQstatus(const PGconn *conn) { return p_PQstatus(conn); }
PGTransactionStatusType cpg_PQtransactionStatus(const PGconn *conn) { return p_PQtransactionStatus(conn); }
char *cpg_PQerrorMessage(const PGconn *conn) { return p_PQerrorMessage(conn); }
void cpg_PQfinish(PGconn *conn) { p_PQfinish(conn); }
void cpg_PQreset(PGconn *conn) { p_PQreset(conn); }
PGresult *cpg_PQexec(PGconn *conn, const char *query) { return p_PQexec(conn, query); }
PGresult *cpg_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                           const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                           int resultFormat) {
    return p_PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
ExecStatusType cpg_PQresultStatus(const PGresult *res) { return p_PQresultStatus(res); }
char *cpg_PQresultErrorField(const PGresult *res, int fieldcode) { return p_PQresultErrorField(res, fieldcode); }
int cpg_PQntuples(const PGresult *res) { return p_PQntuples(res); }
int cpg_PQnfields(const PGresult *res) { return p_PQnfields(res); }
char *cpg_PQgetvalue(const PGresult *res, int tup_num, int field_num) {
    return p_PQgetvalue(res, tup_num, field_num);
}
int cpg_PQgetisnull(const PGresult *res, int tup_num, int field_num) {
    return p_PQgetisnull(res, tup_num, field_num);
}
int cpg_PQgetlength(const PGresult *res, int tup_num, int field_num) {
    return p_PQgetlength(res, tup_num, field_num);
}
char *cpg_PQcmdTuples(PGresult *res) { return p_PQcmdTuples(res); }
void cpg_PQclear(PGresult *res) { p_PQclear(res); }

static void discard_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

void cpg_discard_notices(PGconn *conn) { p_PQsetNoticeProcessor(conn, discard_notice, NULL); }

// libpq, loaded on demand. The functions are chosen at run time by DATABASE_URL, so linking libpq (and, through it,
// libssl, libcrypto, GSSAPI and LDAP) into every executable would make each SQLite-backed process load them for
// nothing. This module takes libpq's types and constants from its header but calls it only through pointers that
// `cpg_load` resolves with dlopen/dlsym the first time a PostgreSQL store is opened.
#ifndef CPOSTGRES_H
#define CPOSTGRES_H

#include <postgresql/libpq-fe.h>

/// Loads libpq.so.5 once (thread-safe). Returns 1 when the library and every function below were found, else 0.
int cpg_load(void);

// Each wrapper forwards to the libpq function of the same name (without the prefix). Call only after cpg_load().
PQconninfoOption *cpg_PQconninfoParse(const char *conninfo, char **errmsg);
void cpg_PQconninfoFree(PQconninfoOption *connOptions);
void cpg_PQfreemem(void *ptr);
PGconn *cpg_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname);
ConnStatusType cpg_PQstatus(const PGconn *conn);
PGTransactionStatusType cpg_PQtransactionStatus(const PGconn *conn);
char *cpg_PQerrorMessage(const PGconn *conn);
void cpg_PQfinish(PGconn *conn);
void cpg_PQreset(PGconn *conn);
PGresult *cpg_PQexec(PGconn *conn, const char *query);
PGresult *cpg_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                           const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                           int resultFormat);
ExecStatusType cpg_PQresultStatus(const PGresult *res);
char *cpg_PQresultErrorField(const PGresult *res, int fieldcode);
int cpg_PQntuples(const PGresult *res);
int cpg_PQnfields(const PGresult *res);
char *cpg_PQgetvalue(const PGresult *res, int tup_num, int field_num);
int cpg_PQgetisnull(const PGresult *res, int tup_num, int field_num);
int cpg_PQgetlength(const PGresult *res, int tup_num, int field_num);
char *cpg_PQcmdTuples(PGresult *res);
void cpg_PQclear(PGresult *res);

/// Drops the server's NOTICE/WARNING messages for `conn`, which libpq would otherwise print on stderr, where
/// the functions write only JSON log lines.
void cpg_discard_notices(PGconn *conn);

#endif

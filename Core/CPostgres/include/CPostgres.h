// libpq, linked statically into every function (scripts/build-libpq.sh builds the archive from Debian's PostgreSQL
// source, without GSSAPI and LDAP). Linking it rather than loading it at run time keeps one executable for SQLite
// and PostgreSQL that needs no libpq.so on the system it runs on, and a static executable cannot safely load a
// shared library built against another C library anyway. Swift calls libpq's functions directly; this header adds
// only what libpq's API needs a C callback for.
#ifndef CPOSTGRES_H
#define CPOSTGRES_H

#include <postgresql/libpq-fe.h>

/// Drops the server's NOTICE/WARNING messages for `conn`, which libpq would otherwise print on stderr, where
/// the functions write only JSON log lines.
void cpg_discard_notices(PGconn *conn);

/// 1 when `conn` can no longer be used: it is broken, or the server closed it while it sat idle (a server restart,
/// `pg_terminate_backend`, an idle timeout of the server or of a pooler such as PgBouncer). Reads only what the
/// server already sent, without waiting and without sending anything; 0 when the connection still looks usable.
/// Call it only between transactions.
int cpg_closed_while_idle(PGconn *conn);

#endif

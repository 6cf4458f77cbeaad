// The TLS client session: trust, protocol floor, SNI, host verification, and a handshake bounded by poll.
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

/// OpenSSL is initialised without reading openssl.cnf (OPENSSL_INIT_NO_LOAD_CONFIG): the behaviour is then the
/// same on every host whatever its /etc/ssl/openssl.cnf says (Debian's raises or lowers the security level,
/// enables providers), and no process pays for parsing the file. What that file would set is set here explicitly:
/// TLS 1.2 at least and security level 2 (RSA/DH keys ≥ 2048 bits, no SHA-1 signatures).
static int initialise(void) {
    return OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
}

/// OpenSSL's newest queued error as text, with the certificate verification result when it failed.
static void describe_failure(ctls_conn *c, const char *what) {
    char text[160] = "connection closed";
    unsigned long code = ERR_peek_last_error();
    if (code) ERR_error_string_n(code, text, sizeof text);
    long verify = c->ssl ? SSL_get_verify_result(c->ssl) : X509_V_OK;
    if (verify != X509_V_OK) {
        ctls_set_detail(c, "%s: %s (%s)", what, text, X509_verify_cert_error_string(verify));
    } else {
        ctls_set_detail(c, "%s: %s", what, text);
    }
}

static SSL_CTX *make_context(ctls_conn *c, const ctls_request *request) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) return NULL;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_security_level(ctx, 2);
    // No renegotiation or compression (CRIME). A TCP close without close_notify stays an error (see perform.c).
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_AUTO_RETRY);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    // Sessions are kept by this file (one per server, below), not in OpenSSL's internal client cache.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    // A file is parsed whole now; a directory is only registered, and OpenSSL reads the one hashed file the chain
    // needs during the handshake (TLSTrust explains the order in which trust is chosen).
    int loaded = request->ca_file ? SSL_CTX_load_verify_locations(ctx, request->ca_file, NULL)
                                  : SSL_CTX_load_verify_locations(ctx, NULL, request->ca_directory);
    if (!loaded) {
        describe_failure(c, request->ca_file ? "cannot load the CA file" : "cannot use the CA directory");
        SSL_CTX_free(ctx);
        return NULL;
    }
    static const unsigned char alpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn);
    return ctx;
}

/// The context of the last exchange, with the trust it was made for, and the last resumable session with the
/// server it came from. A process that sends more than once (a warm Lambda instance) then parses its CA bundle
/// once, and resumes its TLS session with Vonage instead of a full handshake. Each exchange still opens its own
/// TCP connection: a reused connection that fails mid-request could not be retried safely.
static struct {
    pthread_mutex_t lock;
    SSL_CTX *ctx;
    char *ca_file, *ca_directory;
    SSL_SESSION *session;
    char *session_host;
    unsigned short session_port;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int same_text(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static char *copy_text(const char *text) { return text ? strdup(text) : NULL; }

static void forget_session(void) {
    SSL_SESSION_free(cache.session);
    free(cache.session_host);
    cache.session = NULL;
    cache.session_host = NULL;
}

/// A reference to the context for `request`'s trust, made once per trust and kept for later exchanges.
static SSL_CTX *context_for(ctls_conn *c, const ctls_request *request) {
    pthread_mutex_lock(&cache.lock);
    SSL_CTX *ctx = NULL;
    if (cache.ctx && same_text(cache.ca_file, request->ca_file)
        && same_text(cache.ca_directory, request->ca_directory)) {
        ctx = cache.ctx;
    } else if ((ctx = make_context(c, request))) {
        char *file = copy_text(request->ca_file), *directory = copy_text(request->ca_directory);
        if ((request->ca_file && !file) || (request->ca_directory && !directory)) {
            free(file);
            free(directory);  // out of memory: use the context once without keeping it
            pthread_mutex_unlock(&cache.lock);
            return ctx;
        }
        forget_session();
        SSL_CTX_free(cache.ctx);
        free(cache.ca_file);
        free(cache.ca_directory);
        cache.ctx = ctx;
        cache.ca_file = file;
        cache.ca_directory = directory;
    }
    if (ctx == cache.ctx && ctx) SSL_CTX_up_ref(ctx);
    pthread_mutex_unlock(&cache.lock);
    return ctx;
}

/// Offers the kept session when it was made with `ctx` for this server.
static void offer_session(SSL *ssl, SSL_CTX *ctx, const ctls_request *request) {
    pthread_mutex_lock(&cache.lock);
    if (cache.session && ctx == cache.ctx && cache.session_port == request->port
        && same_text(cache.session_host, request->host)) {
        SSL_set_session(ssl, cache.session);
    }
    pthread_mutex_unlock(&cache.lock);
}

void ctls_tls_keep_session(ctls_conn *c, const ctls_request *request) {
    if (!c->ssl) return;
    SSL_SESSION *session = SSL_get1_session(c->ssl);
    if (!session) return;
    pthread_mutex_lock(&cache.lock);
    char *host = NULL;
    if (SSL_SESSION_is_resumable(session) && SSL_get_SSL_CTX(c->ssl) == cache.ctx
        && (host = strdup(request->host))) {
        forget_session();
        cache.session = session;
        cache.session_host = host;
        cache.session_port = request->port;
        session = NULL;
    }
    pthread_mutex_unlock(&cache.lock);
    SSL_SESSION_free(session);
}

/// SNI for names only (RFC 6066 forbids IP literals), and the name or address the certificate must carry.
static int set_peer_identity(SSL *ssl, const char *host) {
    if (ctls_is_ip_literal(host)) return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host);
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return SSL_set_tlsext_host_name(ssl, host) && SSL_set1_host(ssl, host);
}

ctls_result ctls_tls_start(ctls_conn *c, const ctls_request *request, int64_t deadline_ms) {
    ERR_clear_error();
    if (!initialise()) {
        describe_failure(c, "OpenSSL initialisation failed");
        return CTLS_TLS;
    }
    SSL_CTX *ctx = context_for(c, request);
    if (!ctx) {
        if (!c->detail[0]) describe_failure(c, "cannot create the TLS context");
        return CTLS_TLS;
    }
    c->ssl = SSL_new(ctx);
    if (!c->ssl || !SSL_set_fd(c->ssl, c->fd) || !set_peer_identity(c->ssl, request->host)) {
        SSL_CTX_free(ctx);
        describe_failure(c, "cannot set up the TLS session");
        return CTLS_TLS;
    }
    offer_session(c->ssl, ctx, request);
    SSL_CTX_free(ctx);  // the connection holds its own reference
    for (;;) {
        ERR_clear_error();
        int done = SSL_connect(c->ssl);
        if (done == 1) return CTLS_OK;
        int error = SSL_get_error(c->ssl, done);
        short want;
        if (error == SSL_ERROR_WANT_READ) {
            want = POLLIN;
        } else if (error == SSL_ERROR_WANT_WRITE) {
            want = POLLOUT;
        } else {
            describe_failure(c, "TLS handshake failed");
            return CTLS_TLS;
        }
        ctls_result waited = ctls_wait(c->fd, want, deadline_ms, c->detail);
        if (waited == CTLS_TIMED_OUT) {
            ctls_set_detail(c, "TLS handshake timed out");
            return CTLS_TIMED_OUT;
        }
        if (waited != CTLS_OK) return CTLS_TLS;
    }
}

void ctls_tls_close(ctls_conn *c) {
    if (!c->ssl) return;
    // No close_notify: the process is done with the server, and a blocking shutdown could outlive the deadline.
    SSL_free(c->ssl);
    c->ssl = NULL;
}

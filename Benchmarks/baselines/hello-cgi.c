/* The physical limit of a CGI process on this host: read the body, write a small JSON answer. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    const char *length = getenv("CONTENT_LENGTH");
    long want = length ? strtol(length, NULL, 10) : 0;
    static char body[65536];
    long got = 0;
    while (got < want && got < (long)sizeof body) {
        ssize_t n = read(0, body + got, sizeof body - got);
        if (n <= 0) break;
        got += n;
    }
    char out[256];
    int len = snprintf(out, sizeof out,
        "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n{\"status\":\"ok\",\"received_bytes\":%ld}", got);
    return write(1, out, len) == len ? 0 : 1;
}

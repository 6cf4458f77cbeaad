/* hyperfine -N gives its commands /dev/null as stdin and 1.15 has no --input option, so the POST rows run
 * `with-stdin FILE PROGRAM [ARG...]`: open FILE as stdin, then execv PROGRAM. One execve of this static program is
 * the whole overhead, and every row of a POST group (baselines included) pays it. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fputs("usage: with-stdin FILE PROGRAM [ARG...]\n", stderr);
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0 || dup2(fd, 0) < 0) {
        perror(argv[1]);
        return 2;
    }
    if (fd != 0) close(fd);
    execv(argv[2], argv + 2);
    perror(argv[2]);
    return 127;
}

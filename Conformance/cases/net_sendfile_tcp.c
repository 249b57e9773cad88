// syscalls: socket bind listen getsockname connect accept sendfile fork wait4 openat write lseek unlinkat recvfrom close
// expect: same
// sendfile from a regular file into a loopback TCP socket: byte counts, offsets (with and without
// an offset pointer), the data the peer reads, and errors.
#include "net_util.h"
#include <fcntl.h>
#include <sys/sendfile.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>

enum { SIZE = 300000 };
static unsigned char data[SIZE], got[SIZE];

static size_t drain(int fd, size_t want) {
    size_t n = 0;
    while (n < want) {
        ssize_t r = recv(fd, got + n, want - n, 0);
        if (r <= 0) break;
        n += r;
    }
    return n;
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < SIZE; i++) data[i] = (unsigned char)(i * 31 + 7);
    char path[] = "/tmp/conf-sendfile-XXXXXX";
    int f = mkstemp(path);
    MUST(f);
    MUST(write(f, data, SIZE) == SIZE ? 0 : -1);
    int c, s;
    pair(&c, &s);
    // With an offset pointer: the file position is untouched.
    MUST(lseek(f, 0, SEEK_SET));
    off_t off = 1000;
    ssize_t n = sendfile(c, f, &off, 5000);
    printf("sendfile 5000 at offset 1000: %zd, offset now %ld, file position %ld\n", n, (long)off, (long)lseek(f, 0, SEEK_CUR));
    size_t r = drain(s, 5000);
    printf("peer got %zu, matches: %s\n", r, r == 5000 && memcmp(got, data + 1000, 5000) == 0 ? "yes" : "no");
    // Without: from the file position, which advances.
    MUST(lseek(f, 100, SEEK_SET));
    n = sendfile(c, f, NULL, 200);
    printf("sendfile 200 from position 100: %zd, position now %ld\n", n, (long)lseek(f, 0, SEEK_CUR));
    r = drain(s, 200);
    printf("peer got %zu, matches: %s\n", r, r == 200 && memcmp(got, data + 100, 200) == 0 ? "yes" : "no");
    // The whole file, in a loop (a blocking socket may take it in pieces).
    off = 0;
    size_t total = 0;
    pid_t pid = fork();
    if (pid == 0) {
        close(c);
        size_t g = drain(s, SIZE);
        _exit(g == SIZE && memcmp(got, data, SIZE) == 0 ? 0 : 1);
    }
    while (total < SIZE) {
        n = sendfile(c, f, &off, SIZE - total);
        if (n <= 0) break;
        total += n;
    }
    printf("sent whole file: %zu, offset %ld\n", total, (long)off);
    fflush(stdout);
    int st;
    waitpid(pid, &st, 0);
    printf("peer (child) got the whole file intact: %s\n", WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no");
    // Past the end, and errors.
    off = SIZE;
    n = sendfile(c, f, &off, 100);
    printf("sendfile at end of file: %zd\n", n);
    off = SIZE - 10;
    n = sendfile(c, f, &off, 100);
    printf("sendfile across end of file: %zd\n", n);
    drain(s, 10);
    off = -1;
    n = sendfile(c, f, &off, 10);
    printf("sendfile negative offset: %s\n", n < 0 ? errname(errno) : "ok");
    n = sendfile(c, s, NULL, 10);
    printf("sendfile from a socket: %s\n", n < 0 ? errname(errno) : "ok");
    int u = socket(AF_INET, SOCK_STREAM, 0);
    off = 0;
    n = sendfile(u, f, &off, 10);
    printf("sendfile to unconnected socket: %s\n", n < 0 ? errname(errno) : "ok");
    int wo = open(path, O_WRONLY);
    off = 0;
    n = sendfile(c, wo, &off, 10);
    printf("sendfile from write-only file: %s\n", n < 0 ? errname(errno) : "ok");
    shutdown(c, SHUT_WR);
    off = 0;
    n = sendfile(c, f, &off, 10);
    printf("sendfile after SHUT_WR: %s\n", n < 0 ? errname(errno) : "ok");
    unlink(path);
    return 0;
}

// syscalls: connect socket
// expect: same
/* connect on AF_UNIX with two faults at once and full-range lengths: a bad descriptor against
 * an unmapped, oversized or negative address (EBADF first), a non-socket against a bad address
 * (the address is copied before the socket type is checked), addrlen 0, 2, 111, 129 and with
 * junk above 32 bits; names that are files, directories, missing, dangling symlinks, symlinks to
 * sockets, trailing slashes on sockets and files; sun_path filling all 108 bytes without a NUL;
 * a datagram socket to a stream listener; connecting twice, connecting a listener, AF_UNSPEC, an
 * AF_UNIX address on an AF_INET socket. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "err_util.h"

static struct sockaddr_un un(const char *path) {
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strncpy(a.sun_path, path, sizeof a.sun_path);
    return a;
}

static socklen_t unlen(const char *path) {
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static void try(const char *label, int type, const char *path) {
    int s = socket(AF_UNIX, type, 0);
    MUST(s);
    struct sockaddr_un a = un(path);
    REPORT(label, connect(s, (struct sockaddr *)&a, unlen(path)));
    close(s);
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    enter_scratch("err3-connect");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("nowhere", "dangling"));
    MUST(symlink("srv", "lsrv"));
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(srv);
    struct sockaddr_un sa = un("srv");
    MUST(bind(srv, (struct sockaddr *)&sa, unlen("srv")));
    MUST(listen(srv, 16));
    int pp[2];
    MUST(pipe(pp));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);

    REPORT("fd -1, addrlen 200", connect(-1, (struct sockaddr *)&sa, 200));
    REPORT("fd -1, addrlen -1", syscall(SYS_connect, -1, &sa, -1L));
    REPORT("fd -1, address (void*)1", connect(-1, (struct sockaddr *)1, 16));
    REPORT("fd -1, NULL address", connect(-1, NULL, 16));
    REPORT("fd INT_MIN, address straddling edge", connect((int)0x80000000, (struct sockaddr *)(edge - 4), 16));
    REPORT("pipe, address (void*)1", connect(pp[0], (struct sockaddr *)1, 16));
    REPORT("pipe, addrlen 200", connect(pp[0], (struct sockaddr *)&sa, 200));
    REPORT("pipe, valid address", connect(pp[0], (struct sockaddr *)&sa, unlen("srv")));
    REPORT("file, valid address", connect(ffd, (struct sockaddr *)&sa, unlen("srv")));

    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(s);
    REPORT("addrlen 0", connect(s, (struct sockaddr *)&sa, 0));
    REPORT("addrlen 1", connect(s, (struct sockaddr *)&sa, 1));
    REPORT("addrlen 2 (family only)", connect(s, (struct sockaddr *)&sa, 2));
    REPORT("addrlen 111 (over sockaddr_un)", connect(s, (struct sockaddr *)&sa, 111));
    REPORT("addrlen 129", connect(s, (struct sockaddr *)&sa, 129));
    REPORT("addrlen -1", syscall(SYS_connect, s, &sa, -1L));
    REPORT("address straddling edge", connect(s, (struct sockaddr *)(edge - 4), unlen("srv")));
    REPORT("AF_UNSPEC", connect(s, (struct sockaddr *)&(struct sockaddr){ .sa_family = AF_UNSPEC }, sizeof(struct sockaddr)));
    struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(9), .sin_addr = { htonl(INADDR_LOOPBACK) } };
    REPORT("AF_INET address on a unix socket", connect(s, (struct sockaddr *)&in, sizeof in));
    REPORT("addrlen (1<<32) | len (ok)", syscall(SYS_connect, s, &sa, (1L << 32) | unlen("srv")));
    REPORT("connect again (connected)", connect(s, (struct sockaddr *)&sa, unlen("srv")));
    close(s);
    REPORT("connect the listener itself", connect(srv, (struct sockaddr *)&sa, unlen("srv")));

    try("regular file", SOCK_STREAM, "f");
    try("directory", SOCK_STREAM, "d");
    try("missing", SOCK_STREAM, "missing");
    try("missing/x", SOCK_STREAM, "missing/x");
    try("f/x", SOCK_STREAM, "f/x");
    try("f/", SOCK_STREAM, "f/");
    try("srv/", SOCK_STREAM, "srv/");
    try("dangling symlink", SOCK_STREAM, "dangling");
    try("symlink to the socket (ok)", SOCK_STREAM, "lsrv");
    try("symlink to the socket, slash", SOCK_STREAM, "lsrv/");
    try("datagram socket to a stream listener", SOCK_DGRAM, "srv");
    try("seqpacket socket to a stream listener", SOCK_SEQPACKET, "srv");
    try("empty sun_path (abstract, unbound)", SOCK_STREAM, "");

    struct sockaddr_un full;
    full.sun_family = AF_UNIX;
    memset(full.sun_path, 'L', sizeof full.sun_path);
    int s108 = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(s108);
    char name108[109];
    memset(name108, 'L', 108);
    name108[108] = 0;
    if (bind(s108, (struct sockaddr *)&full, sizeof full) == 0 && listen(s108, 4) == 0) {
        s = socket(AF_UNIX, SOCK_STREAM, 0);
        MUST(s);
        REPORT("108-byte name without NUL", connect(s, (struct sockaddr *)&full, sizeof full));
        close(s);
    } else {
        printf("bind 108-byte name: %s\n", errname(errno));
    }
    close(s108);
    unlink(name108);
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(s);
    struct sockaddr_un *e = (struct sockaddr_un *)(edge - 5);
    e->sun_family = AF_UNIX;
    memcpy(e->sun_path, "srv", 3);           /* ends at the edge, no NUL */
    REPORT("unterminated name ending at edge", connect(s, (struct sockaddr *)e, 5));
    close(s);

    int is = socket(AF_INET, SOCK_STREAM, 0);
    MUST(is);
    REPORT("AF_UNIX address on an AF_INET socket", connect(is, (struct sockaddr *)&sa, sizeof sa));
    REPORT("AF_UNIX short address on an AF_INET socket", connect(is, (struct sockaddr *)&sa, unlen("srv")));
    close(is);
    close(srv); close(pp[0]); close(pp[1]); close(ffd);
    leave_scratch();
    return 0;
}

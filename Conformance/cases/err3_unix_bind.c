// syscalls: bind socket
// expect: same
/* bind with two faults at once and full-range lengths: a bad, closed or non-socket descriptor
 * against an unmapped, oversized or negative address (the kernel looks at the descriptor
 * first); an AF_INET address on an AF_UNIX socket and an AF_UNIX path on an AF_INET socket;
 * sun_path filling all 108 bytes without a NUL, one byte cut off by addrlen, names ending at a
 * mapping's end; autobind (addrlen 2); a name in a missing directory or under a file; binding
 * twice; a name that exists; trailing slashes. */
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

static int us(void) { int s = socket(AF_UNIX, SOCK_STREAM, 0); MUST(s); return s; }

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    enter_scratch("err3-bind");
    put("f", "x");
    MUST(mkdir("d", 0755));
    int pp[2];
    MUST(pipe(pp));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int closed = us();
    close(closed);
    struct sockaddr_un a = un("s1");
    socklen_t alen = unlen("s1");

    REPORT("fd -1, addrlen 200", bind(-1, (struct sockaddr *)&a, 200));
    REPORT("fd -1, addrlen -1", syscall(SYS_bind, -1, &a, -1L));
    REPORT("fd -1, address (void*)1", bind(-1, (struct sockaddr *)1, alen));
    REPORT("fd -1, NULL address", bind(-1, NULL, alen));
    REPORT("closed fd, address (void*)1", bind(closed, (struct sockaddr *)1, alen));
    REPORT("fd INT_MAX, addrlen 200", bind(0x7fffffff, (struct sockaddr *)&a, 200));
    REPORT("pipe, address (void*)1", bind(pp[0], (struct sockaddr *)1, alen));
    REPORT("pipe, addrlen 200", bind(pp[0], (struct sockaddr *)&a, 200));
    REPORT("file, valid address", bind(ffd, (struct sockaddr *)&a, alen));
    FACT("  s1 not made", access("s1", F_OK) != 0);
    int s = us();
    REPORT("addrlen 0", bind(s, (struct sockaddr *)&a, 0));
    REPORT("addrlen 1", bind(s, (struct sockaddr *)&a, 1));
    REPORT("addrlen 129", bind(s, (struct sockaddr *)&a, 129));
    REPORT("addrlen 111 (over sockaddr_un)", bind(s, (struct sockaddr *)&a, 111));
    REPORT("addrlen -1", syscall(SYS_bind, s, &a, -1L));
    REPORT("addrlen (1<<32) | len", syscall(SYS_bind, s, &a, (1L << 32) | alen));
    FACT("  s1 exists", access("s1", F_OK) == 0);
    REPORT("bind again (already bound)", bind(s, (struct sockaddr *)&a, alen));
    close(s);

    s = us();
    struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(80), .sin_addr = { htonl(INADDR_LOOPBACK) } };
    REPORT("AF_INET port 80 address on a unix socket", bind(s, (struct sockaddr *)&in, sizeof in));
    in.sin_port = htons(5000);
    REPORT("AF_INET port 5000 address on a unix socket", bind(s, (struct sockaddr *)&in, sizeof in));
    struct sockaddr_un wrong = un("s2");
    wrong.sun_family = AF_INET6;
    REPORT("family AF_INET6 with a path, unix socket", bind(s, (struct sockaddr *)&wrong, unlen("s2")));
    FACT("  s2 not made", access("s2", F_OK) != 0);
    struct sockaddr_un full;
    full.sun_family = AF_UNIX;
    memset(full.sun_path, 'L', sizeof full.sun_path);   /* 108 bytes, no NUL */
    REPORT("sun_path 108 bytes, no NUL", bind(s, (struct sockaddr *)&full, sizeof full));
    char name108[109];
    memset(name108, 'L', 108);
    name108[108] = 0;
    FACT("  108-byte name exists", access(name108, F_OK) == 0);
    close(s);
    s = us();
    REPORT("sun_path 108 bytes, no NUL, again (in use)", bind(s, (struct sockaddr *)&full, sizeof full));
    full.sun_path[107] = 'M';
    REPORT("sun_path 108 bytes, addrlen cuts one off", bind(s, (struct sockaddr *)&full, sizeof full - 1));
    char name107[108];
    memset(name107, 'L', 107);
    name107[107] = 0;
    FACT("  107-byte name exists", access(name107, F_OK) == 0);
    close(s);
    unlink(name108);
    unlink(name107);

    s = us();
    struct sockaddr_un *e = (struct sockaddr_un *)(edge - unlen("s3"));
    memcpy(e, &(struct sockaddr_un){ .sun_family = AF_UNIX, .sun_path = "s3" }, unlen("s3"));
    REPORT("address ending at edge", bind(s, (struct sockaddr *)e, unlen("s3")));
    close(s);
    s = us();
    REPORT("address straddling edge", bind(s, (struct sockaddr *)(edge - 4), unlen("s4")));
    e = (struct sockaddr_un *)(edge - 4);
    e->sun_family = AF_UNIX;
    e->sun_path[0] = 's';
    e->sun_path[1] = '5';
    REPORT("unterminated name ending at edge, addrlen 4", bind(s, (struct sockaddr *)e, 4));
    FACT("  s5 exists", access("s5", F_OK) == 0);
    close(s);

    s = us();
    REPORT("autobind (addrlen 2)", bind(s, (struct sockaddr *)&(struct sockaddr_un){ .sun_family = AF_UNIX }, 2));
    REPORT("autobind again", bind(s, (struct sockaddr *)&(struct sockaddr_un){ .sun_family = AF_UNIX }, 2));
    close(s);
    s = us();
    struct sockaddr_un t;
    t = un("f");
    REPORT("existing file", bind(s, (struct sockaddr *)&t, unlen("f")));
    t = un("d");
    REPORT("existing dir", bind(s, (struct sockaddr *)&t, unlen("d")));
    t = un("missing/s");
    REPORT("missing directory", bind(s, (struct sockaddr *)&t, unlen("missing/s")));
    t = un("f/s");
    REPORT("under a file", bind(s, (struct sockaddr *)&t, unlen("f/s")));
    t = un("s6/");
    REPORT("trailing slash, new name", bind(s, (struct sockaddr *)&t, unlen("s6/")));
    t = un("d/");
    REPORT("trailing slash, existing dir", bind(s, (struct sockaddr *)&t, unlen("d/")));
    t = un("s1/");
    REPORT("trailing slash, existing socket", bind(s, (struct sockaddr *)&t, unlen("s1/")));
    t = un(".");
    REPORT("\".\"", bind(s, (struct sockaddr *)&t, unlen(".")));
    t = un("/");
    REPORT("\"/\"", bind(s, (struct sockaddr *)&t, unlen("/")));
    close(s);

    int is = socket(AF_INET, SOCK_STREAM, 0);
    MUST(is);
    t = un("f");
    REPORT("AF_UNIX existing name on an AF_INET socket", bind(is, (struct sockaddr *)&t, unlen("f")));
    t = un("s7");
    REPORT("AF_UNIX new name on an AF_INET socket", bind(is, (struct sockaddr *)&t, sizeof t));
    FACT("  s7 not made", access("s7", F_OK) != 0);
    REPORT("AF_INET, addrlen 15", bind(is, (struct sockaddr *)&in, 15));
    close(is);
    close(pp[0]); close(pp[1]); close(ffd);
    leave_scratch();
    return 0;
}

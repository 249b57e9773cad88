// syscalls: bind connect socket listen accept4 getsockname sendto recvfrom
// expect: same
#include "common.h"
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>

static socklen_t unix_address(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

int main(void) {
    char dir[] = "/tmp/conf-sock-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    umask(077);
    struct sockaddr_un a;
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    socklen_t len = unix_address(&a, "srv");
    REPORT("bind relative", bind(server, (struct sockaddr *)&a, len));
    struct stat st;
    MUST(stat("srv", &st));
    printf("socket mode: %o type socket: %s\n", st.st_mode & 07777, S_ISSOCK(st.st_mode) ? "yes" : "no");
    REPORT("listen", listen(server, 4));
    int again = socket(AF_UNIX, SOCK_STREAM, 0);
    REPORT("bind existing name", bind(again, (struct sockaddr *)&a, len));
    REPORT("bind already bound", bind(server, (struct sockaddr *)&a, len));
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    char absolute[128];
    snprintf(absolute, sizeof absolute, "%s/srv", dir);
    len = unix_address(&a, absolute);
    REPORT("connect absolute", connect(client, (struct sockaddr *)&a, len));
    int peer = accept4(server, NULL, NULL, SOCK_CLOEXEC);
    printf("send: %zd\n", send(client, "ping", 4, 0));
    char buf[8] = {0};
    printf("recv: %zd %s\n", recv(peer, buf, sizeof buf - 1, 0), buf);
    struct sockaddr_un name;
    socklen_t nlen = sizeof name;
    MUST(getsockname(server, (struct sockaddr *)&name, &nlen));
    printf("getsockname: %s\n", name.sun_path);

    int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
    len = unix_address(&a, "missing");
    REPORT("connect missing", connect(c2, (struct sockaddr *)&a, len));
    MUST(close(open("plain", O_CREAT | O_WRONLY, 0600)));
    len = unix_address(&a, "plain");
    REPORT("connect to a regular file", connect(c2, (struct sockaddr *)&a, len));
    len = unix_address(&a, "nodir/x");
    REPORT("bind under a missing directory", bind(c2, (struct sockaddr *)&a, len));
    REPORT("bind to /proc", bind(c2, (struct sockaddr *)&a, unix_address(&a, "/proc/sock")));
    REPORT("bind length too large", bind(c2, (struct sockaddr *)&a, 4096));
    REPORT("bind length negative", bind(c2, (struct sockaddr *)&a, (socklen_t)-1));
    REPORT("bind bad pointer", bind(c2, (struct sockaddr *)8, 16));
    REPORT("bind not a socket", bind(0 + open("plain", O_RDONLY), (struct sockaddr *)&a, len));
    REPORT("bind bad descriptor", bind(999, (struct sockaddr *)&a, len));

    // Abstract names and datagrams.
    int d1 = socket(AF_UNIX, SOCK_DGRAM, 0), d2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    memcpy(a.sun_path, "\0conf-abstract", 14);
    len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 14);
    REPORT("bind abstract", bind(d1, (struct sockaddr *)&a, len));
    REPORT("sendto abstract", sendto(d2, "dg", 2, 0, (struct sockaddr *)&a, len));
    printf("recvfrom: %zd\n", recvfrom(d1, buf, sizeof buf, 0, NULL, NULL));
    int d3 = socket(AF_UNIX, SOCK_DGRAM, 0);
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    REPORT("autobind", bind(d3, (struct sockaddr *)&a, sizeof(sa_family_t)));

    // IPv4 on the loopback.
    int t = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    REPORT("bind inet loopback", bind(t, (struct sockaddr *)&in, sizeof in));
    REPORT("bind inet short length", bind(socket(AF_INET, SOCK_STREAM, 0), (struct sockaddr *)&in, 4));
    unlink("srv");
    unlink("plain");
    return 0;
}

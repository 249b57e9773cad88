// syscalls: socket bind listen connect close unlink symlink fchmodat
// expect: same
/* Connecting and binding AF_UNIX names that are not (or no longer) live sockets: a name whose
 * socket was closed, a regular file, a directory, a FIFO are ECONNREFUSED; a missing name is
 * ENOENT and a file in the path ENOTDIR; binding an existing name of any kind is EADDRINUSE
 * (also through a dangling symlink) until it is unlinked, then rebinding works and the new
 * socket gets the connections; a name unlinked under a live listener is gone (ENOENT); a
 * symlink to a socket connects; a socket without write permission or behind a directory
 * without search permission is EACCES; a second connect is EISCONN; a stream socket connecting
 * to a datagram name is EPROTOTYPE. Natively the case first becomes uid/gid 1000 with no
 * groups (root would pass the permission checks). */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static socklen_t mk(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static int try_connect(const char *path) {
    struct sockaddr_un a;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    MUST(s);
    int r = connect(s, (struct sockaddr *)&a, mk(&a, path));
    int e = errno;
    close(s);
    errno = e;
    return r;
}

static int listener(const char *path) {
    struct sockaddr_un a;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    MUST(s);
    if (bind(s, (struct sockaddr *)&a, mk(&a, path)) < 0) { int e = errno; close(s); errno = e; return -1; }
    MUST(listen(s, 4));
    return s;
}

static int pending(int srv) {
    int acc = accept4(srv, NULL, NULL, SOCK_NONBLOCK);
    if (acc >= 0) close(acc);
    return acc >= 0;
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    char dir[] = "/tmp/conf-sock4-conn-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    struct sockaddr_un a;

    int s = listener("closed");
    MUST(s);
    close(s);
    REPORT("connect to a name whose socket was closed", try_connect("closed"));
    int fd = open("file", O_CREAT | O_WRONLY, 0644);
    MUST(fd);
    close(fd);
    MUST(mkdir("dir", 0755));
    MUST(mkfifo("fifo", 0644));
    REPORT("connect to a regular file", try_connect("file"));
    REPORT("connect to a directory", try_connect("dir"));
    REPORT("connect to a FIFO", try_connect("fifo"));
    REPORT("connect to a missing name", try_connect("missing"));
    REPORT("connect through a file", try_connect("file/x"));
    REPORT("connect to \"\" with its NUL (abstract, one NUL byte)", try_connect(""));

    REPORT("bind the closed socket's name", listener("closed"));
    REPORT("bind a regular file's name", listener("file"));
    REPORT("bind a directory's name", listener("dir"));
    MUST(symlink("nowhere", "dangling"));
    REPORT("bind a dangling symlink", listener("dangling"));
    FACT("  nowhere created", access("nowhere", F_OK) == 0);
    REPORT("unlink the closed socket's name", unlink("closed"));
    s = listener("closed");
    REPORT("rebind after unlink", s);
    REPORT("connect to the rebound name", try_connect("closed"));
    FACT("  the new socket got it", pending(s));
    int again = socket(AF_UNIX, SOCK_STREAM, 0);
    REPORT("bind a live socket's name", bind(again, (struct sockaddr *)&a, mk(&a, "closed")));
    close(again);

    MUST(symlink("closed", "link"));
    REPORT("connect through a symlink", try_connect("link"));
    FACT("  the socket got it", pending(s));
    REPORT("unlink the name of a live listener", unlink("closed"));
    REPORT("connect to it now", try_connect("closed"));
    int s2 = listener("closed");
    REPORT("bind a new listener to that name", s2);
    REPORT("connect", try_connect("closed"));
    FACT("  the old listener got it", pending(s));
    FACT("  the new listener got it", pending(s2));
    close(s);

    REPORT("chmod the socket 0500", chmod("closed", 0500));
    REPORT("connect without write permission", try_connect("closed"));
    REPORT("chmod the socket 0200", chmod("closed", 0200));
    REPORT("connect with write permission only", try_connect("closed"));
    FACT("  the listener got it", pending(s2));
    MUST(mkdir("locked", 0755));
    int s3 = listener("locked/s");
    MUST(s3);
    REPORT("chmod the directory 0600", chmod("locked", 0600));
    REPORT("connect behind a directory without search", try_connect("locked/s"));
    REPORT("chmod the directory 0100", chmod("locked", 0100));
    REPORT("connect with search only", try_connect("locked/s"));
    FACT("  the listener got it", pending(s3));
    MUST(chmod("locked", 0755));

    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    REPORT("connect", connect(c, (struct sockaddr *)&a, mk(&a, "closed")));
    REPORT("connect again (connected)", connect(c, (struct sockaddr *)&a, mk(&a, "closed")));
    close(c);
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    MUST(bind(d, (struct sockaddr *)&a, mk(&a, "dgram")));
    REPORT("stream connect to a datagram name", try_connect("dgram"));
    REPORT("seqpacket connect to a stream name", connect(socket(AF_UNIX, SOCK_SEQPACKET, 0), (struct sockaddr *)&a, mk(&a, "closed")));
    close(d); close(s2); close(s3);

    const char *names[] = { "closed", "file", "fifo", "dangling", "nowhere", "link", "dgram", "locked/s" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) unlink(names[i]);
    rmdir("dir"); rmdir("locked");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}

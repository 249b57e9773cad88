// syscalls: openat read write lseek readlink newfstatat fstat pipe2 socketpair eventfd2 getdents64 unlink mkdir rmdir
// expect: same
/* /dev/fd/N, /dev/stdin, /dev/stdout and /dev/stderr as shells and `cmd /dev/stdin` use them:
 * they are symlinks into /proc/self/fd; opening /dev/fd/N of a file is a new open file
 * description (its own offset, the mode asked for), of a deleted file still works, of an O_PATH
 * descriptor upgrades it; of pipe ends it is the same pipe; of a directory it is the directory
 * (and /dev/fd/N/name resolves inside it); of a socket ENXIO; of a closed fd ENOENT; /dev/stdin
 * (here /dev/null) reads EOF and /dev/stdout (a pipe to the runner) carries a line. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>

static char scratch[64];

static void link_of(const char *p) {
    char l[128];
    struct stat st;
    ssize_t n = readlink(p, l, sizeof l - 1);
    l[n > 0 ? n : 0] = 0;
    printf("%s -> %s (lstat link %s)\n", p, n > 0 ? l : errname(errno), lstat(p, &st) == 0 && S_ISLNK(st.st_mode) ? "yes" : "no");
}

static int reopen(int fd, int flags) {
    char p[32];
    snprintf(p, sizeof p, "/dev/fd/%d", fd);
    return open(p, flags);
}

int main(void) {
    link_of("/dev/fd");
    link_of("/dev/stdin");
    link_of("/dev/stdout");
    link_of("/dev/stderr");

    snprintf(scratch, sizeof scratch, "/tmp/conf-pf3-devfd-XXXXXX");
    MUST(mkdtemp(scratch) ? 0 : -1);
    char path[256];
    snprintf(path, sizeof path, "%s/file", scratch);
    int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    MUST(f);
    MUST(write(f, "0123456789", 10));
    int g = reopen(f, O_RDONLY);
    char b[16] = {0};
    ssize_t r = g < 0 ? -1 : read(g, b, 4);
    printf("reopen file O_RDONLY: %s, reads from 0: %s, original offset still %ld\n", g < 0 ? errname(errno) : "ok",
           r == 4 && !memcmp(b, "0123", 4) ? "yes" : "no", (long)lseek(f, 0, SEEK_CUR));
    printf("  reopened fd's own offset: %ld, O_ACCMODE %d\n", (long)lseek(g, 0, SEEK_CUR), fcntl(g, F_GETFL) & O_ACCMODE);
    REPORT("  write on the O_RDONLY reopen", write(g, "x", 1));
    close(g);
    g = reopen(f, O_WRONLY | O_APPEND);
    r = g < 0 ? -1 : write(g, "AB", 2);
    struct stat st;
    fstat(f, &st);
    printf("reopen O_WRONLY|O_APPEND: wrote %zd, size now %ld\n", r, (long)st.st_size);
    close(g);
    g = reopen(f, O_RDWR | O_TRUNC);
    fstat(f, &st);
    printf("reopen O_RDWR|O_TRUNC: %s, size now %ld\n", g < 0 ? errname(errno) : "ok", (long)st.st_size);
    close(g);
    int op = open(path, O_PATH);
    write(f, "xyz", 3);
    g = reopen(op, O_RDONLY);
    r = g < 0 ? -1 : read(g, b, sizeof b);
    printf("reopen an O_PATH fd O_RDONLY: %s, reads %zd\n", g < 0 ? errname(errno) : "ok", r);
    close(g);
    unlink(path);
    g = reopen(f, O_RDONLY);
    fstat(g, &st);
    printf("reopen a deleted file: %s, nlink %ld\n", g < 0 ? errname(errno) : "ok", g < 0 ? -1L : (long)st.st_nlink);
    close(g);

    int p[2];
    MUST(pipe2(p, 0));
    int w = reopen(p[1], O_WRONLY), rd = reopen(p[0], O_RDONLY);
    r = w < 0 ? -1 : write(w, "via-link", 8);
    memset(b, 0, sizeof b);
    ssize_t got = read(p[0], b, sizeof b);
    printf("pipe write end reopened: %s, data reaches the pipe %s\n", w < 0 ? errname(errno) : "ok", got == 8 && !strcmp(b, "via-link") ? "yes" : "no");
    write(p[1], "back", 4);
    memset(b, 0, sizeof b);
    got = rd < 0 ? -1 : read(rd, b, sizeof b);
    printf("pipe read end reopened: %s, reads the pipe %s\n", rd < 0 ? errname(errno) : "ok", got == 4 && !strcmp(b, "back") ? "yes" : "no");
    struct stat s1, s2;
    fstat(w, &s1); fstat(p[1], &s2);
    FACT("reopened pipe end is the same pipe inode", s1.st_ino == s2.st_ino);

    int sp[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
    REPORT("reopen a socket", reopen(sp[0], O_RDWR));
    REPORT("reopen a closed fd", reopen(987, O_RDONLY));

    char sub[160];
    snprintf(sub, sizeof sub, "%s/sub", scratch);
    MUST(mkdir(sub, 0755));
    snprintf(path, sizeof path, "%s/inner", sub);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    int d = open(sub, O_RDONLY | O_DIRECTORY);
    int d2 = reopen(d, O_RDONLY | O_DIRECTORY);
    printf("reopen a directory O_DIRECTORY: %s\n", d2 < 0 ? errname(errno) : "ok");
    char via[64];
    snprintf(via, sizeof via, "/dev/fd/%d/inner", d);
    REPORT("stat /dev/fd/<dir>/inner", stat(via, &st));
    snprintf(via, sizeof via, "/dev/fd/%d/", d);
    DIR *dd = opendir(via);
    int names = 0, found = 0;
    struct dirent *e;
    while (dd && (e = readdir(dd))) { names++; found |= !strcmp(e->d_name, "inner"); }
    printf("opendir /dev/fd/<dir>/: %s, entries %d, inner listed %s\n", dd ? "ok" : errname(errno), names, found ? "yes" : "no");
    REPORT("reopen a directory O_WRONLY", reopen(d, O_WRONLY));

    int in = open("/dev/stdin", O_RDONLY);
    printf("/dev/stdin (the runner gives /dev/null): %s, read %zd\n", in < 0 ? errname(errno) : "ok", in < 0 ? -1 : read(in, b, 4));
    fflush(stdout);
    int out = open("/dev/stdout", O_WRONLY);
    if (out < 0) printf("/dev/stdout: %s\n", errname(errno));
    else { const char *m = "a line written through /dev/stdout\n"; write(out, m, strlen(m)); }
    int err = open("/dev/stderr", O_WRONLY);
    printf("/dev/stderr: %s\n", err < 0 ? errname(errno) : "ok");

    unlink(path);
    rmdir(sub);
    rmdir(scratch);
    return 0;
}

// syscalls: clone unshare chdir fchdir umask openat mkdirat symlinkat renameat unlinkat readlink newfstatat wait4
// expect: same
/* A child process made by clone(CLONE_FS) shares the working directory and umask with its
 * parent: its chdir/fchdir moves where the parent's relative trapped calls (open, mkdir, symlink,
 * rename, stat) land and what /proc/self/cwd says, the parent's chdir moves the child, and
 * a umask set by one shapes the modes of what the other creates. After the child's
 * unshare(CLONE_FS) the two go separate ways. */
#include "common.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char dir[64];
static int to_child[2], from_child[2];

static const char *content(const char *name) {
    static char buf[4][32];
    static int k;
    char *b = buf[k++ & 3];
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errname(errno);
    ssize_t n = read(fd, b, 31);
    close(fd);
    b[n > 0 ? n : 0] = 0;
    return b;
}

static const char *cwd_of(const char *link) {
    static char outs[2][128];
    static int k;
    char *out = outs[k++ & 1];
    char t[512];
    ssize_t n = readlink(link, t, sizeof t - 1);
    if (n < 0) return errname(errno);
    t[n] = 0;
    if (!strncmp(t, dir, strlen(dir))) snprintf(out, 128, "<scratch>%.110s", t + strlen(dir));
    else snprintf(out, 128, "%.120s", t);
    return out;
}

static void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

static mode_t mode_of(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

/* The child acts on one-letter commands and answers with one line. */
static int child_main(void *arg) {
    (void)arg;
    char c, line[160];
    int subfd = open("sub", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    while (read(to_child[0], &c, 1) == 1) {
        line[0] = 0;
        switch (c) {
        case 'c': snprintf(line, sizeof line, "chdir(sub): %s", chdir("sub") == 0 ? "ok" : errname(errno)); break;
        case 'r': snprintf(line, sizeof line, "relative open reads %s", content("marker")); break;
        case 'u': umask(077); snprintf(line, sizeof line, "umask(077) set"); break;
        case 'f': { int fd = open("child-made", O_CREAT | O_WRONLY | O_CLOEXEC, 0666); if (fd >= 0) close(fd);
                    snprintf(line, sizeof line, "created child-made: %s", fd >= 0 ? "ok" : errname(errno)); break; }
        case 'd': snprintf(line, sizeof line, "fchdir(sub): %s", fchdir(subfd) == 0 ? "ok" : errname(errno)); break;
        case 'n': snprintf(line, sizeof line, "sees the parent's newdir/inner: %s",
                           access("newdir/inner", F_OK) == 0 ? "yes" : errname(errno)); break;
        case 'x': { int r = unshare(CLONE_FS);
                    char other[128];
                    snprintf(other, sizeof other, "%s/other", dir);
                    snprintf(line, sizeof line, "unshare(CLONE_FS): %s, then chdir(<scratch>/other): %s", r == 0 ? "ok" : errname(errno),
                             chdir(other) == 0 ? "ok" : errname(errno)); break; }
        case 'q': return 0;
        }
        write(from_child[1], line, strlen(line) + 1);
    }
    return 1;
}

static void ask(char c) {
    char line[160];
    write(to_child[1], &c, 1);
    int n = 0;
    while (n < (int)sizeof line - 1 && read(from_child[0], &line[n], 1) == 1 && line[n]) n++;
    line[n] = 0;
    printf("child: %s\n", line);
}

int main(void) {
    strcpy(dir, "/tmp/mt3-cfs-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    MUST(mkdir("sub", 0755));
    MUST(mkdir("other", 0755));
    put("marker", "top");
    put("sub/marker", "sub");
    put("other/marker", "other");
    umask(022);
    MUST(pipe2(to_child, O_CLOEXEC));
    MUST(pipe2(from_child, O_CLOEXEC));
    static char stack[256 * 1024];
    fflush(stdout);
    pid_t c = clone(child_main, stack + sizeof stack, CLONE_FS | SIGCHLD, NULL);
    MUST(c);
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/cwd", c);

    ask('c');
    printf("parent: relative open reads %s\n", content("marker"));
    printf("parent: /proc/self/cwd %s, /proc/<child>/cwd %s\n", cwd_of("/proc/self/cwd"), cwd_of(p));
    /* relative creation by the parent lands in the shared directory */
    MUST(mkdir("newdir", 0777));
    put("newdir/inner", "x");
    MUST(symlink("marker", "alias"));
    MUST(rename("alias", "alias2"));
    printf("parent: alias2 reads %s\n", content("alias2"));
    ask('n');
    MUST(chdir("../other"));
    ask('r');
    MUST(chdir(".."));
    ask('d');
    printf("parent: after the child's fchdir(sub): relative open reads %s\n", content("marker"));
    ask('u');
    put("parent-made", "p");
    printf("parent: parent-made mode %04o (child's umask)\n", mode_of("parent-made"));
    umask(027);
    ask('f');
    printf("parent: child-made mode %04o (parent's umask 027)\n", mode_of("child-made"));
    ask('x');
    printf("parent: after the child's unshare and chdir: /proc/self/cwd %s, /proc/<child>/cwd %s\n",
           cwd_of("/proc/self/cwd"), cwd_of(p));
    printf("parent: relative open still reads %s\n", content("marker"));
    umask(022);
    ask('f');                        /* in other, with its own umask 027 kept from the unshare */
    printf("parent: other/child-made mode %04o\n", mode_of("../other/child-made"));
    ask('r');
    write(to_child[1], "q", 1);
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    MUST(chdir(dir));
    const char *files[] = { "marker", "sub/marker", "other/marker", "sub/newdir/inner", "sub/alias2", "sub/parent-made",
                            "sub/child-made", "other/child-made" };
    for (int i = 0; i < 8; i++) unlink(files[i]);
    rmdir("sub/newdir"); rmdir("sub"); rmdir("other");
    MUST(chdir("/"));
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}

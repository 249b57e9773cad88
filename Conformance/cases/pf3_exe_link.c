// syscalls: readlink readlinkat openat read newfstatat fstat access execve execveat clone wait4
// expect: same
/* /proc/self/exe as programs use it to find themselves: its target is the realpath of argv[0],
 * stat through it is the same file as argv[0] (dev/ino/mode/size), its bytes are the binary's,
 * an O_PATH|O_NOFOLLOW descriptor is the link (readlinkat "" gives the target), a forked child
 * sees the parent's exe, and re-executing through "/proc/self/exe" (execve, and fexecve of an
 * O_PATH descriptor) runs the same binary: its exe is the real path, its argv[0] the given one. */
#include "common.h"
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "procfs_util.h"

static int same_file(const struct stat *a, const struct stat *b) {
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_mode == b->st_mode && a->st_size == b->st_size;
}

static int same_bytes(const char *a, const char *b) {
    int fa = open(a, O_RDONLY), fb = open(b, O_RDONLY);
    if (fa < 0 || fb < 0) return 0;
    static char x[65536], y[65536];
    for (;;) {
        ssize_t n = read(fa, x, sizeof x), m = read(fb, y, sizeof y);
        if (n != m || n < 0) return 0;
        if (n == 0) break;
        if (memcmp(x, y, n)) return 0;
    }
    close(fa); close(fb);
    return 1;
}

static void child_view(const char *label, const char *want_exe) {
    char l[PATH_MAX], cmd[256];
    ssize_t n = readlink("/proc/self/exe", l, sizeof l - 1);
    l[n > 0 ? n : 0] = 0;
    ssize_t c = slurp("/proc/self/cmdline", cmd, sizeof cmd);
    printf("%s: exe == original path %s, cmdline argv[0] '%s'\n", label, n > 0 && !strcmp(l, want_exe) ? "yes" : "no",
           c > 0 ? cmd : "?");
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "--via-proc")) { child_view("re-exec through /proc/self/exe", argv[2]); return 0; }
    if (argc == 3 && !strcmp(argv[1], "--via-fexecve")) { child_view("fexecve of O_PATH /proc/self/exe", argv[2]); return 0; }

    char real[PATH_MAX], l[PATH_MAX];
    MUST(realpath(argv[0], real) ? 0 : -1);
    ssize_t n = readlink("/proc/self/exe", l, sizeof l - 1);
    l[n > 0 ? n : 0] = 0;
    FACT("exe target == realpath(argv[0])", n > 0 && !strcmp(l, real));
    FACT("exe target is absolute", l[0] == '/');
    char rp[PATH_MAX];
    FACT("realpath(/proc/self/exe) == realpath(argv[0])", realpath("/proc/self/exe", rp) && !strcmp(rp, real));
    struct stat a, b, c;
    FACT("stat exe == stat argv[0]", stat("/proc/self/exe", &a) == 0 && stat(argv[0], &b) == 0 && same_file(&a, &b));
    FACT("lstat exe is a symlink", lstat("/proc/self/exe", &c) == 0 && S_ISLNK(c.st_mode));
    FACT("stat exe is a regular executable file", S_ISREG(a.st_mode) && (a.st_mode & 0111));
    int fd = open("/proc/self/exe", O_RDONLY);
    FACT("fstat of open exe == stat argv[0]", fd >= 0 && fstat(fd, &c) == 0 && same_file(&c, &b));
    close(fd);
    FACT("exe bytes == argv[0] bytes", same_bytes("/proc/self/exe", argv[0]));
    REPORT("access exe X_OK", access("/proc/self/exe", X_OK));
    int lp = open("/proc/self/exe", O_PATH | O_NOFOLLOW);
    n = lp >= 0 ? readlinkat(lp, "", rp, sizeof rp - 1) : -1;
    rp[n > 0 ? n : 0] = 0;
    FACT("O_PATH|O_NOFOLLOW exe: fstat is a link, readlinkat \"\" == target", lp >= 0 && fstat(lp, &c) == 0 && S_ISLNK(c.st_mode) &&
         n > 0 && !strcmp(rp, real));
    close(lp);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/exe", getpid());
    n = readlink(path, rp, sizeof rp - 1);
    rp[n > 0 ? n : 0] = 0;
    FACT("/proc/<pid>/exe == /proc/self/exe", n > 0 && !strcmp(rp, real));

    fflush(stdout);
    pid_t k = fork();
    MUST(k);
    if (k == 0) {
        n = readlink("/proc/self/exe", rp, sizeof rp - 1);
        rp[n > 0 ? n : 0] = 0;
        FACT("forked child: exe == parent's", n > 0 && !strcmp(rp, real));
        fflush(stdout);
        _exit(0);
    }
    waitpid(k, NULL, 0);

    fflush(stdout);
    k = fork();
    if (k == 0) {
        char *nargv[] = { "/proc/self/exe", "--via-proc", real, NULL };
        execve("/proc/self/exe", nargv, (char *[]){ NULL });
        printf("execve /proc/self/exe: %s\n", errname(errno));
        fflush(stdout);
        _exit(1);
    }
    waitpid(k, NULL, 0);

    fflush(stdout);
    k = fork();
    if (k == 0) {
        int pfd = open("/proc/self/exe", O_PATH | O_CLOEXEC);
        char *nargv[] = { "renamed-argv0", "--via-fexecve", real, NULL };
        syscall(SYS_execveat, pfd, "", nargv, (char *[]){ NULL }, AT_EMPTY_PATH);
        printf("execveat O_PATH exe: %s\n", errname(errno));
        fflush(stdout);
        _exit(1);
    }
    waitpid(k, NULL, 0);
    return 0;
}

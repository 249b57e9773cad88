// syscalls: execveat execve openat readlink close wait4 clone
// expect: same
/* execveat: AT_EMPTY_PATH on an O_RDONLY fd and an O_PATH fd of a binary (fexecve), a dirfd
 * with a relative path, an absolute path ignoring dirfd; inside the new program:
 * getauxval(AT_EXECFN) ends with the name used, /proc/self/exe names the binary, argv[0]. */
#include "fs2_util.h"
#include <sys/auxv.h>

extern char **environ;

static void tail(const char *label, const char *s) {
    const char *sl = strrchr(s, '/');
    printf("  %s: %s%s\n", label, sl ? ".../" : "", sl ? sl + 1 : s);
}

static void try(const char *label, int dirfd, const char *path, int flags) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { "child", (char *)label, NULL };
        syscall(SYS_execveat, dirfd, path, argv, environ, flags);
        printf("%s: %s\n", label, errname(errno));
        fflush(stdout);
        _exit(100);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) != 100) printf("%s: ran, exit %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", label, WTERMSIG(st));
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[0], "child")) {
        printf("%s:\n", argv[1]);
        const char *fn = (const char *)getauxval(AT_EXECFN);
        char e[4096];
        ssize_t n = readlink("/proc/self/exe", e, sizeof e - 1);
        e[n > 0 ? n : 0] = 0;
        tail("AT_EXECFN", fn ? fn : "(none)");
        if (fn && !strncmp(fn, "/dev/fd/", 8)) printf("  AT_EXECFN is /dev/fd/N\n");
        tail("/proc/self/exe", e);
        printf("  argv[0]: %s\n", argv[0]);
        return 3;
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    MUST(n);
    self[n] = 0;
    enter_scratch("fs2-execat");
    /* a copy of this binary in the scratch dir */
    int in = open(self, O_RDONLY), out = open("prog", O_CREAT | O_WRONLY, 0755);
    char buf[65536];
    ssize_t k;
    while ((k = read(in, buf, sizeof buf)) > 0) MUST(write(out, buf, k));
    close(in);
    close(out);
    MUST(symlink("prog", "lprog"));
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    int rfd = open("prog", O_RDONLY);
    int pfd = open("prog", O_PATH);
    int cfd = open("prog", O_RDONLY | O_CLOEXEC);
    try("dirfd + relative", dfd, "prog", 0);
    try("dirfd + relative symlink", dfd, "lprog", 0);
    try("dirfd + symlink AT_SYMLINK_NOFOLLOW", dfd, "lprog", AT_SYMLINK_NOFOLLOW);
    try("AT_FDCWD + relative", AT_FDCWD, "./prog", 0);
    try("bad dirfd + absolute", 9999, "/proc/self/exe", 0);
    try("AT_EMPTY_PATH O_RDONLY fd", rfd, "", AT_EMPTY_PATH);
    try("AT_EMPTY_PATH O_PATH fd", pfd, "", AT_EMPTY_PATH);
    try("AT_EMPTY_PATH O_CLOEXEC fd", cfd, "", AT_EMPTY_PATH);
    try("empty path without AT_EMPTY_PATH", rfd, "", 0);
    try("AT_EMPTY_PATH with a dir fd", dfd, "", AT_EMPTY_PATH);
    try("file fd + relative path", rfd, "prog", 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *av[] = { "child", "fexecve", NULL };
        fexecve(rfd, av, environ);
        printf("fexecve: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    reap("fexecve", pid);
    pid = fork();
    if (pid == 0) {
        char *av[] = { "child", "execve by absolute path", NULL };
        char p[256];
        snprintf(p, sizeof p, "%s/prog", scratch);
        execve(p, av, environ);
        _exit(100);
    }
    reap("execve", pid);
    pid = fork();
    if (pid == 0) {
        char *av[] = { "child", "execve via /proc/self/fd/N", NULL };
        char p[64];
        snprintf(p, sizeof p, "/proc/self/fd/%d", rfd);
        execve(p, av, environ);
        printf("execve /proc/self/fd/N: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    reap("execve /proc/self/fd", pid);
    close(dfd); close(rfd); close(pfd); close(cfd);
    leave_scratch();
    return 0;
}

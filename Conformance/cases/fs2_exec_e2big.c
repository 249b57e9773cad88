// syscalls: execve wait4 clone getrlimit
// expect: same
/* Argument and environment size limits for execve: many small args, one arg of 128 KiB - 1
 * (MAX_ARG_STRLEN) and 128 KiB (E2BIG), a total near and over the limit (1/4 of the 8 MiB stack
 * rlimit), a large environment. Prints only whether each exec runs and the argc it saw. */
#include "fs2_util.h"
#include <sys/resource.h>

static const char *self;

static void try(const char *label, char **argv, char **envp) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execve(self, argv, envp);
        printf("%s: %s\n", label, errname(errno));
        fflush(stdout);
        _exit(100);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 42) printf("%s: ran\n", label);
    else if (WIFEXITED(st) && WEXITSTATUS(st) != 100) printf("%s: exit %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", label, WTERMSIG(st));
}

static char **make(int n, size_t each, const char *first) {
    char **v = calloc(n + 2, sizeof *v);
    v[0] = (char *)first;
    for (int i = 1; i <= n; i++) {
        v[i] = malloc(each + 1);
        memset(v[i], 'a' + i % 26, each);
        v[i][each] = 0;
    }
    return v;
}

int main(int argc, char **argv) {
    (void)argc;
    if (!strcmp(argv[0], "child")) return 42;
    self = "/proc/self/exe";
    struct rlimit rl = { 8 << 20, 8 << 20 };
    MUST(setrlimit(RLIMIT_STACK, &rl));
    char *noenv[] = { NULL };
    char **v;
    v = make(1000, 10, "child"); try("1000 args of 10 bytes", v, noenv);
    v = make(1, 131071, "child"); try("one arg of 128 KiB - 1", v, noenv);
    v = make(1, 131072, "child"); try("one arg of 128 KiB", v, noenv);
    v = make(1, 200000, "child"); try("one arg of 200000 bytes", v, noenv);
    v = make(14, 131071, "child"); try("14 args of 128 KiB - 1 (1.75 MiB)", v, noenv);
    v = make(17, 131071, "child"); try("17 args of 128 KiB - 1 (2.1 MiB)", v, noenv);
    v = make(200000, 1, "child"); try("200000 args of 1 byte", v, noenv);
    v = make(600000, 1, "child"); try("600000 args of 1 byte", v, noenv);
    char *a1[] = { "child", NULL };
    char **e = make(1, 131071, "E=1");
    e[0] = "E=1";
    try("env var of 128 KiB - 1", a1, e + 0);
    e = make(20, 131000, "E=1");
    try("env of 20 x 128 KiB", a1, e);
    e = make(1000, 100, "E=1");
    try("env of 1000 x 100 bytes", a1, e);
    rl.rlim_cur = 1 << 20;
    MUST(setrlimit(RLIMIT_STACK, &rl));
    v = make(3, 131071, "child"); try("stack rlimit 1 MiB: 3 args of 128 KiB (over 1/4)", v, noenv);
    v = make(1, 131071, "child"); try("stack rlimit 1 MiB: 1 arg of 128 KiB", v, noenv);
    return 0;
}

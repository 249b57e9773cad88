// syscalls: execve setrlimit getrlimit wait4 clone
// expect: same
/* The environment through execve: one variable, an empty one (sh sees none), NULL envp; sizes
 * near ARG_MAX (a quarter of an 8M stack limit): 1 MB and 1.9 MB pass, 2.2 MB is E2BIG, one
 * string at and over MAX_ARG_STRLEN (32 pages), many tiny strings, a huge argv, and a 1M stack
 * limit lowering the bound. The new image prints counts and sizes only. Runs as uid 1000. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sys/resource.h>

/* the new image: a summary of its environment and arguments */
static int child(int argc, char **argv) {
    size_t n = 0, bytes = 0, big = 0;
    for (char **e = environ; *e; e++) { n++; bytes += strlen(*e) + 1; if (strlen(*e) > big) big = strlen(*e); }
    size_t ab = 0;
    for (int i = 0; i < argc; i++) ab += strlen(argv[i]) + 1;
    printf("  env: %zu strings, %zu bytes, longest %zu; argv: %d strings, %zu bytes\n", n, bytes, big, argc, ab);
    const char *f = getenv("FIRST");
    printf("  FIRST=%s\n", f ? f : "(unset)");
    return 0;
}

static char **mkenv(size_t count, size_t each) {
    char **v = calloc(count + 2, sizeof *v);
    v[0] = A("MODE=child");
    for (size_t i = 0; i < count; i++) {
        v[i + 1] = malloc(each + 1);
        memset(v[i + 1], 'v', each);
        int k = snprintf(v[i + 1], each + 1, "V%zu=", i);
        v[i + 1][k] = 'v';
        v[i + 1][each] = 0;
    }
    return v;
}

int main(int argc, char **argv) {
    const char *mode = getenv("MODE");
    if (mode && !strcmp(mode, "child")) return child(argc, argv);
    setup("argmax");
    /* ARG_MAX is a quarter of the stack limit; fix the limit so both runs agree */
    struct rlimit rl = { 8 << 20, 8 << 20 };
    struct rlimit cur;
    MUST(getrlimit(RLIMIT_STACK, &cur));
    if (cur.rlim_max < rl.rlim_max) rl.rlim_max = rl.rlim_cur = cur.rlim_max;
    REPORT("setrlimit STACK 8M", setrlimit(RLIMIT_STACK, &rl));
    printf("sysconf(_SC_ARG_MAX): %ld\n", sysconf(_SC_ARG_MAX));
    char *av[] = { A("self"), NULL };
    char *one[] = { A("MODE=child"), A("FIRST=1"), NULL };
    printf("== one variable\n");
    try_execve("one variable", "./self", av, one);
    printf("== empty environment: sh counts what env shows\n");
    char *empty[] = { NULL };
    char *shav[] = { A("sh"), A("-c"), A("env | sed 's/=.*//'; echo \"PATH ${PATH+set}\""), NULL };
    try_execve("sh with empty env", "/bin/sh", shav, empty);
    printf("== NULL envp\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execve("/usr/bin/env", (char *[]){ A("env"), NULL }, NULL);
        printf("NULL envp: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("NULL envp", pid);
    struct { const char *label; size_t count, each; } t[] = {
        { "1000 x 1000 bytes (1 MB)", 1000, 1000 },
        { "1900 x 1000 bytes (1.9 MB)", 1900, 1000 },
        { "2200 x 1000 bytes (2.2 MB, over ARG_MAX)", 2200, 1000 },
        { "one string of 131071 bytes (under MAX_ARG_STRLEN)", 1, 131071 },
        { "one string of 131072 bytes (with NUL over MAX_ARG_STRLEN)", 1, 131072 },
        { "one string of 200000 bytes", 1, 200000 },
        { "100000 empty-ish strings", 100000, 3 },
        { "600000 tiny strings (pointer space over ARG_MAX)", 600000, 2 },
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        printf("== %s\n", t[i].label);
        char **e = mkenv(t[i].count, t[i].each);
        try_execve(t[i].label, "./self", av, e);
        for (size_t k = 0; k < t[i].count; k++) free(e[k + 1]);
        free(e);
    }
    printf("== huge argv instead (1.9 MB)\n");
    char **bigav = calloc(1902, sizeof *bigav);
    bigav[0] = A("self");
    for (int i = 1; i <= 1900; i++) { bigav[i] = malloc(1001); memset(bigav[i], 'a', 1000); bigav[i][1000] = 0; }
    try_execve("huge argv", "./self", bigav, one);
    /* a smaller stack limit lowers the bound */
    rl.rlim_cur = 1 << 20;
    REPORT("setrlimit STACK 1M", setrlimit(RLIMIT_STACK, &rl));
    printf("sysconf(_SC_ARG_MAX) with 1M stack: %ld\n", sysconf(_SC_ARG_MAX));
    char **e = mkenv(400, 1000);
    printf("== 400 KB env with 1M stack\n");
    try_execve("400 KB env, 1M stack", "./self", av, e);
    cleanup();
    return 0;
}

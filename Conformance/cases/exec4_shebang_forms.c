// syscalls: execve openat wait4 clone
// expect: same
/* Shebang forms: one argument (everything after the interpreter is one word, tabs and spaces
 * kept), none, nested scripts (a script as interpreter, two levels), CR at the end of the line
 * (the interpreter name or argument keeps the \r), sh -e, /usr/bin/env, a line longer than 256
 * bytes (the argument is cut), an interpreter path beyond 256 bytes, leading padding. The new
 * image prints its argv. Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

extern char **environ;
static char scratch[64];

static void put(const char *p, const char *text, mode_t m) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
    MUST(chmod(p, m));
}

/* Drop to uid/gid 1000 natively, make a scratch dir under /tmp the cwd, and copy this program
 * there as ./self (so the new image after an exec is this program again, run as --child). */
static void setup(const char *tag) {
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    MUST(exe);
    if (getuid() == 0) { MUST(setgroups(0, NULL)); MUST(setgid(1000)); MUST(setuid(1000)); }
    umask(022);
    snprintf(scratch, sizeof scratch, "/tmp/exec4-%s-XXXXXX", tag);
    if (!mkdtemp(scratch)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(scratch));
    int out = open("self", O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0755);
    MUST(out);
    char buf[65536];
    ssize_t n;
    while ((n = read(exe, buf, sizeof buf)) > 0) MUST(write(out, buf, n));
    close(out);
    close(exe);
}

static void cleanup(void) {
    MUST(chdir("/"));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { execl("/bin/rm", "rm", "-rf", scratch, (char *)NULL); _exit(127); }
    waitpid(pid, NULL, 0);
    struct stat st;
    FACT("cleaned up", stat(scratch, &st) != 0);
}

/* waits for a child that exits 100 after a failed exec (having printed the errno) */
static void finish(const char *label, pid_t pid) {
    int st;
    MUST(waitpid(pid, &st, 0));
    if (WIFEXITED(st) && WEXITSTATUS(st) != 100) printf("%s: ran, exit %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: signal %d\n", label, WTERMSIG(st));
}

static void try_execve(const char *label, const char *path, char *const argv[], char *const envp[]) {
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        execve(path, argv, envp);
        printf("%s: %s\n", label, errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish(label, pid);
}

static char *A(const char *a) { return (char *)a; }

/* The interpreter: prints its argv with the scratch path shown as <D>. */
static int child(int argc, char **argv) {
    size_t sl = strlen(scratch);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (sl && strncmp(a, scratch, sl) == 0) printf("  argv[%d]=<D>%s\n", i, a + sl);
        else if (strlen(a) > 40) printf("  argv[%d]=(%zu bytes)\n", i, strlen(a));
        else printf("  argv[%d]=[%s]\n", i, a);
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *d = getenv("D"); /* only the new images have it */
    if (d) {
        snprintf(scratch, sizeof scratch, "%s", d);
        return child(argc, argv);
    }
    setup("shebang");
    char dv[96];
    snprintf(dv, sizeof dv, "D=%s", scratch);
    char *envp[] = { A("PATH=/usr/bin:/bin"), dv, NULL };
    char p[1024];
    snprintf(p, sizeof p, "#!%s/self --child\n", scratch);
    put("one-arg", p, 0755);
    snprintf(p, sizeof p, "#!%s/self --child a b\tc\n", scratch);
    put("arg-with-spaces", p, 0755);
    snprintf(p, sizeof p, "#!%s/self\n", scratch);
    put("no-arg", p, 0755);
    snprintf(p, sizeof p, "#!%s/one-arg extra\n", scratch);
    put("nested", p, 0755);
    snprintf(p, sizeof p, "#!%s/nested\n", scratch);
    put("nested2", p, 0755);
    snprintf(p, sizeof p, "#!%s/self --child\r\n", scratch);
    put("crlf-arg", p, 0755);
    put("crlf", "#!/bin/sh\r\necho crlf\n", 0755);
    put("shell", "#!/bin/sh -e\necho \"shell $# $1\"\nfalse\necho not reached\n", 0755);
    put("env", "#!/usr/bin/env sh\necho via env\n", 0755);
    /* a shebang line longer than 256 bytes: the interpreter fits, the argument is cut */
    char longarg[400];
    memset(longarg, 'a', 350);
    longarg[350] = 0;
    snprintf(p, sizeof p, "#!%s/self --child %s\n", scratch, longarg);
    put("long-arg", p, 0755);
    /* an interpreter path that does not fit in the first 256 bytes */
    char longpath[400];
    memset(longpath, '/', 300);
    snprintf(longpath + 300, 100, "%s/self", scratch);
    snprintf(p, sizeof p, "#!%s\n", longpath);
    put("long-interp", p, 0755);
    /* exactly: whitespace padding after #! */
    snprintf(p, sizeof p, "#!%.*s%s/self --child\n", 200, "                                                                                                                                                                                                        ", scratch);
    put("padded", p, 0755);
    char *av[] = { A("argv0"), A("x"), A("y z"), NULL };
    const char *names[] = { "one-arg", "arg-with-spaces", "no-arg", "nested", "nested2", "crlf-arg", "crlf",
                            "shell", "env", "long-arg", "long-interp", "padded" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char path[64];
        snprintf(path, sizeof path, "./%s", names[i]);
        printf("== %s\n", names[i]);
        try_execve(names[i], path, av, envp);
    }
    cleanup();
    return 0;
}

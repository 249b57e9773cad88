// syscalls: execve openat wait4 clone
// expect: same
/* Shebang forms: one argument (everything after the interpreter is one word, tabs and spaces
 * kept), none, nested scripts (a script as interpreter, two levels), CR at the end of the line
 * (the interpreter name or argument keeps the \r), sh -e, /usr/bin/env, a line longer than 256
 * bytes (the argument is cut), an interpreter path beyond 256 bytes, leading padding. The new
 * image prints its argv. Runs as uid 1000. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

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

// syscalls: execve openat write close wait4 clone
// expect: same
/* execve of scripts: a shebang with one argument (passed as one word), with no space after #!,
 * with trailing spaces, an interpreter that is itself a script (nested), a missing interpreter
 * (ENOENT), a shebang chain deeper than the kernel allows (ELOOP), a directory as interpreter
 * (EACCES), a non-executable file (EACCES), a directory (EACCES), an empty file (ENOEXEC), a
 * file open for writing (ETXTBSY). Each exec runs in a forked child. */
#include "fs2_util.h"

extern char **environ;

static void put_mode(const char *p, const char *text, mode_t m) { put(p, text); MUST(chmod(p, m)); }

static void try_exec(const char *label, const char *path, const char *arg) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { (char *)path, (char *)arg, NULL };
        execve(path, argv, environ);
        printf("%s: %s\n", label, errname(errno));
        fflush(stdout);
        _exit(100);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) != 100) printf("%s: ran, exit %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", label, WTERMSIG(st));
}

int main(void) {
    enter_scratch("fs2-shebang");
    char p[512];
    /* the interpreter prints its argv; the script path shows relative to <dir> */
    put_mode("show", "#!/bin/sh\nn=0\nfor a in \"$0\" \"$@\"; do echo \"  argv[$n]=[${a#$D/}]\"; n=$((n+1)); done\nexit 5\n", 0755);
    snprintf(p, sizeof p, "#!%s/show one two  three\n", scratch);
    put_mode("args", p, 0755);
    snprintf(p, sizeof p, "#!%s/show\n", scratch);
    put_mode("noargs", p, 0755);
    snprintf(p, sizeof p, "#! %s/show   spaced   \n", scratch);
    put_mode("spaced", p, 0755);
    snprintf(p, sizeof p, "#!%s/args\n", scratch);
    put_mode("nested", p, 0755);
    put_mode("missing-interp", "#!/no/such/interpreter\n", 0755);
    put_mode("dir-interp", "#!/tmp\n", 0755);
    put_mode("noexec-interp", "#!/etc/passwd\n", 0755);
    put_mode("empty-shebang", "#!\n", 0755);
    put_mode("plain", "echo \"  no shebang, run by sh? exit 4\"; exit 4\n", 0755);
    put_mode("empty", "", 0755);
    put_mode("noexec", "#!/bin/sh\nexit 0\n", 0644);
    MUST(mkdir("dir", 0755));
    /* chain: r0 interprets by show; r1 by r0; ... */
    snprintf(p, sizeof p, "#!%s/show\n", scratch);
    put_mode("r0", p, 0755);
    for (int i = 1; i <= 6; i++) {
        char name[16];
        snprintf(p, sizeof p, "#!%s/r%d\n", scratch, i - 1);
        snprintf(name, sizeof name, "r%d", i);
        put_mode(name, p, 0755);
    }
    MUST(symlink("self-loop", "self-loop-target"));
    snprintf(p, sizeof p, "#!%s/loop\n", scratch);
    put_mode("loop", p, 0755);
    setenv("D", scratch, 1);

    try_exec("args", "./args", "x");
    try_exec("noargs", "./noargs", "x");
    try_exec("spaced", "./spaced", "x");
    try_exec("nested", "./nested", "x");
    for (int i = 1; i <= 6; i++) {
        char name[16], label[32];
        snprintf(name, sizeof name, "./r%d", i);
        snprintf(label, sizeof label, "chain depth %d", i + 1);
        try_exec(label, name, NULL);
    }
    try_exec("self-interpreting loop", "./loop", NULL);
    try_exec("missing interpreter", "./missing-interp", NULL);
    try_exec("dir as interpreter", "./dir-interp", NULL);
    try_exec("non-executable interpreter", "./noexec-interp", NULL);
    try_exec("empty shebang", "./empty-shebang", NULL);
    try_exec("no shebang", "./plain", NULL);
    try_exec("empty file", "./empty", NULL);
    try_exec("mode 0644", "./noexec", NULL);
    try_exec("directory", "./dir", NULL);
    try_exec("missing", "./nothing", NULL);
    try_exec("path with trailing slash", "./args/", NULL);
    int w = open("busy", O_CREAT | O_WRONLY, 0755);
    MUST(w);
    MUST(write(w, "#!/bin/sh\nexit 9\n", 17));
    try_exec("script open for writing", "./busy", NULL);
    {
        /* a binary open for writing: copy /bin/true */
        int in = open("/bin/true", O_RDONLY);
        int out = open("true-copy", O_CREAT | O_WRONLY, 0755);
        char buf[65536];
        ssize_t n;
        while ((n = read(in, buf, sizeof buf)) > 0) MUST(write(out, buf, n));
        close(in);
        try_exec("binary open for writing", "./true-copy", NULL);
        close(out);
        try_exec("binary after closing", "./true-copy", NULL);
        out = open("true-copy", O_RDWR);
        try_exec("binary open O_RDWR", "./true-copy", NULL);
        close(out);
    }
    close(w);
    try_exec("script after closing", "./busy", NULL);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        drop_to_user();
        put_mode("mine", "#!/bin/sh\nexit 0\n", 0644);
        try_exec("user: mode 0644", "./mine", NULL);
        MUST(chmod("mine", 0100));
        try_exec("user: mode 0100 script (unreadable)", "./mine", NULL);
        MUST(chmod("mine", 0500));
        try_exec("user: mode 0500 script", "./mine", NULL);
        fflush(stdout);
        _exit(0);
    }
    reap("child", pid);
    leave_scratch();
    return 0;
}

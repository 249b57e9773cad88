// syscalls: vfork execve wait4 openat newfstatat symlinkat mkdirat clone futex exit_group
// expect: same
/* vfork in a process whose other thread keeps making trapped calls; the vforked child execs
 * programs that cannot run (missing, a path through a file, not executable, a directory, garbage,
 * an empty file, a script whose interpreter is missing, a symlink loop, a name too long) and
 * reports the errno through the memory it shares with the parent, then a script that runs. The
 * parent resumes only after each child has exec'd or exited; the other thread never stalls. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[64];
static atomic_int stop, thread_errors, thread_calls;
static volatile int child_errno;

static void *busy(void *arg) {
    (void)arg;
    char p[128];
    snprintf(p, sizeof p, "%s/notexec", dir);
    while (!stop) {
        struct stat st;
        if (stat(p, &st) != 0) thread_errors++;
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0) thread_errors++;
        else close(fd);
        thread_calls++;
    }
    return NULL;
}

static void put(const char *name, const char *text, mode_t mode) {
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
    MUST(fd);
    if (*text) MUST(write(fd, text, strlen(text)));
    close(fd);
    MUST(chmod(p, mode));
}

static void try_exec(const char *label, const char *path) {
    child_errno = -1;
    char *argv[] = { (char *)"prog", NULL };
    char *envp[] = { NULL };
    pid_t c = vfork();
    if (c == 0) {
        execve(path, argv, envp);
        child_errno = errno;
        _exit(127);
    }
    if (c < 0) { printf("%s: vfork %s\n", label, errname(errno)); return; }
    /* the child has exec'd or exited by now: what it wrote is visible */
    int seen = child_errno;
    int st;
    waitpid(c, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127 && seen > 0)
        printf("%s: %s\n", label, errname(seen));
    else
        printf("%s: ran, exit %d\n", label, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

int main(void) {
    strcpy(dir, "/tmp/mt3-vfx-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    put("notexec", "#!/bin/sh\nexit 0\n", 0644);
    put("garbage", "\x01\x02\x03 not a program\n", 0755);
    put("empty", "", 0755);
    put("nointerp", "#!/nonexistent/interpreter\n", 0755);
    put("script", "#!/bin/sh\nexit 3\n", 0755);
    put("file", "x", 0644);
    char p[128], q[128];
    snprintf(p, sizeof p, "%s/sub", dir);
    MUST(mkdir(p, 0755));
    snprintf(p, sizeof p, "%s/loop1", dir);
    snprintf(q, sizeof q, "%s/loop2", dir);
    MUST(symlink(q, p));
    MUST(symlink(p, q));

    pthread_t t;
    MUST(-(pthread_create(&t, NULL, busy, NULL) != 0));
    struct { const char *label, *name; } cases[] = {
        { "missing program", "missing" }, { "through a file", "file/x" }, { "not executable", "notexec" },
        { "a directory", "sub" }, { "garbage", "garbage" }, { "empty file", "empty" },
        { "missing interpreter", "nointerp" }, { "symlink loop", "loop1" }, { "script", "script" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, cases[i].name);
        try_exec(cases[i].label, p);
    }
    static char longname[5000];
    memset(longname, 'a', sizeof longname - 1);
    longname[0] = '/';
    try_exec("name too long", longname);
    try_exec("relative missing", "no-such-program-here");
    stop = 1;
    pthread_join(t, NULL);
    printf("the other thread made calls: %s, errors: %d\n", thread_calls > 0 ? "yes" : "no", thread_errors);

    const char *names[] = { "notexec", "garbage", "empty", "nointerp", "script", "file", "loop1", "loop2" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) { snprintf(p, sizeof p, "%s/%s", dir, names[i]); unlink(p); }
    snprintf(p, sizeof p, "%s/sub", dir);
    rmdir(p);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}

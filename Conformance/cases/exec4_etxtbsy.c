// syscalls: execve openat truncate unlink rename kill wait4 clone
// expect: same
/* ETXTBSY: execve of a binary open for writing (also through a dup), opening a running binary
 * for writing or truncating it; a script open for writing, and a script whose interpreter is
 * open for writing (what the kernel answers for each); an O_CLOEXEC writer
 * of the caller still blocks its own exec; rename of a new copy over a file then exec. Runs as
 * uid 1000. */
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

int main(int argc, char **argv) {
    if (getenv("D")) { pause(); return 0; } /* the running image: waits to be killed */
    setup("txtbsy");
    char *envp[] = { A("D=1"), NULL };
    char *av[] = { A("x"), NULL };
    /* a binary open for writing cannot be executed */
    int w = open("self", O_WRONLY);
    MUST(w);
    try_execve("exec of a binary open O_WRONLY", "./self", av, envp);
    int w2 = dup(w);
    close(w);
    try_execve("exec while a dup of the writer is open", "./self", av, envp);
    close(w2);
    int r = open("self", O_RDONLY);
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) { execve("./self", av, envp); _exit(100); }
    usleep(300000);
    REPORT("open O_WRONLY of a running binary", open("self", O_WRONLY));
    REPORT("open O_RDWR of a running binary", open("self", O_RDWR));
    REPORT("open O_RDONLY of a running binary", open("self", O_RDONLY));
    REPORT("truncate of a running binary", truncate("self", 0));
    REPORT("unlink of a running binary", unlink("self"));
    MUST(kill(pid, SIGKILL));
    int st;
    MUST(waitpid(pid, &st, 0));
    printf("runner killed: %s\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? "yes" : "no");
    close(r);
    /* a script: the script file itself is not the mapped executable */
    put("script", "#!/bin/sh\nexit 3\n", 0755);
    w = open("script", O_WRONLY | O_APPEND);
    MUST(w);
    try_execve("exec of a script open O_WRONLY", "./script", av, envp);
    close(w);
    try_execve("exec of the script after close", "./script", av, envp);
    /* the interpreter of a script open for writing */
    int in = open("/bin/sh", O_RDONLY);
    int out = open("mysh", O_CREAT | O_WRONLY, 0755);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) MUST(write(out, buf, n));
    close(in);
    char p[128];
    snprintf(p, sizeof p, "#!%s/mysh\nexit 4\n", scratch);
    put("uses-mysh", p, 0755);
    try_execve("script whose interpreter is open for writing", "./uses-mysh", av, envp);
    close(out);
    try_execve("script whose interpreter was closed", "./uses-mysh", av, envp);
    /* O_WRONLY in a child that then execs itself: the child's own writer */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        int fw = open("mysh", O_WRONLY | O_CLOEXEC);
        execl("./mysh", "mysh", "-c", "exit 5", (char *)NULL);
        printf("exec own O_CLOEXEC writer: %s\n", errname(errno));
        fflush(stdout);
        close(fw);
        _exit(100);
    }
    finish("exec own O_CLOEXEC writer", pid);
    /* copy-then-exec through rename: a new file over the running one is fine */
    out = open("new", O_CREAT | O_WRONLY, 0755);
    in = open("mysh", O_RDONLY);
    while ((n = read(in, buf, sizeof buf)) > 0) MUST(write(out, buf, n));
    close(in);
    close(out);
    REPORT("rename new over mysh", rename("new", "mysh"));
    try_execve("exec after rename", "./mysh", (char *[]){ A("mysh"), A("-c"), A("exit 6"), NULL }, envp);
    cleanup();
    return 0;
}

// syscalls: execveat openat symlinkat pipe2 clone wait4 close
// expect: same
/* execveat from a thread of a forked child, on descriptors a thread opened with trapped openat:
 * AT_EMPTY_PATH on an O_PATH and on an O_RDONLY|O_CLOEXEC descriptor of a program runs it; on a
 * script it runs unless the descriptor is close-on-exec (the interpreter could not open
 * /dev/fd/N: ENOENT); on a directory, a non-executable file or a pipe it is EACCES; a name relative
 * to a directory descriptor runs; AT_SYMLINK_NOFOLLOW on a link is ELOOP; an empty name without
 * AT_EMPTY_PATH is ENOENT; a closed descriptor EBADF; unknown flags EINVAL. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char dir[64], self[512];
static int exec_fd, exec_flags;
static const char *exec_name;

static void *execer(void *arg) {
    (void)arg;
    char *argv[] = { (char *)"probe", (char *)"--probe", NULL };
    char *envp[] = { (char *)"PATH=/usr/bin:/bin", NULL };
    syscall(SYS_execveat, exec_fd, exec_name, argv, envp, exec_flags);
    _exit(100 + errno);
}

static int opened;
static const char *open_path;
static int open_flags;
static void *opener(void *arg) { (void)arg; opened = openat(AT_FDCWD, open_path, open_flags); return NULL; }

/* openat in a thread (the descriptor belongs to the process) */
static int thread_open(const char *path, int flags) {
    open_path = path;
    open_flags = flags;
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, opener, NULL) != 0));
    pthread_join(t, NULL);
    return opened;
}

static void attempt(const char *label, int fd, const char *name, int flags) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        exec_fd = fd;
        exec_name = name;
        exec_flags = flags;
        pthread_t t;
        pthread_create(&t, NULL, execer, NULL);
        pthread_join(t, NULL);
        _exit(99);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (code >= 100) printf("%s: %s\n", label, errname(code - 100));
    else printf("%s: ran, exit %d\n", label, code);
    fflush(stdout);
}

static void put(const char *name, const char *text, mode_t mode) {
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, mode);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--probe")) return 5;
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    MUST(n);
    self[n] = 0;
    strcpy(dir, "/tmp/mt3-eat-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    /* the script reports how it was named: /dev/fd/N when run through a descriptor */
    put("script", "#!/bin/sh\ncase \"$0\" in /dev/fd/*) exit 7;; *) exit 8;; esac\n", 0755);
    put("plain", "data\n", 0644);
    char p[128];
    snprintf(p, sizeof p, "%s/link", dir);
    MUST(symlink("script", p));

    int prog_path = thread_open(self, O_PATH);
    int prog_ro = thread_open(self, O_RDONLY | O_CLOEXEC);
    snprintf(p, sizeof p, "%s/script", dir);
    int script_path = thread_open(p, O_PATH);
    int script_cloexec = thread_open(p, O_PATH | O_CLOEXEC);
    int dirfd = thread_open(dir, O_RDONLY | O_DIRECTORY);
    snprintf(p, sizeof p, "%s/plain", dir);
    int plain = thread_open(p, O_RDONLY);
    int pp[2];
    MUST(pipe2(pp, 0));
    printf("descriptors opened in threads: %s\n",
           prog_path >= 0 && prog_ro >= 0 && script_path >= 0 && script_cloexec >= 0 && dirfd >= 0 && plain >= 0 ? "yes" : "no");

    attempt("program, O_PATH, AT_EMPTY_PATH", prog_path, "", AT_EMPTY_PATH);
    attempt("program, O_RDONLY|O_CLOEXEC, AT_EMPTY_PATH", prog_ro, "", AT_EMPTY_PATH);
    attempt("script, O_PATH, AT_EMPTY_PATH", script_path, "", AT_EMPTY_PATH);
    attempt("script, O_PATH|O_CLOEXEC, AT_EMPTY_PATH", script_cloexec, "", AT_EMPTY_PATH);
    attempt("directory, AT_EMPTY_PATH", dirfd, "", AT_EMPTY_PATH);
    attempt("non-executable file, AT_EMPTY_PATH", plain, "", AT_EMPTY_PATH);
    attempt("pipe, AT_EMPTY_PATH", pp[0], "", AT_EMPTY_PATH);
    attempt("relative to a directory descriptor", dirfd, "script", 0);
    attempt("relative symlink, followed", dirfd, "link", 0);
    attempt("relative symlink, AT_SYMLINK_NOFOLLOW", dirfd, "link", AT_SYMLINK_NOFOLLOW);
    attempt("empty name without AT_EMPTY_PATH", prog_path, "", 0);
    attempt("relative missing name", dirfd, "missing", 0);
    attempt("relative name on a file descriptor", plain, "x", 0);
    attempt("closed descriptor, AT_EMPTY_PATH", 900, "", AT_EMPTY_PATH);
    attempt("unknown flag", prog_path, "", AT_EMPTY_PATH | 0x8000000);
    attempt("absolute name ignores the descriptor", 900, self, 0);

    close(prog_path); close(prog_ro); close(script_path); close(script_cloexec); close(dirfd); close(plain);
    close(pp[0]); close(pp[1]);
    const char *names[] = { "script", "plain", "link" };
    for (int i = 0; i < 3; i++) { snprintf(p, sizeof p, "%s/%s", dir, names[i]); unlink(p); }
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}

// syscalls: execve execveat openat close wait4 clone
// expect: same
/* Executing by path: shebang scripts written to /tmp (with arguments, nested interpreters,
 * a missing interpreter), files that cannot be executed (no x bit, directories, garbage,
 * empty, open for writing), execveat relative to a directory fd, with AT_EMPTY_PATH on an
 * O_PATH fd, with AT_SYMLINK_NOFOLLOW, and a script run through a close-on-exec fd.
 * Each exec happens in a forked child; the parent prints how it ended. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

extern char **environ;
static const char *self;

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static void put(const char *path, const char *text, mode_t mode) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    MUST(close(fd));
    MUST(chmod(path, mode));
}

/* Run one exec attempt in a child: it prints "label: ENAME" if the exec fails. */
#define TRY(label, call) do {                                               \
        fflush(stdout);                                                     \
        pid_t pid_ = fork();                                                \
        if (pid_ == 0) {                                                    \
            long r_ = (long)(call);                                         \
            printf("%s: %s\n", (label), r_ == -1 ? errname(errno) : "returned?"); \
            fflush(stdout);                                                 \
            _exit(100);                                                     \
        }                                                                   \
        int st_;                                                            \
        waitpid(pid_, &st_, 0);                                             \
        if (WIFEXITED(st_) && WEXITSTATUS(st_) != 100)                      \
            printf("%s: ran, exit %d\n", (label), WEXITSTATUS(st_));        \
        else if (WIFSIGNALED(st_))                                          \
            printf("%s: killed by signal %d\n", (label), WTERMSIG(st_));    \
    } while (0)

static long ve(const char *path, const char *a1) {
    char *argv[] = { (char *)path, (char *)a1, NULL };
    return syscall(SYS_execve, path, argv, environ);
}

static long vat(int dirfd, const char *path, const char *a1, int flags) {
    char *argv[] = { (char *)"prog", (char *)a1, NULL };
    return syscall(SYS_execveat, dirfd, path, argv, environ, flags);
}

int main(int argc, char **argv) {
    if (argc > 1 && strncmp(argv[1], "child:", 6) == 0) {
        printf("  in the re-executed binary: %s, argc=%d\n", argv[1] + 6, argc);
        return 7;
    }
    self = argv[0];
    umask(022);
    char dir[] = "/tmp/conf-fsexec-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    char p[512];

    put("script", "#!/bin/sh\necho \"  script says: $1\"\nexit 3\n", 0755);
    put("script-args", "#!/bin/sh -e\necho \"  sh -e ran: $1\"\nfalse\necho not reached\n", 0755);
    put("nointerp", "#!/nonexistent/interpreter\n", 0755);
    put("garbage", "this is not an executable\n", 0755);
    put("empty", "", 0755);
    put("noexec", "#!/bin/sh\necho should not run\n", 0644);
    /* nested interpreters: s1 is run by s0 is run by /bin/sh; a chain of 5 scripts is too deep */
    put("s0", "#!/bin/sh\necho \"  s0 interprets: ${1##*/} ${2##*/}\"\n", 0755);
    snprintf(p, sizeof p, "#!%s/s0\n", dir);
    put("s1", p, 0755);
    for (int i = 2; i <= 6; i++) {
        char name[8], text[600];
        snprintf(name, sizeof name, "s%d", i);
        snprintf(text, sizeof text, "#!%s/s%d\n", dir, i - 1);
        put(name, text, 0755);
    }
    MUST(mkdir("d", 0755));
    MUST(symlink("script", "lscript"));
    snprintf(p, sizeof p, "%s/script", dir);

    TRY("execve /bin/true", ve("/bin/true", NULL));
    TRY("execve /usr/bin/env true", ve("/usr/bin/env", "true"));
    TRY("execve own binary", ve(self, "child:execve"));
    TRY("execve shebang script (absolute)", ve(p, "hello"));
    TRY("execve shebang script (relative)", ve("./script", "relative"));
    TRY("execve script via symlink", ve("lscript", "via link"));
    TRY("execve #!/bin/sh -e", ve("script-args", "arg"));
    TRY("execve script with missing interpreter", ve("nointerp", NULL));
    TRY("execve one nested interpreter", ve("s1", "x"));
    TRY("execve four nested interpreters", ve("s4", "x"));
    TRY("execve five nested interpreters", ve("s5", "x"));
    TRY("execve six nested interpreters", ve("s6", "x"));
    TRY("execve non-executable file", ve("noexec", NULL));
    TRY("execve garbage with x bit", ve("garbage", NULL));
    TRY("execve empty file with x bit", ve("empty", NULL));
    TRY("execve a directory", ve("d", NULL));
    TRY("execve /dev/null", ve("/dev/null", NULL));
    TRY("execve missing", ve("missing", NULL));
    TRY("execve script/x", ve("script/x", NULL));
    TRY("execve script/ (trailing slash)", ve("script/", NULL));
    TRY("execve \"\"", ve("", NULL));
    TRY("execve NULL path", syscall(SYS_execve, NULL, argv, environ));
    TRY("execve bad argv", syscall(SYS_execve, "/bin/true", (void *)1, environ));
    {
        int w = open("busy", O_CREAT | O_WRONLY, 0755);
        MUST(w);
        MUST(write(w, "#!/bin/sh\n", 10));
        TRY("execve a file open for writing", ve("busy", NULL));
        close(w);
        TRY("execve it after close", ve("busy", NULL));
    }

    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int self_path = open(self, O_PATH);
    MUST(self_path);
    TRY("execveat(O_PATH fd of own binary, \"\", AT_EMPTY_PATH)", vat(self_path, "", "child:execveat", AT_EMPTY_PATH));
    TRY("execveat(O_PATH fd, \"\", 0)", vat(self_path, "", "child:x", 0));
    int self_rd = open(self, O_RDONLY | O_CLOEXEC);
    MUST(self_rd);
    TRY("execveat(O_RDONLY|O_CLOEXEC fd of binary, AT_EMPTY_PATH)", vat(self_rd, "", "child:cloexec-binary", AT_EMPTY_PATH));
    close(self_rd);
    TRY("execveat(dir fd, \"script\")", vat(dfd, "script", "from dirfd", 0));
    TRY("execveat(AT_FDCWD, \"script\")", vat(AT_FDCWD, "script", "from cwd", 0));
    TRY("execveat(dir fd, absolute)", vat(dfd, "/bin/true", NULL, 0));
    TRY("execveat AT_SYMLINK_NOFOLLOW on a symlink", vat(dfd, "lscript", NULL, AT_SYMLINK_NOFOLLOW));
    TRY("execveat AT_SYMLINK_NOFOLLOW on a file", vat(dfd, "script", "nofollow ok", AT_SYMLINK_NOFOLLOW));
    int sfd = open("script", O_RDONLY);
    MUST(sfd);
    TRY("execveat(script fd, \"\", AT_EMPTY_PATH)", vat(sfd, "", "through /dev/fd", AT_EMPTY_PATH));
    close(sfd);
    sfd = open("script", O_RDONLY | O_CLOEXEC);
    MUST(sfd);
    TRY("execveat(O_CLOEXEC script fd, \"\", AT_EMPTY_PATH)", vat(sfd, "", "x", AT_EMPTY_PATH));
    close(sfd);
    int nfd = open("noexec", O_PATH);
    TRY("execveat(O_PATH fd of non-executable, AT_EMPTY_PATH)", vat(nfd, "", NULL, AT_EMPTY_PATH));
    close(nfd);
    TRY("execveat(dir fd, \"\", AT_EMPTY_PATH)", vat(dfd, "", NULL, AT_EMPTY_PATH));
    TRY("execveat bad flags", vat(dfd, "script", NULL, 0x4));
    TRY("execveat bad fd", vat(9999, "script", NULL, 0));
    TRY("execveat(-1, relative)", vat(-1, "script", NULL, 0));
    TRY("execveat(file fd, relative)", vat(self_path, "script", NULL, 0));
    TRY("execveat missing", vat(dfd, "missing", NULL, 0));
    close(self_path);
    close(dfd);

    MUST(chdir("/"));
    MUST(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    struct stat st;
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}

// syscalls: execve execveat
// expect: same
/* execve/execveat error paths (nothing here may succeed): the path is copied before execveat's
 * flags are checked (EFAULT and ENOENT for an empty path without AT_EMPTY_PATH come before
 * EINVAL); AT_EMPTY_PATH on AT_FDCWD (the working directory), on closed, O_PATH, pipe and
 * directory descriptors; AT_SYMLINK_NOFOLLOW on symlinks; dirfds that are files or bad;
 * non-executable files, directories, trailing slashes, loops, /proc/self/fd of a pipe; files
 * that are executable but not a known format (ENOEXEC) with bad argv (EFAULT first). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static char *argv0[] = { "x", NULL };
static char *envp0[] = { NULL };

static long ex(const char *p, char **argv) { return syscall(SYS_execve, p, argv, envp0); }
static long exat(int fd, const char *p, char **argv, long flags) {
    return syscall(SYS_execveat, fd, p, argv, envp0, flags);
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    edge[-1] = 'f';
    enter_scratch("err3-exec");
    put("f", "not a program\n");
    put("garbage", "\x01\x02\x03 not a known format\n");
    MUST(chmod("garbage", 0755));
    put("empty", "");
    MUST(chmod("empty", 0755));
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("garbage", "lgarbage"));
    MUST(symlink("nowhere", "dangling"));
    MUST(symlink("loop", "loop"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int gfd = open("garbage", O_RDONLY);
    MUST(gfd);
    int gpath = open("garbage", O_PATH);
    MUST(gpath);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int dpath = open("d", O_PATH);
    MUST(dpath);
    int pp[2];
    MUST(pipe(pp));
    int closed = fcntl(ffd, F_DUPFD, 900);   /* a number nothing reuses */
    MUST(closed);
    close(closed);
    char pipe_link[64];
    snprintf(pipe_link, sizeof pipe_link, "/proc/self/fd/%d", pp[0]);

    REPORT("execve NULL path", ex(NULL, argv0));
    REPORT("execve (void*)1 path", ex((const char *)1, argv0));
    REPORT("execve path unterminated at edge", ex(edge - 1, argv0));
    REPORT("execve empty path", ex("", argv0));
    REPORT("execve missing", ex("missing", argv0));
    REPORT("execve missing/x", ex("missing/x", argv0));
    REPORT("execve f/x", ex("f/x", argv0));
    REPORT("execve non-executable file", ex("f", argv0));
    REPORT("execve non-executable file, argv (void*)1", ex("f", (char **)1));
    REPORT("execve f/", ex("f/", argv0));
    REPORT("execve garbage/", ex("garbage/", argv0));
    REPORT("execve directory", ex("d", argv0));
    REPORT("execve d/", ex("d/", argv0));
    REPORT("execve dangling", ex("dangling", argv0));
    REPORT("execve loop", ex("loop", argv0));
    REPORT("execve unknown format", ex("garbage", argv0));
    REPORT("execve empty file 0755", ex("empty", argv0));
    REPORT("execve unknown format, argv (void*)1", ex("garbage", (char **)1));
    REPORT("execve unknown format via symlink", ex("lgarbage", argv0));
    REPORT("execve /proc/self/fd of a pipe", ex(pipe_link, argv0));

    REPORT("execveat flags 0x1", exat(AT_FDCWD, "garbage", argv0, 1));
    REPORT("execveat flags -1", exat(AT_FDCWD, "garbage", argv0, -1));
    REPORT("execveat flags 0x1, NULL path", exat(AT_FDCWD, NULL, argv0, 1));
    REPORT("execveat flags 0x1, empty path", exat(AT_FDCWD, "", argv0, 1));
    REPORT("execveat flags 0x1, path unterminated at edge", exat(AT_FDCWD, edge - 1, argv0, 1));
    REPORT("execveat flags AT_REMOVEDIR, missing", exat(AT_FDCWD, "missing", argv0, AT_REMOVEDIR));
    REPORT("execveat flags AT_EMPTY_PATH|0x1, fd", exat(gfd, "", argv0, AT_EMPTY_PATH | 1));
    REPORT("execveat empty path, no flag, fd", exat(gfd, "", argv0, 0));
    REPORT("execveat AT_EMPTY_PATH, AT_FDCWD", exat(AT_FDCWD, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, closed fd", exat(closed, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, fd -1", exat(-1, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, fd INT_MAX", exat(INT_MAX, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, non-executable fd", exat(ffd, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, unknown format fd", exat(gfd, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, unknown format O_PATH fd", exat(gpath, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, dir fd", exat(dfd, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, O_PATH dir fd", exat(dpath, "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, pipe", exat(pp[0], "", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH, NULL path, fd", exat(gfd, NULL, argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_EMPTY_PATH with a path", exat(dfd, "../garbage", argv0, AT_EMPTY_PATH));
    REPORT("execveat AT_SYMLINK_NOFOLLOW on symlink", exat(AT_FDCWD, "lgarbage", argv0, AT_SYMLINK_NOFOLLOW));
    REPORT("execveat AT_SYMLINK_NOFOLLOW on symlink to f", exat(AT_FDCWD, "lf", argv0, AT_SYMLINK_NOFOLLOW));
    REPORT("execveat AT_SYMLINK_NOFOLLOW on dangling", exat(AT_FDCWD, "dangling", argv0, AT_SYMLINK_NOFOLLOW));
    REPORT("execveat AT_SYMLINK_NOFOLLOW on lgarbage/", exat(AT_FDCWD, "lgarbage/", argv0, AT_SYMLINK_NOFOLLOW));
    REPORT("execveat file dirfd", exat(ffd, "x", argv0, 0));
    REPORT("execveat O_PATH file dirfd", exat(gpath, "x", argv0, 0));
    REPORT("execveat dirfd -1, relative", exat(-1, "garbage", argv0, 0));
    REPORT("execveat closed dirfd, relative", exat(closed, "garbage", argv0, 0));
    REPORT("execveat dir fd, ../garbage", exat(dfd, "../garbage", argv0, 0));
    REPORT("execveat O_PATH dir fd, ../f", exat(dpath, "../f", argv0, 0));
    close(ffd); close(gfd); close(gpath); close(dfd); close(dpath); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}

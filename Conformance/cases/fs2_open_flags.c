// syscalls: openat fstat fchdir getdents64 read write newfstatat fchmod fgetxattr ioctl close
// expect: same
// normalize: unaligned write: 
//   the file system decides: /tmp is a tmpfs of the sandbox's (ext4 on this host natively).
// normalize: user: O_NOATIME on a root-or-own readable file: 
// expect-sandbox: user: O_NOATIME on a root-or-own readable file: ok
//   deliberate: files the invoker owns are the guest's own inside (Docs/fd-model.md); the native run is root.
/* O_PATH descriptors: fstat, fchdir, openat relative to them, *at with AT_EMPTY_PATH, and
 * what they refuse (read, write, fchmod: EBADF); reopen through /proc/self/fd; O_PATH of a
 * symlink with O_NOFOLLOW; O_NOATIME on an own file; O_DIRECT on a /tmp file (EINVAL or ok,
 * and whether unaligned I/O then fails); O_DIRECTORY on a file; O_NOFOLLOW|O_CREAT. */
#include "fs2_util.h"

int main(void) {
    enter_scratch("fs2-oflags");
    MUST(mkdir("d", 0755));
    put("d/f", "content");
    MUST(symlink("d/f", "lf"));
    struct stat st;
    int p = open("d", O_PATH);
    MUST(p);
    REPORT("fstat(O_PATH dir)", fstat(p, &st));
    FACT("  is a dir", S_ISDIR(st.st_mode));
    int flags = fcntl(p, F_GETFL);
    FACT("F_GETFL shows O_PATH", (flags & O_PATH) == O_PATH);
    int f = openat(p, "f", O_RDONLY);
    REPORT("openat(O_PATH dir, f)", f);
    char buf[32] = {0};
    if (f >= 0) { MUST(read(f, buf, sizeof buf - 1)); printf("  reads: %s\n", buf); close(f); }
    REPORT("fstatat(O_PATH dir, f)", fstatat(p, "f", &st, 0));
    char dents[512];
    REPORT("getdents64(O_PATH dir)", syscall(SYS_getdents64, p, dents, sizeof dents));
    REPORT("fchdir(O_PATH dir)", fchdir(p));
    REPORT("open f relative to new cwd", f = open("f", O_RDONLY));
    if (f >= 0) close(f);
    MUST(chdir(scratch));
    close(p);
    p = open("d/f", O_PATH);
    MUST(p);
    REPORT("read(O_PATH file)", read(p, buf, 4));
    REPORT("write(O_PATH file)", write(p, "x", 1));
    REPORT("fchmod(O_PATH file)", fchmod(p, 0600));
    REPORT("fstat(O_PATH file)", fstat(p, &st));
    printf("  size: %ld\n", (long)st.st_size);
    REPORT("fstatat(O_PATH file, \"\", AT_EMPTY_PATH)", fstatat(p, "", &st, AT_EMPTY_PATH));
    REPORT("openat(O_PATH file, \"x\")", openat(p, "x", O_RDONLY));
    REPORT("fchdir(O_PATH file)", fchdir(p));
    REPORT("dup(O_PATH)", f = dup(p));
    close(f);
    REPORT("lseek(O_PATH)", lseek(p, 0, SEEK_SET));
    char l[64];
    snprintf(l, sizeof l, "/proc/self/fd/%d", p);
    f = open(l, O_RDWR);
    REPORT("reopen O_PATH via /proc/self/fd O_RDWR", f);
    if (f >= 0) { memset(buf, 0, sizeof buf); MUST(read(f, buf, 7)); printf("  reads: %s\n", buf); close(f); }
    close(p);
    p = open("lf", O_PATH | O_NOFOLLOW);
    REPORT("O_PATH|O_NOFOLLOW on symlink", p);
    MUST(fstat(p, &st));
    FACT("  fstat sees the link", S_ISLNK(st.st_mode));
    REPORT("fstatat(link fd, \"\", AT_EMPTY_PATH)", fstatat(p, "", &st, AT_EMPTY_PATH));
    FACT("  still the link", S_ISLNK(st.st_mode));
    snprintf(l, sizeof l, "/proc/self/fd/%d", p);
    OPEN("reopen symlink O_PATH fd via /proc", open(l, O_RDONLY));
    close(p);
    OPEN("O_NOFOLLOW on symlink (no O_PATH)", open("lf", O_RDONLY | O_NOFOLLOW));
    OPEN("O_NOFOLLOW|O_CREAT on symlink", open("lf", O_RDWR | O_NOFOLLOW | O_CREAT, 0644));
    OPEN("O_NOFOLLOW on symlink in a middle component", open("lf/../d/f", O_RDONLY | O_NOFOLLOW));
    OPEN("O_DIRECTORY on a file", open("d/f", O_RDONLY | O_DIRECTORY));
    OPEN("O_DIRECTORY on symlink to file", open("lf", O_RDONLY | O_DIRECTORY));
    OPEN("O_DIRECTORY|O_CREAT new", open("newdir", O_RDONLY | O_DIRECTORY | O_CREAT, 0755));
    FACT("  nothing created", lstat("newdir", &st) != 0);
    OPEN("O_PATH|O_CREAT (O_CREAT ignored?)", open("pathcreat", O_PATH | O_CREAT, 0644));
    FACT("  created", lstat("pathcreat", &st) == 0);
    OPEN("O_WRONLY on a dir", open("d", O_WRONLY));
    OPEN("O_RDWR|O_WRONLY (3) on a file", open("d/f", 3));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        drop_to_user();
        put("mine", "m");
        OPEN("user: O_NOATIME on own file", open("mine", O_RDONLY | O_NOATIME));
        OPEN("user: O_NOATIME on a root-or-own readable file", open("/etc/passwd", O_RDONLY | O_NOATIME));
        fflush(stdout);
        _exit(0);
    }
    reap("child", pid);
    /* O_DIRECT */
    int dfd = open("direct", O_CREAT | O_RDWR | O_DIRECT, 0644);
    printf("O_DIRECT open: %s\n", dfd >= 0 ? "ok" : errname(errno));
    if (dfd >= 0) {
        FACT("F_GETFL shows O_DIRECT", fcntl(dfd, F_GETFL) & O_DIRECT);
        void *al;
        MUST(posix_memalign(&al, 4096, 8192) ? -1 : 0);
        memset(al, 'a', 8192);
        VALUE("aligned write 4096", pwrite(dfd, al, 4096, 0));
        long r = pwrite(dfd, (char *)al + 1, 100, 1);
        printf("unaligned write: %s\n", r >= 0 ? "ok" : errname(errno));
        VALUE("aligned read 4096", pread(dfd, al, 4096, 0));
        close(dfd);
    }
    leave_scratch();
    return 0;
}

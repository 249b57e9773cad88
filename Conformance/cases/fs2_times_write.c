// syscalls: write pwrite64 read fchmod chmod link rename unlink truncate ftruncate utimensat openat newfstatat mkdir
// expect: same
/* Which timestamps change: start every file from fixed old times, then write, read, chmod,
 * link, rename, truncate, create in a dir, and print which of atime/mtime/ctime moved (never
 * the times themselves). */
#include "fs2_util.h"

static struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

static void reset(const char *p) { MUST(utimensat(AT_FDCWD, p, old, AT_SYMLINK_NOFOLLOW)); }

/* ctime cannot be set: remember it before the operation */
static struct stat before;
static void snap(const char *p) { MUST(lstat(p, &before)); }

static int later(struct timespec a, struct timespec b) {
    return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}
static int same(struct timespec a, struct timespec b) { return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec; }

static void changed(const char *label, const char *p) {
    struct stat st;
    if (lstat(p, &st)) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: atime %s, mtime %s, ctime %s\n", label,
           st.st_atim.tv_sec == 1000000000 ? "kept" : later(st.st_atim, before.st_atim) ? "later" : "other",
           st.st_mtim.tv_sec == 1000000000 ? "kept" : later(st.st_mtim, before.st_mtim) ? "later" : "other",
           same(st.st_ctim, before.st_ctim) ? "kept" : later(st.st_ctim, before.st_ctim) ? "later" : "earlier?");
}

static void tick(void) { struct timespec ts = { 0, 20000000 }; nanosleep(&ts, NULL); }

int main(void) {
    enter_scratch("fs2-times");
    put("f", "0123456789");
    MUST(mkdir("d", 0755));
    int fd = open("f", O_RDWR);
    MUST(fd);
#define STEP(label, path, op) do { reset(path); snap(path); tick(); op; changed(label, path); } while (0)
    char buf[8];
    STEP("write", "f", MUST(write(fd, "ab", 2)));
    STEP("pwrite", "f", MUST(pwrite(fd, "cd", 2, 5)));
    STEP("write of 0 bytes", "f", MUST(write(fd, "", 0)));
    STEP("read (atime before mtime, relatime updates)", "f", MUST(pread(fd, buf, 4, 0)));
    STEP("fchmod", "f", MUST(fchmod(fd, 0600)));
    STEP("chmod to the same mode", "f", MUST(chmod("f", 0600)));
    STEP("link", "f", MUST(link("f", "f2")));
    STEP("unlink other name", "f", MUST(unlink("f2")));
    reset("f"); snap("f"); tick(); MUST(rename("f", "g")); changed("rename", "g");
    MUST(rename("g", "f"));
    STEP("ftruncate shorter", "f", MUST(ftruncate(fd, 4)));
    STEP("ftruncate same size", "f", MUST(ftruncate(fd, 4)));
    STEP("truncate longer", "f", MUST(truncate("f", 100)));
    STEP("open O_TRUNC", "f", MUST(close(open("f", O_WRONLY | O_TRUNC))));
    STEP("open O_TRUNC of empty file", "f", MUST(close(open("f", O_WRONLY | O_TRUNC))));
    STEP("utimensat NULL", "f", MUST(utimensat(AT_FDCWD, "f", NULL, 0)));
    STEP("dir: create an entry", "d", put("d/x", "x"));
    STEP("dir: rename inside", "d", MUST(rename("d/x", "d/y")));
    STEP("dir: unlink an entry", "d", MUST(unlink("d/y")));
    STEP("dir: mkdir inside", "d", MUST(mkdir("d/sub", 0755)));
    STEP("dir: chmod", "d", MUST(chmod("d", 0700)));
    STEP("dir: open and list", "d", ({ int dfd = open("d", O_RDONLY | O_DIRECTORY); char b[512]; syscall(SYS_getdents64, dfd, b, sizeof b); close(dfd); }));
    reset("d/sub"); snap("d/sub"); tick(); MUST(rename("d/sub", "sub")); changed("dir: moved into another dir (its ..)", "sub");
    MUST(symlink("f", "l"));
    STEP("symlink: readlink", "l", ({ char b[8]; MUST(readlink("l", b, sizeof b)); }));
    close(fd);
    leave_scratch();
    return 0;
}

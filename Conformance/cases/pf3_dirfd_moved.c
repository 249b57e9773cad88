// syscalls: openat mkdirat unlinkat renameat linkat symlinkat readlinkat newfstatat fstat readlink rename rmdir mkdir fchdir
// expect: same
/* *at calls through a directory descriptor whose directory moved: after A/d is renamed to B/e,
 * openat finds its files and creates new ones there (seen as B/e/...), ".." through it is B,
 * mkdirat/renameat/linkat/symlinkat/readlinkat/unlinkat work relative to it, /proc/self/fd/N
 * names the new path; after its parent is renamed too, ".." is the renamed parent; a new
 * directory made at the old name is a different one; fchdir into the moved directory and a
 * relative open land there. Once the directory is removed: creating through the fd is ENOENT,
 * looking up an existing-looking name is ENOENT, and ".." still opens its last parent. */
#include "fs2_util.h"

static ino_t ino(const char *p) { struct stat st; return stat(p, &st) == 0 ? st.st_ino : 0; }
static ino_t inoat(int d, const char *p) { struct stat st; return fstatat(d, p, &st, 0) == 0 ? st.st_ino : 0; }

static void fdlink(const char *label, int fd) {
    char p[64], l[512];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, l, sizeof l - 1);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    l[n] = 0;
    size_t sl = strlen(scratch);
    printf("%s: %s%s\n", label, !strncmp(l, scratch, sl) ? "<scratch>" : "", !strncmp(l, scratch, sl) ? l + sl : l);
}

int main(void) {
    enter_scratch("pf3-dirfdmv");
    MUST(mkdir("A", 0755));
    MUST(mkdir("B", 0755));
    MUST(mkdir("A/d", 0755));
    put("A/d/f", "in d");
    int d = open("A/d", O_RDONLY | O_DIRECTORY);
    MUST(d);
    MUST(rename("A/d", "B/e"));
    fdlink("dirfd after A/d -> B/e", d);
    int f = openat(d, "f", O_RDONLY);
    char b[16] = {0};
    printf("openat(d, f): %s '%s'\n", f < 0 ? errname(errno) : "ok", f < 0 ? "" : (read(f, b, 15), b));
    close(f);
    REPORT("openat(d, new, O_CREAT)", (f = openat(d, "new", O_CREAT | O_WRONLY, 0644)) < 0 ? -1 : close(f));
    FACT("  it is B/e/new", ino("B/e/new") != 0);
    FACT("  A/d/new does not exist", ino("A/d/new") == 0);
    FACT("openat(d, \"..\") is B", inoat(d, "..") == ino("B"));
    REPORT("mkdirat(d, sub)", mkdirat(d, "sub", 0755));
    FACT("  B/e/sub exists", ino("B/e/sub") != 0);
    REPORT("renameat(d, new, d, sub/new2)", renameat(d, "new", d, "sub/new2"));
    FACT("  B/e/sub/new2 exists", ino("B/e/sub/new2") != 0);
    REPORT("linkat(d, f, AT_FDCWD, B/f-link)", linkat(d, "f", AT_FDCWD, "B/f-link", 0));
    FACT("  same inode", ino("B/f-link") == ino("B/e/f") && ino("B/f-link") != 0);
    REPORT("symlinkat(../f-link, d, sl)", symlinkat("../f-link", d, "sl"));
    char l[64];
    ssize_t n = readlinkat(d, "sl", l, sizeof l - 1);
    l[n > 0 ? n : 0] = 0;
    printf("readlinkat(d, sl): %s\n", n > 0 ? l : errname(errno));
    f = openat(d, "sl", O_RDONLY);
    memset(b, 0, sizeof b);
    printf("openat(d, sl) follows to B/f-link: %s '%s'\n", f < 0 ? errname(errno) : "ok", f < 0 ? "" : (read(f, b, 15), b));
    close(f);
    REPORT("unlinkat(d, sub/new2)", unlinkat(d, "sub/new2", 0));
    REPORT("unlinkat(d, sub, AT_REMOVEDIR)", unlinkat(d, "sub", AT_REMOVEDIR));

    MUST(rename("B", "Z"));
    fdlink("dirfd after its parent B -> Z", d);
    FACT("openat(d, \"..\") is Z", inoat(d, "..") == ino("Z"));
    MUST(mkdir("A/d", 0755));
    FACT("a new A/d is another directory", ino("A/d") != inoat(d, "."));
    REPORT("fchdir(d)", fchdir(d));
    REPORT("  open f relative to the cwd", (f = open("f", O_RDONLY)) < 0 ? -1 : close(f));
    REPORT("  open ../f-link", (f = open("../f-link", O_RDONLY)) < 0 ? -1 : close(f));
    MUST(chdir(scratch));

    MUST(unlink("Z/e/f"));
    MUST(unlink("Z/e/sl"));
    MUST(rmdir("Z/e"));
    fdlink("dirfd after rmdir", d);
    REPORT("openat(removed d, x, O_CREAT)", openat(d, "x", O_CREAT | O_WRONLY, 0644));
    REPORT("openat(removed d, f)", openat(d, "f", O_RDONLY));
    REPORT("mkdirat(removed d, y)", mkdirat(d, "y", 0755));
    int up = openat(d, "..", O_RDONLY | O_DIRECTORY);
    struct stat st;
    printf("openat(removed d, \"..\"): %s", up < 0 ? errname(errno) : "ok");
    if (up >= 0) printf(", is Z %s", fstat(up, &st) == 0 && st.st_ino == ino("Z") ? "yes" : "no");
    printf("\n");
    close(up);
    close(d);
    leave_scratch();
    return 0;
}

// syscalls: rename renameat renameat2 link newfstatat mkdir openat unlink
// expect: same
// normalize: rename /tmp -> /home/sandbox: 
// normalize: rename back: 
// normalize: link /tmp -> /home/sandbox: 
// expect-sandbox: rename /tmp -> /home/sandbox: EXDEV
// expect-sandbox: link /tmp -> /home/sandbox: EXDEV
//   deliberate: /tmp and /home/sandbox are separate scratch zones (tmpfs mounts of their own).
/* rename corner cases that succeed or fail in interesting ways: onto itself, between hard links
 * of one inode (a no-op leaving both names), dir over an empty dir, over a non-empty dir
 * (ENOTEMPTY), file over dir (EISDIR), dir over file (ENOTDIR), RENAME_EXCHANGE of a file and a
 * dir, symlinks renamed not followed, and across /tmp and /home/sandbox (EXDEV or ok). */
#include "fs2_util.h"

static void show(const char *p) {
    struct stat st;
    if (lstat(p, &st)) { printf("  %s: %s\n", p, errname(errno)); return; }
    char c = S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : S_ISREG(st.st_mode) ? 'f' : '?';
    char buf[32] = "";
    if (c == 'f') { int fd = open(p, O_RDONLY); ssize_t n = read(fd, buf, sizeof buf - 1); if (n > 0) buf[n] = 0; close(fd); }
    printf("  %s: %c %s nlink=%ld\n", p, c, buf, (long)st.st_nlink);
}

static long x2(const char *a, const char *b, unsigned f) { return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, f); }

int main(void) {
    enter_scratch("fs2-rename");
    put("a", "A");
    REPORT("rename a a", rename("a", "a"));
    show("a");
    REPORT("rename a ./a", rename("a", "./a"));
    MUST(link("a", "h"));
    REPORT("rename a h (hard links)", rename("a", "h"));
    show("a"); show("h");
    REPORT("renameat2 a h NOREPLACE", x2("a", "h", RENAME_NOREPLACE));
    REPORT("renameat2 a h EXCHANGE", x2("a", "h", RENAME_EXCHANGE));
    show("a"); show("h");
    MUST(unlink("h"));
    MUST(mkdir("d1", 0755));
    put("d1/in", "IN");
    MUST(mkdir("d2", 0755));
    REPORT("rename d1 over empty d2", rename("d1", "d2"));
    show("d1"); show("d2"); show("d2/in");
    MUST(mkdir("d3", 0755));
    REPORT("rename d3 over non-empty d2", rename("d3", "d2"));
    REPORT("rename d3/ over d2/", rename("d3/", "d2/"));
    REPORT("rename a over dir d3", rename("a", "d3"));
    REPORT("rename dir d3 over file a", rename("d3", "a"));
    REPORT("rename d3 into itself d3/x", rename("d3", "d3/x"));
    REPORT("rename d2 d2/in (dir onto its own file)", rename("d2", "d2/in"));
    REPORT("RENAME_EXCHANGE file a and dir d3", x2("a", "d3", RENAME_EXCHANGE));
    show("a"); show("d3");
    REPORT("RENAME_EXCHANGE back", x2("a", "d3", RENAME_EXCHANGE));
    show("a"); show("d3");
    REPORT("RENAME_EXCHANGE d3 and d2 (non-empty ok)", x2("d3", "d2", RENAME_EXCHANGE));
    show("d3/in");
    REPORT("RENAME_EXCHANGE file and its parent dir", x2("d3/in", "d3", RENAME_EXCHANGE));
    MUST(symlink("a", "la"));
    REPORT("rename symlink la lb", rename("la", "lb"));
    show("lb"); show("a");
    MUST(symlink("d3", "ld"));
    REPORT("rename a over symlink-to-dir ld", rename("a", "ld"));
    show("ld"); show("d3");
    REPORT("rename dir d2 over symlink lb", rename("d2", "lb"));
    show("lb");
    REPORT("rename through symlink dir lb/. (dot)", rename("lb/.", "z"));
    REPORT("renameat2 NOREPLACE onto dangling symlink", (symlink("nowhere", "dang"), x2("ld", "dang", RENAME_NOREPLACE)));
    put("t", "T");
    /* across /tmp and /home/sandbox */
    struct stat st;
    if (stat("/home/sandbox", &st) == 0) {
        printf("/home/sandbox exists\n");
        int w = access("/home/sandbox", W_OK) == 0;
        FACT("/home/sandbox writable", w);
        if (w) {
            put("mine", "M");
            long r = rename("mine", "/home/sandbox/conf-fs2-moved");
            printf("rename /tmp -> /home/sandbox: %s\n", r == 0 ? "ok" : errname(errno));
            if (r == 0) {
                r = rename("/home/sandbox/conf-fs2-moved", "mine");
                printf("rename back: %s\n", r == 0 ? "ok" : errname(errno));
                unlink("/home/sandbox/conf-fs2-moved");
            } else {
                printf("rename back: not moved\n");
            }
            long l = link("mine", "/home/sandbox/conf-fs2-linked");
            printf("link /tmp -> /home/sandbox: %s\n", l == 0 ? "ok" : errname(errno));
            if (l == 0) unlink("/home/sandbox/conf-fs2-linked");
        }
    } else printf("/home/sandbox missing\n");
    long r = rename("t", "/proc/self/t");
    printf("rename into /proc: %s\n", r == 0 ? "ok" : errname(errno));
    r = rename("t", "/dev/shm-nonexistent/t");
    printf("rename into missing dir: %s\n", r == 0 ? "ok" : errname(errno));
    leave_scratch();
    return 0;
}

// syscalls: mkdir rmdir rename renameat2 newfstatat openat unlink symlink
// expect: same
/* Directory link counts and rename rules: a parent's nlink is 2 + subdirectories through mkdir,
 * files and symlinks (no change), rename of a subdirectory to another parent (source -1, target
 * +1), rename of a dir over an empty dir in another parent (the target's count is unchanged),
 * RENAME_EXCHANGE of a dir with a file across parents (counts swap); rmdir of a non-empty dir
 * (ENOTEMPTY, also with only a dotfile or a dangling symlink inside), "." (EINVAL), ".."
 * (ENOTEMPTY); rename of a dir into its own subdirectory or onto its own descendant (EINVAL),
 * of a dir onto its parent (ENOTEMPTY/EINVAL as Linux says), of "." and ".." (EBUSY/EINVAL...). */
#include "fs2_util.h"

static long nl(const char *p) { struct stat st; return stat(p, &st) == 0 ? (long)st.st_nlink : -1; }
static void counts(const char *label) { printf("%s: A %ld, B %ld\n", label, nl("A"), nl("B")); }

int main(void) {
    enter_scratch("pf3-dirren");
    MUST(mkdir("A", 0755));
    MUST(mkdir("B", 0755));
    counts("empty A and B");
    MUST(mkdir("A/s1", 0755));
    MUST(mkdir("A/s2", 0755));
    MUST(mkdir("A/s3", 0755));
    put("A/file", "x");
    MUST(symlink("s1", "A/link"));
    counts("A with 3 subdirs, a file and a symlink");
    MUST(rename("A/s1", "B/s1"));
    counts("s1 moved A -> B");
    MUST(rename("A/s2", "A/s2-renamed"));
    counts("s2 renamed within A");
    MUST(mkdir("B/empty", 0755));
    counts("B/empty made");
    MUST(rename("A/s3", "B/empty"));
    counts("A/s3 renamed over the empty B/empty");
    REPORT("RENAME_EXCHANGE B/empty (dir) <-> A/file (file)", syscall(SYS_renameat2, AT_FDCWD, "B/empty", AT_FDCWD, "A/file", 2));
    struct stat st;
    printf("  A/file is now a %s, B/empty a %s\n", stat("A/file", &st) == 0 && S_ISDIR(st.st_mode) ? "dir" : "file",
           stat("B/empty", &st) == 0 && S_ISDIR(st.st_mode) ? "dir" : "file");
    counts("  after the exchange");
    printf("moved dir's own count: %ld, its '..' is A: %s\n", nl("A/file"), ({ struct stat x, y;
           stat("A/file/..", &x) == 0 && stat("A", &y) == 0 && x.st_ino == y.st_ino; }) ? "yes" : "no");

    REPORT("rmdir a dir with a subdir", rmdir("B"));
    MUST(mkdir("C", 0755));
    put("C/.hidden", "");
    REPORT("rmdir a dir with only a dotfile", rmdir("C"));
    unlink("C/.hidden");
    MUST(symlink("nowhere", "C/dangling"));
    REPORT("rmdir a dir with only a dangling symlink", rmdir("C"));
    unlink("C/dangling");
    REPORT("rmdir C/.", rmdir("C/."));
    REPORT("rmdir C/..", rmdir("C/.."));
    REPORT("rmdir C/ (trailing slash)", rmdir("C/"));

    MUST(mkdir("P", 0755));
    MUST(mkdir("P/q", 0755));
    MUST(mkdir("P/q/r", 0755));
    REPORT("rename P -> P/q/P (into own subdir)", rename("P", "P/q/P"));
    REPORT("rename P -> P/q/r (onto own descendant)", rename("P", "P/q/r"));
    REPORT("rename P/q -> P (onto own parent)", rename("P/q", "P"));
    REPORT("rename P/q/r -> P (onto an ancestor)", rename("P/q/r", "P"));
    REPORT("rename P -> P (itself)", rename("P", "P"));
    REPORT("rename P/q/. -> X", rename("P/q/.", "X"));
    REPORT("rename P/q/.. -> X", rename("P/q/..", "X"));
    REPORT("rename P/q -> P/q/. ", rename("P/q", "P/q/."));
    REPORT("rename P/q -> P/q/r/../../q2 (path through itself)", rename("P/q", "P/q/r/../../q2"));
    printf("P now: nlink %ld, q2 %s\n", nl("P"), nl("P/q2") > 0 ? "exists" : "absent");
    REPORT("rmdir P/q2/r", rmdir("P/q2/r"));
    printf("P/q2 after its subdir went: nlink %ld\n", nl("P/q2"));
    leave_scratch();
    return 0;
}

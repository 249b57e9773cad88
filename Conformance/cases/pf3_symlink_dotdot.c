// syscalls: symlink readlink openat read newfstatat chdir getcwd rename mkdir
// expect: same
/* Relative symlinks and "..": a target is resolved from the link's own directory (also when
 * opened through a dirfd elsewhere), "../x" and "../../x" climb from there, a link to "." or
 * ".." stacks ("dot/dot/f", "up/sub/up/t"); ".." after a link to a directory is the target's
 * parent, not the link's (physical, as getcwd and realpath show); a target with "./", "//" and
 * "x/../" is kept verbatim by readlink and resolved; moving a relative link changes what it
 * names, moving an absolute one does not; "/.." is "/"; a trailing slash on a link to a file is
 * ENOTDIR. Paths print relative to the scratch directory. */
#include "fs2_util.h"
#include <limits.h>

static void reads(const char *label, const char *p) {
    char b[32] = {0};
    int fd = open(p, O_RDONLY);
    if (fd < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    read(fd, b, sizeof b - 1);
    close(fd);
    printf("%s: '%s'\n", label, b);
}

static const char *rel(const char *p) {
    size_t sl = strlen(scratch);
    return !strncmp(p, scratch, sl) ? (p[sl] ? p + sl : "/") : p;
}

int main(void) {
    enter_scratch("pf3-dotdot");
    MUST(mkdir("d", 0755));
    MUST(mkdir("d/sub", 0755));
    MUST(mkdir("a", 0755));
    MUST(mkdir("a/b", 0755));
    MUST(mkdir("a/b/c", 0755));
    put("t", "top t");
    put("d/t", "d's t");
    put("d/sub/t", "sub's t");
    put("a/b/x", "a/b's x");
    put("a/x", "a's x");
    MUST(symlink("../t", "d/sub/l"));
    MUST(symlink("../../t", "d/sub/l2"));
    MUST(symlink(".", "d/dot"));
    MUST(symlink("..", "d/sub/up"));
    MUST(symlink("a/b/c", "lc"));
    MUST(symlink("./a//b/./c/../x", "messy"));
    reads("d/sub/l -> ../t", "d/sub/l");
    reads("d/sub/l2 -> ../../t", "d/sub/l2");
    reads("d/dot/dot/dot/t", "d/dot/dot/dot/t");
    reads("d/sub/up/sub/up/t", "d/sub/up/sub/up/t");
    int sub = open("d/sub", O_RDONLY | O_DIRECTORY);
    int top = open(".", O_RDONLY | O_DIRECTORY);
    int fd = openat(sub, "l", O_RDONLY);
    char b[32] = {0};
    if (fd >= 0) read(fd, b, sizeof b - 1);
    printf("openat(d/sub, l): '%s'\n", fd < 0 ? errname(errno) : b);
    close(fd);
    fd = openat(top, "d/sub/l", O_RDONLY);
    memset(b, 0, sizeof b);
    if (fd >= 0) read(fd, b, sizeof b - 1);
    printf("openat(top, d/sub/l): '%s'\n", fd < 0 ? errname(errno) : b);
    close(fd);
    reads("lc/../x (lc -> a/b/c: the target's parent)", "lc/../x");
    reads("lc/../../x", "lc/../../x");
    char rp[PATH_MAX], cwd[PATH_MAX];
    printf("realpath lc/..: %s\n", realpath("lc/..", rp) ? rel(rp) : errname(errno));
    char l[128];
    ssize_t n = readlink("messy", l, sizeof l - 1);
    l[n > 0 ? n : 0] = 0;
    printf("readlink messy: %s\n", l);
    reads("messy", "messy");
    printf("realpath messy: %s\n", realpath("messy", rp) ? rel(rp) : errname(errno));
    MUST(chdir("lc"));
    printf("getcwd after chdir lc: %s\n", getcwd(cwd, sizeof cwd) ? rel(cwd) : errname(errno));
    MUST(chdir(".."));
    printf("getcwd after chdir .. from there: %s\n", getcwd(cwd, sizeof cwd) ? rel(cwd) : errname(errno));
    MUST(chdir(scratch));

    char abs[256];
    snprintf(abs, sizeof abs, "%s/t", scratch);
    MUST(symlink(abs, "d/abs"));
    MUST(rename("d/sub/l", "a/l"));
    reads("relative link ../t moved to a/l", "a/l");
    MUST(rename("d/abs", "a/b/abs"));
    reads("absolute link moved to a/b/abs", "a/b/abs");
    MUST(symlink("/", "rootlink"));
    struct stat s1, s2;
    FACT("rootlink/.. is /", stat("rootlink/..", &s1) == 0 && stat("/", &s2) == 0 && s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev);
    FACT("/.. is /", stat("/..", &s1) == 0 && s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev);
    MUST(symlink("t", "tl"));
    MUST(symlink("t/", "tslash"));
    REPORT("open tl/ (link to a file, trailing slash)", open("tl/", O_RDONLY));
    REPORT("open tslash (target with a trailing slash)", open("tslash", O_RDONLY));
    REPORT("stat d/sub/up/ (link to a dir, trailing slash)", stat("d/sub/up/", &s1));
    REPORT("open d/sub/up/.. ", open("d/sub/up/..", O_RDONLY | O_DIRECTORY));
    FACT("d/sub/up/.. is the scratch dir", stat("d/sub/up/..", &s1) == 0 && stat(".", &s2) == 0 && s1.st_ino == s2.st_ino);
    close(sub); close(top);
    leave_scratch();
    return 0;
}

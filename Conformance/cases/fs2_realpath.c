// syscalls: readlink getcwd chdir newfstatat symlink mkdir openat readlinkat
// expect: same
/* realpath through "..", ".", repeated slashes and symlinks (relative, absolute, chained,
 * pointing upward), ".." after a symlink resolving physically, missing components (ENOENT),
 * a file used as a dir (ENOTDIR); /proc/self/fd links of fds opened through symlinks.
 * Results under the scratch dir print as <dir>. */
#include "fs2_util.h"

static void rp(const char *p) {
    char out[4096];
    if (!realpath(p, out)) { printf("realpath %s: %s\n", p, errname(errno)); return; }
    size_t n = strlen(scratch);
    printf("realpath %s: %s%s\n", p, strncmp(out, scratch, n) == 0 ? "<dir>" : "", strncmp(out, scratch, n) == 0 ? out + n : out);
}

static void fdlink(const char *p) {
    int fd = open(p, O_RDONLY);
    if (fd < 0) { printf("fd of %s: %s\n", p, errname(errno)); return; }
    char l[64], out[4096];
    snprintf(l, sizeof l, "/proc/self/fd/%d", fd);
    ssize_t k = readlink(l, out, sizeof out - 1);
    close(fd);
    if (k < 0) { printf("fd of %s: %s\n", p, errname(errno)); return; }
    out[k] = 0;
    size_t n = strlen(scratch);
    printf("fd of %s: %s%s\n", p, strncmp(out, scratch, n) == 0 ? "<dir>" : "", strncmp(out, scratch, n) == 0 ? out + n : out);
}

int main(void) {
    enter_scratch("fs2-realpath");
    MUST(mkdir("a", 0755));
    MUST(mkdir("a/b", 0755));
    MUST(mkdir("a/b/c", 0755));
    MUST(mkdir("x", 0755));
    put("a/b/c/file", "f");
    MUST(symlink("a/b", "lb"));
    MUST(symlink("../..", "a/b/c/up"));
    char abs[256];
    snprintf(abs, sizeof abs, "%s/a/b/c", scratch);
    MUST(symlink(abs, "x/absc"));
    MUST(symlink("lb", "llb"));
    MUST(symlink("llb/c/up/b/c/file", "deep"));
    MUST(symlink("nowhere", "dangling"));
    MUST(symlink(".", "dot"));
    rp(".");
    rp("a/b/../b/./c//file");
    rp("a/./b/.././../a");
    rp("lb");
    rp("lb/..");
    rp("lb/c/..");
    rp("llb/c/up");
    rp("llb/c/up/..");
    rp("x/absc/../../b");
    rp("deep");
    rp("dot/dot/dot/a");
    rp("dangling");
    rp("a/missing/..");
    rp("a/b/c/file/..");
    rp("a/b/c/file/");
    rp("/../../..");
    rp("//tmp/.././tmp");
    rp("");
    REPORT("chdir llb/c", chdir("llb/c"));
    rp(".");
    rp("..");
    rp("up/../..");
    char cwd[4096];
    MUST(getcwd(cwd, sizeof cwd) ? 0 : -1);
    printf("getcwd is physical: %s\n", strstr(cwd, "/a/b/c") ? "yes" : "no");
    MUST(chdir(scratch));
    fdlink("deep");
    fdlink("lb/c/file");
    fdlink("x/absc/../c/file");
    fdlink("dot");
    leave_scratch();
    return 0;
}

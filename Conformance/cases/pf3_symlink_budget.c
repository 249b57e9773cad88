// syscalls: symlink openat newfstatat readlink chdir mkdir
// expect: same
/* The symlink budget is per lookup, across all components: a chain of N links to a directory
 * followed by a chain of M links to a file resolves when N + M is clearly under 40 (10+10,
 * 15+15, 20+10) and fails with ELOOP when clearly over (30+30, 35+15) although each chain alone
 * is fine; lstat of the same path only follows the directory chain (ok), stat follows both;
 * readlink of it returns the file chain's first target; a link whose target is such a path
 * adds one; ".." after a followed directory link goes to the target's parent, and one path
 * that walks a 10-chain three times resolves (30) but six times (60) is ELOOP; the budget
 * starts again for each syscall (chdir through 30, then open through 30) and for a dirfd. */
#include "fs2_util.h"

static void chain(const char *prefix, int n, const char *first_target) {
    char name[64], target[64];
    for (int i = 1; i <= n; i++) {
        snprintf(name, sizeof name, "%s%d", prefix, i);
        if (i == 1) snprintf(target, sizeof target, "%s", first_target);
        else snprintf(target, sizeof target, "%s%d", strrchr(prefix, '/') ? strrchr(prefix, '/') + 1 : prefix, i - 1);
        MUST(symlink(target, name));
    }
}

static void try(int d, int f) {
    char p[64];
    snprintf(p, sizeof p, "dl%d/fl%d", d, f);
    struct stat st;
    errno = 0;
    int fd = open(p, O_RDONLY);
    printf("open %s (%d links): %s", p, d + f, fd < 0 ? errname(errno) : "ok");
    if (fd >= 0) close(fd);
    errno = 0;
    printf(", lstat %s", lstat(p, &st) == 0 ? (S_ISLNK(st.st_mode) ? "ok (a link)" : "ok") : errname(errno));
    errno = 0;
    printf(", stat %s\n", stat(p, &st) == 0 ? "ok" : errname(errno));
}

int main(void) {
    enter_scratch("pf3-symbudget");
    MUST(mkdir("real", 0755));
    put("real/f", "data");
    chain("dl", 40, "real");
    chain("real/fl", 40, "f");
    try(10, 10);
    try(15, 15);
    try(20, 10);
    try(30, 30);
    try(35, 15);
    char l[64];
    ssize_t n = readlink("dl25/fl25", l, sizeof l - 1);
    l[n > 0 ? n : 0] = 0;
    printf("readlink dl25/fl25: %s\n", n > 0 ? l : errname(errno));
    MUST(symlink("dl15/fl15", "combo31"));
    MUST(symlink("dl25/fl25", "combo51"));
    REPORT("open combo31 (1 + 30)", open("combo31", O_RDONLY));
    REPORT("open combo51 (1 + 50)", open("combo51", O_RDONLY));
    REPORT("open dl10/../dl10/../dl10/f (30)", open("dl10/../dl10/../dl10/f", O_RDONLY));
    REPORT("open dl10/../ x6 then f (60)", open("dl10/../dl10/../dl10/../dl10/../dl10/../dl10/f", O_RDONLY));
    struct stat a, b;
    FACT("dl20/.. is the scratch dir (the target's parent)", stat("dl20/..", &a) == 0 && stat(".", &b) == 0 && a.st_ino == b.st_ino);
    REPORT("chdir dl30", chdir("dl30"));
    REPORT("  then open fl30 (a new budget)", open("fl30", O_RDONLY));
    MUST(chdir(scratch));
    int d = open("dl30", O_RDONLY | O_DIRECTORY);
    REPORT("openat(fd of dl30, fl30)", openat(d, "fl30", O_RDONLY));
    REPORT("openat(fd of dl30, ../dl30/fl30) (60)", openat(d, "../dl30/fl30", O_RDONLY));
    close(d);
    leave_scratch();
    return 0;
}

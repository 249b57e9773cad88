// syscalls: chdir fchdir getcwd rename rmdir mkdir openat newfstatat readlink getdents64 clone wait4
// expect: same
/* The working directory as its path changes under it: renaming an ancestor, renaming the cwd
 * itself and moving it to another parent all show in getcwd and /proc/self/cwd, relative opens
 * keep working and ".." follows the new parent; a cwd deep in a tree renamed at the top. Once
 * the cwd is removed: getcwd is ENOENT (also in a forked child), /proc/self/cwd ends
 * " (deleted)", "." opens and lists nothing, fstat of it, stat(".") and statx(".") give nlink
 * 0, access(".") works, ".." opens the last parent,
 * creating a name is ENOENT, and chdir("..") brings getcwd back. The same after fchdir into a
 * directory that was removed while its fd was held. */
#include "fs2_util.h"
#include <dirent.h>
#include <limits.h>

static void where(const char *label) {
    char c[PATH_MAX], l[PATH_MAX];
    size_t sl = strlen(scratch);
    errno = 0;
    char *g = getcwd(c, sizeof c);
    int ge = errno;
    ssize_t n = readlink("/proc/self/cwd", l, sizeof l - 1);
    l[n > 0 ? n : 0] = 0;
    printf("%s: getcwd %s%s, /proc/self/cwd %s%s\n", label, g && !strncmp(c, scratch, sl) ? "<scratch>" : "",
           g ? (!strncmp(c, scratch, sl) ? c + sl : c) : errname(ge), n > 0 && !strncmp(l, scratch, sl) ? "<scratch>" : "",
           n > 0 ? (!strncmp(l, scratch, sl) ? l + sl : l) : errname(errno));
}

static int entries(const char *p) {
    DIR *d = opendir(p);
    if (!d) return -1;
    int n = 0;
    while (readdir(d)) n++;
    closedir(d);
    return n;
}

static void removed_checks(void) {
    struct stat st;
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    printf("  open \".\": %s, entries %d, fstat nlink %ld\n", fd < 0 ? errname(errno) : "ok", entries("."),
           fstat(fd, &st) == 0 ? (long)st.st_nlink : -1L);
    close(fd);
    errno = 0;
    int r = stat(".", &st);
    printf("  stat \".\": %s", r == 0 ? "ok" : errname(errno));
    if (r == 0) printf(", nlink %ld", (long)st.st_nlink);
    struct statx sx;
    errno = 0;
    r = statx(AT_FDCWD, ".", 0, STATX_NLINK, &sx);
    printf(", statx \".\": %s", r == 0 ? "ok" : errname(errno));
    errno = 0;
    printf(", access \".\" X_OK: %s\n", access(".", X_OK) == 0 ? "ok" : errname(errno));
    fd = open("..", O_RDONLY | O_DIRECTORY);
    printf("  open \"..\": %s\n", fd < 0 ? errname(errno) : "ok");
    close(fd);
    REPORT("  create x", open("x", O_CREAT | O_WRONLY, 0644));
    REPORT("  mkdir y", mkdir("y", 0755));
}

int main(void) {
    enter_scratch("pf3-cwdmv");
    MUST(mkdir("A", 0755));
    MUST(mkdir("A/d", 0755));
    put("A/d/f", "x");
    put("A/sibling", "x");
    MUST(chdir("A/d"));
    where("in A/d");
    MUST(rename("../../A", "../../Z"));
    where("after renaming the ancestor A -> Z (from inside)");
    REPORT("  open f", open("f", O_RDONLY));
    REPORT("  open ../sibling", open("../sibling", O_RDONLY));
    REPORT("  rename \".\" -> ../e", rename(".", "../e"));
    MUST(rename("../d", "../e"));
    where("after renaming the cwd d -> e");
    MUST(mkdir("../../Y", 0755));
    MUST(rename("../e", "../../Y/e"));
    where("after moving the cwd to Y/e");
    REPORT("  open ../sibling (gone: Y has none)", open("../sibling", O_RDONLY));
    REPORT("  open ../../Z/sibling", open("../../Z/sibling", O_RDONLY));

    MUST(chdir(scratch));
    MUST(mkdir("t1", 0755));
    MUST(mkdir("t1/t2", 0755));
    MUST(mkdir("t1/t2/t3", 0755));
    MUST(chdir("t1/t2/t3"));
    char from[128], to[128];
    snprintf(from, sizeof from, "%s/t1", scratch);
    snprintf(to, sizeof to, "%s/top", scratch);
    MUST(rename(from, to));
    where("deep cwd after its top t1 -> top");

    MUST(chdir(scratch));
    MUST(mkdir("gone", 0755));
    MUST(chdir("gone"));
    MUST(rmdir("../gone"));
    where("cwd removed");
    removed_checks();
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) { where("  forked child in the removed cwd"); fflush(stdout); _exit(0); }
    waitpid(c, NULL, 0);
    REPORT("  chdir ..", chdir(".."));
    where("  after chdir ..");

    MUST(chdir(scratch));
    MUST(mkdir("held", 0755));
    int h = open("held", O_RDONLY | O_DIRECTORY);
    MUST(rmdir("held"));
    REPORT("fchdir into a removed directory", fchdir(h));
    where("after fchdir into it");
    removed_checks();
    close(h);
    leave_scratch();
    return 0;
}

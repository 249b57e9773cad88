// syscalls: openat2
// expect: same
/* openat2 scopes hold for what is created too: through a symlink "../f" inside the root,
 * RESOLVE_IN_ROOT creates root/f (".." stops at the root), never the file above it, and
 * RESOLVE_BENEATH refuses (EXDEV). */
#include "common.h"
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>

int main(void) {
    char top[] = "/tmp/conf-scoped-XXXXXX", d[96], link_path[128], above[128], inside[128];
    MUST(mkdtemp(top) ? 0 : -1);
    snprintf(d, sizeof d, "%s/d", top);
    snprintf(link_path, sizeof link_path, "%s/up", d);
    snprintf(above, sizeof above, "%s/f", top);
    snprintf(inside, sizeof inside, "%s/f", d);
    MUST(mkdir(d, 0755));
    MUST(symlink("../f", link_path));
    int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(dfd);

    struct open_how in_root = {.flags = O_CREAT | O_WRONLY | O_CLOEXEC, .mode = 0644, .resolve = RESOLVE_IN_ROOT};
    REPORT("in-root create through ../f", syscall(SYS_openat2, dfd, "up", &in_root, sizeof in_root));
    FACT("created inside the root", access(inside, F_OK) == 0);
    FACT("created above the root", access(above, F_OK) == 0);
    unlink(inside);

    struct open_how read_only = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
    REPORT("in-root read of a missing ../f", syscall(SYS_openat2, dfd, "up", &read_only, sizeof read_only));
    int f = open(above, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    MUST(f);
    close(f);
    REPORT("in-root read when only the file above exists", syscall(SYS_openat2, dfd, "up", &read_only, sizeof read_only));

    struct open_how beneath = {.flags = O_CREAT | O_WRONLY | O_CLOEXEC, .mode = 0644, .resolve = RESOLVE_BENEATH};
    REPORT("beneath create through ../f", syscall(SYS_openat2, dfd, "up", &beneath, sizeof beneath));
    struct open_how abs_in_root = {.flags = O_CREAT | O_WRONLY | O_CLOEXEC, .mode = 0644, .resolve = RESOLVE_IN_ROOT};
    REPORT("in-root create of /g", syscall(SYS_openat2, dfd, "/g", &abs_in_root, sizeof abs_in_root));
    char g[128];
    snprintf(g, sizeof g, "%s/g", d);
    FACT("/g created inside the root", access(g, F_OK) == 0);
    FACT("/g created at the real root", access("/g", F_OK) == 0);

    unlink(g); unlink(above); unlink(link_path); rmdir(d); rmdir(top);
    return 0;
}

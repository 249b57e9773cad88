// syscalls: capget capset fork
// expect: same
/* capget of one's own sets (pid 0 or the own pid, every header version) is all zero for uid
 * 1000 without capabilities, as is a forked child's; an unknown version is EINVAL and the
 * kernel writes its preferred version back (also with a NULL data pointer, which is the
 * documented version probe); a missing pid is ESRCH. capset may set the (empty) sets it already
 * has, but raising any bit or touching another process is EPERM. Natively the case first
 * becomes uid/gid 1000 with no groups (which clears root's capabilities). */
#include "common.h"
#include <grp.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long cget(cap_user_header_t h, cap_user_data_t d) { return syscall(SYS_capget, h, d); }
static long cset(cap_user_header_t h, const cap_user_data_t d) { return syscall(SYS_capset, h, d); }

static void show(const char *label, unsigned version, pid_t pid) {
    struct __user_cap_header_struct h = { version, pid };
    struct __user_cap_data_struct d[2];
    memset(d, 0x5a, sizeof d);
    errno = 0;
    long r = cget(&h, d);
    if (r < 0) { printf("%s: %s (version back 0x%08x)\n", label, errname(errno), h.version); return; }
    int words = version == _LINUX_CAPABILITY_VERSION_1 ? 1 : 2;
    int zero = 1;
    for (int i = 0; i < words; i++) zero &= !d[i].effective && !d[i].permitted && !d[i].inheritable;
    printf("%s: ok, all zero %s, word after untouched %s\n", label, zero ? "yes" : "no",
           words == 1 ? (d[1].effective == 0x5a5a5a5a ? "yes" : "no") : "-");
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    pid_t me = getpid();
    show("v3 pid 0", _LINUX_CAPABILITY_VERSION_3, 0);
    show("v3 own pid", _LINUX_CAPABILITY_VERSION_3, me);
    show("v2 pid 0", _LINUX_CAPABILITY_VERSION_2, 0);
    show("v1 pid 0", _LINUX_CAPABILITY_VERSION_1, 0);
    show("bad version", 0x12345678, 0);
    show("version 0", 0, 0);
    show("v3 missing pid", _LINUX_CAPABILITY_VERSION_3, 0x3ffffff0);
    show("v3 pid -1", _LINUX_CAPABILITY_VERSION_3, -1);
    struct __user_cap_header_struct h = { 0, 0 };
    errno = 0;
    long r = cget(&h, NULL);
    printf("version probe (NULL data): %s, version back 0x%08x\n", r ? errname(errno) : "ok", h.version);
    h = (struct __user_cap_header_struct){ _LINUX_CAPABILITY_VERSION_3, 0 };
    REPORT("v3 NULL data", cget(&h, NULL));
    REPORT("NULL header", cget(NULL, NULL));

    fflush(stdout);
    int p[2];
    MUST(pipe(p));
    pid_t child = fork();
    MUST(child);
    if (child == 0) { char c; read(p[0], &c, 1); _exit(0); }
    show("v3 forked child", _LINUX_CAPABILITY_VERSION_3, child);

    struct __user_cap_data_struct d[2] = {{0}};
    h = (struct __user_cap_header_struct){ _LINUX_CAPABILITY_VERSION_3, 0 };
    REPORT("capset all zero", cset(&h, d));
    d[0].effective = d[0].permitted = 1u << CAP_CHOWN;
    REPORT("capset CAP_CHOWN effective+permitted", cset(&h, d));
    d[0].effective = d[0].permitted = 0;
    d[0].inheritable = 1u << CAP_KILL;
    REPORT("capset CAP_KILL inheritable", cset(&h, d));
    d[0].inheritable = 0;
    d[1].permitted = 1u << (CAP_MAC_OVERRIDE - 32);
    REPORT("capset CAP_MAC_OVERRIDE (second word) permitted", cset(&h, d));
    memset(d, 0, sizeof d);
    h = (struct __user_cap_header_struct){ _LINUX_CAPABILITY_VERSION_3, child };
    REPORT("capset zero on the child", cset(&h, d));
    h = (struct __user_cap_header_struct){ 0x1, 0 };
    REPORT("capset bad version", cset(&h, d));
    show("v3 pid 0 after", _LINUX_CAPABILITY_VERSION_3, 0);
    write(p[1], "x", 1);
    int st;
    MUST(waitpid(child, &st, 0));
    return 0;
}

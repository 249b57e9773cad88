// The launcher: everything that runs between clone and execve. Only raw, async-signal-safe system
// calls here — the parent is a multi-threaded Swift process, so the child may not touch malloc,
// stdio or any lock. Errors travel back to the supervisor as sh_msg records.
//
// Process shape (with namespaces):
//   supervisor ──clone(NEWUSER|NEWPID|NEWNS|NEWNET|NEWIPC|NEWUTS)──> init (pid 1 inside)
//   init: maps ids, builds the minimal root, brings up lo, drops caps, forks the guest, reaps.
//   guest: rlimits, cwd, caps dropped, no_new_privs, seccomp filter (+listener), execve.
// init copies the guest's listener with pidfd_getfd and sends it to the supervisor; init itself is
// never filtered, so this handover cannot deadlock on a trapped sendmsg.
#define _GNU_SOURCE
#include "safehouse_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/landlock.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

// Landlock ABI ≥ 4/6 fields, newer than this distribution's headers.
struct sh_landlock_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};
#define SH_LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define SH_LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#define SH_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define SH_LANDLOCK_SCOPE_SIGNAL (1ULL << 1)

#define ROOT_BASE "/tmp"            // staging tmpfs, mounted over /tmp in our private mount ns
#define NEW_ROOT "/newroot"         // the guest's root, inside the staging tmpfs
#define OLD_ROOT "/oldroot"         // the host's root while binding zones
#define PATH_BUF 4352

// ---------------------------------------------------------------------------------------------
// Small async-signal-safe helpers

static size_t str_len(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

/// dst = a + b (+ c); returns 0 or -ENAMETOOLONG.
static int path_join(char *dst, const char *a, const char *b, const char *c) {
    size_t la = str_len(a), lb = str_len(b), lc = c ? str_len(c) : 0;
    if (la + lb + lc + 1 > PATH_BUF) return -ENAMETOOLONG;
    memcpy(dst, a, la);
    memcpy(dst + la, b, lb);
    if (c) memcpy(dst + la + lb, c, lc);
    dst[la + lb + lc] = 0;
    return 0;
}

static int write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) { if (errno == EINTR) continue; return -errno; }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_file(const char *path, const char *data, size_t len, mode_t mode) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) return -errno;
    int r = write_all(fd, data, len);
    close(fd);
    return r;
}

static void send_msg(int fd, int type, int stage, int err, int status, int pid, int index) {
    struct sh_msg m = { type, stage, err, status, pid, index };
    (void)write_all(fd, &m, sizeof m);
}

/// mkdir -p for an absolute path; the last component too.
static int mkdir_p(const char *path, mode_t mode) {
    char buf[PATH_BUF];
    size_t n = str_len(path);
    if (n >= sizeof buf) return -ENAMETOOLONG;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == 0) {
            char saved = buf[i];
            buf[i] = 0;
            if (mkdir(buf, mode) < 0 && errno != EEXIST) return -errno;
            buf[i] = saved;
        }
    }
    return 0;
}

/// Creates the parent directories of `path` and `path` itself as a dir or an empty file.
static int make_mount_point(const char *path, int as_file) {
    char parent[PATH_BUF];
    size_t n = str_len(path);
    if (n >= sizeof parent) return -ENAMETOOLONG;
    memcpy(parent, path, n + 1);
    while (n > 0 && parent[n] != '/') n--;
    parent[n] = 0;
    if (n > 0) { int r = mkdir_p(parent, 0755); if (r < 0) return r; }
    if (!as_file) {
        if (mkdir(path, 0755) < 0 && errno != EEXIST) return -errno;
        return 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) return -errno;
    close(fd);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// init: namespaces and the minimal root

/// Writes the user namespace's maps of process `pid` ("self" from inside): GUEST HOST 1 for the uid
/// and the gid. Only a process outside the namespace with CAP_SETUID there may map a host id other
/// than its own, so a root supervisor writes them for init (sh_launch); an unprivileged init maps
/// the invoker's own ids itself.
static int write_id_maps(const struct sh_launch_config *c, const char *proc_dir) {
    char line[64], path[PATH_BUF];
    int r;
    if ((r = path_join(path, proc_dir, "/setgroups", NULL)) < 0) return r;
    r = write_file(path, "deny", 4, 0);
    if (r < 0 && r != -ENOENT) return r;
    // "GUEST HOST 1\n", formatted by hand (no snprintf after fork).
    uint32_t pairs[2][2] = { { c->guest_uid, c->host_uid }, { c->guest_gid, c->host_gid } };
    const char *files[2] = { "/uid_map", "/gid_map" };
    for (int k = 0; k < 2; k++) {
        size_t len = 0;
        for (int j = 0; j < 2; j++) {
            char digits[12];
            int nd = 0;
            uint32_t v = pairs[k][j];
            do { digits[nd++] = (char)('0' + v % 10); v /= 10; } while (v);
            while (nd) line[len++] = digits[--nd];
            line[len++] = ' ';
        }
        line[len++] = '1';
        line[len++] = '\n';
        if ((r = path_join(path, proc_dir, files[k], NULL)) < 0) return r;
        if ((r = write_file(path, line, len, 0)) < 0) return r;
    }
    return 0;
}

/// No namespace can be made inside the sandbox: every namespace count of its user namespace is
/// limited to 0 (these limits belong to the user namespace, and the guest holds no capability to
/// raise them). The filter denies CLONE_NEW* where it can read the flags; this wall also holds
/// where it cannot (clone3's flags sit in guest memory), so those calls need no inspection.
static int forbid_namespaces(void) {
    static const char *const kinds[] = { "user", "mnt", "pid", "net", "ipc", "uts", "cgroup", "time" };
    char path[PATH_BUF];
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        int r = path_join(path, "/proc/sys/user/max_", kinds[k], "_namespaces");
        if (r < 0) return r;
        r = write_file(path, "0", 1, 0);
        if (r < 0 && r != -ENOENT) return r;
    }
    return 0;
}

static int bind_readonly(const char *target) {
    struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };
    if (syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &attr, sizeof attr) == 0) return 0;
    // Kernels before 5.12: remount the top mount only.
    if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
        return -errno;
    return 0;
}

static int has_letter(const char *s, char c) {
    for (; s && *s; s++) if (*s == c) return 1;
    return 0;
}

/// Makes a path rule hold in the kernel's own view of the guest's root, so a call that continues
/// in the kernel (execve, chdir, an O_PATH open, bind/connect of a unix socket) cannot reach past
/// the VFS's decision whatever its path races to: a hidden object is covered by an empty,
/// inaccessible mount, a read-denied one cannot be executed, a write-denied one is read-only.
/// Symlinks (on the way or final) are left alone: the rule applies to where they lead.
static int restrict_object(const char *target, const char *what) {
    struct open_how how = { .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
    int fd = (int)syscall(SYS_openat2, AT_FDCWD, target, &how, sizeof how);
    if (fd < 0) return errno == ENOENT || errno == ELOOP ? 0 : -errno;
    struct stat st;
    int r = fstat(fd, &st);
    close(fd);
    if (r < 0) return -errno;
    if (S_ISLNK(st.st_mode)) return 0;
    if (has_letter(what, 'h')) {
        if (S_ISDIR(st.st_mode)) {
            if (mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                      "size=4k,nr_inodes=2,mode=000") < 0) return -errno;
            return 0;
        }
        static const char hidden[] = NEW_ROOT "/.safehouse-hidden";
        int empty = open(hidden, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0);
        if (empty < 0) return -errno;
        close(empty);
        if (mount(hidden, target, NULL, MS_BIND, NULL) < 0) return -errno;
    } else if (mount(target, target, NULL, MS_BIND, NULL) < 0) {
        return -errno;
    }
    struct mount_attr attr = { .attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };
    if (has_letter(what, 'h') || has_letter(what, 'x')) attr.attr_set |= MOUNT_ATTR_NOEXEC;
    if (has_letter(what, 'h') || has_letter(what, 'r')) attr.attr_set |= MOUNT_ATTR_RDONLY;
    if (syscall(SYS_mount_setattr, AT_FDCWD, target, 0, &attr, sizeof attr) < 0) return -errno;
    return 0;
}

static int apply_mount(const struct sh_mount *m) {
    char target[PATH_BUF], source[PATH_BUF];
    int r = path_join(target, NEW_ROOT, m->target, NULL);
    if (r < 0) return r;
    switch (m->op) {
    case SH_MOUNT_BIND_RO:
    case SH_MOUNT_BIND_RW:
    case SH_MOUNT_DEV: {
        if ((r = path_join(source, OLD_ROOT, m->source, NULL)) < 0) return r;
        struct stat st;
        if (stat(source, &st) < 0) return -errno;
        if ((r = make_mount_point(target, !S_ISDIR(st.st_mode))) < 0) return r;
        if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) < 0) return -errno;
        if (m->op == SH_MOUNT_BIND_RO) return bind_readonly(target);
        if (m->op == SH_MOUNT_BIND_RW) {
            struct mount_attr attr = { .attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };
            (void)syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &attr, sizeof attr);
        }
        return 0;
    }
    case SH_MOUNT_TMPFS:
        if ((r = make_mount_point(target, 0)) < 0) return r;
        if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, m->data) < 0) return -errno;
        return 0;
    case SH_MOUNT_PROC:
        if ((r = make_mount_point(target, 0)) < 0) return r;
        if (mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                  "hidepid=invisible") < 0)
            return -errno;
        return 0;
    case SH_MOUNT_FILE:
        if ((r = make_mount_point(target, 1)) < 0) return r;
        return write_file(target, m->data, m->data_len, 0644);
    case SH_MOUNT_SYMLINK:
        if ((r = make_mount_point(target, 0)) < 0) return r;
        rmdir(target);
        if (symlink(m->data, target) < 0) return -errno;
        return 0;
    case SH_MOUNT_DIR:
        return make_mount_point(target, 0);
    case SH_MOUNT_RESTRICT:
        return restrict_object(target, m->data);
    case SH_MOUNT_DEVPTS:
        // The sandbox's own pty namespace: none of the host's terminals are in it.
        if ((r = make_mount_point(target, 0)) < 0) return r;
        if (mount("devpts", target, "devpts", MS_NOSUID | MS_NOEXEC, m->data) < 0) return -errno;
        return 0;
    }
    return -EINVAL;
}

/// Builds the guest's root: a tmpfs holding only the planned zones, then pivots into it.
static int build_root(const struct sh_launch_config *c, int *failed_index) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) return -errno;
    if (mount("tmpfs", ROOT_BASE, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") < 0) return -errno;
    if (chdir(ROOT_BASE) < 0) return -errno;
    if (mkdir("newroot", 0755) < 0 || mkdir("oldroot", 0755) < 0) return -errno;
    if (mount("tmpfs", "newroot", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=4m") < 0) return -errno;
    if (syscall(SYS_pivot_root, ".", "oldroot") < 0) return -errno;
    if (chdir("/") < 0) return -errno;
    for (size_t i = 0; i < c->n_mounts; i++) {
        int r = apply_mount(&c->mounts[i]);
        if (r < 0) { *failed_index = (int)i; return r; }
    }
    if (umount2(OLD_ROOT, MNT_DETACH) < 0) return -errno;
    // Make newroot the root; the staging tmpfs ends up beneath it and is detached.
    if (chdir(NEW_ROOT) < 0) return -errno;
    if (syscall(SYS_pivot_root, ".", ".") < 0) return -errno;
    if (umount2(".", MNT_DETACH) < 0) return -errno;
    if (chdir("/") < 0) return -errno;
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
        return -errno;
    return 0;
}

static int loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -errno;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, "lo", 3);
    int r = 0;
    if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) r = -errno;
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (r == 0 && ioctl(s, SIOCSIFFLAGS, &ifr) < 0) r = -errno;
    close(s);
    return r;
}

/// Drops every capability: effective, permitted, inheritable, ambient and the bounding set.
static int drop_capabilities(void) {
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL && errno != EPERM) return -errno;
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) return -errno;
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &header, data) < 0) return -errno;
    return 0;
}

// ---------------------------------------------------------------------------------------------
// The guest, from fork to execve

static int apply_landlock(const struct sh_launch_config *c) {
    if (c->landlock_abi <= 0) return 0;
    int abi = c->landlock_abi;
    uint64_t fs_all = (1ULL << 13) - 1;                  // ABI 1: EXECUTE .. MAKE_SYM
    if (abi >= 2) fs_all |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) fs_all |= (1ULL << 14);               // TRUNCATE
    if (abi >= 5) fs_all |= (1ULL << 15);               // IOCTL_DEV
    struct sh_landlock_ruleset_attr attr = { .handled_access_fs = fs_all };
    size_t attr_size = sizeof(uint64_t);
    if (abi >= 4) {
        attr.handled_access_net = SH_LANDLOCK_ACCESS_NET_BIND_TCP | SH_LANDLOCK_ACCESS_NET_CONNECT_TCP;
        attr_size = 2 * sizeof(uint64_t);
    }
    if (abi >= 6) {
        attr.scoped = SH_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | SH_LANDLOCK_SCOPE_SIGNAL;
        attr_size = sizeof attr;
    }
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
    if (ruleset < 0) return -errno;
    for (size_t i = 0; i < c->n_landlock_rules; i++) {
        int fd = open(c->landlock_rules[i].path, O_PATH | O_CLOEXEC);
        if (fd < 0) continue;   // a zone missing on this host grants nothing
        struct landlock_path_beneath_attr rule = {
            .allowed_access = c->landlock_rules[i].access & fs_all, .parent_fd = fd };
        long r = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
        int saved = errno;
        close(fd);
        if (r < 0 && saved != EINVAL) { close(ruleset); return -saved; }
    }
    long r = syscall(SYS_landlock_restrict_self, ruleset, 0);
    int saved = errno;
    close(ruleset);
    return r < 0 ? -saved : 0;
}

/// execve, searching `search_path` for bare names like execvpe does; returns the most telling errno.
static int exec_program(const struct sh_launch_config *c) {
    const char *prog = c->program;
    int has_slash = 0;
    for (const char *p = prog; *p; p++) if (*p == '/') { has_slash = 1; break; }
    if (has_slash || !c->search_path) {
        execve(prog, c->argv, c->envp);
        return errno;
    }
    int best = ENOENT;
    const char *p = c->search_path;
    char path[PATH_BUF];
    for (;;) {
        const char *end = p;
        while (*end && *end != ':') end++;
        size_t dir_len = (size_t)(end - p), prog_len = str_len(prog);
        if (dir_len + prog_len + 2 <= sizeof path) {
            memcpy(path, dir_len ? p : ".", dir_len ? dir_len : 1);
            size_t at = dir_len ? dir_len : 1;
            path[at++] = '/';
            memcpy(path + at, prog, prog_len + 1);
            execve(path, c->argv, c->envp);
            if (errno != ENOENT && errno != ENOTDIR) best = errno;
        }
        if (!*end) break;
        p = end + 1;
    }
    return best;
}

/// Closes every descriptor above stderr except `keep` and `also` (-1: none).
static void close_other_fds2(int keep, int also) {
    int a = keep, b = also;
    if (b >= 0 && b < a) { a = also; b = keep; }
    if (a > 3) syscall(SYS_close_range, 3, a - 1, 0);
    if (b < 0) {
        syscall(SYS_close_range, a + 1, ~0U, 0);
        return;
    }
    if (b > a + 1) syscall(SYS_close_range, a + 1, b - 1, 0);
    syscall(SYS_close_range, b + 1, ~0U, 0);
}

static void close_other_fds(int keep) { close_other_fds2(keep, -1); }

#define GUEST_FAIL(stage, e) do { send_msg(sync_fd, SH_MSG_SETUP_FAILED, stage, -(e), 0, 0, 0); _exit(125); } while (0)

// The seccomp program arrives from the supervisor after clone (it is compiled while init builds
// the root); init keeps it here and the guest, a fork of init, installs it.
#define MAX_FILTER 4096
static struct sock_filter filter_program[MAX_FILTER];
static unsigned short filter_length;

static void spawner_main(int exec_fd);

static void guest_main(const struct sh_launch_config *c, int sync_fd, int use_ns, int exec_fd) {
    int r;
    // Without a PID namespace nothing else ends the guest when init dies; with one, init's death
    // ends it, and the guest keeps the parent-death signal a program starts with natively (none).
    if (!use_ns) prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (!use_ns) {
        setpgid(0, 0);
    } else if (!isatty(0)) {
        // The guest leads its own session and process group, as a command started by a shell
        // leads its job: otherwise both belong to a process outside its PID namespace (getpgrp
        // and getsid answer 0, job control and F_OWNER_PGRP break). With a terminal on stdin the
        // guest keeps it as its controlling terminal instead.
        setsid();
    }
    // Reset signal dispositions and mask the supervisor may have set.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < _NSIG; s++) signal(s, SIG_DFL);

    for (size_t i = 0; i < c->n_rlimits; i++) {
        struct rlimit rl = { c->rlimits[i].soft, c->rlimits[i].hard };
        if (setrlimit(c->rlimits[i].resource, &rl) < 0) GUEST_FAIL(SH_STAGE_RLIMIT, -errno);
    }
    if (c->cwd && chdir(c->cwd) < 0) GUEST_FAIL(SH_STAGE_CHDIR, -errno);
    if ((r = drop_capabilities()) < 0) GUEST_FAIL(SH_STAGE_CAPS, r);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) GUEST_FAIL(SH_STAGE_NO_NEW_PRIVS, -errno);
    if (!use_ns && (r = apply_landlock(c)) < 0) GUEST_FAIL(SH_STAGE_LANDLOCK, r);

    close_other_fds2(sync_fd, exec_fd);
    struct sock_fprog prog = { filter_length, filter_program };
    int listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                                c->seccomp_flags | SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    if (listener < 0) GUEST_FAIL(SH_STAGE_SECCOMP, -errno);
    // From here on every call is filtered: write/read/close/execve are passthrough in the table.
    send_msg(sync_fd, SH_MSG_LISTENER, 0, 0, 0, 0, listener);
    char ack;
    if (read(sync_fd, &ack, 1) != 1) _exit(125);
    close(listener);    // the guest must never hold its own listener
    if (exec_fd >= 0) {
        close(sync_fd);  // init: "started" (EOF, as after an execve)
        spawner_main(exec_fd);
    }
    int err = exec_program(c);
    send_msg(sync_fd, SH_MSG_EXEC_FAILED, 0, err, 0, 0, 0);
    _exit(err == ENOENT ? 127 : 126);
}


// ---------------------------------------------------------------------------------------------
// The spawner (spawner mode): the sandbox's first filtered process. It starts each program the
// supervisor asks for as its own child, so every one inherits the one seccomp filter, the
// namespaces and the limits. Its only channel is `exec_fd`, a socket from the supervisor that no
// other guest process holds (close-on-exec, closed in every child before anything else runs);
// it is non-dumpable, so no guest process of the same uid can reach its descriptors.

/// How many processes and threads the sandbox has started, `own` of ours (init, the spawner)
/// not counted: a PID namespace hands out pids in order, so a new child's pid tells how many
/// came before it. -1 when no child can be made (the task limit is reached).
static int tasks_started(int own) {
    static int probes;  // the earlier probes of this process took pids too
    pid_t probe = fork();
    if (probe == 0) _exit(0);
    if (probe < 0) return -1;
    while (waitpid(probe, NULL, 0) < 0 && errno == EINTR) {}
    return probe - own - ++probes;
}

#define MAX_EXECS 1024
struct running { pid_t pid; uint32_t id; };
static struct running running_execs[MAX_EXECS];

static void spawner_reply(int exec_fd, int type, uint32_t id, int err, int status, int pid) {
    send_msg(exec_fd, type, 0, err, status, pid, (int)id);
}

/// Splits `n` NUL-terminated strings off `*p` (within `end`) into `out` (NULL-terminated).
static int take_strings(char **p, char *end, uint32_t n, char **out) {
    for (uint32_t i = 0; i < n; i++) {
        char *s = *p;
        while (*p < end && **p) (*p)++;
        if (*p >= end) return -EINVAL;
        out[i] = s;
        (*p)++;
    }
    out[n] = NULL;
    return 0;
}

static char *env_path(char **envp) {
    for (char **e = envp; *e; e++)
        if ((*e)[0] == 'P' && (*e)[1] == 'A' && (*e)[2] == 'T' && (*e)[3] == 'H' && (*e)[4] == '=') return *e + 5;
    return "/usr/local/bin:/usr/bin:/bin";
}

/// Runs one request: forks the program; its execve's errno comes back on a close-on-exec pipe.
static void spawn_one(int exec_fd, int sigfd, const struct sh_exec_request *rq, char *payload, const int *fds) {
    static char *argv[4096], *envp[4096];
    char *p = payload, *end = payload + rq->payload_len;
    char *cwd = p;
    while (p < end && *p) p++;
    if (p >= end || rq->argc == 0 || rq->argc >= 4096 || rq->envc >= 4096) {
        spawner_reply(exec_fd, SH_MSG_EXEC_REFUSED, rq->id, EINVAL, 0, 0);
        return;
    }
    p++;
    if (take_strings(&p, end, rq->argc, argv) < 0 || take_strings(&p, end, rq->envc, envp) < 0) {
        spawner_reply(exec_fd, SH_MSG_EXEC_REFUSED, rq->id, EINVAL, 0, 0);
        return;
    }
    int slot = -1;
    for (int i = 0; i < MAX_EXECS; i++) if (running_execs[i].pid == 0) { slot = i; break; }
    int pipefd[2];
    if (slot < 0 || pipe2(pipefd, O_CLOEXEC) < 0) {
        spawner_reply(exec_fd, SH_MSG_EXEC_REFUSED, rq->id, slot < 0 ? EAGAIN : errno, 0, 0);
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(pipefd[0]);
        close(pipefd[1]);
        spawner_reply(exec_fd, SH_MSG_EXEC_REFUSED, rq->id, e, 0, 0);
        return;
    }
    if (pid == 0) {
        close(exec_fd);
        close(sigfd);
        close(pipefd[0]);
        // Its own session and process group, as a command a shell starts: the whole job can be
        // signalled, and ends with its session.
        setsid();
        // Into its own cgroups first, so nothing it starts escapes the per-program limits.
        for (uint32_t i = 0; i < rq->cgroups; i++) {
            if (write(fds[3 + i], "0", 1) != 1) { errno = SH_EXEC_CGROUP_FAILED; goto failed; }
            close(fds[3 + i]);
        }
        for (int i = 0; i < 3; i++) {
            if (fds[i] != i && dup2(fds[i], i) < 0) goto failed;
        }
        for (int i = 0; i < 3; i++) if (fds[i] > 2) close(fds[i]);
        if ((rq->flags & SH_EXEC_TTY) && ioctl(0, TIOCSCTTY, 0) < 0) goto failed;
        const struct { int resource; uint64_t value; } limits[] = {
            {RLIMIT_NOFILE, rq->open_files}, {RLIMIT_FSIZE, rq->file_size}, {RLIMIT_CPU, rq->cpu_seconds}};
        for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
            if (limits[i].value == SH_LIMIT_KEEP) continue;
            // Only ever lowered: the sandbox's limits stay the ceiling (the guest holds no capability).
            struct rlimit now, want = {limits[i].value, limits[i].value};
            if (getrlimit(limits[i].resource, &now) == 0 && want.rlim_max > now.rlim_max) { errno = EPERM; goto failed; }
            if (setrlimit(limits[i].resource, &want) < 0) goto failed;
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < _NSIG; sig++) signal(sig, SIG_DFL);
        if (cwd[0] && chdir(cwd) < 0) goto failed;
        struct sh_launch_config one = {0};
        one.program = argv[0];
        one.argv = argv;
        one.envp = envp;
        one.search_path = env_path(envp);
        int err = exec_program(&one);
        errno = err;
    failed:;
        int e = errno;
        (void)write(pipefd[1], &e, sizeof e);
        _exit(e == ENOENT ? 127 : 126);
    }
    close(pipefd[1]);
    int err = 0;
    ssize_t n;
    do { n = read(pipefd[0], &err, sizeof err); } while (n < 0 && errno == EINTR);
    close(pipefd[0]);
    if (n == (ssize_t)sizeof err) {
        // It never ran: reap it here, report why.
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        spawner_reply(exec_fd, SH_MSG_EXEC_REFUSED, rq->id, err, 0, 0);
        return;
    }
    running_execs[slot].pid = pid;
    running_execs[slot].id = rq->id;
    spawner_reply(exec_fd, SH_MSG_EXEC_STARTED, rq->id, 0, 0, (int)pid);
}

static void spawner_main(int exec_fd) {
    // Nothing of the spawner is reachable by a guest process of the same uid.
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sigfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sigfd < 0) _exit(125);
    static char payload[SH_EXEC_PAYLOAD_MAX + 1];
    for (;;) {
        struct pollfd fds[2] = {{exec_fd, POLLIN, 0}, {sigfd, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            _exit(125);
        }
        if (fds[1].revents) {
            struct signalfd_siginfo info;
            while (read(sigfd, &info, sizeof info) > 0) {}
            int status;
            pid_t w;
            struct rusage usage;
            int ended = 0;
            while ((w = wait4(-1, &status, WNOHANG, &usage)) > 0) {
                // CPU time of the program and the descendants it waited for, in milliseconds.
                long cpu_ms = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000L +
                              (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000L;
                for (int i = 0; i < MAX_EXECS; i++) {
                    if (running_execs[i].pid != w) continue;
                    spawner_reply(exec_fd, SH_MSG_EXEC_DONE, running_execs[i].id,
                                  cpu_ms > 0x7fffffff ? 0x7fffffff : (int)cpu_ms, status, w);
                    running_execs[i].pid = 0;
                    ended = 1;
                }
            }
            // The count of tasks started, once per batch of ends and after their replies: its
            // probe fork stays off the path of an exec's answer.
            if (ended) send_msg(exec_fd, SH_MSG_TASKS_STARTED, tasks_started(2), 0, 0, 0, 0);
        }
        if (!fds[0].revents) continue;
        struct sh_exec_request rq;
        struct iovec iov[2] = {{&rq, sizeof rq}, {payload, SH_EXEC_PAYLOAD_MAX}};
        char control[CMSG_SPACE((3 + SH_EXEC_MAX_CGROUPS) * sizeof(int))];
        struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2, .msg_control = control, .msg_controllen = sizeof control};
        ssize_t n = recvmsg(exec_fd, &mh, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(0);  // the supervisor is gone: so is the sandbox
        int got[3 + SH_EXEC_MAX_CGROUPS] = {-1, -1, -1, -1, -1}, ngot = 0;
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
            if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
                ngot = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
                if (ngot > 3 + SH_EXEC_MAX_CGROUPS) ngot = 3 + SH_EXEC_MAX_CGROUPS;
                memcpy(got, CMSG_DATA(cm), (size_t)ngot * sizeof(int));
            }
        }
        if (n >= (ssize_t)sizeof rq && rq.kind == SH_EXEC_SIGNAL) {
            for (int i = 0; i < MAX_EXECS; i++)
                if (running_execs[i].pid && running_execs[i].id == rq.id) kill(-running_execs[i].pid, rq.signal);
        } else if (n >= (ssize_t)sizeof rq && rq.kind == SH_EXEC_RUN &&
                   rq.cgroups <= SH_EXEC_MAX_CGROUPS && ngot == 3 + (int)rq.cgroups &&
                   (size_t)n == sizeof rq + rq.payload_len && rq.payload_len <= SH_EXEC_PAYLOAD_MAX) {
            payload[rq.payload_len] = 0;
            spawn_one(exec_fd, sigfd, &rq, payload, got);
        } else if (n >= (ssize_t)sizeof rq) {
            spawner_reply(exec_fd, SH_MSG_EXEC_REFUSED, rq.id, EINVAL, 0, 0);
        }
        for (int i = 0; i < ngot; i++) close(got[i]);
    }
}

// ---------------------------------------------------------------------------------------------
// init

static int send_fd(int sock, const struct sh_msg *msg, int fd) {
    char control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    struct iovec iov = { (void *)msg, sizeof *msg };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                         .msg_controllen = sizeof control };
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof fd);
    return sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

#define INIT_FAIL(stage, e, idx) do { send_msg(control, SH_MSG_SETUP_FAILED, stage, -(e), 0, 0, idx); _exit(125); } while (0)

static void init_main(const struct sh_launch_config *c, int control, int use_ns, int parent_maps, int exec_fd) {
    int r, failed = -1;
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    // The sandbox's CPUs: every guest task inherits this mask from init.
    if (c->cpu_mask && syscall(SYS_sched_setaffinity, 0, c->cpu_mask_size, c->cpu_mask) < 0)
        INIT_FAIL(SH_STAGE_AFFINITY, -errno, -1);
    if (use_ns) {
        if (parent_maps) {
            // The supervisor writes our maps and then says so (one byte; EOF: it failed or died).
            char ready;
            ssize_t got;
            do { got = read(control, &ready, 1); } while (got < 0 && errno == EINTR);
            if (got != 1) _exit(125);
        } else if ((r = write_id_maps(c, "/proc/self")) < 0) {
            INIT_FAIL(SH_STAGE_USERNS_MAP, r, -1);
        }
        // Become the mapped guest identity, so what init creates (mount points, the scratch
        // tmpfs roots) is owned by the guest's unprivileged host identity, never by host root.
        // Our host uid is unmapped here (not the namespace's root), so the capabilities we hold
        // in the namespace stay; changing uid cleared "dumpable", which the supervisor needs
        // until it has opened our root.
        if (setresgid(c->guest_gid, c->guest_gid, c->guest_gid) < 0 ||
            setresuid(c->guest_uid, c->guest_uid, c->guest_uid) < 0)
            INIT_FAIL(SH_STAGE_IDENTITY, -errno, -1);
        prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);   // a credential change cleared it
        if (c->hostname && sethostname(c->hostname, str_len(c->hostname)) < 0)
            INIT_FAIL(SH_STAGE_HOSTNAME, -errno, -1);
        if ((r = build_root(c, &failed)) < 0) INIT_FAIL(failed >= 0 ? SH_STAGE_MOUNT : SH_STAGE_PIVOT, r, failed);
        if ((r = loopback_up()) < 0) INIT_FAIL(SH_STAGE_LOOPBACK, r, -1);
        if ((r = forbid_namespaces()) < 0) INIT_FAIL(SH_STAGE_NAMESPACE_LIMITS, r, -1);
    } else {
        // Without a PID namespace, orphans re-parent to us so we can end them.
        prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        if (geteuid() == 0) {
            // No user namespace: init and guest run as an unprivileged host identity, not root.
            gid_t g = c->fallback_gid;
            uid_t u = c->fallback_uid;
            if (setgroups(1, &g) < 0 || setresgid(g, g, g) < 0 || setresuid(u, u, u) < 0)
                INIT_FAIL(SH_STAGE_IDENTITY, -errno, -1);
            // Changing uid cleared "dumpable", which would stop us taking the guest's listener
            // with pidfd_getfd.
            prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
        }
    }
    if ((r = drop_capabilities()) < 0) INIT_FAIL(SH_STAGE_CAPS, r, -1);
    // Wait for the filter. It also says the supervisor has placed us in the sandbox's cgroup,
    // so every guest task is counted from the first fork. EOF: the supervisor is gone.
    ssize_t n;
    do { n = read(control, filter_program, sizeof filter_program); } while (n < 0 && errno == EINTR);
    if (n <= 0) _exit(125);
    if (n % sizeof(struct sock_filter) != 0) INIT_FAIL(SH_STAGE_SECCOMP, -EINVAL, -1);
    filter_length = (unsigned short)(n / sizeof(struct sock_filter));
    close_other_fds2(control, exec_fd);   // whatever the supervisor had open is not the guest's business

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) INIT_FAIL(SH_STAGE_FORK, -errno, -1);
    int guest_pidfd = -1;
    long pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &guest_pidfd, 0, 0);
    if (pid < 0) INIT_FAIL(SH_STAGE_FORK, -errno, -1);
    if (pid == 0) {
        close(sv[0]);
        guest_main(c, sv[1], use_ns, exec_fd);
    }
    close(sv[1]);
    if (exec_fd >= 0) close(exec_fd);   // the spawner's alone

    // Relay the guest's setup messages; hand its listener to the supervisor.
    struct sh_msg m;
    for (;;) {
        ssize_t n = read(sv[0], &m, sizeof m);
        if (n < 0 && errno == EINTR) continue;
        if (n != (ssize_t)sizeof m) break;      // EOF: execve succeeded (sync fd is close-on-exec)
        if (m.type == SH_MSG_LISTENER) {
            int fd = (int)syscall(SYS_pidfd_getfd, guest_pidfd, m.index, 0);
            if (fd < 0) { send_msg(control, SH_MSG_SETUP_FAILED, SH_STAGE_LISTENER, errno, 0, 0, 0); break; }
            m.pid = (int)pid;
            if (send_fd(control, &m, fd) < 0) _exit(125);   // supervisor gone
            close(fd);
            // The supervisor opens the sandbox's root through /proc/<init>/root, which needs us
            // dumpable when it is not root: wait until it says it has.
            char opened;
            ssize_t got;
            do { got = read(control, &opened, 1); } while (got < 0 && errno == EINTR);
            if (got != 1) _exit(125);
            // From here on nothing of init may be reachable by the guest: it is unfiltered and
            // shares the guest's uid, so /proc/1/mem would be a way out of the filter.
            // Non-dumpable makes every ptrace-class access need a capability the guest lacks.
            prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
            char ack = 1;
            (void)write(sv[0], &ack, 1);
        } else {
            (void)write_all(control, &m, sizeof m);
        }
    }
    close(sv[0]);

    // Reap everything; report the main guest's status. In a PID namespace our exit kills the rest.
    int main_status = 0;
    for (;;) {
        int status;
        pid_t w = waitpid(-1, &status, __WALL);
        if (w < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (w == pid) {
            main_status = status;
            if (!use_ns) kill(-(pid_t)pid, SIGKILL);
            else break;
        }
    }
    send_msg(control, SH_MSG_EXITED, use_ns ? tasks_started(c->spawner ? 2 : 1) : -1, 0, main_status, (int)pid, 0);
    _exit(0);
}

int sh_launch(const struct sh_launch_config *c, struct sh_launch_result *result) {
    int sv[2], ex[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return -errno;
    if (c->spawner && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ex) < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        return -e;
    }
    unsigned long flags = CLONE_PIDFD | SIGCHLD;
    if (c->use_namespaces)
        flags |= CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS;
    // Mapping a host id other than our own (a root invoker's guest runs as an unprivileged id)
    // takes CAP_SETUID outside the new namespace: we write the maps, not init.
    int parent_maps = c->use_namespaces && c->host_uid != geteuid();
    int pidfd = -1;
    long pid = syscall(SYS_clone, flags, 0, &pidfd, 0, 0);
    if (pid < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        if (ex[0] >= 0) { close(ex[0]); close(ex[1]); }
        return -e;
    }
    if (pid == 0) {
        close(sv[0]);
        if (ex[0] >= 0) close(ex[0]);
        init_main(c, sv[1], c->use_namespaces, parent_maps, ex[1]);
        _exit(125);
    }
    close(sv[1]);
    if (ex[1] >= 0) close(ex[1]);
    if (parent_maps) {
        char proc_dir[32] = "/proc/";
        size_t len = 6;
        char digits[12];
        int nd = 0;
        for (long v = pid; v; v /= 10) digits[nd++] = (char)('0' + v % 10);
        while (nd) proc_dir[len++] = digits[--nd];
        proc_dir[len] = 0;
        int r = write_id_maps(c, proc_dir);
        char ready = 1;
        if (r < 0 || write(sv[0], &ready, 1) != 1) {
            if (r == 0) r = -errno;
            syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
            waitpid((pid_t)pid, NULL, 0);
            close(pidfd);
            close(sv[0]);
            if (ex[0] >= 0) close(ex[0]);
            return r;
        }
    }
    result->pid = (int)pid;
    result->pidfd = pidfd;
    result->control_fd = sv[0];
    result->exec_fd = ex[0];
    return 0;
}

int sh_recv_msg(int control_fd, struct sh_msg *msg, int *fd) {
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { msg, sizeof *msg };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                         .msg_controllen = sizeof control };
    *fd = -1;
    ssize_t n;
    do { n = recvmsg(control_fd, &mh, MSG_CMSG_CLOEXEC); } while (n < 0 && errno == EINTR);
    if (n < 0) return -errno;
    if (n == 0) return 0;
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
        if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
            memcpy(fd, CMSG_DATA(cm), sizeof(int));
    }
    if (n != (ssize_t)sizeof *msg) return -EPROTO;
    return 1;
}

const char *sh_stage_name(int stage) {
    switch (stage) {
    case SH_STAGE_USERNS_MAP: return "writing user namespace id maps";
    case SH_STAGE_HOSTNAME: return "setting the sandbox hostname";
    case SH_STAGE_MOUNT: return "mounting a zone";
    case SH_STAGE_PIVOT: return "building the sandbox root";
    case SH_STAGE_LOOPBACK: return "bringing up loopback";
    case SH_STAGE_FORK: return "starting the guest process";
    case SH_STAGE_RLIMIT: return "setting resource limits";
    case SH_STAGE_CHDIR: return "changing to the working directory";
    case SH_STAGE_IDENTITY: return "switching to the unprivileged identity";
    case SH_STAGE_CAPS: return "dropping capabilities";
    case SH_STAGE_NO_NEW_PRIVS: return "setting no_new_privs";
    case SH_STAGE_LANDLOCK: return "applying Landlock";
    case SH_STAGE_SECCOMP: return "installing the seccomp filter";
    case SH_STAGE_LISTENER: return "handing over the seccomp listener";
    case SH_STAGE_AFFINITY: return "setting the sandbox's CPU affinity";
    case SH_STAGE_NAMESPACE_LIMITS: return "limiting the sandbox's namespaces to none";
    }
    return "unknown stage";
}

int sh_send_exec(int exec_fd, const struct sh_exec_request *request, const void *payload, const int *fds) {
    struct iovec iov[2] = {{(void *)request, sizeof *request}, {(void *)payload, request->payload_len}};
    char control[CMSG_SPACE((3 + SH_EXEC_MAX_CGROUPS) * sizeof(int))];
    memset(control, 0, sizeof control);
    struct msghdr mh = {.msg_iov = iov, .msg_iovlen = request->payload_len ? 2 : 1};
    if (fds) {
        if (request->cgroups > SH_EXEC_MAX_CGROUPS) return -EINVAL;
        size_t n = 3 + request->cgroups;
        mh.msg_control = control;
        mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(n * sizeof(int));
        memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
    }
    ssize_t n;
    do { n = sendmsg(exec_fd, &mh, MSG_NOSIGNAL); } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : 0;
}

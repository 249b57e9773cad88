// Guest-side random-syscall fuzzer for the Safehouse supervisor (Docs/fuzzing.md).
//
// Runs INSIDE the sandbox only (it refuses to start unless uname() reports the fuzz policy's
// hostname, which the supervisor answers). It calls every syscall the table emulates, a sample
// of the denied ones and a few unknown numbers, with arguments drawn from full-range 64-bit
// values, boundary values, valid / unmapped / read-only / kernel-half / non-canonical pointers,
// pages of random bytes, real paths and valid and invalid descriptors. Worker threads make the
// calls while a flipper thread rewrites the memory under their pointers and takes it away.
//
// Every batch runs in a forked child, so a guest crash (its own memory scribbled over, a seccomp
// kill) costs one batch, not the run. After each batch the parent checks that the supervisor
// still answers a trapped call. A batch stuck past its deadline is fine only when the supervisor
// still answers the parent and every stuck call is an open (a FIFO waits for its peer on Linux
// too). Exit status: 0 the supervisor stayed up; 3 some other call was never answered; 4 the
// supervisor stopped answering; 1/2 setup or usage.
//
//   syscall_fuzz [-s SEED] [-t SECONDS] [-n CALLS] [-j THREADS] [-b BATCH_MS] [-o NAME] [-S BATCH_SEED]
//                [-F] [-v] [-H HOSTNAME]
//   -o NAME  fuzz only this syscall; -S replay the one batch a report names (with -j 1 and -v the
//            calls are the same again; -v also stops the flipper); -v print every call first;
//   -F       never create FIFOs (opening one waits for a peer, and ends its batch early)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE 4096
#define MAX_THREADS 16

// ---------------------------------------------------------------- the syscalls and their shapes
//
// Argument kinds, one letter per argument:
//   f descriptor (dirfd)   p path               n xattr name        b buffer pointer
//   s size / count         F flags (open, ...)  T flags (AT_*, RENAME_*)  m mode
//   k access mode          i id / int           P pid               h open_how pointer
//   z open_how size        t times pointer      a argv/envp pointer S sockaddr pointer
//   L sockaddr length
//   x anything (64-bit random or boundary)
// Every argument is, now and then, replaced by a fully random or boundary value whatever its kind.
struct sc {
    long nr;
    const char *name;
    const char *kinds;
};

#define E(name, kinds) {SYS_##name, #name, kinds}
// Every syscall Syscalls/x86_64.table marks `emulated` (FuzzTests checks this list against it).
static const struct sc emulated[] = {
    E(open, "pFm"), E(stat, "pb"), E(lstat, "pb"), E(access, "pk"), E(execve, "paa"), E(uname, "b"),
    E(truncate, "px"), E(getdents, "fbs"), E(chdir, "p"), E(rename, "pp"), E(mkdir, "pm"), E(rmdir, "p"),
    E(creat, "pm"), E(link, "pp"), E(unlink, "p"), E(symlink, "pp"), E(readlink, "pbs"), E(chmod, "pm"),
    E(fchmod, "fm"), E(chown, "pii"), E(fchown, "fii"), E(lchown, "pii"), E(sysinfo, "b"), E(utime, "pt"),
    E(mknod, "pmi"), E(statfs, "pb"), E(fstatfs, "fb"), E(setxattr, "pnbsF"), E(lsetxattr, "pnbsF"), E(fsetxattr, "fnbsF"),
    E(getxattr, "pnbs"), E(lgetxattr, "pnbs"), E(listxattr, "pbs"), E(llistxattr, "pbs"),
    E(removexattr, "pn"), E(lremovexattr, "pn"), E(fremovexattr, "fn"), E(sched_setaffinity, "Psb"),
    E(getdents64, "fbs"), E(utimes, "pt"), E(inotify_add_watch, "fpF"), E(openat, "fpFm"),
    E(mkdirat, "fpm"), E(mknodat, "fpmi"), E(fchownat, "fpiiT"), E(futimesat, "fpt"),
    E(newfstatat, "fpbT"), E(unlinkat, "fpT"), E(renameat, "fpfp"), E(linkat, "fpfpT"),
    E(symlinkat, "pfp"), E(readlinkat, "fpbs"), E(fchmodat, "fpm"), E(faccessat, "fpk"),
    E(utimensat, "fptT"), E(renameat2, "fpfpT"), E(execveat, "fpaaT"), E(statx, "fpTxb"),
    E(openat2, "fphz"), E(faccessat2, "fpkT"), E(bind, "fSL"), E(connect, "fSL"), E(listen, "fi"),
    E(sendto, "fbsFSL"), E(sendmsg, "fbF"), E(sendmmsg, "fbsF"), E(setuid, "i"),
    E(setgid, "i"), E(setreuid, "ii"), E(setregid, "ii"), E(setresuid, "iii"), E(setresgid, "iii"),
    E(lseek, "fxi"),   // emulated for SEEK_END/SEEK_DATA/SEEK_HOLE
    E(getsockname, "fbb"), E(getpeername, "fbb"),
    E(clone3, "bs"),   // emulated when the sandbox has its own user namespace, denied (ENOSYS) otherwise
};

// A sample of the denied ones: answered with a fixed errno by the dispatcher. None of them is
// one that could hurt a host even if it ran (no reboot, clock, swap, module or hostname calls).
static const struct sc denied[] = {
    E(ptrace, "xPbb"), E(syslog, "xbs"), E(personality, "x"), E(ustat, "xb"), E(sysfs, "xxx"),
    E(modify_ldt, "xbs"), E(chroot, "p"), E(quotactl, "xpib"), E(lookup_dcookie, "xbs"),
    E(add_key, "nnbsi"), E(request_key, "nnni"), E(keyctl, "xxxxx"), E(unshare, "F"), E(setns, "fF"),
    E(move_pages, "Psbbbx"), E(migrate_pages, "Psbb"), E(perf_event_open, "bPiiF"),
    E(fanotify_init, "FF"), E(name_to_handle_at, "fpbbF"), E(open_by_handle_at, "fbF"),
    E(process_vm_readv, "Pbsbsx"), E(process_vm_writev, "Pbsbsx"), E(kcmp, "PPxxx"), E(bpf, "xbs"),
    E(userfaultfd, "F"), E(io_uring_setup, "sb"), E(io_uring_enter, "fssFbs"),
    E(io_uring_register, "fxbs"), E(open_tree, "fpF"), E(fsopen, "nF"), E(fspick, "fpF"),
    E(pidfd_getfd, "ffF"), E(memfd_secret, "F"), E(socket, "xxx"),
    E(socketpair, "xxxb"), E(mount_setattr, "fpFbs"),
};

// Numbers the table does not know (x86-64 has none in 337..423, none above 462 yet): ENOSYS.
// 335 and 336 (uretprobe, uprobe) are skipped: the kernel runs them without consulting seccomp at
// all, and a call from anywhere but a probe trampoline is a SIGILL.
static long unknown_number(uint64_t r) { return (r & 1) ? 337 + (long)(r >> 1) % 87 : 463 + (long)(r >> 1) % 560; }

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

// ---------------------------------------------------------------- randomness

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static uint64_t below(uint64_t *s, uint64_t n) { return n ? splitmix(s) % n : 0; }
static int chance(uint64_t *s, int percent) { return (int)below(s, 100) < percent; }

static const uint64_t boundaries[] = {
    0, 1, 2, 3, 7, 23, 24, 25, 32, 255, 256, 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL, 0xffffffff00000000ULL,
    0x7fffffffffffffffULL, 0x8000000000000000ULL, UINT64_MAX, UINT64_MAX - 1,
    (uint64_t)-100, (uint64_t)-4096, (uint64_t)-4095, 0xdeadbeefffffff9cULL /* AT_FDCWD in the low half */,
};

// ---------------------------------------------------------------- memory the pointers point at
//
//   ro     read-only pages of NUL-terminated strings (paths, names); the last string runs into a
//          guard page with no NUL (EFAULT while copying a string)
//   buf    writable arena of random bytes
//   vol    volatile page: the flipper rewrites it (valid paths, garbage, NULs come and go)
//   flap   a page the flipper makes inaccessible and accessible again
//   hole   an address range that is never accessible
// Each is followed by an inaccessible guard page (arena()).
static char *ro, *buf, *vol, *flap, *hole;
static size_t ro_used;
#define BUF_SIZE (1 << 20)

static const char *path_pool[320];
static size_t path_count;
static const char *name_pool[32];
static size_t name_count;

static const char *keep(const char *s) {
    size_t n = strlen(s) + 1;
    if (ro_used + n > 7 * PAGE) return "";
    char *at = ro + ro_used;
    memcpy(at, s, n);
    ro_used += n;
    return at;
}
static void add_path(const char *s) { if (path_count < COUNT(path_pool)) path_pool[path_count++] = keep(s); }
static void add_name(const char *s) { if (name_count < COUNT(name_pool)) name_pool[name_count++] = keep(s); }

// Descriptors a call may name: set up per batch in the child.
static int fds[40];
static size_t fd_count;
static int first_free_fd = 3;

static int hold(int fd) {
    if (fd >= 0 && fd_count < COUNT(fds)) fds[fd_count++] = fd;
    return fd;
}

static const char *workspace = "/tmp/fz";
static int no_fifo;

// `pages` accessible pages followed by an inaccessible guard page: a copy that runs off the end
// faults there instead of landing in whatever is mapped next (ld.so's data, a thread's stack).
static char *arena(size_t pages, int prot) {
    char *p = mmap(NULL, (pages + 1) * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED || (pages && mprotect(p, pages * PAGE, prot) != 0)) {
        perror("mmap");
        exit(1);
    }
    return p;
}

static void setup_memory(void) {
    ro = arena(8, PROT_READ | PROT_WRITE);   // made read-only below
    buf = arena(BUF_SIZE / PAGE, PROT_READ | PROT_WRITE);
    vol = arena(2, PROT_READ | PROT_WRITE);
    flap = arena(1, PROT_READ | PROT_WRITE);
    hole = arena(15, PROT_NONE);

    const char *paths[] = {
        "/tmp/fz/x", "/tmp/fz/y", "/tmp/fz/d", "/tmp/fz/d/", "/tmp/fz/d/z", "/tmp/fz/link", "/tmp/fz/loop",
        "/tmp/fz/dangling", "/tmp/fz/new", "/tmp/fz/d/new", "x", "y", "d", "d/z", "new", "link", "loop", ".", "..",
        "../..", "../../../../../../../..", "/", "//", "/./././", "", "/tmp", "/tmp/", "/tmp/x", "/tmp/fz",
        "/proc/self/fd/99", "/proc/self/fd/-1", "/proc/self/fd/", "/proc/self/cwd",
        "/proc/self/cwd/x", "/proc/self/root", "/proc/self/root/..", "/proc/self/exe", "/proc/self",
        "/proc/thread-self/fd/0", "/proc/1/fd/0", "/proc/1/root", "/proc/1/cwd/..", "/proc/self/status",
        "/proc/self/mem", "/proc/self/fdinfo/0", "/proc/self/task", "/proc/cpuinfo", "/proc/meminfo",
        "/proc/sys/kernel/hostname", "/proc", "/proc/99999/status", "/proc/2147483648/status",
        "/dev/null", "/dev/zero", "/dev/full", "/dev/urandom", "/dev/tty", "/dev/shm", "/dev/shm/x", "/dev",
        "/dev/pts/ptmx", "/dev/ptmx", "/etc/passwd", "/etc/hosts", "/etc/shadow", "/usr/bin/true",
        "/usr", "/usr/bin", "/lib", "/sys/devices/system/cpu/online", "/sys", "/home/sandbox",
        "/home/sandbox/.x", "/results", "/results/x", "/results/d", "/results/d/y", "/results/secret",
        "/results/secret/x", "/results/ro", "/results/ro/x", "/t", "/t/syscall_fuzz", "/t/nothing",
        "/tmp/fz/x/", "/tmp/fz/x/..", "/tmp/fz/d/../x", "/tmp/fz/link/z", "/tmp/fz/\xff\xfe", "/tmp/fz/a\nb",
        "/var/tmp", "/root", "/host", "/tmp/fz/.", "/tmp/fz/..", "./x", "././d/../x", "d/../../fz/x",
    };
    for (size_t i = 0; i < COUNT(paths); i++) add_path(paths[i]);
    for (int fd = 0; fd < 40; fd++) {   // every descriptor a batch holds (setup_objects)
        char proc_fd[32];
        snprintf(proc_fd, sizeof proc_fd, "/proc/self/fd/%d", fd);
        add_path(proc_fd);
    }
    // A deep path and one at PATH_MAX (4095 bytes + NUL), and one without room for the NUL.
    char long_path[PAGE + 1];
    memset(long_path, 'a', sizeof long_path);
    for (int i = 1; i < 4095; i += 2) long_path[i] = '/';
    long_path[4095] = 0;
    add_path(long_path);
    char deep[2048] = "/tmp/fz";
    while (strlen(deep) + 4 < sizeof deep) strcat(deep, "/..");
    add_path(deep);

    const char *names[] = {
        "user.a", "user.b", "user.", "user", "", "trusted.x", "security.x", "security.capability",
        "system.posix_acl_access", "system.posix_acl_default", "system.x", "foo.bar", "user.\xff",
    };
    for (size_t i = 0; i < COUNT(names); i++) add_name(names[i]);
    char long_name[300];
    memset(long_name, 'n', sizeof long_name);
    memcpy(long_name, "user.", 5);
    long_name[255] = 0;
    add_name(long_name);   // 255 bytes: the longest allowed
    long_name[255] = 'n';
    long_name[299] = 0;
    add_name(long_name);   // 299 bytes: ERANGE

    // The last bytes before the guard page: a path with no NUL.
    memset(ro + 8 * PAGE - 64, 'u', 64);
    mprotect(ro, 8 * PAGE, PROT_READ);

    uint64_t s = 42;
    for (size_t i = 0; i < BUF_SIZE; i += 8) {
        uint64_t v = splitmix(&s);
        memcpy(buf + i, &v, 8);
    }
}

// ---------------------------------------------------------------- argument generation

static uint64_t any_value(uint64_t *s) {
    switch (below(s, 4)) {
    case 0: return splitmix(s);
    case 1: return boundaries[below(s, COUNT(boundaries))];
    case 2: return (uint64_t)(int64_t)(int32_t)splitmix(s);   // a sign-extended int
    default: return splitmix(s) & 0xffff;
    }
}

static uint64_t bad_pointer(uint64_t *s) {
    static const uint64_t bad[] = {
        0, 1, 0xfff, 0x1000, 0x0000800000000000ULL /* non-canonical */, 0xffff800000000000ULL /* kernel */,
        0xffffffffff600000ULL /* vsyscall */, UINT64_MAX, UINT64_MAX - 7, 0x7ffffffff000ULL,
    };
    switch (below(s, 4)) {
    case 0: return bad[below(s, COUNT(bad))];
    case 1: return (uint64_t)(uintptr_t)(hole + below(s, 16 * PAGE));
    case 2: return (uint64_t)(uintptr_t)(ro + 8 * PAGE - below(s, 8));   // the string that runs into the guard
    default: return splitmix(s);
    }
}

static uint64_t buffer_pointer(uint64_t *s) {
    switch (below(s, 10)) {
    case 0: case 1: case 2: return (uint64_t)(uintptr_t)(buf + (below(s, BUF_SIZE) & ~(uint64_t)7));
    case 3: return (uint64_t)(uintptr_t)(buf + BUF_SIZE - below(s, 600));   // runs into the guard page
    case 4: return (uint64_t)(uintptr_t)(buf + below(s, BUF_SIZE));        // misaligned
    case 5: return (uint64_t)(uintptr_t)(vol + below(s, PAGE));
    case 6: return (uint64_t)(uintptr_t)(flap + below(s, PAGE));
    case 7: return (uint64_t)(uintptr_t)ro;                                 // read-only
    default: return bad_pointer(s);
    }
}

static uint64_t path_pointer(uint64_t *s) {
    switch (below(s, 12)) {
    case 0: return (uint64_t)(uintptr_t)(vol + below(s, 64));      // rewritten under us
    case 1: return (uint64_t)(uintptr_t)(flap + below(s, 32));     // unmapped now and then
    case 2: return buffer_pointer(s);                             // random bytes
    case 3: return bad_pointer(s);
    default: return (uint64_t)(uintptr_t)path_pool[below(s, path_count)];
    }
}

static uint64_t name_pointer(uint64_t *s) {
    switch (below(s, 8)) {
    case 0: return path_pointer(s);
    case 1: return bad_pointer(s);
    default: return (uint64_t)(uintptr_t)name_pool[below(s, name_count)];
    }
}

static uint64_t fd_value(uint64_t *s) {
    switch (below(s, 8)) {
    case 0: return (uint64_t)-100;                       // AT_FDCWD
    case 1: return 0xffffffff00000000ULL | (uint64_t)(uint32_t)-100;
    case 2: return any_value(s);
    case 3: return below(s, 64);
    default: return fd_count ? (uint64_t)fds[below(s, fd_count)] : 0;
    }
}

static uint64_t size_value(uint64_t *s) {
    switch (below(s, 6)) {
    case 0: return boundaries[below(s, COUNT(boundaries))];
    case 1: return splitmix(s);
    case 2: return below(s, 70000);
    case 3: return (uint64_t)(int64_t)-(int64_t)below(s, 4);
    default: return below(s, 4200);
    }
}

static uint64_t flags_value(uint64_t *s) {
    static const uint64_t common[] = {
        O_RDONLY, O_WRONLY | O_CREAT, O_RDWR | O_CREAT | O_EXCL, O_RDWR | O_TRUNC, O_DIRECTORY, O_PATH,
        O_PATH | O_NOFOLLOW, __O_TMPFILE | O_RDWR, __O_TMPFILE | O_WRONLY, O_NOFOLLOW, O_APPEND | O_WRONLY,
        O_CLOEXEC, O_NONBLOCK | O_RDONLY, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, AT_SYMLINK_FOLLOW,
        AT_REMOVEDIR, AT_EACCESS, AT_NO_AUTOMOUNT, AT_STATX_FORCE_SYNC, AT_STATX_DONT_SYNC, 1, 2, 3, 4, 6,
        0x7ff, IN_ALL_EVENTS, IN_ONLYDIR | IN_DONT_FOLLOW | IN_MODIFY, 0x80000000,
    };
    switch (below(s, 5)) {
    case 0: return 0;
    case 1: return any_value(s);
    case 2: return common[below(s, COUNT(common))] | common[below(s, COUNT(common))];
    default: return common[below(s, COUNT(common))];
    }
}

// Mostly flags the *at calls accept, so the calls get past their flag checks.
static uint64_t at_flags_value(uint64_t *s) {
    static const uint64_t at[] = {0, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_SYMLINK_FOLLOW, AT_REMOVEDIR, AT_EACCESS,
                                  AT_NO_AUTOMOUNT, AT_STATX_DONT_SYNC, 1 /* RENAME_NOREPLACE */, 2 /* RENAME_EXCHANGE */,
                                  4 /* RENAME_WHITEOUT */};
    if (chance(s, 15)) return flags_value(s);
    uint64_t f = at[below(s, COUNT(at))];
    return chance(s, 30) ? f | at[below(s, COUNT(at))] : f;
}

static uint64_t mode_value(uint64_t *s) {
    static const uint64_t types[] = {0, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, S_IFLNK, 0xf000};
    uint64_t m = chance(s, 20) ? any_value(s) : (types[below(s, COUNT(types))] | below(s, 010000));
    return m;
}

static uint64_t pid_value(uint64_t *s) {
    switch (below(s, 5)) {
    case 0: return 0;
    case 1: return (uint64_t)getpid();
    case 2: return 1;
    case 3: return below(s, 40);
    default: return any_value(s);
    }
}

// Per-thread scratch for struct arguments that are built rather than random.
struct scratch {
    uint64_t how[512];          // struct open_how and what may follow it (up to a page)
    struct timespec times[2];
    uint64_t argv[4];
    unsigned char addr[136];
    uint64_t addrlen;           // the length that fits the address built last
};

// A socket address: mostly AF_UNIX names (bind creates them through the VFS), then loopback
// inet and inet6, abstract names and families the sandbox has no business with.
static uint64_t sockaddr_pointer(uint64_t *s, struct scratch *t) {
    static const char *unix_paths[] = {
        "/tmp/fz/sock", "sock", "/results/sock", "/results/secret/s", "/results/ro/s", "/tmp/fz/d/z", "/usr/s",
        "/proc/self/s", "/tmp/fz/x", "/tmp/fz/link", "/tmp/fz/d", "/tmp/fz/dangling", "/dev/null", "../fz/s2",
    };
    memset(t->addr, 0, sizeof t->addr);
    t->addrlen = 16;
    switch (below(s, 10)) {
    case 0: return chance(s, 50) ? buffer_pointer(s) : bad_pointer(s);
    case 1: case 2: case 3: case 4: {
        const char *p = chance(s, 70) ? unix_paths[below(s, COUNT(unix_paths))] : path_pool[below(s, path_count)];
        t->addr[0] = AF_UNIX;
        size_t n = strnlen(p, 108);
        memcpy(t->addr + 2, p, n);
        if (chance(s, 5)) { memset(t->addr + 2, 'u', 108); n = 108; }   // sun_path without a NUL
        t->addrlen = 2 + n + (n < 108 && chance(s, 80));
        break;
    }
    case 5:
        t->addr[0] = AF_UNIX;
        memcpy(t->addr + 3, "fz-abstract", 11);   // "\0fz-abstract"
        t->addrlen = 14;
        break;
    case 6: case 7: {
        static const uint16_t ports[] = {0, 80, 1023, 1024, 8080, 65535};
        uint16_t port = chance(s, 80) ? ports[below(s, COUNT(ports))] : (uint16_t)splitmix(s);
        t->addr[0] = AF_INET;
        t->addr[2] = (unsigned char)(port >> 8), t->addr[3] = (unsigned char)port;
        t->addr[4] = 127, t->addr[7] = 1;
        if (chance(s, 30)) t->addr[4] = 203, t->addr[5] = 0, t->addr[6] = 113, t->addr[7] = 9;  // not allowed
        break;
    }
    case 8:
        t->addr[0] = 10;   // AF_INET6, ::1 or ::ffff:127.0.0.1
        t->addr[3] = (unsigned char)below(s, 2048);
        if (chance(s, 50)) t->addr[23] = 1;
        else t->addr[18] = t->addr[19] = 0xff, t->addr[20] = 127, t->addr[23] = 1;
        t->addrlen = 28;
        break;
    default: {
        static const uint16_t families[] = {0, 16 /* AF_NETLINK */, 17 /* AF_PACKET */, 40 /* AF_VSOCK */, 0xffff};
        uint16_t f = chance(s, 70) ? families[below(s, COUNT(families))] : (uint16_t)splitmix(s);
        memcpy(t->addr, &f, 2);
        for (int i = 2; i < 16; i++) t->addr[i] = (unsigned char)splitmix(s);
        break;
    }
    }
    return (uint64_t)(uintptr_t)t->addr;
}

static uint64_t sockaddr_length(uint64_t *s, struct scratch *t) {
    static const uint64_t lengths[] = {0, 1, 2, 3, 16, 28, 109, 110, 111, 128, 129, 0x7fffffff, 0x80000000,
                                       0xffffffff, UINT64_MAX, 0xffffffff00000010ULL};
    return chance(s, 65) ? t->addrlen : lengths[below(s, COUNT(lengths))];
}

static uint64_t how_pointer(uint64_t *s, struct scratch *t) {
    if (chance(s, 25)) return buffer_pointer(s);
    memset(t->how, 0, sizeof t->how);
    t->how[0] = flags_value(s);
    t->how[1] = chance(s, 70) ? below(s, 01000) : any_value(s);
    t->how[2] = chance(s, 70) ? below(s, 0x40) : any_value(s);
    if (chance(s, 10)) t->how[3 + below(s, 100)] = 1;   // non-zero beyond the known struct
    return (uint64_t)(uintptr_t)t->how;
}

static uint64_t times_pointer(uint64_t *s, struct scratch *t) {
    static const long nsec[] = {0, 1, 999999999, 1000000000, -1, (1L << 30) - 1 /* UTIME_NOW */,
                                (1L << 30) - 2 /* UTIME_OMIT */, LONG_MIN, LONG_MAX};
    if (chance(s, 20)) return chance(s, 50) ? 0 : buffer_pointer(s);
    for (int i = 0; i < 2; i++) {
        t->times[i].tv_sec = chance(s, 50) ? (long)below(s, 2000000000) : (long)any_value(s);
        t->times[i].tv_nsec = nsec[below(s, COUNT(nsec))];
    }
    return (uint64_t)(uintptr_t)t->times;
}

// Mostly argv pointers the kernel refuses (EFAULT) after the supervisor's checks passed: an exec
// that succeeds ends the batch.
static uint64_t argv_pointer(uint64_t *s, struct scratch *t) {
    switch (below(s, 8)) {
    case 0: return 0;
    case 1: case 2: case 3: case 4: case 5: return bad_pointer(s);
    case 6: return buffer_pointer(s);
    default:
        // A valid argv: exec of the fuzzer itself with it exits at once (no arguments).
        t->argv[0] = (uint64_t)(uintptr_t)"fz";
        t->argv[1] = 0;
        return (uint64_t)(uintptr_t)t->argv;
    }
}

static uint64_t arg_of_kind(char kind, uint64_t *s, struct scratch *t) {
    if (chance(s, 8)) return any_value(s);   // every argument is, now and then, anything at all
    switch (kind) {
    case 'f': return fd_value(s);
    case 'p': return path_pointer(s);
    case 'n': return name_pointer(s);
    case 'b': return buffer_pointer(s);
    case 's': return size_value(s);
    case 'F': return flags_value(s);
    case 'm': return mode_value(s);
    case 'i': {   // ids: the guest's own (1000), "unchanged" (-1), root, or anything
        static const uint64_t ids[] = {1000, (uint64_t)-1, 0, 65534, 0xffffffff};
        return chance(s, 60) ? ids[below(s, COUNT(ids))] : any_value(s);
    }
    case 'P': return pid_value(s);
    case 'T': return at_flags_value(s);
    case 'k': return chance(s, 85) ? below(s, 8) : any_value(s);
    case 'h': return how_pointer(s, t);
    case 'z': return chance(s, 60) ? 24 : chance(s, 50) ? 8 * below(s, 513) : size_value(s);
    case 't': return times_pointer(s, t);
    case 'a': return argv_pointer(s, t);
    case 'S': return sockaddr_pointer(s, t);
    case 'L': return sockaddr_length(s, t);
    default: return any_value(s);
    }
}

// ---------------------------------------------------------------- the batch child

// What each worker is doing, in memory shared with the parent (for hang and crash reports).
struct slot {
    _Atomic uint64_t seq;
    _Atomic int in_call;
    _Atomic int tid;
    long nr;
    uint64_t args[6];
    char name[24];
};
struct shared {
    struct slot slots[MAX_THREADS];
    _Atomic uint64_t calls;
};
static struct shared *shared;

static const char *only;   // -o NAME
static int verbose;
static int threads = 3;
static _Atomic int batch_done;

struct worker {
    int index;
    uint64_t seed;
    uint64_t deadline_ns;
    uint64_t max_calls;
};

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static const struct sc *pick(uint64_t *s, struct sc *unknown) {
    if (only) {
        for (size_t i = 0; i < COUNT(emulated); i++) if (!strcmp(emulated[i].name, only)) return &emulated[i];
        for (size_t i = 0; i < COUNT(denied); i++) if (!strcmp(denied[i].name, only)) return &denied[i];
        return NULL;
    }
    uint64_t r = below(s, 100);
    if (r < 85) return &emulated[below(s, COUNT(emulated))];
    if (r < 98) return &denied[below(s, COUNT(denied))];
    unknown->nr = unknown_number(splitmix(s));
    unknown->name = "unknown";
    unknown->kinds = "xxxxxx";
    return unknown;
}

// Calls that hand back a descriptor: closed again so the table does not fill up.
static int returns_fd(long nr) {
    return nr == SYS_open || nr == SYS_openat || nr == SYS_openat2 || nr == SYS_creat || nr == SYS_socket ||
           nr == SYS_open_tree || nr == SYS_fsopen || nr == SYS_fspick || nr == SYS_userfaultfd ||
           nr == SYS_perf_event_open || nr == SYS_fanotify_init || nr == SYS_open_by_handle_at ||
           nr == SYS_pidfd_getfd || nr == SYS_memfd_secret || nr == SYS_io_uring_setup || nr == SYS_bpf;
}

// For -v: the string a pointer argument names, when it lies in one of our always-readable arenas.
static void show_string(size_t i, uint64_t p) {
    const char *at = (const char *)(uintptr_t)p;
    size_t room;
    if (at >= ro && at < ro + 8 * PAGE) room = (size_t)(ro + 8 * PAGE - at);
    else if (at >= buf && at < buf + BUF_SIZE) room = (size_t)(buf + BUF_SIZE - at);
    else if (at >= vol && at < vol + 2 * PAGE) room = (size_t)(vol + 2 * PAGE - at);
    else return;
    size_t n = strnlen(at, room < 120 ? room : 120);
    fprintf(stderr, "      arg%zu = \"", i);
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)at[k];
        if (ch >= 32 && ch < 127 && ch != '"' && ch != '\\') fputc(ch, stderr); else fprintf(stderr, "\\x%02x", ch);
    }
    fprintf(stderr, "\"%s\n", n == (room < 120 ? room : 120) ? "..." : "");
}

static void *worker_main(void *raw) {
    struct worker *w = raw;
    struct slot *slot = &shared->slots[w->index];
    atomic_store(&slot->tid, (int)gettid());
    struct scratch *t = calloc(1, sizeof *t);
    uint64_t s = w->seed;
    struct sc unknown;
    uint64_t n = 0;
    while (!atomic_load(&batch_done) && now_ns() < w->deadline_ns && (!w->max_calls || n < w->max_calls)) {
        const struct sc *c = pick(&s, &unknown);
        if (!c) break;
        uint64_t a[6] = {0};
        for (size_t i = 0; i < 6; i++) a[i] = c->kinds[i] ? arg_of_kind(c->kinds[i], &s, t) : (chance(&s, 10) ? any_value(&s) : 0);
        // FIFOs block their opener (and with it a supervisor worker, today): optional.
        if (no_fifo && (c->nr == SYS_mknod || c->nr == SYS_mknodat)) {
            int mi = c->nr == SYS_mknod ? 1 : 2;
            if ((a[mi] & S_IFMT) == S_IFIFO) a[mi] &= ~(uint64_t)S_IFMT;
        }
        slot->nr = c->nr;
        memcpy(slot->args, a, sizeof a);
        snprintf(slot->name, sizeof slot->name, "%s", c->name);
        atomic_fetch_add(&slot->seq, 1);
        if (verbose) {
            fprintf(stderr, "[%d] %s(%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ")\n",
                    w->index, c->name, a[0], a[1], a[2], a[3], a[4], a[5]);
            for (size_t i = 0; i < 6 && c->kinds[i]; i++) {
                if (c->kinds[i] == 'p' || c->kinds[i] == 'n') show_string(i, a[i]);
            }
        }
        atomic_store(&slot->in_call, 1);
        long r = syscall(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        atomic_store(&slot->in_call, 0);
        if (verbose) fprintf(stderr, "[%d]   = %ld%s%s\n", w->index, r, r < 0 ? " " : "", r < 0 ? strerrorname_np(errno) ?: "?" : "");
        if (r >= first_free_fd && returns_fd(c->nr)) close((int)r);
        atomic_fetch_add(&shared->calls, 1);
        n++;
    }
    free(t);
    return NULL;
}

// Rewrites the volatile page and remaps the flapping page while the workers use them.
static void *flipper_main(void *raw) {
    uint64_t s = *(uint64_t *)raw;
    while (!atomic_load(&batch_done)) {
        switch (below(&s, 7)) {
        case 0: {   // a valid path, NUL-terminated
            const char *p = path_pool[below(&s, path_count)];
            size_t n = strnlen(p, PAGE - 1);
            memcpy(vol, p, n + 1);
            break;
        }
        case 1:     // garbage over the start
            for (int i = 0; i < 64; i++) vol[i] = (char)splitmix(&s);
            break;
        case 2:     // no NUL in the whole page (ENAMETOOLONG, or a race with a NUL appearing)
            memset(vol, 'v', PAGE);
            break;
        case 3:     // the flapping page becomes inaccessible...
            mprotect(flap, PAGE, PROT_NONE);
            break;
        case 4:     // ...and comes back, with a path in it (mprotect, not munmap: nothing else may
                    // be mapped there, or the calls would write into the program's own memory)
            if (mprotect(flap, PAGE, PROT_READ | PROT_WRITE) == 0) strcpy(flap, "/tmp/fz/x");
            break;
        case 5:     // single bytes in the scratch arena
            buf[below(&s, BUF_SIZE)] = (char)splitmix(&s);
            break;
        default: {  // a signal interrupts a worker, mid-call perhaps: the notification is abandoned
            int tid = atomic_load(&shared->slots[below(&s, (uint64_t)threads)].tid);
            if (tid > 0 && chance(&s, 5)) syscall(SYS_tgkill, getpid(), tid, SIGUSR1);
            break;
        }
        }
        if (chance(&s, 10)) sched_yield();
    }
    return NULL;
}

static void mkdirs(const char *path) { mkdir(path, 0777); }

// The objects the fuzzed calls find: a workspace with files, a directory, symlinks (one loops),
// and descriptors of every kind.
static void setup_objects(void) {
    mkdirs("/tmp");
    mkdirs(workspace);
    chmod(workspace, 0777);
    if (chdir(workspace) != 0) chdir("/tmp");
    close(open("/tmp/fz/x", O_CREAT | O_WRONLY, 0644));
    close(open("/tmp/fz/y", O_CREAT | O_WRONLY, 0600));
    mkdirs("/tmp/fz/d");
    symlink("x", "/tmp/fz/link");
    symlink("loop", "/tmp/fz/loop");
    symlink("/nowhere", "/tmp/fz/dangling");
    mkdirs("/results/d");
    close(open("/results/x", O_CREAT | O_WRONLY, 0644));

    fd_count = 0;
    hold(0), hold(1), hold(2);
    hold(open("/tmp/fz/x", O_RDWR | O_CLOEXEC));
    hold(open("/tmp/fz/d", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    hold(open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    hold(open("/tmp/fz/x", O_PATH | O_CLOEXEC));
    hold(open("/tmp/fz/link", O_PATH | O_NOFOLLOW | O_CLOEXEC));
    hold(open("/dev/null", O_RDWR | O_CLOEXEC));
    hold(open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    hold(open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    hold(open("/usr/bin", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    hold(open("/results", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    hold(open("/etc/passwd", O_RDONLY | O_CLOEXEC));
    int p[2];
    if (pipe2(p, O_CLOEXEC) == 0) hold(p[0]), hold(p[1]);
    // Half-closed pipes: reopening one through /proc/self/fd waits for a peer, as a FIFO does.
    if (pipe2(p, O_CLOEXEC) == 0) hold(p[0]), close(p[1]);
    if (pipe2(p, O_CLOEXEC) == 0) close(p[0]), hold(p[1]);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0) hold(sv[0]), hold(sv[1]);
    // Unbound sockets for bind and connect (non-blocking: a connect never waits).
    hold(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    hold(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    hold(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    hold(socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    hold(inotify_init1(IN_CLOEXEC));
    hold(eventfd(0, EFD_CLOEXEC));
    hold(memfd_create("fz", MFD_CLOEXEC));
    int highest = 2;
    for (size_t i = 0; i < fd_count; i++) if (fds[i] > highest) highest = fds[i];
    first_free_fd = highest + 1;
    hold(first_free_fd + 50);   // a closed descriptor
}

// For -v: where a batch crashed (the calls write into the fuzzer's memory when a pointer
// happens to be one of its own).
static void on_crash(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    char line[160];
    int n = snprintf(line, sizeof line, "fuzz: signal %d code %d addr %p rip %#llx\n", sig, info->si_code, info->si_addr,
                     (unsigned long long)uc->uc_mcontext.gregs[REG_RIP]);
    write(2, line, (size_t)n);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_interrupt(int sig) { (void)sig; }

static int run_batch(uint64_t seed, uint64_t batch_ms, uint64_t max_calls) {
    struct sigaction interrupt = {.sa_handler = on_interrupt};   // no SA_RESTART: calls return EINTR
    sigaction(SIGUSR1, &interrupt, NULL);
    if (verbose) {
        struct sigaction sa = {.sa_sigaction = on_crash, .sa_flags = SA_SIGINFO};
        sigaction(SIGSEGV, &sa, NULL);
        sigaction(SIGBUS, &sa, NULL);
    }
    setup_objects();
    pthread_t tids[MAX_THREADS], flipper;
    struct worker workers[MAX_THREADS];
    uint64_t deadline = now_ns() + batch_ms * 1000000ULL;
    uint64_t s = seed;
    for (int i = 0; i < threads; i++) {
        workers[i] = (struct worker){.index = i, .seed = splitmix(&s), .deadline_ns = deadline, .max_calls = max_calls};
        if (pthread_create(&tids[i], NULL, worker_main, &workers[i]) != 0) return 1;
    }
    uint64_t flip_seed = splitmix(&s);
    int flipping = !verbose && pthread_create(&flipper, NULL, flipper_main, &flip_seed) == 0;
    for (int i = 0; i < threads; i++) pthread_join(tids[i], NULL);
    atomic_store(&batch_done, 1);
    if (flipping) pthread_join(flipper, NULL);
    return 0;
}

// ---------------------------------------------------------------- the parent

static volatile sig_atomic_t alarmed;
static void on_alarm(int sig) { (void)sig; alarmed = 1; }

// One trapped call must still be answered, by the supervisor (not ENOSYS from a dead listener).
static int supervisor_answers(const char *hostname) {
    struct sigaction sa = {.sa_handler = on_alarm};   // no SA_RESTART: a stuck call returns EINTR
    sigaction(SIGALRM, &sa, NULL);
    alarmed = 0;
    alarm(20);
    struct utsname u;
    struct stat st;
    int ok = uname(&u) == 0 && strcmp(u.nodename, hostname) == 0 && stat("/tmp", &st) == 0;
    int e = errno;
    alarm(0);
    if (!ok) fprintf(stderr, "fuzz: SUPERVISOR NOT ANSWERING (%s%s)\n", alarmed ? "timed out, " : "", strerror(e));
    return ok;
}

static void report_slots(const char *what) {
    for (int i = 0; i < threads; i++) {
        struct slot *sl = &shared->slots[i];
        if (!atomic_load(&sl->seq)) continue;
        fprintf(stderr, "fuzz:   %s thread %d %s: %s(%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64
                ", %#" PRIx64 ")\n", what, i, atomic_load(&sl->in_call) ? "IN" : "last", sl->name,
                sl->args[0], sl->args[1], sl->args[2], sl->args[3], sl->args[4], sl->args[5]);
    }
}

// Whether every call still in progress is an open (of a FIFO, presumably: it waits for a peer).
static int only_opens_stuck(void) {
    for (int i = 0; i < threads; i++) {
        struct slot *sl = &shared->slots[i];
        if (!atomic_load(&sl->in_call)) continue;
        if (sl->nr != SYS_open && sl->nr != SYS_openat && sl->nr != SYS_openat2 && sl->nr != SYS_creat) return 0;
    }
    return 1;
}

static void usage(void) {
    fprintf(stderr, "usage: syscall_fuzz [-s SEED] [-t SECONDS] [-n CALLS] [-j THREADS] [-b BATCH_MS] [-o NAME] [-S BATCH_SEED] [-F] [-v] [-H HOSTNAME]\n");
    exit(2);
}

int main(int argc, char **argv) {
    uint64_t seed = 1, seconds = 20, max_calls = 0, batch_ms = 1500, replay = 0;
    const char *hostname = "safehouse-fuzz";
    // Also what an exec of this program by a fuzzed execve ends in: leave quietly.
    if (argc < 2) return 2;
    int opt;
    while ((opt = getopt(argc, argv, "s:S:t:n:j:b:o:H:Fv")) != -1) {
        switch (opt) {
        case 's': seed = strtoull(optarg, NULL, 0); break;
        case 'S': replay = strtoull(optarg, NULL, 0); break;
        case 't': seconds = strtoull(optarg, NULL, 0); break;
        case 'n': max_calls = strtoull(optarg, NULL, 0); break;
        case 'j': threads = atoi(optarg); break;
        case 'b': batch_ms = strtoull(optarg, NULL, 0); break;
        case 'o': only = optarg; break;
        case 'H': hostname = optarg; break;
        case 'F': no_fifo = 1; break;
        case 'v': verbose = 1; break;
        default: usage();
        }
    }
    if (threads < 1 || threads > MAX_THREADS) usage();
    // Never outside the sandbox: uname is answered by the supervisor with the policy's hostname.
    struct utsname u;
    if (uname(&u) != 0 || strcmp(u.nodename, hostname) != 0) {
        fprintf(stderr, "syscall_fuzz: hostname is not \"%s\": not inside the fuzz sandbox, refusing to run\n", hostname);
        return 1;
    }
    if (only) {
        int found = 0;
        for (size_t i = 0; i < COUNT(emulated); i++) found |= !strcmp(emulated[i].name, only);
        for (size_t i = 0; i < COUNT(denied); i++) found |= !strcmp(denied[i].name, only);
        if (!found) { fprintf(stderr, "syscall_fuzz: unknown syscall %s\n", only); return 2; }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    setup_memory();
    shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) { perror("mmap"); return 1; }

    printf("fuzz: seed %" PRIu64 ", %" PRIu64 " s, %d threads, %zu emulated + %zu denied syscalls\n", seed, seconds,
           threads, COUNT(emulated), COUNT(denied));
    uint64_t end = now_ns() + seconds * 1000000000ULL;
    uint64_t batches = 0, signalled = 0, other_exit = 0, hangs = 0, blocked = 0, killed = 0, s = seed, by_signal[65] = {0};
    int status_code = 0;
    while (now_ns() < end && (!max_calls || atomic_load(&shared->calls) < max_calls)) {
        uint64_t batch_seed = replay ? replay : splitmix(&s);
        memset(shared->slots, 0, sizeof shared->slots);
        uint64_t left = max_calls ? max_calls - atomic_load(&shared->calls) : 0;
        pid_t child = fork();
        if (child < 0) { perror("fork"); sleep(1); continue; }
        if (child == 0) _exit(run_batch(batch_seed, batch_ms, left ? (left + threads - 1) / threads : 0));
        batches++;
        // A batch still running well after its deadline has a call that has not returned.
        uint64_t give_up = now_ns() + (batch_ms + 5000) * 1000000ULL;
        // One batch in five is killed at a random moment: tasks die with calls in flight.
        uint64_t kill_at = !replay && chance(&s, 20) ? now_ns() + below(&s, batch_ms) * 1000000ULL : 0;
        int status = 0, ours = 0;
        pid_t r;
        while ((r = waitpid(child, &status, WNOHANG)) == 0 && now_ns() < give_up) {
            if (kill_at && now_ns() >= kill_at) {
                kill(child, SIGKILL);
                r = waitpid(child, &status, 0);
                ours = 1;
                break;
            }
            usleep(20000);
        }
        if (ours) {
            killed++;
        } else if (r == 0) {
            // Fine if the supervisor answers others meanwhile and the stuck call may block on Linux
            // too (opening a FIFO waits for its peer); otherwise a hang.
            int answering = supervisor_answers(hostname);
            if (answering && only_opens_stuck()) {
                blocked++;
                if (verbose) report_slots("blocked");
            } else {
                hangs++;
                status_code = answering ? 3 : 4;
                fprintf(stderr, "fuzz: HANG in batch %" PRIu64 " (-S %#" PRIx64 "): a trapped call was not answered%s\n",
                        batches, batch_seed, answering ? "" : ", and the supervisor answers no other call either");
                report_slots("hung");
            }
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            if (!answering) break;
        } else if (WIFSIGNALED(status)) {
            signalled++;
            if (WTERMSIG(status) < 65) by_signal[WTERMSIG(status)]++;
            if (verbose) {
                fprintf(stderr, "fuzz: batch %" PRIu64 " died of signal %d\n", batches, WTERMSIG(status));
                report_slots("signalled");
            }
        } else if (WEXITSTATUS(status) != 0) {
            other_exit++;   // an exec of another program, say
        }
        // Processes a fuzzed clone3 made with CLONE_PARENT are ours to reap.
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
        if (!supervisor_answers(hostname)) {
            report_slots("before");
            status_code = 4;
            break;
        }
        if (replay) break;   // -S: that one batch only
    }
    printf("fuzz: %" PRIu64 " calls in %" PRIu64 " batches (%" PRIu64 " ended by a signal, %" PRIu64
           " by exec or exit, %" PRIu64 " killed by us, %" PRIu64 " blocked in an open, %" PRIu64
           " hung); supervisor %s\n", atomic_load(&shared->calls), batches, signalled, other_exit, killed, blocked, hangs,
           status_code == 4 ? "STOPPED ANSWERING" : "still answering");
    for (int i = 1; i < 65; i++) if (by_signal[i]) printf("fuzz:   signal %d (%s): %" PRIu64 " batches\n", i, strsignal(i), by_signal[i]);
    return status_code;
}

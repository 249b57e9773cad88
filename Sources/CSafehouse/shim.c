// Thin wrappers over variadic or struct-heavy kernel interfaces, so Swift calls plain functions.
#define _GNU_SOURCE
#include "safehouse_shim.h"

#include <errno.h>
#include <linux/landlock.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_ADDFD_FLAG_SEND
#define SECCOMP_ADDFD_FLAG_SEND (1UL << 1)
#endif

const unsigned long sh_SECCOMP_IOCTL_NOTIF_RECV = SECCOMP_IOCTL_NOTIF_RECV;
const uint32_t sh_SECCOMP_USER_NOTIF_FLAG_CONTINUE = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
const uint32_t sh_SECCOMP_ADDFD_FLAG_SEND = SECCOMP_ADDFD_FLAG_SEND;
const uint32_t sh_SECCOMP_ADDFD_FLAG_SETFD = SECCOMP_ADDFD_FLAG_SETFD;
const unsigned int sh_SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;

static int result(long r) { return r < 0 ? -errno : (int)r; }

int sh_seccomp_notif_sizes(struct seccomp_notif_sizes *sizes) {
    return result(syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, sizes));
}
int sh_seccomp_notif_recv(int listener, struct seccomp_notif *req) {
    return result(ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req));
}
int sh_seccomp_notif_send(int listener, struct seccomp_notif_resp *resp) {
    return result(ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp));
}
int sh_seccomp_notif_id_valid(int listener, uint64_t id) {
    return result(ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id));
}
int sh_seccomp_notif_addfd(int listener, struct seccomp_notif_addfd *addfd) {
    return result(ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, addfd));
}
int sh_seccomp_action_available(uint32_t action) {
    return result(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action));
}

ssize_t sh_process_vm_readv(int tid, void *local, size_t len, uint64_t remote) {
    struct iovec l = { local, len }, r = { (void *)(uintptr_t)remote, len };
    ssize_t n = process_vm_readv(tid, &l, 1, &r, 1, 0);
    return n < 0 ? -errno : n;
}

ssize_t sh_process_vm_writev(int tid, const void *local, size_t len, uint64_t remote) {
    struct iovec l = { (void *)local, len }, r = { (void *)(uintptr_t)remote, len };
    ssize_t n = process_vm_writev(tid, &l, 1, &r, 1, 0);
    return n < 0 ? -errno : n;
}

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
int sh_seccomp_notif_set_sync_wakeup(int listener) {
    return result(ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP));
}

int sh_memfd_create(const char *name, unsigned int flags) { return result(memfd_create(name, flags)); }
int sh_pthread_tryjoin(pthread_t thread) { return pthread_tryjoin_np(thread, NULL); }

int sh_pidfd_send_signal(int pidfd, int sig) {
    return result(syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0));
}

int sh_sched_setaffinity(int tid, const void *mask, size_t size) {
    return result(syscall(SYS_sched_setaffinity, tid, size, mask));
}

int sh_gettid(void) {
    return (int)syscall(SYS_gettid);
}

int sh_signal_thread(int tid, int sig) {
    return result(syscall(SYS_tgkill, getpid(), tid, sig));
}

int sh_cpumask_size(void) {
    unsigned long mask[1024];
    return result(syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask));
}

int sh_landlock_abi(void) {
    return result(syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION));
}

/// Runs `probe` in a forked child and returns its result (0 or -errno).
static int in_child(int (*probe)(unsigned int), unsigned int arg) {
    pid_t pid = fork();
    if (pid < 0) return -errno;
    if (pid == 0) {
        int r = probe(arg);
        _exit(r < 0 ? -r : 0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) if (errno != EINTR) return -errno;
    if (!WIFEXITED(status)) return -ECHILD;
    return -WEXITSTATUS(status);
}

static int probe_userns(unsigned int unused) {
    (void)unused;
    return unshare(CLONE_NEWUSER) < 0 ? -errno : 0;
}
int sh_probe_user_namespace(void) { return in_child(probe_userns, 0); }

static int probe_seccomp(unsigned int flags) {
    struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog prog = { 1, &allow };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -errno;
    long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags | SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    return r < 0 ? -errno : 0;
}
int sh_probe_seccomp_flags(unsigned int flags) { return in_child(probe_seccomp, flags); }

// ---------------------------------------------------------------------------------------------
// VFS: host opens beneath a zone root, sealed memfds for synthetic files.

#include <fcntl.h>
#include <linux/openat2.h>

int sh_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct open_how how = { .flags = flags, .mode = mode, .resolve = resolve };
    return result(syscall(SYS_openat2, dirfd, path, &how, sizeof how));
}

int sh_memfd_sealed(const char *name, const void *data, size_t len) {
    int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return -errno;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, (const char *)data + done, len - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            return -e;
        }
        done += (size_t)n;
    }
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    if (lseek(fd, 0, SEEK_SET) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

int sh_pidfd_open_thread(int tid) {
    long r = syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
    if (r < 0 && errno == EINVAL) r = syscall(SYS_pidfd_open, tid, 0);
    return result(r);
}

int sh_pidfd_getfd(int pidfd, int fd) { return result(syscall(SYS_pidfd_getfd, pidfd, fd, 0)); }

long sh_getdents64(int fd, void *buffer, size_t size) {
    long r = syscall(SYS_getdents64, fd, buffer, size);
    return r < 0 ? -errno : r;
}

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
int sh_fchmodat2(int dirfd, const char *path, unsigned int mode, int flags) {
    return result(syscall(SYS_fchmodat2, dirfd, path, mode, flags));
}

int sh_statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buffer) {
    return result(syscall(SYS_statx, dirfd, path, flags, mask, buffer));
}

int sh_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
    return result(syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags));
}

#include <sys/statfs.h>
#include <sys/xattr.h>

int sh_fstatfs(int fd, void *buffer) { return result(fstatfs(fd, (struct statfs *)buffer)); }
long sh_setxattr(const char *path, const char *name, const void *value, size_t size, int flags) {
    return setxattr(path, name, value, size, flags) < 0 ? -errno : 0;
}
long sh_getxattr(const char *path, const char *name, void *value, size_t size) {
    ssize_t r = getxattr(path, name, value, size);
    return r < 0 ? -errno : r;
}
long sh_listxattr(const char *path, char *list, size_t size) {
    ssize_t r = listxattr(path, list, size);
    return r < 0 ? -errno : r;
}
long sh_removexattr(const char *path, const char *name) { return removexattr(path, name) < 0 ? -errno : 0; }

#include <sys/stat.h>
int sh_thread_private_umask(void) {
    if (unshare(CLONE_FS) < 0) return -errno;
    umask(0);
    return 0;
}

int sh_thread_create_as(uint32_t uid, uint32_t gid) {
    // Keep the filesystem capabilities across the fsuid change (the VFS checks the guest's
    // permissions itself); only the owner of new objects changes. Per thread: the raw syscalls
    // do not go through glibc's broadcast to every thread.
    long bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
    if (bits < 0 || prctl(PR_SET_SECUREBITS, bits | SECBIT_NO_SETUID_FIXUP, 0, 0, 0) < 0) return -errno;
    syscall(SYS_setfsgid, gid);
    syscall(SYS_setfsuid, uid);
    if ((uint32_t)syscall(SYS_setfsuid, -1) != uid || (uint32_t)syscall(SYS_setfsgid, -1) != gid) return -EPERM;
    return 0;
}

int sh_bind(int fd, const void *address, unsigned int length) {
    return result(bind(fd, address, length));
}

int sh_bind_in(int dirfd, unsigned int mask, int fd, const void *address, unsigned int length) {
    // Relative to `dirfd`, with `mask` as the umask: this thread's working directory and umask
    // are its own (sh_thread_private_umask), restored before returning.
    if (fchdir(dirfd) < 0) return -errno;
    mode_t old = umask(mask);
    int r = result(bind(fd, address, length));
    umask(old);
    if (chdir("/") < 0 && r == 0) r = -errno;
    return r;
}

int sh_prlimit_get(int pid, int resource, struct rlimit *limit) {
    return result(syscall(SYS_prlimit64, pid, resource, NULL, limit));
}

int sh_open_pty(int *master, int *slave) {
    // The slave side through TIOCGPTPEER, not by its /dev/pts name: no lookup another can race.
    int m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) return -errno;
    int unlock = 0;
    int s = ioctl(m, TIOCSPTLCK, &unlock) < 0 ? -1 : ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (s < 0) {
        int e = errno;
        close(m);
        return -e;
    }
    *master = m;
    *slave = s;
    return 0;
}

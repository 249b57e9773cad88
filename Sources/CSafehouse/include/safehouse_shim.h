// The C shim: the launcher (everything between fork and execve) and thin wrappers for variadic or
// struct-heavy kernel interfaces. Swift never runs in a child between fork and exec.
#ifndef SAFEHOUSE_SHIM_H
#define SAFEHOUSE_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <pthread.h>
#include <sys/types.h>
#include <sys/signalfd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

// ---------------------------------------------------------------------------------------------
// Launcher

/// One step of building the guest's kernel root. Targets are absolute guest paths.
enum sh_mount_op {
    SH_MOUNT_BIND_RO = 1,   // bind host `source` read-only, nosuid, nodev (recursively)
    SH_MOUNT_BIND_RW = 2,   // bind host `source` writable, nosuid, nodev
    SH_MOUNT_TMPFS = 3,     // tmpfs with mount options `data`
    SH_MOUNT_PROC = 4,      // a fresh procfs of the sandbox's PID namespace, pids only
    SH_MOUNT_DEV = 5,       // bind one host device node `source` (e.g. /dev/null)
    SH_MOUNT_FILE = 6,      // a regular file holding `data` (data_len bytes), read-only after setup
    SH_MOUNT_SYMLINK = 7,   // a symlink whose target is `data`
    SH_MOUNT_DIR = 8,       // an empty directory (placeholder)
    SH_MOUNT_DEVPTS = 9,    // a new devpts instance with mount options `data` (newinstance,...)
    SH_MOUNT_RESTRICT = 10, // a path rule on an existing object: `data` holds h (hide: an empty,
                            // inaccessible mount over it), x (noexec), r (read-only)
};

struct sh_mount {
    int op;
    const char *source;
    const char *target;
    const char *data;
    size_t data_len;
};

struct sh_rlimit {
    int resource;
    uint64_t soft;
    uint64_t hard;
};

/// A Landlock path rule, used only when namespaces are unavailable.
struct sh_landlock_rule {
    const char *path;
    uint64_t access;
};

struct sh_launch_config {
    const char *program;            // absolute path, or a bare name searched in `search_path`
    const char *search_path;        // PATH of the guest environment
    char *const *argv;
    char *const *envp;
    const char *cwd;
    int use_namespaces;             // create user, PID, mount, net, IPC and UTS namespaces
    uint32_t host_uid, host_gid;    // mapped to guest_uid/guest_gid inside the user namespace
    uint32_t guest_uid, guest_gid;
    uint32_t fallback_uid, fallback_gid; // identity without namespaces when started as root
    const char *hostname;
    const struct sh_mount *mounts;
    size_t n_mounts;
    const struct sh_rlimit *rlimits;
    size_t n_rlimits;
    unsigned int seccomp_flags;     // SECCOMP_FILTER_FLAG_NEW_LISTENER is always added
    const struct sh_landlock_rule *landlock_rules;
    size_t n_landlock_rules;
    int landlock_abi;               // 0: no Landlock
    const void *cpu_mask;           // affinity of init and so of every guest task; NULL: inherit
    size_t cpu_mask_size;           // bytes at cpu_mask
    int spawner;                    // the guest is a spawner serving exec requests (no program)
};

/// Messages from the sandbox's init process to the supervisor, on `control_fd`.
enum sh_msg_type {
    SH_MSG_LISTENER = 1,        // carries the seccomp listener fd (SCM_RIGHTS); `pid` = guest pid
    SH_MSG_SETUP_FAILED = 2,    // `stage` failed with `err`
    SH_MSG_EXEC_FAILED = 3,     // execve failed with `err`
    SH_MSG_EXITED = 4,          // the main guest process ended; `status` is its wait status, `stage`
                                // the tasks the sandbox started (-1: unknown)
    // On the exec channel (spawner mode), `index` is the request's id:
    SH_MSG_EXEC_STARTED = 5,    // the program runs as `pid` (in the sandbox's PID namespace)
    SH_MSG_EXEC_DONE = 6,       // it ended with wait status `status`; `err`: its CPU time in ms
    SH_MSG_EXEC_REFUSED = 7,    // it could not start: `err` (execve's errno, or the spawner's)
    SH_MSG_TASKS_STARTED = 8,   // after programs ended: `stage` tasks the sandbox started so far (-1: unknown)
};

/// A request on the exec channel, followed in the same message by `payload_len` bytes: the working
/// directory, then `argc` arguments, then `envc` environment entries, each NUL-terminated; it
/// carries the program's stdin, stdout and stderr (SCM_RIGHTS, three descriptors) and then
/// `cgroups` more: `cgroup.procs` files of the program's own cgroups, which it joins before it runs.
/// SH_EXEC_SIGNAL requests carry no payload: `signal` goes to the process group of request `id`.
enum sh_exec_kind { SH_EXEC_RUN = 1, SH_EXEC_SIGNAL = 2 };
enum sh_exec_flags {
    SH_EXEC_TTY = 1,        // stdin is a terminal: it becomes the program's controlling terminal
};
/// Resource limits of one program (its soft and hard limit); SH_LIMIT_KEEP keeps the sandbox's.
#define SH_LIMIT_KEEP UINT64_MAX
struct sh_exec_request {
    int32_t kind;
    uint32_t id;
    uint32_t argc, envc;
    uint32_t payload_len;
    int32_t signal;
    uint32_t flags;
    uint32_t cgroups;           // at most SH_EXEC_MAX_CGROUPS
    uint64_t open_files, file_size, cpu_seconds;
};
#define SH_EXEC_PAYLOAD_MAX (256 * 1024)
#define SH_EXEC_MAX_CGROUPS 2
/// The errno a request is refused with when the program could not join its cgroups.
#define SH_EXEC_CGROUP_FAILED ECANCELED

/// Sends an exec request with its payload and, for SH_EXEC_RUN, its 3 + `cgroups` descriptors.
int sh_send_exec(int exec_fd, const struct sh_exec_request *request, const void *payload, const int *fds);

/// Stages named in SH_MSG_SETUP_FAILED, so the supervisor can say what failed.
enum sh_stage {
    SH_STAGE_USERNS_MAP = 1, SH_STAGE_HOSTNAME, SH_STAGE_MOUNT, SH_STAGE_PIVOT, SH_STAGE_LOOPBACK,
    SH_STAGE_FORK, SH_STAGE_RLIMIT, SH_STAGE_CHDIR, SH_STAGE_IDENTITY, SH_STAGE_CAPS,
    SH_STAGE_NO_NEW_PRIVS, SH_STAGE_LANDLOCK, SH_STAGE_SECCOMP, SH_STAGE_LISTENER, SH_STAGE_AFFINITY, SH_STAGE_NAMESPACE_LIMITS,
};

struct sh_msg {
    int32_t type;
    int32_t stage;
    int32_t err;
    int32_t status;
    int32_t pid;
    int32_t index;              // SH_STAGE_MOUNT: which mount failed; guest→init: listener fd number
};

struct sh_launch_result {
    int pid;            // host pid of the sandbox's init process
    int pidfd;          // pidfd of that init process
    int control_fd;     // SOCK_SEQPACKET; init sends sh_msg records
    int exec_fd;        // spawner mode: SOCK_SEQPACKET to the spawner (requests out, sh_msg back); else -1
};

/// Starts the sandbox. Returns 0, or -errno if the init process could not be created. Once init
/// has built the root it waits for one message on `control_fd` holding the seccomp program
/// (struct sock_filter records, at most 4096) before it forks the guest: the supervisor compiles
/// the filter and places init in its cgroup meanwhile.
int sh_launch(const struct sh_launch_config *config, struct sh_launch_result *result);

/// Receives one message from `control_fd`; a passed descriptor lands in *fd (else -1).
/// Returns 1 on a message, 0 on end of stream, -errno on error.
int sh_recv_msg(int control_fd, struct sh_msg *msg, int *fd);

/// Human-readable name of a launcher stage.
const char *sh_stage_name(int stage);

// ---------------------------------------------------------------------------------------------
// seccomp user notification

int sh_seccomp_notif_sizes(struct seccomp_notif_sizes *sizes);
int sh_seccomp_notif_recv(int listener, struct seccomp_notif *req);
int sh_seccomp_notif_send(int listener, struct seccomp_notif_resp *resp);
int sh_seccomp_notif_id_valid(int listener, uint64_t id);
int sh_seccomp_notif_addfd(int listener, struct seccomp_notif_addfd *addfd);
/// 0 if the kernel knows this SECCOMP_RET_* action, else -errno.
int sh_seccomp_action_available(uint32_t action);

// ---------------------------------------------------------------------------------------------
// Processes and probes

/// Copies `len` bytes at `remote` in task `tid` to `local`; returns bytes copied or -errno.
ssize_t sh_process_vm_readv(int tid, void *local, size_t len, uint64_t remote);
/// Copies `len` bytes from `local` to `remote` in task `tid`; returns bytes copied or -errno.
ssize_t sh_process_vm_writev(int tid, const void *local, size_t len, uint64_t remote);
/// Asks the kernel to wake the supervisor synchronously on this CPU (Linux 6.6+); 0 or -errno.
int sh_seccomp_notif_set_sync_wakeup(int listener);
int sh_memfd_create(const char *name, unsigned int flags);
/// pthread_tryjoin_np: 0 when joined, EBUSY while the thread still runs.
int sh_pthread_tryjoin(pthread_t thread);
int sh_pidfd_send_signal(int pidfd, int sig);
/// sched_setaffinity(2) of host task `tid` with `size` bytes of mask; 0 or -errno.
int sh_sched_setaffinity(int tid, const void *mask, size_t size);
/// The calling thread's id, and a signal to one thread of this process (tgkill); 0 or -errno.
int sh_gettid(void);
int sh_signal_thread(int tid, int sig);
/// The kernel's cpumask size in bytes (what the raw sched_getaffinity returns), or -errno.
int sh_cpumask_size(void);
/// Landlock ABI version, or -errno when unsupported.
int sh_landlock_abi(void);
/// Tries to create a user namespace in a throw-away child: 0 if possible, else -errno.
int sh_probe_user_namespace(void);
/// Probes whether the running kernel accepts these seccomp filter flags with NEW_LISTENER, in a
/// throw-away child: 0 if accepted, else -errno.
int sh_probe_seccomp_flags(unsigned int flags);

// Constants Swift cannot import from macros with casts.
extern const unsigned long sh_SECCOMP_IOCTL_NOTIF_RECV;
extern const uint32_t sh_SECCOMP_USER_NOTIF_FLAG_CONTINUE;
extern const uint32_t sh_SECCOMP_ADDFD_FLAG_SEND;
extern const uint32_t sh_SECCOMP_ADDFD_FLAG_SETFD;
extern const unsigned int sh_SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;

// ---------------------------------------------------------------------------------------------
// VFS

#include <linux/openat2.h>
#include <linux/stat.h>

/// openat2(2) (glibc 2.36 has no wrapper). Returns the new fd or -errno.
int sh_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);
/// A close-on-exec pidfd for one guest thread (PIDFD_THREAD, Linux 6.9+; falls back to a
/// thread-group pidfd, which is what older kernels accept). Returns the fd or -errno.
int sh_pidfd_open_thread(int tid);
/// pidfd_getfd(2): a close-on-exec copy of descriptor `fd` of the task behind `pidfd`; fd or -errno.
int sh_pidfd_getfd(int pidfd, int fd);
/// getdents64(2) on the supervisor's own descriptor; bytes or -errno.
long sh_getdents64(int fd, void *buffer, size_t size);
/// fchmodat2(2) (Linux 6.6): chmod with AT_SYMLINK_NOFOLLOW/AT_EMPTY_PATH; 0 or -errno.
int sh_fchmodat2(int dirfd, const char *path, unsigned int mode, int flags);
/// statx(2) into a raw 256-byte buffer; 0 or -errno.
int sh_statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buffer);
/// renameat2(2); 0 or -errno.
int sh_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
/// Gives the calling thread its own fs context (unshare CLONE_FS) with umask 0; 0 or -errno.
int sh_thread_private_umask(void);
/// bind(2) as 0 or -errno; sh_bind_in binds a name relative to `dirfd` with umask `mask` (calling
/// thread's working directory and umask must be private to it).
int sh_bind(int fd, const void *address, unsigned int length);

/// A new pseudo-terminal: its master and slave sides (close-on-exec, not a controlling terminal).
int sh_open_pty(int *master, int *slave);
/// A task's resource limit (prlimit64 without setting); 0 or -errno.
int sh_prlimit_get(int pid, int resource, struct rlimit *limit);
int sh_bind_in(int dirfd, unsigned int mask, int fd, const void *address, unsigned int length);
/// Makes the calling thread create files as uid/gid (its fsuid/fsgid) while keeping its
/// capabilities (SECBIT_NO_SETUID_FIXUP); 0 or -errno.
int sh_thread_create_as(uint32_t uid, uint32_t gid);
/// fstatfs(2) into a raw struct statfs (120 bytes); 0 or -errno.
int sh_fstatfs(int fd, void *buffer);
/// The path-based extended-attribute calls (sys/xattr.h); results as the libc calls, -errno on error.
long sh_setxattr(const char *path, const char *name, const void *value, size_t size, int flags);
long sh_getxattr(const char *path, const char *name, void *value, size_t size);
long sh_listxattr(const char *path, char *list, size_t size);
long sh_removexattr(const char *path, const char *name);
/// A close-on-exec memfd holding `data`, sealed against writes, growth, shrinking and further
/// seals, positioned at 0. Returns the fd or -errno.
int sh_memfd_sealed(const char *name, const void *data, size_t len);

// ---------------------------------------------------------------------------------------------
// Network namespaces (netns.c): each runs on a thread of its own that joins `netns_fd`.

/// A socket created in the network namespace `netns_fd` (close-on-exec); -errno on failure.
int sh_socket_in_netns(int netns_fd, int domain, int type, int protocol);
/// Makes every IPv4 and IPv6 address local to the namespace (a `local` default route on lo).
int sh_netns_route_all_local(int netns_fd);
/// This thread only takes `uid`/`gid` as its every id and drops its capabilities.
int sh_thread_become(uint32_t uid, uint32_t gid);
int sh_connect(int fd, const void *address, unsigned int length);
/// A non-blocking netlink socket receiving the kernel's TCP socket-destroy broadcasts; -errno.
int sh_tcp_destroy_listener(void);
/// A non-blocking, close-on-exec eventfd that wakes a poll loop; -errno on failure.
int sh_wake_fd(void);

// ---------------------------------------------------------------------------------------------
// The sandbox service (netns.c): descriptor passing and a detached start.

/// sendmsg of `length` bytes with up to three descriptors (SCM_RIGHTS); bytes sent or -errno.
int sh_send_fds(int sock, const void *data, size_t length, const int *fds, int nfds);
/// recvmsg into `data` and up to three descriptors (close-on-exec; more are closed); bytes or -errno.
int sh_recv_fds(int sock, void *data, size_t capacity, int *fds, int *nfds);
/// SO_PEERCRED's uid of a connected unix socket.
int sh_peer_uid(int sock, uint32_t *uid);
/// fork + setsid + execve with stdio on /dev/null and only `keep_fd` (made inheritable) open;
/// the child's pid or -errno.
int sh_spawn_detached(const char *path, char *const argv[], char *const envp[], int keep_fd);

#endif

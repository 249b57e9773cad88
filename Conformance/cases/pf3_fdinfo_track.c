// syscalls: openat read write pread64 pwrite64 readv lseek fcntl dup statx fstat eventfd2 epoll_create1 epoll_ctl inotify_init1 inotify_add_watch timerfd_create signalfd4 pipe2 unlink
// expect: same
/* /proc/self/fdinfo/N follows the open file description: pos after read, readv, pread (unmoved),
 * write with O_APPEND (the end), lseek SEEK_END and on a dup; flags (octal, less O_LARGEFILE)
 * for each open mode, with the creation flags (O_CREAT, O_EXCL, O_TRUNC, O_NOCTTY) dropped, and
 * after F_SETFL (O_APPEND/O_NONBLOCK toggle, O_SYNC ignored); ino == st_ino; mnt_id == statx
 * stx_mnt_id and is a mount ID /proc/self/mountinfo lists; and the field names of fdinfo for each
 * kind of descriptor (file, pipe, eventfd, epoll, inotify, timerfd, signalfd). */
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>

#include "procfs_util.h"

static char text[8192];

static int info(int fd) {
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd);
    return slurp(p, text, sizeof text) >= 0;
}

static void pos(const char *label, int fd) {
    char v[64];
    if (!info(fd) || !field(text, "pos", v, sizeof v)) { printf("%s: no fdinfo\n", label); return; }
    printf("%s: pos %s (lseek says %ld)\n", label, v, (long)lseek(fd, 0, SEEK_CUR));
}

static void flags(const char *label, int fd) {
    char v[64];
    if (fd < 0) { printf("%s: open %s\n", label, errname(errno)); return; }
    if (!info(fd) || !field(text, "flags", v, sizeof v)) { printf("%s: no fdinfo\n", label); return; }
    unsigned long f = strtoul(v, NULL, 8) & ~(unsigned long)O_LARGEFILE;
    printf("%s: flags 0%lo\n", label, f);
}

/* Field names of the fdinfo text, repeated names once. */
static void keys(const char *label, int fd) {
    if (!info(fd)) { printf("%s: no fdinfo\n", label); return; }
    char out[512] = "";
    for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
        char name[64];
        size_t n = strcspn(l, ":\t ");
        if (n >= sizeof name) n = sizeof name - 1;
        memcpy(name, l, n);
        name[n] = 0;
        char pad[70];
        snprintf(pad, sizeof pad, " %s ", name);
        char hay[600];
        snprintf(hay, sizeof hay, " %s ", out);
        if (!strstr(hay, pad)) { if (out[0]) strcat(out, " "); strcat(out, name); }
    }
    printf("%s fdinfo fields: %s\n", label, out);
}

static int listed_mount(long id) {
    static char mi[65536];
    if (slurp("/proc/self/mountinfo", mi, sizeof mi) < 0) return 0;
    for (char *l = mi; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
        if (atol(l) == id) return 1;
    return 0;
}

static void mount_of(const char *label, int fd) {
    char v[64];
    long id = info(fd) && field(text, "mnt_id", v, sizeof v) ? atol(v) : -1;
    long ino = field(text, "ino", v, sizeof v) ? atol(v) : -1;
    struct statx sx;
    struct stat st;
    int sxok = statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &sx) == 0 && (sx.stx_mask & STATX_MNT_ID);
    fstat(fd, &st);
    printf("%s: ino == st_ino %s, mnt_id == statx stx_mnt_id %s, mnt_id listed in mountinfo %s\n", label,
           ino == (long)st.st_ino ? "yes" : "no", sxok && (long)sx.stx_mnt_id == id ? "yes" : "no", listed_mount(id) ? "yes" : "no");
}

int main(void) {
    char dir[] = "/tmp/conf-pf3-fdinfo-XXXXXX", path[64];
    MUST(mkdtemp(dir) ? 0 : -1);
    snprintf(path, sizeof path, "%s/f", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY, 0644);
    MUST(fd);
    flags("O_RDWR|O_CREAT|O_EXCL|O_TRUNC|O_NOCTTY", fd);
    MUST(write(fd, "0123456789abcdefghij", 20));
    pos("after writing 20", fd);
    lseek(fd, 0, SEEK_SET);
    char b[8];
    read(fd, b, 5);
    pos("after read 5", fd);
    struct iovec iov[2] = { { b, 2 }, { b + 2, 3 } };
    readv(fd, iov, 2);
    pos("after readv 2+3", fd);
    pread(fd, b, 4, 15);
    pwrite(fd, "X", 1, 2);
    pos("after pread and pwrite", fd);
    int d = dup(fd);
    lseek(d, 0, SEEK_END);
    pos("after SEEK_END on a dup", fd);
    lseek(fd, 7, SEEK_SET);
    pos("dup after lseek 7 on the original", d);
    mount_of("regular file", fd);

    int ap = open(path, O_WRONLY | O_APPEND);
    lseek(ap, 3, SEEK_SET);
    pos("O_APPEND after lseek 3", ap);
    write(ap, "kl", 2);
    pos("O_APPEND after writing 2", ap);
    flags("O_WRONLY|O_APPEND", ap);
    flags("O_RDONLY", open(path, O_RDONLY));
    flags("O_RDONLY|O_CLOEXEC|O_NOFOLLOW", open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    flags("O_RDWR|O_SYNC", open(path, O_RDWR | O_SYNC));
    flags("O_WRONLY|O_DSYNC|O_NONBLOCK", open(path, O_WRONLY | O_DSYNC | O_NONBLOCK));
    flags("O_RDONLY|O_NOATIME", open(path, O_RDONLY | O_NOATIME));
    flags("O_PATH", open(path, O_PATH));
    flags("O_PATH|O_NOFOLLOW|O_CLOEXEC", open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC));
    int dd = open(dir, O_RDONLY | O_DIRECTORY);
    flags("directory O_RDONLY|O_DIRECTORY", dd);
    mount_of("directory", dd);
    int ro = open(path, O_RDONLY);
    fcntl(ro, F_SETFL, O_APPEND | O_NONBLOCK);
    flags("O_RDONLY after F_SETFL O_APPEND|O_NONBLOCK", ro);
    fcntl(ro, F_SETFL, O_SYNC | O_DSYNC);
    flags("after F_SETFL O_SYNC|O_DSYNC (ignored, clears the others)", ro);
    fcntl(ro, F_SETFD, FD_CLOEXEC);
    flags("after F_SETFD FD_CLOEXEC", ro);
    keys("regular file", fd);

    int p[2];
    pipe2(p, O_NONBLOCK);
    flags("pipe read end (O_NONBLOCK)", p[0]);
    flags("pipe write end (O_NONBLOCK)", p[1]);
    keys("pipe", p[0]);
    int ev = eventfd(5, EFD_NONBLOCK | EFD_SEMAPHORE);
    flags("eventfd NONBLOCK|SEMAPHORE", ev);
    keys("eventfd", ev);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event e = { .events = EPOLLIN };
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
    flags("epoll", ep);
    keys("epoll with one fd", ep);
    int in = inotify_init1(IN_NONBLOCK);
    inotify_add_watch(in, dir, IN_CREATE);
    keys("inotify with one watch", in);
    int tf = timerfd_create(CLOCK_MONOTONIC, 0);
    keys("timerfd", tf);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR2);
    int sf = signalfd(-1, &m, 0);
    keys("signalfd", sf);
    char v[64];
    printf("signalfd sigmask: %s\n", info(sf) && field(text, "sigmask", v, sizeof v) ? v : "absent");

    unlink(path);
    rmdir(dir);
    return 0;
}

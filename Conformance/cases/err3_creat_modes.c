// syscalls: creat open mknod
// expect: same
/* creat, open and mknod with full-range modes and flags: mode bits above 07777 and above 16 bits
 * (umode_t), file-type bits in a creat mode, flags -1 (O_PATH keeps only its own flags) and
 * ~O_PATH (O_CREAT|O_DIRECTORY: EINVAL), flag bits above 32; creat on directories, trailing
 * slashes, missing and file parents, dangling symlinks, empty/NULL/unterminated paths, /proc;
 * mknod types (0, FIFO, socket, directory, character device, invalid) against existing names and
 * missing parents. Natively the case first becomes uid/gid 1000 (the sandbox's guest), so
 * CAP_MKNOD and the set-group-ID rules agree. Prints permission bits and file types. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "err_util.h"

static void mode_of(const char *p) {
    struct stat st;
    if (lstat(p, &st) != 0) { printf("  %s: %s\n", p, errname(errno)); return; }
    printf("  %s: type %o perm %o\n", p, st.st_mode & S_IFMT, st.st_mode & 07777);
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    edge[-2] = 'z';
    edge[-1] = 'z';                           /* "zz" with no NUL before the edge */
    enter_scratch("err3-creat");
    umask(0);
    put("f", "data");
    MUST(mkdir("d", 0755));
    MUST(symlink("nowhere", "dangling"));
    MUST(symlink("f", "lf"));
    MUST(symlink("loop", "loop"));

    OPEN("creat mode 0107777", syscall(SYS_creat, "c1", 0107777));
    mode_of("c1");
    OPEN("creat mode S_IFDIR|0755", syscall(SYS_creat, "c2", S_IFDIR | 0755));
    mode_of("c2");
    OPEN("creat mode 0x12345 (umode_t: 0x2345)", syscall(SYS_creat, "c3", 0x12345));
    mode_of("c3");
    OPEN("creat mode -1", syscall(SYS_creat, "c4", -1L));
    mode_of("c4");
    OPEN("creat mode 0", syscall(SYS_creat, "c5", 0L));
    mode_of("c5");
    OPEN("creat existing file (truncates)", syscall(SYS_creat, "f", 0600L));
    mode_of("f");
    OPEN("creat directory", syscall(SYS_creat, "d", 0644L));
    OPEN("creat d/", syscall(SYS_creat, "d/", 0644L));
    OPEN("creat f/", syscall(SYS_creat, "f/", 0644L));
    OPEN("creat new/", syscall(SYS_creat, "new/", 0644L));
    FACT("  new not made", access("new", F_OK) != 0);
    OPEN("creat missing/x", syscall(SYS_creat, "missing/x", 0644L));
    OPEN("creat f/x", syscall(SYS_creat, "f/x", 0644L));
    OPEN("creat dangling (creates target)", syscall(SYS_creat, "dangling", 0640L));
    mode_of("nowhere");
    OPEN("creat symlink loop", syscall(SYS_creat, "loop", 0644L));
    OPEN("creat empty path", syscall(SYS_creat, "", 0644L));
    OPEN("creat NULL path", syscall(SYS_creat, NULL, 0644L));
    OPEN("creat path unterminated at edge", syscall(SYS_creat, edge - 2, 0644L));
    OPEN("creat \".\"", syscall(SYS_creat, ".", 0644L));
    OPEN("creat /proc/self/newname", syscall(SYS_creat, "/proc/self/newname", 0644L));
    OPEN("creat /proc/newname", syscall(SYS_creat, "/proc/newname", 0644L));

    OPEN("open f, flags -1 (O_PATH and its flags)", syscall(SYS_open, "f", -1L, 0L));
    OPEN("open d, flags -1", syscall(SYS_open, "d", -1L, 0L));
    OPEN("open lf, flags -1 (O_NOFOLLOW)", syscall(SYS_open, "lf", -1L, 0L));
    OPEN("open missing, flags -1", syscall(SYS_open, "missing", -1L, 0L));
    OPEN("open f, flags ~O_PATH", syscall(SYS_open, "f", (long)(~O_PATH & 0xffffffff), 0644L));
    OPEN("open new name, flags ~O_PATH", syscall(SYS_open, "o0", (long)(~O_PATH & 0xffffffff), 0644L));
    FACT("  o0 not made", access("o0", F_OK) != 0);
    OPEN("open f, bit 40 set (ignored)", syscall(SYS_open, "f", (1L << 40) | O_RDONLY, 0L));
    OPEN("open new, O_CREAT in bits above 32 only", syscall(SYS_open, "o1", (long)O_CREAT << 32 | O_WRONLY, 0644L));
    FACT("  o1 not made", access("o1", F_OK) != 0);
    OPEN("open O_CREAT mode 0xffff0644", syscall(SYS_open, "o2", O_CREAT | O_WRONLY, 0xffff0644L));
    mode_of("o2");
    OPEN("open O_CREAT mode -1", syscall(SYS_open, "o3", O_CREAT | O_WRONLY, -1L));
    mode_of("o3");
    OPEN("open O_CREAT|O_EXCL|O_DIRECTORY", syscall(SYS_open, "o4", O_CREAT | O_EXCL | O_DIRECTORY, 0755L));
    FACT("  o4 not made", access("o4", F_OK) != 0);
    OPEN("open O_CREAT|O_EXCL dangling", syscall(SYS_open, "dangling", O_CREAT | O_EXCL | O_WRONLY, 0644L));
    OPEN("open O_TMPFILE on f (a file)", syscall(SYS_open, "f", O_TMPFILE | O_RDWR, 0600L));
    OPEN("open O_TMPFILE on missing", syscall(SYS_open, "missing", O_TMPFILE | O_RDWR, 0600L));
    OPEN("open O_PATH|O_CREAT f (O_CREAT dropped)", syscall(SYS_open, "f", O_PATH | O_CREAT, 0644L));
    OPEN("open O_PATH|O_CREAT new (not made)", syscall(SYS_open, "o5", O_PATH | O_CREAT, 0644L));
    FACT("  o5 not made", access("o5", F_OK) != 0);

    REPORT("mknod FIFO mode 07777", syscall(SYS_mknod, "p1", S_IFIFO | 07777, 0L));
    mode_of("p1");
    REPORT("mknod FIFO with a device number (ignored)", syscall(SYS_mknod, "p2", S_IFIFO | 0600, (long)makedev(1, 3)));
    mode_of("p2");
    REPORT("mknod type 0 (regular)", syscall(SYS_mknod, "r1", 0644L, 0L));
    mode_of("r1");
    REPORT("mknod mode 0x10000|0644 (umode_t: regular)", syscall(SYS_mknod, "r2", 0x10644L, 0L));
    mode_of("r2");
    REPORT("mknod mode 0xffffffff", syscall(SYS_mknod, "r3", 0xffffffffL, 0L));
    mode_of("r3");
    REPORT("mknod socket", syscall(SYS_mknod, "s1", S_IFSOCK | 0600, 0L));
    mode_of("s1");
    REPORT("mknod S_IFDIR", syscall(SYS_mknod, "x1", S_IFDIR | 0755, 0L));
    REPORT("mknod S_IFDIR on existing", syscall(SYS_mknod, "f", S_IFDIR | 0755, 0L));
    REPORT("mknod S_IFDIR, missing parent", syscall(SYS_mknod, "missing/x", S_IFDIR | 0755, 0L));
    REPORT("mknod S_IFLNK", syscall(SYS_mknod, "x2", S_IFLNK | 0777, 0L));
    REPORT("mknod type 0170000", syscall(SYS_mknod, "x3", 0170644L, 0L));
    REPORT("mknod type 0030000, missing parent", syscall(SYS_mknod, "missing/x", 0030644L, 0L));
    REPORT("mknod type 0030000, existing", syscall(SYS_mknod, "f", 0030644L, 0L));
    REPORT("mknod char device (no CAP_MKNOD)", syscall(SYS_mknod, "x4", S_IFCHR | 0600, (long)makedev(1, 3)));
    REPORT("mknod block device (no CAP_MKNOD)", syscall(SYS_mknod, "x5", S_IFBLK | 0600, (long)makedev(7, 0)));
    REPORT("mknod char device 0:0 (whiteout)", syscall(SYS_mknod, "x6", S_IFCHR | 0600, 0L));
    REPORT("mknod char device on existing", syscall(SYS_mknod, "f", S_IFCHR | 0600, (long)makedev(1, 3)));
    REPORT("mknod char device, missing parent", syscall(SYS_mknod, "missing/x", S_IFCHR | 0600, (long)makedev(1, 3)));
    REPORT("mknod char device, f/x", syscall(SYS_mknod, "f/x", S_IFCHR | 0600, (long)makedev(1, 3)));
    REPORT("mknod FIFO on dangling symlink", syscall(SYS_mknod, "dangling", S_IFIFO | 0600, 0L));
    REPORT("mknod FIFO, trailing slash", syscall(SYS_mknod, "p3/", S_IFIFO | 0600, 0L));
    REPORT("mknod FIFO, empty path", syscall(SYS_mknod, "", S_IFIFO | 0600, 0L));
    REPORT("mknod FIFO, NULL path", syscall(SYS_mknod, NULL, S_IFIFO | 0600, 0L));
    REPORT("mknod invalid type, NULL path", syscall(SYS_mknod, NULL, 0170644L, 0L));
    REPORT("mknod FIFO, path unterminated at edge", syscall(SYS_mknod, edge - 2, S_IFIFO | 0600, 0L));
    REPORT("mknod FIFO, /proc/newname", syscall(SYS_mknod, "/proc/newname", S_IFIFO | 0600, 0L));
    FACT("x1..x6 not made", access("x1", F_OK) && access("x2", F_OK) && access("x3", F_OK)
         && access("x4", F_OK) && access("x5", F_OK) && access("x6", F_OK));
    leave_scratch();
    return 0;
}

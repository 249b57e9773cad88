// syscalls: statx newfstatat fstat openat write ftruncate mkdir symlink
// expect: same
// normalize: dir: blocks 
//   the file system decides: /tmp is a tmpfs of the sandbox's (ext4 on this host natively).
/* stat fields that do not vary: st_blocks and st_blksize sanity (empty file, written file,
 * sparse file, dir, symlink), and statx: the mask returned for STATX_BASIC_STATS and STATX_ALL,
 * whether btime is present and not after mtime, AT_STATX_* sync flags, attributes_mask sanity. */
#include "fs2_util.h"

static void blocks(const char *label, const char *p) {
    struct stat st;
    if (lstat(p, &st)) { printf("%s: %s\n", label, errname(errno)); return; }
    int pow2 = st.st_blksize > 0 && (st.st_blksize & (st.st_blksize - 1)) == 0;
    printf("%s: size=%ld blocks %s, blksize power of two >= 512: %s, blocks*512 >= size: %s\n", label,
           (long)st.st_size, st.st_blocks == 0 ? "zero" : "nonzero", pow2 && st.st_blksize >= 512 ? "yes" : "no",
           st.st_blocks * 512 >= st.st_size ? "yes" : "no");
}

static void sx(const char *label, const char *p, int flags, unsigned mask) {
    struct statx s;
    memset(&s, 0xff, sizeof s);
    if (statx(AT_FDCWD, p, flags, mask, &s)) { printf("%s: %s\n", label, errname(errno)); return; }
    unsigned basic = s.stx_mask & STATX_BASIC_STATS;
    printf("%s: basic stats %s, btime %s", label, basic == STATX_BASIC_STATS ? "all" : "partial",
           s.stx_mask & STATX_BTIME ? "present" : "absent");
    if (s.stx_mask & STATX_BTIME)
        printf(" (not after mtime: %s)", s.stx_btime.tv_sec <= s.stx_mtime.tv_sec ? "yes" : "no");
    struct stat st;
    lstat(p, &st);
    printf(", matches stat: %s", s.stx_size == (unsigned long long)st.st_size && s.stx_nlink == st.st_nlink &&
           s.stx_mode == st.st_mode && s.stx_ino == st.st_ino && s.stx_blocks == (unsigned long long)st.st_blocks &&
           s.stx_mtime.tv_sec == st.st_mtim.tv_sec && s.stx_mtime.tv_nsec == (unsigned)st.st_mtim.tv_nsec ? "yes" : "no");
    printf(", attributes within mask: %s\n", (s.stx_attributes & ~s.stx_attributes_mask) == 0 ? "yes" : "no");
}

int main(void) {
    enter_scratch("fs2-statx");
    MUST(close(open("empty", O_CREAT | O_WRONLY, 0644)));
    int fd = open("data", O_CREAT | O_WRONLY, 0644);
    char buf[8192];
    memset(buf, 'x', sizeof buf);
    MUST(write(fd, buf, sizeof buf));
    MUST(fsync(fd));
    close(fd);
    fd = open("sparse", O_CREAT | O_WRONLY, 0644);
    MUST(ftruncate(fd, 10 << 20));
    MUST(pwrite(fd, "end", 3, (10 << 20) - 3));
    MUST(fsync(fd));
    close(fd);
    MUST(mkdir("dir", 0755));
    MUST(symlink("data", "link"));
    blocks("empty", "empty");
    blocks("8 KiB written", "data");
    blocks("10 MiB sparse", "sparse");
    struct stat st;
    MUST(stat("sparse", &st));
    printf("sparse file uses far fewer blocks than its size: %s\n", st.st_blocks * 512 < st.st_size / 4 ? "yes" : "no");
    MUST(stat("data", &st));
    printf("8 KiB file blocks at least 16: %s\n", st.st_blocks >= 16 ? "yes" : "no");
    MUST(stat("dir", &st));
    printf("dir: blocks %s\n", st.st_blocks ? "nonzero" : "zero");
    MUST(lstat("link", &st));
    printf("symlink: size=%ld\n", (long)st.st_size);

    sx("statx file BASIC", "data", 0, STATX_BASIC_STATS);
    sx("statx file ALL", "data", 0, STATX_ALL);
    sx("statx file BTIME only", "data", 0, STATX_BTIME);
    sx("statx file mask 0", "data", 0, 0);
    sx("statx dir ALL", "dir", 0, STATX_ALL);
    sx("statx symlink NOFOLLOW", "link", AT_SYMLINK_NOFOLLOW, STATX_ALL);
    sx("statx FORCE_SYNC", "data", AT_STATX_FORCE_SYNC, STATX_BASIC_STATS);
    sx("statx DONT_SYNC", "data", AT_STATX_DONT_SYNC, STATX_BASIC_STATS);
    sx("statx FORCE|DONT sync", "data", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS);
    sx("statx reserved mask bit", "data", 0, 0x80000000u);
    sx("statx bad flag", "data", 0x8000000, STATX_BASIC_STATS);
    struct statx s;
    memset(&s, 0, sizeof s);
    MUST(statx(AT_FDCWD, "link", AT_SYMLINK_NOFOLLOW, STATX_TYPE, &s));
    printf("statx TYPE only on symlink: type is link: %s, size %llu\n", S_ISLNK(s.stx_mode) ? "yes" : "no", s.stx_size);
    fd = open("data", O_RDONLY);
    REPORT("statx(fd, \"\", AT_EMPTY_PATH)", statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &s));
    REPORT("statx(fd, NULL, AT_EMPTY_PATH)", syscall(SYS_statx, fd, NULL, AT_EMPTY_PATH, STATX_BASIC_STATS, &s));
    REPORT("statx(fd, \"\", 0)", statx(fd, "", 0, STATX_BASIC_STATS, &s));
    printf("statx fd blksize power of two: %s\n", s.stx_blksize && !(s.stx_blksize & (s.stx_blksize - 1)) ? "yes" : "no");
    close(fd);
    leave_scratch();
    return 0;
}

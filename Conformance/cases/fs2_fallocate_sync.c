// syscalls: fallocate fsync fdatasync sync_file_range syncfs openat fstat ftruncate lseek pread64
// expect: same
// normalize: ZERO_RANGE 100..200: 
// normalize: ZERO_RANGE byte at 150: 
// normalize: ZERO_RANGE past end grows: 
// normalize: ZERO_RANGE size after: 
// normalize: COLLAPSE_RANGE unaligned: 
// normalize: INSERT_RANGE unaligned: 
//   the file system decides: /tmp is a tmpfs of the sandbox's (ext4 on this host natively).
/* fallocate on a /tmp file: default mode grows size, KEEP_SIZE does not, PUNCH_HOLE (with
 * KEEP_SIZE) zeroes a range, PUNCH_HOLE alone (EOPNOTSUPP), ZERO_RANGE, COLLAPSE/INSERT range
 * alignment (EINVAL), on a read-only fd (EBADF), a dir (EISDIR?), a pipe (ESPIPE), bad args.
 * fsync/fdatasync/sync_file_range/syncfs on files, dirs, O_RDONLY fds, pipes. */
#include "fs2_util.h"
#include <linux/falloc.h>

static long sz(int fd) { struct stat st; fstat(fd, &st); return st.st_size; }

int main(void) {
    enter_scratch("fs2-falloc");
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    MUST(fd);
    REPORT("fallocate 0..64 KiB", fallocate(fd, 0, 0, 65536));
    printf("  size: %ld\n", sz(fd));
    struct stat st;
    fstat(fd, &st);
    FACT("  blocks allocated", st.st_blocks * 512 >= 65536);
    REPORT("fallocate KEEP_SIZE to 128 KiB", fallocate(fd, FALLOC_FL_KEEP_SIZE, 65536, 65536));
    printf("  size: %ld\n", sz(fd));
    char buf[65536];
    memset(buf, 'x', sizeof buf);
    MUST(pwrite(fd, buf, sizeof buf, 0));
    REPORT("PUNCH_HOLE|KEEP_SIZE 4096..8192", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 4096));
    char c[3];
    MUST(pread(fd, c, 1, 4096)); MUST(pread(fd, c + 1, 1, 8191)); MUST(pread(fd, c + 2, 1, 8192));
    printf("  bytes at 4096, 8191, 8192: %d %d %c\n", c[0], c[1], c[2]);
    printf("  size: %ld\n", sz(fd));
    VALUE("  SEEK_HOLE from 0", lseek(fd, 0, SEEK_HOLE));
    REPORT("PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096));
    REPORT("ZERO_RANGE 100..200", fallocate(fd, FALLOC_FL_ZERO_RANGE, 100, 100));
    MUST(pread(fd, c, 1, 150));
    printf("ZERO_RANGE byte at 150: %d\n", c[0]);
    REPORT("ZERO_RANGE past end grows", fallocate(fd, FALLOC_FL_ZERO_RANGE, 65536, 1000));
    printf("ZERO_RANGE size after: %ld\n", sz(fd));
    REPORT("COLLAPSE_RANGE unaligned", fallocate(fd, FALLOC_FL_COLLAPSE_RANGE, 100, 100));
    REPORT("INSERT_RANGE unaligned", fallocate(fd, FALLOC_FL_INSERT_RANGE, 100, 100));
    REPORT("mode 0 with length 0", fallocate(fd, 0, 0, 0));
    REPORT("negative offset", fallocate(fd, 0, -1, 10));
    REPORT("unknown mode bit 0x100", fallocate(fd, 0x100, 0, 10));
    REPORT("PUNCH_HOLE|ZERO_RANGE", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, 10));
    int ro = open("f", O_RDONLY);
    REPORT("fallocate on O_RDONLY fd", fallocate(ro, 0, 0, 10));
    int ap = open("f", O_WRONLY | O_APPEND);
    REPORT("fallocate on O_APPEND fd", fallocate(ap, 0, 0, 10));
    REPORT("PUNCH_HOLE on O_APPEND fd", fallocate(ap, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 10));
    close(ap);
    MUST(mkdir("d", 0755));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    REPORT("fallocate on a dir fd", fallocate(dfd, 0, 0, 10));
    int pp[2];
    MUST(pipe(pp));
    REPORT("fallocate on a pipe", fallocate(pp[1], 0, 0, 10));
    REPORT("fallocate bad fd", fallocate(9999, 0, 0, 10));
    REPORT("posix_fallocate (returns errno)", (errno = posix_fallocate(fd, 0, 200000)) ? -1 : 0);
    printf("  size: %ld\n", sz(fd));

    REPORT("fsync file", fsync(fd));
    REPORT("fdatasync file", fdatasync(fd));
    REPORT("fsync O_RDONLY fd", fsync(ro));
    REPORT("fsync dir", fsync(dfd));
    REPORT("fdatasync dir", fdatasync(dfd));
    REPORT("fsync pipe", fsync(pp[0]));
    REPORT("fsync bad fd", fsync(9999));
    int opath = open("f", O_PATH);
    REPORT("fsync O_PATH fd", fsync(opath));
    REPORT("sync_file_range WRITE", sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE));
    REPORT("sync_file_range all flags", sync_file_range(fd, 0, 4096, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER));
    REPORT("sync_file_range bad flag", sync_file_range(fd, 0, 0, 8));
    REPORT("sync_file_range negative offset", sync_file_range(fd, -1, 0, SYNC_FILE_RANGE_WRITE));
    REPORT("sync_file_range on O_RDONLY fd", sync_file_range(ro, 0, 0, SYNC_FILE_RANGE_WRITE));
    REPORT("sync_file_range on a dir", sync_file_range(dfd, 0, 0, SYNC_FILE_RANGE_WRITE));
    REPORT("sync_file_range on a pipe", sync_file_range(pp[0], 0, 0, SYNC_FILE_RANGE_WRITE));
    REPORT("syncfs file", syncfs(fd));
    REPORT("syncfs pipe", syncfs(pp[0]));
    REPORT("syncfs bad fd", syncfs(9999));
    sync();
    printf("sync returned\n");
    close(opath); close(ro); close(dfd); close(fd); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}

// syscalls: sync syncfs fdatasync fsync sync_file_range fadvise64 readahead fallocate openat pwrite64 pread64 fstat ftruncate unlinkat close
// expect: same
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>

/* Flush and hint calls on a temporary file, their errors on a pipe and a bad fd. */
int main(void) {
    char path[] = "/tmp/sys2_sync_XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    MUST(pwrite(fd, "hello world", 11, 0));
    sync();
    printf("sync: done\n");
    REPORT("syncfs", syncfs(fd));
    REPORT("fsync", fsync(fd));
    REPORT("fdatasync", fdatasync(fd));
    REPORT("sync_file_range WRITE", sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE));
    REPORT("sync_file_range WAIT_BEFORE|WRITE|WAIT_AFTER", sync_file_range(fd, 0, 11, 7));
    REPORT("sync_file_range bad flags", sync_file_range(fd, 0, 0, 0x100));
    REPORT("sync_file_range negative offset", sync_file_range(fd, -1, 0, SYNC_FILE_RANGE_WRITE));
    printf("posix_fadvise SEQUENTIAL: %s\n", errname(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)));
    printf("posix_fadvise DONTNEED: %s\n", errname(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)));
    printf("posix_fadvise bad advice: %s\n", errname(posix_fadvise(fd, 0, 0, 99)));
    REPORT("readahead", readahead(fd, 0, 4096));
    printf("fallocate 64k: %s\n", errname(posix_fallocate(fd, 0, 65536) ));
    struct stat st;
    MUST(fstat(fd, &st));
    printf("size after fallocate: %lld\n", (long long)st.st_size);
    REPORT("fallocate KEEP_SIZE", fallocate(fd, FALLOC_FL_KEEP_SIZE, 65536, 4096));
    MUST(fstat(fd, &st));
    printf("size after KEEP_SIZE: %lld\n", (long long)st.st_size);
    REPORT("fallocate PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096));
    REPORT("fallocate negative length", fallocate(fd, 0, 0, -1));
    char buf[12] = { 0 };
    MUST(pread(fd, buf, 11, 0));
    printf("data intact: %s\n", buf);
    int p[2];
    MUST(pipe(p));
    REPORT("fsync pipe", fsync(p[0]));
    REPORT("sync_file_range pipe", sync_file_range(p[0], 0, 0, SYNC_FILE_RANGE_WRITE));
    printf("posix_fadvise pipe: %s\n", errname(posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL)));
    REPORT("readahead pipe", readahead(p[0], 0, 10));
    REPORT("fallocate pipe", fallocate(p[1], 0, 0, 10));
    REPORT("syncfs bad fd", syncfs(-1));
    REPORT("fdatasync bad fd", fdatasync(999));
    int ro = open(path, O_RDONLY);
    MUST(ro);
    REPORT("fallocate read-only fd", fallocate(ro, 0, 0, 10));
    close(ro);
    close(fd);
    unlink(path);
    return 0;
}

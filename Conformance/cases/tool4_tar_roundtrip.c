// syscalls: openat newfstatat statx getdents64 readlinkat symlinkat linkat mknodat mkdirat utimensat fchmodat creat ftruncate lseek read write vfork execve wait4
// expect: same
/* GNU tar round trip as uid 1000: a tree with nested directories, modes (0600, 0755, 1755
 * sticky), relative, dangling and directory symlinks, three hard links to one file, a FIFO, a
 * sparse file and fixed mtimes (touch -h -d, symlinks too) is archived with --sort=name and
 * numeric owners (the archive's md5 must match: the bytes depend only on names, modes, sizes,
 * mtimes and holes), listed, extracted with -p and compared (find -printf of type, mode, link
 * count, name, target and mtime; tar -d; cmp), then streamed through a pipe with gzip, appended
 * to (-r) and extracted over the first copy (--keep-old-files errors, --overwrite). */
#include "tool_util.h"

static const char *build =
    "set -e\n"
    "mkdir -p src/a/b src/empty src/deep/x/y/z\n"
    "printf 'hello\\n' > src/a/f1\n"
    "printf '#!/bin/sh\\necho run\\n' > src/a/run.sh; chmod 755 src/a/run.sh\n"
    "printf 'secret\\n' > src/a/b/private; chmod 600 src/a/b/private\n"
    "ln src/a/f1 src/a/b/hard1; ln src/a/f1 src/hard2\n"
    "ln -s f1 src/a/rel-link; ln -s ../a/b/private src/deep/up-link\n"
    "ln -s nowhere src/dangling; ln -s b src/a/dirlink\n"
    "mkfifo -m 640 src/a/fifo\n"
    "seq 1 20000 > src/big\n"
    "truncate -s 1048576 src/sparse\n"
    "printf x | dd of=src/sparse bs=1 seek=500000 conv=notrunc status=none\n"
    ": > src/deep/x/y/z/empty-file\n"
    "chmod 750 src/a/b; chmod 1755 src/empty\n"
    "find src -exec touch -h -d '2001-02-03 04:05:06' {} +\n"
    "touch -d '1999-12-31 23:59:59' src/a/f1\n"
    "touch -h -d '2010-10-10 10:10:10' src/dangling\n"
    "touch -d '2020-01-01 00:00:00' src/deep/x src/a/b\n";

#define LISTING(d) "(cd " d " && find . -printf '%y %m %n %P -> %l %TY-%Tm-%Td %TH:%TM:%TS\\n' | sort)"

int main(void) {
    enter("tar");
    sh("build the tree", build);
    sh("source listing", LISTING("src"));
    sh("create (sorted, numeric owners)",
       "tar --sort=name --numeric-owner -cf t.tar -C src . && md5sum < t.tar && "
       "tar --sort=name --numeric-owner -S -cf s.tar -C src . && md5sum < s.tar");
    sh("list", "tar --numeric-owner --full-time -tvf t.tar | sed 's/  */ /g'");
    sh("list sparse archive", "tar -tvf s.tar --numeric-owner --full-time ./sparse | sed 's/  */ /g'");
    sh("extract -p", "mkdir dst && tar -xpf t.tar -C dst && echo extracted");
    sh("extracted listing", LISTING("dst"));
    sh("compare listings", LISTING("src") " > l1; " LISTING("dst") " > l2; cmp l1 l2 && echo listings equal");
    sh("tar -d against the copy", "tar -df t.tar -C dst && echo no differences");
    sh("cmp file contents", "for f in a/f1 a/run.sh a/b/private big sparse hard2; do cmp src/$f dst/$f && echo \"$f same\"; done");
    sh("hard links share an inode",
       "[ dst/a/f1 -ef dst/hard2 ] && [ dst/a/f1 -ef dst/a/b/hard1 ] && echo yes; stat -c '%h %n' dst/a/f1");
    sh("sparse extract", "mkdir sp && tar -xSf s.tar -C sp ./sparse && cmp src/sparse sp/sparse && echo sparse same && "
       "stat -c '%s' sp/sparse");
    sh("pipe with gzip", "mkdir piped && tar -czf - -C src . | tar -xzpf - -C piped && "
       LISTING("piped") " | md5sum && " LISTING("src") " | md5sum");
    sh("append and update", "printf 'new\\n' > extra && tar -rf t.tar extra && tar -tf t.tar | tail -1 && "
       "tar -xf t.tar -C dst extra && cat dst/extra");
    sh("keep old files", "tar -xkf t.tar -C dst ./a/run.sh ./big; echo status $?");
    sh("overwrite", "echo changed > dst/a/run.sh && tar -xpf t.tar --overwrite -C dst ./a/run.sh && cat dst/a/run.sh && "
       "stat -c '%a %Y' dst/a/run.sh");
    sh("missing member", "tar -xf t.tar -C dst ./no-such; echo status $?");
    leave();
    return 0;
}

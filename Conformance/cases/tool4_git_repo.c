// syscalls: openat newfstatat statx getdents64 rename link unlink unlinkat mkdir rmdir symlink readlink fchmodat chmod utimensat pread64 mmap fsync getcwd pipe2 clone vfork execve wait4
// expect: same
/* git in the scratch dir (uid 1000, HOME there, no system config, fixed author and committer
 * names and dates, no gpg): init, add (a file, an executable, a symlink, a nested directory),
 * three commits whose ids are printed (they depend only on contents, modes, names and dates),
 * log --format=%s, status --porcelain after modifying, deleting, adding and chmod +x, diff
 * --stat, a branch and a merge (fast-forward), checkout of an old commit (the working tree and
 * the symlink restored), stash, gc (loose objects packed; count-objects without sizes), fsck,
 * clone --no-hardlinks of the repository into another directory, and the lock file left by a
 * crashed git (index.lock refused). */
#include "tool_util.h"

#define GIT "export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org " \
    "GIT_COMMITTER_NAME=C GIT_COMMITTER_EMAIL=c@example.org GIT_AUTHOR_DATE='2005-04-07T22:13:13 +0000' " \
    "GIT_COMMITTER_DATE='2005-04-07T22:13:13 +0000' GIT_TERMINAL_PROMPT=0 GIT_PAGER=cat; cd repo; "

int main(void) {
    enter("git");
    sh("init and configure",
       "mkdir repo && " GIT "git init -q -b main . && git config core.fileMode true && "
       "git config commit.gpgSign false && git config gc.auto 0 && echo ok");
    sh("first commit",
       GIT "mkdir -p src/deep && echo hello > README && printf '#!/bin/sh\\necho run\\n' > run.sh && chmod 755 run.sh && "
       "echo 'int x;' > src/deep/x.c && ln -s README link && git add -A && git commit -q -m 'first' && "
       "git rev-parse HEAD && git ls-files -s | sed 's/\\t/ /'");
    sh("status --porcelain after changes",
       GIT "echo more >> README && rm src/deep/x.c && echo new > new.txt && chmod +x README && "
       "git status --porcelain && git status --porcelain --untracked-files=no | wc -l");
    sh("second commit",
       GIT "git add -A && git commit -q -m 'second: edits' && git rev-parse HEAD && git diff --stat HEAD~1 HEAD");
    sh("branch and fast-forward merge",
       GIT "git checkout -q -b topic && echo topic > topic.txt && git add topic.txt && "
       "GIT_COMMITTER_DATE='2006-01-01T00:00:00 +0000' git commit -q -m 'third on topic' && git checkout -q main && "
       "git merge -q --ff-only topic && git rev-parse HEAD && git log --format='%s|%an|%cn|%ad' --date=iso-strict");
    sh("checkout of the first commit restores files, modes and the symlink",
       GIT "git checkout -q HEAD~2 && ls && stat -c '%a %F %n' README run.sh link && cat link src/deep/x.c && "
       "git checkout -q main && ls | sort");
    sh("stash", GIT "echo wip >> topic.txt && git stash -q && git status --porcelain && git stash list | wc -l && "
       "git stash pop -q && git status --porcelain && git checkout -q -- topic.txt");
    sh("gc packs the objects",
       GIT "git count-objects -v | grep -E '^(count|in-pack|packs)' && git gc -q && "
       "git count-objects -v | grep -E '^(count|in-pack|packs)' && ls .git/objects/pack | sed 's/pack-[0-9a-f]*/pack-X/' | sort");
    sh("fsck", GIT "git fsck --strict --no-dangling 2>&1; echo status $?");
    sh("clone --no-hardlinks", "git clone -q --no-hardlinks repo copy && cd copy && git log --format=%s && "
       "git rev-parse HEAD && stat -c '%a %F %n' README run.sh link");
    sh("a leftover index.lock", GIT ": > .git/index.lock && echo x >> README && git add README 2>&1 | "
       "sed \"s|$D|D|g\" | head -1; rm .git/index.lock && git add README && git status --porcelain");
    sh("git log --format=%s", GIT "git log --format=%s");
    leave();
    return 0;
}

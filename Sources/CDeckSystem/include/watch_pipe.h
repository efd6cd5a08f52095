#ifndef DAEMONDECK_WATCH_PIPE_H
#define DAEMONDECK_WATCH_PIPE_H

/// pipe2(fds, O_CLOEXEC): a pipe whose two ends close on exec from the moment they exist, so a child
/// another thread starts at the same instant never inherits them (pipe2 needs _GNU_SOURCE, which Swift's
/// Glibc module does not define). Returns 0, or -1 with errno set.
int deck_pipe_cloexec(int fds[2]);

#endif

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Wakes a thread that sleeps in `poll(2)`: a pipe whose read end the sleeper watches.
public final class Waker: Sendable {
    public let readFD: Int32
    public let writeFD: Int32

    public init?() {
        // Close-on-exec from the start: a child spawned meanwhile by another thread must not hold it.
        guard let fds = try? ChildProcess.makePipe() else { return nil }
        readFD = fds.read
        writeFD = fds.write
        for fd in [readFD, writeFD] {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        }
    }

    deinit {
        SignalTrap.detach(writeFD: writeFD)
        close(readFD)
        close(writeFD)
    }

    /// Safe from any thread (and from a signal handler: it is one `write(2)`).
    public func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    public func consume() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }

    /// Sleeps until woken, `timeoutMs` passes, or (if given) another descriptor becomes readable (the
    /// dashboard also watches the terminal's input this way), or `output` reports an error or hang-up
    /// (plain mode's reader went away).
    public func wait(timeoutMs: Int32, alsoWatching other: Int32? = nil, output: Int32? = nil) {
        var fds = [pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)]
        if let other { fds.append(pollfd(fd: other, events: Int16(POLLIN), revents: 0)) }
        if let output { fds.append(pollfd(fd: output, events: 0, revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), timeoutMs)
        if fds[0].revents != 0 { consume() }
    }
}

/// The locks a lesson uses, made visible: who holds each one, who waits for it and since when, and how
/// often a thread found it taken (contention). Taking a lock is a real blocking wait on a condition, as
/// `NSLock.lock()` would be; every change is reported (`onChange`) so the screen can show it.
public final class LockTable: Sendable {
    private let locks: Guarded<[LockView]>
    private let onChange: @Sendable ([LockView]) -> Void

    public init(_ names: [String], onChange: @escaping @Sendable ([LockView]) -> Void = { _ in }) {
        locks = Guarded(names.map(LockView.init))
        self.onChange = onChange
    }

    /// The locks now, with how long each has been held and waited for.
    public var snapshot: [LockView] {
        let now = monotonicNanos()
        return locks.withLock { $0 }.map { lock in
            var lock = lock
            lock.heldMs = lock.heldSince.map { Int((now &- min(now, $0)) / 1_000_000) }
            lock.waitedMs = lock.waitingSince.map { Int((now &- min(now, $0)) / 1_000_000) }
            return lock
        }
    }

    public func holder(_ name: String) -> String? { locks.withLock { $0.first { $0.name == name }?.holder } }

    /// Takes `name` for `who`. Returns true at once if it was free; otherwise `who` is recorded as waiting,
    /// the contention count goes up, `blocked` is called, and it waits until the lock is free or the
    /// monotonic `deadline` passes or `giveUp` says so (checked every 200 ms). Returns whether it got it.
    public func acquire(_ name: String, by who: String, deadline: UInt64? = nil, giveUp: () -> Bool = { false },
                        blocked: () -> Void = {}) -> Bool {
        let free = locks.update { locks -> Bool in
            guard let i = locks.firstIndex(where: { $0.name == name }) else { return true }
            if locks[i].holder == nil {
                locks[i].holder = who
                locks[i].heldSince = monotonicNanos()
                return true
            }
            locks[i].contentions += 1
            locks[i].waiters.append(who)
            locks[i].waitingSince.append(monotonicNanos())
            return false
        }
        onChange(snapshot)
        if free { return true }
        blocked()
        var got = false
        while !giveUp() {
            let now = monotonicNanos()
            if let deadline, now >= deadline { break }
            let wake = min(deadline ?? .max, now + 200_000_000)
            got = locks.wait(deadline: wake) { locks in
                guard let i = locks.firstIndex(where: { $0.name == name }), locks[i].holder == nil else { return false }
                locks[i].holder = who
                locks[i].heldSince = monotonicNanos()
                Self.removeWaiter(who, from: &locks[i])
                return true
            }
            if got { break }
        }
        if !got { locks.update { locks in if let i = locks.firstIndex(where: { $0.name == name }) { Self.removeWaiter(who, from: &locks[i]) } } }
        onChange(snapshot)
        return got
    }

    /// Takes `name` for `who` if it is free, without waiting: a task must not block its thread, so it
    /// suspends and tries again when the board changes. A failed try lists `who` as a waiter (once, with
    /// one contention); a later success takes it off the list.
    public func tryAcquire(_ name: String, by who: String) -> Bool {
        let (got, changed) = locks.update { locks -> (Bool, Bool) in
            guard let i = locks.firstIndex(where: { $0.name == name }) else { return (true, false) }
            if locks[i].holder == nil {
                locks[i].holder = who
                locks[i].heldSince = monotonicNanos()
                Self.removeWaiter(who, from: &locks[i])
                return (true, true)
            }
            guard !locks[i].waiters.contains(who) else { return (false, false) }
            locks[i].contentions += 1
            locks[i].waiters.append(who)
            locks[i].waitingSince.append(monotonicNanos())
            return (false, true)
        }
        if changed { onChange(snapshot) }
        return got
    }

    /// `who` no longer waits for `name` (a task that gave up its `tryAcquire` loop).
    public func stopWaiting(_ name: String, by who: String) {
        locks.update { locks in if let i = locks.firstIndex(where: { $0.name == name }) { Self.removeWaiter(who, from: &locks[i]) } }
        onChange(snapshot)
    }

    /// Lets go of `name` if `who` holds it (waiters are woken: the condition is broadcast).
    public func release(_ name: String, by who: String) {
        locks.update { locks in
            if let i = locks.firstIndex(where: { $0.name == name }), locks[i].holder == who {
                locks[i].holder = nil
                locks[i].heldSince = nil
            }
        }
        onChange(snapshot)
    }

    private static func removeWaiter(_ who: String, from lock: inout LockView) {
        guard let w = lock.waiters.firstIndex(of: who) else { return }
        lock.waiters.remove(at: w)
        lock.waitingSince.remove(at: w)
    }
}

/// One lock as the board shows it: who holds it, who waits and since when, how often it was found taken.
public struct LockView: Sendable, Equatable, Codable {
    public var name: String
    public var holder: String?
    /// Waiting threads, oldest first, with the time each began to wait (nanoseconds, monotonic).
    public var waiters: [String] = []
    public var waitingSince: [UInt64] = []
    public var contentions = 0
    public var heldSince: UInt64?
    /// As of the snapshot: how long the holder has held it, and each waiter has waited (milliseconds).
    /// The screen adds the time since the snapshot, so a replay shows the same figures.
    public var heldMs: Int?
    public var waitedMs: [Int] = []

    public init(name: String) { self.name = name }

    /// `lock A: held by T1 1.2 s, T2 waits 1.1 s · contended 1×`, `elapsedMs` after the snapshot.
    public func text(elapsedMs: Int) -> String {
        func seconds(_ ms: Int) -> String { DecimalText.fixed(Double(ms + elapsedMs) / 1000, 1) + " s" }
        var text = "lock \(name): " + (holder.map { "held by \($0)" + (heldMs.map { " " + seconds($0) } ?? "") } ?? "free")
        for (n, waiter) in waiters.enumerated() {
            text += ", \(waiter) waits" + (n < waitedMs.count ? " " + seconds(waitedMs[n]) : "")
        }
        if contentions > 0 { text += " · contended \(contentions)×" }
        return text
    }
}

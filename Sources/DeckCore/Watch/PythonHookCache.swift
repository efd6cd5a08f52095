#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// The hook's folder in daemondeck's cache (`~/.cache/daemondeck/python-hook-<content hash>`), kept between
/// runs so that Python compiles the hook once and then loads its bytecode from `__pycache__`.
///
/// Python runs whatever `sitecustomize.py` it finds there, so a folder is used only if nobody else could
/// have written it or swapped it for theirs: every folder from `/` down to the cache folder is a real
/// folder (no symbolic link), owned by root or this user and not writable by group or others, except a
/// sticky folder like /tmp whose next folder down is this user's own (the sticky bit keeps others from
/// renaming it); the cache folder is this user's; the hook's folder is this user's and mode 0700 (no one
/// else can reach what is inside it, `__pycache__` included); the hook file is this user's, not writable
/// by others, and holds exactly this daemondeck's hook. A new folder is made complete under a
/// temporary name, then renamed into place, so a run never sees half a hook. Anything else: nil, and the
/// caller uses a fresh folder of its own.
enum HookCache {
    static let fileName = "sitecustomize.py"

    /// The cached folder holding `bytes` as its hook, made if need be; nil where the cache cannot be used safely.
    static func folder(for bytes: [UInt8], in root: String) -> String? {
        guard privateRoot(root) else { return nil }
        let folder = root + "/python-hook-" + contentHash(bytes)
        var info = stat()
        if lstat(folder, &info) == 0 { return holdsOnlyOurHook(folder, bytes) ? folder : nil }
        guard errno == ENOENT, let made = writeFreshFolder(bytes, template: root + "/.python-hook-XXXXXX") else { return nil }
        if rename(made, folder) != 0 {
            // Another daemondeck put it there first (rename onto a non-empty folder fails): use theirs if it is sound.
            try? FileManager.default.removeItem(atPath: made)
            return holdsOnlyOurHook(folder, bytes) ? folder : nil
        }
        return folder
    }

    /// A new private folder (0700, from `template`, `mkdtemp`'s XXXXXX) holding the hook file; nil if it
    /// cannot be written whole.
    static func writeFreshFolder(_ bytes: [UInt8], template: String) -> String? {
        var name = Array(template.utf8CString)
        guard let made = mkdtemp(&name) else { return nil }
        let folder = String(cString: made)
        let fd = open(folder + "/" + fileName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        let written = fd >= 0 ? bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } : -1
        if fd >= 0 { close(fd) }
        guard written == bytes.count else {
            try? FileManager.default.removeItem(atPath: folder)
            return nil
        }
        return folder
    }

    /// The cache folder exists (made 0700 if it did not) and is this user's, and no one else can rename
    /// or replace it or any folder above it (`onlyUserCanChange`).
    static func privateRoot(_ root: String) -> Bool {
        let parent = root.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !parent.isEmpty { _ = mkdir(parent, 0o700) }  // ~/.cache, if missing (already there: EEXIST)
        _ = mkdir(root, 0o700)
        return onlyUserCanChange(root)
    }

    /// Every folder on the absolute `path`, from `/` down to `path` itself, read with `lstat` (a symbolic
    /// link anywhere on the way is refused, not followed, so what is checked is what Python will open), is
    /// a folder owned by root or this user, and not writable by group or others, except a sticky folder
    /// (like /tmp: others may add names there but not rename or remove this user's) whose next folder down
    /// is this user's own. `path` itself must be this user's and not writable by group or others.
    /// A path with `.` or `..` in it is refused rather than reasoned about.
    static func onlyUserCanChange(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        let names = path.split(separator: "/")
        guard !names.isEmpty, !names.contains(where: { $0 == "." || $0 == ".." }) else { return false }
        let me = geteuid()
        var folders = ["/"]
        for name in names { folders.append((folders.count == 1 ? "" : folders[folders.count - 1]) + "/" + name) }
        var owners: [uid_t] = []
        var modes: [mode_t] = []
        for folder in folders {
            var info = stat()
            guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
            owners.append(info.st_uid)
            modes.append(info.st_mode)
        }
        guard owners[owners.count - 1] == me, modes[modes.count - 1] & 0o022 == 0 else { return false }
        for index in 0..<(folders.count - 1) {
            guard owners[index] == 0 || owners[index] == me else { return false }
            let othersMayWrite = modes[index] & 0o022 != 0
            let sticky = modes[index] & mode_t(S_ISVTX) != 0
            if othersMayWrite && !(sticky && owners[index + 1] == me) { return false }
        }
        return true
    }

    /// The folder is this user's and private, and its hook file is this user's, unwritable by others,
    /// and byte for byte the hook this daemondeck carries; what else is in it (`__pycache__`) is this user's.
    static func holdsOnlyOurHook(_ folder: String, _ bytes: [UInt8]) -> Bool {
        var info = stat()
        guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid(),
              info.st_mode & 0o077 == 0 else { return false }
        let fd = open(folder + "/" + fileName, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(),
              info.st_mode & 0o022 == 0, Int(info.st_size) == bytes.count else { return false }
        var text = [UInt8](repeating: 0, count: bytes.count + 1)
        let count = text.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count == bytes.count, text.prefix(count).elementsEqual(bytes) else { return false }
        return everythingIsOurs(folder + "/__pycache__")
    }

    /// `__pycache__` (if Python made one) and each file in it belong to this user.
    private static func everythingIsOurs(_ pycache: String) -> Bool {
        var info = stat()
        guard lstat(pycache, &info) == 0 else { return errno == ENOENT }
        guard (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid(),
              let names = try? FileManager.default.contentsOfDirectory(atPath: pycache) else { return false }
        return names.allSatisfy { lstat(pycache + "/" + $0, &info) == 0 && info.st_uid == geteuid() }
    }

    /// 64-bit FNV-1a of the hook's text, in hex: a new daemondeck with a changed hook gets a folder of its
    /// own. (A name, not a safeguard: safety comes from the checks above.)
    static func contentHash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

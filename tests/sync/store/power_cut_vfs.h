#pragma once
// PowerCut: a simulated power supply and disk for the device store's files, for tests. It stands
// between the store and the disk twice: as SQLite's default VFS (wrapping the unix VFS) and as the
// durable-file calls the attachment files go through (sync/durable_file.h).
//
// Why not SIGKILL: a killed process leaves the OS page cache intact, so every write it made still
// reaches the disk. A power cut loses what was written since the last fsync, and may tear a write
// half-way. Like SQLite's own crash tests, PowerCut remembers, per file, every write since that
// file's last sync (and every rename since its directory's last sync). At the chosen cut point (the
// Nth write, truncate, sync or rename) the power goes: that call and every later one fail. reboot()
// then decides, for each unsynced write on its own, whether it reached the disk whole, torn (a random
// prefix of it) or not at all, and whether each unsynced rename happened, and leaves the real files
// exactly so. The same layer can also run out of space (a byte quota): SQLITE_FULL and ENOSPC.
//
// Not modelled (see docs/reliability.md): directory entries of SQLite's own files and of new
// directories are taken as durable at once; so are deletions.
#include <cstdint>
#include <limits>
#include <optional>

namespace fc::test {

// What reboot() did with the unsynced writes and renames it found.
struct PowerLoss {
    std::uint64_t writes_kept = 0;
    std::uint64_t writes_torn = 0;
    std::uint64_t writes_dropped = 0;
    std::uint64_t truncates_dropped = 0;
    std::uint64_t renames_undone = 0;
};

// Only one PowerCut may exist at a time (SQLite's default VFS is process-wide).
class PowerCut {
public:
    // Installs itself as SQLite's default VFS and as the durable-file calls; the power is on, the
    // disk has no quota. `seed` drives every random choice of reboot().
    explicit PowerCut(std::uint64_t seed);
    ~PowerCut();  // uninstalls (if reboot() has not)
    PowerCut(const PowerCut&) = delete;
    PowerCut& operator=(const PowerCut&) = delete;

    // The power goes at the `op`-th write, truncate, sync or rename counted from construction
    // (1-based); 0 = never. That call fails, and so does every later one.
    void cut_at(std::uint64_t op);
    std::uint64_t ops() const;       // counted so far
    bool power_lost() const;

    // From now on only `bytes` more may be added to the files (growth; overwrites are free); a write
    // that needs more fails with SQLITE_FULL (SQLite) or ENOSPC (attachment files) and changes nothing.
    // nullopt: the quota is lifted.
    void set_free_bytes(std::optional<std::uint64_t> bytes);
    std::uint64_t out_of_space_refusals() const;

    // Call after every store on these files is closed. Applies the power cut to the real files
    // (nothing to do if the power never went), removes SQLite's shared-memory index files (memory,
    // not disk), and uninstalls: the next open uses the real unix VFS and system calls.
    PowerLoss reboot();

private:
    bool installed_ = false;
};

}  // namespace fc::test
